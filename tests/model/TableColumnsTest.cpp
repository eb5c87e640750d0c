/// \brief The column dictionary against the shipped tables and the readers: every column a file
/// has is documented, every required one is there, and the readers enforce its bounds.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "model/CsvTable.hpp"
#include "model/ScenarioLoader.hpp"
#include "model/TableColumns.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;

/// The dictionary's table of a shipped CSV file, by its name.
std::string tableOf(const std::string& file) {
  const std::map<std::string, std::string> prefixes = {{"commodities", "commodities"},
                                                       {"regions", "regions"},
                                                       {"tiers", "tiers"},
                                                       {"shipments", "shipments"},
                                                       {"entry_points", "entry_points"},
                                                       {"routes", "routes"},
                                                       {"harvests", "harvests"},
                                                       {"imports", "imports"},
                                                       {"pds", "pds"},
                                                       {"state_shops", "state_shops"},
                                                       {"exchange-", "exchange.path"},
                                                       {"start-prices", "start.prices"}};
  for (const auto& [prefix, table] : prefixes)
    if (file.rfind(prefix, 0) == 0) return table;
  return "";
}

std::string dictionaryName(const std::string& table, const std::string& column) {
  const std::string share = "_production_share";
  if (table == "regions" && column.size() > share.size() &&
      column.compare(column.size() - share.size(), share.size(), share) == 0)
    return "<commodity>_production_share";
  return column;
}

TEST(TableColumns, EveryShippedColumnIsDocumentedAndEveryRequiredOneIsThere) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(testing::kSourceDir / "runs" / "tables")) {
    const std::string file = entry.path().filename().string();
    const std::string table = tableOf(file);
    ASSERT_FALSE(table.empty()) << file << ": which table is it?";
    const CsvTable csv(file, testing::readText(entry.path()));
    std::set<std::string> present;
    for (const std::string& column : csv.columns()) {
      if (column == "source") continue;
      const std::string name = dictionaryName(table, column);
      present.insert(name);
      EXPECT_NO_THROW(columnSpec(table, name)) << file << ": column '" << column << "'";
    }
    for (const ColumnSpec& c : columnTable()) {
      if (c.table != table || !c.required) continue;
      EXPECT_TRUE(present.count(std::string(c.name))) << file << " lacks '" << c.name << "'";
    }
    ++files;
  }
  EXPECT_GE(files, 14);
}

TEST(TableColumns, EveryColumnHasADescriptionASourceAndSensibleBounds) {
  for (const ColumnSpec& c : columnTable()) {
    EXPECT_FALSE(c.description.empty()) << c.table << "." << c.name;
    EXPECT_FALSE(c.source.empty()) << c.table << "." << c.name;
    const bool numeric = c.kind == ColumnKind::number || c.kind == ColumnKind::integer;
    if (numeric) {
      EXPECT_LT(c.min, c.max) << c.table << "." << c.name;
      EXPECT_FALSE(c.unit.empty()) << c.table << "." << c.name;
    }
  }
}

TEST(TableColumns, AnUndocumentedColumnIsAProgrammingError) {
  EXPECT_THROW(columnSpec("tiers", "no_such_column"), std::logic_error);
}

/// The readers' bounds are the dictionary's: a value just outside is refused with them.
TEST(TableColumns, ReadersEnforceTheDictionarysBounds) {
  for (const auto& [key, table, column, bad] :
       std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
           {"tiers.leadership.resale_propensity", "tiers", "resale_propensity", "1.5"},
           {"harvests.rice.own_share", "harvests", "own_share", "-0.1"},
           {"routes.Rajin-Pyongyang rail.transit_days", "routes", "transit_days", "366"},
           {"pds.capital rice.grams_per_person_day", "pds", "grams_per_person_day", "5001"}}) {
    const ColumnSpec& c = columnSpec(table, column);
    const std::string msg =
        testing::errorOf([&] { loadScenario(std::nullopt, {key + "=" + bad}); });
    std::ostringstream bounds;
    bounds << "must lie in [" << c.min << ", " << c.max << "]";
    EXPECT_NE(msg.find(bounds.str()), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace grainsim

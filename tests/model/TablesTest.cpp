/// \brief The year-round tables (harvests, imports, PDS, state shops, observed start prices):
/// bad cells name file, row, column, value and rule; rows outside the run are warned about.
#include <gtest/gtest.h>

#include "model/ScenarioLoader.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;
using testing::errorOf;
using testing::expectContainsAll;

struct YearTables : ::testing::Test {
  testing::TempDir dir;
  void SetUp() override { testing::copyDefaultTables(dir.path()); }
  fs::path table(const std::string& name) { return dir.path() / "tables" / name; }
  /// An INI naming the copied table `key` (tables.<key> = tables/<key>.csv) and `extra` lines.
  fs::path ini(const std::string& key, const std::string& extra = "") {
    return dir.write("s.ini", "[tables]\n" + key + " = tables/" + key + ".csv\n" + extra);
  }
};

TEST_F(YearTables, HarvestSharesAboveOneAreRefused) {
  testing::editFile(table("harvests.csv"), "0.40,0.15,0.35", "0.60,0.15,0.35");
  expectContainsAll(errorOf([&] { loadScenario(ini("harvests")); }),
                    {"harvests.csv", "row 1", "market_share", "must not exceed 1", "1.1"});
}

TEST_F(YearTables, AHarvestWindowMustNotRunBackwards) {
  testing::editFile(table("harvests.csv"), "09-20,10-31", "10-31,09-20");
  expectContainsAll(errorOf([&] { loadScenario(ini("harvests")); }),
                    {"harvests.csv", "harvest_end", "09-20", "must not be before harvest_start"});
}

TEST_F(YearTables, AHarvestDateIsAMonthAndDay) {
  testing::editFile(table("harvests.csv"), "09-20", "2027-09-20");
  expectContainsAll(errorOf([&] { loadScenario(ini("harvests")); }),
                    {"harvest_start", "2027-09-20", "MM-DD"});
}

TEST_F(YearTables, PdsGroupsAreAllUrbanOrRural) {
  testing::editFile(table("pds.csv"), "Pyongyang,urban,rice", "Pyongyang,cadres,rice");
  expectContainsAll(errorOf([&] { loadScenario(ini("pds")); }),
                    {"pds.csv", "group", "cadres", "all, urban or rural"});
}

TEST_F(YearTables, ImportsNeedARetailCommodityAndDatesInOrder) {
  testing::editFile(table("imports.csv"), "flour,flour,", "flour,wheat,");
  expectContainsAll(errorOf([&] { loadScenario(ini("imports")); }),
                    {"imports.csv", "commodity", "wheat", "sold at retail"});
  testing::editFile(table("imports.csv"), "flour,wheat,,2000-01-01,2099-12-31",
                    "flour,flour,,2099-12-31,2000-01-01");
  expectContainsAll(errorOf([&] { loadScenario(ini("imports")); }),
                    {"imports.csv", "last_date", "2000-01-01", "must not be before first_date"});
}

TEST_F(YearTables, StateShopRowsNameARegion) {
  testing::writeText(table("state_shops.csv"),
                     "sale,region,commodity,first_date,last_date,t_per_day,price_vs_market\n"
                     "x,Atlantis,rice,2026-12-01,2026-12-31,10,0.8\n");
  expectContainsAll(errorOf([&] { loadScenario(ini("state_shops")); }),
                    {"state_shops.csv", "region", "Atlantis", "no such region"});
}

/// Shipments and dated rows outside the simulated days are never dropped without a word.
TEST_F(YearTables, RowsOutsideTheRunAreWarnedAbout) {
  testing::writeText(table("state_shops.csv"),
                     "sale,region,commodity,first_date,last_date,t_per_day,price_vs_market\n"
                     "old,,rice,2020-01-01,2020-12-31,10,0.8\n"
                     "now,,rice,2026-12-01,2027-01-31,10,0.8\n");
  const Scenario s = loadScenario(ini("state_shops"), {"run.end_date=2027-01-10"});
  std::string all;
  for (const auto& w : s.warnings) all += w + "\n";
  expectContainsAll(all, {"state_shops row 'old'", "shipment '2a'", "shipment '2b'",
                          "outside the simulated days"});
  EXPECT_EQ(all.find("'now'"), std::string::npos) << all;
  EXPECT_EQ(all.find("'1a'"), std::string::npos) << all;
  EXPECT_NE(s.resolved_text.find("# warning: shipment '2a'"), std::string::npos);
}

TEST_F(YearTables, ObservedStartPricesNeedOneOnOrBeforeTheStart) {
  dir.write("p.csv", "date,region,commodity,kpw_per_kg\n2027-01-05,Pyongyang,rice,14000\n");
  const auto file = dir.write("p.ini", "[start]\nprices = p.csv\n");
  expectContainsAll(errorOf([&] { loadScenario(file); }),
                    {"p.csv", "start.prices", "2026-12-01", "no observed price on or before"});
}

TEST_F(YearTables, OldObservedStartPricesAreUsedWithAWarning) {
  dir.write("p.csv", "date,region,commodity,kpw_per_kg\n2026-06-01,Pyongyang,rice,14000\n");
  const auto file = dir.write("p.ini", "[start]\nprices = p.csv\n");
  const Scenario s = loadScenario(file);
  ASSERT_EQ(s.warnings.size(), 1u);
  expectContainsAll(s.warnings[0], {"rice", "Pyongyang", "2026-06-01", "183 days old"});
}

TEST_F(YearTables, ObservedPricesOfANonRetailCommodityAreRefused) {
  dir.write("p.csv", "date,region,commodity,kpw_per_kg\n2026-11-01,Pyongyang,wheat,14000\n");
  const auto file = dir.write("p.ini", "[start]\nprices = p.csv\n");
  expectContainsAll(errorOf([&] { loadScenario(file); }), {"p.csv", "wheat", "sold at retail"});
}

}  // namespace
}  // namespace grainsim

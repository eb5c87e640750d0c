/// \brief loadScenario: the embedded and shipped scenarios, overrides, and every bad-input message.
#include "model/ScenarioLoader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "model/ScenarioError.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;

using testing::errorOf;
using testing::expectContainsAll;
using testing::kDefaultRegions;
using testing::kSourceDir;
using testing::readText;

/// resolved_text without the "    # origin" comment that ends each parameter line.
std::string withoutOrigins(const std::string& resolved) {
  std::istringstream in(resolved);
  std::string out, line;
  while (std::getline(in, line)) out += line.substr(0, line.find("    # ")) + "\n";
  return out;
}

double totalTonnes(const Scenario& s) {
  double t = 0;
  for (const auto& sh : s.shipments) t += sh.tonnes;
  return t;
}

/// A fresh directory per test holding copies of runs/tables/*.csv under tables/.
class ScenarioLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::copyDefaultTables(dir_.path()); }

  fs::path write(const std::string& name, const std::string& text) {
    return dir_.write(name, text);
  }
  /// Replaces `from` (which must occur) by `to` in the copied table tables/<name>.
  fs::path editTable(const std::string& name, const std::string& from, const std::string& to) {
    return testing::editFile(dir_.path() / "tables" / name, from, to);
  }

  testing::TempDir dir_;
};

TEST_F(ScenarioLoaderTest, EmbeddedDefaultLoads) {
  const Scenario s = loadScenario(std::nullopt);
  EXPECT_EQ(s.name, "dprk-2026-winter");
  ASSERT_EQ(s.regions.size(), 11u);
  for (const auto& r : kDefaultRegions) EXPECT_GE(s.regionIndex(r), 0) << r;
  EXPECT_EQ(s.regionIndex("Atlantis"), -1);

  ASSERT_EQ(s.tiers.size(), 4u);
  EXPECT_EQ(s.tiers[0].name, "leadership");
  EXPECT_EQ(s.tiers[0].rank, 1);
  for (std::size_t i = 1; i < s.tiers.size(); ++i) EXPECT_LT(s.tiers[i - 1].rank, s.tiers[i].rank);
  EXPECT_EQ(s.tiers[0].concentration_region, s.regionIndex("Pyongyang"));

  ASSERT_EQ(s.shipments.size(), 4u);
  EXPECT_DOUBLE_EQ(totalTonnes(s), 33000);
  for (const auto& sh : s.shipments) EXPECT_EQ(sh.commodity, s.commodityIndex("flour"));

  EXPECT_EQ(s.params.run.start_date.iso(), "2026-12-01");
  EXPECT_EQ(s.params.run.end_date.iso(), "2027-03-31");
  EXPECT_EQ(s.days(), 121);  // 31 + 31 + 28 + 31
  EXPECT_EQ(s.spinupDays(), 30);
  EXPECT_EQ(s.dateOf(30).iso(), "2026-12-01");
  EXPECT_EQ(s.stockpile_region, s.regionIndex("Pyongyang"));
  EXPECT_EQ(s.routes.size(), s.entry_points.size());
  EXPECT_TRUE(s.exchange_path.empty());
}

TEST_F(ScenarioLoaderTest, ShippedDefaultIniIsTheGeneratedDefault) {
  EXPECT_EQ(readText(kSourceDir / "runs" / "dprk-2026-winter.ini"), defaultScenarioIni())
      << "runs/dprk-2026-winter.ini differs from `grainsim describe --ini`; run "
         "scripts/regenerate-docs.sh";
}

TEST_F(ScenarioLoaderTest, ShippedDefaultFileResolvesLikeTheEmbeddedDefault) {
  const fs::path file = kSourceDir / "runs" / "dprk-2026-winter.ini";
  const Scenario from_file = loadScenario(file);
  const Scenario embedded = loadScenario(std::nullopt);
  EXPECT_EQ(from_file.name, embedded.name);
  // The origins differ (the file's path vs the embedded copy); everything else must not.
  EXPECT_NE(from_file.resolved_text.find("market.adjustment_speed = 0.15    # " + file.string()),
            std::string::npos);
  const std::string resolved = withoutOrigins(from_file.resolved_text);
  EXPECT_NE(resolved.find("\nmarket.adjustment_speed = 0.15\n"), std::string::npos) << resolved;
  EXPECT_EQ(resolved, withoutOrigins(embedded.resolved_text));
  EXPECT_EQ(from_file.days(), embedded.days());
  EXPECT_EQ(from_file.regions.size(), embedded.regions.size());
  EXPECT_EQ(totalTonnes(from_file), totalTonnes(embedded));
}

TEST_F(ScenarioLoaderTest, EveryShippedIniLoads) {
  std::set<std::string> loaded;
  for (const auto& entry : fs::directory_iterator(kSourceDir / "runs")) {
    if (entry.path().extension() != ".ini") continue;
    try {
      const Scenario s = loadScenario(entry.path());
      EXPECT_EQ(s.name, entry.path().stem().string());
      EXPECT_EQ(s.regions.size(), 11u) << entry.path();
      loaded.insert(s.name);
    } catch (const ScenarioError& e) {
      ADD_FAILURE() << entry.path() << ": " << e.what();
    }
  }
  for (const char* name : {"dprk-2026-winter", "no-aid", "wheat-instead-of-flour", "harsh-winter"})
    EXPECT_TRUE(loaded.count(name)) << "runs/" << name << ".ini did not load";
}

TEST_F(ScenarioLoaderTest, NoAidHasNoShipments) {
  const Scenario s = loadScenario(kSourceDir / "runs" / "no-aid.ini");
  EXPECT_TRUE(s.shipments.empty());
  EXPECT_EQ(s.days(), 121);
  EXPECT_EQ(s.tiers.size(), 4u);
}

TEST_F(ScenarioLoaderTest, WheatInsteadOfFlourShipsWheat) {
  const Scenario s = loadScenario(kSourceDir / "runs" / "wheat-instead-of-flour.ini");
  const int wheat = s.commodityIndex("wheat");
  ASSERT_GE(wheat, 0);
  EXPECT_EQ(s.commodities[wheat].milled_into, s.commodityIndex("flour"));
  ASSERT_EQ(s.shipments.size(), 4u);
  for (const auto& sh : s.shipments) EXPECT_EQ(sh.commodity, wheat) << sh.name;
  EXPECT_DOUBLE_EQ(totalTonnes(s), 33000);
}

TEST_F(ScenarioLoaderTest, HarshWinterIsColder) {
  const Scenario s = loadScenario(kSourceDir / "runs" / "harsh-winter.ini");
  EXPECT_EQ(s.params.climate.temperature_shift_c, -4);
  EXPECT_EQ(s.params.logistics.disruption_start_probability, 0.15);
  EXPECT_EQ(s.params.logistics.disruption_mean_days, 8);
  EXPECT_EQ(loadScenario(std::nullopt).params.climate.temperature_shift_c, 0);
}

TEST_F(ScenarioLoaderTest, OverridesApply) {
  EXPECT_EQ(loadScenario(std::nullopt).params.market.adjustment_speed, 0.15);
  const Scenario s = loadScenario(std::nullopt, {"market.adjustment_speed=0.3", "run.seed=7"});
  EXPECT_EQ(s.params.market.adjustment_speed, 0.3);
  EXPECT_EQ(s.params.run.seed, 7u);
  EXPECT_NE(s.resolved_text.find("market.adjustment_speed = 0.3    # --set\n"), std::string::npos)
      << s.resolved_text;
  // --set wins over the scenario file.
  const Scenario harsh =
      loadScenario(kSourceDir / "runs" / "harsh-winter.ini", {"climate.temperature_shift_c=-2"});
  EXPECT_EQ(harsh.params.climate.temperature_shift_c, -2);
  EXPECT_EQ(harsh.params.logistics.disruption_mean_days, 8);
}

TEST_F(ScenarioLoaderTest, CopiedTablesNamedInAnIniLoad) {
  // The baseline for the table tests below: unmodified copies load like the defaults.
  const fs::path ini =
      write("copies.ini",
            "[tables]\ncommodities = tables/commodities.csv\n"
            "regions = tables/regions.csv\ntiers = tables/tiers.csv\n"
            "shipments = tables/shipments.csv\n"
            "entry_points = tables/entry_points.csv\nroutes = tables/routes.csv\n");
  const Scenario s = loadScenario(ini);
  EXPECT_EQ(s.name, "copies");
  EXPECT_EQ(s.regions.size(), 11u);
  EXPECT_DOUBLE_EQ(totalTonnes(s), 33000);
  EXPECT_NE(
      s.resolved_text.find("# table shipments (" + (dir_.path() / "tables/shipments.csv").string()),
      std::string::npos);
}

TEST_F(ScenarioLoaderTest, UnknownKeyInIniFile) {
  const fs::path ini = write("bad.ini", "[market]\nadjustment_sped = 0.3\n");
  expectContainsAll(errorOf([&] { loadScenario(ini); }),
                    {ini.string(), "market.adjustment_sped", "'0.3'", "unknown key"});
  const fs::path section = write("section.ini", "[markets]\nadjustment_speed = 0.3\n");
  expectContainsAll(errorOf([&] { loadScenario(section); }),
                    {section.string(), "markets.adjustment_speed", "'0.3'", "unknown key"});
}

TEST_F(ScenarioLoaderTest, UnknownOrMalformedSet) {
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"market.adjustment_sped=0.3"}); }),
                    {"--set", "market.adjustment_sped", "'0.3'", "unknown key"});
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"market.adjustment_speed"}); }),
                    {"--set", "market.adjustment_speed", "key=value"});
}

TEST_F(ScenarioLoaderTest, MalformedNumber) {
  const fs::path ini = write("abc.ini", "[market]\nadjustment_speed = abc\n");
  expectContainsAll(errorOf([&] { loadScenario(ini); }),
                    {ini.string(), "market.adjustment_speed", "'abc'", "finite number"});
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"market.adjustment_speed=0.3x"}); }),
                    {"--set", "market.adjustment_speed", "'0.3x'", "finite number"});
}

TEST_F(ScenarioLoaderTest, NonFiniteNumbers) {
  const fs::path ini = write("nan.ini", "[market]\nadjustment_speed = nan\n");
  expectContainsAll(errorOf([&] { loadScenario(ini); }),
                    {ini.string(), "market.adjustment_speed", "'nan'", "finite number"});
  for (const std::string v : {"nan", "NaN", "inf", "-inf", "1e400"})
    expectContainsAll(errorOf([&] { loadScenario(std::nullopt, {"population.total=" + v}); }),
                      {"--set", "population.total", "'" + v + "'", "finite number"});
}

TEST_F(ScenarioLoaderTest, ValueOutOfRange) {
  const fs::path ini = write("range.ini", "[milling]\nextraction = 1.5\n");
  expectContainsAll(errorOf([&] { loadScenario(ini); }),
                    {ini.string(), "milling.extraction", "'1.5'", "must lie in [0, 1]"});
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"run.seed=1.5"}); }),
                    {"--set", "run.seed", "'1.5'", "whole number"});
}

TEST_F(ScenarioLoaderTest, KeyGivenTwice) {
  const fs::path ini =
      write("twice.ini", "[market]\nadjustment_speed = 0.3\nadjustment_speed = 0.4\n");
  expectContainsAll(errorOf([&] { loadScenario(ini); }),
                    {ini.string(), "market.adjustment_speed", "'0.4'", "more than once"});
  const fs::path sections = write("sections.ini",
                                  "[market]\nadjustment_speed = 0.3\n[run]\nseed = 2\n"
                                  "[market]\nadjustment_speed = 0.4\n");
  expectContainsAll(errorOf([&] { loadScenario(sections); }),
                    {sections.string(), "market.adjustment_speed", "more than once"});
}

TEST_F(ScenarioLoaderTest, NegativeTonnageNamesCsvRowColumnAndValue) {
  const fs::path csv =
      editTable("shipments.csv", ",Rajin port,flour,11000,", ",Rajin port,flour,-11000,");
  const fs::path ini = write("neg.ini", "[tables]\nshipments = tables/shipments.csv\n");
  const std::string msg = errorOf([&] { loadScenario(ini); });
  expectContainsAll(msg, {csv.string(), "row 2", "column 'tonnes'", "'-11000'", "must lie in [0,"});
}

TEST_F(ScenarioLoaderTest, AllocationSharesMustSumToOneInIni) {
  const fs::path ok = write("ok.ini", "[allocation]\nelite_share = 0.7\nshop_share = 0.25\n");
  EXPECT_EQ(loadScenario(ok).params.allocation.elite_share, 0.7);
  // 0.9 + 0.15 + 0.05 = 1.1; the message must point at the file that changed a share.
  const fs::path ini = write("shares.ini", "[allocation]\nelite_share = 0.9\n");
  expectContainsAll(errorOf([&] { loadScenario(ini); }),
                    {ini.string(), "allocation.elite_share", "1.1", "sum to 1"});
}

TEST_F(ScenarioLoaderTest, AllocationSharesMustSumToOneViaSet) {
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"allocation.elite_share=0.9"}); }),
                    {"--set", "allocation.elite_share", "1.1", "sum to 1"});
}

TEST_F(ScenarioLoaderTest, UnknownRegionInEntryPoints) {
  const fs::path csv = editTable("entry_points.csv", "Rajin port,Rason,", "Rajin port,Atlantis,");
  const fs::path ini = write("atlantis.ini", "[tables]\nentry_points = tables/entry_points.csv\n");
  expectContainsAll(errorOf([&] { loadScenario(ini); }),
                    {csv.string(), "row 1", "column 'region'", "'Atlantis'", "no such region"});
}

TEST_F(ScenarioLoaderTest, UnknownTierConcentrationRegion) {
  const fs::path csv = editTable("tiers.csv", ",0.05,Pyongyang,0.6,", ",0.05,Atlantis,0.6,");
  const fs::path ini = write("atlantis.ini", "[tables]\ntiers = tables/tiers.csv\n");
  expectContainsAll(
      errorOf([&] { loadScenario(ini); }),
      {csv.string(), "row 1", "column 'concentration_region'", "'Atlantis'", "no such region"});
}

TEST_F(ScenarioLoaderTest, UnknownStockpileRegion) {
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"stockpile.region=Atlantis"}); }),
                    {"--set", "stockpile.region", "'Atlantis'", "no such region"});
}

TEST_F(ScenarioLoaderTest, MissingScenarioFile) {
  const fs::path missing = dir_.path() / "nope.ini";
  expectContainsAll(errorOf([&] { loadScenario(missing); }), {missing.string(), "does not exist"});
  // A directory is not a scenario file either.
  expectContainsAll(errorOf([&] { loadScenario(dir_.path() / "tables"); }),
                    {(dir_.path() / "tables").string(), "does not exist"});
}

TEST_F(ScenarioLoaderTest, MissingTableFileNamedInIni) {
  const fs::path ini = write("missing.ini", "[tables]\nroutes = tables/nope.csv\n");
  expectContainsAll(
      errorOf([&] { loadScenario(ini); }),
      {ini.string(), "tables.routes", (dir_.path() / "tables" / "nope.csv").string()});
}

TEST_F(ScenarioLoaderTest, StartAfterEndBothInIni) {
  const fs::path ini =
      write("dates.ini", "[run]\nstart_date = 2027-04-01\nend_date = 2027-03-31\n");
  expectContainsAll(errorOf([&] { loadScenario(ini); }),
                    {ini.string(), "run.end_date", "'2027-03-31'", "run.start_date", "2027-04-01"});
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"run.end_date=2026-11-30"}); }),
                    {"--set", "run.end_date", "'2026-11-30'", "2026-12-01"});
}

TEST_F(ScenarioLoaderTest, StartAfterDefaultEndInIni) {
  // Only the start date is set; the message must name the file that set it.
  const fs::path ini = write("start.ini", "[run]\nstart_date = 2027-04-01\n");
  expectContainsAll(errorOf([&] { loadScenario(ini); }),
                    {ini.string(), "run.start_date", "2027-04-01"});
}

TEST_F(ScenarioLoaderTest, StartAfterDefaultEndViaSet) {
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"run.start_date=2027-04-01"}); }),
                    {"--set", "run.start_date", "2027-04-01"});
}

TEST_F(ScenarioLoaderTest, MalformedDate) {
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"run.start_date=2026-12-1"}); }),
                    {"--set", "run.start_date", "'2026-12-1'", "YYYY-MM-DD"});
}

TEST_F(ScenarioLoaderTest, SevereThresholdAboveInsecure) {
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"need.severe_threshold=0.9"}); }),
                    {"--set", "need.severe_threshold", "'0.9'", "need.insecure_threshold"});
}

}  // namespace
}  // namespace grainsim

namespace grainsim {
namespace {

/// The dictionary's sections are contiguous, so the generated INI opens each [section] once,
/// and every name is section.key.
TEST(ParameterTable, SectionsAreContiguousAndNamesAreSectionDotKey) {
  std::set<std::string> closed;
  std::string current;
  for (const auto& spec : parameterTable()) {
    const auto dot = spec.name.find('.');
    ASSERT_NE(dot, std::string_view::npos) << spec.name;
    ASSERT_EQ(spec.name.find('.', dot + 1), std::string_view::npos) << spec.name;
    const std::string section(spec.name.substr(0, dot));
    if (section == current) continue;
    EXPECT_EQ(closed.count(section), 0u) << "section " << section << " appears twice";
    if (!current.empty()) closed.insert(current);
    current = section;
  }
}

}  // namespace
}  // namespace grainsim

/// \brief loadScenario: the embedded and shipped scenarios, overrides, table cells, priors, and
/// every bad-input message.
#include "model/ScenarioLoader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/Rng.hpp"
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
  EXPECT_NE(from_file.resolved_text.find("market.adjustment_speed = 0.0134    # " + file.string()),
            std::string::npos);
  const std::string resolved = withoutOrigins(from_file.resolved_text);
  EXPECT_NE(resolved.find("\nmarket.adjustment_speed = 0.0134\n"), std::string::npos) << resolved;
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
  EXPECT_EQ(loadScenario(std::nullopt).params.market.adjustment_speed, 0.0134);
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

TEST_F(ScenarioLoaderTest, AMisspeltKeyNamesTheKeyItIsClosestTo) {
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"market.adjustment_sped=0.3"}); }),
                    {"unknown key; did you mean 'market.adjustment_speed'?", "grainsim describe"});
  const fs::path ini = write("typo.ini", "[run]\nsed = 4\n");
  expectContainsAll(errorOf([&] { loadScenario(ini); }),
                    {ini.string(), "run.sed", "did you mean 'run.seed'?"});
  // Nothing close: no guess.
  const std::string far = errorOf([] { loadScenario(std::nullopt, {"weather.snow=1"}); });
  EXPECT_NE(far.find("unknown key (grainsim describe"), std::string::npos) << far;
  EXPECT_EQ(far.find("did you mean"), std::string::npos) << far;
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

TEST_F(ScenarioLoaderTest, RunLengthIsBoundedAtTwentyYearsWithSpinUp) {
  // 7305 simulated days load; one more is refused, whichever key makes it.
  EXPECT_NO_THROW(loadScenario(std::nullopt, {"run.start_date=2000-01-01",
                                              "run.end_date=2019-12-01", "run.spinup_days=30"}));
  expectContainsAll(errorOf([] {
                      loadScenario(std::nullopt, {"run.start_date=2000-01-01",
                                                  "run.end_date=2019-12-01", "run.spinup_days=31"});
                    }),
                    {"run.spinup_days", "'31'", "at most 7305 days", "this one 7306"});
}

TEST_F(ScenarioLoaderTest, MissingScenarioFile) {
  const fs::path missing = dir_.path() / "nope.ini";
  expectContainsAll(errorOf([&] { loadScenario(missing); }), {missing.string(), "does not exist"});
  // A directory is not a scenario file either.
  expectContainsAll(errorOf([&] { loadScenario(dir_.path() / "tables"); }),
                    {(dir_.path() / "tables").string(), "is a directory"});
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

TEST_F(ScenarioLoaderTest, NoPriorsNoCellsResolveAsBefore) {
  // Without priors or cells the nominal scenario is the plain scenario of before: no prior
  // is mentioned, no cell section is written, and loadScenario returns it.
  const UncertainScenario u = loadUncertainScenario(std::nullopt, {"market.adjustment_speed=0.3"});
  EXPECT_TRUE(u.priors().empty());
  EXPECT_TRUE(u.draw(1, 0).empty());
  const Scenario plain = loadScenario(std::nullopt, {"market.adjustment_speed=0.3"});
  EXPECT_EQ(u.nominal().resolved_text, plain.resolved_text);
  EXPECT_EQ(u.realise({}).resolved_text, plain.resolved_text);
  EXPECT_EQ(plain.resolved_text.find("# prior "), std::string::npos);
  EXPECT_EQ(plain.resolved_text.find("# cells of the tables"), std::string::npos);
  EXPECT_EQ(plain.resolved_text.rfind("# grainsim resolved scenario 'dprk-2026-winter'\n"
                                      "run.start_date = 2026-12-01    # embedded runs/"
                                      "dprk-2026-winter.ini\n",
                                      0),
            0u);
  EXPECT_NE(plain.resolved_text.find("\nmarket.adjustment_speed = 0.3    # --set\n"
                                     "market.cover_speed = 0.01    # embedded runs/"
                                     "dprk-2026-winter.ini\n"),
            std::string::npos);
  EXPECT_NE(plain.resolved_text.find("\n# table commodities (embedded runs/tables/"
                                     "commodities.csv)\ncommodity,kcal_per_kg,"),
            std::string::npos);
}

// --- table cells -------------------------------------------------------------------------

/// A date as a prior's value: its day number.
double dayNumber(const std::string& iso) {
  return Date::parse(iso).value().days_since_epoch;
}

const Shipment& shipment(const Scenario& s, const std::string& name) {
  for (const auto& sh : s.shipments)
    if (sh.name == name) return sh;
  throw std::runtime_error("no shipment " + name);
}

const Tier& tier(const Scenario& s, const std::string& name) {
  for (const auto& t : s.tiers)
    if (t.name == name) return t;
  throw std::runtime_error("no tier " + name);
}

TEST_F(ScenarioLoaderTest, TableCellSetOverridesTheCell) {
  const Scenario s = loadScenario(
      std::nullopt, {"shipments.2a.tonnes=12000", "regions.South Pyongan.urban_share=0.6"});
  EXPECT_EQ(shipment(s, "2a").tonnes, 12000);
  EXPECT_DOUBLE_EQ(totalTonnes(s), 34000);
  EXPECT_EQ(s.regions[s.regionIndex("South Pyongan")].urban_share, 0.6);
  EXPECT_NE(s.resolved_text.find("\nshipments.2a.tonnes = 12000    # --set\n"), std::string::npos)
      << s.resolved_text;
  EXPECT_NE(s.resolved_text.find("\nregions.South Pyongan.urban_share = 0.6    # --set\n"),
            std::string::npos);
}

TEST_F(ScenarioLoaderTest, TableCellsInIniAsSectionOrDottedKey) {
  const fs::path ini = write("cells.ini",
                             "[shipments.2a]\narrival_date = 2027-01-25\n"
                             "[tiers]\narmy.resale_propensity = 0.08\n"
                             "[regions.South Pyongan]\nurban_share = 0.6\n");
  const Scenario s = loadScenario(ini);
  EXPECT_EQ(shipment(s, "2a").arrival.iso(), "2027-01-25");
  EXPECT_EQ(tier(s, "army").resale_propensity, 0.08);
  EXPECT_EQ(tier(s, "leadership").resale_propensity, 0.05);
  EXPECT_EQ(s.regions[s.regionIndex("South Pyongan")].urban_share, 0.6);
  EXPECT_NE(s.resolved_text.find("\nshipments.2a.arrival_date = 2027-01-25    # " + ini.string()),
            std::string::npos);
  EXPECT_NE(s.resolved_text.find("\ntiers.army.resale_propensity = 0.08    # " + ini.string()),
            std::string::npos);
  // --set wins over the file, as for parameters.
  EXPECT_EQ(
      shipment(loadScenario(ini, {"shipments.2a.arrival_date=2027-01-20"}), "2a").arrival.iso(),
      "2027-01-20");
  // A cell applies to the table in use, here a copy named in the file.
  const fs::path copy = write("copy.ini",
                              "[tables]\nshipments = tables/shipments-wheat.csv\n"
                              "[shipments.1a]\ntonnes = 6000\n");
  const Scenario wheat = loadScenario(copy);
  EXPECT_EQ(shipment(wheat, "1a").tonnes, 6000);
  EXPECT_EQ(shipment(wheat, "1a").commodity, wheat.commodityIndex("wheat"));
}

TEST_F(ScenarioLoaderTest, TableCellErrorsListWhatExists) {
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"shipments.2c.tonnes=1"}); }),
                    {"--set", "shipments.2c.tonnes", "'1'", "no row '2c'",
                     "embedded runs/tables/shipments.csv", "rows: 1a, 1b, 2a, 2b"});
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"shipments.2a.tons=1"}); }),
                    {"--set", "shipments.2a.tons", "no column 'tons'",
                     "columns: phase, arrival_date, entry_point, commodity, tonnes"});
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"shipments.2a.shipment=3"}); }),
                    {"--set", "shipments.2a.shipment", "names the row"});
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"shipments.tonnes=1"}); }),
                    {"--set", "shipments.tonnes", "<table>.<row>.<column>"});
  const fs::path ini = write("cell.ini", "[tiers.navy]\nresale_propensity = 0.1\n");
  expectContainsAll(errorOf([&] { loadScenario(ini); }),
                    {ini.string(), "tiers.navy.resale_propensity", "'0.1'", "no row 'navy'",
                     "leadership, army, security_forces, officials_priority_enterprises"});
  const fs::path twice = write("twice.ini",
                               "[shipments.2a]\ntonnes = 1\n"
                               "[shipments]\n2a.tonnes = 2\n");
  expectContainsAll(errorOf([&] { loadScenario(twice); }),
                    {twice.string(), "shipments.2a.tonnes", "more than once"});
  // Not a table: still an unknown key.
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"shipment.2a.tonnes=1"}); }),
                    {"--set", "shipment.2a.tonnes", "unknown key"});
}

TEST_F(ScenarioLoaderTest, BadCellValueNamesTheTableAndTheKey) {
  // Every table rule checks the new value; the error names the cell and who set it.
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"shipments.2a.tonnes=-5"}); }),
                    {"embedded runs/tables/shipments.csv", "row 3, column 'tonnes'",
                     "set as shipments.2a.tonnes by --set", "'-5'", "must lie in [0,"});
  expectContainsAll(
      errorOf([] { loadScenario(std::nullopt, {"shipments.2a.arrival_date=2027-01-03"}); }),
      {"row 3, column 'announce_date'", "set as shipments.2a.arrival_date by --set",
       "must not be after the arrival date 2027-01-03"});
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"tiers.army.rank=1"}); }),
                    {"row 2, column 'rank'", "is already used in row 1"});
}

// --- priors ------------------------------------------------------------------------------

TEST_F(ScenarioLoaderTest, PriorsAreSortedAndNominalIsAtTheirMedians) {
  const UncertainScenario u = loadUncertainScenario(
      std::nullopt,
      {"market.adjustment_speed=loguniform(0.075, 0.3)", "income.coping_share=uniform(0.05, 0.2)",
       "run.end_date=date_uniform("
       "2027-03-01, 2027-03-31)",
       "shipments.2a.arrival_date=date_uniform(2027-01-10, 2027-01-20)"});
  ASSERT_EQ(u.priors().size(), 4u);
  EXPECT_EQ(u.priors()[0].key(), "income.coping_share");
  EXPECT_EQ(u.priors()[1].key(), "market.adjustment_speed");
  EXPECT_EQ(u.priors()[2].key(), "run.end_date");
  EXPECT_EQ(u.priors()[3].key(), "shipments.2a.arrival_date");
  EXPECT_EQ(u.priors()[0].unit(), "1");
  EXPECT_EQ(u.priors()[2].unit(), "days since 1970-01-01");
  EXPECT_TRUE(u.priors()[3].isDate());
  EXPECT_EQ(u.priors()[3].origin(), "--set");
  const Scenario& s = u.nominal();
  EXPECT_EQ(s.params.income.coping_share, 0.125);
  EXPECT_DOUBLE_EQ(s.params.market.adjustment_speed, 0.15);
  EXPECT_EQ(s.params.run.end_date.iso(), "2027-03-16");  // the middle of 31 days
  EXPECT_EQ(shipment(s, "2a").arrival.iso(), "2027-01-15");
  EXPECT_NE(s.resolved_text.find("\nincome.coping_share = 0.125    # prior uniform(0.05, 0.2) "
                                 "(--set)\n"),
            std::string::npos)
      << s.resolved_text;
  EXPECT_NE(s.resolved_text.find("\nshipments.2a.arrival_date = 2027-01-15    # prior "
                                 "date_uniform(2027-01-10, 2027-01-20) (--set)\n"),
            std::string::npos);
  EXPECT_EQ(loadScenario(std::nullopt, {"income.coping_share=uniform(0.05, 0.2)"})
                .params.income.coping_share,
            0.125);
}

TEST_F(ScenarioLoaderTest, DrawIsDeterministicKeyedAndVaries) {
  const std::vector<std::string> priors = {"income.coping_share=uniform(0.1, 0.3)",
                                           "market.adjustment_speed=uniform(0.1, 0.3)"};
  const UncertainScenario u = loadUncertainScenario(std::nullopt, priors);
  const auto a = u.draw(1, 0);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a, u.draw(1, 0));
  EXPECT_EQ(a, loadUncertainScenario(std::nullopt, priors).draw(1, 0));
  EXPECT_NE(a, u.draw(1, 1));
  EXPECT_NE(a, u.draw(2, 0));
  EXPECT_NE(a[0], a[1]);  // same prior, different keys: different streams
  // The documented stream: KeyedRng(seed, replicate) at (kPriorDay, hash of the key, prior).
  for (std::size_t i = 0; i < 2; ++i) {
    const Prior& p = u.priors()[i];
    EXPECT_EQ(u.draw(7, 3)[i],
              p.quantile(KeyedRng(7, 3).uniform(kPriorDay, fnv1a32(p.key()), Purpose::prior)));
  }
}

TEST_F(ScenarioLoaderTest, SameKeyDrawsTheSameValueInAnyScenario) {
  // Common random numbers: the coping share of replicate r is the same in both arms, whatever
  // else differs (another file, another prior before it in key order).
  const UncertainScenario with_aid =
      loadUncertainScenario(std::nullopt, {"income.coping_share=uniform(0.05, 0.2)"});
  const UncertainScenario no_aid = loadUncertainScenario(
      kSourceDir / "runs" / "no-aid.ini",
      {"income.coping_share=uniform(0.05, 0.2)", "aid.displacement_share=uniform(0, 0.5)"});
  ASSERT_EQ(no_aid.priors()[1].key(), "income.coping_share");
  for (std::uint32_t r = 0; r < 20; ++r)
    EXPECT_EQ(with_aid.draw(5, r)[0], no_aid.draw(5, r)[1]) << r;
}

TEST_F(ScenarioLoaderTest, EmpiricalMeanOfUniformDraws) {
  const UncertainScenario u =
      loadUncertainScenario(std::nullopt, {"income.coping_share=uniform(0.1, 0.5)"});
  double sum = 0;
  for (std::uint32_t r = 0; r < 2000; ++r) {
    const double x = u.draw(1, r)[0];
    ASSERT_GE(x, 0.1);
    ASSERT_LE(x, 0.5);
    sum += x;
  }
  EXPECT_NEAR(sum / 2000, 0.3, 0.01);
}

TEST_F(ScenarioLoaderTest, RealiseSetsTheValuesAndNamesThePriors) {
  const UncertainScenario u = loadUncertainScenario(
      std::nullopt, {"income.coping_share=uniform(0.05, 0.2)",
                     "shipments.2a.arrival_date=date_uniform(2027-01-10, 2027-01-20)"});
  const Scenario s = u.realise({0.07, dayNumber("2027-01-12")});
  EXPECT_EQ(s.params.income.coping_share, 0.07);
  EXPECT_EQ(shipment(s, "2a").arrival.iso(), "2027-01-12");
  EXPECT_EQ(shipment(s, "2b").arrival.iso(), "2027-01-22");
  EXPECT_NE(s.resolved_text.find("\nincome.coping_share = " + u.priors()[0].format(0.07) +
                                 "    # prior uniform(0.05, 0.2) (--set)\n"),
            std::string::npos)
      << s.resolved_text;
  EXPECT_NE(s.resolved_text.find("\nshipments.2a.arrival_date = 2027-01-12    # prior "
                                 "date_uniform(2027-01-10, 2027-01-20) (--set)\n"),
            std::string::npos);
  // A drawn replicate realises; every other value stays as loaded.
  const Scenario drawn = u.realise(u.draw(3, 9));
  EXPECT_EQ(drawn.params.income.coping_share, u.draw(3, 9)[0]);
  EXPECT_EQ(drawn.params.market.adjustment_speed, 0.0134);
  EXPECT_THROW(u.realise({0.07}), std::invalid_argument);
  // A value no scenario may have is a ScenarioError naming the key, the value and the prior.
  expectContainsAll(
      errorOf([&] {
        u.realise({1.5, dayNumber("2027-01-12")});
      }),
      {"income.coping_share", "'1.5'", "prior uniform(0.05, 0.2) (--set)", "must lie in [0, 1]"});
}

TEST_F(ScenarioLoaderTest, PriorOnlyOnNumberAndDateKeys) {
  expectContainsAll(
      errorOf([] { loadScenario(std::nullopt, {"run.seed=uniform(1, 5)"}); }),
      {"--set", "run.seed", "'uniform(1, 5)'", "only number and date parameters", "whole number"});
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"stockpile.region=uniform(1, 5)"}); }),
                    {"--set", "stockpile.region", "only number and date parameters", "text"});
  expectContainsAll(
      errorOf([] { loadScenario(std::nullopt, {"shipments.2a.entry_point=uniform(1, 2)"}); }),
      {"--set", "shipments.2a.entry_point", "only number and date cells", "'Chongjin port'"});
  expectContainsAll(errorOf([] {
                      loadScenario(std::nullopt,
                                   {"shipments.2a.tonnes=date_uniform(2027-01-10, 2027-01-20)"});
                    }),
                    {"--set", "shipments.2a.tonnes", "date_uniform is for date keys"});
  expectContainsAll(
      errorOf([] { loadScenario(std::nullopt, {"shipments.2a.arrival_date=uniform(1, 2)"}); }),
      {"--set", "shipments.2a.arrival_date", "a date key takes date_uniform"});
  expectContainsAll(errorOf([] { loadScenario(std::nullopt, {"run.start_date=normal(1, 2)"}); }),
                    {"--set", "run.start_date", "a date key takes date_uniform"});
}

TEST_F(ScenarioLoaderTest, MalformedPriorInIniNamesFileKeyAndRule) {
  const fs::path ini = write("prior.ini", "[income]\ncoping_share = uniform(0.05, 1.2)\n");
  expectContainsAll(errorOf([&] { loadScenario(ini); }),
                    {ini.string(), "income.coping_share", "'uniform(0.05, 1.2)'",
                     "must lie in the key's bounds [0, 1]", "allowed: uniform(a, b)"});
  const fs::path name = write("name.ini", "[demand]\nsubstitution_elasticity = gauss(1.5, 0.3)\n");
  expectContainsAll(errorOf([&] { loadScenario(name); }),
                    {name.string(), "demand.substitution_elasticity", "unknown distribution"});
}

TEST_F(ScenarioLoaderTest, PriorBreakingAJointRuleAtAnEndIsALoadError) {
  // At its median 0.8 the shares sum to 1; at 0.75 they do not.
  const fs::path ini = write("shares.ini", "[allocation]\nelite_share = uniform(0.75, 0.85)\n");
  expectContainsAll(errorOf([&] { loadUncertainScenario(ini); }),
                    {ini.string(), "allocation.elite_share", "'uniform(0.75, 0.85)'",
                     "lower end of its support (0.75", "allocation shares must sum to 1"});
  // A cell prior whose early end lands before the announcement.
  expectContainsAll(errorOf([] {
                      loadUncertainScenario(
                          std::nullopt,
                          {"shipments.2a.arrival_date=date_uniform(2027-01-01, 2027-01-20)"});
                    }),
                    {"--set", "shipments.2a.arrival_date", "lower end of its support (2027-01-01",
                     "must not be after the arrival date 2027-01-01"});
  // A normal's ends are its 0.1 % and 99.9 % quantiles: 2 - 3.09 x 0.4 = 0.76 is no rank.
  expectContainsAll(
      errorOf([] { loadUncertainScenario(std::nullopt, {"tiers.army.rank=normal(2, 0.4)"}); }),
      {"--set", "tiers.army.rank", "lower end of its support (0.76", "must lie in [1,"});
  // Both ends valid: loads.
  EXPECT_NO_THROW(loadUncertainScenario(
      std::nullopt, {"shipments.2a.arrival_date=date_uniform(2027-01-04, 2027-01-20)"}));
}

TEST_F(ScenarioLoaderTest, UncertainIniLoadsAndItsNominalIsTheDefault) {
  const fs::path file = kSourceDir / "runs" / "dprk-2026-winter-uncertain.ini";
  const UncertainScenario u = loadUncertainScenario(file);
  const Scenario base = loadScenario(std::nullopt);
  const Scenario& s = u.nominal();
  EXPECT_EQ(s.name, "dprk-2026-winter-uncertain");
  std::set<std::string> keys;
  for (const auto& p : u.priors()) keys.insert(p.key());
  // The six fitted parameters carry the calibration's posterior (runs/calibrated/).
  const std::set<std::string> fitted = {
      "arbitrage.cost_usd_per_t_km", "exchange.domestic_passthrough",
      "income.food_share",           "income.usd_lag_days",
      "market.adjustment_speed",     "storage.carrying_cost_per_month"};
  EXPECT_EQ(keys,
            (std::set<std::string>{
                "aid.displacement_share", "demand.substitution_elasticity", "income.coping_share",
                "logistics.disruption_start_probability", "market.adjustment_speed",
                "shipments.2a.arrival_date", "arbitrage.cost_usd_per_t_km",
                "exchange.domestic_passthrough", "income.food_share", "income.usd_lag_days",
                "storage.carrying_cost_per_month", "shipments.2b.arrival_date",
                "tiers.army.resale_propensity", "tiers.leadership.resale_propensity",
                "tiers.officials_priority_enterprises.resale_propensity",
                "tiers.security_forces.resale_propensity"}));
  // Every parameter line other than the priors' is the default's; the tables are the default's.
  std::istringstream nominal_lines(withoutOrigins(s.resolved_text)),
      base_lines(withoutOrigins(base.resolved_text));
  std::string a, b;
  std::getline(nominal_lines, a);  // the scenario's name
  std::getline(base_lines, b);
  for (const auto& spec : parameterTable()) {
    ASSERT_TRUE(std::getline(nominal_lines, a) && std::getline(base_lines, b));
    if (!keys.count(std::string(spec.name))) {
      EXPECT_EQ(a, b);
    }
  }
  EXPECT_EQ(s.resolved_text.substr(s.resolved_text.find("\n# table ")),
            base.resolved_text.substr(base.resolved_text.find("\n# table ")));
  // The priors are centred on the defaults: the nominal values are (about) the default ones.
  EXPECT_NEAR(s.params.income.coping_share, 0.1, 1e-12);
  EXPECT_NEAR(s.params.demand.substitution_elasticity, 1.5, 1e-6);  // truncated at 0: not exact
  EXPECT_NEAR(s.params.aid.displacement_share, 0.25, 1e-12);
  EXPECT_NEAR(s.params.logistics.disruption_start_probability, 0.08, 1e-12);
  const UncertainScenario posterior =
      loadUncertainScenario(kSourceDir / "runs/calibrated/dprk-fit-posterior.ini");
  for (const auto& p : u.priors()) {
    if (!fitted.count(p.key())) continue;
    bool same = false;
    for (const auto& q : posterior.priors())
      same = same || (q.key() == p.key() && q.text() == p.text());
    EXPECT_TRUE(same) << p.key() << " = " << p.text() << " is not the calibration's posterior";
  }
  for (std::size_t i = 0; i < s.tiers.size(); ++i) {
    EXPECT_EQ(s.tiers[i].name, base.tiers[i].name);
    EXPECT_NEAR(s.tiers[i].resale_propensity, base.tiers[i].resale_propensity, 1e-12);
  }
  for (std::size_t i = 0; i < s.shipments.size(); ++i)
    EXPECT_EQ(s.shipments[i].arrival, base.shipments[i].arrival) << s.shipments[i].name;
  EXPECT_NE(s.resolved_text.find("\nshipments.2a.arrival_date = 2027-01-18    # prior "
                                 "date_uniform(2027-01-08, 2027-01-28) (" +
                                 file.string() + ")\n"),
            std::string::npos)
      << s.resolved_text;
  // Drawn replicates realise, and the shipment dates move.
  std::set<int> arrivals;
  for (std::uint32_t r = 0; r < 30; ++r)
    arrivals.insert(shipment(u.realise(u.draw(1, r)), "2a").arrival.days_since_epoch);
  EXPECT_GT(arrivals.size(), 10u);
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

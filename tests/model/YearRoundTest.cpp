/// \brief The year-round model: long runs stay stable and seasonal with a closing ledger; a run
/// starts on observed prices without a jolt; incomes in won; the state feeds the capital first.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "agents/Arbitrage.hpp"
#include "model/OutputDictionary.hpp"
#include "model/Simulation.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

using testing::defaultAtScale;
using testing::TempDir;

const std::vector<double>& values(const RunOutput& out, std::string_view var) {
  return out.values[outputIndex(var)];
}

/// A (time, region, commodity) value.
double at(const RunOutput& out, std::string_view var, int day, int region, int commodity) {
  return Series(out, var)(day, static_cast<std::size_t>(region),
                          static_cast<std::size_t>(commodity));
}

/// A (time, region) value.
double at(const RunOutput& out, std::string_view var, int day, int region) {
  return Series(out, var)(day, static_cast<std::size_t>(region));
}

/// Population-weighted national food-insecure share on one day.
double nationalInsecure(const Scenario& s, const RunOutput& out, int day) {
  double sum = 0, total = 0;
  for (std::size_t r = 0; r < s.regions.size(); ++r) {
    sum += at(out, "food_insecure_share", day, int(r)) * s.regions[r].census_population;
    total += s.regions[r].census_population;
  }
  return sum / total;
}

/// Mean over regions and the days in [from, to] of a retail commodity's price.
double meanPrice(const Scenario& s, const RunOutput& out, int commodity, Date from, Date to) {
  double sum = 0;
  int n = 0;
  for (int d = 0; d < out.days; ++d) {
    const Date date = s.params.run.start_date.plusDays(d);
    if (date < from || to < date) continue;
    for (std::size_t r = 0; r < s.regions.size(); ++r, ++n)
      sum += at(out, "price", d, int(r), commodity);
  }
  return sum / n;
}

/// Every day, for every commodity: what came in equals what is held, eaten or lost.
void expectLedgerClosesEveryDay(const RunOutput& out) {
  const auto &in = values(out, "total_in"), &held = values(out, "total_held"),
             &eaten = values(out, "total_consumed"), &lost = values(out, "total_lost");
  for (std::size_t i = 0; i < in.size(); ++i)
    ASSERT_NEAR(in[i], held[i] + eaten[i] + lost[i], 1e-9 * in[i]) << "entry " << i;
}

/// The 2023-25 long run (observed start, observed exchange rate, documented flour) at 1:500:
/// no price collapses or explodes, the ledger closes every day.
TEST(LongRun, TwoAndAHalfObservedYearsStayStableAndCloseTheLedger) {
  const Scenario s = defaultAtScale(500, {"run.spinup_days=0"}, "dprk-2023-2025.ini");
  const RunOutput out = simulate(s, {1, 0, 2});
  ASSERT_EQ(out.days, s.days());
  expectLedgerClosesEveryDay(out);
  const auto& usd = values(out, "price_usd");
  const auto& price = values(out, "price");
  const std::size_t RC = s.regions.size() * s.commodities.size();
  double lowest = 1e300, highest = 0;
  for (std::size_t i = 0; i < price.size(); ++i) {
    if (std::isnan(price[i])) continue;
    const double ratio = usd[i] / usd[i % RC];  // against the same market on day 1
    lowest = std::min(lowest, ratio);
    highest = std::max(highest, ratio);
  }
  RecordProperty("usd_price_over_day1_min", std::to_string(lowest));
  RecordProperty("usd_price_over_day1_max", std::to_string(highest));
  EXPECT_GT(lowest, 0.25);
  EXPECT_LT(highest, 4.0);
  for (int d = 0; d < out.days; ++d) {
    const double insecure = nationalInsecure(s, out, d);
    ASSERT_GT(insecure, 0.05) << d;
    ASSERT_LT(insecure, 0.9) << d;
  }
}

/// Two years at a flat exchange rate: prices fall after the main harvest and rise into the lean
/// season, every year, by similar amounts (no drift away).
TEST(LongRun, FlatExchangeRateYearsHaveASeasonalCycle) {
  const Scenario s = defaultAtScale(
      500, {"run.start_date=2027-01-01", "run.end_date=2028-12-31", "run.spinup_days=30"},
      "no-aid.ini");
  const RunOutput out = simulate(s, {1, 0, 2});
  expectLedgerClosesEveryDay(out);
  for (const char* name : {"rice", "maize"}) {
    const int c = s.commodityIndex(name);
    for (int year : {2027, 2028}) {
      const double lean =
          meanPrice(s, out, c, Date::fromYmd(year, 5, 1), Date::fromYmd(year, 6, 10));
      const double winter =
          meanPrice(s, out, c, Date::fromYmd(year, 1, 1), Date::fromYmd(year, 1, 31));
      const double after =
          meanPrice(s, out, c, Date::fromYmd(year, 11, 10), Date::fromYmd(year, 12, 10));
      const double before =
          meanPrice(s, out, c, Date::fromYmd(year, 8, 15), Date::fromYmd(year, 9, 10));
      RecordProperty(std::string(name) + "_lean_over_january_" + std::to_string(year),
                     std::to_string(lean / winter));
      RecordProperty(std::string(name) + "_after_over_before_harvest_" + std::to_string(year),
                     std::to_string(after / before));
      EXPECT_GT(lean, winter * 1.05) << name << " " << year << ": a rise into the lean season";
      EXPECT_LT(after, before * 0.95) << name << " " << year << ": a fall after the harvest";
    }
    const double jan27 =
        meanPrice(s, out, c, Date::fromYmd(2027, 1, 1), Date::fromYmd(2027, 1, 31));
    const double jan28 =
        meanPrice(s, out, c, Date::fromYmd(2028, 1, 1), Date::fromYmd(2028, 1, 31));
    EXPECT_NEAR(jan28 / jan27, 1.0, 0.25) << name << ": no drift from one year to the next";
  }
}

/// A year-round run crossing both harvests gives the same bits at 1 and 2 threads.
TEST(LongRun, HarvestsGiveTheSameBitsAtAnyThreadCount) {
  const Scenario s = defaultAtScale(
      1000, {"run.start_date=2027-06-01", "run.end_date=2027-11-15", "run.spinup_days=0"});
  const RunOutput one = simulate(s, {1, 0, 1});
  const RunOutput two = simulate(s, {1, 0, 2});
  for (std::size_t v = 0; v < one.values.size(); ++v)
    for (std::size_t i = 0; i < one.values[v].size(); ++i) {
      const double a = one.values[v][i], b = two.values[v][i];
      ASSERT_TRUE((std::isnan(a) && std::isnan(b)) || a == b)
          << outputTable()[v].name << " entry " << i;
    }
}

// --- Starting from observed prices -------------------------------------------------------------

struct ObservedStart : ::testing::Test {
  TempDir dir;
  std::filesystem::path ini(int spinup) {
    dir.write("prices.csv",
              "date,region,commodity,kpw_per_kg\n"
              "2026-11-20,Pyongyang,rice,18500\n"
              "2026-11-28,Pyongyang,rice,17500\n"  // the latest before the start is used
              "2026-12-05,Pyongyang,rice,99999\n"  // after the start: not yet known
              "2026-11-28,Pyongyang,maize,6500\n"
              "2026-11-28,North Hamgyong,rice,19500\n");
    return dir.write("start.ini", "[run]\nspinup_days = " + std::to_string(spinup) +
                                      "\n[start]\nprices = prices.csv\n");
  }
};

TEST_F(ObservedStart, TheObservedPricesAreTheModelsOnTheStartDay) {
  for (int spinup : {0, 30}) {
    const Scenario s = loadScenario(ini(spinup), {"population.agent_weight=500"});
    const RunOutput out = simulate(s, {1, 0, 2});
    const int py = s.regionIndex("Pyongyang"), nh = s.regionIndex("North Hamgyong");
    const int rason = s.regionIndex("Rason"), sp = s.regionIndex("South Pyongan");
    const int rice = s.commodityIndex("rice"), maize = s.commodityIndex("maize");
    EXPECT_EQ(at(out, "price", 0, py, rice), 17500) << "spin-up " << spinup;
    EXPECT_EQ(at(out, "price", 0, py, maize), 6500);
    EXPECT_EQ(at(out, "price", 0, nh, rice), 19500);
    // Unobserved regions: the nearest observed region's price plus transport cost.
    const Arbitrage a = createArbitrage(s);
    const double rate = s.params.exchange.kpw_per_usd;
    EXPECT_NEAR(at(out, "price", 0, rason, rice), 19500 + a.cost_usd_per_kg(nh, rason) * rate,
                1e-9);
    EXPECT_NEAR(at(out, "price", 0, sp, rice), 17500 + a.cost_usd_per_kg(py, sp) * rate, 1e-9);
    EXPECT_NEAR(at(out, "price", 0, sp, maize), 6500 + a.cost_usd_per_kg(py, sp) * rate, 1e-9);
  }
}

/// The first week opens calmly: buyers served, prices within a few per cent of the observed,
/// food insecurity steady and in its normal range.
TEST_F(ObservedStart, NothingJoltsInTheFirstWeek) {
  const Scenario s = loadScenario(ini(0), {"population.agent_weight=500"});
  const RunOutput out = simulate(s, {1, 0, 2});
  const int py = s.regionIndex("Pyongyang"), rice = s.commodityIndex("rice");
  double lowest_fill = 1;
  for (int d = 0; d < 7; ++d)
    for (std::size_t r = 0; r < s.regions.size(); ++r)
      for (int c : {0, 1, 2})
        lowest_fill = std::min(lowest_fill, at(out, "fill_rate", d, int(r), c));
  RecordProperty("week1_lowest_fill_rate", std::to_string(lowest_fill));
  // Three buyers in four at least: at the calibrated price speed (1.3 % a day) a start price a
  // few per cent off the market's own level is corrected over weeks, with some rationing.
  EXPECT_GT(lowest_fill, 0.75);
  for (int d = 1; d < 7; ++d) {
    EXPECT_NEAR(at(out, "price", d, py, rice) / 17500, 1.0, 0.05) << d;
    EXPECT_NEAR(nationalInsecure(s, out, d), nationalInsecure(s, out, 0), 0.03) << d;
  }
  EXPECT_GT(nationalInsecure(s, out, 0), 0.1);
  EXPECT_LT(nationalInsecure(s, out, 0), 0.7);
}

// --- Incomes in won, the state's distribution ---------------------------------------------------

/// A permanent 30 % depreciation on 1 January raises food insecurity over the winter: farm
/// stores hold grain's dollar value, so prices follow the dollar, while a quarter of incomes is
/// fixed in won and the rest follows two months late. (By summer the effect has faded: the
/// stores' reserve learns the new prices and lagged incomes catch up; docs/ODD.md.)
TEST(IncomesInWon, APermanentDepreciationRaisesFoodInsecurity) {
  TempDir dir;
  dir.write("fx.csv", "date,kpw_per_usd\n2026-12-31,32000\n2027-01-01,41600\n");
  const auto ini = dir.write(
      "fx.ini", "[exchange]\npath = fx.csv\n[tables]\nshipments = " +
                    (testing::kSourceDir / "runs/tables/shipments-none.csv").string() + "\n");
  const Scenario falling = loadScenario(ini, {"population.agent_weight=400"});
  const Scenario steady = defaultAtScale(400, {"run.spinup_days=30"}, "no-aid.ini");
  const RunOutput a = simulate(falling, {1, 0, 2});
  const RunOutput b = simulate(steady, {1, 0, 2});
  // Mean food-insecure shares over the first two weeks after the fall and over the winter.
  auto mean = [](const Scenario& s, const RunOutput& out, int from, int to) {
    double sum = 0;
    for (int d = from; d < to; ++d) sum += nationalInsecure(s, out, d) / (to - from);
    return sum;
  };
  const int jan1 = 31, jan15 = 45;
  const double first_with = mean(falling, a, jan1, jan15),
               first_without = mean(steady, b, jan1, jan15);
  const double with = mean(falling, a, jan1, a.days), without = mean(steady, b, jan1, b.days);
  RecordProperty("insecure_first_two_weeks_with", std::to_string(first_with));
  RecordProperty("insecure_first_two_weeks_without", std::to_string(first_without));
  RecordProperty("insecure_with_depreciation", std::to_string(with));
  RecordProperty("insecure_without", std::to_string(without));
  EXPECT_GT(first_with, first_without + 0.015);
  EXPECT_GT(with, without + 0.005);
}

/// The state feeds the capital first: Pyongyang's food-insecure share is below the national one.
TEST(StateDistribution, PyongyangIsLessFoodInsecureThanTheCountry) {
  const Scenario s = defaultAtScale(200, {"run.spinup_days=30"});
  const RunOutput out = simulate(s, {1, 0, 2});
  const int py = s.regionIndex("Pyongyang");
  double capital = 0, national = 0;
  for (int d = 0; d < out.days; ++d) {
    capital += at(out, "food_insecure_share", d, py) / out.days;
    national += nationalInsecure(s, out, d) / out.days;
  }
  RecordProperty("pyongyang_insecure", std::to_string(capital));
  RecordProperty("national_insecure", std::to_string(national));
  EXPECT_LT(capital, national);
  double pds = 0;
  for (double kg : values(out, "pds_delivered")) pds += kg;
  EXPECT_GT(pds, 0.0);
}

}  // namespace
}  // namespace grainsim

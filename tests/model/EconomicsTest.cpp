/// \brief Whole-run economics: expectations and announcements, exchange-rate pass-through,
/// displacement, diversion, arbitrage, price-formation stability, income quintiles.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "agents/Arbitrage.hpp"
#include "model/Simulation.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

using testing::defaultAtScale;
using testing::TempDir;

/// A (time, region, commodity) value.
double at(const RunOutput& out, std::string_view var, int day, int region, int commodity) {
  return Series(out, var)(day, region, commodity);
}

/// Mean over regions of a (time, region, commodity) variable on one day.
double regionalMean(const RunOutput& out, std::string_view var, int day, int commodity) {
  double sum = 0;
  for (std::size_t r = 0; r < out.regions.size(); ++r)
    sum += at(out, var, day, static_cast<int>(r), commodity);
  return sum / out.regions.size();
}

Scenario withoutAnnouncements(Scenario s) {
  for (auto& sh : s.shipments) sh.announced.reset();
  return s;
}

// --- Traders: expectations and announcements -------------------------------------------------

/// The default shipments are announced on 20 November; the first lands on 8 December. Between
/// the start date and landing, the announcement alone lowers the flour price.
TEST(Announcement, LowersPricesBeforeTheAidLands) {
  const Scenario announced = defaultAtScale(200, {"run.spinup_days=20"});
  const RunOutput a = simulate(announced, {1, 0, 2});
  const RunOutput b = simulate(withoutAnnouncements(announced), {1, 0, 2});
  const int flour = announced.commodityIndex("flour");
  for (int day = 0; day < 7; ++day)  // 1-7 December: nothing has landed yet
    EXPECT_LT(regionalMean(a, "price", day, flour), regionalMean(b, "price", day, flour))
        << "day " << day;
  EXPECT_EQ(a.values[outputIndex("aid_arrived")][6], 0.0);
}

/// A small shipment sold straight to traders: once it has reached the markets, the announced
/// and the unannounced runs converge again. Prices adjust at 0.15 a day, ten times the
/// calibrated speed, so that what is compared is the announcement's effect and not how slowly
/// prices settle.
TEST(Announcement, EffectFadesOnceTheAidIsConsumed) {
  const Scenario s = defaultAtScale(
      200,
      {"run.spinup_days=0", "run.end_date=2027-05-31", "market.adjustment_speed=0.15",
       "allocation.elite_share=0", "allocation.shop_share=0", "allocation.market_share=1",
       "aid.tonnage_scale=0.2", "stockpile.release_t_per_day=5000", "aid.displacement_share=0"});
  const RunOutput a = simulate(s, {1, 0, 2});
  const RunOutput b = simulate(withoutAnnouncements(s), {1, 0, 2});
  const int flour = s.commodityIndex("flour");
  auto gap = [&](int day) {
    return std::abs(regionalMean(a, "price", day, flour) / regionalMean(b, "price", day, flour) -
                    1);
  };
  double before = 0;
  for (int day = 0; day < 7; ++day) before = std::max(before, gap(day));
  double last_month = 0;
  for (int day = a.days - 30; day < a.days; ++day) last_month += gap(day) / 30;
  EXPECT_GT(before, 0.005);
  EXPECT_LT(last_month, before / 3) << "before landing " << before;
}

TEST(Announcement, DoesNothingWhenTradersIgnoreExpectations) {
  const Scenario s = defaultAtScale(400, {"market.expectation_response=0"});
  const RunOutput a = simulate(s, {1, 0, 2});
  const RunOutput b = simulate(withoutAnnouncements(s), {1, 0, 2});
  for (std::size_t v = 0; v < a.values.size(); ++v)
    EXPECT_EQ(
        0, std::memcmp(a.values[v].data(), b.values[v].data(), a.values[v].size() * sizeof(double)))
        << outputTable()[v].name;
}

// --- Exchange rate ----------------------------------------------------------------------------

/// A permanent 10 % depreciation on 1 January with incomes wholly indexed to the dollar at once
/// (income.kpw_fixed_share = 0, income.usd_lag_days = 0) and half of a change passing to rice
/// the same day (exchange.domestic_passthrough = 0.5; the calibrated 0.978 passes nearly all):
/// flour (import parity) is 10 % dearer in KPW at once, rice only partly; by summer every KPW
/// price is about 10 % up and USD prices are back where they were (averaged over June-August,
/// as restocking cycles differ).
TEST(ExchangeRate, PermanentDepreciationPassesThroughInTheLongRun) {
  TempDir dir;
  dir.write("fx.csv", "date,kpw_per_usd\n2026-12-31,32000\n2027-01-01,35200\n");
  const auto ini = dir.write(
      "fx.ini", "[exchange]\npath = fx.csv\n[tables]\nshipments = " +
                    (testing::kSourceDir / "runs/tables/shipments-none.csv").string() + "\n");
  const std::vector<std::string> scale{
      "population.agent_weight=400", "run.spinup_days=10",    "run.end_date=2027-08-31",
      "income.kpw_fixed_share=0",    "income.usd_lag_days=0", "exchange.domestic_passthrough=0.5"};
  const Scenario depreciating = loadScenario(ini, scale);
  const Scenario steady =
      defaultAtScale(400,
                     {"run.end_date=2027-08-31", "income.kpw_fixed_share=0",
                      "income.usd_lag_days=0", "exchange.domestic_passthrough=0.5"},
                     "no-aid.ini");
  const RunOutput a = simulate(depreciating, {1, 0, 2});
  const RunOutput b = simulate(steady, {1, 0, 2});
  const int flour = steady.commodityIndex("flour"), rice = steady.commodityIndex("rice");
  const int jan1 = 31;
  EXPECT_NEAR(regionalMean(a, "price", jan1, flour) / regionalMean(b, "price", jan1, flour), 1.1,
              0.01);
  EXPECT_LT(regionalMean(a, "price", jan1, rice) / regionalMean(b, "price", jan1, rice), 1.07);
  auto summerRatio = [&](std::string_view var, int c) {
    double ratio = 0;
    for (int d = a.days - 92; d < a.days; ++d)
      ratio += regionalMean(a, var, d, c) / regionalMean(b, var, d, c) / 92;
    return ratio;
  };
  for (int c : {flour, rice}) {
    EXPECT_NEAR(summerRatio("price", c), 1.1, 0.03) << a.commodities[c];
    EXPECT_NEAR(summerRatio("price_usd", c), 1.0, 0.03) << a.commodities[c];
  }
}

// --- Displacement -----------------------------------------------------------------------------

/// With displacement share d, commercial flour imports fall by d x the flour handed out of the
/// stockpile: all 33,000 t less what was lost in transport, by the end of the horizon (at
/// 400 t/day of planned imports the cut is complete long before).
TEST(Displacement, AidCutsPlannedImportsByItsShare) {
  const RunOutput none = simulate(defaultAtScale(400, {"aid.displacement_share=0"}), {1, 0, 2});
  const RunOutput some = simulate(defaultAtScale(400, {"aid.displacement_share=0.25"}), {1, 0, 2});
  const std::size_t C = none.commodities.size();
  const int flour = 2;
  ASSERT_EQ(none.commodities[flour], "flour");
  const auto& in_none = none.values[outputIndex("total_in")];
  const auto& in_some = some.values[outputIndex("total_in")];
  const std::size_t last = (none.days - 1) * C + flour;
  const double lost = some.values[outputIndex("total_lost")][last];
  EXPECT_GT(lost, 0.0);
  EXPECT_NEAR(in_none[last] - in_some[last], 0.25 * (33'000'000 - lost), 1.0);
}

// --- Diversion --------------------------------------------------------------------------------

TEST(Diversion, DefaultShareLiesInTheDocumentedRange) {
  const RunOutput out = simulate(defaultAtScale(200), {1, 0, 2});
  const double share = out.values[outputIndex("aid_diverted_share")].back();
  RecordProperty("aid_diverted_share", std::to_string(share));
  EXPECT_GE(share, 0.10);  // Haggard & Noland: 10-50 %, about 30 % (facts.csv)
  EXPECT_LE(share, 0.50);
  // The same resale seen by tier and by region.
  const Series by_tier(out, "aid_resold_by_tier"), by_region(out, "aid_resold");
  double tiers = 0, regions = 0;
  for (std::size_t t = 0; t < out.tiers.size(); ++t) tiers += by_tier(out.days - 1, t);
  for (std::size_t r = 0; r < out.regions.size(); ++r) regions += by_region(out.days - 1, r);
  EXPECT_NEAR(tiers, regions, 1e-6 * regions);
  EXPECT_GT(tiers, 0.0);
}

// --- Arbitrage --------------------------------------------------------------------------------

/// Two regions 170 km apart, all supply (30 t/day, below need) in one: trade carries the
/// town's supply. Traders' margins spread over margin +- margin_spread/2 and all of them ship
/// once the gap pays the dearest, so once settled the town's excess gap over transport cost
/// plus the mean margin lies within +-margin_spread/2 on average, and never far above on any day.
TEST(Arbitrage, SteadyStateGapDoesNotExceedTransportCostPlusMargin) {
  TempDir dir;
  const Scenario s = testing::smallEconomy(dir, 30,
                                           "Farm,50000,1,38.0,125.7,10,15,1,1\n"
                                           "Town,50000,1,39.5,125.7,10,15,0,1\n",
                                           {}, "Farm");
  const RunOutput out = simulate(s, {1, 0, 2});
  const Arbitrage a = createArbitrage(s);
  const double cost = a.cost_usd_per_kg(0, 1) * s.params.exchange.kpw_per_usd;
  const double margin = s.params.arbitrage.margin;
  double mean_excess = 0, worst = -1;
  const int window = 120;
  for (int day = out.days - window; day < out.days; ++day) {
    const double farm = at(out, "price", day, 0, 0), town = at(out, "price", day, 1, 0);
    const double excess = (town - farm * (1 + margin) - cost) / town;
    mean_excess += excess / window;
    worst = std::max(worst, excess);
  }
  RecordProperty("steady_state_mean_excess_gap", std::to_string(mean_excess));
  RecordProperty("steady_state_max_excess_gap", std::to_string(worst));
  const double half = s.params.arbitrage.margin_spread / 2;
  EXPECT_LE(mean_excess, half);
  EXPECT_GT(mean_excess, -half);
  EXPECT_LT(worst, half + 0.01);
}

TEST(Arbitrage, RemoteRyanggangPricesAbovePyongyangAsInTheData) {
  const Scenario s = defaultAtScale(100, {"run.spinup_days=30"});
  const RunOutput out = simulate(s, {1, 0, 2});
  const int py = s.regionIndex("Pyongyang"), ry = s.regionIndex("Ryanggang");
  const int rice = s.commodityIndex("rice");
  double premium = 0;
  for (int d = 0; d < out.days; ++d)
    premium += at(out, "price", d, ry, rice) / at(out, "price", d, py, rice);
  premium = premium / out.days - 1;
  RecordProperty("ryanggang_rice_premium", std::to_string(premium));
  EXPECT_GE(premium, 0.01);  // Hyesan 1-5 % above Pyongyang, 2022-2025 (prices.csv)
  EXPECT_LE(premium, 0.20);
}

/// Markets are continuous in their inputs: 33 t of aid (0.1 % of the default) moves no region's
/// price by more than a little, on any day. With one margin for all traders the first source
/// whose gap opened took a whole restocking order at once, and the same 33 t moved regional
/// flour prices by up to 9 % within weeks.
TEST(Arbitrage, ASmallChangeInTheAidMovesPricesALittle) {
  const RunOutput none = simulate(defaultAtScale(500, {"aid.tonnage_scale=0"}), {1, 0, 2});
  const RunOutput tiny = simulate(defaultAtScale(500, {"aid.tonnage_scale=0.001"}), {1, 0, 2});
  double worst = 0;
  for (int d = 0; d < none.days; ++d)
    for (std::size_t r = 0; r < none.regions.size(); ++r)
      for (int c : {0, 1, 2})  // rice, maize, flour: the retail commodities
        worst = std::max(
            worst, std::abs(at(tiny, "price", d, int(r), c) / at(none, "price", d, int(r), c) - 1));
  RecordProperty("largest_regional_price_change", std::to_string(worst));
  EXPECT_LT(worst, 0.01);
  EXPECT_GT(worst, 0.0);  // the 33 t do reach markets
}

// --- Price formation --------------------------------------------------------------------------

/// The one-market economy of ClosedForm over the documented range of adjustment speeds: the
/// price never oscillates explosively (deviations shrink) and ends near the clearing price.
TEST(PriceFormation, AdjustmentSpeedsInTheDocumentedRangeConverge) {
  for (const double speed : {0.01, 0.02, 0.05, 0.1, 0.15, 0.3, 0.5, 0.75, 1.0}) {
    TempDir dir;
    const Scenario s = testing::smallEconomy(dir, 30, "Solo,100000,1,39,125,10,15,0,1\n",
                                             {"market.adjustment_speed=" + std::to_string(speed)});
    double persons = 0;
    const RunOutput out = simulate(s, {1, 0, 2}, [&](const State& st) {
      persons = 0;
      for (auto p : st.households.persons) persons += p * st.households.weight;
    });
    const double clearing = persons * 0.2 * 0.6 * s.params.exchange.kpw_per_usd / 30'000;
    const auto& price = out.values[outputIndex("price")];
    auto worst = [&](int from, int to) {
      double w = 0;
      for (int d = from; d < to; ++d) w = std::max(w, std::abs(std::log(price[d] / clearing)));
      return w;
    };
    EXPECT_LE(worst(out.days - 60, out.days), worst(30, 90) + 1e-12) << "speed " << speed;
    EXPECT_LT(worst(out.days - 60, out.days), 0.05) << "speed " << speed;
  }
}

// --- Seasonality ------------------------------------------------------------------------------

/// Without aid, the USD price of rice and maize rises from early December towards spring, as
/// in every winter of prices.csv, as rural households' own stocks run out.
TEST(Seasonality, BaselinePricesRiseFromDecemberTowardsSpring) {
  const Scenario s = defaultAtScale(200, {"run.spinup_days=30"}, "no-aid.ini");
  const RunOutput out = simulate(s, {1, 0, 2});
  for (const char* name : {"rice", "maize"}) {
    const int c = s.commodityIndex(name);
    double december = 0, march = 0;
    for (int d = 0; d < 14; ++d) december += regionalMean(out, "price_usd", d, c) / 14;
    for (int d = out.days - 14; d < out.days; ++d)
      march += regionalMean(out, "price_usd", d, c) / 14;
    RecordProperty(std::string(name) + "_december_to_march", std::to_string(march / december - 1));
    EXPECT_GT(march, december * 1.02) << name;
    EXPECT_LT(march, december * 1.5) << name;
  }
}

// --- Income quintiles -------------------------------------------------------------------------

TEST(Quintiles, PoorerFifthsEatLessAndGoHungrierInEveryRegion) {
  const RunOutput out = simulate(defaultAtScale(200), {1, 0, 2});
  const Series kg(out, "consumption_per_person_by_quintile"),
      insecure(out, "food_insecure_share_by_quintile");
  const int jan15 = 45, richest = kQuintiles - 1;
  for (std::size_t r = 0; r < out.regions.size(); ++r) {
    EXPECT_LE(kg(jan15, r, 0), kg(jan15, r, richest)) << out.regions[r];
    EXPECT_GE(insecure(jan15, r, 1), insecure(jan15, r, richest)) << out.regions[r];
  }
}

}  // namespace
}  // namespace grainsim

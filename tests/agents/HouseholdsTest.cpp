/// \brief Household population, diet choice under a budget, and rationing.
#include <gtest/gtest.h>
#include <algorithm>

#include <cmath>
#include <numeric>

#include "agents/Households.hpp"
#include "model/Drivers.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

TEST(Population, NationalScaleMatchesTheCensusScaledTo2026) {
  const Scenario s = testing::defaultAtScale(1);
  const Households h = createHouseholds(s, KeyedRng(1, 0), driversOn(s, 0).cereal_kcal_need);
  double persons = 0, urban_persons = 0;
  for (std::size_t i = 0; i < h.size(); ++i) persons += h.persons[i];
  for (std::size_t g = 0; g + 1 < h.group_begin.size(); ++g)  // urban households come first
    for (std::size_t i = h.group_begin[g]; i < h.rural_begin[g]; ++i) urban_persons += h.persons[i];
  double by_region = 0;
  for (const double p : h.urban_persons) by_region += p;
  EXPECT_EQ(by_region, urban_persons);
  // 23,349,859 civilians of 24,052,231 counted, scaled to 25.8 M.
  const double civilians = 25.8e6 * 23'349'859.0 / 24'052'231.0;
  EXPECT_NEAR(static_cast<double>(h.size()), civilians / 3.9, 0.001 * civilians / 3.9);
  EXPECT_NEAR(persons / h.size(), 3.9, 0.02);
  EXPECT_NEAR(urban_persons / persons, 0.606, 0.01);
  EXPECT_GT(h.size(), 6'000'000u);  // one agent per household at full scale
}

/// Agents are grouped by region, then by quintile of income per person: every household of
/// quintile q is poorer per person than every household of quintile q + 1 in its region, and
/// each quintile holds a fifth of the region's people (to one household).
TEST(Population, GroupedByRegionThenIncomeQuintile) {
  const Scenario s = testing::defaultAtScale(200);
  const Households h = createHouseholds(s, KeyedRng(1, 0), driversOn(s, 0).cereal_kcal_need);
  ASSERT_EQ(h.regions(), s.regions.size());
  ASSERT_EQ(h.group_begin.size(), s.regions.size() * kQuintiles + 1);
  EXPECT_EQ(h.group_begin.back(), h.size());
  for (std::size_t r = 0; r < h.regions(); ++r) {
    double region_persons = 0, previous_max = -1;
    for (int q = 0; q < kQuintiles; ++q) region_persons += h.group_persons[r * kQuintiles + q];
    for (int q = 0; q < kQuintiles; ++q) {
      const std::size_t g = r * kQuintiles + q;
      double min_pp = 1e300, max_pp = 0, persons = 0;
      for (std::size_t i = h.group_begin[g]; i < h.group_begin[g + 1]; ++i) {
        const double pp = h.income_usd[i] / h.persons[i];
        min_pp = std::min(min_pp, pp);
        max_pp = std::max(max_pp, pp);
        persons += h.persons[i];
      }
      EXPECT_EQ(persons, h.group_persons[g]);
      EXPECT_NEAR(persons / region_persons, 0.2, 12.0 / region_persons) << "region " << r;
      EXPECT_GE(min_pp, previous_max) << "region " << r << " quintile " << q;
      previous_max = max_pp;
    }
  }
  for (const Chunk& c : h.chunks)  // chunks never straddle a group
    ASSERT_LE(c.end, h.group_begin[static_cast<std::size_t>(c.group) + 1]);
}

/// The running own-stock totals start as the columns' sums.
TEST(Population, OwnStockTotalsAreTheColumnSums) {
  const Scenario s = testing::defaultAtScale(200);
  const Households h = createHouseholds(s, KeyedRng(1, 0), driversOn(s, 0).cereal_kcal_need);
  for (std::size_t c = 0; c < s.commodities.size(); ++c) {
    double sum = 0;
    for (float kg : h.own_stock[c]) sum += kg;
    EXPECT_NEAR(h.own_stock_kg[c], sum, 1e-9 * sum) << s.commodities[c].name;
    const bool kept = std::any_of(s.harvests.begin(), s.harvests.end(), [&](const Harvest& hv) {
      return hv.commodity == int(c) && hv.own_share > 0;
    });
    EXPECT_EQ(sum > 0, kept) << s.commodities[c].name;
  }
}

TEST(Population, RasonIsItsOwnRegionOutOfNorthHamgyong) {
  const Scenario s = testing::defaultAtScale(10);
  const Region& rason = s.regions[s.regionIndex("Rason")];
  const Region& north = s.regions[s.regionIndex("North Hamgyong")];
  EXPECT_EQ(rason.census_population, 196'954);
  EXPECT_EQ(north.census_population, 2'327'362 - 196'954);
}

struct DietMix : ::testing::Test {
  Scenario s = testing::defaultAtScale(1000);
  double rate = s.params.exchange.kpw_per_usd;
  RegionOffer offer = [&] {
    RegionOffer o;
    o.available.assign(s.commodities.size(), false);
    o.price.assign(s.commodities.size(), 0.0);
    for (std::size_t c = 0; c < s.commodities.size(); ++c) {
      o.available[c] = s.commodities[c].retail;
      o.price[c] = s.commodities[c].initial_price_usd_per_kg * rate;
    }
    return o;
  }();
  int rice = s.commodityIndex("rice"), maize = s.commodityIndex("maize"),
      flour = s.commodityIndex("flour");
};

TEST_F(DietMix, AtStartPricesSharesAreTheCalibratedOnes) {
  setDietMix(s, rate, offer);
  for (std::size_t c = 0; c < s.commodities.size(); ++c)
    EXPECT_NEAR(offer.kcal_share[c], s.commodities[c].start_kcal_share, 1e-12);
}

TEST_F(DietMix, DearerRiceLosesShareAndRaisesMaizeDemand) {
  setDietMix(s, rate, offer);
  const RegionOffer before = offer;
  offer.price[rice] *= 1.2;
  setDietMix(s, rate, offer);
  EXPECT_LT(offer.kcal_share[rice], before.kcal_share[rice]);
  // A budget-bound household buys budget / kpw_per_kcal calories; maize kg = that x share.
  const double budget = 1000;
  auto maize_kg = [&](const RegionOffer& o) {
    return budget / o.kpw_per_kcal * o.kcal_share[maize] / s.commodities[maize].kcal_per_kg;
  };
  EXPECT_GT(maize_kg(offer), maize_kg(before));  // sigma > 1: positive cross-price response
}

TEST_F(DietMix, EmptyStallsAreNotChosen) {
  offer.available[flour] = false;
  setDietMix(s, rate, offer);
  EXPECT_EQ(offer.kcal_share[flour], 0.0);
  EXPECT_NEAR(offer.kcal_share[rice] + offer.kcal_share[maize], 1.0, 1e-12);
}

/// Spending stays within the budget plus what coping covers of the gap to the cost of need.
TEST(Orders, NeverCostMoreThanTheBudgetNorExceedNeed) {
  Scenario s = testing::defaultAtScale(2000);
  s.params.income.daily_shock_sd = 0;
  const KeyedRng rng(1, 0);
  const Drivers d = driversOn(s, 0);
  Households h = createHouseholds(s, rng, d.cereal_kcal_need);
  const std::vector<Ration> noRations(s.regions.size());
  const std::vector<RegionOffer> offers = offersAtStartPrices(
      s, d.cereal_kcal_need, d.kpw_per_usd, std::vector<double>(s.commodities.size(), 1.0));
  HouseholdTotals totals;
  placeOrders(s, rng, 0, d.kpw_per_usd, offers, noRations, false, h, totals);
  int bound = 0;
  for (std::size_t g = 0; g + 1 < h.group_begin.size(); ++g) {
    const RegionOffer& o = offers[g / kQuintiles];
    for (std::size_t i = h.group_begin[g]; i < h.group_begin[g + 1]; ++i) {
      const double kcal = h.kcal_ordered[i];  // of today's mix, at o.kpw_per_kcal
      const double cost = kcal * o.kpw_per_kcal;
      const double budget = h.income_usd[i] * d.kpw_per_usd * s.params.income.food_share;
      double own_kcal = 0;
      for (std::size_t c = 0; c < s.commodities.size(); ++c)
        if (!h.own_stock[c].empty()) own_kcal += h.own_stock[c][i] * s.commodities[c].kcal_per_kg;
      const double need = std::max(0.0, h.persons[i] * o.cereal_kcal_need - own_kcal);
      const double cost_of_need = need * o.kpw_per_kcal;
      const double allowed =
          budget + s.params.income.coping_share * std::max(0.0, cost_of_need - budget);
      ASSERT_LE(cost, allowed * (1 + 1e-5));
      ASSERT_LE(kcal, need * (1 + 1e-5) + 1e-3);
      bound += cost < cost_of_need * (1 - 1e-5) && cost > allowed * (1 - 1e-5);
    }
  }
  // Orders by commodity are the calories ordered split by the day's mix.
  for (std::size_t r = 0; r < s.regions.size(); ++r) {
    double kcal = 0;
    for (std::size_t i = h.regionBegin(r); i < h.regionBegin(r + 1); ++i) kcal += h.kcal_ordered[i];
    for (std::size_t c = 0; c < s.commodities.size(); ++c) {
      const double share = s.commodities[c].retail ? offers[r].kcal_share[c] : 0.0;
      EXPECT_NEAR(totals.orders(r, c), kcal * share / s.commodities[c].kcal_per_kg * h.weight,
                  1e-9 * totals.orders(r, c));
    }
  }
  EXPECT_GT(bound, 0) << "no household was budget-bound: the budget check tested nothing";
}

TEST(Orders, RationingScalesEveryOrderByTheFillRate) {
  Scenario s = testing::defaultAtScale(2000);
  const KeyedRng rng(1, 0);
  const Drivers d = driversOn(s, 0);
  Households h = createHouseholds(s, rng, d.cereal_kcal_need);
  const std::vector<Ration> noRations(s.regions.size());
  for (auto& stock : h.own_stock) std::fill(stock.begin(), stock.end(), 0.0f);
  const std::vector<RegionOffer> offers = offersAtStartPrices(
      s, d.cereal_kcal_need, d.kpw_per_usd, std::vector<double>(s.commodities.size(), 1.0));
  HouseholdTotals totals;
  placeOrders(s, rng, 0, d.kpw_per_usd, offers, noRations, false, h, totals);
  const std::vector<std::vector<double>> half(s.regions.size(),
                                              std::vector<double>(s.commodities.size(), 0.5));
  consume(s, offers, noRations, half, false, h, totals);
  for (std::size_t r = 0; r < s.regions.size(); ++r)
    for (std::size_t c = 0; c < s.commodities.size(); ++c)
      EXPECT_NEAR(totals.bought(r, c), 0.5 * totals.orders(r, c),
                  1e-9 * totals.orders(r, c) + 1e-9);
}

}  // namespace
}  // namespace grainsim

namespace grainsim {
namespace {

/// Market demand (kg by commodity, national) of the default households at start prices times
/// `scale` (by commodity), mid-January need, without the daily income shock.
std::vector<double> demandAt(const std::vector<double>& scale) {
  Scenario s = testing::defaultAtScale(50);
  s.params.income.daily_shock_sd = 0;
  const KeyedRng rng(1, 0);
  const Drivers d = driversOn(s, s.spinupDays() + 45);
  Households h = createHouseholds(s, rng, d.cereal_kcal_need);
  const std::vector<Ration> noRations(s.regions.size());
  const std::vector<RegionOffer> offers =
      offersAtStartPrices(s, d.cereal_kcal_need, d.kpw_per_usd, scale);
  HouseholdTotals totals;
  placeOrders(s, rng, 0, d.kpw_per_usd, offers, noRations, false, h, totals);
  std::vector<double> kg(s.commodities.size(), 0.0);
  for (Eigen::Index r = 0; r < totals.orders.rows(); ++r)
    for (std::size_t c = 0; c < kg.size(); ++c)
      kg[c] += totals.orders(r, static_cast<Eigen::Index>(c));
  return kg;
}

double total(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

/// All cereal prices 2 % up and 2 % down: the arc elasticity of total cereal demand lies in the
/// literature's range for low-income countries (Green et al. 2013: -0.61, facts.csv).
TEST(Demand, AggregateOwnPriceElasticityOfCerealsIsInTheLiteratureRange) {
  const std::size_t C = 4;
  const double up = total(demandAt(std::vector<double>(C, 1.02)));
  const double down = total(demandAt(std::vector<double>(C, 0.98)));
  const double elasticity = std::log(up / down) / std::log(1.02 / 0.98);
  RecordProperty("cereal_own_price_elasticity", std::to_string(elasticity));
  EXPECT_GE(elasticity, -0.8);
  EXPECT_LE(elasticity, -0.4);
}

/// Rice 5 % dearer, everything else unchanged: more maize and more flour are bought.
TEST(Demand, CrossPriceResponsesArePositive) {
  const std::vector<double> base = demandAt({1, 1, 1, 1});
  const std::vector<double> dear_rice = demandAt({1.05, 1, 1, 1});
  EXPECT_LT(dear_rice[0], base[0]);
  EXPECT_GT(dear_rice[1], base[1]);
  EXPECT_GT(dear_rice[2], base[2]);
  const double cross = std::log(dear_rice[1] / base[1]) / std::log(1.05);
  RecordProperty("maize_rice_cross_elasticity", std::to_string(cross));
}

/// Every household rationed alike (each buys its whole need, all get the fill rate f): the
/// food-insecure share follows the requirement spread, P(requirement factor > f / 0.8) for a
/// factor uniform in 1 +- 0.2, so it moves smoothly with f instead of jumping from all to none.
TEST(Adequacy, FoodInsecurityMovesSmoothlyUnderEqualRationing) {
  testing::TempDir dir;
  const Scenario s = testing::smallEconomy(
      dir, 30, "Solo,100000,1,39,125,10,15,0,1\n",
      {"income.median_usd_urban=1000", "income.daily_shock_sd=0", "need.requirement_spread=0.2"});
  const KeyedRng rng(1, 0);
  const Drivers d = driversOn(s, 0);
  Households h = createHouseholds(s, rng, d.cereal_kcal_need);
  const std::vector<Ration> noRations(s.regions.size());
  const auto offers =
      offersAtStartPrices(s, d.cereal_kcal_need, d.kpw_per_usd, std::vector<double>(1, 1.0));
  HouseholdTotals totals;
  placeOrders(s, rng, 0, d.kpw_per_usd, offers, noRations, false, h, totals);
  double previous = 1;
  for (double f = 0.60; f <= 1.0001; f += 0.02) {
    consume(s, offers, noRations, {{f}}, false, h, totals);
    const double share = totals.insecure_persons[0] / totals.persons[0];
    const double expected = std::clamp((1.2 - f / 0.8) / 0.4, 0.0, 1.0);
    EXPECT_NEAR(share, expected, 0.03) << "fill " << f;
    EXPECT_LT(previous - share, 0.1) << "fill " << f << ": no jump";
    previous = share;
  }
}

}  // namespace
}  // namespace grainsim

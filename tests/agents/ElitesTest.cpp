/// \brief Leadership-first allocation and elite resale.
#include <gtest/gtest.h>

#include "agents/Elites.hpp"
#include "model/Simulation.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

/// Three tiers, all in one region, entitlements 60 t, 30 t and 50 t of flour.
Scenario threeTiers(double elite_share) {
  Scenario s = testing::defaultAtScale(1000);
  s.regions.resize(1);
  s.regions[0].production_share.assign(s.commodities.size(), 0.0);
  s.params.allocation.entitlement_months = 1;
  s.params.allocation.elite_share = elite_share;
  s.params.allocation.shop_share = 1 - elite_share;
  s.params.allocation.market_share = 0;
  s.params.stockpile.release_t_per_day = 1000;
  s.tiers.resize(3);
  const double members[] = {60000, 30000, 50000};  // x 1 kg/month = t of entitlement / 1000
  for (int t = 0; t < 3; ++t) {
    s.tiers[t].rank = t + 1;
    s.tiers[t].members = members[t];
    s.tiers[t].ration_kg_per_member_month = 1;
    s.tiers[t].concentration_region = -1;
    s.tiers[t].concentration_share = 0;
  }
  return s;
}

TEST(Allocation, HigherTiersAreFilledFirst) {
  const Scenario s = threeTiers(1.0);
  Elites e = createElites(s);
  Markets m = createMarkets(s, 32000);
  Eigen::ArrayXd stockpile = Eigen::ArrayXd::Zero(s.commodities.size());
  const int flour = s.commodityIndex("flour");
  stockpile(flour) = 100'000;  // kg: fills tier 1 (60 t), tier 2 (30 t), 10 t of tier 3
  const Allocation a = allocateFromStockpile(s, stockpile, e, m);
  EXPECT_NEAR(a.to_tier(0), 60'000, 1e-6);
  EXPECT_NEAR(a.to_tier(1), 30'000, 1e-6);
  EXPECT_NEAR(a.to_tier(2), 10'000, 1e-6);
  EXPECT_NEAR(stockpile(flour), 0, 1e-9);
  EXPECT_NEAR(m.shop_stock.sum(), 0, 1e-9);
}

TEST(Allocation, ElitePartNobodyIsOwedGoesToShops) {
  const Scenario s = threeTiers(0.8);
  Elites e = createElites(s);
  Markets m = createMarkets(s, 32000);
  Eigen::ArrayXd stockpile = Eigen::ArrayXd::Zero(s.commodities.size());
  stockpile(s.commodityIndex("flour")) = 500'000;  // 400 t for tiers, 140 t owed in all
  const Allocation a = allocateFromStockpile(s, stockpile, e, m);
  EXPECT_NEAR(a.to_tier.sum(), 140'000, 1e-6);
  EXPECT_NEAR(a.to_shops.sum(), 100'000 + 260'000, 1e-6);  // shop share + unowed elite part
  EXPECT_NEAR(m.shop_stock.sum(), 360'000, 1e-6);
}

TEST(Allocation, ReleaseNeverExceedsDailyCapacity) {
  Scenario s = threeTiers(1.0);
  s.params.stockpile.release_t_per_day = 25;
  Elites e = createElites(s);
  Markets m = createMarkets(s, 32000);
  Eigen::ArrayXd stockpile = Eigen::ArrayXd::Zero(s.commodities.size());
  stockpile(s.commodityIndex("flour")) = 100'000;
  const Allocation a = allocateFromStockpile(s, stockpile, e, m);
  EXPECT_NEAR(a.released.sum(), 25'000, 1e-9);
  EXPECT_NEAR(a.to_tier(0), 25'000, 1e-9);
  EXPECT_EQ(a.to_tier(1), 0.0);
}

/// Through a whole default run: on every day, a tier holds aid only if every higher tier's
/// entitlement is filled.
TEST(Allocation, StrictPriorityHoldsEveryDayOfTheDefaultRun) {
  const Scenario s = testing::defaultAtScale(1000);
  const std::size_t R = s.regions.size();
  int checked_days = 0;
  simulate(s, {1, 0, 1}, [&](const State& st) {
    for (std::size_t t = 1; t < s.tiers.size(); ++t) {
      if (st.aid.allocated(static_cast<Eigen::Index>(t)) <= 0) continue;
      for (std::size_t higher = 0; higher < t; ++higher) {
        double owed = 0;
        for (std::size_t k = higher * R; k < (higher + 1) * R; ++k)
          owed += st.elites.entitlement[k] - st.elites.received[k];
        ASSERT_LE(owed, 1e-6 * st.elites.entitlement[higher * R] + 1e-6)
            << s.tiers[t].name << " received while " << s.tiers[higher].name << " was owed " << owed
            << " kg";
      }
      ++checked_days;
    }
  });
  EXPECT_GT(checked_days, 0) << "no lower tier ever received: the test checked nothing";
}

TEST(Resale, ZeroPropensitySendsNothingToMarkets) {
  Scenario s = testing::defaultAtScale(1000);
  for (auto& t : s.tiers) t.resale_propensity = 0;
  const RunOutput out = simulate(s, {1, 0, 2});
  const auto& resold = out.values[outputIndex("aid_resold")];
  for (double kg : resold) EXPECT_EQ(kg, 0.0);
}

TEST(Resale, TiersWithSurplusAboveReserveResell) {
  Scenario s = threeTiers(1.0);
  s.tiers[0].reserve_days = 10;
  s.tiers[0].resale_propensity = 0.5;
  Elites e = createElites(s);
  Markets m = createMarkets(s, 32000);
  const int flour = s.commodityIndex("flour");
  e.stock(0, flour) = 100'000;  // tier 1 eats 60,000/30.4375 kg a day, keeps 10 days of that
  const double daily = 60'000 / 30.4375;
  const double stock_before_market = m.inventory(0, flour);
  const EliteFlows f = runElites(s, 32000, e, m);
  const double surplus = 100'000 - daily - 10 * daily;
  ASSERT_GT(surplus, 0);
  EXPECT_NEAR(f.eaten(flour), daily, 1e-9);
  // At the start price the price factor is the market price over the start price.
  const double factor = m.price(0, flour) / (s.commodities[flour].initial_price_usd_per_kg * 32000);
  EXPECT_NEAR(f.resold(0, flour), 0.5 * factor * surplus, 1e-6);
  EXPECT_NEAR(m.inventory(0, flour) - stock_before_market, f.resold(0, flour), 1e-9);
}

TEST(Resale, DearerMarketDrawsOutMoreAid) {
  Scenario s = threeTiers(1.0);
  s.tiers[0].reserve_days = 10;
  s.tiers[0].resale_propensity = 0.2;
  const int flour = s.commodityIndex("flour");
  auto resold = [&](double price_factor) {
    Elites e = createElites(s);
    Markets m = createMarkets(s, 32000);
    e.stock(0, flour) = 100'000;
    m.price(0, flour) *= price_factor;
    return runElites(s, 32000, e, m).resold(0, flour);
  };
  EXPECT_GT(resold(1.5), resold(1.0));
  EXPECT_GT(resold(1.0), resold(0.5));
}

}  // namespace
}  // namespace grainsim

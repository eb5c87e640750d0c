/// \brief Spatial arbitrage between regional markets.
#include <gtest/gtest.h>

#include "agents/Arbitrage.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

TEST(Arbitrage, CostAndDelayGrowWithDistance) {
  const Scenario s = testing::defaultAtScale(1000);
  const Arbitrage a = createArbitrage(s);
  const int py = s.regionIndex("Pyongyang"), sp = s.regionIndex("South Pyongan"),
            ry = s.regionIndex("Ryanggang");
  EXPECT_LT(a.cost_usd_per_kg(py, sp), a.cost_usd_per_kg(py, ry));
  EXPECT_LE(a.delay_days(py, sp), a.delay_days(py, ry));
  EXPECT_DOUBLE_EQ(a.cost_usd_per_kg(py, ry), a.cost_usd_per_kg(ry, py));
}

TEST(Arbitrage, ShipsOnlyWhenTheGapBeatsCostAndMargin) {
  const Scenario s = testing::defaultAtScale(1000);
  Arbitrage a = createArbitrage(s);
  Markets m = createMarkets(s, 32000);
  const int rice = s.commodityIndex("rice");
  const int py = s.regionIndex("Pyongyang"), ry = s.regionIndex("Ryanggang");
  m.orders.col(rice) = 1'000'000;  // 1,000 t a day ordered everywhere: room is not binding
  m.price.col(rice) = 10000;       // no gaps: nothing moves
  tradeBetweenRegions(s, 0, 32000, a, m);
  EXPECT_TRUE(a.in_transit.empty());
  const double cost_kpw = a.cost_usd_per_kg(py, ry) * 32000;
  const double dear = 10000 * (1 + s.params.arbitrage.margin) + cost_kpw + 500;
  m.price(ry, rice) = dear;
  const double stock = m.inventory(py, rice);
  tradeBetweenRegions(s, 0, 32000, a, m);
  EXPECT_LT(m.price(ry, rice), dear);  // importers compete the price down towards landed cost
  double shipped = 0;
  for (const auto& lot : a.in_transit) {
    EXPECT_EQ(lot.to, ry);  // only the dear region draws stock
    EXPECT_EQ(lot.arrival_day, a.delay_days(lot.from, ry));
    if (lot.from == py) shipped += lot.kg;
  }
  EXPECT_GT(shipped, 0);
  EXPECT_NEAR(m.inventory(py, rice), stock - shipped, 1e-6);
  EXPECT_NEAR(m.net_inflow(py, rice), -shipped, 1e-6);
}

TEST(Arbitrage, WhatIsOnTheRoadCapsFurtherShipments) {
  const Scenario s = testing::defaultAtScale(1000);
  Arbitrage a = createArbitrage(s);
  Markets m = createMarkets(s, 32000);
  const int rice = s.commodityIndex("rice"), ry = s.regionIndex("Ryanggang");
  m.inventory.col(rice) = 1e8;  // deep stocks everywhere but in Ryanggang
  m.inventory(ry, rice) = 0;
  m.orders.col(rice) = 10'000;  // Ryanggang wants (target cover + pipeline days) x 10 t
  m.price.col(rice) = 10000;
  m.price(ry, rice) = 20000;  // a wide gap every source wants to close
  const double wanted =
      (s.params.arbitrage.pipeline_days + s.params.market.target_cover_days) * 10'000;
  auto onRoadToRyanggang = [&] {
    double kg = 0;
    for (const auto& lot : a.in_transit) kg += lot.to == ry ? lot.kg : 0;
    return kg;
  };
  tradeBetweenRegions(s, 0, 32000, a, m);  // restocking is spread over restock_days
  EXPECT_NEAR(onRoadToRyanggang(), wanted / s.params.arbitrage.restock_days, 1e-6);
  for (int again = 0; again < 30; ++again) tradeBetweenRegions(s, 0, 32000, a, m);
  // Same day over and over: what is on the road counts, so it never exceeds the shortfall.
  EXPECT_LE(onRoadToRyanggang(), wanted * (1 + 1e-9));
  EXPECT_GT(onRoadToRyanggang(), 0.99 * wanted);
}

}  // namespace
}  // namespace grainsim

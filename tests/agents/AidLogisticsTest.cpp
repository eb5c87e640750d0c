/// \brief Aid logistics: handling, rail capacity and transit, losses, milling.
#include <gtest/gtest.h>

#include "agents/AidLogistics.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

/// The default network with no power cuts and one shipment of `tonnes` of `commodity`
/// landing at Chongjin port on day 0.
Scenario oneShipment(const std::string& commodity, double tonnes) {
  Scenario s = testing::defaultAtScale(
      1000, {"logistics.disruption_start_probability=0", "run.spinup_days=0"});
  Shipment sh;
  sh.name = "test";
  sh.phase = 1;
  sh.arrival = s.params.run.start_date;
  sh.commodity = s.commodityIndex(commodity);
  for (std::size_t e = 0; e < s.entry_points.size(); ++e)
    if (s.entry_points[e].name == "Chongjin port") sh.entry_point = static_cast<int>(e);
  sh.tonnes = tonnes;
  s.shipments = {sh};
  return s;
}

const Route& chongjinRoute(const Scenario& s, int entry) {
  for (const auto& r : s.routes)
    if (r.entry_point == entry) return r;
  throw std::logic_error("no route");
}

TEST(AidLogistics, RailCapacityAndTransitTimeBindFlour) {
  const Scenario s = oneShipment("flour", 1500);
  const Route& route = chongjinRoute(s, s.shipments[0].entry_point);
  AidLogistics l = createAidLogistics(s);
  const KeyedRng rng(1, 0);
  const int flour = s.commodityIndex("flour");
  double lost = 0;
  std::vector<double> stockpile;
  for (int day = 0; day < 10; ++day) {
    lost += moveAid(s, rng, day, l).lost(flour);
    stockpile.push_back(l.stockpile(flour));
  }
  // 600 t leave on days 0, 1 and 300 t on day 2; each arrives transit_days later.
  const double keep = 1 - route.loss_share;
  EXPECT_EQ(stockpile[route.transit_days - 1], 0.0);
  EXPECT_NEAR(stockpile[route.transit_days], 600'000 * keep, 1e-6);
  EXPECT_NEAR(stockpile[route.transit_days + 1], 1'200'000 * keep, 1e-6);
  EXPECT_NEAR(stockpile[route.transit_days + 2], 1'500'000 * keep, 1e-6);
  EXPECT_NEAR(lost, 1'500'000 * route.loss_share, 1e-6);
  EXPECT_NEAR(l.inTransit(), 0.0, 1e-9);
}

TEST(AidLogistics, WheatIsMilledAtExtractionWithinMillCapacity) {
  const Scenario s = oneShipment("wheat", 1000);
  AidLogistics l = createAidLogistics(s);
  const KeyedRng rng(1, 0);
  const int wheat = s.commodityIndex("wheat"), flour = s.commodityIndex("flour");
  double milled = 0, flour_out = 0;
  for (int day = 0; day < 20; ++day) {
    const AidFlows f = moveAid(s, rng, day, l);
    EXPECT_LE(f.milled_grain(wheat), s.params.milling.capacity_t_per_day * 1000 + 1e-9);
    milled += f.milled_grain(wheat);
    flour_out += f.milled_flour(flour);
  }
  const double delivered =
      1'000'000 * (1 - chongjinRoute(s, s.shipments[0].entry_point).loss_share);
  EXPECT_NEAR(milled, delivered, 1e-6);
  EXPECT_NEAR(flour_out, 0.72 * delivered, 1e-6);
  EXPECT_NEAR(l.stockpile(flour), 0.72 * delivered, 1e-6);
  EXPECT_EQ(l.stockpile(wheat), 0.0);
}

TEST(AidLogistics, PowerCutsDelayButNeverLoseCargo) {
  Scenario s = oneShipment("flour", 1500);
  s.params.logistics.disruption_start_probability = 0.5;
  s.params.logistics.disruption_mean_days = 5;
  AidLogistics l = createAidLogistics(s);
  const KeyedRng rng(1, 0);
  const int flour = s.commodityIndex("flour");
  double lost = 0;
  int stopped_days = 0;
  for (int day = 0; day < 200; ++day) {
    lost += moveAid(s, rng, day, l).lost(flour);
    for (int left : l.stopped_days_left) stopped_days += left > 0;
  }
  EXPECT_GT(stopped_days, 0);
  EXPECT_NEAR(l.stockpile(flour) + lost, 1'500'000, 1e-6);
}

/// A route of zero transit days (the entry point is where the stockpile is) has no rail to stop:
/// under constant power cuts its aid, loaded on the landing day, is in the stockpile the next.
TEST(AidLogistics, ZeroTransitRoutesSkipStoppages) {
  Scenario one = oneShipment("flour", 100);
  one.params.logistics.disruption_start_probability = 1;
  for (Route& r : one.routes) r.transit_days = 0;
  AidLogistics l = createAidLogistics(one);
  const int flour = one.commodityIndex("flour");
  moveAid(one, KeyedRng(1, 0), 0, l);
  moveAid(one, KeyedRng(1, 0), 1, l);
  EXPECT_NEAR(l.stockpile(flour),
              100'000 * (1 - chongjinRoute(one, one.shipments[0].entry_point).loss_share), 1e-6);
}

}  // namespace
}  // namespace grainsim

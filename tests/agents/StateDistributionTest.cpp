/// \brief The state's grain: PDS rations in full, in proportion when short, never above need;
/// state-shop offers limited by the stock.
#include <gtest/gtest.h>

#include "agents/StateDistribution.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

struct Pds : ::testing::Test {
  Scenario s = testing::defaultAtScale(1000, {"run.spinup_days=0"});
  Eigen::ArrayXXd persons = Eigen::ArrayXXd::Constant(s.regions.size(), 2, 1e6);
  std::vector<double> need = std::vector<double>(s.regions.size(), 1800.0);
  int rice = s.commodityIndex("rice");
  int pyongyang = s.regionIndex("Pyongyang");

  void onlyRice(double grams) {
    PdsRation p;
    p.name = "test";
    p.region = pyongyang;
    p.group = RationGroup::urban;
    p.commodity = rice;
    p.first = s.params.run.start_date;
    p.last = s.params.run.end_date;
    p.grams_per_person_day = grams;
    s.pds = {p};
  }
};

TEST_F(Pds, FullRationWhenTheStockSufficesAndOnlyToItsGroup) {
  onlyRice(300);
  StateDistribution st = createStateDistribution(s, persons);
  st.stock(rice) = 1e9;
  const Eigen::ArrayXd handed = distributeRations(s, s.params.run.start_date, persons, need, st);
  EXPECT_DOUBLE_EQ(handed(rice), 0.3 * 1e6);
  EXPECT_DOUBLE_EQ(st.ration_kg(pyongyang, kUrban), 0.3);
  EXPECT_DOUBLE_EQ(st.ration_kcal(pyongyang, kUrban), 0.3 * s.commodities[rice].kcal_per_kg);
  EXPECT_EQ(st.ration_kg(pyongyang, kRural), 0.0);
  EXPECT_DOUBLE_EQ(st.stock(rice), 1e9 - 0.3e6);
}

TEST_F(Pds, ShortStockCutsEveryRationAlike) {
  onlyRice(300);
  StateDistribution st = createStateDistribution(s, persons);
  st.stock(rice) = 0.1e6;  // a third of the 0.3e6 kg asked
  distributeRations(s, s.params.run.start_date, persons, need, st);
  EXPECT_DOUBLE_EQ(st.ration_kg(pyongyang, kUrban), 0.1);
  EXPECT_DOUBLE_EQ(st.stock(rice), 0.0);
}

TEST_F(Pds, NoRationAboveTheNeed) {
  onlyRice(2000);  // 7,200 kcal against a need of 1,800
  StateDistribution st = createStateDistribution(s, persons);
  st.stock(rice) = 1e12;
  distributeRations(s, s.params.run.start_date, persons, need, st);
  EXPECT_DOUBLE_EQ(st.ration_kcal(pyongyang, kUrban), 1800.0);
  EXPECT_DOUBLE_EQ(st.ration_kg(pyongyang, kUrban), 1800.0 / s.commodities[rice].kcal_per_kg);
}

TEST_F(Pds, NothingOutsideItsDates) {
  onlyRice(300);
  StateDistribution st = createStateDistribution(s, persons);
  st.stock(rice) = 1e9;
  const Eigen::ArrayXd handed =
      distributeRations(s, s.params.run.end_date.plusDays(1), persons, need, st);
  EXPECT_EQ(handed.sum(), 0.0);
}

TEST(StateShops, OffersAreLimitedByTheStockAndPricedByTheirRows) {
  Scenario s = testing::defaultAtScale(1000, {"run.spinup_days=0"});
  const int rice = s.commodityIndex("rice");
  DatedFlow a{"a", rice, 0, s.params.run.start_date, s.params.run.end_date, 10, 0.8};
  DatedFlow b{"b", rice, 0, s.params.run.start_date, s.params.run.end_date, 30, 0.6};
  s.state_shops = {a, b};
  Markets m = createMarkets(s, 32000);
  StateDistribution st = createStateDistribution(s, Eigen::ArrayXXd::Zero(s.regions.size(), 2));
  st.stock(rice) = 20'000;  // half the 40 t asked
  offerStateShops(s, s.params.run.start_date, st, m);
  EXPECT_DOUBLE_EQ(m.state_offer(0, rice), 20'000);
  EXPECT_DOUBLE_EQ(m.state_price_factor(0, rice), (10 * 0.8 + 30 * 0.6) / 40);
  EXPECT_EQ(m.state_offer(1, rice), 0.0);
}

}  // namespace
}  // namespace grainsim

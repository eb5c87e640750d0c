/// \brief The harvest and the farm stores: the sales profile's closed form, a year's harvest
/// split as the table says, and supply that lasts exactly to the next harvest.
#include <gtest/gtest.h>

#include <cmath>

#include "agents/Farms.hpp"
#include "model/CropCalendar.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

TEST(FarmSaleShare, EvenSalesWithoutCarryingCostAndEverythingOnTheLastDay) {
  EXPECT_DOUBLE_EQ(farmSaleShare(0, 100), 0.01);
  EXPECT_DOUBLE_EQ(farmSaleShare(0.001, 1), 1.0);
  EXPECT_DOUBLE_EQ(farmSaleShare(0.0, 0), 1.0);  // past due: sell what is left
}

/// Selling the share of each day's remaining stock sells q_t ~ exp(-a t) and empties the store
/// on the last day: sales fall by the factor exp(-a) a day.
TEST(FarmSaleShare, SalesFallGeometricallyAndEmptyTheStoreOnTime) {
  const double a = 0.002;
  const int n = 300;
  double stock = 1.0, previous = 0;
  for (int t = 0; t < n; ++t) {
    const double sold = stock * farmSaleShare(a, n - t);
    if (t > 0) {
      EXPECT_NEAR(sold / previous, std::exp(-a), 1e-9) << t;
    }
    stock -= sold;
    previous = sold;
  }
  EXPECT_NEAR(stock, 0.0, 1e-12);
}

/// A whole year of harvest days: each crop is gathered once, split as harvests.csv says.
TEST(Harvest, AYearGathersEachCropOnceSplitAsTheTableSays) {
  const Scenario s = testing::defaultAtScale(1000, {"run.spinup_days=0"});
  const auto R = static_cast<Eigen::Index>(s.regions.size());
  const auto C = static_cast<Eigen::Index>(s.commodities.size());
  FarmStores f = createFarmStores(s, Eigen::ArrayXXd::Constant(R, C, 1000.0), 32000);
  Eigen::ArrayXd own = Eigen::ArrayXd::Zero(C), state = own, stores = own;
  const Date first = Date::fromYmd(2027, 1, 1);
  for (int d = 0; d < 365; ++d) {
    const HarvestFlows h =
        harvestDay(s, first.plusDays(d), Eigen::ArrayXXd::Constant(R, C, 1000.0), 32000, f);
    own += h.own.colwise().sum().transpose();
    state += h.to_state;
    stores += h.to_stores;
  }
  Eigen::ArrayXd want_own = Eigen::ArrayXd::Zero(C), want_state = want_own, want_stores = want_own;
  for (const Harvest& h : s.harvests) {
    want_own(h.commodity) += h.tonnes * 1000 * h.own_share;
    want_state(h.commodity) += h.tonnes * 1000 * h.state_share;
    want_stores(h.commodity) += h.tonnes * 1000 * h.market_share;
  }
  for (Eigen::Index c = 0; c < C; ++c) {
    EXPECT_NEAR(own(c), want_own(c), 1e-6 * (1 + want_own(c))) << s.commodities[c].name;
    EXPECT_NEAR(state(c), want_state(c), 1e-6 * (1 + want_state(c))) << s.commodities[c].name;
    EXPECT_NEAR(stores(c), want_stores(c), 1e-6 * (1 + want_stores(c))) << s.commodities[c].name;
  }
}

/// Farm stores sell every day of the year (no gap at harvest, when the new crop waits until its
/// window ends) and the old crop is gone exactly when the new one goes on sale.
TEST(Harvest, StoresSellEveryDayAndTheOldCropLastsToTheNewOne) {
  const Scenario s =
      testing::defaultAtScale(1000, {"run.spinup_days=0", "storage.price_response=0"});
  const auto R = static_cast<Eigen::Index>(s.regions.size());
  const auto C = static_cast<Eigen::Index>(s.commodities.size());
  const Eigen::ArrayXXd price = Eigen::ArrayXXd::Constant(R, C, 1000.0);
  FarmStores f = createFarmStores(s, price, 32000);
  const int rice = s.commodityIndex("rice");
  const Date first = s.firstDate();
  double least = 1e300, most = 0;
  for (int d = 0; d < 730; ++d) {
    const Date today = first.plusDays(d);
    const HarvestFlows h = harvestDay(s, today, price, 32000, f);
    const double sold = h.to_traders.col(rice).sum();
    least = std::min(least, sold);
    most = std::max(most, sold);
    if (today == harvestWindow(s.harvests[0], today.year()).last) {
      EXPECT_GT(f.stock.row(0).sum(), 0.0) << "the new crop goes on sale at the window's end";
    }
  }
  RecordProperty("rice_farm_sales_min_over_max", std::to_string(least / most));
  EXPECT_GT(least, 0.5 * most) << "farm sales of rice never fall below half their peak";
}

}  // namespace
}  // namespace grainsim

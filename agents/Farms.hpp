/// \brief The harvest and the farm stores that sell it to traders until the next one.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "model/Scenario.hpp"

namespace grainsim {

/// Marketable grain held by farms and rural traders, by harvest row and region (kg). A crop
/// being gathered waits in `incoming` until its window ends; the previous crop, in `stock`, is
/// sold out by then, so supply runs on through the harvest.
struct FarmStores {
  Eigen::ArrayXXd stock;     ///< (harvest row, region): on sale
  Eigen::ArrayXXd incoming;  ///< (harvest row, region): gathered this window
  /// (harvest row, region): the dollar price storers hold out for at mid-season, USD/kg: the
  /// start price in dollars, carried back from the first day to mid-season.
  Eigen::ArrayXXd harvest_price;
  std::vector<int> commodity;  ///< by harvest row
};

/// What the harvest and the farm stores deliver on one day.
struct HarvestFlows {
  Eigen::ArrayXXd own;         ///< (region, commodity) kg for farm households' own stock
  Eigen::ArrayXd to_state;     ///< by commodity: procured, kg
  Eigen::ArrayXd to_stores;    ///< by commodity: into farm stores, kg
  Eigen::ArrayXXd to_traders;  ///< (region, commodity) sold by farm stores, kg
  Eigen::ArrayXd lost;         ///< by commodity: lost in storage, kg
};

/// Share of its stock a farm store plans to sell on a day `days_left` days (>= 1) before its
/// stock must be gone (the end of the next harvest window). Planned sales fall by a =
/// elasticity x daily carrying cost a day, q_t ~ exp(-a t), so that with demand of that
/// elasticity the price rises by the carrying cost: (1 - e^-a) / (1 - e^-(a n)), 1 / n when
/// a = 0, everything on the last day.
double farmSaleShare(double a, int days_left);

/// Farm stores on the first simulated day: what is left of each crop's market share after the
/// planned sales since its latest harvest, and the part of a harvest under way gathered so far.
/// `start_price` (region x commodity, KPW/kg, at `kpw_per_usd`) sets the harvest prices, less
/// the carrying cost since.
FarmStores createFarmStores(const Scenario& s, const Eigen::ArrayXXd& start_price,
                            double kpw_per_usd);

/// Today's harvest split three ways, storage losses, then the stores' sales to traders: the
/// planned share, times (price / reserve)^storage.price_response within [1/4, 4], where the
/// reserve is the start price in dollars at today's rate, rising by the carrying cost through
/// the season (equal to it at mid-season): stores keep grain's value in dollars, so they sell
/// faster when the price runs ahead and hold back when it lags behind, as when the won falls.
/// `price` is region x commodity, KPW/kg, at `kpw_per_usd`.
HarvestFlows harvestDay(const Scenario& s, Date date, const Eigen::ArrayXXd& price,
                        double kpw_per_usd, FarmStores& f);

}  // namespace grainsim

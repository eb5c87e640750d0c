/// \brief Traders shipping between regional markets when the price gap beats transport cost.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "agents/Markets.hpp"
#include "model/Scenario.hpp"

namespace grainsim {

/// A consignment on its way from one market to another.
struct TradeLot {
  int arrival_day = 0;
  int from = 0, to = 0, commodity = 0;
  double kg = 0;
};

struct Arbitrage {
  Eigen::MatrixXd cost_usd_per_kg;  ///< (from, to) transport cost
  Eigen::MatrixXi delay_days;       ///< (from, to) days on the road
  std::vector<TradeLot> in_transit;
};

/// Costs and delays from great-circle distances between regional capitals.
Arbitrage createArbitrage(const Scenario& s);

/// Delivers lots due today, then ships from each market to every dearer one where
/// gap = p_to - p_from (1 + margin) - cost > 0: response x stock x gap / p_to, at most
/// capacity per pair, at most pipeline_days of the destination's orders in transit to it, and
/// at most max_outflow_share of the source's stock in all. Books markets.net_inflow.
void tradeBetweenRegions(const Scenario& s, int day, double kpw_per_usd, Arbitrage& a, Markets& m);

}  // namespace grainsim

/// \brief Traders restocking from other regions when the price gap beats transport cost.
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

/// Delivers lots due today, then restocks every market from cheaper ones. With excess(i, j) =
/// (p_j - p_i (1 + margin) - cost_ij) / p_j, a destination short of target_cover_days +
/// pipeline_days of its orders in stock and on the road orders the shortfall, spread over
/// restock_days, from every source with excess > -margin_spread/2, pro rata to (excess +
/// margin_spread/2) x the source's stock and scaled by the share of traders it pays,
/// min(1, (excess + margin_spread/2) / margin_spread);
/// importers' competition lowers its price by exp(-competition x max excess). Limits:
/// capacity per pair and max_outflow_share of a source's stock. Books markets.net_inflow.
void tradeBetweenRegions(const Scenario& s, int day, double kpw_per_usd, Arbitrage& a, Markets& m);

}  // namespace grainsim

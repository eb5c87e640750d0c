/// \brief The mutable state of one run, stepped a day at a time.
#pragma once

#include <Eigen/Dense>

#include <optional>

#include "agents/AidLogistics.hpp"
#include "agents/Arbitrage.hpp"
#include "agents/Elites.hpp"
#include "agents/Farms.hpp"
#include "agents/Households.hpp"
#include "agents/Markets.hpp"
#include "agents/StateDistribution.hpp"
#include "model/Drivers.hpp"
#include "model/Rng.hpp"

namespace grainsim {

/// National running totals by commodity (kg), kept from the flows each phase reports.
struct Ledger {
  Eigen::ArrayXd in;        ///< initial holdings + imports + aid landed + flour milled
  Eigen::ArrayXd consumed;  ///< eaten by households and tiers; grain: milled
  Eigen::ArrayXd lost;      ///< lost in transport
};

/// Cumulative aid positions for outputs (kg).
struct AidRecord {
  double arrived = 0, consumed = 0;
  Eigen::ArrayXd reached_people;  ///< by commodity: aid eaten by tiers, sold by shops, or sold
                                  ///< or resold to traders (announced aid is outstanding until)
  Eigen::ArrayXd allocated;       ///< by tier
  Eigen::ArrayXd resold_by_tier;  ///< by tier
  Eigen::ArrayXd to_shops, resold, to_markets;  ///< by region
};

struct State {
  int day = 0;  ///< next day to simulate, 0 = start date
  Drivers drivers;
  Households households;
  Markets markets;
  Arbitrage arbitrage;
  AidLogistics logistics;
  Elites elites;
  HouseholdTotals household_totals;  ///< today's household results
  /// The next day's orders, placed in today's eating pass (stepDay); while it is set,
  /// households.kcal_ordered already holds them.
  std::optional<OrdersAhead> orders_ahead;
  /// Whether each eating pass also places the next day's orders. One pass a day instead of two
  /// pays once the household columns outgrow the caches; below that the look-ahead at the
  /// next day's regional phases costs more than it saves. The same bits either way.
  bool order_ahead = false;
  Ledger ledger;
  AidRecord aid;
  FarmStores farms;
  StateDistribution state;   ///< the state's own grain: PDS and state shops
  Eigen::ArrayXd imports;    ///< today's commercial imports by commodity, kg
  Eigen::ArrayXd harvested;  ///< today's harvest by commodity, kg
};

/// Household agents from which a run orders ahead (State::order_ahead): 2^21 agents hold about
/// 44 MB of columns. Measured side by side (docs/PERFORMANCE.md): national (6.4 million agents)
/// 3 to 5 % faster with it, 1:10 (642,000) no faster.
inline constexpr std::size_t kOrderAheadMinAgents = std::size_t{1} << 21;

/// Today's PDS rations by region, as households see them.
std::vector<Ration> rationsOf(const StateDistribution& st);

/// Persons by region in urban and rural households (all households): (region, urban/rural).
Eigen::ArrayXXd personsByGroup(const Households& h);

/// Day 0's state: a pure function of scenario, seed and replicate.
State initialState(const Scenario& s, const KeyedRng& rng);

/// Everything held anywhere, by commodity, summed from the agents' own state.
Eigen::ArrayXd heldByCommodity(const State& state);

}  // namespace grainsim

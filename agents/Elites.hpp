/// \brief Elite recipients: one agent per (tier, region), served leadership first.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "agents/Markets.hpp"
#include "model/Scenario.hpp"

namespace grainsim {

/// Structure of arrays over elite agents; agent k is tier k / R in region k % R.
struct Elites {
  std::vector<int> tier, region;
  std::vector<double> members;
  std::vector<double> entitlement;  ///< kg of aid the agent is owed over the operation
  std::vector<double> received;     ///< kg received so far
  Eigen::ArrayXXd stock;            ///< (agent x commodity) kg held

  std::size_t size() const { return tier.size(); }
};

/// Aid handed out today, for outputs (kg).
struct Allocation {
  Eigen::ArrayXd released;   ///< by commodity, out of the stockpile
  Eigen::ArrayXd to_tier;    ///< by tier
  Eigen::ArrayXd to_shops;   ///< by region
  Eigen::ArrayXd to_market;  ///< by region
  Eigen::ArrayXd to_market_by_commodity;
};

/// Members spread over regions: concentration_share in the tier's region, the rest by population.
Elites createElites(const Scenario& s);

/// Phase 3: the stockpile releases up to its daily capacity. The elite share goes to tiers in
/// strict rank order (no tier receives while a higher tier's entitlement is unfilled; within a
/// tier, pro rata to what each agent is still owed); elite aid nobody is owed goes to shops.
/// The shop and market shares go to each region's shops and traders by population.
Allocation allocateFromStockpile(const Scenario& s, Eigen::ArrayXd& stockpile, Elites& e,
                                 Markets& m);

/// Aid flows of the elite phase (kg).
struct EliteFlows {
  Eigen::ArrayXd eaten;           ///< by commodity
  Eigen::ArrayXXd resold;         ///< (region x commodity)
  Eigen::ArrayXd resold_by_tier;  ///< by tier
};

/// Phase 4: members eat their ration from stock; above a reserve of reserve_days of eating, a
/// tier resells resale_propensity of its surplus a day, scaled by the market price relative to
/// the start price (dearer markets draw out more) and capped at the surplus.
EliteFlows runElites(const Scenario& s, double kpw_per_usd, Elites& e, Markets& m);

}  // namespace grainsim

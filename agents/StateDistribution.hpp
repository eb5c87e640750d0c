/// \brief The state's grain: procured at harvest, handed out as PDS rations and sold in state
/// grain shops, apart from the aid pipeline.
#pragma once

#include <Eigen/Dense>

#include "agents/Markets.hpp"
#include "model/Scenario.hpp"

namespace grainsim {

/// Urban and rural columns of the ration arrays.
inline constexpr int kUrban = 0, kRural = 1;

struct StateDistribution {
  Eigen::ArrayXd stock;  ///< by commodity, kg: procurement, less rations and shop sales
  // Today's rations (reset each day).
  Eigen::ArrayXXd ration_kcal;  ///< (region, urban/rural) kcal per person
  Eigen::ArrayXXd ration_kg;    ///< (region, urban/rural) kg per person
  Eigen::ArrayXXd delivered;    ///< (region, commodity) kg handed out
};

/// The state's stock on the first simulated day: each crop's procurement since its latest
/// harvest, less the rations of the scenario's PDS table drawn from it since, and no less than 0.
StateDistribution createStateDistribution(const Scenario& s,
                                          const Eigen::ArrayXXd& persons_by_group);

/// PDS rations of `date` for the persons of each region and group (region, urban/rural), in
/// proportion when the stock falls short, never above `cereal_kcal_need` (by region).
/// Returns kg handed out by commodity (eaten the same day).
Eigen::ArrayXd distributeRations(const Scenario& s, Date date,
                                 const Eigen::ArrayXXd& persons_by_group,
                                 const std::vector<double>& cereal_kcal_need,
                                 StateDistribution& st);

/// Today's state-shop offers from state_shops.csv rows active on `date`, limited pro rata by
/// the stock: Markets::state_offer and state_price_factor.
void offerStateShops(const Scenario& s, Date date, const StateDistribution& st, Markets& m);

}  // namespace grainsim

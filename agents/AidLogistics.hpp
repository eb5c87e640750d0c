/// \brief State logistics of the aid: entry points, rail routes, mills and the central stockpile.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "model/Rng.hpp"
#include "model/Scenario.hpp"

namespace grainsim {

/// A trainload of aid on a route to the stockpile.
struct AidLot {
  int arrival_day = 0;
  int route = 0, commodity = 0;
  double kg = 0;
};

/// Where the aid is, by commodity (kg). Entry-point arrays are (entry point x commodity).
struct AidLogistics {
  Eigen::ArrayXXd landed;  ///< landed, waiting for port or railhead handling
  Eigen::ArrayXXd ready;   ///< handled, waiting for a train
  std::vector<AidLot> on_rail;
  std::vector<int> stopped_days_left;  ///< per route: days a power cut still halts it
  Eigen::ArrayXd at_mill;              ///< grain waiting to be milled
  Eigen::ArrayXd stockpile;            ///< in the strategic warehouses

  double inTransit() const;  ///< landed + ready + on rail + at mill, all commodities
};

/// Today's aid flows by commodity (kg), for the ledger and outputs.
struct AidFlows {
  Eigen::ArrayXd arrived, lost, milled_grain, milled_flour;
};

AidLogistics createAidLogistics(const Scenario& s);

/// Phase 2: ships land, power cuts start or end, trains arrive (losing loss_share) and leave
/// within capacity, ports handle cargo, mills grind grain into flour for the stockpile.
AidFlows moveAid(const Scenario& s, const KeyedRng& rng, int day, AidLogistics& l);

}  // namespace grainsim

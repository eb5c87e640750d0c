/// \brief Section 7's rows: one documented price episode set against one model experiment.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "runs/validate/Validation.hpp"

namespace grainsim::validate {

struct EpisodeRow {
  std::string period;  ///< key in price_episodes.csv
  std::string observed_move, observed_speed, experiment, simulated_move, simulated_speed;
  bool within = false;
  std::string commentary;
};

/// Same sign as the observed move and within a factor of two of it (observed: lo..hi, same sign).
inline bool sizeWithin(double simulated, double observed_lo, double observed_hi) {
  const double small = std::min(std::abs(observed_lo), std::abs(observed_hi));
  const double large = std::max(std::abs(observed_lo), std::abs(observed_hi));
  return simulated * observed_lo > 0 && std::abs(simulated) >= small / 2 &&
         std::abs(simulated) <= 2 * large;
}

/// 2011: rice released into Ryanggang's market alone, swept over the release size; the sweep's
/// Markdown table goes to `sweep_table`.
EpisodeRow hyesanRelease(const NationalRuns& n, const Options& o, std::string& sweep_table);

}  // namespace grainsim::validate

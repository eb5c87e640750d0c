/// \brief The terminal summary printed after a run.
#pragma once

#include <ostream>

#include "model/RunOutput.hpp"

namespace grainsim::cli {

/// Per region: retail prices on the first day, on 15 January and on the last day, and the
/// food-insecure share on 15 January (columns for 15 January are left out when the horizon
/// does not contain one).
void printSummary(std::ostream& os, const RunOutput& out);

}  // namespace grainsim::cli

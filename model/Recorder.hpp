/// \brief Phase "record": copies one day's state into the run's output arrays.
#pragma once

#include "model/RunOutput.hpp"
#include "model/Scenario.hpp"
#include "model/State.hpp"

namespace grainsim {

/// Empty trajectories with the scenario's coordinates, every variable sized to its dimensions.
RunOutput emptyOutput(const Scenario& s);

/// Writes the day just stepped (simulated day state.day - 1, after the spin-up) into `out`.
void recordDay(const Scenario& s, const State& state, RunOutput& out);

}  // namespace grainsim

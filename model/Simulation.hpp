/// \brief A run: a pure function of (scenario, seed, replicate); threads change only speed.
#pragma once

#include <cstdint>
#include <functional>

#include "model/PhaseClock.hpp"
#include "model/RunOutput.hpp"
#include "model/Scenario.hpp"
#include "model/State.hpp"

namespace grainsim {

struct RunOptions {
  std::uint32_t seed = 1;
  std::uint32_t replicate = 0;
  int threads = 0;  ///< 0: all cores; 1: the serial reference path
};

/// Steps the scenario through its spin-up and from its start date to its end date, recording
/// every day from the start date. `after_day`, if given, sees the state after each recorded day.
/// `clock`, if given, is charged the setup and every phase of every day, the record included;
/// it observes only, so the output is the same with or without it.
RunOutput simulate(const Scenario& s, const RunOptions& options,
                   const std::function<void(const State&)>& after_day = {},
                   PhaseClock* clock = nullptr);

}  // namespace grainsim

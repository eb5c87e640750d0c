/// \brief The daily step: named phases in the order of docs/ODD.md (section "Schedule").
#pragma once

#include "model/PhaseClock.hpp"
#include "model/Rng.hpp"
#include "model/Scenario.hpp"
#include "model/State.hpp"

namespace grainsim {

/// Advances `state` by one day. `parallel` selects the TBB kernels or the serial reference
/// path for household loops; both give bit-identical results. `clock`, if given, is charged
/// the wall time of phases 1-8 (phase 9, the record, is the caller's).
void stepDay(const Scenario& s, const KeyedRng& rng, bool parallel, State& state,
             PhaseClock* clock = nullptr);

}  // namespace grainsim

/// \brief One benchmark configuration: a full run of a scenario at a thread count, timed by
/// phase, with its peak memory and the time to write its HDF5 file.
#pragma once

#include <array>
#include <cstddef>
#include <string>

#include "model/PhaseClock.hpp"
#include "model/Scenario.hpp"
#include "runs/bench/HouseholdTraffic.hpp"

namespace grainsim {

struct BenchResult {
  std::string label;  ///< e.g. "national", "1:100"
  double agent_weight = 1;
  int threads = 1;
  std::size_t households = 0;  ///< household agents
  int days = 0;                ///< simulated days, spin-up included
  double run_seconds = 0;      ///< simulate(), wall
  double write_seconds = 0;    ///< writeOutputFile() of the run's output, wall
  std::array<double, kPhases> phase_seconds{};
  double setup_seconds = 0;  ///< initial state and empty output
  HouseholdTraffic traffic;
  std::size_t rss_before_bytes = 0;  ///< resident before the run, after the peak was reset
  std::size_t peak_rss_bytes = 0;    ///< peak resident over the run and the write
  bool peak_is_own = false;          ///< false: the peak could not be reset (process-wide)
  double shock_draw_share = 0;       ///< household-days with an income shock drawn, a share
  /// Recorded days whose next day's orders were placed in their eating pass (one pass a day).
  double ordered_ahead_share = 0;

  double householdDays() const { return static_cast<double>(households) * days; }
  double householdDaysPerSecond() const { return householdDays() / run_seconds; }
  /// Phases 6 and 8, the household kernels.
  double householdPhaseSeconds() const;
  double householdPhaseDaysPerSecond() const { return householdDays() / householdPhaseSeconds(); }
  /// Bytes per household-day (one pass on days ordered ahead, else two) x household-days per
  /// second in the household phases.
  double householdPhaseBytesPerSecond() const;
  /// (peak - before) / households: what a household costs, measured.
  double measuredBytesPerHousehold() const;
  /// Shares of run + write wall time.
  double phaseShare(Phase p) const;
  double setupShare() const { return setup_seconds / (run_seconds + write_seconds); }
  double outputShare() const { return write_seconds / (run_seconds + write_seconds); }
};

/// Runs `s` once at `threads` threads with a PhaseClock, writes its output to a temporary
/// directory (removed before returning) and measures time and memory.
BenchResult runBenchmark(const Scenario& s, const std::string& label, int threads,
                         const std::string& command_line);

}  // namespace grainsim

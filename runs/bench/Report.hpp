/// \brief What `grainsim bench` prints: the human-readable report, the README table and the
/// final `BENCH {json}` line, all from the same measurements.
#pragma once

#include <ostream>
#include <vector>

#include "runs/bench/Benchmark.hpp"
#include "runs/bench/KernelCosts.hpp"
#include "runs/bench/Machine.hpp"
#include "runs/bench/Triad.hpp"
#include "runs/bench/YearRoundCosts.hpp"

namespace grainsim {

struct BenchReport {
  std::vector<BenchResult> runs;    ///< in the order they ran
  std::vector<TriadResult> triads;  ///< one per thread count
  KernelCosts kernel_costs;         ///< a normal draw and an exp, measured apart
  YearRoundCosts year_round;        ///< what the year-round model adds per household-day
  Machine machine;

  /// The reference scale's run at one thread, if there was one: the household-day breakdown.
  const BenchResult* oneThreadReference() const;

  /// The run the top-level figures describe: most households, then most threads.
  const BenchResult& reference() const;
  /// The triad measured at `threads` threads (throws if none was).
  const TriadResult& triadAt(int threads) const;
  /// Household-phase bytes per second over the triad bandwidth at the same thread count.
  double rooflineShare(const BenchResult& r) const;
};

/// Every run, the speed-ups, phase shares, traffic, bandwidth and memory, for people.
void printReport(std::ostream& os, const BenchReport& report);

/// The README's Markdown table: one row per scale, household-days/s and peak memory by threads.
void printTable(std::ostream& os, const BenchReport& report);

/// One line, `BENCH {...}`, valid JSON; top-level figures are the reference run's.
void printBenchLine(std::ostream& os, const BenchReport& report);

}  // namespace grainsim

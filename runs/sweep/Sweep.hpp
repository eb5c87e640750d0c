/// \brief Runs a shard's design points in parallel and journals each, in point order.
#pragma once

#include <functional>
#include <stdexcept>

#include "runs/ensemble/Ensemble.hpp"
#include "runs/sweep/Shard.hpp"
#include "runs/sweep/SweepJournal.hpp"
#include "runs/sweep/SweepPlan.hpp"

namespace grainsim {

struct SweepRunOptions {
  int threads = 0;  ///< 0: all cores
  OnFailure on_failure = OnFailure::stop;
};

/// A point failed under OnFailure::stop; the journal keeps every point before it.
class SweepFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Every replicate of design point `point`: its outputs (and trajectories), or, if a replicate
/// cannot be realised, fails checkReplicate() or throws, NaN values and a failure naming the
/// point, replicate, seed and parameter values. `threads` is each run's own parallelism.
PointRecord runPoint(const SweepPlan& plan, std::uint64_t point, int threads);

/// Runs the points of `shard` that `journal` does not hold yet, with at most `threads` runs
/// alive, and appends each to the journal in point order; `done` sees each record after it is
/// journaled (for progress and failure messages). Each point's values depend on the plan and
/// the point only, so any thread count and any split into shards gives the same records.
void runSweep(const SweepPlan& plan, const Shard& shard, SweepJournal& journal,
              const SweepRunOptions& options, const std::function<void(const PointRecord&)>& done);

}  // namespace grainsim

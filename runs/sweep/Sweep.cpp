#include "runs/sweep/Sweep.hpp"

#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <limits>

#include "model/Simulation.hpp"
#include "runs/ensemble/OrderedPipeline.hpp"

namespace grainsim {

PointRecord runPoint(const SweepPlan& plan, std::uint64_t point, int threads) {
  PointRecord record;
  record.point = point;
  record.values.reserve(plan.rowSize());
  // Values are stored output by output, each replicate-major; gather per output first.
  std::vector<std::vector<double>> per_output(plan.outputs.size() + plan.trajectories.size());
  for (std::uint32_t r = 0; r < plan.replicates; ++r) {
    const std::vector<double> values = plan.priorValues(point, r);
    std::string failure;
    try {
      const Scenario s = plan.scenario.realise(values);
      const RunOutput out = simulate(s, {plan.seed, r, threads});
      if (auto why = checkReplicate(s, out)) {
        failure = *why;
      } else {
        for (std::size_t o = 0; o < plan.outputs.size(); ++o) {
          const auto cells = plan.outputs[o].reduce(out);
          per_output[o].insert(per_output[o].end(), cells.begin(), cells.end());
        }
        for (std::size_t t = 0; t < plan.trajectories.size(); ++t) {
          const auto& v = out.values[outputIndex(plan.trajectories[t])];
          per_output[plan.outputs.size() + t].insert(per_output[plan.outputs.size() + t].end(),
                                                     v.begin(), v.end());
        }
      }
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty()) {
      record.failure = "point " + std::to_string(point) + ", replicate " + std::to_string(r) +
                       ", seed " + std::to_string(plan.seed) + ": " + failure + "; parameters:";
      for (std::size_t i = 0; i < plan.parameters.size(); ++i)
        record.failure += " " + plan.parameters[i].key + "=" + plan.format(i, plan.value(point, i));
      record.values.assign(plan.rowSize(), std::numeric_limits<double>::quiet_NaN());
      return record;
    }
  }
  for (const auto& v : per_output) record.values.insert(record.values.end(), v.begin(), v.end());
  return record;
}

void runSweep(const SweepPlan& plan, const Shard& shard, SweepJournal& journal,
              const SweepRunOptions& options, const std::function<void(const PointRecord&)>& done) {
  std::vector<std::uint64_t> remaining;
  for (std::uint64_t p = shard.index; p < plan.points(); p += shard.count)
    if (!journal.done(p)) remaining.push_back(p);
  if (remaining.empty()) return;
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  // Many points: one core each, no synchronisation inside a run. Fewer points than cores:
  // each run uses the cores itself. Either way at most `threads` states are alive.
  const int inner = remaining.size() >= static_cast<std::size_t>(threads) ? 1 : threads;
  const std::size_t tokens = std::min<std::size_t>(threads, remaining.size());
  tbb::task_arena arena(threads);
  arena.execute([&] {
    runOrderedPipeline<PointRecord>(
        remaining.size(), tokens,
        [&](std::size_t i) { return runPoint(plan, remaining[i], inner); },
        [&](std::size_t, const PointRecord& record) {
          // Under stop the failing point is not journaled: a rerun tries it again.
          if (!record.failure.empty() && options.on_failure == OnFailure::stop)
            throw SweepFailure(record.failure);
          journal.append(record);
          if (done) done(record);
        });
  });
}

}  // namespace grainsim

#include "model/Simulation.hpp"

#include <tbb/info.h>
#include <tbb/task_arena.h>

#include "model/Recorder.hpp"
#include "model/Step.hpp"

namespace grainsim {

RunOutput simulate(const Scenario& s, const RunOptions& options,
                   const std::function<void(const State&)>& after_day, PhaseClock* clock) {
  const KeyedRng rng(options.seed, options.replicate);
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  const bool parallel = threads > 1;
  const auto setup_start = PhaseClock::Clock::now();
  RunOutput out = emptyOutput(s);
  // An arena of our own: the thread count is this run's, not a process-wide setting.
  tbb::task_arena arena(threads);
  arena.execute([&] {
    State state = initialState(s, rng);
    if (clock) clock->addSetup(PhaseClock::Clock::now() - setup_start);
    for (int d = 0; d < s.spinupDays() + s.days(); ++d) {
      stepDay(s, rng, parallel, state, clock);
      if (d < s.spinupDays()) continue;
      timedPhase(clock, Phase::record, [&] { recordDay(s, state, out); });
      if (after_day) after_day(state);
    }
  });
  return out;
}

}  // namespace grainsim

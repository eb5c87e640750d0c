#include "runs/bench/Benchmark.hpp"

#include <stdlib.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "model/Simulation.hpp"
#include "model/Version.hpp"
#include "runs/bench/ResidentMemory.hpp"
#include "runs/output/OutputFile.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// A scratch directory of this process, removed with everything in it when it goes. mkdtemp
/// makes a new one with an unpredictable name (mode 0700), so no other user can have made it
/// first or look inside.
class ScratchDir {
 public:
  ScratchDir() {
    std::string name = (fs::temp_directory_path() / "grainsim-bench-XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr)
      throw std::runtime_error("cannot create a scratch folder '" + name +
                               "': " + std::strerror(errno));
    path_ = name;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

double BenchResult::householdPhaseSeconds() const {
  return phase_seconds[static_cast<std::size_t>(Phase::households_order)] +
         phase_seconds[static_cast<std::size_t>(Phase::households_eat)];
}

double BenchResult::householdPhaseBytesPerSecond() const {
  return householdPhaseDaysPerSecond() * traffic.perHouseholdDay(ordered_ahead_share);
}

double BenchResult::measuredBytesPerHousehold() const {
  const double grown = static_cast<double>(peak_rss_bytes) - static_cast<double>(rss_before_bytes);
  return grown / static_cast<double>(households);
}

double BenchResult::phaseShare(Phase p) const {
  return phase_seconds[static_cast<std::size_t>(p)] / (run_seconds + write_seconds);
}

BenchResult runBenchmark(const Scenario& s, const std::string& label, int threads,
                         const std::string& command_line) {
  BenchResult r;
  r.label = label;
  r.agent_weight = s.params.population.agent_weight;
  r.threads = threads;
  r.days = s.spinupDays() + s.days();

  r.peak_is_own = resetPeakResident();
  r.rss_before_bytes = residentBytes();
  PhaseClock clock;
  const RunOptions options{s.params.run.seed, 0, threads};
  // The layout is read once, on the first recorded day; the callback costs one call a day.
  bool counted = false;
  std::uint64_t shock_draws = 0;  // cumulative, spin-up included: the last day's is the run's
  int recorded_days = 0, ordered_ahead = 0;
  const auto t0 = std::chrono::steady_clock::now();
  const RunOutput out = simulate(
      s, options,
      [&](const State& st) {
        shock_draws = st.households.shock_draws;
        ++recorded_days;
        ordered_ahead += st.orders_ahead.has_value();
        if (counted) return;
        r.households = st.households.size();
        r.traffic = householdTraffic(st.households);
        counted = true;
      },
      &clock);
  r.run_seconds = secondsSince(t0);
  r.shock_draw_share = static_cast<double>(shock_draws) / r.householdDays();
  r.ordered_ahead_share = recorded_days > 0 ? double(ordered_ahead) / recorded_days : 0.0;

  const ScratchDir scratch;
  const Provenance provenance{
      s.name,      s.resolved_text, options.seed, options.replicate, std::string(codeVersion()),
      command_line};
  const auto t1 = std::chrono::steady_clock::now();
  writeOutputFile(scratch.path() / "bench.h5", out, provenance, false);
  r.write_seconds = secondsSince(t1);
  r.peak_rss_bytes = peakResidentBytes();

  for (std::size_t p = 0; p < kPhases; ++p) r.phase_seconds[p] = clock.seconds(Phase(p));
  r.setup_seconds = clock.setupSeconds();
  return r;
}

}  // namespace grainsim

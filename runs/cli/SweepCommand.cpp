/// \brief `grainsim sweep`: a design over policy parameters, each point run for every replicate
/// and reduced to the named outputs; sharded (--shard, Slurm arrays, mpirun) and resumable.
#include <tbb/info.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "model/Simulation.hpp"
#include "runs/bench/ResidentMemory.hpp"
#include "runs/cli/CommandErrors.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/cli/EnsembleCommand.hpp"
#include "runs/cli/NumericOptions.hpp"
#include "runs/ensemble/Progress.hpp"
#include "runs/output/OutputFile.hpp"
#include "runs/sweep/Merge.hpp"
#include "runs/sweep/MpiSession.hpp"
#include "runs/sweep/Sweep.hpp"

namespace grainsim::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

struct SweepSettings {
  SweepRequest request;
  SweepRunOptions run;
  std::optional<Shard> shard;
  std::optional<fs::path> out;
  bool force = false, quiet = false, dry_run = false;
};

SweepSettings sweepSettings(const po::variables_map& vm) {
  SweepSettings s;
  SweepRequest& r = s.request;
  if (vm.count("scenario")) r.scenario_file = vm["scenario"].as<std::string>();
  if (vm.count("set")) r.overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed")) r.overrides.push_back("run.seed=" + std::to_string(seedOption(vm)));
  r.design = parseDesignKind(vm["design"].as<std::string>());
  // The design's own size (samples x parameters) is bounded by makeDesign.
  r.samples = static_cast<std::size_t>(wholeOption(
      vm, "samples", {1, kMaxDesignValues, "no design may exceed 10^8 coordinates, 800 MB"}));
  r.design_seed = seedOption(vm, "design-seed");
  if (vm.count("param")) r.parameters = vm["param"].as<std::vector<std::string>>();
  r.replicates = static_cast<std::uint32_t>(wholeOption(
      vm, "replicates",
      {1, 10'000, "every point's row in memory and on disk grows with the replicates"}));
  r.outputs = vm["outputs"].as<std::string>();
  if (vm.count("trajectories")) r.trajectories = vm["trajectories"].as<std::string>();
  s.run.threads = threadsOption(vm);
  s.run.on_failure = onFailureOption(vm);
  if (vm.count("shard"))
    s.shard = Shard::parse(vm["shard"].as<std::string>());
  else
    s.shard = Shard::fromSlurmEnvironment();
  if (vm.count("out")) s.out = vm["out"].as<std::string>();
  s.force = vm.count("force") > 0;
  s.quiet = vm.count("quiet") > 0;
  s.dry_run = vm.count("dry-run") > 0;
  return s;
}

/// "00:12:30", rounded up to whole seconds.
std::string clockTime(double seconds) {
  const auto s = static_cast<long long>(std::ceil(seconds));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

/// --dry-run: the plan, the points of each shard, and what a task will take, estimated from
/// one real run (design point 0, replicate 0, one thread) timed and measured here. Writes
/// nothing.
int dryRun(const SweepPlan& plan, const SweepSettings& settings, const Shard& shard) {
  const std::uint64_t points = plan.points();
  const std::uint64_t runs = points * plan.replicates;
  std::cout << "sweep dry run: " << points << " points x " << plan.replicates << " replicate"
            << (plan.replicates > 1 ? "s" : "") << " = " << runs << " runs of "
            << plan.scenario.nominal().days() << " days, " << plan.parameters.size()
            << " parameters, fingerprint " << plan.fingerprint() << "\n";
  const std::uint64_t most = Shard{0, shard.count}.points(points),
                      fewest = Shard{shard.count - 1, shard.count}.points(points);
  std::cout << "shards: " << shard.count << ", " << fewest
            << (most == fewest ? "" : " to " + std::to_string(most))
            << " points each; this task, shard " << shard.text() << ", " << shard.points(points)
            << " points\n";

  resetPeakResident();
  const std::size_t before = residentBytes();
  const auto t0 = std::chrono::steady_clock::now();
  const Scenario s = plan.scenario.realise(plan.priorValues(0, 0));
  (void)simulate(s, {plan.seed, 0, 1});
  const double run_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::size_t run_bytes = peakResidentBytes() - std::min(before, peakResidentBytes());
  std::cout << "one run (point 0, replicate 0, 1 thread, measured here): "
            << std::round(run_seconds * 1000) / 1000 << " s, " << run_bytes / 1000000 << " MB\n";

  // Points run in parallel, one state per thread (runs/sweep/Sweep.cpp): time divides by the
  // threads, memory multiplies by those busy at once.
  const std::uint64_t task_runs = shard.points(points) * plan.replicates;
  const int threads =
      settings.run.threads > 0 ? settings.run.threads : tbb::info::default_concurrency();
  const auto busy = static_cast<std::size_t>(
      std::max<std::uint64_t>(1, std::min<std::uint64_t>(threads, task_runs)));
  const double task_seconds = run_seconds * static_cast<double>(task_runs) / busy;
  const double task_bytes = static_cast<double>(before + busy * run_bytes);
  std::cout << "this task: " << task_runs << " runs on " << threads << " thread"
            << (threads > 1 ? "s" : "") << ", about " << clockTime(task_seconds) << " and "
            << std::llround(task_bytes / 1e6) << " MB (linear in the runs per thread; a "
            << "slower node or a busy file system takes longer)\n";
  const double safe_seconds = std::max(300.0, 1.5 * task_seconds);
  std::cout << "suggested sbatch options for each task: --time=" << clockTime(safe_seconds)
            << " --mem=" << std::max<long long>(256, std::llround(1.5 * task_bytes / 1048576))
            << "M --cpus-per-task=" << threads << " (1.5x the estimate, at least 5 minutes)\n";
  return kExitOk;
}

/// Runs (or resumes) one shard and writes its file. Returns the exit code.
int runShard(const SweepPlan& plan, const SweepSettings& settings, const Shard& shard,
             const fs::path& file, const std::string& command_line) {
  const auto t0 = std::chrono::steady_clock::now();
  const fs::path journal_path = SweepJournal::pathFor(file);
  if (!settings.force && fs::exists(file)) {
    // A resubmitted array task finds its shard done: nothing to do, and exit 0, so that an
    // `afterok` merge still runs. A file of another sweep or shard is never replaced unasked.
    const std::string fingerprint = plan.fingerprint();
    std::optional<SweepLayout> existing;
    try {
      existing = SweepReader(file).layout();
    } catch (const std::exception&) {
    }
    if (existing && existing->fingerprint == fingerprint && existing->shard.index == shard.index &&
        existing->shard.count == shard.count) {
      fs::remove(journal_path);  // left if the finished run was killed before removing it
      if (!settings.quiet)
        std::cerr << "grainsim sweep: " << file.string() << " already holds shard " << shard.text()
                  << " of this sweep (fingerprint " << fingerprint
                  << "), finished; nothing to do\n";
      return kExitOk;
    }
    throw OutputError("output file '" + file.string() + "' already exists and holds " +
                      (existing
                           ? "shard " + existing->shard.text() + " of another sweep (fingerprint " +
                                 existing->fingerprint + ", this one " + fingerprint + ")"
                           : std::string("no sweep grainsim can read")) +
                      "; --force replaces it");
  }
  // An unwritable place, or one that is not to be replaced, fails now, not at the end (and
  // before --force discards the journal).
  checkOutputPath(file, settings.force);
  checkNotAnInput(file, plan.scenario.nominal().input_files);
  if (settings.force) fs::remove(journal_path);
  const SweepLayout layout = sweepLayout(plan, shard, command_line);
  SweepJournal journal(journal_path, layout.fingerprint + " shard " + shard.text(), plan.points());
  const std::uint64_t total = shard.points(plan.points());
  if (journal.doneCount() > 0 && !settings.quiet)
    std::cerr << "grainsim sweep: resuming " << file.string() << ": " << journal.doneCount()
              << " of " << total << " points done"
              << (journal.droppedBytes() > 0 ? " (an unfinished record was dropped)" : "") << "\n";

  Progress progress(std::cerr, "points", total - journal.doneCount(),
                    Progress::styleFor(settings.quiet));
  std::size_t done = 0, failed = 0;
  try {
    runSweep(plan, shard, journal, settings.run, [&](const PointRecord& record) {
      if (!record.failure.empty()) {
        ++failed;
        std::cerr << "\ngrainsim sweep: " << record.failure << " (skipped)\n";
      }
      progress.update(++done);
    });
  } catch (const SweepFailure& e) {
    std::cerr << "\ngrainsim sweep: " << e.what()
              << "\ngrainsim sweep: stopped at the failing point (--on-failure stop). The "
              << journal.doneCount() << " points before it are kept in " << journal_path.string()
              << "; run again to resume, with --on-failure skip to record failing points.\n";
    return kExitFailure;
  }
  progress.finish();
  writeFromJournal(layout, journal, file, settings.force);
  journal.remove();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!settings.quiet)
    std::cerr << "grainsim sweep: wrote " << file.string() << " (" << total << " points x "
              << plan.replicates << " replicates, shard " << shard.text() << ", " << done
              << " run now, " << failed << " failed, " << seconds << " s)\n";
  return kExitOk;
}

}  // namespace

int sweepCommand(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("grainsim sweep [options]");
  opts.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>(),
      "scenario INI file (default: the embedded DPRK winter 2026-27); its other priors are "
      "drawn per replicate")("set", po::value<std::vector<std::string>>()->composing(),
                             "override a scenario value, key=value (repeatable)")(
      "design", po::value<std::string>()->default_value("sobol"),
      "grid, lhs or sobol (Saltelli sampling, for grainsim sensitivity)")(
      "samples", po::value<std::string>()->required(),
      "grid: levels per parameter; lhs: points; sobol: base samples N (N x (k + 2) points)")(
      "param", po::value<std::vector<std::string>>()->composing(),
      "swept parameter KEY=LO:HI or KEY=LO:HI:log (numbers or YYYY-MM-DD dates; repeatable)")(
      "replicates", po::value<std::string>()->default_value("1"),
      "replicates per point, on the same random streams at every point")(
      "outputs", po::value<std::string>()->required(),
      "what to keep, comma-separated: VARIABLE@DATE or mean|min|max(VARIABLE, FIRST:LAST)")(
      "trajectories", po::value<std::string>(),
      "also keep these variables' full daily trajectories (comma-separated)")(
      "seed", po::value<std::string>(), "simulation seed (run.seed)")(
      "design-seed", po::value<std::string>()->default_value("1"),
      "seed of the design's randomness (LHS permutations, Sobol digital shift)")(
      "shard", po::value<std::string>(),
      "run shard I/N: the points p with p % N == I (default: from SLURM_ARRAY_TASK_ID)")(
      "threads", po::value<std::string>()->default_value("0"), "worker threads (0: all cores)")(
      "on-failure", po::value<std::string>()->default_value("stop"),
      "stop: exit at a failing point (finished points are kept); skip: record it as failed")(
      "out", po::value<std::string>(), "output file (default: <scenario>-sweep.h5)")(
      "force", "start over: overwrite a finished file and discard a journal")(
      "dry-run",
      "run nothing: print the points per shard and a task's time and memory, estimated from "
      "one run timed here, with sbatch options to match")("quiet,q", "no progress");

  po::variables_map vm;
  if (auto stop = parseCommandLine("sweep", args, opts, vm)) return *stop;
  MpiSession mpi;
  return guardedCommand("sweep", [&] {
    SweepSettings settings = sweepSettings(vm);
    const SweepPlan plan = makeSweepPlan(settings.request);
    if (mpi.rank() == 0) printScenarioWarnings("sweep", plan.scenario.nominal());
    const fs::path out = settings.out.value_or(plan.scenario.nominal().name + "-sweep.h5");
    if (settings.dry_run) {
      if (mpi.size() > 1)
        throw std::invalid_argument("--dry-run: run it without mpirun, once for the sweep");
      return dryRun(plan, settings, settings.shard.value_or(Shard{}));
    }
    if (mpi.size() == 1) {
      const Shard shard = settings.shard.value_or(Shard{});
      return runShard(plan, settings, shard, shard.fileFor(out), command_line);
    }
    // Under mpirun: rank r runs shard r of the ranks, then rank 0 merges the shards.
    if (settings.shard)
      throw std::invalid_argument("--shard: not under mpirun, where each rank is a shard");
    // Every rank takes part in each check, so that no rank waits for one that gave up.
    const bool out_free = mpi.rank() != 0 || settings.force || !fs::exists(out);
    if (!mpi.allSucceeded(out_free)) {
      if (mpi.rank() == 0)
        throw OutputError("output file '" + out.string() +
                          "' already exists; --force overwrites it");
      return kExitBadInput;
    }
    const Shard shard{static_cast<std::uint32_t>(mpi.rank()),
                      static_cast<std::uint32_t>(mpi.size())};
    int code = kExitFailure;
    try {
      code = runShard(plan, settings, shard, shard.fileFor(out), command_line);
    } catch (const std::exception& e) {
      std::cerr << "grainsim sweep: rank " << mpi.rank() << ": " << e.what() << "\n";
    }
    if (!mpi.allSucceeded(code == kExitOk)) return kExitFailure;
    if (mpi.rank() != 0) return kExitOk;
    std::vector<fs::path> shards;
    for (int r = 0; r < mpi.size(); ++r)
      shards.push_back(
          Shard{static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(mpi.size())}.fileFor(
              out));
    mergeShards(shards, out, settings.force, command_line);
    for (const auto& s : shards) fs::remove(s);
    if (!settings.quiet)
      std::cerr << "grainsim sweep: merged " << mpi.size() << " ranks into " << out.string()
                << "\n";
    return kExitOk;
  });
}

}  // namespace grainsim::cli

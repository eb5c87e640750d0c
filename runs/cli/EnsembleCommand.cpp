#include "runs/cli/EnsembleCommand.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <sstream>

#include "model/CsvTable.hpp"
#include "model/Version.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/cli/Headline.hpp"
#include "runs/cli/SummaryJson.hpp"
#include "runs/ensemble/Progress.hpp"
#include "runs/output/OutputFile.hpp"

namespace grainsim::cli {

namespace po = boost::program_options;

void addEnsembleOptions(po::options_description& opts) {
  opts.add_options()(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a parameter, key=value; the value may be a prior such as "
      "uniform(0.1,0.3) (repeatable; see grainsim describe and docs/UNCERTAINTY.md)")(
      "seed", po::value<std::string>(), "random seed (overrides run.seed)")(
      "replicates,n", po::value<std::string>()->default_value("100"), "number of replicates")(
      "quantiles", po::value<std::string>()->default_value("0.05,0.1,0.25,0.5,0.75,0.9,0.95"),
      "probabilities of the quantiles to write, comma-separated, increasing, in (0, 1)")(
      "exact-limit", po::value<std::string>()->default_value("200"),
      "exact quantiles up to this many replicates, streaming P-square estimates beyond")(
      "keep-replicates", "also write every replicate's trajectories (replicate dimension)")(
      "on-failure", po::value<std::string>()->default_value("stop"),
      "a failing replicate: stop (exit 1, no file) or skip (left out, counted in the file)")(
      "threads", po::value<std::string>()->default_value("0"), "worker threads (0: all cores)")(
      "out", po::value<std::string>(), "output HDF5 file")(
      "force", "overwrite an existing output file and discard a journal of another run")(
      "quiet,q", "no progress, no headline table")(
      "summary-json", po::value<std::string>(),
      "also write the headline numbers (mean and quantiles by region, commodity and date) to "
      "this JSON file, for scripts");
}

namespace {

/// A million replicates of even a tiny run take days; beyond it a count is a typo.
constexpr WholeBounds kReplicatesBounds{1, 1'000'000,
                                        "a million replicates of even a tiny run take days"};

std::invalid_argument bad(const std::string& option, const std::string& value,
                          const std::string& rule) {
  return std::invalid_argument("--" + option + " = '" + value + "': " + rule);
}

}  // namespace

OnFailure onFailureOption(const po::variables_map& vm) {
  const std::string policy = vm["on-failure"].as<std::string>();
  if (policy == "stop") return OnFailure::stop;
  if (policy == "skip") return OnFailure::skip;
  throw bad("on-failure", policy, "must be stop or skip");
}

EnsembleSettings ensembleSettings(const po::variables_map& vm) {
  EnsembleSettings s;
  if (vm.count("set")) s.overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed")) {
    s.options.seed = seedOption(vm);
    s.overrides.push_back("run.seed=" + std::to_string(s.options.seed));
  }
  s.options.replicates =
      static_cast<std::uint32_t>(wholeOption(vm, "replicates", kReplicatesBounds));

  const std::string list = vm["quantiles"].as<std::string>();
  s.options.probabilities.clear();
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    double p = 0;
    if (!parseFiniteNumber(item, p) || p <= 0 || p >= 1)
      throw bad("quantiles", list, "'" + item + "' is not a probability in (0, 1)");
    if (!s.options.probabilities.empty() && p <= s.options.probabilities.back())
      throw bad("quantiles", list, "probabilities must increase");
    s.options.probabilities.push_back(p);
  }
  if (s.options.probabilities.empty()) throw bad("quantiles", list, "names no probability");

  const auto markers = static_cast<std::int64_t>(2 * s.options.probabilities.size() + 3);
  s.options.exact_limit = static_cast<std::size_t>(wholeOption(
      vm, "exact-limit",
      {markers, kReplicatesBounds.max,
       "at least 2 x quantiles + 3, P-square's markers; at most the replicates' bound"}));

  s.options.on_failure = onFailureOption(vm);
  s.options.threads = threadsOption(vm);
  s.keep_replicates = vm.count("keep-replicates") > 0;
  s.force = vm.count("force") > 0;
  s.quiet = vm.count("quiet") > 0;
  if (vm.count("out")) s.out = vm["out"].as<std::string>();
  if (vm.count("summary-json")) s.summary_json = vm["summary-json"].as<std::string>();
  return s;
}

int runEnsembleCommand(const std::string& command, const std::vector<EnsembleArm>& arms,
                       const EnsembleSettings& settings, const std::filesystem::path& out_path,
                       const std::string& command_line) {
  const auto t0 = std::chrono::steady_clock::now();
  EnsembleOptions options = settings.options;
  options.seed = arms.front().scenario->nominal().params.run.seed;
  const EnsembleLayout layout = ensembleLayout(arms, options, settings.keep_replicates);
  for (const EnsembleArm& arm : arms)
    checkNotAnInput(out_path, arm.scenario->nominal().input_files);
  if (settings.summary_json) {  // fail now, not after the run
    checkOutputPath(*settings.summary_json, settings.force);
    checkNotAnInput(*settings.summary_json, {out_path});
  }
  EnsembleWriter writer(out_path, settings.force, layout);  // fails now, not after the run
  // The same command run again after a kill resumes from here, --force or not: a journal with
  // this fingerprint can only lead to the file this run writes.
  EnsembleJournal journal(EnsembleJournal::pathFor(out_path), ensembleFingerprint(arms, options),
                          options.replicates, settings.force);
  if (journal.resumed() > 0 && !settings.quiet)
    std::cerr << "grainsim " << command << ": resuming " << out_path.string() << ": "
              << journal.resumed() << " of " << options.replicates << " replicates done"
              << (journal.droppedBytes() > 0 ? " (an unfinished record was dropped)" : "") << "\n";

  Progress progress(std::cerr, "replicates", options.replicates - journal.resumed(),
                    Progress::styleFor(settings.quiet));
  EnsembleObserver observer;
  if (settings.keep_replicates)
    observer.replicate_done = [&](std::size_t arm, std::uint32_t r, const RunOutput& out) {
      writer.writeReplicate(arm, r, out);
    };
  observer.failed = [&](const ReplicateFailure& f) {
    std::cerr << "\ngrainsim " << command << ": " << f.describe()
              << (options.on_failure == OnFailure::skip ? " (skipped)" : "") << "\n";
  };
  observer.progress = [&](std::size_t done) { progress.update(done); };

  EnsembleSummary summary;
  try {
    summary = runEnsemble(arms, layout, options, observer, &journal);
  } catch (const EnsembleFailure&) {
    std::cerr << "grainsim " << command
              << ": stopped at the failing replicate (--on-failure stop); nothing was written. "
                 "--on-failure skip leaves failing replicates out.\n";
    if (journal.count() == 0)
      journal.remove();
    else
      std::cerr << "grainsim " << command << ": the " << journal.count()
                << " replicates before it are kept in " << journal.path().string()
                << "; run again (with --on-failure skip) to resume from them.\n";
    return kExitFailure;
  }
  progress.finish();
  const auto failed =
      static_cast<std::uint32_t>(std::count(summary.failed.begin(), summary.failed.end(), 1));
  if (failed == options.replicates) {
    std::cerr << "grainsim " << command << ": every replicate failed; nothing was written\n";
    journal.remove();  // a rerun would fail them all again
    return kExitFailure;
  }

  EnsembleProvenance provenance;
  provenance.title = "grainsim " + command;
  for (const auto& arm : arms) {
    provenance.scenario_names.push_back(arm.scenario->nominal().name);
    provenance.scenario_texts.push_back(arm.scenario->nominal().resolved_text);
  }
  provenance.seed = options.seed;
  provenance.common_random_numbers = options.common_random_numbers;
  provenance.version = std::string(codeVersion());
  provenance.command_line = command_line;
  writer.finish(summary, provenance);
  journal.remove();
  if (settings.summary_json)
    writeSummaryJson(*settings.summary_json,
                     ensembleSummaryJson({command, out_path.string(),
                                          provenance.scenario_names.front(), options.seed},
                                         layout, summary),
                     settings.force);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  if (!settings.quiet) {
    printHeadline(std::cout, layout, summary);
    std::cout << "\n"
              << options.replicates << " replicates (" << failed << " failed and skipped), seed "
              << options.seed << ", quantiles " << summary.quantile_method << ": written to "
              << out_path.string() << " in " << seconds << " s wall\n";
  }
  return kExitOk;
}

}  // namespace grainsim::cli

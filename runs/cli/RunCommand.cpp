/// \brief `grainsim run`: load and validate a scenario, simulate, write the HDF5 file, summarise.
#include <unistd.h>
#include <boost/program_options.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "model/ScenarioLoader.hpp"
#include "model/Simulation.hpp"
#include "model/Version.hpp"
#include "runs/cli/CommandErrors.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/cli/NumericOptions.hpp"
#include "runs/cli/Summary.hpp"
#include "runs/cli/SummaryJson.hpp"
#include "runs/ensemble/Progress.hpp"
#include "runs/output/OutputFile.hpp"

namespace grainsim::cli {

namespace po = boost::program_options;

namespace {

/// --progress: auto draws a bar on a terminal only; on also writes lines into a log; off.
Progress::Style progressStyle(const std::string& value) {
  if (value == "auto")
    return isatty(STDERR_FILENO) == 1 ? Progress::Style::terminal : Progress::Style::off;
  if (value == "on") return Progress::styleFor(false);
  if (value == "off") return Progress::Style::off;
  throw std::invalid_argument("--progress '" + value + "': must be auto, on or off");
}

}  // namespace

int runCommand(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("grainsim run [options]");
  opts.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>(),
      "scenario INI file (default: the embedded DPRK winter 2026-27, runs/dprk-2026-winter.ini)")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a parameter, key=value (repeatable; see grainsim describe)")(
      "seed", po::value<std::string>(), "random seed (overrides run.seed)")(
      "replicate", po::value<std::string>(),
      "run this replicate of a forecast alone: its own random streams and its draw of the "
      "scenario's priors (default: replicate 0 with every prior at its median)")(
      "threads", po::value<std::string>()->default_value("0"), "worker threads (0: all cores)")(
      "out", po::value<std::string>(), "output HDF5 file (default: <scenario name>.h5)")(
      "force", "overwrite an existing output file")("quiet,q", "print no summary")(
      "progress", po::value<std::string>()->default_value("auto"),
      "progress on stderr: auto (a bar on a terminal), on (a bar on a terminal, else a line "
      "each tenth of the run), off")(
      "summary-json", po::value<std::string>(),
      "also write the summary's numbers (prices and food-insecure shares by region on the "
      "first day, 15 January and the last day) to this JSON file, for scripts");

  po::variables_map vm;
  if (auto stop = parseCommandLine("run", args, opts, vm)) return *stop;
  return guardedCommand("run", [&] {
    const int threads = threadsOption(vm);
    std::optional<std::filesystem::path> scenario_file;
    if (vm.count("scenario")) scenario_file = vm["scenario"].as<std::string>();
    auto overrides =
        vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (vm.count("seed")) overrides.push_back("run.seed=" + std::to_string(seedOption(vm)));
    const UncertainScenario uncertain = loadUncertainScenario(scenario_file, overrides);
    const std::uint32_t replicate =
        vm.count("replicate")
            ? static_cast<std::uint32_t>(wholeOption(
                  vm, "replicate", {0, 4294967295, "replicates are numbered in 32 bits"}))
            : 0;
    const std::uint32_t seed = uncertain.nominal().params.run.seed;
    const Scenario scenario = vm.count("replicate")
                                  ? uncertain.realise(uncertain.draw(seed, replicate))
                                  : uncertain.nominal();
    printScenarioWarnings("run", scenario);

    const std::filesystem::path out_path = vm.count("out")
                                               ? std::filesystem::path(vm["out"].as<std::string>())
                                               : std::filesystem::path(scenario.name + ".h5");
    const bool force = vm.count("force") > 0;
    checkOutputPath(out_path, force);  // fail before a long run, not after it
    checkNotAnInput(out_path, scenario.input_files);
    std::optional<std::filesystem::path> summary_json;
    if (vm.count("summary-json")) {
      summary_json = vm["summary-json"].as<std::string>();
      checkOutputPath(*summary_json, force);
      checkNotAnInput(*summary_json, {out_path});
    }

    Progress progress(std::cerr, "days", static_cast<std::size_t>(scenario.days()),
                      progressStyle(vm["progress"].as<std::string>()));
    const auto t0 = std::chrono::steady_clock::now();
    const RunOptions run{seed, replicate, threads};
    const RunOutput out = simulate(scenario, run, [&](const State& st) {
      progress.update(static_cast<std::size_t>(st.day - scenario.spinupDays()));
    });
    progress.finish();
    const Provenance provenance{scenario.name, scenario.resolved_text,     run.seed,
                                run.replicate, std::string(codeVersion()), command_line};
    writeOutputFile(out_path, out, provenance, force);
    if (summary_json)
      writeSummaryJson(*summary_json,
                       runSummaryJson({"run", out_path.string(), scenario.name, run.seed}, out),
                       force);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    if (!vm.count("quiet")) {
      if (!uncertain.priors().empty() && !vm.count("replicate"))
        std::cout << "Note: the scenario's " << uncertain.priors().size()
                  << " priors are at their medians; grainsim forecast samples them.\n\n";
      printSummary(std::cout, out);
      std::cout << "\nScenario '" << scenario.name << "', seed " << run.seed
                << (vm.count("replicate") ? ", replicate " + std::to_string(replicate) : "") << ": "
                << out.days << " days, written to " << out_path.string() << " in " << seconds
                << " s wall\n";
      if (!scenario.warnings.empty())
        std::cout << "\n" << scenario.warnings.size() << " warning(s) at load, repeated here:\n";
      for (const std::string& w : scenario.warnings) std::cout << "  warning: " << w << "\n";
    }
    return kExitOk;
  });
}

}  // namespace grainsim::cli

/// \brief `grainsim compare`: a policy and its baseline, replicate by replicate on common random
/// numbers, reduced to quantiles of each and of the effects (policy - baseline, policy/baseline -
/// 1).
#include <iostream>

#include "runs/cli/CommandErrors.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/cli/EnsembleCommand.hpp"

namespace grainsim::cli {

namespace po = boost::program_options;

int compareCommand(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("grainsim compare [options]");
  opts.add_options()("help,h", "show this help")(
      "policy", po::value<std::string>(),
      "policy scenario INI (default: the embedded DPRK winter 2026-27 with its aid)")(
      "baseline", po::value<std::string>(),
      "baseline scenario INI (default: the policy scenario with aid.tonnage_scale = 0, no aid)")(
      "independent",
      "draw the baseline from independent random streams instead of common random numbers "
      "(to measure what common random numbers buy)");
  addEnsembleOptions(opts);

  po::variables_map vm;
  if (auto stop = parseCommandLine("compare", args, opts, vm)) return *stop;
  return guardedCommand("compare", [&] {
    EnsembleSettings settings = ensembleSettings(vm);
    settings.options.common_random_numbers = vm.count("independent") == 0;
    std::optional<std::filesystem::path> policy_file;
    if (vm.count("policy")) policy_file = vm["policy"].as<std::string>();
    const UncertainScenario policy = loadUncertainScenario(policy_file, settings.overrides);
    printScenarioWarnings("compare", policy.nominal());

    std::optional<std::filesystem::path> baseline_file = policy_file;
    std::vector<std::string> baseline_overrides = settings.overrides;
    std::string baseline_name = policy.nominal().name + "-no-aid";
    if (vm.count("baseline")) {
      baseline_file = vm["baseline"].as<std::string>();
      baseline_name.clear();
    } else {
      baseline_overrides.push_back("aid.tonnage_scale=0");
    }
    const UncertainScenario baseline = loadUncertainScenario(baseline_file, baseline_overrides);
    if (baseline_name.empty()) baseline_name = baseline.nominal().name;

    const std::filesystem::path out =
        settings.out.value_or(policy.nominal().name + "-vs-" + baseline_name + ".h5");
    return runEnsembleCommand("compare", {{"policy", &policy}, {"baseline", &baseline}}, settings,
                              out, command_line);
  });
}

}  // namespace grainsim::cli

/// \brief `grainsim forecast`: N replicates of one scenario, its priors drawn per replicate,
/// reduced to quantiles and means of every output variable.
#include <iostream>

#include "runs/cli/CommandErrors.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/cli/EnsembleCommand.hpp"

namespace grainsim::cli {

namespace po = boost::program_options;

int forecastCommand(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("grainsim forecast [options]");
  opts.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>(),
      "scenario INI file, whose values may be priors (default: the embedded DPRK winter 2026-27; "
      "runs/dprk-2026-winter-uncertain.ini adds priors)");
  addEnsembleOptions(opts);

  po::variables_map vm;
  if (auto stop = parseCommandLine("forecast", args, opts, vm)) return *stop;
  return guardedCommand("forecast", [&] {
    const EnsembleSettings settings = ensembleSettings(vm);
    std::optional<std::filesystem::path> file;
    if (vm.count("scenario")) file = vm["scenario"].as<std::string>();
    const UncertainScenario scenario = loadUncertainScenario(file, settings.overrides);
    printScenarioWarnings("forecast", scenario.nominal());
    const std::filesystem::path out =
        settings.out.value_or(scenario.nominal().name + "-forecast.h5");
    return runEnsembleCommand("forecast", {{"", &scenario}}, settings, out, command_line);
  });
}

}  // namespace grainsim::cli

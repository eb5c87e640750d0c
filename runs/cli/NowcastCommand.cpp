/// \brief `grainsim nowcast`: the prices known on a date, as a start.prices table, each region's
/// latest observed price carried to the date by the exchange rate (calibration/Observations.hpp).
#include <iostream>

#include "calibration/Observations.hpp"
#include "calibration/Origins.hpp"
#include "calibration/ScenarioIni.hpp"
#include "model/Drivers.hpp"
#include "model/ScenarioError.hpp"
#include "runs/cli/CalibrationCommon.hpp"
#include "runs/cli/CommandErrors.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/output/OutputFile.hpp"

namespace grainsim::cli {

namespace po = boost::program_options;

int nowcastCommand(const std::vector<std::string>& args) {
  po::options_description opts("grainsim nowcast [options]");
  opts.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>(),
      "scenario whose regions, commodities and exchange.path are used")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario value, key=value (repeatable)")(
      "date", po::value<std::string>()->required(), "the day the prices are known on")(
      "out", po::value<std::string>()->required(), "start.prices CSV to write")(
      "force", "overwrite an existing file");
  addObservationOptions(opts);
  po::variables_map vm;
  if (auto stop = parseCommandLine("nowcast", args, opts, vm)) return *stop;
  return guardedCommand("nowcast", [&] {
    checkOutputPath(vm["out"].as<std::string>(), vm.count("force") > 0);
    std::optional<std::filesystem::path> file;
    if (vm.count("scenario")) file = vm["scenario"].as<std::string>();
    std::vector<std::string> overrides;
    if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
    const Date date = dateOption(vm, "date");
    const Scenario base = loadScenario(file, overrides);
    if (base.exchange_path.empty())
      throw ScenarioError("scenario '" + base.name + "' has no exchange.path to carry prices by");
    const auto known = knownExchangePath(base.exchange_path, date);
    const auto observations = allObservations(observationSource(vm), base);
    writeTextFile(
        vm["out"].as<std::string>(),
        nowcastStartPricesCsv(
            observations, base, date, [&](Date d) { return exchangeRateOnPath(known, d); },
            static_cast<int>(base.params.start.max_age_days)),
        vm.count("force") > 0);
    return kExitOk;
  });
}

}  // namespace grainsim::cli

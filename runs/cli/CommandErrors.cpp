#include "runs/cli/CommandErrors.hpp"

#include <iostream>
#include <stdexcept>

#include "model/NearestName.hpp"
#include "model/Scenario.hpp"
#include "model/ScenarioError.hpp"
#include "model/ShownText.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/output/OutputFile.hpp"

namespace grainsim::cli {

void printScenarioWarnings(const std::string& command, const Scenario& s) {
  for (const std::string& w : s.warnings)
    std::cerr << "grainsim " << command << ": warning: " << w << "\n";
}

int guardedCommand(const std::string& command, const std::function<int()>& body) {
  const std::string prefix = "grainsim " + command + ": ";
  try {
    return body();
  } catch (const ScenarioError& e) {
    std::cerr << prefix << "scenario error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const WriteError& e) {
    std::cerr << prefix << "write error: " << e.what() << "\n";
    return kExitFailure;  // the place was fine, the writing failed: not bad input
  } catch (const OutputError& e) {
    std::cerr << prefix << "output error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << prefix << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << prefix << "failed: " << e.what() << "\n";
    return kExitFailure;
  }
}

std::optional<int> parseCommandLine(
    const std::string& command, const std::vector<std::string>& args,
    const boost::program_options::options_description& opts,
    boost::program_options::variables_map& vm,
    const boost::program_options::positional_options_description* positional) {
  namespace po = boost::program_options;
  try {
    po::command_line_parser parser(args);
    parser.options(opts);
    if (positional) parser.positional(*positional);
    const po::parsed_options parsed = parser.run();
    // A bare word no option takes (`grainsim run runs/x.ini`) is refused, not silently ignored.
    // (Commands with positional arguments, merge and sensitivity, map them to options.)
    const auto stray = positional
                           ? std::vector<std::string>{}
                           : po::collect_unrecognized(parsed.options, po::include_positional);
    if (!stray.empty()) {
      std::cerr << "grainsim " << command << ": unexpected argument '" << shownText(stray.front())
                << "' (options start with --; a scenario file is given as --scenario FILE)\n\n"
                << opts;
      return kExitBadInput;
    }
    po::store(parsed, vm);
    // --help before notify(), so that it works without the required options.
    if (vm.count("help")) {
      std::cout << opts;
      return kExitOk;
    }
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::vector<std::string> names;
    for (const auto& option : opts.options()) names.push_back("--" + option->long_name());
    std::cerr << "grainsim " << command << ": " << shownText(e.what())
              << didYouMean(e.get_option_name(), names) << "\n\n"
              << opts;
    return kExitBadInput;
  } catch (const po::error& e) {
    std::cerr << "grainsim " << command << ": " << shownText(e.what()) << "\n\n" << opts;
    return kExitBadInput;
  }
  return std::nullopt;
}

}  // namespace grainsim::cli

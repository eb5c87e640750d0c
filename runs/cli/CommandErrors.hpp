/// \brief One place that turns a command's exceptions into its message and exit code.
#pragma once

#include <boost/program_options.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace grainsim {
struct Scenario;
}

namespace grainsim::cli {

/// Prints what the loader noticed but allowed (Scenario::warnings), one "warning:" line each,
/// to stderr; nothing when there is none.
void printScenarioWarnings(const std::string& command, const Scenario& s);

/// Runs `body` and returns its exit code. Bad input (ScenarioError, OutputError,
/// std::invalid_argument from option checks) prints "grainsim <command>: ..." and gives
/// kExitBadInput; a WriteError (I/O error, full disk, file-size limit) prints "... write
/// error: ..." and any other exception "... failed: ...", both kExitFailure.
int guardedCommand(const std::string& command, const std::function<int()>& body);

/// Parses `args` into `vm`. Returns the exit code when the command should stop here: after
/// --help (usage on stdout, kExitOk) or a malformed command line (message and usage on
/// stderr, kExitBadInput); nullopt to go on. `positional`, if given, maps bare arguments.
std::optional<int> parseCommandLine(
    const std::string& command, const std::vector<std::string>& args,
    const boost::program_options::options_description& opts,
    boost::program_options::variables_map& vm,
    const boost::program_options::positional_options_description* positional = nullptr);

}  // namespace grainsim::cli

/// \brief grainsim command line: `grainsim <command> [options]`.
#include <hdf5.h>

#include <csignal>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "model/NearestName.hpp"
#include "model/ShownText.hpp"
#include "model/Version.hpp"
#include "runs/cli/Commands.hpp"

namespace {

constexpr const char* kUsage =
    "grainsim: agent-based model of food aid and food prices\n"
    "\n"
    "usage: grainsim <command> [options]\n"
    "\n"
    "commands:\n"
    "  run        simulate a scenario and write an HDF5 file (default: the DPRK winter 2026-27)\n"
    "  forecast   run replicates of a scenario with its priors; write quantile trajectories\n"
    "  compare    run a policy and its baseline on common random numbers; write the effects\n"
    "  sweep      run a design (grid, lhs, sobol) over policy parameters; sharded, resumable\n"
    "  merge      join a sweep's shard files into one file\n"
    "  sensitivity  Sobol indices with bootstrap intervals from a sobol sweep\n"
    "  calibrate  fit parameters to observed prices (NLopt); calibrated scenario, posterior\n"
    "  backtest   rolling-origin forecasts of observed prices, scored against naive ones\n"
    "  nowcast    the prices observed up to a date as a start.prices table\n"
    "  describe   print the parameter dictionary (or the output dictionary, the default INI)\n"
    "  validate   run the fixed validation experiments and write docs/VALIDATION.md\n"
    "  bench      time runs by phase; memory traffic and peak memory (docs/PERFORMANCE.md)\n"
    "  export     any grainsim file as a tidy CSV; --monthly: month means and changes\n"
    "  report     one self-contained HTML page of any file: a run's map, fan charts, monthly\n"
    "             table, aid and ledger; a sweep's, a sensitivity's, a backtest's or a fit's own\n"
    "\n"
    "`grainsim help <command>` (or `grainsim <command> --help`) shows a command's options;\n"
    "`grainsim --version` prints the version.\n";

using Command = int (*)(const std::vector<std::string>&, const std::string&);

/// Every command by name, in the order of kUsage.
const std::vector<std::pair<std::string, Command>>& commands() {
  using namespace grainsim::cli;
  static const std::vector<std::pair<std::string, Command>> table{
      {"run", runCommand},
      {"forecast", forecastCommand},
      {"compare", compareCommand},
      {"sweep", sweepCommand},
      {"merge", mergeCommand},
      {"sensitivity", sensitivityCommand},
      {"calibrate", calibrateCommand},
      {"backtest", backtestCommand},
      {"nowcast", [](const std::vector<std::string>& args,
                     const std::string&) { return nowcastCommand(args); }},
      {"describe", [](const std::vector<std::string>& args,
                      const std::string&) { return describeCommand(args); }},
      {"validate", validateCommand},
      {"bench", benchCommand},
      {"export", [](const std::vector<std::string>& args,
                    const std::string&) { return exportCommand(args); }},
      {"report", [](const std::vector<std::string>& args, const std::string&) {
         return reportCommand(args);
       }}};
  return table;
}

std::vector<std::string> commandNames() {
  std::vector<std::string> names;
  for (const auto& [name, command] : commands()) names.push_back(name);
  return names;
}

Command findCommand(const std::string& name) {
  for (const auto& [known, command] : commands())
    if (known == name) return command;
  return nullptr;
}

std::string quoted(const std::string& arg) {
  if (!arg.empty() && arg.find_first_of(" \t'\"\\$") == std::string::npos) return arg;
  std::string q = "'";
  for (char c : arg) {
    if (c == '\'')
      q.append("'\\''");  // close the quote, an escaped quote, reopen
    else
      q.push_back(c);
  }
  q.push_back('\'');
  return q;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace grainsim::cli;
  // Over a file-size limit (ulimit -f), write() then fails with EFBIG and the writer reports it
  // and keeps the old file, instead of the process dying half-way.
  std::signal(SIGXFSZ, SIG_IGN);
  // HDF5 1.10 frees a file whose close failed (full disk, EFBIG) but leaves its id registered
  // (HDFFV-11052, fixed in HDF5 1.14.1); its clean-up at exit then closes the freed file again
  // and crashes (SIGSEGV in H5F__close_cb). Every writer closes its handles itself (RAII), so
  // the clean-up at exit has nothing left to do: it is not installed. Must precede any HDF5
  // call.
  H5dont_atexit();
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command_line = "grainsim";
  for (const auto& a : args) command_line.append(" ").append(quoted(a));

  if (args.empty() || args[0] == "--help" || args[0] == "-h" ||
      (args[0] == "help" && args.size() == 1)) {
    std::cout << kUsage;
    return args.empty() ? kExitBadInput : kExitOk;
  }
  if (args[0] == "--version" || args[0] == "-V" || args[0] == "version") {
    std::cout << "grainsim " << grainsim::codeVersion() << "\n";
    return kExitOk;
  }
  if (args[0] == "help") args = {args[1], "--help"};  // grainsim help run = grainsim run --help
  const std::string command = args[0];
  args.erase(args.begin());
  if (const Command found = findCommand(command)) return found(args, command_line);
  std::cerr << "grainsim: unknown command '" << grainsim::shownText(command) << "'"
            << grainsim::didYouMean(command, commandNames()) << "\n\n"
            << kUsage;
  return kExitBadInput;
}

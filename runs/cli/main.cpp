/// \brief grainsim command line: `grainsim <command> [options]`.
#include <hdf5.h>

#include <csignal>
#include <iostream>
#include <string>
#include <vector>

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
    "\n"
    "`grainsim <command> --help` shows a command's options.\n";

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

  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? kExitBadInput : kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "run") return runCommand(args, command_line);
  if (command == "forecast") return forecastCommand(args, command_line);
  if (command == "compare") return compareCommand(args, command_line);
  if (command == "sweep") return sweepCommand(args, command_line);
  if (command == "merge") return mergeCommand(args, command_line);
  if (command == "sensitivity") return sensitivityCommand(args, command_line);
  if (command == "calibrate") return calibrateCommand(args, command_line);
  if (command == "backtest") return backtestCommand(args, command_line);
  if (command == "nowcast") return nowcastCommand(args);
  if (command == "describe") return describeCommand(args);
  if (command == "validate") return validateCommand(args, command_line);
  if (command == "bench") return benchCommand(args, command_line);
  std::cerr << "grainsim: unknown command '" << command << "'\n\n" << kUsage;
  return kExitBadInput;
}

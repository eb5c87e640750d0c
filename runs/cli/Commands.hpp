/// \brief The grainsim subcommands; each returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace grainsim::cli {

/// Exit codes: 0 success, 1 internal failure, 2 bad input (arguments, scenario, output path).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

/// `args` excludes the program and command names; `command_line` is the whole invocation.
int runCommand(const std::vector<std::string>& args, const std::string& command_line);
int describeCommand(const std::vector<std::string>& args);
/// N replicates of one scenario reduced to quantiles (docs/UNCERTAINTY.md).
int forecastCommand(const std::vector<std::string>& args, const std::string& command_line);
/// A policy against its baseline on common random numbers, with the effects' quantiles.
int compareCommand(const std::vector<std::string>& args, const std::string& command_line);
/// Runs the fixed validation experiments and writes the Markdown report (docs/VALIDATION.md).
int validateCommand(const std::vector<std::string>& args, const std::string& command_line);
/// Times full runs by phase and measures memory traffic and peak memory (docs/PERFORMANCE.md).
int benchCommand(const std::vector<std::string>& args, const std::string& command_line);

/// A design over policy parameters, reduced to named outputs; sharded, resumable
/// (docs/SWEEPS.md).
int sweepCommand(const std::vector<std::string>& args, const std::string& command_line);
/// Joins a sweep's shard files into one.
int mergeCommand(const std::vector<std::string>& args, const std::string& command_line);
/// First-order and total Sobol indices, with bootstrap intervals, from a sobol sweep's file.
/// Fits parameter ranges to observed prices (docs/CALIBRATION.md).
int calibrateCommand(const std::vector<std::string>& args, const std::string& command_line);
/// Rolling-origin forecasts of the observed prices scored beside naive ones (docs/BACKTEST.md).
int backtestCommand(const std::vector<std::string>& args, const std::string& command_line);
/// The prices known on a date as a start.prices table, carried by the exchange rate.
int nowcastCommand(const std::vector<std::string>& args);
int sensitivityCommand(const std::vector<std::string>& args, const std::string& command_line);
/// Any grainsim file as a tidy long CSV, or month means with changes (analysis/export.py).
int exportCommand(const std::vector<std::string>& args);
/// A self-contained HTML report of a run, forecast or compare file (analysis/report.py).
int reportCommand(const std::vector<std::string>& args);

}  // namespace grainsim::cli

/// \brief Variance-based sensitivity of a sobol sweep: first-order and total Sobol indices of
/// every named output, cell by cell, with bootstrap intervals; and their HDF5 file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "runs/sweep/SobolIndices.hpp"
#include "runs/sweep/SweepFile.hpp"

namespace grainsim {

struct SensitivitySettings {
  std::size_t resamples = 1000;
  double confidence = 0.95;
  std::uint32_t bootstrap_seed = 1;
};

/// One output of the sweep: indices per cell (C order over the output's dimensions).
struct OutputSensitivity {
  SweepVariable variable;
  std::vector<SobolIndices> cells;
};

struct SensitivityReport {
  std::filesystem::path source;
  SweepLayout layout;  ///< of the sweep analysed
  SensitivitySettings settings;
  std::vector<OutputSensitivity> outputs;  ///< every --outputs term (trajectories are not analysed)
};

/// Reads a complete sobol sweep (unsharded or merged) and estimates the indices of each cell of
/// each output from its mean over replicates. Throws OutputError for a file that is not such a
/// sweep (another design, a single shard).
SensitivityReport analyseSweep(const std::filesystem::path& sweep_file,
                               const SensitivitySettings& settings);

/// Writes `<name>_S1`, `<name>_ST` and their `_low` / `_high` bounds (parameter, dims...) and
/// `<name>_variance` (dims...) for every output, with the settings and the sweep's provenance.
/// Temporary file, then rename. Throws OutputError.
void writeSensitivityFile(const SensitivityReport& report, const std::filesystem::path& out,
                          bool overwrite, const std::string& command_line);

}  // namespace grainsim

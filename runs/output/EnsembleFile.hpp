/// \brief Writes an ensemble's quantiles, means, sampled parameters and (optionally) every
/// replicate's trajectories as one NetCDF-4 compatible HDF5 file, and reads datasets back.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "model/RunOutput.hpp"

namespace grainsim {

/// The shape of an ensemble file, fixed before the first replicate runs.
struct EnsembleLayout {
  /// Coordinates of the model dimensions (time, region, commodity, tier; values unused),
  /// e.g. emptyOutput(scenario).
  RunOutput coordinates;
  /// Empty for a forecast: no `arm` dimension. {"policy", "baseline"} for a comparison: every
  /// arm variable gets a leading `arm` dimension and the effect variables are written.
  std::vector<std::string> arms;
  std::vector<double> probabilities;  ///< the `quantile` coordinate
  std::uint32_t replicates = 0;       ///< the `replicate` coordinate is 0..replicates-1
  bool keep_replicates = false;       ///< also write <var>_replicates, streamed per replicate
  /// The `parameter` coordinate: every sampled key (e.g. "income.coping_share"), with the prior
  /// as written ("uniform(0.05, 0.2)") and the units of the values ("1", "days since 1970-01-01").
  std::vector<std::string> parameter_names, parameter_priors, parameter_units;
};

/// Reduced results, written once at the end. "Cells" are RunOutput::flatValues() order.
struct EnsembleSummary {
  /// Per arm (one for a forecast): [quantile][cell] and [cell].
  std::vector<std::vector<double>> quantiles, means;
  /// Comparison only (empty otherwise): policy - baseline and policy / baseline - 1.
  std::vector<double> effect_quantiles, effect_means, relative_quantiles, relative_means;
  /// [arm][replicate][parameter]; NaN where an arm has no such prior. A failed replicate keeps
  /// the values it drew, so the file shows what made it fail.
  std::vector<double> parameter_values;
  /// [replicate]: 1 if the replicate failed and was skipped, else 0.
  std::vector<std::int8_t> failed;
  std::string quantile_method;  ///< "exact (type 7)" or "P-square (Boost.Accumulators)"
  std::uint32_t exact_limit = 0;
};

/// Root attributes: what was run, by whom, with what.
struct EnsembleProvenance {
  std::string title;  ///< "grainsim forecast" / "grainsim compare"
  /// Per arm (one for a forecast): scenario names and full resolved texts (nominal values and
  /// the priors as written).
  std::vector<std::string> scenario_names, scenario_texts;
  std::uint32_t seed = 0;
  bool common_random_numbers = true;
  std::string version, command_line;
};

/// Creates a fresh temporary file beside `path` at once (after checkOutputPath; model/
/// TempFile.hpp) and renames it over `path` only in finish(); if destroyed before, the
/// temporary file is removed and `path` is untouched. Throws OutputError (OutputFile.hpp) for a
/// path checkOutputPath refuses, and WriteError naming the path on any other failure, including
/// sizes that do not match the layout (a refused call writes nothing and leaves the writer
/// usable).
/// The layout needs 0 or 2 arms, at least one probability (in [0, 1], strictly increasing), at
/// least one replicate, and as many priors and units as parameter names.
/// File layout: docs/UNCERTAINTY.md, "Ensemble files" and the comment at the top of
/// EnsembleFile.cpp.
class EnsembleWriter {
 public:
  EnsembleWriter(const std::filesystem::path& path, bool overwrite, EnsembleLayout layout);
  ~EnsembleWriter();
  EnsembleWriter(const EnsembleWriter&) = delete;
  EnsembleWriter& operator=(const EnsembleWriter&) = delete;

  /// Only with keep_replicates: writes one replicate's trajectories of one arm (`out` must have
  /// the layout's coordinates), as one hyperslab per variable; nothing is kept in memory. A
  /// replicate that is never written (failed) stays NaN. Calls from several threads are
  /// serialised.
  void writeReplicate(std::size_t arm, std::uint32_t replicate, const RunOutput& out);
  /// Writes everything else, closes and renames into place (re-checking `path` first). Once only.
  void finish(const EnsembleSummary& summary, const EnsembleProvenance& provenance);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One numeric dataset of any grainsim HDF5 file: its shape and values (as doubles), for tests
/// and tools. Throws OutputError.
struct DatasetValues {
  std::vector<std::uint64_t> shape;
  std::vector<double> values;
};
DatasetValues readDataset(const std::filesystem::path& path, const std::string& name);

}  // namespace grainsim

/// \brief `--summary-json FILE` of run, forecast and compare: the headline numbers as JSON rows
/// for scripts (the same dates, regions and commodities as the printed table).
#pragma once

#include <filesystem>
#include <string>

#include "model/RunOutput.hpp"
#include "runs/output/EnsembleFile.hpp"

namespace grainsim::cli {

/// What the JSON says about the file it summarises.
struct SummarySource {
  std::string kind;      ///< run, forecast or compare
  std::string file;      ///< the HDF5 file written
  std::string scenario;  ///< scenario name
  std::uint32_t seed = 0;
};

/// A run's retail prices (KPW/kg) and food-insecure shares on the first day, 15 January (when
/// in the horizon) and the last day: {"kind", "file", "scenario", "seed", "grainsim_version",
/// "rows": [{"date", "region", "variable", "commodity", "units", "value"}]}; NaN is null.
std::string runSummaryJson(const SummarySource& source, const RunOutput& out);

/// The same rows for an ensemble, each with "mean" and "quantiles" {"0.05": ...} over
/// replicates: of price and food_insecure_share (forecast) or of price_relative_effect and
/// food_insecure_share_effect (compare).
std::string ensembleSummaryJson(const SummarySource& source, const EnsembleLayout& layout,
                                const EnsembleSummary& summary);

/// Writes `text` to `path` through a temporary file and a rename (checkOutputPath first).
void writeSummaryJson(const std::filesystem::path& path, const std::string& text, bool overwrite);

}  // namespace grainsim::cli

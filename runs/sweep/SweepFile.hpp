/// \brief The sweep file (one shard's or the whole sweep's): the design table, every named
/// output per point and replicate, optional trajectories, failures and provenance; NetCDF-4
/// compatible HDF5, written row by row so memory does not grow with the number of points.
///
/// Layout (dimensions in brackets; docs/SWEEPS.md has the user's view):
///   point [point] int32          global index of the design point (shards hold every n-th)
///   parameter [parameter]        swept key; parameter_range, parameter_scale, parameter_units
///   replicate [replicate] int32  replicate number (random streams of seed and replicate)
///   time, region, commodity, tier, quintile   the model's coordinates, as in a run file
///   design [point, parameter]    the parameter values (dates: days since 1970-01-01)
///   design_unit [point, parameter]  the design's coordinates in the unit hypercube
///   saltelli_row, saltelli_block [point] int32   sobol designs only: base sample and matrix
///                                (0 = A, 1 = B, 2 + i = AB_i), what `grainsim sensitivity` needs
///   <output> [point, replicate, dims of the variable after time]  every --outputs term
///   <variable>_trajectory [point, replicate, time, ...]          every --trajectories name
///   point_failed [point] int8, point_failure [point] string (empty when the point ran)
///   root attributes: design, samples, design_seed, seed, replicates, total_points, shard,
///                    shard_count, fingerprint, scenario_name, scenario, version, command line
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "model/OutputDictionary.hpp"
#include "model/RunOutput.hpp"
#include "runs/sweep/Shard.hpp"
#include "runs/sweep/SweepJournal.hpp"
#include "runs/sweep/SweepPlan.hpp"

namespace grainsim {

/// One stored quantity: an --outputs term or a trajectory.
struct SweepVariable {
  std::string name;    ///< dataset name
  std::string output;  ///< the --outputs term, or "trajectory of <variable>"
  std::string units, long_name;
  std::vector<Dim> dims;  ///< of each run's value; the file adds `run` (after time, else first)
};

/// Everything a sweep file holds apart from the per-point values: what the writer lays out
/// and what a reader (merge, sensitivity) gets back.
struct SweepLayout {
  std::string fingerprint;
  Shard shard;
  std::uint32_t total_points = 0;  ///< in the whole sweep
  std::string design;              ///< grid, lhs, sobol
  std::uint32_t samples = 0, design_seed = 0, seed = 0, replicates = 0;
  std::vector<std::string> parameter_names, parameter_ranges, parameter_scales, parameter_units;
  std::vector<std::uint32_t> points;               ///< global indices held, ascending
  std::vector<double> design_values, unit_values;  ///< points x parameters
  RunOutput coordinates;                           ///< no values
  std::vector<SweepVariable> variables;            ///< outputs, then trajectories
  std::string scenario_name, scenario_text, version, command_line;

  std::size_t cells(const SweepVariable& v) const;  ///< per point and replicate
  std::size_t rowSize() const;                      ///< doubles per point, all variables
};

/// The layout of shard `shard` of `plan`'s sweep.
SweepLayout sweepLayout(const SweepPlan& plan, const Shard& shard, const std::string& command_line);

/// Writes a fresh temporary file beside `path` (model/TempFile.hpp) and renames it over `path`
/// at finish(); an unfinished writer removes its temporary file. Throws OutputError naming the
/// path (WriteError when the writing itself fails).
class SweepWriter {
 public:
  /// Fails now (path not writable, or it exists and not `overwrite`), not after the sweep.
  SweepWriter(std::filesystem::path path, bool overwrite, SweepLayout layout);
  ~SweepWriter();
  SweepWriter(const SweepWriter&) = delete;
  SweepWriter& operator=(const SweepWriter&) = delete;
  /// Row `row` (the index of record.point in layout().points): its values, in the order of
  /// layout().variables, each replicate-major; a failed point's values may be empty (NaN).
  void writeRow(std::size_t row, const PointRecord& record);
  /// Writes the failures and attributes, closes and renames. Every row must have been written.
  void finish();
  const SweepLayout& layout() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads a sweep file row by row (for merge and sensitivity). Throws OutputError.
class SweepReader {
 public:
  explicit SweepReader(const std::filesystem::path& path);
  ~SweepReader();
  SweepReader(SweepReader&&) noexcept;
  const SweepLayout& layout() const;
  /// The values and failure of row `row`, as SweepWriter::writeRow took them.
  PointRecord row(std::size_t row) const;
  /// Every value of variable `v`: points x replicates x cells.
  std::vector<double> variable(std::size_t v) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace grainsim

/// \brief HDF5 building blocks shared by the run file (OutputFile) and the ensemble file
/// (EnsembleFile): netCDF-4 friendly file creation, CF attributes, double variables, the model's
/// coordinates as dimension scales, chunking, the exclusive temporary file and readers.
#pragma once

#include <hdf5.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/RunOutput.hpp"
#include "model/TempFile.hpp"
#include "runs/output/Hdf5Handle.hpp"

namespace grainsim::hdf5 {

/// CF time units are "days since <start date>".
inline constexpr std::string_view kDaysSince = "days since ";

/// "'<path>'", for error messages.
std::string quoted(const std::filesystem::path& p);

/// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ", for the history attribute.
std::string nowIso();

/// `values` as [a][b][rest] rearranged to [b][a][rest] (rest = size / (a * b)): how a block kept
/// [replicate][time][...] in memory is written time first, and read back.
std::vector<double> swapLeadingAxes(const std::vector<double>& values, std::size_t a,
                                    std::size_t b);

/// Product of the extents (1 for a scalar).
hsize_t product(const std::vector<hsize_t>& shape);

/// Extents of `spec`'s dimensions in `out`, slowest varying first.
std::vector<hsize_t> shapeOf(const OutputSpec& spec, const RunOutput& out);

/// Throws std::runtime_error unless the coordinates are writable: days >= 0, a start date, and
/// kQuintiles quintiles.
void validateCoordinates(const RunOutput& out);
/// Throws std::runtime_error unless `out` holds one variable per outputTable() entry, each of
/// the size its dims give.
void validateValues(const RunOutput& out);

/// A fresh temporary file for `out` (model/TempFile.hpp: `<out>.tmp-<host>-<pid>-<random>`),
/// created exclusively (H5F_ACC_EXCL is O_EXCL: never through a planted link), with the
/// property lists netCDF-C needs to read it: library version bounds V18, tracked and indexed
/// creation order of links and attributes. `temp` takes its name; declare `temp` before the
/// returned File, so that the file is closed before its name is removed.
File createTempFile(const std::filesystem::path& out, TempFile& temp);

/// Dataset creation property list with tracked and indexed attribute creation order (netCDF-C
/// expects it on every object).
PropList datasetCreation();

/// Creation properties of a variable (time, leading..., ...): fill value NaN, chunked with shuffle
/// and deflate, each chunk holding `leading[k]` entries of the k-th leading axis (1 for replicate
/// and arm, so that a replicate can be written alone), a month of the time axis and the rest whole.
/// A bare series (rank 1) or a shape with a zero extent (chunks must be positive) stays contiguous.
PropList variableCreation(const std::vector<hsize_t>& shape,
                          const std::vector<hsize_t>& leading = {});

/// A fixed-length UTF-8 string attribute: netCDF reads it as NC_CHAR, which both xarray engines
/// decode to str.
void writeText(hid_t obj, const std::string& name, std::string_view text);
/// A scalar float64 attribute.
void writeDouble(hid_t obj, const std::string& name, double value);

/// A scalar 32-bit unsigned integer attribute.
void writeUInt(hid_t obj, const std::string& name, std::uint32_t value);

/// What every grainsim file says about itself, whatever its kind.
struct FileHeader {
  std::string_view kind;     ///< grainsim_file_kind: run, forecast, compare, sweep, ...
  std::string_view title;    ///< ACDD title
  std::string_view summary;  ///< ACDD summary: what the file holds, in a sentence or two
  std::string command_line;  ///< as typed
  std::string version;       ///< grainsim_version (codeVersion())
};

/// The provenance every grainsim file carries, under the same names in every kind: CF and ACDD
/// (Conventions, title, summary, institution, source, history, date_created, license, keywords,
/// creator_*), grainsim_file_kind, grainsim_version and command_line. Files with model
/// coordinates add time_coverage_* and featureType (ModelScales).
void writeRootHeader(hid_t file, const FileHeader& header);

/// After every variable is written: one group per set of dimensions that root variables have
/// (named after them, e.g. "time_region_commodity"), holding hard links to those variables and
/// to their coordinates and labels, so that a group's `to_dataframe()` has one row per cell and
/// nothing is broadcast. The data are not copied. Root attribute `tidy_groups` lists the groups.
void linkTidyGroups(hid_t file);

/// A float64 dataset of `shape`, written whole unless `values` is empty.
Dataset createDoubles(hid_t file, const std::string& name, const std::vector<hsize_t>& shape,
                      hid_t dcpl, const std::vector<double>& values);
/// A one-dimensional 32-bit integer (NC_INT) dataset.
Dataset createInt32s(hid_t file, const std::string& name, const std::vector<std::int32_t>& values);
/// A one-dimensional 8-bit integer (NC_BYTE) dataset.
Dataset createInt8s(hid_t file, const std::string& name, const std::vector<std::int8_t>& values);
/// A one-dimensional dataset of variable-length UTF-8 strings, which netCDF reads as NC_STRING.
Dataset createStrings(hid_t file, const std::string& name, const std::vector<std::string>& values);

/// Makes `ds` the dimension scale (the coordinate variable) of dimension `name`.
void makeScale(hid_t ds, const std::string& name);
/// A labelled dimension: the coordinate `name` is the index 0..N-1 (NC_INT; CDO and pandas
/// cannot use string coordinates) and `<name>_name` holds the labels (NC_STRING). Returns the
/// coordinate.
Dataset writeNames(hid_t file, const std::string& name, const std::vector<std::string>& names,
                   std::string_view long_name);

/// One dimension of a variable: the coordinate dataset (a dimension scale), its name, extent.
struct Axis {
  hid_t scale;
  std::string name;
  hsize_t size;
};
std::vector<hsize_t> shapeOf(std::span<const Axis> axes);
/// Attaches axes[k] as dimension k of dataset `name`.
void attachAxes(hid_t ds, const std::string& name, std::span<const Axis> axes);

/// A float64 variable along `axes` with units, long_name, _FillValue (NaN, which `dcpl` from
/// variableCreation also sets), cell_methods (per-day rates "time: mean", else "time: point",
/// then `more_cell_methods`), coordinates (the labels of labelled axes that are already written,
/// D_name or a sweep's run_point and run_replicate, then `more_coordinates`) and a standard_name
/// where CF has one; written whole (`values` empty: left to the fill value), its axes attached.
Dataset writeVariable(hid_t file, const std::string& name, std::span<const Axis> axes, hid_t dcpl,
                      const std::vector<double>& values, std::string_view units,
                      std::string_view long_name, std::string_view more_cell_methods = {},
                      std::string_view more_coordinates = {});

/// Every Dim in enum order, so that an array over it can be indexed by Dim.
inline constexpr std::array kAllDims = {Dim::time, Dim::region, Dim::commodity, Dim::tier,
                                        Dim::quintile};

/// The model's coordinates (time in CF "days since" units, the NC_STRING names, quintiles
/// 1..kQuintiles), written as dimension scales in Dim order. They stay open while variables
/// attach to them.
class ModelScales {
 public:
  ModelScales(hid_t file, const RunOutput& out);
  Axis axis(Dim d) const;
  /// The axes of `spec`, slowest varying first.
  std::vector<Axis> axes(const OutputSpec& spec) const;
  /// Closes the coordinate datasets (before the file is closed, so that closing it flushes).
  void close();

 private:
  std::vector<Dataset> datasets_;  ///< indexed by Dim
  std::array<hsize_t, kAllDims.size()> sizes_{};
};

/// Value of a fixed-length string attribute.
std::string readText(hid_t obj, const std::string& name);
/// Value of a scalar integer attribute, converted by HDF5.
std::uint32_t readUInt(hid_t obj, const std::string& name);

/// Extents of an open dataset.
std::vector<hsize_t> datasetShape(hid_t ds, const std::string& name);
/// All `count` values of an open numeric dataset, converted to double by HDF5.
std::vector<double> readValues(hid_t ds, const std::string& name, hsize_t count);
/// The strings of a one-dimensional variable-length string dataset.
std::vector<std::string> readStrings(hid_t file, const std::string& name);
/// The labels of dimension `name` (`<name>_name`; in files written before labelled dimensions,
/// the string coordinate `name` itself).
std::vector<std::string> readNames(hid_t file, const std::string& name);

}  // namespace grainsim::hdf5

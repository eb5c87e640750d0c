#include "runs/output/OutputFile.hpp"

#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "runs/output/Hdf5Handle.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;
namespace h5 = hdf5;

constexpr std::string_view kDaysSince = "days since ";
constexpr hsize_t kChunkDays = 31;
constexpr unsigned kDeflateLevel = 4;

/// Every Dim in enum order, so that an array over it can be indexed by Dim.
constexpr std::array kAllDims = {Dim::time, Dim::region, Dim::commodity, Dim::tier, Dim::quintile};
static_assert(
    [] {
      for (std::size_t i = 0; i < kAllDims.size(); ++i)
        if (static_cast<std::size_t>(kAllDims[i]) != i) return false;
      return true;
    }(),
    "kAllDims must list every Dim in enum order");

/// The dimension-scale dataset of each Dim, indexed by Dim.
using Scales = std::array<hid_t, kAllDims.size()>;

constexpr std::string_view kQuintileLongName =
    "income quintile within the region (1 = poorest fifth of persons)";

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

std::string nowIso() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

std::vector<hsize_t> shapeOf(const OutputSpec& spec, const RunOutput& out) {
  std::vector<hsize_t> shape;
  for (int k = 0; k < spec.rank; ++k) shape.push_back(out.dimSize(spec.dims[k]));
  return shape;
}

hsize_t product(const std::vector<hsize_t>& shape) {
  return std::accumulate(shape.begin(), shape.end(), hsize_t{1}, std::multiplies<>());
}

/// netCDF-C tracks and indexes attribute order on every object; do the same.
h5::PropList datasetCreation() {
  h5::PropList dcpl(H5Pcreate(H5P_DATASET_CREATE), "create dataset property list");
  h5::check(H5Pset_attr_creation_order(dcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
            "set attribute creation order");
  return dcpl;
}

/// A fixed-length string: netCDF reads it as NC_CHAR, which both xarray engines decode to str.
void writeText(hid_t obj, const std::string& name, std::string_view text) {
  // HDF5 rejects zero-size strings, so an empty text is stored as a single NUL.
  std::string buf(text);
  if (buf.empty()) buf.push_back('\0');
  h5::Datatype type(H5Tcopy(H5T_C_S1), "copy string type");
  h5::check(H5Tset_size(type.get(), buf.size()), "set string size");
  h5::check(H5Tset_strpad(type.get(), H5T_STR_NULLTERM), "set string padding");
  h5::check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string character set");
  h5::Dataspace space(H5Screate(H5S_SCALAR), "create scalar dataspace");
  h5::Attribute attr(
      H5Acreate2(obj, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
      "create attribute " + name);
  h5::check(H5Awrite(attr.get(), type.get(), buf.data()), "write attribute " + name);
}

void writeUInt(hid_t obj, const std::string& name, std::uint32_t value) {
  h5::Dataspace space(H5Screate(H5S_SCALAR), "create scalar dataspace");
  h5::Attribute attr(
      H5Acreate2(obj, name.c_str(), H5T_STD_U32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
      "create attribute " + name);
  h5::check(H5Awrite(attr.get(), H5T_NATIVE_UINT32, &value), "write attribute " + name);
}

h5::Dataset createDoubles(hid_t file, const std::string& name, const std::vector<hsize_t>& shape,
                          hid_t dcpl, const std::vector<double>& values) {
  h5::Dataspace space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                      "create dataspace for " + name);
  h5::Dataset ds(
      H5Dcreate2(file, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, dcpl, H5P_DEFAULT),
      "create dataset " + name);
  if (!values.empty())
    h5::check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
              "write dataset " + name);
  return ds;
}

h5::Dataset writeTime(hid_t file, const RunOutput& out) {
  std::vector<double> days(static_cast<std::size_t>(out.days));
  std::iota(days.begin(), days.end(), 0.0);
  h5::PropList dcpl = datasetCreation();
  h5::Dataset ds = createDoubles(file, "time", {days.size()}, dcpl.get(), days);
  writeText(ds.get(), "units", std::string(kDaysSince) + out.start_date);
  writeText(ds.get(), "calendar", "standard");
  writeText(ds.get(), "long_name", "time");
  writeText(ds.get(), "axis", "T");
  h5::check(H5DSset_scale(ds.get(), "time"), "make time a dimension scale");
  return ds;
}

/// Names as variable-length UTF-8 strings, which netCDF reads as an NC_STRING coordinate.
h5::Dataset writeNames(hid_t file, Dim dim, const std::vector<std::string>& names) {
  const std::string name(dimName(dim));
  h5::Datatype type(H5Tcopy(H5T_C_S1), "copy string type");
  h5::check(H5Tset_size(type.get(), H5T_VARIABLE), "make string type variable-length");
  h5::check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string character set");
  const hsize_t n = names.size();
  h5::Dataspace space(H5Screate_simple(1, &n, nullptr), "create dataspace for " + name);
  h5::PropList dcpl = datasetCreation();
  h5::Dataset ds(
      H5Dcreate2(file, name.c_str(), type.get(), space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      "create dataset " + name);
  std::vector<const char*> ptrs;
  for (const auto& s : names) ptrs.push_back(s.c_str());
  if (!ptrs.empty())
    h5::check(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()),
              "write dataset " + name);
  writeText(ds.get(), "long_name", name);
  h5::check(H5DSset_scale(ds.get(), name.c_str()), "make " + name + " a dimension scale");
  return ds;
}

/// Quintile numbers 1..n as 32-bit integers (NC_INT), with n the extent of the quintile axis of
/// every variable.
h5::Dataset writeQuintiles(hid_t file, const RunOutput& out) {
  const std::string name(dimName(Dim::quintile));
  std::vector<std::int32_t> numbers(out.dimSize(Dim::quintile));
  std::iota(numbers.begin(), numbers.end(), 1);
  const hsize_t n = numbers.size();
  h5::Dataspace space(H5Screate_simple(1, &n, nullptr), "create dataspace for " + name);
  h5::PropList dcpl = datasetCreation();
  h5::Dataset ds(H5Dcreate2(file, name.c_str(), H5T_STD_I32LE, space.get(), H5P_DEFAULT, dcpl.get(),
                            H5P_DEFAULT),
                 "create dataset " + name);
  if (!numbers.empty())
    h5::check(H5Dwrite(ds.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, numbers.data()),
              "write dataset " + name);
  writeText(ds.get(), "long_name", kQuintileLongName);
  writeText(ds.get(), "units", "1");
  h5::check(H5DSset_scale(ds.get(), name.c_str()), "make " + name + " a dimension scale");
  return ds;
}

/// The coordinate dataset of `dim`, made a dimension scale.
h5::Dataset writeScale(hid_t file, const RunOutput& out, Dim dim) {
  switch (dim) {
    case Dim::time:
      return writeTime(file, out);
    case Dim::region:
      return writeNames(file, dim, out.regions);
    case Dim::commodity:
      return writeNames(file, dim, out.commodities);
    case Dim::tier:
      return writeNames(file, dim, out.tiers);
    case Dim::quintile:
      return writeQuintiles(file, out);
  }
  throw std::logic_error("no coordinate for dimension " + std::string(dimName(dim)));
}

/// Daily series are read along time for a few regions/commodities, so chunk a month of whole
/// maps. Chunk sizes must be positive and within the (fixed) extent, hence the empty-dim guard.
h5::PropList variableCreation(const std::vector<hsize_t>& shape) {
  h5::PropList dcpl = datasetCreation();
  const bool chunk =
      shape.size() >= 2 && std::ranges::none_of(shape, [](hsize_t n) { return n == 0; });
  if (chunk) {
    std::vector<hsize_t> dims = shape;
    dims[0] = std::min(dims[0], kChunkDays);
    h5::check(H5Pset_chunk(dcpl.get(), static_cast<int>(dims.size()), dims.data()), "set chunking");
    h5::check(H5Pset_shuffle(dcpl.get()), "set shuffle filter");
    h5::check(H5Pset_deflate(dcpl.get(), kDeflateLevel), "set deflate filter");
  }
  return dcpl;
}

void writeVariable(hid_t file, const OutputSpec& spec, const RunOutput& out,
                   const std::vector<double>& values, const Scales& scales) {
  const std::string name(spec.name);
  const std::vector<hsize_t> shape = shapeOf(spec, out);
  h5::PropList dcpl = variableCreation(shape);
  h5::Dataset ds = createDoubles(file, name, shape, dcpl.get(), values);
  writeText(ds.get(), "units", spec.units);
  writeText(ds.get(), "long_name", spec.long_name);
  for (int k = 0; k < spec.rank; ++k)
    h5::check(H5DSattach_scale(ds.get(), scales[static_cast<std::size_t>(spec.dims[k])],
                               static_cast<unsigned>(k)),
              "attach dimension " + std::string(dimName(spec.dims[k])) + " to " + name);
}

void writeProvenance(hid_t file, const Provenance& prov) {
  // Attributes on the file id land on the root group.
  writeText(file, "Conventions", "CF-1.8");
  writeText(file, "title", "grainsim run");
  writeText(file, "source", "grainsim agent-based model of food aid and food prices");
  writeText(file, "history", nowIso() + " " + prov.command_line);
  writeText(file, "scenario_name", prov.scenario_name);
  writeText(file, "scenario", prov.scenario_text);
  writeUInt(file, "seed", prov.seed);
  writeUInt(file, "replicate", prov.replicate);
  writeText(file, "grainsim_version", prov.version);
  writeText(file, "command_line", prov.command_line);
}

void validate(const RunOutput& out) {
  const auto table = outputTable();
  if (out.days < 0) throw std::runtime_error("negative number of days");
  if (out.start_date.empty()) throw std::runtime_error("no start date");
  if (out.dimSize(Dim::quintile) != static_cast<std::size_t>(kQuintiles))
    throw std::runtime_error("expected " + std::to_string(kQuintiles) + " quintiles, got " +
                             std::to_string(out.dimSize(Dim::quintile)));
  if (out.values.size() != table.size())
    throw std::runtime_error("expected " + std::to_string(table.size()) + " variables, got " +
                             std::to_string(out.values.size()));
  for (std::size_t i = 0; i < table.size(); ++i)
    if (out.values[i].size() != product(shapeOf(table[i], out)))
      throw std::runtime_error("variable " + std::string(table[i].name) + " has " +
                               std::to_string(out.values[i].size()) + " values, expected " +
                               std::to_string(product(shapeOf(table[i], out))));
}

void writeContents(const fs::path& path, const RunOutput& out, const Provenance& prov) {
  // V18 bounds keep the file readable by any HDF5 >= 1.8 and allow dense (large) attributes.
  h5::PropList fapl(H5Pcreate(H5P_FILE_ACCESS), "create file access property list");
  h5::check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_V18),
            "set library version bounds");
  // netCDF-C expects tracked and indexed creation order for links and attributes.
  h5::PropList fcpl(H5Pcreate(H5P_FILE_CREATE), "create file creation property list");
  constexpr unsigned kOrder = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
  h5::check(H5Pset_link_creation_order(fcpl.get(), kOrder), "set link creation order");
  h5::check(H5Pset_attr_creation_order(fcpl.get(), kOrder), "set attribute creation order");

  h5::File file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), "create file");
  {
    // Coordinates first, in Dim order; they stay open while the variables attach to them.
    std::vector<h5::Dataset> coordinates;
    Scales scales{};
    for (Dim dim : kAllDims) {
      coordinates.push_back(writeScale(file.get(), out, dim));
      scales[static_cast<std::size_t>(dim)] = coordinates.back().get();
    }
    const auto table = outputTable();
    for (std::size_t i = 0; i < table.size(); ++i)
      writeVariable(file.get(), table[i], out, out.values[i], scales);
    writeProvenance(file.get(), prov);
  }
  file.close("close file");
}

/// Removes the temporary file unless it was renamed into place.
struct TempFile {
  fs::path path;
  ~TempFile() {
    std::error_code ignored;
    fs::remove(path, ignored);
  }
};

std::string readText(hid_t obj, const std::string& name) {
  h5::Attribute attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "open attribute " + name);
  h5::Datatype type(H5Aget_type(attr.get()), "get type of attribute " + name);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) != 0)
    throw std::runtime_error("attribute " + name + " is not a fixed-length string");
  std::string buf(H5Tget_size(type.get()), '\0');
  h5::check(H5Aread(attr.get(), type.get(), buf.data()), "read attribute " + name);
  buf.erase(std::find(buf.begin(), buf.end(), '\0'), buf.end());
  return buf;
}

std::vector<hsize_t> datasetShape(hid_t ds, const std::string& name) {
  h5::Dataspace space(H5Dget_space(ds), "get dataspace of " + name);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  h5::check(rank, "get rank of " + name);
  std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
  h5::check(H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr), "get shape of " + name);
  return shape;
}

std::vector<std::string> readNames(hid_t file, Dim dim) {
  const std::string name(dimName(dim));
  h5::Dataset ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "open dataset " + name);
  const std::vector<hsize_t> shape = datasetShape(ds.get(), name);
  if (shape.size() != 1) throw std::runtime_error(name + " is not one-dimensional");
  h5::Datatype type(H5Tcopy(H5T_C_S1), "copy string type");
  h5::check(H5Tset_size(type.get(), H5T_VARIABLE), "make string type variable-length");
  h5::check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string character set");
  std::vector<char*> ptrs(shape[0], nullptr);
  if (ptrs.empty()) return {};
  h5::check(H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()),
            "read dataset " + name);
  std::vector<std::string> names;
  for (const char* p : ptrs) names.emplace_back(p ? p : "");
  h5::Dataspace space(H5Dget_space(ds.get()), "get dataspace of " + name);
  // H5Dvlen_reclaim is H5Treclaim from HDF5 1.12 on; Debian 12 ships 1.10.
  h5::check(H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, ptrs.data()),
            "free strings of " + name);
  return names;
}

std::vector<double> readDoubles(hid_t file, const std::string& name,
                                const std::vector<hsize_t>& expected) {
  h5::Dataset ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "open dataset " + name);
  if (datasetShape(ds.get(), name) != expected)
    throw std::runtime_error("dataset " + name + " does not match the coordinates' shape");
  std::vector<double> values(product(expected));
  if (!values.empty())
    h5::check(H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
              "read dataset " + name);
  return values;
}

/// The quintile coordinate must number the quintile axis 1..n.
void checkQuintiles(hid_t file, const RunOutput& out) {
  const std::string name(dimName(Dim::quintile));
  h5::Dataset ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "open dataset " + name);
  const std::vector<hsize_t> shape = datasetShape(ds.get(), name);
  const std::size_t n = out.dimSize(Dim::quintile);
  if (shape != std::vector<hsize_t>{n})
    throw std::runtime_error(name + " is not one-dimensional of length " + std::to_string(n));
  std::vector<std::int32_t> numbers(n);
  if (!numbers.empty())
    h5::check(H5Dread(ds.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, numbers.data()),
              "read dataset " + name);
  for (std::size_t i = 0; i < n; ++i)
    if (numbers[i] != static_cast<std::int32_t>(i + 1))
      throw std::runtime_error(name + " is not numbered 1.." + std::to_string(n));
}

RunOutput readContents(const fs::path& path) {
  h5::File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open file");
  RunOutput out;
  {
    h5::Dataset time(H5Dopen2(file.get(), "time", H5P_DEFAULT), "open dataset time");
    const std::vector<hsize_t> shape = datasetShape(time.get(), "time");
    if (shape.size() != 1) throw std::runtime_error("time is not one-dimensional");
    out.days = static_cast<int>(shape[0]);
    const std::string units = readText(time.get(), "units");
    if (!units.starts_with(kDaysSince))
      throw std::runtime_error("time units '" + units + "' are not 'days since <date>'");
    out.start_date = units.substr(kDaysSince.size());
  }
  out.regions = readNames(file.get(), Dim::region);
  out.commodities = readNames(file.get(), Dim::commodity);
  out.tiers = readNames(file.get(), Dim::tier);
  checkQuintiles(file.get(), out);
  for (const OutputSpec& spec : outputTable())
    out.values.push_back(readDoubles(file.get(), std::string(spec.name), shapeOf(spec, out)));
  return out;
}

}  // namespace

void checkOutputPath(const fs::path& path, bool overwrite) {
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::exists(dir)) throw OutputError("output directory " + quoted(dir) + " does not exist");
  if (!fs::is_directory(dir))
    throw OutputError("output directory " + quoted(dir) + " is not a directory");
  if (fs::is_directory(path)) throw OutputError("output path " + quoted(path) + " is a directory");
  if (fs::exists(path) && !overwrite)
    throw OutputError("output file " + quoted(path) + " exists; pass --force to overwrite it");
}

void writeOutputFile(const fs::path& path, const RunOutput& out, const Provenance& prov,
                     bool overwrite) {
  checkOutputPath(path, overwrite);
  h5::SilenceErrors quiet;
  try {
    validate(out);
    TempFile tmp{fs::path(path.string() + ".tmp-" + std::to_string(getpid()))};
    writeContents(tmp.path, out, prov);
    // Another process may have created the file while we were writing.
    checkOutputPath(path, overwrite);
    fs::rename(tmp.path, path);
    tmp.path.clear();  // renamed: nothing left to remove
  } catch (const OutputError&) {
    throw;
  } catch (const std::exception& e) {
    throw OutputError("cannot write output file " + quoted(path) + ": " + e.what());
  }
}

RunOutput readOutputFile(const fs::path& path) {
  h5::SilenceErrors quiet;
  try {
    return readContents(path);
  } catch (const std::exception& e) {
    throw OutputError("cannot read output file " + quoted(path) + ": " + e.what());
  }
}

}  // namespace grainsim

#include "runs/output/Hdf5Write.hpp"

#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>
#include <system_error>

#include "model/Date.hpp"

namespace grainsim::hdf5 {
namespace {

bool exists(hid_t file, const std::string& name) {
  return H5Lexists(file, name.c_str(), H5P_DEFAULT) > 0;
}

namespace fs = std::filesystem;

constexpr hsize_t kChunkDays = 31;
constexpr unsigned kDeflateLevel = 1;

constexpr std::string_view kQuintileLongName =
    "income quintile within the region (1 = poorest fifth of persons)";

/// Variable-length UTF-8 strings, in memory and in the file.
Datatype stringType() {
  Datatype type(H5Tcopy(H5T_C_S1), "copy string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "make string type variable-length");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string character set");
  return type;
}

Dataset writeTime(hid_t file, const RunOutput& out) {
  std::vector<double> days(static_cast<std::size_t>(out.days));
  std::iota(days.begin(), days.end(), 0.0);
  PropList dcpl = datasetCreation();
  Dataset ds = createDoubles(file, "time", {days.size()}, dcpl.get(), days);
  writeText(ds.get(), "units", std::string(kDaysSince) + out.start_date);
  writeText(ds.get(), "calendar", "standard");
  writeText(ds.get(), "long_name", "time");
  writeText(ds.get(), "axis", "T");
  makeScale(ds.get(), "time");
  return ds;
}

/// Quintile numbers 1..n as 32-bit integers (NC_INT), with n the extent of the quintile axis of
/// every variable.
Dataset writeQuintiles(hid_t file, const RunOutput& out) {
  const std::string name(dimName(Dim::quintile));
  std::vector<std::int32_t> numbers(out.dimSize(Dim::quintile));
  std::iota(numbers.begin(), numbers.end(), 1);
  Dataset ds = createInt32s(file, name, numbers);
  writeText(ds.get(), "long_name", kQuintileLongName);
  writeText(ds.get(), "units", "1");
  makeScale(ds.get(), name);
  return ds;
}

/// lat(region) and lon(region), the regions' capitals, when the output knows them.
void writeLatLon(hid_t file, const RunOutput& out, hid_t region) {
  if (out.latitudes.size() != out.regions.size() || out.longitudes.size() != out.regions.size())
    return;
  const Axis axis{region, "region", out.regions.size()};
  struct Coordinate {
    const char* name;
    const std::vector<double>& values;
    const char* standard_name;
    const char* units;
  };
  for (const Coordinate& c : {Coordinate{"lat", out.latitudes, "latitude", "degrees_north"},
                              Coordinate{"lon", out.longitudes, "longitude", "degrees_east"}}) {
    PropList dcpl = datasetCreation();
    Dataset ds = createDoubles(file, c.name, {out.regions.size()}, dcpl.get(), c.values);
    writeText(ds.get(), "standard_name", c.standard_name);
    writeText(ds.get(), "long_name", std::string(c.standard_name) + " of the region's capital");
    writeText(ds.get(), "units", c.units);
    attachAxes(ds.get(), c.name, std::span(&axis, 1));
  }
}

/// The coordinate dataset of `dim`, made a dimension scale.
Dataset writeScale(hid_t file, const RunOutput& out, Dim dim) {
  const std::string name(dimName(dim));
  switch (dim) {
    case Dim::time:
      return writeTime(file, out);
    case Dim::region: {
      Dataset ds = writeNames(file, name, out.regions, name);
      Dataset labels(H5Dopen2(file, "region_name", H5P_DEFAULT), "open region_name");
      // The regions are the time series' stations (CF discrete sampling geometry).
      writeText(labels.get(), "cf_role", "timeseries_id");
      writeLatLon(file, out, ds.get());
      if (exists(file, "lat")) writeText(labels.get(), "coordinates", "lat lon");
      return ds;
    }
    case Dim::commodity:
      return writeNames(file, name, out.commodities, name);
    case Dim::tier:
      return writeNames(file, name, out.tiers, name);
    case Dim::quintile:
      return writeQuintiles(file, out);
  }
  throw std::logic_error("no coordinate for dimension " + name);
}

}  // namespace

static_assert(
    [] {
      for (std::size_t i = 0; i < kAllDims.size(); ++i)
        if (static_cast<std::size_t>(kAllDims[i]) != i) return false;
      return true;
    }(),
    "kAllDims must list every Dim in enum order");

std::string quoted(const fs::path& p) {
  // Appending, not "'" + p.string() + "'": GCC 12 warns falsely (-Wrestrict) on the latter here.
  std::string q = "'";
  q += p.string();
  q += '\'';
  return q;
}

std::string nowIso() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

std::vector<double> swapLeadingAxes(const std::vector<double>& values, std::size_t a,
                                    std::size_t b) {
  if (a <= 1 || b <= 1) return values;
  const std::size_t rest = values.size() / (a * b);
  std::vector<double> out(values.size());
  for (std::size_t i = 0; i < a; ++i)
    for (std::size_t j = 0; j < b; ++j)
      std::copy_n(values.begin() + static_cast<std::ptrdiff_t>((i * b + j) * rest), rest,
                  out.begin() + static_cast<std::ptrdiff_t>((j * a + i) * rest));
  return out;
}

hsize_t product(const std::vector<hsize_t>& shape) {
  return std::accumulate(shape.begin(), shape.end(), hsize_t{1}, std::multiplies<>());
}

std::vector<hsize_t> shapeOf(const OutputSpec& spec, const RunOutput& out) {
  std::vector<hsize_t> shape;
  for (int k = 0; k < spec.rank; ++k) shape.push_back(out.dimSize(spec.dims[k]));
  return shape;
}

void validateCoordinates(const RunOutput& out) {
  if (out.days < 0) throw std::runtime_error("negative number of days");
  if (out.start_date.empty()) throw std::runtime_error("no start date");
  if (out.dimSize(Dim::quintile) != static_cast<std::size_t>(kQuintiles))
    throw std::runtime_error("expected " + std::to_string(kQuintiles) + " quintiles, got " +
                             std::to_string(out.dimSize(Dim::quintile)));
}

void validateValues(const RunOutput& out) {
  const auto table = outputTable();
  if (out.values.size() != table.size())
    throw std::runtime_error("expected " + std::to_string(table.size()) + " variables, got " +
                             std::to_string(out.values.size()));
  for (std::size_t i = 0; i < table.size(); ++i)
    if (out.values[i].size() != product(shapeOf(table[i], out)))
      throw std::runtime_error("variable " + std::string(table[i].name) + " has " +
                               std::to_string(out.values[i].size()) + " values, expected " +
                               std::to_string(product(shapeOf(table[i], out))));
}

File createTempFile(const fs::path& out, TempFile& temp) {
  // V18 bounds keep the file readable by any HDF5 >= 1.8 and allow dense (large) attributes.
  PropList fapl(H5Pcreate(H5P_FILE_ACCESS), "create file access property list");
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_V18),
        "set library version bounds");
  // netCDF-C expects tracked and indexed creation order for links and attributes.
  PropList fcpl(H5Pcreate(H5P_FILE_CREATE), "create file creation property list");
  constexpr unsigned kOrder = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
  check(H5Pset_link_creation_order(fcpl.get(), kOrder), "set link creation order");
  check(H5Pset_attr_creation_order(fcpl.get(), kOrder), "set attribute creation order");
  hid_t id = H5I_INVALID_HID;
  temp = createTempFor(out, [&](const fs::path& candidate) {
    id = H5Fcreate(candidate.c_str(), H5F_ACC_EXCL, fcpl.get(), fapl.get());
    if (id >= 0) return true;
    std::error_code ec;
    if (fs::exists(fs::symlink_status(candidate, ec))) return false;  // taken: another name
    detail::fail("create temporary file " + quoted(candidate));
  });
  return File(id, "create file");
}

PropList datasetCreation() {
  PropList dcpl(H5Pcreate(H5P_DATASET_CREATE), "create dataset property list");
  check(H5Pset_attr_creation_order(dcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "set attribute creation order");
  return dcpl;
}

PropList variableCreation(const std::vector<hsize_t>& shape, const std::vector<hsize_t>& leading) {
  PropList dcpl = datasetCreation();
  // Daily series are read along time for a few regions/commodities, so chunk a month of whole
  // maps.
  const bool chunk = shape.size() >= 2 && shape.size() > leading.size() &&
                     std::ranges::none_of(shape, [](hsize_t n) { return n == 0; });
  if (chunk) {
    std::vector<hsize_t> dims = shape;
    dims[0] = std::min(dims[0], kChunkDays);
    for (std::size_t k = 0; k < leading.size(); ++k)
      dims[k + 1] = std::clamp<hsize_t>(leading[k], 1, dims[k + 1]);
    check(H5Pset_chunk(dcpl.get(), static_cast<int>(dims.size()), dims.data()), "set chunking");
    check(H5Pset_shuffle(dcpl.get()), "set shuffle filter");
    check(H5Pset_deflate(dcpl.get(), kDeflateLevel), "set deflate filter");
  }
  return dcpl;
}

void writeText(hid_t obj, const std::string& name, std::string_view text) {
  // HDF5 rejects zero-size strings, so an empty text is stored as a single NUL.
  std::string buf(text);
  if (buf.empty()) buf.push_back('\0');
  Datatype type(H5Tcopy(H5T_C_S1), "copy string type");
  check(H5Tset_size(type.get(), buf.size()), "set string size");
  check(H5Tset_strpad(type.get(), H5T_STR_NULLTERM), "set string padding");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string character set");
  Dataspace space(H5Screate(H5S_SCALAR), "create scalar dataspace");
  Attribute attr(H5Acreate2(obj, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                 "create attribute " + name);
  check(H5Awrite(attr.get(), type.get(), buf.data()), "write attribute " + name);
}

void writeDouble(hid_t obj, const std::string& name, double value) {
  Dataspace space(H5Screate(H5S_SCALAR), "create scalar dataspace");
  Attribute attr(
      H5Acreate2(obj, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
      "create attribute " + name);
  check(H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, &value), "write attribute " + name);
}

void writeUInt(hid_t obj, const std::string& name, std::uint32_t value) {
  Dataspace space(H5Screate(H5S_SCALAR), "create scalar dataspace");
  Attribute attr(
      H5Acreate2(obj, name.c_str(), H5T_STD_U32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
      "create attribute " + name);
  check(H5Awrite(attr.get(), H5T_NATIVE_UINT32, &value), "write attribute " + name);
}

void writeRootHeader(hid_t file, const FileHeader& h) {
  // Attributes on the file id land on the root group.
  const std::string now = nowIso();
  writeText(file, "Conventions", "CF-1.10, ACDD-1.3");
  writeText(file, "title", h.title);
  writeText(file, "summary", h.summary);
  writeText(file, "keywords", "food aid, food prices, agent-based model, DPRK, wheat flour");
  writeText(file, "institution", "grainsim project");
  writeText(file, "source", "grainsim agent-based model of food aid and food prices");
  writeText(file, "creator_name", "grainsim " + h.version);
  writeText(file, "creator_type", "institution");
  writeText(file, "product_version", h.version);
  writeText(file, "history", now + " " + h.command_line);
  writeText(file, "date_created", now);
  writeText(file, "license",
            "Apache-2.0 (the code); model output, free to use with attribution (CITATION.cff)");
  writeText(file, "references", "docs/ODD.md, docs/OUTPUTS.md");
  writeText(file, "grainsim_file_kind", h.kind);
  writeText(file, "grainsim_version", h.version);
  writeText(file, "command_line", h.command_line);
}

/// ACDD time coverage and, with regions, CF's featureType: added by ModelScales.
void writeCoverage(hid_t file, const RunOutput& out) {
  const std::optional<Date> start = Date::parse(out.start_date);
  writeText(file, "time_coverage_start", out.start_date);
  if (start) writeText(file, "time_coverage_end", start->plusDays(std::max(out.days - 1, 0)).iso());
  writeText(file, "time_coverage_duration", "P" + std::to_string(out.days) + "D");
  writeText(file, "time_coverage_resolution", "P1D");
  if (!out.regions.empty()) writeText(file, "featureType", "timeSeries");
}

Dataset createDoubles(hid_t file, const std::string& name, const std::vector<hsize_t>& shape,
                      hid_t dcpl, const std::vector<double>& values) {
  Dataspace space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                  "create dataspace for " + name);
  Dataset ds(
      H5Dcreate2(file, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, dcpl, H5P_DEFAULT),
      "create dataset " + name);
  if (!values.empty())
    check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "write dataset " + name);
  return ds;
}

namespace {

/// A one-dimensional dataset of `n` integers stored as `file_type`, read from `data` as
/// `memory_type`.
Dataset createIntegers(hid_t file, const std::string& name, hid_t file_type, hid_t memory_type,
                       hsize_t n, const void* data) {
  Dataspace space(H5Screate_simple(1, &n, nullptr), "create dataspace for " + name);
  PropList dcpl = datasetCreation();
  Dataset ds(
      H5Dcreate2(file, name.c_str(), file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      "create dataset " + name);
  if (n > 0)
    check(H5Dwrite(ds.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
          "write dataset " + name);
  return ds;
}

}  // namespace

Dataset createInt32s(hid_t file, const std::string& name, const std::vector<std::int32_t>& values) {
  return createIntegers(file, name, H5T_STD_I32LE, H5T_NATIVE_INT32, values.size(), values.data());
}

Dataset createInt8s(hid_t file, const std::string& name, const std::vector<std::int8_t>& values) {
  return createIntegers(file, name, H5T_STD_I8LE, H5T_NATIVE_INT8, values.size(), values.data());
}

Dataset createStrings(hid_t file, const std::string& name, const std::vector<std::string>& values) {
  Datatype type = stringType();
  const hsize_t n = values.size();
  Dataspace space(H5Screate_simple(1, &n, nullptr), "create dataspace for " + name);
  PropList dcpl = datasetCreation();
  Dataset ds(
      H5Dcreate2(file, name.c_str(), type.get(), space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      "create dataset " + name);
  std::vector<const char*> ptrs;
  for (const auto& s : values) ptrs.push_back(s.c_str());
  if (!ptrs.empty()) {
    // HDF5's default conversion buffers are 1 MB each, zeroed on every write: most of a small
    // file's write time. A few names need a few hundred bytes.
    PropList transfer(H5Pcreate(H5P_DATASET_XFER), "create transfer property list");
    check(H5Pset_buffer(transfer.get(), std::max<std::size_t>(1024, 64 * ptrs.size()), nullptr,
                        nullptr),
          "set conversion buffer");
    check(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, transfer.get(), ptrs.data()),
          "write dataset " + name);
  }
  return ds;
}

void makeScale(hid_t ds, const std::string& name) {
  check(H5DSset_scale(ds, name.c_str()), "make " + name + " a dimension scale");
}

Dataset writeNames(hid_t file, const std::string& name, const std::vector<std::string>& names,
                   std::string_view long_name) {
  std::vector<std::int32_t> index(names.size());
  std::iota(index.begin(), index.end(), 0);
  Dataset ds = createInt32s(file, name, index);
  writeText(ds.get(), "long_name",
            std::string(long_name) + " (index 0..N-1; names in " + name + "_name)");
  writeText(ds.get(), "units", "1");
  makeScale(ds.get(), name);
  const std::string label = name + "_name";
  Dataset labels = createStrings(file, label, names);
  writeText(labels.get(), "long_name", long_name);
  const Axis axis{ds.get(), name, names.size()};
  attachAxes(labels.get(), label, std::span(&axis, 1));
  return ds;
}

std::vector<hsize_t> shapeOf(std::span<const Axis> axes) {
  std::vector<hsize_t> shape;
  for (const Axis& a : axes) shape.push_back(a.size);
  return shape;
}

void attachAxes(hid_t ds, const std::string& name, std::span<const Axis> axes) {
  for (std::size_t k = 0; k < axes.size(); ++k)
    check(H5DSattach_scale(ds, axes[k].scale, static_cast<unsigned>(k)),
          "attach dimension " + axes[k].name + " to " + name);
}

namespace {

/// CF standard names of the variables that have one.
std::string_view standardName(std::string_view name) {
  if (name == "temperature" || name == "temperature_mean") return "air_temperature";
  return {};
}

}  // namespace

Dataset writeVariable(hid_t file, const std::string& name, std::span<const Axis> axes, hid_t dcpl,
                      const std::vector<double>& values, std::string_view units,
                      std::string_view long_name, std::string_view more_cell_methods,
                      std::string_view more_coordinates) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  check(H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &kNaN), "set fill value of " + name);
  Dataset ds = createDoubles(file, name, shapeOf(axes), dcpl, values);
  writeText(ds.get(), "units", units);
  writeText(ds.get(), "long_name", long_name);
  const std::string_view standard = standardName(name);
  if (!standard.empty()) writeText(ds.get(), "standard_name", standard);
  // netCDF readers take the fill value from the attribute; it must have the variable's type.
  writeDouble(ds.get(), "_FillValue", kNaN);
  std::string methods;
  if (std::ranges::any_of(axes, [](const Axis& a) { return a.name == "time"; }))
    methods = units.ends_with("/day") ? "time: mean" : "time: point";
  if (!more_cell_methods.empty()) {
    if (!methods.empty()) methods += ' ';
    methods += more_cell_methods;
  }
  if (!methods.empty()) writeText(ds.get(), "cell_methods", methods);
  std::string coordinates;
  for (const Axis& a : axes) {
    // Not lat and lon: CDO would take them for the variable's grid and skip it. region_name
    // names them instead.
    std::vector<std::string> labels{a.name + "_name"};
    if (a.name == "run") labels = {"run_point", "run_replicate"};  // a sweep's runs
    for (const std::string& label : labels)
      if (exists(file, label)) coordinates += (coordinates.empty() ? "" : " ") + label;
  }
  if (!more_coordinates.empty())
    coordinates += (coordinates.empty() ? "" : " ") + std::string(more_coordinates);
  if (!coordinates.empty()) writeText(ds.get(), "coordinates", coordinates);
  attachAxes(ds.get(), name, axes);
  return ds;
}

ModelScales::ModelScales(hid_t file, const RunOutput& out) {
  writeCoverage(file, out);
  for (Dim dim : kAllDims) {
    datasets_.push_back(writeScale(file, out, dim));
    sizes_[static_cast<std::size_t>(dim)] = out.dimSize(dim);
  }
}

Axis ModelScales::axis(Dim d) const {
  const auto i = static_cast<std::size_t>(d);
  if (i >= datasets_.size()) throw std::logic_error("model coordinates already closed");
  return {datasets_[i].get(), std::string(dimName(d)), sizes_[i]};
}

std::vector<Axis> ModelScales::axes(const OutputSpec& spec) const {
  std::vector<Axis> axes;
  for (int k = 0; k < spec.rank; ++k) axes.push_back(axis(spec.dims[k]));
  return axes;
}

void ModelScales::close() {
  for (Dataset& ds : datasets_) ds.close("close coordinate");
  datasets_.clear();
}

std::string readText(hid_t obj, const std::string& name) {
  Attribute attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "open attribute " + name);
  Datatype type(H5Aget_type(attr.get()), "get type of attribute " + name);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) != 0)
    throw std::runtime_error("attribute " + name + " is not a fixed-length string");
  std::string buf(H5Tget_size(type.get()), '\0');
  check(H5Aread(attr.get(), type.get(), buf.data()), "read attribute " + name);
  buf.erase(std::find(buf.begin(), buf.end(), '\0'), buf.end());
  return buf;
}

std::uint32_t readUInt(hid_t obj, const std::string& name) {
  Attribute attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "open attribute " + name);
  std::uint32_t value = 0;
  check(H5Aread(attr.get(), H5T_NATIVE_UINT32, &value), "read attribute " + name);
  return value;
}

std::vector<hsize_t> datasetShape(hid_t ds, const std::string& name) {
  Dataspace space(H5Dget_space(ds), "get dataspace of " + name);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  check(rank, "get rank of " + name);
  std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr), "get shape of " + name);
  return shape;
}

std::vector<double> readValues(hid_t ds, const std::string& name, hsize_t count) {
  std::vector<double> values(count);
  if (!values.empty())
    check(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "read dataset " + name);
  return values;
}

std::vector<std::string> readNames(hid_t file, const std::string& name) {
  const std::string label = name + "_name";
  return readStrings(file, exists(file, label) ? label : name);
}

std::vector<std::string> readStrings(hid_t file, const std::string& name) {
  Dataset ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "open dataset " + name);
  const std::vector<hsize_t> shape = datasetShape(ds.get(), name);
  if (shape.size() != 1) throw std::runtime_error(name + " is not one-dimensional");
  Datatype type = stringType();
  std::vector<char*> ptrs(shape[0], nullptr);
  if (ptrs.empty()) return {};
  check(H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()),
        "read dataset " + name);
  std::vector<std::string> names;
  for (const char* p : ptrs) names.emplace_back(p ? p : "");
  Dataspace space(H5Dget_space(ds.get()), "get dataspace of " + name);
  // H5Dvlen_reclaim is H5Treclaim from HDF5 1.12 on; Debian 12 ships 1.10.
  check(H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, ptrs.data()),
        "free strings of " + name);
  return names;
}

namespace {

/// The dimension names of dataset `ds` from its attached scales; empty if a dimension has none.
std::vector<std::string> dimensionNames(hid_t ds) {
  Dataspace space(H5Dget_space(ds), "get dataspace");
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<std::string> names;
  for (int k = 0; k < rank; ++k) {
    if (H5DSget_num_scales(ds, static_cast<unsigned>(k)) <= 0) return {};
    std::string name;
    const auto visit = [](hid_t, unsigned, hid_t scale, void* data) -> herr_t {
      char buf[256] = {};
      if (H5DSget_scale_name(scale, buf, sizeof buf) < 0) return -1;
      *static_cast<std::string*>(data) = buf;
      return 1;  // the first scale is the dimension
    };
    if (H5DSiterate_scales(ds, static_cast<unsigned>(k), nullptr, visit, &name) < 0) return {};
    names.push_back(name);
  }
  return names;
}

std::string joined(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

}  // namespace

void linkTidyGroups(hid_t file) {
  std::vector<std::string> links;
  const auto collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
  };
  check(H5Literate(file, H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr, collect, &links),
        "list root variables");
  // Variables by their dimensions, in the order the file lists them; coordinates, labels and
  // lat/lon travel with their dimensions instead.
  std::map<std::string, std::vector<std::string>> members;
  std::vector<std::vector<std::string>> dim_sets;
  for (const std::string& name : links) {
    H5O_info_t info;
    check(H5Oget_info_by_name(file, name.c_str(), &info, H5P_DEFAULT), "inspect " + name);
    if (info.type != H5O_TYPE_DATASET) continue;
    Dataset ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "open dataset " + name);
    if (H5DSis_scale(ds.get()) > 0 || name == "lat" || name == "lon") continue;
    const std::vector<std::string> dims = dimensionNames(ds.get());
    if (dims.empty() || (dims.size() == 1 && name == dims[0] + "_name")) continue;
    const std::string key = joined(dims, "_");
    if (!members.contains(key)) dim_sets.push_back(dims);
    members[key].push_back(name);
  }
  PropList gcpl(H5Pcreate(H5P_GROUP_CREATE), "create group property list");
  constexpr unsigned kOrder = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
  check(H5Pset_link_creation_order(gcpl.get(), kOrder), "set link creation order");
  check(H5Pset_attr_creation_order(gcpl.get(), kOrder), "set attribute creation order");
  std::vector<std::string> groups;
  for (const std::vector<std::string>& dims : dim_sets) {
    const std::string key = joined(dims, "_");
    if (exists(file, key)) continue;  // a variable of that name: no group
    Group group(H5Gcreate2(file, key.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                "create group " + key);
    const auto link = [&](const std::string& name) {
      if (exists(file, name) && !exists(group.get(), name))
        check(
            H5Lcreate_hard(file, name.c_str(), group.get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
            "link " + name + " into group " + key);
    };
    for (const std::string& d : dims) {
      link(d);
      link(d + "_name");
      if (d == "region") {
        link("lat");
        link("lon");
      }
    }
    for (const std::string& name : members[key]) link(name);
    writeText(group.get(), "comment",
              "links to the root variables over (" + joined(dims, ", ") +
                  "), so that this group's table has one row per cell; no data are copied");
    groups.push_back(key);
  }
  writeText(file, "tidy_groups", joined(groups, " "));
}

}  // namespace grainsim::hdf5

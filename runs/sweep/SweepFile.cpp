#include "runs/sweep/SweepFile.hpp"

#include <hdf5.h>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

#include "model/ShownText.hpp"
#include "model/Tables.hpp"
#include "model/TextFile.hpp"
#include "model/Version.hpp"
#include "runs/output/Hdf5Write.hpp"
#include "runs/output/OutputFile.hpp"

namespace grainsim {

namespace h5 = hdf5;
namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Doubles per chunk: 256 kB, well inside HDF5's default 1 MB chunk cache, so rows written one
/// by one are compressed once per chunk.
constexpr hsize_t kChunkDoubles = 32768;

std::vector<std::string> textLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

std::string joinLines(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

/// A trajectory: its first dimension is time, which the file puts before `run`.
bool timeFirst(const SweepVariable& v) {
  return !v.dims.empty() && v.dims[0] == Dim::time;
}

/// Position of the `run` dimension (one per point and replicate): after time, else first. With
/// point and replicate folded into one dimension, no variable has more than four dimensions
/// and time is always first, as CDO needs; and a table has one row per run.
std::size_t runAxis(const SweepVariable& v) {
  return timeFirst(v) ? 1 : 0;
}

std::vector<hsize_t> variableShape(const SweepLayout& l, const SweepVariable& v) {
  std::vector<hsize_t> shape;
  for (const Dim d : v.dims) shape.push_back(l.coordinates.dimSize(d));
  shape.insert(shape.begin() + static_cast<std::ptrdiff_t>(runAxis(v)),
               l.points.size() * l.replicates);
  return shape;
}

/// Selects row `row` (its replicates' runs, every cell) of a sweep variable.
h5::Dataspace selectRow(hid_t ds, const SweepLayout& l, const SweepVariable& v, std::size_t row,
                        const std::string& name) {
  const std::vector<hsize_t> shape = variableShape(l, v);
  std::vector<hsize_t> start(shape.size(), 0), count = shape;
  start[runAxis(v)] = row * l.replicates;
  count[runAxis(v)] = l.replicates;
  h5::Dataspace space(H5Dget_space(ds), "get dataspace of " + name);
  h5::check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                                nullptr),
            "select row of " + name);
  return space;
}

OutputError fileError(const fs::path& path, const std::string& what) {
  return OutputError("sweep file " + h5::quoted(path) + ": " + what);
}

}  // namespace

std::size_t SweepLayout::cells(const SweepVariable& v) const {
  std::size_t n = 1;
  for (const Dim d : v.dims) n *= coordinates.dimSize(d);
  return n;
}

std::size_t SweepLayout::rowSize() const {
  std::size_t n = 0;
  for (const auto& v : variables) n += cells(v);
  return n * replicates;
}

SweepLayout sweepLayout(const SweepPlan& plan, const Shard& shard,
                        const std::string& command_line) {
  SweepLayout l;
  l.fingerprint = plan.fingerprint();
  l.shard = shard;
  if (plan.points() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw std::invalid_argument("--samples: the design has more points than a file can index");
  l.total_points = static_cast<std::uint32_t>(plan.points());
  l.design = std::string(designName(plan.design.kind));
  l.samples = static_cast<std::uint32_t>(plan.design.samples);
  l.design_seed = plan.design_seed;
  l.seed = plan.seed;
  l.replicates = plan.replicates;
  for (std::size_t i = 0; i < plan.parameters.size(); ++i) {
    const auto& p = plan.parameters[i];
    l.parameter_names.push_back(p.key);
    l.parameter_ranges.push_back(p.range());
    l.parameter_scales.push_back(p.scale());
    l.parameter_units.push_back(plan.scenario.priors()[plan.prior_of[i]].unit());
  }
  const std::size_t k = plan.parameters.size();
  for (std::uint32_t p = 0; p < l.total_points; ++p) {
    if (!shard.holds(p)) continue;
    l.points.push_back(p);
    for (std::size_t i = 0; i < k; ++i) {
      l.design_values.push_back(plan.value(p, i));
      l.unit_values.push_back(plan.design.values[p * k + i]);
    }
  }
  l.coordinates = plan.coordinates;
  l.coordinates.values.clear();
  for (const auto& o : plan.outputs)
    l.variables.push_back({o.name, o.text, o.units(), o.longName(), o.dims()});
  for (const auto& name : plan.trajectories) {
    const OutputSpec& spec = outputTable()[outputIndex(name)];
    l.variables.push_back({name + "_trajectory",
                           "trajectory of " + name,
                           std::string(spec.units),
                           std::string(spec.long_name) + ", every day",
                           {spec.dims.begin(), spec.dims.begin() + spec.rank}});
  }
  l.scenario_name = plan.scenario.nominal().name;
  l.scenario_text = plan.scenario.nominal().resolved_text;
  l.version = std::string(codeVersion());
  l.command_line = command_line;
  return l;
}

// ---------------------------------------------------------------------------------- writer

struct SweepWriter::Impl {
  Impl(fs::path p, bool ow, SweepLayout l)
      : path(std::move(p)), overwrite(ow), layout(std::move(l)) {}
  fs::path path;
  bool overwrite;
  SweepLayout layout;
  TempFile tmp;  // before the HDF5 handles, so that they are closed before it is removed
  std::optional<h5::File> file;
  std::optional<h5::ModelScales> model;
  std::vector<h5::Dataset> scales;     // point, parameter, replicate, run
  std::vector<h5::Dataset> variables;  // in layout order
  std::vector<std::string> failures;   // per row
  std::vector<std::uint8_t> written;   // per row
  bool finished = false;

  void writeCoordinates();
  void createVariables();
};

SweepWriter::SweepWriter(fs::path path, bool overwrite, SweepLayout layout)
    : impl_(std::make_unique<Impl>(std::move(path), overwrite, std::move(layout))) {
  Impl& m = *impl_;
  try {
    checkOutputPath(m.path, m.overwrite);
    h5::SilenceErrors quiet;
    m.file.emplace(h5::createTempFile(m.path, m.tmp));
    m.failures.assign(m.layout.points.size(), "");
    m.written.assign(m.layout.points.size(), 0);
    m.writeCoordinates();
    m.createVariables();
  } catch (const OutputError&) {
    throw;
  } catch (const std::exception& e) {
    throw writeError(m.path, e);
  }
}

SweepWriter::~SweepWriter() {
  h5::SilenceErrors quiet;
  impl_->variables.clear();
  impl_->scales.clear();
  impl_->model.reset();
  impl_->file.reset();
}

const SweepLayout& SweepWriter::layout() const {
  return impl_->layout;
}

void SweepWriter::Impl::writeCoordinates() {
  const hid_t f = file->get();
  model.emplace(f, layout.coordinates);
  std::vector<std::int32_t> numbers(layout.points.begin(), layout.points.end());
  scales.push_back(h5::createInt32s(f, "point", numbers));
  h5::writeText(scales.back().get(), "long_name",
                "design point (global index; a shard holds every n-th)");
  h5::makeScale(scales.back().get(), "point");
  scales.push_back(h5::writeNames(f, "parameter", layout.parameter_names,
                                  "swept scenario parameter (section.key or table.row.column)"));
  numbers.assign(layout.replicates, 0);
  for (std::size_t r = 0; r < numbers.size(); ++r) numbers[r] = static_cast<std::int32_t>(r);
  scales.push_back(h5::createInt32s(f, "replicate", numbers));
  h5::writeText(scales.back().get(), "long_name",
                "replicate number (its random streams derive from the seed and this number, the "
                "same at every point)");
  h5::makeScale(scales.back().get(), "replicate");
  {
    // One run per point and replicate, in row order: run = row * replicates + replicate.
    const std::size_t runs = layout.points.size() * layout.replicates;
    std::vector<std::int32_t> index(runs), run_point(runs), run_replicate(runs);
    for (std::size_t r = 0; r < runs; ++r) {
      index[r] = static_cast<std::int32_t>(r);
      run_point[r] = static_cast<std::int32_t>(layout.points[r / layout.replicates]);
      run_replicate[r] = static_cast<std::int32_t>(r % layout.replicates);
    }
    scales.push_back(h5::createInt32s(f, "run", index));
    h5::writeText(scales.back().get(), "long_name",
                  "run: one design point's one replicate (point in run_point, replicate in "
                  "run_replicate)");
    h5::makeScale(scales.back().get(), "run");
    const h5::Axis run{scales.back().get(), "run", runs};
    for (const auto& [name, values, long_name] :
         {std::tuple{"run_point", &run_point, "design point of the run"},
          std::tuple{"run_replicate", &run_replicate, "replicate of the run"}}) {
      h5::Dataset ds = h5::createInt32s(f, name, *values);
      h5::writeText(ds.get(), "long_name", long_name);
      h5::attachAxes(ds.get(), name, std::span(&run, 1));
    }
  }

  const h5::Axis point{scales[0].get(), "point", layout.points.size()};
  const h5::Axis parameter{scales[1].get(), "parameter", layout.parameter_names.size()};
  struct Text {
    const char* name;
    const std::vector<std::string>& values;
    const char* long_name;
  };
  const Text texts[] = {
      {"parameter_range", layout.parameter_ranges, "swept range LO:HI[:log], as given to --param"},
      {"parameter_scale", layout.parameter_scales, "linear, log or date"},
      {"parameter_units", layout.parameter_units, "units of the parameter's values in design"}};
  for (const Text& t : texts) {
    h5::Dataset ds = h5::createStrings(f, t.name, t.values);
    h5::writeText(ds.get(), "long_name", t.long_name);
    h5::attachAxes(ds.get(), t.name, std::span(&parameter, 1));
  }
  const h5::Axis table[] = {point, parameter};
  h5::PropList dcpl = h5::datasetCreation();
  h5::writeVariable(f, "design", table, dcpl.get(), layout.design_values, "",
                    "value of each swept parameter at each point (dates: days since 1970-01-01)");
  h5::writeVariable(f, "design_unit", table, dcpl.get(), layout.unit_values, "1",
                    "the design's coordinate of each point in the unit hypercube");
  // A date parameter again as a CF time variable, which readers decode to dates.
  const std::size_t k = layout.parameter_names.size();
  for (std::size_t i = 0; i < k; ++i) {
    if (layout.parameter_scales[i] != "date") continue;
    std::vector<double> days;
    for (std::size_t row = 0; row < layout.points.size(); ++row)
      days.push_back(layout.design_values[row * k + i]);
    const std::string name = "design_date_" + std::to_string(i);
    h5::PropList date_dcpl = h5::datasetCreation();
    h5::Dataset ds = h5::createDoubles(f, name, {days.size()}, date_dcpl.get(), days);
    h5::writeText(ds.get(), "long_name", layout.parameter_names[i] + " at each point");
    h5::writeText(ds.get(), "units", "days since 1970-01-01");
    h5::writeText(ds.get(), "calendar", "standard");
    h5::writeDouble(ds.get(), "_FillValue", kNaN);
    h5::attachAxes(ds.get(), name, std::span(&point, 1));
  }
  if (layout.design == "sobol") {
    const std::size_t block = layout.parameter_names.size() + 2;
    std::vector<std::int32_t> rows, blocks;
    for (const auto p : layout.points) {
      rows.push_back(static_cast<std::int32_t>(p / block));
      blocks.push_back(static_cast<std::int32_t>(p % block));
    }
    h5::Dataset r = h5::createInt32s(f, "saltelli_row", rows);
    h5::writeText(r.get(), "long_name", "Saltelli base sample of the point");
    h5::attachAxes(r.get(), "saltelli_row", std::span(&point, 1));
    h5::Dataset b = h5::createInt32s(f, "saltelli_block", blocks);
    h5::writeText(b.get(), "long_name", "Saltelli matrix of the point: 0 A, 1 B, 2+i AB_i");
    h5::attachAxes(b.get(), "saltelli_block", std::span(&point, 1));
  }
}

void SweepWriter::Impl::createVariables() {
  const h5::Axis run{scales[3].get(), "run", layout.points.size() * layout.replicates};
  for (const SweepVariable& v : layout.variables) {
    std::vector<h5::Axis> axes;
    for (const Dim d : v.dims) axes.push_back(model->axis(d));
    axes.insert(axes.begin() + static_cast<std::ptrdiff_t>(runAxis(v)), run);
    const std::vector<hsize_t> shape = variableShape(layout, v);
    h5::PropList dcpl = h5::datasetCreation();
    const std::size_t ri = runAxis(v);
    const hsize_t per_run = h5::product(shape) / std::max<hsize_t>(1, shape[ri]);
    if (h5::product(shape) > 0) {
      std::vector<hsize_t> chunk = shape;
      chunk[ri] = std::clamp<hsize_t>(kChunkDoubles / std::max<hsize_t>(1, per_run), 1, shape[ri]);
      h5::check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()),
                "set chunking of " + v.name);
      h5::check(H5Pset_shuffle(dcpl.get()), "set shuffle filter");
      h5::check(H5Pset_deflate(dcpl.get(), 4), "set deflate filter");
    }
    variables.push_back(
        h5::writeVariable(file->get(), v.name, axes, dcpl.get(), {}, v.units, v.long_name));
    h5::writeText(variables.back().get(), "output", v.output);
  }
}

void SweepWriter::writeRow(std::size_t row, const PointRecord& record) {
  Impl& m = *impl_;
  if (m.finished) throw std::logic_error("SweepWriter::writeRow after finish");
  if (row >= m.layout.points.size() || m.layout.points[row] != record.point)
    throw fileError(m.path, "point " + std::to_string(record.point) + " does not belong in row " +
                                std::to_string(row));
  const std::size_t size = m.layout.rowSize();
  if (!record.values.empty() && record.values.size() != size)
    throw fileError(m.path, "point " + std::to_string(record.point) + " has " +
                                std::to_string(record.values.size()) + " values, expected " +
                                std::to_string(size));
  try {
    h5::SilenceErrors quiet;
    const std::vector<double> nan(record.values.empty() ? size : 0, kNaN);
    const double* data = record.values.empty() ? nan.data() : record.values.data();
    for (std::size_t i = 0; i < m.layout.variables.size(); ++i) {
      const SweepVariable& v = m.layout.variables[i];
      const hsize_t n = m.layout.cells(v) * m.layout.replicates;
      if (n > 0) {
        const hid_t ds = m.variables[i].get();
        h5::Dataspace file_space = selectRow(ds, m.layout, v, row, v.name);
        h5::Dataspace memory(H5Screate_simple(1, &n, nullptr), "create dataspace for " + v.name);
        // The record holds [replicate][cell]; a trajectory's cells are [time][...], which the
        // file has first.
        const std::vector<double> block =
            timeFirst(v)
                ? h5::swapLeadingAxes(std::vector<double>(data, data + n), m.layout.replicates,
                                      m.layout.coordinates.dimSize(Dim::time))
                : std::vector<double>();
        h5::check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, memory.get(), file_space.get(), H5P_DEFAULT,
                           timeFirst(v) ? block.data() : data),
                  "write row of " + v.name);
      }
      data += n;
    }
  } catch (const std::exception& e) {
    throw writeError(m.path, e);
  }
  m.failures[row] = record.failure;
  m.written[row] = 1;
}

void SweepWriter::finish() {
  Impl& m = *impl_;
  const auto missing = std::find(m.written.begin(), m.written.end(), 0);
  if (missing != m.written.end())
    throw fileError(m.path, "point " +
                                std::to_string(m.layout.points[missing - m.written.begin()]) +
                                " was never written");
  try {
    h5::SilenceErrors quiet;
    const hid_t f = m.file->get();
    const h5::Axis point{m.scales[0].get(), "point", m.layout.points.size()};
    std::vector<std::int8_t> failed;
    for (const auto& why : m.failures) failed.push_back(why.empty() ? 0 : 1);
    h5::Dataset flag = h5::createInt8s(f, "point_failed", failed);
    h5::writeText(flag.get(), "long_name",
                  "1: a replicate of the point failed (--on-failure skip)");
    h5::attachAxes(flag.get(), "point_failed", std::span(&point, 1));
    h5::Dataset why = h5::createStrings(f, "point_failure", m.failures);
    h5::writeText(why.get(), "long_name", "why the point failed (empty: it ran)");
    h5::attachAxes(why.get(), "point_failure", std::span(&point, 1));

    const SweepLayout& l = m.layout;
    h5::writeRootHeader(
        f, {.kind = "sweep",
            .title = "grainsim sweep: " + l.scenario_name + " (" + l.design + " design)",
            .summary = "Outputs of scenario '" + l.scenario_name + "' at each point of a " +
                       l.design + " design over " + std::to_string(l.parameter_names.size()) +
                       " parameters, " + std::to_string(l.replicates) +
                       " replicate(s) per point; the design is in design and design_unit.",
            .command_line = l.command_line,
            .version = l.version});
    h5::writeText(f, "design", l.design);
    h5::writeUInt(f, "samples", l.samples);
    h5::writeUInt(f, "design_seed", l.design_seed);
    h5::writeUInt(f, "seed", l.seed);
    h5::writeUInt(f, "replicates", l.replicates);
    h5::writeUInt(f, "total_points", l.total_points);
    h5::writeUInt(f, "shard", l.shard.index);
    h5::writeUInt(f, "shard_count", l.shard.count);
    h5::writeUInt(
        f, "points_failed",
        static_cast<std::uint32_t>(std::count(failed.begin(), failed.end(), std::int8_t{1})));
    h5::writeText(f, "fingerprint", l.fingerprint);
    h5::writeText(f, "scenario_name", l.scenario_name);
    h5::writeText(f, "scenario", l.scenario_text);
    std::vector<std::string> outputs;
    for (const auto& v : l.variables) outputs.push_back(v.name);
    h5::writeText(f, "variables", joinLines(outputs));
    h5::linkTidyGroups(f);
    flag.close("close point_failed");
    why.close("close point_failure");
    m.variables.clear();
    m.scales.clear();
    m.model->close();
    m.model.reset();
    m.file->close("close the file");
    m.file.reset();
    checkOutputPath(m.path, m.overwrite);  // another process may have created it meanwhile
    renameOver(m.tmp, m.path);
    m.finished = true;
  } catch (const OutputError&) {
    throw;
  } catch (const std::exception& e) {
    throw writeError(m.path, e);
  }
}

// ---------------------------------------------------------------------------------- reader

struct SweepReader::Impl {
  Impl(fs::path p, h5::File f) : path(std::move(p)), file(std::move(f)) {}
  fs::path path;
  h5::File file;
  SweepLayout layout;
  std::vector<std::string> failures;
  std::vector<h5::Dataset> variables;  ///< open for the reader's life: merge reads row by row
};

namespace {

/// Names of the dimension scales attached to dataset `ds`, in order; "" where a dimension has
/// none of the file's own scales. The references in its DIMENSION_LIST are matched against the
/// addresses of the scales the file links (time, region, ..., run) instead of being followed:
/// following one left dangling by a crafted file makes HDF5 1.10 load whatever now lies at that
/// address, and leak it when that fails (HDFGroup/hdf5 issues 2599 and 6386).
std::vector<std::string> dimensionNames(hid_t file, hid_t ds, std::size_t rank) {
  std::map<haddr_t, std::string> scales;
  std::vector<std::string> known{"run"};
  for (const Dim d : h5::kAllDims) known.emplace_back(dimName(d));
  for (const std::string& name : known) {
    H5O_info_t info;
    if (H5Lexists(file, name.c_str(), H5P_DEFAULT) > 0 &&
        H5Oget_info_by_name2(file, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) >= 0)
      scales.emplace(info.addr, name);
  }
  std::vector<std::string> names(rank);
  if (rank == 0 || H5Aexists(ds, "DIMENSION_LIST") <= 0) return names;
  h5::Attribute attr(H5Aopen(ds, "DIMENSION_LIST", H5P_DEFAULT), "open DIMENSION_LIST");
  h5::Dataspace space(H5Aget_space(attr.get()), "get dataspace of DIMENSION_LIST");
  if (H5Sget_simple_extent_npoints(space.get()) != static_cast<hssize_t>(rank))
    return names;  // not one list per dimension: no dimension is known
  h5::Datatype lists_type(H5Tvlen_create(H5T_STD_REF_OBJ), "reference list type");
  std::vector<hvl_t> lists(rank);
  h5::check(H5Aread(attr.get(), lists_type.get(), lists.data()), "read DIMENSION_LIST");
  for (std::size_t k = 0; k < rank; ++k)
    if (lists[k].len > 0)  // the first scale is the dimension's
      if (const auto it = scales.find(static_cast<const hobj_ref_t*>(lists[k].p)[0]);
          it != scales.end())
        names[k] = it->second;
  // H5Dvlen_reclaim is H5Treclaim from HDF5 1.12 on; Debian 12 ships 1.10.
  h5::check(H5Dvlen_reclaim(lists_type.get(), space.get(), H5P_DEFAULT, lists.data()),
            "free DIMENSION_LIST");
  return names;
}

Dim dimNamed(const std::string& name) {
  for (const Dim d : h5::kAllDims)
    if (dimName(d) == name) return d;
  throw std::runtime_error("unknown dimension '" + name + "'");
}

h5::File openForReading(const fs::path& path) {
  if (const auto why = notReadableBecause(path)) throw fileError(path, *why);
  h5::SilenceErrors quiet;
  try {
    return h5::File(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open the file");
  } catch (const std::exception& e) {
    throw fileError(path, e.what());
  }
}

/// A file whose shape breaks the sweep file's rules: names what and why. A std::runtime_error
/// that the reader's constructor turns into an OutputError naming the file.
std::runtime_error malformed(const std::string& what, const std::string& rule) {
  return std::runtime_error(what + " " + rule);
}

/// The attribute `name` of `obj` (`owner`: "the file" or "dataset X", for messages) exists and
/// holds one value; readText and readUInt read exactly one. A missing root attribute means the
/// file is not a sweep file at all, which the message says first.
void requireAttribute(hid_t obj, const std::string& owner, const std::string& name,
                      const fs::path& path) {
  const htri_t exists = H5Aexists(obj, name.c_str());
  if (exists <= 0) {
    if (owner == "the file")
      throw OutputError(h5::quoted(path) + " is not a grainsim sweep file (no attribute '" + name +
                        "')");
    throw malformed("attribute '" + name + "' of " + owner, "is missing");
  }
  h5::Attribute attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "open attribute " + name);
  h5::Dataspace space(H5Aget_space(attr.get()), "get dataspace of attribute " + name);
  if (H5Sget_simple_extent_npoints(space.get()) != 1)
    throw malformed("attribute '" + name + "' of " + owner, "must hold one value");
}

std::string text(hid_t obj, const std::string& owner, const std::string& name,
                 const fs::path& path) {
  requireAttribute(obj, owner, name, path);
  return h5::readText(obj, name);
}

std::uint32_t number(hid_t f, const std::string& name, const fs::path& path) {
  requireAttribute(f, "the file", name, path);
  return h5::readUInt(f, name);
}

/// The extents of dataset `name`, which must have rank `rank` (0: any).
std::vector<hsize_t> shapeOf(hid_t ds, const std::string& name, std::size_t rank) {
  const std::vector<hsize_t> shape = h5::datasetShape(ds, name);
  if (rank != 0 && shape.size() != rank)
    throw malformed("dataset '" + name + "'", "has " + std::to_string(shape.size()) +
                                                  " dimensions, not " + std::to_string(rank));
  return shape;
}

/// "3 x 2 x 12", for messages.
std::string shapeText(const std::vector<hsize_t>& shape) {
  std::string t;
  for (const hsize_t n : shape) t += (t.empty() ? "" : " x ") + std::to_string(n);
  return t;
}

/// Every value of numeric dataset `name`, whose shape must be `expected`.
std::vector<double> readShaped(hid_t file, const std::string& name,
                               const std::vector<hsize_t>& expected) {
  h5::Dataset ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "open dataset " + name);
  const std::vector<hsize_t> shape = shapeOf(ds.get(), name, expected.size());
  if (shape != expected)
    throw malformed(
        "dataset '" + name + "'",
        "has shape " + shapeText(shape) + ", the file's attributes give " + shapeText(expected));
  return h5::readValues(ds.get(), name, h5::product(shape));
}

/// One-dimensional string dataset `name` of `size` entries.
std::vector<std::string> readNamesOf(hid_t f, const std::string& name, std::size_t size) {
  std::vector<std::string> names = h5::readNames(f, name);
  if (names.size() != size)
    throw malformed("dataset '" + name + "'", "has " + std::to_string(names.size()) +
                                                  " entries, expected " + std::to_string(size));
  return names;
}

/// Reads every attribute and dataset the layout is made of, checking each against the others
/// before any is used: a crafted or damaged file is an error naming what is wrong, never an
/// index out of bounds.
void readLayout(hid_t f, const fs::path& path, SweepLayout& l) {
  // Files from before the shared provenance writer say so in their title alone.
  const bool has_kind = H5Aexists(f, "grainsim_file_kind") > 0;
  const std::string kind = text(f, "the file", has_kind ? "grainsim_file_kind" : "title", path);
  if (kind != (has_kind ? "sweep" : "grainsim sweep"))
    throw OutputError(h5::quoted(path) + " is not a grainsim sweep file (its " +
                      (has_kind ? "grainsim_file_kind" : "title") + " is '" + shownText(kind) +
                      "')");
  l.design = text(f, "the file", "design", path);
  if (l.design != "grid" && l.design != "lhs" && l.design != "sobol")
    throw malformed("attribute 'design' = '" + shownText(l.design) + "'",
                    "must be grid, lhs or sobol");
  l.samples = number(f, "samples", path);
  l.design_seed = number(f, "design_seed", path);
  l.seed = number(f, "seed", path);
  l.replicates = number(f, "replicates", path);
  l.total_points = number(f, "total_points", path);
  l.shard = {number(f, "shard", path), number(f, "shard_count", path)};
  l.fingerprint = text(f, "the file", "fingerprint", path);
  l.scenario_name = text(f, "the file", "scenario_name", path);
  l.scenario_text = text(f, "the file", "scenario", path);
  // Written as `version` before every file kind shared one provenance writer.
  l.version = H5Aexists(f, "grainsim_version") > 0 ? text(f, "the file", "grainsim_version", path)
                                                   : text(f, "the file", "version", path);
  l.command_line = text(f, "the file", "history", path);
  if (l.shard.count == 0) throw malformed("attribute 'shard_count' = 0", "must be 1 or more");
  if (l.shard.index >= l.shard.count)
    throw malformed("attribute 'shard' = " + std::to_string(l.shard.index),
                    "must be below shard_count = " + std::to_string(l.shard.count));
  if (l.replicates == 0) throw malformed("attribute 'replicates' = 0", "must be 1 or more");
  if (l.total_points == 0 ||
      l.total_points > static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max()))
    throw malformed("attribute 'total_points' = " + std::to_string(l.total_points),
                    "must be from 1 to 2^31 - 1 (points are indexed by int32)");

  l.parameter_names = h5::readNames(f, "parameter");
  const std::size_t k = l.parameter_names.size();
  if (k == 0) throw malformed("dataset 'parameter'", "is empty: a sweep has parameters");
  // Sensitivity finds the Saltelli blocks from samples and k; other designs only record it.
  if (l.design == "sobol" && std::uint64_t{l.samples} * (k + 2) != l.total_points)
    throw malformed("attribute 'total_points' = " + std::to_string(l.total_points),
                    "does not match a sobol design of samples = " + std::to_string(l.samples) +
                        " in " + std::to_string(k) + " parameters (samples x (parameters + 2))");
  l.parameter_ranges = readNamesOf(f, "parameter_range", k);
  l.parameter_scales = readNamesOf(f, "parameter_scale", k);
  l.parameter_units = readNamesOf(f, "parameter_units", k);

  const hsize_t points = l.shard.points(l.total_points);
  const std::vector<double> numbers = readShaped(f, "point", {points});
  for (hsize_t row = 0; row < points; ++row) {
    const std::uint64_t expected = l.shard.index + row * l.shard.count;
    if (numbers[row] != static_cast<double>(expected))
      throw malformed("dataset 'point'", "holds " + formatNumber(numbers[row]) + " in row " +
                                             std::to_string(row) + ", shard " + l.shard.text() +
                                             " holds point " + std::to_string(expected) + " there");
    l.points.push_back(static_cast<std::uint32_t>(numbers[row]));
  }
  {
    h5::Dataset replicate(H5Dopen2(f, "replicate", H5P_DEFAULT), "open dataset replicate");
    const hsize_t held = shapeOf(replicate.get(), "replicate", 1)[0];
    if (held != l.replicates)
      throw malformed(
          "attribute 'replicates' = " + std::to_string(l.replicates),
          "does not match dataset 'replicate', which has " + std::to_string(held) + " entries");
  }
  l.design_values = readShaped(f, "design", {points, k});
  l.unit_values = readShaped(f, "design_unit", {points, k});

  RunOutput& c = l.coordinates;
  c.regions = h5::readNames(f, "region");
  c.commodities = h5::readNames(f, "commodity");
  c.tiers = h5::readNames(f, "tier");
  if (H5Lexists(f, "lat", H5P_DEFAULT) > 0 && H5Lexists(f, "lon", H5P_DEFAULT) > 0) {
    c.latitudes = readShaped(f, "lat", {c.regions.size()});
    c.longitudes = readShaped(f, "lon", {c.regions.size()});
  }
  h5::Dataset time(H5Dopen2(f, "time", H5P_DEFAULT), "open dataset time");
  c.days = static_cast<int>(shapeOf(time.get(), "time", 1)[0]);
  const std::string units = text(time.get(), "dataset 'time'", "units", path);
  if (units.rfind(h5::kDaysSince, 0) != 0)
    throw malformed("attribute 'units' of dataset 'time' = '" + shownText(units) + "'",
                    "must read \"" + std::string(h5::kDaysSince) + "<date>\"");
  c.start_date = units.substr(h5::kDaysSince.size());

  for (const std::string& name : textLines(text(f, "the file", "variables", path))) {
    h5::Dataset ds(H5Dopen2(f, name.c_str(), H5P_DEFAULT),
                   "open dataset '" + shownText(name) + "' (named by attribute 'variables')");
    const std::string owner = "dataset '" + name + "'";
    SweepVariable v{name,
                    text(ds.get(), owner, "output", path),
                    text(ds.get(), owner, "units", path),
                    text(ds.get(), owner, "long_name", path),
                    {}};
    const std::vector<hsize_t> shape = shapeOf(ds.get(), name, 0);
    const auto dims = dimensionNames(f, ds.get(), shape.size());
    if (const auto none = std::ranges::find(dims, std::string()); none != dims.end())
      throw malformed(owner, "has dimension " + std::to_string(none - dims.begin()) +
                                 " without one of the file's dimension scales attached");
    if (std::ranges::count(dims, std::string("run")) != 1)
      throw malformed(owner,
                      "has dimensions without 'run'; a sweep variable has one value per "
                      "run (point and replicate)");
    for (const std::string& d : dims)
      if (d != "run") v.dims.push_back(dimNamed(d));
    l.variables.push_back(std::move(v));
    const std::vector<hsize_t> expected = variableShape(l, l.variables.back());
    if (shape != expected)
      throw malformed(owner, "has shape " + shapeText(shape) +
                                 ", the file's attributes and coordinates give " +
                                 shapeText(expected) + " ([time x] points * replicates x ...)");
  }
}

}  // namespace

SweepReader::SweepReader(const fs::path& path)
    : impl_(std::make_unique<Impl>(path, openForReading(path))) {
  try {
    h5::SilenceErrors quiet;
    readLayout(impl_->file.get(), path, impl_->layout);
    impl_->failures = readNamesOf(impl_->file.get(), "point_failure", impl_->layout.points.size());
    for (const SweepVariable& v : impl_->layout.variables)
      impl_->variables.emplace_back(H5Dopen2(impl_->file.get(), v.name.c_str(), H5P_DEFAULT),
                                    "open dataset " + v.name);
  } catch (const OutputError&) {
    throw;
  } catch (const std::exception& e) {
    throw fileError(path, e.what());
  }
}

SweepReader::~SweepReader() = default;
SweepReader::SweepReader(SweepReader&&) noexcept = default;

const SweepLayout& SweepReader::layout() const {
  return impl_->layout;
}

PointRecord SweepReader::row(std::size_t row) const {
  const SweepLayout& l = impl_->layout;
  PointRecord record;
  record.point = l.points.at(row);
  record.failure = impl_->failures.at(row);
  record.values.resize(l.rowSize());
  try {
    h5::SilenceErrors quiet;
    double* data = record.values.data();
    for (std::size_t i = 0; i < l.variables.size(); ++i) {
      const SweepVariable& v = l.variables[i];
      const hsize_t n = l.cells(v) * l.replicates;
      if (n > 0) {
        const hid_t ds = impl_->variables[i].get();
        h5::Dataspace file_space = selectRow(ds, l, v, row, v.name);
        h5::Dataspace memory(H5Screate_simple(1, &n, nullptr), "create dataspace for " + v.name);
        h5::check(H5Dread(ds, H5T_NATIVE_DOUBLE, memory.get(), file_space.get(), H5P_DEFAULT, data),
                  "read row of " + v.name);
        if (timeFirst(v)) {  // back to [replicate][time][...]
          const std::vector<double> block = h5::swapLeadingAxes(
              std::vector<double>(data, data + n), l.coordinates.dimSize(Dim::time), l.replicates);
          std::copy(block.begin(), block.end(), data);
        }
      }
      data += n;
    }
  } catch (const std::exception& e) {
    throw fileError(impl_->path, e.what());
  }
  return record;
}

std::vector<double> SweepReader::variable(std::size_t v) const {
  try {
    h5::SilenceErrors quiet;
    const SweepLayout& l = impl_->layout;
    const SweepVariable& var = l.variables.at(v);
    const std::size_t runs = l.points.size() * l.replicates;
    std::vector<double> values =
        h5::readValues(impl_->variables[v].get(), var.name, runs * l.cells(var));
    if (!timeFirst(var)) return values;
    return h5::swapLeadingAxes(values, l.coordinates.dimSize(Dim::time), runs);
  } catch (const std::exception& e) {
    throw fileError(impl_->path, e.what());
  }
}

}  // namespace grainsim

/// \brief The ensemble file: quantiles and means over replicates of every output variable (and,
/// for a comparison, of the effects), the sampled parameters, the failed replicates, optionally
/// every replicate's trajectories, and the provenance; NetCDF-4 compatible HDF5.
///
/// Layout (docs/UNCERTAINTY.md, "Ensemble files" has the user-facing version). time, D... are a
/// variable's model dimensions as in the run file; time comes first everywhere (CDO needs it)
/// and no variable has more than four dimensions (CDO's limit), so a comparison's arms are
/// separate variables where they would make a fifth:
///   coordinates  time ("days since <start>"), region, commodity, tier, quintile (as in the run
///                file); quantile (float64 probabilities); replicate (int32 0..N-1);
///                parameter and arm (int32 index, names in parameter_name and arm_name)
///   V                        (time, quantile, D...)   forecast: V's units
///   V_<arm>                  (time, quantile, D...)   comparison: each arm's quantiles
///   V_mean                   (time, [arm,] D...)
///   V_effect[_mean]          (time, [quantile,] D...) comparison: policy - baseline, V's units
///   V_relative_effect[_mean] (time, [quantile,] D...) comparison: policy / baseline - 1, "1"
///   V_replicates             (time, replicate, D...)  keep_replicates only; NaN if never written
///                            (comparison: V_<arm>_replicates)
///   parameter_value          ([arm,] replicate, parameter) float64, NaN: no such prior/failed;
///                            with parameter_units, parameter_prior (parameter) only when there
///                            are sampled parameters
///   replicate_failed         (replicate) int8, flag_values 0 1, flag_meanings "ok failed_skipped"
///   root attributes          writeRootHeader's (CF, ACDD, grainsim_version, command_line),
///                            scenario_name + scenario (or <arm>_scenario_name + <arm>_scenario
///                            per arm), seed, replicates, replicates_failed,
///                            common_random_numbers, quantile_method, exact_limit; and the groups
///                            of linkTidyGroups
#include "runs/output/EnsembleFile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>

#include "runs/output/Hdf5Handle.hpp"
#include "runs/output/Hdf5Write.hpp"
#include "runs/output/OutputFile.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;
namespace h5 = hdf5;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string count(std::size_t n) {
  return std::to_string(n);
}

/// Throws std::runtime_error naming `what` unless `v` holds `expected` values.
template <class Vector>
void expectSize(const Vector& v, std::size_t expected, const std::string& what) {
  if (v.size() != expected)
    throw std::runtime_error(what + " has " + count(v.size()) + " values, expected " +
                             count(expected));
}

void validateLayout(const EnsembleLayout& layout) {
  h5::validateCoordinates(layout.coordinates);
  if (!layout.arms.empty()) {
    if (layout.arms.size() != 2)
      throw std::runtime_error("a comparison has two arms (policy, baseline), got " +
                               count(layout.arms.size()));
    if (layout.arms[0].empty() || layout.arms[1].empty() || layout.arms[0] == layout.arms[1])
      throw std::runtime_error("the two arms need distinct, non-empty names");
  }
  if (layout.probabilities.empty()) throw std::runtime_error("no quantile probabilities");
  for (std::size_t q = 0; q < layout.probabilities.size(); ++q) {
    const double p = layout.probabilities[q];
    if (!(p >= 0.0 && p <= 1.0))
      throw std::runtime_error("quantile probability " + std::to_string(p) + " is not in [0, 1]");
    if (q > 0 && !(p > layout.probabilities[q - 1]))
      throw std::runtime_error("quantile probabilities are not strictly increasing");
  }
  if (layout.replicates == 0) throw std::runtime_error("an ensemble needs at least one replicate");
  // The replicate coordinate is NC_INT.
  if (layout.replicates > static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max()))
    throw std::runtime_error("too many replicates: " + count(layout.replicates));
  const std::size_t params = layout.parameter_names.size();
  expectSize(layout.parameter_priors, params, "parameter_priors");
  expectSize(layout.parameter_units, params, "parameter_units");
}

bool sameCoordinates(const RunOutput& a, const RunOutput& b) {
  return a.start_date == b.start_date && a.days == b.days && a.regions == b.regions &&
         a.commodities == b.commodities && a.tiers == b.tiers;
}

/// An int8 array attribute (CF flag_values must have the variable's type).
void writeInt8s(hid_t obj, const std::string& name, const std::vector<std::int8_t>& values) {
  const hsize_t n = values.size();
  h5::Dataspace space(H5Screate_simple(1, &n, nullptr), "create dataspace for " + name);
  h5::Attribute attr(
      H5Acreate2(obj, name.c_str(), H5T_STD_I8LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
      "create attribute " + name);
  h5::check(H5Awrite(attr.get(), H5T_NATIVE_INT8, values.data()), "write attribute " + name);
}

}  // namespace

struct EnsembleWriter::Impl {
  Impl(const fs::path& p, bool ow, EnsembleLayout l);
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void writeReplicate(std::size_t arm, std::uint32_t replicate, const RunOutput& out);
  void finish(const EnsembleSummary& summary, const EnsembleProvenance& provenance);

  const fs::path& path() const { return path_; }
  std::mutex& mutex() { return mutex_; }

 private:
  enum class State { open, failed, finished };

  std::size_t armCount() const { return layout_.arms.empty() ? 1 : layout_.arms.size(); }
  bool comparison() const { return !layout_.arms.empty(); }
  std::size_t quantileCount() const { return layout_.probabilities.size(); }

  /// time, then `lead` (arm, quantile or replicate), then the rest of the model axes of `spec`.
  std::vector<h5::Axis> axes(const OutputSpec& spec, const std::vector<h5::Axis>& lead) const;
  void writeCoordinates();
  void createReplicateVariables();
  void validate(const EnsembleSummary& summary, const EnsembleProvenance& provenance) const;
  void writeVariables(const EnsembleSummary& summary);
  void writeParameters(const EnsembleSummary& summary);
  void writeFailed(const EnsembleSummary& summary);
  void writeAttributes(const EnsembleSummary& summary, const EnsembleProvenance& provenance);
  void closeAll();

  fs::path path_;
  bool overwrite_;
  EnsembleLayout layout_;
  /// Offset and size of each variable's block of cells (RunOutput::flatValues() order).
  std::vector<std::size_t> offsets_, sizes_;
  std::size_t cells_ = 0;
  /// writeReplicate() may be called from the ensemble's worker threads; HDF5 calls must not
  /// interleave.
  std::mutex mutex_;
  State state_ = State::open;

  // Declared before the HDF5 handles so that they are closed before the file is removed.
  TempFile tmp_;
  std::optional<h5::File> file_;
  std::optional<h5::ModelScales> model_;
  std::optional<h5::Dataset> quantile_, replicate_, parameter_, arm_;
  /// V_replicates (per arm), in outputTable() order: [arm * table size + variable]
  std::vector<h5::Dataset> replicates_;
};

EnsembleWriter::Impl::Impl(const fs::path& p, bool ow, EnsembleLayout l)
    : path_(p), overwrite_(ow), layout_(std::move(l)) {
  validateLayout(layout_);
  for (const OutputSpec& spec : outputTable()) {
    offsets_.push_back(cells_);
    sizes_.push_back(h5::product(h5::shapeOf(spec, layout_.coordinates)));
    cells_ += sizes_.back();
  }
  file_.emplace(h5::createTempFile(path_, tmp_));
  writeCoordinates();
  if (layout_.keep_replicates) createReplicateVariables();
}

EnsembleWriter::Impl::~Impl() {
  // Close quietly: the file is being abandoned (or already closed), errors change nothing.
  h5::SilenceErrors quiet;
  replicates_.clear();
  arm_.reset();
  parameter_.reset();
  replicate_.reset();
  quantile_.reset();
  model_.reset();
  file_.reset();
}

void EnsembleWriter::Impl::writeCoordinates() {
  const hid_t file = file_->get();
  model_.emplace(file, layout_.coordinates);

  const hsize_t nq = quantileCount();
  h5::PropList dcpl = h5::datasetCreation();
  quantile_.emplace(h5::createDoubles(file, "quantile", {nq}, dcpl.get(), layout_.probabilities));
  h5::writeText(quantile_->get(), "long_name", "probability of the quantile");
  h5::writeText(quantile_->get(), "units", "1");
  h5::makeScale(quantile_->get(), "quantile");

  std::vector<std::int32_t> numbers(layout_.replicates);
  for (std::size_t r = 0; r < numbers.size(); ++r) numbers[r] = static_cast<std::int32_t>(r);
  replicate_.emplace(h5::createInt32s(file, "replicate", numbers));
  h5::writeText(replicate_->get(), "long_name",
                "replicate number (its random streams derive from the seed and this number)");
  h5::makeScale(replicate_->get(), "replicate");

  if (comparison())
    arm_.emplace(h5::writeNames(file, "arm", layout_.arms,
                                "arm of the comparison: " + layout_.arms[0] + " (studied) or " +
                                    layout_.arms[1] + " (compared to)"));

  // A comparison without priors has no parameters: no empty dimension either.
  if (layout_.parameter_names.empty()) return;
  parameter_.emplace(h5::writeNames(file, "parameter", layout_.parameter_names,
                                    "sampled scenario parameter (section.key)"));
  const h5::Axis parameter{parameter_->get(), "parameter", layout_.parameter_names.size()};
  struct Text {
    const char* name;
    const std::vector<std::string>& values;
    const char* long_name;
  };
  const Text texts[] = {{"parameter_units", layout_.parameter_units,
                         "units of the parameter's values in parameter_value"},
                        {"parameter_prior", layout_.parameter_priors,
                         "prior the parameter was sampled from, as written in the scenario"}};
  for (const Text& text : texts) {
    h5::Dataset ds = h5::createStrings(file, text.name, text.values);
    h5::writeText(ds.get(), "long_name", text.long_name);
    h5::attachAxes(ds.get(), text.name, std::span(&parameter, 1));
  }
}

std::vector<h5::Axis> EnsembleWriter::Impl::axes(const OutputSpec& spec,
                                                 const std::vector<h5::Axis>& lead) const {
  std::vector<h5::Axis> result = model_->axes(spec);
  if (result.empty() || result[0].name != "time")
    throw std::logic_error(std::string(spec.name) + " is not a time series");
  result.insert(result.begin() + 1, lead.begin(), lead.end());
  return result;
}

void EnsembleWriter::Impl::createReplicateVariables() {
  const h5::Axis replicate{replicate_->get(), "replicate", layout_.replicates};
  // One replicate per chunk, so that each is compressed and written on its own and a replicate
  // never written allocates nothing and reads as the fill value.
  const std::vector<hsize_t> leading{1};
  for (std::size_t a = 0; a < armCount(); ++a)
    for (const OutputSpec& spec : outputTable()) {
      const std::string arm = comparison() ? "_" + layout_.arms[a] : "";
      const std::string name = std::string(spec.name) + arm + "_replicates";
      const std::vector<h5::Axis> ax = axes(spec, {replicate});
      h5::PropList dcpl = h5::variableCreation(h5::shapeOf(ax), leading);
      replicates_.push_back(
          h5::writeVariable(file_->get(), name, ax, dcpl.get(), {}, spec.units,
                            std::string(spec.long_name) + ", every replicate" +
                                (comparison() ? " of the " + layout_.arms[a] + " arm" : "")));
    }
}

void EnsembleWriter::Impl::writeReplicate(std::size_t arm, std::uint32_t replicate,
                                          const RunOutput& out) {
  if (state_ != State::open) throw std::runtime_error("writeReplicate after finish");
  if (!layout_.keep_replicates)
    throw std::runtime_error("writeReplicate without keep_replicates in the layout");
  if (arm >= armCount())
    throw std::runtime_error("arm " + count(arm) + " out of range (" + count(armCount()) +
                             " arms)");
  if (replicate >= layout_.replicates)
    throw std::runtime_error("replicate " + count(replicate) + " out of range (" +
                             count(layout_.replicates) + " replicates)");
  if (!sameCoordinates(out, layout_.coordinates))
    throw std::runtime_error("replicate " + count(replicate) +
                             " has other coordinates than the layout");
  h5::validateValues(out);

  const auto table = outputTable();
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (sizes_[i] == 0) continue;  // HDF5 rejects empty selections in a write
    const hid_t ds = replicates_[arm * table.size() + i].get();
    const std::string name = std::string(table[i].name) + "_replicates";
    // (time, replicate, rest...): all days and the rest of this replicate, in the values' order.
    std::vector<hsize_t> start, extent;
    const std::vector<hsize_t> shape = h5::shapeOf(table[i], out);
    for (std::size_t k = 0; k < shape.size(); ++k) {
      start.push_back(0);
      extent.push_back(shape[k]);
      if (k == 0) {
        start.push_back(replicate);
        extent.push_back(1);
      }
    }
    h5::Dataspace file_space(H5Dget_space(ds), "get dataspace of " + name);
    h5::check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr,
                                  extent.data(), nullptr),
              "select replicate in " + name);
    const hsize_t n = sizes_[i];
    h5::Dataspace memory(H5Screate_simple(1, &n, nullptr), "create dataspace for " + name);
    h5::check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, memory.get(), file_space.get(), H5P_DEFAULT,
                       out.values[i].data()),
              "write replicate to " + name);
  }
}

void EnsembleWriter::Impl::validate(const EnsembleSummary& s,
                                    const EnsembleProvenance& prov) const {
  const std::size_t arms = armCount(), nq = quantileCount();
  expectSize(s.quantiles, arms, "quantiles (per arm)");
  expectSize(s.means, arms, "means (per arm)");
  for (std::size_t a = 0; a < arms; ++a) {
    expectSize(s.quantiles[a], nq * cells_, "quantiles of arm " + count(a));
    expectSize(s.means[a], cells_, "means of arm " + count(a));
  }
  const std::size_t effect_cells = comparison() ? cells_ : 0;
  expectSize(s.effect_quantiles, nq * effect_cells, "effect_quantiles");
  expectSize(s.effect_means, effect_cells, "effect_means");
  expectSize(s.relative_quantiles, nq * effect_cells, "relative_quantiles");
  expectSize(s.relative_means, effect_cells, "relative_means");
  expectSize(s.parameter_values, arms * layout_.replicates * layout_.parameter_names.size(),
             "parameter_values");
  expectSize(s.failed, layout_.replicates, "failed");
  if (std::ranges::any_of(s.failed, [](std::int8_t f) { return f != 0 && f != 1; }))
    throw std::runtime_error("failed holds a value other than 0 and 1");
  expectSize(prov.scenario_names, arms, "scenario_names");
  expectSize(prov.scenario_texts, arms, "scenario_texts");
}

void EnsembleWriter::Impl::writeVariables(const EnsembleSummary& s) {
  const hid_t file = file_->get();
  const std::size_t arms = armCount(), nq = quantileCount();
  const h5::Axis quantile{quantile_->get(), "quantile", nq};
  // Whole quantile axis per chunk: a fan chart reads every quantile of a few series.
  const std::vector<hsize_t> per_quantile{nq}, per_arm{1};
  const std::size_t days = layout_.coordinates.dimSize(Dim::time);
  const auto table = outputTable();
  for (std::size_t i = 0; i < table.size(); ++i) {
    const OutputSpec& spec = table[i];
    const std::string name(spec.name), long_name(spec.long_name);
    const std::size_t off = offsets_[i], n = sizes_[i];
    // The blocks of this variable, gathered from [quantile][cell] or [cell] rows.
    const auto gather = [&](const std::vector<const std::vector<double>*>& rows, std::size_t k) {
      std::vector<double> out;
      out.reserve(rows.size() * k * n);
      for (const std::vector<double>* row : rows)
        for (std::size_t q = 0; q < k; ++q) {
          const auto first = row->begin() + static_cast<std::ptrdiff_t>(q * cells_ + off);
          out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(n));
        }
      return out;
    };
    // `values` as [lead][time][rest] blocks; the file has time first.
    const auto write = [&](const std::string& var, const std::vector<h5::Axis>& lead,
                           const std::vector<hsize_t>& leading, const std::vector<double>& values,
                           std::string_view units, const std::string& what,
                           std::string_view cell_methods) {
      const std::vector<h5::Axis> ax = axes(spec, lead);
      h5::PropList dcpl = h5::variableCreation(h5::shapeOf(ax), leading);
      const std::size_t lead_size = lead.empty() ? 1 : lead[0].size;
      h5::writeVariable(file, var, ax, dcpl.get(), h5::swapLeadingAxes(values, lead_size, days),
                        units, long_name + ", " + what, cell_methods);
    };
    const std::string_view mean = "replicate: mean";

    std::vector<const std::vector<double>*> mean_rows;
    for (std::size_t a = 0; a < arms; ++a) {
      const std::string arm = comparison() ? "_" + layout_.arms[a] : "";
      write(name + arm, {quantile}, per_quantile, gather({&s.quantiles[a]}, nq), spec.units,
            "quantiles over replicates" +
                (comparison() ? " of the " + layout_.arms[a] + " arm" : std::string()),
            {});
      mean_rows.push_back(&s.means[a]);
    }
    if (!comparison()) {
      write(name + "_mean", {}, {}, gather(mean_rows, 1), spec.units, "mean over replicates", mean);
      continue;
    }
    write(name + "_mean", {{arm_->get(), "arm", layout_.arms.size()}}, per_arm,
          gather(mean_rows, 1), spec.units, "mean over replicates", mean);

    const std::string minus = layout_.arms[0] + " minus " + layout_.arms[1];
    const std::string ratio = layout_.arms[0] + " over " + layout_.arms[1] + " minus 1";
    write(name + "_effect", {quantile}, per_quantile, gather({&s.effect_quantiles}, nq), spec.units,
          minus + ", quantiles over replicates", {});
    write(name + "_effect_mean", {}, {}, gather({&s.effect_means}, 1), spec.units,
          minus + ", mean over replicates", mean);
    write(name + "_relative_effect", {quantile}, per_quantile, gather({&s.relative_quantiles}, nq),
          "1", ratio + ", quantiles over replicates", {});
    write(name + "_relative_effect_mean", {}, {}, gather({&s.relative_means}, 1), "1",
          ratio + ", mean over replicates", mean);
  }
}

void EnsembleWriter::Impl::writeParameters(const EnsembleSummary& s) {
  if (!parameter_) return;
  std::vector<h5::Axis> ax;
  if (comparison()) ax.push_back({arm_->get(), "arm", layout_.arms.size()});
  ax.push_back({replicate_->get(), "replicate", layout_.replicates});
  ax.push_back({parameter_->get(), "parameter", layout_.parameter_names.size()});
  h5::PropList dcpl = h5::datasetCreation();
  h5::Dataset ds = h5::createDoubles(file_->get(), "parameter_value", h5::shapeOf(ax), dcpl.get(),
                                     s.parameter_values);
  // No units attribute: they differ per parameter.
  h5::writeText(ds.get(), "long_name", "sampled value of each parameter in each replicate");
  h5::writeText(ds.get(), "comment",
                "units per parameter in parameter_units, priors in parameter_prior; NaN where "
                "the arm has no such prior (a failed replicate keeps what it drew)");
  h5::attachAxes(ds.get(), "parameter_value", ax);
}

void EnsembleWriter::Impl::writeFailed(const EnsembleSummary& s) {
  h5::Dataset ds = h5::createInt8s(file_->get(), "replicate_failed", s.failed);
  h5::writeText(ds.get(), "long_name",
                "whether the replicate failed and was skipped (left out of quantiles and means)");
  writeInt8s(ds.get(), "flag_values", {0, 1});
  h5::writeText(ds.get(), "flag_meanings", "ok failed_skipped");
  const h5::Axis replicate{replicate_->get(), "replicate", layout_.replicates};
  h5::attachAxes(ds.get(), "replicate_failed", std::span(&replicate, 1));
}

void EnsembleWriter::Impl::writeAttributes(const EnsembleSummary& s,
                                           const EnsembleProvenance& prov) {
  const hid_t file = file_->get();
  const std::string what =
      comparison() ? "Quantiles and means over " + count(layout_.replicates) +
                         " replicates of a policy and its baseline run on common random "
                         "numbers, and of the policy's effects (differences and ratios)"
                   : "Quantiles and means over " + count(layout_.replicates) +
                         " replicates, each with its own random streams and its own draw of "
                         "the scenario's priors";
  h5::writeRootHeader(file, {.kind = comparison() ? "compare" : "forecast",
                             .title = prov.title + ": " + prov.scenario_names[0],
                             .summary = what + ", of every daily output variable (time first).",
                             .command_line = prov.command_line,
                             .version = prov.version});
  if (comparison()) {
    for (std::size_t a = 0; a < layout_.arms.size(); ++a) {
      h5::writeText(file, layout_.arms[a] + "_scenario_name", prov.scenario_names[a]);
      h5::writeText(file, layout_.arms[a] + "_scenario", prov.scenario_texts[a]);
    }
  } else {
    h5::writeText(file, "scenario_name", prov.scenario_names[0]);
    h5::writeText(file, "scenario", prov.scenario_texts[0]);
  }
  h5::writeUInt(file, "seed", prov.seed);
  h5::writeUInt(file, "replicates", layout_.replicates);
  h5::writeUInt(file, "replicates_failed",
                static_cast<std::uint32_t>(std::ranges::count(s.failed, std::int8_t{1})));
  h5::writeUInt(file, "common_random_numbers", prov.common_random_numbers ? 1 : 0);
  h5::writeText(file, "quantile_method", s.quantile_method);
  h5::writeUInt(file, "exact_limit", s.exact_limit);
}

void EnsembleWriter::Impl::closeAll() {
  // Every object closed before the file, so that closing the file flushes and reports errors.
  for (h5::Dataset& ds : replicates_) ds.close("close replicate variable");
  replicates_.clear();
  for (auto* scale : {&quantile_, &replicate_, &parameter_, &arm_})
    if (*scale) {
      (*scale)->close("close coordinate");
      scale->reset();
    }
  model_->close();
  file_->close("close file");
}

void EnsembleWriter::Impl::finish(const EnsembleSummary& summary,
                                  const EnsembleProvenance& provenance) {
  if (state_ == State::finished) throw std::runtime_error("finish called twice");
  if (state_ == State::failed) throw std::runtime_error("an earlier finish failed");
  validate(summary, provenance);
  state_ = State::failed;  // until the rename succeeds
  writeVariables(summary);
  writeParameters(summary);
  writeFailed(summary);
  writeAttributes(summary, provenance);
  h5::linkTidyGroups(file_->get());
  closeAll();
  // Another process may have created the file while we were writing.
  checkOutputPath(path_, overwrite_);
  renameOver(tmp_, path_);
  state_ = State::finished;
}

namespace {

/// Runs `f` with HDF5's error printing off, turning any failure into a WriteError naming
/// `path` (an OutputError from checkOutputPath passes as it is).
template <class F>
void writing(const fs::path& path, F&& f) {
  h5::SilenceErrors quiet;
  try {
    f();
  } catch (const OutputError&) {
    throw;
  } catch (const std::exception& e) {
    throw writeError(path, e);
  }
}

}  // namespace

EnsembleWriter::EnsembleWriter(const fs::path& path, bool overwrite, EnsembleLayout layout) {
  checkOutputPath(path, overwrite);
  writing(path, [&] { impl_ = std::make_unique<Impl>(path, overwrite, std::move(layout)); });
}

EnsembleWriter::~EnsembleWriter() = default;

void EnsembleWriter::writeReplicate(std::size_t arm, std::uint32_t replicate,
                                    const RunOutput& out) {
  std::lock_guard lock(impl_->mutex());
  writing(impl_->path(), [&] { impl_->writeReplicate(arm, replicate, out); });
}

void EnsembleWriter::finish(const EnsembleSummary& summary, const EnsembleProvenance& provenance) {
  std::lock_guard lock(impl_->mutex());
  writing(impl_->path(), [&] { impl_->finish(summary, provenance); });
}

DatasetValues readDataset(const fs::path& path, const std::string& name) {
  h5::SilenceErrors quiet;
  try {
    h5::File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open file");
    h5::Dataset ds(H5Dopen2(file.get(), name.c_str(), H5P_DEFAULT), "open dataset " + name);
    const std::vector<hsize_t> shape = h5::datasetShape(ds.get(), name);
    return {{shape.begin(), shape.end()}, h5::readValues(ds.get(), name, h5::product(shape))};
  } catch (const std::exception& e) {
    throw OutputError("cannot read output file " + h5::quoted(path) + ": " + e.what());
  }
}

}  // namespace grainsim

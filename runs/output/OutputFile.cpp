#include "runs/output/OutputFile.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "runs/output/Hdf5Handle.hpp"
#include "runs/output/Hdf5Write.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;
namespace h5 = hdf5;

void writeVariable(hid_t file, const OutputSpec& spec, const std::vector<double>& values,
                   const h5::ModelScales& scales) {
  const std::vector<h5::Axis> axes = scales.axes(spec);
  h5::PropList dcpl = h5::variableCreation(h5::shapeOf(axes));
  h5::writeVariable(file, std::string(spec.name), axes, dcpl.get(), values, spec.units,
                    spec.long_name);
}

void writeProvenance(hid_t file, const Provenance& prov) {
  h5::writeRootHeader(file, {.kind = "run",
                             .title = "grainsim run: " + prov.scenario_name,
                             .summary = "Daily trajectories of one simulated run of scenario '" +
                                        prov.scenario_name +
                                        "': market prices, stocks and flows, household "
                                        "consumption and food insecurity by region, and the "
                                        "aid's path from entry points to recipients.",
                             .command_line = prov.command_line,
                             .version = prov.version});
  h5::writeText(file, "scenario_name", prov.scenario_name);
  h5::writeText(file, "scenario", prov.scenario_text);
  h5::writeUInt(file, "seed", prov.seed);
  h5::writeUInt(file, "replicate", prov.replicate);
}

void validate(const RunOutput& out) {
  h5::validateCoordinates(out);
  h5::validateValues(out);
}

void writeContents(const fs::path& path, TempFile& tmp, const RunOutput& out,
                   const Provenance& prov) {
  h5::File file = h5::createTempFile(path, tmp);
  {
    // Coordinates first, in Dim order; they stay open while the variables attach to them.
    h5::ModelScales scales(file.get(), out);
    const auto table = outputTable();
    for (std::size_t i = 0; i < table.size(); ++i)
      writeVariable(file.get(), table[i], out.values[i], scales);
    writeProvenance(file.get(), prov);
    h5::linkTidyGroups(file.get());
  }
  file.close("close file");
}

std::vector<double> readDoubles(hid_t file, const std::string& name,
                                const std::vector<hsize_t>& expected) {
  h5::Dataset ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "open dataset " + name);
  if (h5::datasetShape(ds.get(), name) != expected)
    throw std::runtime_error("dataset " + name + " does not match the coordinates' shape");
  return h5::readValues(ds.get(), name, h5::product(expected));
}

/// The quintile coordinate must number the quintile axis 1..n.
void checkQuintiles(hid_t file, const RunOutput& out) {
  const std::string name(dimName(Dim::quintile));
  h5::Dataset ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "open dataset " + name);
  const std::vector<hsize_t> shape = h5::datasetShape(ds.get(), name);
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
    const std::vector<hsize_t> shape = h5::datasetShape(time.get(), "time");
    if (shape.size() != 1) throw std::runtime_error("time is not one-dimensional");
    out.days = static_cast<int>(shape[0]);
    const std::string units = h5::readText(time.get(), "units");
    if (!units.starts_with(h5::kDaysSince))
      throw std::runtime_error("time units '" + units + "' are not 'days since <date>'");
    out.start_date = units.substr(h5::kDaysSince.size());
  }
  out.regions = h5::readNames(file.get(), std::string(dimName(Dim::region)));
  out.commodities = h5::readNames(file.get(), std::string(dimName(Dim::commodity)));
  out.tiers = h5::readNames(file.get(), std::string(dimName(Dim::tier)));
  checkQuintiles(file.get(), out);
  for (const OutputSpec& spec : outputTable())
    out.values.push_back(readDoubles(file.get(), std::string(spec.name), h5::shapeOf(spec, out)));
  return out;
}

}  // namespace

void checkOutputPath(const fs::path& path, bool overwrite) {
  using h5::quoted;
  if (path.empty()) throw OutputError("the output path is empty (\"\"); give a file name");
  if (path == "-")
    throw OutputError(
        "the output path is \"-\", but grainsim writes files, never standard output (an HDF5 "
        "file is written by seeking in it, and every output is written beside its place and "
        "renamed when complete); give a file name");
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::exists(dir)) throw OutputError("output directory " + quoted(dir) + " does not exist");
  if (!fs::is_directory(dir))
    throw OutputError("output directory " + quoted(dir) + " is not a directory");
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(path, ec);
  if (fs::is_directory(status))
    throw OutputError("output path " + quoted(path) + " is a directory");
  if (!fs::exists(status)) return;
  if (!overwrite)
    throw OutputError("output file " + quoted(path) + " exists; pass --force to overwrite it");
  // A device (--out /dev/full as root), a FIFO or a link's target is never replaced.
  if (fs::is_symlink(status))
    throw OutputError("output path " + quoted(path) +
                      " is a symbolic link, not a regular file; not replaced");
  if (!fs::is_regular_file(status))
    throw OutputError("output path " + quoted(path) + " is not a regular file; not replaced");
}

void checkNotAnInput(const fs::path& path, const std::vector<fs::path>& inputs) {
  for (const fs::path& input : inputs) {
    std::error_code ec;  // false, not an error, when either does not exist
    if (fs::equivalent(path, input, ec))
      throw OutputError("output path " + h5::quoted(path) + " is the input " + h5::quoted(input) +
                        "; an output never replaces one of its inputs");
  }
}

WriteError writeError(const fs::path& path, const std::exception& e) {
  return WriteError("cannot write output file " + h5::quoted(path) + ": " + e.what());
}

void writeOutputFile(const fs::path& path, const RunOutput& out, const Provenance& prov,
                     bool overwrite) {
  checkOutputPath(path, overwrite);
  h5::SilenceErrors quiet;
  try {
    validate(out);
    TempFile tmp;
    writeContents(path, tmp, out, prov);
    // Another process may have created the file while we were writing.
    checkOutputPath(path, overwrite);
    renameOver(tmp, path);
  } catch (const OutputError&) {
    throw;
  } catch (const std::exception& e) {
    throw writeError(path, e);
  }
}

RunOutput readOutputFile(const fs::path& path) {
  h5::SilenceErrors quiet;
  try {
    return readContents(path);
  } catch (const std::exception& e) {
    throw OutputError("cannot read output file " + h5::quoted(path) + ": " + e.what());
  }
}

}  // namespace grainsim

#include "runs/output/TableFile.hpp"

#include <cmath>
#include <map>
#include <optional>
#include <stdexcept>

#include "model/Version.hpp"
#include "runs/output/Hdf5Write.hpp"
#include "runs/output/OutputFile.hpp"

namespace grainsim {

namespace fs = std::filesystem;
namespace h5 = hdf5;

namespace {

void writeContents(const fs::path& path, TempFile& tmp, const TableFileContents& c,
                   const std::string& command_line) {
  h5::File file = h5::createTempFile(path, tmp);
  const hid_t f = file.get();
  h5::writeRootHeader(f, {.kind = c.kind,
                          .title = c.title,
                          .summary = c.summary,
                          .command_line = command_line,
                          .version = std::string(codeVersion())});
  for (const auto& [name, text] : c.text_attributes) h5::writeText(f, name, text);
  for (const auto& [name, value] : c.number_attributes) h5::writeDouble(f, name, value);

  std::vector<h5::Dataset> scales;
  std::map<std::string, h5::Axis> axes;
  for (const auto& d : c.dims) {
    if (!d.labels.empty()) {
      scales.push_back(h5::writeNames(f, d.name, d.labels, d.long_name));
    } else {
      std::vector<std::int32_t> numbers(d.size);
      for (std::size_t i = 0; i < d.size; ++i) numbers[i] = static_cast<std::int32_t>(i);
      scales.push_back(h5::createInt32s(f, d.name, numbers));
      h5::writeText(scales.back().get(), "long_name", d.long_name);
      h5::makeScale(scales.back().get(), d.name);
    }
    axes.emplace(d.name, h5::Axis{scales.back().get(), d.name, d.extent()});
  }
  const auto axesOf = [&](const std::string& var, const std::vector<std::string>& dims) {
    std::vector<h5::Axis> result;
    for (const auto& d : dims) {
      const auto it = axes.find(d);
      if (it == axes.end())
        throw std::invalid_argument(var + ": no dimension '" + d + "' in the file");
      result.push_back(it->second);
    }
    return result;
  };
  // A date over one dimension (a backtest's origin_date, a calibration's observation_date) is a
  // coordinate of that dimension, not data, named in the `coordinates` of the variables over it:
  // CDO takes every "days since" variable for a time axis and skips all but one.
  std::map<std::string, std::vector<std::string>> dates_of;
  for (const auto& v : c.variables)
    if (v.dims.size() == 1 && v.units.starts_with("days since"))
      dates_of[v.dims[0]].push_back(v.name);
  const auto datesOver = [&](const TableVariable& v) {
    std::string names;
    for (const auto& d : v.dims)
      if (const auto it = dates_of.find(d); it != dates_of.end())
        for (const auto& date : it->second)
          if (date != v.name) names += (names.empty() ? "" : " ") + date;
    return names;
  };
  for (const auto& v : c.variables) {
    const auto ax = axesOf(v.name, v.dims);
    if (h5::product(h5::shapeOf(ax)) != v.values.size())
      throw std::invalid_argument(v.name + ": " + std::to_string(v.values.size()) +
                                  " values do not fill its dimensions");
    h5::PropList dcpl = h5::datasetCreation();
    h5::writeVariable(f, v.name, ax, dcpl.get(), v.values, v.units, v.long_name, {}, datesOver(v));
  }
  for (const auto& s : c.strings) {
    const auto ax = axesOf(s.name, {s.dim});
    if (ax[0].size != s.values.size())
      throw std::invalid_argument(s.name + ": " + std::to_string(s.values.size()) +
                                  " values do not fill dimension " + s.dim);
    h5::Dataset ds = h5::createStrings(f, s.name, s.values);
    h5::writeText(ds.get(), "long_name", s.long_name);
    h5::attachAxes(ds.get(), s.name, ax);
  }
  h5::linkTidyGroups(f);
  scales.clear();
  file.close("close file");  // explicitly: a failed flush must be reported, not ignored
}

}  // namespace

void writeTableFile(const fs::path& path, const TableFileContents& contents,
                    const std::string& command_line, bool overwrite) {
  checkOutputPath(path, overwrite);
  h5::SilenceErrors quiet;
  try {
    TempFile tmp;
    writeContents(path, tmp, contents, command_line);
    checkOutputPath(path, overwrite);
    renameOver(tmp, path);
  } catch (const OutputError&) {
    throw;
  } catch (const std::invalid_argument&) {
    throw;
  } catch (const std::exception& e) {
    throw writeError(path, e);
  }
}

}  // namespace grainsim

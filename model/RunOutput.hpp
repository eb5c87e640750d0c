/// \brief What one run hands to the writer: coordinates, every variable's values, provenance.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/OutputDictionary.hpp"

namespace grainsim {

/// Where value (day, i, j) of one variable lies in its C-ordered array: read outputs by name
/// and position, never by a hand-written index.
struct VariableLayout {
  std::size_t per_day = 1;  ///< values a day
  std::size_t inner = 1;    ///< values per step of the second dimension
  std::size_t at(int day, std::size_t i = 0, std::size_t j = 0) const {
    return static_cast<std::size_t>(day) * per_day + i * inner + j;
  }
};

/// Trajectories of one run. values[i] belongs to outputTable()[i], C order over its dims.
struct RunOutput {
  std::string start_date;  ///< ISO date of time = 0
  int days = 0;
  std::vector<std::string> regions, commodities, tiers;
  /// Each region's capital (degrees north, east), written as lat(region) and lon(region); empty
  /// when unknown (then the file has no lat/lon).
  std::vector<double> latitudes, longitudes;
  std::vector<std::vector<double>> values;

  std::size_t dimSize(Dim d) const;
  /// The layout of variable `name` (throws std::out_of_range if there is none).
  VariableLayout layout(std::string_view name) const;
  /// Values of every variable end to end, in outputTable() order: one "cell" per value.
  std::vector<double> flatValues() const;
};

/// One recorded variable of a run, read as x(day[, i[, j]]) in its dimensions' order.
class Series {
 public:
  Series(const RunOutput& out, std::string_view name)
      : values_(&out.values[outputIndex(name)]), layout_(out.layout(name)) {}
  double operator()(int day, std::size_t i = 0, std::size_t j = 0) const {
    return (*values_)[layout_.at(day, i, j)];
  }

 private:
  const std::vector<double>* values_;
  VariableLayout layout_;
};

/// Root attributes of an output file.
struct Provenance {
  std::string scenario_name;
  std::string scenario_text;  ///< the full resolved scenario (Scenario::resolved_text)
  std::uint32_t seed = 0;
  std::uint32_t replicate = 0;
  std::string version;       ///< code version (git describe)
  std::string command_line;  ///< as typed
};

}  // namespace grainsim

/// \brief What one run hands to the writer: coordinates, every variable's values, provenance.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/OutputDictionary.hpp"

namespace grainsim {

/// Trajectories of one run. values[i] belongs to outputTable()[i], C order over its dims.
struct RunOutput {
  std::string start_date;  ///< ISO date of time = 0
  int days = 0;
  std::vector<std::string> regions, commodities, tiers;
  std::vector<std::vector<double>> values;

  std::size_t dimSize(Dim d) const;
  /// Values of every variable end to end, in outputTable() order: one "cell" per value.
  std::vector<double> flatValues() const;
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

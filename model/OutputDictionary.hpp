/// \brief The output dictionary: every recorded variable's name, dimensions, units and meaning.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "agents/IncomeQuintiles.hpp"

namespace grainsim {

enum class Dim { time, region, commodity, tier, quintile };

std::string_view dimName(Dim d);

struct OutputSpec {
  std::string_view name;
  std::array<Dim, 3> dims;  ///< first `rank` entries are used, slowest varying first
  int rank;
  std::string_view units;
  std::string_view long_name;
};

/// Every variable a run records, in file order. One table: recorder, writer and docs use it.
std::span<const OutputSpec> outputTable();

/// Position of a variable in outputTable(); throws std::out_of_range if unknown.
std::size_t outputIndex(std::string_view name);

}  // namespace grainsim

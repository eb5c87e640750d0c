/// \brief Bytes the household kernels move per household and day, counted from the columns
/// of the Households layout (docs/PERFORMANCE.md derives the count).
#pragma once

#include <cstddef>

#include "agents/Households.hpp"

namespace grainsim {

struct HouseholdTraffic {
  std::size_t own_stock_commodities = 0;  ///< own_stock columns
  std::size_t column_bytes = 0;           ///< every per-household column, bytes per household
  std::size_t order_pass_bytes = 0;       ///< phase 6: read persons, income, own stock; write kcal
  std::size_t eat_pass_bytes = 0;         ///< phase 8: read persons, own stock, kcal, requirement;
                                          ///< write own stock
  std::size_t write_allocate_bytes = 0;   ///< extra reads if a store first fetches its line
  /// What one pass eating day d and ordering day d + 1 does not move again: persons and the own
  /// stocks, read by both. The calories ordered are still stored by one pass for the next.
  std::size_t fused_saving_bytes = 0;
  /// Two passes a day.
  std::size_t perHouseholdDay() const { return order_pass_bytes + eat_pass_bytes; }
  /// With a share `fused` of the days ordered in the previous day's eating pass.
  double perHouseholdDay(double fused) const {
    return static_cast<double>(perHouseholdDay()) - fused * static_cast<double>(fused_saving_bytes);
  }
};

/// Counts from the columns `h` actually holds (a commodity without own stock has no column).
HouseholdTraffic householdTraffic(const Households& h);

}  // namespace grainsim

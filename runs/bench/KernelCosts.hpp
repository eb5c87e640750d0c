/// \brief What the household kernels' arithmetic costs on this machine, measured apart from the
/// kernels: a counter-based normal draw and an exp per household-day. With the phase times this
/// splits a household-day's nanoseconds into random numbers, the shock and the rest.
#pragma once

#include <cstddef>
#include <optional>

#include "runs/bench/Benchmark.hpp"

namespace grainsim {

struct KernelCosts {
  double normal_ns = 0;  ///< KeyedRng::normals per agent: Philox, then Box-Muller, in batches
  double philox_ns = 0;  ///< Philox4x32-10 alone, per agent (a quarter of a block)
  double exp_ns = 0;     ///< portable::exp of the shock, per agent, vectorised as in phase 6
};

/// Best of 5 passes over `draws` agents each, in batches of 256 as in the kernels, one thread.
KernelCosts measureKernelCosts(std::size_t draws);

/// Nanoseconds of one core per household-day in the household kernels, split:
/// phase 6 (orders) into the income shock's normal draw, its exp and the rest (own stock, the
/// calories a budget buys, one order per retail commodity, the partial sums), and phase 8
/// (eating: own stock, fill, adequacy and the sums) whole.
struct HouseholdDayCosts {
  double orders_ns = 0, normal_ns = 0, philox_ns = 0, exp_ns = 0, orders_rest_ns = 0, eat_ns = 0;
  double total_ns() const { return orders_ns + eat_ns; }
};

/// From a run at one thread (per-core time is then the wall time), with the shock drawn
/// (`shock_drawn`: income.daily_shock_sd > 0, else no draw and no exp is made).
HouseholdDayCosts householdDayCosts(const BenchResult& one_thread, const KernelCosts& costs,
                                    bool shock_drawn);

}  // namespace grainsim

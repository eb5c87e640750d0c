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

/// Nanoseconds of one core per household-day in the household kernels (phases 6 and 8, the
/// orders placed ahead in the eating pass included): the income shock's normal draw, its exp,
/// and the rest (own stock, the calories a budget buys, fill, adequacy and the sums). The draw
/// and the exp count only for the household-days that draw a shock
/// (BenchResult::shock_draw_share). The two phases' own times are kept as they were clocked.
struct HouseholdDayCosts {
  double order_phase_ns = 0, eat_phase_ns = 0;  ///< phases 6 and 8 as clocked
  double normal_ns = 0, philox_ns = 0, exp_ns = 0, rest_ns = 0;
  double total_ns() const { return order_phase_ns + eat_phase_ns; }
};

/// From a run at one thread (per-core time is then the wall time).
HouseholdDayCosts householdDayCosts(const BenchResult& one_thread, const KernelCosts& costs);

}  // namespace grainsim

#include "runs/bench/KernelCosts.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "model/Rng.hpp"

namespace grainsim {

namespace {

/// Seconds per call of `body(i)` over `n` calls, best of 5; the sum goes to a volatile so the
/// compiler cannot drop the work.
template <typename Body>
double bestSecondsPerCall(std::size_t n, const Body& body) {
  double best = std::numeric_limits<double>::infinity();
  for (int rep = 0; rep < 5; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += body(i);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    volatile double sink = sum;
    (void)sink;
    best = std::min(best, s / static_cast<double>(n));
  }
  return best;
}

}  // namespace

KernelCosts measureKernelCosts(std::size_t draws) {
  const KeyedRng rng(1, 0);
  KernelCosts k;
  k.normal_ns = 1e9 * bestSecondsPerCall(draws, [&](std::size_t i) {
                  return rng.normal(7, static_cast<std::uint32_t>(i), Purpose::income_shock);
                });
  k.philox_ns = 1e9 * bestSecondsPerCall(draws, [&](std::size_t i) {
                  const auto w = rng.words(7, static_cast<std::uint32_t>(i), Purpose::income_shock);
                  return static_cast<double>(w[0] ^ w[1]);
                });
  // Arguments spread like the shock's (sd 0.2 times a normal), varying so nothing is hoisted.
  k.exp_ns = 1e9 * bestSecondsPerCall(draws, [](std::size_t i) {
               return std::exp(0.2 * (static_cast<double>(i % 1024) / 256.0 - 2.0) - 0.02);
             });
  return k;
}

HouseholdDayCosts householdDayCosts(const BenchResult& r, const KernelCosts& costs,
                                    bool shock_drawn) {
  const double per = 1e9 * r.threads / r.householdDays();
  HouseholdDayCosts c;
  c.orders_ns = r.phase_seconds[static_cast<std::size_t>(Phase::households_order)] * per;
  c.eat_ns = r.phase_seconds[static_cast<std::size_t>(Phase::households_eat)] * per;
  if (shock_drawn) {
    c.normal_ns = costs.normal_ns;
    c.philox_ns = costs.philox_ns;
    c.exp_ns = costs.exp_ns;
  }
  c.orders_rest_ns = c.orders_ns - c.normal_ns - c.exp_ns;
  return c;
}

}  // namespace grainsim

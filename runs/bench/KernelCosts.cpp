#include "runs/bench/KernelCosts.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "model/PortableMath.hpp"
#include "model/Rng.hpp"
#include "model/VectorClones.hpp"

namespace grainsim {

namespace {

/// Agents per batch, as in the household kernels.
constexpr std::size_t kBatch = 256;

/// Seconds per agent of `batch(first)` over `agents` agents in batches of kBatch, best of 5.
/// Each batch's result feeds a checksum read through a volatile, so no work can be dropped.
template <typename Batch>
double bestSecondsPerAgent(std::size_t agents, const Batch& batch) {
  double best = std::numeric_limits<double>::infinity();
  for (int rep = 0; rep < 5; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    double sum = 0;
    for (std::size_t first = 0; first < agents; first += kBatch) sum += batch(first);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    volatile double sink = sum;
    (void)sink;
    best = std::min(best, s / static_cast<double>(agents));
  }
  return best;
}

/// The shock's exp over one batch, vectorised as in phase 6.
GRAINSIM_VECTOR_CLONES
float expBatch(const float* x, float* out) {
  for (std::size_t j = 0; j < kBatch; ++j) out[j] = portable::exp(x[j]);
  return out[kBatch - 1];
}

}  // namespace

KernelCosts measureKernelCosts(std::size_t draws) {
  const KeyedRng rng(1, 0);
  KernelCosts k;
  float z[kBatch];
  k.normal_ns =
      1e9 * bestSecondsPerAgent(draws, [&](std::size_t first) {
        rng.normals(7, static_cast<std::uint32_t>(first), kBatch, Purpose::income_shock, z);
        return static_cast<double>(z[first % kBatch]);
      });
  // One Philox block serves four agents, as in KeyedRng::normals.
  std::uint32_t radius[kBatch / 2], angle[kBatch / 2];
  k.philox_ns = 1e9 * bestSecondsPerAgent(draws, [&](std::size_t first) {
                  rng.blocks(7, static_cast<std::uint32_t>(first / 4), kBatch / 4,
                             Purpose::income_shock, radius, angle);
                  return static_cast<double>(radius[first % 64] ^ angle[first % 64]);
                });
  // Arguments spread like the shock's (sd 0.2 times a normal), set up once outside the timing.
  std::vector<float> x(1024 + kBatch);
  for (std::size_t j = 0; j < x.size(); ++j)
    x[j] = 0.2f * (static_cast<float>(j % 1024) / 256.0f - 2.0f) - 0.02f;
  float e[kBatch];
  k.exp_ns = 1e9 * bestSecondsPerAgent(draws, [&](std::size_t first) {
               return static_cast<double>(expBatch(x.data() + first % 1024, e));
             });
  return k;
}

HouseholdDayCosts householdDayCosts(const BenchResult& r, const KernelCosts& costs) {
  const double per = 1e9 * r.threads / r.householdDays();
  HouseholdDayCosts c;
  c.order_phase_ns = r.phase_seconds[static_cast<std::size_t>(Phase::households_order)] * per;
  c.eat_phase_ns = r.phase_seconds[static_cast<std::size_t>(Phase::households_eat)] * per;
  c.normal_ns = costs.normal_ns * r.shock_draw_share;
  c.philox_ns = costs.philox_ns * r.shock_draw_share;
  c.exp_ns = costs.exp_ns * r.shock_draw_share;
  c.rest_ns = c.total_ns() - c.normal_ns - c.exp_ns;
  return c;
}

}  // namespace grainsim

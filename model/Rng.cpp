#include "model/Rng.hpp"

#include <algorithm>

#include "model/VectorClones.hpp"

namespace grainsim {
namespace {

/// Philox blocks per round of normals(): 256 normals, a few KB on the stack.
constexpr std::size_t kBlocks = 64;

/// Box-Muller on pairs i = 0..pairs-1: radius word radius[i], angle word angle[i]; writes
/// r cos to cos_z[i] and r sin to sin_z[i]. The same operations as KeyedRng::normal(), so the
/// same bits; contiguous arrays, so it vectorises without shuffles.
GRAINSIM_VECTOR_CLONES
void boxMullerPairs(std::size_t pairs, const std::uint32_t* __restrict radius,
                    const std::uint32_t* __restrict angle, float* __restrict cos_z,
                    float* __restrict sin_z) {
  for (std::size_t i = 0; i < pairs; ++i) {
    const float r = KeyedRng::boxMullerRadius(radius[i]);
    float c, s;
    portable::cosSinTwoPi(angle[i], c, s);
    cos_z[i] = r * c;
    sin_z[i] = r * s;
  }
}

}  // namespace

void KeyedRng::normals(std::uint32_t day, std::uint32_t first, std::size_t n, Purpose p,
                       float* out) const {
  std::uint32_t radius[2 * kBlocks], angle[2 * kBlocks];
  float cos_z[2 * kBlocks], sin_z[2 * kBlocks], z[4 * kBlocks];
  std::uint32_t agent = first;
  while (n > 0) {
    const std::uint32_t skip = agent & 3u;  // agents of the first block before `first`
    const std::size_t blocks = std::min(kBlocks, (skip + n + 3) / 4);
    // Philox stays in plain loops the compiler vectorises for SSE2 only: on AVX2 the 64-bit
    // products cost more in 256-bit lanes than they save (measured on AMD Zen).
    for (std::size_t b = 0; b < blocks; ++b) {
      const auto w = words(day, (agent >> 2) + static_cast<std::uint32_t>(b), p);
      radius[2 * b] = w[0];
      radius[2 * b + 1] = w[1];
      angle[2 * b] = w[2];
      angle[2 * b + 1] = w[3];
    }
    boxMullerPairs(2 * blocks, radius, angle, cos_z, sin_z);
    for (std::size_t b = 0; b < blocks; ++b) {  // agent 4b + q: cos of pair q, then sin
      z[4 * b] = cos_z[2 * b];
      z[4 * b + 1] = cos_z[2 * b + 1];
      z[4 * b + 2] = sin_z[2 * b];
      z[4 * b + 3] = sin_z[2 * b + 1];
    }
    const std::size_t take = std::min(n, 4 * blocks - skip);
    std::copy_n(z + skip, take, out);
    out += take;
    n -= take;
    agent += static_cast<std::uint32_t>(take);
  }
}

}  // namespace grainsim

#include "model/Rng.hpp"

#include <algorithm>

#include "model/VectorClones.hpp"

namespace grainsim {
namespace {

/// Philox blocks per round of normals(): 256 normals, a few KB on the stack.
constexpr std::size_t kBlocks = 64;

/// Philox blocks of counters (day, first, p, 0), (day, first + 1, p, 0), ...: words 0 and 1 of
/// block b to radius[2b], radius[2b + 1], words 2 and 3 to angle[2b], angle[2b + 1]. Integer
/// products, exact at any width: AVX-512's eight 64-bit lanes make it 2.5x faster than the
/// SSE2 loop; AVX2's four are no faster than SSE2 on AMD Zen, so there is no AVX2 clone.
GRAINSIM_AVX512_CLONES
void philoxBlocks(std::array<std::uint32_t, 2> key, std::uint32_t day, std::uint32_t first,
                  std::size_t blocks, std::uint32_t p, std::uint32_t* __restrict radius,
                  std::uint32_t* __restrict angle) {
  for (std::size_t b = 0; b < blocks; ++b) {
    const auto w = philox4x32_10({day, first + static_cast<std::uint32_t>(b), p, 0u}, key);
    radius[2 * b] = w[0];
    radius[2 * b + 1] = w[1];
    angle[2 * b] = w[2];
    angle[2 * b + 1] = w[3];
  }
}

/// Word 0 of the Philox blocks of counters (day, first + j, p, 0), j = 0..n-1.
GRAINSIM_AVX512_CLONES
void philoxFirstWords(std::array<std::uint32_t, 2> key, std::uint32_t day, std::uint32_t first,
                      std::size_t n, std::uint32_t p, std::uint32_t* __restrict out) {
  for (std::size_t j = 0; j < n; ++j)
    out[j] = philox4x32_10({day, first + static_cast<std::uint32_t>(j), p, 0u}, key)[0];
}

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

void KeyedRng::uniforms(std::uint32_t day, std::uint32_t first, std::size_t n, Purpose p,
                        double* out) const {
  std::uint32_t w[kBlocks];
  while (n > 0) {
    const std::size_t m = std::min(n, kBlocks);
    philoxFirstWords(key_, day, first, m, static_cast<std::uint32_t>(p), w);
    for (std::size_t j = 0; j < m; ++j) out[j] = toUnit(w[j]);
    out += m;
    n -= m;
    first += static_cast<std::uint32_t>(m);
  }
}

void KeyedRng::blocks(std::uint32_t day, std::uint32_t first, std::size_t n, Purpose p,
                      std::uint32_t* radius, std::uint32_t* angle) const {
  philoxBlocks(key_, day, first, n, static_cast<std::uint32_t>(p), radius, angle);
}

void KeyedRng::normals(std::uint32_t day, std::uint32_t first, std::size_t n, Purpose p,
                       float* out) const {
  std::uint32_t radius[2 * kBlocks], angle[2 * kBlocks];
  float cos_z[2 * kBlocks], sin_z[2 * kBlocks], z[4 * kBlocks];
  std::uint32_t agent = first;
  while (n > 0) {
    const std::uint32_t skip = agent & 3u;  // agents of the first block before `first`
    const std::size_t blocks = std::min(kBlocks, (skip + n + 3) / 4);
    philoxBlocks(key_, day, agent >> 2, blocks, static_cast<std::uint32_t>(p), radius, angle);
    boxMullerPairs(2 * blocks, radius, angle, cos_z, sin_z);
    const std::size_t take = std::min(n, 4 * blocks - skip);
    // Straight into `out` when it takes every draw of the blocks (the kernels' aligned batches).
    float* to = skip == 0 && take == 4 * blocks ? out : z;
    for (std::size_t b = 0; b < blocks; ++b) {  // agent 4b + q: cos of pair q, then sin
      to[4 * b] = cos_z[2 * b];
      to[4 * b + 1] = cos_z[2 * b + 1];
      to[4 * b + 2] = sin_z[2 * b];
      to[4 * b + 3] = sin_z[2 * b + 1];
    }
    if (to == z) std::copy_n(z + skip, take, out);
    out += take;
    n -= take;
    agent += static_cast<std::uint32_t>(take);
  }
}

}  // namespace grainsim

#include "model/Rng.hpp"

#include <algorithm>

#include "model/VectorClones.hpp"

namespace grainsim {
namespace {

/// Philox blocks per round of normals(): 256 normals, a few KB on the stack.
constexpr std::size_t kBlocks = 64;

/// Box-Muller on consecutive word pairs (u word, angle word): z[2k] = r cos, z[2k+1] = r sin.
/// The same operations as KeyedRng::normal(), so the same bits.
GRAINSIM_VECTOR_CLONES
void boxMullerPairs(std::size_t pairs, const std::uint32_t* __restrict words, float* __restrict z) {
  for (std::size_t k = 0; k < pairs; ++k) {
    const float r = KeyedRng::boxMullerRadius(words[2 * k]);
    float c, s;
    portable::cosSinTwoPi(words[2 * k + 1], c, s);
    z[2 * k] = r * c;
    z[2 * k + 1] = r * s;
  }
}

}  // namespace

void KeyedRng::normals(std::uint32_t day, std::uint32_t first, std::size_t n, Purpose p,
                       float* out) const {
  std::uint32_t words_buffer[4 * kBlocks];
  float z[4 * kBlocks];
  std::uint32_t agent = first;
  while (n > 0) {
    const std::uint32_t skip = agent & 3u;  // agents of the first block before `first`
    const std::size_t blocks = std::min(kBlocks, (skip + n + 3) / 4);
    // Philox stays scalar: 64-bit products are cheaper in scalar registers than in AVX2 lanes.
    for (std::size_t b = 0; b < blocks; ++b) {
      const auto w = words(day, (agent >> 2) + static_cast<std::uint32_t>(b), p);
      std::copy(w.begin(), w.end(), words_buffer + 4 * b);
    }
    boxMullerPairs(2 * blocks, words_buffer, z);
    const std::size_t take = std::min(n, 4 * blocks - skip);
    std::copy_n(z + skip, take, out);
    out += take;
    n -= take;
    agent += static_cast<std::uint32_t>(take);
  }
}

}  // namespace grainsim

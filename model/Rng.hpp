/// \brief Counter-based random draws keyed by identity (Random123 Philox), never by thread.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/PortableMath.hpp"

namespace grainsim {

/// What a draw is for: part of the counter, so streams never overlap.
enum class Purpose : std::uint32_t {
  household_size = 1,
  household_income = 2,
  income_shock = 3,
  rail_disruption = 4,
  household_own_stock = 5,
  prior = 6,  ///< a replicate's draw of a scenario prior; the agent field is the key's hash
  /// A sweep design's draws and its bootstrap (runs/sweep): the key's second word names the
  /// stream (kDesignStream* in runs/sweep/Design.hpp); day and agent fields are its indices.
  design = 7,
  requirement = 8,  ///< a household's requirement over the planning need
  own_harvest = 9,  ///< a farm household's share of a year's harvest
  /// A backtest's draws (calibration/Backtest.cpp): the exchange rate's path beyond an origin
  /// and the model error added to a forecast; day = the origin's day number.
  forecast_exchange = 10,
  forecast_error = 11,
};

/// Day counter used for draws made while building the initial state.
inline constexpr std::uint32_t kInitDay = 0xFFFFFFFFu;
/// Day counter used for a replicate's draws of the scenario's priors.
inline constexpr std::uint32_t kPriorDay = 0xFFFFFFFEu;

/// 32-bit FNV-1a of a name: turns a prior's key into the agent field of its counter, so a key
/// draws the same stream in every scenario that has it.
constexpr std::uint32_t fnv1a32(std::string_view text) {
  std::uint32_t h = 2166136261u;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

/// 64-bit FNV-1a of bytes: fingerprints and checksums of sweep files (runs/sweep), where 32 bits
/// would collide too easily. A hash, not a security measure.
constexpr std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

/// Philox4x32-10 (Salmon et al. 2011, the Random123 generator): ten rounds of two 32x32-bit
/// products. Written out rather than called from Random123 because this plain form vectorises
/// in loops over counters (model/Rng.cpp); tests/model/RngTest.cpp checks it word for word
/// against Random123's own implementation.
inline std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> c,
                                                  std::array<std::uint32_t, 2> k) {
#pragma GCC unroll 10
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * c[0];
    const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * c[2];
    c = {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<std::uint32_t>(p1),
         static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<std::uint32_t>(p0)};
    k = {k[0] + 0x9E3779B9u, k[1] + 0xBB67AE85u};  // Weyl sequence of the key
  }
  return c;
}

/// Philox4x32-10 keyed by (seed, replicate); each draw's counter is (day, agent, purpose, 0).
/// Stateless and const: any thread may draw any agent's number in any order.
class KeyedRng {
 public:
  KeyedRng(std::uint32_t seed, std::uint32_t replicate) : key_{seed, replicate} {}

  /// Four independent 32-bit words for one (day, agent, purpose).
  std::array<std::uint32_t, 4> words(std::uint32_t day, std::uint32_t agent, Purpose p) const {
    return philox4x32_10({day, agent, static_cast<std::uint32_t>(p), 0u}, key_);
  }

  /// Uniform on (0, 1) with 32 bits: never exactly 0 or 1, so log() is safe.
  static double toUnit(std::uint32_t w) { return (w + 0.5) * 0x1p-32; }

  double uniform(std::uint32_t day, std::uint32_t agent, Purpose p) const {
    return toUnit(words(day, agent, p)[0]);
  }

  /// Standard normal, single precision. One Philox block serves four agents: agent a reads
  /// the block of counter (day, a / 4, purpose, 0), whose words 0 and 1 are two Box-Muller
  /// radii and words 2 and 3 their angles; pair p = a % 2 gives r cos to a % 4 = p and r sin to
  /// a % 4 = p + 2. Uniforms on a 2^-24 grid, so |z| <= 5.9 (a tail of probability 4e-9 is
  /// cut). Portable log, cos and sin (model/PortableMath.hpp): no dependence on the CPU's libm.
  float normal(std::uint32_t day, std::uint32_t agent, Purpose p) const {
    const auto w = words(day, agent >> 2, p);
    const unsigned pair = agent & 1u;
    float c, s;
    portable::cosSinTwoPi(w[2 + pair], c, s);
    return boxMullerRadius(w[pair]) * ((agent & 2u) ? s : c);
  }

  /// uniform() for agents first, first + 1, ..., first + n - 1, bit for bit, in a loop the
  /// compiler vectorises.
  void uniforms(std::uint32_t day, std::uint32_t first, std::size_t n, Purpose p,
                double* out) const;

  /// normal() for agents first, first + 1, ..., first + n - 1, bit for bit, at a fraction of
  /// the cost: a quarter of the Philox blocks, and the Box-Muller in a vectorised loop.
  void normals(std::uint32_t day, std::uint32_t first, std::size_t n, Purpose p, float* out) const;

  /// The Philox blocks of counters (day, first, p, 0) to (day, first + n - 1, p, 0), as normals()
  /// splits them: words 0 and 1 of block b to radius[2b] and radius[2b + 1], words 2 and 3 to
  /// angle[2b] and angle[2b + 1].
  void blocks(std::uint32_t day, std::uint32_t first, std::size_t n, Purpose p,
              std::uint32_t* radius, std::uint32_t* angle) const;

  /// Box-Muller's radius sqrt(-2 log u) for u = ((word >> 8) + 0.5) / 2^24.
  static float boxMullerRadius(std::uint32_t word) {
    const float u = (static_cast<float>(word >> 8) + 0.5f) * 0x1p-24f;
    return std::sqrt(-2.0f * portable::log(u));
  }

 private:
  std::array<std::uint32_t, 2> key_;
};

}  // namespace grainsim

/// \brief Counter-based random draws keyed by identity (Random123 Philox), never by thread.
#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string_view>

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

/// Philox4x32-10 keyed by (seed, replicate); each draw's counter is (day, agent, purpose, 0).
/// Stateless and const: any thread may draw any agent's number in any order.
class KeyedRng {
 public:
  KeyedRng(std::uint32_t seed, std::uint32_t replicate) : key_{{seed, replicate}} {}

  /// Four independent 32-bit words for one (day, agent, purpose).
  r123::Philox4x32::ctr_type words(std::uint32_t day, std::uint32_t agent, Purpose p) const {
    return r123::Philox4x32{}({{day, agent, static_cast<std::uint32_t>(p), 0u}}, key_);
  }

  /// Uniform on (0, 1) with 32 bits: never exactly 0 or 1, so log() is safe.
  static double toUnit(std::uint32_t w) { return (w + 0.5) * 0x1p-32; }

  double uniform(std::uint32_t day, std::uint32_t agent, Purpose p) const {
    return toUnit(words(day, agent, p)[0]);
  }

  /// Standard normal by Box-Muller from the first two words.
  double normal(std::uint32_t day, std::uint32_t agent, Purpose p) const {
    const auto w = words(day, agent, p);
    return std::sqrt(-2.0 * std::log(toUnit(w[0]))) *
           std::cos(2.0 * std::numbers::pi * toUnit(w[1]));
  }

 private:
  r123::Philox4x32::key_type key_;
};

}  // namespace grainsim

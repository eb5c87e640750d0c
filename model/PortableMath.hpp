/// \brief Single-precision log, exp and cos/sin(2 pi u) built from IEEE basic operations only.
///
/// Why not libm: glibc picks its exp/log/cos at run time by CPU (FMA or not), and versions
/// differ in the last bit, so the same seed could give different bits on another machine.
/// These use only +, -, *, /, sqrt and integer bit operations, which IEEE 754 defines exactly,
/// so they return the same bits everywhere, in scalar code and at any vector width (the build
/// disables FMA contraction: -ffp-contract=off). They are branch-free, so loops that call
/// them vectorise, and single precision because they serve random draws (the income shock),
/// where 1e-7 is far below anything the model resolves and float doubles the vector width.
/// Accuracy against double-precision libm (tests/model/PortableMathTest.cpp): log within
/// 2e-7 relative, exp within 3e-7 relative, cos and sin within 2e-7 absolute.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <numbers>

namespace grainsim::portable {
namespace detail {

/// 1/k! for k = 0..N at compile time: the Taylor coefficients of exp, sin and cos.
template <int N>
struct InverseFactorials {
  float value[N + 1];
  constexpr InverseFactorials() : value{} {
    double f = 1;
    for (int k = 0; k <= N; ++k) {
      if (k > 0) f *= k;
      value[k] = static_cast<float>(1.0 / f);
    }
  }
};
inline constexpr InverseFactorials<11> kInverseFactorial;

/// ln 2 split so that n * kLn2High is exact for |n| < 2^8 (its low bits are zero).
inline constexpr float kLn2High = 0x1.62ep-1f;
inline constexpr float kLn2Low = static_cast<float>(std::numbers::ln2 - 0x1.62ep-1);

/// Adding then subtracting 1.5 * 2^23 rounds a float of magnitude < 2^22 to an integer and
/// leaves it in the low bits of the sum: no float-to-int conversion needed.
inline constexpr float kRoundingShift = 0x1.8p23f;

}  // namespace detail

/// e^x for |x| <= 80 (clamped beyond): x = n ln2 + r with |r| <= ln2/2, exp(r) by its Taylor
/// series to r^7/7! (truncation < 6e-9 relative), times 2^n set in the exponent bits.
inline float exp(float x) {
  using namespace detail;
  x = std::min(std::max(x, -80.0f), 80.0f);
  const float shifted = x * std::numbers::log2e_v<float> + kRoundingShift;
  const float n = shifted - kRoundingShift;
  const float r = (x - n * kLn2High) - n * kLn2Low;
  float p = kInverseFactorial.value[7];
#pragma GCC unroll 8
  for (int k = 6; k >= 0; --k) p = p * r + kInverseFactorial.value[k];
  const std::uint32_t n_bits =
      std::bit_cast<std::uint32_t>(shifted) - std::bit_cast<std::uint32_t>(kRoundingShift);
  return p * std::bit_cast<float>((n_bits + 127u) << 23);
}

/// Natural log of a positive normal float: x = 2^e m with m in [sqrt(1/2), sqrt(2)), and
/// log m = 2 atanh(s), s = (m - 1)/(m + 1), |s| <= 0.172, by the series 2 sum s^(2k+1)/(2k+1)
/// to k = 4 (truncation < 3e-9 relative).
inline float log(float x) {
  using namespace detail;
  const auto bits = std::bit_cast<std::uint32_t>(x);
  std::uint32_t mantissa_bits = (bits & 0x007F'FFFFu) | 0x3F80'0000u;  // m in [1, 2)
  std::uint32_t exponent = bits >> 23;                                 // biased, < 256
  // m above sqrt 2 is halved and the exponent raised, in integers: no branch.
  const std::uint32_t halve =
      mantissa_bits > std::bit_cast<std::uint32_t>(std::numbers::sqrt2_v<float>);
  mantissa_bits -= halve << 23;
  exponent += halve;
  const float m = std::bit_cast<float>(mantissa_bits);
  const float e = static_cast<float>(static_cast<std::int32_t>(exponent) - 127);
  const float s = (m - 1.0f) / (m + 1.0f), s2 = s * s;
  float series = 1.0f / 9.0f;
#pragma GCC unroll 8
  for (int k = 3; k >= 0; --k) series = series * s2 + 1.0f / static_cast<float>(2 * k + 1);
  return e * kLn2High + (2.0f * s * series + e * kLn2Low);
}

/// cos(2 pi u) and sin(2 pi u) for the uniform u = (word + 0.5) / 2^32 that a 32-bit word
/// stands for, to 2^-26 in u. The top two bits are the quadrant q, so the angle is
/// q pi/2 + pi/4 + phi with |phi| < pi/4 known exactly (no range-reduction error), and
/// cos(pi/4 (2q + 1) + phi) = (+-cos phi +- sin phi) / sqrt 2; sin is cos a quadrant earlier.
/// Taylor series of cos phi to phi^10 and sin phi to phi^9 (truncation < 2e-9).
inline void cosSinTwoPi(std::uint32_t word, float& cos_out, float& sin_out) {
  using namespace detail;
  const std::uint32_t q = word >> 30;
  const float t = (static_cast<float>((word >> 6) & 0x00FF'FFFFu) + 0.5f) * 0x1p-24f;  // (0, 1)
  const float phi = (t - 0.5f) * (0.5f * std::numbers::pi_v<float>), phi2 = phi * phi;
  float c = kInverseFactorial.value[10], s = kInverseFactorial.value[9];
#pragma GCC unroll 8
  for (int k = 4; k >= 0; --k) {
    c = c * -phi2 + kInverseFactorial.value[2 * k];
    if (k < 4) s = s * -phi2 + kInverseFactorial.value[2 * k + 1];
  }
  s *= phi;
  // Signs of cos phi and sin phi by quadrant: cos (+, -, -, +), sin (-, -, +, +).
  auto cos_sign = [](std::uint32_t quadrant) {
    return 1.0f - 2.0f * static_cast<float>(((quadrant + 1) >> 1) & 1u);
  };
  auto sin_sign = [](std::uint32_t quadrant) {
    return 2.0f * static_cast<float>((quadrant >> 1) & 1u) - 1.0f;
  };
  constexpr float kHalfSqrt2 = 0.5f * std::numbers::sqrt2_v<float>;
  cos_out = (cos_sign(q) * c + sin_sign(q) * s) * kHalfSqrt2;
  const std::uint32_t before = (q + 3) & 3u;  // sin(a) = cos(a - pi/2)
  sin_out = (cos_sign(before) * c + sin_sign(before) * s) * kHalfSqrt2;
}

}  // namespace grainsim::portable

/// \brief The portable log, exp and cos/sin against double-precision libm, and exact cases.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>

#include "model/PortableMath.hpp"

namespace grainsim {
namespace {

/// A worst error as text for the test report (std::to_string would print 0.000000).
std::string scientific(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2e", x);
  return text;
}

/// Sweeps x over [lo, hi] in n geometric (log-spaced) or linear steps.
template <class Check>
void sweep(double lo, double hi, int n, bool geometric, const Check& check) {
  for (int i = 0; i <= n; ++i) {
    const double f = static_cast<double>(i) / n;
    check(geometric ? lo * std::pow(hi / lo, f) : lo + (hi - lo) * f);
  }
}

TEST(PortableMath, LogIsWithin2e7RelativeOfLibm) {
  double worst = 0;
  sweep(0x1p-126, 0x1p127, 200000, true, [&](double x) {
    const auto xf = static_cast<float>(x);
    const double exact = std::log(static_cast<double>(xf));
    const double error = std::abs(portable::log(xf) - exact);
    // Relative error, or absolute near log = 0 (x near 1), where relative blows up.
    worst = std::max(worst, error / std::max(std::abs(exact), 1.0));
  });
  RecordProperty("log_worst_error", scientific(worst));
  EXPECT_LT(worst, 2e-7);
  EXPECT_EQ(portable::log(1.0f), 0.0f);
  EXPECT_EQ(portable::log(2.0f), static_cast<float>(std::numbers::ln2));
}

TEST(PortableMath, ExpIsWithin3e7RelativeOfLibm) {
  double worst = 0;
  sweep(-80, 80, 400000, false, [&](double x) {
    const auto xf = static_cast<float>(x);
    const double exact = std::exp(static_cast<double>(xf));
    worst = std::max(worst, std::abs(portable::exp(xf) - exact) / exact);
  });
  RecordProperty("exp_worst_error", scientific(worst));
  EXPECT_LT(worst, 3e-7);
  EXPECT_EQ(portable::exp(0.0f), 1.0f);                     // no shock means exactly no shock
  EXPECT_EQ(portable::exp(1000.0f), portable::exp(80.0f));  // clamped, not overflowed
}

TEST(PortableMath, CosSinTwoPiAreWithin2e7OfLibmForEveryQuadrant) {
  double worst = 0;
  for (std::uint64_t w = 0; w < (1ull << 32); w += 4099) {  // ~1 M words across all four quadrants
    const auto word = static_cast<std::uint32_t>(w);
    float c, s;
    portable::cosSinTwoPi(word, c, s);
    // The angle the word stands for, to the 2^-26 the function resolves.
    const double u = (static_cast<double>(word >> 6) + 0.5) * 0x1p-26;
    worst = std::max(worst, std::abs(c - std::cos(2 * std::numbers::pi * u)));
    worst = std::max(worst, std::abs(s - std::sin(2 * std::numbers::pi * u)));
  }
  RecordProperty("cos_sin_worst_error", scientific(worst));
  EXPECT_LT(worst, 2e-7);
}

}  // namespace
}  // namespace grainsim

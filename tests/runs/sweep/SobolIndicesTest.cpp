/// \brief Sobol' indices against closed forms (Ishigami, a linear model), with bootstrap
/// intervals; dropped rows, degenerate outputs, seeds and arguments.
#include "runs/sweep/SobolIndices.hpp"

#include "runs/sweep/Design.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <numbers>
#include <span>
#include <stdexcept>
#include <vector>

namespace grainsim {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The model's output at every point of a Sobol' design of `n` base rows.
std::vector<double> outputs(std::size_t n, std::size_t k, std::uint32_t design_seed,
                            const std::function<double(std::span<const double>)>& model) {
  const UnitDesign design = makeDesign(DesignKind::sobol, n, k, design_seed);
  std::vector<double> y(design.points());
  for (std::size_t p = 0; p < y.size(); ++p)
    y[p] = model(std::span<const double>(design.values).subspan(p * k, k));
  return y;
}

constexpr double kIshigamiA = 7.0, kIshigamiB = 0.1;

double ishigami(std::span<const double> u) {
  const double x1 = -kPi + 2 * kPi * u[0], x2 = -kPi + 2 * kPi * u[1], x3 = -kPi + 2 * kPi * u[2];
  const double s2 = std::sin(x2);
  return std::sin(x1) + kIshigamiA * s2 * s2 + kIshigamiB * std::pow(x3, 4) * std::sin(x1);
}

struct ClosedForm {
  std::vector<double> first, total;
};

/// Ishigami's indices for x_i ~ U(-pi, pi) (Sobol' and Levitan 1999; Saltelli et al. 2008).
ClosedForm ishigamiIndices() {
  const double a = kIshigamiA, b = kIshigamiB, pi4 = std::pow(kPi, 4), pi8 = std::pow(kPi, 8);
  const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
  const double v1 = 0.5 * std::pow(1 + b * pi4 / 5, 2);
  const double v2 = a * a / 8;
  const double v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
  return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

TEST(SobolIndicesIshigami, ClosedFormMatchesPublishedValues) {
  const ClosedForm exact = ishigamiIndices();
  const std::vector<double> first = {0.3139, 0.4424, 0.0}, total = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(exact.first[i], first[i], 5e-5) << i;
    EXPECT_NEAR(exact.total[i], total[i], 5e-5) << i;
  }
}

TEST(SobolIndicesIshigami, EstimatesCloseToClosedFormAndInsideIntervals) {
  constexpr std::size_t n = 4096, k = 3;
  const std::vector<double> y = outputs(n, k, 20240501, ishigami);
  const SobolIndices s = sobolIndices(y, n, k, 1000, 0.95, 17);
  const ClosedForm exact = ishigamiIndices();
  EXPECT_EQ(s.rows_used, n);
  const double a = kIshigamiA, b = kIshigamiB;
  EXPECT_NEAR(s.variance,
              a * a / 8 + b * std::pow(kPi, 4) / 5 + b * b * std::pow(kPi, 8) / 18 + 0.5, 0.2);
  std::printf("Ishigami, N = %zu: index, closed form, estimate [95%% bootstrap interval]\n", n);
  for (std::size_t i = 0; i < k; ++i) {
    std::printf("  S1_%zu %.4f %.4f [%.4f, %.4f]   ST_%zu %.4f %.4f [%.4f, %.4f]\n", i + 1,
                exact.first[i], s.first[i], s.first_low[i], s.first_high[i], i + 1, exact.total[i],
                s.total[i], s.total_low[i], s.total_high[i]);
    EXPECT_NEAR(s.first[i], exact.first[i], 0.03) << "S1_" << i + 1;
    EXPECT_NEAR(s.total[i], exact.total[i], 0.03) << "ST_" << i + 1;
    EXPECT_LE(s.first_low[i], exact.first[i]) << "S1_" << i + 1;
    EXPECT_GE(s.first_high[i], exact.first[i]) << "S1_" << i + 1;
    EXPECT_LE(s.total_low[i], exact.total[i]) << "ST_" << i + 1;
    EXPECT_GE(s.total_high[i], exact.total[i]) << "ST_" << i + 1;
    EXPECT_LT(s.first_low[i], s.first[i]);  // a real interval around the estimate
    EXPECT_GT(s.total_high[i], s.total[i]);
  }
}

/// y = sum_i a_i x_i with x_i ~ U(0, 1): S1_i = ST_i = a_i^2 / sum_j a_j^2, no interactions.
const std::vector<double> kLinearCoefficients = {1, 2, 3, 0};

double linear(std::span<const double> u) {
  double y = 0;
  for (std::size_t i = 0; i < u.size(); ++i) y += kLinearCoefficients[i] * u[i];
  return y;
}

TEST(SobolIndicesLinear, EstimatesMatchShareOfSquaredCoefficients) {
  constexpr std::size_t n = 2048, k = 4;
  const std::vector<double> y = outputs(n, k, 3, linear);
  const SobolIndices s = sobolIndices(y, n, k, 500, 0.95, 4);
  const double squares = 1 + 4 + 9;
  EXPECT_NEAR(s.variance, squares / 12, 0.01);  // sum a_i^2 Var(U(0, 1))
  for (std::size_t i = 0; i < k; ++i) {
    const double exact = kLinearCoefficients[i] * kLinearCoefficients[i] / squares;
    EXPECT_NEAR(s.first[i], exact, 0.01) << i;
    EXPECT_NEAR(s.total[i], exact, 0.01) << i;
    EXPECT_LE(s.first_low[i], exact) << i;
    EXPECT_GE(s.first_high[i], exact) << i;
    EXPECT_LE(s.total_low[i], exact) << i;
    EXPECT_GE(s.total_high[i], exact) << i;
  }
  // x_4 has coefficient 0, so f(AB_4) == f(A) exactly, in every row and every resample.
  EXPECT_EQ(s.total[3], 0.0);
  EXPECT_EQ(s.total_low[3], 0.0);
  EXPECT_EQ(s.total_high[3], 0.0);
  EXPECT_EQ(s.first[3], 0.0);
}

TEST(SobolIndicesLinear, AnOffsetInTheOutputChangesNothing) {
  // Without centring f(B), S1's error would grow with the offset: 1e6 * mean(f(AB_i) - f(A)).
  constexpr std::size_t n = 512, k = 4;
  const std::vector<double> y = outputs(n, k, 8, linear);
  std::vector<double> shifted = y;
  for (double& v : shifted) v += 1e6;
  const SobolIndices s = sobolIndices(y, n, k, 0, 0.95, 1);
  const SobolIndices t = sobolIndices(shifted, n, k, 0, 0.95, 1);
  for (std::size_t i = 0; i < k; ++i) {
    EXPECT_NEAR(t.first[i], s.first[i], 1e-6) << i;
    EXPECT_NEAR(t.total[i], s.total[i], 1e-6) << i;
  }
}

TEST(SobolIndices, RowsWithNonFiniteOutputsAreLeftOut) {
  constexpr std::size_t n = 256, k = 4, blocks = k + 2;
  const std::vector<double> y = outputs(n, k, 5, linear);
  std::vector<double> spoiled = y;
  spoiled[3 * blocks + 2] = kNaN;                                      // row 3, f(AB_0)
  spoiled[10 * blocks + 0] = std::numeric_limits<double>::infinity();  // row 10, f(A)
  std::vector<double> kept;  // the same outputs without rows 3 and 10
  for (std::size_t row = 0; row < n; ++row)
    if (row != 3 && row != 10)
      kept.insert(kept.end(), y.begin() + row * blocks, y.begin() + (row + 1) * blocks);

  const SobolIndices s = sobolIndices(spoiled, n, k, 200, 0.9, 6);
  const SobolIndices t = sobolIndices(kept, n - 2, k, 200, 0.9, 6);
  EXPECT_EQ(s.rows_used, n - 2);
  EXPECT_EQ(s.variance, t.variance);
  EXPECT_EQ(s.first, t.first);
  EXPECT_EQ(s.total, t.total);
  EXPECT_EQ(s.first_low, t.first_low);
  EXPECT_EQ(s.total_high, t.total_high);
  for (std::size_t i = 0; i < k; ++i) EXPECT_TRUE(std::isfinite(s.first[i])) << i;
}

void expectAllNaN(const SobolIndices& s) {
  for (const auto* v :
       {&s.first, &s.total, &s.first_low, &s.first_high, &s.total_low, &s.total_high}) {
    ASSERT_EQ(v->size(), 2u);
    for (const double x : *v) EXPECT_TRUE(std::isnan(x));
  }
}

TEST(SobolIndices, ConstantOutputGivesNaN) {
  const std::vector<double> y(64 * 4, 0.1);  // 0.1's mean need not be 0.1 exactly
  const SobolIndices s = sobolIndices(y, 64, 2, 100, 0.95, 0);
  EXPECT_EQ(s.rows_used, 64u);
  EXPECT_EQ(s.variance, 0.0);
  expectAllNaN(s);
}

TEST(SobolIndices, FewerThanTwoUsableRowsGiveNaN) {
  std::vector<double> y = {1, 2,    3, 4,  //
                           5, kNaN, 7, 8};
  const SobolIndices one = sobolIndices(y, 2, 2, 100, 0.95, 0);
  EXPECT_EQ(one.rows_used, 1u);
  expectAllNaN(one);
  y[0] = kNaN;
  const SobolIndices none = sobolIndices(y, 2, 2, 100, 0.95, 0);
  EXPECT_EQ(none.rows_used, 0u);
  EXPECT_TRUE(std::isnan(none.variance));
  expectAllNaN(none);
}

TEST(SobolIndices, BootstrapSeedFixesTheIntervals) {
  constexpr std::size_t n = 512, k = 3;
  const std::vector<double> y = outputs(n, k, 9, ishigami);
  const SobolIndices a = sobolIndices(y, n, k, 300, 0.95, 42);
  const SobolIndices b = sobolIndices(y, n, k, 300, 0.95, 42);
  const SobolIndices c = sobolIndices(y, n, k, 300, 0.95, 43);
  EXPECT_EQ(a.first_low, b.first_low);
  EXPECT_EQ(a.first_high, b.first_high);
  EXPECT_EQ(a.total_low, b.total_low);
  EXPECT_EQ(a.total_high, b.total_high);
  EXPECT_EQ(a.first, c.first);  // the estimates do not depend on the bootstrap
  EXPECT_NE(a.first_low, c.first_low);
  EXPECT_NE(a.total_high, c.total_high);
}

TEST(SobolIndices, RejectsInvalidArguments) {
  const std::vector<double> y(10 * 5, 1.0);
  EXPECT_THROW(sobolIndices(y, 10, 0, 10, 0.95, 0), std::invalid_argument);
  EXPECT_THROW(sobolIndices(y, 9, 3, 10, 0.95, 0), std::invalid_argument);  // 45 != 50
  EXPECT_THROW(sobolIndices(y, 10, 4, 10, 0.95, 0), std::invalid_argument);
  for (const double confidence : {0.0, 1.0, -0.5, kNaN})
    EXPECT_THROW(sobolIndices(y, 10, 3, 10, confidence, 0), std::invalid_argument) << confidence;
  EXPECT_NO_THROW(sobolIndices(y, 10, 3, 10, 0.95, 0));
}

}  // namespace
}  // namespace grainsim

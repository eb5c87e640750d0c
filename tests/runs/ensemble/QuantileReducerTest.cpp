/// \brief QuantileReducer: exact type-7 quantiles, means, NaN cells, arguments, and the switch
/// to Boost's P-square (deterministic, and how close it stays to exact quantiles).
#include "runs/ensemble/QuantileReducer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

namespace grainsim {
namespace {

const std::vector<double> kDefaultProbabilities = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

/// numpy.quantile's default, written out independently of the reducer.
double type7(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(h);
  return lo + 1 < v.size() ? v[lo] + (h - static_cast<double>(lo)) * (v[lo + 1] - v[lo]) : v[lo];
}

// Hand-written draws: the standard library's distributions differ between implementations,
// and the figures printed below should not.
double uniform(std::mt19937_64& g) {
  return static_cast<double>(g() >> 11) * 0x1.0p-53;  // [0, 1), 53 random bits
}
double standardNormal(std::mt19937_64& g) {  // Box-Muller, one value per pair of uniforms
  const double u = 1.0 - uniform(g), v = uniform(g);
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
}

TEST(QuantileReducer, ExactQuantilesByHand) {
  // Cell 0 sees 1..5 out of order, cell 1 a constant.
  QuantileReducer r(2, {0.1, 0.25, 0.5, 0.9}, 17);
  for (double v : {4.0, 1.0, 5.0, 3.0, 2.0}) r.add(std::vector<double>{v, 7.0});
  EXPECT_EQ(r.count(), 5u);
  EXPECT_TRUE(r.exact());
  const auto q = r.quantiles();  // [probability][cell]
  ASSERT_EQ(q.size(), 8u);
  EXPECT_DOUBLE_EQ(q[0 * 2 + 0], 1.4);  // h = 0.4: 1 + 0.4 * (2 - 1)
  EXPECT_DOUBLE_EQ(q[1 * 2 + 0], 2.0);  // h = 1
  EXPECT_DOUBLE_EQ(q[2 * 2 + 0], 3.0);
  EXPECT_DOUBLE_EQ(q[3 * 2 + 0], 4.6);  // h = 3.6
  for (int i = 0; i < 4; ++i) EXPECT_EQ(q[i * 2 + 1], 7.0);
  const auto m = r.means();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_DOUBLE_EQ(m[0], 3.0);
  EXPECT_EQ(m[1], 7.0);
}

TEST(QuantileReducer, OneReplicateIsEveryQuantile) {
  QuantileReducer r(1, kDefaultProbabilities, 100);
  r.add(std::vector<double>{-2.5});
  for (double v : r.quantiles()) EXPECT_EQ(v, -2.5);
  EXPECT_EQ(r.means(), std::vector<double>{-2.5});
}

TEST(QuantileReducer, NothingAddedIsNaN) {
  QuantileReducer r(3, kDefaultProbabilities, 100);
  EXPECT_EQ(r.cells(), 3u);
  EXPECT_EQ(r.count(), 0u);
  EXPECT_EQ(r.probabilities(), kDefaultProbabilities);
  const auto q = r.quantiles();
  ASSERT_EQ(q.size(), 21u);
  for (double v : q) EXPECT_TRUE(std::isnan(v));
  for (double v : r.means()) EXPECT_TRUE(std::isnan(v));
}

TEST(QuantileReducer, NonFiniteValuesMakeOnlyTheirCellNaN) {
  // Limit 17: the switch to P-square happens at replicate 18, so both modes are covered.
  QuantileReducer r(4, kDefaultProbabilities, 17);
  for (int k = 0; k < 40; ++k) {
    const double v = k;
    // Cell 1: NaN before the switch; cell 2: +inf after it; cell 3: -inf once.
    r.add(std::vector<double>{v, k == 3 ? kNaN : v, k == 30 ? kInf : v, k == 0 ? -kInf : v});
    if (k == 10) {
      const auto q = r.quantiles();
      EXPECT_FALSE(std::isnan(q[0]));
      EXPECT_TRUE(std::isnan(q[1]));
      EXPECT_FALSE(std::isnan(q[2]));
      EXPECT_TRUE(std::isnan(q[3]));
    }
  }
  EXPECT_FALSE(r.exact());
  const auto q = r.quantiles();
  const auto m = r.means();
  for (std::size_t i = 0; i < kDefaultProbabilities.size(); ++i) {
    EXPECT_FALSE(std::isnan(q[i * 4 + 0]));
    for (std::size_t c = 1; c < 4; ++c) EXPECT_TRUE(std::isnan(q[i * 4 + c])) << i << " " << c;
  }
  EXPECT_DOUBLE_EQ(m[0], 19.5);
  for (std::size_t c = 1; c < 4; ++c) EXPECT_TRUE(std::isnan(m[c])) << c;
}

TEST(QuantileReducer, RejectsBadArguments) {
  EXPECT_THROW(QuantileReducer(1, {0.5, 0.25}, 100), std::invalid_argument);   // unsorted
  EXPECT_THROW(QuantileReducer(1, {0.25, 0.25}, 100), std::invalid_argument);  // repeated
  EXPECT_THROW(QuantileReducer(1, {0.0, 0.5}, 100), std::invalid_argument);
  EXPECT_THROW(QuantileReducer(1, {0.5, 1.0}, 100), std::invalid_argument);
  EXPECT_THROW(QuantileReducer(1, {-0.1}, 100), std::invalid_argument);
  EXPECT_THROW(QuantileReducer(1, {kNaN}, 100), std::invalid_argument);
  // 7 probabilities need 2 * 7 + 3 = 17 P-square markers.
  EXPECT_THROW(QuantileReducer(1, kDefaultProbabilities, 16), std::invalid_argument);
  EXPECT_NO_THROW(QuantileReducer(1, kDefaultProbabilities, 17));
  EXPECT_THROW(QuantileReducer(1, {0.5}, 4), std::invalid_argument);

  QuantileReducer r(3, kDefaultProbabilities, 17);
  EXPECT_THROW(r.add(std::vector<double>{1, 2}), std::invalid_argument);
  EXPECT_THROW(r.add(std::vector<double>{1, 2, 3, 4}), std::invalid_argument);
  EXPECT_EQ(r.count(), 0u);  // a rejected replicate is not counted
}

TEST(QuantileReducer, ExactUpToTheLimitThenPSquare) {
  QuantileReducer r(2, kDefaultProbabilities, 20);
  std::mt19937_64 rng(7);
  std::vector<std::vector<double>> rows;
  for (int k = 0; k < 20; ++k) {
    rows.push_back({standardNormal(rng), standardNormal(rng)});
    r.add(rows.back());
  }
  EXPECT_TRUE(r.exact());
  const auto q = r.quantiles();
  for (std::size_t c = 0; c < 2; ++c) {
    std::vector<double> column;
    for (const auto& row : rows) column.push_back(row[c]);
    for (std::size_t i = 0; i < kDefaultProbabilities.size(); ++i)
      EXPECT_DOUBLE_EQ(q[i * 2 + c], type7(column, kDefaultProbabilities[i]));
  }
  r.add(std::vector<double>{standardNormal(rng), standardNormal(rng)});
  EXPECT_FALSE(r.exact());
  EXPECT_EQ(r.count(), 21u);
  for (double v : r.quantiles()) EXPECT_TRUE(std::isfinite(v));
}

TEST(QuantileReducer, PSquareIsDeterministicAndIndependentOfTheLimit) {
  // Two reducers fed the same sequence agree bit for bit; so does one that switched later,
  // because the switch replays the kept replicates in order.
  QuantileReducer a(5, kDefaultProbabilities, 17), b(5, kDefaultProbabilities, 17);
  QuantileReducer late(5, kDefaultProbabilities, 500);
  std::mt19937_64 rng(11);
  std::vector<double> row(5);
  for (int k = 0; k < 2000; ++k) {
    for (double& v : row) v = std::exp(0.7 * standardNormal(rng));
    a.add(row);
    b.add(row);
    late.add(row);
  }
  EXPECT_EQ(a.quantiles(), b.quantiles());
  EXPECT_EQ(a.means(), b.means());
  EXPECT_EQ(a.quantiles(), late.quantiles());
  EXPECT_EQ(a.means(), late.means());

  QuantileReducer moved(std::move(a));
  EXPECT_EQ(moved.quantiles(), b.quantiles());
  EXPECT_EQ(moved.count(), 2000u);
}

TEST(QuantileReducer, PSquareKeepsAConstantCellExact) {
  // Many outputs are constant across replicates (no aid arrived yet, every order filled).
  QuantileReducer r(2, kDefaultProbabilities, 17);
  for (int k = 0; k < 500; ++k) r.add(std::vector<double>{0.0, 1.0});
  EXPECT_FALSE(r.exact());
  const auto q = r.quantiles();
  for (std::size_t i = 0; i < kDefaultProbabilities.size(); ++i) {
    EXPECT_EQ(q[i * 2 + 0], 0.0);
    EXPECT_EQ(q[i * 2 + 1], 1.0);
  }
  EXPECT_EQ(r.means(), (std::vector<double>{0.0, 1.0}));
}

TEST(QuantileReducer, NoProbabilitiesMeansOnly) {
  QuantileReducer r(2, {}, 3);
  for (int k = 0; k < 10; ++k) r.add(std::vector<double>{1.0 * k, 2.0});
  EXPECT_FALSE(r.exact());
  EXPECT_TRUE(r.quantiles().empty());
  EXPECT_EQ(r.means(), (std::vector<double>{4.5, 2.0}));
}

TEST(QuantileReducer, MeansAreSumsInReplicateOrder) {
  QuantileReducer r(1, {0.5}, 5);
  const std::vector<double> values = {0.1, 1e16, 0.7, -1e16, 0.3, 2.0, 1.0 / 3, 5.5};
  double sum = 0;
  for (double v : values) {
    r.add(std::vector<double>{v});
    sum += v;
  }
  EXPECT_FALSE(r.exact());
  EXPECT_EQ(r.means()[0], sum / static_cast<double>(values.size()));
}

struct Errors {
  std::vector<double> max_sd, mean_sd;  // per probability, over the cells
};

using Draw = std::function<double(std::mt19937_64&)>;

/// `cells` independent samples of size n (one per cell) from `draw`, reduced by P-square
/// (exact_limit at its minimum, so P-square sees every value), against exact type-7 quantiles of
/// the same sample; errors in units of each sample's standard deviation.
Errors pSquareErrors(std::size_t n, std::size_t cells, const Draw& draw) {
  QuantileReducer r(cells, kDefaultProbabilities, 17);
  std::mt19937_64 rng(20240401);
  std::vector<std::vector<double>> columns(cells);
  std::vector<double> row(cells);
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t c = 0; c < cells; ++c) columns[c].push_back(row[c] = draw(rng));
    r.add(row);
  }
  const auto q = r.quantiles();
  Errors e;
  for (std::size_t i = 0; i < kDefaultProbabilities.size(); ++i) {
    double max = 0, sum = 0;
    for (std::size_t c = 0; c < cells; ++c) {
      const auto& x = columns[c];
      double mean = 0, ss = 0;
      for (double v : x) mean += v;
      mean /= static_cast<double>(n);
      for (double v : x) ss += (v - mean) * (v - mean);
      const double sd = std::sqrt(ss / static_cast<double>(n - 1));
      const double err = std::abs(q[i * cells + c] - type7(x, kDefaultProbabilities[i])) / sd;
      max = std::max(max, err);
      sum += err;
    }
    e.max_sd.push_back(max);
    e.mean_sd.push_back(sum / static_cast<double>(cells));
  }
  return e;
}

constexpr std::size_t kSamples = 20;

/// The figures quoted in docs/UNCERTAINTY.md, "Quantile estimates".
Errors printErrors(const char* name, std::size_t n, const Draw& draw) {
  const Errors e = pSquareErrors(n, kSamples, draw);
  std::printf("P-square vs exact, %s, N = %zu, %zu samples: |error| / sd, max (mean)\n", name, n,
              kSamples);
  for (std::size_t i = 0; i < kDefaultProbabilities.size(); ++i)
    std::printf("  p = %.2f: %.4f (%.4f)\n", kDefaultProbabilities[i], e.max_sd[i], e.mean_sd[i]);
  return e;
}

TEST(QuantileReducer, PSquareIsCloseToExactForANormalSample) {
  const Draw normal = standardNormal;
  printErrors("normal", 200, normal);
  printErrors("normal", 1000, normal);
  const Errors e = printErrors("normal", 10000, normal);
  for (std::size_t i = 0; i < kDefaultProbabilities.size(); ++i)
    EXPECT_LT(e.max_sd[i], 0.05) << "p = " << kDefaultProbabilities[i];
}

TEST(QuantileReducer, PSquareErrorsForSkewedSamples) {
  // Prices are skewed, and many outputs pile up at 0 (no aid yet) or 1 (every order filled):
  // P-square does worse there, mostly in the tails; only printed, for the documentation.
  const Draw lognormal = [](std::mt19937_64& g) { return std::exp(standardNormal(g)); };
  const Draw zeros = [](std::mt19937_64& g) {
    return uniform(g) < 0.6 ? 0.0 : -std::log(1.0 - uniform(g));
  };
  const Draw ones = [](std::mt19937_64& g) { return uniform(g) < 0.85 ? 1.0 : uniform(g); };
  for (std::size_t n : {200, 1000, 10000}) {
    printErrors("lognormal(0, 1)", n, lognormal);
    printErrors("0 w.p. 0.6, else exponential(1)", n, zeros);
    printErrors("1 w.p. 0.85, else uniform(0, 1)", n, ones);
  }
}

}  // namespace
}  // namespace grainsim

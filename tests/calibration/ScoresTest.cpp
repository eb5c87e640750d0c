/// \brief Scores: type 7 quantiles, band coverage, exact sample CRPS and summaries.
#include "calibration/Scores.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace grainsim {
namespace {

TEST(ScoresTest, QuantilesMatchNumpyDefault) {
  const Score s = scoreSample({5, 3, 1, 4, 2}, 3);  // any order
  EXPECT_DOUBLE_EQ(s.median, 3);
  EXPECT_DOUBLE_EQ(s.q25, 2);
  EXPECT_DOUBLE_EQ(s.q75, 4);
  EXPECT_DOUBLE_EQ(s.q05, 1.2);
  EXPECT_DOUBLE_EQ(s.q95, 4.8);
}

TEST(ScoresTest, MedianOfEvenSampleIsMidpoint) {
  EXPECT_DOUBLE_EQ(scoreSample({1, 2, 3, 4}, 1).median, 2.5);
}

TEST(ScoresTest, ErrorAndApeAreRelativeToObserved) {
  const Score over = scoreSample({1, 2, 3, 4, 5}, 2);  // median 3
  EXPECT_DOUBLE_EQ(over.error, 0.5);
  EXPECT_DOUBLE_EQ(over.ape, 0.5);
  const Score under = scoreSample({1, 2, 3, 4, 5}, 4);
  EXPECT_DOUBLE_EQ(under.error, -0.25);
  EXPECT_DOUBLE_EQ(under.ape, 0.25);
}

TEST(ScoresTest, CoverageIncludesBandEdges) {
  const std::vector<double> x{1, 2, 3, 4, 5};  // q05 1.2, q25 2, q75 4, q95 4.8
  EXPECT_TRUE(scoreSample(x, 2).in50);
  EXPECT_TRUE(scoreSample(x, 4).in50);
  EXPECT_FALSE(scoreSample(x, 4.01).in50);
  EXPECT_TRUE(scoreSample(x, 4.01).in90);
  EXPECT_TRUE(scoreSample(x, 1.2).in90);
  EXPECT_TRUE(scoreSample(x, 4.8).in90);
  EXPECT_FALSE(scoreSample(x, 1.19).in90);
  EXPECT_FALSE(scoreSample(x, 4.81).in90);
}

TEST(ScoresTest, OnePointCrpsIsRelativeAbsoluteError) {
  EXPECT_DOUBLE_EQ(scoreSample({150}, 120).crps, 30.0 / 120);
  EXPECT_DOUBLE_EQ(scoreSample({100}, 120).crps, 20.0 / 120);
}

TEST(ScoresTest, CrpsOfSmallSampleByHand) {
  // y = 2.5: E|X - y| = (1.5 + 0.5 + 0.5 + 1.5) / 4 = 1; the 16 pairs of {1,2,3,4} sum to
  // 2 * (1+2+3 + 1+2 + 1) = 20, so E|X - X'| / 2 = 20 / 32 = 0.625; CRPS = 0.375 / 2.5.
  EXPECT_DOUBLE_EQ(scoreSample({4, 1, 3, 2}, 2.5).crps, 0.375 / 2.5);
  // y = 5: E|X - y| = (4 + 3 + 2 + 1) / 4 = 2.5; CRPS = (2.5 - 0.625) / 5.
  EXPECT_DOUBLE_EQ(scoreSample({1, 2, 3, 4}, 5).crps, 1.875 / 5);
}

TEST(ScoresTest, CrpsMatchesBruteForceDoubleSum) {
  std::mt19937 gen(20240607);
  std::uniform_real_distribution<double> price(50, 250);
  std::vector<double> x(50);
  for (double& v : x) v = price(gen);
  const double y = 140;
  double to_y = 0, pairs = 0;
  for (double a : x) {
    to_y += std::abs(a - y);
    for (double b : x) pairs += std::abs(a - b);
  }
  const double m = static_cast<double>(x.size());
  const double expected = (to_y / m - pairs / (2 * m * m)) / y;
  EXPECT_NEAR(scoreSample(x, y).crps, expected, 1e-12);
}

TEST(ScoresTest, PointForecastIsOneValueSample) {
  const Score s = scorePoint(110, 100);
  EXPECT_DOUBLE_EQ(s.median, 110);
  EXPECT_DOUBLE_EQ(s.crps, 0.1);
  EXPECT_DOUBLE_EQ(s.error, 0.1);
  EXPECT_DOUBLE_EQ(s.q05, 110);
  EXPECT_DOUBLE_EQ(s.q95, 110);
  EXPECT_FALSE(s.in50);
  EXPECT_FALSE(s.in90);
  EXPECT_TRUE(scorePoint(100, 100).in50);  // only equal counts as inside
  EXPECT_TRUE(scorePoint(100, 100).in90);
}

TEST(ScoresTest, BadInputThrows) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(scoreSample({}, 1), std::invalid_argument);
  EXPECT_THROW(scoreSample({1}, 0), std::invalid_argument);
  EXPECT_THROW(scoreSample({1}, -1), std::invalid_argument);
  EXPECT_THROW(scoreSample({1}, nan), std::invalid_argument);
  EXPECT_THROW(scoreSample({1}, inf), std::invalid_argument);
  EXPECT_THROW(scoreSample({1, nan}, 1), std::invalid_argument);
  EXPECT_THROW(scoreSample({1, inf}, 1), std::invalid_argument);
  EXPECT_THROW(scorePoint(nan, 1), std::invalid_argument);
}

TEST(ScoresTest, SummaryMeansAndEvenMedian) {
  Score a, b, c, d;
  a.ape = 0.1, a.error = 0.1, a.in50 = true, a.in90 = true, a.crps = 0.05;
  b.ape = 0.4, b.error = -0.4, b.in50 = false, b.in90 = true, b.crps = 0.2;
  c.ape = 0.2, c.error = 0.2, c.in50 = false, c.in90 = false, c.crps = 0.1;
  d.ape = 0.3, d.error = -0.3, d.in50 = true, d.in90 = true, d.crps = 0.15;
  const ScoreSummary s = summarise({a, b, c, d});
  EXPECT_EQ(s.n, 4u);
  EXPECT_DOUBLE_EQ(s.mape, 0.25);
  EXPECT_DOUBLE_EQ(s.mdape, 0.25);  // (0.2 + 0.3) / 2
  EXPECT_DOUBLE_EQ(s.bias, -0.1);
  EXPECT_DOUBLE_EQ(s.coverage50, 0.5);
  EXPECT_DOUBLE_EQ(s.coverage90, 0.75);
  EXPECT_DOUBLE_EQ(s.crps, 0.125);
}

TEST(ScoresTest, SummaryOddMedianAndEmpty) {
  Score a, b, c;
  a.ape = 0.9, b.ape = 0.1, c.ape = 0.2;
  EXPECT_DOUBLE_EQ(summarise({a, b, c}).mdape, 0.2);
  const ScoreSummary empty = summarise({});
  EXPECT_EQ(empty.n, 0u);
  EXPECT_EQ(empty.mape, 0);
  EXPECT_EQ(empty.mdape, 0);
  EXPECT_EQ(empty.crps, 0);
}

}  // namespace
}  // namespace grainsim

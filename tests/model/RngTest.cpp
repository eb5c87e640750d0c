/// \brief Philox against Random123, the batch draws against the scalar ones, and the
/// normal's distribution.
#include <gtest/gtest.h>

#include <Random123/philox.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "model/Rng.hpp"

namespace grainsim {
namespace {

TEST(Rng, PhiloxMatchesRandom123WordForWord) {
  for (std::uint32_t i = 0; i < 20000; ++i) {
    const std::array<std::uint32_t, 4> ctr{i * 2654435761u, i, ~i, i >> 3};
    const std::array<std::uint32_t, 2> key{i * 40503u + 7u, 0xFFFFFFFFu - i};
    const auto ours = philox4x32_10(ctr, key);
    const auto theirs = r123::Philox4x32{}({{ctr[0], ctr[1], ctr[2], ctr[3]}}, {{key[0], key[1]}});
    for (int w = 0; w < 4; ++w) ASSERT_EQ(ours[w], theirs[w]) << "counter " << i << " word " << w;
  }
}

TEST(Rng, BatchNormalsEqualScalarNormalsBitForBit) {
  const KeyedRng rng(42, 3);
  // Unaligned starts and lengths, including more than one internal round of 256.
  for (const std::uint32_t first : {0u, 1u, 2u, 3u, 5u, 1021u, 0xFFFFFF00u})
    for (const std::size_t n : {std::size_t{1}, std::size_t{3}, std::size_t{4}, std::size_t{255},
                                std::size_t{256}, std::size_t{257}, std::size_t{700}}) {
      if (first > 0xFFFFFFFFu - n) continue;
      std::vector<float> batch(n);
      rng.normals(9, first, n, Purpose::income_shock, batch.data());
      for (std::size_t j = 0; j < n; ++j)
        ASSERT_EQ(batch[j],
                  rng.normal(9, first + static_cast<std::uint32_t>(j), Purpose::income_shock))
            << "first " << first << " n " << n << " j " << j;
    }
}

TEST(Rng, BatchUniformsEqualScalarUniformsBitForBit) {
  const KeyedRng rng(42, 3);
  for (const std::uint32_t first : {0u, 7u, 0xFFFFFF00u}) {
    std::vector<double> batch(255);
    rng.uniforms(kInitDay, first, batch.size(), Purpose::household_size, batch.data());
    for (std::size_t j = 0; j < batch.size(); ++j)
      ASSERT_EQ(batch[j], rng.uniform(kInitDay, first + static_cast<std::uint32_t>(j),
                                      Purpose::household_size))
          << "first " << first << " j " << j;
  }
}

/// Normal on 2^20 draws: mean, variance and kurtosis within 5 standard errors, the two
/// Box-Muller partners uncorrelated, and the Kolmogorov-Smirnov distance under the 0.1 %
/// critical value 1.95 / sqrt(n).
TEST(Rng, NormalsAreStandardNormal) {
  const KeyedRng rng(1, 0);
  const std::size_t n = 1 << 20;
  std::vector<float> z(n);
  rng.normals(11, 0, n, Purpose::income_shock, z.data());
  double m1 = 0, m2 = 0, m4 = 0, pair = 0;
  for (std::size_t i = 0; i < n; ++i) {
    m1 += z[i];
    m2 += double(z[i]) * z[i];
    m4 += std::pow(double(z[i]), 4);
    if (i % 2 == 0) pair += double(z[i]) * z[i + 1];
  }
  m1 /= n, m2 /= n, m4 /= n, pair /= n / 2;
  const double se = 1 / std::sqrt(double(n));
  EXPECT_NEAR(m1, 0, 5 * se);
  EXPECT_NEAR(m2, 1, 5 * std::sqrt(2.0) * se);
  EXPECT_NEAR(m4, 3, 5 * std::sqrt(96.0) * se);
  EXPECT_NEAR(pair, 0, 5 * std::sqrt(2.0) * se);
  std::sort(z.begin(), z.end());
  double ks = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double cdf = 0.5 * std::erfc(-z[i] / std::sqrt(2.0));
    ks = std::max({ks, std::abs(cdf - double(i) / n), std::abs(cdf - double(i + 1) / n)});
  }
  RecordProperty("ks_distance", std::to_string(ks));
  EXPECT_LT(ks, 1.95 / std::sqrt(double(n)));
  EXPECT_LE(std::max(-z.front(), z.back()), 5.9f);  // the 2^-24 grid bounds the tails
}

TEST(Rng, DrawsDependOnIdentityNotOnOrder) {
  const KeyedRng rng(7, 1);
  const float a = rng.normal(3, 12345, Purpose::income_shock);
  for (std::uint32_t other = 0; other < 100; ++other)
    (void)rng.normal(3, other, Purpose::income_shock);
  EXPECT_EQ(rng.normal(3, 12345, Purpose::income_shock), a);
  EXPECT_NE(rng.normal(3, 12345, Purpose::household_income), a);  // purpose is in the counter
  EXPECT_NE(KeyedRng(7, 2).normal(3, 12345, Purpose::income_shock), a);  // so is the replicate
}

}  // namespace
}  // namespace grainsim

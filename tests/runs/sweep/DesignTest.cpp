/// \brief Designs: grid levels and order, Latin hypercube strata, the Saltelli layout of the
/// Sobol' design and its low discrepancy, seeds, and rejected arguments.
#include "runs/sweep/Design.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace grainsim {
namespace {

TEST(DesignKind, ParsesNamesAndRejectsOthersByName) {
  for (const DesignKind kind : {DesignKind::grid, DesignKind::lhs, DesignKind::sobol})
    EXPECT_EQ(parseDesignKind(designName(kind)), kind);
  EXPECT_EQ(designName(DesignKind::lhs), "lhs");
  try {
    parseDesignKind("halton");
    FAIL() << "halton was accepted";
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("halton"), std::string::npos) << message;
    EXPECT_NE(message.find("grid, lhs, sobol"), std::string::npos) << message;
  }
}

TEST(DesignGrid, LevelsIncludeBothEndsAndLastDimensionVariesFastest) {
  const UnitDesign d = makeDesign(DesignKind::grid, 3, 2, 0);
  EXPECT_EQ(d.kind, DesignKind::grid);
  EXPECT_EQ(d.samples, 3u);
  ASSERT_EQ(d.points(), 9u);                                       // 3^2
  const std::vector<double> expected = {0,   0, 0,   0.5, 0,   1,  //
                                        0.5, 0, 0.5, 0.5, 0.5, 1,  //
                                        1,   0, 1,   0.5, 1,   1};
  EXPECT_EQ(d.values, expected);
}

TEST(DesignGrid, CountAndCornersInThreeDimensions) {
  const UnitDesign d = makeDesign(DesignKind::grid, 5, 3, 0);
  ASSERT_EQ(d.points(), 125u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(d.at(0, i), 0.0);
    EXPECT_EQ(d.at(124, i), 1.0);  // exactly 1, not 4 * 0.25 rounded
  }
  EXPECT_EQ(d.at(1, 2), 0.25);  // second point: last coordinate one level up
  EXPECT_EQ(d.at(1, 0), 0.0);
  EXPECT_EQ(d.at(25, 0), 0.25);  // 5^2 points later the first coordinate moves
}

TEST(DesignGrid, RejectsTooManyPointsAndTooFewLevels) {
  EXPECT_THROW(makeDesign(DesignKind::grid, 10, 8, 0), std::invalid_argument);  // 10^8 points
  EXPECT_THROW(makeDesign(DesignKind::grid, 1, 3, 0), std::invalid_argument);
  EXPECT_NO_THROW(makeDesign(DesignKind::grid, 10, 6, 0));  // 10^6 points
}

TEST(DesignLhs, EachDimensionHasOnePointPerStratum) {
  constexpr std::size_t n = 97, k = 5;
  const UnitDesign d = makeDesign(DesignKind::lhs, n, k, 2024);
  ASSERT_EQ(d.points(), n);
  for (std::size_t i = 0; i < k; ++i) {
    std::vector<int> hits(n, 0);
    for (std::size_t p = 0; p < n; ++p) {
      const double u = d.at(p, i);
      ASSERT_GT(u, 0.0);
      ASSERT_LT(u, 1.0);
      ++hits[static_cast<std::size_t>(std::floor(u * n))];
    }
    for (std::size_t s = 0; s < n; ++s)
      EXPECT_EQ(hits[s], 1) << "dimension " << i << " stratum " << s;
  }
}

TEST(DesignLhs, DimensionsArePermutedIndependently) {
  // Identical permutations would put every point on the diagonal's strata.
  const UnitDesign d = makeDesign(DesignKind::lhs, 40, 2, 7);
  std::size_t same_stratum = 0;
  for (std::size_t p = 0; p < 40; ++p)
    same_stratum += std::floor(d.at(p, 0) * 40) == std::floor(d.at(p, 1) * 40);
  EXPECT_LT(same_stratum, 10u);
}

TEST(DesignLhs, SameSeedSameDesignOtherSeedAnother) {
  const UnitDesign a = makeDesign(DesignKind::lhs, 64, 3, 11);
  const UnitDesign b = makeDesign(DesignKind::lhs, 64, 3, 11);
  const UnitDesign c = makeDesign(DesignKind::lhs, 64, 3, 12);
  EXPECT_EQ(a.values, b.values);  // bit for bit
  ASSERT_EQ(a.values.size(), c.values.size());
  std::size_t equal = 0;
  for (std::size_t v = 0; v < a.values.size(); ++v) equal += a.values[v] == c.values[v];
  EXPECT_EQ(equal, 0u);
}

TEST(DesignSobol, SaltelliLayout) {
  constexpr std::size_t n = 64, k = 3;
  const UnitDesign d = makeDesign(DesignKind::sobol, n, k, 5);
  EXPECT_EQ(d.kind, DesignKind::sobol);
  EXPECT_EQ(d.samples, n);
  ASSERT_EQ(d.points(), n * (k + 2));
  EXPECT_EQ(d.saltelliRow(7 * (k + 2) + 3), 7u);
  EXPECT_EQ(d.saltelliBlock(7 * (k + 2) + 3), 3u);
  for (std::size_t row = 0; row < n; ++row) {
    const std::size_t a = row * (k + 2), b = a + 1;
    ASSERT_EQ(d.saltelliBlock(a), 0u);
    ASSERT_EQ(d.saltelliRow(b), row);
    for (std::size_t i = 0; i < k; ++i) {
      const std::size_t ab = a + 2 + i;
      ASSERT_EQ(d.saltelliBlock(ab), 2 + i);
      for (std::size_t m = 0; m < k; ++m)
        EXPECT_EQ(d.at(ab, m), m == i ? d.at(b, m) : d.at(a, m))
            << "row " << row << " AB_" << i << " column " << m;
      EXPECT_NE(d.at(a, i), d.at(b, i));  // A and B are different points
    }
  }
}

TEST(DesignSobol, CoordinatesStrictlyInsideTheCube) {
  const UnitDesign d = makeDesign(DesignKind::sobol, 1024, 4, 0);
  for (const double u : d.values) {
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(DesignSobol, ColumnMeansCloserToOneHalfThanRandomPoints) {
  // 4096 independent uniforms have a mean with standard deviation sqrt(1/12/4096) = 0.0045;
  // the first 4096 points of a (shifted) Sobol' sequence are balanced to about 1/4096.
  constexpr std::size_t n = 4096, k = 4;
  const UnitDesign d = makeDesign(DesignKind::sobol, n, k, 99);
  for (std::size_t block = 0; block < 2; ++block) {  // A, then B
    for (std::size_t i = 0; i < k; ++i) {
      double sum = 0;
      for (std::size_t row = 0; row < n; ++row) sum += d.at(row * (k + 2) + block, i);
      EXPECT_NEAR(sum / n, 0.5, 5e-4) << (block == 0 ? "A" : "B") << " column " << i;
    }
  }
}

TEST(DesignSobol, SeedShiftsEveryCoordinateAndIsReproducible) {
  const UnitDesign a = makeDesign(DesignKind::sobol, 128, 2, 1);
  const UnitDesign b = makeDesign(DesignKind::sobol, 128, 2, 1);
  const UnitDesign c = makeDesign(DesignKind::sobol, 128, 2, 2);
  EXPECT_EQ(a.values, b.values);
  std::size_t equal = 0;
  for (std::size_t v = 0; v < a.values.size(); ++v) equal += a.values[v] == c.values[v];
  EXPECT_EQ(equal, 0u);
}

TEST(Design, RejectsInvalidArguments) {
  for (const DesignKind kind : {DesignKind::grid, DesignKind::lhs, DesignKind::sobol}) {
    EXPECT_THROW(makeDesign(kind, 0, 2, 0), std::invalid_argument) << designName(kind);
    EXPECT_THROW(makeDesign(kind, 8, 0, 0), std::invalid_argument) << designName(kind);
  }
  EXPECT_THROW(makeDesign(DesignKind::lhs, 1, 2, 0), std::invalid_argument);
  // Boost's table has 3667 dimensions: A and B together take 2 * 1834 = 3668.
  EXPECT_THROW(makeDesign(DesignKind::sobol, 4, 1834, 0), std::invalid_argument);
  const UnitDesign grid = makeDesign(DesignKind::grid, 2, 2, 0);
  EXPECT_THROW(static_cast<void>(grid.saltelliRow(0)), std::logic_error);
}

}  // namespace
}  // namespace grainsim

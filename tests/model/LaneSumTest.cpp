/// \brief The fixed-order sum: exact where the sum is exact, and its order written out.
#include <gtest/gtest.h>

#include <vector>

#include "model/LaneSum.hpp"

namespace grainsim {
namespace {

TEST(LaneSum, SumsSmallIntegersExactlyAtEveryLength) {
  for (std::size_t n = 0; n < 40; ++n) {
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(i + 1);
    EXPECT_EQ(laneSum(x.data(), n), n * (n + 1) / 2.0) << n;
  }
}

/// Lane l sums x[l], x[l + 8], ...; lanes combine pairwise. With 1 in lane 0 and 2^-53 in every
/// other lane, a left-to-right sum rounds each 2^-53 away; the pairwise lanes keep most of them.
TEST(LaneSum, UsesTheDocumentedOrder) {
  std::vector<double> x(8, 0x1p-53);
  x[0] = 1;
  const double lanes =
      ((1 + 0x1p-53) + (0x1p-53 + 0x1p-53)) + ((0x1p-53 + 0x1p-53) + (0x1p-53 + 0x1p-53));
  EXPECT_EQ(laneSum(x.data(), x.size()), lanes);
  double left_to_right = 0;
  for (double v : x) left_to_right += v;
  EXPECT_EQ(left_to_right, 1.0);
  EXPECT_GT(lanes, 1.0);
}

}  // namespace
}  // namespace grainsim

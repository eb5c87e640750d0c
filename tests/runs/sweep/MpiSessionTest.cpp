/// \brief MpiSession in a build without MPI: one rank, and allSucceeded is the rank's own flag.
#include "runs/sweep/MpiSession.hpp"

#include <gtest/gtest.h>

namespace grainsim {
namespace {

TEST(MpiSessionTest, WithoutMpiIsOneRankThatDecidesAlone) {
  ASSERT_FALSE(MpiSession::built()) << "the test binary is built without MPI";
  const MpiSession mpi;
  EXPECT_EQ(mpi.rank(), 0);
  EXPECT_EQ(mpi.size(), 1);
  EXPECT_TRUE(mpi.allSucceeded(true));
  EXPECT_FALSE(mpi.allSucceeded(false));
}

}  // namespace
}  // namespace grainsim

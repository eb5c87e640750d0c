/// \brief Shards: every point in exactly one shard, file names, parsing, Slurm's variables.
#include "runs/sweep/Shard.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <stdexcept>

namespace grainsim {
namespace {

TEST(Shard, EveryPointBelongsToExactlyOneShardAndCountsAddUp) {
  for (std::uint32_t n : {1u, 2u, 3u, 4u, 7u}) {
    std::uint64_t sum = 0;
    for (std::uint32_t i = 0; i < n; ++i) sum += Shard{i, n}.points(10);
    EXPECT_EQ(sum, 10u) << n << " shards";
    for (std::uint64_t p = 0; p < 10; ++p) {
      int owners = 0;
      for (std::uint32_t i = 0; i < n; ++i) owners += Shard{i, n}.holds(p) ? 1 : 0;
      EXPECT_EQ(owners, 1) << "point " << p << " of " << n << " shards";
    }
  }
  // Shard 2 of 4 holds points 2, 6 (of 0..9), in rows 0 and 1.
  EXPECT_EQ((Shard{2, 4}.points(10)), 2u);
  EXPECT_EQ((Shard{2, 4}.row(6)), 1u);
  EXPECT_EQ((Shard{5, 8}.points(3)), 0u);
}

TEST(Shard, FileNamesKeepTheDirectoryAndMarkTheShard) {
  EXPECT_EQ(Shard{}.fileFor("out/sweep.h5"), "out/sweep.h5");
  EXPECT_EQ((Shard{1, 4}.fileFor("out/sweep.h5")), "out/sweep.shard-1-of-4.h5");
  EXPECT_EQ((Shard{0, 2}.fileFor("result")), "result.shard-0-of-2.h5");
}

TEST(Shard, ParsesIOverNAndRejectsTheRest) {
  const Shard s = Shard::parse("3/4");
  EXPECT_EQ(s.index, 3u);
  EXPECT_EQ(s.count, 4u);
  EXPECT_EQ(s.text(), "3/4");
  for (const char* bad : {"4/4", "1/0", "1", "a/2", "-1/2", "1/2/3", "", "1/"})
    EXPECT_THROW(Shard::parse(bad), std::invalid_argument) << bad;
}

/// Sets (or unsets, for nullptr) environment variables for one test and restores them.
class SlurmEnvironment : public ::testing::Test {
 protected:
  void set(const char* name, const char* value) {
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  void TearDown() override {
    for (const char* name :
         {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"})
      ::unsetenv(name);
  }
};

TEST_F(SlurmEnvironment, AnArrayTaskIsAShardCountedFromTheArraysFirstTask) {
  set("SLURM_ARRAY_TASK_ID", nullptr);
  EXPECT_FALSE(Shard::fromSlurmEnvironment());
  set("SLURM_ARRAY_TASK_ID", "2");
  set("SLURM_ARRAY_TASK_COUNT", "4");
  const auto zero_based = Shard::fromSlurmEnvironment();
  ASSERT_TRUE(zero_based);
  EXPECT_EQ(zero_based->text(), "2/4");
  set("SLURM_ARRAY_TASK_MIN", "1");  // --array=1-4
  EXPECT_EQ(Shard::fromSlurmEnvironment()->text(), "1/4");
  set("SLURM_ARRAY_TASK_ID", "9");
  EXPECT_THROW(Shard::fromSlurmEnvironment(), std::invalid_argument);
  set("SLURM_ARRAY_TASK_ID", "2");
  set("SLURM_ARRAY_TASK_COUNT", nullptr);
  EXPECT_THROW(Shard::fromSlurmEnvironment(), std::invalid_argument);
}

}  // namespace
}  // namespace grainsim

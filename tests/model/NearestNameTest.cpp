/// \brief "Did you mean": edit distances a reader can count, and when a guess is made.
#include <gtest/gtest.h>

#include "model/NearestName.hpp"

namespace grainsim {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsReplacementsAndSwapsIgnoringCase) {
  EXPECT_EQ(editDistance("seed", "seed"), 0u);
  EXPECT_EQ(editDistance("sed", "seed"), 1u);    // one insertion
  EXPECT_EQ(editDistance("seeds", "seed"), 1u);  // one deletion
  EXPECT_EQ(editDistance("sead", "seed"), 1u);   // one replacement
  EXPECT_EQ(editDistance("sede", "seed"), 1u);   // two neighbours swapped
  EXPECT_EQ(editDistance("SEED", "seed"), 0u);   // case ignored
  EXPECT_EQ(editDistance("", "abc"), 3u);
  EXPECT_EQ(editDistance("kitten", "sitting"), 3u);
}

TEST(NearestName, GuessesOnlyWhenOneNameIsClose) {
  const std::vector<std::string> commands{"run", "forecast", "compare", "sweep", "merge"};
  EXPECT_EQ(nearestName("rnu", commands), "run");
  EXPECT_EQ(nearestName("forcast", commands), "forecast");
  EXPECT_EQ(nearestName("Compare", commands), "compare");
  EXPECT_EQ(nearestName("frobnicate", commands), std::nullopt);  // nothing close
  // Up to 4 characters one edit is allowed: "swp" is 2 from "sweep".
  EXPECT_EQ(nearestName("swp", commands), std::nullopt);
  // Two names equally close: no guess.
  EXPECT_EQ(nearestName("ab", {"aa", "bb"}), std::nullopt);
  EXPECT_EQ(didYouMean("forcast", commands), " (did you mean 'forecast'?)");
  EXPECT_EQ(didYouMean("xyz", commands), "");
}

}  // namespace
}  // namespace grainsim

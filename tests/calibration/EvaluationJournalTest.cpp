/// \brief The calibration journal: exact round trip of points and losses, a torn last line, a
/// journal of another calibration, links at its path and the in-memory journal.
#include "calibration/EvaluationJournal.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;
using testing::readText;
using testing::TempDir;

std::uint64_t bits(double x) {
  return std::bit_cast<std::uint64_t>(x);
}

/// Points and losses whose decimal forms would not round trip.
const std::vector<double> kP1 = {0.1, 1 / 3.0};
const std::vector<double> kP2 = {1e-300, std::nextafter(1.0, 2.0)};
const double kLoss1 = 0.1 + 0.2;
const double kLoss2 = 1 / 7.0;

TEST(EvaluationJournalTest, ReopenedJournalReturnsTheExactLosses) {
  const TempDir dir;
  const auto path = dir.path() / "journal.txt";
  {
    EvaluationJournal journal(path, "fp");
    journal.append(kP1, kLoss1);
    journal.append(kP2, kLoss2);
  }
  const EvaluationJournal reopened(path, "fp");
  EXPECT_EQ(reopened.resumed(), 2u);
  EXPECT_EQ(reopened.size(), 2u);
  ASSERT_TRUE(reopened.find(kP1));
  ASSERT_TRUE(reopened.find(kP2));
  EXPECT_EQ(bits(*reopened.find(kP1)), bits(kLoss1));
  EXPECT_EQ(bits(*reopened.find(kP2)), bits(kLoss2));
}

TEST(EvaluationJournalTest, PointDifferingInTheLastBitIsNotFound) {
  const TempDir dir;
  const auto path = dir.path() / "journal.txt";
  { EvaluationJournal(path, "fp").append(kP1, kLoss1); }
  const EvaluationJournal reopened(path, "fp");
  EXPECT_FALSE(reopened.find({std::nextafter(0.1, 1.0), 1 / 3.0}));
}

TEST(EvaluationJournalTest, TornLastLineIsDroppedOnReopen) {
  const TempDir dir;
  const auto path = dir.path() / "journal.txt";
  { EvaluationJournal(path, "fp").append(kP1, kLoss1); }
  testing::writeText(path, readText(path) + "0x1p-1 0x1");  // killed mid-write
  const EvaluationJournal reopened(path, "fp");
  EXPECT_EQ(reopened.resumed(), 1u);
  EXPECT_TRUE(reopened.find(kP1));
  EXPECT_FALSE(reopened.find({0.5}));
}

TEST(EvaluationJournalTest, AppendAfterATornLineSurvivesTheNextReopen) {
  // Killed mid-write, resumed, one more evaluation, killed again: the resumed run's evaluation
  // must not be glued onto the torn line.
  const TempDir dir;
  const auto path = dir.path() / "journal.txt";
  { EvaluationJournal(path, "fp").append(kP1, kLoss1); }
  testing::writeText(path, readText(path) + "0x1p-1 0x1");
  { EvaluationJournal(path, "fp").append({1.0}, 2.0); }
  const EvaluationJournal reopened(path, "fp");
  EXPECT_EQ(reopened.resumed(), 2u);
  ASSERT_TRUE(reopened.find({1.0}));
  EXPECT_EQ(*reopened.find({1.0}), 2.0);
}

TEST(EvaluationJournalTest, JournalOfAnotherCalibrationThrowsNamingTheFile) {
  const TempDir dir;
  const auto path = dir.path() / "journal.txt";
  { EvaluationJournal(path, "fp").append(kP1, kLoss1); }
  try {
    EvaluationJournal other(path, "another fp");
    ADD_FAILURE() << "a journal with another fingerprint was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

TEST(EvaluationJournalTest, RefusesALinkToAnExistingJournal) {
  const TempDir dir;
  const auto target = dir.path() / "real.txt";
  { EvaluationJournal(target, "fp").append(kP1, kLoss1); }
  const std::string before = readText(target);
  fs::create_symlink(target, dir.path() / "link.txt");
  EXPECT_THROW(EvaluationJournal(dir.path() / "link.txt", "fp"), std::runtime_error);
  EXPECT_EQ(readText(target), before);
}

TEST(EvaluationJournalTest, RefusesADanglingLinkWithoutCreatingItsTarget) {
  const TempDir dir;
  const auto target = dir.path() / "planted.txt";
  fs::create_symlink(target, dir.path() / "link.txt");
  EXPECT_THROW(EvaluationJournal(dir.path() / "link.txt", "fp"), std::runtime_error);
  EXPECT_FALSE(fs::exists(target));
}

TEST(EvaluationJournalTest, EmptyPathKeepsTheJournalInMemory) {
  const TempDir dir;
  const auto cwd = fs::current_path();
  fs::current_path(dir.path());  // anything written to a relative path would land here
  {
    EvaluationJournal journal("", "fp");
    journal.append(kP1, kLoss1);
    EXPECT_EQ(journal.resumed(), 0u);
    EXPECT_EQ(journal.size(), 1u);
    EXPECT_EQ(journal.find(kP1), kLoss1);
  }
  fs::current_path(cwd);
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

}  // namespace
}  // namespace grainsim

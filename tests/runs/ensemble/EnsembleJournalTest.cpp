/// \brief The ensemble journal: replicates survive reopening in order, a torn tail is dropped,
/// another run's journal is refused or discarded, an altered one is refused.
#include "runs/ensemble/EnsembleJournal.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "runs/output/OutputFile.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;

/// A comparison's replicate: two arms, one prior each, three cells.
ReplicateRecord replicate(std::uint32_t r) {
  const double x = r + 0.25;
  return {r, {{x}, {x}}, {{x, -x, 1e300}, {2 * x, 0, -1e-300}}, "", 0};
}

ReplicateRecord failed(std::uint32_t r) {
  return {r, {{r + 0.5}, {r + 0.75}}, {}, "the ledger does not close", 1};
}

std::vector<ReplicateRecord> replayed(const EnsembleJournal& j) {
  std::vector<ReplicateRecord> records;
  j.replay([&](ReplicateRecord&& r) { records.push_back(std::move(r)); });
  return records;
}

void expectSame(const ReplicateRecord& a, const ReplicateRecord& b) {
  EXPECT_EQ(a.replicate, b.replicate);
  EXPECT_EQ(a.parameters, b.parameters);
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.failure, b.failure);
  EXPECT_EQ(a.failed_arm, b.failed_arm);
}

TEST(EnsembleJournal, ReplaysTheReplicatesOfTheLastRunInOrder) {
  testing::TempDir dir;
  const fs::path path = EnsembleJournal::pathFor(dir.path() / "c.h5");
  EXPECT_EQ(path, dir.path() / "c.h5.journal");
  {
    EnsembleJournal j(path, "abc", 10, false);
    EXPECT_EQ(j.resumed(), 0u);
    j.append(replicate(0));
    j.append(failed(1));
    j.append(replicate(2));
    EXPECT_EQ(j.count(), 3u);
    EXPECT_TRUE(replayed(j).empty()) << "only what an earlier run left is replayed";
    EXPECT_THROW(j.append(replicate(4)), OutputError) << "replicate 3 comes first";
  }
  EnsembleJournal j(path, "abc", 10, false);
  EXPECT_EQ(j.resumed(), 3u);
  EXPECT_EQ(j.droppedBytes(), 0u);
  const auto records = replayed(j);
  ASSERT_EQ(records.size(), 3u);
  expectSame(records[0], replicate(0));
  expectSame(records[1], failed(1));
  expectSame(records[2], replicate(2));
  j.append(replicate(3));
  EXPECT_EQ(replayed(j).size(), 3u);
  j.remove();
  EXPECT_FALSE(fs::exists(path));
}

TEST(EnsembleJournal, DropsATornLastReplicate) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "f.h5.journal";
  {
    EnsembleJournal j(path, "abc", 10, false);
    j.append(replicate(0));
    j.append(replicate(1));
  }
  fs::resize_file(path, fs::file_size(path) - 5);
  EnsembleJournal j(path, "abc", 10, false);
  EXPECT_EQ(j.resumed(), 1u);
  EXPECT_GT(j.droppedBytes(), 0u);
  j.append(replicate(1));  // written where the torn one was
  EnsembleJournal again(path, "abc", 10, false);
  EXPECT_EQ(again.resumed(), 2u);
  EXPECT_EQ(again.droppedBytes(), 0u);
}

TEST(EnsembleJournal, RefusesAnotherRunsJournalUnlessToldToDiscardIt) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "f.h5.journal";
  {
    EnsembleJournal j(path, "abc", 10, false);
    j.append(replicate(0));
  }
  const std::string before = testing::readText(path);
  try {
    EnsembleJournal j(path, "abd", 10, false);
    ADD_FAILURE() << "expected a JournalMismatch";
  } catch (const JournalMismatch& e) {
    testing::expectContainsAll(e.what(), {path.string(), "belongs to another", "--force"});
  }
  EXPECT_EQ(testing::readText(path), before);
  // A sweep's journal with the same header is another run's too: its first line differs.
  const fs::path sweep = dir.path() / "s.h5.journal";
  SweepJournal(sweep, "abc", 10).append({0, "", {1.0}});
  EXPECT_THROW(EnsembleJournal(sweep, "abc", 10, false), JournalMismatch);
  EnsembleJournal j(path, "abd", 10, true);
  EXPECT_EQ(j.resumed(), 0u);
}

TEST(EnsembleJournal, RefusesAJournalWhoseReplicatesAreNotInOrder) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "f.h5.journal";
  {
    // Written through the sweep's interface, which takes records in any order.
    SweepJournal raw(path, "abc", 10, {"grainsim ensemble journal 1\n", ""});
    raw.append({1, "", {0, 1, 0.5, 0}});
  }
  try {
    EnsembleJournal j(path, "abc", 10, false);
    ADD_FAILURE() << "expected an OutputError";
  } catch (const OutputError& e) {
    testing::expectContainsAll(e.what(), {path.string(), "not 0, 1, 2"});
  }
}

}  // namespace
}  // namespace grainsim

/// \brief The journal: records survive reopening, a torn tail or header is cut off, another
/// sweep's journal is refused.
#include "runs/sweep/SweepJournal.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "runs/output/OutputFile.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;

PointRecord record(std::uint64_t point, double value, std::string failure = "") {
  return {point, std::move(failure), {value, value + 0.5, -value}};
}

std::vector<PointRecord> replayed(const SweepJournal& j) {
  std::vector<PointRecord> records;
  j.replay([&](const PointRecord& r) { records.push_back(r); });
  return records;
}

TEST(SweepJournal, KeepsRecordsAcrossReopeningInTheOrderWritten) {
  testing::TempDir dir;
  const fs::path path = SweepJournal::pathFor(dir.path() / "s.h5");
  EXPECT_EQ(path, dir.path() / "s.h5.journal");
  {
    SweepJournal j(path, "sweep abc shard 0/1", 10);
    EXPECT_EQ(j.doneCount(), 0u);
    j.append(record(3, 1.25));
    j.append(record(0, 2.5, "point 0 failed"));
  }
  SweepJournal j(path, "sweep abc shard 0/1", 10);
  EXPECT_EQ(j.doneCount(), 2u);
  EXPECT_TRUE(j.done(3));
  EXPECT_TRUE(j.done(0));
  EXPECT_FALSE(j.done(1));
  EXPECT_EQ(j.droppedBytes(), 0u);
  const auto records = replayed(j);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].point, 3u);
  EXPECT_EQ(records[0].values, (std::vector<double>{1.25, 1.75, -1.25}));
  EXPECT_EQ(records[1].failure, "point 0 failed");
  j.remove();
  EXPECT_FALSE(fs::exists(path));
}

TEST(SweepJournal, ATornLastRecordIsDroppedAndOverwritten) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "s.journal";
  {
    SweepJournal j(path, "h", 10);
    j.append(record(1, 1));
    j.append(record(2, 2));
  }
  // What a SIGKILL in the middle of a write leaves: the last record cut short.
  const auto size = fs::file_size(path);
  fs::resize_file(path, size - 5);
  {
    SweepJournal j(path, "h", 10);
    EXPECT_EQ(j.doneCount(), 1u);
    EXPECT_FALSE(j.done(2));
    EXPECT_GT(j.droppedBytes(), 0u);
    j.append(record(2, 20));
  }
  SweepJournal j(path, "h", 10);
  const auto records = replayed(j);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].values.front(), 20);
  // A flipped byte inside the last record fails its checksum the same way.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(path) - 12));
    f.put('\x7f');
  }
  EXPECT_EQ(SweepJournal(path, "h", 10).doneCount(), 1u);
}

TEST(SweepJournal, AJournalKilledWhileItsHeaderWasWrittenStartsAfresh) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "s.journal";
  const std::string header = "sweep abc shard 0/2";
  const std::string head = std::string(kSweepJournalKind.magic) + header + "\n";
  // What a SIGKILL between creating the file and syncing its header leaves: nothing, or a
  // prefix of the header.
  for (const std::size_t cut : {std::size_t{0}, std::size_t{7}, head.size() - 1}) {
    SCOPED_TRACE("header cut at byte " + std::to_string(cut));
    testing::writeText(path, head.substr(0, cut));
    {
      SweepJournal j(path, header, 10);
      EXPECT_EQ(j.doneCount(), 0u);
      EXPECT_EQ(j.droppedBytes(), cut);
      j.append(record(4, 4));
    }
    SweepJournal j(path, header, 10);
    EXPECT_EQ(j.doneCount(), 1u);
    EXPECT_TRUE(j.done(4));
    j.remove();
  }
  // A prefix of another sweep's header is not one of this header: still refused.
  testing::writeText(path, std::string(kSweepJournalKind.magic) + "sweep abd");
  EXPECT_THROW(SweepJournal(path, header, 10), JournalMismatch);
}

TEST(SweepJournal, RefusesTheJournalOfAnotherSweep) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "s.journal";
  { SweepJournal(path, "sweep abc shard 0/2", 10).append(record(0, 1)); }
  try {
    SweepJournal j(path, "sweep abd shard 0/2", 10);
    ADD_FAILURE() << "a foreign journal was accepted";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("belongs to a different sweep"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos);
  }
}

}  // namespace
}  // namespace grainsim

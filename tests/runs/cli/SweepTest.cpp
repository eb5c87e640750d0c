/// \brief `grainsim sweep`, `merge` and `sensitivity` as users run them: a shard killed with
/// SIGKILL resumes to the uninterrupted file, finished files are not overwritten, bad input is
/// named, an incomplete set of shards is refused, sensitivity prints its ranked table.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "runs/sweep/SweepFile.hpp"
#include "tests/runs/cli/CliFixture.hpp"
#include "tests/runs/cli/SpawnGrainsim.hpp"

namespace grainsim::testing {
namespace {

/// 16 sobol base samples of 3 parameters (80 points) of a short winter at 1:4000.
const std::vector<std::string> kSweep = {
    "sweep",
    "--design",
    "sobol",
    "--samples",
    "16",
    "--param",
    "aid.tonnage_scale=0:2",
    "--param",
    "shipments.2a.arrival_date=2027-01-05:2027-01-15",
    "--param",
    "tiers.leadership.resale_propensity=0.01:0.3",
    "--outputs",
    "price@2027-01-15,mean(food_insecure_share, 2026-12-20:2027-01-20)",
    "--set",
    "population.agent_weight=4000",
    "--set",
    "run.spinup_days=5",
    "--set",
    "run.end_date=2027-01-20",
    "--threads",
    "1",
    "-q"};

std::string bytes(const std::vector<double>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
}

void expectSameSweep(const fs::path& a, const fs::path& b) {
  const SweepReader ra(a), rb(b);
  ASSERT_EQ(ra.layout().points, rb.layout().points);
  EXPECT_EQ(bytes(ra.layout().design_values), bytes(rb.layout().design_values));
  for (std::size_t row = 0; row < ra.layout().points.size(); ++row)
    EXPECT_EQ(bytes(ra.row(row).values), bytes(rb.row(row).values)) << "row " << row;
}

TEST_F(CliTest, ASweepKilledMidRunResumesToTheFileOfAnUninterruptedRun) {
  const Result whole = run(kSweep + std::vector<std::string>{"--out", "whole.h5"});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;

  // Kill a real process once its journal holds a few points (SIGKILL: no handler runs).
  const fs::path journal = work_ / "killed.h5.journal";
  const std::uintmax_t point_bytes = SweepReader(work_ / "whole.h5").layout().rowSize() * 8;
  const pid_t pid = spawnGrainsim(work_, kSweep + std::vector<std::string>{"--out", "killed.h5"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!(fs::exists(journal) && fs::file_size(journal) > 3 * point_bytes) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep finished before it could be killed";
  ASSERT_FALSE(fs::exists(work_ / "killed.h5")) << "a killed shard must not leave its file";
  ASSERT_TRUE(fs::exists(journal));

  const Result resumed = run(kSweep + std::vector<std::string>{"--out", "killed.h5"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_FALSE(fs::exists(journal)) << "the journal outlived its finished file";
  expectSameSweep(work_ / "whole.h5", work_ / "killed.h5");

  // Run again (a resubmitted array task): the finished shard is left as it is, exit 0.
  const auto written = fs::last_write_time(work_ / "killed.h5");
  std::vector<std::string> loud = kSweep;
  loud.pop_back();  // without -q: it says why it does nothing
  const Result again = run(loud + std::vector<std::string>{"--out", "killed.h5"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  expectContainsAll(again.err, {"killed.h5", "already holds shard 0/1", "nothing to do"});
  EXPECT_EQ(fs::last_write_time(work_ / "killed.h5"), written);
  // Another sweep's file at that path is never replaced unless asked.
  const Result other =
      run(kSweep + std::vector<std::string>{"--out", "killed.h5", "--design-seed", "9"});
  EXPECT_EQ(other.exit_code, 2);
  expectContainsAll(other.err, {"killed.h5", "already exists", "another sweep", "--force"});
  fs::copy_file(work_ / "killed.h5", work_ / "saved.h5");
  writeText(work_ / "killed.h5", "not a sweep\n");
  const Result junk = run(kSweep + std::vector<std::string>{"--out", "killed.h5"});
  EXPECT_EQ(junk.exit_code, 2);
  expectContainsAll(junk.err, {"killed.h5", "no sweep grainsim can read", "--force"});
  EXPECT_EQ(readText(work_ / "killed.h5"), "not a sweep\n");
  fs::rename(work_ / "saved.h5", work_ / "killed.h5");
  const Result forced = run(kSweep + std::vector<std::string>{"--out", "killed.h5", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  expectSameSweep(work_ / "whole.h5", work_ / "killed.h5");
}

TEST_F(CliTest, ADryRunPrintsTheShardsAndATasksTimeAndMemoryAndRunsNothing) {
  // 16 sobol base samples of 3 parameters: 80 points; shard 1 of 3 holds points 1, 4, ... 79.
  const Result r = run(kSweep + std::vector<std::string>{"--out", "s.h5", "--shard", "1/3",
                                                         "--replicates", "2", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expectContainsAll(r.out, {"80 points x 2 replicates = 160 runs", "shards: 3, 26 to 27 points",
                            "shard 1/3, 27 points", "this task: 54 runs on 1 thread",
                            "--time=", "--mem=", "--cpus-per-task=1"});
  EXPECT_EQ(listDir(work_), std::vector<std::string>{}) << "a dry run wrote something";
}

TEST_F(CliTest, ResumingSaysHowManyPointsWereDone) {
  // Shard 1/2 of the same sweep, killed: its rerun reports the points it kept.
  const fs::path journal = work_ / "s.shard-1-of-2.h5.journal";
  const std::vector<std::string> shard =
      kSweep + std::vector<std::string>{"--out", "s.h5", "--shard", "1/2"};
  const pid_t pid = spawnGrainsim(work_, shard);
  // Kill it once its journal holds a few points.
  while (!(fs::exists(journal) && fs::file_size(journal) > 2000)) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) FAIL() << "the shard ended before the kill";
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  // Without -q, so that the resume message shows.
  std::vector<std::string> loud = shard;
  loud.erase(std::find(loud.begin(), loud.end(), "-q"));
  const Result resumed = run(loud);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  expectContainsAll(resumed.err, {"resuming", "s.shard-1-of-2.h5", "of 40 points done"});
}

TEST_F(CliTest, AnIncompleteSetOfShardsIsNotMerged) {
  const Result shard = run(kSweep + std::vector<std::string>{"--out", "s.h5", "--shard", "0/2"});
  ASSERT_EQ(shard.exit_code, 0) << shard.err;
  const Result merged = run({"merge", "--out", "m.h5", "s.shard-0-of-2.h5"});
  EXPECT_EQ(merged.exit_code, 2);
  expectContainsAll(merged.err, {"shards missing: 1/2"});
  EXPECT_FALSE(fs::exists(work_ / "m.h5"));
  const Result twice = run({"merge", "--out", "m.h5", "s.shard-0-of-2.h5", "s.shard-0-of-2.h5"});
  expectContainsAll(twice.err, {"are both shard 0/2"});
}

TEST_F(CliTest, SweepInputErrorsNameTheOptionTheValueAndTheRule) {
  auto with = [](std::vector<std::string> args, const std::string& option,
                 const std::string& value) {
    auto it = std::find(args.begin(), args.end(), option);
    if (it == args.end()) {
      args.push_back(option);
      args.push_back(value);
    } else {
      *(it + 1) = value;
    }
    return args;
  };
  expectBadInput(with(kSweep, "--design", "halton"), {"halton", "grid, lhs, sobol"});
  expectBadInput(with(kSweep, "--outputs", "price@2031-01-01"),
                 {"--outputs", "price@2031-01-01", "outside the run"});
  expectBadInput(with(kSweep, "--shard", "2/2"), {"--shard", "2/2", "0 <= I < N"});
  expectBadInput(with(kSweep, "--samples", "0"), {"--samples", "0"});
  expectBadInput(kSweep + std::vector<std::string>{"--param", "aid.nonsense=0:1"},
                 {"aid.nonsense"});
  expectBadInput(kSweep + std::vector<std::string>{"--param", "aid.tonnage_scale=1:2"},
                 {"--param aid.tonnage_scale", "named twice"});
  expectBadInput({"sweep", "--outputs", "price@2027-01-15"}, {"--samples"});
  const Result help = run({"sweep", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  expectContainsAll(help.out, {"--design", "--shard", "--outputs", "--on-failure"});
}

TEST_F(CliTest, SensitivityWritesItsFileAndPrintsRankedTables) {
  const Result sweep = run(kSweep + std::vector<std::string>{"--out", "s.h5"});
  ASSERT_EQ(sweep.exit_code, 0) << sweep.err;
  const Result s = run({"sensitivity", "s.h5", "--region", "Pyongyang", "--commodity", "flour",
                        "--resamples", "100"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  expectContainsAll(s.out, {"price@2027-01-15 | region Pyongyang, commodity flour", "rank",
                            "aid.tonnage_scale", "shipments.2a.arrival_date",
                            "tiers.leadership.resale_propensity", "first-order S1 [95%]"});
  EXPECT_EQ(s.out.find("North Hamgyong"), std::string::npos) << "--region filters the tables";
  EXPECT_TRUE(isHdf5(readText(work_ / "s.sensitivity.h5")));
  const Result lhs = run(
      {"sensitivity", "s.h5", "--out", "other.h5", "--region", "Atlantis", "--resamples", "100"});
  EXPECT_EQ(lhs.exit_code, 2);
  expectContainsAll(lhs.err, {"--region 'Atlantis'"});
}

}  // namespace
}  // namespace grainsim::testing

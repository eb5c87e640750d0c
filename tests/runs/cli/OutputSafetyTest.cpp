/// \brief Output files through the executable (issue 16, items 1, 2, 3, 7 and 9): temporary
/// files nobody can hijack, only regular files replaced, a write failure (file-size limit) that
/// ends with exit 1 and the old file intact, dead processes' temporary files removed, and an
/// output that never replaces its own input.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "model/TempFile.hpp"
#include "tests/runs/cli/CliFixture.hpp"

namespace grainsim::testing {
namespace {

class OutputSafetyTest : public CliTest {
 protected:
  /// Runs `script` with sh in work/; `$G` is the executable.
  Result shell(const std::string& script) {
    return runInWork("G=" + shellQuoted(GRAINSIM_EXECUTABLE) + " sh -c " + shellQuoted(script));
  }

  static std::string command(const std::vector<std::string>& args) {
    std::string c = "exec \"$G\"";
    for (const auto& a : args) c.append(" ").append(shellQuoted(a));
    return c;
  }

  /// A finished sweep s.h5 and its two shards in work/ (for merge and sensitivity).
  void makeSweeps() {
    ASSERT_EQ(run(kTinySweep + kTiny + std::vector<std::string>{"--out", "s.h5"}).exit_code, 0);
    for (const char* shard : {"0/2", "1/2"})
      ASSERT_EQ(
          run(kTinySweep + kTiny + std::vector<std::string>{"--out", "sh.h5", "--shard", shard})
              .exit_code,
          0);
  }

  /// A baseline for compare: the default scenario under another name.
  fs::path baseline() { return write("baseline.ini", "# the defaults\n"); }

  /// Every command that writes an HDF5 file, without --out (merge and sensitivity read the
  /// files of makeSweeps()).
  std::vector<std::vector<std::string>> everyWriter() {
    return {std::vector<std::string>{"run"} + kTiny,
            std::vector<std::string>{"forecast", "--replicates", "2", "-q"} + kTiny,
            std::vector<std::string>{"compare", "--baseline", baseline().string(), "--replicates",
                                     "2", "-q"} +
                kTiny,
            kTinySweep + kTiny,
            {"merge", "sh.shard-0-of-2.h5", "sh.shard-1-of-2.h5"},
            {"sensitivity", "s.h5", "--resamples", "40"},
            {"nowcast", "--date", "2026-12-01"}};
  }
};

/// A pid that is certainly not running: a child that has exited and been reaped.
pid_t deadPid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

// --- item 1: temporary files cannot be hijacked ---

TEST_F(OutputSafetyTest, ALinkPlantedAtTheOldTempNameIsNotFollowed) {
  // The old name was <out>.tmp-<pid>, opened with H5F_ACC_TRUNC: exec keeps the shell's pid,
  // so this is the attack that overwrote a file the attacker could not write.
  const fs::path victim = write("victim", "not yours");
  const Result r = shell("ln -s " + shellQuoted(victim.string()) + " out.h5.tmp-$$ && " +
                         command(std::vector<std::string>{"run", "--out", "out.h5", "-q"} + kTiny));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(readText(victim), "not yours");
  EXPECT_TRUE(isHdf5(readText(work_ / "out.h5")));
}

TEST_F(OutputSafetyTest, TempFilesHaveUnpredictableNamesBesideTheOutput) {
  // A link at every name the writer could pick is impossible to plant: the name carries host,
  // pid and six random characters; two writes of the same output pick different names, and
  // a planted link at the prefix alone is ignored.
  const fs::path victim = write("victim", "not yours");
  fs::create_symlink(victim, work_ / (tempPrefixFor("out.h5") + "1-AAAAAA"));
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(
        run(std::vector<std::string>{"run", "--out", "out.h5", "--force", "-q"} + kTiny).exit_code,
        0);
  EXPECT_EQ(readText(victim), "not yours");
}

TEST_F(OutputSafetyTest, ALinkPlantedAsTheSweepJournalIsRefused) {
  const fs::path victim = in_ / "victim";
  fs::create_symlink(victim, work_ / "s.h5.journal");  // dangling: O_CREAT would create victim
  const Result r = run(kTinySweep + kTiny + std::vector<std::string>{"--out", "s.h5"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("s.h5.journal"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("symbolic link"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(victim)) << "the journal was written through the link";
  EXPECT_EQ(listDir(work_), std::vector<std::string>{"s.h5.journal"});
}

TEST_F(OutputSafetyTest, BenchMakesItsOwnScratchFolder) {
  // The old folder was $TMPDIR/grainsim-bench-<pid>: one planted there was used, and emptied.
  const fs::path tmp = dir_.path() / "tmp";
  fs::create_directories(tmp);
  const Result r = shell("mkdir " + shellQuoted((tmp / "grainsim-bench-").string()) +
                         "$$ && echo mine > " + shellQuoted((tmp / "grainsim-bench-").string()) +
                         "$$/keep && TMPDIR=" + shellQuoted(tmp.string()) + " " +
                         command({"bench", "--tiny", "--quiet", "--threads-list", "1"}));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> left = listDir(tmp);
  ASSERT_EQ(left.size(), 2u) << "expected only the planted folder and its file";
  EXPECT_EQ(readText(tmp / left[0] / "keep"), "mine\n");
}

// --- item 2: only regular files are replaced ---

TEST_F(OutputSafetyTest, AFifoOrALinkAtTheOutputIsNotReplaced) {
  makeSweeps();
  ASSERT_EQ(::mkfifo((work_ / "fifo").c_str(), 0600), 0);
  fs::create_symlink(in_ / "victim", work_ / "link");
  // A character device like /dev/null, where the test may make one (as root, as CI runs).
  std::vector<std::string> targets = {"fifo", "link"};
  if (::mknod((work_ / "dev").c_str(), S_IFCHR | 0666, ::makedev(1, 3)) == 0)
    targets.push_back("dev");
  const std::vector<std::vector<std::string>> writers = everyWriter();
  const std::vector<std::string> before = listDir(work_);
  for (const auto& w : writers) {
    for (const std::string& target : targets) {
      const Result r = run(w + std::vector<std::string>{"--out", target, "--force"});
      EXPECT_EQ(r.exit_code, 2) << w[0] << " " << target << ": " << r.err;
      EXPECT_NE(r.err.find(std::string("'") + target + "'"), std::string::npos) << r.err;
      EXPECT_NE(r.err.find("not a regular file; not replaced"), std::string::npos) << r.err;
      EXPECT_EQ(listDir(work_), before) << w[0] << " " << target;
    }
  }
  struct stat st {};
  ASSERT_EQ(::lstat((work_ / "fifo").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_TRUE(fs::is_symlink(work_ / "link"));
  if (targets.size() == 3) {
    ASSERT_EQ(::lstat((work_ / "dev").c_str(), &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
  }
}

// --- item 3: a file-size limit ends cleanly ---

TEST_F(OutputSafetyTest, AFileSizeLimitEndsWithExit1AndTheOldFileIntact) {
  makeSweeps();
  // 16 KiB: every input is read, every output (35 KB and more) is too big.
  const std::vector<std::vector<std::string>> writers = {
      std::vector<std::string>{"run", "--out", "old.h5", "-q"} + kTiny,
      std::vector<std::string>{"forecast", "--replicates", "2", "--out", "old.h5", "-q"} + kTiny,
      kTinySweep + kTiny + std::vector<std::string>{"--out", "old.h5"},
      {"merge", "--out", "old.h5", "sh.shard-0-of-2.h5", "sh.shard-1-of-2.h5"},
      {"sensitivity", "s.h5", "--resamples", "40", "--out", "old.h5"}};
  for (const auto& w : writers) {
    writeText(work_ / "old.h5", "the old file");
    const std::vector<std::string> before = listDir(work_);
    const Result r = shell("ulimit -f 16 && " + command(w + std::vector<std::string>{"--force"}));
    EXPECT_EQ(r.exit_code, 1) << w[0] << " (-1: a signal): " << r.err;
    // forecast and compare may hit the limit in their journal ('old.h5.journal') first.
    for (const char* part : {"write error", "'old.h5", "File too large"})
      EXPECT_NE(r.err.find(part), std::string::npos) << w[0] << ": " << part << ": " << r.err;
    EXPECT_EQ(readText(work_ / "old.h5"), "the old file") << w[0];
    // The sweep, forecast and compare keep their journal: a rerun resumes from it.
    if (w[0] == "sweep") {
      EXPECT_TRUE(fs::exists(work_ / "old.h5.journal")) << w[0];
    }
    fs::remove(work_ / "old.h5.journal");
    EXPECT_EQ(listDir(work_), before) << w[0] << " left a file behind";
  }
}

// --- item 7: temporary files of dead processes ---

TEST_F(OutputSafetyTest, TempFilesOfDeadProcessesAreRemovedOthersKept) {
  const std::string prefix = tempPrefixFor("out.h5");
  const std::string dead = prefix + std::to_string(deadPid()) + "-Ab3dEf";
  const std::string live = prefix + std::to_string(::getpid()) + "-Ab3dEf";
  const std::string other_host =
      "out.h5.tmp-elsewhere.invalid-" + std::to_string(deadPid()) + "-Ab3dEf";
  const std::string other_output =
      tempPrefixFor("other.h5") + std::to_string(deadPid()) + "-Ab3dEf";
  const std::string not_ours = prefix + std::to_string(deadPid()) + "-not-a-temp";
  for (const auto& name : {dead, live, other_host, other_output, not_ours})
    writeText(work_ / name, "left over");

  const Result r = run(std::vector<std::string>{"run", "--out", "out.h5", "-q"} + kTiny);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(work_ / dead));
  EXPECT_NE(r.err.find("removed 1 temporary file(s) left by processes that died while writing: '" +
                       dead + "'"),
            std::string::npos)
      << r.err;
  for (const auto& kept : {live, other_host, other_output, not_ours})
    EXPECT_TRUE(fs::exists(work_ / kept)) << kept;
}

// --- item 9: an output never replaces its own input; --out "" is refused at once ---

TEST_F(OutputSafetyTest, ForceDoesNotLetTheOutputReplaceItsInput) {
  makeSweeps();
  const fs::path scenario = write("x.ini", "[tables]\nregions = tables/regions.csv\n");
  const std::string regions = (in_ / "tables" / "regions.csv").string();
  const std::string ini_bytes = readText(scenario), table_bytes = readText(regions);
  const std::vector<std::string> before = listDir(work_);
  const auto refused = [&](const std::vector<std::string>& args, const std::string& input) {
    const Result r = run(args + std::vector<std::string>{"--force"});
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find("is the input '"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(fs::path(input).filename().string() + "'; an output never replaces"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(listDir(work_), before);
  };
  for (const auto& [out, input] : std::vector<std::pair<std::string, std::string>>{
           {scenario.string(), scenario.string()}, {regions, regions}}) {
    refused(std::vector<std::string>{"run", "--scenario", scenario.string(), "--out", out} + kTiny,
            input);
    refused(std::vector<std::string>{"forecast", "--scenario", scenario.string(), "--replicates",
                                     "2", "--out", out} +
                kTiny,
            input);
    refused(std::vector<std::string>{"compare", "--baseline", scenario.string(), "--replicates",
                                     "2", "--out", out} +
                kTiny,
            input);
    refused(kTinySweep + kTiny +
                std::vector<std::string>{"--scenario", scenario.string(), "--out", out},
            input);
  }
  EXPECT_EQ(readText(scenario), ini_bytes);
  EXPECT_EQ(readText(regions), table_bytes);

  const std::string shard0 = readText(work_ / "sh.shard-0-of-2.h5");
  refused({"merge", "--out", "sh.shard-0-of-2.h5", "sh.shard-0-of-2.h5", "sh.shard-1-of-2.h5"},
          "sh.shard-0-of-2.h5");
  EXPECT_EQ(readText(work_ / "sh.shard-0-of-2.h5"), shard0);
  const std::string sweep = readText(work_ / "s.h5");
  refused({"sensitivity", "s.h5", "--resamples", "40", "--out", "./s.h5"}, "s.h5");
  EXPECT_EQ(readText(work_ / "s.h5"), sweep);
}

TEST_F(OutputSafetyTest, AnEmptyOutIsRefusedBeforeAnythingRuns) {
  makeSweeps();
  const std::vector<std::string> before = listDir(work_);
  std::vector<std::vector<std::string>> writers = everyWriter();
  writers.push_back({"validate"});
  for (const auto& w : writers) {
    const Result r = run(w + std::vector<std::string>{"--out", ""});
    EXPECT_EQ(r.exit_code, 2) << w[0] << ": " << r.err;
    EXPECT_NE(r.err.find("the output path is empty"), std::string::npos) << w[0] << ": " << r.err;
    EXPECT_EQ(r.out, "") << w[0] << " ran before refusing";
    EXPECT_EQ(listDir(work_), before) << w[0];
  }
}

}  // namespace
}  // namespace grainsim::testing

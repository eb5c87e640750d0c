/// \brief The kill campaign (issue 16, docs/RELIABILITY.md): `run`, `forecast`, `compare` and
/// `sweep`, each killed with SIGKILL at times spread over its uninterrupted run, 52 kills in
/// all. After every kill the output path holds the previous result untouched (or, if the kill
/// came after the rename, the finished file), never a damaged one; the same command run again
/// then writes exactly the file the uninterrupted run wrote (resuming from its journal where
/// there is one) and leaves nothing else behind.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <regex>
#include <thread>

#include "tests/runs/cli/CliFixture.hpp"

namespace grainsim::testing {
namespace {

using Args = std::vector<std::string>;
using Clock = std::chrono::steady_clock;

const Args kForecastLike = {"--set",        "population.agent_weight=3000",
                            "--set",        "run.spinup_days=0",
                            "--set",        "run.end_date=2027-01-10",
                            "--set",        "income.coping_share=uniform(0.05, 0.2)",
                            "--replicates", "12",
                            "--threads",    "2"};

const Args kSweep = {"sweep",
                     "--design",
                     "lhs",
                     "--samples",
                     "24",
                     "--param",
                     "aid.tonnage_scale=0:2",
                     "--outputs",
                     "price@2027-01-05",
                     "--set",
                     "population.agent_weight=4000",
                     "--set",
                     "run.spinup_days=0",
                     "--set",
                     "run.end_date=2027-01-05",
                     "--threads",
                     "2"};

const Args kRun = {
    "run", "--set",  "population.agent_weight=400", "--set", "run.spinup_days=0", "--threads", "2",
    "-q",  "--force"};

/// Every dataset and attribute of an HDF5 file as h5dump prints them, less the time in the
/// `history` attribute (the one thing two runs of the same command write differently);
/// any other file as it is.
std::string contents(const fs::path& path) {
  const std::string text = readText(path);
  if (!isHdf5(text)) return text;
  std::FILE* pipe = ::popen(("h5dump " + shellQuoted(path.string())).c_str(), "r");
  std::string dump;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) dump.append(buf, n);
  EXPECT_EQ(::pclose(pipe), 0) << "h5dump " << path;
  static const std::regex time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  return std::regex_replace(dump, time, "<time>");
}

class KillCampaign : public CliTest {
 protected:
  /// Starts grainsim with `args` in work/ and returns its pid (stdout and stderr discarded).
  pid_t start(const Args& args) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (::chdir(work_.c_str()) != 0) ::_exit(127);
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
      std::vector<char*> argv;
      std::string exe = GRAINSIM_EXECUTABLE;
      argv.push_back(exe.data());
      Args copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(exe.c_str(), argv.data());
      ::_exit(127);
    }
    return pid;
  }

  static int waitFor(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
  }

  /// Runs `args` to the end; returns its wall time.
  double runToEnd(const Args& args) {
    const auto t0 = Clock::now();
    const int status = waitFor(start(args));
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
    return std::chrono::duration<double>(Clock::now() - t0).count();
  }

  /// `kills` trials of: start, SIGKILL after a delay spread evenly over 0..1x the
  /// uninterrupted time, check the output path, run again, compare with the uninterrupted
  /// run's file. `out` is the file the command writes, as named in `args`. Not resumable
  /// (`run`, with --force): an earlier result sits at `out` during every trial and must
  /// survive a kill before the rename. Resumable: the output starts absent (--force would
  /// drop the journal), must stay absent after such a kill, and some reruns must say they
  /// resumed. A kill after the rename must leave the finished file.
  void campaign(const Args& args, const std::string& out, int kills, bool resumable) {
    const double seconds = runToEnd(args);
    ASSERT_TRUE(fs::exists(work_ / out));
    const std::string reference = contents(work_ / out);
    const std::string old = "an earlier result that must survive every kill\n";
    int interrupted = 0, resumed = 0;
    for (int k = 0; k < kills; ++k) {
      SCOPED_TRACE("kill " + std::to_string(k + 1) + " of " + std::to_string(kills));
      if (resumable)
        fs::remove(work_ / out);
      else
        writeText(work_ / out, old);
      const pid_t pid = start(args);
      std::this_thread::sleep_for(std::chrono::duration<double>(seconds * k / kills));
      ::kill(pid, SIGKILL);
      const int status = waitFor(pid);
      if (WIFEXITED(status)) {
        EXPECT_EQ(WEXITSTATUS(status), 0);
        EXPECT_TRUE(contents(work_ / out) == reference) << "a finished run wrote another file";
        continue;
      }
      // Killed after the rename (while removing its journal or exiting: slow under ASan):
      // the output is the finished file, and nothing else may be left but the journal.
      const bool renamed = resumable ? fs::exists(work_ / out) : readText(work_ / out) != old;
      if (renamed) {
        EXPECT_TRUE(contents(work_ / out) == reference)
            << "a killed run left a damaged file at the output path";
        fs::remove(work_ / (out + ".journal"));
        EXPECT_EQ(listDir(work_), std::vector<std::string>{out}) << "left behind by the kill";
        continue;
      }
      ++interrupted;
      const Result again = run(args);
      ASSERT_EQ(again.exit_code, 0) << again.err;
      if (again.err.find("resum") != std::string::npos) ++resumed;
      EXPECT_TRUE(contents(work_ / out) == reference)
          << "the run after the kill wrote another file than the uninterrupted run";
      EXPECT_EQ(listDir(work_), std::vector<std::string>{out}) << "left behind after the rerun";
    }
    std::cout << interrupted << " of " << kills << " kills landed before the rename, " << resumed
              << " reruns resumed from a journal\n";
    // A third of the kills at least must land mid-run, or the campaign tests nothing.
    EXPECT_GE(interrupted, kills / 3) << interrupted << " of " << kills << " kills interrupted";
    if (resumable) {
      EXPECT_GE(resumed, 1) << "no rerun resumed from a journal";
    }
  }
};

TEST_F(KillCampaign, RunKilledTenTimes) {
  campaign(kRun + Args{"--out", "run.h5"}, "run.h5", 10, false);
}

TEST_F(KillCampaign, ForecastKilledFourteenTimesResumesBitForBit) {
  campaign(Args{"forecast", "--out", "forecast.h5"} + kForecastLike, "forecast.h5", 14, true);
}

TEST_F(KillCampaign, CompareKilledFourteenTimesResumesBitForBit) {
  campaign(Args{"compare", "--out", "compare.h5"} + kForecastLike, "compare.h5", 14, true);
}

TEST_F(KillCampaign, SweepKilledFourteenTimesResumesBitForBit) {
  campaign(kSweep + Args{"--out", "sweep.h5"}, "sweep.h5", 14, true);
}

}  // namespace
}  // namespace grainsim::testing

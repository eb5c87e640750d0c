/// \brief `grainsim forecast` and `grainsim compare` killed with SIGKILL partway: the same
/// command run again resumes from the journal and writes what the uninterrupted run wrote;
/// a journal of another run is refused, or discarded with --force.
#include <gtest/gtest.h>

#include "tests/runs/cli/CliFixture.hpp"
#include "tests/runs/cli/Hdf5Contents.hpp"
#include "tests/runs/cli/SpawnGrainsim.hpp"

namespace grainsim::testing {
namespace {

using Args = std::vector<std::string>;

/// A short winter at 1:4000 with one prior, on one thread so that a kill lands partway.
const Args kEnsemble = {"--set",     "population.agent_weight=4000",
                        "--set",     "run.spinup_days=0",
                        "--set",     "run.end_date=2027-01-15",
                        "--set",     "income.coping_share=uniform(0.05, 0.2)",
                        "--threads", "1",
                        "--out",     "f.h5"};

/// A journal's record of one replicate of one arm is about 255 kB here: kill after a few.
constexpr std::uintmax_t kFewReplicates = 1'000'000;

class EnsembleResumeTest : public CliTest {
 protected:
  /// Runs `args` uninterrupted, then killed partway and run again; the two files must say the
  /// same, every dataset and attribute (command line included), bit for bit.
  void expectResumedLikeUninterrupted(const Args& args, const std::string& replicates) {
    const Result whole = run(args);
    ASSERT_EQ(whole.exit_code, 0) << whole.err;
    fs::create_directories(dir_.path() / "whole");
    fs::rename(work_ / "f.h5", dir_.path() / "whole" / "f.h5");

    const fs::path journal = work_ / "f.h5.journal";
    ASSERT_TRUE(killOnceGrown(work_, args + Args{"-q"}, journal, kFewReplicates))
        << "the run ended before it could be killed";
    ASSERT_FALSE(fs::exists(work_ / "f.h5")) << "a killed run must not leave its file";
    // As if the kill had also torn the record being written.
    fs::resize_file(journal, fs::file_size(journal) - 100);

    const Result resumed = run(args);  // as typed before the kill, not quiet: it tells
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    expectContainsAll(resumed.err, {"resuming f.h5: ", " of " + replicates + " replicates done",
                                    "(an unfinished record was dropped)"});
    EXPECT_FALSE(fs::exists(journal)) << "the journal outlived its finished file";

    const auto expected = hdf5Contents(dir_.path() / "whole" / "f.h5");
    const auto actual = hdf5Contents(work_ / "f.h5");
    ASSERT_TRUE(expected.count("/price_mean") && expected.count("/@command_line"));
    EXPECT_EQ(actual.size(), expected.size());
    for (const auto& [name, contents] : expected) {
      ASSERT_TRUE(actual.count(name)) << name << " is missing from the resumed file";
      EXPECT_TRUE(actual.at(name) == contents) << name << " differs in the resumed file";
    }
  }
};

TEST_F(EnsembleResumeTest, AForecastKilledPartwayResumesToTheUninterruptedFile) {
  // --keep-replicates: the replayed replicates' trajectories must be written too.
  expectResumedLikeUninterrupted(
      Args{"forecast", "--replicates", "40", "--keep-replicates"} + kEnsemble, "40");
  EXPECT_TRUE(hdf5Contents(work_ / "f.h5").count("/price_replicates"));
}

TEST_F(EnsembleResumeTest, AComparisonKilledPartwayResumesToTheUninterruptedFile) {
  expectResumedLikeUninterrupted(Args{"compare", "--replicates", "20"} + kEnsemble, "20");
}

TEST_F(EnsembleResumeTest, AJournalOfAnotherRunIsRefusedUnlessForced) {
  // A journal left by a forecast with another seed.
  ASSERT_TRUE(killOnceGrown(work_,
                            Args{"forecast", "--replicates", "40", "--seed", "7"} + kEnsemble,
                            work_ / "f.h5.journal", kFewReplicates));
  const std::string other = readText(work_ / "f.h5.journal");
  for (const auto& name : listDir(work_))
    if (name != "f.h5.journal") fs::remove(work_ / name);  // what the kill left besides

  const Args forecast = Args{"forecast", "--replicates", "40"} + kEnsemble;
  const Result refused = run(forecast);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  expectContainsAll(refused.err, {"f.h5.journal", "belongs to another forecast or comparison",
                                  "seed", "--force"});
  EXPECT_EQ(readText(work_ / "f.h5.journal"), other) << "a refused run changed the journal";
  EXPECT_EQ(listDir(work_), std::vector<std::string>{"f.h5.journal"});

  const Result forced = run(forecast + Args{"--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(forced.err.find("resuming"), std::string::npos) << forced.err;
  EXPECT_EQ(listDir(work_), std::vector<std::string>{"f.h5"});
}

}  // namespace
}  // namespace grainsim::testing

/// \brief The grainsim executable: help, exit codes, bad-input messages, overwrite rules, docs.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "model/ScenarioLoader.hpp"
#include "model/Version.hpp"
#include "tests/runs/cli/CliFixture.hpp"

namespace {

namespace fs = std::filesystem;

using namespace grainsim::testing;

// --- help and commands ---

TEST_F(CliTest, TopLevelHelp) {
  for (const char* flag : {"--help", "-h"}) {
    const Result r = run({flag});
    EXPECT_EQ(r.exit_code, 0) << flag;
    EXPECT_NE(r.out.find("usage: grainsim <command> [options]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  run "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  describe "), std::string::npos) << r.out;
  }
}

TEST_F(CliTest, NoCommandPrintsUsageAndExits2) {
  const Result r = run({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("usage: grainsim <command> [options]"), std::string::npos) << r.out;
}

TEST_F(CliTest, RunHelp) {
  const Result r = run({"run", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* part : {"grainsim run [options]", "--scenario", "--set", "--seed", "--threads",
                           "--out", "--force", "--quiet"})
    EXPECT_NE(r.out.find(part), std::string::npos) << part << " not in: " << r.out;
  EXPECT_EQ(listDir(work_), std::vector<std::string>{}) << "--help must not run";
}

TEST_F(CliTest, DescribeHelp) {
  const Result r = run({"describe", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* part : {"grainsim describe [options]", "--outputs", "--markdown", "--ini"})
    EXPECT_NE(r.out.find(part), std::string::npos) << part << " not in: " << r.out;
}

TEST_F(CliTest, UnknownCommandExits2) {
  const Result r = run({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage: grainsim"), std::string::npos) << r.err;
}

TEST_F(CliTest, MisspeltCommandsAndOptionsNameTheNearestOne) {
  expectBadInput({"forcast"}, {"unknown command 'forcast' (did you mean 'forecast'?)"});
  expectBadInput({"run", "--sede", "3"}, {"'--sede' (did you mean '--seed'?)"});
  expectBadInput({"forecast", "--treads", "1"}, {"did you mean '--threads'?"});
  // Nothing close: the message without a guess.
  const Result far = run({"run", "--xyzzy-plugh"});
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_EQ(far.err.find("did you mean"), std::string::npos) << far.err;
}

TEST_F(CliTest, VersionAndHelpForACommand) {
  for (const char* flag : {"--version", "-V", "version"}) {
    const Result r = run({flag});
    EXPECT_EQ(r.exit_code, 0) << flag << ": " << r.err;
    EXPECT_EQ(r.out, "grainsim " + std::string(grainsim::codeVersion()) + "\n") << flag;
  }
  const Result help = run({"help", "compare"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  EXPECT_EQ(help.out, run({"compare", "--help"}).out);
  EXPECT_NE(help.out.find("grainsim compare [options]"), std::string::npos) << help.out;
  expectBadInput({"help", "frobnicate"}, {"unknown command 'frobnicate'"});
  // Defaults read as typed, not as the nearest binary double.
  for (const char* command : {"run", "forecast", "compare", "sweep", "sensitivity", "calibrate",
                              "backtest", "bench", "describe", "validate", "merge", "nowcast"}) {
    const Result r = run({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command << ": " << r.err;
    EXPECT_EQ(r.out.find("9999999"), std::string::npos) << command << ": " << r.out;
    EXPECT_EQ(r.out.find("0000001"), std::string::npos) << command << ": " << r.out;
  }
}

TEST_F(CliTest, OutDashIsRefusedAndNoFileNamedDashAppears) {
  expectBadInput({"run", "--set", "population.agent_weight=2000", "--out", "-"},
                 {"\"-\"", "standard output", "give a file name"});
  expectBadInput({"nowcast", "--date", "2025-06-01", "--out", "-"}, {"\"-\"", "standard output"});
  EXPECT_EQ(listDir(work_), std::vector<std::string>{});
}

TEST_F(CliTest, RunShowsProgressWhenAskedAndNotInLogsByDefault) {
  expectBadInput({"run", "--progress", "sometimes"}, {"--progress 'sometimes'", "auto, on or off"});
  const std::vector<std::string> tiny{"run", "--set", "population.agent_weight=2000", "--quiet"};
  const Result quiet = run(tiny + std::vector<std::string>{"--out", "a.h5"});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");  // stderr is not a terminal here: auto shows nothing
  const Result shown = run(tiny + std::vector<std::string>{"--out", "b.h5", "--progress", "on"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const grainsim::Scenario s = grainsim::loadScenario(std::nullopt, {});
  const std::string days = std::to_string(s.days());
  EXPECT_NE(shown.err.find("days: " + days + "/" + days + " done in "), std::string::npos)
      << shown.err;
  // Away from a terminal, a line each tenth of the way and the last: at most eleven.
  const auto lines = std::count(shown.err.begin(), shown.err.end(), '\n');
  EXPECT_GE(lines, 2) << shown.err;
  EXPECT_LE(lines, 11) << shown.err;
}

TEST_F(CliTest, StrayArgumentIsRefusedNotIgnored) {
  // Issue 16, item 4: these ran the default scenario and exited 0.
  expectBadInput({"run", "runs/no-aid.ini"},
                 {"unexpected argument 'runs/no-aid.ini'", "--scenario"});
  expectBadInput({"forecast", "--replicates", "2", "extra"}, {"unexpected argument 'extra'"});
  expectBadInput({"sweep", "--samples", "2", "--outputs", "price@2026-12-05", "W"},
                 {"unexpected argument 'W'"});
  expectBadInput({"calibrate", "--out", "fit.ini", "stray"}, {"unexpected argument 'stray'"});
}

TEST_F(CliTest, UnknownRunOptionExits2) {
  expectBadInput({"run", "--frobnicate"}, {"frobnicate"});
}

// --- bad input: exit 2, a message naming file/key/value, no output ---

TEST_F(CliTest, UnknownKeyInScenarioFile) {
  const fs::path ini = write("bad.ini", "[market]\nadjustment_sped = 0.3\n");
  expectBadInput(
      std::vector<std::string>{"run", "--scenario", ini.string(), "--out", "out.h5"} + kTiny,
      {ini.string(), "market.adjustment_sped", "'0.3'"});
}

TEST_F(CliTest, MalformedNumberViaSet) {
  expectBadInput(std::vector<std::string>{"run", "--set", "market.adjustment_speed=abc"} + kTiny,
                 {"--set", "market.adjustment_speed", "'abc'"});
}

TEST_F(CliTest, NanViaSet) {
  expectBadInput(std::vector<std::string>{"run", "--set", "market.adjustment_speed=nan"} + kTiny,
                 {"--set", "market.adjustment_speed", "'nan'"});
}

TEST_F(CliTest, NegativeTonnageInShipmentsCsv) {
  const fs::path csv =
      editTable("shipments.csv", ",Rajin port,flour,11000,", ",Rajin port,flour,-11000,");
  const fs::path ini = write("neg.ini", "[tables]\nshipments = tables/shipments.csv\n");
  expectBadInput(std::vector<std::string>{"run", "--scenario", ini.string()} + kTiny,
                 {csv.string(), "row 2", "column 'tonnes'", "'-11000'"});
}

TEST_F(CliTest, AllocationSharesNotSummingToOne) {
  expectBadInput(std::vector<std::string>{"run", "--set", "allocation.elite_share=0.9"} + kTiny,
                 {"--set", "allocation.elite_share", "1.1"});
}

TEST_F(CliTest, UnknownRegionInEntryPoints) {
  const fs::path csv = editTable("entry_points.csv", "Rajin port,Rason,", "Rajin port,Atlantis,");
  const fs::path ini = write("atlantis.ini", "[tables]\nentry_points = tables/entry_points.csv\n");
  expectBadInput(std::vector<std::string>{"run", "--scenario", ini.string()} + kTiny,
                 {csv.string(), "row 1", "column 'region'", "'Atlantis'"});
}

TEST_F(CliTest, MissingScenarioFile) {
  const fs::path missing = in_ / "nope.ini";
  expectBadInput(std::vector<std::string>{"run", "--scenario", missing.string()} + kTiny,
                 {missing.string(), "does not exist"});
}

TEST_F(CliTest, StartAfterEndViaSet) {
  // No tiny end date here: it would be the one the message names. Nothing runs either way.
  expectBadInput({"run", "--set", "run.start_date=2027-04-01", "--set",
                  "population.agent_weight=2000", "--set", "run.spinup_days=0"},
                 {"--set", "run.start_date", "2027-04-01"});
}

TEST_F(CliTest, OutputInMissingDirectory) {
  const fs::path missing = work_ / "missing";
  expectBadInput(std::vector<std::string>{"run", "--out", (missing / "out.h5").string()} + kTiny,
                 {missing.string()});
  EXPECT_FALSE(fs::exists(missing));
}

TEST_F(CliTest, NegativeThreads) {
  expectBadInput(std::vector<std::string>{"run", "--threads", "-1"} + kTiny, {"--threads", "-1"});
}

// --- output files ---

TEST_F(CliTest, ExistingOutputIsKeptWithoutForceAndReplacedWithForce) {
  const fs::path out = work_ / "out.h5";
  writeText(out, "precious bytes");

  const Result kept = run(std::vector<std::string>{"run", "--out", "out.h5"} + kTiny);
  EXPECT_EQ(kept.exit_code, 2) << kept.err;
  EXPECT_NE(kept.err.find("out.h5"), std::string::npos) << kept.err;
  EXPECT_NE(kept.err.find("--force"), std::string::npos) << kept.err;
  EXPECT_EQ(kept.out, "") << "no summary when nothing was run";
  EXPECT_EQ(readText(out), "precious bytes");
  EXPECT_EQ(listDir(work_), std::vector<std::string>{"out.h5"});

  const Result replaced =
      run(std::vector<std::string>{"run", "--out", "out.h5", "--force", "-q"} + kTiny);
  EXPECT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_TRUE(isHdf5(readText(out))) << "out.h5 was not replaced by an HDF5 file";
  EXPECT_EQ(listDir(work_), std::vector<std::string>{"out.h5"}) << "a *.tmp-* file was left";
}

TEST_F(CliTest, TinyRunWritesFileAndSummary) {
  const Result r = run(std::vector<std::string>{"run", "--out", "run.h5"} + kTiny);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Ten days hold one of the four shipments: the other three are named, at load and after the
  // summary, never dropped without a word.
  for (const char* shipment : {"'1b'", "'2a'", "'2b'"}) {
    const std::string line = "warning: shipment " + std::string(shipment);
    EXPECT_NE(r.err.find("grainsim run: " + line), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("  " + line), std::string::npos) << r.out;
  }
  EXPECT_EQ(r.err.find("'1a'"), std::string::npos) << r.err;
  EXPECT_EQ(listDir(work_), std::vector<std::string>{"run.h5"});
  EXPECT_TRUE(isHdf5(readText(work_ / "run.h5")));
  EXPECT_NE(r.out.find("Market prices, KPW/kg (2026-12-01, 2026-12-10)"), std::string::npos)
      << r.out;
  for (const auto& region : kDefaultRegions)
    EXPECT_NE(r.out.find("\n" + region + " "), std::string::npos) << region << " not in:\n"
                                                                  << r.out;
  EXPECT_NE(r.out.find("Scenario 'dprk-2026-winter', seed 1: 10 days, written to run.h5"),
            std::string::npos)
      << r.out;
}

TEST_F(CliTest, QuietRunNamedAfterScenarioWithSeed) {
  const fs::path ini = kSourceDir / "runs" / "no-aid.ini";
  const Result r = run(std::vector<std::string>{"run", "--scenario", ini.string(), "--seed", "7",
                                                "--threads", "1", "-q"} +
                       kTiny);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "") << "-q prints no summary";
  EXPECT_EQ(listDir(work_), std::vector<std::string>{"no-aid.h5"});
  EXPECT_TRUE(isHdf5(readText(work_ / "no-aid.h5")));
}

// --- generated documents ---

TEST_F(CliTest, DescribeMarkdownIsParametersDoc) {
  const Result r = run({"describe", "--markdown"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("| `market.adjustment_speed` | 0.0134 |"), std::string::npos) << r.out;
  EXPECT_EQ(r.out, readText(kSourceDir / "docs" / "PARAMETERS.md"))
      << "docs/PARAMETERS.md is out of date; run scripts/regenerate-docs.sh";
}

TEST_F(CliTest, DescribeOutputsMarkdownIsOutputsDoc) {
  const Result r = run({"describe", "--outputs", "--markdown"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("| `price` |"), std::string::npos) << r.out;
  EXPECT_EQ(r.out, readText(kSourceDir / "docs" / "OUTPUTS.md"))
      << "docs/OUTPUTS.md is out of date; run scripts/regenerate-docs.sh";
}

TEST_F(CliTest, DescribeIniIsDefaultScenarioFile) {
  const Result r = run({"describe", "--ini"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\n[market]\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out, readText(kSourceDir / "runs" / "dprk-2026-winter.ini"))
      << "runs/dprk-2026-winter.ini is out of date; run scripts/regenerate-docs.sh";
}

TEST_F(CliTest, DescribeTextListsDefaults) {
  const Result r = run({"describe"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("market.adjustment_speed = 0.0134  [1/day]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tables.shipments = (empty)  [path]"), std::string::npos) << r.out;
}

}  // namespace

/// \brief grainsim calibrate, backtest and nowcast through the executable: bad input, outputs
/// that run, forecast and sweep accept, and a killed calibration resumed to the same result.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/runs/cli/CliFixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace grainsim::testing;

/// A one-parameter calibration of the 2023-25 long run at 1:2000, a few evaluations.
std::vector<std::string> smallCalibration(const fs::path& out) {
  return {"calibrate",
          "--scenario",
          (kSourceDir / "runs/dprk-2023-2025.ini").string(),
          "--set",
          "population.agent_weight=2000",
          "--param",
          "exchange.domestic_passthrough=0:1",
          "--global-evaluations",
          "12",
          "--local-evaluations",
          "8",
          "--data",
          (kSourceDir / "calibration/data").string(),
          "--out",
          out.string(),
          "--quiet"};
}

/// The INI's settings without its comment lines (whose first names the command line).
std::string settingsOf(const fs::path& ini) {
  std::istringstream in(readText(ini));
  std::string kept;
  for (std::string line; std::getline(in, line);)
    if (line.empty() || line[0] != '#') kept += line + "\n";
  return kept;
}

TEST_F(CliTest, CalibrateRejectsBadInput) {
  const std::string scenario = (kSourceDir / "runs/dprk-2023-2025.ini").string();
  expectBadInput({"calibrate", "--scenario", scenario, "--param", "exchange.domestic_passthrough",
                  "--out", "fit.ini"},
                 {"--param", "KEY=LO:HI"});
  expectBadInput(
      {"calibrate", "--scenario", scenario, "--param", "no.such_key=0:1", "--out", "fit.ini"},
      {"no.such_key"});
  expectBadInput({"calibrate", "--scenario", scenario, "--param",
                  "exchange.domestic_passthrough=0:2", "--out", "fit.ini"},
                 {"exchange.domestic_passthrough", "2"});
  expectBadInput({"calibrate", "--scenario", scenario, "--param",
                  "exchange.domestic_passthrough=0:1", "--out", "fit.txt"},
                 {"--out", "fit.txt", ".ini"});
  expectBadInput(
      {"calibrate", "--scenario", scenario, "--param", "exchange.domestic_passthrough=0:1",
       "--train-until", "2024-13-01", "--out", "fit.ini"},
      {"--train-until", "2024-13-01"});
  expectBadInput({"calibrate", "--scenario", scenario, "--param",
                  "exchange.domestic_passthrough=0:1", "--grades", "A=0", "--out", "fit.ini"},
                 {"--grades", "A=0"});
  // A folder that does not exist fails at once, not after the fit.
  expectBadInput({"calibrate", "--scenario", scenario, "--param",
                  "exchange.domestic_passthrough=0:1", "--out", "no/such/folder/fit.ini"},
                 {"no/such/folder"});
  // No observation left: named, with the dates.
  expectBadInput(
      {"calibrate", "--scenario", scenario, "--param", "exchange.domestic_passthrough=0:1",
       "--train-until", "2023-01-20", "--out", "fit.ini"},
      {"prices.csv", "no observation", "2023-01-20"});
}

TEST_F(CliTest, CalibratedScenarioAndPosteriorRunAndForecast) {
  const fs::path fit = work_ / "fit.ini";
  const Result r = run(smallCalibration(fit));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* file : {"fit.ini", "fit-posterior.ini", "fit-report.h5"})
    EXPECT_TRUE(fs::is_regular_file(work_ / file)) << file;
  EXPECT_FALSE(fs::exists(work_ / "fit.journal")) << "the journal of a finished fit is removed";
  // The fitted value is written into the exchange section, and the scenario runs.
  EXPECT_NE(settingsOf(fit).find("domestic_passthrough = "), std::string::npos) << settingsOf(fit);
  EXPECT_EQ(run({"run", "--scenario", fit.string(), "--set", "population.agent_weight=2000",
                 "--set", "run.end_date=2023-02-01", "--out", "fitted.h5", "-q"})
                .exit_code,
            0);
  // The posterior is a prior forecast draws from.
  EXPECT_NE(readText(work_ / "fit-posterior.ini").find("domestic_passthrough = normal("),
            std::string::npos);
  const Result f = run({"forecast", "--scenario", (work_ / "fit-posterior.ini").string(), "--set",
                        "population.agent_weight=2000", "--set", "run.end_date=2023-02-01",
                        "--replicates", "3", "--out", "posterior-forecast.h5", "-q"});
  EXPECT_EQ(f.exit_code, 0) << f.err;
  // Outputs are not replaced without --force.
  const Result again = run(smallCalibration(fit));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("exists"), std::string::npos) << again.err;
}

TEST_F(CliTest, KilledCalibrationResumesToTheSameFit) {
  const Result whole = run(smallCalibration(work_ / "whole.ini"));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;

  // Killed once its journal holds a few evaluations, then run again.
  std::string cmd =
      "cd " + shellQuoted(work_.string()) + " && (" + shellQuoted(GRAINSIM_EXECUTABLE);
  for (const auto& a : smallCalibration(work_ / "resumed.ini"))
    cmd.append(" ").append(shellQuoted(a));
  cmd +=
      " >/dev/null 2>&1 & pid=$!; for i in $(seq 600); do "
      "[ -f resumed.journal ] && [ $(wc -l < resumed.journal) -ge 6 ] && break; sleep 0.05; "
      "done; kill -9 $pid; wait $pid) 2>/dev/null";
  std::system(cmd.c_str());
  ASSERT_TRUE(fs::exists(work_ / "resumed.journal")) << "killed before its first evaluation";
  ASSERT_FALSE(fs::exists(work_ / "resumed.ini")) << "killed after it finished";
  auto args = smallCalibration(work_ / "resumed.ini");
  args.pop_back();  // not --quiet: it says what it replays
  const Result resumed = run(args);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("evaluations replayed"), std::string::npos) << resumed.err;
  EXPECT_EQ(settingsOf(work_ / "resumed.ini"), settingsOf(work_ / "whole.ini"));
  EXPECT_EQ(settingsOf(work_ / "resumed-posterior.ini"), settingsOf(work_ / "whole-posterior.ini"));
}

TEST_F(CliTest, JournalOfAnotherCalibrationIsRefused) {
  writeText(work_ / "fit.journal", "# grainsim calibration journal v1 0123456789abcdef\n");
  const Result r = run(smallCalibration(work_ / "fit.ini"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("fit.journal"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("another calibration"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(work_ / "fit.ini"));
}

TEST_F(CliTest, BacktestWritesScoresAndTables) {
  const std::vector<std::string> base = {"backtest",
                                         "--scenario",
                                         (kSourceDir / "runs/dprk-2023-2025.ini").string(),
                                         "--set",
                                         "population.agent_weight=2000",
                                         "--data",
                                         (kSourceDir / "calibration/data").string(),
                                         "--first-origin",
                                         "2024-12-01",
                                         "--last-origin",
                                         "2025-01-01",
                                         "--replicates",
                                         "3"};
  expectBadInput(base + std::vector<std::string>{"--out", "bt.h5"}, {"--train-until"});
  expectBadInput(base + std::vector<std::string>{"--train-until", "2024-12-31", "--horizons", "4,2",
                                                 "--out", "bt.h5"},
                 {"--horizons", "4,2"});
  const Result r =
      run(base + std::vector<std::string>{"--train-until", "2024-12-31", "--horizons", "2,4",
                                          "--out", "bt.h5", "--markdown", "bt.md"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(work_ / "bt.h5"));
  const std::string md = readText(work_ / "bt.md");
  for (const char* part : {"model, conditional", "model, unconditional", "last KPW price",
                           "last USD price x FX (observed FX)", "seasonal naive", "Test period"})
    EXPECT_NE(md.find(part), std::string::npos) << part;
}

TEST_F(CliTest, NowcastCarriesTheLastPricesToItsDate) {
  const Result r =
      run({"nowcast", "--scenario", (kSourceDir / "runs/dprk-2023-2025.ini").string(), "--data",
           (kSourceDir / "calibration/data").string(), "--date", "2025-07-05", "--out", "now.csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Observed on the day itself: Pyongyang rice 13,500 KPW/kg (prices.csv), unchanged.
  EXPECT_NE(readText(work_ / "now.csv").find("2025-07-05,Pyongyang,rice,13500\n"),
            std::string::npos)
      << readText(work_ / "now.csv");
}

}  // namespace

/// \brief `grainsim forecast` and `grainsim compare`: files, headline, reproducibility across
/// thread counts, replicate identity with `run --replicate`, failure policy and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "model/OutputDictionary.hpp"
#include "runs/output/EnsembleFile.hpp"
#include "runs/output/OutputFile.hpp"
#include "tests/runs/cli/CliFixture.hpp"

namespace {

using namespace grainsim::testing;
using grainsim::readDataset;
using Args = std::vector<std::string>;

/// A short ensemble with one prior, through 15 January so the headline has its January block.
const std::vector<std::string> kSmall = {"--set",        "population.agent_weight=4000",
                                         "--set",        "run.spinup_days=0",
                                         "--set",        "run.end_date=2027-01-15",
                                         "--set",        "income.coping_share=uniform(0.05, 0.2)",
                                         "--replicates", "4"};

TEST_F(CliTest, ForecastWritesQuantilesMeansAndParametersAndPrintsTheHeadline) {
  const Result r = run(Args{"forecast", "--out", "f.h5", "--quantiles", "0.05,0.5,0.95"} + kSmall);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expectContainsAll(r.out, {"Forecast for 2027-01-15: median [5 %, 95 %]", "North Hamgyong",
                            "flour KPW/kg", "insecure %", "4 replicates (0 failed"});
  const auto price = readDataset(work_ / "f.h5", "price");
  const auto days = readDataset(work_ / "f.h5", "time").values.size();
  EXPECT_EQ(price.shape, (std::vector<std::uint64_t>{days, 3, 11, 4}));  // time first
  const auto mean = readDataset(work_ / "f.h5", "price_mean");
  EXPECT_EQ(mean.shape, (std::vector<std::uint64_t>{days, 11, 4}));
  const auto params = readDataset(work_ / "f.h5", "parameter_value");
  ASSERT_EQ(params.shape, (std::vector<std::uint64_t>{4, 1}));
  for (double v : params.values) EXPECT_TRUE(v >= 0.05 && v <= 0.2) << v;
  EXPECT_EQ(readDataset(work_ / "f.h5", "replicate_failed").values, std::vector<double>(4, 0.0));
}

TEST_F(CliTest, ForecastFilesAreIdenticalAtOneAndTwoThreads) {
  ASSERT_EQ(run(Args{"forecast", "-q", "--threads", "1", "--out", "one.h5"} + kSmall).exit_code, 0);
  ASSERT_EQ(run(Args{"forecast", "-q", "--threads", "2", "--out", "two.h5"} + kSmall).exit_code, 0);
  std::vector<std::string> datasets{"parameter_value", "replicate_failed"};
  for (const auto& spec : grainsim::outputTable())
    datasets.insert(datasets.end(), {std::string(spec.name), std::string(spec.name) + "_mean"});
  for (const std::string& v : datasets) {
    const auto one = readDataset(work_ / "one.h5", v), two = readDataset(work_ / "two.h5", v);
    EXPECT_EQ(one.shape, two.shape) << v;
    ASSERT_EQ(one.values.size(), two.values.size()) << v;
    for (std::size_t i = 0; i < one.values.size(); ++i)
      if (!(std::isnan(one.values[i]) && std::isnan(two.values[i]))) {
        ASSERT_EQ(one.values[i], two.values[i]) << v << " at " << i;
      }
  }
}

TEST_F(CliTest, RunReplicateReproducesAKeptReplicateOfAForecast) {
  ASSERT_EQ(run(Args{"forecast", "-q", "--keep-replicates", "--out", "f.h5"} + kSmall).exit_code,
            0);
  std::vector<std::string> run_args{"run", "-q", "--replicate", "2", "--out", "r2.h5"};
  for (std::size_t i = 0; i + 1 < kSmall.size(); i += 2)
    if (kSmall[i] == "--set") run_args.insert(run_args.end(), {"--set", kSmall[i + 1]});
  ASSERT_EQ(run(run_args).exit_code, 0);
  const auto alone = grainsim::readOutputFile(work_ / "r2.h5");
  const auto kept = readDataset(work_ / "f.h5", "price_replicates");  // time, replicate, ...
  const auto& price = alone.values[grainsim::outputIndex("price")];
  ASSERT_EQ(kept.values.size(), 4 * price.size());
  const std::size_t map = 11 * 4;  // regions x commodities
  for (std::size_t i = 0; i < price.size(); ++i)
    if (!std::isnan(price[i])) {
      ASSERT_EQ(kept.values[((i / map) * 4 + 2) * map + i % map], price[i]) << i;
    }
}

TEST_F(CliTest, CompareWritesBothArmsAndTheEffects) {
  const Result r = run(Args{"compare", "--out", "c.h5"} + kSmall);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expectContainsAll(r.out, {"Effect of the policy against the baseline on 2027-01-15", "flour %",
                            "insecure, points"});
  const auto days = readDataset(work_ / "c.h5", "time").values.size();
  for (const char* arm : {"price_policy", "price_baseline"})
    EXPECT_EQ(readDataset(work_ / "c.h5", arm).shape, (std::vector<std::uint64_t>{days, 7, 11, 4}));
  EXPECT_EQ(readDataset(work_ / "c.h5", "price_effect").shape,
            (std::vector<std::uint64_t>{days, 7, 11, 4}));
  // The baseline lands no aid: its cumulative arrivals stay zero, the policy's do not.
  const auto arrived = readDataset(work_ / "c.h5", "aid_arrived_mean");  // time, arm
  ASSERT_EQ(arrived.shape, (std::vector<std::uint64_t>{days, 2}));
  EXPECT_GT(arrived.values[2 * (days - 1)], 0.0);
  EXPECT_EQ(arrived.values[2 * (days - 1) + 1], 0.0);
}

TEST_F(CliTest, FailingReplicatesStopOrAreSkipped) {
  const std::vector<std::string> clash = {
      "--set",        "need.severe_threshold=uniform(0.3, 0.75)",
      "--set",        "need.insecure_threshold=uniform(0.6, 0.9)",
      "--replicates", "30"};
  const std::vector<std::string> tiny = kTiny + clash;
  const Result stop = run(Args{"forecast", "--out", "f.h5"} + tiny);
  EXPECT_EQ(stop.exit_code, 1) << stop.err;
  expectContainsAll(stop.err, {"seed 1", "need.severe_threshold=", "--on-failure skip",
                               "replicates before it are kept in f.h5.journal"});
  EXPECT_EQ(listDir(work_), std::vector<std::string>{"f.h5.journal"})
      << "a stopped forecast leaves only the journal of the replicates before the failure";

  // Run again with skip, it resumes from them.
  const Result skip = run(Args{"forecast", "--on-failure", "skip", "--out", "f.h5"} + tiny);
  ASSERT_EQ(skip.exit_code, 0) << skip.err;
  expectContainsAll(skip.err, {"(skipped)", "resuming f.h5"});
  EXPECT_EQ(listDir(work_), std::vector<std::string>{"f.h5"});
  double failed = 0;
  for (double f : readDataset(work_ / "f.h5", "replicate_failed").values) failed += f;
  EXPECT_GT(failed, 0);
  EXPECT_NE(skip.out.find("30 replicates (" + std::to_string(int(failed)) + " failed"),
            std::string::npos)
      << skip.out;
}

TEST_F(CliTest, ForecastProgressIsPlainLinesInALogAndSilentWhenQuiet) {
  const Result r = run(Args{"forecast", "--out", "f.h5"} + kSmall);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("4/4"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "no terminal, no carriage returns";
  const Result q = run(Args{"forecast", "-q", "--out", "g.h5"} + kSmall);
  ASSERT_EQ(q.exit_code, 0);
  EXPECT_EQ(q.out, "");
  // Quiet leaves only the load's warnings (shipments after the short horizon), no progress.
  std::istringstream lines(q.err);
  for (std::string line; std::getline(lines, line);)
    EXPECT_EQ(line.rfind("grainsim forecast: warning: shipment", 0), 0u) << line;
}

TEST_F(CliTest, ForecastAndCompareRejectBadOptionsWithoutWritingAnything) {
  expectBadInput(Args{"forecast", "--quantiles", "0.5,0.2"} + kTiny, {"--quantiles", "increase"});
  expectBadInput(Args{"forecast", "--quantiles", "0.5,1.5"} + kTiny, {"--quantiles", "'1.5'"});
  expectBadInput(Args{"forecast", "--replicates", "0"} + kTiny,
                 {"--replicates", "'0'", "from 1 to"});
  expectBadInput(Args{"forecast", "--exact-limit", "5"} + kTiny, {"--exact-limit", "17"});
  expectBadInput(Args{"compare", "--on-failure", "maybe"} + kTiny,
                 {"--on-failure", "stop or skip"});
  expectBadInput(Args{"forecast", "--set", "income.coping_share=uniform(0.3, 0.1)"} + kTiny,
                 {"income.coping_share", "uniform(0.3, 0.1)"});
  expectBadInput(Args{"compare", "--baseline", "missing.ini"} + kTiny, {"missing.ini"});
  const auto later = write("later.ini", "[run]\nstart_date = 2026-12-02\n");
  expectBadInput(Args{"compare", "--baseline", later.string()} + kTiny,
                 {"later", "same dates, regions, commodities and tiers"});
  writeText(work_ / "f.h5", "keep me");
  const Result r = run(Args{"forecast", "--out", "f.h5"} + kTiny);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(readText(work_ / "f.h5"), "keep me");
}

}  // namespace

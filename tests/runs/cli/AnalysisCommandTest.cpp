/// `grainsim export` and `grainsim report` (runs/cli/AnalysisCommand.cpp) run the Python tools
/// in analysis/ with the same arguments and exit with their status.
#include <gtest/gtest.h>

#include <string>

#include "tests/runs/cli/CliFixture.hpp"

namespace {
using namespace grainsim::testing;
using Args = std::vector<std::string>;

TEST_F(CliTest, ExportAndReportRunThePythonToolsWithTheSameArguments) {
  ASSERT_EQ(run(Args{"run", "-q", "--out", "r.h5", "--set", "population.agent_weight=4000", "--set",
                     "run.spinup_days=0", "--set", "run.end_date=2026-12-10"})
                .exit_code,
            0);
  const Result exported = run({"export", "r.h5", "--vars", "exchange_rate", "--out", "x.csv"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const std::string csv = readText(work_ / "x.csv");
  EXPECT_TRUE(csv.starts_with("time,variable,value,units\n")) << csv.substr(0, 200);
  EXPECT_NE(csv.find("2026-12-10,exchange_rate,"), std::string::npos) << csv;
  // The tool's own refusals come through with their exit status.
  const Result unknown = run({"export", "r.h5", "--vars", "no_such_variable"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no_such_variable"), std::string::npos) << unknown.err;
  EXPECT_EQ(run({"report", "missing.h5"}).exit_code, 2);
  EXPECT_EQ(run({"help", "export"}).exit_code, 0);
}

}  // namespace

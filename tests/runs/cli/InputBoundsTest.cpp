/// \brief Issue 16: every number the executable reads is bounded and never wraps, the run length
/// is bounded, merge and sensitivity check the files they read, degenerate scenarios are
/// refused, and readable inputs (a byte-order mark, a quoted newline) are accepted.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/runs/cli/CliFixture.hpp"

namespace grainsim::testing {
namespace {

using Args = std::vector<std::string>;

struct BadCase {
  Args args;
  std::vector<std::string> parts;  ///< each must be on stderr
};

// --- item 1 (8): numbers never wrap, every numeric option is bounded ---

TEST_F(CliTest, NumericOptionsAreBoundedAndNeverWrap) {
  const std::string whole = "must be a whole number from ";
  const std::vector<BadCase> cases = {
      // run
      {{"run", "--seed", "-1"}, {"--seed", "'-1'", whole + "0 to 4294967295", "32-bit"}},
      {{"run", "--seed", "4294967296"}, {"--seed", "'4294967296'", "0 to 4294967295"}},
      {{"run", "--seed", "99999999999999999999999"}, {"--seed", "0 to 4294967295"}},
      {{"run", "--seed", "1e3"}, {"--seed", "'1e3'", whole}},
      {{"run", "--seed", "12abc"}, {"--seed", "'12abc'", whole}},
      {{"run", "--seed", ""}, {"--seed", "''", whole}},
      {{"run", "--replicate", "-1"}, {"--replicate", "'-1'", "0 to 4294967295"}},
      {{"run", "--threads", "-1"}, {"--threads", "'-1'", "0 to 1024", "oversubscribe"}},
      {{"run", "--threads", "1025"}, {"--threads", "'1025'", "0 to 1024"}},
      {{"run", "--threads", "10000000"}, {"--threads", "'10000000'", "0 to 1024"}},
      {{"run", "--threads", "2.5"}, {"--threads", "'2.5'", whole}},
      // forecast and compare
      {{"forecast", "--replicates", "-5"}, {"--replicates", "'-5'", whole + "1 to 1000000"}},
      {{"forecast", "--replicates", "0"}, {"--replicates", "'0'", "1 to 1000000"}},
      {{"forecast", "--replicates", "1000001"}, {"--replicates", "'1000001'"}},
      {{"forecast", "--replicates", "4294967291"}, {"--replicates", "'4294967291'"}},
      {{"forecast", "--seed", "-1"}, {"--seed", "'-1'"}},
      {{"forecast", "--threads", "100000"}, {"--threads", "'100000'", "0 to 1024"}},
      {{"forecast", "--exact-limit", "-1"}, {"--exact-limit", "'-1'", "17 to 1000000"}},
      {{"forecast", "--exact-limit", "5"}, {"--exact-limit", "'5'", "P-square"}},
      {{"compare", "--replicates", "4294967295"}, {"--replicates", "'4294967295'"}},
      {{"compare", "--threads", "-3"}, {"--threads", "'-3'"}},
      // sweep
      {{"sweep", "--samples", "4294967295", "--outputs", "price@2026-12-05"},
       {"--samples", "'4294967295'", "1 to 100000000", "800 MB"}},
      {{"sweep", "--samples", "-1", "--outputs", "price@2026-12-05"}, {"--samples", "'-1'"}},
      {{"sweep", "--samples", "0", "--outputs", "price@2026-12-05"}, {"--samples", "'0'"}},
      {{"sweep", "--samples", "1.5", "--outputs", "price@2026-12-05"}, {"--samples", "'1.5'"}},
      {{"sweep", "--samples", "2", "--replicates", "-1", "--outputs", "price@2026-12-05"},
       {"--replicates", "'-1'", "1 to 10000"}},
      {{"sweep", "--samples", "2", "--replicates", "0", "--outputs", "price@2026-12-05"},
       {"--replicates", "'0'"}},
      {{"sweep", "--samples", "2", "--design-seed", "-1", "--outputs", "price@2026-12-05"},
       {"--design-seed", "'-1'", "32-bit"}},
      {{"sweep", "--samples", "2", "--seed", "-1", "--outputs", "price@2026-12-05"},
       {"--seed", "'-1'"}},
      {{"sweep", "--samples", "2", "--threads", "1025", "--outputs", "price@2026-12-05"},
       {"--threads", "'1025'"}},
      // a sobol design of 10^8 base samples: bounded by its size before it is allocated
      {{"sweep", "--samples", "100000000", "--param", "aid.tonnage_scale=0:1", "--outputs",
        "price@2026-12-05"},
       {"--samples 100000000", "sobol", "100000000 coordinates"}},
      // sensitivity (the file is never read: the options fail first)
      {{"sensitivity", "s.h5", "--resamples", "0"}, {"--resamples", "'0'", "1 to 1000000"}},
      {{"sensitivity", "s.h5", "--resamples", "-1"}, {"--resamples", "'-1'"}},
      {{"sensitivity", "s.h5", "--resamples", "10"},
       {"--resamples", "'10'", "--confidence 0.95", "40 or more"}},
      {{"sensitivity", "s.h5", "--confidence", "1"}, {"--confidence", "'1'", "0.5 to 0.999"}},
      {{"sensitivity", "s.h5", "--confidence", "nan"}, {"--confidence", "'nan'"}},
      {{"sensitivity", "s.h5", "--confidence", "0.2"}, {"--confidence", "'0.2'"}},
      {{"sensitivity", "s.h5", "--bootstrap-seed", "-1"}, {"--bootstrap-seed", "'-1'"}},
      // calibrate
      {{"calibrate", "--out", "fit.ini", "--replicates", "0"},
       {"--replicates", "'0'", "1 to 1000"}},
      {{"calibrate", "--out", "fit.ini", "--replicates", "-1"}, {"--replicates", "'-1'"}},
      {{"calibrate", "--out", "fit.ini", "--seed", "-1"}, {"--seed", "'-1'"}},
      {{"calibrate", "--out", "fit.ini", "--global-evaluations", "-1"},
       {"--global-evaluations", "'-1'", "0 to 100000"}},
      {{"calibrate", "--out", "fit.ini", "--local-evaluations", "100001"},
       {"--local-evaluations", "'100001'"}},
      {{"calibrate", "--out", "fit.ini", "--optimiser-seed", "-1"}, {"--optimiser-seed", "'-1'"}},
      {{"calibrate", "--out", "fit.ini", "--origins-every", "-1"},
       {"--origins-every", "'-1'", "0 to 3650"}},
      {{"calibrate", "--out", "fit.ini", "--horizon-weeks", "0"},
       {"--horizon-weeks", "'0'", "1 to 520"}},
      {{"calibrate", "--out", "fit.ini", "--threads", "-1"}, {"--threads", "'-1'"}},
      // backtest
      {{"backtest", "--every", "0"}, {"--every", "'0'", "1 to 3650"}},
      {{"backtest", "--replicates", "-2"}, {"--replicates", "'-2'", "1 to 10000"}},
      {{"backtest", "--exchange-window", "99999"}, {"--exchange-window", "'99999'"}},
      {{"backtest", "--seed", "-1"}, {"--seed", "'-1'"}},
      {{"backtest", "--threads", "-1"}, {"--threads", "'-1'"}},
      // validate and bench
      {{"validate", "--weight", "0"}, {"--weight", "'0'", "1 to 1e+06"}},
      {{"validate", "--weight", "inf"}, {"--weight", "'inf'"}},
      {{"validate", "--threads", "-1"}, {"--threads", "'-1'"}},
      {{"bench", "--tiny", "--threads-list", "1,2000"}, {"--threads-list", "'2000'", "1 to 1024"}},
      {{"bench", "--tiny", "--threads-list", "1,-1"}, {"--threads-list", "'-1'"}},
      {{"bench", "--tiny", "--reduced-weight", "nan"}, {"--reduced-weight", "'nan'"}},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.args));
    // kTiny in case a bad value were let through (sensitivity, validate and bench take no --set).
    const bool takes_set =
        c.args[0] != "sensitivity" && c.args[0] != "validate" && c.args[0] != "bench";
    expectBadInput(takes_set ? c.args + kTiny : c.args, c.parts);
  }
}

TEST_F(CliTest, NumericOptionsAcceptTheirBounds) {
  // The largest seed and thread count run; "+5" is read as 5.
  const Result r = run(Args{"run", "--seed", "4294967295", "--threads", "1024", "--replicate", "+5",
                            "--out", "run.h5", "-q"} +
                       kTiny);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(isHdf5(readText(work_ / "run.h5")));
}

}  // namespace
}  // namespace grainsim::testing

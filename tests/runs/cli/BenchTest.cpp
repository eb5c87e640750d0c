/// \brief `grainsim bench`: runs at a tiny size and prints a parseable BENCH line whose figures
/// are finite and whose shares add up. Benchmarks are not timed tests: nothing about speed.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "model/ScenarioLoader.hpp"
#include "model/VectorClones.hpp"
#include "tests/runs/cli/CliFixture.hpp"

namespace {

using namespace grainsim::testing;
using Args = std::vector<std::string>;

std::string lastLine(const std::string& text) {
  std::string line, last;
  std::istringstream in(text);
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

/// The number after `"key": ` in `json` (NaN if the key or a number is missing).
double numberAfter(const std::string& json, const std::string& key) {
  const std::string pattern = "\"" + key + "\": ";
  const auto at = json.find(pattern);
  if (at == std::string::npos) return std::nan("");
  const char* begin = json.c_str() + at + pattern.size();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  return end == begin ? std::nan("") : v;
}

TEST_F(CliTest, BenchTinyPrintsAReportAndAParseableBenchLine) {
  const Result r = run({"bench", "--tiny", "--threads-list", "1,2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expectContainsAll(r.out, {"households_order", "Triad bandwidth", "per household-day",
                            "One core's time per household-day", "of which Philox4x32-10"});
  const std::string bench = lastLine(r.out);
  ASSERT_EQ(bench.rfind("BENCH {", 0), 0u) << bench;
  ASSERT_EQ(bench.back(), '}') << bench;
  for (const std::string key :
       {"household_days_per_s", "household_phase_roofline_share", "speedup_2_threads",
        "bytes_per_household", "peak_rss_mb", "output_share", "bytes_per_household_day",
        "triad_gb_per_s", "random_normal", "random_philox", "shock_exp", "eat_phase", "total"}) {
    const double v = numberAfter(bench, key);
    EXPECT_TRUE(std::isfinite(v) && v > 0) << key << " = " << v << " in " << bench;
  }

  // The household-day breakdown adds up: total = normal draw + exp + the rest = the two phases.
  const double total = numberAfter(bench, "total");
  EXPECT_NEAR(total,
              numberAfter(bench, "random_normal") + numberAfter(bench, "shock_exp") +
                  numberAfter(bench, "rest"),
              1e-4 * total);  // the JSON has 6 digits
  EXPECT_NEAR(total, numberAfter(bench, "order_phase") + numberAfter(bench, "eat_phase"),
              1e-4 * total);
  EXPECT_LT(numberAfter(bench, "random_philox"), numberAfter(bench, "random_normal"));

  // The nine phases, the setup and the HDF5 write account for the wall time.
  const auto begin = bench.find("\"phase_share\": {"), end = bench.find('}', begin);
  ASSERT_NE(begin, std::string::npos);
  const std::string shares = bench.substr(begin, end - begin);
  double sum = 0;
  int n = 0;
  for (auto colon = shares.find(": ", 15); colon != std::string::npos;
       colon = shares.find(": ", colon + 1)) {
    sum += std::strtod(shares.c_str() + colon + 2, nullptr);
    ++n;
  }
  EXPECT_EQ(n, 11) << shares;
  EXPECT_GT(sum, 0.8) << shares;
  EXPECT_LT(sum, 1.0 + 1e-6) << shares;
  EXPECT_EQ(listDir(work_), std::vector<std::string>{}) << "the HDF5 file is written elsewhere";
}

/// The text after `"key": "` up to the next quote.
std::string textAfter(const std::string& json, const std::string& key) {
  const std::string pattern = "\"" + key + "\": \"";
  const auto at = json.find(pattern);
  if (at == std::string::npos) return "";
  const auto begin = at + pattern.size();
  return json.substr(begin, json.find('"', begin) - begin);
}

TEST_F(CliTest, BenchNamesTheMachineAndWhatTheYearRoundModelAdds) {
  const Result r = run({"bench", "--tiny", "--threads-list", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expectContainsAll(r.out, {"Machine: ", " clone (", "-bit vectors)",
                            "What the year-round model adds per household-day",
                            "own harvest, averaged over a year", "One pass for eating (day d)"});
  const std::string bench = lastLine(r.out);
  // The clone GCC's resolver picks on this CPU, as this test binary sees it too.
  const std::string clone = textAfter(bench, "vector_clone");
  EXPECT_EQ(clone, grainsim::vectorClone()) << bench;
  EXPECT_EQ(numberAfter(bench, "vector_bits"), clone == "x86-64-v4" ? 512
                                               : clone == "avx2"    ? 256
                                                                    : 128);
  EXPECT_NE(textAfter(bench, "cpu"), "") << bench;

  // The default scenario's crop-days of own harvest: each own-share crop's window.
  int crop_days = 0;
  for (const auto& h : grainsim::loadScenario(std::nullopt, {}).harvests)
    if (h.own_share > 0) crop_days += h.window_days;
  EXPECT_GT(crop_days, 0);
  EXPECT_EQ(numberAfter(bench, "own_harvest_crop_days"), crop_days);
  const double day = numberAfter(bench, "own_harvest_day");
  EXPECT_GT(day, 0) << bench;
  EXPECT_NEAR(numberAfter(bench, "own_harvest_year"), day * crop_days / 365, 1e-5 * day);
  EXPECT_TRUE(std::isfinite(numberAfter(bench, "own_stock"))) << bench;  // a difference: any sign
  // Fusing the passes saves persons (1 B) and one read of each own-stock column (4 B; the default
  // keeps rice and maize): 9 B.
  EXPECT_EQ(numberAfter(bench, "fused_passes_saving_bytes"), 9) << bench;
  // --tiny's runs are far below grainsim::kOrderAheadMinAgents: two passes every day.
  EXPECT_EQ(numberAfter(bench, "ordered_ahead_share"), 0) << bench;
}

TEST_F(CliTest, BenchTableIsMarkdownAndQuietPrintsOnlyTheBenchLine) {
  const Result table = run({"bench", "--tiny", "--table", "--threads-list", "1"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  expectContainsAll(
      table.out, {"| run | household agents | household-days/s, 1 thread |", "| --- |", " MB |"});
  const Result quiet = run({"bench", "--tiny", "--quiet", "--threads-list", "2"});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.out.rfind("BENCH {", 0), 0u) << quiet.out;
  EXPECT_EQ(quiet.out.find('\n'), quiet.out.size() - 1) << quiet.out;
  EXPECT_EQ(quiet.err, "");
}

TEST_F(CliTest, BenchRejectsBadOptions) {
  expectBadInput({"bench", "--tiny", "--threads-list", "1,0"},
                 {"--threads-list", "'0'", "from 1 to 1024"});
  expectBadInput({"bench", "--tiny", "--threads-list", "two"}, {"--threads-list"});
  expectBadInput({"bench", "--national", "--no-national"}, {"--national", "--no-national"});
  expectBadInput({"bench", "--tiny", "--reduced-weight", "0"}, {"--reduced-weight"});
}

}  // namespace

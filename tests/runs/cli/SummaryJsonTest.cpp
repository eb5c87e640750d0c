/// `--summary-json` of run, forecast and compare (runs/cli/SummaryJson.cpp): the JSON holds the
/// files' own numbers, to the last bit.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "model/OutputDictionary.hpp"
#include "runs/output/EnsembleFile.hpp"
#include "runs/output/OutputFile.hpp"
#include "tests/runs/cli/CliFixture.hpp"

namespace {
using namespace grainsim::testing;
using grainsim::readDataset;
using Args = std::vector<std::string>;

const std::vector<std::string> kSmall = {
    "--set", "population.agent_weight=4000", "--set",        "run.spinup_days=0",
    "--set", "run.end_date=2027-01-15",      "--replicates", "4"};

namespace summary_json {

/// "%.17g" of `x`, as the JSON writes a number.
std::string exact(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace summary_json

TEST_F(CliTest, RunSummaryJsonHoldsTheFilesNumbers) {
  using namespace summary_json;
  const Args args{"run",
                  "-q",
                  "--out",
                  "r.h5",
                  "--summary-json",
                  "r.json",
                  "--set",
                  "population.agent_weight=4000",
                  "--set",
                  "run.spinup_days=0",
                  "--set",
                  "run.end_date=2027-01-20"};
  ASSERT_EQ(run(args).exit_code, 0);
  const std::string json = readText(work_ / "r.json");
  const grainsim::RunOutput out = grainsim::readOutputFile(work_ / "r.h5");
  // 2026-12-01, 2027-01-15 and 2027-01-20; 11 regions; rice, maize, flour and the share.
  EXPECT_EQ(count(json, "\"date\": "), 3u * 11 * 4) << json.substr(0, 400);
  const grainsim::Series price(out, "price"), share(out, "food_insecure_share");
  const std::size_t flour = 2, north_hamgyong = 8;
  ASSERT_EQ(out.commodities[flour], "flour");
  ASSERT_EQ(out.regions[north_hamgyong], "North Hamgyong");
  const int jan15 = out.days - 6;
  EXPECT_NE(json.find("{\"date\": \"2027-01-15\", \"region\": \"North Hamgyong\", \"variable\": "
                      "\"price\", \"commodity\": \"flour\", \"units\": \"KPW/kg\", \"value\": " +
                      exact(price(jan15, north_hamgyong, flour)) + "}"),
            std::string::npos);
  EXPECT_NE(json.find("\"region\": \"North Hamgyong\", \"variable\": \"food_insecure_share\", "
                      "\"units\": \"1\", \"value\": " +
                      exact(share(out.days - 1, north_hamgyong)) + "}"),
            std::string::npos);
  // An existing summary is not overwritten without --force, and nothing else is written.
  std::filesystem::remove(work_ / "r.h5");
  const Result again = run(args);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("r.json' exists; pass --force"), std::string::npos) << again.err;
  EXPECT_FALSE(std::filesystem::exists(work_ / "r.h5"));
}

TEST_F(CliTest, ForecastAndCompareSummaryJsonHoldTheFilesMeans) {
  using namespace summary_json;
  for (const std::string command : {"forecast", "compare"}) {
    SCOPED_TRACE(command);
    ASSERT_EQ(run(Args{command, "-q", "--out", command + ".h5", "--summary-json", command + ".json",
                       "--quantiles", "0.1,0.5,0.9"} +
                  kSmall)
                  .exit_code,
              0);
    const std::string json = readText(work_ / (command + ".json"));
    EXPECT_NE(json.find("\"kind\": \"" + command + "\""), std::string::npos);
    // kSmall ends on 15 January: two dates, 11 regions, 3 retail prices and the share.
    EXPECT_EQ(count(json, "\"date\": "), 2u * 11 * 4);
    EXPECT_EQ(count(json, "\"quantiles\": {\"0.1\": "), 2u * 11 * 4);
    // The last day's Pyongyang (region 0) flour (commodity 2): time, [arm,] region, commodity.
    const bool compare = command == "compare";
    const auto mean = readDataset(work_ / (command + ".h5"),
                                  compare ? "price_relative_effect_mean" : "price_mean");
    const std::size_t days = mean.shape[0];
    const double value = mean.values[((days - 1) * 11 + 0) * 4 + 2];
    EXPECT_NE(json.find("\"region\": \"Pyongyang\", \"variable\": \"" +
                        std::string(compare ? "price_relative_effect" : "price") +
                        "\", \"commodity\": \"flour\", \"units\": \"" + (compare ? "1" : "KPW/kg") +
                        "\", \"mean\": " + exact(value)),
              std::string::npos)
        << json.substr(json.size() - 600);
  }
}

}  // namespace

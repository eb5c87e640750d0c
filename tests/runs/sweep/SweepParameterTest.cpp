/// \brief --param ranges: numbers, logs and dates, and the rules a range must follow.
#include "runs/sweep/SweepParameter.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace grainsim {
namespace {

TEST(SweepParameter, ParsesLinearLogAndDateRangesIntoPriors) {
  const auto linear = SweepParameter::parse("aid.tonnage_scale=0.5:1.5");
  EXPECT_EQ(linear.key, "aid.tonnage_scale");
  EXPECT_EQ(linear.priorOverride(), "aid.tonnage_scale=uniform(0.5, 1.5)");
  EXPECT_EQ(linear.scale(), "linear");
  const auto log = SweepParameter::parse("arbitrage.margin_spread=0.01:0.1:log");
  EXPECT_EQ(log.priorOverride(), "arbitrage.margin_spread=loguniform(0.01, 0.1)");
  EXPECT_EQ(log.range(), "0.01:0.1:log");
  const auto date = SweepParameter::parse("shipments.2a.arrival_date=2027-01-05:2027-02-10");
  EXPECT_TRUE(date.date);
  EXPECT_EQ(date.priorOverride(), "shipments.2a.arrival_date=date_uniform(2027-01-05, 2027-02-10)");
}

TEST(SweepParameter, NamesTheTextAndTheRuleItBreaks) {
  const std::pair<const char*, const char*> cases[] = {
      {"aid.tonnage_scale", "KEY=LO:HI"},
      {"=1:2", "KEY=LO:HI"},
      {"a=1", "KEY=LO:HI"},
      {"a=1:2:3", "KEY=LO:HI"},
      {"a=2:1", "LO must be less than HI"},
      {"a=1:1", "LO must be less than HI"},
      {"a=0:1:log", "0 < LO"},
      {"a=x:1", "numbers or YYYY-MM-DD"},
      {"a=1:2027-01-01", "both be numbers or both be dates"},
      {"a=2027-01-01:2027-02-01:log", ":log applies to numbers"},
      {"a=2027-02-01:2027-01-01", "LO must be before HI"}};
  for (const auto& [text, rule] : cases) {
    try {
      SweepParameter::parse(text);
      ADD_FAILURE() << text << " was accepted";
    } catch (const std::invalid_argument& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(std::string("--param '") + text + "'"), std::string::npos) << msg;
      EXPECT_NE(msg.find(rule), std::string::npos) << msg;
    }
  }
}

}  // namespace
}  // namespace grainsim

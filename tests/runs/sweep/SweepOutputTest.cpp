/// \brief --outputs terms: parsing, dataset names, errors, and the reductions checked by hand.
#include "runs/sweep/SweepOutput.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace grainsim {
namespace {

/// 4 days from 2027-01-01, 2 regions, 2 commodities; price on day d in region r, commodity c
/// is 100 d + 10 r + c, except a NaN on day 2 for region 1, commodity 1.
RunOutput fourDays() {
  RunOutput out;
  out.start_date = "2027-01-01";
  out.days = 4;
  out.regions = {"A", "B"};
  out.commodities = {"rice", "flour"};
  out.tiers = {"army"};
  for (const auto& spec : outputTable()) {
    std::size_t n = 1;
    for (int d = 0; d < spec.rank; ++d) n *= out.dimSize(spec.dims[d]);
    out.values.emplace_back(n, 0.0);
  }
  auto& price = out.values[outputIndex("price")];
  for (int d = 0; d < 4; ++d)
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 2; ++c) price[(d * 2 + r) * 2 + c] = 100 * d + 10 * r + c;
  price[(2 * 2 + 1) * 2 + 1] = std::numeric_limits<double>::quiet_NaN();
  return out;
}

TEST(SweepOutput, ParsesEachFormIntoADatasetName) {
  const RunOutput out = fourDays();
  const auto outputs = parseSweepOutputs(
      "price@2027-01-02, mean(price, 2027-01-01:2027-01-04),min(price,2027-01-02:2027-01-03),"
      "max(food_insecure_share, 2027-01-01:2027-01-01)",
      out);
  ASSERT_EQ(outputs.size(), 4u);
  EXPECT_EQ(outputs[0].name, "price_on_2027_01_02");
  EXPECT_EQ(outputs[0].first_day, 1);
  EXPECT_EQ(outputs[1].name, "price_mean_2027_01_01_to_2027_01_04");
  EXPECT_EQ(outputs[1].text, "mean(price, 2027-01-01:2027-01-04)");
  EXPECT_EQ(outputs[2].name, "price_min_2027_01_02_to_2027_01_03");
  EXPECT_EQ(outputs[3].name, "food_insecure_share_max_2027_01_01_to_2027_01_01");
  EXPECT_EQ(outputs[0].dims(), (std::vector<Dim>{Dim::region, Dim::commodity}));
  EXPECT_EQ(outputs[3].dims(), (std::vector<Dim>{Dim::region}));
  EXPECT_EQ(outputs[0].cells(out), 4u);
}

TEST(SweepOutput, ReducesOverTimeAsByHand) {
  const RunOutput out = fourDays();
  const auto o = parseSweepOutputs(
      "price@2027-01-02,mean(price, 2027-01-01:2027-01-04),min(price, 2027-01-02:2027-01-04),"
      "max(price, 2027-01-01:2027-01-02)",
      out);
  // Region B (r = 1), rice (c = 0): 10, 110, 210, 310 over the four days.
  EXPECT_EQ(o[0].reduce(out)[2], 110);
  EXPECT_EQ(o[1].reduce(out)[2], 160);  // (10 + 110 + 210 + 310) / 4
  EXPECT_EQ(o[2].reduce(out)[2], 110);
  EXPECT_EQ(o[3].reduce(out)[2], 110);
  // Region B, flour has a NaN on day 2: a range over it is NaN, a range or day beside it is not.
  EXPECT_TRUE(std::isnan(o[1].reduce(out)[3]));
  EXPECT_TRUE(std::isnan(o[2].reduce(out)[3]));
  EXPECT_EQ(o[3].reduce(out)[3], 111);
  EXPECT_EQ(o[0].reduce(out)[3], 111);
}

TEST(SweepOutput, NamesTheTermAndTheRule) {
  const RunOutput out = fourDays();
  const std::pair<const char*, const char*> cases[] = {
      {"nonsense@2027-01-02", "unknown variable 'nonsense' (grainsim describe --outputs"},
      {"prise@2027-01-02", "unknown variable 'prise' (did you mean 'price'?)"},
      {"price@2026-12-31", "outside the run (2027-01-01 to 2027-01-04)"},
      {"price@2027-01-05", "outside the run"},
      {"price@yesterday", "is not a YYYY-MM-DD date"},
      {"median(price, 2027-01-01:2027-01-02)", "'median' is not one of mean, min, max"},
      {"mean(price, 2027-01-03:2027-01-02)", "ends before it starts"},
      {"mean(price)", "expected VARIABLE@DATE"},
      {"price", "expected VARIABLE@DATE"},
      {"price@2027-01-02,price@2027-01-02", "named twice"},
      {"price@2027-01-02,", "an empty term"}};
  for (const auto& [term, rule] : cases) {
    try {
      parseSweepOutputs(term, out);
      ADD_FAILURE() << term << " was accepted";
    } catch (const std::invalid_argument& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("--outputs '"), std::string::npos) << msg;
      EXPECT_NE(msg.find(rule), std::string::npos) << term << ": " << msg;
    }
  }
  EXPECT_THROW(parseTrajectoryVariables("price,nonsense"), std::invalid_argument);
  try {
    parseTrajectoryVariables("price,sale");
    ADD_FAILURE() << "sale was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'sales'?"), std::string::npos) << e.what();
  }
  EXPECT_EQ(parseTrajectoryVariables("price, sales"), (std::vector<std::string>{"price", "sales"}));
}

}  // namespace
}  // namespace grainsim

/// \brief Prior: parsing, the closed-form quantiles of each distribution, and malformed priors.
#include "model/Prior.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "model/Date.hpp"
#include "model/Rng.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

using testing::errorOf;
using testing::expectContainsAll;

constexpr double kInf = std::numeric_limits<double>::infinity();

/// A prior of a number key bounded to [lo, hi]; a test failure when `text` is no prior.
Prior number(const std::string& text, double lo = -kInf, double hi = kInf) {
  const auto p = Prior::parse("test.ini", "section.key", text, "1", false, lo, hi);
  EXPECT_TRUE(p.has_value()) << text;
  return p.value_or(*Prior::parse("test.ini", "section.key", "uniform(0, 1)", "1", false, 0, 1));
}

Prior date(const std::string& text) {
  return *Prior::parse("test.ini", "run.end_date", text, "days since 1970-01-01", true, -kInf,
                       kInf);
}

int day(const std::string& iso) {
  return Date::parse(iso).value().days_since_epoch;
}

/// Standard normal CDF, written independently of the Boost.Math code under test.
double phi(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

TEST(PriorTest, PlainValuesAreNotPriors) {
  for (const std::string text : {"0.3", "2027-01-10", "", "tables/shipments.csv", "uniform",
                                 "uniform(0.1, 0.2) x", "(0.1, 0.2)", "1e5(2)", "Pyongyang"}) {
    EXPECT_FALSE(Prior::looksLikePrior(text)) << text;
    EXPECT_FALSE(Prior::parse("f", "k", text, "1", false, 0, 1).has_value()) << text;
  }
}

TEST(PriorTest, AccessorsAndWhitespace) {
  const auto p = Prior::parse("runs/x.ini", "income.coping_share", "  uniform ( 0.05 ,0.2 ) ", "1",
                              false, 0, 1);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->key(), "income.coping_share");
  EXPECT_EQ(p->text(), "  uniform ( 0.05 ,0.2 ) ");
  EXPECT_EQ(p->origin(), "runs/x.ini");
  EXPECT_EQ(p->unit(), "1");
  EXPECT_EQ(p->kind(), Prior::Kind::uniform);
  EXPECT_FALSE(p->isDate());
  EXPECT_DOUBLE_EQ(p->median(), 0.125);
}

TEST(PriorTest, UniformMidpointAndEnds) {
  const Prior p = number("uniform(0.1, 0.5)", 0, 1);
  EXPECT_EQ(p.quantile(0), 0.1);
  EXPECT_EQ(p.quantile(1), 0.5);
  EXPECT_DOUBLE_EQ(p.median(), 0.3);
  EXPECT_DOUBLE_EQ(p.quantile(0.25), 0.2);
}

TEST(PriorTest, LoguniformMedianIsTheGeometricMean) {
  const Prior p = number("loguniform(0.02, 0.08)", 0, 1);
  EXPECT_EQ(p.kind(), Prior::Kind::loguniform);
  EXPECT_DOUBLE_EQ(p.median(), std::sqrt(0.02 * 0.08));
  EXPECT_EQ(p.quantile(0), 0.02);
  EXPECT_EQ(p.quantile(1), 0.08);
  EXPECT_DOUBLE_EQ(p.quantile(0.25), 0.02 * std::pow(4.0, 0.25));
}

TEST(PriorTest, TriangularQuantiles) {
  // min 0, mode 1, max 4: F(mode) = 1/4; above it F(x) = 1 - (4 - x)^2 / (4 * 3).
  const Prior p = number("triangular(0, 1, 4)");
  EXPECT_EQ(p.kind(), Prior::Kind::triangular);
  EXPECT_DOUBLE_EQ(p.quantile(0), 0);
  EXPECT_DOUBLE_EQ(p.quantile(1), 4);
  EXPECT_DOUBLE_EQ(p.quantile(0.25), 1);
  EXPECT_DOUBLE_EQ(p.median(), 4 - std::sqrt(6.0));
  EXPECT_DOUBLE_EQ(p.quantile(1.0 / 16), 0.5);  // below the mode F(x) = x^2 / (4 * 1)
  EXPECT_NEAR(number("triangular(0.01, 0.08, 0.15)").median(), 0.08, 1e-15);
  // A mode at an end is allowed.
  EXPECT_DOUBLE_EQ(number("triangular(0, 0, 1)").median(), 1 - std::sqrt(0.5));
}

TEST(PriorTest, NormalMedianIsTheMean) {
  EXPECT_DOUBLE_EQ(number("normal(1.5, 0.3)").median(), 1.5);
  EXPECT_DOUBLE_EQ(number("normal(1.5, 0.3)", 0.5, 2.5).median(), 1.5);  // symmetric truncation
  const Prior p = number("normal(1.5, 0.3)");
  EXPECT_EQ(p.kind(), Prior::Kind::normal);
  EXPECT_NEAR(p.quantile(0.975), 1.5 + 0.3 * 1.959963984540054, 1e-12);
  EXPECT_NEAR(p.quantile(0.001), 1.5 - 0.3 * 3.090232306167814, 1e-12);
}

TEST(PriorTest, TruncatedNormalStaysInsideItsBoundsAndInvertsItsCdf) {
  // Most of normal(0.1, 0.5)'s mass lies outside [0, 1]: the truncation matters.
  const Prior p = number("normal(0.1, 0.5)", 0, 1);
  const double below = phi((0 - 0.1) / 0.5), mass = phi((1 - 0.1) / 0.5) - below;
  double previous = 0;
  for (int k = 0; k <= 1000; ++k) {
    const double u = k / 1000.0;
    const double x = p.quantile(u);
    EXPECT_GE(x, 0) << u;
    EXPECT_LE(x, 1) << u;
    EXPECT_GE(x, previous) << u;
    previous = x;
    if (k > 0 && k < 1000) {
      EXPECT_NEAR((phi((x - 0.1) / 0.5) - below) / mass, u, 1e-9) << u;
    }
  }
  EXPECT_EQ(p.quantile(0), 0);
  EXPECT_EQ(p.quantile(1), 1);
  // A mean on a bound is allowed: half the normal remains.
  const Prior half = number("normal(0, 0.1)", 0, 1);
  EXPECT_NEAR(half.median(), 0.1 * 0.6744897501960817, 1e-12);
  for (const double u : {1e-12, 0.3, 1 - 1e-12}) EXPECT_GE(half.quantile(u), 0);
}

TEST(PriorTest, DateUniformCoversBothEndsInWholeDays) {
  const Prior p = date("date_uniform(2027-01-10, 2027-02-10)");
  EXPECT_TRUE(p.isDate());
  EXPECT_EQ(p.kind(), Prior::Kind::date_uniform);
  const int first = day("2027-01-10"), last = day("2027-02-10");
  std::set<int> seen;
  const KeyedRng rng(1, 0);
  for (std::uint32_t i = 0; i < 4000; ++i) {
    const double x = p.quantile(rng.uniform(kPriorDay, i, Purpose::prior));
    EXPECT_EQ(x, std::floor(x));
    EXPECT_GE(x, first);
    EXPECT_LE(x, last);
    seen.insert(static_cast<int>(x));
  }
  EXPECT_EQ(seen.size(), 32u);  // 10 January to 10 February, both included
  EXPECT_EQ(p.quantile(0), first);
  EXPECT_EQ(p.quantile(1), last);
  EXPECT_EQ(p.quantile(1 - 1e-12), last);
  EXPECT_EQ(p.format(p.median()), "2027-01-26");  // day 16 of 0..31
  EXPECT_EQ(date("date_uniform(2027-01-08, 2027-01-28)")
                .format(date("date_uniform(2027-01-08, 2027-01-28)").median()),
            "2027-01-18");  // 21 days: the middle one
  const Prior one = date("date_uniform(2027-01-10, 2027-01-10)");
  for (const double u : {0.0, 0.5, 1.0}) EXPECT_EQ(one.format(one.quantile(u)), "2027-01-10");
}

TEST(PriorTest, FormatReadsBackExactly) {
  const Prior p = number("uniform(0.05, 0.2)", 0, 1);
  for (const double x : {0.1, 0.07, 1.0 / 3, 0.2}) {
    const std::string text = p.format(x);
    EXPECT_EQ(std::stod(text), x) << text;
  }
  EXPECT_EQ(p.format(0.125), "0.125");
  const Prior d = date("date_uniform(2027-01-10, 2027-02-10)");
  EXPECT_EQ(d.format(day("2027-01-20") + 0.9), "2027-01-20");  // the day the value falls in
}

TEST(PriorTest, KeyHashIsFnv1a) {
  EXPECT_EQ(fnv1a32(""), 0x811c9dc5u);
  EXPECT_EQ(fnv1a32("a"), 0xe40c292cu);
  EXPECT_EQ(fnv1a32("foobar"), 0xbf9cf968u);
}

/// Each malformed prior names the origin, the key, the text, what is wrong and the allowed forms.
TEST(PriorTest, MalformedPriorsNameKeyAndRule) {
  struct Case {
    std::string text;
    bool date_key;
    std::string rule;
  };
  const std::vector<Case> cases = {
      {"gamma(1, 2)", false, "unknown distribution 'gamma'"},
      {"uniform(0.1)", false, "uniform takes 2 arguments, not 1"},
      {"uniform()", false, "uniform takes 2 arguments, not 1"},
      {"normal(1, 2, 3)", false, "normal takes 2 arguments, not 3"},
      {"triangular(0, 1)", false, "triangular takes 3 arguments, not 2"},
      {"uniform(0.1, abc)", false, "argument 2 ('abc') is not a finite number"},
      {"uniform(0.1, inf)", false, "argument 2 ('inf') is not a finite number"},
      {"uniform(0.5, 0.1)", false, "needs a < b"},
      {"uniform(0.5, 0.5)", false, "needs a < b"},
      {"loguniform(0, 0.5)", false, "needs 0 < a < b"},
      {"normal(0.5, 0)", false, "needs sd > 0"},
      {"normal(0.5, -1)", false, "needs sd > 0"},
      {"normal(1.5, 0.1)", false, "the mean must lie in the key's bounds [0, 1]"},
      {"uniform(-0.1, 0.5)", false, "must lie in the key's bounds [0, 1]"},
      {"loguniform(0.1, 2)", false, "must lie in the key's bounds [0, 1]"},
      {"triangular(0, 0.5, 1.5)", false, "must lie in the key's bounds [0, 1]"},
      {"triangular(0, 2, 1)", false, "min <= mode <= max"},
      {"date_uniform(2027-01-10, 2027-02-10)", false, "date_uniform is for date keys"},
      {"uniform(0.1, 0.5)", true, "a date key takes date_uniform"},
      {"date_uniform(2027-02-10, 2027-01-10)", true, "needs d1 <= d2"},
      {"date_uniform(2027-1-10, 2027-02-10)", true, "argument 1 ('2027-1-10') is not a date"},
      {"date_uniform(2027-01-10)", true, "date_uniform takes 2 arguments, not 1"},
  };
  for (const auto& c : cases)
    expectContainsAll(errorOf([&] {
                        Prior::parse("runs/x.ini", "income.coping_share", c.text, "1", c.date_key,
                                     c.date_key ? -kInf : 0, c.date_key ? kInf : 1);
                      }),
                      {"runs/x.ini", "income.coping_share", "'" + c.text + "'", c.rule,
                       "allowed: uniform(a, b)", "date_uniform(YYYY-MM-DD, YYYY-MM-DD)"});
}

}  // namespace
}  // namespace grainsim

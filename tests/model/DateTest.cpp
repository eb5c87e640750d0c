/// \brief Date: strict YYYY-MM-DD parsing, ISO round trip, day of year and day differences.
#include "model/Date.hpp"

#include <gtest/gtest.h>

#include <string>

namespace grainsim {
namespace {

Date parsed(const std::string& iso) {
  const auto d = Date::parse(iso);
  EXPECT_TRUE(d.has_value()) << iso;
  return d.value_or(Date{});
}

TEST(DateTest, IsoRoundTrip) {
  for (const std::string iso : {"1970-01-01", "1969-12-31", "2000-02-29", "2026-12-01",
                                "2027-03-31", "2028-02-29", "9999-12-31"})
    EXPECT_EQ(parsed(iso).iso(), iso);
}

TEST(DateTest, EpochIsDayZero) {
  EXPECT_EQ(parsed("1970-01-01").days_since_epoch, 0);
  EXPECT_EQ(parsed("1970-01-02").days_since_epoch, 1);
  EXPECT_EQ(parsed("1969-12-31").days_since_epoch, -1);
  EXPECT_EQ(Date{0}.iso(), "1970-01-01");
}

TEST(DateTest, DayOfYear) {
  EXPECT_EQ(parsed("2027-01-01").dayOfYear(), 1);
  EXPECT_EQ(parsed("2027-01-15").dayOfYear(), 15);
  EXPECT_EQ(parsed("2027-03-01").dayOfYear(), 60);
  EXPECT_EQ(parsed("2028-03-01").dayOfYear(), 61);  // leap year
  EXPECT_EQ(parsed("2026-12-31").dayOfYear(), 365);
  EXPECT_EQ(parsed("2028-12-31").dayOfYear(), 366);
}

TEST(DateTest, LeapDaysOnlyInLeapYears) {
  EXPECT_TRUE(Date::parse("2028-02-29").has_value());
  EXPECT_TRUE(Date::parse("2000-02-29").has_value());  // divisible by 400
  EXPECT_FALSE(Date::parse("2027-02-29").has_value());
  EXPECT_FALSE(Date::parse("1900-02-29").has_value());  // divisible by 100, not 400
  EXPECT_FALSE(Date::parse("2028-02-30").has_value());
}

TEST(DateTest, MalformedStringsAreRejected) {
  for (const std::string bad :
       {"", "2026-1-01", "2026-12-1", "2026-12-01x", " 2026-12-01", "2026/12/01", "26-12-01",
        "2026-13-01", "2026-00-10", "2026-12-32", "2026-12-00", "2026-04-31", "abcd-ef-gh",
        "2026-1a-01", "20261201", "2026-12-01T00:00", "-026-12-01", "2026-+1-01"})
    EXPECT_FALSE(Date::parse(bad).has_value()) << "'" << bad << "'";
}

TEST(DateTest, DifferencesAreDayCounts) {
  const Date start = parsed("2026-12-01");
  EXPECT_EQ(parsed("2027-03-31") - start, 120);  // 31 + 31 + 28 + 30
  EXPECT_EQ(start - parsed("2027-03-31"), -120);
  EXPECT_EQ(parsed("2029-03-01") - parsed("2028-03-01"), 365);
  EXPECT_EQ(parsed("2028-03-01") - parsed("2027-03-01"), 366);  // spans 2028-02-29
  EXPECT_EQ(start - start, 0);
}

TEST(DateTest, PlusDaysAndOrdering) {
  const Date start = parsed("2026-12-01");
  EXPECT_EQ(start.plusDays(31).iso(), "2027-01-01");
  EXPECT_EQ(start.plusDays(-1).iso(), "2026-11-30");
  EXPECT_EQ(parsed("2028-02-28").plusDays(1).iso(), "2028-02-29");
  EXPECT_EQ(parsed("2027-02-28").plusDays(1).iso(), "2027-03-01");
  EXPECT_LT(start, start.plusDays(1));
  EXPECT_EQ(start, parsed("2026-12-01"));
  EXPECT_GT(parsed("2027-01-01"), parsed("2026-12-31"));
}

}  // namespace
}  // namespace grainsim

/// \brief Naive benchmarks: last price in won and in dollars, seasonal naive, and the price
/// history's lookups (same-date means, interpolation within a gap, nothing after the origin).
#include "calibration/NaiveForecasts.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace grainsim {
namespace {

Date ymd(int y, int m, int d) {
  return Date::fromYmd(y, m, d);
}

double flatFx(Date) {
  return 8000;
}

TEST(PriceHistoryTest, SortsAndAveragesSameDate) {
  const PriceHistory h({{ymd(2023, 3, 1), 100}, {ymd(2023, 1, 1), 90}, {ymd(2023, 3, 1), 140}});
  ASSERT_EQ(h.points().size(), 2u);
  EXPECT_EQ(h.points()[0].date, ymd(2023, 1, 1));
  EXPECT_EQ(h.points()[1].date, ymd(2023, 3, 1));
  EXPECT_DOUBLE_EQ(h.points()[1].kpw_per_kg, 120);
  EXPECT_DOUBLE_EQ(h.lastOnOrBefore(ymd(2023, 3, 5))->kpw_per_kg, 120);
  EXPECT_DOUBLE_EQ(*h.interpolate(ymd(2023, 3, 1), 45), 120);
}

TEST(PriceHistoryTest, LastOnOrBefore) {
  const PriceHistory h({{ymd(2023, 1, 1), 90}, {ymd(2023, 3, 1), 120}});
  EXPECT_FALSE(h.lastOnOrBefore(ymd(2022, 12, 31)).has_value());
  EXPECT_DOUBLE_EQ(h.lastOnOrBefore(ymd(2023, 1, 1))->kpw_per_kg, 90);  // on the date itself
  EXPECT_DOUBLE_EQ(h.lastOnOrBefore(ymd(2023, 2, 28))->kpw_per_kg, 90);
  EXPECT_EQ(h.lastOnOrBefore(ymd(2024, 1, 1))->date, ymd(2023, 3, 1));
}

TEST(PriceHistoryTest, InterpolatesOnlyWithinGap) {
  const Date d0 = ymd(2022, 3, 1);
  const PriceHistory h({{d0, 100}, {d0.plusDays(40), 140}});
  EXPECT_DOUBLE_EQ(*h.interpolate(d0, 45), 100);
  EXPECT_DOUBLE_EQ(*h.interpolate(d0.plusDays(10), 45), 110);
  EXPECT_DOUBLE_EQ(*h.interpolate(d0.plusDays(30), 45), 130);
  EXPECT_DOUBLE_EQ(*h.interpolate(d0.plusDays(10), 30), 110);    // 10 and 30 days away: both in
  EXPECT_FALSE(h.interpolate(d0.plusDays(10), 29).has_value());  // the later point is 30 away
  EXPECT_FALSE(h.interpolate(d0.plusDays(-1), 45).has_value());  // nothing before
  EXPECT_FALSE(h.interpolate(d0.plusDays(41), 45).has_value());  // nothing after
  EXPECT_FALSE(PriceHistory({}).interpolate(d0, 45).has_value());
}

TEST(NaiveForecastsTest, NoneWithoutPriceOnOrBeforeOrigin) {
  const PriceHistory h({{ymd(2023, 5, 1), 100}});
  EXPECT_FALSE(naiveForecasts(h, ymd(2023, 4, 1), ymd(2023, 6, 1), flatFx).has_value());
}

TEST(NaiveForecastsTest, LastKpwIgnoresLaterPoints) {
  const PriceHistory h({{ymd(2023, 1, 1), 90}, {ymd(2023, 3, 1), 120}, {ymd(2023, 4, 2), 500}});
  const auto f = naiveForecasts(h, ymd(2023, 4, 1), ymd(2023, 6, 1), flatFx);
  ASSERT_TRUE(f.has_value());
  EXPECT_DOUBLE_EQ(f->last_kpw, 120);
  EXPECT_DOUBLE_EQ(f->last_usd, 120);  // flat exchange rate: no change
}

TEST(NaiveForecastsTest, LastUsdScalesByExchangeRateChange) {
  const Date last = ymd(2023, 3, 1), target = ymd(2023, 6, 1);
  const PriceHistory h({{last, 120}});
  const auto fx = [&](Date d) {
    if (d == last) return 8000.0;
    if (d == target) return 9000.0;
    return std::numeric_limits<double>::quiet_NaN();  // any other date is a bug
  };
  const auto f = naiveForecasts(h, ymd(2023, 4, 1), target, fx);
  ASSERT_TRUE(f.has_value());
  EXPECT_DOUBLE_EQ(f->last_usd, 135);  // 120 * 9000 / 8000
}

TEST(NaiveForecastsTest, SeasonalUsesLastYearsRatio) {
  // Last year the price rose from 100 on 1 March to 150 on 1 June; the same rise from 120.
  const PriceHistory h({{ymd(2022, 3, 1), 100}, {ymd(2022, 6, 1), 150}, {ymd(2023, 3, 1), 120}});
  const auto f = naiveForecasts(h, ymd(2023, 4, 1), ymd(2023, 6, 1), flatFx);
  ASSERT_TRUE(f.has_value());
  EXPECT_DOUBLE_EQ(f->seasonal, 180);
  EXPECT_FALSE(f->seasonal_fell_back);
}

TEST(NaiveForecastsTest, SeasonalInterpolatesLastYear) {
  // 1 March 2022 lies midway between 19 February (100) and 11 March (120): 110.
  const PriceHistory h({{ymd(2022, 2, 19), 100},
                        {ymd(2022, 3, 11), 120},
                        {ymd(2022, 6, 1), 165},
                        {ymd(2023, 3, 1), 120}});
  const auto f = naiveForecasts(h, ymd(2023, 4, 1), ymd(2023, 6, 1), flatFx);
  ASSERT_TRUE(f.has_value());
  EXPECT_DOUBLE_EQ(f->seasonal, 180);  // 120 * 165 / 110
  EXPECT_FALSE(f->seasonal_fell_back);
}

TEST(NaiveForecastsTest, SeasonalNeverUsesPointAfterOrigin) {
  const Date origin = ymd(2023, 4, 1);
  const Date year_ago = ymd(2023, 3, 20);  // target - 365 days, before the origin
  const Date target = year_ago.plusDays(365);
  // 20 March would interpolate between 1 March and 10 April, but 10 April is after the origin.
  const PriceHistory bracketed(
      {{ymd(2022, 3, 1), 100}, {ymd(2023, 3, 1), 120}, {ymd(2023, 4, 10), 200}});
  const auto f = naiveForecasts(bracketed, origin, target, flatFx);
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(f->seasonal_fell_back);
  EXPECT_DOUBLE_EQ(f->seasonal, 120);

  // A point exactly a year before a far target, but after the origin.
  const Date far = ymd(2023, 6, 1).plusDays(365);
  const PriceHistory exact(
      {{ymd(2022, 3, 1), 100}, {ymd(2023, 3, 1), 120}, {ymd(2023, 6, 1), 300}});
  const auto g = naiveForecasts(exact, origin, far, flatFx);
  ASSERT_TRUE(g.has_value());
  EXPECT_TRUE(g->seasonal_fell_back);
  EXPECT_DOUBLE_EQ(g->seasonal, 120);
}

TEST(NaiveForecastsTest, SeasonalFallsBackWithoutLastYear) {
  const Date origin = ymd(2023, 4, 1), target = ymd(2023, 6, 1);
  const PriceHistory none({{ymd(2023, 1, 1), 90}, {ymd(2023, 3, 1), 120}});
  const auto f = naiveForecasts(none, origin, target, flatFx);
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(f->seasonal_fell_back);
  EXPECT_DOUBLE_EQ(f->seasonal, 120);

  // Last year's points around 1 June are 60 and 61 days away: beyond the 45-day gap.
  const PriceHistory sparse({{ymd(2022, 3, 1), 100},
                             {ymd(2022, 4, 2), 110},
                             {ymd(2022, 8, 1), 150},
                             {ymd(2023, 3, 1), 120}});
  const auto g = naiveForecasts(sparse, origin, target, flatFx);
  ASSERT_TRUE(g.has_value());
  EXPECT_TRUE(g->seasonal_fell_back);
  EXPECT_DOUBLE_EQ(g->seasonal, 120);
}

TEST(NaiveForecastsTest, SameDatePointsAveraged) {
  const PriceHistory h({{ymd(2022, 3, 1), 90},
                        {ymd(2022, 3, 1), 110},
                        {ymd(2022, 6, 1), 150},
                        {ymd(2023, 3, 1), 100},
                        {ymd(2023, 3, 1), 140}});
  const auto f = naiveForecasts(h, ymd(2023, 4, 1), ymd(2023, 6, 1), flatFx);
  ASSERT_TRUE(f.has_value());
  EXPECT_DOUBLE_EQ(f->last_kpw, 120);
  EXPECT_DOUBLE_EQ(f->seasonal, 180);  // 120 * 150 / mean(90, 110)
}

}  // namespace
}  // namespace grainsim

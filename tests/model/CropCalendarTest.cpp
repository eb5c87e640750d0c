/// \brief Harvest windows by date: under way, last and next, across the turn of the year.
#include <gtest/gtest.h>

#include "model/CropCalendar.hpp"

namespace grainsim {
namespace {

Harvest rice() {
  Harvest h;
  h.start_month = 9;
  h.start_day = 20;
  h.window_days = 42;  // 20 September to 31 October
  return h;
}

TEST(CropCalendar, WindowsOfAYear) {
  const HarvestWindow w = harvestWindow(rice(), 2027);
  EXPECT_EQ(w.first.iso(), "2027-09-20");
  EXPECT_EQ(w.last.iso(), "2027-10-31");
}

TEST(CropCalendar, LastAndNextWindowAroundTheYear) {
  const Date march = *Date::parse("2027-03-01"), during = *Date::parse("2027-10-01");
  EXPECT_EQ(currentOrLastWindow(rice(), march).first.iso(), "2026-09-20");
  EXPECT_EQ(nextWindow(rice(), march).first.iso(), "2027-09-20");
  EXPECT_EQ(currentOrLastWindow(rice(), during).first.iso(), "2027-09-20");
  EXPECT_EQ(nextWindow(rice(), during).first.iso(), "2028-09-20");
}

TEST(CropCalendar, AYearsHarvestSumsToOne) {
  double sum = 0;
  for (Date d = *Date::parse("2027-01-01"); d.year() == 2027; d = d.plusDays(1))
    sum += harvestedShareOn(rice(), d);
  EXPECT_NEAR(sum, 1.0, 1e-12);
  EXPECT_EQ(harvestedShareOn(rice(), *Date::parse("2027-09-19")), 0.0);
  EXPECT_DOUBLE_EQ(harvestedShareOn(rice(), *Date::parse("2027-09-20")), 1.0 / 42);
}

TEST(Date, FromYmdAndYear) {
  EXPECT_EQ(Date::fromYmd(2028, 2, 29).iso(), "2028-02-29");
  EXPECT_EQ(Date::fromYmd(2027, 2, 29).iso(), "2027-03-01");  // a common year's 29 February
  EXPECT_EQ(Date::fromYmd(2027, 12, 31).year(), 2027);
  EXPECT_EQ(Date::fromYmd(2028, 1, 1).year(), 2028);
}

}  // namespace
}  // namespace grainsim

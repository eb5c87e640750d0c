/// \brief Exogenous drivers: exchange-rate path, temperature climatology, winter energy need.
#include <gtest/gtest.h>

#include "model/Drivers.hpp"
#include "tests/TestScenarios.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

TEST(ExchangeRate, ConstantWithoutAPath) {
  const Scenario s = testing::defaultAtScale(1000);
  EXPECT_EQ(exchangeRate(s, *Date::parse("2027-02-01")), 32000);
}

TEST(ExchangeRate, PathIsInterpolatedLinearlyAndFlatOutside) {
  testing::TempDir dir;
  dir.write("fx.csv", "date,kpw_per_usd\n2026-12-01,30000\n2026-12-11,31000\n2027-01-10,40000\n");
  const auto ini = dir.write("fx.ini", "[exchange]\npath = fx.csv\n");
  const Scenario s = loadScenario(ini, {"population.agent_weight=1000"});
  EXPECT_DOUBLE_EQ(exchangeRate(s, *Date::parse("2026-11-01")), 30000);
  EXPECT_DOUBLE_EQ(exchangeRate(s, *Date::parse("2026-12-06")), 30500);
  EXPECT_DOUBLE_EQ(exchangeRate(s, *Date::parse("2026-12-21")), 34000);
  EXPECT_DOUBLE_EQ(exchangeRate(s, *Date::parse("2027-03-01")), 40000);
}

TEST(ExchangeRate, PathDatesMustIncrease) {
  testing::TempDir dir;
  dir.write("fx.csv", "date,kpw_per_usd\n2026-12-11,31000\n2026-12-01,30000\n");
  const auto ini = dir.write("fx.ini", "[exchange]\npath = fx.csv\n");
  try {
    loadScenario(ini);
    FAIL() << "decreasing dates were accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("2026-12-01"), std::string::npos) << e.what();
  }
}

TEST(Temperature, ColdestOnSixteenthOfJanuaryAndShifted) {
  const Scenario s = testing::defaultAtScale(1000);
  const int py = s.regionIndex("Pyongyang");
  const Region& r = s.regions[py];
  EXPECT_NEAR(temperature(s, py, *Date::parse("2027-01-16")),
              r.temp_annual_mean_c - r.temp_amplitude_c, 1e-3);
  EXPECT_GT(temperature(s, py, *Date::parse("2027-03-31")),
            temperature(s, py, *Date::parse("2027-01-16")));
  const Scenario harsh = testing::defaultAtScale(1000, {}, "harsh-winter.ini");
  EXPECT_NEAR(temperature(harsh, py, *Date::parse("2027-01-16")),
              temperature(s, py, *Date::parse("2027-01-16")) - 4, 1e-9);
}

TEST(Need, HundredKcalPerFiveDegreesBelowTwenty) {
  const Scenario s = testing::defaultAtScale(1000);
  const Drivers d = driversOn(s, s.spinupDays() + 46);  // 16 January
  for (std::size_t r = 0; r < s.regions.size(); ++r) {
    const double t = d.temperature_c[r];
    EXPECT_NEAR(d.kcal_need[r], 2100 + 100 * (20 - t) / 5, 1e-9);
    EXPECT_NEAR(d.cereal_kcal_need[r], d.kcal_need[r] * 0.78, 1e-9);
  }
  EXPECT_GT(d.kcal_need[s.regionIndex("Ryanggang")], d.kcal_need[s.regionIndex("South Hwanghae")]);
}

}  // namespace
}  // namespace grainsim

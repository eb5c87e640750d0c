// The backtest's exchange-rate walk in closed form, and its forecasts: blind to what comes after
// their origin, and the same at any thread count.
#include <gtest/gtest.h>

#include <cmath>

#include "calibration/Backtest.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

using testing::kSourceDir;

Date day(const char* iso) {
  return *Date::parse(iso);
}

TEST(ExchangeRateWalk, TwoRowsGiveTheirLogSlopeAndNoVariance) {
  const std::vector<ExchangeRatePoint> path = {{day("2024-01-01"), 8000},
                                               {day("2024-01-11"), 16000}};
  const ExchangeRateWalk w = fitExchangeRateWalk(path, day("2024-01-11"), 365);
  EXPECT_DOUBLE_EQ(w.last, 16000);
  EXPECT_DOUBLE_EQ(w.drift, std::log(2.0) / 10);
  EXPECT_DOUBLE_EQ(w.sd_per_day, 0);
  EXPECT_NEAR(w.median(day("2024-01-21")), 32000, 1e-6);
}

TEST(ExchangeRateWalk, StepsAwayFromTheDriftSetTheVariance) {
  // Up by log 2 over 10 days, then back over 10: drift 0, squared steps 2 (log 2)^2 over 20 days.
  const std::vector<ExchangeRatePoint> path = {
      {day("2024-01-01"), 100}, {day("2024-01-11"), 200}, {day("2024-01-21"), 100}};
  const ExchangeRateWalk w = fitExchangeRateWalk(path, day("2024-02-01"), 365);
  EXPECT_DOUBLE_EQ(w.drift, 0);
  EXPECT_NEAR(w.sd_per_day, std::sqrt(2 * std::log(2.0) * std::log(2.0) / 20), 1e-15);
}

TEST(ExchangeRateWalk, SeesNothingAfterItsOriginNorBeforeItsWindow) {
  const std::vector<ExchangeRatePoint> path = {{day("2020-01-01"), 1},
                                               {day("2024-01-01"), 100},
                                               {day("2024-01-11"), 200},
                                               {day("2024-06-01"), 1e6}};
  const ExchangeRateWalk w = fitExchangeRateWalk(path, day("2024-02-01"), 365);
  EXPECT_DOUBLE_EQ(w.last, 200);
  EXPECT_DOUBLE_EQ(w.drift, std::log(2.0) / 10);
}

class BacktestRun : public ::testing::Test {
 protected:
  BacktestOptions options() const {
    BacktestOptions o;
    o.first_origin = day("2024-10-01");
    o.last_origin = day("2024-11-01");
    o.origin_step_days = 31;
    o.horizon_weeks = {2, 4};
    o.replicates = 3;
    o.train_until = day("2024-10-31");
    return o;
  }
  std::vector<PriceObservation> read(const std::map<char, double>& grades) const {
    const Scenario s = loadScenario(kSourceDir / "runs/dprk-2023-2025.ini", overrides);
    ObservationFilter f;
    f.grade_weights = grades;
    return readObservations(kSourceDir / "calibration/data/prices.csv",
                            kSourceDir / "calibration/data/city_regions.csv", s, f);
  }
  BacktestResult run(const std::vector<PriceObservation>& history, int threads) const {
    BacktestOptions o = options();
    o.threads = threads;
    return runBacktest(kSourceDir / "runs/dprk-2023-2025.ini", overrides, folder.path(), history,
                       read({{'A', 1}}), o);
  }
  std::vector<std::string> overrides = {"population.agent_weight=2000"};
  testing::TempDir folder;
};

void expectSameForecasts(const BacktestResult& a, const BacktestResult& b) {
  ASSERT_EQ(a.forecasts.size(), b.forecasts.size());
  for (std::size_t i = 0; i < a.forecasts.size(); ++i)
    for (std::size_t m = 0; m < kBacktestMethodCount; ++m) {
      EXPECT_EQ(methodScore(a.forecasts[i], m).median, methodScore(b.forecasts[i], m).median);
      EXPECT_EQ(methodScore(a.forecasts[i], m).q05, methodScore(b.forecasts[i], m).q05);
      EXPECT_EQ(methodScore(a.forecasts[i], m).q95, methodScore(b.forecasts[i], m).q95);
    }
}

TEST_F(BacktestRun, ForecastsIgnorePricesObservedAfterTheLastOrigin) {
  const auto history = read({{'A', 1}, {'B', 0.5}});
  const BacktestResult plain = run(history, 0);
  ASSERT_FALSE(plain.forecasts.empty());
  // Every later price doubled: no forecast may change (the scored targets stay as they were).
  auto altered = history;
  for (auto& o : altered)
    if (options().last_origin < o.date) o.kpw_per_kg *= 2;
  expectSameForecasts(plain, run(altered, 0));
}

TEST_F(BacktestRun, SameForecastsAtOneAndTwoThreads) {
  const auto history = read({{'A', 1}, {'B', 0.5}});
  expectSameForecasts(run(history, 1), run(history, 2));
}

TEST_F(BacktestRun, EveryForecastLiesWithinItsHorizonAfterItsOrigin) {
  const BacktestResult r = run(read({{'A', 1}, {'B', 0.5}}), 0);
  EXPECT_EQ(r.origins.size(), 2u);
  for (const auto& f : r.forecasts) {
    EXPECT_LT(f.origin, f.target);
    EXPECT_LE(f.target - f.origin, 7 * f.horizon_weeks);
    EXPECT_EQ(f.test, day("2024-10-31") < f.target);
    // The model's band holds its median; the naive "no change" is the last price known.
    EXPECT_LE(f.model[0].q05, f.model[0].median);
    EXPECT_LE(f.model[0].median, f.model[0].q95);
  }
}

}  // namespace
}  // namespace grainsim

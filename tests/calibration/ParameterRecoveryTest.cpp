// Parameter recovery: observations simulated from known values on the real observation dates,
// with noise, are fitted by the calibration, which must find the values again. Reduced scale
// (one agent per 2,000 households) so that it runs in CI.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <random>

#include "calibration/Calibration.hpp"
#include "calibration/Observations.hpp"
#include "calibration/Posterior.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

using testing::kSourceDir;

struct Truth {
  const char* key;
  const char* range;  // as --param writes it
  double lo, hi;
  bool log;
  double value;
  double tolerance;  // on the value's scale: absolute (linear) or relative (log)
};

// Three parameters the data speak to: how far prices follow the exchange rate at once, how
// steeply they rise between harvests, and what moving grain between regions costs. In key
// order, the order of the scenario's priors.
const Truth kTruth[] = {
    {"arbitrage.cost_usd_per_t_km", "loguniform(0.02, 0.3)", 0.02, 0.3, true, 0.08, 0.3},
    {"exchange.domestic_passthrough", "uniform(0, 1)", 0, 1, false, 0.6, 0.1},
    {"storage.carrying_cost_per_month", "loguniform(0.005, 0.08)", 0.005, 0.08, true, 0.02, 0.3}};

double unitOf(const Truth& t) {
  return t.log ? std::log(t.value / t.lo) / std::log(t.hi / t.lo)
               : (t.value - t.lo) / (t.hi - t.lo);
}

std::vector<std::string> overrides() {
  std::vector<std::string> o = {"population.agent_weight=2000"};
  for (const auto& t : kTruth) o.push_back(std::string(t.key) + "=" + t.range);
  return o;
}

TEST(ParameterRecovery, FindsKnownValuesFromNoisyObservationsOnTheRealDates) {
  const UncertainScenario scenario =
      loadUncertainScenario(kSourceDir / "runs/dprk-2023-2025.ini", overrides());
  ObservationFilter filter;
  filter.first = scenario.nominal().params.run.start_date.plusDays(1);
  filter.last = scenario.nominal().params.run.end_date;
  std::vector<PriceObservation> observations = readObservations(
      kSourceDir / "calibration/data/prices.csv", kSourceDir / "calibration/data/city_regions.csv",
      scenario.nominal(), filter);
  ASSERT_GT(observations.size(), 80u);
  for (std::size_t i = 0; i < std::size(kTruth); ++i)
    ASSERT_EQ(scenario.priors()[i].key(), kTruth[i].key);

  // The truth's prices on those dates, with 5 % log-normal measurement noise.
  std::vector<double> truth_u;
  for (const auto& t : kTruth) truth_u.push_back(unitOf(t));
  const ObjectiveOptions options{1, 2, 0};
  const Evaluation truth = PriceObjective({{&scenario, observations}}, options).evaluate(truth_u);
  ASSERT_TRUE(truth.failure.empty()) << truth.failure;
  std::mt19937 gen(20250705);
  std::normal_distribution<double> noise(0, 0.05);
  for (std::size_t i = 0; i < observations.size(); ++i)
    observations[i].kpw_per_kg = truth.simulated[i] * std::exp(noise(gen));

  const PriceObjective objective({{&scenario, observations}}, options);
  EvaluationJournal journal("", "");
  JournaledObjective journaled(objective, journal);
  CalibrationOptions search;
  search.global_evaluations = 80;
  search.local_evaluations = 60;
  const CalibrationResult fit = calibrate(journaled, search);
  const std::vector<double> found = objective.values(fit.best_u);
  for (std::size_t i = 0; i < std::size(kTruth); ++i) {
    const Truth& t = kTruth[i];
    if (t.log)
      EXPECT_NEAR(std::log(found[i] / t.value), 0, t.tolerance) << t.key << " = " << found[i];
    else
      EXPECT_NEAR(found[i], t.value, t.tolerance) << t.key << " = " << found[i];
  }
  // The fit is as good as the noise allows: rms log error near 0.05.
  EXPECT_LT(std::sqrt(fit.best.loss), 0.07);

  // The posterior is a proper one and covers the truth within four of its sds.
  const Posterior posterior = laplacePosterior(journaled, fit);
  for (std::size_t i = 0; i < std::size(kTruth); ++i) {
    std::cout << kTruth[i].key << ": truth " << kTruth[i].value << ", found " << found[i]
              << ", posterior sd " << posterior.sd[i] << "\n";
    EXPECT_GT(posterior.sd[i], 0) << kTruth[i].key;
    EXPECT_LT(std::abs(found[i] - kTruth[i].value), 4 * posterior.sd[i]) << kTruth[i].key;
  }
  EXPECT_NEAR(posterior.sigma, 0.05, 0.02);
}

}  // namespace
}  // namespace grainsim

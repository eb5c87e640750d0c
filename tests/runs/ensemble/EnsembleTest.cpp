/// \brief Ensembles: common random numbers, replicate identity, quantiles, failure policy.
#include "runs/ensemble/Ensemble.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "model/Recorder.hpp"
#include "model/Simulation.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

/// The default scenario, small and short enough for many replicates: through 20 January.
std::vector<std::string> smallWinter(double weight, std::vector<std::string> extra = {}) {
  std::vector<std::string> o{"population.agent_weight=" + std::to_string(weight),
                             "run.spinup_days=10", "run.end_date=2027-01-20"};
  o.insert(o.end(), extra.begin(), extra.end());
  return o;
}

/// Values as bytes: NaN cells (wheat has no retail price) compare unequal as doubles.
std::string bytes(const std::vector<double>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
}

/// Every replicate's outputs by arm, as the observer sees them.
struct Kept {
  std::map<std::pair<std::size_t, std::uint32_t>, RunOutput> runs;
  EnsembleObserver observer() {
    EnsembleObserver o;
    o.replicate_done = [this](std::size_t arm, std::uint32_t r, const RunOutput& out) {
      runs[{arm, r}] = out;
    };
    return o;
  }
};

double at(const RunOutput& out, std::string_view variable, int day, std::size_t region,
          std::size_t commodity) {
  return Series(out, variable)(day, region, commodity);
}

double variance(const std::vector<double>& x) {
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  return ss / static_cast<double>(x.size() - 1);
}

/// Per replicate: the aid's effect on the mid-January flour price, averaged over regions.
std::vector<double> flourEffects(bool common_random_numbers, std::uint32_t n,
                                 const std::vector<std::string>& settings) {
  const auto policy = loadUncertainScenario(std::nullopt, settings);
  auto no_aid = settings;
  no_aid.push_back("aid.tonnage_scale=0");
  const auto baseline = loadUncertainScenario(std::nullopt, no_aid);
  const std::vector<EnsembleArm> arms{{"policy", &policy}, {"baseline", &baseline}};
  EnsembleOptions o;
  o.replicates = n;
  o.common_random_numbers = common_random_numbers;
  Kept kept;
  runEnsemble(arms, ensembleLayout(arms, o, false), o, kept.observer());
  const auto& nominal = policy.nominal();
  const int jan15 = *Date::parse("2027-01-15") - nominal.params.run.start_date;
  const auto flour = static_cast<std::size_t>(nominal.commodityIndex("flour"));
  std::vector<double> effects;
  for (std::uint32_t r = 0; r < n; ++r) {
    double sum = 0;
    for (std::size_t g = 0; g < nominal.regions.size(); ++g)
      sum += at(kept.runs.at({0, r}), "price", jan15, g, flour) /
                 at(kept.runs.at({1, r}), "price", jan15, g, flour) -
             1;
    effects.push_back(sum / static_cast<double>(nominal.regions.size()));
  }
  return effects;
}

/// Variance of the effect with independent streams over that with common random numbers.
double varianceFactor(const std::vector<std::string>& settings, const std::string& label) {
  const std::uint32_t n = 16;
  const double common = variance(flourEffects(true, n, settings));
  const double independent = variance(flourEffects(false, n, settings));
  std::cout << label << ": variance of the mid-January flour-price effect over " << n
            << " replicates, independent streams " << independent << ", common random numbers "
            << common << ", factor " << independent / common << "\n";
  return independent / common;
}

/// Rail stoppages are the only draws that act on the aid alone: without them every draw the
/// aid does not change cancels between the arms of a pair.
const std::string kNoStoppages = "logistics.disruption_start_probability=0";

TEST(Ensemble, CommonRandomNumbersCutTheEffectsVarianceTenfold) {
  // At 1:2000 each run's noise is mostly the households' draws, which the aid does not change.
  EXPECT_GE(varianceFactor(smallWinter(2000, {kNoStoppages}), "no rail stoppages, 1:2000"), 10.0);
}

TEST(Ensemble, RailStoppagesStayInTheEffectsVariance) {
  // With stoppages the aid lands on different days in different replicates: a real spread of
  // the effect, drawn identically in both arms but acting only in the policy arm, so pairing
  // cannot cancel it. Common random numbers still help, by less.
  const double factor = varianceFactor(smallWinter(2000), "default settings, 1:2000");
  EXPECT_GE(factor, 2.0);
  const double with = variance(flourEffects(true, 16, smallWinter(2000)));
  const double without = variance(flourEffects(true, 16, smallWinter(2000, {kNoStoppages})));
  EXPECT_GT(with, 3 * without);
}

TEST(Ensemble, AReplicateIsTheSameAloneOrAmongOthers) {
  const auto scenario = loadUncertainScenario(
      std::nullopt, smallWinter(2000, {"income.coping_share=uniform(0.05, 0.2)",
                                       "shipments.2a.arrival_date=date_uniform(2027-01-10, "
                                       "2027-01-25)"}));
  const std::vector<EnsembleArm> arms{{"", &scenario}};
  EnsembleOptions o;
  o.seed = 7;
  o.replicates = 4;
  Kept kept;
  runEnsemble(arms, ensembleLayout(arms, o, false), o, kept.observer());
  for (std::uint32_t r : {0u, 3u}) {
    const Scenario alone = scenario.realise(scenario.draw(7, r));
    const RunOutput out = simulate(alone, {7, r, 1});
    EXPECT_EQ(bytes(out.flatValues()), bytes(kept.runs.at({0, r}).flatValues()))
        << "replicate " << r;
  }
  // Different replicates really drew different parameters and trajectories.
  EXPECT_NE(bytes(kept.runs.at({0, 0}).flatValues()), bytes(kept.runs.at({0, 3}).flatValues()));
}

TEST(Ensemble, QuantilesAndMeansAreIdenticalAtOneAndTwoThreads) {
  const auto scenario = loadUncertainScenario(
      std::nullopt, smallWinter(2000, {"demand.substitution_elasticity=normal(1.5, 0.3)"}));
  const std::vector<EnsembleArm> arms{{"", &scenario}};
  EnsembleOptions o;
  o.replicates = 5;
  const auto layout = ensembleLayout(arms, o, false);
  o.threads = 1;
  const EnsembleSummary one = runEnsemble(arms, layout, o);
  o.threads = 2;
  const EnsembleSummary two = runEnsemble(arms, layout, o);
  EXPECT_EQ(bytes(one.quantiles[0]), bytes(two.quantiles[0]));
  EXPECT_EQ(bytes(one.means[0]), bytes(two.means[0]));
  EXPECT_EQ(bytes(one.parameter_values), bytes(two.parameter_values));
}

TEST(Ensemble, ExactQuantilesAreOrderStatisticsOfTheReplicates) {
  const auto scenario = loadUncertainScenario(std::nullopt, smallWinter(2000));
  const std::vector<EnsembleArm> arms{{"", &scenario}};
  EnsembleOptions o;
  o.replicates = 5;
  o.probabilities = {0.25, 0.5, 0.75};
  o.exact_limit = 9;
  Kept kept;
  const EnsembleSummary s = runEnsemble(arms, ensembleLayout(arms, o, false), o, kept.observer());
  EXPECT_EQ(s.quantile_method, "exact (type 7)");
  const std::size_t cells = kept.runs.at({0, 0}).flatValues().size();
  const std::size_t cell = 1234;  // some price: the first variable has far more cells
  ASSERT_LT(cell, kept.runs.at({0, 0}).values[0].size());
  std::vector<double> x;
  double sum = 0;
  for (std::uint32_t r = 0; r < 5; ++r) {
    x.push_back(kept.runs.at({0, r}).values[0][cell]);
    sum += x.back();
  }
  std::sort(x.begin(), x.end());
  // Five values: the quartiles and the median fall exactly on order statistics 2, 3 and 4.
  EXPECT_EQ(s.quantiles[0][0 * cells + cell], x[1]);
  EXPECT_EQ(s.quantiles[0][1 * cells + cell], x[2]);
  EXPECT_EQ(s.quantiles[0][2 * cells + cell], x[3]);
  EXPECT_DOUBLE_EQ(s.means[0][cell], sum / 5);
  EXPECT_LT(x[0], x[4]) << "replicates should differ";
}

/// Each threshold alone passes the load-time checks; drawn together, some replicates put the
/// severe threshold above the insecure one, which no scenario may do.
std::vector<std::string> clashingPriors() {
  return smallWinter(4000, {"run.end_date=2026-12-05", "need.severe_threshold=uniform(0.3, 0.75)",
                            "need.insecure_threshold=uniform(0.6, 0.9)"});
}

std::vector<std::uint32_t> clashingReplicates(const UncertainScenario& s, std::uint32_t seed,
                                              std::uint32_t n) {
  std::vector<std::uint32_t> bad;
  for (std::uint32_t r = 0; r < n; ++r) try {
      s.realise(s.draw(seed, r));
    } catch (const ScenarioError&) {
      bad.push_back(r);
    }
  return bad;
}

TEST(Ensemble, AFailingReplicateStopsTheEnsembleNamingSeedAndParameters) {
  const auto scenario = loadUncertainScenario(std::nullopt, clashingPriors());
  const std::uint32_t n = 30;
  const auto bad = clashingReplicates(scenario, 1, n);
  ASSERT_FALSE(bad.empty()) << "the priors should clash in some of " << n << " replicates";
  const std::vector<EnsembleArm> arms{{"", &scenario}};
  EnsembleOptions o;
  o.replicates = n;
  try {
    runEnsemble(arms, ensembleLayout(arms, o, false), o);
    ADD_FAILURE() << "expected an EnsembleFailure";
  } catch (const EnsembleFailure& e) {
    EXPECT_EQ(e.failure.replicate, bad.front());
    testing::expectContainsAll(e.what(), {"replicate " + std::to_string(bad.front()), "seed 1",
                                          "need.severe_threshold=", "need.insecure_threshold="});
  }
}

TEST(Ensemble, SkippedReplicatesAreCountedAndLeftOut) {
  const auto scenario = loadUncertainScenario(std::nullopt, clashingPriors());
  const std::uint32_t n = 30;
  const auto bad = clashingReplicates(scenario, 1, n);
  const std::vector<EnsembleArm> arms{{"", &scenario}};
  EnsembleOptions o;
  o.replicates = n;
  o.on_failure = OnFailure::skip;
  std::vector<std::uint32_t> reported;
  EnsembleObserver observer;
  observer.failed = [&](const ReplicateFailure& f) { reported.push_back(f.replicate); };
  const EnsembleSummary s = runEnsemble(arms, ensembleLayout(arms, o, false), o, observer);
  EXPECT_EQ(reported, bad);
  std::vector<std::uint32_t> flagged;
  for (std::uint32_t r = 0; r < n; ++r)
    if (s.failed[r]) flagged.push_back(r);
  EXPECT_EQ(flagged, bad);
}

/// Thrown by the observer to stop an ensemble partway, as a kill would.
struct Stopped {};

/// Runs with a journal at `path`, stopping after `stop_after` replicates (0: never).
EnsembleSummary runJournaled(const std::vector<EnsembleArm>& arms, const EnsembleOptions& o,
                             const std::filesystem::path& path, std::size_t stop_after,
                             EnsembleObserver observer = {}) {
  EnsembleJournal journal(path, ensembleFingerprint(arms, o), o.replicates, false);
  if (stop_after > 0)
    observer.progress = [&](std::size_t done) {
      if (done == stop_after) throw Stopped{};
    };
  return runEnsemble(arms, ensembleLayout(arms, o, false), o, observer, &journal);
}

void expectSameSummary(const EnsembleSummary& a, const EnsembleSummary& b) {
  ASSERT_EQ(a.quantiles.size(), b.quantiles.size());
  for (std::size_t k = 0; k < a.quantiles.size(); ++k) {
    EXPECT_EQ(bytes(a.quantiles[k]), bytes(b.quantiles[k])) << "arm " << k;
    EXPECT_EQ(bytes(a.means[k]), bytes(b.means[k])) << "arm " << k;
  }
  EXPECT_EQ(bytes(a.effect_quantiles), bytes(b.effect_quantiles));
  EXPECT_EQ(bytes(a.effect_means), bytes(b.effect_means));
  EXPECT_EQ(bytes(a.relative_quantiles), bytes(b.relative_quantiles));
  EXPECT_EQ(bytes(a.relative_means), bytes(b.relative_means));
  EXPECT_EQ(bytes(a.parameter_values), bytes(b.parameter_values));
  EXPECT_EQ(a.failed, b.failed);
  EXPECT_EQ(a.quantile_method, b.quantile_method);
}

TEST(Ensemble, AComparisonStoppedPartwayResumesFromItsJournalToTheSameSummary) {
  const auto settings =
      smallWinter(4000, {"run.end_date=2026-12-20", "income.coping_share=uniform(0.05, 0.2)"});
  const auto policy = loadUncertainScenario(std::nullopt, settings);
  auto no_aid = settings;
  no_aid.push_back("aid.tonnage_scale=0");
  const auto baseline = loadUncertainScenario(std::nullopt, no_aid);
  const std::vector<EnsembleArm> arms{{"policy", &policy}, {"baseline", &baseline}};
  EnsembleOptions o;
  o.replicates = 8;
  o.threads = 2;
  // Exact quantiles keep every replicate; P-square's estimates depend on the order they come in.
  for (const std::size_t exact_limit : {std::size_t{200}, std::size_t{17}}) {
    o.exact_limit = exact_limit;
    const EnsembleSummary whole = runEnsemble(arms, ensembleLayout(arms, o, false), o);
    testing::TempDir dir;
    const auto path = dir.path() / "c.h5.journal";
    EXPECT_THROW(runJournaled(arms, o, path, 3), Stopped);
    {
      EnsembleJournal journal(path, ensembleFingerprint(arms, o), o.replicates, false);
      EXPECT_EQ(journal.resumed(), 3u);
    }
    std::size_t run_now = 0;
    EnsembleObserver counting;
    counting.progress = [&](std::size_t done) { run_now = done; };
    expectSameSummary(whole, runJournaled(arms, o, path, 0, counting));
    EXPECT_EQ(run_now, 5u) << "the journal's replicates must not run again";
  }
}

TEST(Ensemble, AResumedEnsembleReplaysItsSkippedFailuresAndStopsAtThemUnderStop) {
  const auto scenario = loadUncertainScenario(std::nullopt, clashingPriors());
  const std::uint32_t n = 30;
  const auto bad = clashingReplicates(scenario, 1, n);
  ASSERT_FALSE(bad.empty());
  const std::vector<EnsembleArm> arms{{"", &scenario}};
  EnsembleOptions o;
  o.replicates = n;
  o.on_failure = OnFailure::skip;
  testing::TempDir dir;
  const auto path = dir.path() / "f.h5.journal";
  EXPECT_THROW(runJournaled(arms, o, path, n - 1), Stopped);  // every failure is journaled

  std::vector<std::uint32_t> reported;
  EnsembleObserver observer;
  observer.failed = [&](const ReplicateFailure& f) { reported.push_back(f.replicate); };
  const EnsembleSummary skipped = runJournaled(arms, o, path, 0, observer);
  EXPECT_EQ(reported, bad) << "replayed failures are reported as the first run reported them";
  expectSameSummary(skipped, runEnsemble(arms, ensembleLayout(arms, o, false), o));

  // The same journal under stop ends at the first failure, as a run without it would.
  o.on_failure = OnFailure::stop;
  try {
    runJournaled(arms, o, path, 0);
    ADD_FAILURE() << "expected an EnsembleFailure";
  } catch (const EnsembleFailure& e) {
    EXPECT_EQ(e.failure.replicate, bad.front());
    testing::expectContainsAll(e.what(), {"seed 1", "need.severe_threshold="});
  }
}

TEST(Ensemble, ReplicateChecksCatchNonFiniteValuesAndABrokenLedger) {
  const Scenario s = loadScenario(std::nullopt, smallWinter(4000, {"run.end_date=2026-12-05"}));
  const RunOutput good = simulate(s, {1, 0, 1});
  EXPECT_EQ(checkReplicate(s, good), std::nullopt);

  const auto rice = static_cast<std::size_t>(s.commodityIndex("rice"));
  RunOutput bad = good;
  bad.values[outputIndex("price")][rice] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(checkReplicate(s, bad).value_or("").find("price on day 0"), std::string::npos);
  bad = good;
  bad.values[outputIndex("temperature")][3] = std::numeric_limits<double>::infinity();
  EXPECT_NE(checkReplicate(s, bad).value_or("").find("infinite"), std::string::npos);
  bad = good;
  bad.values[outputIndex("total_held")][rice] += 1000;
  EXPECT_NE(checkReplicate(s, bad).value_or("").find("ledger of rice"), std::string::npos);
}

}  // namespace
}  // namespace grainsim

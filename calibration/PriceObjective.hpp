/// \brief How far a parameter set's simulated prices lie from the observed ones: the weighted
/// mean squared log error over the observations, on common random numbers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calibration/Observations.hpp"
#include "model/ScenarioLoader.hpp"

namespace grainsim {

struct ObjectiveOptions {
  std::uint32_t seed = 1;
  /// Replicates averaged per evaluation. Every evaluation runs replicates 0..n-1 of `seed`
  /// (common random numbers), so the objective is a deterministic, smooth-as-the-model function
  /// of the parameters.
  std::uint32_t replicates = 2;
  int threads = 0;  ///< 0: all cores (replicates run side by side, one core each)
};

/// One parameter set's fit.
struct Evaluation {
  /// Weighted mean squared log error, sum w (log sim - log obs)^2 / sum w; when the scenario
  /// cannot be realised or a run fails, kFailedLoss and `failure` says why.
  double loss = 0;
  std::vector<double> simulated;  ///< per observation: exp(mean over replicates of log price)
  std::string failure;
};

inline constexpr double kFailedLoss = 1e6;

/// One run held to observations: a scenario (one long run, or a forecast from one origin) and
/// the observations inside its recorded days after its first.
struct ObjectiveSegment {
  const UncertainScenario* scenario = nullptr;
  std::vector<PriceObservation> observations;
};

/// The fit of the scenario's priors to observed prices. Parameters live on the unit cube: u_i
/// in [0, 1] is priors()[i].quantile(u_i), so a uniform range is searched linearly and a
/// loguniform one in logs. The scenario's priors are the parameters (calibrate gives each
/// --param range as a uniform or loguniform prior). The observations of every segment count
/// alike; an observation forecast from several origins counts once per origin.
class PriceObjective {
 public:
  /// Throws ScenarioError when an observation lies outside its segment's recorded days, a
  /// prior is not a uniform, loguniform or date_uniform range, or segments differ in priors.
  PriceObjective(std::vector<ObjectiveSegment> segments, ObjectiveOptions options);

  std::size_t dimension() const { return scenario().priors().size(); }
  /// Every segment's observations, end to end: what Evaluation::simulated lines up with.
  const std::vector<PriceObservation>& observations() const { return observations_; }
  /// The first day of the segment each observation belongs to.
  const std::vector<Date>& observationStarts() const { return starts_; }
  const std::vector<ObjectiveSegment>& segments() const { return segments_; }
  /// The first segment's scenario: the priors, and the scenario a fit is written into.
  const UncertainScenario& scenario() const { return *segments_.front().scenario; }
  const ObjectiveOptions& options() const { return options_; }

  /// Each prior's value at unit-cube point u (dates: day numbers).
  std::vector<double> values(const std::vector<double>& u) const;
  Evaluation evaluate(const std::vector<double>& u) const;

 private:
  std::vector<ObjectiveSegment> segments_;
  std::vector<PriceObservation> observations_;
  std::vector<Date> starts_;
  ObjectiveOptions options_;
};

/// Mean absolute percentage error of simulated against observed prices (unweighted).
double meanAbsolutePercentageError(const std::vector<PriceObservation>& observations,
                                   const std::vector<double>& simulated);

}  // namespace grainsim

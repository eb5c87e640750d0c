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

/// The fit of the scenario's priors to observed prices. Parameters live on the unit cube: u_i
/// in [0, 1] is priors()[i].quantile(u_i), so a uniform range is searched linearly and a
/// loguniform one in logs. The scenario's priors are the parameters (calibrate gives each
/// --param range as a uniform or loguniform prior).
class PriceObjective {
 public:
  /// Throws ScenarioError when an observation lies outside the recorded days, or a prior is not
  /// a uniform, loguniform or date_uniform range.
  PriceObjective(const UncertainScenario& scenario, std::vector<PriceObservation> observations,
                 ObjectiveOptions options);

  std::size_t dimension() const { return scenario_->priors().size(); }
  const std::vector<PriceObservation>& observations() const { return observations_; }
  const UncertainScenario& scenario() const { return *scenario_; }
  const ObjectiveOptions& options() const { return options_; }

  /// Each prior's value at unit-cube point u (dates: day numbers).
  std::vector<double> values(const std::vector<double>& u) const;
  Evaluation evaluate(const std::vector<double>& u) const;

 private:
  const UncertainScenario* scenario_;
  std::vector<PriceObservation> observations_;
  ObjectiveOptions options_;
};

/// Mean absolute percentage error of simulated against observed prices (unweighted).
double meanAbsolutePercentageError(const std::vector<PriceObservation>& observations,
                                   const std::vector<double>& simulated);

}  // namespace grainsim

/// \brief The data's uncertainty about the fitted parameters: a Laplace approximation of the
/// posterior at the best fit, written as priors a forecast can draw from.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "calibration/Calibration.hpp"

namespace grainsim {

/// With log prices observed as simulated + N(0, sigma^2 / w_i) errors and sigma profiled out,
/// the negative log-likelihood is (n/2) log(loss) with n = sum of the weights. Its Hessian at
/// the best fit, by central differences on the unit cube, inverted, is the approximate
/// posterior covariance (flat priors over the ranges).
struct Posterior {
  std::vector<double> best_u;
  Eigen::MatrixXd covariance_u;  ///< on the unit cube
  std::vector<double> value;     ///< each parameter at the best fit (dates: day numbers)
  std::vector<double> sd;        ///< approximate posterior sd in the parameter's units
  double sigma = 0;              ///< measurement-error scale of log prices, sqrt(loss)
  double effective_n = 0;        ///< sum of the observation weights
  /// True when the Hessian was not positive definite (a flat or noisy direction) and its
  /// eigenvalues were raised to 12, the curvature of a uniform over the whole range: such a
  /// parameter's sd is capped at the range's.
  bool regularised = false;
};

/// Estimates the posterior with differences of `step` (unit cube) around `result.best_u`
/// (moved inside [step, 1 - step] where it lies closer to a bound). Costs 1 + 2k + 2k(k - 1)
/// evaluations for k parameters, through the journal.
Posterior laplacePosterior(JournaledObjective& objective, const CalibrationResult& result,
                           double step = 0.03);

/// The posterior as scenario INI lines, one prior per parameter: normal(value, sd) for
/// linear ranges; for log ranges the same with sd from the log scale (value x sd of log);
/// date_uniform over value +- sqrt(3) sd for dates (the same sd). Pairs of key and prior text.
std::vector<std::pair<std::string, std::string>> posteriorPriors(const PriceObjective& objective,
                                                                 const Posterior& posterior);

}  // namespace grainsim

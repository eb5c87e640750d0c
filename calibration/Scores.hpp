/// \brief Forecast scores for one observation and their summaries: absolute percentage error,
/// bias, band coverage and the continuous ranked probability score (CRPS).
#pragma once

#include <cstddef>
#include <vector>

namespace grainsim {

/// One forecast of one observed price, scored.
struct Score {
  double ape = 0;     ///< |forecast median - observed| / observed
  double error = 0;   ///< (forecast median - observed) / observed (signed: bias)
  bool in50 = false;  ///< observed within the central 50 % band [q25, q75]
  bool in90 = false;  ///< observed within the central 90 % band [q05, q95]
  double crps = 0;    ///< CRPS of the predictive distribution, divided by the observed value
  double median = 0;  ///< the forecast median, KPW/kg
  double q05 = 0, q25 = 0, q75 = 0, q95 = 0;  ///< band ends, KPW/kg
};

/// Scores a predictive sample (an ensemble, any order; not empty) against the observed value
/// (> 0). Quantiles interpolate linearly between order statistics (Hyndman and Fan type 7, as
/// numpy's default); CRPS is the sample's exact one, E|X - y| - E|X - X'| / 2, in
/// O(m log m) from the sorted sample.
Score scoreSample(std::vector<double> sample, double observed);

/// Scores a point forecast (> 0) as a one-value sample: its CRPS is its absolute error, and its
/// bands are the point itself (an observation is inside only when equal to it).
Score scorePoint(double forecast, double observed);

/// Means over a set of scores (all zero when empty).
struct ScoreSummary {
  std::size_t n = 0;
  double mape = 0;        ///< mean APE
  double mdape = 0;       ///< median APE (mean of the two middle values when n is even)
  double bias = 0;        ///< mean signed error
  double coverage50 = 0;  ///< share in the 50 % band
  double coverage90 = 0;  ///< share in the 90 % band
  double crps = 0;        ///< mean relative CRPS
};

ScoreSummary summarise(const std::vector<Score>& scores);

}  // namespace grainsim

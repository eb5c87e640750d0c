#include "calibration/Scores.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace grainsim {

namespace {

/// Type 7 quantile of a sorted, non-empty sample.
double quantile(const std::vector<double>& x, double p) {
  const double h = static_cast<double>(x.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto hi = static_cast<std::size_t>(std::ceil(h));
  return x[lo] + (h - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

}  // namespace

Score scoreSample(std::vector<double> sample, double observed) {
  if (sample.empty()) throw std::invalid_argument("scoreSample: empty sample");
  if (!std::isfinite(observed) || observed <= 0)
    throw std::invalid_argument("scoreSample: observed value must be finite and > 0");
  if (!std::all_of(sample.begin(), sample.end(), [](double v) { return std::isfinite(v); }))
    throw std::invalid_argument("scoreSample: non-finite sample value");
  std::sort(sample.begin(), sample.end());

  Score s;
  s.median = quantile(sample, 0.5);
  s.q05 = quantile(sample, 0.05);
  s.q25 = quantile(sample, 0.25);
  s.q75 = quantile(sample, 0.75);
  s.q95 = quantile(sample, 0.95);
  s.in50 = s.q25 <= observed && observed <= s.q75;
  s.in90 = s.q05 <= observed && observed <= s.q95;
  s.error = (s.median - observed) / observed;
  s.ape = std::abs(s.error);

  // In sorted order, sum_i sum_j |x_i - x_j| = 2 sum_i (2i - m + 1) x_(i): no O(m^2) pair loop.
  const double m = static_cast<double>(sample.size());
  double abs_error = 0, spread = 0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    abs_error += std::abs(sample[i] - observed);
    spread += (2 * static_cast<double>(i) - m + 1) * sample[i];
  }
  s.crps = (abs_error / m - spread / (m * m)) / observed;
  return s;
}

Score scorePoint(double forecast, double observed) {
  return scoreSample({forecast}, observed);
}

ScoreSummary summarise(const std::vector<Score>& scores) {
  ScoreSummary sum;
  sum.n = scores.size();
  if (scores.empty()) return sum;
  std::vector<double> apes;
  apes.reserve(scores.size());
  for (const Score& s : scores) {
    sum.mape += s.ape;
    sum.bias += s.error;
    sum.coverage50 += s.in50;
    sum.coverage90 += s.in90;
    sum.crps += s.crps;
    apes.push_back(s.ape);
  }
  const double n = static_cast<double>(sum.n);
  sum.mape /= n;
  sum.bias /= n;
  sum.coverage50 /= n;
  sum.coverage90 /= n;
  sum.crps /= n;
  std::sort(apes.begin(), apes.end());
  sum.mdape = quantile(apes, 0.5);  // type 7 at 0.5 averages the two middle values
  return sum;
}

}  // namespace grainsim

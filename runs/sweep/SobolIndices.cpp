/// \brief Saltelli (2010) first-order and Jansen (1999) total indices, bootstrapped over rows.
#include "runs/sweep/SobolIndices.hpp"

#include "model/Rng.hpp"
#include "runs/sweep/Design.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace grainsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Per used row, everything the estimators sum, so a resample is only additions:
/// [0] zA + zB, [1] zA^2 + zB^2 (z: output minus the pooled mean), then per parameter i
/// [2 + i] zB (f(AB_i) - f(A)), and [2 + k + i] (f(A) - f(AB_i))^2.
class RowTerms {
 public:
  explicit RowTerms(std::size_t dimensions)
      : dimensions_(dimensions), stride_(2 * dimensions + 2) {}

  std::size_t stride() const { return stride_; }
  std::size_t rows() const { return terms_.size() / stride_; }
  const double* row(std::size_t r) const { return terms_.data() + r * stride_; }

  void add(const double* outputs, double centre) {
    const double a = outputs[0], b = outputs[1];
    const double za = a - centre, zb = b - centre;
    terms_.push_back(za + zb);
    terms_.push_back(za * za + zb * zb);
    for (std::size_t i = 0; i < dimensions_; ++i) terms_.push_back(zb * (outputs[2 + i] - a));
    for (std::size_t i = 0; i < dimensions_; ++i) {
      const double d = a - outputs[2 + i];
      terms_.push_back(d * d);
    }
  }
  void reserve(std::size_t rows) { terms_.reserve(rows * stride_); }

 private:
  std::size_t dimensions_;
  std::size_t stride_;
  std::vector<double> terms_;
};

/// Pooled variance of A and B from the summed terms of `rows` rows (2 * rows values).
double pooledVariance(const double* sums, std::size_t rows) {
  const double values = 2.0 * static_cast<double>(rows);
  const double mean = sums[0] / values;
  return std::max(0.0, (sums[1] - sums[0] * mean) / (values - 1.0));
}

/// Indices from summed terms; NaN when the variance is 0.
void indicesFromSums(const double* sums, std::size_t rows, std::size_t dimensions, double* first,
                     double* total) {
  const double variance = pooledVariance(sums, rows);
  const double count = static_cast<double>(rows);
  for (std::size_t i = 0; i < dimensions; ++i) {
    first[i] = variance > 0 ? sums[2 + i] / count / variance : kNaN;
    total[i] = variance > 0 ? sums[2 + dimensions + i] / count / (2.0 * variance) : kNaN;
  }
}

/// Type 7 quantile of the finite values, which `scratch` receives (and sorts); NaN if none.
void percentileInterval(std::span<const double> values, double confidence,
                        std::vector<double>& scratch, double& low, double& high) {
  scratch.clear();
  for (const double v : values)
    if (std::isfinite(v)) scratch.push_back(v);
  if (scratch.empty()) {
    low = high = kNaN;
    return;
  }
  std::sort(scratch.begin(), scratch.end());
  auto type7 = [&](double p) {
    const double h = static_cast<double>(scratch.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    if (lo + 1 >= scratch.size()) return scratch.back();
    return scratch[lo] + (h - static_cast<double>(lo)) * (scratch[lo + 1] - scratch[lo]);
  };
  low = type7((1.0 - confidence) / 2.0);
  high = type7((1.0 + confidence) / 2.0);
}

}  // namespace

SobolIndices sobolIndices(std::span<const double> y, std::size_t base_samples,
                          std::size_t dimensions, std::size_t resamples, double confidence,
                          std::uint32_t bootstrap_seed) {
  if (dimensions == 0) throw std::invalid_argument("sobolIndices: dimensions must be > 0");
  const std::size_t blocks = dimensions + 2;
  if (base_samples > y.size() / blocks || y.size() != base_samples * blocks)
    throw std::invalid_argument("sobolIndices: " + std::to_string(y.size()) +
                                " outputs, expected base_samples * (dimensions + 2) = " +
                                std::to_string(base_samples) + " * " + std::to_string(blocks));
  if (!(confidence > 0.0 && confidence < 1.0))  // also rejects NaN
    throw std::invalid_argument("sobolIndices: confidence " + std::to_string(confidence) +
                                " is not strictly between 0 and 1");
  // Resample and row indices go into 32-bit counter fields and the 32-bit row picks.
  if (resamples > std::numeric_limits<std::uint32_t>::max() ||
      base_samples > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("sobolIndices: resamples and base_samples must fit 32 bits");

  SobolIndices result;
  for (auto* v : {&result.first, &result.total, &result.first_low, &result.first_high,
                  &result.total_low, &result.total_high})
    v->assign(dimensions, kNaN);

  // Rows whose k + 2 outputs are all finite, and the pooled mean and range of their A and B.
  std::vector<std::size_t> used;
  double sum = 0, smallest = std::numeric_limits<double>::infinity(), largest = -smallest;
  for (std::size_t j = 0; j < base_samples; ++j) {
    const auto row = y.subspan(j * blocks, blocks);
    if (!std::all_of(row.begin(), row.end(), [](double v) { return std::isfinite(v); })) continue;
    used.push_back(j);
    sum += row[0] + row[1];
    smallest = std::min({smallest, row[0], row[1]});
    largest = std::max({largest, row[0], row[1]});
  }
  const std::size_t rows = used.size();
  result.rows_used = rows;
  if (rows == 0) {
    result.variance = kNaN;
    return result;
  }
  const double centre = sum / (2.0 * static_cast<double>(rows));

  RowTerms terms(dimensions);
  terms.reserve(rows);
  for (const std::size_t j : used) terms.add(y.data() + j * blocks, centre);
  const std::size_t stride = terms.stride();
  std::vector<double> sums(stride, 0.0);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t t = 0; t < stride; ++t) sums[t] += terms.row(r)[t];

  // A constant output is caught here exactly: its centred values need not be exactly 0.
  result.variance = smallest == largest ? 0.0 : pooledVariance(sums.data(), rows);
  if (rows < 2 || !(result.variance > 0)) return result;
  indicesFromSums(sums.data(), rows, dimensions, result.first.data(), result.total.data());
  if (resamples == 0) return result;

  // Bootstrap: resample r's draw d is word d % 4 of the Philox block at counter (r, d / 4), so
  // each resample depends on (seed, r) only. Per-index results are stored index-major, to be
  // sorted per index afterwards; nothing is allocated inside the loop.
  const KeyedRng rng(bootstrap_seed, kDesignStreamBootstrap);
  std::vector<double> boot_first(dimensions * resamples), boot_total(dimensions * resamples);
  std::vector<double> first(dimensions), total(dimensions);
  const std::uint64_t row_count = rows;
  for (std::size_t r = 0; r < resamples; ++r) {
    std::fill(sums.begin(), sums.end(), 0.0);
    std::array<std::uint32_t, 4> words{};
    for (std::size_t d = 0; d < rows; ++d) {
      if (d % 4 == 0)
        words = rng.words(static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(d / 4),
                          Purpose::design);
      // Multiply-shift maps 32 random bits onto [0, rows): bias below rows / 2^32.
      const auto pick = static_cast<std::size_t>((words[d % 4] * row_count) >> 32);
      const double* row = terms.row(pick);
      for (std::size_t t = 0; t < stride; ++t) sums[t] += row[t];
    }
    indicesFromSums(sums.data(), rows, dimensions, first.data(), total.data());
    for (std::size_t i = 0; i < dimensions; ++i) {
      boot_first[i * resamples + r] = first[i];
      boot_total[i * resamples + r] = total[i];
    }
  }
  std::vector<double> scratch;
  scratch.reserve(resamples);
  const std::span<const double> all_first(boot_first), all_total(boot_total);
  for (std::size_t i = 0; i < dimensions; ++i) {
    percentileInterval(all_first.subspan(i * resamples, resamples), confidence, scratch,
                       result.first_low[i], result.first_high[i]);
    percentileInterval(all_total.subspan(i * resamples, resamples), confidence, scratch,
                       result.total_low[i], result.total_high[i]);
  }
  return result;
}

}  // namespace grainsim

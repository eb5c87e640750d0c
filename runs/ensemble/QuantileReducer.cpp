/// \brief Exact (type 7) quantiles up to a replicate limit, Boost's extended P-square beyond it.
#include "runs/ensemble/QuantileReducer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/extended_p_square.hpp>
#include <boost/accumulators/statistics/stats.hpp>

namespace grainsim {

namespace {

namespace acc = boost::accumulators;
using PSquare = acc::accumulator_set<double, acc::stats<acc::tag::extended_p_square>>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Type 7: h = (n - 1) p, linear between the order statistics around h. `sorted` is not empty.
double type7(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

}  // namespace

struct QuantileReducer::Impl {
  std::size_t cells = 0;
  std::vector<double> probabilities;
  std::size_t exact_limit = 0;
  std::size_t count = 0;

  /// Exact mode: one row of `cells` values per replicate, in order. Separate rows rather than
  /// one growing buffer, so the peak is the values themselves, not a reallocation's two copies.
  std::vector<std::vector<double>> kept;
  /// P-square mode: one estimator per cell. Empty in exact mode.
  std::vector<PSquare> estimators;
  /// Sums in replicate order, in both modes, so a mean never depends on the mode.
  std::vector<double> sums;
  /// 1 once a cell has seen NaN or +-inf; such a cell is never fed to P-square (its markers would
  /// be meaningless and comparisons with NaN break the marker order).
  std::vector<unsigned char> nonfinite;

  void feed(std::span<const double> values) {
    for (std::size_t c = 0; c < cells; ++c)
      if (!nonfinite[c]) estimators[c](values[c]);
  }

  /// Builds every estimator before touching any state, so running out of memory here leaves
  /// the reducer as it was; feeding allocates nothing.
  void switchToPSquare() {
    std::vector<PSquare> built;
    built.reserve(cells);
    for (std::size_t c = 0; c < cells; ++c)
      built.emplace_back(acc::tag::extended_p_square::probabilities = probabilities);
    estimators = std::move(built);
    for (auto& row : kept) {
      feed(row);
      std::vector<double>().swap(row);  // frees it; clear() would keep the storage
    }
    std::vector<std::vector<double>>().swap(kept);
  }
};

QuantileReducer::QuantileReducer(std::size_t cells, std::vector<double> probabilities,
                                 std::size_t exact_limit)
    : impl_(std::make_unique<Impl>()) {
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double p = probabilities[i];
    if (!(p > 0.0 && p < 1.0))  // also rejects NaN
      throw std::invalid_argument("quantile probability " + std::to_string(p) +
                                  " is not strictly between 0 and 1");
    if (i > 0 && !(p > probabilities[i - 1]))
      throw std::invalid_argument("quantile probabilities must be strictly increasing");
  }
  const std::size_t markers = 2 * probabilities.size() + 3;
  if (exact_limit < markers)
    throw std::invalid_argument("exact quantile limit " + std::to_string(exact_limit) +
                                " is below " + std::to_string(markers) + " (2 * " +
                                std::to_string(probabilities.size()) +
                                " probabilities + 3, the P-square marker count)");
  impl_->cells = cells;
  impl_->probabilities = std::move(probabilities);
  impl_->exact_limit = exact_limit;
  impl_->sums.assign(cells, 0.0);
  impl_->nonfinite.assign(cells, 0);
}

QuantileReducer::~QuantileReducer() = default;
QuantileReducer::QuantileReducer(QuantileReducer&&) noexcept = default;
QuantileReducer& QuantileReducer::operator=(QuantileReducer&&) noexcept = default;

void QuantileReducer::add(std::span<const double> values) {
  Impl& m = *impl_;
  if (values.size() != m.cells)
    throw std::invalid_argument("a replicate has " + std::to_string(values.size()) +
                                " values, expected " + std::to_string(m.cells));
  // What can throw (allocation) comes first, so a failed add() changes nothing.
  const bool exact = m.count < m.exact_limit;
  if (exact)
    m.kept.emplace_back(values.begin(), values.end());
  else if (m.estimators.empty() && m.cells > 0)
    m.switchToPSquare();
  for (std::size_t c = 0; c < m.cells; ++c) {
    if (!std::isfinite(values[c])) m.nonfinite[c] = 1;
    m.sums[c] += values[c];
  }
  if (!exact) m.feed(values);  // after the flags: non-finite values never reach P-square
  ++m.count;
}

std::size_t QuantileReducer::cells() const {
  return impl_->cells;
}
std::size_t QuantileReducer::count() const {
  return impl_->count;
}
bool QuantileReducer::exact() const {
  return impl_->count <= impl_->exact_limit;
}
const std::vector<double>& QuantileReducer::probabilities() const {
  return impl_->probabilities;
}

std::vector<double> QuantileReducer::quantiles() const {
  const Impl& m = *impl_;
  const std::size_t np = m.probabilities.size();
  std::vector<double> q(np * m.cells, kNaN);
  if (m.count == 0) return q;
  std::vector<double> column;
  for (std::size_t c = 0; c < m.cells; ++c) {
    if (m.nonfinite[c]) continue;
    if (exact()) {
      column.resize(m.count);
      for (std::size_t r = 0; r < m.count; ++r) column[r] = m.kept[r][c];
      std::sort(column.begin(), column.end());
      for (std::size_t i = 0; i < np; ++i) q[i * m.cells + c] = type7(column, m.probabilities[i]);
    } else {
      const auto estimates = acc::extended_p_square(m.estimators[c]);
      for (std::size_t i = 0; i < np; ++i) q[i * m.cells + c] = estimates[i];
    }
  }
  return q;
}

std::vector<double> QuantileReducer::means() const {
  const Impl& m = *impl_;
  std::vector<double> mean(m.cells, kNaN);
  if (m.count == 0) return mean;
  for (std::size_t c = 0; c < m.cells; ++c)
    if (!m.nonfinite[c]) mean[c] = m.sums[c] / static_cast<double>(m.count);
  return mean;
}

}  // namespace grainsim

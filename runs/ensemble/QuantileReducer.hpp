/// \brief Streams replicates' values into per-cell quantiles and means, in bounded memory.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace grainsim {

/// Fed one replicate at a time, always in replicate order (so results never depend on which
/// thread finished first). Up to `exact_limit` replicates it keeps every value and returns exact
/// quantiles (linear interpolation between order statistics, "type 7", numpy's default); when
/// one more arrives it replays the kept values, in order, into one P-square estimator per cell
/// (Boost.Accumulators extended_p_square) and frees them, so memory stops growing.
/// A cell that ever sees a non-finite value reports NaN for its quantiles and mean.
class QuantileReducer {
 public:
  /// `probabilities` in (0, 1), strictly increasing; exact_limit >= 2 * probabilities + 3
  /// (P-square's marker count). Throws std::invalid_argument otherwise.
  QuantileReducer(std::size_t cells, std::vector<double> probabilities, std::size_t exact_limit);
  ~QuantileReducer();
  QuantileReducer(QuantileReducer&&) noexcept;
  QuantileReducer& operator=(QuantileReducer&&) noexcept;

  /// One replicate's values; values.size() must equal cells().
  void add(std::span<const double> values);

  std::size_t cells() const;
  std::size_t count() const;  ///< replicates added
  bool exact() const;         ///< count() <= exact_limit: quantiles are exact
  const std::vector<double>& probabilities() const;

  /// Row-major [probability][cell]. NaN everywhere while count() == 0.
  std::vector<double> quantiles() const;
  /// Mean per cell, summed in replicate order.
  std::vector<double> means() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace grainsim

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
/// A cell that ever sees a non-finite value reports NaN for its quantiles and mean (and is never
/// fed to P-square). Results are a deterministic function of the sequence of add() calls; the
/// P-square state after N > exact_limit replicates does not depend on exact_limit.
///
/// Memory per cell (measured with glibc, x86-64, Boost 1.74; docs/UNCERTAINTY.md, "Quantile
/// estimates"):
/// - exact mode: 8 B per replicate kept (at most 8 * exact_limit), plus 9 B (sum, NaN flag);
///   each kept replicate also costs one 24 B row handle and one allocation header.
/// - P-square mode, m probabilities: the accumulator_set is 136 B (sizeof) and owns five
///   std::vector<double> (the probabilities, then heights, actual and desired positions and
///   position increments of 2m + 3 markers each): 8 * (m + 4 * (2m + 3)) B of heap plus 5
///   malloc headers; with the 9 B above, 281 + 72 m B: 785 B for the default 7 probabilities.
///   (Only heights and actual positions are truly per cell; Boost keeps the rest in every
///   estimator, which a hand-written P-square could share. Under 1 KB, so we take the library.)
/// - the switch briefly holds both: 8 * exact_limit + 785 B per cell. Exact mode costs as much
///   as P-square at exact_limit of about 100.
class QuantileReducer {
 public:
  /// `probabilities` in (0, 1), strictly increasing (may be empty: means only); exact_limit >=
  /// 2 * probabilities + 3 (P-square's marker count, which it fills before estimating).
  /// Throws std::invalid_argument otherwise.
  QuantileReducer(std::size_t cells, std::vector<double> probabilities, std::size_t exact_limit);
  ~QuantileReducer();
  /// A moved-from reducer may only be assigned to or destroyed.
  QuantileReducer(QuantileReducer&&) noexcept;
  QuantileReducer& operator=(QuantileReducer&&) noexcept;

  /// One replicate's values; values.size() must equal cells() (else std::invalid_argument).
  /// If it throws (also std::bad_alloc), the reducer is unchanged.
  void add(std::span<const double> values);

  std::size_t cells() const;
  std::size_t count() const;  ///< replicates added
  bool exact() const;         ///< count() <= exact_limit: quantiles are exact
  const std::vector<double>& probabilities() const;

  /// Row-major [probability][cell]. NaN everywhere while count() == 0. Exact mode sorts a copy
  /// of each cell's values: O(cells * count log count).
  std::vector<double> quantiles() const;
  /// Mean per cell: the sum in replicate order over count(), the same in both modes.
  std::vector<double> means() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace grainsim

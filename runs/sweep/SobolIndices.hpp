/// \brief First-order and total Sobol' sensitivity indices from a Saltelli design's outputs,
/// with bootstrap percentile intervals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace grainsim {

struct SobolIndices {
  std::vector<double> first, total;  ///< per parameter: S1_i, ST_i
  /// Bootstrap percentile interval of each index.
  std::vector<double> first_low, first_high, total_low, total_high;
  std::size_t rows_used = 0;  ///< base rows without a non-finite output
  double variance = 0;        ///< of the outputs of A and B together (NaN if no row is used)
};

/// y: one model output per design point, in the Saltelli layout of UnitDesign (size
/// base_samples * (dimensions + 2); row j's block 0 is f(A)_j, 1 is f(B)_j, 2 + i is f(AB_i)_j).
/// S1: Saltelli et al. (2010) estimator mean_j f(B)_j (f(AB_i)_j - f(A)_j) / V;
/// ST: Jansen (1999) mean_j (f(A)_j - f(AB_i)_j)^2 / (2V);
/// V = sample variance (divisor 2n - 1) of f(A) and f(B) pooled. f(B) in S1 is taken minus the
/// pooled mean: the same estimator in expectation (f(AB_i) - f(A) has mean 0), but its error no
/// longer grows with the output's offset from 0.
/// Rows (base sample j) with any non-finite value among their k + 2 outputs are left out.
/// Bootstrap: `resamples` resamplings of the used rows with replacement (Philox keyed by
/// bootstrap_seed, never by thread), percentile interval (type 7) at `confidence`; resamples
/// whose variance is 0 are left out of the percentiles. resamples == 0: NaN bounds.
/// V == 0 or fewer than 2 rows used: every index and bound NaN.
/// Throws std::invalid_argument if dimensions is 0, y has the wrong size, confidence is not in
/// (0, 1), or resamples or base_samples does not fit 32 bits.
/// Cost: O(y.size()) to set up plus O(resamples * rows_used * dimensions), single-threaded and
/// allocation-free per resample, so callers can run many output cells in parallel.
SobolIndices sobolIndices(std::span<const double> y, std::size_t base_samples,
                          std::size_t dimensions, std::size_t resamples, double confidence,
                          std::uint32_t bootstrap_seed);

}  // namespace grainsim

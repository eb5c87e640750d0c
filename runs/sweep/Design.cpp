/// \brief Grid, Latin hypercube and Saltelli (Sobol') designs, from counter-based draws only.
#include "runs/sweep/Design.hpp"

#include "model/Rng.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/random/sobol.hpp>

namespace grainsim {

namespace {

constexpr std::uint32_t kMaxUint32 = std::numeric_limits<std::uint32_t>::max();

std::uint64_t word64(std::uint32_t high, std::uint32_t low) {
  return (static_cast<std::uint64_t>(high) << 32) | low;
}

/// a * b, or throws if it does not fit a std::size_t (the design could never be allocated).
std::size_t checkedProduct(std::size_t a, std::size_t b, const char* what) {
  if (b != 0 && a > std::numeric_limits<std::size_t>::max() / b)
    throw std::invalid_argument(std::string(what) + " design is too large to allocate");
  return a * b;
}

/// Throws std::invalid_argument naming --samples unless points x dimensions coordinates (points
/// a product that may overflow, given as its factors) stay within kMaxDesignValues.
void checkDesignSize(std::string_view kind, std::size_t samples, std::size_t points_per_sample,
                     std::size_t dimensions) {
  const std::size_t per_sample = points_per_sample * dimensions;  // small: k <= Sobol' table
  if (samples > kMaxDesignValues / per_sample)
    throw std::invalid_argument("--samples " + std::to_string(samples) + ": a " +
                                std::string(kind) + " design of " + std::to_string(samples) +
                                " samples in " + std::to_string(dimensions) +
                                " dimensions has more than " + std::to_string(kMaxDesignValues) +
                                " coordinates (800 MB, held about three times); use fewer samples");
}

UnitDesign makeGrid(std::size_t levels, std::size_t dimensions) {
  if (levels < 2)
    throw std::invalid_argument("a grid needs at least 2 levels per dimension (both ends), not " +
                                std::to_string(levels));
  std::size_t points = 1;
  for (std::size_t i = 0; i < dimensions; ++i) {
    if (points > kMaxGridPoints / levels)
      throw std::invalid_argument("a grid of " + std::to_string(levels) + " levels in " +
                                  std::to_string(dimensions) + " dimensions has more than " +
                                  std::to_string(kMaxGridPoints) +
                                  " points; use fewer levels or an lhs or sobol design");
    points *= levels;
  }
  UnitDesign design{DesignKind::grid, dimensions, levels, {}};
  design.values.resize(points * dimensions);
  const double last_level = static_cast<double>(levels - 1);
  for (std::size_t p = 0; p < points; ++p) {
    std::size_t rest = p;
    for (std::size_t i = dimensions; i-- > 0;) {  // last dimension varies fastest
      const std::size_t level = rest % levels;
      rest /= levels;
      // A division rather than level * step: the top level is then 1 exactly.
      design.values[p * dimensions + i] = static_cast<double>(level) / last_level;
    }
  }
  return design;
}

UnitDesign makeLatinHypercube(std::size_t n, std::size_t dimensions, std::uint32_t seed) {
  if (n < 2)
    throw std::invalid_argument("a Latin hypercube needs at least 2 points, not " +
                                std::to_string(n));
  // Point and dimension indices go into 32-bit counter fields.
  if (n > kMaxUint32 || dimensions > kMaxUint32)
    throw std::invalid_argument("a Latin hypercube is limited to 2^32 - 1 points and dimensions");
  checkDesignSize("lhs", n, 1, dimensions);
  UnitDesign design{DesignKind::lhs, dimensions, n, {}};
  design.values.resize(checkedProduct(n, dimensions, "the Latin hypercube"));
  const KeyedRng rng(seed, kDesignStreamLhs);
  const double count = static_cast<double>(n);
  std::vector<std::uint32_t> strata(n);
  std::vector<double> jitter(n);
  for (std::size_t i = 0; i < dimensions; ++i) {
    std::iota(strata.begin(), strata.end(), 0u);
    // One Philox block per (dimension, point): words 0-1 pick point p's Fisher-Yates swap,
    // words 2-3 its jitter, so every draw depends on its indices alone.
    for (std::size_t p = n; p-- > 0;) {
      const auto w =
          rng.words(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(p), Purpose::design);
      if (p > 0) {
        // Modulo of 64 random bits: bias below n / 2^64, far below anything measurable.
        const std::size_t j = word64(w[0], w[1]) % (p + 1);
        std::swap(strata[p], strata[j]);
      }
      jitter[p] = KeyedRng::toUnit(w[2]);
    }
    for (std::size_t p = 0; p < n; ++p) {
      const double stratum = strata[p];
      // (stratum + U) is exact below 2^20 points (U has 33 significant bits) and then stays
      // strictly inside its stratum; the clamp only matters for larger designs, where rounding
      // could otherwise carry a point onto the stratum's upper edge (or onto 1).
      const double low = stratum / count, high = (stratum + 1.0) / count;
      design.values[p * dimensions + i] = std::clamp(
          (stratum + jitter[p]) / count, std::nextafter(low, 1.0), std::nextafter(high, 0.0));
    }
  }
  return design;
}

/// The integer's top 52 bits, mapped to the midpoint of their cell of width 2^-52: in
/// [2^-53, 1 - 2^-53], never 0 or 1 (53 bits plus the half would round the top cell up to 1).
double sobolUnit(std::uint64_t x) {
  return (static_cast<double>(x >> 12) + 0.5) * 0x1p-52;
}

UnitDesign makeSaltelli(std::size_t n, std::size_t dimensions, std::uint32_t seed) {
  const std::size_t columns = checkedProduct(dimensions, 2, "the Sobol'");
  const std::size_t max_columns = boost::random::default_sobol_table::max_dimension;
  if (columns > max_columns)
    throw std::invalid_argument("a Sobol' design of " + std::to_string(dimensions) +
                                " dimensions needs " + std::to_string(columns) +
                                " Sobol' dimensions; Boost's table has " +
                                std::to_string(max_columns) + " (at most " +
                                std::to_string(max_columns / 2) + " parameters)");
  const std::size_t blocks = dimensions + 2;
  checkDesignSize("sobol", n, blocks, dimensions);
  UnitDesign design{DesignKind::sobol, dimensions, n, {}};
  design.values.resize(
      checkedProduct(checkedProduct(n, blocks, "the Sobol'"), dimensions, "the Sobol'"));

  // Random digital shift: XOR every output of column c with the same random 64-bit word. Boost
  // has no Owen scrambling; a digital shift keeps the (t, m, s)-net structure of the sequence
  // (XOR with a constant permutes the elementary intervals) and gives the design seed meaning:
  // each seed is a different randomised QMC design, and every point is uniform on the cube.
  const KeyedRng rng(seed, kDesignStreamSobolShift);
  std::vector<std::uint64_t> shift(columns);
  for (std::size_t c = 0; c < columns; ++c) {
    const auto w = rng.words(static_cast<std::uint32_t>(c), 0u, Purpose::design);
    shift[c] = word64(w[0], w[1]);
  }

  // Boost's sequence starts at index 1 (0.5, 0.5, ...): it already leaves out the origin, so
  // nothing is skipped here. Each call returns the next coordinate of the current point.
  boost::random::sobol generator(columns);
  std::vector<double> a_and_b(columns);  // one row: A's coordinates, then B's
  for (std::size_t row = 0; row < n; ++row) {
    for (std::size_t c = 0; c < columns; ++c) a_and_b[c] = sobolUnit(generator() ^ shift[c]);
    const double* a = a_and_b.data();
    const double* b = a + dimensions;
    double* out = design.values.data() + row * blocks * dimensions;
    std::copy(a, a + dimensions, out);               // block 0: A
    std::copy(b, b + dimensions, out + dimensions);  // block 1: B
    for (std::size_t i = 0; i < dimensions; ++i) {   // block 2 + i: AB_i
      double* ab = out + (2 + i) * dimensions;
      std::copy(a, a + dimensions, ab);
      ab[i] = b[i];
    }
  }
  return design;
}

}  // namespace

DesignKind parseDesignKind(std::string_view name) {
  for (const DesignKind kind : {DesignKind::grid, DesignKind::lhs, DesignKind::sobol})
    if (name == designName(kind)) return kind;
  throw std::invalid_argument("unknown design '" + std::string(name) +
                              "' (allowed: grid, lhs, sobol)");
}

std::string_view designName(DesignKind kind) {
  switch (kind) {
    case DesignKind::grid:
      return "grid";
    case DesignKind::lhs:
      return "lhs";
    case DesignKind::sobol:
      return "sobol";
  }
  return "unknown";  // only reachable through a cast from an out-of-range integer
}

std::size_t UnitDesign::saltelliRow(std::size_t p) const {
  if (kind != DesignKind::sobol)
    throw std::logic_error("saltelliRow: only a sobol design has the Saltelli layout");
  return p / (dimensions + 2);
}

std::size_t UnitDesign::saltelliBlock(std::size_t p) const {
  if (kind != DesignKind::sobol)
    throw std::logic_error("saltelliBlock: only a sobol design has the Saltelli layout");
  return p % (dimensions + 2);
}

UnitDesign makeDesign(DesignKind kind, std::size_t samples, std::size_t dimensions,
                      std::uint32_t design_seed) {
  if (samples == 0) throw std::invalid_argument("a design needs samples > 0");
  if (dimensions == 0) throw std::invalid_argument("a design needs dimensions > 0");
  switch (kind) {
    case DesignKind::grid:
      return makeGrid(samples, dimensions);
    case DesignKind::lhs:
      return makeLatinHypercube(samples, dimensions, design_seed);
    case DesignKind::sobol:
      return makeSaltelli(samples, dimensions, design_seed);
  }
  throw std::invalid_argument("makeDesign: unknown design kind");
}

}  // namespace grainsim

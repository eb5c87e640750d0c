/// \brief Experimental designs in the unit hypercube for policy sweeps: grid, Latin hypercube,
/// and Saltelli's Sobol' design for variance-based sensitivity indices.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace grainsim {

enum class DesignKind { grid, lhs, sobol };

/// "grid", "lhs" or "sobol"; anything else throws std::invalid_argument naming the value and the
/// allowed ones.
DesignKind parseDesignKind(std::string_view name);
std::string_view designName(DesignKind kind);

/// Second words of the Philox keys (seed, stream) of the sweep's draws, all made with
/// Purpose::design: distinct, so a design and a bootstrap given the same seed are independent.
inline constexpr std::uint32_t kDesignStreamLhs = 1;
inline constexpr std::uint32_t kDesignStreamSobolShift = 2;
inline constexpr std::uint32_t kDesignStreamBootstrap = 3;

/// Largest grid makeDesign builds: levels^dimensions grows too fast to be asked for by accident.
inline constexpr std::size_t kMaxGridPoints = 10'000'000;
/// Largest design of any kind, in coordinates (points x dimensions): 10^8 doubles are 800 MB,
/// and a sweep holds its design about three times (the plan, and the file's design and
/// design_unit tables). A larger request is a typo, not a sweep that could run.
inline constexpr std::size_t kMaxDesignValues = 100'000'000;

/// Points in the unit hypercube, point-major: coordinate i of point p at values[p * dimensions +
/// i].
struct UnitDesign {
  DesignKind kind = DesignKind::grid;
  std::size_t dimensions = 0;
  /// As requested: grid levels per dimension; lhs points; sobol base samples N.
  std::size_t samples = 0;
  std::vector<double> values;

  std::size_t points() const { return dimensions == 0 ? 0 : values.size() / dimensions; }
  double at(std::size_t point, std::size_t dimension) const {
    return values[point * dimensions + dimension];
  }

  /// sobol only (Saltelli layout): point p = row * (dimensions + 2) + block; block 0 = matrix A,
  /// 1 = B, 2 + i = AB_i (A with column i taken from B). Throw std::logic_error for other kinds.
  std::size_t saltelliRow(std::size_t p) const;
  std::size_t saltelliBlock(std::size_t p) const;
};

/// grid: `samples` levels L >= 2 per dimension, coordinates l / (L - 1) (both ends included),
///   L^dimensions points (at most kMaxGridPoints), the last dimension varying fastest.
/// lhs: `samples` points N >= 2; in each dimension an independent random permutation of the N
///   strata, jittered uniformly within its stratum: (stratum + U) / N.
/// sobol: `samples` base rows N, N * (dimensions + 2) points in the Saltelli layout; A and B are
///   the two halves of a digitally shifted Sobol' sequence in 2 * dimensions dimensions.
/// Random draws are Philox keyed by design_seed (never by thread): the same arguments give the
/// same design, bit for bit. Throws std::invalid_argument for samples or dimensions 0, lhs
/// N < 2, grid L < 2 or too many points, more than kMaxDesignValues coordinates, sobol with 2 *
/// dimensions above Boost's table.
UnitDesign makeDesign(DesignKind kind, std::size_t samples, std::size_t dimensions,
                      std::uint32_t design_seed);

}  // namespace grainsim

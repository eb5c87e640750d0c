/// \brief Which share of a sweep's design points one process runs: shard i of n holds the
/// points p with p % n == i, so shards are balanced and any split gives the same points.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace grainsim {

struct Shard {
  std::uint32_t index = 0;  ///< 0 .. count - 1
  std::uint32_t count = 1;

  bool whole() const { return count == 1; }
  bool holds(std::uint64_t point) const { return point % count == index; }
  /// Points of a sweep of `total` this shard holds.
  std::uint64_t points(std::uint64_t total) const;
  /// Row of `point` in this shard's file (points in ascending order).
  std::uint64_t row(std::uint64_t point) const { return point / count; }
  /// "i/n"
  std::string text() const;
  /// `out` itself for the whole sweep; else `<out without .h5>.shard-<i>-of-<n>.h5`.
  std::filesystem::path fileFor(const std::filesystem::path& out) const;

  /// Parses "i/n" with 0 <= i < n; throws std::invalid_argument naming --shard and the rule.
  static Shard parse(const std::string& text);
  /// From a Slurm array task: i = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN (0 when unset),
  /// n = SLURM_ARRAY_TASK_COUNT; nullopt outside an array job. Throws std::invalid_argument
  /// naming the variable when the values do not make a shard.
  static std::optional<Shard> fromSlurmEnvironment();
};

}  // namespace grainsim

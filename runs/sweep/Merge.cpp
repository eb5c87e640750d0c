#include "runs/sweep/Merge.hpp"

#include <algorithm>
#include <optional>

#include "runs/output/Hdf5Write.hpp"
#include "runs/output/OutputFile.hpp"

namespace grainsim {

namespace fs = std::filesystem;

void writeFromJournal(const SweepLayout& layout, const SweepJournal& journal, const fs::path& path,
                      bool overwrite) {
  SweepWriter writer(path, overwrite, layout);
  journal.replay(
      [&](const PointRecord& record) { writer.writeRow(layout.shard.row(record.point), record); });
  writer.finish();
}

namespace {

/// What two shards of one sweep must share, and the first of it that `a` and `b` do not ("" when
/// nothing): merge copies rows of one into the layout of the other.
std::string layoutDifference(const SweepLayout& a, const SweepLayout& b) {
  if (a.design != b.design || a.samples != b.samples) return "design";
  if (a.total_points != b.total_points) return "total_points";
  if (a.replicates != b.replicates) return "replicates";
  if (a.parameter_names != b.parameter_names) return "parameters";
  if (a.coordinates.days != b.coordinates.days || a.coordinates.regions != b.coordinates.regions ||
      a.coordinates.commodities != b.coordinates.commodities ||
      a.coordinates.tiers != b.coordinates.tiers)
    return "coordinates";
  if (a.variables.size() != b.variables.size()) return "variables";
  for (std::size_t i = 0; i < a.variables.size(); ++i)
    if (a.variables[i].name != b.variables[i].name || a.variables[i].dims != b.variables[i].dims)
      return "variable " + a.variables[i].name;
  return "";
}

/// " 1/4 3/4": the shards of n that no reader holds; beyond the first 20, how many at least.
/// Stops early, so that a huge shard_count costs nothing.
std::string missingShards(const std::vector<SweepReader>& readers, std::uint32_t n) {
  constexpr std::size_t kListed = 20;
  std::string list;
  std::size_t listed = 0;
  for (std::uint32_t k = 0; k < n; ++k) {
    const bool held = std::any_of(readers.begin(), readers.end(), [&](const SweepReader& r) {
      return r.layout().shard.index == k;
    });
    if (held) continue;
    if (listed == kListed)
      return list + " ... (" + std::to_string(n - readers.size()) + " or more in all)";
    list.append(" ").append(Shard{k, n}.text());
    ++listed;
  }
  return list;
}

}  // namespace

void mergeShards(const std::vector<fs::path>& shards, const fs::path& out, bool overwrite,
                 const std::string& command_line) {
  if (shards.empty()) throw OutputError("merge: no shard files given");
  std::vector<SweepReader> readers;
  for (const auto& path : shards) readers.emplace_back(path);
  const SweepLayout& first = readers.front().layout();
  const std::uint32_t n = first.shard.count;
  // Fewer files than shards: some are missing, said before n entries are allocated below.
  if (n > readers.size()) throw OutputError("merge: shards missing:" + missingShards(readers, n));
  std::vector<std::optional<std::size_t>> reader_of(n);  // shard index -> reader
  for (std::size_t i = 0; i < readers.size(); ++i) {
    const SweepLayout& l = readers[i].layout();
    const std::string name = hdf5::quoted(shards[i]);
    const std::string first_name = hdf5::quoted(shards[0]);
    if (l.fingerprint != first.fingerprint)
      throw OutputError("merge: " + name + " belongs to another sweep than " + first_name +
                        " (fingerprint " + l.fingerprint + " vs " + first.fingerprint + ")");
    if (l.shard.count != n)
      throw OutputError("merge: " + name + " is shard " + l.shard.text() + ", but " + first_name +
                        " is one of " + std::to_string(n));
    // The fingerprint says they are one sweep; a crafted file could still differ in shape.
    if (const std::string what = layoutDifference(l, first); !what.empty())
      throw OutputError("merge: " + name + " and " + first_name + " differ in " + what +
                        " though their fingerprints match");
    if (reader_of[l.shard.index])
      throw OutputError("merge: " + name + " and " +
                        hdf5::quoted(shards[*reader_of[l.shard.index]]) + " are both shard " +
                        l.shard.text());
    if (l.points.size() != l.shard.points(l.total_points))
      throw OutputError("merge: " + name + " holds " + std::to_string(l.points.size()) +
                        " points, shard " + l.shard.text() + " should hold " +
                        std::to_string(l.shard.points(l.total_points)));
    reader_of[l.shard.index] = i;
  }
  if (const std::string missing = missingShards(readers, n); !missing.empty())
    throw OutputError("merge: shards missing:" + missing);

  SweepLayout merged = first;
  merged.shard = Shard{};
  merged.command_line = command_line;
  merged.points.clear();
  merged.design_values.clear();
  merged.unit_values.clear();
  const std::size_t k = first.parameter_names.size();
  for (std::uint32_t p = 0; p < first.total_points; ++p) {
    const SweepLayout& l = readers[*reader_of[p % n]].layout();
    const std::size_t row = p / n;
    merged.points.push_back(p);
    merged.design_values.insert(merged.design_values.end(), l.design_values.begin() + row * k,
                                l.design_values.begin() + (row + 1) * k);
    merged.unit_values.insert(merged.unit_values.end(), l.unit_values.begin() + row * k,
                              l.unit_values.begin() + (row + 1) * k);
  }
  SweepWriter writer(out, overwrite, std::move(merged));
  for (std::uint32_t p = 0; p < first.total_points; ++p)
    writer.writeRow(p, readers[*reader_of[p % n]].row(p / n));
  writer.finish();
}

}  // namespace grainsim

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

void mergeShards(const std::vector<fs::path>& shards, const fs::path& out, bool overwrite,
                 const std::string& command_line) {
  if (shards.empty()) throw OutputError("merge: no shard files given");
  std::vector<SweepReader> readers;
  for (const auto& path : shards) readers.emplace_back(path);
  const SweepLayout& first = readers.front().layout();
  const std::uint32_t n = first.shard.count;
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
  std::string missing;
  for (std::uint32_t k = 0; k < n; ++k)
    if (!reader_of[k]) missing.append(" ").append(Shard{k, n}.text());
  if (!missing.empty()) throw OutputError("merge: shards missing:" + missing);

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

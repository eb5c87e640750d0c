/// \brief Turning finished work into sweep files: a shard's journal into its file, and a
/// sweep's shard files into one file identical (dataset by dataset) to the unsharded sweep's.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "runs/sweep/SweepFile.hpp"
#include "runs/sweep/SweepJournal.hpp"

namespace grainsim {

/// Writes the file of `layout` (temporary file, then rename) from `journal`, which must hold
/// every point of the layout. Throws OutputError.
void writeFromJournal(const SweepLayout& layout, const SweepJournal& journal,
                      const std::filesystem::path& path, bool overwrite);

/// Joins the shard files of one sweep (all n of them, in any order) into `out`. Throws
/// OutputError naming the file and the rule when they are not one complete set of one sweep
/// (same fingerprint and shard count, each index once).
void mergeShards(const std::vector<std::filesystem::path>& shards, const std::filesystem::path& out,
                 bool overwrite, const std::string& command_line);

}  // namespace grainsim

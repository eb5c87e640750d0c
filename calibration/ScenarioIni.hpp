/// \brief Writes fitted values into a scenario INI that run, forecast and sweep accept.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace grainsim {

/// The base scenario's INI text (the embedded default's when `base` is empty) with each of
/// `values` (key, value as a scenario writes it) set: an existing line of the key is replaced,
/// a missing key is appended in its section (`[section]` = the key up to its last dot, so a
/// table cell `harvests.rice.tonnes` goes under `[harvests.rice]`). Relative paths in the base
/// (tables, exchange.path, start.prices) are rewritten relative to `out_dir`, so the file works
/// wherever it is written. `header` lines are prepended as comments.
std::string scenarioIniWith(const std::optional<std::filesystem::path>& base,
                            const std::filesystem::path& out_dir,
                            const std::vector<std::pair<std::string, std::string>>& values,
                            const std::vector<std::string>& header);

/// Writes `text` to `path` through a temporary file in the same directory and a rename, so
/// `path` holds either the whole text or what it held before. Refuses an existing file unless
/// `overwrite`, and anything that is not a regular file. Throws std::runtime_error naming it.
void writeTextFile(const std::filesystem::path& path, const std::string& text, bool overwrite);

}  // namespace grainsim

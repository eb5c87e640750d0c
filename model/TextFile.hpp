/// \brief What a user's text file (a scenario INI, a CSV table) must be before it is read, and
/// the byte-order mark some editors put at its start.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace grainsim {

/// `text` without a leading UTF-8 byte-order mark (EF BB BF), which Excel and Notepad write and
/// which is no part of the first line.
std::string_view withoutByteOrderMark(std::string_view text);

/// Why `path` cannot be read as a text file: "does not exist", "is a directory" or "is not a
/// regular file (...)"; nullopt for a regular file. Asked before opening, so that a FIFO is
/// never opened (which would block until something writes to it).
std::optional<std::string> notReadableBecause(const std::filesystem::path& path);

}  // namespace grainsim

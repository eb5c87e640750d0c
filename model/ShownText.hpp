/// \brief User text as an error message shows it: whole when short, cut otherwise, so that a
/// 10 MB value (a pasted file, a runaway script) cannot flood a terminal or a log.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace grainsim {

/// How much of an echoed value an error message shows.
inline constexpr std::size_t kShownChars = 200;

/// `text` itself up to kShownChars bytes; longer, its first kShownChars bytes (never cutting a
/// UTF-8 character) and "... (N bytes)".
std::string shownText(std::string_view text);

}  // namespace grainsim

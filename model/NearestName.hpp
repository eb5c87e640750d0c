/// \brief "Did you mean": the known name closest to a misspelt one, for error messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grainsim {

/// Edits (insert, delete, replace, swap two neighbours) between `a` and `b`, ignoring case.
std::size_t editDistance(std::string_view a, std::string_view b);

/// The one name of `names` closest to `typed`, if it is close: at most one edit for a name of
/// up to 4 characters, two up to 8, three beyond; none if two names are equally close.
std::optional<std::string> nearestName(std::string_view typed,
                                       const std::vector<std::string>& names);

/// " (did you mean 'x'?)" for the nearest name, or "" when there is none.
std::string didYouMean(std::string_view typed, const std::vector<std::string>& names);

}  // namespace grainsim

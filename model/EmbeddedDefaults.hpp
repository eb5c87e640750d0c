/// \brief The default scenario and tables compiled in from runs/ (see cmake/EmbedDefaults.cmake).
#pragma once

#include <optional>
#include <string_view>

namespace grainsim {

/// Name of the embedded default scenario file; tables are named "tables/<name>.csv".
inline constexpr std::string_view kDefaultScenarioFile = "dprk-2026-winter.ini";

/// Content of an embedded file by its path relative to runs/, if it is embedded.
std::optional<std::string_view> embeddedFile(std::string_view name);

}  // namespace grainsim

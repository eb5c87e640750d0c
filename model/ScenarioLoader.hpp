/// \brief Reads a scenario (INI through Boost.Program_options, CSV tables), validates it once.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/Scenario.hpp"

namespace grainsim {

/// Loads `scenario_file` (or the embedded default when empty), applies `overrides`
/// ("key=value", as given to --set) and validates everything. Throws ScenarioError.
Scenario loadScenario(const std::optional<std::filesystem::path>& scenario_file,
                      const std::vector<std::string>& overrides = {});

/// The INI text of every parameter at its default, in dictionary order: the default scenario.
std::string defaultScenarioIni();

}  // namespace grainsim

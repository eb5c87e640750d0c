/// \brief Small scenarios shared by the model and agent tests.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/ScenarioLoader.hpp"
#include "runs/validate/SmallEconomy.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim::testing {

/// The default DPRK winter at reduced scale: `weight` households per agent, short spin-up.
inline Scenario defaultAtScale(double weight, std::vector<std::string> extra = {},
                               const std::string& ini = "") {
  std::vector<std::string> overrides{"population.agent_weight=" + std::to_string(weight),
                                     "run.spinup_days=10"};
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  if (ini.empty()) return loadScenario(std::nullopt, overrides);
  return loadScenario(kSourceDir / "runs" / ini, overrides);
}

/// A small economy of our own in `dir` (see runs/validate/SmallEconomy.hpp).
inline Scenario smallEconomy(const TempDir& dir, double grain_stock_t, double imports_t_per_day,
                             const std::string& region_rows, std::vector<std::string> extra = {}) {
  return loadSmallEconomy(dir.path(), grain_stock_t, imports_t_per_day, region_rows, extra);
}

}  // namespace grainsim::testing

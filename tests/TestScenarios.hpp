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

/// Overrides that shrink the default country to `fraction` of its population with every
/// national quantity scaled alike (harvests, imports, state-shop sales, aid, tiers, port, rail,
/// mill, stockpile and trader capacities), so that per person it is the same economy.
inline std::vector<std::string> countryScaledBy(double fraction) {
  const Scenario s = loadScenario(std::nullopt);
  auto num = [](double x) { return std::to_string(x); };
  std::vector<std::string> o{
      "population.total=" + num(s.params.population.total * fraction),
      "aid.tonnage_scale=" + num(s.params.aid.tonnage_scale * fraction),
      "milling.capacity_t_per_day=" + num(s.params.milling.capacity_t_per_day * fraction),
      "stockpile.release_t_per_day=" + num(s.params.stockpile.release_t_per_day * fraction),
      "arbitrage.capacity_t_per_day=" + num(s.params.arbitrage.capacity_t_per_day * fraction)};
  for (const auto& h : s.harvests)
    o.push_back("harvests." + h.crop + ".tonnes=" + num(h.tonnes * fraction));
  for (const auto& i : s.imports)
    o.push_back("imports." + i.name + ".t_per_day=" + num(i.t_per_day * fraction));
  for (const auto& i : s.state_shops)
    o.push_back("state_shops." + i.name + ".t_per_day=" + num(i.t_per_day * fraction));
  for (const auto& t : s.tiers)
    o.push_back("tiers." + t.name + ".members=" + num(t.members * fraction));
  for (const auto& e : s.entry_points)
    o.push_back("entry_points." + e.name +
                ".handling_t_per_day=" + num(e.handling_t_per_day * fraction));
  for (const auto& r : s.routes)
    o.push_back("routes." + r.name + ".capacity_t_per_day=" + num(r.capacity_t_per_day * fraction));
  return o;
}

/// A small economy of our own in `dir` (see runs/validate/SmallEconomy.hpp).
inline Scenario smallEconomy(const TempDir& dir, double imports_t_per_day,
                             const std::string& region_rows, std::vector<std::string> extra = {},
                             const std::string& import_region = "") {
  return loadSmallEconomy(dir.path(), imports_t_per_day, region_rows, extra, import_region);
}

}  // namespace grainsim::testing

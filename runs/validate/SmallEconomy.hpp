/// \brief Small economies of one's own, written as scenario files: the closed-form limits of
/// grainsim validate and of the tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "model/Scenario.hpp"

namespace grainsim {

/// A temporary directory removed with its contents when it goes out of scope.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

/// What every small economy shares: one retail commodity "grain" (3,600 kcal/kg, start price
/// 0.2 USD/kg), all urban, identical budgets per person, no coping, no income shocks, no tiers
/// and no aid, 365 recorded days without spin-up.
inline constexpr double kSmallEconomyIncomeUsd = 0.2;
inline constexpr double kSmallEconomyFoodShare = 0.6;

/// Writes the economy's tables and INI into `dir` and loads it. `region_rows` are CSV rows of
///   region,census_population,urban_share,latitude,longitude,temp_annual_mean_c,
///   temp_amplitude_c,grain_production_share,income_multiplier
/// The grain's constant imports are given, into `import_region` (empty: spread by population);
/// there is no harvest, PDS or state shop; `extra` are overrides.
Scenario loadSmallEconomy(const std::filesystem::path& dir, double imports_t_per_day,
                          const std::string& region_rows, std::vector<std::string> extra = {},
                          const std::string& import_region = "");

}  // namespace grainsim

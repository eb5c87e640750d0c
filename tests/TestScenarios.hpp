/// \brief Small scenarios shared by the model and agent tests.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/ScenarioLoader.hpp"
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

/// A small economy of our own in `dir`: one retail commodity "grain" (3,600 kcal/kg, start
/// price 0.2 USD/kg) whose domestic stock and imports come from `grain_stock_t` and
/// `imports_t_per_day`; regions are CSV rows of
///   region,census_population,urban_share,latitude,longitude,temp_annual_mean_c,
///   temp_amplitude_c,grain_production_share,income_multiplier
/// All urban, identical budgets per person (0.2 USD/day, 60 % on food, no coping, no income
/// shocks), no tiers and no aid, 365 recorded days without spin-up. `extra` are overrides.
inline Scenario smallEconomy(const TempDir& dir, double grain_stock_t, double imports_t_per_day,
                             const std::string& region_rows, std::vector<std::string> extra = {}) {
  dir.write("commodities.csv",
            "commodity,kcal_per_kg,start_kcal_share,initial_price_usd_per_kg,milled_into,retail,"
            "domestic_stock_t,imports_t_per_day,own_stock_share\ngrain,3600,1,0.2,,1," +
                std::to_string(grain_stock_t) + "," + std::to_string(imports_t_per_day) + ",0\n");
  dir.write("regions.csv",
            "region,census_population,urban_share,latitude,longitude,temp_annual_mean_c,"
            "temp_amplitude_c,grain_production_share,income_multiplier\n" +
                region_rows);
  dir.write("tiers.csv",
            "tier,rank,members,ration_kg_per_member_month,reserve_days,resale_propensity,"
            "concentration_region,concentration_share\n");
  dir.write("entry_points.csv", "entry_point,region,handling_t_per_day\n");
  dir.write("routes.csv", "route,entry_point,capacity_t_per_day,transit_days,loss_share\n");
  dir.write("shipments.csv", "shipment,phase,arrival_date,entry_point,commodity,tonnes\n");
  const std::string first_region = region_rows.substr(0, region_rows.find(','));
  const auto ini = dir.write(
      "economy.ini",
      "[run]\nstart_date = 2026-12-01\nend_date = 2027-11-30\nspinup_days = 0\n"
      "[tables]\ncommodities = commodities.csv\nregions = regions.csv\ntiers = tiers.csv\n"
      "entry_points = entry_points.csv\nroutes = routes.csv\nshipments = shipments.csv\n"
      "[population]\nmilitary_in_camps = 0\n"
      "[income]\nlog_sd = 0\ndaily_shock_sd = 0\nmedian_usd_urban = 0.2\n"
      "median_usd_rural = 0.2\nfood_share = 0.6\ncoping_share = 0\n"
      "[household]\nrural_own_stock_days = 0\n"
      "[stockpile]\nregion = " +
          first_region + "\n");
  double population = 0;
  for (std::size_t pos = 0; pos < region_rows.size();) {
    const auto comma = region_rows.find(',', pos);
    population += std::stod(region_rows.substr(comma + 1));
    const auto nl = region_rows.find('\n', pos);
    pos = nl == std::string::npos ? region_rows.size() : nl + 1;
  }
  extra.insert(extra.begin(), "population.total=" + std::to_string(population));
  return loadScenario(ini, extra);
}

}  // namespace grainsim::testing

/// \brief Scalar scenario parameters, and the one table that names, documents and bounds them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "model/Date.hpp"

namespace grainsim {

/// Every scalar setting of a scenario, typed and grouped as in the INI sections.
struct Parameters {
  struct Run {
    Date start_date, end_date;
    std::uint32_t seed = 0;
    double spinup_days = 0;
  } run;
  struct Tables {
    std::string commodities, regions, tiers, shipments, entry_points, routes, harvests, imports,
        pds, state_shops;
  } tables;
  struct Start {
    std::string prices;
    double max_age_days = 0;
  } start;
  struct Population {
    double total = 0, persons_per_household = 0, military_in_camps = 0, agent_weight = 0;
  } population;
  struct Income {
    double median_usd_urban = 0, median_usd_rural = 0, log_sd = 0, daily_shock_sd = 0,
           food_share = 0, coping_share = 0, kpw_fixed_share = 0, kpw_fixed_rate = 0,
           usd_lag_days = 0;
  } income;
  struct Demand {
    double substitution_elasticity = 0;
  } demand;
  struct Need {
    double base_kcal = 0, kcal_per_5c_below_20 = 0, cereal_share = 0, insecure_threshold = 0,
           severe_threshold = 0, requirement_spread = 0;
  } need;
  struct Climate {
    double temperature_shift_c = 0;
  } climate;
  struct Exchange {
    double kpw_per_usd = 0, domestic_passthrough = 0;
    std::string path;
  } exchange;
  struct Storage {
    double carrying_cost_per_month = 0, loss_per_month = 0, price_response = 0;
  } storage;
  struct Market {
    double adjustment_speed = 0, cover_speed = 0, target_cover_days = 0, expectation_weight = 0,
           expectation_response = 0, announcement_horizon_days = 0, announcement_elasticity = 0;
  } market;
  struct Arbitrage {
    double cost_usd_per_t_km = 0, road_factor = 0, speed_km_per_day = 0, capacity_t_per_day = 0,
           margin = 0, max_outflow_share = 0, competition = 0, pipeline_days = 0, restock_days = 0,
           margin_spread = 0;
  } arbitrage;
  struct Logistics {
    double disruption_start_probability = 0, disruption_mean_days = 0;
  } logistics;
  struct Milling {
    double extraction = 0, capacity_t_per_day = 0;
  } milling;
  struct Stockpile {
    std::string region;
    double release_t_per_day = 0;
  } stockpile;
  struct Aid {
    double tonnage_scale = 0, displacement_share = 0;
  } aid;
  struct Allocation {
    double elite_share = 0, shop_share = 0, market_share = 0, entitlement_months = 0;
  } allocation;
  struct Shops {
    double discount = 0, release_share_per_day = 0;
  } shops;
};

/// Where a table row's value lives in Parameters, by type.
using ParameterField = std::variant<double& (*)(Parameters&), std::uint32_t& (*)(Parameters&),
                                    Date& (*)(Parameters&), std::string& (*)(Parameters&)>;

/// One row of the parameter dictionary: the single source for loading, `describe` and docs.
struct ParameterSpec {
  std::string_view name;           ///< INI key, "section.key"
  std::string_view default_value;  ///< as written in a scenario file
  std::string_view unit;
  std::string_view description;
  std::string_view source;
  double min = 0, max = 0;  ///< inclusive bounds for numbers; ignored for dates and text
  ParameterField field;
};

/// The parameter dictionary, in documentation order.
std::span<const ParameterSpec> parameterTable();

}  // namespace grainsim

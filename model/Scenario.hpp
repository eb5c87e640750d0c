/// \brief The validated, immutable description of one simulation: parameters plus tables.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/Date.hpp"
#include "model/Parameters.hpp"

namespace grainsim {

struct Commodity {
  std::string name;
  double kcal_per_kg = 0;
  double start_kcal_share = 0;  ///< share of bought calories at start prices (sets CES weights)
  double initial_price_usd_per_kg = 0;  ///< market price on the start date, USD parity
  int milled_into = -1;                 ///< index of the flour it is milled into, or -1
  bool retail = true;                   ///< sold to households in markets
  double domestic_stock_t = 0;          ///< marketable harvest stock on the start date, national
  double imports_t_per_day = 0;         ///< commercial imports reaching markets, national
  double own_stock_share = 0;           ///< share of rural households' own stock held in it
  bool import_parity = false;           ///< priced off USD: a rate change passes in fully
};

struct Region {
  std::string name;
  double census_population = 0;  ///< civilians, 2008 census (Rason split out)
  double urban_share = 0;
  double latitude = 0, longitude = 0;                   ///< of the capital
  double temp_annual_mean_c = 0, temp_amplitude_c = 0;  ///< daily mean temperature climatology
  std::vector<double> production_share;  ///< by commodity: share of the domestic stock here
  double income_multiplier = 1;
};

struct Tier {
  std::string name;
  int rank = 0;  ///< 1 is served first
  double members = 0;
  double ration_kg_per_member_month = 0;
  double reserve_days = 0;
  double resale_propensity =
      0;  ///< share of surplus offered to the market a day at the start price
  int concentration_region = -1;
  double concentration_share = 0;  ///< members in that region; the rest spread by population
};

struct EntryPoint {
  std::string name;
  int region = 0;
  double handling_t_per_day = 0;
};

struct Route {
  std::string name;
  int entry_point = 0;
  double capacity_t_per_day = 0;
  int transit_days = 0;
  double loss_share = 0;
};

struct Shipment {
  std::string name;
  int phase = 0;
  Date arrival;
  int entry_point = 0;
  int commodity = 0;
  double tonnes = 0;
  std::optional<Date> announced;  ///< when the public learns of it, if it is announced
};

struct ExchangeRatePoint {
  Date date;
  double kpw_per_usd = 0;
};

/// Everything a run depends on besides seed and replicate. Built by loadScenario(), then const.
struct Scenario {
  std::string name;  ///< file stem, or the default scenario's
  Parameters params;
  std::vector<Commodity> commodities;
  std::vector<Region> regions;
  std::vector<Tier> tiers;  ///< sorted by rank
  std::vector<EntryPoint> entry_points;
  std::vector<Route> routes;  ///< every entry point has exactly one route to the stockpile
  std::vector<Shipment> shipments;
  std::vector<ExchangeRatePoint> exchange_path;  ///< empty: constant params.exchange.kpw_per_usd
  int stockpile_region = 0;

  /// Resolved provenance: every parameter as key = value, then each table's CSV text.
  std::string resolved_text;

  /// Recorded days, start date to end date.
  int days() const { return params.run.end_date - params.run.start_date + 1; }
  /// Spin-up days simulated before the start date.
  int spinupDays() const { return static_cast<int>(params.run.spinup_days); }
  /// Date of simulated day d (d = 0 is the first spin-up day).
  Date dateOf(int d) const { return params.run.start_date.plusDays(d - spinupDays()); }
  int commodityIndex(std::string_view n) const;  ///< -1 if there is no such commodity
  int regionIndex(std::string_view n) const;     ///< -1 if there is no such region
  /// What a shipment lands, kg: its tonnage scaled by aid.tonnage_scale.
  double landedKg(const Shipment& sh) const { return sh.tonnes * 1000 * params.aid.tonnage_scale; }
  /// The region's share of the census population: how imports, shop and market aid spread.
  double populationShare(int region) const;
};

}  // namespace grainsim

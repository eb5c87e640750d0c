/// \brief The validated, immutable description of one simulation: parameters plus tables.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/Date.hpp"
#include "model/Parameters.hpp"

namespace grainsim {

/// A staple traded or handed out (commodities.csv).
struct Commodity {
  std::string name;
  double kcal_per_kg = 0;       ///< energy per kg
  double start_kcal_share = 0;  ///< share of bought calories at start prices (sets CES weights)
  double initial_price_usd_per_kg = 0;  ///< market price on the start date, USD parity
  int milled_into = -1;                 ///< index of the flour it is milled into, or -1
  bool retail = true;                   ///< sold to households in markets
  bool import_parity = false;           ///< priced off USD: a rate change passes in fully
};

struct Region {
  std::string name;
  double census_population = 0;  ///< civilians, 2008 census (Rason split out)
  double urban_share = 0;
  double latitude = 0, longitude = 0;                   ///< of the capital
  double temp_annual_mean_c = 0, temp_amplitude_c = 0;  ///< daily mean temperature climatology
  std::vector<double> production_share;  ///< by commodity: share of the national harvest here
  double income_multiplier = 1;
};

struct Tier {
  std::string name;
  int rank = 0;  ///< 1 is served first
  double members = 0;
  double ration_kg_per_member_month = 0;  ///< entitlement per member from the aid
  double reserve_days = 0;                ///< days of ration a tier holds back before reselling
  double resale_propensity = 0;  ///< share of surplus offered to the market a day at start price
  int concentration_region = -1;
  double concentration_share = 0;  ///< members in that region; the rest spread by population
};

/// One crop's yearly harvest (harvests.csv): gathered evenly over its window, every year, and
/// split between farm households' own stock, state procurement and farm stores that sell to
/// traders until the next harvest; the rest is seed, feed and post-harvest losses. Spread over
/// regions by the commodity's production shares.
struct Harvest {
  std::string crop;
  int commodity = 0;
  int start_month = 1, start_day = 1;                       ///< first day of the window
  int window_days = 1;                                      ///< days from first to last, inclusive
  double tonnes = 0;                                        ///< national harvest a year
  double own_share = 0, state_share = 0, market_share = 0;  ///< sum to at most 1
};

/// A scheduled flow between two dates, inclusive: commercial imports (imports.csv) or state
/// grain-shop sales (state_shops.csv). Region -1 spreads it over regions by population.
struct DatedFlow {
  std::string name;
  int commodity = 0;
  int region = -1;
  Date first, last;
  double t_per_day = 0;
  double price_vs_market = 1;  ///< shops: their price over the market price
  bool activeOn(Date d) const { return first <= d && d <= last; }
};

/// Who draws a public-distribution (PDS) ration.
enum class RationGroup { all, urban, rural };

/// A PDS ration (pds.csv): grams of a commodity per person a day, between two dates, to a
/// group of households in a region (-1: every region), drawn from the state's stock.
struct PdsRation {
  std::string name;
  int region = -1;
  RationGroup group = RationGroup::all;
  int commodity = 0;
  Date first, last;
  double grams_per_person_day = 0;
  bool activeOn(Date d) const { return first <= d && d <= last; }
};

/// A port or railhead where aid lands (entry_points.csv).
struct EntryPoint {
  std::string name;
  int region = 0;                 ///< where it lies
  double handling_t_per_day = 0;  ///< cargo handled a day
};

/// The rail haul from an entry point to the stockpile (routes.csv).
struct Route {
  std::string name;
  int entry_point = 0;            ///< where it starts
  double capacity_t_per_day = 0;  ///< aid loaded a day while the route runs
  int transit_days = 0;           ///< days on the way (0: no haul and no stoppages)
  double loss_share = 0;          ///< share lost on the way
};

/// An aid shipment (shipments.csv).
struct Shipment {
  std::string name;
  int phase = 0;                  ///< delivery phase
  Date arrival;                   ///< landing date
  int entry_point = 0;            ///< where it lands
  int commodity = 0;              ///< retail, or milled into a retail commodity
  double tonnes = 0;              ///< as written; landedKg() scales it by aid.tonnage_scale
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
  std::vector<Harvest> harvests;
  std::vector<DatedFlow> imports;      ///< commercial imports into traders' stock
  std::vector<DatedFlow> state_shops;  ///< state grain-shop sales from the state's stock
  std::vector<PdsRation> pds;
  /// Observed KPW/kg prices on the start date (start.prices), region-major (r * C + c); NaN
  /// where the commodity is not retail. Empty: start at USD parity (initial_price_usd_per_kg).
  std::vector<double> start_prices;
  int stockpile_region = 0;
  /// What the loader noticed but allowed (rows outside the run period...): printed at load and
  /// repeated by the run summary and in every output file.
  std::vector<std::string> warnings;
  /// Every file the loader read (the scenario INI, its tables): an output must not replace one.
  std::vector<std::filesystem::path> input_files;

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
  /// First simulated date (the first spin-up day).
  Date firstDate() const { return dateOf(0); }
};

}  // namespace grainsim

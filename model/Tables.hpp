/// \brief The scenario's CSV tables read into their typed rows, every cell checked once.
#pragma once

#include <string>
#include <vector>

#include "model/CsvTable.hpp"
#include "model/Scenario.hpp"

namespace grainsim {

/// Shares that must sum to one may miss it by this much.
inline constexpr double kShareTolerance = 1e-6;

/// A number as a scenario file would write it (17 significant digits, no trailing zeros).
std::string formatNumber(double x);

std::vector<Commodity> readCommodities(const CsvTable& t);
/// `harvested`: by commodity, whether a harvest row names it (it then needs production shares).
std::vector<Region> readRegions(const CsvTable& t, const std::vector<Commodity>& commodities,
                                const std::vector<bool>& harvested);
std::vector<Tier> readTiers(const CsvTable& t, const std::vector<std::string>& regions);
std::vector<EntryPoint> readEntryPoints(const CsvTable& t, const std::vector<std::string>& regions);
std::vector<Route> readRoutes(const CsvTable& t, const std::vector<EntryPoint>& entry_points);
std::vector<Shipment> readShipments(const CsvTable& t, const std::vector<EntryPoint>& entry_points,
                                    const std::vector<Commodity>& commodities);
std::vector<ExchangeRatePoint> readExchangePath(const CsvTable& t);

/// harvests.csv: crop, commodity, harvest_start and harvest_end (MM-DD, same year), tonnes,
/// own_share, state_share, market_share (summing to at most 1: the rest is seed, feed and
/// post-harvest losses).
std::vector<Harvest> readHarvests(const CsvTable& t, const std::vector<Commodity>& commodities);
/// imports.csv: import, commodity, region (empty: by population), first_date, last_date,
/// t_per_day.
std::vector<DatedFlow> readImports(const CsvTable& t, const std::vector<Commodity>& commodities,
                                   const std::vector<std::string>& regions);
/// state_shops.csv: sale, region (empty: by population), commodity, first_date, last_date,
/// t_per_day, price_vs_market.
std::vector<DatedFlow> readStateShops(const CsvTable& t, const std::vector<Commodity>& commodities,
                                      const std::vector<std::string>& regions);
/// pds.csv: ration, region (empty: all), group (all, urban or rural), commodity, first_date,
/// last_date, grams_per_person_day.
std::vector<PdsRation> readPds(const CsvTable& t, const std::vector<Commodity>& commodities,
                               const std::vector<std::string>& regions);

/// An observed price: start.prices rows (date, region, commodity, kpw_per_kg).
struct ObservedPrice {
  Date date;
  int region = 0, commodity = 0;
  double kpw_per_kg = 0;
};
std::vector<ObservedPrice> readObservedPrices(const CsvTable& t,
                                              const std::vector<Commodity>& commodities,
                                              const std::vector<std::string>& regions);

template <class T>
std::vector<std::string> namesOf(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const auto& i : items) names.push_back(i.name);
  return names;
}

}  // namespace grainsim

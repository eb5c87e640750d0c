#include "model/TableColumns.hpp"

#include <stdexcept>
#include <string>

namespace grainsim {
namespace {

constexpr double kBig = 1e15;
using K = ColumnKind;

const ColumnSpec kColumns[] = {
    // commodities
    {"commodities", "commodity", K::name, "", 0, 0, true, "Commodity name (row key)."},
    {"commodities", "kcal_per_kg", K::number, "kcal/kg", 1, 10000, true, "Energy per kg."},
    {"commodities", "start_kcal_share", K::number, "1", 0, 1, true,
     "Share of bought calories at start prices (sets the CES weights); retail shares sum to 1."},
    {"commodities", "initial_price_usd_per_kg", K::number, "USD/kg", 0, kBig, true,
     "Market price at USD parity on the first day (above 0 when retail)."},
    {"commodities", "milled_into", K::reference, "commodity", 0, 0, true,
     "The retail commodity it is milled into, or empty."},
    {"commodities", "retail", K::flag, "0/1", 0, 1, true, "Sold to households in markets."},
    {"commodities", "import_parity", K::flag, "0/1", 0, 1, false,
     "Priced off the dollar: an exchange-rate change passes in fully (default 0)."},
    // regions
    {"regions", "region", K::name, "", 0, 0, true, "Region name (row key)."},
    {"regions", "capital", K::text, "", 0, 0, false, "Capital whose coordinates locate it."},
    {"regions", "census_population", K::number, "persons", 0, kBig, true,
     "Civilians, 2008 census (Rason split out of North Hamgyong)."},
    {"regions", "urban_share", K::number, "1", 0, 1, true, "Share of households that are urban."},
    {"regions", "latitude", K::number, "degrees_north", -90, 90, true, "Of the capital."},
    {"regions", "longitude", K::number, "degrees_east", -180, 180, true, "Of the capital."},
    {"regions", "temp_annual_mean_c", K::number, "degC", -60, 60, true,
     "Annual mean of the daily mean temperature."},
    {"regions", "temp_amplitude_c", K::number, "degC", 0, 60, true,
     "Half the range of the seasonal temperature cycle (coldest on 16 January)."},
    {"regions", "<commodity>_production_share", K::number, "1", 0, 1, true,
     "Share of the national harvest of each harvested commodity grown here; sums to 1."},
    {"regions", "income_multiplier", K::number, "1", 0, kBig, true,
     "Multiplies the median incomes here."},
    // tiers
    {"tiers", "tier", K::name, "", 0, 0, true, "Elite tier name (row key)."},
    {"tiers", "rank", K::integer, "1", 1, 1000000, true, "Priority; 1 is served first."},
    {"tiers", "members", K::number, "persons", 0, kBig, true, "Members nationally."},
    {"tiers", "ration_kg_per_member_month", K::number, "kg/person/month", 0, 1000, true,
     "Entitlement per member from the aid."},
    {"tiers", "reserve_days", K::number, "days", 0, 10000, true,
     "Days of ration a tier holds back before reselling."},
    {"tiers", "resale_propensity", K::number, "1/day", 0, 1, true,
     "Share of surplus offered to the market a day at the start price."},
    {"tiers", "concentration_region", K::reference, "region", 0, 0, true,
     "Region where part of the members live, or empty."},
    {"tiers", "concentration_share", K::number, "1", 0, 1, true,
     "Members in that region; the rest spread by population."},
    // entry_points
    {"entry_points", "entry_point", K::name, "", 0, 0, true, "Port or railhead (row key)."},
    {"entry_points", "region", K::reference, "region", 0, 0, true, "Where it lies."},
    {"entry_points", "handling_t_per_day", K::number, "t/day", 0, kBig, true,
     "Cargo handled a day."},
    // routes
    {"routes", "route", K::name, "", 0, 0, true, "Route name (row key)."},
    {"routes", "entry_point", K::reference, "entry point", 0, 0, true,
     "Where it starts; every entry point has one route to the stockpile."},
    {"routes", "capacity_t_per_day", K::number, "t/day", 0, kBig, true, "Aid hauled a day."},
    {"routes", "transit_days", K::integer, "days", 0, 365, true,
     "Days on the way (0: no haul, no stoppages)."},
    {"routes", "loss_share", K::number, "1", 0, 1, true, "Share lost on the way."},
    // shipments
    {"shipments", "shipment", K::name, "", 0, 0, true, "Shipment name (row key)."},
    {"shipments", "phase", K::integer, "1", 1, 1000, true, "Delivery phase."},
    {"shipments", "arrival_date", K::date, "date", 0, 0, true, "Landing date."},
    {"shipments", "entry_point", K::reference, "entry point", 0, 0, true, "Where it lands."},
    {"shipments", "commodity", K::reference, "commodity", 0, 0, true,
     "Retail, or milled into a retail commodity."},
    {"shipments", "tonnes", K::number, "t", 0, kBig, true,
     "Landed tonnage (times aid.tonnage_scale)."},
    {"shipments", "announce_date", K::date, "date", 0, 0, false,
     "When the public learns of it (not after arrival), or empty."},
    // harvests
    {"harvests", "crop", K::name, "", 0, 0, true, "Crop name (row key)."},
    {"harvests", "commodity", K::reference, "commodity", 0, 0, true,
     "The retail commodity it yields."},
    {"harvests", "harvest_start", K::month_day, "MM-DD", 0, 0, true,
     "First day of the yearly harvest window."},
    {"harvests", "harvest_end", K::month_day, "MM-DD", 0, 0, true,
     "Last day of the window, in the same year."},
    {"harvests", "tonnes", K::number, "t/year", 0, kBig, true, "National harvest a year."},
    {"harvests", "own_share", K::number, "1", 0, 1, true,
     "Share kept by farm households as own stock."},
    {"harvests", "state_share", K::number, "1", 0, 1, true,
     "Share procured by the state (PDS, state shops)."},
    {"harvests", "market_share", K::number, "1", 0, 1, true,
     "Share sold by farm stores to traders until the next harvest; the three shares sum to at "
     "most 1, the rest is seed, feed and losses."},
    // imports
    {"imports", "import", K::name, "", 0, 0, true, "Import name (row key)."},
    {"imports", "commodity", K::reference, "commodity", 0, 0, true, "A retail commodity."},
    {"imports", "region", K::reference, "region", 0, 0, true,
     "Entry region, or empty: spread by population."},
    {"imports", "first_date", K::date, "date", 0, 0, true, "First day."},
    {"imports", "last_date", K::date, "date", 0, 0, true, "Last day (not before the first)."},
    {"imports", "t_per_day", K::number, "t/day", 0, kBig, true,
     "Into traders' stock a day (cut while aid displaces imports)."},
    // pds
    {"pds", "ration", K::name, "", 0, 0, true, "Ration name (row key)."},
    {"pds", "region", K::reference, "region", 0, 0, true, "Region, or empty: every region."},
    {"pds", "group", K::text, "all/urban/rural", 0, 0, true, "Households that draw it."},
    {"pds", "commodity", K::reference, "commodity", 0, 0, true, "A retail commodity."},
    {"pds", "first_date", K::date, "date", 0, 0, true, "First day."},
    {"pds", "last_date", K::date, "date", 0, 0, true, "Last day (not before the first)."},
    {"pds", "grams_per_person_day", K::number, "g/person/day", 0, 5000, true,
     "Ration from the state's stock; cut alike when short, never above need."},
    // state_shops
    {"state_shops", "sale", K::name, "", 0, 0, true, "Sale name (row key)."},
    {"state_shops", "region", K::reference, "region", 0, 0, true,
     "Region, or empty: spread by population."},
    {"state_shops", "commodity", K::reference, "commodity", 0, 0, true, "A retail commodity."},
    {"state_shops", "first_date", K::date, "date", 0, 0, true, "First day."},
    {"state_shops", "last_date", K::date, "date", 0, 0, true, "Last day (not before the first)."},
    {"state_shops", "t_per_day", K::number, "t/day", 0, kBig, true,
     "Offered a day from the state's stock, limited by it."},
    {"state_shops", "price_vs_market", K::number, "1", 0, 10, true,
     "Shop price over the trader price."},
    // exchange.path
    {"exchange.path", "date", K::date, "date", 0, 0, true, "Date (increasing down the table)."},
    {"exchange.path", "kpw_per_usd", K::number, "KPW/USD", 1e-9, kBig, true,
     "Market rate, interpolated linearly, flat beyond the ends."},
    // start.prices
    {"start.prices", "date", K::date, "date", 0, 0, true,
     "Observation date; the latest on or before the start date is used."},
    {"start.prices", "region", K::reference, "region", 0, 0, true, "Region of the market."},
    {"start.prices", "commodity", K::reference, "commodity", 0, 0, true, "A retail commodity."},
    {"start.prices", "kpw_per_kg", K::number, "KPW/kg", 1e-9, kBig, true, "Observed price."},
};

}  // namespace

std::string_view columnKindName(ColumnKind k) {
  switch (k) {
    case ColumnKind::name:
      return "name";
    case ColumnKind::reference:
      return "reference";
    case ColumnKind::number:
      return "number";
    case ColumnKind::integer:
      return "integer";
    case ColumnKind::flag:
      return "0 or 1";
    case ColumnKind::date:
      return "date";
    case ColumnKind::month_day:
      return "MM-DD";
    case ColumnKind::text:
      return "text";
  }
  return "";
}

std::span<const ColumnSpec> columnTable() {
  return kColumns;
}

const ColumnSpec& columnSpec(std::string_view table, std::string_view name) {
  for (const auto& c : kColumns)
    if (c.table == table && c.name == name) return c;
  throw std::logic_error("column dictionary: no column '" + std::string(name) + "' in table '" +
                         std::string(table) + "'");
}

}  // namespace grainsim

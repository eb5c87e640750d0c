#include "model/TableColumns.hpp"

#include <stdexcept>
#include <string>

namespace grainsim {
namespace {

constexpr double kBig = 1e15;
using K = ColumnKind;

const ColumnSpec kColumns[] = {
    // commodities
    {"commodities", "commodity", K::name, "", 0, 0, true, "Commodity name (row key).",
     "scenario setting"},
    {"commodities", "kcal_per_kg", K::number, "kcal/kg", 1, 10000, true, "Energy per kg.",
     "USDA, WFP (facts.csv)"},
    {"commodities", "start_kcal_share", K::number, "1", 0, 1, true,
     "Share of bought calories at start prices (sets the CES weights); retail shares sum to 1.",
     "each row's source column"},
    {"commodities", "initial_price_usd_per_kg", K::number, "USD/kg", 0, kBig, true,
     "Market price at USD parity on the first day (above 0 when retail).",
     "prices.csv and exchange_rates.csv (docs/DATA.md)"},
    {"commodities", "milled_into", K::reference, "commodity", 0, 0, true,
     "The retail commodity it is milled into, or empty.", "model definition"},
    {"commodities", "retail", K::flag, "0/1", 0, 1, true, "Sold to households in markets.",
     "model definition"},
    {"commodities", "import_parity", K::flag, "0/1", 0, 1, false,
     "Priced off the dollar: an exchange-rate change passes in fully (default 0).",
     "model definition"},
    // regions
    {"regions", "region", K::name, "", 0, 0, true, "Region name (row key).", "scenario setting"},
    {"regions", "capital", K::text, "", 0, 0, false, "Capital whose coordinates locate it.",
     "model definition"},
    {"regions", "census_population", K::number, "persons", 0, kBig, true,
     "Civilians, 2008 census (Rason split out of North Hamgyong); the regions' sum must be above "
     "0.",
     "2008 census (provinces.csv)"},
    {"regions", "urban_share", K::number, "1", 0, 1, true, "Share of households that are urban.",
     "60.6 % nationally (facts.csv); regional shares are assumptions"},
    {"regions", "latitude", K::number, "degrees_north", -90, 90, true, "Of the capital.",
     "the capital's coordinates"},
    {"regions", "longitude", K::number, "degrees_east", -180, 180, true, "Of the capital.",
     "the capital's coordinates"},
    {"regions", "temp_annual_mean_c", K::number, "degC", -60, 60, true,
     "Annual mean of the daily mean temperature.", "rounded climate normals of the capital"},
    {"regions", "temp_amplitude_c", K::number, "degC", 0, 60, true,
     "Half the range of the seasonal temperature cycle (coldest on 16 January).",
     "rounded climate normals of the capital"},
    {"regions", "<commodity>_production_share", K::number, "1", 0, 1, true,
     "Share of the national harvest of each harvested commodity grown here; sums to 1.",
     "assumption (docs/DATA.md)"},
    {"regions", "income_multiplier", K::number, "1", 0, kBig, true,
     "Multiplies the median incomes here.", "each row's source column"},
    // tiers
    {"tiers", "tier", K::name, "", 0, 0, true, "Elite tier name (row key).", "scenario setting"},
    {"tiers", "rank", K::integer, "1", 1, 1000000, true, "Priority; 1 is served first.",
     "each row's source column"},
    {"tiers", "members", K::number, "persons", 0, kBig, true, "Members nationally.",
     "the ~20 % priority class (facts.csv); splits are assumptions"},
    {"tiers", "ration_kg_per_member_month", K::number, "kg/person/month", 0, 1000, true,
     "Entitlement per member from the aid.",
     "2 kg/person/month to priority enterprises, late 2024 (facts.csv)"},
    {"tiers", "reserve_days", K::number, "days", 0, 10000, true,
     "Days of ration a tier holds back before reselling.", "each row's source column"},
    {"tiers", "resale_propensity", K::number, "1/day", 0, 1, true,
     "Share of surplus offered to the market a day at the start price.",
     "each row's source column"},
    {"tiers", "concentration_region", K::reference, "region", 0, 0, true,
     "Region where part of the members live, or empty.", "model definition"},
    {"tiers", "concentration_share", K::number, "1", 0, 1, true,
     "Members in that region; the rest spread by population.", "each row's source column"},
    // entry_points
    {"entry_points", "entry_point", K::name, "", 0, 0, true, "Port or railhead (row key).",
     "scenario setting"},
    {"entry_points", "region", K::reference, "region", 0, 0, true, "Where it lies.",
     "model definition"},
    {"entry_points", "handling_t_per_day", K::number, "t/day", 0, kBig, true,
     "Cargo handled a day.", "port and line capacities (facts.csv)"},
    // routes
    {"routes", "route", K::name, "", 0, 0, true, "Route name (row key).", "scenario setting"},
    {"routes", "entry_point", K::reference, "entry point", 0, 0, true,
     "Where it starts; every entry point has one route to the stockpile.", "model definition"},
    {"routes", "capacity_t_per_day", K::number, "t/day", 0, kBig, true, "Aid hauled a day.",
     "each row's source column"},
    {"routes", "transit_days", K::integer, "days", 0, 365, true,
     "Days on the way (0: no haul, no stoppages).",
     "28-36 h scheduled, 10+ days in winter (facts.csv)"},
    {"routes", "loss_share", K::number, "1", 0, 1, true, "Share lost on the way.",
     "each row's source column"},
    // shipments
    {"shipments", "shipment", K::name, "", 0, 0, true, "Shipment name (row key).",
     "scenario setting"},
    {"shipments", "phase", K::integer, "1", 1, 1000, true, "Delivery phase.",
     "each row's source column"},
    {"shipments", "arrival_date", K::date, "date", 0, 0, true, "Landing date.",
     "each row's source column"},
    {"shipments", "entry_point", K::reference, "entry point", 0, 0, true, "Where it lands.",
     "model definition"},
    {"shipments", "commodity", K::reference, "commodity", 0, 0, true,
     "Retail, or milled into a retail commodity.", "model definition"},
    {"shipments", "tonnes", K::number, "t", 0, kBig, true,
     "Landed tonnage (times aid.tonnage_scale).", "the pledge (russian_aid_events.csv)"},
    {"shipments", "announce_date", K::date, "date", 0, 0, false,
     "When the public learns of it (not after arrival), or empty.", "each row's source column"},
    // harvests
    {"harvests", "crop", K::name, "", 0, 0, true, "Crop name (row key).", "scenario setting"},
    {"harvests", "commodity", K::reference, "commodity", 0, 0, true,
     "The retail commodity it yields.", "model definition"},
    {"harvests", "harvest_start", K::month_day, "MM-DD", 0, 0, true,
     "First day of the yearly harvest window.", "FAO GIEWS crop calendar (crop_calendar.csv)"},
    {"harvests", "harvest_end", K::month_day, "MM-DD", 0, 0, true,
     "Last day of the window, in the same year.", "FAO GIEWS crop calendar (crop_calendar.csv)"},
    {"harvests", "tonnes", K::number, "t/year", 0, kBig, true, "National harvest a year.",
     "RDA estimates (production_rda.csv)"},
    {"harvests", "own_share", K::number, "1", 0, 1, true,
     "Share kept by farm households as own stock.", "each row's source column"},
    {"harvests", "state_share", K::number, "1", 0, 1, true,
     "Share procured by the state (PDS, state shops).", "each row's source column"},
    {"harvests", "market_share", K::number, "1", 0, 1, true,
     "Share sold by farm stores to traders until the next harvest; the three shares sum to at "
     "most 1, the rest is seed, feed and losses.",
     "each row's source column"},
    // imports
    {"imports", "import", K::name, "", 0, 0, true, "Import name (row key).", "scenario setting"},
    {"imports", "commodity", K::reference, "commodity", 0, 0, true, "A retail commodity.",
     "model definition"},
    {"imports", "region", K::reference, "region", 0, 0, true,
     "Entry region, or empty: spread by population.", "model definition"},
    {"imports", "first_date", K::date, "date", 0, 0, true, "First day.",
     "each row's source column"},
    {"imports", "last_date", K::date, "date", 0, 0, true, "Last day (not before the first).",
     "each row's source column"},
    {"imports", "t_per_day", K::number, "t/day", 0, kBig, true,
     "Into traders' stock a day (cut while aid displaces imports).", "each row's source column"},
    // pds
    {"pds", "ration", K::name, "", 0, 0, true, "Ration name (row key).", "scenario setting"},
    {"pds", "region", K::reference, "region", 0, 0, true, "Region, or empty: every region.",
     "model definition"},
    {"pds", "group", K::text, "all/urban/rural", 0, 0, true, "Households that draw it.",
     "model definition"},
    {"pds", "commodity", K::reference, "commodity", 0, 0, true, "A retail commodity.",
     "model definition"},
    {"pds", "first_date", K::date, "date", 0, 0, true, "First day.", "each row's source column"},
    {"pds", "last_date", K::date, "date", 0, 0, true, "Last day (not before the first).",
     "each row's source column"},
    {"pds", "grams_per_person_day", K::number, "g/person/day", 0, 5000, true,
     "Ration from the state's stock; cut alike when short, never above need.",
     "FAO/WFP PDS rations 2008-2019 (facts.csv)"},
    // state_shops
    {"state_shops", "sale", K::name, "", 0, 0, true, "Sale name (row key).", "scenario setting"},
    {"state_shops", "region", K::reference, "region", 0, 0, true,
     "Region, or empty: spread by population.", "model definition"},
    {"state_shops", "commodity", K::reference, "commodity", 0, 0, true, "A retail commodity.",
     "model definition"},
    {"state_shops", "first_date", K::date, "date", 0, 0, true, "First day.",
     "each row's source column"},
    {"state_shops", "last_date", K::date, "date", 0, 0, true, "Last day (not before the first).",
     "each row's source column"},
    {"state_shops", "t_per_day", K::number, "t/day", 0, kBig, true,
     "Offered a day from the state's stock, limited by it.", "each row's source column"},
    {"state_shops", "price_vs_market", K::number, "1", 0, 10, true,
     "Shop price over the trader price.", "15-25 % below market, Jan 2023 (prices.csv)"},
    // exchange.path
    {"exchange.path", "date", K::date, "date", 0, 0, true, "Date (increasing down the table).",
     "each row's source column"},
    {"exchange.path", "kpw_per_usd", K::number, "KPW/USD", 1e-9, kBig, true,
     "Market rate, interpolated linearly, flat beyond the ends.", "exchange_rates.csv"},
    // start.prices
    {"start.prices", "date", K::date, "date", 0, 0, true,
     "Observation date; the latest on or before the start date is used.",
     "each row's source column"},
    {"start.prices", "region", K::reference, "region", 0, 0, true, "Region of the market.",
     "model definition"},
    {"start.prices", "commodity", K::reference, "commodity", 0, 0, true, "A retail commodity.",
     "model definition"},
    {"start.prices", "kpw_per_kg", K::number, "KPW/kg", 1e-9, kBig, true, "Observed price.",
     "prices.csv, cities mapped by city_regions.csv"},
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

#include "model/OutputDictionary.hpp"

#include <stdexcept>
#include <string>

namespace grainsim {
namespace {

using enum Dim;
constexpr std::array<Dim, 3> kT{time, time, time};
constexpr std::array<Dim, 3> kTR{time, region, time};
constexpr std::array<Dim, 3> kTC{time, commodity, time};
constexpr std::array<Dim, 3> kTT{time, tier, time};
constexpr std::array<Dim, 3> kTRC{time, region, commodity};
constexpr std::array<Dim, 3> kTRQ{time, region, quintile};

const OutputSpec kOutputs[] = {
    {"price", kTRC, 3, "KPW/kg", "market price (NaN: not sold at retail)"},
    {"price_usd", kTRC, 3, "USD/kg", "market price at the day's exchange rate"},
    {"market_stock", kTRC, 3, "kg", "traders' inventory at the end of the day"},
    {"sales", kTRC, 3, "kg/day", "sold to households by traders and state shops"},
    {"fill_rate", kTRC, 3, "1", "share of household orders served (1 when nothing was ordered)"},
    {"unmet_orders", kTRC, 3, "kg/day", "household orders the market could not serve"},
    {"net_inflow", kTRC, 3, "kg/day",
     "inter-regional trade arriving minus leaving the region's market"},
    {"consumption_per_person", kTR, 2, "kg/person/day", "cereal eaten by households per person"},
    {"kcal_adequacy", kTR, 2, "1", "population-weighted mean share of cereal kcal need met"},
    {"food_insecure_share", kTR, 2, "1", "share of people in households below 80 % of need"},
    {"severe_food_insecure_share", kTR, 2, "1", "share of people in households below 50 % of need"},
    {"consumption_per_person_by_quintile", kTRQ, 3, "kg/person/day",
     "cereal eaten by households per person, by income quintile within the region"},
    {"food_insecure_share_by_quintile", kTRQ, 3, "1",
     "share of people below 80 % of need, by income quintile within the region"},
    {"kcal_need", kTR, 2, "kcal/person/day", "energy need per person at the day's temperature"},
    {"temperature", kTR, 2, "degC", "daily mean temperature"},
    {"exchange_rate", kT, 1, "KPW/USD", "market exchange rate"},
    {"income_exchange_rate", kT, 1, "KPW/USD",
     "KPW paid per USD of household income (KPW-fixed part and lagged market part)"},
    {"harvest", kTC, 2, "kg/day", "gathered: own stock, state procurement and farm stores"},
    {"farm_stock", kTRC, 3, "kg", "farm stores' marketable grain not yet sold to traders"},
    {"commercial_imports", kTC, 2, "kg/day", "commercial imports into traders' stock"},
    {"state_stock", kTC, 2, "kg", "state grain for PDS rations and state shops"},
    {"pds_delivered", kTRC, 3, "kg/day", "PDS rations handed out"},
    {"state_shop_sales", kTRC, 3, "kg/day", "sold by state grain shops from the state's grain"},
    {"aid_arrived", kT, 1, "kg", "aid landed at entry points, cumulative"},
    {"aid_in_transit", kT, 1, "kg", "aid at entry points, on routes or waiting at mills"},
    {"aid_stockpile", kT, 1, "kg", "aid in the central stockpile"},
    {"aid_consumed", kT, 1, "kg", "aid eaten by tiers plus aid sold by state shops, cumulative"},
    {"aid_allocated", kTT, 2, "kg", "aid handed to each tier, cumulative"},
    {"aid_resold_by_tier", kTT, 2, "kg", "aid each tier resold into markets, cumulative"},
    {"aid_to_shops", kTR, 2, "kg", "aid handed to state grain shops, cumulative"},
    {"aid_resold", kTR, 2, "kg", "aid resold by tiers into markets, cumulative"},
    {"aid_to_markets", kTR, 2, "kg", "aid sold by the state directly to traders, cumulative"},
    {"aid_diverted_share", kT, 1, "1",
     "aid resold by tiers into markets over aid handed to tiers, both cumulative"},
    {"total_in", kTC, 2, "kg",
     "national ledger: initial stocks plus everything that entered or was milled, cumulative"},
    {"total_held", kTC, 2, "kg", "national ledger: held anywhere at the end of the day"},
    {"total_consumed", kTC, 2, "kg", "national ledger: eaten (or, for grain, milled), cumulative"},
    {"total_lost", kTC, 2, "kg", "national ledger: lost in transport and storage, cumulative"},
};

}  // namespace

std::string_view dimName(Dim d) {
  switch (d) {
    case time:
      return "time";
    case region:
      return "region";
    case commodity:
      return "commodity";
    case tier:
      return "tier";
    case quintile:
      return "quintile";
  }
  return "?";
}

std::span<const OutputSpec> outputTable() {
  return kOutputs;
}

std::size_t outputIndex(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kOutputs); ++i)
    if (kOutputs[i].name == name) return i;
  throw std::out_of_range("no output variable named " + std::string(name));
}

}  // namespace grainsim

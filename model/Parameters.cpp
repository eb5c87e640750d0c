#include "model/Parameters.hpp"

#include <limits>

namespace grainsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMaxSeed = 4294967295.0;

// Captureless lambdas decay to the function pointers that ParameterField holds.
#define GRAINSIM_FIELD(member)   \
  +[](Parameters & p) -> auto& { \
    return p.member;             \
  }

const ParameterSpec kTable[] = {
    // run
    {"run.start_date", "2026-12-01", "date", "First simulated day.",
     "scenario brief (winter 2026-27)", 0, 0, GRAINSIM_FIELD(run.start_date)},
    {"run.end_date", "2027-03-31", "date",
     "Last simulated day (inclusive); a run, spin-up included, is at most 20 years.",
     "scenario brief (winter 2026-27)", 0, 0, GRAINSIM_FIELD(run.end_date)},
    {"run.spinup_days", "30", "days",
     "Days simulated before the start date and not recorded, so markets settle from their "
     "data-based starting prices.",
     "model choice", 0, 3650, GRAINSIM_FIELD(run.spinup_days)},
    {"run.seed", "1", "1", "Seed of the keyed random streams; --seed overrides it.", "user choice",
     0, kMaxSeed, GRAINSIM_FIELD(run.seed)},
    // tables ("" = the embedded default of runs/tables/)
    {"tables.commodities", "", "path", "Commodities CSV (empty: embedded default).",
     "runs/tables/commodities.csv", 0, 0, GRAINSIM_FIELD(tables.commodities)},
    {"tables.regions", "", "path", "Regions CSV (empty: embedded default).",
     "runs/tables/regions.csv", 0, 0, GRAINSIM_FIELD(tables.regions)},
    {"tables.tiers", "", "path", "Elite tiers CSV (empty: embedded default).",
     "runs/tables/tiers.csv", 0, 0, GRAINSIM_FIELD(tables.tiers)},
    {"tables.shipments", "", "path", "Aid shipments CSV (empty: embedded default).",
     "runs/tables/shipments.csv", 0, 0, GRAINSIM_FIELD(tables.shipments)},
    {"tables.entry_points", "", "path", "Entry points CSV (empty: embedded default).",
     "runs/tables/entry_points.csv", 0, 0, GRAINSIM_FIELD(tables.entry_points)},
    {"tables.routes", "", "path", "Routes to the stockpile CSV (empty: embedded default).",
     "runs/tables/routes.csv", 0, 0, GRAINSIM_FIELD(tables.routes)},
    {"tables.harvests", "", "path",
     "Crop calendar CSV: each crop's yearly harvest window, tonnes and split (empty: embedded "
     "default).",
     "runs/tables/harvests.csv", 0, 0, GRAINSIM_FIELD(tables.harvests)},
    {"tables.imports", "", "path",
     "Commercial imports CSV: dated t/day by commodity and entry region (empty: embedded "
     "default).",
     "runs/tables/imports.csv", 0, 0, GRAINSIM_FIELD(tables.imports)},
    {"tables.pds", "", "path",
     "Public distribution (PDS) rations CSV: dated g/person/day by region and group (empty: "
     "embedded default).",
     "runs/tables/pds.csv", 0, 0, GRAINSIM_FIELD(tables.pds)},
    {"tables.state_shops", "", "path",
     "State grain-shop sales CSV: dated t/day by region and commodity, price relative to the "
     "market (empty: embedded default).",
     "runs/tables/state_shops.csv", 0, 0, GRAINSIM_FIELD(tables.state_shops)},
    // start
    {"start.prices", "", "path",
     "Optional CSV of observed prices (date,region,commodity,kpw_per_kg): the latest row on or "
     "before the start date of each region and commodity is the market price on the start "
     "date; regions without one take the nearest observed region's price plus transport cost. "
     "Empty: USD parity (commodities.initial_price_usd_per_kg).",
     "scenario setting (calibration/data/prices.csv, city_regions.csv)", 0, 0,
     GRAINSIM_FIELD(start.prices)},
    {"start.max_age_days", "62", "days",
     "Observed start prices older than this before the start date are used with a warning.",
     "model choice", 0, 100000, GRAINSIM_FIELD(start.max_age_days)},
    // population
    {"population.total", "25800000", "persons",
     "National population in the scenario year, military in camps included.",
     "KOSTAT 2023: 25.78 M (facts.csv)", 1, kInf, GRAINSIM_FIELD(population.total)},
    {"population.persons_per_household", "3.9", "persons/household", "Mean household size.",
     "2008 census (facts.csv)", 1, 20, GRAINSIM_FIELD(population.persons_per_household)},
    {"population.military_in_camps", "702372", "persons (2008)",
     "Census military in camps: not households; scaled with the total and fed by the state.",
     "2008 census (provinces.csv)", 0, kInf, GRAINSIM_FIELD(population.military_in_camps)},
    {"population.agent_weight", "1", "households/agent",
     "Households one household agent stands for (1 = full scale).", "model choice", 1, 1e6,
     GRAINSIM_FIELD(population.agent_weight)},
    // income
    {"income.median_usd_urban", "0.18", "USD/person/day",
     "Median urban household income per person (paid in KPW at the day's rate).",
     "assumption: no published distribution; >70% of income from markets (facts.csv)", 0, kInf,
     GRAINSIM_FIELD(income.median_usd_urban)},
    {"income.median_usd_rural", "0.13", "USD/person/day", "Median rural income per person.",
     "assumption (see income.median_usd_urban)", 0, kInf, GRAINSIM_FIELD(income.median_usd_rural)},
    {"income.log_sd", "0.6", "1", "Standard deviation of log income across households.",
     "assumption, sweepable", 0, 5, GRAINSIM_FIELD(income.log_sd)},
    {"income.daily_shock_sd", "0.2", "1", "Standard deviation of the daily log income shock.",
     "assumption", 0, 5, GRAINSIM_FIELD(income.daily_shock_sd)},
    {"income.food_share", "0.620", "1", "Share of income a household may spend on cereals.",
     "fitted: grainsim calibrate on 2023-25 prices (docs/CALIBRATION.md)", 0, 1,
     GRAINSIM_FIELD(income.food_share)},
    {"income.coping_share", "0.1", "1",
     "Share of the gap between the cost of its need and its food budget that a household short "
     "of budget covers by coping (selling assets, borrowing, cutting other spending).",
     "assumption, sweepable (sets the emergent price elasticity)", 0, 1,
     GRAINSIM_FIELD(income.coping_share)},
    {"income.kpw_fixed_share", "0.25", "1",
     "Share of household income fixed in KPW (state wages and allowances): worth "
     "median_usd x kpw_fixed_rate won whatever the exchange rate does.",
     "assumption: >70 % of income from markets (facts.csv); official wage 30,000 KPW/month "
     "after Oct 2023 (38 North 2025, facts.csv)",
     0, 1, GRAINSIM_FIELD(income.kpw_fixed_share)},
    {"income.kpw_fixed_rate", "0", "KPW/USD",
     "Exchange rate at which the KPW-fixed income was set (0: the rate on the first simulated "
     "day).",
     "model choice", 0, 1e9, GRAINSIM_FIELD(income.kpw_fixed_rate)},
    {"income.usd_lag_days", "184", "days",
     "Market incomes follow the dollar with this delay: they are paid at the exchange rate of "
     "that many days before.",
     "fitted: grainsim calibrate on 2023-25 prices (docs/CALIBRATION.md)", 0, 3650,
     GRAINSIM_FIELD(income.usd_lag_days)},
    // demand
    {"demand.substitution_elasticity", "1.5", "1",
     "CES elasticity of substitution between cereals' calories (above 1: cross-price effects "
     "positive).",
     "assumption", 0, 20, GRAINSIM_FIELD(demand.substitution_elasticity)},
    // need
    {"need.base_kcal", "2100", "kcal/person/day", "Planning energy requirement at 20 C or more.",
     "WFP/UNHCR (facts.csv)", 0, 10000, GRAINSIM_FIELD(need.base_kcal)},
    {"need.kcal_per_5c_below_20", "100", "kcal/person/day",
     "Extra need per 5 C of daily mean temperature below 20 C.", "WFP/UNHCR (facts.csv)", 0, 1000,
     GRAINSIM_FIELD(need.kcal_per_5c_below_20)},
    {"need.cereal_share", "0.78", "1", "Share of the energy need met from cereals.",
     "FAO 167-174 kg/person/yr x 3,450 kcal/kg / 2,100 kcal (facts.csv)", 0, 1,
     GRAINSIM_FIELD(need.cereal_share)},
    {"need.insecure_threshold", "0.8", "1",
     "Share of need below which a household is food insecure.", "issue 2", 0, 1,
     GRAINSIM_FIELD(need.insecure_threshold)},
    {"need.severe_threshold", "0.5", "1", "Share of need below which insecurity is severe.",
     "issue 2", 0, 1, GRAINSIM_FIELD(need.severe_threshold)},
    {"need.requirement_spread", "0.2", "1",
     "Households buy for the planning need; their own requirement (age, work, health) is the "
     "planning need times a factor drawn uniformly in 1 +- this, against which adequacy and "
     "the thresholds are judged.",
     "assumption: adult-equivalent scales vary by about +-20 % across households", 0, 0.9,
     GRAINSIM_FIELD(need.requirement_spread)},
    // climate
    {"climate.temperature_shift_c", "0", "C", "Shift of every region's daily temperature.",
     "scenario setting (harsh-winter.ini: -4)", -50, 50,
     GRAINSIM_FIELD(climate.temperature_shift_c)},
    // exchange
    {"exchange.kpw_per_usd", "32000", "KPW/USD", "Market exchange rate when no path file is given.",
     "Daily NK Jul 2025: 30,700 (exchange_rates.csv), rounded up", 1, kInf,
     GRAINSIM_FIELD(exchange.kpw_per_usd)},
    {"exchange.path", "", "path",
     "Optional CSV (date,kpw_per_usd), linearly interpolated, flat beyond its ends.",
     "scenario setting", 0, 0, GRAINSIM_FIELD(exchange.path)},
    {"exchange.domestic_passthrough", "0.978", "1",
     "Share of an exchange-rate change that domestic grains' KPW prices take the same day "
     "(import-parity commodities take all of it).",
     "fitted: grainsim calibrate on 2023-25 prices (docs/CALIBRATION.md)", 0, 1,
     GRAINSIM_FIELD(exchange.domestic_passthrough)},
    // storage
    {"storage.carrying_cost_per_month", "0.00571", "1/month",
     "Farm stores' cost of carrying grain a month (interest, storage, losses), of its value: "
     "they sell the harvest so that the price is expected to rise by this until the next "
     "harvest.",
     "fitted: grainsim calibrate on 2023-25 prices (docs/CALIBRATION.md)", 0, 1,
     GRAINSIM_FIELD(storage.carrying_cost_per_month)},
    {"storage.price_response", "2", "1",
     "How far farm stores hold back when the price lags their reserve, the start price in "
     "dollars at today's rate rising by the carrying cost through the season: planned sales "
     "times (price / reserve)^response, within [1/4, 1] (0: sales as planned). Grain keeps its "
     "dollar value, so a falling won raises KPW prices.",
     "assumption: since 2024 KPW food prices track the dollar (exchange_rates.csv, prices.csv); "
     "sales faster than planned (a cap above 1) emptied stores before the harvest in trials",
     0, 10, GRAINSIM_FIELD(storage.price_response)},
    {"storage.loss_per_month", "0.005", "1/month",
     "Share of the grain in farm stores lost a month (pests, moisture).", "assumption", 0, 1,
     GRAINSIM_FIELD(storage.loss_per_month)},
    // market
    {"market.adjustment_speed", "0.0134", "1/day",
     "Log-price response to relative excess demand (stable, non-oscillating range 0-1: tested).",
     "fitted: grainsim calibrate on 2023-25 prices (docs/CALIBRATION.md)", 0, 1,
     GRAINSIM_FIELD(market.adjustment_speed)},
    {"market.cover_speed", "0.01", "1/day",
     "Log-price response to inventory cover away from its target.", "assumption", 0, 1,
     GRAINSIM_FIELD(market.cover_speed)},
    {"market.target_cover_days", "20", "days", "Traders' target inventory in days of sales.",
     "assumption", 1, 365, GRAINSIM_FIELD(market.target_cover_days)},
    {"market.expectation_weight", "0.1", "1/day", "Adaptive-expectations weight on today's price.",
     "assumption", 0, 1, GRAINSIM_FIELD(market.expectation_weight)},
    {"market.expectation_response", "0.5", "1",
     "How strongly traders hold back stock when they expect prices to rise.", "assumption", 0, 5,
     GRAINSIM_FIELD(market.expectation_response)},
    {"market.announcement_horizon_days", "60", "days",
     "Days of national orders over which traders expect announced aid to be sold.", "assumption", 1,
     3650, GRAINSIM_FIELD(market.announcement_horizon_days)},
    {"market.announcement_elasticity", "0.61", "1",
     "Demand elasticity (absolute) traders use to turn announced supply into an expected "
     "price fall.",
     "Green et al. 2013, cereals in low-income countries -0.61 (facts.csv)", 0.01, 10,
     GRAINSIM_FIELD(market.announcement_elasticity)},
    // arbitrage
    {"arbitrage.cost_usd_per_t_km", "0.0468", "USD/(t km)", "Road/rail freight cost of traders.",
     "fitted: grainsim calibrate on 2023-25 prices (docs/CALIBRATION.md)", 0, kInf,
     GRAINSIM_FIELD(arbitrage.cost_usd_per_t_km)},
    {"arbitrage.road_factor", "1.3", "1", "Route length over great-circle distance.", "assumption",
     1, 5, GRAINSIM_FIELD(arbitrage.road_factor)},
    {"arbitrage.speed_km_per_day", "250", "km/day", "Traders' haul speed (sets the delay).",
     "assumption (40-60 km/h trains, facts.csv, with waiting)", 1, kInf,
     GRAINSIM_FIELD(arbitrage.speed_km_per_day)},
    {"arbitrage.capacity_t_per_day", "1000", "t/day",
     "Most traders move between two regions a day.", "assumption", 0, kInf,
     GRAINSIM_FIELD(arbitrage.capacity_t_per_day)},
    {"arbitrage.margin", "0.03", "1", "Traders' required margin over transport cost, of price.",
     "assumption", 0, 1, GRAINSIM_FIELD(arbitrage.margin)},
    {"arbitrage.competition", "0.2", "1/day",
     "How fast importers' competition pulls a destination's price down to the landed cost: the "
     "log price falls by competition x the gap left after cost and margin (of the price) a day.",
     "assumption", 0, 10, GRAINSIM_FIELD(arbitrage.competition)},
    {"arbitrage.pipeline_days", "3", "days",
     "Days of orders traders want on the road to their market, on top of target cover in stock, "
     "when they restock from cheaper regions.",
     "assumption", 0, 365, GRAINSIM_FIELD(arbitrage.pipeline_days)},
    {"arbitrage.restock_days", "2", "days",
     "Days over which traders spread restocking a shortfall from other regions (1: at once).",
     "assumption (smooths restocking cycles; tested steady-state gap)", 1, 365,
     GRAINSIM_FIELD(arbitrage.restock_days)},
    {"arbitrage.margin_spread", "0.035", "1",
     "Traders' required margins spread evenly over margin +- spread/2 (of the destination "
     "price): the share of a restocking order a source gets grows linearly with its gap across "
     "that range, so flows do not jump when a gap opens.",
     "model choice: with one margin for all traders a 0.1 % change in the aid moved regional "
     "prices by up to 9 % (chaotic restocking); tested continuity",
     1e-6, 1, GRAINSIM_FIELD(arbitrage.margin_spread)},
    {"arbitrage.max_outflow_share", "0.3", "1", "Most of a market's stock shipped out in a day.",
     "assumption", 0, 1, GRAINSIM_FIELD(arbitrage.max_outflow_share)},
    // logistics
    {"logistics.disruption_start_probability", "0.08", "1/day",
     "Daily chance that a running rail route stops for lack of traction power.",
     "assumption; winter trips of 10+ days (facts.csv)", 0, 1,
     GRAINSIM_FIELD(logistics.disruption_start_probability)},
    {"logistics.disruption_mean_days", "4", "days", "Mean length of a stoppage.",
     "assumption; winter trips of 10+ days (facts.csv)", 1, 365,
     GRAINSIM_FIELD(logistics.disruption_mean_days)},
    // milling
    {"milling.extraction", "0.72", "1", "Flour out per kg of wheat milled.",
     "straight-flour extraction 72 % (facts.csv)", 0, 1, GRAINSIM_FIELD(milling.extraction)},
    {"milling.capacity_t_per_day", "300", "t/day", "Wheat the state mills can grind a day.",
     "assumption: no public figure (facts.csv)", 0, kInf,
     GRAINSIM_FIELD(milling.capacity_t_per_day)},
    // stockpile
    {"stockpile.region", "Pyongyang", "region", "Region of the strategic warehouses.",
     "scenario source (russian_aid_events.csv)", 0, 0, GRAINSIM_FIELD(stockpile.region)},
    {"stockpile.release_t_per_day", "500", "t/day", "Most the stockpile hands out a day.",
     "assumption", 0, kInf, GRAINSIM_FIELD(stockpile.release_t_per_day)},
    // aid
    {"aid.tonnage_scale", "1", "1", "Multiplies every shipment's tonnage (0 = no aid lands).",
     "scenario setting", 0, 1000, GRAINSIM_FIELD(aid.tonnage_scale)},
    {"aid.displacement_share", "0.25", "1",
     "Share of the aid handed out of the stockpile that displaces planned commercial imports of "
     "the same commodity instead of adding to supply.",
     "assumption; Noland (Reuters 2007): 'as food aid began arriving ... the regime "
     "systematically cut the amount of food it bought on commercial terms'",
     0, 1, GRAINSIM_FIELD(aid.displacement_share)},
    // allocation
    {"allocation.elite_share", "0.8", "1", "Share of each release for the elite tiers.",
     "assumption: leadership first (facts.csv allocation)", 0, 1,
     GRAINSIM_FIELD(allocation.elite_share)},
    {"allocation.shop_share", "0.15", "1", "Share of each release for state grain shops.",
     "assumption", 0, 1, GRAINSIM_FIELD(allocation.shop_share)},
    {"allocation.market_share", "0.05", "1", "Share of each release sold to traders.", "assumption",
     0, 1, GRAINSIM_FIELD(allocation.market_share)},
    {"allocation.entitlement_months", "4", "months",
     "Months of ration that make up a tier's entitlement from this aid.", "assumption", 0, 120,
     GRAINSIM_FIELD(allocation.entitlement_months)},
    // shops
    {"shops.discount", "0.2", "1", "State grain shops' price below the market price.",
     "Daily NK Jan 2023: 15-25 % below market (prices.csv)", 0, 1, GRAINSIM_FIELD(shops.discount)},
    {"shops.release_share_per_day", "0.05", "1/day", "Share of a shop's stock offered a day.",
     "assumption", 0, 1, GRAINSIM_FIELD(shops.release_share_per_day)},
};
#undef GRAINSIM_FIELD

}  // namespace

std::span<const ParameterSpec> parameterTable() {
  return kTable;
}

}  // namespace grainsim

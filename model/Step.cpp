#include "model/Step.hpp"

#include <algorithm>
#include <optional>

namespace grainsim {
namespace {

/// 1. Drivers: exchange rate (passed through to KPW prices), temperature and need.
void updateDrivers(const Scenario& s, State& st) {
  const double previous_rate = st.drivers.kpw_per_usd;
  st.drivers = driversOn(s, st.day);
  if (st.day > 0) repriceForExchangeRate(s, st.markets, st.drivers.kpw_per_usd / previous_rate);
}

/// 1b. Harvest and supply: today's harvest into farm households' own stock, state procurement
///     and farm stores; farm stores sell to traders; commercial imports land.
HarvestFlows harvestToday(const Scenario& s, State& st) {
  return harvestDay(s, s.dateOf(st.day), st.markets.price, st.drivers.kpw_per_usd, st.farms);
}

void storeAndSupply(const Scenario& s, const KeyedRng& rng, const HarvestFlows& f, State& st) {
  const Date today = s.dateOf(st.day);
  const Eigen::ArrayXd own_added = (f.own > 0).any()
                                       ? addOwnHarvest(s, rng, today.year(), f.own, st.households)
                                       : Eigen::ArrayXd::Zero(f.to_state.size());
  st.state.stock += f.to_state;
  st.harvested = own_added + f.to_state + f.to_stores;
  st.ledger.in += st.harvested;
  st.ledger.lost += f.lost;
  st.imports = supplyMarkets(s, today, f.to_traders, st.markets);
  st.ledger.in += st.imports;
}

void harvestAndSupply(const Scenario& s, const KeyedRng& rng, State& st) {
  storeAndSupply(s, rng, harvestToday(s, st), st);
}

/// 2. Logistics: landing, handling, rail haul with power cuts, milling, into the stockpile.
void moveAidLogistics(const Scenario& s, const KeyedRng& rng, State& st) {
  const AidFlows f = moveAid(s, rng, st.day, st.logistics);
  st.ledger.in += f.arrived + f.milled_flour;
  st.ledger.consumed += f.milled_grain;
  st.ledger.lost += f.lost;
  st.aid.arrived += f.arrived.sum();
}

/// 3. Allocation: stockpile release, leadership first, then shops and traders.
void allocateAid(const Scenario& s, State& st) {
  const Allocation a = allocateFromStockpile(s, st.logistics.stockpile, st.elites, st.markets);
  st.aid.allocated += a.to_tier;
  st.aid.to_shops += a.to_shops;
  st.aid.to_markets += a.to_market;
  displaceImports(s, a.released, st.markets);
  st.aid.reached_people += a.to_market_by_commodity;
}

/// 4. Elites: eat their ration, keep a reserve, resell surplus into their region's market.
void runEliteRecipients(const Scenario& s, State& st) {
  const EliteFlows f = runElites(s, st.drivers.kpw_per_usd, st.elites, st.markets);
  st.ledger.consumed += f.eaten;
  st.aid.consumed += f.eaten.sum();
  st.aid.resold += f.resold.rowwise().sum();
  st.aid.resold_by_tier += f.resold_by_tier;
  st.aid.reached_people += f.eaten + f.resold.colwise().sum().transpose();
}

/// Announced aid, in its milled form, that has not yet reached people or markets.
Eigen::ArrayXd outstandingAnnouncedAid(const Scenario& s, const State& st) {
  Eigen::ArrayXd announced = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(s.commodities.size()));
  const Date today = s.dateOf(st.day);
  for (const Shipment& sh : s.shipments) {
    if (!sh.announced || today < *sh.announced) continue;
    const Commodity& c = s.commodities[sh.commodity];
    const double kg = s.landedKg(sh);
    if (c.milled_into >= 0)
      announced(c.milled_into) += kg * s.params.milling.extraction;
    else
      announced(sh.commodity) += kg;
  }
  return (announced - st.aid.reached_people).max(0.0);
}

/// 5. Traders: ship between regions, update expectations, decide today's offers.
void runTraders(const Scenario& s, State& st) {
  tradeBetweenRegions(s, st.day, st.drivers.kpw_per_usd, st.arbitrage, st.markets);
  const Eigen::ArrayXd discount =
      announcementDiscount(s, st.markets, outstandingAnnouncedAid(s, st));
  setOffers(s, discount, st.markets);
  offerStateShops(s, s.dateOf(st.day), st.state, st.markets);
}

/// What households face in each region: trader, aid-shop and state-shop prices blended by
/// quantity on offer.
std::vector<RegionOffer> regionOffers(const Scenario& s, const State& st) {
  const Markets& m = st.markets;
  std::vector<RegionOffer> offers(s.regions.size());
  for (std::size_t r = 0; r < s.regions.size(); ++r) {
    RegionOffer& o = offers[r];
    o.cereal_kcal_need = st.drivers.cereal_kcal_need[r];
    o.price.assign(s.commodities.size(), 0.0);
    o.available.assign(s.commodities.size(), false);
    for (std::size_t c = 0; c < s.commodities.size(); ++c) {
      if (!s.commodities[c].retail) continue;
      const int ri = static_cast<int>(r), ci = static_cast<int>(c);
      const double trader = m.offer(ri, ci), shop = m.shop_offer(ri, ci),
                   state = m.state_offer(ri, ci);
      o.available[c] = trader + shop + state > 0;
      o.price[c] = o.available[c] ? (trader * m.price(ri, ci) + shop * shopPrice(s, m, ri, ci) +
                                     state * m.price(ri, ci) * m.state_price_factor(ri, ci)) /
                                        (trader + shop + state)
                                  : m.price(ri, ci);
    }
    std::vector<double> start_price(m.start_price.cols());
    for (Eigen::Index c = 0; c < m.start_price.cols(); ++c)
      start_price[static_cast<std::size_t>(c)] = m.start_price(static_cast<Eigen::Index>(r), c);
    setDietMix(s, start_price, o);
  }
  return offers;
}

/// 6a. The PDS ration handed out.
void handOutRations(const Scenario& s, State& st) {
  st.ledger.consumed += distributeRations(s, s.dateOf(st.day), personsByGroup(st.households),
                                          st.drivers.cereal_kcal_need, st.state);
}

/// 6. Households: PDS ration, income, own stock first, orders within the budget (placed in
///    yesterday's eating pass if that looked ahead to these very inputs).
void householdsOrder(const Scenario& s, const KeyedRng& rng, bool parallel,
                     const std::vector<RegionOffer>& offers, State& st) {
  handOutRations(s, st);
  placeOrders(s, rng, static_cast<std::uint32_t>(st.day), st.drivers.income_kpw_per_usd, offers,
              rationsOf(st.state), parallel, st.households, st.household_totals,
              st.orders_ahead ? &*st.orders_ahead : nullptr);
  st.orders_ahead.reset();
  st.markets.orders = st.household_totals.orders;
}

/// 7. Markets: fill orders (shops first), rationing pro rata when short; reprice. Until the
///    start day is over, observed start prices (start.prices) are held.
void marketsClear(const Scenario& s, State& st) {
  clearMarkets(s, st.markets);
  st.aid.consumed += st.markets.shop_sales.sum();  // aid shops sell only aid
  st.aid.reached_people += st.markets.shop_sales.colwise().sum().transpose();
  st.state.stock -= st.markets.state_sales.colwise().sum().transpose();
  if (!s.start_prices.empty() && st.day <= s.spinupDays()) holdStartPrices(st.markets);
}

/// The regional part of the state, all but the household agents' columns: what phases 1 to 5
/// and the rations read and write.
State regionalCopy(const State& st) {
  const Households& h = st.households;
  Households groups;
  groups.weight = h.weight;
  groups.group_begin = h.group_begin;
  groups.own_stock_kg = h.own_stock_kg;
  groups.group_persons = h.group_persons;
  groups.urban_persons = h.urban_persons;
  groups.rural_persons = h.rural_persons;
  groups.rural_begin = h.rural_begin;
  return State{.day = st.day,
               .drivers = st.drivers,
               .households = std::move(groups),
               .markets = st.markets,
               .arbitrage = st.arbitrage,
               .logistics = st.logistics,
               .elites = st.elites,
               .household_totals = {},
               .orders_ahead = {},
               .order_ahead = false,
               .ledger = st.ledger,
               .aid = st.aid,
               .farms = st.farms,
               .state = st.state,
               .imports = st.imports,
               .harvested = st.harvested};
}

/// What tomorrow's phase 6 will give the households (its phases 1 to 5 and rations run on a
/// regional copy of today's state), so that today's eating pass can place tomorrow's orders.
/// None if the state does not order ahead, on the run's last day and before an own harvest, which
/// lands in the stocks eating lowers. Phases 1 to 5 read nothing that eating writes; should that
/// change, placeOrders sees other inputs and makes its own pass: slower, never wrong.
std::optional<OrderInputs> tomorrowsOrderInputs(const Scenario& s, const KeyedRng& rng,
                                                const State& st) {
  if (!st.order_ahead || st.day + 1 >= s.spinupDays() + s.days()) return std::nullopt;
  State next = regionalCopy(st);
  next.day = st.day + 1;
  updateDrivers(s, next);
  const HarvestFlows harvest = harvestToday(s, next);
  if ((harvest.own > 0).any()) return std::nullopt;
  storeAndSupply(s, rng, harvest, next);
  moveAidLogistics(s, rng, next);
  allocateAid(s, next);
  runEliteRecipients(s, next);
  runTraders(s, next);
  const std::vector<RegionOffer> offers = regionOffers(s, next);
  handOutRations(s, next);
  return orderInputs(static_cast<std::uint32_t>(next.day), next.drivers.income_kpw_per_usd, offers,
                     rationsOf(next.state));
}

/// 8. Households: receive their share of orders, eat, record shortfall; in the same pass,
///    place tomorrow's orders where tomorrow can be seen (tomorrowsOrderInputs).
void householdsEat(const Scenario& s, const KeyedRng& rng, const std::vector<RegionOffer>& offers,
                   bool parallel, State& st) {
  std::vector<std::vector<double>> fill(s.regions.size());
  for (std::size_t r = 0; r < s.regions.size(); ++r)
    for (std::size_t c = 0; c < s.commodities.size(); ++c) fill[r].push_back(st.markets.fill(r, c));
  std::optional<OrderInputs> tomorrow = tomorrowsOrderInputs(s, rng, st);
  std::optional<NextDayOrders> next;
  if (tomorrow) next.emplace(NextDayOrders{rng, std::move(*tomorrow)});
  st.orders_ahead = consume(s, offers, rationsOf(st.state), fill, parallel, st.households,
                            st.household_totals, next ? &*next : nullptr);
  for (std::size_t r = 0; r < s.regions.size(); ++r)
    for (std::size_t c = 0; c < s.commodities.size(); ++c)
      st.ledger.consumed(c) +=
          st.household_totals.own_eaten(r, c) + st.household_totals.bought(r, c);
}

}  // namespace

void stepDay(const Scenario& s, const KeyedRng& rng, bool parallel, State& st, PhaseClock* clock) {
  timedPhase(clock, Phase::drivers, [&] {  // 1
    updateDrivers(s, st);
    harvestAndSupply(s, rng, st);
  });
  timedPhase(clock, Phase::logistics, [&] { moveAidLogistics(s, rng, st); });  // 2
  timedPhase(clock, Phase::allocation, [&] { allocateAid(s, st); });           // 3
  timedPhase(clock, Phase::elites, [&] { runEliteRecipients(s, st); });        // 4
  timedPhase(clock, Phase::traders, [&] { runTraders(s, st); });               // 5
  std::vector<RegionOffer> offers;
  // The offers are what households see; they are charged to the ordering phase.
  timedPhase(clock, Phase::households_order, [&] {  // 6
    offers = regionOffers(s, st);
    householdsOrder(s, rng, parallel, offers, st);
  });
  timedPhase(clock, Phase::markets_clear, [&] { marketsClear(s, st); });  // 7
  timedPhase(clock, Phase::households_eat,
             [&] { householdsEat(s, rng, offers, parallel, st); });  // 8
  ++st.day;                                                          // 9: the caller records
}

}  // namespace grainsim

#include "model/State.hpp"

namespace grainsim {
namespace {

/// Traders start holding market.target_cover_days of what households order on the first day at
/// the start prices (every stall stocked, that day's PDS rations), so that a run, observed
/// start prices or not, opens with its buyers served.
void stockTradersForFirstDay(const Scenario& s, const KeyedRng& rng, State& st) {
  StateDistribution state = st.state;  // a copy: the first day hands out its own rations
  distributeRations(s, s.firstDate(), personsByGroup(st.households), st.drivers.cereal_kcal_need,
                    state);
  Markets& m = st.markets;
  std::vector<RegionOffer> offers(s.regions.size());
  for (std::size_t r = 0; r < offers.size(); ++r) {
    RegionOffer& o = offers[r];
    o.cereal_kcal_need = st.drivers.cereal_kcal_need[r];
    for (std::size_t c = 0; c < s.commodities.size(); ++c) {
      o.available.push_back(s.commodities[c].retail);
      o.price.push_back(m.start_price(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)));
    }
    setDietMix(s, o.price, o);
  }
  HouseholdTotals totals;
  placeOrders(s, rng, 0, st.drivers.income_kpw_per_usd, offers, rationsOf(state), true,
              st.households, totals);
  st.households.shock_draws = 0;  // a preview: the first day draws these again
  for (std::size_t r = 0; r < offers.size(); ++r)
    for (std::size_t c = 0; c < s.commodities.size(); ++c)
      m.inventory(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          s.params.market.target_cover_days *
          totals.orders(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c));
}

}  // namespace

std::vector<Ration> rationsOf(const StateDistribution& st) {
  std::vector<Ration> rations(static_cast<std::size_t>(st.ration_kcal.rows()));
  for (std::size_t r = 0; r < rations.size(); ++r) {
    const auto ri = static_cast<Eigen::Index>(r);
    rations[r] = {st.ration_kcal(ri, kUrban), st.ration_kcal(ri, kRural), st.ration_kg(ri, kUrban),
                  st.ration_kg(ri, kRural)};
  }
  return rations;
}

State initialState(const Scenario& s, const KeyedRng& rng) {
  const auto C = static_cast<Eigen::Index>(s.commodities.size());
  const auto R = static_cast<Eigen::Index>(s.regions.size());
  State st;
  st.drivers = driversOn(s, 0);
  st.households = createHouseholds(s, rng, st.drivers.cereal_kcal_need);
  st.order_ahead = st.households.size() >= kOrderAheadMinAgents;
  st.state = createStateDistribution(s, personsByGroup(st.households));
  st.markets = createMarkets(s, st.drivers.kpw_per_usd);
  stockTradersForFirstDay(s, rng, st);
  st.farms = createFarmStores(s, st.markets.start_price, st.drivers.kpw_per_usd);
  st.arbitrage = createArbitrage(s);
  st.logistics = createAidLogistics(s);
  st.elites = createElites(s);
  st.ledger = {heldByCommodity(st), Eigen::ArrayXd::Zero(C), Eigen::ArrayXd::Zero(C)};
  st.aid.allocated = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(s.tiers.size()));
  st.aid.resold_by_tier = st.aid.allocated;
  st.aid.reached_people = Eigen::ArrayXd::Zero(C);
  st.aid.to_shops = st.aid.resold = st.aid.to_markets = Eigen::ArrayXd::Zero(R);
  st.imports = st.harvested = Eigen::ArrayXd::Zero(C);
  return st;
}

Eigen::ArrayXXd personsByGroup(const Households& h) {
  const auto R = static_cast<Eigen::Index>(h.urban_persons.size());
  Eigen::ArrayXXd p(R, 2);
  for (Eigen::Index r = 0; r < R; ++r) {
    p(r, kUrban) = h.urban_persons[r] * h.weight;
    p(r, kRural) = h.rural_persons[r] * h.weight;
  }
  return p;
}

Eigen::ArrayXd heldByCommodity(const State& st) {
  const Markets& m = st.markets;
  Eigen::ArrayXd held = (m.inventory + m.shop_stock).colwise().sum().transpose() + st.state.stock;
  for (Eigen::Index h = 0; h < st.farms.stock.rows(); ++h)
    held(st.farms.commodity[static_cast<std::size_t>(h)]) +=
        st.farms.stock.row(h).sum() + st.farms.incoming.row(h).sum();
  const Households& h = st.households;
  for (std::size_t c = 0; c < h.own_stock_kg.size(); ++c)
    held(static_cast<Eigen::Index>(c)) += h.own_stock_kg[c] * h.weight;
  for (const auto& lot : st.arbitrage.in_transit) held(lot.commodity) += lot.kg;
  const AidLogistics& l = st.logistics;
  held += l.landed.colwise().sum().transpose() + l.ready.colwise().sum().transpose() + l.at_mill +
          l.stockpile;
  for (const auto& lot : l.on_rail) held(lot.commodity) += lot.kg;
  held += st.elites.stock.colwise().sum().transpose();
  return held;
}

}  // namespace grainsim

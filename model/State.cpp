#include "model/State.hpp"

namespace grainsim {

State initialState(const Scenario& s, const KeyedRng& rng) {
  const auto C = static_cast<Eigen::Index>(s.commodities.size());
  const auto R = static_cast<Eigen::Index>(s.regions.size());
  State st;
  st.drivers = driversOn(s, 0);
  st.households = createHouseholds(s, rng, st.drivers.cereal_kcal_need);
  st.markets = createMarkets(s, st.drivers.kpw_per_usd);
  st.arbitrage = createArbitrage(s);
  st.logistics = createAidLogistics(s);
  st.elites = createElites(s);
  st.ledger = {heldByCommodity(st), Eigen::ArrayXd::Zero(C), Eigen::ArrayXd::Zero(C)};
  st.aid.allocated = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(s.tiers.size()));
  st.aid.resold_by_tier = st.aid.allocated;
  st.aid.reached_people = Eigen::ArrayXd::Zero(C);
  st.aid.to_shops = st.aid.resold = st.aid.to_markets = Eigen::ArrayXd::Zero(R);
  return st;
}

Eigen::ArrayXd heldByCommodity(const State& st) {
  const Markets& m = st.markets;
  Eigen::ArrayXd held = (m.inventory + m.harvest + m.shop_stock).colwise().sum().transpose();
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

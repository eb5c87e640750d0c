#include "agents/Arbitrage.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace grainsim {
namespace {

double greatCircleKm(const Region& a, const Region& b) {
  constexpr double kEarthRadiusKm = 6371.0;
  const double rad = std::numbers::pi / 180.0;
  const double dlat = (b.latitude - a.latitude) * rad, dlon = (b.longitude - a.longitude) * rad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.latitude * rad) * std::cos(b.latitude * rad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(h));
}

}  // namespace

Arbitrage createArbitrage(const Scenario& s) {
  const auto R = static_cast<Eigen::Index>(s.regions.size());
  const auto& p = s.params.arbitrage;
  Arbitrage a;
  a.cost_usd_per_kg.setZero(R, R);
  a.delay_days.setZero(R, R);
  for (Eigen::Index i = 0; i < R; ++i)
    for (Eigen::Index j = 0; j < R; ++j) {
      const double km = greatCircleKm(s.regions[i], s.regions[j]) * p.road_factor;
      a.cost_usd_per_kg(i, j) = km * p.cost_usd_per_t_km / 1000.0;
      a.delay_days(i, j) = std::max(1, static_cast<int>(std::ceil(km / p.speed_km_per_day)));
    }
  return a;
}

void tradeBetweenRegions(const Scenario& s, int day, double kpw_per_usd, Arbitrage& a, Markets& m) {
  m.net_inflow.setZero();
  // Deliveries keep their shipping order, so the sums below are deterministic.
  std::erase_if(a.in_transit, [&](const TradeLot& lot) {
    if (lot.arrival_day > day) return false;
    m.inventory(lot.to, lot.commodity) += lot.kg;
    m.net_inflow(lot.to, lot.commodity) += lot.kg;
    return true;
  });

  const auto& p = s.params.arbitrage;
  const auto R = m.price.rows();
  for (Eigen::Index c = 0; c < m.price.cols(); ++c) {
    if (!s.commodities[c].retail) continue;
    Eigen::ArrayXd on_road = Eigen::ArrayXd::Zero(R);
    for (const auto& lot : a.in_transit)
      if (lot.commodity == c) on_road(lot.to) += lot.kg;

    // excess(i, j): what is left of the gap after transport cost and margin, of p_j.
    Eigen::ArrayXXd excess = Eigen::ArrayXXd::Zero(R, R);
    for (Eigen::Index i = 0; i < R; ++i)
      for (Eigen::Index j = 0; j < R; ++j)
        if (i != j)
          excess(i, j) = (m.price(j, c) - m.price(i, c) * (1 + p.margin) -
                          a.cost_usd_per_kg(i, j) * kpw_per_usd) /
                         m.price(j, c);

    Eigen::ArrayXXd wanted = Eigen::ArrayXXd::Zero(R, R);  // (from, to)
    for (Eigen::Index j = 0; j < R; ++j) {
      // Destination traders restock to target cover of their orders, counting what is already
      // on the road (no cobweb), spread over restock_days (smoother), from every source where
      // the gap pays some traders, pro rata to the gap and the source's stock. Margins spread
      // over margin +- spread/2, so a source's flow grows linearly from zero with its gap:
      // markets stay continuous in their inputs (one margin for all made restocking chaotic).
      const double half = p.margin_spread / 2;
      const double wanted_stock =
          (p.pipeline_days + s.params.market.target_cover_days) * m.orders(j, c);
      const double shortfall =
          std::max(0.0, wanted_stock - m.inventory(j, c) - on_road(j)) / p.restock_days;
      double weight = 0;
      // Traders whose margin the gap pays: on routes from other regions only.
      auto pays = [&](Eigen::Index i) { return i != j && excess(i, j) > -half; };
      for (Eigen::Index i = 0; i < R; ++i)
        if (pays(i)) weight += (excess(i, j) + half) * m.inventory(i, c);
      if (weight <= 0 || shortfall < 1.0) continue;  // less than a kilogram: nothing to do
      for (Eigen::Index i = 0; i < R; ++i)
        if (pays(i)) {
          const double paying = std::min(1.0, (excess(i, j) + half) / p.margin_spread);
          wanted(i, j) =
              std::min(p.capacity_t_per_day * 1000,
                       shortfall * (excess(i, j) + half) * m.inventory(i, c) / weight * paying);
        }
      // Importers compete: the posted price falls towards the landed cost.
      m.price(j, c) *= std::exp(-p.competition * excess.col(j).maxCoeff());
    }
    for (Eigen::Index i = 0; i < R; ++i) {  // no source beyond its outflow share
      const double total = wanted.row(i).sum(), cap = p.max_outflow_share * m.inventory(i, c);
      if (total > cap) wanted.row(i) *= cap / total;
    }
    for (Eigen::Index i = 0; i < R; ++i)
      for (Eigen::Index j = 0; j < R; ++j) {
        const double kg = wanted(i, j);
        if (kg <= 0) continue;
        m.inventory(i, c) -= kg;
        m.net_inflow(i, c) -= kg;
        a.in_transit.push_back({day + a.delay_days(i, j), static_cast<int>(i), static_cast<int>(j),
                                static_cast<int>(c), kg});
      }
  }
}

}  // namespace grainsim

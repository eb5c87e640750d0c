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
    // Traders see what is already on the road: a destination takes at most pipeline_days of
    // its orders in transit, which keeps delayed shipments from overshooting (cobweb cycles).
    Eigen::ArrayXd room = p.pipeline_days * m.orders.col(c);
    for (const auto& lot : a.in_transit)
      if (lot.commodity == c) room(lot.to) -= lot.kg;
    room = room.max(0.0);

    Eigen::ArrayXXd wanted = Eigen::ArrayXXd::Zero(R, R);  // (from, to)
    for (Eigen::Index i = 0; i < R; ++i)
      for (Eigen::Index j = 0; j < R; ++j) {
        const double gap =
            m.price(j, c) - m.price(i, c) * (1 + p.margin) - a.cost_usd_per_kg(i, j) * kpw_per_usd;
        if (i == j || gap <= 0) continue;
        // More the larger the gap relative to the destination price.
        wanted(i, j) = std::min(p.capacity_t_per_day * 1000,
                                p.response * m.inventory(i, c) * gap / m.price(j, c));
      }
    for (Eigen::Index j = 0; j < R; ++j) {  // no destination beyond its room
      const double total = wanted.col(j).sum();
      if (total > room(j)) wanted.col(j) *= room(j) / total;
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

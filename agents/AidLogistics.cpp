#include "agents/AidLogistics.hpp"

#include <algorithm>
#include <cmath>

namespace grainsim {

double AidLogistics::inTransit() const {
  double kg = landed.sum() + ready.sum() + at_mill.sum();
  for (const auto& lot : on_rail) kg += lot.kg;
  return kg;
}

AidLogistics createAidLogistics(const Scenario& s) {
  const auto E = static_cast<Eigen::Index>(s.entry_points.size());
  const auto C = static_cast<Eigen::Index>(s.commodities.size());
  AidLogistics l;
  l.landed.setZero(E, C);
  l.ready.setZero(E, C);
  l.at_mill.setZero(C);
  l.stockpile.setZero(C);
  l.stopped_days_left.assign(s.routes.size(), 0);
  return l;
}

AidFlows moveAid(const Scenario& s, const KeyedRng& rng, int day, AidLogistics& l) {
  const auto C = static_cast<Eigen::Index>(s.commodities.size());
  AidFlows f{Eigen::ArrayXd::Zero(C), Eigen::ArrayXd::Zero(C), Eigen::ArrayXd::Zero(C),
             Eigen::ArrayXd::Zero(C)};
  const Date today = s.dateOf(day);

  for (const Shipment& sh : s.shipments) {
    if (sh.arrival != today) continue;
    const double kg = s.landedKg(sh);
    l.landed(sh.entry_point, sh.commodity) += kg;
    f.arrived(sh.commodity) += kg;
  }

  // Power cuts: a running route stops with a daily probability, for a random spell; a route of
  // zero transit days has no haul to stop.
  std::vector<bool> running(s.routes.size());
  const auto& lp = s.params.logistics;
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    if (s.routes[r].transit_days == 0) {  // no rail to stop: the entry point is the stockpile's
      running[r] = true;
      continue;
    }
    if (l.stopped_days_left[r] == 0) {
      const auto w = rng.words(static_cast<std::uint32_t>(day), static_cast<std::uint32_t>(r),
                               Purpose::rail_disruption);
      if (KeyedRng::toUnit(w[0]) < lp.disruption_start_probability)
        l.stopped_days_left[r] =
            std::max(1, static_cast<int>(std::lround(-lp.disruption_mean_days *
                                                     std::log(KeyedRng::toUnit(w[1])))));
    }
    running[r] = l.stopped_days_left[r] == 0;
    if (!running[r]) --l.stopped_days_left[r];
  }

  std::erase_if(l.on_rail, [&](const AidLot& lot) {
    if (lot.arrival_day > day || !running[lot.route]) return false;
    const double lost = lot.kg * s.routes[lot.route].loss_share;
    f.lost(lot.commodity) += lost;
    (s.commodities[lot.commodity].milled_into >= 0 ? l.at_mill(lot.commodity)
                                                   : l.stockpile(lot.commodity)) += lot.kg - lost;
    return true;
  });

  for (std::size_t e = 0; e < s.entry_points.size(); ++e) {
    double handling = s.entry_points[e].handling_t_per_day * 1000;
    for (Eigen::Index c = 0; c < C; ++c) {
      const double kg = std::min(handling, l.landed(e, c));
      l.landed(e, c) -= kg;
      l.ready(e, c) += kg;
      handling -= kg;
    }
  }
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    if (!running[r]) continue;
    const Route& route = s.routes[r];
    double capacity = route.capacity_t_per_day * 1000;
    for (Eigen::Index c = 0; c < C; ++c) {
      const double kg = std::min(capacity, l.ready(route.entry_point, c));
      if (kg <= 0) continue;
      l.ready(route.entry_point, c) -= kg;
      l.on_rail.push_back({day + route.transit_days, static_cast<int>(r), static_cast<int>(c), kg});
      capacity -= kg;
    }
  }

  double mill_capacity = s.params.milling.capacity_t_per_day * 1000;
  for (Eigen::Index c = 0; c < C; ++c) {
    const int flour = s.commodities[c].milled_into;
    if (flour < 0) continue;
    const double kg = std::min(mill_capacity, l.at_mill(c));
    l.at_mill(c) -= kg;
    mill_capacity -= kg;
    f.milled_grain(c) += kg;
    f.milled_flour(flour) += kg * s.params.milling.extraction;
    l.stockpile(flour) += kg * s.params.milling.extraction;
  }
  return f;
}

}  // namespace grainsim

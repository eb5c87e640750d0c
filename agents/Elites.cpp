#include "agents/Elites.hpp"

#include <algorithm>

namespace grainsim {
namespace {

constexpr double kDaysPerMonth = 30.4375;
constexpr double kMaxPriceFactor = 2.0;

double dailyRation(const Scenario& s, const Elites& e, std::size_t k) {
  return e.members[k] * s.tiers[e.tier[k]].ration_kg_per_member_month / kDaysPerMonth;
}

}  // namespace

Elites createElites(const Scenario& s) {
  const std::size_t R = s.regions.size();
  Elites e;
  for (std::size_t t = 0; t < s.tiers.size(); ++t) {
    const Tier& tier = s.tiers[t];
    for (std::size_t r = 0; r < R; ++r) {
      const double concentrated =
          tier.concentration_region == static_cast<int>(r) ? tier.concentration_share : 0.0;
      const double members =
          tier.members *
          (concentrated + (1 - tier.concentration_share) * s.populationShare(static_cast<int>(r)));
      e.tier.push_back(static_cast<int>(t));
      e.region.push_back(static_cast<int>(r));
      e.members.push_back(members);
      e.entitlement.push_back(members * tier.ration_kg_per_member_month *
                              s.params.allocation.entitlement_months);
      e.received.push_back(0.0);
    }
  }
  e.stock.setZero(static_cast<Eigen::Index>(e.size()),
                  static_cast<Eigen::Index>(s.commodities.size()));
  return e;
}

Allocation allocateFromStockpile(const Scenario& s, Eigen::ArrayXd& stockpile, Elites& e,
                                 Markets& m) {
  const auto C = stockpile.size();
  const auto R = static_cast<Eigen::Index>(s.regions.size());
  const auto& ap = s.params.allocation;
  Allocation a{Eigen::ArrayXd::Zero(C),
               Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(s.tiers.size())),
               Eigen::ArrayXd::Zero(R), Eigen::ArrayXd::Zero(R), Eigen::ArrayXd::Zero(C)};
  double capacity = s.params.stockpile.release_t_per_day * 1000;

  for (Eigen::Index c = 0; c < C; ++c) {
    const double released = std::min(capacity, stockpile(c));
    if (released <= 0) continue;
    capacity -= released;
    stockpile(c) -= released;
    a.released(c) = released;

    double elite_part = released * ap.elite_share;
    for (std::size_t t = 0; t < s.tiers.size() && elite_part > 0; ++t) {
      const std::size_t first = t * R, last = first + R;
      double owed = 0;
      for (std::size_t k = first; k < last; ++k) owed += e.entitlement[k] - e.received[k];
      if (owed <= 0) continue;
      const double given = std::min(elite_part, owed);
      for (std::size_t k = first; k < last; ++k) {
        const double kg = given * (e.entitlement[k] - e.received[k]) / owed;
        e.received[k] += kg;
        e.stock(static_cast<Eigen::Index>(k), c) += kg;
      }
      a.to_tier(static_cast<Eigen::Index>(t)) += given;
      elite_part -= given;
    }
    const double shop_part = released * ap.shop_share + elite_part;
    const double market_part = released - released * ap.elite_share - released * ap.shop_share;
    a.to_market_by_commodity(c) = market_part;
    for (Eigen::Index r = 0; r < R; ++r) {
      const double share = s.populationShare(static_cast<int>(r));
      m.shop_stock(r, c) += shop_part * share;
      m.inventory(r, c) += market_part * share;
      a.to_shops(r) += shop_part * share;
      a.to_market(r) += market_part * share;
    }
  }
  return a;
}

EliteFlows runElites(const Scenario& s, double kpw_per_usd, Elites& e, Markets& m) {
  const auto C = e.stock.cols();
  EliteFlows f{Eigen::ArrayXd::Zero(C), Eigen::ArrayXXd::Zero(m.price.rows(), C),
               Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(s.tiers.size()))};
  for (std::size_t k = 0; k < e.size(); ++k) {
    const auto row = static_cast<Eigen::Index>(k);
    const Tier& tier = s.tiers[e.tier[k]];
    double appetite = dailyRation(s, e, k);
    for (Eigen::Index c = 0; c < C && appetite > 0; ++c) {
      const double eaten = std::min(appetite, e.stock(row, c));
      e.stock(row, c) -= eaten;
      f.eaten(c) += eaten;
      appetite -= eaten;
    }
    const double held = e.stock.row(row).sum();
    const double surplus = held - tier.reserve_days * dailyRation(s, e, k);
    if (surplus <= 0 || tier.resale_propensity <= 0) continue;
    for (Eigen::Index c = 0; c < C; ++c) {
      if (e.stock(row, c) <= 0 || !s.commodities[c].retail) continue;
      const int r = e.region[k];
      const double price_factor =
          std::clamp(m.price(r, c) / (s.commodities[c].initial_price_usd_per_kg * kpw_per_usd), 0.0,
                     kMaxPriceFactor);
      const double kg = std::min(e.stock(row, c), tier.resale_propensity * price_factor * surplus *
                                                      e.stock(row, c) / held);
      e.stock(row, c) -= kg;
      m.inventory(r, c) += kg;
      f.resold(r, c) += kg;
      f.resold_by_tier(e.tier[k]) += kg;
    }
  }
  return f;
}

}  // namespace grainsim

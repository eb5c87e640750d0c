#include "agents/Markets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace grainsim {
namespace {

constexpr double kTiny = 1e-9;  // kg: below this a market counts as empty

}  // namespace

Markets createMarkets(const Scenario& s, double kpw_per_usd) {
  const auto R = static_cast<Eigen::Index>(s.regions.size());
  const auto C = static_cast<Eigen::Index>(s.commodities.size());
  Markets m;
  const auto zeros = Eigen::ArrayXXd::Zero(R, C);
  m.price = Eigen::ArrayXXd::Constant(R, C, std::numeric_limits<double>::quiet_NaN());
  m.inventory = m.harvest = m.harvest_daily = m.shop_stock = zeros;
  m.offer = m.shop_offer = m.orders = m.sales = m.shop_sales = m.fill = m.net_inflow = zeros;
  const double days = s.params.supply.days_to_next_harvest;
  for (Eigen::Index c = 0; c < C; ++c) {
    const Commodity& com = s.commodities[c];
    if (!com.retail) continue;
    // National daily inflow on day one, spread by population as a starting inventory.
    const double inflow_kg = (com.domestic_stock_t / days + com.imports_t_per_day) * 1000;
    for (Eigen::Index r = 0; r < R; ++r) {
      m.price(r, c) = com.initial_price_usd_per_kg * kpw_per_usd;
      m.harvest(r, c) = com.domestic_stock_t * 1000 * s.regions[r].production_share[c];
      m.harvest_daily(r, c) = m.harvest(r, c) / days;
      m.inventory(r, c) =
          s.params.market.target_cover_days * inflow_kg * s.populationShare(static_cast<int>(r));
    }
  }
  m.expected = m.price;
  m.displaced = Eigen::ArrayXd::Zero(C);
  return m;
}

Eigen::ArrayXd supplyMarkets(const Scenario& s, Markets& m) {
  const Eigen::ArrayXXd released = m.harvest.min(m.harvest_daily);
  m.harvest -= released;
  m.inventory += released;
  Eigen::ArrayXd imports = Eigen::ArrayXd::Zero(m.price.cols());
  for (Eigen::Index c = 0; c < m.price.cols(); ++c) {
    const double planned = s.commodities[c].imports_t_per_day * 1000;
    const double cut = std::min(planned, m.displaced(c));
    m.displaced(c) -= cut;
    for (Eigen::Index r = 0; r < m.price.rows(); ++r) {
      const double kg = (planned - cut) * s.populationShare(static_cast<int>(r));
      m.inventory(r, c) += kg;
      imports(c) += kg;
    }
  }
  return imports;
}

void displaceImports(const Scenario& s, const Eigen::ArrayXd& released, Markets& m) {
  m.displaced += s.params.aid.displacement_share * released;
}

Eigen::ArrayXd announcementDiscount(const Scenario& s, const Markets& m,
                                    const Eigen::ArrayXd& outstanding) {
  constexpr double kMaxDiscount = 0.5;
  const auto& mp = s.params.market;
  Eigen::ArrayXd discount = Eigen::ArrayXd::Zero(outstanding.size());
  for (Eigen::Index c = 0; c < outstanding.size(); ++c) {
    const double daily_orders = m.orders.col(c).sum();
    if (outstanding(c) <= 0 || daily_orders <= 0) continue;
    const double supply_shift = outstanding(c) / (daily_orders * mp.announcement_horizon_days);
    discount(c) = std::min(kMaxDiscount, supply_shift / mp.announcement_elasticity);
  }
  return discount;
}

void setOffers(const Scenario& s, const Eigen::ArrayXd& discount, Markets& m) {
  const auto& mp = s.params.market;
  for (Eigen::Index r = 0; r < m.price.rows(); ++r) {
    for (Eigen::Index c = 0; c < m.price.cols(); ++c) {
      if (!s.commodities[c].retail) continue;
      m.expected(r, c) += mp.expectation_weight * (m.price(r, c) - m.expected(r, c));
      // Expected rise -> hold back (factor < 1); expected fall -> release more.
      const double expected = m.expected(r, c) * (1 - discount(c));
      const double expected_change = (expected - m.price(r, c)) / m.price(r, c);
      const double factor = std::clamp(1.0 - mp.expectation_response * expected_change, 0.25, 2.0);
      m.offer(r, c) =
          std::min(m.inventory(r, c), m.inventory(r, c) / mp.target_cover_days * factor);
      m.shop_offer(r, c) = m.shop_stock(r, c) * s.params.shops.release_share_per_day;
    }
  }
}

double shopPrice(const Scenario& s, const Markets& m, int region, int commodity) {
  return m.price(region, commodity) * (1 - s.params.shops.discount);
}

void clearMarkets(const Scenario& s, Markets& m) {
  const auto& mp = s.params.market;
  for (Eigen::Index r = 0; r < m.price.rows(); ++r) {
    for (Eigen::Index c = 0; c < m.price.cols(); ++c) {
      if (!s.commodities[c].retail) continue;
      const double orders = m.orders(r, c);
      const double available = m.offer(r, c) + m.shop_offer(r, c);
      const double sold = std::min(orders, available);
      m.fill(r, c) = orders > kTiny ? sold / orders : 1.0;
      m.shop_sales(r, c) = std::min(sold, m.shop_offer(r, c));
      const double trader_sales = sold - m.shop_sales(r, c);
      m.sales(r, c) = sold;
      m.shop_stock(r, c) -= m.shop_sales(r, c);
      const double stock_at_open = m.inventory(r, c);
      m.inventory(r, c) -= trader_sales;
      // Posted price: up with relative excess demand, down when stock covers more days of
      // sales than traders want to hold (and up when it covers fewer).
      const double excess = (orders - available) / std::max({orders, available, kTiny});
      const double cover = stock_at_open / std::max(trader_sales, kTiny);
      const double cover_gap =
          std::clamp(std::log(std::max(cover, kTiny) / mp.target_cover_days), -1.0, 1.0);
      m.price(r, c) *= std::exp(mp.adjustment_speed * excess - mp.cover_speed * cover_gap);
    }
  }
}

void repriceForExchangeRate(const Scenario& s, Markets& m, double ratio) {
  for (Eigen::Index c = 0; c < m.price.cols(); ++c) {
    const double passthrough =
        s.commodities[c].import_parity ? 1.0 : s.params.exchange.domestic_passthrough;
    const double factor = std::pow(ratio, passthrough);
    m.price.col(c) *= factor;
    m.expected.col(c) *= factor;
  }
}

}  // namespace grainsim

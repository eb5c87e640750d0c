#include "agents/Markets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "agents/Arbitrage.hpp"
#include "agents/Farms.hpp"

namespace grainsim {
namespace {

constexpr double kTiny = 1e-9;  // kg: below this a market counts as empty

}  // namespace

namespace {

/// Start prices of every retail market: observed where given, else from the nearest observed
/// region plus transport cost, else USD parity.
Eigen::ArrayXXd startPrices(const Scenario& s, double kpw_per_usd) {
  const auto R = static_cast<Eigen::Index>(s.regions.size());
  const auto C = static_cast<Eigen::Index>(s.commodities.size());
  Eigen::ArrayXXd p = Eigen::ArrayXXd::Constant(R, C, std::numeric_limits<double>::quiet_NaN());
  const Eigen::MatrixXd cost = createArbitrage(s).cost_usd_per_kg;
  for (Eigen::Index c = 0; c < C; ++c) {
    if (!s.commodities[c].retail) continue;
    auto observed = [&](Eigen::Index r) {
      return s.start_prices.empty() ? std::numeric_limits<double>::quiet_NaN()
                                    : s.start_prices[static_cast<std::size_t>(r * C + c)];
    };
    for (Eigen::Index r = 0; r < R; ++r) {
      if (!std::isnan(observed(r))) {
        p(r, c) = observed(r);
        continue;
      }
      Eigen::Index nearest = -1;
      for (Eigen::Index o = 0; o < R; ++o)
        if (!std::isnan(observed(o)) && (nearest < 0 || cost(o, r) < cost(nearest, r))) nearest = o;
      p(r, c) = nearest >= 0 ? observed(nearest) + cost(nearest, r) * kpw_per_usd
                             : s.commodities[c].initial_price_usd_per_kg * kpw_per_usd;
    }
  }
  return p;
}

}  // namespace

Markets createMarkets(const Scenario& s, double kpw_per_usd) {
  // Traders start with target cover of the first day's supply: farm sales and imports.
  const Eigen::ArrayXXd start = startPrices(s, kpw_per_usd);
  FarmStores preview = createFarmStores(s, start, kpw_per_usd);
  const Eigen::ArrayXd daily_inflow_kg = harvestDay(s, s.firstDate(), start, kpw_per_usd, preview)
                                             .to_traders.colwise()
                                             .sum()
                                             .transpose() +
                                         plannedImports(s, s.firstDate());
  const auto R = static_cast<Eigen::Index>(s.regions.size());
  const auto C = static_cast<Eigen::Index>(s.commodities.size());
  Markets m;
  const auto zeros = Eigen::ArrayXXd::Zero(R, C);
  m.price = start;
  m.start_price = m.price;
  m.inventory = m.shop_stock = zeros;
  m.offer = m.shop_offer = m.state_offer = m.orders = m.sales = m.shop_sales = m.state_sales =
      m.fill = m.net_inflow = zeros;
  m.state_price_factor = Eigen::ArrayXXd::Ones(R, C);
  for (Eigen::Index c = 0; c < C; ++c) {
    if (!s.commodities[c].retail) continue;
    for (Eigen::Index r = 0; r < R; ++r)
      m.inventory(r, c) = s.params.market.target_cover_days * daily_inflow_kg(c) *
                          s.populationShare(static_cast<int>(r));
  }
  m.expected = m.price;
  m.displaced = Eigen::ArrayXd::Zero(C);
  return m;
}

Eigen::ArrayXd plannedImports(const Scenario& s, Date date) {
  Eigen::ArrayXd kg = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(s.commodities.size()));
  for (const DatedFlow& f : s.imports)
    if (f.activeOn(date)) kg(f.commodity) += f.t_per_day * 1000;
  return kg;
}

Eigen::ArrayXd supplyMarkets(const Scenario& s, Date date, const Eigen::ArrayXXd& from_farms,
                             Markets& m) {
  m.inventory += from_farms;
  // Aid displaces planned imports of its commodity: every row of it is cut alike.
  const Eigen::ArrayXd planned = plannedImports(s, date);
  Eigen::ArrayXd kept = Eigen::ArrayXd::Ones(planned.size());
  for (Eigen::Index c = 0; c < planned.size(); ++c) {
    if (planned(c) <= 0) continue;
    const double cut = std::min(planned(c), m.displaced(c));
    m.displaced(c) -= cut;
    kept(c) = (planned(c) - cut) / planned(c);
  }
  Eigen::ArrayXd imports = Eigen::ArrayXd::Zero(planned.size());
  for (const DatedFlow& f : s.imports) {
    if (!f.activeOn(date)) continue;
    for (Eigen::Index r = 0; r < m.price.rows(); ++r) {
      if (f.region >= 0 && f.region != r) continue;
      const double share = f.region >= 0 ? 1.0 : s.populationShare(static_cast<int>(r));
      const double kg = f.t_per_day * 1000 * kept(f.commodity) * share;
      m.inventory(r, f.commodity) += kg;
      imports(f.commodity) += kg;
    }
  }
  return imports;
}

void holdStartPrices(Markets& m) {
  m.price = m.start_price;
  m.expected = m.start_price;
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
      const double shops = m.shop_offer(r, c) + m.state_offer(r, c);
      const double available = m.offer(r, c) + shops;
      const double sold = std::min(orders, available);
      m.fill(r, c) = orders > kTiny ? sold / orders : 1.0;
      // Shops sell first, aid shops and state shops in proportion to their offers.
      const double shop_sold = std::min(sold, shops);
      m.shop_sales(r, c) = shops > 0 ? shop_sold * (m.shop_offer(r, c) / shops) : 0.0;
      m.state_sales(r, c) = shop_sold - m.shop_sales(r, c);
      const double trader_sales = sold - shop_sold;
      m.sales(r, c) = sold;
      m.shop_stock(r, c) -= m.shop_sales(r, c);
      const double stock_at_open = m.inventory(r, c);
      m.inventory(r, c) -= trader_sales;
      // Posted price: up with relative excess demand, down when stock covers more days of
      // sales than traders want to hold (and up when it covers fewer). Traders whose buyers
      // queue for what is there do not cut their price.
      const double excess = (orders - available) / std::max({orders, available, kTiny});
      const double cover = stock_at_open / std::max(trader_sales, kTiny);
      const double cover_gap =
          std::clamp(std::log(std::max(cover, kTiny) / mp.target_cover_days), -1.0, 1.0);
      double change = mp.adjustment_speed * excess - mp.cover_speed * cover_gap;
      if (m.fill(r, c) < kRationedFill) change = std::max(change, 0.0);
      m.price(r, c) *= std::exp(change);
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

#include "agents/Farms.hpp"

#include <algorithm>
#include <cmath>

#include "model/CropCalendar.hpp"

namespace grainsim {
namespace {

constexpr double kDaysPerMonth = 365.25 / 12;
constexpr double kHalfYear = 365.25 / 2;
constexpr double kHoldFadeDays = 60;
constexpr double kReserveMemoryDays = 60;

/// Daily carrying cost (interest, storage, losses), of value.
double dailyCarry(const Scenario& s) {
  return s.params.storage.carrying_cost_per_month / kDaysPerMonth;
}

/// a: how fast planned farm sales fall a day (farmSaleShare); traders' view of the demand
/// elasticity is market.announcement_elasticity.
double salesDecline(const Scenario& s) {
  return s.params.market.announcement_elasticity * dailyCarry(s);
}

double dailyLoss(const Scenario& s) {
  return 1 - std::pow(1 - s.params.storage.loss_per_month, 1 / kDaysPerMonth);
}

/// The last day by which a store must have sold what it holds on `d`: the end of the window
/// under way, or else of the next one.
Date sellBy(const Harvest& h, Date d) {
  const HarvestWindow w = currentOrLastWindow(h, d);
  return w.contains(d) ? w.last : nextWindow(h, d).last;
}

/// Share of a crop's market part still in store `m` days into the `n` days over which it is
/// sold (planned sales of farmSaleShare, less storage losses).
double remainingAfter(double a, double loss, int m, int n) {
  if (m >= n) return 0;
  const double sold = a > 0 ? (1 - std::exp(-a * m)) / (1 - std::exp(-a * n)) : double(m) / n;
  return (1 - sold) * std::pow(1 - loss, m);
}

}  // namespace

double farmSaleShare(double a, int days_left) {
  const int n = std::max(days_left, 1);
  if (a <= 0) return 1.0 / n;
  return (1 - std::exp(-a)) / (1 - std::exp(-a * n));
}

FarmStores createFarmStores(const Scenario& s, const Eigen::ArrayXXd& start_price,
                            double kpw_per_usd) {
  const auto H = static_cast<Eigen::Index>(s.harvests.size());
  const auto R = static_cast<Eigen::Index>(s.regions.size());
  FarmStores f{
      Eigen::ArrayXXd::Zero(H, R), Eigen::ArrayXXd::Zero(H, R), Eigen::ArrayXXd::Zero(H, R), {}};
  const Date first = s.firstDate();
  const double a = salesDecline(s), loss = dailyLoss(s);
  for (Eigen::Index h = 0; h < H; ++h) {
    const Harvest& crop = s.harvests[h];
    f.commodity.push_back(crop.commodity);
    const HarvestWindow w = currentOrLastWindow(crop, first);
    const double market_kg = crop.tonnes * 1000 * crop.market_share;
    double on_sale = 0, gathered = 0;
    int since_harvest = 0;  // days since the crop on sale came in
    if (w.contains(first)) {
      const HarvestWindow before = harvestWindow(crop, w.first.year() - 1);
      since_harvest = first - before.last;
      on_sale = remainingAfter(a, loss, since_harvest, w.last - before.last);
      gathered = double(first - w.first) / crop.window_days;
    } else {
      since_harvest = first - w.last;
      on_sale = remainingAfter(a, loss, since_harvest, nextWindow(crop, first).last - w.last);
    }
    for (Eigen::Index r = 0; r < R; ++r) {
      const double share = s.regions[r].production_share[crop.commodity];
      f.stock(h, r) = market_kg * on_sale * share;
      f.incoming(h, r) = market_kg * gathered * share;
      f.harvest_price(h, r) = start_price(r, crop.commodity) / kpw_per_usd *
                              std::exp(-dailyCarry(s) * (since_harvest - kHalfYear));
    }
  }
  return f;
}

HarvestFlows harvestDay(const Scenario& s, Date date, const Eigen::ArrayXXd& price,
                        double kpw_per_usd, FarmStores& f) {
  const auto R = static_cast<Eigen::Index>(s.regions.size());
  const auto C = static_cast<Eigen::Index>(s.commodities.size());
  HarvestFlows out{Eigen::ArrayXXd::Zero(R, C), Eigen::ArrayXd::Zero(C), Eigen::ArrayXd::Zero(C),
                   Eigen::ArrayXXd::Zero(R, C), Eigen::ArrayXd::Zero(C)};
  const double a = salesDecline(s), loss = dailyLoss(s), carry = dailyCarry(s);
  const double response = s.params.storage.price_response;
  for (std::size_t h = 0; h < s.harvests.size(); ++h) {
    const Harvest& crop = s.harvests[h];
    const auto hi = static_cast<Eigen::Index>(h);
    const int c = crop.commodity;
    const HarvestWindow w = currentOrLastWindow(crop, date);
    const bool gathering = w.contains(date);
    const double today_kg = gathering ? crop.tonnes * 1000 / crop.window_days : 0.0;
    const int days_left = sellBy(crop, date) - date + 1;
    const double planned = farmSaleShare(a, days_left);
    // Holding out for the dollar fades over the season's last kHoldFadeDays: what is left must
    // be sold before the new crop, spread over those days rather than dumped on the last one.
    const double hold = response * std::min(1.0, days_left / kHoldFadeDays);
    const int since_harvest = gathering ? 0 : date - w.last;
    for (Eigen::Index r = 0; r < R; ++r) {
      const double kg = today_kg * s.regions[r].production_share[c];
      out.own(r, c) += kg * crop.own_share;
      out.to_state(c) += kg * crop.state_share;
      out.to_stores(c) += kg * crop.market_share;
      f.incoming(hi, r) += kg * crop.market_share;
      double& stock = f.stock(hi, r);
      const double lost = stock * loss;
      stock -= lost;
      out.lost(c) += lost;
      // The dollar value storers expect to keep: the start price in dollars, rising by the
      // carrying cost through the season (centred on its middle, half a year after harvest).
      const double season = std::exp(carry * (since_harvest - kHalfYear));
      const double carried = f.harvest_price(hi, r) * kpw_per_usd * season;
      // The reserve learns over about two months what grain fetches in dollars: a lasting change
      // of the market moves it, a fall of the won alone only after weeks.
      f.harvest_price(hi, r) +=
          (price(r, c) / (kpw_per_usd * season) - f.harvest_price(hi, r)) / kReserveMemoryDays;
      const double pace =
          hold > 0 ? std::clamp(std::pow(price(r, c) / carried, hold), 0.25, 1.0) : 1.0;
      const double sold = planned >= 1 ? stock : std::min(stock, stock * planned * pace);
      stock -= sold;
      out.to_traders(r, c) += sold;
      if (date == w.last) {  // the new crop goes on sale
        stock += f.incoming(hi, r);
        f.incoming(hi, r) = 0;
      }
    }
  }
  return out;
}

}  // namespace grainsim

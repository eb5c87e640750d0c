#include "model/Drivers.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace grainsim {

double exchangeRate(const Scenario& s, Date date) {
  if (s.exchange_path.empty()) return s.params.exchange.kpw_per_usd;
  return exchangeRateOnPath(s.exchange_path, date);
}

double exchangeRateOnPath(const std::vector<ExchangeRatePoint>& path, Date date) {
  if (date <= path.front().date) return path.front().kpw_per_usd;
  if (date >= path.back().date) return path.back().kpw_per_usd;
  const auto next = std::upper_bound(path.begin(), path.end(), date,
                                     [](Date d, const ExchangeRatePoint& p) { return d < p.date; });
  const auto prev = next - 1;
  const double w = double(date - prev->date) / double(next->date - prev->date);
  return prev->kpw_per_usd + w * (next->kpw_per_usd - prev->kpw_per_usd);
}

double incomeRate(const Scenario& s, Date date) {
  const auto& in = s.params.income;
  const double fixed_rate =
      in.kpw_fixed_rate > 0 ? in.kpw_fixed_rate : exchangeRate(s, s.firstDate());
  const double lagged = exchangeRate(s, date.plusDays(-static_cast<int>(in.usd_lag_days)));
  return in.kpw_fixed_share * fixed_rate + (1 - in.kpw_fixed_share) * lagged;
}

double temperature(const Scenario& s, int region, Date date) {
  const Region& r = s.regions[region];
  const double phase = 2 * std::numbers::pi * (date.dayOfYear() - 16) / 365.25;
  return r.temp_annual_mean_c - r.temp_amplitude_c * std::cos(phase) +
         s.params.climate.temperature_shift_c;
}

Drivers driversOn(const Scenario& s, int day) {
  const Date date = s.dateOf(day);
  const auto& need = s.params.need;
  Drivers d;
  d.kpw_per_usd = exchangeRate(s, date);
  d.income_kpw_per_usd = incomeRate(s, date);
  for (std::size_t r = 0; r < s.regions.size(); ++r) {
    const double t = temperature(s, static_cast<int>(r), date);
    const double kcal = need.base_kcal + need.kcal_per_5c_below_20 * std::max(0.0, (20 - t) / 5);
    d.temperature_c.push_back(t);
    d.kcal_need.push_back(kcal);
    d.cereal_kcal_need.push_back(kcal * need.cereal_share);
  }
  return d;
}

}  // namespace grainsim

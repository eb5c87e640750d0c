#include "calibration/NaiveForecasts.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace grainsim {

PriceHistory::PriceHistory(std::vector<PricePoint> points) {
  std::stable_sort(points.begin(), points.end(),
                   [](const PricePoint& a, const PricePoint& b) { return a.date < b.date; });
  // One point per date, at the mean price, so lookups need not average.
  for (std::size_t i = 0; i < points.size();) {
    std::size_t j = i;
    double total = 0;
    for (; j < points.size() && points[j].date == points[i].date; ++j)
      total += points[j].kpw_per_kg;
    points_.push_back({points[i].date, total / static_cast<double>(j - i)});
    i = j;
  }
}

std::optional<PricePoint> PriceHistory::lastOnOrBefore(Date origin) const {
  const auto after = std::upper_bound(points_.begin(), points_.end(), origin,
                                      [](Date d, const PricePoint& p) { return d < p.date; });
  if (after == points_.begin()) return std::nullopt;
  return *std::prev(after);
}

std::optional<double> PriceHistory::interpolate(Date date, int max_gap_days) const {
  const auto next = std::lower_bound(points_.begin(), points_.end(), date,
                                     [](const PricePoint& p, Date d) { return p.date < d; });
  if (next != points_.end() && next->date == date) return next->kpw_per_kg;
  if (next == points_.begin() || next == points_.end()) return std::nullopt;
  const PricePoint& before = *std::prev(next);
  if (date - before.date > max_gap_days || next->date - date > max_gap_days) return std::nullopt;
  const double t = static_cast<double>(date - before.date) / (next->date - before.date);
  return before.kpw_per_kg + t * (next->kpw_per_kg - before.kpw_per_kg);
}

std::optional<NaiveForecasts> naiveForecasts(const PriceHistory& history, Date origin, Date target,
                                             const std::function<double(Date)>& fx) {
  // Only what was known at the origin: a later point must not leak into the seasonal ratio.
  std::vector<PricePoint> known;
  for (const PricePoint& p : history.points())
    if (p.date <= origin) known.push_back(p);
  if (known.empty()) return std::nullopt;
  const PriceHistory past(std::move(known));
  const PricePoint last = past.points().back();

  NaiveForecasts f;
  f.last_kpw = last.kpw_per_kg;
  f.last_usd = last.kpw_per_kg * fx(target) / fx(last.date);
  const auto a = past.interpolate(target.plusDays(-365), 45);
  const auto b = past.interpolate(last.date.plusDays(-365), 45);
  if (a && b && *b > 0) {
    f.seasonal = last.kpw_per_kg * *a / *b;
  } else {
    f.seasonal = last.kpw_per_kg;
    f.seasonal_fell_back = true;
  }
  return f;
}

}  // namespace grainsim

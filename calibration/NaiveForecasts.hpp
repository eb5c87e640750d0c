/// \brief The benchmarks a model forecast must beat, from the observed prices alone: the last
/// price in won, the last price in dollars carried by the exchange rate, and a seasonal naive.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/Date.hpp"

namespace grainsim {

/// One observed price of one market (a city) and commodity.
struct PricePoint {
  Date date;
  double kpw_per_kg = 0;
};

/// A market's observed series, sorted by date (several points may share a date: their mean is
/// used).
class PriceHistory {
 public:
  explicit PriceHistory(std::vector<PricePoint> points);  ///< sorts them
  /// The last point on or before `origin` (the mean of that date's points), if any.
  std::optional<PricePoint> lastOnOrBefore(Date origin) const;
  /// Linear interpolation between the points around `date` when both lie within `max_gap_days`
  /// of it (a point on the date itself is used alone); nullopt otherwise.
  std::optional<double> interpolate(Date date, int max_gap_days) const;
  const std::vector<PricePoint>& points() const { return points_; }

 private:
  std::vector<PricePoint> points_;
};

struct NaiveForecasts {
  /// "No change": the last observed price on or before the origin.
  double last_kpw = 0;
  /// The last price in dollars times the exchange-rate change: last_kpw * fx(target) /
  /// fx(date of the last price).
  double last_usd = 0;
  /// The last price times last year's change over the same days of the year (same market and
  /// commodity, interpolated within 45 days); last_kpw when last year's series lacks either date.
  double seasonal = 0;
  bool seasonal_fell_back = false;
};

/// The three benchmarks for `target` (after `origin`), from the market's history up to the
/// origin only; nullopt when the market has no price on or before the origin. `fx` gives KPW
/// per USD on any date: the observed path (conditional) or the forecaster's projection of it
/// beyond the origin (unconditional).
std::optional<NaiveForecasts> naiveForecasts(const PriceHistory& history, Date origin, Date target,
                                             const std::function<double(Date)>& fx);

}  // namespace grainsim

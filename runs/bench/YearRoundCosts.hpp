/// \brief What the year-round model adds to a household-day, measured on one core: the budget
/// against which its growth is held (docs/PERFORMANCE.md).
#pragma once

#include "model/Scenario.hpp"

namespace grainsim {

/// Nanoseconds of one core per household-day.
struct YearRoundCosts {
  /// Own stocks in phases 6 and 8 (farm households eat their own harvest first): the household
  /// passes with the stocks against the same passes with none, the income shock off in both so
  /// that only the stocks' own arithmetic differs.
  double own_stock_ns = 0;
  /// Phase 1 in a harvest window: farm households' shares of one crop's day of harvest added to
  /// their stocks (a keyed draw each), per household-day of the whole population.
  double own_harvest_day_ns = 0;
  /// The same averaged over a year: times the crop-days of own harvest a year over 365.
  double own_harvest_year_ns = 0;
  int own_harvest_crop_days = 0;  ///< days a year on which some crop's own share is harvested
};

/// Measured on `s` (its population and harvests; income.daily_shock_sd must be 0, else
/// std::invalid_argument) over `days` days, best of 3, on one thread.
YearRoundCosts measureYearRoundCosts(const Scenario& s, int days);

}  // namespace grainsim

/// \brief Exogenous drivers of a day: exchange rate, temperature and the energy need it sets.
#pragma once

#include <vector>

#include "model/Scenario.hpp"

namespace grainsim {

struct Drivers {
  double kpw_per_usd = 0;
  double income_kpw_per_usd = 0;         ///< KPW a household is paid per USD of its income
  std::vector<double> temperature_c;     ///< by region
  std::vector<double> kcal_need;         ///< total need per person per day, by region
  std::vector<double> cereal_kcal_need;  ///< the part met from cereals
};

/// Market exchange rate on `date`: constant, or the path interpolated linearly, flat outside.
double exchangeRate(const Scenario& s, Date date);
/// A path (not empty, sorted by date) on `date`: linear between rows, flat beyond its ends.
double exchangeRateOnPath(const std::vector<ExchangeRatePoint>& path, Date date);

/// Daily mean temperature: annual mean minus amplitude x cos(2 pi (day of year - 16) / 365.25),
/// coldest on 16 January, shifted by climate.temperature_shift_c.
double temperature(const Scenario& s, int region, Date date);

/// KPW paid per USD of household income on `date`: income.kpw_fixed_share at the rate the
/// fixed part was set at, the rest at the market rate income.usd_lag_days before.
double incomeRate(const Scenario& s, Date date);

/// Phase 1 for simulated day `day` (0 = first spin-up day).
Drivers driversOn(const Scenario& s, int day);

}  // namespace grainsim

#include "runs/bench/YearRoundCosts.hpp"

#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <stdexcept>

#include "model/State.hpp"

namespace grainsim {
namespace {

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Seconds per household-day of phases 6 and 8, serial, best of 3, each from a copy of `start`.
double householdPassSeconds(const Scenario& s, const KeyedRng& rng, const State& start,
                            bool own_stock, int days) {
  const std::vector<RegionOffer> offers =
      offersAtStartPrices(s, start.drivers.cereal_kcal_need, start.drivers.kpw_per_usd,
                          std::vector<double>(s.commodities.size(), 1.0));
  const std::vector<Ration> rations = rationsOf(start.state);
  const std::vector<std::vector<double>> fill(s.regions.size(),
                                              std::vector<double>(s.commodities.size(), 1.0));
  double best = std::numeric_limits<double>::infinity();
  for (int rep = 0; rep < 3; ++rep) {
    Households h = start.households;
    if (!own_stock)
      for (auto& column : h.own_stock) column.clear();  // the passes then skip own stocks
    HouseholdTotals totals;
    const auto t0 = std::chrono::steady_clock::now();
    for (int d = 0; d < days; ++d) {
      placeOrders(s, rng, static_cast<std::uint32_t>(d), start.drivers.income_kpw_per_usd, offers,
                  rations, false, h, totals);
      consume(s, offers, rations, fill, false, h, totals);
    }
    best = std::min(best, secondsSince(t0) / (static_cast<double>(h.size()) * days));
  }
  return best;
}

}  // namespace

YearRoundCosts measureYearRoundCosts(const Scenario& s, int days) {
  if (s.params.income.daily_shock_sd != 0)
    throw std::invalid_argument("measureYearRoundCosts: the scenario's income shock must be off");
  YearRoundCosts c;
  const KeyedRng rng(1, 0);
  tbb::task_arena one_core(1);
  one_core.execute([&] {
    const State start = initialState(s, rng);
    c.own_stock_ns = 1e9 * (householdPassSeconds(s, rng, start, true, days) -
                            householdPassSeconds(s, rng, start, false, days));

    // One crop's day of own harvest in every region, as phase 1 adds it.
    Eigen::ArrayXXd own_kg = Eigen::ArrayXXd::Zero(static_cast<Eigen::Index>(s.regions.size()),
                                                   static_cast<Eigen::Index>(s.commodities.size()));
    int crop = -1;
    for (const Harvest& hv : s.harvests)
      if (hv.own_share > 0) {
        crop = hv.commodity;
        c.own_harvest_crop_days += hv.window_days;
      }
    if (crop < 0) return;
    own_kg.col(crop) = 1e6;
    double best = std::numeric_limits<double>::infinity();
    for (int rep = 0; rep < 3; ++rep) {
      Households h = start.households;
      const auto t0 = std::chrono::steady_clock::now();
      for (int d = 0; d < days; ++d) addOwnHarvest(s, rng, s.firstDate().year() + d, own_kg, h);
      best = std::min(best, secondsSince(t0) / (static_cast<double>(h.size()) * days));
    }
    c.own_harvest_day_ns = 1e9 * best;
    c.own_harvest_year_ns = c.own_harvest_day_ns * c.own_harvest_crop_days / 365.0;
  });
  return c;
}

}  // namespace grainsim

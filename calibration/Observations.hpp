/// \brief Observed market prices as calibration and backtest targets: calibration/data/prices.csv
/// with its cities mapped to model regions by calibration/data/city_regions.csv.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "model/Date.hpp"
#include "model/Scenario.hpp"

namespace grainsim {

/// One observed price the model can be held to: a market price of a scenario commodity in a
/// city that maps to a scenario region.
struct PriceObservation {
  Date date;
  std::string city;
  int region = 0;     ///< scenario region index
  int commodity = 0;  ///< scenario commodity index
  double kpw_per_kg = 0;
  char grade = 'A';   ///< reliability grade in prices.csv
  double weight = 1;  ///< from the grade (ObservationFilter::grade_weights)
};

struct ObservationFilter {
  /// Reliability grades used and their weights in the fit; rows of other grades are left out.
  std::map<char, double> grade_weights = {{'A', 1.0}, {'B', 0.5}};
  Date first = Date{-1000000};  ///< inclusive
  Date last = Date{1000000};    ///< inclusive (--train-until)
};

/// Reads prices.csv and city_regions.csv. Kept: rows whose price_type is "market", whose
/// commodity is a retail commodity of the scenario by the same name, whose city maps to a
/// region of the scenario, and which pass `filter`; sorted by date, then city and commodity.
/// Throws ScenarioError naming the file, row and column of a malformed row, and of a city that
/// city_regions.csv does not list.
std::vector<PriceObservation> readObservations(const std::filesystem::path& prices_csv,
                                               const std::filesystem::path& city_regions_csv,
                                               const Scenario& scenario,
                                               const ObservationFilter& filter);

/// The prices known on `origin` as a start.prices table dated `origin`: for each region and
/// commodity the latest observation on or before it (the mean of that day's cities), carried
/// to the origin by the exchange rate's change since, fx(origin) / fx(date) (KPW prices follow
/// the dollar; a stale price left in won would open false regional gaps that traders close).
/// Observations more than `max_age_days` before the origin are not carried (dollar prices move
/// too over months): such a region takes its nearest observed neighbour's price when the
/// scenario loads the table.
std::string nowcastStartPricesCsv(const std::vector<PriceObservation>& observations,
                                  const Scenario& scenario, Date origin,
                                  const std::function<double(Date)>& fx, int max_age_days);

/// "A=1,B=0.5" -> {{'A', 1}, {'B', 0.5}}; throws std::invalid_argument naming `option`.
std::map<char, double> parseGradeWeights(const std::string& option, const std::string& text);

}  // namespace grainsim

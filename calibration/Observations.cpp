#include "calibration/Observations.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "model/CsvTable.hpp"
#include "model/ScenarioError.hpp"

namespace grainsim {

namespace {

CsvTable readTable(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path.string() + ": file does not exist or cannot be read");
  std::ostringstream os;
  os << in.rdbuf();
  return CsvTable(path.string(), os.str());
}

}  // namespace

std::vector<PriceObservation> readObservations(const std::filesystem::path& prices_csv,
                                               const std::filesystem::path& city_regions_csv,
                                               const Scenario& scenario,
                                               const ObservationFilter& filter) {
  const CsvTable cities = readTable(city_regions_csv);
  std::map<std::string, std::string> region_of;  // city -> region name ("" = not a region)
  for (std::size_t r = 0; r < cities.rows(); ++r) {
    const std::string region = cities.text(r, "region");
    if (!region.empty() && scenario.regionIndex(region) < 0)
      cities.fail(r, "region", region, "not a region of scenario '" + scenario.name + "'");
    region_of[cities.text(r, "city")] = region;
  }

  const CsvTable prices = readTable(prices_csv);
  std::vector<PriceObservation> out;
  for (std::size_t r = 0; r < prices.rows(); ++r) {
    const std::string city = prices.text(r, "city");
    const auto mapped = region_of.find(city);
    if (mapped == region_of.end())
      prices.fail(r, "city", city,
                  "not listed in " + city_regions_csv.string() + " (add it with its region)");
    const std::string grade = prices.text(r, "reliability");
    if (grade.size() != 1 || grade[0] < 'A' || grade[0] > 'Z')
      prices.fail(r, "reliability", grade, "a one-letter grade (A, B, C)");
    PriceObservation o;
    o.date = prices.date(r, "date");
    o.city = city;
    o.kpw_per_kg = prices.number(r, "price_kpw_per_kg", 1e-9, 1e15);
    o.grade = grade[0];
    const auto weight = filter.grade_weights.find(o.grade);
    if (weight == filter.grade_weights.end() || prices.text(r, "price_type") != "market" ||
        mapped->second.empty() || o.date < filter.first || filter.last < o.date)
      continue;
    o.commodity = scenario.commodityIndex(prices.text(r, "commodity"));
    if (o.commodity < 0 || !scenario.commodities[o.commodity].retail) continue;
    o.region = scenario.regionIndex(mapped->second);
    o.weight = weight->second;
    out.push_back(o);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.date, a.city, a.commodity) < std::tie(b.date, b.city, b.commodity);
  });
  return out;
}

std::string nowcastStartPricesCsv(const std::vector<PriceObservation>& observations,
                                  const Scenario& scenario, Date origin,
                                  const std::function<double(Date)>& fx, int max_age_days) {
  // (region, commodity) -> latest date, sum, count
  std::map<std::pair<int, int>, std::tuple<Date, double, int>> latest;
  for (const auto& o : observations) {
    if (origin < o.date || origin - o.date > max_age_days) continue;
    const auto [it, fresh] = latest.try_emplace({o.region, o.commodity}, o.date, 0.0, 0);
    auto& [date, sum, n] = it->second;
    if (date < o.date) std::tie(date, sum, n) = std::tuple{o.date, 0.0, 0};
    if (date == o.date) {
      sum += o.kpw_per_kg;
      ++n;
    }
  }
  std::string csv = "date,region,commodity,kpw_per_kg\n";
  char number[64];
  for (const auto& [key, cell] : latest) {
    const auto& [date, sum, n] = cell;
    std::snprintf(number, sizeof number, "%.17g", sum / n * fx(origin) / fx(date));
    csv += origin.iso() + "," + scenario.regions[key.first].name + "," +
           scenario.commodities[key.second].name + "," + number + "\n";
  }
  return csv;
}

std::map<char, double> parseGradeWeights(const std::string& option, const std::string& text) {
  std::map<char, double> weights;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto eq = item.find('=');
    double w = 0;
    if (eq != 1 || item[0] < 'A' || item[0] > 'Z' ||
        !parseFiniteNumber(std::string_view(item).substr(2), w) || !(w > 0))
      throw std::invalid_argument(option + " '" + text + "': expected GRADE=WEIGHT,... with " +
                                  "one-letter grades and weights above 0 (e.g. A=1,B=0.5)");
    weights[item[0]] = w;
  }
  if (weights.empty()) throw std::invalid_argument(option + " '" + text + "': no grade given");
  return weights;
}

}  // namespace grainsim

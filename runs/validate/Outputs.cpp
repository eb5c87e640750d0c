/// \brief Running the validation experiments and reading their outputs: series, national means,
/// day and name lookups.
#include <tbb/info.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "model/ScenarioError.hpp"
#include "model/Simulation.hpp"
#include "runs/validate/Validation.hpp"

namespace grainsim::validate {
namespace {

int found(int i, const char* what, std::string_view name) {
  if (i < 0) throw std::runtime_error(std::string(what) + " '" + std::string(name) + "' not found");
  return i;
}

}  // namespace

double populationWeighted(const Scenario& s, const std::function<double(std::size_t)>& by_region) {
  double sum = 0;
  for (std::size_t r = 0; r < s.regions.size(); ++r)
    sum += s.populationShare(static_cast<int>(r)) * by_region(r);
  return sum;
}

double nationalMean(const Scenario& s, const Series& x, int t, int commodity) {
  return populationWeighted(
      s, [&](std::size_t r) { return x(t, r, static_cast<std::size_t>(commodity)); });
}

double sumAcross(const Series& x, int t, std::size_t n) {
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += x(t, i);
  return sum;
}

std::vector<double> nationalPriceGap(const Scenario& s, const RunOutput& a, const RunOutput& b,
                                     int c) {
  const Series pa(a, "price"), pb(b, "price");
  std::vector<double> gap(static_cast<std::size_t>(s.days()));
  for (int t = 0; t < s.days(); ++t)
    gap[static_cast<std::size_t>(t)] = nationalMean(s, pa, t, c) / nationalMean(s, pb, t, c) - 1;
  return gap;
}

int dayIndex(const Scenario& s, Date date) {
  const int d = date - s.params.run.start_date;
  if (d < 0 || d >= s.days())
    throw std::runtime_error("date " + date.iso() + " is outside the run " +
                             s.params.run.start_date.iso() + " to " + s.params.run.end_date.iso());
  return d;
}

int dayIndex(const Scenario& s, std::string_view month_day) {
  for (int d = 0; d < s.days(); ++d)
    if (s.params.run.start_date.plusDays(d).iso().substr(5) == month_day) return d;
  throw std::runtime_error("no " + std::string(month_day) + " between " +
                           s.params.run.start_date.iso() + " and " + s.params.run.end_date.iso());
}

std::string dateOfDay(const Scenario& s, int t) {
  return s.params.run.start_date.plusDays(t).iso();
}

int commodity(const Scenario& s, std::string_view name) {
  return found(s.commodityIndex(name), "commodity", name);
}

int region(const Scenario& s, std::string_view name) {
  return found(s.regionIndex(name), "region", name);
}

int entryPoint(const Scenario& s, std::string_view name) {
  for (std::size_t e = 0; e < s.entry_points.size(); ++e)
    if (s.entry_points[e].name == name) return static_cast<int>(e);
  return found(-1, "entry point", name);
}

std::vector<int> retailCommodities(const Scenario& s) {
  std::vector<int> out;
  for (std::size_t c = 0; c < s.commodities.size(); ++c)
    if (s.commodities[c].retail) out.push_back(static_cast<int>(c));
  return out;
}

int threadCount(const Options& o) {
  return o.threads > 0 ? o.threads : tbb::info::default_concurrency();
}

RunOutput run(const Scenario& s, const Options& o,
              const std::function<void(const State&)>& after_day) {
  return simulate(s, {kSeed, 0, o.threads}, after_day);
}

CsvTable readCsv(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw ScenarioError(p.string() + ": cannot be read");
  return CsvTable(p.string(), std::string(std::istreambuf_iterator<char>(in), {}));
}

}  // namespace grainsim::validate

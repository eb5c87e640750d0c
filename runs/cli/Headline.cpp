#include "runs/cli/Headline.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "model/Date.hpp"

namespace grainsim::cli {
namespace {

/// One column of the table: a variable (per region, or per region and commodity) in one unit.
struct Column {
  std::string title;
  std::size_t offset = 0;     ///< first cell of the variable in the flat cells
  std::size_t commodity = 0;  ///< used when `per_commodity`
  bool per_commodity = false;
  double scale = 1;
};

std::string percent(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%g %%", p * 100);
  return buf;
}

std::size_t offsetOf(const RunOutput& coordinates, std::string_view name) {
  std::size_t offset = 0;
  for (std::size_t v = 0; v < outputIndex(name); ++v) offset += coordinates.values[v].size();
  return offset;
}

std::string interval(double median, double lo, double hi, int decimals) {
  if (std::isnan(median) || std::isnan(lo) || std::isnan(hi)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f [%.*f, %.*f]", decimals, median, decimals, lo, decimals, hi);
  return buf;
}

}  // namespace

void printHeadline(std::ostream& os, const EnsembleLayout& layout, const EnsembleSummary& summary) {
  const RunOutput& co = layout.coordinates;
  const bool compare = !summary.effect_quantiles.empty();
  const auto& probs = layout.probabilities;
  const std::size_t cells = co.flatValues().size();
  const std::size_t R = co.regions.size(), C = co.commodities.size();
  // The median if it was asked for, else the mean; the interval between the outermost quantiles.
  std::size_t median = probs.size();
  for (std::size_t q = 0; q < probs.size(); ++q)
    if (std::abs(probs[q] - 0.5) < 1e-12) median = q;
  const std::size_t lo = 0, hi = probs.size() - 1;

  const Date start = *Date::parse(co.start_date);
  std::vector<int> days;
  for (int d = 0; d < co.days; ++d)
    if (start.plusDays(d).iso().substr(5) == "01-15") {
      days.push_back(d);
      break;
    }
  days.push_back(co.days - 1);

  // Prices: as the relative effect for a comparison; the food-insecure share in percent (points).
  const std::vector<double>& prices_q = compare ? summary.relative_quantiles : summary.quantiles[0];
  const std::vector<double>& prices_m = compare ? summary.relative_means : summary.means[0];
  const std::vector<double>& share_q = compare ? summary.effect_quantiles : summary.quantiles[0];
  const std::vector<double>& share_m = compare ? summary.effect_means : summary.means[0];
  std::vector<Column> columns;
  const std::size_t price = offsetOf(co, "price");
  for (std::size_t c = 0; c < C; ++c) {
    // Commodities not sold at retail have no price (NaN) on the first day.
    if (std::isnan(
            summary.quantiles[0][median < probs.size() ? median * cells + price + c : price + c]))
      continue;
    columns.push_back(
        {co.commodities[c] + (compare ? " %" : " KPW/kg"), price, c, true, compare ? 100.0 : 1.0});
  }
  columns.push_back({compare ? "insecure, points" : "insecure %",
                     offsetOf(co, "food_insecure_share"), 0, false, 100.0});

  const VariableLayout price_layout = co.layout("price"),
                       share_layout = co.layout("food_insecure_share");
  const std::string stat = (median < probs.size() ? "median" : "mean") + std::string(" [") +
                           percent(probs[lo]) + ", " + percent(probs[hi]) + "]";
  char buf[128];
  for (int d : days) {
    os << "\n"
       << (compare ? "Effect of the policy against the baseline on " : "Forecast for ")
       << start.plusDays(d).iso() << ": " << stat << " over replicates\n";
    std::snprintf(buf, sizeof buf, "%-16s", "region");
    os << buf;
    for (const auto& col : columns) {
      std::snprintf(buf, sizeof buf, " %24s", col.title.c_str());
      os << buf;
    }
    os << "\n";
    for (std::size_t r = 0; r < R; ++r) {
      std::snprintf(buf, sizeof buf, "%-16s", co.regions[r].substr(0, 16).c_str());
      os << buf;
      for (const auto& col : columns) {
        const bool is_price = col.per_commodity;
        const auto& q = is_price ? prices_q : share_q;
        const auto& m = is_price ? prices_m : share_m;
        const std::size_t cell =
            col.offset + (is_price ? price_layout.at(d, r, col.commodity) : share_layout.at(d, r));
        const double mid = median < probs.size() ? q[median * cells + cell] : m[cell];
        const int decimals = is_price && !compare ? 0 : 1;
        std::snprintf(buf, sizeof buf, " %24s",
                      interval(mid * col.scale, q[lo * cells + cell] * col.scale,
                               q[hi * cells + cell] * col.scale, decimals)
                          .c_str());
        os << buf;
      }
      os << "\n";
    }
  }
}

}  // namespace grainsim::cli

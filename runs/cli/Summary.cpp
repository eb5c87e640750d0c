#include "runs/cli/Summary.hpp"

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "model/Date.hpp"

namespace grainsim::cli {
namespace {

/// Index of the first 15 January within the horizon, if any.
std::optional<int> midJanuary(const RunOutput& out) {
  const Date start = *Date::parse(out.start_date);
  for (int d = 0; d < out.days; ++d)
    if (start.plusDays(d).iso().substr(5) == "01-15") return d;
  return std::nullopt;
}

std::string cell(double x, const char* format) {
  if (std::isnan(x)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

}  // namespace

void printSummary(std::ostream& os, const RunOutput& out) {
  const Series price(out, "price"), insecure(out, "food_insecure_share");
  const std::size_t R = out.regions.size(), C = out.commodities.size();
  const auto jan = midJanuary(out);
  const Date start = *Date::parse(out.start_date);
  std::vector<std::pair<std::string, int>> days{{start.iso(), 0}};
  if (jan) days.emplace_back(start.plusDays(*jan).iso(), *jan);
  days.emplace_back(start.plusDays(out.days - 1).iso(), out.days - 1);

  std::vector<std::size_t> retail;
  for (std::size_t c = 0; c < C; ++c)
    if (!std::isnan(price(0, 0, c))) retail.push_back(c);  // non-retail prices are NaN

  os << "Market prices, KPW/kg";
  for (std::size_t i = 0; i < days.size(); ++i) os << (i ? ", " : " (") << days[i].first;
  os << ")" << (jan ? "; food-insecure share of people on " + days[1].first : "") << "\n";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%-16s", "region");
  os << buf;
  for (std::size_t c : retail)
    for (std::size_t i = 0; i < days.size(); ++i) {
      std::snprintf(buf, sizeof buf, " %9s",
                    (out.commodities[c].substr(0, 5) + "@" + days[i].first.substr(5)).c_str());
      os << buf;
    }
  if (jan) os << "  insecure";
  os << "\n";
  for (std::size_t r = 0; r < R; ++r) {
    std::snprintf(buf, sizeof buf, "%-16s", out.regions[r].substr(0, 16).c_str());
    os << buf;
    for (std::size_t c : retail)
      for (const auto& [label, d] : days) {
        std::snprintf(buf, sizeof buf, " %9s", cell(price(d, r, c), "%.0f").c_str());
        os << buf;
      }
    if (jan) {
      std::snprintf(buf, sizeof buf, "  %8s", cell(insecure(*jan, r) * 100, "%.1f%%").c_str());
      os << buf;
    }
    os << "\n";
  }
}

}  // namespace grainsim::cli

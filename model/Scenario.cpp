#include "model/Scenario.hpp"

namespace grainsim {

int Scenario::commodityIndex(std::string_view n) const {
  for (std::size_t i = 0; i < commodities.size(); ++i)
    if (commodities[i].name == n) return static_cast<int>(i);
  return -1;
}

int Scenario::regionIndex(std::string_view n) const {
  for (std::size_t i = 0; i < regions.size(); ++i)
    if (regions[i].name == n) return static_cast<int>(i);
  return -1;
}

double Scenario::populationShare(int region) const {
  double total = 0;
  for (const auto& r : regions) total += r.census_population;
  return total > 0 ? regions[region].census_population / total : 1.0 / regions.size();
}

}  // namespace grainsim

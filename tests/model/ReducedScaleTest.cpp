/// \brief Reduced scale: agents standing for K households track the full-scale run.
#include <gtest/gtest.h>

#include <cmath>

#include "model/Simulation.hpp"
#include "tests/TestScenarios.hpp"

namespace grainsim {
namespace {

/// Price gaps between a reduced-scale run and the full-scale run of the same scenario and seed.
struct Gap {
  double mean = 0;      ///< |ln(p_K / p_1)| averaged over days, regions and retail commodities
  double national = 0;  ///< largest |ln| gap of the regional mean price, any day and commodity
};

Gap priceGap(const RunOutput& full, const RunOutput& reduced) {
  const Series pf(full, "price"), pr(reduced, "price");
  const std::size_t R = full.regions.size(), C = full.commodities.size();
  Gap g;
  std::size_t n = 0;
  for (int d = 0; d < full.days; ++d)
    for (std::size_t c = 0; c < C; ++c) {
      double sum_f = 0, sum_r = 0;
      for (std::size_t r = 0; r < R; ++r) {
        const double f = pf(d, r, c), x = pr(d, r, c);
        if (std::isnan(f)) continue;  // not sold at retail
        g.mean += std::abs(std::log(x / f));
        sum_f += f, sum_r += x;
        ++n;
      }
      if (sum_f > 0) g.national = std::max(g.national, std::abs(std::log(sum_r / sum_f)));
    }
  g.mean /= static_cast<double>(n);
  return g;
}

/// The tolerances of docs/UNCERTAINTY.md ("Reduced scale"), measured on a country of a tenth of
/// the DPRK's population (so that the full-scale run stays short): 1:10 and 1:100 against 1:1.
TEST(ReducedScale, RegionalPricesStayWithinTheDocumentedToleranceOfFullScale) {
  const auto country = testing::countryScaledBy(0.1);
  auto at = [&](double weight) {
    auto o = country;
    o.push_back("population.agent_weight=" + std::to_string(weight));
    return simulate(loadScenario(std::nullopt, o), {1, 0, 2});
  };
  const RunOutput full = at(1);
  const Gap tenth = priceGap(full, at(10)), hundredth = priceGap(full, at(100));
  RecordProperty("mean_gap_1_10", std::to_string(tenth.mean));
  RecordProperty("national_gap_1_10", std::to_string(tenth.national));
  RecordProperty("mean_gap_1_100", std::to_string(hundredth.mean));
  RecordProperty("national_gap_1_100", std::to_string(hundredth.national));
  EXPECT_LT(tenth.mean, 0.03);
  EXPECT_LT(tenth.national, 0.04);
  EXPECT_LT(hundredth.mean, 0.06);
  EXPECT_LT(hundredth.national, 0.08);
  EXPECT_GT(hundredth.mean, tenth.mean);  // fewer agents, more sampling error
}

}  // namespace
}  // namespace grainsim

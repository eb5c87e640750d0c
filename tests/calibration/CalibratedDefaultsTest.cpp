// The model's defaults are the calibrated values: every parameter the committed fit
// (runs/calibrated/dprk-fit.ini, written by scripts/regenerate-calibration.sh) fitted has that
// value, to the 3 significant digits the defaults keep, in the embedded default scenario.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <regex>
#include <sstream>

#include "model/ScenarioLoader.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

using testing::kSourceDir;

/// "key = value" lines of a resolved scenario, up to its first table.
std::map<std::string, std::string> settings(const Scenario& s) {
  std::map<std::string, std::string> out;
  std::istringstream in(s.resolved_text);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("# table")) break;
    const auto eq = line.find(" = ");
    if (eq == std::string::npos || line[0] == '#') continue;
    std::string value = line.substr(eq + 3);
    value = value.substr(0, value.find("    #"));
    out[line.substr(0, eq)] = value;
  }
  return out;
}

TEST(CalibratedDefaults, EveryFittedParameterIsTheDefault) {
  const auto fit_file = kSourceDir / "runs/calibrated/dprk-fit.ini";
  const std::string text = testing::readText(fit_file);
  // The fitted keys, from the command line the file's first comment records.
  std::vector<std::string> keys;
  const std::regex param("--param ([a-z_.]+)=");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), param);
       it != std::sregex_iterator(); ++it)
    keys.push_back((*it)[1]);
  ASSERT_EQ(keys.size(), 6u) << "the calibrated defaults fit six parameters";

  const auto fitted = settings(loadScenario(fit_file));
  const auto defaults = settings(loadScenario(std::nullopt));
  for (const auto& key : keys) {
    ASSERT_TRUE(fitted.count(key) && defaults.count(key)) << key;
    const double f = std::stod(fitted.at(key)), d = std::stod(defaults.at(key));
    EXPECT_NEAR(d, f, 5e-3 * std::abs(f) + 1e-12)
        << key << ": default " << d << ", fitted " << f
        << " (copy the fit into model/Parameters.cpp, 3 significant digits)";
  }
}

}  // namespace
}  // namespace grainsim

/// \brief Small scenarios shared by the model and agent tests.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "model/ScenarioLoader.hpp"

namespace grainsim::testing {

/// The default DPRK winter at reduced scale: `weight` households per agent, short spin-up.
inline Scenario defaultAtScale(double weight, std::vector<std::string> extra = {},
                               const std::string& ini = "") {
  std::vector<std::string> overrides{"population.agent_weight=" + std::to_string(weight),
                                     "run.spinup_days=10"};
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  if (ini.empty()) return loadScenario(std::nullopt, overrides);
  return loadScenario(std::filesystem::path(GRAINSIM_SOURCE_DIR) / "runs" / ini, overrides);
}

/// A temporary directory removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "grainsim-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace grainsim::testing

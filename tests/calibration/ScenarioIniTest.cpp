/// \brief Fitted scenario INIs: values set in place or appended in their section, relative paths
/// rewritten for another directory, and the refusing, atomic text writer.
#include "calibration/ScenarioIni.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/ScenarioLoader.hpp"
#include "tests/TestSupport.hpp"

namespace grainsim {
namespace {

namespace fs = std::filesystem;
using testing::readText;
using testing::TempDir;

const fs::path kLongRun = testing::kSourceDir / "runs" / "dprk-2023-2025.ini";

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

/// Files in `dir` left by writeTextFile's temporary names.
std::size_t temporaries(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) ++n;
  return n;
}

/// The message of the std::runtime_error `f` throws; a test failure (and "") when none.
template <typename F>
std::string runtimeErrorOf(F f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a std::runtime_error";
  return "";
}

class ScenarioIniWithTest : public ::testing::Test {
 protected:
  /// The long run with three values set, written into a directory other than runs/.
  ScenarioIniWithTest()
      : text(scenarioIniWith(kLongRun, dir.path(),
                             {{"exchange.domestic_passthrough", "0.7"},
                              {"storage.loss_per_month", "0.01"},
                              {"harvests.rice.tonnes", "2000000"}},
                             {"fitted by a test", "second line"})),
        path(dir.path() / "fitted.ini") {
    writeTextFile(path, text, false);
  }
  const TempDir dir;
  const std::string text;
  const fs::path path;
};

TEST_F(ScenarioIniWithTest, LoadsWithTheValuesSet) {
  const Scenario s = loadScenario(path);
  EXPECT_EQ(s.params.exchange.domestic_passthrough, 0.7);
  EXPECT_EQ(s.params.storage.loss_per_month, 0.01);
  EXPECT_EQ(s.params.run.start_date, Date::fromYmd(2023, 1, 15));
}

TEST_F(ScenarioIniWithTest, SetsATableCell) {
  const Scenario s = loadScenario(path);
  double rice_tonnes = 0;
  for (const auto& h : s.harvests)
    if (h.crop == "rice") rice_tonnes = h.tonnes;
  EXPECT_EQ(rice_tonnes, 2e6);
}

TEST_F(ScenarioIniWithTest, RelativeTablePathsStillWorkFromAnotherDirectory) {
  const Scenario s = loadScenario(path);
  EXPECT_FALSE(s.exchange_path.empty());  // exchange.path = tables/exchange-2022-2025.csv
  EXPECT_FALSE(s.start_prices.empty());   // start.prices = tables/start-prices-2023-01.csv
}

TEST_F(ScenarioIniWithTest, AppendsAMissingKeyInItsExistingSection) {
  EXPECT_EQ(count(text, "[exchange]"), 1u);
  const auto section = text.find("[exchange]");
  const auto key = text.find("domestic_passthrough = 0.7\n");
  ASSERT_NE(key, std::string::npos);
  EXPECT_LT(section, key);
  EXPECT_LT(key, text.find("[tables]"));  // the section after [exchange] in the base
}

TEST_F(ScenarioIniWithTest, AddsAMissingSection) {
  EXPECT_NE(text.find("\n[storage]\nloss_per_month = 0.01\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\n[harvests.rice]\ntonnes = 2000000\n"), std::string::npos) << text;
}

TEST_F(ScenarioIniWithTest, PrependsTheHeaderAsComments) {
  EXPECT_EQ(text.rfind("# fitted by a test\n# second line\n", 0), 0u) << text;
}

TEST(ScenarioIniTest, ReplacesAnExistingKeyInsteadOfDuplicatingIt) {
  const TempDir dir;
  const std::string text =
      scenarioIniWith(kLongRun, dir.path(), {{"run.end_date", "2024-01-01"}}, {});
  EXPECT_EQ(count(text, "end_date"), 1u) << text;
  writeTextFile(dir.path() / "short.ini", text, false);
  EXPECT_EQ(loadScenario(dir.path() / "short.ini").params.run.end_date, Date::fromYmd(2024, 1, 1));
}

TEST(WriteTextFileTest, WritesANewFile) {
  const TempDir dir;
  writeTextFile(dir.path() / "a.ini", "new\n", false);
  EXPECT_EQ(readText(dir.path() / "a.ini"), "new\n");
  EXPECT_EQ(temporaries(dir.path()), 0u);
}

TEST(WriteTextFileTest, RefusesAnExistingFileWithoutOverwrite) {
  const TempDir dir;
  const auto path = dir.write("a.ini", "old\n");
  const std::string message = runtimeErrorOf([&] { writeTextFile(path, "new\n", false); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_EQ(readText(path), "old\n");
  EXPECT_EQ(temporaries(dir.path()), 0u);
}

TEST(WriteTextFileTest, ReplacesAnExistingFileWithOverwrite) {
  const TempDir dir;
  const auto path = dir.write("a.ini", "old\n");
  writeTextFile(path, "new\n", true);
  EXPECT_EQ(readText(path), "new\n");
  EXPECT_EQ(temporaries(dir.path()), 0u);
}

TEST(WriteTextFileTest, RefusesADirectoryEvenWithOverwrite) {
  const TempDir dir;
  fs::create_directory(dir.path() / "a.ini");
  EXPECT_THROW(writeTextFile(dir.path() / "a.ini", "new\n", true), std::runtime_error);
  EXPECT_TRUE(fs::is_directory(dir.path() / "a.ini"));
  EXPECT_EQ(temporaries(dir.path()), 0u);
}

TEST(WriteTextFileTest, RefusesALinkEvenWithOverwrite) {
  const TempDir dir;
  const auto target = dir.write("target.ini", "old\n");
  fs::create_symlink(target, dir.path() / "a.ini");
  EXPECT_THROW(writeTextFile(dir.path() / "a.ini", "new\n", true), std::runtime_error);
  EXPECT_EQ(readText(target), "old\n");
  EXPECT_TRUE(fs::is_symlink(dir.path() / "a.ini"));
  EXPECT_EQ(temporaries(dir.path()), 0u);
}

}  // namespace
}  // namespace grainsim

/// \brief `grainsim validate` through the real executable: a small, fast report with every section.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "tests/TestSupport.hpp"

namespace {

namespace fs = std::filesystem;

using grainsim::testing::readText;
using grainsim::testing::TempDir;

std::string shellQuoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// Runs grainsim with `args`, stdout and stderr into dir/log; returns the exit code (-1 if none).
int runGrainsim(const TempDir& dir, const std::string& args) {
  std::string cmd = shellQuoted(GRAINSIM_EXECUTABLE);
  cmd.append(" ").append(args).append(" >").append(shellQuoted((dir.path() / "log").string()));
  cmd.append(" 2>&1");
  const int status = std::system(cmd.c_str());
  return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::string> listDir(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(Validate, SmallReportHasEverySectionAndNoNan) {
  TempDir dir;
  const fs::path out = dir.write("v.md", "old report");  // generated: always replaced
  const int code =
      runGrainsim(dir, "validate --weight 2000 --threads 2 --out " + shellQuoted(out.string()));
  const std::string log = readText(dir.path() / "log");
  ASSERT_EQ(code, 0) << log;
  const std::string md = readText(out);
  const std::vector<std::string> headings = {
      "# Validation\n",     "## 1. Closed-form limit\n",   "## 2. Demand elasticities\n",
      "## 3. Arbitrage\n",  "## 4. Remote premium\n",      "## 5. Diversion\n",
      "## 6. Aid effect\n", "## 7. Documented episodes\n", "## 8. State-shop doubling\n"};
  for (const auto& h : headings) {
    EXPECT_NE(md.find(h), std::string::npos) << "no heading " << h;
    // One summary line per section on stdout, e.g. "3. Arbitrage: ...".
    if (h.rfind("## ", 0) == 0) {
      EXPECT_NE(log.find(h.substr(3, h.size() - 4) + ": "), std::string::npos) << log;
    }
  }
  EXPECT_NE(md.find("--weight 2000"), std::string::npos) << "the header names the command line";
  static const std::regex not_a_number(R"((^|[^A-Za-z])[-+]?(nan|inf)([^A-Za-z]|$))",
                                       std::regex::icase);
  std::smatch m;
  EXPECT_FALSE(std::regex_search(md, m, not_a_number)) << "'" << m.str() << "' in the report";
  EXPECT_NE(md.find("**within**"), std::string::npos);
  // Resale by tier comes from the model's own record (aid_resold_by_tier), every tier a row.
  EXPECT_NE(md.find("| tier | received t | eaten t | resold t | held at end t |"),
            std::string::npos);
  for (const char* tier : {"| leadership |", "| army |"})
    EXPECT_NE(md.find(tier), std::string::npos) << tier;
  // A fall is never reported as "dearer".
  static const std::regex dearer_fall(R"(-[0-9.]+ % dearer)");
  EXPECT_FALSE(std::regex_search(md, m, dearer_fall)) << "'" << m.str() << "' in the report";
  // Written under a temporary name and renamed: nothing else is left beside it.
  EXPECT_EQ(listDir(dir.path()), (std::vector<std::string>{"log", "v.md"}));
}

/// Without --out the report goes into the current directory, never into the source tree the
/// binary was built from: the repository's docs/VALIDATION.md is left as it was.
TEST(Validate, WritesIntoTheCurrentDirectoryByDefault) {
  TempDir dir;
  const fs::path repo_report = fs::path(GRAINSIM_SOURCE_DIR) / "docs" / "VALIDATION.md";
  const auto before = fs::last_write_time(repo_report);
  const std::string repo = shellQuoted(GRAINSIM_SOURCE_DIR);
  std::string cmd = "cd " + shellQuoted(dir.path().string()) + " && " +
                    shellQuoted(GRAINSIM_EXECUTABLE) +
                    " validate --weight 2000 --threads 2 --repo " + repo + " >log 2>&1";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << readText(dir.path() / "log");
  EXPECT_NE(readText(dir.path() / "VALIDATION.md").find("# Validation"), std::string::npos);
  EXPECT_EQ(fs::last_write_time(repo_report), before);
}

TEST(Validate, BadWeightExits2AndKeepsTheOldReport) {
  TempDir dir;
  const fs::path out = dir.write("v.md", "old report");
  EXPECT_EQ(runGrainsim(dir, "validate --weight 0 --out " + shellQuoted(out.string())), 2);
  EXPECT_EQ(readText(out), "old report");
  EXPECT_NE(readText(dir.path() / "log").find("--weight"), std::string::npos);
}

TEST(Validate, MissingOutputDirectoryExits2BeforeRunning) {
  TempDir dir;
  const fs::path out = dir.path() / "missing" / "v.md";
  EXPECT_EQ(runGrainsim(dir, "validate --out " + shellQuoted(out.string())), 2);
  EXPECT_NE(readText(dir.path() / "log").find((dir.path() / "missing").string()),
            std::string::npos);
  EXPECT_FALSE(fs::exists(dir.path() / "missing"));
}

TEST(Validate, Help) {
  TempDir dir;
  EXPECT_EQ(runGrainsim(dir, "validate --help"), 0);
  const std::string log = readText(dir.path() / "log");
  for (const char* part : {"grainsim validate [options]", "--out", "--weight", "--threads"})
    EXPECT_NE(log.find(part), std::string::npos) << part << " not in: " << log;
}

}  // namespace

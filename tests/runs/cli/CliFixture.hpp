/// \brief The fixture of the command-line tests: runs the grainsim executable in a scratch
/// directory and captures its exit code, stdout and stderr.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/TestSupport.hpp"

namespace grainsim::testing {

namespace fs = std::filesystem;

/// Overrides that make a run take well under a second; pass them whenever a run may happen.
inline const std::vector<std::string> kTiny = {"--set", "population.agent_weight=2000",
                                               "--set", "run.spinup_days=0",
                                               "--set", "run.end_date=2026-12-10"};

/// A sobol sweep of 4 base samples of 2 parameters (16 points); with kTiny, well under a second.
inline const std::vector<std::string> kTinySweep = {"sweep",
                                                    "--design",
                                                    "sobol",
                                                    "--samples",
                                                    "4",
                                                    "--param",
                                                    "aid.tonnage_scale=0:2",
                                                    "--param",
                                                    "tiers.leadership.resale_propensity=0.01:0.3",
                                                    "--outputs",
                                                    "price@2026-12-10",
                                                    "--threads",
                                                    "1",
                                                    "-q"};

inline std::string shellQuoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline std::vector<std::string> listDir(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    names.push_back(fs::relative(entry.path(), dir).string());
  return names;
}

inline std::vector<std::string> operator+(std::vector<std::string> a,
                                          const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

struct Result {
  int exit_code = -1;  ///< -1 when the process did not exit normally
  std::string out, err;
};

/// in/ holds inputs (copies of runs/tables/ under in/tables/), work/ is the current directory of
/// every run and must stay empty unless a run succeeds, log/ takes stdout and stderr.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    copyDefaultTables(in_);
    fs::create_directories(work_);
    fs::create_directories(dir_.path() / "log");
  }

  Result run(const std::vector<std::string>& args) {
    std::string cmd = shellQuoted(GRAINSIM_EXECUTABLE);
    // append(), not " " + ...: that trips a GCC 12 -Wrestrict false positive at -O3.
    for (const auto& a : args) cmd.append(" ").append(shellQuoted(a));
    return runInWork(cmd);
  }

  /// Runs the shell command `cmd` in work/, capturing its exit code, stdout and stderr.
  Result runInWork(const std::string& cmd) {
    const fs::path out = dir_.path() / "log" / "stdout", err = dir_.path() / "log" / "stderr";
    const std::string full = "cd " + shellQuoted(work_.string()) + " && " + cmd + " >" +
                             shellQuoted(out.string()) + " 2>" + shellQuoted(err.string());
    const int status = std::system(full.c_str());
    Result r;
    if (status != -1 && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    r.out = readText(out);
    r.err = readText(err);
    return r;
  }

  /// Exit 2, every part named on stderr, and nothing (no output, no *.tmp-*) left in work/.
  void expectBadInput(const std::vector<std::string>& args, const std::vector<std::string>& parts) {
    const Result r = run(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    for (const auto& part : parts)
      EXPECT_NE(r.err.find(part), std::string::npos)
          << "stderr lacks \"" << part << "\": " << r.err;
    EXPECT_EQ(listDir(work_), std::vector<std::string>{}) << "a failed run left files behind";
  }

  fs::path write(const std::string& name, const std::string& text) {
    writeText(in_ / name, text);
    return in_ / name;
  }
  /// Replaces `from` (which must occur) by `to` in the copied table in/tables/<name>.
  fs::path editTable(const std::string& name, const std::string& from, const std::string& to) {
    return editFile(in_ / "tables" / name, from, to);
  }

  TempDir dir_;
  const fs::path in_ = dir_.path() / "in", work_ = dir_.path() / "work";
};

inline bool isHdf5(const std::string& bytes) {
  return bytes.rfind("\x89HDF\r\n\x1a\n", 0) == 0;
}

}  // namespace grainsim::testing

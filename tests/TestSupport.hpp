/// \brief Helpers shared by the tests: files, temporary directories, table copies, error messages.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/ScenarioError.hpp"

namespace grainsim::testing {

inline const std::filesystem::path kSourceDir = GRAINSIM_SOURCE_DIR;

/// The regions of the default scenario, in the order of runs/tables/regions.csv.
inline const std::vector<std::string> kDefaultRegions = {
    "Pyongyang",      "South Pyongan",  "North Pyongan", "Chagang",
    "South Hwanghae", "North Hwanghae", "Kangwon",       "South Hamgyong",
    "North Hamgyong", "Ryanggang",      "Rason"};

/// Binary, so that byte-exact comparisons see exactly what is on disk.
inline std::string readText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << p;
  return {std::istreambuf_iterator<char>(in), {}};
}

inline void writeText(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

/// A temporary directory removed with everything in it when the test ends. mkdtemp gives each
/// instance its own name, so tests running in parallel never share one.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "grainsim-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("cannot create a temporary directory from " + pattern);
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    writeText(path_ / name, text);
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

/// Copies runs/tables/*.csv into dir/tables/, so a test can edit tables without touching the
/// shipped ones.
inline void copyDefaultTables(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "tables");
  for (const auto& entry : std::filesystem::directory_iterator(kSourceDir / "runs" / "tables"))
    if (entry.path().extension() == ".csv")
      std::filesystem::copy_file(entry.path(), dir / "tables" / entry.path().filename());
}

/// Replaces the first `from` by `to` in the file; a test failure when `from` is absent, since the
/// test would otherwise check the unedited file.
inline std::filesystem::path editFile(const std::filesystem::path& p, const std::string& from,
                                      const std::string& to) {
  std::string text = readText(p);
  const auto at = text.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << from << " not in " << p;
    return p;
  }
  writeText(p, text.replace(at, from.size(), to));
  return p;
}

/// The ScenarioError message `f` throws; a test failure (and "") when it throws nothing.
inline std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ScenarioError";
  return "";
}

inline void expectContainsAll(const std::string& message, const std::vector<std::string>& parts) {
  for (const auto& part : parts)
    EXPECT_NE(message.find(part), std::string::npos)
        << "message lacks \"" << part << "\": " << message;
}

}  // namespace grainsim::testing

#include "runs/cli/DataRoot.hpp"

#include <system_error>

#ifndef GRAINSIM_SOURCE_DIR
#define GRAINSIM_SOURCE_DIR "."
#endif

namespace grainsim::cli {

namespace fs = std::filesystem;

namespace {

bool holdsData(const fs::path& root) {
  std::error_code ec;
  return fs::is_regular_file(root / "runs/no-aid.ini", ec) &&
         fs::is_directory(root / "calibration/data", ec);
}

}  // namespace

fs::path dataRoot() {
  if (holdsData(".")) return ".";
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share/grainsim";
    if (holdsData(installed)) return installed;
  }
  if (holdsData(GRAINSIM_SOURCE_DIR)) return GRAINSIM_SOURCE_DIR;
  return ".";
}

}  // namespace grainsim::cli

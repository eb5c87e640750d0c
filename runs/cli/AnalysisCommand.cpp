/// \brief `grainsim export` and `grainsim report`: the tables and the page are made by the
/// Python tools in analysis/ (pandas and matplotlib do them better than C++ could), run with
/// the same arguments, so that one binary hands over every deliverable.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "runs/cli/Commands.hpp"
#include "runs/cli/DataRoot.hpp"

namespace grainsim::cli {
namespace {

namespace fs = std::filesystem;

/// Debian's interpreter, whose packages (xarray, pandas, matplotlib) scripts/setup.sh installs;
/// GRAINSIM_PYTHON names another.
std::string python() {
  if (const char* chosen = std::getenv("GRAINSIM_PYTHON"); chosen && *chosen) return chosen;
  return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

/// Replaces this process by `python analysis/<script> args...`; returns only if that fails.
int runScript(const std::string& command, const std::string& script,
              const std::vector<std::string>& args) {
  const fs::path path = dataRoot() / "analysis" / script;
  if (!fs::exists(path)) {
    std::cerr << "grainsim " << command << ": cannot find " << path.string()
              << " (the analysis/ folder of a checkout or of an installed grainsim)\n";
    return kExitFailure;
  }
  const std::string interpreter = python();
  std::vector<std::string> argv_strings{interpreter, path.string()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  execvp(interpreter.c_str(), argv.data());
  std::cerr << "grainsim " << command << ": cannot run " << interpreter << ": "
            << std::strerror(errno) << " (install python3, or set GRAINSIM_PYTHON)\n";
  return kExitFailure;
}

}  // namespace

int exportCommand(const std::vector<std::string>& args) {
  return runScript("export", "export.py", args);
}

int reportCommand(const std::vector<std::string>& args) {
  return runScript("report", "report.py", args);
}

}  // namespace grainsim::cli

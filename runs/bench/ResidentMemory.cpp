#include "runs/bench/ResidentMemory.hpp"

#include <fstream>
#include <sstream>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace grainsim {
namespace {

/// A "Name:   1234 kB" line of /proc/self/status, in bytes.
std::size_t statusKb(const std::string& name) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(name + ":", 0) != 0) continue;
    std::istringstream fields(line.substr(name.size() + 1));
    std::size_t kb = 0;
    fields >> kb;
    return kb * 1024;
  }
  return 0;
}

}  // namespace

std::size_t residentBytes() {
  return statusKb("VmRSS");
}

std::size_t peakResidentBytes() {
  return statusKb("VmHWM");
}

bool resetPeakResident() {
#if defined(__GLIBC__)
  // Without this, a previous configuration's freed columns stay resident in the heap and the
  // next one reuses them, hiding its own growth.
  malloc_trim(0);
#endif
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

}  // namespace grainsim

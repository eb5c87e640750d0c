#include "runs/bench/Machine.hpp"

#include <fstream>
#include <string_view>
#include <thread>

#include "model/VectorClones.hpp"

namespace grainsim {
namespace {

std::string cpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("model name")) {
      const auto colon = line.find(':');
      if (colon != std::string::npos && colon + 2 <= line.size()) return line.substr(colon + 2);
    }
  return "unknown";
}

}  // namespace

Machine thisMachine() {
  Machine m;
  m.cpu_model = cpuModel();
  m.hardware_threads = std::thread::hardware_concurrency();
  m.vector_clone = vectorClone();
  const std::string_view clone = m.vector_clone;
  m.vector_bits = clone == "x86-64-v4" ? 512 : clone == "avx2" ? 256 : 128;
  return m;
}

}  // namespace grainsim

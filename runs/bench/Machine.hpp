/// \brief The machine a benchmark ran on: every absolute figure is quoted next to it, since
/// machines differ by 2x (docs/PERFORMANCE.md).
#pragma once

#include <string>

namespace grainsim {

struct Machine {
  std::string cpu_model;  ///< /proc/cpuinfo's "model name", or "unknown"
  unsigned hardware_threads = 0;
  std::string vector_clone;  ///< the household kernels' clone this CPU runs (VectorClones.hpp)
  int vector_bits = 0;       ///< its vector width: 512, 256 or 128
};

Machine thisMachine();

}  // namespace grainsim

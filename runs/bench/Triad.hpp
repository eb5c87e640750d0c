/// \brief A STREAM-style triad, a[i] = b[i] + s * c[i]: the memory bandwidth the household
/// kernels are measured against.
#pragma once

#include <cstddef>

namespace grainsim {

struct TriadResult {
  double bytes_per_second = 0;  ///< best repetition, 3 x 8 bytes per element (no write-allocate)
  std::size_t elements = 0;     ///< per array
  int threads = 1;
  int repetitions = 0;
};

/// Best of `repetitions` triads over three arrays of `elements` doubles, run by `threads`
/// threads with a static partition (each thread always touches the pages it first wrote).
TriadResult measureTriad(std::size_t elements, int threads, int repetitions = 5);

}  // namespace grainsim

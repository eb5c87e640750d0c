/// \brief A floating-point sum in a fixed order that still vectorises.
#pragma once

#include <cstddef>

namespace grainsim {

/// Sum of x[0..n): eight running sums over x[8i + l], l = 0..7, combined pairwise. The order
/// is fixed by the source, not by the vector width or the compiler (which never reorders a
/// plain floating-point sum), so the bits are the same on every machine; and the eight lanes
/// map onto vector registers, so it runs at vector speed.
template <class T>
inline double laneSum(const T* x, std::size_t n) {
  double lane[8] = {};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::size_t l = 0; l < 8; ++l) lane[l] += x[i + l];
  for (std::size_t l = 0; i + l < n; ++l) lane[l] += x[i + l];
  return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

}  // namespace grainsim

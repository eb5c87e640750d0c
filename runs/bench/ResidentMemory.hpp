/// \brief Resident memory of this process from /proc/self (Linux): current, peak, and a reset
/// of the peak so each benchmark configuration gets its own.
#pragma once

#include <cstddef>

namespace grainsim {

/// VmRSS in bytes (0 where /proc/self/status is unavailable).
std::size_t residentBytes();

/// VmHWM in bytes: the peak since the process started or since the last resetPeakResident().
std::size_t peakResidentBytes();

/// Hands freed heap pages back to the system, then resets the peak to the current resident
/// size by writing "5" to /proc/self/clear_refs (Linux >= 4.0). False if the reset failed:
/// peaks are then process-wide.
bool resetPeakResident();

}  // namespace grainsim

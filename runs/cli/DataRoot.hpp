/// \brief Where the scenario files and observed data that commands read by default live:
/// the current directory if it is a grainsim checkout, else the installed copy beside the
/// binary (cmake --install: <prefix>/share/grainsim), else the source tree it was built from.
#pragma once

#include <filesystem>

namespace grainsim::cli {

/// A folder holding runs/no-aid.ini and calibration/data/, or "." if none is found.
std::filesystem::path dataRoot();

}  // namespace grainsim::cli

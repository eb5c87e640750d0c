/// \brief The code version written into every output file (git describe at build time).
#pragma once

#include <string_view>

namespace grainsim {

/// "<project version>+<git describe --always --dirty>", or "+unknown" outside a git checkout.
std::string_view codeVersion();

}  // namespace grainsim

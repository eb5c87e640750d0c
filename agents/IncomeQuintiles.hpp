/// \brief Income quintiles: households are grouped by the fifth of their region's people their
/// income per person falls in, and several outputs are recorded by quintile.
#pragma once

namespace grainsim {

/// Income quintiles within each region: 1 (poorest fifth of persons) to 5.
inline constexpr int kQuintiles = 5;

}  // namespace grainsim

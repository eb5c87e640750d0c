/// \brief The headline table printed after `forecast` and `compare`.
#pragma once

#include <ostream>

#include "runs/output/EnsembleFile.hpp"

namespace grainsim::cli {

/// Per region, on 15 January (when the horizon has one) and on the last day: the median and the
/// outermost quantiles (by default the 90 % interval) of every retail commodity's price and of
/// the food-insecure share. For a comparison: of the effects instead, prices as the relative
/// effect in percent and the food-insecure share as the difference in percentage points.
void printHeadline(std::ostream& os, const EnsembleLayout& layout, const EnsembleSummary& summary);

}  // namespace grainsim::cli

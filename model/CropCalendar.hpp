/// \brief Where a date falls in a crop's yearly harvest window.
#pragma once

#include "model/Date.hpp"
#include "model/Scenario.hpp"

namespace grainsim {

/// The window of a harvest that starts in `year`: first and last day, inclusive.
struct HarvestWindow {
  Date first, last;
  bool contains(Date d) const { return first <= d && d <= last; }
};

HarvestWindow harvestWindow(const Harvest& h, int year);

/// The latest window that starts on or before `d` (this year's or last year's).
HarvestWindow currentOrLastWindow(const Harvest& h, Date d);

/// The first window that starts after `d`.
HarvestWindow nextWindow(const Harvest& h, Date d);

/// Share of a year's harvest gathered on `d`: 1 / window days inside a window, else 0.
double harvestedShareOn(const Harvest& h, Date d);

}  // namespace grainsim

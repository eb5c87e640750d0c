#include "model/CropCalendar.hpp"

namespace grainsim {

HarvestWindow harvestWindow(const Harvest& h, int year) {
  const Date first = Date::fromYmd(year, h.start_month, h.start_day);
  return {first, first.plusDays(h.window_days - 1)};
}

HarvestWindow currentOrLastWindow(const Harvest& h, Date d) {
  const HarvestWindow w = harvestWindow(h, d.year());
  return w.first <= d ? w : harvestWindow(h, d.year() - 1);
}

HarvestWindow nextWindow(const Harvest& h, Date d) {
  const HarvestWindow w = harvestWindow(h, d.year());
  return d < w.first ? w : harvestWindow(h, d.year() + 1);
}

double harvestedShareOn(const Harvest& h, Date d) {
  return currentOrLastWindow(h, d).contains(d) ? 1.0 / h.window_days : 0.0;
}

}  // namespace grainsim

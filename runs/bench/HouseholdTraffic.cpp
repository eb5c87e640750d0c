#include "runs/bench/HouseholdTraffic.hpp"

namespace grainsim {
namespace {

/// Bytes of one element of a column.
template <class Column>
constexpr std::size_t bytesOf(const Column&) {
  return sizeof(typename Column::value_type);
}

}  // namespace

HouseholdTraffic householdTraffic(const Households& h) {
  HouseholdTraffic t;
  std::size_t stock = 0, order = 0;  // bytes per household over all commodities
  for (const auto& column : h.own_stock)
    if (!column.empty()) {
      ++t.own_stock_commodities;
      stock += bytesOf(column);
    }
  for (const auto& column : h.order)
    if (!column.empty()) {
      ++t.retail_commodities;
      order += bytesOf(column);
    }
  const std::size_t persons = bytesOf(h.persons), income = bytesOf(h.income_usd),
                    quintile = bytesOf(h.quintile);
  t.column_bytes =
      bytesOf(h.region) + persons + bytesOf(h.urban) + income + quintile + stock + order;
  // placeOrders: need from persons, own stock eaten first (read), budget from income; the
  // orders are written, never read.
  t.order_pass_bytes = persons + income + stock + order;
  // consume: persons for need, own stock read and written back (an upper bound: only
  // households that still hold stock store), orders read, quintile for the sums.
  t.eat_pass_bytes = persons + quintile + 2 * stock + order;
  // The orders are the only column stored without being read first in the same pass.
  t.write_allocate_bytes = order;
  return t;
}

}  // namespace grainsim

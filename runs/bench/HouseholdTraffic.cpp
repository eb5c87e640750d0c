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
  std::size_t stock = 0;  // bytes per household over all commodities
  for (const auto& column : h.own_stock)
    if (!column.empty()) {
      ++t.own_stock_commodities;
      stock += bytesOf(column);
    }
  const std::size_t persons = bytesOf(h.persons), income = bytesOf(h.income_usd),
                    kcal = bytesOf(h.kcal_ordered), requirement = bytesOf(h.inv_requirement);
  // Region, quintile and urban/rural are the agent's place (Households::group_begin), not
  // columns.
  t.column_bytes = persons + income + stock + kcal + requirement;
  // placeOrders: need from persons, own stock eaten first (read), budget from income; the
  // calories ordered are written, never read.
  t.order_pass_bytes = persons + income + stock + kcal;
  // consume: persons for need, own stock read and written back, calories ordered read, the
  // requirement factor read for adequacy.
  t.eat_pass_bytes = persons + 2 * stock + kcal + requirement;
  // The calories ordered are the only column stored without being read first in the same pass.
  t.write_allocate_bytes = kcal;
  t.fused_saving_bytes = persons + stock;
  return t;
}

}  // namespace grainsim

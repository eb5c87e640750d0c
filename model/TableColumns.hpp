/// \brief The column dictionary: every column of every scenario table, with its type, unit,
/// bounds and meaning. One table: the readers take their bounds from it, `grainsim describe
/// --tables` prints it and docs/PARAMETERS.md is generated from it.
#pragma once

#include <span>
#include <string_view>

namespace grainsim {

/// What a column holds. Names are free text (unique where they name the row); references name
/// a row of another table; dates are YYYY-MM-DD, month-days MM-DD.
enum class ColumnKind { name, reference, number, integer, flag, date, month_day, text };

std::string_view columnKindName(ColumnKind k);

struct ColumnSpec {
  std::string_view table;  ///< as in `tables.<table>` (or `exchange.path`, `start.prices`)
  std::string_view name;  ///< `<commodity>_production_share` stands for one per harvested commodity
  ColumnKind kind;
  std::string_view unit;
  double min = 0, max = 0;  ///< inclusive, for numbers and integers
  bool required = true;     ///< false: the column may be left out of the file
  std::string_view description;
  std::string_view source;  ///< where values come from (each shipped row also names its own)
};

/// Every table's columns, tables in reading order, columns in file order.
std::span<const ColumnSpec> columnTable();

/// The column `name` of `table`; throws std::logic_error if the dictionary has none (a reader
/// asking for an undocumented column is a programming error, caught by the tests).
const ColumnSpec& columnSpec(std::string_view table, std::string_view name);

}  // namespace grainsim

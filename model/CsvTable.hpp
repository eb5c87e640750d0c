/// \brief A CSV table read by column name, with typed, checked accessors.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/Date.hpp"

namespace grainsim {

/// Header plus rows; quoted fields may hold commas, quotes (doubled) and newlines (RFC 4180); a
/// leading UTF-8 byte-order mark is skipped. Every error names the source, row and column.
class CsvTable {
 public:
  /// Parses `text`; `source` names it in errors (a path, or "embedded tables/x.csv").
  CsvTable(std::string source, std::string_view text);

  const std::string& source() const { return source_; }
  std::size_t rows() const { return rows_.size(); }
  bool hasColumn(std::string_view column) const;
  const std::vector<std::string>& columns() const { return header_; }  ///< the header, in order

  /// The first row whose first column is `name` (a row's name, e.g. a shipment), if any.
  std::optional<std::size_t> findRow(std::string_view name) const;
  /// Replaces one cell before the table is read. `note` (e.g. "set as shipments.2a.tonnes by
  /// --set") is added to every error about a cell of that row, so the error names where the
  /// value came from and not only this table.
  void set(std::size_t row, std::string_view column, std::string value, std::string note);

  std::string text(std::size_t row, std::string_view column) const;
  /// A finite number within [min, max]; empty cells are errors unless `fallback` is given.
  double number(std::size_t row, std::string_view column, double min, double max) const;
  double numberOr(std::size_t row, std::string_view column, double fallback, double min,
                  double max) const;
  int integer(std::size_t row, std::string_view column, int min, int max) const;
  Date date(std::size_t row, std::string_view column) const;

  /// Throws ScenarioError naming this table, the row (1 = first data row) and the column.
  [[noreturn]] void fail(std::size_t row, std::string_view column, const std::string& value,
                         const std::string& rule) const;

 private:
  std::size_t columnIndex(std::string_view column) const;
  std::string source_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::map<std::pair<std::size_t, std::size_t>, std::string> notes_;  ///< (row, column) -> note
};

/// Strict number parsing shared by INI values and CSV cells: the whole text, finite.
bool parseFiniteNumber(std::string_view text, double& out);

}  // namespace grainsim

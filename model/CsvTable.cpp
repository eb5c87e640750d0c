#include "model/CsvTable.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "model/ScenarioError.hpp"
#include "model/TextFile.hpp"

namespace grainsim {
namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

/// The end of the record that starts at `pos`: the first newline outside quotes (RFC 4180 lets
/// a quoted field hold newlines), or npos when the text ends first. `open_quote` tells whether
/// the text ended inside quotes. A comment line ends at its newline. A doubled quote toggles twice,
/// so it needs no special case.
std::size_t recordEnd(std::string_view text, std::size_t pos, bool& open_quote) {
  const auto first = text.find_first_not_of(" \t", pos);
  if (first != std::string_view::npos && text[first] == '#') return text.find('\n', pos);
  bool quoted = false;
  for (std::size_t i = pos; i < text.size(); ++i) {
    if (text[i] == '"')
      quoted = !quoted;
    else if (text[i] == '\n' && !quoted)
      return i;
  }
  open_quote = quoted;
  return std::string_view::npos;
}

/// Splits one CSV record; doubled quotes inside quotes stand for one quote.
std::vector<std::string> splitRecord(std::string_view line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(trim(field));
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(trim(field));
  return fields;
}

std::string formatBound(double x) {
  std::ostringstream os;
  os << x;
  return os.str();
}

}  // namespace

bool parseFiniteNumber(std::string_view text, double& out) {
  const std::string t = trim(text);
  if (t.empty()) return false;
  const char* end = t.data() + t.size();
  auto [p, ec] = std::from_chars(t.data(), end, out);
  return ec == std::errc{} && p == end && std::isfinite(out);
}

CsvTable::CsvTable(std::string source, std::string_view text) : source_(std::move(source)) {
  text = withoutByteOrderMark(text);
  std::size_t next_line_no = 1;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    bool open_quote = false;
    const auto nl = recordEnd(text, pos, open_quote);
    const auto line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    const std::size_t line_no = next_line_no;  // where the record starts
    next_line_no += 1 + static_cast<std::size_t>(std::count(line.begin(), line.end(), '\n'));
    if (open_quote)
      throw ScenarioError(source_ + ": line " + std::to_string(line_no) +
                          ": a quoted field is never closed (a '\"' is missing)");
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    auto fields = splitRecord(line);
    if (header_.empty()) {
      header_ = std::move(fields);
      continue;
    }
    if (fields.size() != header_.size())
      throw ScenarioError(source_ + ": line " + std::to_string(line_no) + " has " +
                          std::to_string(fields.size()) + " fields, the header has " +
                          std::to_string(header_.size()));
    rows_.push_back(std::move(fields));
  }
  if (header_.empty()) throw ScenarioError(source_ + ": table is empty (no header line)");
}

bool CsvTable::hasColumn(std::string_view column) const {
  for (const auto& h : header_)
    if (h == column) return true;
  return false;
}

std::size_t CsvTable::columnIndex(std::string_view column) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == column) return i;
  throw ScenarioError(source_ + ": missing column '" + std::string(column) + "'");
}

std::optional<std::size_t> CsvTable::findRow(std::string_view name) const {
  for (std::size_t i = 0; i < rows_.size(); ++i)
    if (!rows_[i].empty() && rows_[i][0] == name) return i;
  return std::nullopt;
}

void CsvTable::set(std::size_t row, std::string_view column, std::string value, std::string note) {
  const std::size_t c = columnIndex(column);
  rows_.at(row)[c] = std::move(value);
  notes_[{row, c}] = std::move(note);
}

void CsvTable::fail(std::size_t row, std::string_view column, const std::string& value,
                    const std::string& rule) const {
  // Name every cell of the row set from outside: a rule on one cell may fail because of
  // another (an announcement after a new arrival date).
  std::string where = "row " + std::to_string(row + 1) + ", column '" + std::string(column) + "'";
  std::string notes;
  for (const auto& [cell, note] : notes_)
    if (cell.first == row) notes += (notes.empty() ? "" : "; ") + note;
  if (!notes.empty()) where += " (" + notes + ")";
  throw ScenarioError(source_, where, value, rule);
}

std::string CsvTable::text(std::size_t row, std::string_view column) const {
  return rows_.at(row)[columnIndex(column)];
}

double CsvTable::number(std::size_t row, std::string_view column, double min, double max) const {
  const std::string cell = text(row, column);
  double x = 0;
  if (!parseFiniteNumber(cell, x)) fail(row, column, cell, "must be a finite number");
  if (x < min || x > max)
    fail(row, column, cell, "must lie in [" + formatBound(min) + ", " + formatBound(max) + "]");
  return x;
}

double CsvTable::numberOr(std::size_t row, std::string_view column, double fallback, double min,
                          double max) const {
  return text(row, column).empty() ? fallback : number(row, column, min, max);
}

int CsvTable::integer(std::size_t row, std::string_view column, int min, int max) const {
  const double x = number(row, column, min, max);
  if (x != std::floor(x)) fail(row, column, text(row, column), "must be a whole number");
  return static_cast<int>(x);
}

Date CsvTable::date(std::size_t row, std::string_view column) const {
  const std::string cell = text(row, column);
  const auto d = Date::parse(cell);
  if (!d) fail(row, column, cell, "must be a date YYYY-MM-DD");
  return *d;
}

}  // namespace grainsim

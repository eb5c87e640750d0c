/// \brief The bad-input campaign (issue 16, docs/RELIABILITY.md): every scenario parameter and
/// every checked column of every scenario table, given values a careless or hostile user
/// might write, through the real executable. Each must give exit 2 with an error that names
/// where the value came from and the value itself, and leave nothing behind; none may end in
/// a signal. The cases are generated from the parameter and column dictionaries, so a new key
/// or column is covered the day it is added.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "model/Parameters.hpp"
#include "model/TableColumns.hpp"
#include "tests/runs/cli/CliFixture.hpp"

namespace grainsim::testing {
namespace {

struct BadInput {
  std::string name;                ///< the test's name: key or table.column, and the kind
  std::vector<std::string> args;   ///< after `run`, before --out
  std::string table;               ///< for a table cell: the table file edited ...
  std::string column;              ///< ... in this column of its first data row ...
  std::string value;               ///< ... to this value (for a parameter: --set key=value)
  std::vector<std::string> named;  ///< what stderr must name
};

std::string number(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

/// A value just outside [min, max] on each side that has a finite bound.
std::vector<std::pair<std::string, std::string>> outOfRange(double min, double max) {
  std::vector<std::pair<std::string, std::string>> v;
  constexpr double kHuge = 1e300;
  if (std::isfinite(min) && min > -kHuge)
    v.emplace_back("below_min", number(min - std::max(1.0, std::abs(min))));
  if (std::isfinite(max) && max < kHuge)
    v.emplace_back("above_max", number(max + std::max(1.0, std::abs(max))));
  return v;
}

std::string testName(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

std::vector<BadInput> parameterCases() {
  std::vector<BadInput> cases;
  for (const ParameterSpec& p : parameterTable()) {
    const std::string key(p.name);
    auto add = [&](const std::string& kind, const std::string& value) {
      cases.push_back(
          {testName(key + "_" + kind), {"--set", key + "=" + value}, "", "", value, {key, value}});
    };
    if (std::holds_alternative<Date& (*)(Parameters&)>(p.field)) {
      add("impossible_date", "2026-02-30");
      add("not_a_date", "next-week");
    } else if (std::holds_alternative<std::string& (*)(Parameters&)>(p.field)) {
      if (key == "stockpile.region")
        add("unknown_region", "Atlantis");
      else
        add("missing_file", "no/such/file.csv");
    } else {
      add("not_a_number", "abc");
      add("trailing_junk", "1x");
      add("infinite", "1e999");
      add("nan", "nan");
      for (const auto& [kind, value] : outOfRange(p.min, p.max)) add(kind, value);
    }
  }
  return cases;
}

/// The file each table is read from in these cases (the shipped defaults).
std::string tableFile(std::string_view table) {
  if (table == "exchange.path") return "exchange-2022-2025.csv";
  if (table == "start.prices") return "start-prices-2025-07.csv";
  if (table == "state_shops") return "state_shops-base.csv";  // the default has no rows
  return std::string(table) + ".csv";
}

std::string tableKey(std::string_view table) {
  return table.find('.') != std::string_view::npos ? std::string(table)
                                                   : "tables." + std::string(table);
}

std::vector<BadInput> columnCases() {
  std::vector<BadInput> cases;
  for (const ColumnSpec& c : columnTable()) {
    if (c.name.find('<') != std::string_view::npos) continue;  // a family of columns
    const std::string where = std::string(c.table) + "." + std::string(c.name);
    auto add = [&](const std::string& kind, const std::string& value) {
      cases.push_back({testName(where + "_" + kind),
                       {},
                       std::string(c.table),
                       std::string(c.name),
                       value,
                       {tableFile(c.table), std::string(c.name), value}});
    };
    switch (c.kind) {
      case ColumnKind::number:
      case ColumnKind::integer:
        add("not_a_number", "abc");
        add("infinite", "1e999");
        for (const auto& [kind, value] : outOfRange(c.min, c.max)) add(kind, value);
        if (c.kind == ColumnKind::integer) add("fraction", number(c.min + 0.5));
        break;
      case ColumnKind::date:
        add("impossible_date", "2026-02-30");
        break;
      case ColumnKind::month_day:
        add("impossible_month_day", "02-30");
        break;
      case ColumnKind::flag:
        add("not_a_flag", "maybe");
        break;
      case ColumnKind::reference:
        add("unknown_reference", "Atlantis");
        break;
      case ColumnKind::name:
      case ColumnKind::text:
        break;  // any text is a valid name or note
    }
  }
  return cases;
}

/// Splits one CSV line into fields, keeping quotes as they are.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char ch : line) {
    if (ch == '"') quoted = !quoted;
    if (ch == ',' && !quoted)
      out.emplace_back();
    else
      out.back() += ch;
  }
  return out;
}

std::string joined(const std::vector<std::string>& f) {
  std::string s;
  for (std::size_t i = 0; i < f.size(); ++i) s += (i ? "," : "") + f[i];
  return s;
}

/// `text` with the cell of `column` in the first data row replaced by `value`; empty when the
/// table has no such column (an optional column the shipped file leaves out).
std::string withCell(const std::string& text, const std::string& column, const std::string& value) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    start = end == std::string::npos ? text.size() : end + 1;
  }
  std::size_t header = 0;
  while (header < lines.size() && (lines[header].empty() || lines[header][0] == '#')) ++header;
  if (header + 1 >= lines.size()) return {};
  const std::vector<std::string> names = fields(lines[header]);
  const auto at = std::find(names.begin(), names.end(), column);
  if (at == names.end()) return {};
  std::size_t row = header + 1;
  while (row < lines.size() && (lines[row].empty() || lines[row][0] == '#')) ++row;
  std::vector<std::string> cells = fields(lines.at(row));
  cells.resize(std::max(cells.size(), names.size()));
  cells[static_cast<std::size_t>(at - names.begin())] = value;
  lines[row] = joined(cells);
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

class BadInputCampaign : public CliTest, public ::testing::WithParamInterface<BadInput> {};

TEST_P(BadInputCampaign, ExitTwoNamingWhereAndWhatAndNothingLeft) {
  const BadInput& c = GetParam();
  // kTiny first: a case's own --set of the same key comes later and wins.
  std::vector<std::string> args = std::vector<std::string>{"run"} + kTiny + c.args;
  if (!c.table.empty()) {
    const std::string file = tableFile(c.table);
    const std::string edited = withCell(readText(in_ / "tables" / file), c.column, c.value);
    if (edited.empty()) GTEST_SKIP() << file << " has no column " << c.column;
    args.push_back("--set");
    args.push_back(tableKey(c.table) + "=" + write(file, edited).string());
  }
  args.push_back("--out");
  args.push_back("out.h5");
  expectBadInput(args, c.named);
}

INSTANTIATE_TEST_SUITE_P(Parameters, BadInputCampaign, ::testing::ValuesIn(parameterCases()),
                         [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(TableCells, BadInputCampaign, ::testing::ValuesIn(columnCases()),
                         [](const auto& info) { return info.param.name; });

TEST(BadInputCampaignSize, CoversAtLeastTwoHundredInputs) {
  EXPECT_GE(parameterCases().size() + columnCases().size(), 200u);
}

}  // namespace
}  // namespace grainsim::testing

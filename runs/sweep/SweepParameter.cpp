#include "runs/sweep/SweepParameter.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "model/Date.hpp"

namespace grainsim {

namespace {

std::invalid_argument bad(const std::string& text, const std::string& rule) {
  return std::invalid_argument("--param '" + text + "': " + rule);
}

/// A whole finite number, or nullopt.
std::optional<double> parseNumber(const std::string& s) {
  double x = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(x)) return std::nullopt;
  return x;
}

}  // namespace

SweepParameter SweepParameter::parse(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) throw bad(text, "expected KEY=LO:HI or KEY=LO:HI:log");
  SweepParameter p;
  p.key = text.substr(0, eq);
  std::string range = text.substr(eq + 1);
  if (range.size() > 4 && range.ends_with(":log")) {
    p.log = true;
    range.resize(range.size() - 4);
  }
  const auto colon = range.find(':');
  if (colon == std::string::npos || range.find(':', colon + 1) != std::string::npos)
    throw bad(text, "expected KEY=LO:HI or KEY=LO:HI:log");
  p.lo = range.substr(0, colon);
  p.hi = range.substr(colon + 1);
  const bool lo_date = Date::parse(p.lo).has_value(), hi_date = Date::parse(p.hi).has_value();
  if (lo_date != hi_date) throw bad(text, "LO and HI must both be numbers or both be dates");
  p.date = lo_date;
  if (p.date && p.log) throw bad(text, ":log applies to numbers, not dates");
  if (p.date) {
    if (!(*Date::parse(p.lo) < *Date::parse(p.hi))) throw bad(text, "LO must be before HI");
    return p;
  }
  const auto lo = parseNumber(p.lo), hi = parseNumber(p.hi);
  if (!lo || !hi) throw bad(text, "LO and HI must be numbers or YYYY-MM-DD dates");
  if (!(*lo < *hi)) throw bad(text, "LO must be less than HI");
  if (p.log && !(*lo > 0)) throw bad(text, "a :log range needs 0 < LO");
  return p;
}

std::string SweepParameter::priorOverride() const {
  const char* kind = date ? "date_uniform" : log ? "loguniform" : "uniform";
  return key + "=" + kind + "(" + lo + ", " + hi + ")";
}

std::string SweepParameter::range() const {
  return lo + ":" + hi + (log ? ":log" : "");
}

std::string SweepParameter::scale() const {
  return date ? "date" : log ? "log" : "linear";
}

}  // namespace grainsim

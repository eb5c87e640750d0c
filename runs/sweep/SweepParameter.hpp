/// \brief One swept parameter, `--param KEY=LO:HI[:log]`: a range that the design, not a prior
/// draw, sets point by point.
#pragma once

#include <string>

#include "model/Prior.hpp"

namespace grainsim {

/// Any scenario key a prior may be given on (a number or date parameter, or a table cell
/// `<table>.<row>.<column>`), swept over [lo, hi]: linearly, logarithmically (`:log`, numbers
/// only, 0 < lo) or over whole days (when lo and hi are YYYY-MM-DD dates).
struct SweepParameter {
  std::string key;
  std::string lo, hi;  ///< as written: numbers or ISO dates
  bool log = false;
  bool date = false;

  /// Parses "KEY=LO:HI" or "KEY=LO:HI:log"; throws std::invalid_argument naming --param, the
  /// text and the rule it breaks. Whether the key exists and the range fits its bounds is the
  /// scenario's to check (through priorOverride()).
  static SweepParameter parse(const std::string& text);

  /// The range as a scenario override, "KEY=uniform(LO, HI)" (loguniform, date_uniform):
  /// loading the scenario with it checks the key, the range against the key's bounds and the
  /// scenario at both ends of the range.
  std::string priorOverride() const;

  /// "LO:HI" or "LO:HI:log", as written.
  std::string range() const;
  /// "linear", "log" or "date".
  std::string scale() const;
};

}  // namespace grainsim

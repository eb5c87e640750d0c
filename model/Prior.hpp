/// \brief A scenario value given as a distribution (a prior), drawn afresh for each replicate.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace grainsim {

/// One of a small documented set, written as the value of a key:
///   uniform(a, b)            a < b
///   loguniform(a, b)         0 < a < b
///   normal(mean, sd)         sd > 0; truncated to the key's bounds (mean must lie inside them)
///   triangular(min, mode, max)
///   date_uniform(d1, d2)     whole days, d1 <= d2, both ends included (date keys only)
/// Numbers are doubles; dates are handled as days since 1970-01-01.
class Prior {
 public:
  enum class Kind { uniform, loguniform, normal, triangular, date_uniform };

  /// nullopt when `text` is not a distribution call (a plain value). Throws ScenarioError naming
  /// origin, key and text when it looks like one but is malformed or breaks a rule above, or
  /// when its support leaves [lo, hi] (the key's bounds; for dates pass -inf/inf).
  /// `unit` is the key's unit, kept for output files (dates: "days since 1970-01-01").
  static std::optional<Prior> parse(const std::string& origin, const std::string& key,
                                    const std::string& text, const std::string& unit, bool date_key,
                                    double lo, double hi);

  const std::string& key() const;
  const std::string& text() const;    ///< as written
  const std::string& origin() const;  ///< file path or "--set"
  Kind kind() const;
  bool isDate() const;

  /// Inverse CDF at u in (0, 1): the value a uniform draw u maps to (dates: day numbers).
  double quantile(double u) const;
  double median() const { return quantile(0.5); }
  /// The value as a scenario would write it: full-precision number, or YYYY-MM-DD.
  std::string format(double value) const;
  const std::string& unit() const;

 private:
  // implementation-defined members
};

}  // namespace grainsim

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
///   triangular(min, mode, max)  min <= mode <= max, min < max
///   date_uniform(d1, d2)     whole days, d1 <= d2, both ends included (date keys only)
/// Numbers are doubles; dates are handled as days since 1970-01-01. Except for normal, the whole
/// support must lie in the key's bounds.
class Prior {
 public:
  enum class Kind { uniform, loguniform, normal, triangular, date_uniform };

  /// Whether `text` has the shape of a distribution call, `identifier( ... )` (whitespace
  /// allowed): what parse() takes for a prior rather than a plain value.
  static bool looksLikePrior(std::string_view text);

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

  /// Inverse CDF at u in [0, 1]: the value a uniform draw u maps to (dates: whole day numbers).
  /// 0 and 1 give the ends of the support; for normal, the truncation bounds (maybe infinite).
  double quantile(double u) const;
  double median() const { return quantile(0.5); }
  /// The value as a scenario would write it: full-precision number (%.17g, so it reads back
  /// exactly), or YYYY-MM-DD (the day `value` falls in).
  std::string format(double value) const;
  const std::string& unit() const;  ///< "" for a table cell (tables do not declare units)

 private:
  Prior() = default;

  std::string origin_, key_, text_, unit_;
  Kind kind_ = Kind::uniform;
  /// uniform, loguniform: a, b; normal: mean, sd; triangular: min, mode, max;
  /// date_uniform: first and last day number.
  double a_ = 0, b_ = 0, c_ = 0;
  /// normal only: truncation bounds, and the untruncated normal's lower and upper tail
  /// probabilities at them (both kept so either tail inverts without cancellation).
  double lo_ = 0, hi_ = 0, below_lo_ = 0, below_hi_ = 1, above_lo_ = 1, above_hi_ = 0;
};

}  // namespace grainsim

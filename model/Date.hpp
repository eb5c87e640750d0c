/// \brief Calendar dates (proleptic Gregorian) as day numbers, parsed from YYYY-MM-DD.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace grainsim {

/// A civil date stored as days since 1970-01-01, so differences are day counts.
struct Date {
  int days_since_epoch = 0;

  static std::optional<Date> parse(std::string_view iso);  ///< strict YYYY-MM-DD
  /// The date of a valid year, month (1-12) and day; 29 February of a common year is 1 March.
  static Date fromYmd(int year, int month, int day);
  int year() const;
  std::string iso() const;
  Date plusDays(int n) const { return Date{days_since_epoch + n}; }
  int dayOfYear() const;  ///< 1 = 1 January
  friend int operator-(Date a, Date b) { return a.days_since_epoch - b.days_since_epoch; }
  friend auto operator<=>(Date, Date) = default;
};

}  // namespace grainsim

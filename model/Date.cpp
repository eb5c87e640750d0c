#include "model/Date.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace grainsim {

std::optional<Date> Date::parse(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;  // from_chars alone would take "-026"
  int y = 0;
  unsigned m = 0, d = 0;
  auto field = [&](std::size_t pos, std::size_t len, auto& out) {
    auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return ec == std::errc{} && p == s.data() + pos + len;
  };
  if (!field(0, 4, y) || !field(5, 2, m) || !field(8, 2, d)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return Date{static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

std::string Date::iso() const {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Date Date::fromYmd(int year, int month, int day) {
  using namespace std::chrono;
  const year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                           std::chrono::day{unsigned(day)}};
  // An invalid day (29 February of a common year) normalises to the next day.
  const sys_days first{ymd.year() / ymd.month() / 1};
  return Date{static_cast<int>(first.time_since_epoch().count()) + day - 1};
}

int Date::year() const {
  const std::chrono::sys_days today{std::chrono::days{days_since_epoch}};
  return static_cast<int>(std::chrono::year_month_day{today}.year());
}

int Date::dayOfYear() const {
  const std::chrono::sys_days today{std::chrono::days{days_since_epoch}};
  const std::chrono::year_month_day ymd{today};
  const std::chrono::sys_days jan1{ymd.year() / std::chrono::January / 1};
  return static_cast<int>((today - jan1).count()) + 1;
}

}  // namespace grainsim

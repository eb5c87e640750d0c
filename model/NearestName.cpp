#include "model/NearestName.hpp"

#include <algorithm>
#include <cctype>

namespace grainsim {

std::size_t editDistance(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
  // Optimal string alignment: three rows of the dynamic programme are enough.
  std::vector<std::size_t> before(b.size() + 1), last(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) last[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = lower(a[i - 1]) == lower(b[j - 1]);
      row[j] = std::min({last[j] + 1, row[j - 1] + 1, last[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1]))
        row[j] = std::min(row[j], before[j - 2] + 1);
    }
    before.swap(last);
    last.swap(row);
  }
  return last[b.size()];
}

std::optional<std::string> nearestName(std::string_view typed,
                                       const std::vector<std::string>& names) {
  const std::size_t allowed = typed.size() <= 4 ? 1 : typed.size() <= 8 ? 2 : 3;
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  bool tie = false;
  for (const std::string& name : names) {
    const std::size_t d = editDistance(typed, name);
    if (d < best_distance) {
      best = name;
      best_distance = d;
      tie = false;
    } else if (d == best_distance && best && *best != name) {
      tie = true;
    }
  }
  if (tie || (best_distance == 0 && best && *best == typed)) return std::nullopt;
  return best;
}

std::string didYouMean(std::string_view typed, const std::vector<std::string>& names) {
  const auto name = nearestName(typed, names);
  return name ? " (did you mean '" + *name + "'?)" : "";
}

}  // namespace grainsim

/// \brief Number and Markdown-table formatting for the validation report.
#include <cmath>
#include <iomanip>
#include <sstream>

#include "runs/validate/Validation.hpp"

namespace grainsim::validate {

std::string num(double v, int decimals) {
  if (!std::isfinite(v)) return "n/a";
  std::ostringstream os;
  os << std::fixed << std::setprecision(decimals) << v;
  std::string s = os.str();
  if (s.find_first_not_of("-0.") == std::string::npos && s.front() == '-') s.erase(0, 1);
  return s;
}

std::string pct(double share, int decimals) {
  return num(100 * share, decimals) + " %";
}

std::string change(double share, int decimals) {
  const std::string s = pct(share, decimals);
  return share > 0 && s.find_first_of("123456789") != std::string::npos ? "+" + s : s;
}

std::string verdictWord(bool within) {
  return within ? "**within**" : "**outside**";
}

std::string MarkdownTable::str() const {
  std::ostringstream os;
  auto line = [&](const std::vector<std::string>& cells) {
    os << "|";
    for (const auto& c : cells) os << " " << c << " |";
    os << "\n";
  };
  line(header_);
  os << "|";
  for (std::size_t i = 0; i < header_.size(); ++i) os << " --- |";
  os << "\n";
  for (const auto& r : rows_) line(r);
  return os.str();
}

}  // namespace grainsim::validate

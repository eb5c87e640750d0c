#include "runs/cli/NumericOptions.hpp"

#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "model/CsvTable.hpp"
#include "model/ShownText.hpp"

namespace grainsim::cli {

namespace {

std::invalid_argument bad(std::string_view option, const std::string& text,
                          const std::string& rule) {
  return std::invalid_argument("--" + std::string(option) + " = '" + shownText(text) +
                               "': " + rule);
}

std::string realText(double x) {
  std::ostringstream os;
  os << x;
  return os.str();
}

}  // namespace

std::int64_t parseWhole(std::string_view option, const std::string& text,
                        const WholeBounds& bounds) {
  const std::string rule = "must be a whole number from " + std::to_string(bounds.min) + " to " +
                           std::to_string(bounds.max) + " (" + std::string(bounds.why) + ")";
  // from_chars reads an optional '-' and decimal digits, nothing else (no spaces, no '+').
  const std::string_view digits =
      text.size() > 1 && text[0] == '+' ? std::string_view(text).substr(1) : std::string_view(text);
  std::int64_t x = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), x);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
      x < bounds.min || x > bounds.max)
    throw bad(option, text, rule);
  return x;
}

double parseReal(std::string_view option, const std::string& text, double min, double max,
                 std::string_view why) {
  double x = 0;
  if (!parseFiniteNumber(text, x) || x < min || x > max)
    throw bad(option, text,
              "must be a finite number from " + realText(min) + " to " + realText(max) + " (" +
                  std::string(why) + ")");
  return x;
}

std::int64_t wholeOption(const boost::program_options::variables_map& vm, const std::string& name,
                         const WholeBounds& bounds) {
  return parseWhole(name, vm[name].as<std::string>(), bounds);
}

double realOption(const boost::program_options::variables_map& vm, const std::string& name,
                  double min, double max, std::string_view why) {
  return parseReal(name, vm[name].as<std::string>(), min, max, why);
}

std::uint32_t seedOption(const boost::program_options::variables_map& vm, const std::string& name) {
  return static_cast<std::uint32_t>(wholeOption(vm, name, kSeedBounds));
}

int threadsOption(const boost::program_options::variables_map& vm) {
  return static_cast<int>(wholeOption(vm, "threads", kThreadsBounds));
}

}  // namespace grainsim::cli

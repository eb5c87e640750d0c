/// \brief Numeric command-line options read as the numbers the user means. Boost would read
/// "-1" into an unsigned option as 4294967295; here a whole number is read from its decimal
/// text with its sign (so a negative is refused, never wrapped), a real must be finite, nothing
/// may follow the number, and every option has bounds whose reason the error states.
#pragma once

#include <boost/program_options.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace grainsim::cli {

/// The bounds of a whole-number option and why they are what they are.
struct WholeBounds {
  std::int64_t min, max;
  std::string_view why;
};

/// Random seeds are 32-bit (Philox keys).
inline constexpr WholeBounds kSeedBounds{0, 4294967295, "seeds are 32-bit"};
/// Worker threads: 0 means all cores. Far above any node's cores, more threads only
/// oversubscribe them, and TBB crashes when asked for tens of thousands.
inline constexpr WholeBounds kThreadsBounds{
    0, 1024, "0: all cores; more than 1024 would only oversubscribe any current node's cores"};

/// `text`, the value of --`option`, as a whole number within `bounds`. Throws
/// std::invalid_argument "--option = 'text': must be a whole number from MIN to MAX (why)".
std::int64_t parseWhole(std::string_view option, const std::string& text,
                        const WholeBounds& bounds);
/// `text` as a finite real within [min, max]; the error states the bounds and `why`.
double parseReal(std::string_view option, const std::string& text, double min, double max,
                 std::string_view why);

/// The option `name` (declared po::value<std::string>) parsed by parseWhole / parseReal.
std::int64_t wholeOption(const boost::program_options::variables_map& vm, const std::string& name,
                         const WholeBounds& bounds);
double realOption(const boost::program_options::variables_map& vm, const std::string& name,
                  double min, double max, std::string_view why);

/// The options many commands share, with their bounds in one place.
std::uint32_t seedOption(const boost::program_options::variables_map& vm,
                         const std::string& name = "seed");
int threadsOption(const boost::program_options::variables_map& vm);

}  // namespace grainsim::cli

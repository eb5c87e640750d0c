/// \brief Optional wall-clock accounting of the daily step's phases (grainsim bench).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <string_view>

namespace grainsim {

/// The nine phases of docs/ODD.md section 3, in schedule order.
enum class Phase : std::size_t {
  drivers,
  logistics,
  allocation,
  elites,
  traders,
  households_order,
  markets_clear,
  households_eat,
  record,
  count,  ///< not a phase: the number of phases
};
inline constexpr std::size_t kPhases = static_cast<std::size_t>(Phase::count);

/// A phase's name in the bench's figures. A phase added to the enum without a name here does
/// not compile (-Werror=switch), nor does one whose name is left empty (the static_assert).
constexpr std::string_view phaseName(Phase p) {
  switch (p) {
    case Phase::drivers:
      return "drivers";
    case Phase::logistics:
      return "logistics";
    case Phase::allocation:
      return "allocation";
    case Phase::elites:
      return "elites";
    case Phase::traders:
      return "traders";
    case Phase::households_order:
      return "households_order";
    case Phase::markets_clear:
      return "markets_clear";
    case Phase::households_eat:
      return "households_eat";
    case Phase::record:
      return "record";
    case Phase::count:
      break;
  }
  return "";
}

inline constexpr std::array<std::string_view, kPhases> kPhaseNames = [] {
  std::array<std::string_view, kPhases> names{};
  for (std::size_t p = 0; p < kPhases; ++p) names[p] = phaseName(static_cast<Phase>(p));
  return names;
}();
static_assert(
    [] {
      for (const auto name : kPhaseNames)
        if (name.empty()) return false;
      return true;
    }(),
    "every phase needs a name in phaseName()");

/// Seconds spent in each phase, summed over days; plus the setup (initial state and empty
/// output), which is no daily phase but belongs to a run's wall time. Reading the clock never
/// touches the model's state, so timing cannot change results.
class PhaseClock {
 public:
  using Clock = std::chrono::steady_clock;

  void add(Phase p, Clock::duration d) { phase_[static_cast<std::size_t>(p)] += d; }
  void addSetup(Clock::duration d) { setup_ += d; }

  double seconds(Phase p) const { return toSeconds(phase_[static_cast<std::size_t>(p)]); }
  double setupSeconds() const { return toSeconds(setup_); }
  /// The nine phases together (setup excluded).
  double dailySeconds() const {
    Clock::duration total{};
    for (const auto& d : phase_) total += d;
    return toSeconds(total);
  }

 private:
  static double toSeconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

  std::array<Clock::duration, kPhases> phase_{};
  Clock::duration setup_{};
};

/// Runs `body`, charging its wall time to `phase` when a clock is given; a null clock costs one
/// branch, so the untimed path is the model's ordinary path.
template <class Body>
void timedPhase(PhaseClock* clock, Phase phase, const Body& body) {
  if (!clock) {
    body();
    return;
  }
  const auto t0 = PhaseClock::Clock::now();
  body();
  clock->add(phase, PhaseClock::Clock::now() - t0);
}

}  // namespace grainsim

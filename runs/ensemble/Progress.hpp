/// \brief Progress of a batch of work units on stderr: a bar on a terminal, lines in a log.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

namespace grainsim {

/// On a terminal: one line redrawn in place ("\r") with a bar, units done/total, rate and ETA,
/// at most every 0.2 s. Not on a terminal (batch logs): a plain line at most every 10 s and at
/// every 10 % step. Always a last line at finish(). Disabled: prints nothing at all.
/// Not thread-safe: call update() and finish() from one thread (the one reducing in order).
class Progress {
 public:
  enum class Style { terminal, log, off };
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  /// `unit` names what is counted ("replicates"); `total` > 0 (with 0 the bar shows full).
  Progress(std::ostream& os, std::string unit, std::size_t total, Style style);
  /// Same, reading the time from `clock` instead of std::chrono::steady_clock (for tests).
  Progress(std::ostream& os, std::string unit, std::size_t total, Style style, Clock clock);
  /// Style::terminal if stderr is a terminal (isatty), else Style::log; Style::off if quiet.
  static Style styleFor(bool quiet);

  /// `done` units are complete (monotone; larger than total counts as total). Cheap when it
  /// decides not to print. In log style the 100 % line is left to finish().
  void update(std::size_t done);
  /// Prints the final line (units done, total time and rate) and, on a terminal, ends the line.
  /// Later calls do nothing.
  void finish();

 private:
  using TimePoint = std::chrono::steady_clock::time_point;

  std::string head() const;  ///< "replicates [####----]" or "replicates:"
  std::string progressLine(double elapsed_s) const;
  void draw(const std::string& line);

  std::ostream* os_;
  std::string unit_;
  std::size_t total_;
  Style style_;
  Clock clock_;
  TimePoint start_;
  std::optional<TimePoint> last_print_;  ///< empty until the first line
  std::size_t done_ = 0;
  std::size_t last_step_ = 0;    ///< log style: the last 10 % step printed (0..10)
  std::size_t drawn_width_ = 0;  ///< terminal style: length of the line on screen, to blank it
  bool finished_ = false;
};

}  // namespace grainsim

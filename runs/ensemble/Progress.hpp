/// \brief Progress of a batch of work units on stderr: a bar on a terminal, lines in a log.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace grainsim {

/// On a terminal: one line redrawn in place ("\r") with a bar, units done/total, rate and ETA,
/// at most every 0.2 s. Not on a terminal (batch logs): a plain line at most every 10 s and at
/// every 10 % step. Always a last line at finish(). Disabled: prints nothing at all.
class Progress {
 public:
  enum class Style { terminal, log, off };

  /// `unit` names what is counted ("replicates"); `total` > 0.
  Progress(std::ostream& os, std::string unit, std::size_t total, Style style);
  /// Style::terminal if stderr is a terminal (isatty), else Style::log; Style::off if quiet.
  static Style styleFor(bool quiet);

  /// `done` units are complete (monotone). Cheap when it decides not to print.
  void update(std::size_t done);
  /// Prints the final line (total time and rate) and, on a terminal, ends the line.
  void finish();

 private:
  /// ... implementation-defined members
};

}  // namespace grainsim

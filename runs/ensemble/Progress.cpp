/// \brief A progress bar on a terminal, throttled plain lines in a log, nothing when quiet.
#include "runs/ensemble/Progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace grainsim {

namespace {

constexpr std::size_t kBarWidth = 20;
constexpr double kTerminalInterval = 0.2;  // s: smooth enough, cheap on a slow terminal
constexpr double kLogInterval = 10.0;      // s: a heartbeat in batch logs without flooding them

/// One decimal below 10 ("3.2"), none above ("17"): enough to read, steady to watch.
std::string figure(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", v < 9.95 ? 1 : 0, v);
  return buf;
}

/// "3.4 s", "17 s", "4 min 05 s", "2 h 07 min".
std::string duration(double s) {
  if (!(s >= 0) || !std::isfinite(s)) return "?";
  if (s < 9.95) return figure(s) + " s";
  const long long n = std::llround(s);
  char buf[64];
  if (n < 60)
    std::snprintf(buf, sizeof buf, "%lld s", n);
  else if (n < 3600)
    std::snprintf(buf, sizeof buf, "%lld min %02lld s", n / 60, n % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld h %02lld min", n / 3600, (n % 3600) / 60);
  return buf;
}

/// Units per second, else per minute, else per hour, so slow work does not read "0.0/s": one
/// replicate every two minutes reads "30/h".
std::string rate(double per_s) {
  if (per_s >= 1) return figure(per_s) + "/s";
  if (60 * per_s >= 1) return figure(60 * per_s) + "/min";
  return figure(3600 * per_s) + "/h";
}

}  // namespace

Progress::Progress(std::ostream& os, std::string unit, std::size_t total, Style style)
    : Progress(os, std::move(unit), total, style, [] { return std::chrono::steady_clock::now(); }) {
}

Progress::Progress(std::ostream& os, std::string unit, std::size_t total, Style style, Clock clock)
    : os_(&os),
      unit_(std::move(unit)),
      total_(total),
      style_(style),
      clock_(std::move(clock)),
      start_(clock_()) {}

Progress::Style Progress::styleFor(bool quiet) {
  if (quiet) return Style::off;
  return isatty(STDERR_FILENO) ? Style::terminal : Style::log;
}

std::string Progress::head() const {
  if (style_ != Style::terminal) return unit_ + ":";
  const std::size_t filled = total_ > 0 ? done_ * kBarWidth / total_ : kBarWidth;
  return unit_ + " [" + std::string(filled, '#') + std::string(kBarWidth - filled, '-') + "]";
}

std::string Progress::progressLine(double elapsed_s) const {
  const double per_s = elapsed_s > 0 ? static_cast<double>(done_) / elapsed_s : 0.0;
  const bool known = done_ > 0 && per_s > 0 && std::isfinite(per_s);
  std::string line = head() + " " + std::to_string(done_) + "/" + std::to_string(total_);
  const std::string eta =
      known ? duration(static_cast<double>(total_ - done_) / per_s) : std::string("?");
  if (style_ == Style::terminal) {
    if (known) line += "  " + rate(per_s);
    return line + "  ETA " + eta;
  }
  line += " done";
  if (known) line += ", " + rate(per_s) + ", ETA " + eta;
  return line;
}

void Progress::draw(const std::string& line) {
  if (style_ == Style::terminal) {
    // Blank whatever is left of a longer previous line (the ETA can get shorter).
    const std::size_t pad = drawn_width_ > line.size() ? drawn_width_ - line.size() : 0;
    *os_ << '\r' << line << std::string(pad, ' ') << std::flush;
    drawn_width_ = line.size();
  } else {
    *os_ << line << '\n' << std::flush;
  }
}

void Progress::update(std::size_t done) {
  if (style_ == Style::off || finished_) return;
  done_ = std::max(done_, std::min(done, total_));
  const TimePoint now = clock_();
  const double since_last =
      std::chrono::duration<double>(now - last_print_.value_or(start_)).count();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (style_ == Style::terminal) {
    if (last_print_ && since_last < kTerminalInterval) return;
  } else {
    if (done_ >= total_) return;  // finish() prints the 100 % line
    const std::size_t step = total_ > 0 ? done_ * 10 / total_ : 10;
    if (step <= last_step_ && since_last < kLogInterval) return;
    last_step_ = std::max(last_step_, step);
  }
  last_print_ = now;
  draw(progressLine(elapsed));
}

void Progress::finish() {
  if (style_ == Style::off || finished_) return;
  finished_ = true;
  const double elapsed = std::chrono::duration<double>(clock_() - start_).count();
  std::string line = head() + " " + std::to_string(done_) + "/" + std::to_string(total_) +
                     " done in " + duration(elapsed);
  if (done_ > 0 && elapsed > 0) line += ", " + rate(static_cast<double>(done_) / elapsed);
  draw(line);
  if (style_ == Style::terminal) *os_ << '\n' << std::flush;
}

}  // namespace grainsim

/// \brief Progress: silent when off, 10 % steps and a final line in a log, '\r' redraws on a
/// terminal; a fake clock makes rates, ETAs and throttling exact.
#include "runs/ensemble/Progress.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

namespace grainsim {
namespace {

using namespace std::chrono_literals;

/// A clock the test moves by hand.
struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  Progress::Clock fn() {
    return [this] { return now; };
  }
};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(Progress, OffPrintsNothing) {
  std::ostringstream os;
  Progress p(os, "replicates", 100, Progress::Style::off);
  for (std::size_t i = 1; i <= 100; ++i) p.update(i);
  p.finish();
  EXPECT_EQ(os.str(), "");
  EXPECT_EQ(Progress::styleFor(true), Progress::Style::off);
}

TEST(Progress, LogPrintsTenPercentStepsAndAFinalLine) {
  std::ostringstream os;
  FakeClock clock;
  Progress p(os, "replicates", 100, Progress::Style::log, clock.fn());
  for (std::size_t i = 1; i <= 100; ++i) {
    clock.now += 250ms;  // 4 per second, well under the 10 s heartbeat
    p.update(i);
  }
  p.finish();
  p.finish();  // a second call prints nothing more
  const auto l = lines(os.str());
  ASSERT_EQ(l.size(), 10u) << os.str();  // 10 %, ..., 90 %, then the final line
  EXPECT_EQ(l[0], "replicates: 10/100 done, 4.0/s, ETA 23 s");
  EXPECT_EQ(l[4], "replicates: 50/100 done, 4.0/s, ETA 13 s");
  EXPECT_EQ(l[8], "replicates: 90/100 done, 4.0/s, ETA 2.5 s");
  EXPECT_EQ(l[9], "replicates: 100/100 done in 25 s, 4.0/s");
  EXPECT_EQ(os.str().find('\r'), std::string::npos);
}

TEST(Progress, LogPrintsAtLeastEveryTenSecondsWhenSlow) {
  std::ostringstream os;
  FakeClock clock;
  Progress p(os, "replicates", 1000, Progress::Style::log, clock.fn());
  for (std::size_t i = 1; i <= 30; ++i) {
    clock.now += 2s;  // 0.5 per second: 3 % after a minute
    p.update(i);
  }
  const auto l = lines(os.str());
  ASSERT_EQ(l.size(), 6u) << os.str();  // at 10, 20, ..., 60 s
  EXPECT_EQ(l[0], "replicates: 5/1000 done, 30/min, ETA 33 min 10 s");
  EXPECT_EQ(l[5], "replicates: 30/1000 done, 30/min, ETA 32 min 20 s");
}

TEST(Progress, TerminalRedrawsOneLineAndEndsIt) {
  std::ostringstream os;
  FakeClock clock;
  Progress p(os, "replicates", 100, Progress::Style::terminal, clock.fn());
  for (std::size_t i = 1; i <= 100; ++i) {
    clock.now += 100ms;  // 10 per second; redrawn at most every 0.2 s
    p.update(i);
  }
  p.finish();
  const std::string s = os.str();
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s.front(), '\r');
  EXPECT_EQ(s.back(), '\n');
  EXPECT_EQ(s.find('\n'), s.size() - 1);  // one line, redrawn in place
  // Drawn at 1, 3, 5, ..., 99 (0.2 s apart), then finish().
  std::size_t draws = 0;
  for (char c : s) draws += c == '\r';
  EXPECT_EQ(draws, 51u);
  EXPECT_NE(s.find("\rreplicates [#########-----------] 45/100  10/s  ETA 5.5 s"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("\rreplicates [####################] 100/100 done in 10 s, 10/s\n"),
            std::string::npos)
      << s;
}

TEST(Progress, TerminalBlanksWhatAShorterLineLeaves) {
  std::ostringstream os;
  FakeClock clock;
  Progress p(os, "replicates", 10, Progress::Style::terminal, clock.fn());
  clock.now += 1000s;
  p.update(1);  // ETA 2 h 30 min
  clock.now += 1s;
  p.update(9);  // ETA 1 min 51 s: shorter
  const std::string s = os.str();
  const auto second = s.rfind('\r');
  const std::string first_line = s.substr(1, second - 1);
  EXPECT_EQ(s.size() - second - 1, first_line.size()) << s;
  EXPECT_EQ(first_line, "replicates [##------------------] 1/10  3.6/h  ETA 2 h 30 min");
}

TEST(Progress, RealClockContentThatDoesNotDependOnTime) {
  std::ostringstream os;
  Progress p(os, "replicates", 100, Progress::Style::log);
  for (std::size_t i = 1; i <= 100; ++i) p.update(i);
  p.finish();
  const std::string s = os.str();
  EXPECT_NE(s.find("replicates: 10/100 done"), std::string::npos) << s;
  EXPECT_NE(s.find("replicates: 100/100 done in "), std::string::npos) << s;
  EXPECT_EQ(s.back(), '\n');
}

}  // namespace
}  // namespace grainsim

#include "runs/bench/Report.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace grainsim {
namespace {

constexpr double kMb = 1024.0 * 1024.0;

/// A JSON number; JSON has no infinity or NaN, so those become null.
std::string number(double v) {
  if (!std::isfinite(v)) return "null";
  std::ostringstream os;
  os << std::setprecision(6) << v;
  return os.str();
}

std::string quoted(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q.push_back('\\');
    q.push_back(c);
  }
  return q + "\"";
}

std::string sci(double v) {
  std::ostringstream os;
  os << std::scientific << std::setprecision(2) << v;
  return os.str();
}

std::string fixed(double v, int digits) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(digits) << v;
  return os.str();
}

/// Runs of one scale (same label), by thread count.
std::map<int, const BenchResult*> byThreads(const BenchReport& report, const std::string& label) {
  std::map<int, const BenchResult*> runs;
  for (const auto& r : report.runs)
    if (r.label == label) runs[r.threads] = &r;
  return runs;
}

std::vector<std::string> labelsInOrder(const BenchReport& report) {
  std::vector<std::string> labels;
  for (const auto& r : report.runs)
    if (std::find(labels.begin(), labels.end(), r.label) == labels.end()) labels.push_back(r.label);
  return labels;
}

/// Household-days/s at the most threads over the fewest, for one scale.
std::optional<double> speedup(const BenchReport& report, const std::string& label, int from,
                              int to) {
  const auto runs = byThreads(report, label);
  if (!runs.count(from) || !runs.count(to)) return std::nullopt;
  return runs.at(to)->householdDaysPerSecond() / runs.at(from)->householdDaysPerSecond();
}

std::string memoryNote(const BenchResult& r) {
  return r.peak_is_own ? "" : " (process-wide peak: /proc/self/clear_refs could not be written)";
}

}  // namespace

const BenchResult& BenchReport::reference() const {
  if (runs.empty()) throw std::logic_error("bench: no runs");
  return *std::max_element(runs.begin(), runs.end(), [](const auto& a, const auto& b) {
    return std::pair(a.households, a.threads) < std::pair(b.households, b.threads);
  });
}

const BenchResult* BenchReport::oneThreadReference() const {
  const std::string& label = reference().label;
  for (const auto& r : runs)
    if (r.label == label && r.threads == 1) return &r;
  return nullptr;
}

const TriadResult& BenchReport::triadAt(int threads) const {
  for (const auto& t : triads)
    if (t.threads == threads) return t;
  throw std::logic_error("bench: no triad at " + std::to_string(threads) + " threads");
}

double BenchReport::rooflineShare(const BenchResult& r) const {
  return r.householdPhaseBytesPerSecond() / triadAt(r.threads).bytes_per_second;
}

void printReport(std::ostream& os, const BenchReport& report) {
  const Machine& m = report.machine;
  os << "Machine: " << m.cpu_model << ", " << m.hardware_threads
     << " hardware threads; household kernels: " << m.vector_clone << " clone (" << m.vector_bits
     << "-bit vectors)\n\n";
  os << "Runs (household-days = household agents x simulated days, spin-up included):\n\n";
  os << std::left << std::setw(10) << "scale" << std::right << std::setw(8) << "threads"
     << std::setw(11) << "agents" << std::setw(11) << "hh-days" << std::setw(9) << "wall s"
     << std::setw(11) << "hh-days/s" << std::setw(13) << "hh-phase/s" << std::setw(10) << "roofline"
     << std::setw(10) << "peak MB" << std::setw(10) << "B/hh"
     << "\n";
  for (const auto& r : report.runs)
    os << std::left << std::setw(10) << r.label << std::right << std::setw(8) << r.threads
       << std::setw(11) << r.households << std::setw(11) << sci(r.householdDays()) << std::setw(9)
       << fixed(r.run_seconds, 2) << std::setw(11) << sci(r.householdDaysPerSecond())
       << std::setw(13) << sci(r.householdPhaseDaysPerSecond()) << std::setw(9)
       << fixed(100 * report.rooflineShare(r), 1) << "%" << std::setw(10)
       << fixed(r.peak_rss_bytes / kMb, 1) << std::setw(10)
       << fixed(r.measuredBytesPerHousehold(), 1) << memoryNote(r) << "\n";
  os << "\n(hh-phase/s: household-days per second of the household phases 6 and 8 alone;\n"
     << " roofline: their bytes moved per second over the triad bandwidth at the same threads;\n"
     << " B/hh: (peak resident - resident before the run) / agents.)\n";

  const auto labels = labelsInOrder(report);
  os << "\nSpeed-up, most threads over fewest:\n";
  for (const auto& label : labels) {
    const auto runs = byThreads(report, label);
    const int lo = runs.begin()->first, hi = runs.rbegin()->first;
    if (lo == hi) continue;
    os << "  " << std::left << std::setw(10) << label << std::right << hi << " over " << lo
       << " threads: whole run " << fixed(*speedup(report, label, lo, hi), 2)
       << "x, household phase "
       << fixed(runs.at(lo)->householdPhaseSeconds() / runs.at(hi)->householdPhaseSeconds(), 2)
       << "x\n";
  }

  os << "\nShare of wall time (run + HDF5 write), at the most threads:\n\n"
     << std::left << std::setw(18) << "phase" << std::right;
  std::vector<const BenchResult*> columns;
  for (const auto& label : labels) {
    columns.push_back(byThreads(report, label).rbegin()->second);
    os << std::setw(12) << label;
  }
  os << "\n";
  for (std::size_t p = 0; p < kPhases; ++p) {
    // append(), not +: GCC 12 gives a -Wrestrict false positive on string + string at -O3.
    std::string name = std::to_string(p + 1);
    name.append(" ").append(kPhaseNames[p]);
    os << std::left << std::setw(18) << name << std::right;
    for (const auto* r : columns)
      os << std::setw(11) << fixed(100 * r->phaseShare(Phase(p)), 1) << "%";
    os << "\n";
  }
  os << std::left << std::setw(18) << "setup" << std::right;
  for (const auto* r : columns) os << std::setw(11) << fixed(100 * r->setupShare(), 1) << "%";
  os << "\n" << std::left << std::setw(18) << "HDF5 write" << std::right;
  for (const auto* r : columns) os << std::setw(11) << fixed(100 * r->outputShare(), 1) << "%";
  os << "\n";

  const BenchResult& ref = report.reference();
  const HouseholdTraffic& t = ref.traffic;
  os << "\nHousehold memory traffic (docs/PERFORMANCE.md), " << t.own_stock_commodities
     << " commodities with own stock:\n"
     << "  order pass " << t.order_pass_bytes << " B + eat pass " << t.eat_pass_bytes
     << " B = " << t.perHouseholdDay() << " B per household-day (+" << t.write_allocate_bytes
     << " B if stores allocate)\n"
     << "  eating (day d) and ordering (day d + 1) in one pass on "
     << fixed(100 * ref.ordered_ahead_share, 0) << " % of days, which saves "
     << t.fused_saving_bytes << " B: " << fixed(t.perHouseholdDay(ref.ordered_ahead_share), 1)
     << " B per household-day moved\n"
     << "  columns " << t.column_bytes << " B per household agent\n";
  os << "\nTriad bandwidth (a = b + s*c, 3 x 8 B per element, write-allocate not counted):\n";
  for (const auto& tr : report.triads)
    os << "  " << tr.threads << " thread" << (tr.threads > 1 ? "s" : " ") << ": "
       << fixed(tr.bytes_per_second / 1e9, 2) << " GB/s (3 x " << fixed(tr.elements * 8.0 / kMb, 0)
       << " MB arrays, best of " << tr.repetitions << ")\n";
  os << "\nPeak resident memory of the " << ref.label << " run at " << ref.threads
     << " threads: " << fixed(ref.peak_rss_bytes / kMb, 1) << " MB; "
     << fixed(ref.measuredBytesPerHousehold(), 1) << " B per agent measured, " << t.column_bytes
     << " B in its columns" << memoryNote(ref) << "\n";

  const BenchResult* one = report.oneThreadReference();
  if (!one) return;
  const HouseholdDayCosts c = householdDayCosts(*one, report.kernel_costs);
  auto line = [&](const std::string& what, double ns, const std::string& note = "") {
    os << "  " << std::left << std::setw(40) << what << std::right << std::setw(8) << fixed(ns, 1)
       << " ns" << note << "\n";
  };
  os << "\nOne core's time per household-day in the household kernels (" << one->label
     << " at 1 thread; the draw and the exp measured apart, best of 5):\n";
  line("phases 6 and 8, households", c.total_ns(),
       "   orders placed in the eating pass on " + fixed(100 * one->ordered_ahead_share, 0) +
           " % of days");
  line("  income shock: normal draw", c.normal_ns,
       "   batch of 256: Philox, Box-Muller; drawn on " + fixed(100 * one->shock_draw_share, 0) +
           " % of household-days");
  line("    of which Philox4x32-10", c.philox_ns,
       "   a block per 4 agents; the rest log, sqrt, cos/sin");
  line("  income shock: exp", c.exp_ns, "   portable, vectorised");
  line("  own stock, budget, fill, adequacy, sums", c.rest_ns, "   the rest");
  line("  as clocked: phase 6, orders", c.order_phase_ns, "   only days not ordered ahead");
  line("  as clocked: phase 8, eating", c.eat_phase_ns, "   with the orders placed ahead");
  os << "  at most " << sci(1e9 / c.total_ns()) << " household-days/s per core\n";

  const YearRoundCosts& y = report.year_round;
  os << "\nWhat the year-round model adds per household-day (one core; with and without each "
        "part):\n";
  line("own stocks, phases 6 and 8", y.own_stock_ns, "   income shock off in both runs");
  line("own harvest, phase 1, a harvest day", y.own_harvest_day_ns,
       "   one crop's day; a keyed draw per farm household");
  line("own harvest, averaged over a year", y.own_harvest_year_ns,
       "   " + std::to_string(y.own_harvest_crop_days) + " crop-days of own harvest a year");
  line("PDS rations, KPW incomes", 0.0, "   per-region terms of the same arithmetic");

  // Eating (day d) with ordering (day d + 1) in one pass: the bytes it saves, at the triad's
  // speed, bound what it can save in time.
  const double bandwidth = report.triadAt(ref.threads).bytes_per_second;
  const double measured_ns = 1e9 * ref.threads / ref.householdPhaseDaysPerSecond();
  const double saved_ns = 1e9 * ref.threads * ref.traffic.fused_saving_bytes / bandwidth;
  os << "\nOne pass for eating (day d) and ordering (day d + 1) saves "
     << ref.traffic.fused_saving_bytes << " of " << ref.traffic.perHouseholdDay()
     << " B per household-day: at most " << fixed(saved_ns, 2) << " ns at the triad's speed; a "
     << "household-day now costs a core " << fixed(measured_ns, 2) << " ns (" << ref.label << ", "
     << ref.threads << " threads), the passes running at "
     << fixed(100 * report.rooflineShare(ref), 0) << " % of the triad's bandwidth.\n";
}

void printTable(std::ostream& os, const BenchReport& report) {
  std::vector<int> threads;
  for (const auto& r : report.runs)
    if (std::find(threads.begin(), threads.end(), r.threads) == threads.end())
      threads.push_back(r.threads);
  std::sort(threads.begin(), threads.end());
  os << "| run | household agents |";
  for (int t : threads)
    os << " household-days/s, " << t << (t > 1 ? " threads" : " thread") << " |";
  for (int t : threads) os << " peak memory, " << t << (t > 1 ? " threads" : " thread") << " |";
  os << "\n| --- | --- |";
  for (std::size_t i = 0; i < 2 * threads.size(); ++i) os << " --- |";
  os << "\n";
  for (const auto& label : labelsInOrder(report)) {
    const auto runs = byThreads(report, label);
    os << "| " << label << " | " << runs.begin()->second->households << " |";
    for (int t : threads)
      os << " " << (runs.count(t) ? sci(runs.at(t)->householdDaysPerSecond()) : "") << " |";
    for (int t : threads)
      os << " " << (runs.count(t) ? fixed(runs.at(t)->peak_rss_bytes / kMb, 0) + " MB" : "")
         << " |";
    os << "\n";
  }
}

void printBenchLine(std::ostream& os, const BenchReport& report) {
  const BenchResult& ref = report.reference();
  const auto two = speedup(report, ref.label, 1, 2);
  const auto runs = byThreads(report, ref.label);
  const auto most = speedup(report, ref.label, runs.begin()->first, runs.rbegin()->first);
  std::ostringstream j;
  j << "{\"machine\": {\"cpu\": " << quoted(report.machine.cpu_model)
    << ", \"hardware_threads\": " << report.machine.hardware_threads
    << ", \"vector_clone\": " << quoted(report.machine.vector_clone)
    << ", \"vector_bits\": " << report.machine.vector_bits << "}";
  j << ", \"reference\": {\"scale\": " << quoted(ref.label) << ", \"threads\": " << ref.threads
    << ", \"households\": " << ref.households << "}"
    << ", \"household_days_per_s\": " << number(ref.householdDaysPerSecond())
    << ", \"household_phase_days_per_s\": " << number(ref.householdPhaseDaysPerSecond())
    << ", \"household_phase_roofline_share\": " << number(report.rooflineShare(ref))
    << ", \"speedup_2_threads\": " << (two ? number(*two) : "null")
    << ", \"speedup\": " << number(most.value_or(1.0))
    << ", \"bytes_per_household\": " << number(ref.measuredBytesPerHousehold())
    << ", \"household_column_bytes\": " << ref.traffic.column_bytes
    << ", \"bytes_per_household_day\": "
    << number(ref.traffic.perHouseholdDay(ref.ordered_ahead_share))
    << ", \"triad_gb_per_s\": " << number(report.triadAt(ref.threads).bytes_per_second / 1e9)
    << ", \"peak_rss_mb\": " << number(ref.peak_rss_bytes / kMb)
    << ", \"peak_rss_per_run\": " << (ref.peak_is_own ? "true" : "false")
    << ", \"output_share\": " << number(ref.outputShare()) << ", \"household_ns_per_day\": ";
  if (const BenchResult* one = report.oneThreadReference()) {
    const HouseholdDayCosts c = householdDayCosts(*one, report.kernel_costs);
    j << "{\"random_normal\": " << number(c.normal_ns)
      << ", \"random_philox\": " << number(c.philox_ns) << ", \"shock_exp\": " << number(c.exp_ns)
      << ", \"rest\": " << number(c.rest_ns) << ", \"total\": " << number(c.total_ns())
      << ", \"order_phase\": " << number(c.order_phase_ns)
      << ", \"eat_phase\": " << number(c.eat_phase_ns)
      << ", \"ordered_ahead_share\": " << number(one->ordered_ahead_share)
      << ", \"shock_draw_share\": " << number(one->shock_draw_share) << "}";
  } else {
    j << "null";
  }
  const YearRoundCosts& y = report.year_round;
  j << ", \"year_round_ns_per_day\": {\"own_stock\": " << number(y.own_stock_ns)
    << ", \"own_harvest_day\": " << number(y.own_harvest_day_ns)
    << ", \"own_harvest_year\": " << number(y.own_harvest_year_ns)
    << ", \"own_harvest_crop_days\": " << y.own_harvest_crop_days << "}";
  j << ", \"fused_passes_saving_bytes\": " << ref.traffic.fused_saving_bytes
    << ", \"ordered_ahead_share\": " << number(ref.ordered_ahead_share);
  j << ", \"phase_share\": {";
  for (std::size_t p = 0; p < kPhases; ++p)
    j << quoted(std::string(kPhaseNames[p])) << ": " << number(ref.phaseShare(Phase(p))) << ", ";
  j << "\"setup\": " << number(ref.setupShare()) << ", \"output\": " << number(ref.outputShare())
    << "}, \"runs\": [";
  for (std::size_t i = 0; i < report.runs.size(); ++i) {
    const BenchResult& r = report.runs[i];
    j << (i ? ", " : "") << "{\"scale\": " << quoted(r.label)
      << ", \"agent_weight\": " << number(r.agent_weight) << ", \"threads\": " << r.threads
      << ", \"households\": " << r.households << ", \"days\": " << r.days
      << ", \"run_s\": " << number(r.run_seconds) << ", \"write_s\": " << number(r.write_seconds)
      << ", \"household_days_per_s\": " << number(r.householdDaysPerSecond())
      << ", \"household_phase_days_per_s\": " << number(r.householdPhaseDaysPerSecond())
      << ", \"household_phase_roofline_share\": " << number(report.rooflineShare(r))
      << ", \"peak_rss_mb\": " << number(r.peak_rss_bytes / kMb)
      << ", \"bytes_per_household\": " << number(r.measuredBytesPerHousehold()) << "}";
  }
  j << "], \"triad_gb_per_s_by_threads\": {";
  for (std::size_t i = 0; i < report.triads.size(); ++i)
    j << (i ? ", " : "") << quoted(std::to_string(report.triads[i].threads)) << ": "
      << number(report.triads[i].bytes_per_second / 1e9);
  j << "}}";
  os << "BENCH " << j.str() << "\n";
}

}  // namespace grainsim

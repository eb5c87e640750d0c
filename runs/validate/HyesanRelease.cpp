/// \brief Section 7, episode 2011-01: rice released into Ryanggang's market alone, swept over
/// the release size, against the same state without the release.
#include <tbb/task_arena.h>

#include <algorithm>
#include <sstream>

#include "model/Step.hpp"
#include "runs/validate/Episodes.hpp"

namespace grainsim::validate {

/// 2011: a sudden release of rice into one regional market (Hyesan). No public API adds stock to
/// one market, so this experiment steps the no-aid scenario itself (initialState, stepDay) and
/// adds rice to Ryanggang's traders' stock on the release day, in copies of the same state.
EpisodeRow hyesanRelease(const NationalRuns& n, const Options& o, std::string& sweep_table) {
  const Scenario& s = n.none;
  const int rice = commodity(s, "rice"), ryanggang = region(s, "Ryanggang");
  const Date release = *Date::parse("2027-01-10");
  const int release_day = s.spinupDays() + dayIndex(s, release);
  constexpr int kDays = 6;
  const std::vector<double> sizes = {0, 5, 10, 20, 40, 80};  // days of the region's rice orders
  struct Outcome {
    double size_days, kg;
    std::vector<double> price;  // Ryanggang rice after each day, day 0 = before the release
    std::vector<double> national;
    double stock = 0, net_trade = 0;  // Ryanggang rice: traders' stock on day 6, net inflow
  };
  std::vector<Outcome> outcomes;
  const KeyedRng rng(kSeed, 0);
  const int threads = threadCount(o);
  tbb::task_arena arena(threads);
  arena.execute([&] {
    State st = initialState(s, rng);
    for (int d = 0; d < release_day; ++d) stepDay(s, rng, threads > 1, st);
    const double daily_orders = st.markets.orders(ryanggang, rice);
    for (double size : sizes) {
      State b = st;
      const double kg = size * daily_orders;
      b.markets.inventory(ryanggang, rice) += kg;
      b.ledger.in(rice) += kg;  // keeps the national ledger closed
      Outcome out{size, kg, {b.markets.price(ryanggang, rice)}, {}};
      auto national = [&] {
        return populationWeighted(
            s, [&](std::size_t r) { return b.markets.price(static_cast<Eigen::Index>(r), rice); });
      };
      out.national.push_back(national());
      for (int k = 0; k < kDays; ++k) {
        stepDay(s, rng, threads > 1, b);
        out.price.push_back(b.markets.price(ryanggang, rice));
        out.national.push_back(national());
        out.net_trade += b.markets.net_inflow(ryanggang, rice);
      }
      out.stock = b.markets.inventory(ryanggang, rice);
      outcomes.push_back(std::move(out));
    }
  });
  const Outcome& base = outcomes.front();
  auto effect = [&](const Outcome& out, int k) { return out.price[k] / base.price[k] - 1; };
  MarkdownTable t({"release (days of Ryanggang's rice orders)", "t", "Ryanggang rice, day 1",
                   "day 3", "day 6", "day 6 vs no release", "largest effect vs no release",
                   "national rice, day 6 vs no release", "traders' stock, day 6 vs no release (t)",
                   "net trade in, days 1-6 vs no release (t)"});
  constexpr double kPlausibleDays = 20;  // the largest release the verdict accepts
  const Outcome* enough = nullptr;       // the smallest release within a factor 2 of -40 %
  for (const auto& out : outcomes) {
    std::vector<std::string> row = {num(out.size_days), num(out.kg / 1000, 1)};
    for (int k : {1, 3, kDays}) row.push_back(change(out.price[k] / out.price[0] - 1));
    row.push_back(change(effect(out, kDays)));
    int low = 1;
    for (int k = 1; k <= kDays; ++k)
      if (effect(out, k) < effect(out, low)) low = k;
    row.push_back(
        out.size_days > 0 ? change(effect(out, low)) + " (day " + std::to_string(low) + ")" : "-");
    row.push_back(change(out.national[kDays] / base.national[kDays] - 1));
    row.push_back(num((out.stock - base.stock) / 1000, 1));
    row.push_back(num((out.net_trade - base.net_trade) / 1000, 1));
    t.row(row);
    if (!enough && sizeWithin(effect(out, kDays), -0.40, -0.40)) enough = &out;
  }
  sweep_table = t.str();

  const auto at = [&](double days) -> const Outcome& {
    return *std::find_if(outcomes.begin(), outcomes.end(),
                         [&](const Outcome& x) { return x.size_days == days; });
  };
  const Outcome& plausible = at(kPlausibleDays);
  const Outcome& largest_release = outcomes.back();
  EpisodeRow e;
  e.period = "2011-01";
  e.observed_move = "rice -40 % (3300 -> 2000 KPW/kg), Hyesan";
  e.observed_speed = "six days";
  e.experiment = "no-aid run; on " + release.iso() + " rice equal to " + num(sizes[1]) + "-" +
                 num(largest_release.size_days) +
                 " days of Ryanggang's rice orders is added to Ryanggang's traders' stock; "
                 "Ryanggang rice vs the same run without the release (sweep below)";
  e.simulated_move = change(effect(plausible, kDays)) + " (" + num(kPlausibleDays) +
                     " days of orders) to " + change(effect(largest_release, kDays)) + " (" +
                     num(largest_release.size_days) + " days)";
  e.simulated_speed = "six days (by construction); " + change(effect(plausible, 1)) +
                      " on day 1 for " + num(kPlausibleDays) + " days of orders";
  e.within = enough != nullptr && enough->size_days <= kPlausibleDays;
  std::ostringstream c;
  c << "The quantity siphoned in 2011 is not documented, so the release size is swept; the "
       "verdict asks for a move within a factor of two of -40 % in six days (against the same "
       "run without the release) from a release of at most "
    << num(kPlausibleDays) << " days of the region's rice orders. ";
  if (enough)
    c << "The smallest release that gets there is " << num(enough->size_days) << " days of orders ("
      << num(enough->kg / 1000, 1) << " t): " << change(effect(*enough, kDays)) << ". ";
  else
    c << "No release up to " << num(largest_release.size_days)
      << " days of the region's orders gets there. ";
  c << "The fall is bounded by the price rule: excess supply E >= -1 lowers the price by at most "
    << pct(1 - std::exp(-s.params.market.adjustment_speed - s.params.market.cover_speed))
    << " a day (`adjustment_speed` + `cover_speed`), at most "
    << pct(1 - std::exp(-kDays * (s.params.market.adjustment_speed + s.params.market.cover_speed)))
    << " in six days. Where the fall is largest before day 6 it partly reverses: arbitrage ships "
       "the cheap rice to other regions (up to `arbitrage.max_outflow_share` of the stock a day; "
       "the national column) and traders, whose adaptive expectations lag the fall, expect a "
       "recovery and hold stock back.";
  for (const auto& out : outcomes)
    if (out.size_days > 0 && effect(out, kDays) > 0) {
      c << " A release of " << num(out.size_days)
        << " days of orders even leaves the price above the no-release path on day 6 ("
        << change(effect(out, kDays)) << "), with traders' stock "
        << num((out.stock - base.stock) / 1000, 1) << " t and net trade "
        << num((out.net_trade - base.net_trade) / 1000, 1) << " t against the no-release run"
        << (out.net_trade - base.net_trade < -out.kg
                ? ": trade takes out more than the release (the region stops importing and "
                  "starts shipping out), so its traders end with less rice than without it. "
                  "**This looks wrong in the model:** the arbitrage response to one regional "
                  "glut overshoots within a week."
                : ": the market overshoots on the way back.");
      break;
    }
  c << " Without any release Ryanggang's rice price moves "
    << change(base.price[kDays] / base.price[0] - 1) << " in these six days of January"
    << (std::abs(base.price[kDays] / base.price[0] - 1) > 0.05
            ? ", a fast drift for a week in which nothing happens, so the time-series columns "
              "mix the release with the region's own swings"
            : "")
    << ".";
  e.commentary = c.str();
  return e;
}

}  // namespace grainsim::validate

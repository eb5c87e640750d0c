/// \brief Section 7: documented price episodes after aid news, state sales and landings, each set
/// against the closest model experiment (the 2011 regional release is in HyesanRelease.cpp).
#include <algorithm>
#include <sstream>

#include "agents/Markets.hpp"
#include "model/ScenarioError.hpp"
#include "runs/validate/Episodes.hpp"

namespace grainsim::validate {
namespace {

/// First recorded day in [from, to] on which `gap` has come down to `level` (for a fall) or
/// -1 if it never does.
int firstDayAtOrBelow(const std::vector<double>& gap, int from, int to, double level) {
  for (int t = from; t <= to; ++t)
    if (gap[static_cast<std::size_t>(t)] <= level) return t;
  return -1;
}

/// 2008: news of a large rice pledge long before it lands.
EpisodeRow riceAidNews(const NationalRuns& n, const Options& o) {
  Scenario s = n.none;
  const int rice = commodity(s, "rice");
  const int entry = entryPoint(s, "Chongjin port");
  constexpr int kLandingDay = 45;
  constexpr double kTonnes = 500000;
  const Date start = s.params.run.start_date, landing = start.plusDays(kLandingDay);
  s.shipments.push_back(Shipment{"us-2008-pledge", 1, landing, entry, rice, kTonnes, start});
  s.name = "no-aid + announced rice";
  const RunOutput out = run(s, o);
  const auto gap = nationalPriceGap(s, out, n.without_aid, rice);
  const int before = kLandingDay - 1;
  const double move = gap[static_cast<std::size_t>(before)];
  const std::vector<double> pre(gap.begin(), gap.begin() + kLandingDay);
  const auto low = std::min_element(pre.begin(), pre.end());
  const int low_day = static_cast<int>(low - pre.begin());
  const int half = firstDayAtOrBelow(gap, 0, before, move / 2);
  const double at_end = gap.back();
  // The traders' expected-price discount on the day of the news (agents/Markets.cpp).
  const auto& mp = s.params.market;
  const Series sales(n.without_aid, "sales"), unmet(n.without_aid, "unmet_orders");
  double orders = 0;
  for (std::size_t r = 0; r < s.regions.size(); ++r)
    orders +=
        sales(0, r, static_cast<std::size_t>(rice)) + unmet(0, r, static_cast<std::size_t>(rice));
  const double discount =
      std::min(0.5, kTonnes * 1000 * s.params.aid.tonnage_scale /
                        (orders * mp.announcement_horizon_days) / mp.announcement_elasticity);
  double route_capacity = 0;
  for (const auto& r : s.routes)
    if (r.entry_point == entry) route_capacity += r.capacity_t_per_day;

  EpisodeRow e;
  e.period = "2008-05/2008-06";
  e.observed_move = "rice -40 to -45 % (4500 -> 2500-2700 KPW/kg)";
  e.observed_speed = "about 5 weeks (May to 10 June), before the aid landed";
  e.experiment = "no-aid run plus " + num(kTonnes / 1000) + " kt of rice announced on " +
                 start.iso() + ", landing at " +
                 s.entry_points[static_cast<std::size_t>(entry)].name + " on " + landing.iso() +
                 "; national rice price vs the no-aid run on " + dateOfDay(s, before);
  e.simulated_move = "rice " + change(move) + " (lowest " + change(*low) + " on day " +
                     std::to_string(low_day) + ")";
  e.simulated_speed =
      half >= 0 ? "half of the move by day " + std::to_string(half) + " after the news" : "n/a";
  e.within = sizeWithin(move, -0.40, -0.45) && half >= 0 && half <= 35;
  std::ostringstream c;
  c << "The announcement works through traders' expectations only: the expected price is "
       "lowered by min(0.5, announced supply not yet reached people / (national orders x "
       "`announcement_horizon_days`) / `announcement_elasticity`), and an expected fall makes "
       "traders release more of their stock (offers x up to 2). At the no-aid run's national "
       "rice orders of "
    << num(orders / 1000) << " t a day this pledge lowers the expected price by "
    << pct(discount, 0) << " on the day of the news. The simulated move is " << change(move)
    << " the day before landing (lowest " << change(*low) << " on day " << low_day << ") and "
    << change(at_end) << " at the end of the run, when the rice is still trickling in through "
    << num(route_capacity) << " t/day of rail from the port and a stockpile releasing at most "
    << num(s.params.stockpile.release_t_per_day) << " t/day, to the tiers first.";
  if (!e.within)
    c << " Outside: releasing stock on news moves stock forward in time but adds none, so the "
         "traders' extra sales drain their inventory and the price partly recovers before "
         "anything lands; news alone does not hold the price 40 % down for weeks. The 2008 fall "
         "also followed China's export permit for 100,000 t, a real supply increase this "
         "experiment leaves out, and households' own dishoarding on news, which the model does "
         "not have.";
  e.commentary = c.str();
  return e;
}

/// 2023-05: aid flour sold in state grain shops.
EpisodeRow flourInShops(const NationalRuns& n) {
  const Scenario& s = n.aid;
  const int flour = commodity(s, "flour");
  const Series shops(n.with_aid, "aid_to_shops"), markets(n.with_aid, "aid_to_markets"),
      tiers(n.with_aid, "aid_allocated");
  int first = -1, first_release = -1;  // first shop sales, first hand-out of any kind
  for (int d = 0; d < s.days() && first < 0; ++d) {
    const double to_shops = sumAcross(shops, d, s.regions.size());
    if (first_release < 0 &&
        to_shops + sumAcross(markets, d, s.regions.size()) + sumAcross(tiers, d, s.tiers.size()) >
            0)
      first_release = d;
    if (to_shops > 0) first = d;
  }
  EpisodeRow e;
  e.period = "2023-05";
  e.observed_move = "flour -11 % (9000 -> 8000 KPW/kg)";
  e.observed_speed = "not dated (one lean-season report)";
  if (first < 0) {
    e.experiment = "default vs no-aid: no aid reached the shops";
    e.simulated_move = e.simulated_speed = "n/a";
    e.commentary = "No aid reached state shops in the default run.";
    return e;
  }
  const int end = std::min(first + 30, s.days() - 1);
  const Series pa(n.with_aid, "price"), pn(n.without_aid, "price");
  const double a0 = nationalMean(s, pa, first, flour), a1 = nationalMean(s, pa, end, flour);
  const double b0 = nationalMean(s, pn, first, flour), b1 = nationalMean(s, pn, end, flour);
  const double in_run = a1 / a0 - 1, counterfactual = b1 / b0 - 1,
               effect = (a1 / b1) / (a0 / b0) - 1;
  const auto gap = nationalPriceGap(s, n.with_aid, n.without_aid, flour);
  e.experiment = "default (aid) vs no-aid; national flour price from the first shop sales (" +
                 dateOfDay(s, first) + ") to " + dateOfDay(s, end);
  e.simulated_move = "aid run " + change(in_run) + ", no-aid run " + change(counterfactual) +
                     "; aid effect " + change(effect) + " (level vs no aid on " +
                     dateOfDay(s, end) + ": " + change(gap[static_cast<std::size_t>(end)]) + ")";
  e.simulated_speed = std::to_string(end - first) + " days";
  e.within = sizeWithin(effect, -0.11, -0.11);
  std::ostringstream c;
  c << "The observed figure is a time-series fall in the market price; the model's comparable "
       "number is the aid effect over the month after the first shop sales (aid run against the "
       "no-aid run), since both runs drift with the season. On the day of the first shop sales "
       "the aid run's flour price already stands "
    << change(gap[static_cast<std::size_t>(first)]) << " against the no-aid run, from the "
    << (first_release == first
            ? "announcement and that day's first hand-outs; no imports are cancelled yet, since "
              "the state cancels them only as the stockpile hands aid out, from that day on "
              "(section 6)."
            : "announcement, the stockpile's hand-outs since " + dateOfDay(s, first_release) +
                  " and the imports cancelled as they were handed out (section 6).");
  if (!e.within)
    c << " Outside: the simulated effect is " << (std::abs(effect) > 0.22 ? "larger" : "smaller")
      << " than a factor of two around -11 %. The episode does not say how much flour the shops "
         "sold; the scenario's 33,000 t is large against a flour market fed by "
      << num(plannedImports(s, s.params.run.start_date)(flour) / 1000)
      << " t/day of imports, so a larger effect than 2023's is not by itself wrong.";
  e.commentary = c.str();
  return e;
}

/// 2022-08: flour landed at Chongjin, prices in North Hamgyong: the no-aid run plus only the
/// default scenario's shipments that land at Chongjin port.
EpisodeRow chongjinFlour(const NationalRuns& n, const Options& o) {
  Scenario s = n.none;
  s.shipments.clear();
  const int chongjin = entryPoint(n.aid, "Chongjin port");
  for (const auto& sh : n.aid.shipments)
    if (sh.entry_point == chongjin) s.shipments.push_back(sh);
  EpisodeRow e;
  e.period = "2022-08";
  e.observed_move = "North Hamgyong food prices \"fell sharply\" (no figure)";
  e.observed_speed = "not given";
  if (s.shipments.empty()) {
    e.experiment = "no shipment lands at Chongjin port in the default scenario";
    e.simulated_move = e.simulated_speed = "n/a";
    return e;
  }
  s.name = "no-aid + Chongjin shipments";
  double tonnes = 0;
  for (const auto& sh : s.shipments) tonnes += s.landedKg(sh) / 1000;
  const Shipment& first = s.shipments.front();
  const RunOutput out = run(s, o);
  const int flour = commodity(s, "flour");
  const auto fl = static_cast<std::size_t>(flour);
  const auto north = static_cast<std::size_t>(region(s, "North Hamgyong"));
  const int d0 = dayIndex(s, first.arrival), d1 = std::min(d0 + 30, s.days() - 1);
  const Series pa(out, "price"), pn(n.without_aid, "price");
  auto regional = [&](int d) { return pa(d, north, fl) / pn(d, north, fl); };
  auto national = [&](int d) {
    return nationalMean(s, pa, d, flour) / nationalMean(s, pn, d, flour);
  };
  const double move = regional(d1) / regional(d0) - 1;
  const double national_move = national(d1) / national(d0) - 1;
  e.experiment = "no-aid run plus the default's " + num(tonnes) +
                 " t landing at Chongjin port (first on " + first.arrival.iso() +
                 "); North Hamgyong flour vs the no-aid run, landing to 30 days after";
  e.simulated_move = "North Hamgyong " + change(move) + " (national " + change(national_move) + ")";
  e.simulated_speed = std::to_string(d1 - d0) + " days";
  // "Sharply": at least 10 % against the counterfactual within a month, and more than nationally.
  e.within = move <= -0.10 && move < national_move - 0.02;
  std::ostringstream c;
  c << "The observed fall was local: flour was passed to merchants at the port. In the model "
       "every landed tonne goes by rail to the stockpile in "
    << s.regions[static_cast<std::size_t>(s.stockpile_region)].name
    << ", is handed out from there by population, to the tiers first, so North Hamgyong's flour "
       "price can only follow the national one (leakage at the port is not modelled). Verdict: "
       "within if North Hamgyong's flour falls at least 10 % against the no-aid run within 30 "
       "days of the landing, and at least 2 points more than the national mean.";
  if (move > 0)
    c << " Here the price even rises after the landing (" << change(move)
      << "): the landing itself cancels no imports (displacement follows the stockpile's "
         "hand-outs, section 6), so the rise comes from the hand-outs, which cancel imports for "
         "all the aid while only the shop and market shares reach markets at once, or from "
         "traders restocking once the announced flour has reached people.";
  e.commentary = c.str();
  return e;
}

}  // namespace

Section documentedEpisodes(const NationalRuns& n, const Options& o) {
  const CsvTable episodes = readCsv(o.repo / "calibration" / "data" / "price_episodes.csv");
  std::string sweep;
  std::vector<EpisodeRow> rows = {riceAidNews(n, o), hyesanRelease(n, o, sweep), flourInShops(n),
                                  chongjinFlour(n, o)};
  Section sec{"7. Documented episodes", "", "", false};
  std::ostringstream md;
  md << "Price moves after aid, imports and state releases documented in "
        "`calibration/data/price_episodes.csv`, each set against the closest experiment the "
        "model allows, at `population.agent_weight` = "
     << num(o.weight) << ", seed " << kSeed
     << ". A simulated move is *within* when it has the observed sign and lies within a factor "
        "of two of the observed size, and, where the observed speed is known, half of it is "
        "reached within that time. The episodes are single press reports from one or a few "
        "markets, so this is a plausibility check, not a fit.\n\n";
  MarkdownTable t({"episode", "observed move", "observed speed", "model experiment",
                   "simulated move", "simulated speed", "verdict"});
  int within = 0;
  for (const auto& e : rows) {
    t.row({e.period, e.observed_move, e.observed_speed, e.experiment, e.simulated_move,
           e.simulated_speed, verdictWord(e.within)});
    within += e.within;
  }
  md << t.str() << "\n";
  for (const auto& e : rows) {
    std::string event, effect, url;
    for (std::size_t r = 0; r < episodes.rows(); ++r)
      if (episodes.text(r, "period") == e.period) {
        event = episodes.text(r, "event");
        effect = episodes.text(r, "observed_effect");
        url = episodes.text(r, "source_url");
      }
    if (event.empty())
      throw ScenarioError(episodes.source() + ": no episode with period '" + e.period + "'");
    md << "**" << e.period << "**: " << event << "; " << effect << " ([source](" << url << ")). "
       << e.commentary << "\n\n";
    if (e.period == "2011-01") md << sweep << "\n";
  }
  sec.within = within == static_cast<int>(rows.size());
  sec.markdown = md.str();
  sec.headline = std::to_string(within) + " of " + std::to_string(rows.size()) +
                 " episodes within; " + rows[0].period + ": " + rows[0].simulated_move + ", " +
                 rows[1].period + ": " + rows[1].simulated_move;
  return sec;
}

}  // namespace grainsim::validate

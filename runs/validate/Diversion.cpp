/// \brief Section 5: the share of aid the elite tiers resell into markets, in total and by tier.
#include <sstream>

#include "runs/validate/Validation.hpp"

namespace grainsim::validate {

Section diversion(const NationalRuns& n) {
  const Scenario& s = n.aid;
  const RunOutput& out = n.with_aid;
  const int last = s.days() - 1;
  const std::size_t R = s.regions.size(), T = s.tiers.size();
  const double share = Series(out, "aid_diverted_share")(last);
  const Series allocated(out, "aid_allocated"), resold_by_tier(out, "aid_resold_by_tier");
  const double to_tiers = sumAcross(allocated, last, T);
  const double to_shops = sumAcross(Series(out, "aid_to_shops"), last, R);
  const double to_markets = sumAcross(Series(out, "aid_to_markets"), last, R);
  const double resold_total = sumAcross(Series(out, "aid_resold"), last, R);
  const double released = to_tiers + to_shops + to_markets;
  const double arrived = Series(out, "aid_arrived")(last);

  Section sec{"5. Diversion", "", "", false};
  std::ostringstream md;
  md << "The default scenario (seed " << kSeed
     << "). The diverted share (`aid_diverted_share`) is aid resold by the elite tiers into "
        "markets over aid handed to the tiers, at the end of the run. By tier, received and "
        "resold are the recorded `aid_allocated` and `aid_resold_by_tier`; held is the tier's "
        "elite stock after the last day, and eaten the rest (received - resold - held; each "
        "agent eats up to its daily ration, then resells part of its surplus above a reserve, "
        "`agents/Elites.cpp`).\n\n";
  MarkdownTable t1({"quantity (end of run)", "t"});
  t1.row({"aid landed", num(arrived / 1000)});
  t1.row({"released from the stockpile", num(released / 1000)});
  t1.row({"to the tiers", num(to_tiers / 1000)});
  t1.row({"to state shops", num(to_shops / 1000)});
  t1.row({"sold by the state to traders", num(to_markets / 1000)});
  t1.row({"resold by the tiers", num(resold_total / 1000)});
  md << t1.str() << "\n";
  MarkdownTable t2({"tier", "received t", "eaten t", "resold t", "held at end t",
                    "resold / received", "entitlement t"});
  for (std::size_t k = 0; k < T; ++k) {
    const double received = allocated(last, k), resold = resold_by_tier(last, k);
    const double held = n.tier_held_kg[k];
    t2.row({s.tiers[k].name, num(received / 1000, 1), num((received - resold - held) / 1000, 1),
            num(resold / 1000, 1), num(held / 1000, 1),
            received > 0 ? pct(resold / received) : "n/a",
            num(n.tier_entitlement_kg[k] / 1000, 1)});
  }
  md << t2.str() << "\n";
  sec.within = share >= 0.10 && share <= 0.50;
  md << "Target: 10-50 % of aid diverted, about 30 % (Haggard and Noland 2007 and the popular "
        "estimate, facts.csv). Verdict: "
     << verdictWord(sec.within) << " (" << pct(share) << "). Of everything released, "
     << pct(released > 0 ? resold_total / released : 0)
     << " reached markets through elite resale and "
     << pct(released > 0 ? (to_shops + to_markets) / released : 0)
     << " through state shops or direct sales to traders. The historical figure counts aid meant "
        "for the general population that ended in markets or with the army; here the tiers are "
        "the intended first recipients, so the closest analogue is the tiers' resale.";
  if (!sec.within)
    md << (share < 0.10
               ? " The share is low: within the horizon the tiers still hold their reserve "
                 "(`reserve_days`) and resell only a small share of the surplus a day "
                 "(`resale_propensity`), so most of what they received is eaten or held at the "
                 "end of March."
               : " The share is high: the tiers' surplus over their reserve is resold fast.");
  md << "\n";
  sec.markdown = md.str();
  sec.headline = "diverted share " + pct(share) + " (resold " + num(resold_total / 1000, 1) +
                 " t of " + num(to_tiers / 1000, 1) + " t to tiers)";
  return sec;
}

}  // namespace grainsim::validate

/// \brief Section 2: aggregate, own-price and cross-price elasticities of the households' cereal
/// orders, measured on one day of ordering without a market.
#include <tbb/task_arena.h>

#include <cmath>
#include <map>
#include <sstream>

#include "agents/Households.hpp"
#include "model/Drivers.hpp"
#include "runs/validate/Validation.hpp"

namespace grainsim::validate {
namespace {

/// Households' orders summed nationally (kg by commodity) at start prices x scale, with the
/// cereal need of the first 15 January: no market, one day of ordering.
class DemandProbe {
 public:
  DemandProbe(const Scenario& s, const Options& o)
      : s_(s), rng_(kSeed, 0), threads_(threadCount(o)) {
    day_ = s.spinupDays() + dayIndex(s, "01-15");
    drivers_ = driversOn(s, day_);
    households_ = createHouseholds(s, rng_, drivers_.cereal_kcal_need);
  }

  std::vector<double> ordersAt(const std::vector<double>& scale) {
    const std::vector<RegionOffer> offers =
        offersAtStartPrices(s_, drivers_.cereal_kcal_need, drivers_.kpw_per_usd, scale);
    HouseholdTotals totals;
    tbb::task_arena arena(threads_);
    arena.execute([&] {
      // Demand in the market alone: no PDS ration, incomes at the day's rate.
      placeOrders(s_, rng_, static_cast<std::uint32_t>(day_), drivers_.kpw_per_usd, offers,
                  std::vector<Ration>(s_.regions.size()), threads_ > 1, households_, totals);
    });
    std::vector<double> kg(s_.commodities.size(), 0.0);
    for (Eigen::Index r = 0; r < totals.orders.rows(); ++r)
      for (std::size_t c = 0; c < kg.size(); ++c)
        kg[c] += totals.orders(r, static_cast<Eigen::Index>(c));
    return kg;
  }
  std::string date() const { return s_.dateOf(day_).iso(); }

 private:
  const Scenario& s_;
  KeyedRng rng_;
  int day_ = 0, threads_ = 1;
  Drivers drivers_;
  Households households_;
};

double total(const std::vector<double>& v, const std::vector<int>& which) {
  double sum = 0;
  for (int c : which) sum += v[static_cast<std::size_t>(c)];
  return sum;
}

}  // namespace

Section demandElasticities(const Scenario& s, const Options& o) {
  DemandProbe probe(s, o);
  const auto retail = retailCommodities(s);
  const std::size_t C = s.commodities.size();
  const double arc = std::log(1.02 / 0.98);
  auto scaled = [&](int which, double factor) {  // which < 0: every retail commodity
    std::vector<double> scale(C, 1.0);
    for (int c : retail)
      if (which < 0 || c == which) scale[static_cast<std::size_t>(c)] = factor;
    return scale;
  };
  auto name = [&](int c) { return s.commodities[static_cast<std::size_t>(c)].name; };
  const std::vector<double> base = probe.ordersAt(scaled(-1, 1.0));
  const double aggregate = std::log(total(probe.ordersAt(scaled(-1, 1.02)), retail) /
                                    total(probe.ordersAt(scaled(-1, 0.98)), retail)) /
                           arc;
  std::map<int, double> own;
  for (int c : retail) {
    const auto up = probe.ordersAt(scaled(c, 1.02)), down = probe.ordersAt(scaled(c, 0.98));
    own[c] = std::log(up[static_cast<std::size_t>(c)] / down[static_cast<std::size_t>(c)]) / arc;
  }
  std::map<int, std::vector<double>> cross;  // row: commodity 5 % dearer
  bool cross_positive = true;
  for (int c : retail) {
    const auto dear = probe.ordersAt(scaled(c, 1.05));
    for (int d : retail) {
      const double e =
          std::log(dear[static_cast<std::size_t>(d)] / base[static_cast<std::size_t>(d)]) /
          std::log(1.05);
      cross[c].push_back(e);
      if (d != c && !(e > 0)) cross_positive = false;
    }
  }

  Section sec{"2. Demand elasticities", "", "", false};
  std::ostringstream md;
  md << "Every household agent of the default scenario (at `population.agent_weight` = "
     << num(o.weight) << ", seed " << kSeed << ") orders one day's cereals at the start prices "
     << "times a factor, with the cereal need of " << probe.date()
     << " and its own stocks of the first day, default parameters (the day's income shock is the "
        "same draw in every price scenario); orders are summed nationally in kg. This is the "
        "`demandAt` measurement of `tests/agents/HouseholdsTest.cpp`. Aggregate: all retail "
        "prices +2 % and -2 %, arc elasticity ln(Q+/Q-) / ln(1.02/0.98). Own-price: one "
        "commodity's price alone +-2 %, its own quantity. Cross: one commodity's price +5 % "
        "(row), the response ln(q'/q) / ln(1.05) of each commodity (column); the diagonal is "
        "the own-price point elasticity at +5 %.\n\n";
  MarkdownTable t1({"measure", "elasticity", "target"});
  t1.row({"aggregate cereal demand (all retail prices +-2 %)", num(aggregate, 3),
          "-0.8 to -0.4 (Green et al. 2013: -0.61, facts.csv)"});
  for (int c : retail) t1.row({name(c) + " alone (+-2 %)", num(own[c], 3), "negative"});
  md << t1.str() << "\n";
  std::vector<std::string> header = {"price +5 % \\ demand of"};
  for (int d : retail) header.push_back(name(d));
  MarkdownTable t2(header);
  for (int c : retail) {
    std::vector<std::string> row = {name(c)};
    for (double e : cross[c]) row.push_back(num(e, 3));
    t2.row(row);
  }
  md << t2.str() << "\n";
  const bool aggregate_ok = aggregate >= -0.8 && aggregate <= -0.4;
  bool own_negative = true;
  for (int c : retail) own_negative = own_negative && own[c] < 0;
  sec.within = aggregate_ok && cross_positive && own_negative;
  md << "Target: aggregate in [-0.8, -0.4], every own-price elasticity negative, every cross "
        "elasticity positive (substitutes, `demand.substitution_elasticity` > 1). Verdict: "
     << verdictWord(sec.within) << ".";
  if (!aggregate_ok)
    md << " The aggregate elasticity " << num(aggregate, 3)
       << " lies outside the literature range: it comes from budget-bound households only "
          "(those who can afford their need do not respond), so it moves with the income level "
          "against prices and with `income.coping_share`.";
  if (!cross_positive) md << " Some cross elasticity is not positive.";
  md << " The single-commodity own-price elasticities are larger in absolute value than the "
        "aggregate because most of the response to one dearer cereal is substitution into the "
        "others.\n";
  sec.markdown = md.str();
  std::ostringstream h;
  h << "aggregate " << num(aggregate, 3);
  for (int c : retail) h << ", " << name(c) << " " << num(own[c], 2);
  h << "; cross elasticities " << (cross_positive ? "all positive" : "NOT all positive");
  sec.headline = h.str();
  return sec;
}

}  // namespace grainsim::validate

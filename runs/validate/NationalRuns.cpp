/// \brief The national runs every later section reads: the default scenario, the no-aid
/// counterfactual and the default without displacement, each run once.
#include <algorithm>

#include "agents/Arbitrage.hpp"
#include "model/ScenarioLoader.hpp"
#include "runs/validate/Validation.hpp"

namespace grainsim::validate {
namespace {

/// Traders' shipments in the last `window` recorded days, read from the public state after each
/// day: kg shipped on each route and kg on the road to each destination, by commodity.
class TradeTracker {
 public:
  TradeTracker(const Scenario& s, int window) : s_(s), window_(window) {
    const auto R = static_cast<Eigen::Index>(s.regions.size());
    sum_.shipped_kg.assign(s.commodities.size(), Eigen::ArrayXXd::Zero(R, R));
    sum_.transit_days = Eigen::ArrayXXd::Zero(R, static_cast<Eigen::Index>(s.commodities.size()));
  }
  void operator()(const State& st) {
    if (st.day - 1 - s_.spinupDays() < s_.days() - window_) return;
    const int today = st.day - 1;
    const Arbitrage& a = st.arbitrage;
    Eigen::ArrayXXd transit =
        Eigen::ArrayXXd::Zero(sum_.transit_days.rows(), sum_.transit_days.cols());
    for (const TradeLot& lot : a.in_transit) {
      transit(lot.to, lot.commodity) += lot.kg;
      // Consignments dispatched today are the ones due a full delay from now.
      if (lot.arrival_day == today + a.delay_days(lot.from, lot.to))
        sum_.shipped_kg[static_cast<std::size_t>(lot.commodity)](lot.from, lot.to) += lot.kg;
    }
    sum_.transit_days += transit / st.markets.orders.max(1e-9);
    ++days_;
  }
  TradeFlows means() const {
    TradeFlows m = sum_;
    const double days = std::max(days_, 1);  // no day seen: every sum is still 0
    for (auto& shipped : m.shipped_kg) shipped /= days;
    m.transit_days /= days;
    return m;
  }

 private:
  const Scenario& s_;
  int window_, days_ = 0;
  TradeFlows sum_;  ///< summed over days
};

}  // namespace

Scenario nationalScenario(const Options& o, const std::string& ini,
                          const std::vector<std::string>& extra) {
  std::vector<std::string> overrides = {"population.agent_weight=" + num(o.weight, 6)};
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  if (ini.empty()) return loadScenario(std::nullopt, overrides);
  return loadScenario(o.repo / "runs" / ini, overrides);
}

NationalRuns nationalRuns(const Options& o) {
  NationalRuns n{
      nationalScenario(o, ""), nationalScenario(o, "no-aid.ini"), {}, {}, {}, {}, {}, {}};
  const std::size_t T = n.aid.tiers.size();
  n.with_aid = run(n.aid, o, [&](const State& st) {
    // Overwritten every day: after the run it holds the last day's elite state.
    n.tier_held_kg.assign(T, 0.0);
    n.tier_entitlement_kg.assign(T, 0.0);
    const Elites& e = st.elites;
    for (std::size_t k = 0; k < e.size(); ++k) {
      const auto t = static_cast<std::size_t>(e.tier[k]);
      n.tier_held_kg[t] += e.stock.row(static_cast<Eigen::Index>(k)).sum();
      n.tier_entitlement_kg[t] += e.entitlement[k];
    }
  });
  TradeTracker trade(n.none, std::min(kArbitrageWindow, n.none.days()));
  n.without_aid = run(n.none, o, std::ref(trade));
  n.trade = trade.means();
  n.no_displacement = run(nationalScenario(o, "", {"aid.displacement_share=0"}), o);
  return n;
}

}  // namespace grainsim::validate

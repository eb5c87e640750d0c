#include "agents/StateDistribution.hpp"

#include <algorithm>

#include "model/CropCalendar.hpp"

namespace grainsim {
namespace {

/// kg a ration row asks for today from every region and group it covers, (region, group).
Eigen::ArrayXXd rationDemand(const PdsRation& p, const Eigen::ArrayXXd& persons_by_group) {
  Eigen::ArrayXXd kg = Eigen::ArrayXXd::Zero(persons_by_group.rows(), 2);
  for (Eigen::Index r = 0; r < kg.rows(); ++r) {
    if (p.region >= 0 && p.region != r) continue;
    for (int g : {kUrban, kRural})
      if (p.group == RationGroup::all || (p.group == RationGroup::urban) == (g == kUrban))
        kg(r, g) = p.grams_per_person_day / 1000 * persons_by_group(r, g);
  }
  return kg;
}

}  // namespace

StateDistribution createStateDistribution(const Scenario& s,
                                          const Eigen::ArrayXXd& persons_by_group) {
  const auto C = static_cast<Eigen::Index>(s.commodities.size());
  const auto R = static_cast<Eigen::Index>(s.regions.size());
  StateDistribution st{Eigen::ArrayXd::Zero(C), Eigen::ArrayXXd::Zero(R, 2),
                       Eigen::ArrayXXd::Zero(R, 2), Eigen::ArrayXXd::Zero(R, C)};
  const Date first = s.firstDate();
  // Each commodity's latest procurement, then the full rations drawn on it since.
  Eigen::ArrayXd since = Eigen::ArrayXd::Constant(C, -1);  // days since its latest harvest
  for (const Harvest& h : s.harvests) {
    const HarvestWindow w = currentOrLastWindow(h, first);
    const double share = w.contains(first) ? double(first - w.first) / h.window_days : 1.0;
    st.stock(h.commodity) += h.tonnes * 1000 * h.state_share * share;
    const int days = w.contains(first) ? 0 : first - w.last;
    since(h.commodity) = since(h.commodity) < 0 ? days : std::min<double>(since(h.commodity), days);
  }
  for (const PdsRation& p : s.pds) {
    if (since(p.commodity) <= 0) continue;
    const double daily = rationDemand(p, persons_by_group).sum();
    const Date from = first.plusDays(-static_cast<int>(since(p.commodity)));
    const Date a = std::max(from, p.first), b = std::min(first.plusDays(-1), p.last);
    if (a <= b) st.stock(p.commodity) -= daily * ((b - a) + 1);
  }
  st.stock = st.stock.max(0.0);
  return st;
}

Eigen::ArrayXd distributeRations(const Scenario& s, Date date,
                                 const Eigen::ArrayXXd& persons_by_group,
                                 const std::vector<double>& cereal_kcal_need,
                                 StateDistribution& st) {
  const auto C = static_cast<Eigen::Index>(s.commodities.size());
  const auto R = persons_by_group.rows();
  std::vector<Eigen::ArrayXXd> asked(static_cast<std::size_t>(C), Eigen::ArrayXXd::Zero(R, 2));
  for (const PdsRation& p : s.pds)
    if (p.activeOn(date)) asked[p.commodity] += rationDemand(p, persons_by_group);
  // Short of stock, every ration of a commodity is cut alike.
  Eigen::ArrayXd fill = Eigen::ArrayXd::Ones(C);
  for (Eigen::Index c = 0; c < C; ++c) {
    const double total = asked[c].sum();
    if (total > st.stock(c)) fill(c) = st.stock(c) / total;
  }
  st.ration_kcal.setZero();
  st.ration_kg.setZero();
  st.delivered.setZero();
  for (Eigen::Index r = 0; r < R; ++r)
    for (int g : {kUrban, kRural}) {
      if (persons_by_group(r, g) <= 0) continue;
      double kcal = 0;
      for (Eigen::Index c = 0; c < C; ++c)
        kcal += asked[c](r, g) * fill(c) * s.commodities[c].kcal_per_kg;
      kcal /= persons_by_group(r, g);
      // A ration above the need is not all eaten: the state hands out no more than the need.
      const double cap = kcal > cereal_kcal_need[r] ? cereal_kcal_need[r] / kcal : 1.0;
      st.ration_kcal(r, g) = kcal * cap;
      for (Eigen::Index c = 0; c < C; ++c) {
        const double kg = asked[c](r, g) * fill(c) * cap;
        st.ration_kg(r, g) += kg / persons_by_group(r, g);
        st.delivered(r, c) += kg;
      }
    }
  const Eigen::ArrayXd handed = st.delivered.colwise().sum().transpose();
  st.stock = (st.stock - handed).max(0.0);
  return handed;
}

void offerStateShops(const Scenario& s, Date date, const StateDistribution& st, Markets& m) {
  const auto R = m.price.rows(), C = m.price.cols();
  Eigen::ArrayXXd planned = Eigen::ArrayXXd::Zero(R, C), value = planned;
  for (const DatedFlow& f : s.state_shops) {
    if (!f.activeOn(date)) continue;
    for (Eigen::Index r = 0; r < R; ++r) {
      if (f.region >= 0 && f.region != r) continue;
      const double share = f.region >= 0 ? 1.0 : s.populationShare(static_cast<int>(r));
      planned(r, f.commodity) += f.t_per_day * 1000 * share;
      value(r, f.commodity) += f.t_per_day * 1000 * share * f.price_vs_market;
    }
  }
  // Several rows in one market: their price factors weighted by what each plans to sell.
  m.state_price_factor = (planned > 0).select(value / planned.max(1e-300), 1.0);
  m.state_offer = planned;
  for (Eigen::Index c = 0; c < C; ++c) {
    const double total = planned.col(c).sum();
    if (total > st.stock(c)) m.state_offer.col(c) *= st.stock(c) / total;
  }
}

}  // namespace grainsim

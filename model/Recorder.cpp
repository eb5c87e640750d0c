#include "model/Recorder.hpp"

#include <cmath>
#include <limits>

namespace grainsim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Writes into one variable's slice of the day: at(i) or at(i, j) below the time axis.
class DaySlice {
 public:
  DaySlice(RunOutput& out, std::string_view name, int day) : values_(nullptr) {
    const std::size_t v = outputIndex(name);
    const OutputSpec& spec = outputTable()[v];
    std::size_t per_day = 1;
    for (int d = 1; d < spec.rank; ++d) per_day *= out.dimSize(spec.dims[d]);
    inner_ = spec.rank == 3 ? out.dimSize(spec.dims[2]) : 1;
    values_ = out.values[v].data() + static_cast<std::size_t>(day) * per_day;
  }
  double& at(std::size_t i, std::size_t j = 0) { return values_[i * inner_ + j]; }

 private:
  double* values_;
  std::size_t inner_ = 1;
};

}  // namespace

RunOutput emptyOutput(const Scenario& s) {
  RunOutput out;
  out.start_date = s.params.run.start_date.iso();
  out.days = s.days();
  for (const auto& r : s.regions) {
    out.regions.push_back(r.name);
    out.latitudes.push_back(r.latitude);
    out.longitudes.push_back(r.longitude);
  }
  for (const auto& c : s.commodities) out.commodities.push_back(c.name);
  for (const auto& t : s.tiers) out.tiers.push_back(t.name);
  for (const auto& spec : outputTable()) {
    std::size_t n = 1;
    for (int d = 0; d < spec.rank; ++d) n *= out.dimSize(spec.dims[d]);
    out.values.emplace_back(n, kNaN);
  }
  return out;
}

void recordDay(const Scenario& s, const State& st, RunOutput& out) {
  const int day = st.day - 1 - s.spinupDays();
  const Markets& m = st.markets;
  const HouseholdTotals& h = st.household_totals;
  const double rate = st.drivers.kpw_per_usd;
  auto slice = [&](std::string_view name) { return DaySlice(out, name, day); };

  auto price = slice("price"), price_usd = slice("price_usd"), stock = slice("market_stock"),
       sales = slice("sales"), fill = slice("fill_rate"), unmet = slice("unmet_orders"),
       inflow = slice("net_inflow");
  for (std::size_t r = 0; r < s.regions.size(); ++r)
    for (std::size_t c = 0; c < s.commodities.size(); ++c) {
      const auto ri = static_cast<Eigen::Index>(r), ci = static_cast<Eigen::Index>(c);
      const bool retail = s.commodities[c].retail;
      price.at(r, c) = m.price(ri, ci);
      price_usd.at(r, c) = m.price(ri, ci) / rate;
      stock.at(r, c) = retail ? m.inventory(ri, ci) : kNaN;
      sales.at(r, c) = retail ? m.sales(ri, ci) : kNaN;
      fill.at(r, c) = retail ? m.fill(ri, ci) : kNaN;
      unmet.at(r, c) = retail ? m.orders(ri, ci) - m.sales(ri, ci) : kNaN;
      inflow.at(r, c) = retail ? m.net_inflow(ri, ci) : kNaN;
    }

  auto consumption = slice("consumption_per_person"), adequacy = slice("kcal_adequacy"),
       insecure = slice("food_insecure_share"), severe = slice("severe_food_insecure_share"),
       need = slice("kcal_need"), temp = slice("temperature"), shops = slice("aid_to_shops"),
       resold = slice("aid_resold"), to_markets = slice("aid_to_markets");
  for (std::size_t r = 0; r < s.regions.size(); ++r) {
    const double persons = h.persons[r];
    double kg = 0;
    const auto ri = static_cast<Eigen::Index>(r);
    for (Eigen::Index c = 0; c < h.own_eaten.cols(); ++c)
      kg += h.own_eaten(ri, c) + h.bought(ri, c);
    const bool any = persons > 0;
    consumption.at(r) = any ? kg / persons : kNaN;
    adequacy.at(r) = any ? h.kcal_adequacy_persons[r] / persons : kNaN;
    insecure.at(r) = any ? h.insecure_persons[r] / persons : kNaN;
    severe.at(r) = any ? h.severe_persons[r] / persons : kNaN;
    need.at(r) = st.drivers.kcal_need[r];
    temp.at(r) = st.drivers.temperature_c[r];
    shops.at(r) = st.aid.to_shops(ri);
    resold.at(r) = st.aid.resold(ri);
    to_markets.at(r) = st.aid.to_markets(ri);
  }

  auto kg_q = slice("consumption_per_person_by_quintile"),
       insecure_q = slice("food_insecure_share_by_quintile");
  for (std::size_t r = 0; r < s.regions.size(); ++r)
    for (int q = 0; q < kQuintiles; ++q) {
      const double persons = h.quintile_persons[r][q];
      kg_q.at(r, q) = persons > 0 ? h.quintile_kg[r][q] / persons : kNaN;
      insecure_q.at(r, q) = persons > 0 ? h.quintile_insecure[r][q] / persons : kNaN;
    }

  slice("exchange_rate").at(0) = rate;
  slice("income_exchange_rate").at(0) = st.drivers.income_kpw_per_usd;
  auto harvest = slice("harvest"), imports = slice("commercial_imports"),
       state_stock = slice("state_stock"), farm = slice("farm_stock"), pds = slice("pds_delivered"),
       state_sales = slice("state_shop_sales");
  for (std::size_t c = 0; c < s.commodities.size(); ++c) {
    const auto ci = static_cast<Eigen::Index>(c);
    harvest.at(c) = st.harvested(ci);
    imports.at(c) = st.imports(ci);
    state_stock.at(c) = st.state.stock(ci);
    for (std::size_t r = 0; r < s.regions.size(); ++r) {
      const auto ri = static_cast<Eigen::Index>(r);
      farm.at(r, c) = 0;
      pds.at(r, c) = st.state.delivered(ri, ci);
      state_sales.at(r, c) = m.state_sales(ri, ci);
    }
  }
  for (Eigen::Index h = 0; h < st.farms.stock.rows(); ++h)
    for (std::size_t r = 0; r < s.regions.size(); ++r)
      farm.at(r, static_cast<std::size_t>(st.farms.commodity[static_cast<std::size_t>(h)])) +=
          st.farms.stock(h, static_cast<Eigen::Index>(r)) +
          st.farms.incoming(h, static_cast<Eigen::Index>(r));
  slice("aid_arrived").at(0) = st.aid.arrived;
  slice("aid_in_transit").at(0) = st.logistics.inTransit();
  slice("aid_stockpile").at(0) = st.logistics.stockpile.sum();
  slice("aid_consumed").at(0) = st.aid.consumed;
  const double to_tiers = st.aid.allocated.sum();
  slice("aid_diverted_share").at(0) = to_tiers > 0 ? st.aid.resold.sum() / to_tiers : 0.0;
  auto allocated = slice("aid_allocated"), resold_by_tier = slice("aid_resold_by_tier");
  for (std::size_t t = 0; t < s.tiers.size(); ++t)
    allocated.at(t) = st.aid.allocated(static_cast<Eigen::Index>(t));
  for (std::size_t t = 0; t < s.tiers.size(); ++t)
    resold_by_tier.at(t) = st.aid.resold_by_tier(static_cast<Eigen::Index>(t));

  const Eigen::ArrayXd held = heldByCommodity(st);
  auto in = slice("total_in"), total_held = slice("total_held"), eaten = slice("total_consumed"),
       lost = slice("total_lost");
  for (std::size_t c = 0; c < s.commodities.size(); ++c) {
    const auto ci = static_cast<Eigen::Index>(c);
    in.at(c) = st.ledger.in(ci);
    total_held.at(c) = held(ci);
    eaten.at(c) = st.ledger.consumed(ci);
    lost.at(c) = st.ledger.lost(ci);
  }
}

}  // namespace grainsim

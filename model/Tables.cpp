#include "model/Tables.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>

#include "model/ScenarioError.hpp"
#include "model/TableColumns.hpp"

namespace grainsim {

namespace {

int lookup(const std::vector<std::string>& names, const CsvTable& t, std::size_t row,
           std::string_view column, std::string_view what) {
  const std::string v = t.text(row, column);
  const auto it = std::find(names.begin(), names.end(), v);
  if (it == names.end()) t.fail(row, column, v, "no such " + std::string(what));
  return static_cast<int>(it - names.begin());
}

void requireUnique(const CsvTable& t, std::string_view column) {
  for (std::size_t i = 0; i < t.rows(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (t.text(i, column) == t.text(j, column))
        t.fail(i, column, t.text(i, column), "is already used in row " + std::to_string(j + 1));
}

/// A number cell within its column's bounds in the dictionary (model/TableColumns.cpp).
double number(const CsvTable& t, std::size_t row, std::string_view table, std::string_view column) {
  const ColumnSpec& c = columnSpec(table, column);
  return t.number(row, column, c.min, c.max);
}

int integer(const CsvTable& t, std::size_t row, std::string_view table, std::string_view column) {
  const ColumnSpec& c = columnSpec(table, column);
  return t.integer(row, column, static_cast<int>(c.min), static_cast<int>(c.max));
}

/// A dated row's first and last dates, checked in order.
std::pair<Date, Date> dateRange(const CsvTable& t, std::size_t row) {
  const Date first = t.date(row, "first_date"), last = t.date(row, "last_date");
  if (last < first)
    t.fail(row, "last_date", t.text(row, "last_date"), "must not be before first_date");
  return {first, last};
}

/// A region column that may be empty (every region, -1).
int optionalRegion(const std::vector<std::string>& regions, const CsvTable& t, std::size_t row) {
  return t.text(row, "region").empty() ? -1 : lookup(regions, t, row, "region", "region");
}

/// A commodity column that must name one sold at retail.
int retailCommodity(const std::vector<Commodity>& commodities, const CsvTable& t, std::size_t row) {
  const int c = lookup(namesOf(commodities), t, row, "commodity", "commodity");
  if (!commodities[c].retail)
    t.fail(row, "commodity", commodities[c].name, "must be a commodity sold at retail");
  return c;
}

/// A month and day written MM-DD.
std::pair<int, int> monthDay(const CsvTable& t, std::size_t row, std::string_view column) {
  const std::string v = t.text(row, column);
  const auto d = Date::parse("2001-" + v);  // a common year: 29 February is refused
  if (v.size() != 5 || !d) t.fail(row, column, v, "must be a month and day MM-DD");
  return {std::stoi(v.substr(0, 2)), std::stoi(v.substr(3, 2))};
}

}  // namespace

std::string formatNumber(double x) {
  std::ostringstream os;
  os.precision(17);
  os << x;
  return os.str();
}

std::vector<Commodity> readCommodities(const CsvTable& t) {
  requireUnique(t, "commodity");
  std::vector<Commodity> cs(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    Commodity& c = cs[i];
    c.name = t.text(i, "commodity");
    c.kcal_per_kg = number(t, i, "commodities", "kcal_per_kg");
    c.start_kcal_share = number(t, i, "commodities", "start_kcal_share");
    c.retail = integer(t, i, "commodities", "retail") == 1;
    c.initial_price_usd_per_kg = number(t, i, "commodities", "initial_price_usd_per_kg");
    if (c.retail && c.initial_price_usd_per_kg <= 0)
      t.fail(i, "initial_price_usd_per_kg", t.text(i, "initial_price_usd_per_kg"),
             "must be above 0 for a commodity sold at retail");
    if (t.hasColumn("import_parity"))
      c.import_parity = integer(t, i, "commodities", "import_parity") == 1;
  }
  double share = 0;
  for (const auto& c : cs) share += c.retail ? c.start_kcal_share : 0;
  if (!cs.empty() && std::abs(share - 1) > kShareTolerance)
    throw ScenarioError(t.source(), "column 'start_kcal_share'", formatNumber(share),
                        "retail commodities' shares must sum to 1");
  const auto names = namesOf(cs);
  for (std::size_t i = 0; i < t.rows(); ++i) {
    if (t.text(i, "milled_into").empty()) continue;
    cs[i].milled_into = lookup(names, t, i, "milled_into", "commodity");
    if (!cs[cs[i].milled_into].retail)
      t.fail(i, "milled_into", t.text(i, "milled_into"), "must name a retail commodity");
  }
  for (std::size_t i = 0; i < t.rows(); ++i)
    if (!cs[i].retail && cs[i].start_kcal_share > 0)
      t.fail(i, "start_kcal_share", t.text(i, "start_kcal_share"),
             "a commodity not sold at retail cannot have a share of bought calories");
  return cs;
}

std::vector<Region> readRegions(const CsvTable& t, const std::vector<Commodity>& commodities,
                                const std::vector<bool>& harvested) {
  requireUnique(t, "region");
  std::vector<Region> rs(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    Region& r = rs[i];
    r.name = t.text(i, "region");
    r.census_population = number(t, i, "regions", "census_population");
    r.urban_share = number(t, i, "regions", "urban_share");
    r.latitude = number(t, i, "regions", "latitude");
    r.longitude = number(t, i, "regions", "longitude");
    r.temp_annual_mean_c = number(t, i, "regions", "temp_annual_mean_c");
    r.temp_amplitude_c = number(t, i, "regions", "temp_amplitude_c");
    r.income_multiplier = number(t, i, "regions", "income_multiplier");
    r.production_share.assign(commodities.size(), 0.0);
  }
  for (std::size_t c = 0; c < commodities.size(); ++c) {
    if (!harvested[c]) continue;
    const std::string column = commodities[c].name + "_production_share";
    const ColumnSpec& share_spec = columnSpec("regions", "<commodity>_production_share");
    double sum = 0;
    for (std::size_t i = 0; i < t.rows(); ++i)
      sum += rs[i].production_share[c] = t.number(i, column, share_spec.min, share_spec.max);
    if (std::abs(sum - 1) > kShareTolerance)
      throw ScenarioError(t.source(), "column '" + column + "'", formatNumber(sum),
                          "shares must sum to 1");
  }
  return rs;
}

std::vector<Tier> readTiers(const CsvTable& t, const std::vector<std::string>& regions) {
  requireUnique(t, "tier");
  requireUnique(t, "rank");
  std::vector<Tier> ts(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    Tier& x = ts[i];
    x.name = t.text(i, "tier");
    x.rank = integer(t, i, "tiers", "rank");
    x.members = number(t, i, "tiers", "members");
    x.ration_kg_per_member_month = number(t, i, "tiers", "ration_kg_per_member_month");
    x.reserve_days = number(t, i, "tiers", "reserve_days");
    x.resale_propensity = number(t, i, "tiers", "resale_propensity");
    x.concentration_share = number(t, i, "tiers", "concentration_share");
    if (!t.text(i, "concentration_region").empty())
      x.concentration_region = lookup(regions, t, i, "concentration_region", "region");
    else if (x.concentration_share > 0)
      t.fail(i, "concentration_share", t.text(i, "concentration_share"),
             "needs a concentration_region");
  }
  std::stable_sort(ts.begin(), ts.end(),
                   [](const Tier& a, const Tier& b) { return a.rank < b.rank; });
  return ts;
}

std::vector<EntryPoint> readEntryPoints(const CsvTable& t,
                                        const std::vector<std::string>& regions) {
  requireUnique(t, "entry_point");
  std::vector<EntryPoint> es(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    es[i].name = t.text(i, "entry_point");
    es[i].region = lookup(regions, t, i, "region", "region");
    es[i].handling_t_per_day = number(t, i, "entry_points", "handling_t_per_day");
  }
  return es;
}

std::vector<Route> readRoutes(const CsvTable& t, const std::vector<EntryPoint>& entry_points) {
  requireUnique(t, "route");
  requireUnique(t, "entry_point");
  const auto names = namesOf(entry_points);
  std::vector<Route> rs(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    rs[i].name = t.text(i, "route");
    rs[i].entry_point = lookup(names, t, i, "entry_point", "entry point");
    rs[i].capacity_t_per_day = number(t, i, "routes", "capacity_t_per_day");
    rs[i].transit_days = integer(t, i, "routes", "transit_days");
    rs[i].loss_share = number(t, i, "routes", "loss_share");
  }
  for (std::size_t e = 0; e < entry_points.size(); ++e)
    if (std::none_of(rs.begin(), rs.end(), [&](const Route& r) { return r.entry_point == int(e); }))
      throw ScenarioError(t.source(), "column 'entry_point'", entry_points[e].name,
                          "every entry point needs a route to the stockpile");
  return rs;
}

std::vector<Shipment> readShipments(const CsvTable& t, const std::vector<EntryPoint>& entry_points,
                                    const std::vector<Commodity>& commodities) {
  requireUnique(t, "shipment");
  const auto entry_names = namesOf(entry_points);
  const auto commodity_names = namesOf(commodities);
  std::vector<Shipment> ss(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    Shipment& s = ss[i];
    s.name = t.text(i, "shipment");
    s.phase = integer(t, i, "shipments", "phase");
    s.arrival = t.date(i, "arrival_date");
    s.entry_point = lookup(entry_names, t, i, "entry_point", "entry point");
    s.commodity = lookup(commodity_names, t, i, "commodity", "commodity");
    const Commodity& c = commodities[s.commodity];
    if (!c.retail && c.milled_into < 0)
      t.fail(i, "commodity", c.name, "must be sold at retail or milled into a retail commodity");
    s.tonnes = number(t, i, "shipments", "tonnes");
    if (t.hasColumn("announce_date") && !t.text(i, "announce_date").empty()) {
      s.announced = t.date(i, "announce_date");
      if (s.arrival < *s.announced)
        t.fail(i, "announce_date", t.text(i, "announce_date"),
               "must not be after the arrival date " + s.arrival.iso());
    }
  }
  return ss;
}

std::vector<ExchangeRatePoint> readExchangePath(const CsvTable& t) {
  std::vector<ExchangeRatePoint> path(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    path[i] = {t.date(i, "date"), number(t, i, "exchange.path", "kpw_per_usd")};
    if (i > 0 && !(path[i - 1].date < path[i].date))
      t.fail(i, "date", t.text(i, "date"), "dates must increase down the table");
  }
  if (path.empty()) throw ScenarioError(t.source() + ": exchange-rate path has no rows");
  return path;
}

std::vector<Harvest> readHarvests(const CsvTable& t, const std::vector<Commodity>& commodities) {
  requireUnique(t, "crop");
  std::vector<Harvest> hs(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    Harvest& h = hs[i];
    h.crop = t.text(i, "crop");
    h.commodity = retailCommodity(commodities, t, i);
    std::tie(h.start_month, h.start_day) = monthDay(t, i, "harvest_start");
    const auto [end_month, end_day] = monthDay(t, i, "harvest_end");
    const Date first = Date::fromYmd(2001, h.start_month, h.start_day);
    const Date last = Date::fromYmd(2001, end_month, end_day);
    if (last < first)
      t.fail(i, "harvest_end", t.text(i, "harvest_end"),
             "must not be before harvest_start in the same year");
    h.window_days = last - first + 1;
    h.tonnes = number(t, i, "harvests", "tonnes");
    h.own_share = number(t, i, "harvests", "own_share");
    h.state_share = number(t, i, "harvests", "state_share");
    h.market_share = number(t, i, "harvests", "market_share");
    // The rest is seed, feed and post-harvest losses: it never reaches people.
    const double sum = h.own_share + h.state_share + h.market_share;
    if (sum > 1 + kShareTolerance)
      t.fail(i, "market_share", t.text(i, "market_share"),
             "own_share + state_share + market_share must not exceed 1, they sum to " +
                 formatNumber(sum));
  }
  return hs;
}

namespace {

/// Rows of a dated-flow table named by `name_column`: commodity, region, dates, t/day.
std::vector<DatedFlow> readDatedFlows(const CsvTable& t, std::string_view table,
                                      std::string_view name_column,
                                      const std::vector<Commodity>& commodities,
                                      const std::vector<std::string>& regions) {
  requireUnique(t, name_column);
  std::vector<DatedFlow> fs(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    DatedFlow& f = fs[i];
    f.name = t.text(i, name_column);
    f.commodity = retailCommodity(commodities, t, i);
    f.region = optionalRegion(regions, t, i);
    std::tie(f.first, f.last) = dateRange(t, i);
    f.t_per_day = number(t, i, table, "t_per_day");
  }
  return fs;
}

}  // namespace

std::vector<DatedFlow> readImports(const CsvTable& t, const std::vector<Commodity>& commodities,
                                   const std::vector<std::string>& regions) {
  return readDatedFlows(t, "imports", "import", commodities, regions);
}

std::vector<DatedFlow> readStateShops(const CsvTable& t, const std::vector<Commodity>& commodities,
                                      const std::vector<std::string>& regions) {
  std::vector<DatedFlow> fs = readDatedFlows(t, "state_shops", "sale", commodities, regions);
  for (std::size_t i = 0; i < t.rows(); ++i)
    fs[i].price_vs_market = number(t, i, "state_shops", "price_vs_market");
  return fs;
}

std::vector<PdsRation> readPds(const CsvTable& t, const std::vector<Commodity>& commodities,
                               const std::vector<std::string>& regions) {
  requireUnique(t, "ration");
  std::vector<PdsRation> ps(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    PdsRation& p = ps[i];
    p.name = t.text(i, "ration");
    p.region = optionalRegion(regions, t, i);
    const std::string group = t.text(i, "group");
    if (group == "all")
      p.group = RationGroup::all;
    else if (group == "urban")
      p.group = RationGroup::urban;
    else if (group == "rural")
      p.group = RationGroup::rural;
    else
      t.fail(i, "group", group, "must be all, urban or rural");
    p.commodity = retailCommodity(commodities, t, i);
    std::tie(p.first, p.last) = dateRange(t, i);
    p.grams_per_person_day = number(t, i, "pds", "grams_per_person_day");
  }
  return ps;
}

std::vector<ObservedPrice> readObservedPrices(const CsvTable& t,
                                              const std::vector<Commodity>& commodities,
                                              const std::vector<std::string>& regions) {
  std::vector<ObservedPrice> ps(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i)
    ps[i] = {t.date(i, "date"), lookup(regions, t, i, "region", "region"),
             retailCommodity(commodities, t, i), number(t, i, "start.prices", "kpw_per_kg")};
  return ps;
}

}  // namespace grainsim

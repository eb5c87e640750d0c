#include "model/ScenarioLoader.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "model/CsvTable.hpp"
#include "model/EmbeddedDefaults.hpp"
#include "model/Rng.hpp"
#include "model/ScenarioError.hpp"

namespace grainsim {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

/// A raw setting and where it came from, so errors can name the file.
struct RawValue {
  std::string value;
  std::string origin;  ///< file path, "--set" or "default"
  fs::path base_dir;   ///< relative paths in the value resolve against it
  std::string prior;   ///< when `value` was drawn from a prior: the prior as written
};

using RawValues = std::map<std::string, RawValue, std::less<>>;

/// Where errors and resolved_text say a value came from: a drawn value names its prior too.
std::string shownOrigin(const RawValue& rv) {
  return rv.prior.empty() ? rv.origin : "prior " + rv.prior + " (" + rv.origin + ")";
}

/// The tables whose cells a scenario may set as `<table>.<row>.<column>`, in reading order.
constexpr std::string_view kTables[] = {"commodities",  "regions", "tiers",
                                        "entry_points", "routes",  "shipments"};

/// The table a key addresses as `<table>.<rest>`, if its first part names one.
std::optional<std::string_view> cellTable(std::string_view key) {
  for (const auto t : kTables)
    if (key.size() > t.size() && key.substr(0, t.size()) == t && key[t.size()] == '.') return t;
  return std::nullopt;
}

constexpr const char* kUnknownKey =
    "unknown key (grainsim describe lists every key; table cells are <table>.<row>.<column>)";

const ParameterSpec* findSpec(std::string_view key) {
  for (const auto& spec : parameterTable())
    if (spec.name == key) return &spec;
  return nullptr;
}

std::string readFile(const fs::path& path, const std::string& origin, const std::string& key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(origin, key, path.string(), "file does not exist or cannot be read");
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

/// Parses INI text with Boost.Program_options; unknown keys are reported with their values.
/// Table cells (`[shipments.2a]` + `arrival_date = ...`, or written dotted) go to `cells`.
void readIni(std::string_view text, const std::string& origin, const fs::path& base_dir,
             RawValues& raw, RawValues& cells) {
  po::options_description known;
  for (const auto& spec : parameterTable())
    known.add_options()(std::string(spec.name).c_str(), po::value<std::string>());
  std::istringstream in{std::string(text)};
  po::parsed_options parsed(&known);
  try {
    parsed = po::parse_config_file(in, known, /*allow_unregistered=*/true);
  } catch (const po::error& e) {
    throw ScenarioError(origin + ": " + e.what());
  }
  std::map<std::string, int> seen;
  for (const auto& opt : parsed.options) {
    const std::string value = opt.value.empty() ? "" : opt.value.front();
    const bool cell = opt.unregistered && cellTable(opt.string_key);
    if (opt.unregistered && !cell) throw ScenarioError(origin, opt.string_key, value, kUnknownKey);
    if (++seen[opt.string_key] > 1)
      throw ScenarioError(origin, opt.string_key, value, "key is given more than once");
    (cell ? cells : raw)[opt.string_key] = {value, origin, base_dir, {}};
  }
}

void applyOverride(const std::string& assignment, RawValues& raw, RawValues& cells) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos)
    throw ScenarioError("--set", assignment, "", "must be written key=value");
  const std::string key = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  if (cellTable(key)) {
    cells[key] = {value, "--set", fs::current_path(), {}};
    return;
  }
  if (!findSpec(key)) throw ScenarioError("--set", key, value, kUnknownKey);
  raw[key] = {value, "--set", fs::current_path(), {}};
}

std::string formatNumber(double x) {
  std::ostringstream os;
  os.precision(17);
  os << x;
  return os.str();
}

/// Converts each raw value into its typed field, checking type and range.
Parameters typedParameters(const RawValues& raw) {
  Parameters p;
  for (const auto& spec : parameterTable()) {
    const RawValue& rv = raw.at(std::string(spec.name));
    const std::string key(spec.name);
    auto number = [&] {
      double x = 0;
      if (!parseFiniteNumber(rv.value, x))
        throw ScenarioError(shownOrigin(rv), key, rv.value, "must be a finite number");
      if (x < spec.min || x > spec.max)
        throw ScenarioError(shownOrigin(rv), key, rv.value,
                            "must lie in [" + formatNumber(spec.min) + ", " +
                                formatNumber(spec.max) + "] " + std::string(spec.unit));
      return x;
    };
    std::visit(
        [&](auto field) {
          using Ref = decltype(field(p));
          if constexpr (std::is_same_v<Ref, double&>) {
            field(p) = number();
          } else if constexpr (std::is_same_v<Ref, std::uint32_t&>) {
            const double x = number();
            if (x != std::floor(x))
              throw ScenarioError(shownOrigin(rv), key, rv.value, "must be a whole number");
            field(p) = static_cast<std::uint32_t>(x);
          } else if constexpr (std::is_same_v<Ref, Date&>) {
            const auto d = Date::parse(rv.value);
            if (!d)
              throw ScenarioError(shownOrigin(rv), key, rv.value, "must be a date YYYY-MM-DD");
            field(p) = *d;
          } else {
            field(p) = rv.value;
          }
        },
        spec.field);
  }
  return p;
}

/// A table named by a `tables.*` key: a file relative to where it was named, or the embedded one.
struct TableSource {
  std::string origin;  ///< for errors: the path, or "embedded runs/tables/x.csv"
  std::string text;
};

TableSource tableSource(const RawValues& raw, const std::string& key, const std::string& name) {
  const RawValue& rv = raw.at(key);
  if (rv.value.empty()) {
    const std::string file = "tables/" + name + ".csv";
    return {"embedded runs/" + file, std::string(*embeddedFile(file))};
  }
  const fs::path path =
      fs::path(rv.value).is_absolute() ? fs::path(rv.value) : rv.base_dir / rv.value;
  return {path.string(), readFile(path, rv.origin, key)};
}

int lookup(const std::vector<std::string>& names, const CsvTable& t, std::size_t row,
           std::string_view column, std::string_view what) {
  const std::string v = t.text(row, column);
  const auto it = std::find(names.begin(), names.end(), v);
  if (it == names.end()) t.fail(row, column, v, "no such " + std::string(what));
  return static_cast<int>(it - names.begin());
}

template <class T>
std::vector<std::string> namesOf(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const auto& i : items) names.push_back(i.name);
  return names;
}

void requireUnique(const CsvTable& t, std::string_view column) {
  for (std::size_t i = 0; i < t.rows(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (t.text(i, column) == t.text(j, column))
        t.fail(i, column, t.text(i, column), "is already used in row " + std::to_string(j + 1));
}

constexpr double kBig = 1e15;
constexpr double kShareTolerance = 1e-6;

std::vector<Commodity> readCommodities(const CsvTable& t) {
  requireUnique(t, "commodity");
  std::vector<Commodity> cs(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    Commodity& c = cs[i];
    c.name = t.text(i, "commodity");
    c.kcal_per_kg = t.number(i, "kcal_per_kg", 1, 10000);
    c.start_kcal_share = t.number(i, "start_kcal_share", 0, 1);
    c.retail = t.integer(i, "retail", 0, 1) == 1;
    c.initial_price_usd_per_kg = t.number(i, "initial_price_usd_per_kg", c.retail ? 1e-9 : 0, kBig);
    c.domestic_stock_t = t.number(i, "domestic_stock_t", 0, kBig);
    c.imports_t_per_day = t.number(i, "imports_t_per_day", 0, kBig);
    c.own_stock_share = t.number(i, "own_stock_share", 0, 1);
    if (t.hasColumn("import_parity")) c.import_parity = t.integer(i, "import_parity", 0, 1) == 1;
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
    if (!cs[i].retail && (cs[i].domestic_stock_t > 0 || cs[i].imports_t_per_day > 0 ||
                          cs[i].own_stock_share > 0 || cs[i].start_kcal_share > 0))
      t.fail(i, "retail", "0", "a commodity not sold at retail cannot have stocks or imports");
  return cs;
}

std::vector<Region> readRegions(const CsvTable& t, const std::vector<Commodity>& commodities) {
  requireUnique(t, "region");
  std::vector<Region> rs(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    Region& r = rs[i];
    r.name = t.text(i, "region");
    r.census_population = t.number(i, "census_population", 0, kBig);
    r.urban_share = t.number(i, "urban_share", 0, 1);
    r.latitude = t.number(i, "latitude", -90, 90);
    r.longitude = t.number(i, "longitude", -180, 180);
    r.temp_annual_mean_c = t.number(i, "temp_annual_mean_c", -60, 60);
    r.temp_amplitude_c = t.number(i, "temp_amplitude_c", 0, 60);
    r.income_multiplier = t.number(i, "income_multiplier", 0, kBig);
    r.production_share.assign(commodities.size(), 0.0);
  }
  for (std::size_t c = 0; c < commodities.size(); ++c) {
    if (commodities[c].domestic_stock_t <= 0) continue;
    const std::string column = commodities[c].name + "_production_share";
    double sum = 0;
    for (std::size_t i = 0; i < t.rows(); ++i)
      sum += rs[i].production_share[c] = t.number(i, column, 0, 1);
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
    x.rank = t.integer(i, "rank", 1, 1000000);
    x.members = t.number(i, "members", 0, kBig);
    x.ration_kg_per_member_month = t.number(i, "ration_kg_per_member_month", 0, 1000);
    x.reserve_days = t.number(i, "reserve_days", 0, 10000);
    x.resale_propensity = t.number(i, "resale_propensity", 0, 1);
    x.concentration_share = t.number(i, "concentration_share", 0, 1);
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
    es[i].handling_t_per_day = t.number(i, "handling_t_per_day", 0, kBig);
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
    rs[i].capacity_t_per_day = t.number(i, "capacity_t_per_day", 0, kBig);
    rs[i].transit_days = t.integer(i, "transit_days", 0, 365);
    rs[i].loss_share = t.number(i, "loss_share", 0, 1);
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
    s.phase = t.integer(i, "phase", 1, 1000);
    s.arrival = t.date(i, "arrival_date");
    s.entry_point = lookup(entry_names, t, i, "entry_point", "entry point");
    s.commodity = lookup(commodity_names, t, i, "commodity", "commodity");
    const Commodity& c = commodities[s.commodity];
    if (!c.retail && c.milled_into < 0)
      t.fail(i, "commodity", c.name, "must be sold at retail or milled into a retail commodity");
    s.tonnes = t.number(i, "tonnes", 0, kBig);
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
    path[i] = {t.date(i, "date"), t.number(i, "kpw_per_usd", 1e-9, kBig)};
    if (i > 0 && !(path[i - 1].date < path[i].date))
      t.fail(i, "date", t.text(i, "date"), "dates must increase down the table");
  }
  if (path.empty()) throw ScenarioError(t.source() + ": exchange-rate path has no rows");
  return path;
}

/// Rank of a value's origin: what the user set last (--set), then files, then defaults.
int originRank(const RawValue& rv) {
  if (rv.origin == "--set") return 2;
  return rv.origin == "default" ? 0 : 1;
}

/// A rule over several keys: the error names the key the user most likely changed, where
/// it came from, and lists every key with its value.
[[noreturn]] void failJointRule(const RawValues& raw, std::initializer_list<const char*> keys,
                                const std::string& rule) {
  const RawValue* blamed = nullptr;
  std::string blamed_key, listing;
  for (const char* key : keys) {
    const RawValue& rv = raw.at(key);
    if (!blamed || originRank(rv) > originRank(*blamed)) blamed = &rv, blamed_key = key;
    listing += std::string(listing.empty() ? "" : ", ") + key + " = '" + rv.value + "' (" +
               shownOrigin(rv) + ")";
  }
  throw ScenarioError(shownOrigin(*blamed), blamed_key, blamed->value, rule + " [" + listing + "]");
}

void validateParameters(const Parameters& p, const RawValues& raw) {
  if (p.run.end_date < p.run.start_date)
    failJointRule(raw, {"run.start_date", "run.end_date"},
                  "run.start_date must not be after run.end_date");
  const double shares =
      p.allocation.elite_share + p.allocation.shop_share + p.allocation.market_share;
  if (std::abs(shares - 1) > kShareTolerance)
    failJointRule(raw,
                  {"allocation.elite_share", "allocation.shop_share", "allocation.market_share"},
                  "allocation shares must sum to 1, they sum to " + formatNumber(shares));
  if (p.need.severe_threshold > p.need.insecure_threshold)
    failJointRule(raw, {"need.severe_threshold", "need.insecure_threshold"},
                  "need.severe_threshold must not exceed need.insecure_threshold");
}

/// Checks every parameter's type and range, then the rules that join several of them.
Parameters checkedParameters(const RawValues& raw) {
  Parameters p = typedParameters(raw);
  validateParameters(p, raw);
  return p;
}

/// A table as read once at load: where it came from, its text (for resolved_text), parsed.
struct LoadedTable {
  std::string name;
  TableSource source;
  CsvTable csv;
};

/// A `<table>.<row>.<column>` setting, resolved against its table at load.
struct Cell {
  RawValue raw;
  std::size_t table = 0;  ///< index into kTables and ScenarioSource::tables
  std::size_t row = 0;
  std::string column;
};

/// Everything a scenario is built from, read and checked once, so that realising a draw only
/// substitutes the priors' values and re-runs the checks and table readers (no file access).
struct ScenarioSource {
  std::string name;
  RawValues raw;                                   ///< parameters; a prior's value is its text
  std::map<std::string, Cell, std::less<>> cells;  ///< by key
  std::vector<LoadedTable> tables;                 ///< in kTables order
  std::optional<LoadedTable> exchange_path;
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out.empty() ? "(none)" : out;
}

/// Finds the row and column a cell key names; every error lists what exists instead.
Cell resolveCell(const std::string& key, const RawValue& rv,
                 const std::vector<LoadedTable>& tables) {
  const std::string_view table = *cellTable(key);
  const std::string rest = key.substr(table.size() + 1);
  const auto dot = rest.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == rest.size())
    throw ScenarioError(rv.origin, key, rv.value,
                        "a table cell is written <table>.<row>.<column>, e.g. "
                        "shipments.2a.arrival_date");
  const std::string row = rest.substr(0, dot), column = rest.substr(dot + 1);
  const std::size_t index = std::find(std::begin(kTables), std::end(kTables), table) - kTables;
  const CsvTable& csv = tables[index].csv;
  const std::string where = "table " + std::string(table) + " (" + csv.source() + ")";
  const std::vector<std::string>& header = csv.columns();
  const std::vector<std::string> settable(header.begin() + 1, header.end());
  const auto found = csv.findRow(row);
  if (!found) {
    std::vector<std::string> rows;
    for (std::size_t i = 0; i < csv.rows(); ++i) rows.push_back(csv.text(i, header[0]));
    throw ScenarioError(rv.origin, key, rv.value,
                        "no row '" + row + "' in " + where + "; rows: " + joined(rows));
  }
  if (!csv.hasColumn(column))
    throw ScenarioError(
        rv.origin, key, rv.value,
        "no column '" + column + "' in " + where + "; columns: " + joined(settable));
  if (column == header[0])
    throw ScenarioError(rv.origin, key, rv.value,
                        "column '" + column + "' of " + where +
                            " names the row and cannot be set; columns: " + joined(settable));
  return {rv, index, *found, column};
}

constexpr double kInf = std::numeric_limits<double>::infinity();
const std::string kDayUnit = "days since 1970-01-01";

/// The prior a parameter's value gives, if any; only number and date parameters may have one.
std::optional<Prior> parameterPrior(const ParameterSpec& spec, const RawValue& rv) {
  const std::string key(spec.name);
  return std::visit(
      [&](auto field) -> std::optional<Prior> {
        using Ref = decltype(field(std::declval<Parameters&>()));
        if constexpr (std::is_same_v<Ref, double&>) {
          return Prior::parse(rv.origin, key, rv.value, std::string(spec.unit), false, spec.min,
                              spec.max);
        } else if constexpr (std::is_same_v<Ref, Date&>) {
          return Prior::parse(rv.origin, key, rv.value, kDayUnit, true, -kInf, kInf);
        } else {
          if (Prior::looksLikePrior(rv.value))
            throw ScenarioError(
                rv.origin, key, rv.value,
                std::string("only number and date parameters may be priors; this one is ") +
                    (std::is_same_v<Ref, std::uint32_t&> ? "a whole number" : "text"));
          return std::nullopt;
        }
      },
      spec.field);
}

/// The prior a cell's value gives, if any: number cells (treated as unbounded here; the table
/// rules check them when the scenario is built) and date cells may have one.
std::optional<Prior> cellPrior(const std::string& key, const Cell& cell,
                               const std::vector<LoadedTable>& tables) {
  const std::string current = tables[cell.table].csv.text(cell.row, cell.column);
  double x = 0;
  const bool date = Date::parse(current).has_value();
  if (date || parseFiniteNumber(current, x))
    return Prior::parse(cell.raw.origin, key, cell.raw.value, "", date, -kInf, kInf);
  if (Prior::looksLikePrior(cell.raw.value))
    throw ScenarioError(
        cell.raw.origin, key, cell.raw.value,
        "only number and date cells may be priors; this cell holds '" + current + "'");
  return std::nullopt;
}

/// Builds and validates the scenario with priors[i] at values[i].
Scenario build(const ScenarioSource& src, const std::vector<Prior>& priors,
               const std::vector<double>& values) {
  RawValues raw = src.raw;
  auto cells = src.cells;
  for (std::size_t i = 0; i < priors.size(); ++i) {
    const auto param = raw.find(priors[i].key());
    RawValue& rv = param != raw.end() ? param->second : cells.at(priors[i].key()).raw;
    rv.value = priors[i].format(values[i]);
    rv.prior = priors[i].text();
  }

  Scenario s;
  s.name = src.name;
  s.params = checkedParameters(raw);

  std::vector<CsvTable> tables;
  for (const auto& t : src.tables) {
    tables.push_back(t.csv);
    s.resolved_text += "\n# table " + t.name + " (" + t.source.origin + ")\n" + t.source.text;
  }
  for (const auto& [key, cell] : cells)
    tables[cell.table].set(cell.row, cell.column, cell.raw.value,
                           "set as " + key + " by " + shownOrigin(cell.raw));
  s.commodities = readCommodities(tables[0]);
  s.regions = readRegions(tables[1], s.commodities);
  const auto region_names = namesOf(s.regions);
  s.tiers = readTiers(tables[2], region_names);
  s.entry_points = readEntryPoints(tables[3], region_names);
  s.routes = readRoutes(tables[4], s.entry_points);
  s.shipments = readShipments(tables[5], s.entry_points, s.commodities);

  if (s.regions.empty()) throw ScenarioError("tables.regions: the regions table has no rows");
  double own_share = 0;
  for (const auto& c : s.commodities) own_share += c.own_stock_share;
  if (s.params.household.rural_own_stock_days > 0 && std::abs(own_share - 1) > kShareTolerance)
    throw ScenarioError(raw.at("tables.commodities").origin, "column 'own_stock_share'",
                        formatNumber(own_share),
                        "shares must sum to 1 when household.rural_own_stock_days > 0");

  s.stockpile_region = s.regionIndex(s.params.stockpile.region);
  if (s.stockpile_region < 0) {
    const auto& rv = raw.at("stockpile.region");
    throw ScenarioError(rv.origin, "stockpile.region", rv.value, "no such region");
  }
  if (src.exchange_path) {
    s.exchange_path = readExchangePath(src.exchange_path->csv);
    s.resolved_text += "\n# table exchange_path (" + src.exchange_path->source.origin + ")\n" +
                       src.exchange_path->source.text;
  }

  std::string params_text = "# grainsim resolved scenario '" + s.name + "'\n";
  for (const auto& spec : parameterTable()) {
    const RawValue& rv = raw.at(std::string(spec.name));
    params_text += std::string(spec.name) + " = " + rv.value + "    # " + shownOrigin(rv) + "\n";
  }
  if (!cells.empty()) {
    params_text += "# cells of the tables below, as set by the scenario\n";
    for (const auto& [key, cell] : cells)
      params_text += key + " = " + cell.raw.value + "    # " + shownOrigin(cell.raw) + "\n";
  }
  s.resolved_text = params_text + s.resolved_text;
  return s;
}

std::vector<double> medians(const std::vector<Prior>& priors) {
  std::vector<double> m;
  for (const auto& p : priors) m.push_back(p.median());
  return m;
}

}  // namespace

std::string defaultScenarioIni() {
  std::string out =
      "# grainsim default scenario: the DPRK winter 2026-27 with 33,000 t of Russian flour.\n"
      "# Every parameter at its documented default (grainsim describe). Empty table paths\n"
      "# mean the tables in runs/tables/, compiled into the binary.\n";
  std::string section;
  for (const auto& spec : parameterTable()) {
    const auto dot = spec.name.find('.');
    const std::string sec(spec.name.substr(0, dot));
    if (sec != section) {
      out += "\n[" + sec + "]\n";
      section = sec;
    }
    out += "# " + std::string(spec.description) + " [" + std::string(spec.unit) + "]\n";
    out += std::string(spec.name.substr(dot + 1)) + " = " + std::string(spec.default_value) + "\n";
  }
  return out;
}

struct UncertainScenario::Impl {
  ScenarioSource source;
  std::vector<Prior> priors;           ///< sorted by key
  std::vector<std::uint32_t> streams;  ///< fnv1a32 of each prior's key: its counter's agent field
  Scenario nominal;
};

const Scenario& UncertainScenario::nominal() const {
  return impl_->nominal;
}

const std::vector<Prior>& UncertainScenario::priors() const {
  return impl_->priors;
}

std::vector<double> UncertainScenario::draw(std::uint32_t seed, std::uint32_t replicate) const {
  const KeyedRng rng(seed, replicate);
  std::vector<double> values;
  values.reserve(impl_->priors.size());
  for (std::size_t i = 0; i < impl_->priors.size(); ++i)
    values.push_back(
        impl_->priors[i].quantile(rng.uniform(kPriorDay, impl_->streams[i], Purpose::prior)));
  return values;
}

Scenario UncertainScenario::realise(const std::vector<double>& values) const {
  if (values.size() != impl_->priors.size())
    throw std::invalid_argument("UncertainScenario::realise: " + std::to_string(values.size()) +
                                " values for " + std::to_string(impl_->priors.size()) + " priors");
  return build(impl_->source, impl_->priors, values);
}

UncertainScenario loadUncertainScenario(const std::optional<fs::path>& scenario_file,
                                        const std::vector<std::string>& overrides) {
  auto impl = std::make_shared<UncertainScenario::Impl>();
  ScenarioSource& src = impl->source;
  RawValues& raw = src.raw;
  for (const auto& spec : parameterTable())
    raw[std::string(spec.name)] = {
        std::string(spec.default_value), "default", fs::current_path(), {}};

  RawValues cells;
  if (scenario_file) {
    const std::string origin = scenario_file->string();
    if (!fs::is_regular_file(*scenario_file))
      throw ScenarioError(origin, "--scenario", origin, "scenario file does not exist");
    const fs::path dir = scenario_file->parent_path().empty()
                             ? fs::current_path()
                             : fs::absolute(scenario_file->parent_path());
    readIni(readFile(*scenario_file, "command line", "--scenario"), origin, dir, raw, cells);
    src.name = scenario_file->stem().string();
  } else {
    readIni(*embeddedFile(kDefaultScenarioFile),
            "embedded runs/" + std::string(kDefaultScenarioFile), fs::current_path(), raw, cells);
    src.name = fs::path(kDefaultScenarioFile).stem().string();
  }
  for (const auto& o : overrides) applyOverride(o, raw, cells);

  // Parameters first, as before priors existed: their errors come before any table's.
  std::map<std::string, Prior> priors;
  for (const auto& spec : parameterTable())
    if (auto p = parameterPrior(spec, raw.at(std::string(spec.name))))
      priors.emplace(p->key(), std::move(*p));
  {
    RawValues nominal_raw = raw;
    for (const auto& [key, p] : priors) {
      nominal_raw.at(key).value = p.format(p.median());
      nominal_raw.at(key).prior = p.text();
    }
    checkedParameters(nominal_raw);
  }

  // Tables are read and parsed once; every realisation copies the parsed tables.
  for (const auto name : kTables) {
    const std::string n(name);
    TableSource source = tableSource(raw, "tables." + n, n);
    CsvTable csv(source.origin, source.text);
    src.tables.push_back({n, std::move(source), std::move(csv)});
  }
  if (const RawValue& rv = raw.at("exchange.path"); !rv.value.empty()) {
    const fs::path path =
        fs::path(rv.value).is_absolute() ? fs::path(rv.value) : rv.base_dir / rv.value;
    TableSource source{path.string(), readFile(path, rv.origin, "exchange.path")};
    CsvTable csv(source.origin, source.text);
    src.exchange_path = LoadedTable{"exchange_path", std::move(source), std::move(csv)};
  }
  for (const auto& [key, rv] : cells) {
    Cell cell = resolveCell(key, rv, src.tables);
    if (auto p = cellPrior(key, cell, src.tables)) priors.emplace(key, std::move(*p));
    src.cells.emplace(key, std::move(cell));
  }

  std::map<std::uint32_t, std::string> by_stream;
  for (auto& [key, p] : priors) {
    const std::uint32_t stream = fnv1a32(key);
    if (const auto [it, fresh] = by_stream.emplace(stream, key); !fresh)
      throw ScenarioError(p.origin(), key, p.text(),
                          "its random stream (the FNV-1a hash of its key) is that of the prior " +
                              it->second + " too; give one of the two as a plain value");
    impl->priors.push_back(std::move(p));
    impl->streams.push_back(stream);
  }

  const std::vector<double> nominal = medians(impl->priors);
  impl->nominal = build(src, impl->priors, nominal);
  // Each prior alone at either end of its support, the others at their medians.
  for (std::size_t i = 0; i < impl->priors.size(); ++i) {
    const Prior& p = impl->priors[i];
    const bool tails = p.kind() == Prior::Kind::normal;
    for (const auto& [u, end] :
         {std::pair{tails ? 0.001 : 0.0, "lower"}, std::pair{tails ? 0.999 : 1.0, "upper"}}) {
      std::vector<double> values = nominal;
      values[i] = p.quantile(u);
      try {
        build(src, impl->priors, values);
      } catch (const ScenarioError& e) {
        throw ScenarioError(
            p.origin(), p.key(), p.text(),
            std::string("at the ") + end + " end of its support (" + p.format(values[i]) +
                ", other priors at their medians) the scenario is invalid: " + e.what());
      }
    }
  }

  UncertainScenario u;
  u.impl_ = std::move(impl);
  return u;
}

Scenario loadScenario(const std::optional<fs::path>& scenario_file,
                      const std::vector<std::string>& overrides) {
  return loadUncertainScenario(scenario_file, overrides).nominal();
}

}  // namespace grainsim

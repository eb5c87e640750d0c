#include "model/ScenarioLoader.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "model/CsvTable.hpp"
#include "model/EmbeddedDefaults.hpp"
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
};

using RawValues = std::map<std::string, RawValue, std::less<>>;

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
void readIni(std::string_view text, const std::string& origin, const fs::path& base_dir,
             RawValues& raw) {
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
    if (opt.unregistered)
      throw ScenarioError(origin, opt.string_key, value,
                          "unknown key (grainsim describe lists every key)");
    if (++seen[opt.string_key] > 1)
      throw ScenarioError(origin, opt.string_key, value, "key is given more than once");
    raw[opt.string_key] = {value, origin, base_dir};
  }
}

void applyOverride(const std::string& assignment, RawValues& raw) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos)
    throw ScenarioError("--set", assignment, "", "must be written key=value");
  const std::string key = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  if (!findSpec(key))
    throw ScenarioError("--set", key, value, "unknown key (grainsim describe lists every key)");
  raw[key] = {value, "--set", fs::current_path()};
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
        throw ScenarioError(rv.origin, key, rv.value, "must be a finite number");
      if (x < spec.min || x > spec.max)
        throw ScenarioError(rv.origin, key, rv.value,
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
              throw ScenarioError(rv.origin, key, rv.value, "must be a whole number");
            field(p) = static_cast<std::uint32_t>(x);
          } else if constexpr (std::is_same_v<Ref, Date&>) {
            const auto d = Date::parse(rv.value);
            if (!d) throw ScenarioError(rv.origin, key, rv.value, "must be a date YYYY-MM-DD");
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
               rv.origin + ")";
  }
  throw ScenarioError(blamed->origin, blamed_key, blamed->value, rule + " [" + listing + "]");
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

Scenario loadScenario(const std::optional<fs::path>& scenario_file,
                      const std::vector<std::string>& overrides) {
  RawValues raw;
  for (const auto& spec : parameterTable())
    raw[std::string(spec.name)] = {std::string(spec.default_value), "default", fs::current_path()};

  Scenario s;
  if (scenario_file) {
    const std::string origin = scenario_file->string();
    if (!fs::is_regular_file(*scenario_file))
      throw ScenarioError(origin, "--scenario", origin, "scenario file does not exist");
    const fs::path dir = scenario_file->parent_path().empty()
                             ? fs::current_path()
                             : fs::absolute(scenario_file->parent_path());
    readIni(readFile(*scenario_file, "command line", "--scenario"), origin, dir, raw);
    s.name = scenario_file->stem().string();
  } else {
    readIni(*embeddedFile(kDefaultScenarioFile),
            "embedded runs/" + std::string(kDefaultScenarioFile), fs::current_path(), raw);
    s.name = fs::path(kDefaultScenarioFile).stem().string();
  }
  for (const auto& o : overrides) applyOverride(o, raw);

  s.params = typedParameters(raw);
  validateParameters(s.params, raw);

  const auto read = [&](const char* name) {
    TableSource src = tableSource(raw, std::string("tables.") + name, name);
    s.resolved_text += "\n# table " + std::string(name) + " (" + src.origin + ")\n" + src.text;
    return CsvTable(src.origin, src.text);
  };
  s.commodities = readCommodities(read("commodities"));
  s.regions = readRegions(read("regions"), s.commodities);
  const auto region_names = namesOf(s.regions);
  s.tiers = readTiers(read("tiers"), region_names);
  s.entry_points = readEntryPoints(read("entry_points"), region_names);
  s.routes = readRoutes(read("routes"), s.entry_points);
  s.shipments = readShipments(read("shipments"), s.entry_points, s.commodities);

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
  if (!s.params.exchange.path.empty()) {
    const auto& rv = raw.at("exchange.path");
    const fs::path path =
        fs::path(rv.value).is_absolute() ? fs::path(rv.value) : rv.base_dir / rv.value;
    const std::string text = readFile(path, rv.origin, "exchange.path");
    s.exchange_path = readExchangePath(CsvTable(path.string(), text));
    s.resolved_text += "\n# table exchange_path (" + path.string() + ")\n" + text;
  }

  std::string params_text = "# grainsim resolved scenario '" + s.name + "'\n";
  for (const auto& spec : parameterTable()) {
    const RawValue& rv = raw.at(std::string(spec.name));
    params_text += std::string(spec.name) + " = " + rv.value + "    # " + rv.origin + "\n";
  }
  s.resolved_text = params_text + s.resolved_text;
  return s;
}

}  // namespace grainsim

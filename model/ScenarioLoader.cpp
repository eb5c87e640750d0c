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
#include "model/NearestName.hpp"
#include "model/Rng.hpp"
#include "model/ScenarioError.hpp"
#include "model/ShownText.hpp"
#include "model/Tables.hpp"
#include "model/TextFile.hpp"

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
constexpr std::string_view kTables[] = {"commodities", "regions",    "tiers",    "entry_points",
                                        "routes",      "shipments",  "harvests", "imports",
                                        "pds",         "state_shops"};

/// The table a key addresses as `<table>.<rest>`, if its first part names one.
std::optional<std::string_view> cellTable(std::string_view key) {
  for (const auto t : kTables)
    if (key.size() > t.size() && key.substr(0, t.size()) == t && key[t.size()] == '.') return t;
  return std::nullopt;
}

constexpr std::string_view kKeysHint =
    "(grainsim describe lists every key; table cells are <table>.<row>.<column>)";

/// "unknown key", naming the parameter closest to `key` if one is close.
std::string unknownKey(const std::string& key) {
  std::vector<std::string> names;
  for (const auto& spec : parameterTable()) names.emplace_back(spec.name);
  const auto nearest = nearestName(key, names);
  return (nearest ? "unknown key; did you mean '" + *nearest + "'? " : "unknown key ") +
         std::string(kKeysHint);
}

const ParameterSpec* findSpec(std::string_view key) {
  for (const auto& spec : parameterTable())
    if (spec.name == key) return &spec;
  return nullptr;
}

std::string readFile(const fs::path& path, const std::string& origin, const std::string& key) {
  if (const auto why = notReadableBecause(path))
    throw ScenarioError(origin, key, path.string(), "the file " + *why);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(origin, key, path.string(), "the file cannot be read");
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
  std::istringstream in{std::string(withoutByteOrderMark(text))};
  po::parsed_options parsed(&known);
  try {
    parsed = po::parse_config_file(in, known, /*allow_unregistered=*/true);
  } catch (const po::error& e) {
    throw ScenarioError(origin + ": " + shownText(e.what()));  // it quotes the line
  }
  std::map<std::string, int> seen;
  for (const auto& opt : parsed.options) {
    const std::string value = opt.value.empty() ? "" : opt.value.front();
    const bool cell = opt.unregistered && cellTable(opt.string_key);
    if (opt.unregistered && !cell)
      throw ScenarioError(origin, opt.string_key, value, unknownKey(opt.string_key));
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
  if (!findSpec(key)) throw ScenarioError("--set", key, value, unknownKey(key));
  raw[key] = {value, "--set", fs::current_path(), {}};
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

/// The longest run: the model is of seasons to a few years of aid and prices, its tables do not
/// reach decades, and its output grows with every day (an end date of 9999 never finished).
constexpr int kMaxSimulatedYears = 20;
constexpr int kMaxSimulatedDays = kMaxSimulatedYears * 365 + kMaxSimulatedYears / 4;

void validateParameters(const Parameters& p, const RawValues& raw) {
  if (p.run.end_date < p.run.start_date)
    failJointRule(raw, {"run.start_date", "run.end_date"},
                  "run.start_date must not be after run.end_date");
  const long long simulated = static_cast<long long>(p.run.end_date - p.run.start_date) + 1 +
                              static_cast<long long>(std::ceil(p.run.spinup_days));
  if (simulated > kMaxSimulatedDays)
    failJointRule(raw, {"run.start_date", "run.end_date", "run.spinup_days"},
                  "a run simulates at most " + std::to_string(kMaxSimulatedDays) + " days (" +
                      std::to_string(kMaxSimulatedYears) +
                      " years, spin-up included: the model is of seasons to a few years), this "
                      "one " +
                      std::to_string(simulated));
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

/// The table a path parameter (`exchange.path`, `start.prices`) names, if it names one.
std::optional<LoadedTable> optionalTable(const RawValues& raw, const std::string& key,
                                         const std::string& name) {
  const RawValue& rv = raw.at(key);
  if (rv.value.empty()) return std::nullopt;
  const fs::path path =
      fs::path(rv.value).is_absolute() ? fs::path(rv.value) : rv.base_dir / rv.value;
  TableSource source{path.string(), readFile(path, rv.origin, key)};
  CsvTable csv(source.origin, source.text);
  return LoadedTable{name, std::move(source), std::move(csv)};
}

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
  std::optional<LoadedTable> start_prices;
  std::vector<std::filesystem::path> files;  ///< every file read: the INI, then tables
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

/// The latest observed price on or before the start date of each region and commodity
/// (region-major; NaN where none). Old observations are used with a warning.
std::vector<double> startPrices(Scenario& s, const CsvTable& t) {
  const std::size_t C = s.commodities.size();
  const auto observed = readObservedPrices(t, s.commodities, namesOf(s.regions));
  std::vector<double> price(s.regions.size() * C, std::numeric_limits<double>::quiet_NaN());
  std::vector<std::optional<Date>> when(price.size());
  const Date start = s.params.run.start_date;
  for (const ObservedPrice& o : observed) {
    const std::size_t i = static_cast<std::size_t>(o.region) * C + o.commodity;
    if (start < o.date || (when[i] && o.date < *when[i])) continue;  // later rows are not known
    price[i] = o.kpw_per_kg;
    when[i] = o.date;
  }
  bool any = false;
  for (std::size_t i = 0; i < price.size(); ++i) {
    if (!when[i]) continue;
    any = true;
    if (start - *when[i] > s.params.start.max_age_days)
      s.warnings.push_back(
          t.source() + ": the latest " + s.commodities[i % C].name + " price in " +
          s.regions[i / C].name + " on or before the start date is of " + when[i]->iso() + ", " +
          std::to_string(start - *when[i]) +
          " days old (start.max_age_days = " + formatNumber(s.params.start.max_age_days) + ")");
  }
  if (!any)
    throw ScenarioError(t.source(), "start.prices", start.iso(),
                        "no observed price on or before the start date");
  return price;
}

/// Rows dated wholly outside the simulated days would be dropped without a word: say so.
void warnOutsideRunPeriod(Scenario& s) {
  const Date first = s.firstDate(), last = s.params.run.end_date;
  const std::string period = first.iso() + " to " + last.iso();
  for (const Shipment& sh : s.shipments)
    if (sh.arrival < first || last < sh.arrival)
      s.warnings.push_back("shipment '" + sh.name + "' arrives on " + sh.arrival.iso() +
                           ", outside the simulated days " + period + ": it never lands");
  auto dated = [&](const std::string& table, const std::string& name, Date a, Date b) {
    if (b < first || last < a)
      s.warnings.push_back(table + " row '" + name + "' (" + a.iso() + " to " + b.iso() +
                           ") lies outside the simulated days " + period + ": it has no effect");
  };
  for (const DatedFlow& f : s.imports) dated("imports", f.name, f.first, f.last);
  for (const DatedFlow& f : s.state_shops) dated("state_shops", f.name, f.first, f.last);
  for (const PdsRation& p : s.pds) dated("pds", p.name, p.first, p.last);
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
  s.input_files = src.files;
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
  s.harvests = readHarvests(tables[6], s.commodities);
  std::vector<bool> harvested(s.commodities.size(), false);
  for (const Harvest& h : s.harvests) harvested[h.commodity] = true;
  s.regions = readRegions(tables[1], s.commodities, harvested);
  double census = 0;
  for (const Region& r : s.regions) census += r.census_population;
  if (!s.regions.empty() && !(census > 0))
    throw ScenarioError(tables[1].source(), "column 'census_population'", formatNumber(census),
                        "the regions' populations sum to 0: households are placed in proportion "
                        "to them, so at least one region needs people");
  const auto region_names = namesOf(s.regions);
  s.tiers = readTiers(tables[2], region_names);
  s.entry_points = readEntryPoints(tables[3], region_names);
  s.routes = readRoutes(tables[4], s.entry_points);
  s.shipments = readShipments(tables[5], s.entry_points, s.commodities);
  s.imports = readImports(tables[7], s.commodities, region_names);
  s.pds = readPds(tables[8], s.commodities, region_names);
  s.state_shops = readStateShops(tables[9], s.commodities, region_names);

  if (s.regions.empty()) throw ScenarioError("tables.regions: the regions table has no rows");
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
  if (src.start_prices) {
    s.start_prices = startPrices(s, src.start_prices->csv);
    s.resolved_text += "\n# table start_prices (" + src.start_prices->source.origin + ")\n" +
                       src.start_prices->source.text;
  }
  warnOutsideRunPeriod(s);

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
  for (const std::string& w : s.warnings) params_text += "# warning: " + w + "\n";
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
    const fs::path dir = scenario_file->parent_path().empty()
                             ? fs::current_path()
                             : fs::absolute(scenario_file->parent_path());
    readIni(readFile(*scenario_file, "command line", "--scenario"), origin, dir, raw, cells);
    src.name = scenario_file->stem().string();
    src.files.push_back(*scenario_file);
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
    if (!raw.at("tables." + n).value.empty()) src.files.emplace_back(source.origin);  // a file
    src.tables.push_back({n, std::move(source), std::move(csv)});
  }
  src.exchange_path = optionalTable(raw, "exchange.path", "exchange_path");
  src.start_prices = optionalTable(raw, "start.prices", "start_prices");
  for (const auto* t : {&src.exchange_path, &src.start_prices})
    if (*t) src.files.emplace_back((*t)->source.origin);
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

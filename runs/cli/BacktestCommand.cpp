/// \brief `grainsim backtest`: rolling-origin forecasts of the observed prices, conditional on the
/// observed exchange rate and unconditional, scored beside naive benchmarks (docs/BACKTEST.md).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "calibration/Backtest.hpp"
#include "calibration/ScenarioIni.hpp"
#include "runs/cli/CalibrationCommon.hpp"
#include "runs/cli/CommandErrors.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/cli/EnsembleCommand.hpp"
#include "runs/cli/NumericOptions.hpp"
#include "runs/output/OutputFile.hpp"
#include "runs/output/TableFile.hpp"

namespace grainsim::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

std::vector<int> parseHorizons(const std::string& text) {
  std::vector<int> weeks;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    char* end = nullptr;
    const long w = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || w < 1 || w > 520 || (!weeks.empty() && w <= weeks.back()))
      throw std::invalid_argument(
          "--horizons '" + text +
          "': expected increasing whole weeks from 1 to 520, e.g. 2,4,8,12");
    weeks.push_back(static_cast<int>(w));
  }
  if (weeks.empty()) throw std::invalid_argument("--horizons: no horizon given");
  return weeks;
}

std::string percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", 100 * x);
  return buf;
}

/// Summaries of every method over the forecasts `keep` selects.
template <class Keep>
std::vector<ScoreSummary> summaries(const BacktestResult& r, Keep keep) {
  std::vector<ScoreSummary> out;
  for (std::size_t m = 0; m < kBacktestMethodCount; ++m) {
    std::vector<Score> scores;
    for (const auto& f : r.forecasts)
      if (keep(f)) scores.push_back(methodScore(f, m));
    out.push_back(summarise(scores));
  }
  return out;
}

const char* kMethodNames[] = {"model, conditional",
                              "model, unconditional",
                              "last KPW price",
                              "last USD price x FX (observed FX)",
                              "last USD price x FX (FX projected)",
                              "seasonal naive"};

/// A Markdown table: one row per method, one column group per group (horizon, city...).
template <class Keep>
std::string table(const BacktestResult& r, const std::vector<std::string>& groups,
                  const std::function<bool(const BacktestForecast&, std::size_t)>& in_group,
                  Keep keep, bool with_bands) {
  std::ostringstream md;
  md << "| method | n |";
  for (const auto& g : groups) md << " " << g << " MAPE |";
  if (with_bands)
    for (const auto& g : groups) md << " " << g << " 90 % cover |";
  md << "\n| --- | --- |";
  for (std::size_t i = 0; i < groups.size() * (with_bands ? 2 : 1); ++i) md << " --- |";
  md << "\n";
  std::vector<std::vector<ScoreSummary>> s;
  for (std::size_t g = 0; g < groups.size(); ++g)
    s.push_back(summaries(r, [&](const BacktestForecast& f) { return keep(f) && in_group(f, g); }));
  for (std::size_t m = 0; m < kBacktestMethodCount; ++m) {
    std::size_t n = 0;
    for (const auto& group : s) n += group[m].n;
    md << "| " << kMethodNames[m] << " | " << n << " |";
    for (const auto& group : s) md << " " << (group[m].n ? percent(group[m].mape) : "-") << " |";
    if (with_bands)
      for (const auto& group : s)
        md << " " << (m < 2 && group[m].n ? percent(group[m].coverage90) : "-") << " |";
    md << "\n";
  }
  return md.str();
}

std::string overallTable(const std::vector<ScoreSummary>& s) {
  std::ostringstream md;
  md << "| method | n | MAPE % | median APE % | bias % | 50 % band cover % | 90 % band cover % "
        "| CRPS % |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (std::size_t m = 0; m < kBacktestMethodCount; ++m) {
    md << "| " << kMethodNames[m] << " | " << s[m].n << " | " << percent(s[m].mape) << " | "
       << percent(s[m].mdape) << " | " << percent(s[m].bias) << " | "
       << (m < 2 ? percent(s[m].coverage50) : "-") << " | "
       << (m < 2 ? percent(s[m].coverage90) : "-") << " | " << percent(s[m].crps) << " |\n";
  }
  return md.str();
}

std::string markdownTables(const BacktestResult& r, const BacktestOptions& o,
                           const Scenario& nominal) {
  std::vector<std::string> horizons;
  for (int w : o.horizon_weeks) horizons.push_back(std::to_string(w) + " wk");
  const auto byHorizon = [&](const BacktestForecast& f, std::size_t g) {
    return f.horizon_weeks == o.horizon_weeks[g];
  };
  std::vector<std::string> commodities, cities;
  for (const auto& obs : r.scored) {
    const std::string c = nominal.commodities[obs.commodity].name;
    if (std::find(commodities.begin(), commodities.end(), c) == commodities.end())
      commodities.push_back(c);
    if (std::find(cities.begin(), cities.end(), obs.city) == cities.end())
      cities.push_back(obs.city);
  }
  const auto byCommodity = [&](const BacktestForecast& f, std::size_t g) {
    return nominal.commodities[r.scored[f.observation].commodity].name == commodities[g];
  };
  const auto byCity = [&](const BacktestForecast& f, std::size_t g) {
    return r.scored[f.observation].city == cities[g];
  };
  const auto test = [](const BacktestForecast& f) { return f.test; };
  const auto test4to12 = [](const BacktestForecast& f) { return f.test && f.horizon_weeks > 2; };
  const auto train = [](const BacktestForecast& f) { return !f.test; };
  std::ostringstream md;
  md << "### Test period (observations after " << o.train_until.iso() << ")\n\n"
     << "All horizons:\n\n"
     << overallTable(summaries(r, test)) << "\nHorizons of 4 to 12 weeks (leads over 2 weeks):\n\n"
     << overallTable(summaries(r, test4to12)) << "\nBy horizon (lead up to):\n\n"
     << table(r, horizons, byHorizon, test, true) << "\nBy commodity:\n\n"
     << table(r, commodities, byCommodity, test, true) << "\nBy city:\n\n"
     << table(r, cities, byCity, test, false) << "\n### Training period (observations up to "
     << o.train_until.iso() << "; parameters were fitted on it)\n\n"
     << overallTable(summaries(r, train)) << "\nBy horizon:\n\n"
     << table(r, horizons, byHorizon, train, true)
     << "\n### Model-error scale (sd of log price, fitted on the training period's conditional "
        "forecasts)\n\n| horizon |";
  for (const auto& h : horizons) md << " " << h << " |";
  md << "\n| --- |";
  for (std::size_t i = 0; i < horizons.size(); ++i) md << " --- |";
  md << "\n| sd |";
  for (double sd : r.error_sd) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " %.3f |", sd);
    md << buf;
  }
  md << "\n";
  return md.str();
}

TableFileContents fileContents(const BacktestResult& r, const BacktestOptions& o,
                               const Scenario& nominal) {
  TableFileContents c;
  c.kind = "backtest";
  c.title = "grainsim backtest: rolling-origin forecasts of observed prices";
  c.summary =
      "Forecast quantiles of observed market prices from rolling origins, with the observations "
      "and the scores of the model and of naive forecasts.";
  const std::size_t nf = r.forecasts.size(), no = r.origins.size(), nfan = r.fans.size();
  std::vector<std::string> methods(std::begin(kBacktestMethods), std::end(kBacktestMethods));
  std::vector<std::string> horizons;
  for (int w : o.horizon_weeks) horizons.push_back(std::to_string(w) + " weeks");
  const std::size_t days = r.fans.empty() ? 0 : r.fans.front().q50.size();
  c.dims = {{"forecast", {}, nf, "one observed price forecast from one origin"},
            {"method", methods, 0, "forecasting method"},
            {"origin", {}, no, "forecast origin"},
            {"horizon", horizons, 0, "horizon bucket: leads up to this many weeks"},
            {"fan", {}, nfan, "one origin's forecast of one region and commodity in one mode"},
            {"lead", {}, days, "days after the origin"}};
  std::vector<double> origin, target, lead, bucket, test, observed, fell_back;
  std::vector<double> median(nf * kBacktestMethodCount), ape(median.size()), crps(median.size()),
      q05(nf * 2), q25(nf * 2), q75(nf * 2), q95(nf * 2);
  std::vector<std::string> city, commodity;
  for (std::size_t i = 0; i < nf; ++i) {
    const auto& f = r.forecasts[i];
    const auto& obs = r.scored[f.observation];
    origin.push_back(f.origin.days_since_epoch);
    target.push_back(f.target.days_since_epoch);
    lead.push_back(f.target - f.origin);
    bucket.push_back(f.horizon_weeks);
    test.push_back(f.test ? 1 : 0);
    observed.push_back(obs.kpw_per_kg);
    fell_back.push_back(f.seasonal_fell_back ? 1 : 0);
    city.push_back(obs.city);
    commodity.push_back(nominal.commodities[obs.commodity].name);
    for (std::size_t m = 0; m < kBacktestMethodCount; ++m) {
      median[i * kBacktestMethodCount + m] = methodScore(f, m).median;
      ape[i * kBacktestMethodCount + m] = methodScore(f, m).ape;
      crps[i * kBacktestMethodCount + m] = methodScore(f, m).crps;
    }
    for (int mode = 0; mode < 2; ++mode) {
      q05[i * 2 + mode] = f.model[mode].q05;
      q25[i * 2 + mode] = f.model[mode].q25;
      q75[i * 2 + mode] = f.model[mode].q75;
      q95[i * 2 + mode] = f.model[mode].q95;
    }
  }
  c.dims.push_back({"mode",
                    {"conditional", "unconditional"},
                    0,
                    "exchange rate beyond the origin: observed (conditional) or projected"});
  const std::string days_since = "days since 1970-01-01";
  c.variables = {
      {"origin_date", {"forecast"}, origin, days_since, "forecast origin"},
      {"target_date", {"forecast"}, target, days_since, "date of the observed price"},
      {"lead_days", {"forecast"}, lead, "days", "days from origin to target"},
      {"horizon_weeks", {"forecast"}, bucket, "weeks", "horizon bucket (leads up to it)"},
      {"test", {"forecast"}, test, "1", "1: target after train_until (out of sample)"},
      {"observed", {"forecast"}, observed, "KPW kg-1", "observed price"},
      {"forecast_median",
       {"forecast", "method"},
       median,
       "KPW kg-1",
       "forecast median (point forecast for naive methods)"},
      {"ape", {"forecast", "method"}, ape, "1", "absolute percentage error of the median"},
      {"crps", {"forecast", "method"}, crps, "1", "CRPS divided by the observed price"},
      {"q05", {"forecast", "mode"}, q05, "KPW kg-1", "model forecast, 5 % quantile"},
      {"q25", {"forecast", "mode"}, q25, "KPW kg-1", "model forecast, 25 % quantile"},
      {"q75", {"forecast", "mode"}, q75, "KPW kg-1", "model forecast, 75 % quantile"},
      {"q95", {"forecast", "mode"}, q95, "KPW kg-1", "model forecast, 95 % quantile"},
      {"seasonal_fell_back",
       {"forecast"},
       fell_back,
       "1",
       "1: no price a year earlier; the seasonal naive is the last price"},
      {"model_error_sd",
       {"horizon"},
       r.error_sd,
       "1",
       "sd of the model error added to forecasts (log price), fitted on training forecasts"}};
  std::vector<double> origins, walk_drift, walk_sd, walk_last;
  for (std::size_t i = 0; i < no; ++i) {
    origins.push_back(r.origins[i].days_since_epoch);
    walk_drift.push_back(r.walks[i].drift);
    walk_sd.push_back(r.walks[i].sd_per_day);
    walk_last.push_back(r.walks[i].last);
  }
  c.variables.push_back({"origins", {"origin"}, origins, days_since, "forecast origins"});
  c.variables.push_back({"exchange_drift",
                         {"origin"},
                         walk_drift,
                         "day-1",
                         "unconditional mode: fitted drift of log KPW per USD"});
  c.variables.push_back({"exchange_sd",
                         {"origin"},
                         walk_sd,
                         "day-1/2",
                         "unconditional mode: fitted sd of the daily log change"});
  c.variables.push_back({"exchange_at_origin",
                         {"origin"},
                         walk_last,
                         "KPW USD-1",
                         "exchange rate known at the origin"});
  std::vector<double> fan_origin, fan_mode;
  std::vector<std::string> fan_region, fan_commodity;
  std::vector<double> f05, f25, f50, f75, f95;
  for (const auto& f : r.fans) {
    fan_origin.push_back(f.origin.days_since_epoch);
    fan_mode.push_back(f.mode);
    fan_region.push_back(nominal.regions[f.region].name);
    fan_commodity.push_back(nominal.commodities[f.commodity].name);
    f05.insert(f05.end(), f.q05.begin(), f.q05.end());
    f25.insert(f25.end(), f.q25.begin(), f.q25.end());
    f50.insert(f50.end(), f.q50.begin(), f.q50.end());
    f75.insert(f75.end(), f.q75.begin(), f.q75.end());
    f95.insert(f95.end(), f.q95.begin(), f.q95.end());
  }
  c.variables.push_back({"fan_origin", {"fan"}, fan_origin, days_since, "origin of the fan"});
  c.variables.push_back({"fan_mode", {"fan"}, fan_mode, "1", "0 conditional, 1 unconditional"});
  const std::pair<const char*, std::vector<double>*> fans[] = {{"fan_q05", &f05},
                                                               {"fan_q25", &f25},
                                                               {"fan_q50", &f50},
                                                               {"fan_q75", &f75},
                                                               {"fan_q95", &f95}};
  for (const auto& [name, values] : fans)
    c.variables.push_back({name,
                           {"fan", "lead"},
                           *values,
                           "KPW kg-1",
                           std::string("forecast price quantile ") + (name + 5) + " %"});
  c.strings = {{"city", "forecast", "city of the observed price", city},
               {"commodity", "forecast", "commodity", commodity},
               {"fan_region", "fan", "region of the fan", fan_region},
               {"fan_commodity", "fan", "commodity of the fan", fan_commodity}};
  c.text_attributes = {{"scenario_name", nominal.name},
                       {"scenario", nominal.resolved_text},
                       {"train_until", o.train_until.iso()},
                       {"first_origin", o.first_origin.iso()},
                       {"last_origin", o.last_origin.iso()}};
  c.number_attributes = {{"seed", o.seed},
                         {"replicates", o.replicates},
                         {"origin_step_days", static_cast<double>(o.origin_step_days)},
                         {"model_runs", static_cast<double>(r.model_runs)}};
  return c;
}

int backtest(const po::variables_map& vm, const std::string& command_line) {
  std::optional<fs::path> scenario_file;
  if (vm.count("scenario")) scenario_file = vm["scenario"].as<std::string>();
  std::vector<std::string> overrides;
  if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
  ObservationSource source = observationSource(vm);
  BacktestOptions o;
  o.horizon_weeks = parseHorizons(vm["horizons"].as<std::string>());
  o.replicates = static_cast<std::uint32_t>(
      wholeOption(vm, "replicates", {1, 10'000, "every origin runs them all"}));
  o.seed = seedOption(vm);
  o.threads = threadsOption(vm);
  o.origin_step_days = static_cast<int>(
      wholeOption(vm, "every", {1, 3650, "days between origins, up to ten years"}));
  o.exchange_window_days = static_cast<int>(
      wholeOption(vm, "exchange-window", {1, 3650, "days of exchange rates, up to ten years"}));
  if (!source.last_given)
    throw std::invalid_argument(
        "--train-until is required: the end of the period the "
        "parameters were fitted on");
  o.train_until = source.filter.last;
  o.first_origin = dateOption(vm, "first-origin");
  const fs::path out = vm["out"].as<std::string>();
  const bool force = vm.count("force") > 0, quiet = vm.count("quiet") > 0;
  checkOutputPath(out, force);
  std::optional<fs::path> markdown;
  if (vm.count("markdown")) markdown = vm["markdown"].as<std::string>();

  // Everything the forecaster may know (start prices, naive benchmarks) and what is scored.
  const Scenario base = loadScenario(scenario_file, overrides);
  const auto history = allObservations(source, base);
  ObservationFilter scoring = source.filter;
  scoring.first = Date{-1000000};
  scoring.last = Date{1000000};
  scoring.grade_weights = parseGradeWeights("--score-grades", vm["score-grades"].as<std::string>());
  const auto scored = readObservations(source.prices, source.city_regions, base, scoring);
  if (scored.empty()) throw std::invalid_argument("--score-grades: no observation to score");
  o.last_origin =
      vm.count("last-origin") ? dateOption(vm, "last-origin") : scored.back().date.plusDays(-1);

  PrivateFolder folder;  // each origin's start prices
  if (!quiet)
    std::cerr << "grainsim backtest: origins " << o.first_origin.iso() << " to "
              << o.last_origin.iso() << " every " << o.origin_step_days << " days, " << o.replicates
              << " replicates per origin and mode, " << scored.size() << " observations to score\n";
  const BacktestResult result =
      runBacktest(scenario_file, overrides, folder.path, history, scored, o);
  writeTableFile(out, fileContents(result, o, base), command_line, force);
  const std::string tables = markdownTables(result, o, base);
  if (markdown) writeTextFile(*markdown, tables, true);
  if (!quiet)
    std::cout << tables << "\n"
              << result.forecasts.size() << " forecasts from " << result.origins.size()
              << " origins, " << result.model_runs << " model runs; wrote " << out.string()
              << (markdown ? ", " + markdown->string() : std::string()) << "\n";
  return kExitOk;
}

}  // namespace

int backtestCommand(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("grainsim backtest [options]");
  opts.add_options()("help,h", "show this help")("scenario", po::value<std::string>(),
                                                 "calibrated scenario spanning the data, with an "
                                                 "exchange.path (e.g. runs/dprk-2023-2025.ini)")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario value, key=value (repeatable)");
  addObservationOptions(opts);
  opts.add_options()("score-grades", po::value<std::string>()->default_value("A=1"),
                     "grades of the observations scored (--grades: those known as history)")(
      "first-origin", po::value<std::string>()->default_value("2024-01-01"), "first origin")(
      "last-origin", po::value<std::string>(),
      "last origin (default: the day before the last scored observation)")(
      "every", po::value<std::string>()->default_value("28"), "days between origins")(
      "horizons", po::value<std::string>()->default_value("2,4,8,12"),
      "horizon buckets in weeks, increasing")("replicates",
                                              po::value<std::string>()->default_value("20"),
                                              "replicates per origin and mode")(
      "seed", po::value<std::string>()->default_value("1"), "simulation seed")(
      "exchange-window", po::value<std::string>()->default_value("365"),
      "days of the past the unconditional exchange-rate walk is fitted to")(
      "threads", po::value<std::string>()->default_value("0"), "worker threads (0: all cores)")(
      "out", po::value<std::string>()->default_value("backtest.h5"), "HDF5 file of every forecast")(
      "markdown", po::value<std::string>(), "also write the score tables to this Markdown file")(
      "force", "overwrite an existing output file")("quiet,q", "print nothing");
  po::variables_map vm;
  if (auto stop = parseCommandLine("backtest", args, opts, vm)) return *stop;
  return guardedCommand("backtest", [&] { return backtest(vm, command_line); });
}

}  // namespace grainsim::cli

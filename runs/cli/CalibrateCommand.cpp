/// \brief `grainsim calibrate`: fits parameter ranges to observed prices (NLopt, a global then a
/// local stage, resumable from its journal) and writes the calibrated scenario, the posterior as
/// priors, and an HDF5 report (docs/CALIBRATION.md).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "calibration/Calibration.hpp"
#include "calibration/Observations.hpp"
#include "calibration/Origins.hpp"
#include "calibration/Posterior.hpp"
#include "calibration/ScenarioIni.hpp"
#include "model/Rng.hpp"
#include "model/ScenarioError.hpp"
#include "runs/cli/CalibrationCommon.hpp"
#include "runs/cli/CommandErrors.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/cli/EnsembleCommand.hpp"
#include "runs/cli/NumericOptions.hpp"
#include "runs/output/OutputFile.hpp"
#include "runs/output/TableFile.hpp"
#include "runs/sweep/SweepParameter.hpp"

namespace grainsim::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

struct CalibrateSettings {
  std::optional<fs::path> scenario_file;
  std::vector<std::string> overrides;
  std::vector<SweepParameter> parameters;
  ObservationSource source;
  ObjectiveOptions objective;
  CalibrationOptions optimiser;
  fs::path out, report, posterior, journal;
  int origins_every = 0;  ///< 0: one long run; else forecasts from origins this many days apart
  int horizon_weeks = 12;
  bool with_posterior = true, force = false, quiet = false;
};

CalibrateSettings calibrateSettings(const po::variables_map& vm) {
  CalibrateSettings s;
  if (vm.count("scenario")) s.scenario_file = vm["scenario"].as<std::string>();
  if (vm.count("set")) s.overrides = vm["set"].as<std::vector<std::string>>();
  const auto params =
      vm.count("param") ? vm["param"].as<std::vector<std::string>>() : std::vector<std::string>{};
  for (const auto& text : params) {
    s.parameters.push_back(SweepParameter::parse(text));
    for (std::size_t i = 0; i + 1 < s.parameters.size(); ++i)
      if (s.parameters[i].key == s.parameters.back().key)
        throw std::invalid_argument("--param " + text + ": " + s.parameters.back().key +
                                    " is given twice");
  }
  s.source = observationSource(vm);
  s.objective.replicates = static_cast<std::uint32_t>(wholeOption(
      vm, "replicates", {1, 1000, "every evaluation runs them all; more cannot finish"}));
  s.objective.seed = seedOption(vm);
  s.objective.threads = threadsOption(vm);
  constexpr WholeBounds evaluations{0, 100'000, "each evaluation is a full run of the scenario"};
  s.optimiser.global_evaluations =
      static_cast<unsigned>(wholeOption(vm, "global-evaluations", evaluations));
  s.optimiser.local_evaluations =
      static_cast<unsigned>(wholeOption(vm, "local-evaluations", evaluations));
  s.optimiser.optimiser_seed = seedOption(vm, "optimiser-seed");
  s.out = vm["out"].as<std::string>();
  if (s.out.extension() != ".ini")
    throw std::invalid_argument("--out '" + s.out.string() +
                                "': the calibrated scenario is an "
                                "INI file; give a name ending in .ini");
  const fs::path stem = s.out.parent_path() / s.out.stem();
  s.report = vm.count("report") ? fs::path(vm["report"].as<std::string>())
                                : fs::path(stem.string() + "-report.h5");
  s.posterior = vm.count("posterior") ? fs::path(vm["posterior"].as<std::string>())
                                      : fs::path(stem.string() + "-posterior.ini");
  s.journal = vm.count("journal") ? fs::path(vm["journal"].as<std::string>())
                                  : fs::path(stem.string() + ".journal");
  s.origins_every = static_cast<int>(
      wholeOption(vm, "origins-every", {0, 3650, "0: one run; at most ten years apart"}));
  s.horizon_weeks = static_cast<int>(
      wholeOption(vm, "horizon-weeks", {1, 520, "a forecast of at most ten years"}));
  s.with_posterior = !vm.count("no-posterior");
  s.force = vm.count("force") > 0;
  s.quiet = vm.count("quiet") > 0;
  return s;
}

/// What the journal's losses depend on: the scenario with its ranges, the observations and the
/// objective's options (not the optimiser's budgets, which only decide how far it goes).
std::string fingerprint(const UncertainScenario& scenario, const PriceObjective& objective) {
  std::string text = scenario.nominal().resolved_text;
  for (const auto& p : scenario.priors()) text += "\n" + p.key() + "=" + p.text();
  char line[160];
  for (std::size_t i = 0; i < objective.observations().size(); ++i) {
    const auto& o = objective.observations()[i];
    std::snprintf(line, sizeof line, "\n%s %s %d %d %.17g %.17g",
                  objective.observationStarts()[i].iso().c_str(), o.date.iso().c_str(), o.region,
                  o.commodity, o.kpw_per_kg, o.weight);
    text += line;
  }
  text += "\nreplicates " + std::to_string(objective.options().replicates) + " seed " +
          std::to_string(objective.options().seed);
  std::snprintf(line, sizeof line, "%016llx", static_cast<unsigned long long>(fnv1a64(text)));
  return line;
}

TableFileContents reportContents(const PriceObjective& objective, const CalibrationResult& result,
                                 const JournaledObjective& journaled,
                                 const std::optional<Posterior>& posterior,
                                 const CalibrateSettings& settings) {
  const UncertainScenario& scenario = objective.scenario();
  const Scenario& nominal = scenario.nominal();
  const auto& priors = scenario.priors();
  const auto& obs = objective.observations();
  const std::size_t k = priors.size(), n = obs.size(), e = journaled.trace.size();
  TableFileContents c;
  c.kind = "calibration";
  c.title = "grainsim calibration: " + nominal.name + " fitted to observed prices";
  c.summary = "Parameters of scenario '" + nominal.name +
              "' fitted to observed market prices: the fit, its evaluations and the posterior.";
  std::vector<std::string> keys, ranges, units;
  for (const auto& p : priors) {
    keys.push_back(p.key());
    ranges.push_back(p.text());
    units.push_back(p.unit());
  }
  c.dims = {{"parameter", keys, 0, "calibrated scenario parameter (section.key)"},
            {"parameter_b", keys, 0, "calibrated scenario parameter (second axis of covariance)"},
            {"evaluation", {}, e, "objective evaluation, in the order run or replayed"},
            {"observation", {}, n, "observed price used in the fit"}};
  c.strings = {{"parameter_range", "parameter", "range searched, as a scenario prior", ranges},
               {"parameter_units", "parameter", "units of the parameter's values", units}};

  const std::vector<double> best = objective.values(result.best_u);
  c.variables.push_back({"best_value",
                         {"parameter"},
                         best,
                         "",
                         "fitted value (dates: days since "
                         "1970-01-01)"});
  std::vector<double> trace_u, trace_value, trace_loss, trace_stage, trace_replayed;
  for (const auto& t : journaled.trace) {
    trace_u.insert(trace_u.end(), t.u.begin(), t.u.end());
    const auto v = objective.values(t.u);
    trace_value.insert(trace_value.end(), v.begin(), v.end());
    trace_loss.push_back(t.loss);
    trace_stage.push_back(t.stage);
    trace_replayed.push_back(t.replayed ? 1 : 0);
  }
  c.variables.push_back({"trace_unit",
                         {"evaluation", "parameter"},
                         trace_u,
                         "1",
                         "evaluated point on the unit cube (each range's quantile)"});
  c.variables.push_back(
      {"trace_value", {"evaluation", "parameter"}, trace_value, "", "evaluated parameter values"});
  c.variables.push_back({"trace_loss",
                         {"evaluation"},
                         trace_loss,
                         "1",
                         "weighted mean squared log price error (1e6: the run failed)"});
  c.variables.push_back({"trace_stage",
                         {"evaluation"},
                         trace_stage,
                         "1",
                         "0 global search (CRS2-LM), 1 local (BOBYQA), 2 posterior curvature"});
  c.variables.push_back({"trace_replayed",
                         {"evaluation"},
                         trace_replayed,
                         "1",
                         "1: loss replayed from the journal of an earlier, interrupted run"});

  std::vector<double> date, observed, simulated, residual, weight;
  std::vector<std::string> city, region, commodity, grade;
  for (std::size_t i = 0; i < n; ++i) {
    date.push_back(obs[i].date.days_since_epoch);
    observed.push_back(obs[i].kpw_per_kg);
    simulated.push_back(result.best.simulated.empty() ? std::nan("") : result.best.simulated[i]);
    residual.push_back(std::log(simulated.back() / observed.back()));
    weight.push_back(obs[i].weight);
    city.push_back(obs[i].city);
    region.push_back(nominal.regions[obs[i].region].name);
    commodity.push_back(nominal.commodities[obs[i].commodity].name);
    grade.push_back(std::string(1, obs[i].grade));
  }
  c.variables.push_back({"observation_date",
                         {"observation"},
                         date,
                         "days since 1970-01-01",
                         "date of the observed price"});
  c.variables.push_back(
      {"observed_price", {"observation"}, observed, "KPW kg-1", "observed market price"});
  c.variables.push_back({"fitted_price",
                         {"observation"},
                         simulated,
                         "KPW kg-1",
                         "simulated price at the best fit (geometric mean over replicates)"});
  c.variables.push_back({"log_residual", {"observation"}, residual, "1", "log(fitted / observed)"});
  c.variables.push_back({"weight", {"observation"}, weight, "1", "weight in the fit (grade)"});
  c.strings.push_back({"city", "observation", "city of the observation (prices.csv)", city});
  c.strings.push_back({"region", "observation", "model region the city maps to", region});
  c.strings.push_back({"commodity", "observation", "commodity", commodity});
  c.strings.push_back({"grade", "observation", "reliability grade (prices.csv)", grade});

  if (posterior) {
    c.variables.push_back({"posterior_sd",
                           {"parameter"},
                           posterior->sd,
                           "",
                           "approximate posterior standard deviation (Laplace)"});
    std::vector<double> cov(k * k);
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < k; ++j) cov[i * k + j] = posterior->covariance_u(i, j);
    c.variables.push_back({"posterior_covariance_unit",
                           {"parameter", "parameter_b"},
                           cov,
                           "1",
                           "approximate posterior covariance on the unit cube"});
    c.number_attributes.push_back({"sigma_log_price", posterior->sigma});
    c.number_attributes.push_back({"posterior_regularised", posterior->regularised ? 1.0 : 0.0});
  }
  c.text_attributes = {{"scenario_name", nominal.name},
                       {"scenario", nominal.resolved_text},
                       {"train_from", settings.source.filter.first.iso()},
                       {"train_until", settings.source.filter.last.iso()},
                       {"prices", settings.source.prices.string()},
                       {"grade_weights", settings.source.grade_text}};
  c.number_attributes.push_back({"seed", settings.objective.seed});
  c.number_attributes.push_back({"replicates", settings.objective.replicates});
  c.number_attributes.push_back({"loss", result.best.loss});
  c.number_attributes.push_back({"rms_log_error", std::sqrt(result.best.loss)});
  c.number_attributes.push_back(
      {"mape", result.best.simulated.empty()
                   ? std::nan("")
                   : meanAbsolutePercentageError(obs, result.best.simulated)});
  c.number_attributes.push_back(
      {"model_evaluations", static_cast<double>(journaled.evaluations + 1)});
  return c;
}

int calibrate(CalibrateSettings settings, const std::string& command_line) {
  std::vector<std::string> overrides = settings.overrides;
  for (const auto& p : settings.parameters) overrides.push_back(p.priorOverride());
  const UncertainScenario scenario = loadUncertainScenario(settings.scenario_file, overrides);
  printScenarioWarnings("calibrate", scenario.nominal());
  for (const auto& p : scenario.priors()) {
    bool fitted = false;
    for (const auto& q : settings.parameters) fitted = fitted || q.key == p.key();
    if (!fitted)
      throw ScenarioError(p.origin(), p.key(), p.text(),
                          "calibrate fits --param ranges only; give this key a plain value "
                          "(--set " +
                              p.key() + "=VALUE) or a --param range");
  }
  // Outputs are checked before hours of work, not after: their folders exist, and nothing is
  // replaced without --force.
  for (const auto& path : {settings.out, settings.report, settings.posterior})
    checkOutputPath(path, settings.force);

  // One long run from the scenario's start, or forecasts from rolling origins.
  const auto training = trainingObservations(settings.source, scenario.nominal());
  std::vector<ObjectiveSegment> segments;
  PrivateFolder folder;
  std::vector<OriginScenario> origins;
  if (settings.origins_every == 0) {
    segments.push_back({&scenario, training});
  } else {
    const Date last = settings.source.filter.last;
    origins = originScenarios(settings.scenario_file, overrides,
                              allObservations(settings.source, scenario.nominal()),
                              rollingOrigins(settings.source.filter.first.plusDays(-1),
                                             last.plusDays(-1), settings.origins_every),
                              7 * settings.horizon_weeks, folder.path);
    for (const auto& o : origins) {
      ObjectiveSegment segment{&o.scenario, {}};
      for (const auto& obs : training)
        if (o.origin < obs.date && obs.date <= o.origin.plusDays(7 * settings.horizon_weeks))
          segment.observations.push_back(obs);
      if (!segment.observations.empty()) segments.push_back(std::move(segment));
    }
    if (segments.empty())
      throw ScenarioError("calibrate: no observation within " +
                          std::to_string(settings.horizon_weeks) + " weeks of an origin");
  }
  const PriceObjective objective(std::move(segments), settings.objective);
  const auto& observations = objective.observations();
  EvaluationJournal journal(settings.journal, fingerprint(scenario, objective));
  if (!settings.quiet) {
    std::cerr << "grainsim calibrate: " << scenario.priors().size() << " parameters, "
              << observations.size() << " observations (" << settings.source.filter.first.iso()
              << " to " << settings.source.filter.last.iso() << ") in "
              << objective.segments().size()
              << (settings.origins_every ? " forecasts from rolling origins" : " run") << ", "
              << settings.objective.replicates << " replicates per evaluation\n";
    if (journal.resumed() > 0)
      std::cerr << "grainsim calibrate: resuming from " << settings.journal.string() << ": "
                << journal.resumed() << " evaluations replayed\n";
  }
  std::size_t shown = 0;
  JournaledObjective journaled(objective, journal, [&](const TracePoint& t, double best) {
    if (settings.quiet || (++shown % 10 != 0 && t.loss != best)) return;
    std::fprintf(stderr, "  %4zu %s  rms log error %.4f  best %.4f%s\n", shown,
                 t.stage == 0   ? "global"
                 : t.stage == 1 ? "local "
                                : "curve ",
                 std::sqrt(t.loss), std::sqrt(best), t.replayed ? "  (replayed)" : "");
  });
  const CalibrationResult result = calibrate(journaled, settings.optimiser);
  if (!result.best.failure.empty())
    throw std::runtime_error("the best point failed to run: " + result.best.failure);
  std::optional<Posterior> posterior;
  if (settings.with_posterior && !settings.parameters.empty())
    posterior = laplacePosterior(journaled, result);
  // The trace and the count include the posterior's evaluations, and the best point's rerun.
  const std::size_t evaluations = journaled.evaluations + 1;

  const auto& priors = scenario.priors();
  const std::vector<double> best = objective.values(result.best_u);
  std::vector<std::pair<std::string, std::string>> fitted;
  for (std::size_t i = 0; i < priors.size(); ++i)
    fitted.emplace_back(priors[i].key(), priors[i].format(best[i]));
  const double mape = meanAbsolutePercentageError(observations, result.best.simulated);
  char summary[200];
  std::snprintf(summary, sizeof summary,
                "training fit: %zu observations %s to %s, rms log error %.4f, MAPE %.1f %%",
                observations.size(), settings.source.filter.first.iso().c_str(),
                settings.source.filter.last.iso().c_str(), std::sqrt(result.best.loss), 100 * mape);
  const std::vector<std::string> header = {
      "Calibrated by: " + command_line, summary,
      "Fitted values below replace the base scenario's; everything else is as in " +
          (settings.scenario_file ? settings.scenario_file->string() : "the embedded default") +
          "."};
  writeTextFile(settings.out,
                scenarioIniWith(settings.scenario_file, fs::absolute(settings.out).parent_path(),
                                fitted, header),
                settings.force);
  if (posterior) {
    std::vector<std::string> post_header = header;
    post_header[2] =
        "Each fitted parameter as its approximate posterior (Laplace, normal on the "
        "fitted scale): grainsim forecast draws it per replicate.";
    writeTextFile(
        settings.posterior,
        scenarioIniWith(settings.scenario_file, fs::absolute(settings.posterior).parent_path(),
                        posteriorPriors(objective, *posterior), post_header),
        settings.force);
  }
  writeTableFile(settings.report, reportContents(objective, result, journaled, posterior, settings),
                 command_line, settings.force);
  fs::remove(settings.journal);

  if (!settings.quiet) {
    std::cout << summary << "\n"
              << evaluations << " evaluations run now ("
              << evaluations * settings.objective.replicates * objective.segments().size()
              << " model runs), " << journaled.trace.size() << " in the trace\n";
    for (std::size_t i = 0; i < priors.size(); ++i) {
      std::cout << "  " << priors[i].key() << " = " << priors[i].format(best[i]);
      if (posterior) std::cout << "  (sd " << priors[i].format(posterior->sd[i]) << ")";
      std::cout << "  range " << priors[i].text() << "\n";
    }
    std::cout << "wrote " << settings.out.string() << ", "
              << (posterior ? settings.posterior.string() + ", " : "") << settings.report.string()
              << "\n";
  }
  return kExitOk;
}

}  // namespace

int calibrateCommand(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("grainsim calibrate [options]");
  opts.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>(),
      "scenario INI to fit (default: the embedded DPRK winter; runs/dprk-2023-2025.ini spans the "
      "observed period)")("set", po::value<std::vector<std::string>>()->composing(),
                          "override a scenario value, key=value (repeatable)")(
      "param", po::value<std::vector<std::string>>()->composing(),
      "fitted parameter KEY=LO:HI or KEY=LO:HI:log (any number or date key, or a table cell "
      "<table>.<row>.<column>; repeatable; none: score the scenario as it is)");
  addObservationOptions(opts);
  opts.add_options()(
      "origins-every", po::value<std::string>()->default_value("0"),
      "0: fit one run from the scenario's start; N: fit forecasts started every N days from the "
      "prices known then (the first the day before --train-from), each scored up to "
      "--horizon-weeks")("horizon-weeks", po::value<std::string>()->default_value("12"),
                         "horizon of each forecast with --origins-every")(
      "replicates", po::value<std::string>()->default_value("2"),
      "replicates averaged per evaluation (common random numbers)")(
      "seed", po::value<std::string>()->default_value("1"), "simulation seed")(
      "global-evaluations", po::value<std::string>()->default_value("240"),
      "budget of the global stage (CRS2-LM; 0 skips it)")(
      "local-evaluations", po::value<std::string>()->default_value("120"),
      "budget of the local stage (BOBYQA; 0 skips it)")(
      "optimiser-seed", po::value<std::string>()->default_value("1"),
      "seed of the global stage's random population")(
      "threads", po::value<std::string>()->default_value("0"), "worker threads (0: all cores)")(
      "out", po::value<std::string>()->required(), "calibrated scenario INI to write")(
      "posterior", po::value<std::string>(),
      "posterior-as-priors INI (default: <out>-posterior.ini)")(
      "no-posterior", "skip the posterior (its curvature costs 1 + 2k^2 evaluations)")(
      "report", po::value<std::string>(), "HDF5 report (default: <out>-report.h5)")(
      "journal", po::value<std::string>(),
      "evaluation journal; a rerun resumes from it (default: <out>.journal, removed at the end)")(
      "force", "replace existing outputs")("quiet,q", "no progress");
  po::variables_map vm;
  if (auto stop = parseCommandLine("calibrate", args, opts, vm)) return *stop;
  return guardedCommand("calibrate",
                        [&] { return calibrate(calibrateSettings(vm), command_line); });
}

}  // namespace grainsim::cli

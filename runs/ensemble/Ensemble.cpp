#include "runs/ensemble/Ensemble.hpp"

#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "model/Recorder.hpp"
#include "model/ScenarioError.hpp"
#include "model/Simulation.hpp"
#include "runs/ensemble/QuantileReducer.hpp"

namespace grainsim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint32_t kArmSeedStep = 0x9E3779B9u;  // golden ratio: far-apart seeds per arm
constexpr double kLedgerTolerance = 1e-9;

std::uint32_t armSeed(const EnsembleOptions& o, std::size_t arm) {
  return o.common_random_numbers ? o.seed : o.seed + static_cast<std::uint32_t>(arm) * kArmSeedStep;
}

/// Per-person variables are undefined (NaN) on every day for a group with no persons.
bool perPerson(std::string_view name) {
  return name == "consumption_per_person" || name == "kcal_adequacy" ||
         name == "food_insecure_share" || name == "severe_food_insecure_share" ||
         name == "consumption_per_person_by_quintile" || name == "food_insecure_share_by_quintile";
}

/// One replicate of every arm, as it leaves the parallel stage.
struct ReplicateRun {
  std::uint32_t replicate = 0;
  std::vector<std::vector<double>> parameters;  ///< per arm, per prior of that arm
  std::vector<RunOutput> outputs;               ///< per arm; empty if it failed
  std::optional<ReplicateFailure> failure;
};

bool sameCoordinates(const RunOutput& a, const RunOutput& b) {
  return a.start_date == b.start_date && a.days == b.days && a.regions == b.regions &&
         a.commodities == b.commodities && a.tiers == b.tiers;
}

}  // namespace

std::string ReplicateFailure::describe() const {
  std::string s = "replicate " + std::to_string(replicate) + (arm.empty() ? "" : " (" + arm + ")") +
                  ", seed " + std::to_string(seed) + ": " + reason;
  if (!parameters.empty()) {
    s += "; sampled parameters:";
    for (const auto& [key, value] : parameters) s += " " + key + "=" + value;
  }
  return s;
}

std::optional<std::string> checkReplicate(const Scenario& s, const RunOutput& out) {
  const auto table = outputTable();
  for (std::size_t v = 0; v < table.size(); ++v) {
    const OutputSpec& spec = table[v];
    const auto& values = out.values[v];
    // Cells per day, and the stride of the commodity axis within a day if there is one.
    std::size_t per_day = 1, commodity_stride = 0, commodity_axis_size = 0;
    for (int k = 1; k < spec.rank; ++k) per_day *= out.dimSize(spec.dims[k]);
    for (int k = 1; k < spec.rank; ++k)
      if (spec.dims[k] == Dim::commodity) {
        commodity_stride = 1;
        for (int j = k + 1; j < spec.rank; ++j) commodity_stride *= out.dimSize(spec.dims[j]);
        commodity_axis_size = out.dimSize(Dim::commodity);
      }
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double x = values[i];
      if (std::isfinite(x)) continue;
      const std::size_t cell = i % per_day, day = i / per_day;
      const std::string where = std::string(spec.name) + " on day " + std::to_string(day) +
                                " (cell " + std::to_string(cell) + ")";
      if (std::isinf(x)) return where + " is infinite";
      if (commodity_axis_size > 0 && spec.dims[0] == Dim::time) {
        const std::size_t c = (cell / commodity_stride) % commodity_axis_size;
        if (!s.commodities[c].retail) continue;  // markets do not trade it
      }
      if (perPerson(spec.name)) {
        bool all_days = true;
        for (std::size_t d = 0; d < values.size() / per_day; ++d)
          all_days = all_days && std::isnan(values[d * per_day + cell]);
        if (all_days) continue;  // a group with no persons
      }
      return where + " is NaN";
    }
  }
  const auto& in = out.values[outputIndex("total_in")];
  const auto& held = out.values[outputIndex("total_held")];
  const auto& eaten = out.values[outputIndex("total_consumed")];
  const auto& lost = out.values[outputIndex("total_lost")];
  for (std::size_t i = 0; i < in.size(); ++i) {
    const double residual = in[i] - held[i] - eaten[i] - lost[i];
    if (std::abs(residual) > kLedgerTolerance * std::max(1.0, std::abs(in[i])))
      return "the national ledger of " + out.commodities[i % out.commodities.size()] +
             " does not close on day " + std::to_string(i / out.commodities.size()) +
             " (in - held - consumed - lost = " + std::to_string(residual) + " kg)";
  }
  return std::nullopt;
}

EnsembleLayout ensembleLayout(const std::vector<EnsembleArm>& arms, const EnsembleOptions& options,
                              bool keep_replicates) {
  EnsembleLayout layout;
  layout.coordinates = emptyOutput(arms.front().scenario->nominal());
  for (const auto& arm : arms) {
    if (!sameCoordinates(layout.coordinates, emptyOutput(arm.scenario->nominal())))
      throw ScenarioError(arm.scenario->nominal().name + ": the " + arm.name +
                          " scenario must have the same dates, regions, commodities and tiers as "
                          "the " +
                          arms.front().name + " scenario");
    if (!arm.name.empty()) layout.arms.push_back(arm.name);
  }
  layout.probabilities = options.probabilities;
  layout.replicates = options.replicates;
  layout.keep_replicates = keep_replicates;
  // The union of the arms' priors, by key; a key with different priors in two arms shows both.
  std::map<std::string, std::pair<std::string, std::string>> params;  // key -> (prior, unit)
  for (const auto& arm : arms)
    for (const Prior& p : arm.scenario->priors()) {
      auto [it, fresh] = params.try_emplace(p.key(), p.text(), p.unit());
      if (!fresh && it->second.first != p.text())
        it->second.first += " | " + arm.name + ": " + p.text();
    }
  for (const auto& [key, prior_unit] : params) {
    layout.parameter_names.push_back(key);
    layout.parameter_priors.push_back(prior_unit.first);
    layout.parameter_units.push_back(prior_unit.second);
  }
  return layout;
}

EnsembleSummary runEnsemble(const std::vector<EnsembleArm>& arms, const EnsembleLayout& layout,
                            const EnsembleOptions& options, const EnsembleObserver& observer) {
  const std::size_t n_arms = arms.size();
  const bool compare = n_arms == 2;
  const std::uint32_t n = options.replicates;
  const std::size_t cells = layout.coordinates.flatValues().size();
  const std::size_t n_params = layout.parameter_names.size();

  auto reducer = [&] { return QuantileReducer(cells, options.probabilities, options.exact_limit); };
  std::vector<QuantileReducer> per_arm;
  for (std::size_t k = 0; k < n_arms; ++k) per_arm.push_back(reducer());
  std::optional<QuantileReducer> effect, relative;
  if (compare) effect.emplace(reducer()), relative.emplace(reducer());

  // Where each arm's priors sit in the parameter table.
  std::vector<std::vector<std::size_t>> column(n_arms);
  for (std::size_t k = 0; k < n_arms; ++k)
    for (const Prior& p : arms[k].scenario->priors())
      column[k].push_back(static_cast<std::size_t>(
          std::find(layout.parameter_names.begin(), layout.parameter_names.end(), p.key()) -
          layout.parameter_names.begin()));

  EnsembleSummary summary;
  summary.parameter_values.assign(n_arms * n * n_params, kNaN);
  summary.failed.assign(n, 0);
  summary.exact_limit = static_cast<std::uint32_t>(options.exact_limit);

  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  // Many replicates: one core each, no synchronisation inside a run. Fewer replicates than
  // cores: each run uses the cores itself. Either way at most `threads` states are alive.
  const int inner_threads = n >= static_cast<std::uint32_t>(threads) ? 1 : threads;
  const std::size_t tokens = std::max<std::size_t>(1, std::min<std::size_t>(threads, n));

  auto runReplicate = [&](std::uint32_t r) {
    ReplicateRun run;
    run.replicate = r;
    for (std::size_t k = 0; k < n_arms; ++k) {
      const UncertainScenario& scenario = *arms[k].scenario;
      const std::uint32_t seed = armSeed(options, k);
      run.parameters.push_back(scenario.draw(seed, r));
      if (run.failure) continue;  // keep drawing: the failure report shows every arm's values
      auto fail = [&](const std::string& reason) {
        ReplicateFailure f{r, seed, arms[k].name, reason, {}};
        const auto& priors = scenario.priors();
        for (std::size_t i = 0; i < priors.size(); ++i)
          f.parameters.emplace_back(priors[i].key(), priors[i].format(run.parameters[k][i]));
        run.failure = std::move(f);
        run.outputs.clear();
      };
      try {
        const Scenario s = scenario.realise(run.parameters[k]);
        RunOutput out = simulate(s, {seed, r, inner_threads});
        if (auto why = checkReplicate(s, out))
          fail(*why);
        else
          run.outputs.push_back(std::move(out));
      } catch (const std::exception& e) {
        fail(e.what());
      }
    }
    return run;
  };

  std::size_t done = 0;
  auto reduce = [&](ReplicateRun run) {
    const std::uint32_t r = run.replicate;
    for (std::size_t k = 0; k < n_arms; ++k)
      for (std::size_t i = 0; i < run.parameters[k].size(); ++i)
        summary.parameter_values[(k * n + r) * n_params + column[k][i]] = run.parameters[k][i];
    if (run.failure) {
      if (observer.failed) observer.failed(*run.failure);
      if (options.on_failure == OnFailure::stop) throw EnsembleFailure(*run.failure);
      summary.failed[r] = 1;
    } else {
      std::vector<std::vector<double>> flat;
      for (std::size_t k = 0; k < n_arms; ++k) {
        flat.push_back(run.outputs[k].flatValues());
        per_arm[k].add(flat.back());
        if (observer.replicate_done) observer.replicate_done(k, r, run.outputs[k]);
      }
      if (compare) {
        std::vector<double> diff(cells), ratio(cells);
        for (std::size_t i = 0; i < cells; ++i) {
          diff[i] = flat[0][i] - flat[1][i];
          ratio[i] = flat[1][i] != 0 ? flat[0][i] / flat[1][i] - 1 : kNaN;
        }
        effect->add(diff);
        relative->add(ratio);
      }
    }
    if (observer.progress) observer.progress(++done);
  };

  tbb::task_arena arena(threads);
  arena.execute([&] {
    std::uint32_t next = 0;
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, std::uint32_t>(tbb::filter_mode::serial_in_order,
                                              [&](tbb::flow_control& fc) -> std::uint32_t {
                                                if (next == n) fc.stop();
                                                return next == n ? 0 : next++;
                                              }) &
            tbb::make_filter<std::uint32_t, ReplicateRun>(tbb::filter_mode::parallel,
                                                          runReplicate) &
            tbb::make_filter<ReplicateRun, void>(tbb::filter_mode::serial_in_order, reduce));
  });

  for (auto& red : per_arm) {
    summary.quantiles.push_back(red.quantiles());
    summary.means.push_back(red.means());
  }
  if (compare) {
    summary.effect_quantiles = effect->quantiles();
    summary.effect_means = effect->means();
    summary.relative_quantiles = relative->quantiles();
    summary.relative_means = relative->means();
  }
  summary.quantile_method = per_arm.front().exact()
                                ? "exact (type 7)"
                                : "P-square (Boost.Accumulators extended_p_square)";
  return summary;
}

}  // namespace grainsim

#include "runs/ensemble/Ensemble.hpp"

#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "model/Recorder.hpp"
#include "model/Rng.hpp"
#include "model/ScenarioError.hpp"
#include "model/Simulation.hpp"
#include "model/Version.hpp"
#include "runs/ensemble/OrderedPipeline.hpp"
#include "runs/ensemble/QuantileReducer.hpp"
#include "runs/output/OutputFile.hpp"

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

bool sameCoordinates(const RunOutput& a, const RunOutput& b) {
  return a.start_date == b.start_date && a.days == b.days && a.regions == b.regions &&
         a.commodities == b.commodities && a.tiers == b.tiers;
}

/// A run's trajectories from their flatValues() and the layout's coordinates.
RunOutput unflatten(const RunOutput& coordinates, const std::vector<double>& flat) {
  RunOutput out = coordinates;
  auto from = flat.begin();
  for (auto& v : out.values) {
    std::copy_n(from, v.size(), v.begin());
    from += static_cast<std::ptrdiff_t>(v.size());
  }
  return out;
}

/// Whether a replayed record has the shape of this ensemble's records: a journal is checksummed
/// against torn writes, not against a hand-edited file, which must not make us read past a
/// vector.
bool fits(const ReplicateRecord& r, const std::vector<EnsembleArm>& arms, std::size_t cells) {
  if (r.parameters.size() != arms.size()) return false;
  for (std::size_t k = 0; k < arms.size(); ++k)
    if (r.parameters[k].size() != arms[k].scenario->priors().size()) return false;
  if (!r.failure.empty()) return r.values.empty() && r.failed_arm < arms.size();
  return r.values.size() == arms.size() &&
         std::all_of(r.values.begin(), r.values.end(),
                     [&](const std::vector<double>& v) { return v.size() == cells; });
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
                            const EnsembleOptions& options, const EnsembleObserver& observer,
                            EnsembleJournal* journal) {
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
  // (A run's values do not depend on its thread count, so a resumed run may choose again.)
  const std::uint32_t to_run = n - (journal ? journal->resumed() : 0);
  const int inner_threads = to_run >= static_cast<std::uint32_t>(threads) ? 1 : threads;
  const std::size_t tokens = std::max<std::size_t>(1, std::min<std::size_t>(threads, to_run));

  auto runReplicate = [&](std::uint32_t r) {
    ReplicateRecord record;
    record.replicate = r;
    for (std::size_t k = 0; k < n_arms; ++k) {
      const UncertainScenario& scenario = *arms[k].scenario;
      record.parameters.push_back(scenario.draw(armSeed(options, k), r));
      if (!record.failure.empty()) continue;  // keep drawing: the report shows every arm's values
      auto fail = [&](const std::string& reason) {
        record.failure = reason.empty() ? "unexplained error" : reason;
        record.failed_arm = k;
        record.values.clear();
      };
      try {
        const Scenario s = scenario.realise(record.parameters[k]);
        const RunOutput out = simulate(s, {armSeed(options, k), r, inner_threads});
        if (auto why = checkReplicate(s, out))
          fail(*why);
        else
          record.values.push_back(out.flatValues());
      } catch (const std::exception& e) {
        fail(e.what());
      }
    }
    return record;
  };

  auto failureOf = [&](const ReplicateRecord& record) {
    const std::size_t k = record.failed_arm;
    ReplicateFailure f{record.replicate, armSeed(options, k), arms[k].name, record.failure, {}};
    const auto& priors = arms[k].scenario->priors();
    for (std::size_t i = 0; i < priors.size(); ++i)
      f.parameters.emplace_back(priors[i].key(), priors[i].format(record.parameters[k][i]));
    return f;
  };

  auto reduce = [&](const ReplicateRecord& record) {
    const std::uint32_t r = record.replicate;
    for (std::size_t k = 0; k < n_arms; ++k)
      for (std::size_t i = 0; i < record.parameters[k].size(); ++i)
        summary.parameter_values[(k * n + r) * n_params + column[k][i]] = record.parameters[k][i];
    if (!record.failure.empty()) {
      const ReplicateFailure failure = failureOf(record);
      if (observer.failed) observer.failed(failure);
      if (options.on_failure == OnFailure::stop) throw EnsembleFailure(failure);
      summary.failed[r] = 1;
      return;
    }
    for (std::size_t k = 0; k < n_arms; ++k) {
      per_arm[k].add(record.values[k]);
      if (observer.replicate_done)
        observer.replicate_done(k, r, unflatten(layout.coordinates, record.values[k]));
    }
    if (compare) {
      const auto& policy = record.values[0];
      const auto& baseline = record.values[1];
      std::vector<double> diff(cells), ratio(cells);
      for (std::size_t i = 0; i < cells; ++i) {
        diff[i] = policy[i] - baseline[i];
        ratio[i] = baseline[i] != 0 ? policy[i] / baseline[i] - 1 : kNaN;
      }
      effect->add(diff);
      relative->add(ratio);
    }
  };

  // The journal's replicates first, then the rest: every replicate is reduced in order.
  std::uint32_t first = 0;
  if (journal) {
    journal->replay([&](ReplicateRecord&& record) {
      if (!fits(record, arms, cells))
        throw OutputError("journal '" + journal->path().string() + "': replicate " +
                          std::to_string(record.replicate) +
                          " does not fit this ensemble (the file was altered); delete it to "
                          "start over");
      reduce(record);
    });
    first = journal->resumed();
  }

  std::size_t done = 0;
  tbb::task_arena arena(threads);
  arena.execute([&] {
    runOrderedPipeline<ReplicateRecord>(
        n - first, tokens, [&](std::size_t i) { return runReplicate(first + i); },
        [&](std::size_t, const ReplicateRecord& record) {
          reduce(record);
          if (journal) journal->append(record);
          if (observer.progress) observer.progress(++done);
        });
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

std::string ensembleFingerprint(const std::vector<EnsembleArm>& arms,
                                const EnsembleOptions& options) {
  std::string text;
  for (const auto& arm : arms)
    text += "arm " + arm.name + "\n" + arm.scenario->nominal().resolved_text + "\n";
  text += "seed " + std::to_string(options.seed) + "\nreplicates " +
          std::to_string(options.replicates) + "\ncommon random numbers " +
          (options.common_random_numbers ? "yes" : "no") + "\nversion " +
          std::string(codeVersion()) + "\n";
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(text)));
  return hex;
}

}  // namespace grainsim

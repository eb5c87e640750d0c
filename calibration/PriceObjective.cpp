#include "calibration/PriceObjective.hpp"

#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <exception>

#include "model/ScenarioError.hpp"
#include "model/Simulation.hpp"

namespace grainsim {

PriceObjective::PriceObjective(std::vector<ObjectiveSegment> segments, ObjectiveOptions options)
    : segments_(std::move(segments)), options_(options) {
  if (segments_.empty()) throw ScenarioError("calibration: no run to fit");
  for (const auto& segment : segments_) {
    const Scenario& s = segment.scenario->nominal();
    for (const auto& o : segment.observations) {
      if (!(s.params.run.start_date < o.date) || s.params.run.end_date < o.date)
        throw ScenarioError("observation " + o.date.iso() + " " + o.city + " lies outside run " +
                            s.params.run.start_date.iso() + " to " + s.params.run.end_date.iso() +
                            " (after its first day)");
      observations_.push_back(o);
      starts_.push_back(s.params.run.start_date);
    }
    const auto& priors = segment.scenario->priors();
    if (priors.size() != scenario().priors().size())
      throw ScenarioError("calibration: segments differ in their priors");
    for (std::size_t i = 0; i < priors.size(); ++i)
      if (priors[i].key() != scenario().priors()[i].key() ||
          priors[i].text() != scenario().priors()[i].text())
        throw ScenarioError("calibration: segments differ in prior " + priors[i].key());
  }
  for (const auto& p : scenario().priors())
    if (p.kind() != Prior::Kind::uniform && p.kind() != Prior::Kind::loguniform &&
        p.kind() != Prior::Kind::date_uniform)
      throw ScenarioError(p.origin(), p.key(), p.text(),
                          "a calibrated parameter needs a range (uniform, loguniform or "
                          "date_uniform; calibrate --param KEY=LO:HI[:log] gives one)");
}

std::vector<double> PriceObjective::values(const std::vector<double>& u) const {
  std::vector<double> v(u.size());
  for (std::size_t i = 0; i < u.size(); ++i)
    v[i] = scenario().priors()[i].quantile(std::clamp(u[i], 0.0, 1.0));
  return v;
}

Evaluation PriceObjective::evaluate(const std::vector<double>& u) const {
  Evaluation e;
  const std::size_t n = observations_.size(), reps = options_.replicates;
  const std::size_t tasks = segments_.size() * reps;
  std::vector<std::size_t> first(segments_.size() + 1, 0);  // segment -> first observation
  for (std::size_t k = 0; k < segments_.size(); ++k)
    first[k + 1] = first[k] + segments_[k].observations.size();
  std::vector<double> log_prices(n * reps, std::nan(""));  // replicate-major
  std::vector<std::string> failures(tasks);
  const int threads = options_.threads > 0 ? options_.threads : tbb::info::default_concurrency();
  const int inner = tasks >= static_cast<std::size_t>(threads) ? 1 : threads;
  const std::vector<double> v = values(u);
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, tasks, [&](std::size_t task) {
      const std::size_t k = task / reps, r = task % reps;
      try {
        const Scenario s = segments_[k].scenario->realise(v);
        const RunOutput out = simulate(s, {options_.seed, static_cast<std::uint32_t>(r), inner});
        const Series price(out, "price");
        for (std::size_t i = first[k]; i < first[k + 1]; ++i) {
          const auto& o = observations_[i];
          log_prices[r * n + i] =
              std::log(price(o.date - s.params.run.start_date, o.region, o.commodity));
        }
      } catch (const std::exception& ex) {
        failures[task] = ex.what();
      }
    });
  });
  for (const auto& f : failures)
    if (!f.empty()) {
      e.failure = f;
      e.loss = kFailedLoss;
      return e;
    }
  double sum = 0, weights = 0;
  e.simulated.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    double mean = 0;
    for (std::size_t r = 0; r < reps; ++r) mean += log_prices[r * n + i];
    mean /= static_cast<double>(reps);
    if (!std::isfinite(mean)) {
      e.failure = "no finite simulated price on " + observations_[i].date.iso() +
                  " for the observation in " + observations_[i].city;
      e.loss = kFailedLoss;
      return e;
    }
    e.simulated[i] = std::exp(mean);
    const double r = mean - std::log(observations_[i].kpw_per_kg);
    sum += observations_[i].weight * r * r;
    weights += observations_[i].weight;
  }
  e.loss = weights > 0 ? sum / weights : 0;
  return e;
}

double meanAbsolutePercentageError(const std::vector<PriceObservation>& observations,
                                   const std::vector<double>& simulated) {
  if (observations.empty()) return 0;
  double sum = 0;
  for (std::size_t i = 0; i < observations.size(); ++i)
    sum += std::abs(simulated[i] / observations[i].kpw_per_kg - 1);
  return sum / static_cast<double>(observations.size());
}

}  // namespace grainsim

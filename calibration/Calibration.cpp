#include "calibration/Calibration.hpp"

#include <nlopt.hpp>

#include <algorithm>
#include <limits>

namespace grainsim {

double JournaledObjective::operator()(const std::vector<double>& u, int stage) {
  TracePoint point{u, 0, stage, false};
  if (const auto loss = journal_.find(u)) {
    point.loss = *loss;
    point.replayed = true;
  } else {
    point.loss = objective_.evaluate(u).loss;
    ++evaluations;
    journal_.append(u, point.loss);
  }
  best_ = std::min(best_, point.loss);
  trace.push_back(point);
  if (observer_) observer_(point, best_);
  return point.loss;
}

namespace {

struct StageContext {
  JournaledObjective* objective;
  int stage;
};

double nloptObjective(const std::vector<double>& u, std::vector<double>& /*gradient*/, void* data) {
  auto* context = static_cast<StageContext*>(data);
  return (*context->objective)(u, context->stage);
}

/// Runs one NLopt stage from `u` (updated to the stage's best point); returns its best loss.
double runStage(nlopt::algorithm algorithm, JournaledObjective& objective, int stage,
                unsigned evaluations, double x_tolerance, std::vector<double>& u) {
  const std::size_t n = u.size();
  nlopt::opt opt(algorithm, static_cast<unsigned>(n));
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_upper_bounds(std::vector<double>(n, 1.0));
  StageContext context{&objective, stage};
  opt.set_min_objective(nloptObjective, &context);
  opt.set_maxeval(static_cast<int>(evaluations));
  opt.set_xtol_abs(x_tolerance);
  if (algorithm == nlopt::LN_BOBYQA) opt.set_initial_step(0.05);
  double loss = std::numeric_limits<double>::infinity();
  try {
    opt.optimize(u, loss);
  } catch (const nlopt::roundoff_limited&) {
    // Converged as far as the (simulated) objective's resolution allows: keep the best point.
    loss = opt.last_optimum_value();
  }
  return loss;
}

}  // namespace

CalibrationResult calibrate(JournaledObjective& objective, const CalibrationOptions& options) {
  const std::size_t n = objective.objective().dimension();
  std::vector<double> u = options.start.empty() ? std::vector<double>(n, 0.5) : options.start;
  if (n > 0) {
    if (options.global_evaluations > 0) {
      nlopt::srand(options.optimiser_seed);
      runStage(nlopt::GN_CRS2_LM, objective, 0, options.global_evaluations, options.x_tolerance, u);
    }
    if (options.local_evaluations > 0)
      runStage(nlopt::LN_BOBYQA, objective, 1, options.local_evaluations, options.x_tolerance, u);
  }
  if (objective.trace.empty()) objective(u, 0);  // no stage ran: the start point alone
  CalibrationResult result;
  // The best point of either stage (the trace holds every evaluation in order).
  const auto best = std::min_element(objective.trace.begin(), objective.trace.end(),
                                     [](const auto& a, const auto& b) { return a.loss < b.loss; });
  result.best_u = best->u;
  result.best = objective.objective().evaluate(result.best_u);
  return result;
}

}  // namespace grainsim

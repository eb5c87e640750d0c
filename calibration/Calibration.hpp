/// \brief Fits the scenario's parameter ranges to observed prices with NLopt: a global
/// derivative-free stage (controlled random search, CRS2-LM) over the whole box, then a local
/// one (BOBYQA) from its best point.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "calibration/EvaluationJournal.hpp"
#include "calibration/PriceObjective.hpp"

namespace grainsim {

struct CalibrationOptions {
  unsigned global_evaluations = 240;  ///< CRS2-LM's budget (0: skip the global stage)
  unsigned local_evaluations = 120;   ///< BOBYQA's budget (0: skip the local stage)
  /// Where the search starts (unit cube): the local stage's start when there is no global one.
  std::vector<double> start;         ///< empty: the centre of the box
  std::uint32_t optimiser_seed = 1;  ///< CRS2's random population (nlopt::srand)
  double x_tolerance = 1e-4;         ///< absolute, on the unit cube
};

struct TracePoint {
  std::vector<double> u;
  double loss = 0;
  int stage = 0;          ///< 0 global, 1 local, 2 posterior's curvature
  bool replayed = false;  ///< from the journal, not run again
};

struct CalibrationResult {
  std::vector<double> best_u;
  Evaluation best;  ///< the best point evaluated once more, with its simulated prices
};

/// Evaluates through the journal: a point already in it is replayed, others are run and
/// appended. `observer` sees every point with the best loss so far; `trace` keeps them all, in
/// order, and `evaluations` counts those run now.
class JournaledObjective {
 public:
  JournaledObjective(const PriceObjective& objective, EvaluationJournal& journal,
                     std::function<void(const TracePoint&, double best)> observer = {})
      : objective_(objective), journal_(journal), observer_(std::move(observer)) {}
  double operator()(const std::vector<double>& u, int stage);
  const PriceObjective& objective() const { return objective_; }
  std::vector<TracePoint> trace;
  std::size_t evaluations = 0;

 private:
  const PriceObjective& objective_;
  EvaluationJournal& journal_;
  std::function<void(const TracePoint&, double best)> observer_;
  double best_ = kFailedLoss;
};

/// Runs both stages. Deterministic for given inputs and options, so a rerun replays a killed
/// one's journal exactly up to where it stopped.
CalibrationResult calibrate(JournaledObjective& objective, const CalibrationOptions& options);

}  // namespace grainsim

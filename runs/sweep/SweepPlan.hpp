/// \brief A sweep, resolved and checked before any point runs: the scenario with the swept
/// parameters as ranges, the design, the outputs, the seeds. Immutable.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/RunOutput.hpp"
#include "model/ScenarioLoader.hpp"
#include "runs/sweep/Design.hpp"
#include "runs/sweep/SweepOutput.hpp"
#include "runs/sweep/SweepParameter.hpp"

namespace grainsim {

/// What `grainsim sweep` was asked for, as typed.
struct SweepRequest {
  std::optional<std::filesystem::path> scenario_file;
  std::vector<std::string> overrides;  ///< --set (and --seed as run.seed)
  DesignKind design = DesignKind::sobol;
  std::size_t samples = 0;
  std::uint32_t design_seed = 1;
  std::vector<std::string> parameters;  ///< --param texts
  std::uint32_t replicates = 1;
  std::string outputs;       ///< --outputs list
  std::string trajectories;  ///< --trajectories list, may be empty
};

/// Point p, replicate r runs the scenario with every swept key at the design's value for p
/// and every other prior of the scenario drawn for replicate r (as `grainsim forecast` draws
/// replicate r), on the random streams of (run.seed, r): the same streams at every point,
/// so that differences between points are the parameters' doing (common random numbers).
struct SweepPlan {
  UncertainScenario scenario;  ///< loaded with the swept keys as uniform priors
  std::vector<SweepParameter> parameters;
  std::vector<std::size_t> prior_of;  ///< parameters[i] is scenario.priors()[prior_of[i]]
  UnitDesign design;
  std::uint32_t design_seed = 1;
  std::uint32_t seed = 1;  ///< run.seed of the scenario
  std::uint32_t replicates = 1;
  std::vector<SweepOutput> outputs;
  std::vector<std::string> trajectories;
  RunOutput coordinates;  ///< dates, regions, commodities, tiers (no values)

  std::size_t points() const { return design.points(); }
  /// Parameter i's value at point p (dates: day numbers): its range's quantile at the design's
  /// unit coordinate.
  double value(std::size_t point, std::size_t parameter) const;
  /// Every prior's value for (point, replicate), in scenario.priors() order.
  std::vector<double> priorValues(std::size_t point, std::uint32_t replicate) const;
  /// Parameter i's value formatted as the scenario would write it.
  std::string format(std::size_t parameter, double value) const;
  /// Doubles stored per point: every output, then every trajectory, each replicates x cells.
  std::size_t rowSize() const;
  /// A hash of everything that determines the results (the resolved scenario, design, seeds,
  /// parameters, outputs, trajectories, code version), as 16 hex digits: shards and journals
  /// of one sweep carry the same fingerprint.
  std::string fingerprint() const;
};

/// Loads and checks everything; throws ScenarioError or std::invalid_argument naming the option
/// or key, the value and the rule.
SweepPlan makeSweepPlan(const SweepRequest& request);

}  // namespace grainsim

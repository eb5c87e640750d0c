/// \brief An ensemble: N replicates of one scenario (forecast) or of a policy and its baseline
/// on common random numbers (compare), run in parallel and reduced in replicate order.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/RunOutput.hpp"
#include "model/ScenarioLoader.hpp"
#include "runs/ensemble/EnsembleJournal.hpp"
#include "runs/output/EnsembleFile.hpp"

namespace grainsim {

enum class OnFailure { stop, skip };

struct EnsembleOptions {
  std::uint32_t seed = 1;
  std::uint32_t replicates = 100;
  int threads = 0;  ///< 0: all cores
  std::vector<double> probabilities = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
  std::size_t exact_limit = 200;  ///< exact quantiles up to this many replicates, P-square beyond
  /// Every arm keys replicate r's draws by (seed, r), so whatever the policy does not change is
  /// drawn identically. False: arm k uses seed + k * 0x9E3779B9 instead (independent streams).
  bool common_random_numbers = true;
  OnFailure on_failure = OnFailure::stop;
};

/// A replicate that could not be realised, produced a non-finite value or broke an invariant.
struct ReplicateFailure {
  std::uint32_t replicate = 0;
  std::uint32_t seed = 0;  ///< of the failing arm's streams
  std::string arm;         ///< "" for a forecast
  std::string reason;
  std::vector<std::pair<std::string, std::string>> parameters;  ///< sampled key, value
  std::string describe() const;                                 ///< one line for stderr
};

class EnsembleFailure : public std::runtime_error {
 public:
  explicit EnsembleFailure(const ReplicateFailure& f)
      : std::runtime_error(f.describe()), failure(f) {}
  ReplicateFailure failure;
};

/// Called from one thread, in replicate order.
struct EnsembleObserver {
  /// Every successful replicate's trajectories of arm `arm` (for --keep-replicates).
  std::function<void(std::size_t arm, std::uint32_t replicate, const RunOutput&)> replicate_done;
  std::function<void(const ReplicateFailure&)> failed;  ///< before stop or skip
  /// Replicates run so far by this call (those replayed from a journal are not counted).
  std::function<void(std::size_t done)> progress;
};

/// Arms in order: {scenario} for a forecast; {policy, baseline} for a comparison.
struct EnsembleArm {
  std::string name;  ///< "" for a forecast; "policy" / "baseline"
  const UncertainScenario* scenario = nullptr;
};

/// The file's shape before any replicate runs: coordinates from the first arm, the union of
/// the arms' prior keys as the parameter table. Throws ScenarioError when the arms' regions,
/// commodities, tiers or dates differ.
EnsembleLayout ensembleLayout(const std::vector<EnsembleArm>& arms, const EnsembleOptions& options,
                              bool keep_replicates);

/// Runs every replicate and reduces it into the summary. With OnFailure::stop the first failure
/// (in replicate order) throws EnsembleFailure; with skip it is counted and left out.
/// With a journal, its replicates are replayed (observer calls included) instead of run, and
/// every replicate run is appended to it once reduced; as both go in replicate order, the
/// summary is the one a run without a journal gives. A failure under stop is not journaled.
EnsembleSummary runEnsemble(const std::vector<EnsembleArm>& arms, const EnsembleLayout& layout,
                            const EnsembleOptions& options, const EnsembleObserver& observer = {},
                            EnsembleJournal* journal = nullptr);

/// What decides every replicate's record: the arms (names and resolved scenarios, tables
/// included), seed, replicates, common random numbers and code version; not the thread count,
/// the quantiles, --keep-replicates, --on-failure or where the file goes, which a resumed run
/// may change. A hex digest, the header of the ensemble's journal.
std::string ensembleFingerprint(const std::vector<EnsembleArm>& arms,
                                const EnsembleOptions& options);

/// The checks every replicate must pass: no infinite value, NaN only where the dictionary allows
/// it (prices of commodities not sold at retail), and every commodity's national ledger closing
/// (in = held + consumed + lost, to 1e-9 relative) on every day. The reason, or nullopt.
std::optional<std::string> checkReplicate(const Scenario& s, const RunOutput& out);

}  // namespace grainsim

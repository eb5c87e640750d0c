/// \brief What `grainsim forecast` and `grainsim compare` share: ensemble options, the run with
/// progress and failure reports, the file, the headline.
#pragma once

#include <boost/program_options.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "runs/cli/NumericOptions.hpp"
#include "runs/ensemble/Ensemble.hpp"

namespace grainsim::cli {

/// Adds --set, --seed, --replicates, --quantiles, --exact-limit, --keep-replicates,
/// --on-failure, --threads, --out, --force, --quiet and --summary-json.
void addEnsembleOptions(boost::program_options::options_description& opts);

/// --on-failure stop|skip, as forecast, compare and sweep take it; throws std::invalid_argument
/// naming the option, value and rule.
OnFailure onFailureOption(const boost::program_options::variables_map& vm);

/// The parsed options; throws std::invalid_argument naming the option, value and rule.
struct EnsembleSettings {
  EnsembleOptions options;
  std::vector<std::string> overrides;  ///< --set (and --seed as run.seed)
  bool keep_replicates = false, force = false, quiet = false;
  std::optional<std::filesystem::path> out;
  std::optional<std::filesystem::path> summary_json;  ///< --summary-json
};
EnsembleSettings ensembleSettings(const boost::program_options::variables_map& vm);

/// Runs the arms, writes the file (temp + rename), prints the headline unless quiet. Finished
/// replicates are kept in `<out>.journal` (EnsembleJournal) until the file is written, so that
/// the same command run again after a kill resumes from them.
/// `command` names the command in messages ("forecast"). Returns the exit code; scenario and
/// output errors are the caller's to catch.
int runEnsembleCommand(const std::string& command, const std::vector<EnsembleArm>& arms,
                       const EnsembleSettings& settings, const std::filesystem::path& out_path,
                       const std::string& command_line);

}  // namespace grainsim::cli

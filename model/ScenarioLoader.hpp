/// \brief Reads a scenario (INI through Boost.Program_options, CSV tables), validates it once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/Prior.hpp"
#include "model/Scenario.hpp"

namespace grainsim {

/// A scenario whose values may be priors (model/Prior.hpp). Any number or date parameter, and
/// any number or date cell of a table addressed as `<table>.<row>.<column>` (row = the value in
/// the table's first column, e.g. `shipments.2a.arrival_date`), may be given as a prior.
/// A plain value for such a cell replaces it. Loading validates every prior and the scenario
/// with every prior at its median (the nominal scenario), and with each prior at either end of
/// its support (normal: its 0.1 % and 99.9 % quantiles) while the others stay at their
/// medians, so a prior that alone breaks a rule is an error at load time. Immutable; realise()
/// needs no file access. docs/UNCERTAINTY.md describes priors for users.
class UncertainScenario {
 public:
  /// The scenario with every prior at its median: what `grainsim run` simulates.
  const Scenario& nominal() const;
  /// Every prior, sorted by key.
  const std::vector<Prior>& priors() const;

  /// One value per prior for replicate `replicate`: the uniform draw of each prior comes from
  /// KeyedRng(seed, replicate) with counter (kPriorDay, fnv1a32(key), Purpose::prior), so the
  /// same key draws the same value in any scenario (common random numbers across arms).
  std::vector<double> draw(std::uint32_t seed, std::uint32_t replicate) const;
  /// The scenario with priors()[i] set to values[i] (dates: day numbers); validated like any
  /// scenario (throws ScenarioError naming the key, the drawn value and the rule, with
  /// "prior <text> (<origin>)" as the value's origin; std::invalid_argument when the number of
  /// values is not that of the priors). Its resolved_text lists each drawn value as
  /// `key = value    # prior <text> (<origin>)`, and every table cell the scenario sets.
  Scenario realise(const std::vector<double>& values) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
  friend UncertainScenario loadUncertainScenario(const std::optional<std::filesystem::path>&,
                                                 const std::vector<std::string>&);
};

/// Loads `scenario_file` (or the embedded default when empty), applies `overrides`
/// ("key=value", as given to --set, where the value may also be a prior) and validates
/// everything. Throws ScenarioError.
UncertainScenario loadUncertainScenario(const std::optional<std::filesystem::path>& scenario_file,
                                        const std::vector<std::string>& overrides = {});

/// loadUncertainScenario(...).nominal(): a scenario with priors runs at their medians.
Scenario loadScenario(const std::optional<std::filesystem::path>& scenario_file,
                      const std::vector<std::string>& overrides = {});

/// The INI text of every parameter at its default, in dictionary order: the default scenario.
std::string defaultScenarioIni();

}  // namespace grainsim

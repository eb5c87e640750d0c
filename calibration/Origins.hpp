/// \brief Forecasts started at rolling origins: the scenario restarted on each origin from the
/// prices known then, for a fixed horizon. Calibration fits these forecasts; the backtest scores
/// them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "calibration/Observations.hpp"
#include "model/ScenarioLoader.hpp"

namespace grainsim {

/// first, first + step, ... up to last.
std::vector<Date> rollingOrigins(Date first, Date last, int step_days);

/// The exchange-rate path as known on `origin`: its rows up to the origin (the first row alone
/// when none is that early).
std::vector<ExchangeRatePoint> knownExchangePath(const std::vector<ExchangeRatePoint>& path,
                                                 Date origin);

struct OriginScenario {
  Date origin;
  UncertainScenario scenario;
};

/// For each origin, the scenario (file plus `overrides`) run from the origin for
/// `horizon_days`, with no spin-up, started from nowcastStartPricesCsv() of `history` at the
/// exchange rate known then; the start tables are written into `work_folder`. An origin with no
/// observation within start.max_age_days before it is left out. Throws
/// ScenarioError when the scenario has no exchange.path.
std::vector<OriginScenario> originScenarios(const std::optional<std::filesystem::path>& file,
                                            const std::vector<std::string>& overrides,
                                            const std::vector<PriceObservation>& history,
                                            const std::vector<Date>& origins, int horizon_days,
                                            const std::filesystem::path& work_folder);

}  // namespace grainsim

/// \brief Rolling-origin, out-of-sample forecasts of observed prices: at each origin the model
/// starts from the prices observed up to it and is scored on the prices observed after it,
/// beside the naive benchmarks scored on the same points.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "calibration/NaiveForecasts.hpp"
#include "calibration/Observations.hpp"
#include "calibration/Scores.hpp"
#include "model/ScenarioLoader.hpp"

namespace grainsim {

/// How the exchange rate beyond an origin is known.
enum class ExchangeMode {
  conditional,   ///< the observed path (the model's own skill, given the exchange rate)
  unconditional  ///< a random walk with drift fitted to the path up to the origin
};

struct BacktestOptions {
  Date first_origin, last_origin;
  int origin_step_days = 28;
  std::vector<int> horizon_weeks = {2, 4, 8, 12};  ///< bucket upper ends, increasing
  std::uint32_t replicates = 20;
  std::uint32_t seed = 1;
  int threads = 0;
  /// Forecast errors after this date are the test period; the model-error scale is fitted on
  /// conditional forecasts of observations up to it (the calibration's training period).
  Date train_until;
  int exchange_window_days = 365;  ///< past used to fit the unconditional random walk
};

/// A random walk with drift in log KPW per USD, fitted to the observed path up to an origin:
/// drift = log change over the window / its days; variance per day = the squared deviations of
/// the observed steps from the drift, over the window's days.
struct ExchangeRateWalk {
  Date origin;
  double last = 0;        ///< KPW/USD at the origin (the observed path, flat after its last row)
  double drift = 0;       ///< per day, log
  double sd_per_day = 0;  ///< sd of the daily log change
  double median(Date d) const;  ///< last * exp(drift * days after origin); the path before
};

/// Fits the walk to the path's rows on or before `origin` within `window_days` (at least two
/// rows, else a flat walk with zero variance).
ExchangeRateWalk fitExchangeRateWalk(const std::vector<ExchangeRatePoint>& path, Date origin,
                                     int window_days);

/// One observed price forecast from one origin.
struct BacktestForecast {
  Date origin, target;
  std::size_t observation = 0;  ///< index into the scored observations
  int horizon_weeks = 0;        ///< bucket: the smallest horizon at or beyond the lead
  bool test = false;            ///< target after train_until
  Score model[2];               ///< conditional, unconditional
  Score naive_last_kpw, naive_last_usd[2], naive_seasonal;
  bool seasonal_fell_back = false;
};

/// Quantile fans of one origin's forecast for one region and commodity, day by day.
struct BacktestFan {
  Date origin;
  int region = 0, commodity = 0;
  int mode = 0;
  std::vector<double> q05, q25, q50, q75, q95;  ///< KPW/kg, days 0..max horizon
};

struct BacktestResult {
  std::vector<Date> origins;
  std::vector<PriceObservation> scored;
  std::vector<BacktestForecast> forecasts;
  std::vector<BacktestFan> fans;
  std::vector<double> error_sd;         ///< model-error scale of log prices per horizon bucket
  std::vector<ExchangeRateWalk> walks;  ///< per origin
  std::size_t model_runs = 0;
};

/// `scenario` is the calibrated scenario spanning the data (its priors, if any, are drawn per
/// replicate). `history` are the observations the forecaster knows (start prices and naive
/// benchmarks, each used only up to an origin); `scored` those forecast. Each origin starts
/// from nowcastStartPricesCsv() of the history, written into `work_folder`. Runs origins x modes x
/// replicates model runs, each a pure function of (seed, replicate): the result does not depend on
/// threads.
BacktestResult runBacktest(const std::optional<std::filesystem::path>& scenario_file,
                           const std::vector<std::string>& overrides,
                           const std::filesystem::path& work_folder,
                           const std::vector<PriceObservation>& history,
                           const std::vector<PriceObservation>& scored,
                           const BacktestOptions& options);

/// Summary rows: one per method (model conditional, model unconditional, last KPW, last USD x
/// exchange rate conditional and unconditional, seasonal naive).
inline constexpr const char* kBacktestMethods[] = {
    "model_conditional",    "model_unconditional",    "last_kpw",
    "last_usd_conditional", "last_usd_unconditional", "seasonal_naive"};
inline constexpr std::size_t kBacktestMethodCount = 6;

/// Scores of method `m` (kBacktestMethods order) of one forecast.
const Score& methodScore(const BacktestForecast& f, std::size_t m);

}  // namespace grainsim

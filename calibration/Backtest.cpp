#include "calibration/Backtest.hpp"

#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "calibration/Origins.hpp"
#include "model/Drivers.hpp"
#include "model/Rng.hpp"
#include "model/ScenarioError.hpp"
#include "model/Simulation.hpp"

namespace grainsim {

namespace {

constexpr int kModes = 2;
/// Fans draw their model error per series with agent numbers from here on (scored observations
/// use their index below it).
constexpr std::uint32_t kFanErrorAgent = 1u << 30;

/// One replicate's exchange-rate path beyond the origin: weekly steps of the fitted walk.
std::vector<ExchangeRatePoint> drawnPath(const std::vector<ExchangeRatePoint>& path,
                                         const ExchangeRateWalk& walk, int horizon_days,
                                         const KeyedRng& rng) {
  std::vector<ExchangeRatePoint> drawn = knownExchangePath(path, walk.origin);
  if (drawn.back().date < walk.origin) drawn.push_back({walk.origin, walk.last});
  double log_rate = std::log(walk.last);
  for (int week = 1; 7 * (week - 1) < horizon_days; ++week) {
    const double z = rng.normal(static_cast<std::uint32_t>(walk.origin.days_since_epoch),
                                static_cast<std::uint32_t>(week), Purpose::forecast_exchange);
    log_rate += 7 * walk.drift + std::sqrt(7.0) * walk.sd_per_day * z;
    drawn.push_back({walk.origin.plusDays(7 * week), std::exp(log_rate)});
  }
  return drawn;
}

int bucketOf(const std::vector<int>& horizon_weeks, int lead_days) {
  for (std::size_t b = 0; b < horizon_weeks.size(); ++b)
    if (lead_days <= 7 * horizon_weeks[b]) return static_cast<int>(b);
  return -1;
}

double quantileOfSorted(const std::vector<double>& x, double p) {
  const double h = (static_cast<double>(x.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  return x[lo] + (h - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

}  // namespace

double ExchangeRateWalk::median(Date d) const {
  return last * std::exp(drift * std::max(0, d - origin));
}

ExchangeRateWalk fitExchangeRateWalk(const std::vector<ExchangeRatePoint>& path, Date origin,
                                     int window_days) {
  ExchangeRateWalk w;
  w.origin = origin;
  const auto known = knownExchangePath(path, origin);
  w.last = known.back().kpw_per_usd;
  std::vector<ExchangeRatePoint> window;
  for (const auto& p : known)
    if (origin - p.date <= window_days) window.push_back(p);
  if (window.size() < 2) return w;
  const double days = window.back().date - window.front().date;
  w.drift = std::log(window.back().kpw_per_usd / window.front().kpw_per_usd) / days;
  double squares = 0;
  for (std::size_t i = 1; i < window.size(); ++i) {
    const double dt = window[i].date - window[i - 1].date;
    const double step = std::log(window[i].kpw_per_usd / window[i - 1].kpw_per_usd);
    squares += (step - w.drift * dt) * (step - w.drift * dt);
  }
  w.sd_per_day = std::sqrt(squares / days);
  return w;
}

const Score& methodScore(const BacktestForecast& f, std::size_t m) {
  switch (m) {
    case 0:
      return f.model[0];
    case 1:
      return f.model[1];
    case 2:
      return f.naive_last_kpw;
    case 3:
      return f.naive_last_usd[0];
    case 4:
      return f.naive_last_usd[1];
    default:
      return f.naive_seasonal;
  }
}

BacktestResult runBacktest(const std::optional<std::filesystem::path>& scenario_file,
                           const std::vector<std::string>& overrides,
                           const std::filesystem::path& work_folder,
                           const std::vector<PriceObservation>& history,
                           const std::vector<PriceObservation>& scored,
                           const BacktestOptions& options) {
  if (options.horizon_weeks.empty() ||
      !std::is_sorted(options.horizon_weeks.begin(), options.horizon_weeks.end()) ||
      options.horizon_weeks.front() < 1)
    throw std::invalid_argument("horizons must be increasing whole weeks, 1 or more");
  if (options.replicates < 2) throw std::invalid_argument("a backtest needs 2 or more replicates");
  BacktestResult result;
  result.scored = scored;
  const int horizon = 7 * options.horizon_weeks.back();
  const std::size_t days = static_cast<std::size_t>(horizon) + 1, reps = options.replicates;
  result.origins =
      rollingOrigins(options.first_origin, options.last_origin, options.origin_step_days);
  if (result.origins.empty()) throw std::invalid_argument("no origin between the first and last");

  // The series forecast: every region and commodity with a scored observation.
  std::map<std::pair<int, int>, std::size_t> series_index;
  for (const auto& o : scored) series_index.emplace(std::pair{o.region, o.commodity}, 0);
  std::vector<std::pair<int, int>> series;
  for (auto& [key, index] : series_index) {
    index = series.size();
    series.push_back(key);
  }

  // Each origin's scenario, loaded once: it starts on the origin from the prices known then.
  const std::vector<OriginScenario> scenarios =
      originScenarios(scenario_file, overrides, history, result.origins, horizon, work_folder);
  result.origins.clear();  // those with something known to start from
  for (const auto& o : scenarios) result.origins.push_back(o.origin);
  if (result.origins.empty())
    throw std::invalid_argument("no origin has an observed price within start.max_age_days");
  for (const auto& o : scenarios)
    result.walks.push_back(fitExchangeRateWalk(o.scenario.nominal().exchange_path, o.origin,
                                               options.exchange_window_days));

  // log prices [origin][mode][replicate][series * days + day]
  const std::size_t runs = result.origins.size() * kModes * reps;
  std::vector<std::vector<double>> log_price(runs);
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, runs, [&](std::size_t task) {
      const std::size_t origin = task / (kModes * reps), mode = task / reps % kModes,
                        r = task % reps;
      const UncertainScenario& u = scenarios[origin].scenario;
      const auto replicate = static_cast<std::uint32_t>(r);
      Scenario s = u.realise(u.draw(options.seed, replicate));
      // A forecaster's exchange rate: the observed path up to the origin, then a drawn walk.
      if (mode == 1)
        s.exchange_path = drawnPath(s.exchange_path, result.walks[origin], horizon,
                                    KeyedRng(options.seed, replicate));
      const RunOutput out = simulate(s, {options.seed, replicate, 1});
      const Series price(out, "price");
      auto& lp = log_price[task];
      lp.resize(series.size() * days);
      for (std::size_t k = 0; k < series.size(); ++k)
        for (std::size_t d = 0; d < days; ++d)
          lp[k * days + d] =
              std::log(price(static_cast<int>(d), series[k].first, series[k].second));
    });
  });
  result.model_runs = runs;
  const auto logPrice = [&](std::size_t origin, int mode, std::size_t r, std::size_t k, int day) {
    return log_price[(origin * kModes + mode) * reps + r][k * days + day];
  };

  // The model-error scale per horizon bucket, from conditional forecasts of the training
  // period: the mean squared error of the ensemble's mean log price less its own variance.
  const std::size_t buckets = options.horizon_weeks.size();
  std::vector<double> squares(buckets, 0), spread(buckets, 0), counts(buckets, 0);
  for (std::size_t oi = 0; oi < result.origins.size(); ++oi)
    for (const auto& o : scored) {
      const int lead = o.date - result.origins[oi];
      if (lead <= 0 || lead > horizon || options.train_until < o.date) continue;
      const std::size_t k = series_index.at({o.region, o.commodity});
      double mean = 0, sq = 0;
      for (std::size_t r = 0; r < reps; ++r) mean += logPrice(oi, 0, r, k, lead);
      mean /= static_cast<double>(reps);
      for (std::size_t r = 0; r < reps; ++r) sq += std::pow(logPrice(oi, 0, r, k, lead) - mean, 2);
      const int b = bucketOf(options.horizon_weeks, lead);
      squares[b] += std::pow(mean - std::log(o.kpw_per_kg), 2);
      spread[b] += sq / static_cast<double>(reps - 1);
      counts[b] += 1;
    }
  double all_squares = 0, all_spread = 0, all_counts = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    all_squares += squares[b];
    all_spread += spread[b];
    all_counts += counts[b];
  }
  const double pooled =
      all_counts > 0 ? std::sqrt(std::max(0.0, (all_squares - all_spread) / all_counts)) : 0;
  constexpr double kMinBucketForecasts = 5;
  for (std::size_t b = 0; b < buckets; ++b)
    result.error_sd.push_back(counts[b] >= kMinBucketForecasts
                                  ? std::sqrt(std::max(0.0, (squares[b] - spread[b]) / counts[b]))
                                  : pooled);

  // Histories of each market for the naive benchmarks.
  std::map<std::pair<std::string, int>, std::vector<PricePoint>> points;
  for (const auto& o : history) points[{o.city, o.commodity}].push_back({o.date, o.kpw_per_kg});
  std::map<std::pair<std::string, int>, PriceHistory> histories;
  for (auto& [key, p] : points) histories.emplace(key, PriceHistory(std::move(p)));

  for (std::size_t oi = 0; oi < result.origins.size(); ++oi) {
    const Date origin = result.origins[oi];
    const auto& observed_path = scenarios[oi].scenario.nominal().exchange_path;
    const auto known = knownExchangePath(observed_path, origin);
    const ExchangeRateWalk& walk = result.walks[oi];
    for (std::size_t i = 0; i < scored.size(); ++i) {
      const auto& o = scored[i];
      const int lead = o.date - origin;
      if (lead <= 0 || lead > horizon) continue;
      const auto h = histories.find({o.city, o.commodity});
      if (h == histories.end()) continue;
      const auto conditional = naiveForecasts(
          h->second, origin, o.date, [&](Date d) { return exchangeRateOnPath(observed_path, d); });
      const auto unconditional = naiveForecasts(h->second, origin, o.date, [&](Date d) {
        return d <= origin ? exchangeRateOnPath(known, d) : walk.median(d);
      });
      if (!conditional) continue;  // the market has no price by the origin: no benchmark
      BacktestForecast f;
      f.origin = origin;
      f.target = o.date;
      f.observation = i;
      const int b = bucketOf(options.horizon_weeks, lead);
      f.horizon_weeks = options.horizon_weeks[b];
      f.test = options.train_until < o.date;
      const std::size_t k = series_index.at({o.region, o.commodity});
      for (int mode = 0; mode < kModes; ++mode) {
        std::vector<double> sample(reps);
        for (std::size_t r = 0; r < reps; ++r) {
          const double z = KeyedRng(options.seed, static_cast<std::uint32_t>(r))
                               .normal(static_cast<std::uint32_t>(origin.days_since_epoch),
                                       static_cast<std::uint32_t>(i), Purpose::forecast_error);
          sample[r] = std::exp(logPrice(oi, mode, r, k, lead) + result.error_sd[b] * z);
        }
        f.model[mode] = scoreSample(std::move(sample), o.kpw_per_kg);
      }
      f.naive_last_kpw = scorePoint(conditional->last_kpw, o.kpw_per_kg);
      f.naive_last_usd[0] = scorePoint(conditional->last_usd, o.kpw_per_kg);
      f.naive_last_usd[1] = scorePoint(unconditional->last_usd, o.kpw_per_kg);
      f.naive_seasonal = scorePoint(conditional->seasonal, o.kpw_per_kg);
      f.seasonal_fell_back = conditional->seasonal_fell_back;
      result.forecasts.push_back(f);
    }
  }

  // Fans: the predictive quantiles day by day, the model error drawn once per replicate and
  // series so that each day's band is the marginal one.
  for (std::size_t oi = 0; oi < result.origins.size(); ++oi)
    for (std::size_t k = 0; k < series.size(); ++k)
      for (int mode = 0; mode < kModes; ++mode) {
        BacktestFan fan;
        fan.origin = result.origins[oi];
        fan.region = series[k].first;
        fan.commodity = series[k].second;
        fan.mode = mode;
        std::vector<double> z(reps), sample(reps);
        for (std::size_t r = 0; r < reps; ++r)
          z[r] =
              KeyedRng(options.seed, static_cast<std::uint32_t>(r))
                  .normal(static_cast<std::uint32_t>(result.origins[oi].days_since_epoch),
                          kFanErrorAgent + static_cast<std::uint32_t>(k), Purpose::forecast_error);
        for (std::size_t d = 0; d < days; ++d) {
          const double sd =
              d == 0 ? 0 : result.error_sd[bucketOf(options.horizon_weeks, static_cast<int>(d))];
          for (std::size_t r = 0; r < reps; ++r)
            sample[r] = std::exp(logPrice(oi, mode, r, k, static_cast<int>(d)) + sd * z[r]);
          std::sort(sample.begin(), sample.end());
          fan.q05.push_back(quantileOfSorted(sample, 0.05));
          fan.q25.push_back(quantileOfSorted(sample, 0.25));
          fan.q50.push_back(quantileOfSorted(sample, 0.50));
          fan.q75.push_back(quantileOfSorted(sample, 0.75));
          fan.q95.push_back(quantileOfSorted(sample, 0.95));
        }
        result.fans.push_back(std::move(fan));
      }
  return result;
}

}  // namespace grainsim

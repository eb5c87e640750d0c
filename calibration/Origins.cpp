#include "calibration/Origins.hpp"

#include "calibration/ScenarioIni.hpp"
#include "model/Drivers.hpp"
#include "model/ScenarioError.hpp"

namespace grainsim {

std::vector<Date> rollingOrigins(Date first, Date last, int step_days) {
  std::vector<Date> origins;
  for (Date o = first; o <= last; o = o.plusDays(step_days)) origins.push_back(o);
  return origins;
}

std::vector<ExchangeRatePoint> knownExchangePath(const std::vector<ExchangeRatePoint>& path,
                                                 Date origin) {
  std::vector<ExchangeRatePoint> known;
  for (const auto& p : path)
    if (p.date <= origin) known.push_back(p);
  if (known.empty() && !path.empty()) known.push_back(path.front());
  return known;
}

std::vector<OriginScenario> originScenarios(const std::optional<std::filesystem::path>& file,
                                            const std::vector<std::string>& overrides,
                                            const std::vector<PriceObservation>& history,
                                            const std::vector<Date>& origins, int horizon_days,
                                            const std::filesystem::path& work_folder) {
  const Scenario base = loadScenario(file, overrides);
  if (base.exchange_path.empty())
    throw ScenarioError("scenario '" + base.name +
                        "' has no exchange.path: forecasts from observed prices need the "
                        "observed exchange-rate path");
  std::vector<OriginScenario> out;
  for (const Date o : origins) {
    const auto known = knownExchangePath(base.exchange_path, o);
    const auto start_prices = work_folder / ("start-prices-" + o.iso() + ".csv");
    const std::string table = nowcastStartPricesCsv(
        history, base, o, [&](Date d) { return exchangeRateOnPath(known, d); },
        static_cast<int>(base.params.start.max_age_days));
    if (table.find('\n') + 1 == table.size()) continue;  // nothing known recently: no forecast
    writeTextFile(start_prices, table, true);
    std::vector<std::string> ov = overrides;
    ov.push_back("run.start_date=" + o.iso());
    ov.push_back("run.end_date=" + o.plusDays(horizon_days).iso());
    ov.push_back("run.spinup_days=0");
    ov.push_back("start.prices=" + std::filesystem::absolute(start_prices).string());
    out.push_back({o, loadUncertainScenario(file, ov)});
  }
  return out;
}

}  // namespace grainsim

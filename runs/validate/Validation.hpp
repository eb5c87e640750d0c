/// \brief `grainsim validate`: options, report sections, formatting, helpers over run outputs,
/// the national runs the later sections share, and one entry point per section.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/CsvTable.hpp"
#include "model/RunOutput.hpp"
#include "model/Scenario.hpp"
#include "model/State.hpp"

namespace grainsim::validate {

/// Every experiment uses this seed and replicate 0: the report is a pure function of the code,
/// the repository's data files and --weight.
inline constexpr std::uint32_t kSeed = 1;

/// Days at the end of the no-aid run over which section 3 averages gaps and trade.
inline constexpr int kArbitrageWindow = 30;

struct Options {
  double weight = 20;  ///< population.agent_weight of the national experiments
  int threads = 0;     ///< 0: all cores
  std::filesystem::path repo;
  std::string command_line;
};

/// One section of the report and its line for the terminal and the summary table.
struct Section {
  std::string title;     ///< "1. Closed-form limit"
  std::string markdown;  ///< everything below the heading
  std::string headline;  ///< the numbers in one line
  bool within = false;
};

// --- formatting (Format.cpp) ------------------------------------------------------------------

/// Fixed decimals, "n/a" when not finite, no "-0".
std::string num(double v, int decimals = 0);
/// A share as a percentage: 0.0523 -> "5.2 %".
std::string pct(double share, int decimals = 1);
/// A change as a signed percentage: -0.0523 -> "-5.2 %", 0.0523 -> "+5.2 %".
std::string change(double share, int decimals = 1);
std::string verdictWord(bool within);

class MarkdownTable {
 public:
  explicit MarkdownTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string str() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// --- runs and their outputs (Outputs.cpp) -----------------------------------------------------

using grainsim::Series;  // model/RunOutput.hpp

/// Mean over regions weighted by census population share of `by_region(r)`.
double populationWeighted(const Scenario& s, const std::function<double(std::size_t)>& by_region);
/// The population-weighted mean of a (time, region[, commodity]) variable on recorded day t.
double nationalMean(const Scenario& s, const Series& x, int t, int commodity = 0);
/// x(t, 0) + ... + x(t, n - 1): a (time, region) or (time, tier) variable summed on day t.
double sumAcross(const Series& x, int t, std::size_t n);
/// a / b - 1 of the national mean price of commodity c, day by day.
std::vector<double> nationalPriceGap(const Scenario& s, const RunOutput& a, const RunOutput& b,
                                     int c);

/// Recorded day index (0 = start date) of a date; throws when it lies outside the horizon.
int dayIndex(const Scenario& s, Date date);
/// Recorded day index of the first date in the horizon whose month and day are `month_day`
/// ("01-15"); throws when the horizon has none.
int dayIndex(const Scenario& s, std::string_view month_day);
std::string dateOfDay(const Scenario& s, int t);

/// Indices by name; throw when there is none.
int commodity(const Scenario& s, std::string_view name);
int region(const Scenario& s, std::string_view name);
int entryPoint(const Scenario& s, std::string_view name);
std::vector<int> retailCommodities(const Scenario& s);

/// Worker threads for --threads (0: all cores).
int threadCount(const Options& o);
/// simulate() at kSeed, replicate 0.
RunOutput run(const Scenario& s, const Options& o,
              const std::function<void(const State&)>& after_day = {});
CsvTable readCsv(const std::filesystem::path& p);

// --- the national runs (NationalRuns.cpp) -----------------------------------------------------

/// Traders' shipments in the no-aid run's last kArbitrageWindow days, means a day.
struct TradeFlows {
  std::vector<Eigen::ArrayXXd> shipped_kg;  ///< by commodity, (from, to)
  Eigen::ArrayXXd transit_days;             ///< (to, commodity): kg on the road, in days of orders
};

/// The default scenario and the no-aid counterfactual, run once and read by sections 2-7.
struct NationalRuns {
  Scenario aid, none;
  RunOutput with_aid, without_aid;
  RunOutput no_displacement;                ///< the default with aid.displacement_share = 0
  std::vector<double> tier_held_kg;         ///< by tier: elite stock at the end of the aid run
  std::vector<double> tier_entitlement_kg;  ///< by tier, as createElites() sets it
  TradeFlows trade;                         ///< of the no-aid run
};

/// `ini` under runs/ (empty: the embedded default) at --weight, plus `extra` overrides.
Scenario nationalScenario(const Options& o, const std::string& ini,
                          const std::vector<std::string>& extra = {});
NationalRuns nationalRuns(const Options& o);

// --- the sections, one file each, and the report (Report.cpp) ---------------------------------

Section closedFormLimit(const Options& o);
Section demandElasticities(const Scenario& s, const Options& o);
Section arbitrageGaps(const NationalRuns& n);
Section remotePremium(const NationalRuns& n, const Options& o);
Section diversion(const NationalRuns& n);
Section aidEffect(const NationalRuns& n);
Section documentedEpisodes(const NationalRuns& n, const Options& o);
Section stateShopDoubling(const Options& o);

/// The whole Markdown report: header, summary table, then every section.
std::string reportText(const Options& o, const std::vector<Section>& sections);
/// Writes under a temporary name and renames, so a failed run leaves the old report.
void writeReport(const std::filesystem::path& path, const std::string& text);

}  // namespace grainsim::validate

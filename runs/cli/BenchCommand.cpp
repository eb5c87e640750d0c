/// \brief `grainsim bench`: throughput, phase shares, memory traffic against a triad, and peak
/// memory of full runs at several scales and thread counts (docs/PERFORMANCE.md).
#include <boost/program_options.hpp>

#include <cmath>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "model/ScenarioLoader.hpp"
#include "runs/bench/Benchmark.hpp"
#include "runs/bench/Report.hpp"
#include "runs/bench/Triad.hpp"
#include "runs/cli/CommandErrors.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/cli/NumericOptions.hpp"

namespace grainsim::cli {
namespace {

namespace po = boost::program_options;

/// Triad arrays: 64 MB each, far beyond any cache; 8 MB for --tiny, which only proves it works.
constexpr std::size_t kTriadElements = (64u << 20) / sizeof(double);
constexpr std::size_t kTinyTriadElements = (8u << 20) / sizeof(double);

std::vector<int> parseThreadsList(const std::string& text) {
  std::vector<int> threads;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    threads.push_back(static_cast<int>(
        parseWhole("threads-list", item,
                   {1, kThreadsBounds.max, "each comma-separated thread count; see --threads"})));
  }
  if (threads.empty()) throw std::invalid_argument("--threads-list is empty");
  return threads;
}

struct Scale {
  std::string label;
  std::optional<double> agent_weight;  ///< none: the default scenario's own
};

std::string weightLabel(double weight) {
  std::ostringstream os;
  os << "1:" << weight;
  return os.str();
}

/// Agent weights giving about `households` agents in the default scenario.
double weightFor(const Scenario& national, double households) {
  const auto& pop = national.params.population;
  const double w = pop.total / pop.persons_per_household / households;
  const double unit = std::pow(10.0, std::floor(std::log10(w)) - 1);  // two significant digits
  return std::round(w / unit) * unit;
}

}  // namespace

int benchCommand(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts(
      "grainsim bench [options]\n\n"
      "Runs the default scenario nationally and at a reduced scale at each thread count and\n"
      "prints throughput, phase shares, memory traffic against a triad and peak memory, then\n"
      "one line `BENCH {json}`. The default takes several minutes (two national runs);\n"
      "--tiny takes seconds. docs/PERFORMANCE.md explains every figure.\n\noptions");
  opts.add_options()("help,h", "show this help")("threads-list",
                                                 po::value<std::string>()->default_value("1,2"),
                                                 "thread counts to run, comma-separated")(
      "reduced-weight", po::value<std::string>()->default_value("100"),
      "households per agent of the reduced scale")(
      "national", "include the national run (default)")("no-national",
                                                        "leave the national run out")(
      "tiny", "agent weights 2000 and 20000 and a small triad, to prove it works (CI)")(
      "table",
      "print the README's Markdown table instead of the report: about 10^4, 10^5, 10^6 "
      "households and national (10^2 and 10^3 with --tiny)")("quiet,q",
                                                             "print only the BENCH line");

  po::variables_map vm;
  if (auto stop = parseCommandLine("bench", args, opts, vm)) return *stop;

  return guardedCommand("bench", [&] {
    if (vm.count("national") && vm.count("no-national"))
      throw std::invalid_argument("--national and --no-national exclude each other");
    const std::vector<int> threads_list = parseThreadsList(vm["threads-list"].as<std::string>());
    const double reduced =
        realOption(vm, "reduced-weight", 1, 1e6, "households per agent; 10^6 leaves no agents");
    const bool tiny = vm.count("tiny") > 0, table = vm.count("table") > 0;
    const bool national = !vm.count("no-national") && !tiny;
    const bool quiet = vm.count("quiet") > 0;

    const Scenario default_scenario = loadScenario(std::nullopt, {});
    std::vector<Scale> scales;
    if (table) {
      for (double target :
           tiny ? std::vector<double>{1e2, 1e3} : std::vector<double>{1e4, 1e5, 1e6}) {
        const double w = weightFor(default_scenario, target);
        scales.push_back({weightLabel(w), w});
      }
      if (national) scales.push_back({"national", std::nullopt});
    } else {
      if (national) scales.push_back({"national", std::nullopt});
      if (tiny) scales.push_back({weightLabel(2000), 2000.0});
      scales.push_back({weightLabel(tiny ? 20000 : reduced), tiny ? 20000 : reduced});
    }

    BenchReport report;
    // The triad first, so its arrays are freed before any run's memory is measured.
    for (int t : threads_list) {
      bool seen = false;
      for (const auto& tr : report.triads) seen = seen || tr.threads == t;
      if (!seen)
        report.triads.push_back(measureTriad(tiny ? kTinyTriadElements : kTriadElements, t));
    }
    report.machine = thisMachine();
    report.kernel_costs = measureKernelCosts(tiny ? (1u << 16) : (1u << 24));
    // The year-round parts on 1:10 (1:2000 with --tiny), the income shock off (YearRoundCosts).
    report.year_round = measureYearRoundCosts(
        loadScenario(std::nullopt,
                     {tiny ? "population.agent_weight=2000" : "population.agent_weight=10",
                      "income.daily_shock_sd=0"}),
        tiny ? 5 : 20);
    for (const Scale& scale : scales) {
      std::vector<std::string> overrides;
      if (scale.agent_weight) {
        std::ostringstream w;
        w << std::setprecision(17) << *scale.agent_weight;
        overrides.push_back("population.agent_weight=" + w.str());
      }
      const Scenario s =
          scale.agent_weight ? loadScenario(std::nullopt, overrides) : default_scenario;
      for (int t : threads_list) {
        if (!quiet) std::cerr << "bench: " << scale.label << " at " << t << " thread(s)...\n";
        report.runs.push_back(runBenchmark(s, scale.label, t, command_line));
      }
    }

    if (!quiet) {
      if (table)
        printTable(std::cout, report);
      else
        printReport(std::cout, report);
      std::cout << "\n";
    }
    printBenchLine(std::cout, report);
    return kExitOk;
  });
}

}  // namespace grainsim::cli

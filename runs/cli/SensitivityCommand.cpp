/// \brief `grainsim sensitivity`: Sobol indices of a sobol sweep's outputs, written to HDF5 and
/// printed as tables ranked by total index.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numeric>

#include "runs/cli/CommandErrors.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/cli/NumericOptions.hpp"
#include "runs/output/OutputFile.hpp"
#include "runs/sweep/Sensitivity.hpp"

namespace grainsim::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

std::string cellName(const SweepLayout& l, const SweepVariable& v, std::size_t cell) {
  std::string name;
  std::size_t stride = l.cells(v);
  for (const Dim d : v.dims) {
    const std::size_t n = l.coordinates.dimSize(d);
    stride /= n;
    const std::size_t i = (cell / stride) % n;
    const std::vector<std::string>* names = d == Dim::region      ? &l.coordinates.regions
                                            : d == Dim::commodity ? &l.coordinates.commodities
                                            : d == Dim::tier      ? &l.coordinates.tiers
                                                                  : nullptr;
    name += (name.empty() ? "" : ", ") + std::string(dimName(d)) + " " +
            (names ? (*names)[i] : std::to_string(i + 1));
  }
  return name.empty() ? "national" : name;
}

/// Whether the cell's coordinates pass the --region / --commodity filters.
bool selected(const SweepLayout& l, const SweepVariable& v, std::size_t cell,
              const std::vector<std::string>& regions,
              const std::vector<std::string>& commodities) {
  std::size_t stride = l.cells(v);
  for (const Dim d : v.dims) {
    const std::size_t n = l.coordinates.dimSize(d);
    stride /= n;
    const std::size_t i = (cell / stride) % n;
    if (d == Dim::region && !regions.empty() &&
        std::find(regions.begin(), regions.end(), l.coordinates.regions[i]) == regions.end())
      return false;
    if (d == Dim::commodity && !commodities.empty() &&
        std::find(commodities.begin(), commodities.end(), l.coordinates.commodities[i]) ==
            commodities.end())
      return false;
  }
  return true;
}

void printTable(std::ostream& os, const SensitivityReport& report, const OutputSensitivity& o,
                std::size_t cell) {
  const SweepLayout& l = report.layout;
  const SobolIndices& s = o.cells[cell];
  os << o.variable.output << " | " << cellName(l, o.variable, cell);
  if (!std::isfinite(s.variance) || s.variance == 0 || std::isnan(s.total.front())) {
    os << ": no variance over the design (" << s.rows_used << " rows used)\n\n";
    return;
  }
  const std::string units = o.variable.units == "1" ? "" : " " + o.variable.units;
  os << " (" << s.rows_used << " of " << l.samples << " base samples, sd " << std::sqrt(s.variance)
     << units << ")\n";
  std::vector<std::size_t> order(l.parameter_names.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return s.total[a] > s.total[b]; });
  std::size_t width = 9;
  for (const auto& p : l.parameter_names) width = std::max(width, p.size());
  const int pct = static_cast<int>(std::lround(report.settings.confidence * 100));
  char line[512];
  std::snprintf(line, sizeof line, "  %-4s %-*s  %-26s %-26s\n", "rank", static_cast<int>(width),
                "parameter", ("first-order S1 [" + std::to_string(pct) + "%]").c_str(),
                ("total ST [" + std::to_string(pct) + "%]").c_str());
  os << line;
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const std::size_t i = order[rank];
    std::snprintf(line, sizeof line, "  %-4zu %-*s  %6.3f [%6.3f, %6.3f]   %6.3f [%6.3f, %6.3f]\n",
                  rank + 1, static_cast<int>(width), l.parameter_names[i].c_str(), s.first[i],
                  s.first_low[i], s.first_high[i], s.total[i], s.total_low[i], s.total_high[i]);
    os << line;
  }
  os << "\n";
}

}  // namespace

int sensitivityCommand(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("grainsim sensitivity [options] SWEEP_FILE");
  opts.add_options()("help,h", "show this help")("out", po::value<std::string>(),
                                                 "indices file (default: <sweep>.sensitivity.h5)")(
      "resamples", po::value<std::string>()->default_value("1000"), "bootstrap resamples")(
      "confidence", po::value<std::string>()->default_value("0.95"),
      "level of the bootstrap intervals")("bootstrap-seed",
                                          po::value<std::string>()->default_value("1"),
                                          "seed of the bootstrap's resampling")(
      "region", po::value<std::vector<std::string>>()->composing(),
      "print only this region (repeatable; the file has every cell)")(
      "commodity", po::value<std::vector<std::string>>()->composing(),
      "print only this commodity (repeatable)")("force", "overwrite an existing indices file")(
      "quiet,q", "no tables")("sweep", po::value<std::string>(), "a sweep file (--design sobol)");
  po::positional_options_description positional;
  positional.add("sweep", 1);

  po::variables_map vm;
  if (auto stop = parseCommandLine("sensitivity", args, opts, vm, &positional)) return *stop;
  return guardedCommand("sensitivity", [&] {
    if (!vm.count("sweep")) throw std::invalid_argument("no sweep file given");
    const fs::path sweep = vm["sweep"].as<std::string>();
    SensitivitySettings settings;
    settings.confidence = realOption(vm, "confidence", 0.5, 0.999,
                                     "a bootstrap interval's level; below 0.5 it says nothing");
    settings.resamples = static_cast<std::size_t>(
        wholeOption(vm, "resamples", {1, 1'000'000, "each resample recomputes every index"}));
    // A percentile interval needs resamples in each tail beyond it, else its ends are the
    // extreme resamples (and with none, NaN).
    const double per_tail = static_cast<double>(settings.resamples) * (1 - settings.confidence) / 2;
    if (per_tail < 1)
      throw std::invalid_argument(
          "--resamples = '" + vm["resamples"].as<std::string>() + "': too few for --confidence " +
          vm["confidence"].as<std::string>() +
          ": each tail of the interval must hold at least one resample (resamples x (1 - "
          "confidence) / 2 >= 1, here " +
          std::to_string(static_cast<long long>(std::ceil(2 / (1 - settings.confidence) - 1e-9))) +
          " or more)");
    settings.bootstrap_seed = seedOption(vm, "bootstrap-seed");
    fs::path out = sweep;
    out.replace_extension(".sensitivity.h5");
    if (vm.count("out")) out = vm["out"].as<std::string>();
    checkOutputPath(out, vm.count("force") > 0);  // before the bootstrap, not after it
    checkNotAnInput(out, {sweep});
    const auto none = std::vector<std::string>{};
    const auto& regions = vm.count("region") ? vm["region"].as<std::vector<std::string>>() : none;
    const auto& commodities =
        vm.count("commodity") ? vm["commodity"].as<std::vector<std::string>>() : none;

    const SensitivityReport report = analyseSweep(sweep, settings);
    for (const auto& r : regions)
      if (std::find(report.layout.coordinates.regions.begin(),
                    report.layout.coordinates.regions.end(),
                    r) == report.layout.coordinates.regions.end())
        throw std::invalid_argument("--region '" + r + "': not a region of the sweep");
    for (const auto& c : commodities)
      if (std::find(report.layout.coordinates.commodities.begin(),
                    report.layout.coordinates.commodities.end(),
                    c) == report.layout.coordinates.commodities.end())
        throw std::invalid_argument("--commodity '" + c + "': not a commodity of the sweep");
    writeSensitivityFile(report, out, vm.count("force") > 0, command_line);
    if (!vm.count("quiet")) {
      std::cout << "Sobol indices of " << sweep.string() << " (" << report.layout.samples
                << " base samples x " << report.layout.parameter_names.size() + 2 << " matrices, "
                << report.layout.replicates << " replicate(s) averaged, " << settings.resamples
                << " bootstrap resamples); ranked by total index\n\n";
      for (const auto& o : report.outputs)
        for (std::size_t c = 0; c < o.cells.size(); ++c)
          if (selected(report.layout, o.variable, c, regions, commodities))
            printTable(std::cout, report, o, c);
    }
    std::cerr << "grainsim sensitivity: wrote " << out.string() << "\n";
    return kExitOk;
  });
}

}  // namespace grainsim::cli

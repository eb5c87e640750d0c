/// \brief `grainsim validate`: fixed, seeded experiments against a closed form, the literature and
/// documented price episodes (runs/validate/), written as a Markdown report (docs/VALIDATION.md).
#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "model/ScenarioError.hpp"
#include "runs/cli/Commands.hpp"
#include "runs/cli/DataRoot.hpp"
#include "runs/cli/NumericOptions.hpp"
#include "runs/output/OutputFile.hpp"
#include "runs/validate/Validation.hpp"

namespace grainsim::cli {

int validateCommand(const std::vector<std::string>& args, const std::string& command_line) {
  namespace po = boost::program_options;
  namespace fs = std::filesystem;
  using namespace grainsim::validate;
  // Data are read from the repository in the current directory if there is one; the report is
  // written into the current directory unless --out says otherwise, never into the source tree
  // the binary was built from.
  const fs::path default_repo = dataRoot();
  po::options_description opts("grainsim validate [options]");
  opts.add_options()("help,h", "show this help")(
      "out", po::value<std::string>(),
      "report to write, replaced if it exists (default: VALIDATION.md in the current "
      "directory; the repository's copy is docs/VALIDATION.md)")(
      "weight", po::value<std::string>()->default_value("20"),
      "population.agent_weight of the national experiments")(
      "threads", po::value<std::string>()->default_value("0"), "worker threads (0: all cores)")(
      "repo", po::value<std::string>()->default_value(default_repo.string()),
      "repository holding runs/no-aid.ini and calibration/data/ (default: the current "
      "directory if it holds them, else the installed copy, else the source tree it was built "
      "from)");

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(opts).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "grainsim validate: " << e.what() << "\n\n" << opts;
    return kExitBadInput;
  }
  if (vm.count("help")) {
    std::cout << opts;
    return kExitOk;
  }
  Options o;
  try {
    o.weight = realOption(vm, "weight", 1, 1e6, "households per agent; 10^6 leaves no agents");
    o.threads = threadsOption(vm);
  } catch (const std::invalid_argument& e) {
    std::cerr << "grainsim validate: " << e.what() << "\n";
    return kExitBadInput;
  }
  o.repo = vm["repo"].as<std::string>();
  o.command_line = command_line;
  const fs::path out_path =
      vm.count("out") ? fs::path(vm["out"].as<std::string>()) : fs::path("VALIDATION.md");
  const fs::path out_dir = out_path.has_parent_path() ? out_path.parent_path() : fs::path(".");
  if (!fs::is_directory(out_dir)) {
    std::cerr << "grainsim validate: --out = '" << out_path.string() << "': directory "
              << out_dir.string() << " does not exist\n";
    return kExitBadInput;
  }
  try {
    checkOutputPath(out_path, true);  // the report is always replaced, if it is a regular file
  } catch (const OutputError& e) {
    std::cerr << "grainsim validate: --out: " << e.what() << "\n";
    return kExitBadInput;
  }
  // Checked before anything runs: a wrong --repo should not fail after minutes of simulation.
  for (const char* needed :
       {"runs/no-aid.ini", "calibration/data/prices.csv", "calibration/data/price_episodes.csv"})
    if (!fs::is_regular_file(o.repo / needed)) {
      std::cerr << "grainsim validate: --repo = '" << o.repo.string()
                << "': " << (o.repo / needed).string() << " does not exist\n";
      return kExitBadInput;
    }

  try {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<Section> sections;
    auto done = [&](Section s) {
      std::cout << s.title << ": " << s.headline << " [" << (s.within ? "within" : "outside") << "]"
                << std::endl;
      sections.push_back(std::move(s));
    };
    done(closedFormLimit(o));
    const NationalRuns n = nationalRuns(o);
    done(demandElasticities(n.aid, o));
    done(arbitrageGaps(n));
    done(remotePremium(n, o));
    done(diversion(n));
    done(aidEffect(n));
    done(documentedEpisodes(n, o));
    done(stateShopDoubling(o));
    writeReport(out_path, reportText(o, sections));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "Written to " << out_path.string() << " in " << num(seconds, 1) << " s wall\n";
    return kExitOk;
  } catch (const ScenarioError& e) {
    std::cerr << "grainsim validate: scenario error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "grainsim validate: failed: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace grainsim::cli

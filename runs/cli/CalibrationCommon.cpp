#include "runs/cli/CalibrationCommon.hpp"

#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "model/ScenarioError.hpp"
#include "runs/cli/DataRoot.hpp"

namespace grainsim::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

PrivateFolder::PrivateFolder() {
  std::string name = (fs::temp_directory_path() / "grainsim-XXXXXX").string();
  if (!::mkdtemp(name.data()))
    throw std::runtime_error("cannot create a private temporary folder under " +
                             fs::temp_directory_path().string());
  path = name;
}

PrivateFolder::~PrivateFolder() {
  std::error_code ec;
  fs::remove_all(path, ec);
}

std::vector<PriceObservation> allObservations(const ObservationSource& source,
                                              const Scenario& scenario) {
  ObservationFilter all = source.filter;
  all.first = Date{-1000000};
  all.last = Date{1000000};
  return readObservations(source.prices, source.city_regions, scenario, all);
}

Date dateOption(const po::variables_map& vm, const char* option) {
  const std::string text = vm[option].as<std::string>();
  const auto d = Date::parse(text);
  if (!d)
    throw std::invalid_argument(std::string("--") + option + " '" + text +
                                "': expected a YYYY-MM-DD date");
  return *d;
}

void addObservationOptions(po::options_description& opts) {
  const fs::path data = fs::is_directory("calibration/data") ? fs::path("calibration/data")
                                                             : dataRoot() / "calibration/data";
  opts.add_options()("data", po::value<std::string>()->default_value(data.string()),
                     "folder with prices.csv and city_regions.csv")(
      "grades", po::value<std::string>()->default_value("A=1,B=0.5"),
      "reliability grades used and their weights (others are left out)")(
      "train-from", po::value<std::string>(),
      "first observation date used (default: the day after the start date)")(
      "train-until", po::value<std::string>(),
      "last observation date used: later prices stay out (default: the end date)");
}

ObservationSource observationSource(const po::variables_map& vm) {
  ObservationSource s;
  const fs::path data = vm["data"].as<std::string>();
  s.prices = data / "prices.csv";
  s.city_regions = data / "city_regions.csv";
  s.grade_text = vm["grades"].as<std::string>();
  s.filter.grade_weights = parseGradeWeights("--grades", s.grade_text);
  if ((s.first_given = vm.count("train-from") > 0)) s.filter.first = dateOption(vm, "train-from");
  if ((s.last_given = vm.count("train-until") > 0)) s.filter.last = dateOption(vm, "train-until");
  return s;
}

std::vector<PriceObservation> trainingObservations(ObservationSource& source,
                                                   const Scenario& scenario) {
  const Date start = scenario.params.run.start_date, end = scenario.params.run.end_date;
  if (!source.first_given || source.filter.first <= start) source.filter.first = start.plusDays(1);
  if (!source.last_given || end < source.filter.last) source.filter.last = end;
  auto observations = readObservations(source.prices, source.city_regions, scenario, source.filter);
  if (observations.empty())
    throw ScenarioError(source.prices.string() + ": no observation of grades " + source.grade_text +
                        " between " + source.filter.first.iso() + " and " +
                        source.filter.last.iso() + " in a region and commodity of scenario '" +
                        scenario.name + "'");
  return observations;
}

}  // namespace grainsim::cli

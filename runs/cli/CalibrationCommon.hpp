/// \brief What calibrate and backtest share on the command line: where the observed prices are
/// and which of them count.
#pragma once

#include <boost/program_options.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "calibration/Observations.hpp"

namespace grainsim::cli {

struct ObservationSource {
  std::filesystem::path prices, city_regions;
  ObservationFilter filter;  ///< first/last as given; trainingObservations() fills the gaps
  std::string grade_text;
  bool first_given = false, last_given = false;
};

/// A private folder for the start-price tables of rolling origins (mkdtemp: mode 0700, a fresh
/// name), removed with what is in it.
struct PrivateFolder {
  std::filesystem::path path;
  PrivateFolder();
  ~PrivateFolder();
  PrivateFolder(const PrivateFolder&) = delete;
  PrivateFolder& operator=(const PrivateFolder&) = delete;
};

/// The YYYY-MM-DD value of `--<option>`; std::invalid_argument naming the option and the text.
Date dateOption(const boost::program_options::variables_map& vm, const char* option);

/// --data, --grades, --train-from, --train-until.
void addObservationOptions(boost::program_options::options_description& opts);
ObservationSource observationSource(const boost::program_options::variables_map& vm);

/// Every observation of the --grades in prices.csv, whatever its date: what a forecaster knows
/// up to each origin.
std::vector<PriceObservation> allObservations(const ObservationSource& source,
                                              const Scenario& scenario);

/// The observations inside the scenario's recorded period after its start date (the start
/// date's prices are the model's own), within --train-from and --train-until. Throws
/// ScenarioError when none is left.
std::vector<PriceObservation> trainingObservations(ObservationSource& source,
                                                   const Scenario& scenario);

}  // namespace grainsim::cli

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

/// --data, --grades, --train-from, --train-until.
void addObservationOptions(boost::program_options::options_description& opts);
ObservationSource observationSource(const boost::program_options::variables_map& vm);

/// The observations inside the scenario's recorded period after its start date (the start
/// date's prices are the model's own), within --train-from and --train-until. Throws
/// ScenarioError when none is left.
std::vector<PriceObservation> trainingObservations(ObservationSource& source,
                                                   const Scenario& scenario);

}  // namespace grainsim::cli

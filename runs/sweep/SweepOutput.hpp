/// \brief What a sweep keeps of each run (`--outputs`): a variable on one date, or its mean,
/// minimum or maximum over a date range, for every region, commodity, ... the variable has.
#pragma once

#include <string>
#include <vector>

#include "model/OutputDictionary.hpp"
#include "model/RunOutput.hpp"

namespace grainsim {

/// One named output, e.g. `price@2027-01-15` or `mean(price, 2026-12-01:2027-03-31)`.
struct SweepOutput {
  enum class Reduction { on_date, mean, min, max };

  std::string text;      ///< as the user wrote it, without surrounding blanks
  std::string name;      ///< the dataset's name, e.g. price_on_2027_01_15
  std::string variable;  ///< an outputTable() entry whose first dimension is time
  Reduction reduction = Reduction::on_date;
  int first_day = 0, last_day = 0;  ///< time indices, inclusive (equal for on_date)

  /// The variable's dimensions after time, e.g. region, commodity.
  std::vector<Dim> dims() const;
  /// Values per run: the product of dims()' extents in `coordinates`.
  std::size_t cells(const RunOutput& coordinates) const;
  /// Reduces one run's trajectory of `variable` over time, in C order over dims(). A mean,
  /// minimum or maximum over a range holding a NaN is NaN (a price on a day with no market).
  std::vector<double> reduce(const RunOutput& out) const;
  /// Units of the result (those of the variable), and a long name saying what was reduced.
  std::string units() const;
  std::string longName() const;
};

/// Parses a comma-separated list (commas inside parentheses belong to the term); dates must
/// fall inside the run (`coordinates`: start date and days). Throws std::invalid_argument
/// naming --outputs, the term and the rule it breaks. Duplicate terms are an error.
std::vector<SweepOutput> parseSweepOutputs(const std::string& list, const RunOutput& coordinates);

/// Variable names for full trajectories (`--trajectories price,food_insecure_share`); throws
/// std::invalid_argument for a name not in the output dictionary.
std::vector<std::string> parseTrajectoryVariables(const std::string& list);

}  // namespace grainsim

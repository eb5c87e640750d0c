/// \brief A self-describing HDF5 file of labelled tables (the calibration report, the backtest's
/// scores): named dimensions, float64 variables over them, string columns, root attributes.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace grainsim {

struct TableDimension {
  std::string name;
  std::vector<std::string> labels;  ///< the coordinate: NC_STRING labels...
  std::size_t size = 0;             ///< ...or, when there are none, 0..size-1 as integers
  std::string long_name;
  std::size_t extent() const { return labels.empty() ? size : labels.size(); }
};

struct TableVariable {
  std::string name;
  std::vector<std::string> dims;  ///< names of TableDimensions, slowest varying first
  std::vector<double> values;     ///< C order; NaN where there is no value (_FillValue NaN)
  std::string units, long_name;
};

struct TableStrings {
  std::string name, dim, long_name;
  std::vector<std::string> values;
};

struct TableFileContents {
  std::string kind;  ///< grainsim_file_kind: backtest, calibration
  std::string title;
  std::string summary;  ///< ACDD summary
  std::vector<TableDimension> dims;
  std::vector<TableVariable> variables;
  std::vector<TableStrings> strings;
  std::vector<std::pair<std::string, std::string>> text_attributes;
  std::vector<std::pair<std::string, double>> number_attributes;
};

/// Writes through a fresh temporary file and a rename (OutputFile's guarantees: `path` holds a
/// whole file or what it held before; an existing regular file only with `overwrite`). Throws
/// OutputError (WriteError when the writing fails) naming the path, or std::invalid_argument when a
/// variable's size or dimensions do not match.
void writeTableFile(const std::filesystem::path& path, const TableFileContents& contents,
                    const std::string& command_line, bool overwrite);

}  // namespace grainsim

/// \brief Writes one run's output as a NetCDF-4 compatible HDF5 file, and reads it back.
#pragma once

#include <filesystem>
#include <stdexcept>

#include "model/RunOutput.hpp"

namespace grainsim {

/// Any failure to check, write or read an output file; the message names the path.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Checked before a run starts so a long run cannot end in an unwritable path: the parent
/// directory must exist, and an existing file is only acceptable with `overwrite`.
void checkOutputPath(const std::filesystem::path& path, bool overwrite);

/// Writes to `<path>.tmp-<pid>` in the same directory and renames it over `path`, so `path`
/// either holds a complete file or is left as it was.
void writeOutputFile(const std::filesystem::path& path, const RunOutput& out,
                     const Provenance& prov, bool overwrite);

/// Coordinates and every variable of outputTable() from a file written by writeOutputFile.
RunOutput readOutputFile(const std::filesystem::path& path);

}  // namespace grainsim

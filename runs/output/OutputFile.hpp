/// \brief Writes one run's output as a NetCDF-4 compatible HDF5 file, and reads it back.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "model/RunOutput.hpp"

namespace grainsim {

/// Any failure to check, write or read an output file; the message names the path.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writing failed although the output's place was fine: an I/O error, a full disk, a file-size
/// limit. Not bad input, so the command exits 1 (kExitFailure), not 2; the old file is kept and
/// the temporary file removed. The message names the file and the OS's error.
class WriteError : public OutputError {
 public:
  using OutputError::OutputError;
};

/// Checked before a run starts so a long run cannot end in an unwritable path, and again just
/// before the rename: the path is not empty nor "-" (standard output), the parent directory exists,
/// and an existing entry is only replaced with `overwrite` and only if it is a regular file (not a
/// device, a FIFO, a directory or a symbolic link: a link is refused rather than followed or
/// replaced).
void checkOutputPath(const std::filesystem::path& path, bool overwrite);

/// Throws OutputError naming both paths when `path` is (fs::equivalent: the same file by any
/// name or link) one of `inputs`: not even --force lets an output replace its own input.
void checkNotAnInput(const std::filesystem::path& path,
                     const std::vector<std::filesystem::path>& inputs);

/// "cannot write output file '<path>': <what failed>", the WriteError every writer throws.
WriteError writeError(const std::filesystem::path& path, const std::exception& e);

/// Writes to a fresh temporary file beside `path` (model/TempFile.hpp, created exclusively) and
/// renames it over `path`, so `path` either holds a complete file or is left as it was. Throws
/// OutputError for a path checkOutputPath refuses, WriteError when the writing fails.
void writeOutputFile(const std::filesystem::path& path, const RunOutput& out,
                     const Provenance& prov, bool overwrite);

/// Coordinates and every variable of outputTable() from a file written by writeOutputFile.
RunOutput readOutputFile(const std::filesystem::path& path);

}  // namespace grainsim

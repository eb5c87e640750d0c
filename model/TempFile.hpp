/// \brief Temporary files beside an output, written and then renamed over it: unpredictable
/// names created exclusively (never through a name or link someone planted), and the clean-up
/// of those left behind by processes that died while writing (kill -9).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace grainsim {

/// Owns a temporary file and removes it on destruction, unless release()d (after the rename).
class TempFile {
 public:
  TempFile() = default;
  explicit TempFile(std::filesystem::path path) : path_(std::move(path)) {}
  TempFile(TempFile&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  TempFile& operator=(TempFile&& other) noexcept;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { remove(); }

  const std::filesystem::path& path() const { return path_; }
  /// The file now lives under another name (renamed): nothing to remove.
  void release() { path_.clear(); }

 private:
  void remove() noexcept;
  std::filesystem::path path_;
};

/// `<out>.tmp-<host>-`: every temporary file of `out` written on this host starts so; the
/// rest is `<pid>-<6 random letters or digits>`.
std::string tempPrefixFor(const std::filesystem::path& out);

/// Creates a fresh temporary file for `out` in `out`'s own folder (so that the final rename is
/// atomic), named `<out>.tmp-<host>-<pid>-<random>`. `create(candidate)` must create the file
/// exclusively (O_CREAT|O_EXCL, H5F_ACC_EXCL: never through an existing name or a link) and
/// return false only when the name was taken; another name is then tried. Any other failure
/// is `create`'s to throw. Left-over temporary files of `out` from dead processes are removed
/// first (removeDeadTemps).
TempFile createTempFor(const std::filesystem::path& out,
                       const std::function<bool(const std::filesystem::path&)>& create);

/// Removes the temporary files of `out` that a process of this host left behind when it died:
/// named by tempPrefixFor(out), a regular file owned by this user, whose pid no longer runs
/// (kill(pid, 0) fails with ESRCH). Everything else (other hosts, other users, live
/// processes) is left alone. Prints one line to stderr naming what was removed; returns it.
std::vector<std::filesystem::path> removeDeadTemps(const std::filesystem::path& out);

/// Renames `temp` over `out` and releases it; throws std::runtime_error with the OS error.
void renameOver(TempFile& temp, const std::filesystem::path& out);

}  // namespace grainsim

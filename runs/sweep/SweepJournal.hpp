/// \brief The record a shard keeps of its finished points while it runs, so that a killed
/// shard resumes where it stopped: an append-only file of checksummed records. Ensembles keep
/// their replicates in the same format under their own first line (EnsembleJournal).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runs/output/OutputFile.hpp"

namespace grainsim {

/// What tells one use of the journal format from another: the file's first line, and the
/// message that explains a header that does not match.
struct JournalKind {
  std::string_view magic;     ///< the first line, with its newline
  std::string_view mismatch;  ///< why a header differs and what to do
};
inline constexpr JournalKind kSweepJournalKind{
    "grainsim sweep journal 1\n",
    "belongs to a different sweep (scenario, design, parameters, outputs, seeds, shard or code "
    "version differ); --force starts this shard over"};

/// A journal's header is not the one expected: it was written by another run.
class JournalMismatch : public OutputError {
 public:
  using OutputError::OutputError;
};

/// One finished design point: its values (SweepPlan::rowSize() doubles, NaN if it failed)
/// and, if it failed, why.
struct PointRecord {
  std::uint64_t point = 0;
  std::string failure;  ///< empty: the point succeeded
  std::vector<double> values;
};

/// `<shard file>.journal`. A text header names the sweep's fingerprint and the shard; each
/// record is [u32 payload bytes][payload][u64 FNV-1a of the payload], written with one write()
/// and fdatasync(), so a SIGKILL can at worst leave a torn last record, which opening drops.
class SweepJournal {
 public:
  /// The journal of the shard file `shard_file`.
  static std::filesystem::path pathFor(const std::filesystem::path& shard_file);

  /// Opens the journal at `path`, creating it if absent. An existing journal must carry the
  /// same `header` (else JournalMismatch: a journal of another sweep); its complete records are
  /// kept and a torn tail is cut off. One cut short inside its header (killed while it was being
  /// created: empty, or a prefix of the header) holds no records and is started afresh. `points` is
  /// the sweep's total, for checking records.
  SweepJournal(std::filesystem::path path, const std::string& header, std::uint64_t points,
               const JournalKind& kind = kSweepJournalKind);
  ~SweepJournal();
  SweepJournal(const SweepJournal&) = delete;
  SweepJournal& operator=(const SweepJournal&) = delete;

  /// Whether the journal holds point p (read at opening and kept up to date by append()).
  bool done(std::uint64_t point) const { return done_[point] != 0; }
  std::uint64_t doneCount() const { return done_count_; }
  /// Bytes of a torn record dropped at opening (0 when the last run ended cleanly).
  std::uint64_t droppedBytes() const { return dropped_bytes_; }

  /// Appends one record durably; throws OutputError naming the path on failure.
  void append(const PointRecord& record);
  /// Calls `f` for every record in file order; memory holds one record at a time.
  void replay(const std::function<void(const PointRecord&)>& f) const;
  /// Deletes the journal (after its records went into the finished file).
  void remove();

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  JournalKind kind_;
  int fd_ = -1;
  std::uint64_t header_bytes_ = 0;
  std::vector<std::uint8_t> done_;
  std::uint64_t done_count_ = 0;
  std::uint64_t dropped_bytes_ = 0;
};

}  // namespace grainsim

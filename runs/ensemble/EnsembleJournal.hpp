/// \brief The record a forecast or comparison keeps of its finished replicates while it runs, so
/// that a killed run, run again, resumes where it stopped and writes the file it would have
/// written: SweepJournal's checksummed records under the ensemble's own first line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "runs/sweep/SweepJournal.hpp"

namespace grainsim {

/// One replicate of every arm, as the reduction takes it and the journal keeps it.
struct ReplicateRecord {
  std::uint32_t replicate = 0;
  std::vector<std::vector<double>> parameters;  ///< per arm: the values drawn for its priors
  std::vector<std::vector<double>> values;  ///< per arm: RunOutput::flatValues(); empty if failed
  std::string failure;                      ///< why it failed; empty: it succeeded
  std::size_t failed_arm = 0;               ///< the arm that failed, when failure is set
};

/// `<ensemble file>.journal`. Its header is the ensemble's fingerprint (ensembleFingerprint());
/// each record is one replicate, appended durably in replicate order, so the journal holds
/// replicates 0 .. resumed() - 1 and a torn last record (a kill mid-write) is dropped.
class EnsembleJournal {
 public:
  /// The journal of the ensemble file `ensemble_file`.
  static std::filesystem::path pathFor(const std::filesystem::path& ensemble_file);

  /// Opens the journal at `path`, creating it if absent. A journal with another fingerprint
  /// throws JournalMismatch (an OutputError, naming the file), or with `discard_other_run` is
  /// deleted and started over. Throws OutputError if its records are not in replicate order.
  EnsembleJournal(const std::filesystem::path& path, const std::string& fingerprint,
                  std::uint32_t replicates, bool discard_other_run);

  /// Replicates journaled before this run: 0 .. resumed() - 1.
  std::uint32_t resumed() const { return resumed_; }
  /// Replicates journaled, those resumed included.
  std::uint32_t count() const { return static_cast<std::uint32_t>(journal_.doneCount()); }
  /// Bytes of a torn record dropped at opening (0 when the last run ended cleanly).
  std::uint64_t droppedBytes() const { return journal_.droppedBytes(); }

  /// Appends one replicate durably; it must be the next one. Throws OutputError on failure.
  void append(const ReplicateRecord& record);
  /// Calls `f` for replicates 0 .. resumed() - 1 in order; memory holds one record at a time.
  /// Throws OutputError naming the file if a record is malformed or out of order.
  void replay(const std::function<void(ReplicateRecord&&)>& f) const;
  /// Deletes the journal (after its records went into the finished file, or are of no use).
  void remove() { journal_.remove(); }

  const std::filesystem::path& path() const { return journal_.path(); }

 private:
  SweepJournal journal_;
  std::uint32_t resumed_ = 0;
};

}  // namespace grainsim

/// \brief Every objective evaluation of a calibration, appended to a text file as it finishes,
/// so that a killed calibration, rerun with the same inputs, replays them instead of running
/// the model again.
#pragma once

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace grainsim {

class EvaluationJournal {
 public:
  /// Opens `path` for appending, creating it (never through a symbolic link) with a header
  /// holding `fingerprint`, the inputs the losses depend on. An existing journal must carry the
  /// same fingerprint (else std::runtime_error naming the file: it belongs to another
  /// calibration); its complete lines are loaded and a torn last line (a kill mid-write) is
  /// dropped. An empty path: an in-memory journal (nothing written, nothing resumed).
  EvaluationJournal(const std::filesystem::path& path, const std::string& fingerprint);
  EvaluationJournal(const EvaluationJournal&) = delete;
  EvaluationJournal& operator=(const EvaluationJournal&) = delete;

  /// The loss recorded for exactly this point (bit for bit), if any.
  std::optional<double> find(const std::vector<double>& u) const;
  /// Records a finished evaluation and flushes it to the file.
  void append(const std::vector<double>& u, double loss);
  std::size_t size() const { return losses_.size(); }
  /// Evaluations loaded from the file when it was opened.
  std::size_t resumed() const { return resumed_; }

 private:
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_{nullptr, &std::fclose};
  std::map<std::vector<double>, double> losses_;
  std::size_t resumed_ = 0;
};

}  // namespace grainsim

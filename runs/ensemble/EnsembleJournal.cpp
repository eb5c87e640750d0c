#include "runs/ensemble/EnsembleJournal.hpp"

#include <cmath>
#include <optional>

#include "runs/output/OutputFile.hpp"

namespace grainsim {

namespace {

constexpr JournalKind kEnsembleJournalKind{
    "grainsim ensemble journal 1\n",
    "belongs to another forecast or comparison (scenarios, --set values, seed, replicates, "
    "--independent or code version differ); --force discards it and starts over"};

OutputError journalError(const std::filesystem::path& path, const std::string& what) {
  return OutputError("journal '" + path.string() + "': " + what);
}

/// A replicate as one of SweepJournal's records: the point is the replicate, the failure its
/// failure, and the values are [failed arm] then, per arm, [parameter count][parameters]
/// [value count][values]. Counts are stored as doubles, exact up to 2^53.
PointRecord encode(const ReplicateRecord& r) {
  PointRecord p{r.replicate, r.failure, {}};
  p.values.push_back(static_cast<double>(r.failed_arm));
  for (std::size_t k = 0; k < r.parameters.size(); ++k) {
    p.values.push_back(static_cast<double>(r.parameters[k].size()));
    p.values.insert(p.values.end(), r.parameters[k].begin(), r.parameters[k].end());
    const std::size_t n = k < r.values.size() ? r.values[k].size() : 0;
    p.values.push_back(static_cast<double>(n));
    if (n > 0) p.values.insert(p.values.end(), r.values[k].begin(), r.values[k].end());
  }
  return p;
}

/// nullopt when the values do not have the layout encode() writes.
std::optional<ReplicateRecord> decode(const PointRecord& p) {
  ReplicateRecord r;
  r.replicate = static_cast<std::uint32_t>(p.point);
  r.failure = p.failure;
  const std::vector<double>& v = p.values;
  std::size_t at = 0;
  // The next count, if it is a whole number that fits in what is left.
  auto count = [&]() -> std::optional<std::size_t> {
    if (at >= v.size()) return std::nullopt;
    const double x = v[at++];
    if (!(x >= 0) || x != std::floor(x) || x > static_cast<double>(v.size() - at))
      return std::nullopt;
    return static_cast<std::size_t>(x);
  };
  auto take = [&](std::size_t n) {
    std::vector<double> out(v.begin() + static_cast<std::ptrdiff_t>(at),
                            v.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
    return out;
  };
  if (v.empty()) return std::nullopt;
  const double failed_arm = v[at++];
  while (at < v.size()) {
    const auto parameters = count();
    if (!parameters) return std::nullopt;
    r.parameters.push_back(take(*parameters));
    const auto values = count();
    if (!values) return std::nullopt;
    r.values.push_back(take(*values));
  }
  if (!(failed_arm >= 0) || failed_arm != std::floor(failed_arm) ||
      failed_arm >= static_cast<double>(r.parameters.size()))
    return std::nullopt;
  r.failed_arm = static_cast<std::size_t>(failed_arm);
  if (!r.failure.empty()) r.values.clear();  // a failed replicate has no values
  return r;
}

SweepJournal openJournal(const std::filesystem::path& path, const std::string& fingerprint,
                         std::uint32_t replicates, bool discard_other_run) {
  if (discard_other_run) {
    try {
      return SweepJournal(path, fingerprint, replicates, kEnsembleJournalKind);
    } catch (const JournalMismatch&) {
      std::filesystem::remove(path);
    }
  }
  return SweepJournal(path, fingerprint, replicates, kEnsembleJournalKind);
}

}  // namespace

std::filesystem::path EnsembleJournal::pathFor(const std::filesystem::path& ensemble_file) {
  return SweepJournal::pathFor(ensemble_file);
}

EnsembleJournal::EnsembleJournal(const std::filesystem::path& path, const std::string& fingerprint,
                                 std::uint32_t replicates, bool discard_other_run)
    : journal_(openJournal(path, fingerprint, replicates, discard_other_run)),
      resumed_(static_cast<std::uint32_t>(journal_.doneCount())) {
  // Records go in replicate order, so what a run left is 0 .. resumed_ - 1.
  for (std::uint32_t r = 0; r < resumed_; ++r)
    if (!journal_.done(r))
      throw journalError(path,
                         "its replicates are not 0, 1, 2, ... (the file was altered); "
                         "delete it to start over");
}

void EnsembleJournal::append(const ReplicateRecord& record) {
  if (record.replicate != count())
    throw journalError(path(), "replicate " + std::to_string(record.replicate) +
                                   " appended after " + std::to_string(count()) + " replicates");
  journal_.append(encode(record));
}

void EnsembleJournal::replay(const std::function<void(ReplicateRecord&&)>& f) const {
  std::uint32_t next = 0;
  journal_.replay([&](const PointRecord& p) {
    if (next == resumed_) return;  // appended by this run: not part of the replay
    auto record = decode(p);
    if (!record || record->replicate != next)
      throw journalError(path(), "the record of replicate " + std::to_string(next) +
                                     " is malformed (the file was altered); delete it to start "
                                     "over");
    ++next;
    f(std::move(*record));
  });
}

}  // namespace grainsim

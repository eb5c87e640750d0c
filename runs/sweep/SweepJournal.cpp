#include "runs/sweep/SweepJournal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>

#include "model/Rng.hpp"
#include "runs/output/OutputFile.hpp"

namespace grainsim {

namespace {

/// Checksum of a record's payload.
std::uint64_t checksum(const std::vector<std::uint8_t>& payload) {
  return fnv1a64({reinterpret_cast<const char*>(payload.data()), payload.size()});
}

template <typename T>
void put(std::vector<std::uint8_t>& buf, const T& x) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(&x);
  buf.insert(buf.end(), p, p + sizeof x);
}

template <typename T>
T take(const std::uint8_t*& p) {
  T x;
  std::memcpy(&x, p, sizeof x);
  p += sizeof x;
  return x;
}

std::vector<std::uint8_t> encode(const PointRecord& r) {
  std::vector<std::uint8_t> payload;
  put(payload, r.point);
  put(payload, static_cast<std::uint32_t>(r.failure.size()));
  payload.insert(payload.end(), r.failure.begin(), r.failure.end());
  put(payload, static_cast<std::uint64_t>(r.values.size()));
  const auto* v = reinterpret_cast<const std::uint8_t*>(r.values.data());
  payload.insert(payload.end(), v, v + r.values.size() * sizeof(double));
  return payload;
}

/// nullopt when the payload is malformed.
std::optional<PointRecord> decode(const std::vector<std::uint8_t>& payload) {
  const std::uint8_t* p = payload.data();
  const std::uint8_t* end = p + payload.size();
  auto has = [&](std::size_t n) { return static_cast<std::size_t>(end - p) >= n; };
  PointRecord r;
  if (!has(12)) return std::nullopt;
  r.point = take<std::uint64_t>(p);
  const auto msg = take<std::uint32_t>(p);
  if (!has(msg + 8ull)) return std::nullopt;
  r.failure.assign(reinterpret_cast<const char*>(p), msg);
  p += msg;
  const auto n = take<std::uint64_t>(p);
  if (static_cast<std::size_t>(end - p) != n * sizeof(double)) return std::nullopt;
  r.values.resize(n);
  std::memcpy(r.values.data(), p, n * sizeof(double));
  return r;
}

constexpr const char* kLinkRefused =
    "is a symbolic link; refused (a journal is never opened through a link; remove it to start "
    "over)";

OutputError journalError(const std::filesystem::path& path, const std::string& what) {
  return OutputError("journal '" + path.string() + "': " + what);
}

/// An I/O failure on the journal (a full disk, a file-size limit): a WriteError, exit 1.
WriteError journalWriteError(const std::filesystem::path& path, const std::string& what) {
  return WriteError("journal '" + path.string() + "': " + what + ": " + std::strerror(errno));
}

/// Reads records from `in` (positioned after the header) until the end or the first torn or
/// corrupt record; returns the offset where the good records end.
std::uint64_t readRecords(std::ifstream& in, std::uint64_t offset,
                          const std::function<void(PointRecord&&)>& f) {
  std::vector<std::uint8_t> payload;
  while (true) {
    std::uint32_t size = 0;
    if (!in.read(reinterpret_cast<char*>(&size), sizeof size)) break;
    payload.resize(size);
    std::uint64_t sum = 0;
    if (!in.read(reinterpret_cast<char*>(payload.data()), size)) break;
    if (!in.read(reinterpret_cast<char*>(&sum), sizeof sum)) break;
    if (sum != checksum(payload)) break;
    auto record = decode(payload);
    if (!record) break;
    f(std::move(*record));
    offset += sizeof size + size + sizeof sum;
  }
  return offset;
}

}  // namespace

std::filesystem::path SweepJournal::pathFor(const std::filesystem::path& shard_file) {
  return shard_file.string() + ".journal";
}

SweepJournal::SweepJournal(std::filesystem::path path, const std::string& header,
                           std::uint64_t points, const JournalKind& kind)
    : path_(std::move(path)), kind_(kind), done_(points, 0) {
  const std::string head = std::string(kind_.magic) + header + "\n";
  header_bytes_ = head.size();
  std::uint64_t good_end = header_bytes_;
  // A link planted as the journal would make every append write into its target.
  std::error_code ec;
  const auto status = std::filesystem::symlink_status(path_, ec);
  if (std::filesystem::is_symlink(status)) throw journalError(path_, kLinkRefused);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw journalError(path_, "is not a regular file; refused");
  if (std::filesystem::exists(status)) {
    std::ifstream in(path_, std::ios::binary);
    std::string found(head.size(), '\0');
    in.read(found.data(), static_cast<std::streamsize>(found.size()));
    found.resize(static_cast<std::size_t>(in.gcount()));
    if (found.size() < head.size() && head.starts_with(found)) {
      // Killed between creating the file and syncing its header: nothing was recorded yet,
      // so the torn header is dropped like a torn record and written whole below.
      dropped_bytes_ = found.size();
    } else if (found != head) {
      throw JournalMismatch(journalError(path_, std::string(kind_.mismatch)).what());
    } else {
      good_end = readRecords(in, header_bytes_, [&](PointRecord&& r) {
        if (r.point < done_.size() && !done_[r.point]) {
          done_[r.point] = 1;
          ++done_count_;
        }
      });
      dropped_bytes_ = std::filesystem::file_size(path_) - good_end;
    }
  }
  // O_NOFOLLOW: a link planted since the check above is refused too (ELOOP).
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd_ < 0 && errno == ELOOP) throw journalError(path_, kLinkRefused);
  if (fd_ < 0) throw journalWriteError(path_, "cannot open");
  if (::ftruncate(fd_, static_cast<off_t>(good_end)) != 0 ||
      ::lseek(fd_, static_cast<off_t>(good_end), SEEK_SET) < 0)
    throw journalWriteError(path_, "cannot truncate");
  if (good_end == header_bytes_ &&
      ::pwrite(fd_, head.data(), head.size(), 0) != static_cast<ssize_t>(head.size()))
    throw journalWriteError(path_, "cannot write");
  ::fdatasync(fd_);
}

SweepJournal::~SweepJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void SweepJournal::append(const PointRecord& record) {
  const std::vector<std::uint8_t> payload = encode(record);
  std::vector<std::uint8_t> buf;
  buf.reserve(payload.size() + 12);
  put(buf, static_cast<std::uint32_t>(payload.size()));
  buf.insert(buf.end(), payload.begin(), payload.end());
  put(buf, checksum(payload));
  std::size_t written = 0;
  while (written < buf.size()) {
    const ssize_t n = ::write(fd_, buf.data() + written, buf.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw journalWriteError(path_, "cannot write");
    written += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) throw journalWriteError(path_, "cannot sync");
  if (!done_[record.point]) {
    done_[record.point] = 1;
    ++done_count_;
  }
}

void SweepJournal::replay(const std::function<void(const PointRecord&)>& f) const {
  std::ifstream in(path_, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(header_bytes_));
  readRecords(in, header_bytes_, [&](PointRecord&& r) { f(r); });
}

void SweepJournal::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::filesystem::remove(path_);
}

}  // namespace grainsim

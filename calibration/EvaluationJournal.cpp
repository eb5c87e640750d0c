#include "calibration/EvaluationJournal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace grainsim {

namespace {

const std::string kMagic = "# grainsim calibration journal v1 ";

std::runtime_error fail(const std::filesystem::path& path, const std::string& why) {
  return std::runtime_error("calibration journal '" + path.string() + "': " + why);
}

/// Exact round trip: hexadecimal floating point.
std::string hex(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%a", x);
  return buf;
}

}  // namespace

EvaluationJournal::EvaluationJournal(const std::filesystem::path& path,
                                     const std::string& fingerprint) {
  if (path.empty()) return;
  // O_NOFOLLOW: a link planted at the journal's path is refused, not followed. One descriptor
  // reads, trims and appends, so the file checked is the file written.
  const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) throw fail(path, std::strerror(errno));
  file_.reset(::fdopen(fd, "a+"));
  if (!file_) {
    ::close(fd);
    throw fail(path, std::strerror(errno));
  }
  std::string text;
  char buf[1 << 16];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n < 0) throw fail(path, std::strerror(errno));
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    at += n;
  }
  const std::size_t complete = text.rfind('\n') + 1;  // 0 when there is no whole line
  if (complete == 0) {
    // New, or only a torn header: start the file afresh.
    if (::ftruncate(fd, 0) != 0) throw fail(path, std::strerror(errno));
    std::fprintf(file_.get(), "%s%s\n", kMagic.c_str(), fingerprint.c_str());
    if (std::fflush(file_.get()) != 0) throw fail(path, std::strerror(errno));
    return;
  }
  const std::string header = text.substr(0, text.find('\n'));
  if (header != kMagic + fingerprint)
    throw fail(path,
               "written by another calibration (scenario, observations, parameters or options "
               "differ); remove it or choose another --journal");
  std::istringstream body(text.substr(header.size() + 1, complete - header.size() - 1));
  for (std::string line; std::getline(body, line);) {
    std::istringstream fields(line);
    std::vector<double> values;
    for (std::string f; fields >> f;) {
      char* end = nullptr;
      values.push_back(std::strtod(f.c_str(), &end));
      if (*end != '\0') throw fail(path, "malformed number '" + f + "' in line '" + line + "'");
    }
    if (values.size() < 2) throw fail(path, "malformed line '" + line + "'");
    const double loss = values.back();
    values.pop_back();
    losses_[values] = loss;
  }
  resumed_ = losses_.size();
  // A line torn by a kill mid-write is cut off, so the next one starts on a line of its own.
  if (complete < text.size() && ::ftruncate(fd, static_cast<off_t>(complete)) != 0)
    throw fail(path, std::strerror(errno));
}

std::optional<double> EvaluationJournal::find(const std::vector<double>& u) const {
  const auto it = losses_.find(u);
  if (it == losses_.end()) return std::nullopt;
  return it->second;
}

void EvaluationJournal::append(const std::vector<double>& u, double loss) {
  losses_[u] = loss;
  if (!file_) return;
  std::string line;
  for (double x : u) line += hex(x) + " ";
  line += hex(loss) + "\n";
  if (std::fputs(line.c_str(), file_.get()) < 0 || std::fflush(file_.get()) != 0)
    throw std::runtime_error(std::string("calibration journal: cannot append: ") +
                             std::strerror(errno));
}

}  // namespace grainsim

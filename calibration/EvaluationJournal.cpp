#include "calibration/EvaluationJournal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
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
  bool fresh = true;
  {
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    fresh = text.empty();
    if (!fresh) {
      std::istringstream lines(text);
      std::string header;
      std::getline(lines, header);
      if (header != kMagic + fingerprint)
        throw fail(path,
                   "written by another calibration (scenario, observations, parameters or "
                   "options differ); remove it or choose another --journal");
      const std::size_t complete = text.rfind('\n') + 1;  // a torn last line is dropped
      std::istringstream body(text.substr(header.size() + 1, complete - header.size() - 1));
      for (std::string line; std::getline(body, line);) {
        std::istringstream fields(line);
        std::vector<double> values;
        for (std::string f; fields >> f;) values.push_back(std::strtod(f.c_str(), nullptr));
        if (values.size() < 2) throw fail(path, "malformed line '" + line + "'");
        const double loss = values.back();
        values.pop_back();
        losses_[values] = loss;
      }
      resumed_ = losses_.size();
    }
  }
  // O_NOFOLLOW: a link planted at the journal's path is refused, not followed.
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) throw fail(path, std::strerror(errno));
  file_ = ::fdopen(fd, "a");
  if (!file_) {
    ::close(fd);
    throw fail(path, std::strerror(errno));
  }
  if (fresh) {
    std::fprintf(file_, "%s%s\n", kMagic.c_str(), fingerprint.c_str());
    std::fflush(file_);
  }
}

EvaluationJournal::~EvaluationJournal() {
  if (file_) std::fclose(file_);
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
  if (std::fputs(line.c_str(), file_) < 0 || std::fflush(file_) != 0)
    throw std::runtime_error(std::string("calibration journal: cannot append: ") +
                             std::strerror(errno));
}

}  // namespace grainsim

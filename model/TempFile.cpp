#include "model/TempFile.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <iostream>
#include <random>
#include <stdexcept>
#include <system_error>

namespace grainsim {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kRandomChars = 6;
constexpr int kAttempts = 100;
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// This host's name, reduced to characters that are safe in a file name.
std::string hostName() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "localhost";
  std::string host(buf);
  for (char& c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
  return host;
}

std::string randomChars() {
  std::random_device device;
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string s;
  for (std::size_t i = 0; i < kRandomChars; ++i) s += kAlphabet[pick(device)];
  return s;
}

/// The pid in `<pid>-<random>`, the rest of a temporary file's name after its prefix; 0 when
/// the rest is not of that form.
pid_t embeddedPid(std::string_view rest) {
  const std::size_t dash = rest.find('-');
  if (dash == std::string_view::npos || dash == 0 || rest.size() - dash - 1 != kRandomChars)
    return 0;
  const std::string_view random = rest.substr(dash + 1);
  if (!std::all_of(random.begin(), random.end(),
                   [](char c) { return kAlphabet.find(c) != std::string_view::npos; }))
    return 0;
  pid_t pid = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + dash, pid);
  if (ec != std::errc() || end != rest.data() + dash || pid <= 0) return 0;
  return pid;
}

bool isDeadOwnTemp(const fs::path& file, pid_t pid) {
  struct stat st {};
  if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid())
    return false;
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

}  // namespace

TempFile& TempFile::operator=(TempFile&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
  }
  return *this;
}

void TempFile::remove() noexcept {
  if (path_.empty()) return;
  std::error_code ignored;
  fs::remove(path_, ignored);
  path_.clear();
}

std::string tempPrefixFor(const fs::path& out) {
  return out.string() + ".tmp-" + hostName() + "-";
}

std::vector<fs::path> removeDeadTemps(const fs::path& out) {
  const fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  const std::string prefix = fs::path(tempPrefixFor(out)).filename().string();
  std::vector<fs::path> removed;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const pid_t pid = embeddedPid(std::string_view(name).substr(prefix.size()));
    const fs::path file = out.parent_path() / name;  // named as the user named `out`
    if (pid == 0 || !isDeadOwnTemp(file, pid)) continue;
    if (::unlink(file.c_str()) == 0) removed.push_back(file);
  }
  if (!removed.empty()) {
    std::cerr << "grainsim: removed " << removed.size()
              << " temporary file(s) left by processes that died while writing:";
    for (const fs::path& p : removed) std::cerr << " '" << p.string() << "'";
    std::cerr << "\n";
  }
  return removed;
}

TempFile createTempFor(const fs::path& out, const std::function<bool(const fs::path&)>& create) {
  removeDeadTemps(out);
  const std::string stem = tempPrefixFor(out) + std::to_string(::getpid()) + "-";
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    fs::path candidate = stem + randomChars();
    if (create(candidate)) return TempFile(std::move(candidate));
  }
  throw std::runtime_error("cannot create a temporary file '" + stem +
                           "XXXXXX': every name tried was taken");
}

void renameOver(TempFile& temp, const fs::path& out) {
  if (::rename(temp.path().c_str(), out.c_str()) != 0)
    throw std::runtime_error("cannot rename '" + temp.path().string() + "' to '" + out.string() +
                             "': " + std::strerror(errno));
  temp.release();
}

}  // namespace grainsim

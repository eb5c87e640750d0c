#include "calibration/ScenarioIni.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "model/Parameters.hpp"
#include "model/ScenarioLoader.hpp"
#include "model/TempFile.hpp"

namespace grainsim {

namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r") - a + 1);
}

bool isPathKey(const std::string& key) {
  for (const auto& spec : parameterTable())
    if (spec.name == key) return spec.unit == "path";
  return false;
}

}  // namespace

std::string scenarioIniWith(const std::optional<fs::path>& base, const fs::path& out_dir,
                            const std::vector<std::pair<std::string, std::string>>& values,
                            const std::vector<std::string>& header) {
  std::string text = defaultScenarioIni();
  fs::path base_dir = out_dir;
  if (base) {
    std::ifstream in(*base, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read scenario '" + base->string() + "'");
    std::ostringstream os;
    os << in.rdbuf();
    text = os.str();
    base_dir = fs::absolute(*base).parent_path();
  }
  std::map<std::string, std::string> pending(values.begin(), values.end());
  std::string out;
  for (const auto& line : header) out += "# " + line + "\n";
  std::string section;
  const auto flush_section = [&](const std::string& name) {
    // Keys of `name` not yet written go at the end of their section.
    for (auto it = pending.begin(); it != pending.end();) {
      const auto dot = it->first.rfind('.');
      if (dot != std::string::npos && it->first.substr(0, dot) == name) {
        out += it->first.substr(dot + 1) + " = " + it->second + "\n";
        it = pending.erase(it);
      } else {
        ++it;
      }
    }
  };
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const std::string t = trim(line);
    if (t.size() > 1 && t.front() == '[' && t.back() == ']') {
      flush_section(section);
      section = t.substr(1, t.size() - 2);
      out += line + "\n";
      continue;
    }
    const auto eq = t.find('=');
    if (t.empty() || t.front() == '#' || eq == std::string::npos) {
      out += line + "\n";
      continue;
    }
    const std::string name = trim(t.substr(0, eq));
    const std::string key = section.empty() ? name : section + "." + name;
    if (const auto it = pending.find(key); it != pending.end()) {
      out += name + " = " + it->second + "\n";
      pending.erase(it);
      continue;
    }
    const std::string value = trim(t.substr(eq + 1));
    if (isPathKey(key) && !value.empty() && fs::path(value).is_relative()) {
      const fs::path target = (base_dir / value).lexically_normal();
      out += name + " = " + target.lexically_relative(fs::absolute(out_dir)).string() + "\n";
      continue;
    }
    out += line + "\n";
  }
  flush_section(section);
  // Sections the base does not have.
  while (!pending.empty()) {
    const std::string key = pending.begin()->first;
    const auto dot = key.rfind('.');
    const std::string name = key.substr(0, dot);
    out += "\n[" + name + "]\n";
    flush_section(name);
  }
  return out;
}

void writeTextFile(const fs::path& path, const std::string& text, bool overwrite) {
  const auto fail = [&](const std::string& why) {
    return std::runtime_error("cannot write '" + path.string() + "': " + why);
  };
  std::error_code ec;
  const auto status = fs::symlink_status(path, ec);
  if (fs::exists(status)) {
    if (!overwrite) throw fail("it exists (use --force to replace it)");
    if (!fs::is_regular_file(status)) throw fail("not a regular file");
  }
  // A fresh, unpredictable name in the same directory, created exclusively (O_EXCL|O_NOFOLLOW:
  // never through a planted link); the TempFile removes it on any failure.
  int fd = -1;
  TempFile tmp = createTempFor(path, [&](const fs::path& candidate) {
    fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) return true;
    if (errno == EEXIST) return false;
    throw fail(std::strerror(errno));
  });
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw fail(why);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    throw fail(why);
  }
  if (::close(fd) != 0) throw fail(std::strerror(errno));
  if (!overwrite && fs::exists(fs::symlink_status(path, ec)))
    throw fail("it appeared while writing (use --force to replace it)");
  try {
    renameOver(tmp, path);
  } catch (const std::exception& e) {
    throw fail(e.what());
  }
}

}  // namespace grainsim

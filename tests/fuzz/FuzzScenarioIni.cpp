/// \brief libFuzzer target: the scenario reader (INI through Boost.Program_options, then every
/// rule of model/ScenarioLoader) on arbitrary bytes. A bad scenario must end in ScenarioError.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "model/ScenarioError.hpp"
#include "model/ScenarioLoader.hpp"

namespace {

/// One scenario file per fuzzing process, rewritten for every input and removed at exit.
class ScratchFile {
 public:
  ScratchFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fuzz-XXXXXX.ini").string();
    const int fd = ::mkstemps(pattern.data(), 4);
    if (fd < 0) std::abort();
    ::close(fd);
    path_ = pattern;
  }
  ~ScratchFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  const std::filesystem::path& write(const std::uint8_t* data, std::size_t size) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path_;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static ScratchFile scenario;
  try {
    (void)grainsim::loadUncertainScenario(scenario.write(data, size));
  } catch (const grainsim::ScenarioError&) {
  }
  return 0;
}

/// \brief Starting the grainsim executable without waiting for it, for the tests that kill a
/// run partway (SIGKILL: no handler runs, as when a node dies or a job is cancelled).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace grainsim::testing {

/// Starts grainsim with `args` in `dir`, stderr to /dev/null, and returns its pid.
inline pid_t spawnGrainsim(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {GRAINSIM_EXECUTABLE};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> ptrs;
  for (auto& a : argv) ptrs.push_back(a.data());
  ptrs.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, ptrs.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0) << "cannot start " << argv[0];
  return pid;
}

/// Runs grainsim with `args` in `dir` and SIGKILLs it once `file` holds more than `bytes`.
/// True if it was killed; false if it ended first or a minute passed.
inline bool killOnceGrown(const std::filesystem::path& dir, const std::vector<std::string>& args,
                          const std::filesystem::path& file, std::uintmax_t bytes) {
  const pid_t pid = spawnGrainsim(dir, args);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int status = 0;
  std::error_code ec;
  while (!(std::filesystem::file_size(file, ec) > bytes && !ec)) {
    if (::waitpid(pid, &status, WNOHANG) == pid) return false;
    if (std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

}  // namespace grainsim::testing

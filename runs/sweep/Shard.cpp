#include "runs/sweep/Shard.hpp"

#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace grainsim {

namespace {

std::optional<std::uint32_t> parseCount(const std::string& s) {
  std::uint32_t x = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return x;
}

}  // namespace

std::uint64_t Shard::points(std::uint64_t total) const {
  return total > index ? (total - index + count - 1) / count : 0;
}

std::string Shard::text() const {
  return std::to_string(index) + "/" + std::to_string(count);
}

std::filesystem::path Shard::fileFor(const std::filesystem::path& out) const {
  if (whole()) return out;
  std::filesystem::path p = out;
  const std::string stem = out.extension() == ".h5" ? out.stem().string() : out.filename().string();
  p.replace_filename(stem + ".shard-" + std::to_string(index) + "-of-" + std::to_string(count) +
                     ".h5");
  return p;
}

Shard Shard::parse(const std::string& text) {
  const auto slash = text.find('/');
  const auto i = slash == std::string::npos ? std::nullopt : parseCount(text.substr(0, slash));
  const auto n = slash == std::string::npos ? std::nullopt : parseCount(text.substr(slash + 1));
  if (!i || !n || *n == 0 || *i >= *n)
    throw std::invalid_argument("--shard '" + text +
                                "': expected I/N with 0 <= I < N (I counts from 0)");
  return {*i, *n};
}

std::optional<Shard> Shard::fromSlurmEnvironment() {
  const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
  if (!id) return std::nullopt;
  auto number = [](const char* name, const char* value) {
    const auto x = parseCount(value ? value : "");
    if (!x)
      throw std::invalid_argument(std::string(name) + "='" + (value ? value : "") +
                                  "': expected a whole number");
    return *x;
  };
  const char* min = std::getenv("SLURM_ARRAY_TASK_MIN");
  const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
  const std::uint32_t task = number("SLURM_ARRAY_TASK_ID", id);
  const std::uint32_t first = min ? number("SLURM_ARRAY_TASK_MIN", min) : 0;
  const std::uint32_t n = number("SLURM_ARRAY_TASK_COUNT", count);
  if (task < first || task - first >= n)
    throw std::invalid_argument("SLURM_ARRAY_TASK_ID=" + std::to_string(task) +
                                " is not within SLURM_ARRAY_TASK_MIN=" + std::to_string(first) +
                                " and SLURM_ARRAY_TASK_COUNT=" + std::to_string(n) +
                                " (the array must be contiguous, e.g. --array=0-3)");
  return Shard{task - first, n};
}

}  // namespace grainsim

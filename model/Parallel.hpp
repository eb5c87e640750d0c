/// \brief Deterministic parallel loops: fixed chunks, partial results reduced in chunk order.
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cstddef>
#include <vector>

namespace grainsim {

/// A contiguous slice of agents that all belong to one group (e.g. one region).
struct Chunk {
  std::size_t begin = 0, end = 0;
  int group = 0;
};

/// Splits each group's range [bounds[g], bounds[g+1]) into chunks of at most `size` agents.
/// The split depends only on the data, so reductions over chunks are thread-count independent.
inline std::vector<Chunk> makeChunks(const std::vector<std::size_t>& bounds, std::size_t size) {
  std::vector<Chunk> chunks;
  for (std::size_t g = 0; g + 1 < bounds.size(); ++g)
    for (std::size_t b = bounds[g]; b < bounds[g + 1]; b += size)
      chunks.push_back({b, std::min(b + size, bounds[g + 1]), static_cast<int>(g)});
  return chunks;
}

/// Runs body(chunk_index) for every chunk, in parallel (serial when `parallel` is false).
/// Each chunk writes only its own slot of any partial-result array, so no atomics are needed.
template <class Body>
void forEachChunk(std::size_t n_chunks, bool parallel, const Body& body) {
  if (!parallel) {
    for (std::size_t c = 0; c < n_chunks; ++c) body(c);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n_chunks, 1),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t c = r.begin(); c != r.end(); ++c) body(c);
                    });
}

}  // namespace grainsim

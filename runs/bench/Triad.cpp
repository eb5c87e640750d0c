#include "runs/bench/Triad.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <memory>
#include <stdexcept>

namespace grainsim {
namespace {

/// The same static split for first touch and for every repetition, so each thread streams
/// through memory it placed (matters on NUMA machines, harmless elsewhere).
template <class Body>
void staticFor(std::size_t n, const Body& body) {
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n),
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) body(i);
      },
      tbb::static_partitioner());
}

}  // namespace

TriadResult measureTriad(std::size_t elements, int threads, int repetitions) {
  if (elements == 0 || threads < 1 || repetitions < 1)
    throw std::invalid_argument("triad: elements, threads and repetitions must be positive");
  // Uninitialised on purpose: the first write below is the first touch, made in parallel.
  const std::unique_ptr<double[]> a(new double[elements]), b(new double[elements]),
      c(new double[elements]);
  double* pa = a.get();
  const double* pb = b.get();
  const double* pc = c.get();
  const double scalar = 3.0;
  double best = std::numeric_limits<double>::infinity();
  tbb::task_arena arena(threads);
  arena.execute([&] {
    staticFor(elements, [&](std::size_t i) {
      a[i] = 1.0;
      b[i] = 2.0;
      c[i] = 0.5;
    });
    for (int rep = 0; rep < repetitions; ++rep) {
      const auto t0 = std::chrono::steady_clock::now();
      staticFor(elements, [&](std::size_t i) { pa[i] = pb[i] + scalar * pc[i]; });
      best = std::min(best,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
  });
  // Read a result so the loops cannot be dropped as dead stores.
  if (a[elements / 2] != 2.0 + scalar * 0.5) throw std::logic_error("triad: wrong result");
  return {3.0 * sizeof(double) * static_cast<double>(elements) / best, elements, threads,
          repetitions};
}

}  // namespace grainsim

#include "model/Column.hpp"

#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace grainsim {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

std::size_t roundedUp(std::size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

}  // namespace

void* allocateHugeColumn(std::size_t bytes) {
  void* p = std::aligned_alloc(kHugePage, roundedUp(bytes));
  if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // Advice only: where huge pages are off or unavailable, 4 KB pages serve as before.
  madvise(p, roundedUp(bytes), MADV_HUGEPAGE);
#endif
  return p;
}

void freeHugeColumn(void* p, std::size_t) noexcept {
  std::free(p);
}

}  // namespace grainsim

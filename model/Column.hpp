/// \brief An agent column: a std::vector whose new elements are left unset, in huge pages.
///
/// A national column is tens of MB. std::vector zeroes what resize() adds, on one thread, and
/// each 4 KB page costs a fault when first touched (about 10 us in a virtual machine, most of
/// setup's time). A Column's new elements are default-initialised (unset, for numbers), so the
/// parallel loop that fills it is the first to touch it, and a large column asks the kernel
/// for 2 MB pages (Linux's transparent huge pages), 512 times fewer faults.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace grainsim {

/// Bytes from which a column is placed in huge pages.
inline constexpr std::size_t kHugeColumnBytes = std::size_t{4} << 20;

/// `bytes` (at least kHugeColumnBytes) aligned to a huge page and advised to use huge pages;
/// throws std::bad_alloc. Freed by freeHugeColumn with the same size.
void* allocateHugeColumn(std::size_t bytes);
void freeHugeColumn(void* p, std::size_t bytes) noexcept;

/// std::allocator, except that value-initialisation (resize(n), vector(n)) default-initialises
/// and large blocks come in huge pages.
template <class T>
struct ColumnAllocator {
  using value_type = T;
  ColumnAllocator() = default;
  template <class U>
  ColumnAllocator(const ColumnAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n * sizeof(T) < kHugeColumnBytes) return std::allocator<T>{}.allocate(n);
    return static_cast<T*>(allocateHugeColumn(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kHugeColumnBytes) return std::allocator<T>{}.deallocate(p, n);
    freeHugeColumn(p, n * sizeof(T));
  }
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const ColumnAllocator<U>&) const noexcept {
    return true;
  }
};

/// One value per agent. Only for plain numbers: whoever resizes a Column writes every element.
template <class T>
requires std::is_arithmetic_v<T>
using Column = std::vector<T, ColumnAllocator<T>>;

}  // namespace grainsim

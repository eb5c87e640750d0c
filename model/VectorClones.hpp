/// \brief Compile a hot loop three times, for AVX-512, AVX2 and baseline x86-64, and pick the
/// widest the CPU runs at load time.
///
/// GCC's target_clones makes one binary that runs on any x86-64 and uses 512-bit vectors on
/// x86-64-v4 CPUs (AVX-512 F/BW/CD/DQ/VL) and 256-bit ones where the CPU has AVX2. Every clone
/// gives the same bits: the build turns off FMA contraction (-ffp-contract=off), +, -, *, /,
/// sqrt are exact in IEEE 754 at any width, and the transcendental functions are our own
/// (model/PortableMath.hpp). tests/model/vector_clones_test.sh runs each clone and compares.
#pragma once

/// Define GRAINSIM_NO_VECTOR_CLONES to build the baseline code only (sanitizer builds, and a
/// check that it gives the same bits as the clones).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(GRAINSIM_NO_VECTOR_CLONES)
#define GRAINSIM_HAS_VECTOR_CLONES 1
#define GRAINSIM_VECTOR_CLONES [[gnu::target_clones("arch=x86-64-v4", "avx2", "default")]]
/// For loops that gain from AVX-512 but not from AVX2 (Philox's 64-bit products).
#define GRAINSIM_AVX512_CLONES [[gnu::target_clones("arch=x86-64-v4", "default")]]
#else
#define GRAINSIM_AVX512_CLONES
#define GRAINSIM_HAS_VECTOR_CLONES 0
#define GRAINSIM_VECTOR_CLONES
#endif

namespace grainsim {

/// The clone this CPU runs, by the resolver's own test (the widest level the CPU supports):
/// "x86-64-v4" (AVX-512), "avx2", "baseline", or "baseline (no clones built)".
inline const char* vectorClone() {
#if GRAINSIM_HAS_VECTOR_CLONES
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v4")) return "x86-64-v4";
  if (__builtin_cpu_supports("avx2")) return "avx2";
  return "baseline";
#else
  return "baseline (no clones built)";
#endif
}

}  // namespace grainsim

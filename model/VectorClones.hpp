/// \brief Compile a hot loop twice, for AVX2 and for baseline x86-64, and pick at load time.
///
/// GCC's target_clones makes one binary that runs on any x86-64 and uses 256-bit vectors
/// where the CPU has them. Both clones give the same bits: the build turns off FMA
/// contraction (-ffp-contract=off), and +, -, *, /, sqrt are exact in IEEE 754 at any width.
#pragma once

/// Define GRAINSIM_NO_VECTOR_CLONES to build the baseline code only (e.g. to check that it
/// gives the same bits as the AVX2 clones).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(GRAINSIM_NO_VECTOR_CLONES)
#define GRAINSIM_VECTOR_CLONES [[gnu::target_clones("avx2", "default")]]
#else
#define GRAINSIM_VECTOR_CLONES
#endif

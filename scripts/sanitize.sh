#!/usr/bin/env bash
# The suite under sanitizers (docs/RELIABILITY.md), run by scripts/test.sh after the plain suite:
#  1. AddressSanitizer + UndefinedBehaviorSanitizer (leaks included): every test but the
#     cluster ones (Slurm and mpirun, whose sweeps the shard tests cover), the format check
#     and ParameterRecovery (4 minutes under ASan: the optimiser on synthetic data, whose code
#     the calibration tests run) and the vector clones under qemu (ASan's shadow memory does
#     not map under qemu-user; the plain suite runs them) into build-asan/;
#  2. ThreadSanitizer: the tests that run threads (determinism at several thread counts,
#     ensembles, sweeps, calibration but its 2-minute kill test, backtest) into build-tsan/,
#     against a oneTBB that TSan can see: Debian's own onetbb source package, built with
#     -fsanitize=thread. Debian's libtbb is not instrumented, so TSan would report TBB's own
#     synchronisation as races.
# Either stage alone: bash scripts/sanitize.sh asan | tsan.
set -euo pipefail
cd "$(dirname "$0")/.."
stage="${1:-all}"
jobs="$(nproc)"

if [ "$stage" = all ] || [ "$stage" = asan ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1" -DGRAINSIM_SANITIZE=address,undefined >/dev/null
  cmake --build build-asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs" -LE cluster \
      -E '^format\.|^ParameterRecovery\.|^model\.vector_clones'
fi

if [ "$stage" = all ] || [ "$stage" = tsan ]; then
  tbb=build-tsan/onetbb
  if [ ! -f "$tbb/prefix/lib/cmake/TBB/TBBConfig.cmake" ]; then
    # The source of the libtbb-dev that scripts/setup.sh installs, from Debian's archive.
    version="$(dpkg-query -W -f='${source:Version}' libtbb-dev)"
    mkdir -p "$tbb/apt/lists/partial"
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      >"$tbb/apt/debian-src.sources"
    apt_private=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$PWD/$tbb/apt"
      -o "Dir::State::Lists=$PWD/$tbb/apt/lists")
    apt-get "${apt_private[@]}" update -qq
    (cd "$tbb" && apt-get "${apt_private[@]}" source -qq "onetbb=$version")
    cmake -S "$(find "$tbb" -maxdepth 1 -type d -name 'onetbb-*' | head -1)" -B "$tbb/build" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTBB_SANITIZE=thread -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF \
      -DTBBMALLOC_BUILD=OFF -DTBB_STRICT=OFF "-DCMAKE_INSTALL_PREFIX=$PWD/$tbb/prefix" >/dev/null
    cmake --build "$tbb/build" -j "$jobs"
    cmake --install "$tbb/build" >/dev/null
  fi
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1" \
    -DGRAINSIM_SANITIZE=thread "-DTBB_DIR=$PWD/$tbb/prefix/lib/cmake/TBB" >/dev/null
  cmake --build build-tsan -j "$jobs" --target grainsim model_simulation_tests calibration_tests runs_tests
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    ctest --test-dir build-tsan --output-on-failure -j "$jobs" \
      -R 'Thread|Determinism|Ensemble|Sweep|Shard|Merge|Sensitivity|Calibrat|Backtest|Parallel|LongRun' \
      -E 'KilledCalibration'
fi

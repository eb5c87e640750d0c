#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): set-up and Release build, every test, then
# the suite under AddressSanitizer/UBSan and the threaded tests under ThreadSanitizer
# (scripts/sanitize.sh), then the fuzz targets for a fixed number of inputs (scripts/fuzz.sh).
# While working, `ctest --test-dir build -j 2` alone runs the first stage.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --checks
ctest --test-dir build --output-on-failure -j "$(nproc)"
bash scripts/sanitize.sh
bash scripts/fuzz.sh

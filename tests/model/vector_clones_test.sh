#!/usr/bin/env bash
# Every clone of the household kernels gives the same bits (model/VectorClones.hpp): the same
# binary runs natively (the x86-64-v4 clone on an AVX-512 CPU) and under qemu-user's emulated
# CPUs, Haswell (AVX2, no AVX-512: the avx2 clone) and qemu64 (the baseline clone); each run's
# datasets must equal the native run's. The clone each ran is the one `grainsim bench` reports.
# Runs the winter default, the year-round 2023-2025 scenario (harvests into own stocks) and
# wheat instead of flour (milling), at reduced scale.
#
# glibc also picks its libm (exp, log, pow) by CPU, an FMA version where the CPU has FMA and
# AVX2, and those differ from the SSE2 versions in the last bit; the aggregate code calls them,
# so a CPU without FMA gives other bits whatever our clones do (docs/PERFORMANCE.md). Every run
# here hides FMA and AVX2 from glibc (GLIBC_TUNABLES), which leaves the kernels' clones, chosen
# by GCC's resolver from the CPU itself, as the only difference.
#
# usage: vector_clones_test.sh SOURCE_DIR WORK_DIR GRAINSIM_BINARY
# Exits 77 (skipped) off x86-64, in a build without clones, or without qemu-x86_64 outside CI
# (scripts/setup.sh --checks installs qemu-user; under CI=true its absence fails the test).
set -euo pipefail
(($# == 3)) || { echo "usage: $0 SOURCE_DIR WORK_DIR GRAINSIM_BINARY" >&2; exit 2; }
source_dir=$(realpath -- "$1")
work=$(realpath -m -- "$2")/vector-clones
grainsim=$(realpath -- "$3")
fail() { echo "!!! vector_clones_test FAILED: $*"; exit 1; }
skip() { echo "SKIPPED: $*"; exit 77; }

[[ $(uname -m) == x86_64 ]] || skip "not an x86-64 machine"
clone_of() {  # the clone the command prefix "$@" runs, from the bench's JSON line
  "$@" "$grainsim" bench --tiny -q 2>/dev/null |
    /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read().split("BENCH ",1)[1])["machine"]["vector_clone"])'
}
export GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-AVX512F
native=$(clone_of) || fail "grainsim bench --tiny failed natively"
[[ $native == baseline* && $native != baseline ]] && skip "built without clones ($native)"
if ! command -v qemu-x86_64 >/dev/null; then
  [[ ${CI:-} == true ]] && fail "qemu-x86_64 missing: scripts/setup.sh --checks installs qemu-user"
  skip "qemu-x86_64 missing (scripts/setup.sh --checks installs qemu-user)"
fi

rm -rf "$work"
mkdir -p "$work"
cases=("dprk-2026-winter 1000" "dprk-2023-2025 4000" "wheat-instead-of-flour 2000")
run_all() {  # label, command prefix...: runs every case into $work/<label>-<scenario>.h5
  local label=$1
  shift
  for c in "${cases[@]}"; do
    read -r scenario weight <<<"$c"
    "$@" "$grainsim" run --scenario "$source_dir/runs/$scenario.ini" --threads 2 -q \
      --set "population.agent_weight=$weight" --out "$work/$label-$scenario.h5" ||
      fail "$label: grainsim run $scenario failed"
  done
}
run_all native
declare -A seen=(["$native"]=native)
for cpu in Haswell qemu64; do
  emulator=(qemu-x86_64 -cpu "$cpu")
  clone=$(clone_of "${emulator[@]}") || fail "grainsim bench --tiny failed under qemu -cpu $cpu"
  echo "qemu -cpu $cpu runs the $clone clone"
  seen[$clone]=$cpu
  run_all "$cpu" "${emulator[@]}" 2> >(grep -v "TCG doesn't support" >&2)
  for c in "${cases[@]}"; do
    read -r scenario _ <<<"$c"
    /usr/bin/python3 "$source_dir/tests/runs/sweep/same_sweep.py" "$work/native-$scenario.h5" \
      "$work/$cpu-$scenario.h5" ||
      fail "$scenario: the $clone clone ($cpu) differs from the $native clone (native)"
  done
done
((${#seen[@]} >= 3)) || [[ $native != x86-64-v4 ]] ||
  fail "expected three clones, saw ${!seen[*]}"
[[ $native == x86-64-v4 ]] ||
  echo "note: this CPU has no AVX-512, so the x86-64-v4 clone did not run (qemu cannot emulate it)"
echo "PASS: clones ${!seen[*]} give the same datasets, bit for bit, on ${#cases[@]} scenarios"

#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, AddressSanitizer and UBSan) into build-fuzz/ and runs
# each for a fixed number of inputs from a fixed seed, so CI's run is repeatable:
#   bash scripts/fuzz.sh            # CI: 3000 inputs per target (about a minute)
#   bash scripts/fuzz.sh 1000000    # a longer campaign; findings land in build-fuzz/findings/
# Needs build/grainsim (scripts/setup.sh) to make the real sweep files the reader target edits.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3000}"

CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGRAINSIM_FUZZ=ON -DGRAINSIM_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target FuzzCsvTable FuzzScenarioIni FuzzSweepReader

work=build-fuzz/work
rm -rf "$work" && mkdir -p "$work"/{csv,ini,sweep,seeds} build-fuzz/findings
# Seed corpora: the project's own tables and scenarios (copies: libFuzzer adds to a corpus).
cp runs/tables/*.csv calibration/data/*.csv "$work/csv/"
cp runs/*.ini runs/calibrated/*.ini "$work/ini/"
# Real sweep files for the reader: a small sobol sweep whole, and the same sweep in two shards.
sweep=(--design sobol --samples 4 --param aid.tonnage_scale=0:2
  --param tiers.leadership.resale_propensity=0.01:0.3
  --outputs "price@2026-12-20,mean(food_insecure_share, 2026-12-10:2026-12-20)"
  --set population.agent_weight=8000 --set run.spinup_days=0 --set run.end_date=2026-12-20
  --threads 1 -q)
build/grainsim sweep "${sweep[@]}" --out "$work/seeds/sweep.h5" 2>"$work/sweep.log"
for i in 0 1; do
  build/grainsim sweep "${sweep[@]}" --shard $i/2 --out "$work/seeds/shard.h5" 2>>"$work/sweep.log"
  mv "$work/seeds/shard.shard-$i-of-2.h5" "$work/seeds/shard-$i.h5"
done

# Inputs are capped at 64 KiB and 2 GiB of memory; any crash, leak, sanitizer report,
# timeout (10 s) or larger allocation fails the run and leaves the input in findings/.
options=(-runs="$runs" -seed=1 -max_len=65536 -rss_limit_mb=2048 -malloc_limit_mb=1024
  -timeout=10 -artifact_prefix=build-fuzz/findings/ -print_final_stats=1)
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export GRAINSIM_FUZZ_SWEEP="$work/seeds"
for target in FuzzCsvTable:csv FuzzScenarioIni:ini FuzzSweepReader:sweep; do
  name="${target%%:*}" corpus="$work/${target##*:}"
  echo "fuzz: $name, $runs inputs"
  # Inputs that once found a bug (tests/fuzz/regressions/) are replayed first, every run.
  regressions="tests/fuzz/regressions/${target##*:}"
  [ -d "$regressions" ] && cp "$regressions"/* "$corpus/"
  "build-fuzz/tests/fuzz/$name" "${options[@]}" "$corpus" 2>"$work/$name.log" ||
    { tail -60 "$work/$name.log"; echo "fuzz: $name FAILED (log: $work/$name.log)"; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$name.log" | sed "s/^/  /"
done
echo "fuzz: all targets clean"

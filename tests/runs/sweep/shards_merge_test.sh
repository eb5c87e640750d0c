#!/usr/bin/env bash
# Through the real executable: a sweep split into 1, 2 and 4 shards (run at 2 threads) and
# merged gives datasets bit-identical to the same sweep unsharded at 1 thread, trajectories,
# design table and failure flags included (tests/runs/sweep/same_sweep.py compares every dataset).
#
# usage: shards_merge_test.sh GRAINSIM_BINARY SOURCE_DIR
set -euo pipefail
(($# == 2)) || { echo "usage: $0 GRAINSIM_BINARY SOURCE_DIR" >&2; exit 2; }
grainsim=$(realpath -- "$1")
same_sweep=$(realpath -- "$2")/tests/runs/sweep/same_sweep.py
tmp=$(mktemp -d /tmp/grainsim-shards.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
sweep=("$grainsim" sweep --design lhs --samples 9 --replicates 2 -q
  --param aid.tonnage_scale=0.3:1.5 --param shipments.2a.arrival_date=2027-01-05:2027-01-25
  --outputs 'price@2027-01-15,max(food_insecure_share, 2026-12-15:2027-01-31)'
  --trajectories aid_stockpile
  --set population.agent_weight=4000 --set run.spinup_days=5 --set run.end_date=2027-01-31)

"${sweep[@]}" --threads 1 --out whole.h5
for n in 1 2 4; do
  mkdir "split$n"
  for ((i = 0; i < n; i++)); do "${sweep[@]}" --threads 2 --shard "$i/$n" --out "split$n/s.h5"; done
  # Shard 0/1 is the whole sweep and writes s.h5 itself; n > 1 shards write s.shard-I-of-N.h5.
  "$grainsim" merge -q --out "split$n/merged.h5" "split$n"/s*.h5
  /usr/bin/python3 "$same_sweep" whole.h5 "split$n/merged.h5"
  echo "$n shard(s): merged file identical to the unsharded sweep"
done

#!/usr/bin/env bash
# Submits a grainsim sweep to Slurm as an array job of SHARDS tasks (sweep.sbatch) and a merge
# job (merge.sbatch) that starts when every task has succeeded (--dependency=afterok), then
# prints "ARRAY_JOB_ID MERGE_JOB_ID" on stdout. See docs/CLUSTERS.md.
#
# usage: runs/slurm/submit.sh SHARDS OUT.h5 [grainsim sweep argument ...]
#   e.g. runs/slurm/submit.sh 16 results/aid.h5 --scenario runs/dprk-2026-winter.ini \
#          --design sobol --samples 64 --param aid.tonnage_scale=0.5:1.5 --replicates 8 \
#          --outputs 'price@2027-01-15'
# The sweep arguments are those of a local `grainsim sweep` less --out and --shard; a --force
# among them is given to the merge too.
#
# Environment:
#   GRAINSIM               the grainsim binary (default: grainsim on PATH, else build/grainsim
#                          of this checkout); it must be reachable from the compute nodes
#   SBATCH_OPTIONS         sbatch options for both jobs, split on spaces,
#                          e.g. "--partition=short --account=proj --time=04:00:00"
#   SWEEP_SBATCH_OPTIONS   sbatch options for the array only, e.g. "--cpus-per-task=4 --mem=8G"
#   MERGE_SBATCH_OPTIONS   sbatch options for the merge only
#   MAX_RUNNING            at most this many array tasks at once (sbatch --array=...%K), to
#                          spare a shared file system or a fair-share budget; default: no limit
# sbatch's own input variables (SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT, ...) apply
# to both jobs as usual.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if (($# < 2)) || ! [[ $1 =~ ^[1-9][0-9]*$ ]] || [[ $2 != *.h5 ]]; then
  sed -n '6,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
shards=$1
out=$(realpath -m -- "$2")
shift 2

grainsim=${GRAINSIM:-$(command -v grainsim || echo "$here/../../build/grainsim")}
[[ -x $grainsim ]] || { echo "submit.sh: no grainsim binary at $grainsim (set GRAINSIM)" >&2; exit 2; }
mkdir -p "$(dirname "$out")"

throttle=
if [[ -n ${MAX_RUNNING:-} ]]; then
  [[ $MAX_RUNNING =~ ^[1-9][0-9]*$ ]] ||
    { echo "submit.sh: MAX_RUNNING='$MAX_RUNNING' must be a whole number of tasks, 1 or more" >&2; exit 2; }
  throttle=%$MAX_RUNNING
fi

merge_args=()
for a in "$@"; do [[ $a == --force ]] && merge_args=(--force); done

GRAINSIM=$(realpath -- "$grainsim")
export GRAINSIM SHARDS=$shards OUT=$out
# shellcheck disable=SC2086  # the option variables are split on spaces on purpose
array_id=$(sbatch --parsable --export=ALL --array="0-$((shards - 1))$throttle" \
  ${SBATCH_OPTIONS:-} ${SWEEP_SBATCH_OPTIONS:-} "$here/sweep.sbatch" "$@")
array_id=${array_id%%;*}  # "id;cluster" on multi-cluster sites
# shellcheck disable=SC2086
merge_id=$(sbatch --parsable --export=ALL --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
  ${SBATCH_OPTIONS:-} ${MERGE_SBATCH_OPTIONS:-} "$here/merge.sbatch" "${merge_args[@]}")
merge_id=${merge_id%%;*}

echo "submit.sh: sweep array job $array_id ($shards tasks${throttle:+, at most ${throttle#%} at once}), merge job $merge_id -> $OUT" >&2
echo "$array_id $merge_id"

#!/usr/bin/env bash
# Runs a grainsim sweep under mpirun: rank r of K runs shard r/K (design points p with
# p % K == r), then rank 0 merges the K shard files into FILE.h5 and removes them. The result's
# datasets are bit-identical to an unsharded sweep's. See docs/CLUSTERS.md.
#
# usage: runs/mpi/sweep.sh RANKS [grainsim sweep argument ...]   (with --out FILE.h5, no --shard)
#   e.g. runs/mpi/sweep.sh 8 --scenario runs/dprk-2026-winter.ini --design sobol --samples 64 \
#          --param aid.tonnage_scale=0.5:1.5 --replicates 8 --outputs 'price@2027-01-15' \
#          --threads 4 --out results/aid.h5
#
# Environment:
#   GRAINSIM         a grainsim built with cmake -DGRAINSIM_MPI=ON (default: build-mpi/grainsim
#                    of this checkout)
#   MPIRUN           the launcher (default: mpirun): Open MPI's mpirun or mpiexec, MPICH's or
#                    Intel MPI's mpiexec (Hydra), or Slurm's srun, told apart by their name and
#                    --version; another launcher gets the standard `-n RANKS`
#   MPIRUN_OPTIONS   more launcher options, split on spaces, e.g. "--hostfile hosts"
# Ranks are not bound to cores (each runs --threads worker threads); give --threads so that
# RANKS x threads fits the cores you have.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if (($# < 1)) || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
  sed -n '6,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
ranks=$1
shift

grainsim=${GRAINSIM:-$here/../../build-mpi/grainsim}
[[ -x $grainsim ]] || { echo "mpi/sweep.sh: no grainsim binary at $grainsim (set GRAINSIM)" >&2; exit 2; }
# A grainsim without MPI would run the whole sweep once per rank, all into the same file.
# (Not `ldd | grep -q`: under pipefail, grep quitting early can fail the pipeline.)
if [[ $(ldd "$grainsim") != *libmpi* ]]; then
  echo "mpi/sweep.sh: $grainsim is not built with MPI (cmake -DGRAINSIM_MPI=ON)" >&2
  exit 2
fi

mpirun=${MPIRUN:-mpirun}
version=$("$mpirun" --version 2>&1 || true)
case "$(basename -- "$mpirun") $version" in
  srun\ * | *slurm*)
    # Inside an allocation (salloc, sbatch): one task per rank, threads left to the rank.
    launcher=(-n "$ranks" --cpu-bind=none) ;;
  *"Open MPI"* | *OpenRTE* | *"Open RTE"*)
    launcher=(-np "$ranks" --oversubscribe --bind-to none)
    # Open MPI refuses to start as root unless told to (containers, CI).
    [[ $(id -u) -eq 0 ]] && launcher+=(--allow-run-as-root) ;;
  *HYDRA* | *"Intel(R) MPI"*)
    launcher=(-n "$ranks" -bind-to none) ;;
  *)
    echo "mpi/sweep.sh: $mpirun is not Open MPI, MPICH/Hydra or srun; using the standard -n $ranks" >&2
    launcher=(-n "$ranks") ;;
esac
# shellcheck disable=SC2086  # MPIRUN_OPTIONS is split on spaces on purpose
exec "$mpirun" "${launcher[@]}" ${MPIRUN_OPTIONS:-} "$grainsim" sweep "$@"

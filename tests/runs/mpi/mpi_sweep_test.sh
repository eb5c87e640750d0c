#!/usr/bin/env bash
# A sweep run under mpirun with 2 ranks (runs/mpi/sweep.sh: one shard per rank, then rank 0
# merges) must give the same datasets, bit for bit, as the same sweep run unsharded by the
# ordinary binary. Builds the MPI variant first (cmake -DGRAINSIM_MPI=ON) in WORK_DIR/mpi-build;
# a second run rebuilds only what changed. The MPI variant is built without the AVX2 clones
# (GRAINSIM_NO_VECTOR_CLONES, model/VectorClones.hpp), so on an AVX2 machine the comparison also
# checks that baseline x86-64 code gives the same bits as the AVX2 kernels.
#
# usage: mpi_sweep_test.sh SOURCE_DIR WORK_DIR GRAINSIM_BINARY
set -euo pipefail
(($# == 3)) || { echo "usage: $0 SOURCE_DIR WORK_DIR GRAINSIM_BINARY" >&2; exit 2; }
source_dir=$(realpath -- "$1")
work=$(realpath -m -- "$2")
grainsim=$(realpath -- "$3")
ranks=2
# shellcheck source=../sweep/cluster_sweep_args.sh
source "$source_dir/tests/runs/sweep/cluster_sweep_args.sh"

# Nothing from an enclosing MPI or Slurm job may leak into these runs.
while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^(OMPI|PMIX|PMI|SLURM)_' || true)

t0=$SECONDS
say() { printf '[mpi test %3ds] %s\n' $((SECONDS - t0)) "$*"; }
fail() { echo "!!! mpi_sweep_test FAILED: $*"; exit 1; }

build=$work/mpi-build
cmake -S "$source_dir" -B "$build" -DGRAINSIM_MPI=ON -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS=-DGRAINSIM_NO_VECTOR_CLONES -DGRAINSIM_BUILD_TESTS=OFF >"$work/mpi-configure.log" 2>&1 ||
  { tail -n 40 "$work/mpi-configure.log"; fail "configuring the MPI build failed"; }
cmake --build "$build" --target grainsim -j2 >"$work/mpi-build.log" 2>&1 ||
  { tail -n 40 "$work/mpi-build.log"; fail "building the MPI grainsim failed"; }
[[ $(ldd "$build/grainsim") == *libmpi* ]] || fail "$build/grainsim does not link MPI"
say "MPI grainsim built in $build"

# The script speaks each launcher's language: fake launchers record the arguments they get.
fake=$work/fake-launchers
rm -rf "$fake"
mkdir -p "$fake/srun-dir" "$fake/hydra-dir" "$fake/other-dir"
for kind in srun-dir/srun hydra-dir/mpiexec other-dir/launch; do
  cat >"$fake/$kind" <<EOF_FAKE
#!/usr/bin/env bash
[[ \$1 == --version ]] && { [[ $kind == hydra-dir/* ]] && echo "HYDRA build details:"; exit 0; }
printf '%s\\n' "\$@" >"$fake/$kind.args"
EOF_FAKE
  chmod +x "$fake/$kind"
done
expect_args() {  # launcher, then the arguments it must get before the grainsim binary
  local launcher=$1 got
  shift
  MPIRUN=$fake/$launcher GRAINSIM=$build/grainsim "$source_dir/runs/mpi/sweep.sh" 3 --samples 2 2>/dev/null ||
    fail "sweep.sh with $launcher failed"
  got=$(head -n $# "$fake/$launcher.args" | paste -sd ' ')
  [[ $got == "$*" ]] || fail "sweep.sh gave $launcher '$got', not '$*'"
  [[ $(sed -n "$(($# + 1)),$(($# + 2))p" "$fake/$launcher.args" | paste -sd ' ') == "$build/grainsim sweep" ]] ||
    fail "sweep.sh did not give $launcher the grainsim binary and 'sweep'"
}
expect_args srun-dir/srun -n 3 --cpu-bind=none
expect_args hydra-dir/mpiexec -n 3 -bind-to none
expect_args other-dir/launch -n 3
say "launcher arguments right for srun, Hydra (MPICH, Intel MPI) and an unknown launcher"

run=$work/mpi-run
rm -rf "$run"
mkdir -p "$run"
out=$run/sweep.h5
# A rank that waited forever on a failed one would otherwise hang the test until ctest's timeout.
GRAINSIM=$build/grainsim timeout 300 "$source_dir/runs/mpi/sweep.sh" "$ranks" "${sweep_args[@]}" \
  --out "$out" || fail "the sweep under mpirun failed (exit $?)"
[[ -s $out ]] || fail "mpirun left no merged file $out"
leftover=$(find "$run" -name '*.shard-*' -print)
[[ -z $leftover ]] || fail "shard files left behind: $leftover"
say "sweep under mpirun with $ranks ranks done"

"$grainsim" sweep "${sweep_args[@]}" --out "$run/local.h5" || fail "the local sweep failed"
say "local unsharded sweep done"
/usr/bin/python3 "$source_dir/tests/runs/sweep/same_sweep.py" "$out" "$run/local.h5" ||
  fail "the MPI sweep's datasets differ from the unsharded sweep's"
say "PASS: mpirun -np $ranks (baseline x86-64 code) == unsharded sweep (AVX2 clones), bit for bit"

#!/usr/bin/env bash
# Installs what is missing from Debian's packages, then configures and builds grainsim
# (Release) into build/. Safe to run again: it installs and rebuilds only what changed.
# `--cluster` also installs Slurm, munge and Open MPI (for Slurm arrays, the MPI build and the
# cluster tests); `--checks` installs those and what scripts/test.sh's sanitizer, fuzz and
# vector-clone stages need, and the clients the tests read output with (cdo, ncdump, nco) and
# open the HTML report in (chromium). Without root, it uses sudo; without either, see
# docs/INSTALL.md.
set -euo pipefail
cd "$(dirname "$0")/.."

checks=0 cluster=0
for arg in "$@"; do
  case $arg in
    --checks) checks=1 cluster=1 ;;
    --cluster) cluster=1 ;;
    *) echo "setup.sh: unknown option '$arg' (use --cluster and/or --checks)" >&2; exit 2 ;;
  esac
done

packages=(
  cmake g++ make git clang-format
  libtbb-dev libeigen3-dev libhdf5-dev hdf5-tools libboost-dev libboost-program-options-dev
  libgtest-dev librandom123-dev libnlopt-cxx-dev
  python3 python3-numpy python3-h5py python3-xarray python3-netcdf4 python3-h5netcdf
  python3-matplotlib python3-pandas
)
if ((cluster)); then
  packages+=(slurm-wlm slurm-client munge openmpi-bin libopenmpi-dev)
fi
if ((checks)); then
  # libFuzzer and clang's sanitizer runtimes; dpkg-source unpacks oneTBB's source for TSan;
  # qemu-user runs the kernels' AVX2 and baseline clones on any x86-64 (model.vector_clones).
  packages+=(clang-14 libclang-rt-14-dev dpkg-dev xz-utils qemu-user)
  # The clients the output files are checked with (analysis.check_clients) and the browser the
  # report is opened in (analysis.report).
  packages+=(cdo netcdf-bin nco chromium)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$(nproc)"

#!/usr/bin/env bash
# `cmake --install` gives a prefix that works on its own: the binary, its version, the licence
# and citation, the scenarios and observed data it reads by default (found beside the binary,
# not in the source tree), the cluster and analysis scripts.
#
# usage: install_test.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$(realpath -- "$1")
work=$(realpath -m -- "$2")
fail() { echo "!!! install_test FAILED: $*"; exit 1; }

rm -rf "$work"
mkdir -p "$work/empty"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
  { tail -n 20 "$work/install.log"; fail "cmake --install failed"; }
share=$prefix/share/grainsim
for f in bin/grainsim share/doc/grainsim/LICENSE share/doc/grainsim/CITATION.cff \
  share/doc/grainsim/README.md share/doc/grainsim/docs/CLUSTERS.md \
  share/grainsim/runs/no-aid.ini share/grainsim/runs/tables/regions.csv \
  share/grainsim/calibration/data/prices.csv share/grainsim/runs/slurm/submit.sh \
  share/grainsim/runs/mpi/sweep.sh share/grainsim/analysis/plot_prices.py; do
  [[ -e $prefix/$f ]] || fail "$f is not installed"
done
[[ -x $share/runs/slurm/submit.sh ]] || fail "submit.sh is not executable"
grep -q "Apache License" "$prefix/share/doc/grainsim/LICENSE" || fail "LICENSE is not Apache-2.0"
[[ ! -e $share/runs/cli ]] || fail "sources were installed with the scenarios"

cd "$work/empty"
grainsim=$prefix/bin/grainsim
[[ $("$grainsim" --version) == "grainsim "* ]] || fail "--version: $("$grainsim" --version)"
"$grainsim" run --scenario "$share/runs/no-aid.ini" --set population.agent_weight=2000 \
  --out run.h5 --quiet || fail "a run of the installed no-aid scenario failed"
[[ -s run.h5 ]] || fail "no run.h5"
# export runs the installed analysis/export.py.
"$grainsim" export run.h5 --vars exchange_rate --out x.csv 2>/dev/null ||
  fail "grainsim export of the run failed from the installed analysis/"
head -1 x.csv | grep -q '^time,variable,value,units$' || fail "x.csv is not the tidy table"
# report runs the installed analysis/report.py and the modules beside it.
"$grainsim" report run.h5 --out r.html >/dev/null 2>&1 ||
  fail "grainsim report of the run failed from the installed analysis/"
grep -q '<section id="map"' r.html || fail "r.html has no map section"
# Defaults point into the prefix, not into the source tree the binary was built from.
"$grainsim" nowcast --help | grep -q -- "--data arg (=$share/calibration/data)" ||
  fail "nowcast's default data are not the installed copy: $("$grainsim" nowcast --help | grep -- --data)"
"$grainsim" validate --help | grep -q -- "(=$share)" ||
  fail "validate's default repository is not the installed copy"
"$grainsim" nowcast --scenario "$share/runs/dprk-2023-2025.ini" --date 2025-06-01 --out s.csv ||
  fail "nowcast from the installed data failed"
[[ -s s.csv ]] || fail "no s.csv"
echo "PASS: installed into $prefix; runs and reads its data from there"

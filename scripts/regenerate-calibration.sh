#!/usr/bin/env bash
# Regenerates everything fitted to calibration/data (run it when data are added; about 30 min on
# 2 cores):
#   1. the fit used by the backtest: training data up to TRAIN_UNTIL only;
#   2. the backtest of that fit on the later data: docs/BACKTEST.md's tables and figure;
#   3. the fit on all the data: the calibrated defaults (runs/calibrated/) and their posterior;
#   4. the default winter's start prices: the calibrated model run forward from the last
#      observation to the winter's first day (runs/tables/commodities.csv, start-prices column).
# The fitted values enter model/Parameters.cpp by hand (rounded to 3 significant digits); a test
# fails while the defaults and runs/calibrated/dprk-fit.ini differ.
set -euo pipefail
cd "$(dirname "$0")/.."
TRAIN_UNTIL=${TRAIN_UNTIL:-2024-12-31}
SCALE=(--set population.agent_weight=100)
# The six fitted parameters and the ranges searched (docs/CALIBRATION.md says why these).
PARAMS=(
  --param exchange.domestic_passthrough=0:1
  --param income.food_share=0.25:0.9
  --param income.usd_lag_days=0:365
  --param storage.carrying_cost_per_month=0.005:0.08:log
  --param market.adjustment_speed=0.01:0.5:log
  --param arbitrage.cost_usd_per_t_km=0.01:0.3:log
)
FIT=(--scenario runs/dprk-2023-2025.ini "${SCALE[@]}" --origins-every 28 --horizon-weeks 12
     --global-evaluations 200 --local-evaluations 100
     "${PARAMS[@]}" --force)

cmake --build build -j2 --target grainsim >/dev/null
mkdir -p runs/calibrated docs/figures

echo "== 1. fit on the data up to $TRAIN_UNTIL"
build/grainsim calibrate "${FIT[@]}" --train-until "$TRAIN_UNTIL" \
  --out runs/calibrated/dprk-fit-to-"$TRAIN_UNTIL".ini

echo "== 2. backtest of that fit"
build/grainsim backtest --scenario runs/calibrated/dprk-fit-to-"$TRAIN_UNTIL".ini "${SCALE[@]}" \
  --train-until "$TRAIN_UNTIL" --replicates 40 --out runs/calibrated/backtest.h5 --force \
  --markdown runs/calibrated/backtest-tables.md --quiet
/usr/bin/python3 - runs/calibrated/backtest-tables.md docs/BACKTEST.md <<'PY'
import sys
tables, page = open(sys.argv[1]).read(), open(sys.argv[2]).read()
begin, end = "<!-- backtest tables begin -->\n", "<!-- backtest tables end -->"
head, rest = page.split(begin)
open(sys.argv[2], "w").write(head + begin + tables + rest[rest.index(end):])
PY
/usr/bin/python3 analysis/plot_backtest.py runs/calibrated/backtest.h5 \
  --out docs/figures/backtest.png
/usr/bin/python3 analysis/plot_backtest.py runs/calibrated/backtest.h5 --mode unconditional \
  --out docs/figures/backtest-unconditional.png

echo "== 3. fit on all the data: the calibrated defaults"
build/grainsim calibrate "${FIT[@]}" --out runs/calibrated/dprk-fit.ini

echo "== 4. the default winter's start prices"
scripts/regenerate-start-prices.sh

echo "== done: copy the fitted values of runs/calibrated/dprk-fit.ini into model/Parameters.cpp,"
echo "   its posterior into runs/dprk-2026-winter-uncertain.ini, then scripts/regenerate-docs.sh"

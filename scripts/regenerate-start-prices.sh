#!/usr/bin/env bash
# Regenerates the default winter's start prices: the prices observed up to the last observation
# (grainsim nowcast), the calibrated model run forward from there to 1 December 2026
# (runs/dprk-2025-2026-bridge.ini), and its national prices on that day in dollars written into
# runs/tables/commodities.csv's initial_price_usd_per_kg. Then rebuilds, since the table is
# compiled in.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build -j2 --target grainsim >/dev/null
build/grainsim nowcast --scenario runs/dprk-2025-2026-bridge.ini --set start.prices= \
  --date 2025-07-05 --out runs/tables/start-prices-2025-07.csv --force
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build/grainsim run --scenario runs/dprk-2025-2026-bridge.ini --out "$work/bridge.h5" -q
/usr/bin/python3 - "$work/bridge.h5" runs/tables/commodities.csv <<'PY'
import csv, sys
import h5py
import numpy as np

out, table = sys.argv[1], sys.argv[2]
with h5py.File(out, "r") as f:
    regions = [r.decode() if isinstance(r, bytes) else r for r in f["region"][()]]
    commodities = [c.decode() if isinstance(c, bytes) else c for c in f["commodity"][()]]
    price = f["price"][-1]  # (region, commodity) on 1 December 2026
    rate = float(f["exchange_rate"][-1])
    day = int(f["time"][-1])
with open("runs/tables/regions.csv", newline="") as fh:
    population = {r["region"]: float(r["census_population"]) for r in csv.DictReader(fh)}
weights = np.array([population[r] for r in regions])
weights /= weights.sum()
with open(table, newline="") as fh:
    rows = list(csv.DictReader(fh))
    fields = list(rows[0].keys())
for row in rows:
    if row["retail"] != "1":
        continue
    c = commodities.index(row["commodity"])
    usd = float(np.dot(weights, price[:, c])) / rate
    row["initial_price_usd_per_kg"] = f"{usd:.4f}"
    source = row["source"].split("; start price:")[0]
    row["source"] = (source + "; start price: population-weighted national price on 2026-12-01 "
                     f"of the calibrated bridge run at {rate:.0f} KPW/USD "
                     "(scripts/regenerate-start-prices.sh)")
with open(table, "w", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
print(f"start prices (USD/kg) written to {table} at {rate:.0f} KPW/USD")
PY
cmake --build build -j2 --target grainsim >/dev/null

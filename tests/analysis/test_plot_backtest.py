#!/usr/bin/python3
"""analysis/plot_backtest.py draws fans against observed prices from a small synthetic file shaped
like `grainsim backtest` output (built here, no model run needed), picks its origins and counts
its observations as documented, and refuses a missing file, a file that is not a backtest file, a
file that is not HDF5 and an unknown mode with exit 2, a message naming the problem and no
traceback."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pandas as pd
import xarray as xr

EPOCH = pd.Timestamp("1970-01-01")
DAYS = "days since 1970-01-01"
TRAIN_UNTIL = "2024-11-15"
FIRST_ORIGIN = pd.Timestamp("2024-09-02")
ORIGINS = [FIRST_ORIGIN + pd.Timedelta(days=28 * k) for k in range(6)]  # last three after train
LEADS = (14, 42, 70)
METHODS = ["model_conditional", "model_unconditional", "last_kpw", "last_usd_conditional",
           "last_usd_unconditional", "seasonal_naive"]
FAN_SERIES = [(r, c) for r in ("Pyongyang", "North Pyongan", "Ryanggang") for c in ("rice", "maize")]
# observed series: city, commodity (Sinuiju rice has only an unscored, NaN observation; the
# national figure maps to no region)
OBSERVED = [("Pyongyang", "rice"), ("Pyongyang", "maize"), ("Hyesan", "rice"), ("Sinuiju", "maize"),
            ("national (unspecified)", "rice")]
BASE = {"rice": 6000.0, "maize": 3000.0}


def days(t):
    return float((t - EPOCH).days)


def price(commodity, date):
    """A smooth rising price path: the same date always has the same observed price."""
    return BASE[commodity] * (1.0 + 0.002 * (date - FIRST_ORIGIN).days)


def write_backtest(path):
    fo, fm, fr, fc = [], [], [], []
    lead = np.arange(85)
    qs = {q: [] for q in ("fan_q05", "fan_q25", "fan_q50", "fan_q75", "fan_q95")}
    for mode in (0, 1):
        for origin in ORIGINS:
            for region, commodity in FAN_SERIES:
                mid = np.array([price(commodity, origin + pd.Timedelta(days=int(d))) for d in lead])
                spread = 1.0 + (0.004 + 0.002 * mode) * lead
                fo.append(days(origin)), fm.append(float(mode)), fr.append(region)
                fc.append(commodity)
                for q, z in (("fan_q05", -1.6), ("fan_q25", -0.7), ("fan_q50", 0.0),
                             ("fan_q75", 0.7), ("fan_q95", 1.6)):
                    qs[q].append(mid * (1.0 + 0.05 * z * spread))
    rows = []
    for origin in ORIGINS:
        for city, commodity in OBSERVED:
            for ld in LEADS:
                target = origin + pd.Timedelta(days=ld)
                rows.append((origin, target, ld, city, commodity, price(commodity, target)))
        target = origin + pd.Timedelta(days=LEADS[0])
        rows.append((origin, target, LEADS[0], "Sinuiju", "rice", np.nan))
    n = len(rows)
    observed = np.array([r[5] for r in rows])
    median = np.repeat(observed[:, None], len(METHODS), axis=1) * 1.05
    ds = xr.Dataset(
        {
            "origin_date": ("forecast", [days(r[0]) for r in rows], {"units": DAYS}),
            "target_date": ("forecast", [days(r[1]) for r in rows], {"units": DAYS}),
            "lead_days": ("forecast", [float(r[2]) for r in rows], {"units": "days"}),
            "horizon_weeks": ("forecast", [float(2 * -(-r[2] // 14)) for r in rows]),
            "test": ("forecast", [float(r[1] > pd.Timestamp(TRAIN_UNTIL)) for r in rows]),
            "observed": ("forecast", observed, {"units": "KPW kg-1"}),
            "forecast_median": (("forecast", "method"), median),
            "ape": (("forecast", "method"), np.abs(median / observed[:, None] - 1)),
            "crps": (("forecast", "method"), np.full((n, len(METHODS)), 0.03)),
            "q05": (("forecast", "mode"), np.repeat(observed[:, None], 2, axis=1) * 0.9),
            "q25": (("forecast", "mode"), np.repeat(observed[:, None], 2, axis=1) * 0.97),
            "q75": (("forecast", "mode"), np.repeat(observed[:, None], 2, axis=1) * 1.03),
            "q95": (("forecast", "mode"), np.repeat(observed[:, None], 2, axis=1) * 1.1),
            "city": ("forecast", np.array([r[3] for r in rows], dtype=object)),
            "commodity": ("forecast", np.array([r[4] for r in rows], dtype=object)),
            "origins": ("origin", [days(o) for o in ORIGINS], {"units": DAYS}),
            "fan_origin": ("fan", fo, {"units": DAYS}),
            "fan_mode": ("fan", fm),
            "fan_region": ("fan", np.array(fr, dtype=object)),
            "fan_commodity": ("fan", np.array(fc, dtype=object)),
            **{q: (("fan", "lead"), np.array(v), {"units": "KPW kg-1"}) for q, v in qs.items()},
        },
        coords={
            "forecast": np.arange(n, dtype=np.int32),
            "method": np.array(METHODS, dtype=object),
            "origin": np.arange(len(ORIGINS), dtype=np.int32),
            "horizon": np.array(["2 weeks", "4 weeks", "8 weeks", "12 weeks"], dtype=object),
            "fan": np.arange(len(fo), dtype=np.int32),
            "lead": lead.astype(np.int32),
            "mode": np.array(["conditional", "unconditional"], dtype=object),
        },
        attrs={"title": "grainsim backtest: synthetic test file", "scenario_name": "synthetic",
               "train_until": TRAIN_UNTIL},
    )
    ds.to_netcdf(path)


def expected_counts():
    """Observations one per (region, commodity, date) among the mapped, scored ones."""
    dates = {o + pd.Timedelta(days=ld) for o in ORIGINS for ld in LEADS}
    series = 4  # Pyongyang rice, Pyongyang maize, Ryanggang rice (Hyesan), North Pyongan maize
    oos = sum(d > pd.Timestamp(TRAIN_UNTIL) for d in dates)
    return series * len(dates), series * oos


def main(script=None):
    script = script or str(Path(__file__).resolve().parents[2] / "analysis" / "plot_backtest.py")
    results = []

    def check(ok, what):
        print(("PASS" if ok else "FAIL") + ": " + what)
        results.append(bool(ok))

    def run(*args):
        return subprocess.run([sys.executable, script, *args], capture_output=True, text=True)

    def refused(r, *words):
        return (r.returncode == 2 and "Traceback" not in r.stderr
                and all(w in r.stderr for w in words))

    with tempfile.TemporaryDirectory() as tmp:
        bt = os.path.join(tmp, "backtest.h5")
        write_backtest(bt)

        png = os.path.join(tmp, "figs", "backtest.png")
        r = run(bt, "--out", png)
        n_obs, n_oos = expected_counts()
        ok = (r.returncode == 0 and os.path.isfile(png) and os.path.getsize(png) > 20_000
              and f"{n_obs} observations, {n_oos} out of sample" in r.stdout)
        check(ok, f"conditional figure: exit {r.returncode}, {r.stdout.strip()} {r.stderr.strip()}")
        panels = r.stdout.split("panels: ")[-1].split(";")[0].split(", ")
        ok = (sorted(panels) == sorted(["Pyongyang rice", "Ryanggang rice", "Pyongyang maize",
                                        "North Pyongan maize"])
              and "national (unspecified)" in r.stderr)
        check(ok, f"panels only for scored, mapped series: {panels}")
        # 3 of the 6 origins are after train_until: 4 origins spread over all of them
        ok = "origins: 2024-09-02, 2024-10-28, 2024-11-25, 2025-01-20;" in r.stdout
        check(ok, "4 origins spread evenly over all origins")
        if os.path.isfile(png):
            img = mpimg.imread(png)
            distinct = len({tuple(px) for px in img.reshape(-1, img.shape[-1])[::97]})
            check(img.shape[1] > 600 and distinct > 20,
                  f"{img.shape[1]}x{img.shape[0]} px, {distinct} colours")
        else:
            check(False, "no PNG written")

        png2 = os.path.join(tmp, "unconditional.png")
        r = run(bt, "--mode", "unconditional", "--origins", "2", "--out", png2)
        ok = (r.returncode == 0 and os.path.isfile(png2) and os.path.getsize(png2) > 20_000
              and "unconditional;" in r.stdout
              and "origins: 2024-11-25, 2025-01-20;" in r.stdout)
        check(ok, f"unconditional, 2 origins from the test period: exit {r.returncode}, "
                  f"{r.stdout.strip()} {r.stderr.strip()}")

        r = run(os.path.join(tmp, "missing.h5"), "--out", os.path.join(tmp, "x.png"))
        check(refused(r, "missing.h5", "not found"),
              f"missing file exits {r.returncode}: {r.stderr.strip()}")

        other = os.path.join(tmp, "run.h5")
        xr.Dataset({"price": (("time",), np.arange(3.0))}).to_netcdf(other)
        r = run(other, "--out", os.path.join(tmp, "x.png"))
        check(refused(r, "not a grainsim backtest file", "fan_q50"),
              f"non-backtest file exits {r.returncode}: {r.stderr.strip()}")

        text = os.path.join(tmp, "notes.h5")
        Path(text).write_text("not HDF5\n")
        r = run(text, "--out", os.path.join(tmp, "x.png"))
        check(refused(r, "cannot read", "notes.h5"),
              f"non-HDF5 file exits {r.returncode}: {r.stderr.strip()}")

        r = run(bt, "--mode", "sideways", "--out", os.path.join(tmp, "x.png"))
        check(refused(r, "--mode", "sideways"),
              f"unknown mode exits {r.returncode}: {r.stderr.strip().splitlines()[-1:]}")

        r = run(bt, "--origins", "0", "--out", os.path.join(tmp, "x.png"))
        check(refused(r, "--origins"), f"--origins 0 exits {r.returncode}: "
                                       f"{r.stderr.strip().splitlines()[-1:]}")
        check(not os.path.exists(os.path.join(tmp, "x.png")), "no PNG from refused inputs")
    failures = results.count(False)
    print(f"{len(results) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

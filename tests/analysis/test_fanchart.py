#!/usr/bin/python3
"""analysis/fanchart.py draws non-trivial fan chart PNGs from ensemble files alone.

Usage: /usr/bin/python3 tests/analysis/test_fanchart.py SCRIPT [FORECAST.h5 [COMPARE.h5]]

Without files it writes synthetic forecast and comparison files (xarray to_netcdf, the
ensemble layout) in a temporary directory and checks default charts, a variable without
commodity, the comparison arms and effects, and that bad input exits 2 with one line.
With files (a real forecast and optionally a real comparison file, old or new layout) it runs
the same chart and bad-input checks on them. In both cases shares (units "1") must be drawn in
% (y label "%", values x 100) and --commodity must match without regard to case. Prints one line per check, then "N passed, M failed";
exits non-zero if any check failed.
"""
import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import xarray as xr  # noqa: E402

from check_output import Checks  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_BYTES = 20_000
PROBABILITIES = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95]
REGIONS = ["Pyongyang", "South Pyongan", "North Pyongan", "Chagang", "South Hwanghae",
           "North Hwanghae", "Kangwon", "South Hamgyong", "North Hamgyong", "Ryanggang",
           "Rason"]
COMMODITIES = ["rice", "maize", "flour", "wheat"]  # wheat is never sold at retail: NaN
TIERS = ["leadership", "army", "security_forces", "officials_priority_enterprises"]
PARAMETERS = ["income.coping_share", "aid.diversion_share"]
START = "2026-12-01"


# --- synthetic files --------------------------------------------------------------------------

def simulate(rng, replicates, days):
    """Replicate trajectories: price (replicate, time, region, commodity) and
    food_insecure_share (replicate, time, region)."""
    base = rng.uniform(8_000, 14_000, size=(1, 1, len(REGIONS), len(COMMODITIES)))
    trend = np.linspace(0, 0.25, days)[None, :, None, None]
    walk = np.cumsum(rng.normal(0, 0.015, size=(replicates, days, len(REGIONS),
                                                len(COMMODITIES))), axis=1)
    price = base * np.exp(trend + walk)
    price[..., COMMODITIES.index("wheat")] = np.nan
    level = rng.normal(-0.5, 0.3, size=(1, 1, len(REGIONS)))
    share_walk = np.cumsum(rng.normal(0, 0.03, size=(replicates, days, len(REGIONS))), axis=1)
    share = 1 / (1 + np.exp(-(level + np.linspace(0, 0.6, days)[None, :, None] + share_walk)))
    return {"price": price, "food_insecure_share": share}


ATTRS = {
    "price": {"units": "KPW/kg", "long_name": "market price (NaN: not sold at retail)"},
    "food_insecure_share": {"units": "1",
                            "long_name": "share of people in households below 80 % of need"},
}
DIMS = {"price": ("time", "region", "commodity"), "food_insecure_share": ("time", "region")}


def coords(days, probabilities, replicates):
    return {
        "time": pd.date_range(START, periods=days, freq="D"),
        "region": np.array(REGIONS, dtype=object),
        "commodity": np.array(COMMODITIES, dtype=object),
        "tier": np.array(TIERS, dtype=object),
        "quintile": np.arange(1, 6, dtype=np.int32),
        "quantile": np.array(probabilities, dtype=np.float64),
        "replicate": np.arange(replicates, dtype=np.uint32),
        "parameter": np.array(PARAMETERS, dtype=object),
    }


def reduce(values, probabilities):
    """Quantiles over replicates (type 7; NaN if any replicate is NaN) and the mean."""
    return np.quantile(values, probabilities, axis=0), values.mean(axis=0)


def write(ds, path):
    ds.to_netcdf(path, encoding={"time": {"units": f"days since {START}",
                                          "calendar": "standard", "dtype": "float64"}})


def write_forecast(path, probabilities=PROBABILITIES, replicates=40, days=121, seed=7):
    rng = np.random.default_rng(seed)
    sims = simulate(rng, replicates, days)
    ds = xr.Dataset(coords=coords(days, probabilities, replicates))
    for name, values in sims.items():
        q, mean = reduce(values, probabilities)
        ds[name] = (("quantile",) + DIMS[name], q, ATTRS[name])
        ds[name + "_mean"] = (DIMS[name], mean, {**ATTRS[name],
                                                 "long_name": "mean of " + name})
    ds["parameter_value"] = (("replicate", "parameter"),
                             rng.uniform(0, 0.2, size=(replicates, len(PARAMETERS))),
                             {"units": "1", "long_name": "sampled parameter value"})
    ds.attrs = {"Conventions": "CF-1.8", "title": "grainsim forecast",
                "scenario_name": "dprk-2026-winter", "replicates": np.uint32(replicates),
                "replicates_failed": np.uint32(0), "seed": np.uint32(seed)}
    write(ds, path)


def write_compare(path, replicates=40, days=121, seed=11):
    rng = np.random.default_rng(seed)
    baseline = simulate(rng, replicates, days)
    ramp = np.clip(np.linspace(-0.3, 1, days), 0, 1)
    policy = {  # aid arrives after a month: lower prices, fewer food-insecure people
        "price": baseline["price"] * np.exp(
            -0.08 * ramp[None, :, None, None]
            + rng.normal(0, 0.01, size=baseline["price"].shape)),
        "food_insecure_share": baseline["food_insecure_share"] * (
            1 - 0.3 * ramp[None, :, None]),
    }
    ds = xr.Dataset(coords={**coords(days, PROBABILITIES, replicates),
                            "arm": np.array(["policy", "baseline"], dtype=object)})
    for name in baseline:
        dims = DIMS[name]
        arms = [reduce(v[name], PROBABILITIES) for v in (policy, baseline)]
        ds[name] = (("arm", "quantile") + dims, np.stack([q for q, _ in arms]), ATTRS[name])
        ds[name + "_mean"] = (("arm",) + dims, np.stack([m for _, m in arms]), ATTRS[name])
        for suffix, values, units in [
                ("_effect", policy[name] - baseline[name], ATTRS[name]["units"]),
                ("_relative_effect", policy[name] / baseline[name] - 1, "1")]:
            q, mean = reduce(values, PROBABILITIES)
            attrs = {"units": units, "long_name": f"policy {suffix[1:]} on {name}"}
            ds[name + suffix] = (("quantile",) + dims, q, attrs)
            ds[name + suffix + "_mean"] = (dims, mean, attrs)
    ds.attrs = {"Conventions": "CF-1.8", "title": "grainsim compare",
                "policy_scenario_name": "dprk-2026-winter", "baseline_scenario_name": "no-aid",
                "replicates": np.uint32(replicates), "replicates_failed": np.uint32(2),
                "seed": np.uint32(seed)}
    write(ds, path)


# --- checks -------------------------------------------------------------------------------------

def run(script, args):
    return subprocess.run([sys.executable, script] + args, capture_output=True, text=True)


def check_chart(c, script, label, args, png):
    """Runs the script; checks exit 0, the printed path and that png is a non-trivial image."""
    if os.path.exists(png):
        os.remove(png)
    r = run(script, args)
    if not c.check(f"{label}: exit status 0", r.returncode == 0,
                   f"status {r.returncode}, stderr: {r.stderr.strip()}"):
        return
    printed = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    c.check(f"{label}: prints the PNG path", os.path.abspath(printed) == os.path.abspath(png),
            f"printed {printed!r}, expected {png!r}")
    if not c.check(f"{label}: {os.path.basename(png)} exists", os.path.isfile(png)):
        return
    with open(png, "rb") as f:
        signature = f.read(len(PNG_SIGNATURE))
    c.check(f"{label}: PNG signature", signature == PNG_SIGNATURE, f"starts {signature!r}")
    size = os.path.getsize(png)
    c.check(f"{label}: {size} bytes > {MIN_BYTES}", size > MIN_BYTES)
    img = mpimg.imread(png)
    rgb = img[..., :3]
    variance = float(rgb.var())
    colours = len({tuple(px) for px in rgb.reshape(-1, 3)[::37]})
    c.check(f"{label}: {img.shape[1]}x{img.shape[0]} px, pixel variance {variance:.4f}, "
            f"{colours} colours",
            img.shape[0] > 400 and img.shape[1] > 800 and variance > 0.005 and colours > 20)


def check_error(c, script, label, args, *expected):
    """Runs the script; checks exit 2 with a one-line message containing every expected text."""
    r = run(script, args)
    message = r.stderr.strip()
    c.check(f"{label}: exit status 2", r.returncode == 2,
            f"status {r.returncode}, stderr: {message}")
    c.check(f"{label}: one-line message", len(message.splitlines()) == 1
            and "Traceback" not in message, f"stderr: {message}")
    missing = [e for e in expected if e not in message]
    c.check(f"{label}: message names {', '.join(expected)}", not missing,
            f"missing {missing} in: {message}")


def load_script(script):
    """The script as a module (and grainsim_data beside it importable)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    spec = importlib.util.spec_from_file_location("fanchart", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_percent(c, script, path, effect=False):
    """In-process: food_insecure_share (units "1") is drawn in % / percentage points."""
    module = load_script(script)
    from grainsim_data import open_grainsim
    args = argparse.Namespace(file=path, variable="food_insecure_share", commodity=None,
                              arm=None, effect=effect, relative_effect=False, out=None)
    label = "share effect" if effect else "share"
    ds = open_grainsim(path)
    try:
        name, arm, mode = module.choose(ds, args)
        fig = module.draw(ds, args, name, arm, mode)
    except Exception as e:
        c.check(f"{label} in %: draws", False, f"{type(e).__name__}: {e}")
        return
    ylabel = fig.axes[0].get_ylabel()
    expected = "percentage points" if effect else "%"
    c.check(f"{label}: y label {expected!r}", ylabel == expected, f"y label {ylabel!r}")
    data = module.select(ds, name, args, arm)
    median = data.isel(quantile=module.quantile_index(data, 0.5), region=0).values
    drawn = [np.asarray(line.get_ydata(), dtype=float) for line in fig.axes[0].get_lines()
             if line.get_label() == "median"]
    c.check(f"{label}: median drawn as 100 x the file's values",
            len(drawn) == 1 and np.allclose(drawn[0], 100 * median, equal_nan=True),
            f"drawn {drawn[0][:3] if drawn else None}, file {median[:3]}")
    module.plt.close(fig)


def check_forecast(c, script, path, tmp, synthetic):
    """Charts and bad input on a forecast file; synthetic files also test default names."""
    stem = os.path.splitext(path)[0]

    def out(name):  # default names next to synthetic files, --out for real ones
        return ([], stem + name) if synthetic else (["--out", os.path.join(tmp, "f" + name)],
                                                     os.path.join(tmp, "f" + name))
    extra, png = out("-price-flour.png")
    check_chart(c, script, "forecast default", [path] + extra, png)
    extra, png = out("-food_insecure_share.png")
    check_chart(c, script, "forecast food_insecure_share",
                [path, "--variable", "food_insecure_share"] + extra, png)
    explicit = os.path.join(tmp, "explicit rice.png")
    check_chart(c, script, "forecast --commodity rice --out", [path, "--commodity", "rice",
                                                               "--out", explicit], explicit)
    check_chart(c, script, "forecast --commodity Rice (any case)",
                [path, "--commodity", "Rice", "--out", explicit], explicit)
    check_percent(c, script, path)
    bad_png = ["--out", os.path.join(tmp, "bad.png")]
    check_error(c, script, "missing variable", [path, "--variable", "nonesuch"] + bad_png,
                "nonesuch", "price", "food_insecure_share")
    check_error(c, script, "bad commodity", [path, "--commodity", "sorghum"] + bad_png,
                "sorghum", "flour", "rice")
    check_error(c, script, "--commodity without commodity dim",
                [path, "--variable", "food_insecure_share", "--commodity", "rice"] + bad_png,
                "food_insecure_share", "commodity")
    check_error(c, script, "--effect on a forecast", [path, "--effect"] + bad_png,
                "price_effect")
    check_error(c, script, "--arm on a forecast", [path, "--arm", "baseline"] + bad_png,
                "not a comparison file")
    if synthetic:
        check_error(c, script, "all-NaN commodity", [path, "--commodity", "wheat"] + bad_png,
                    "wheat", "no finite values")


def check_compare(c, script, path, tmp, synthetic):
    """Charts of both arms and of the effects; bad input on a comparison file."""
    stem = os.path.splitext(path)[0]
    cases = [("compare default", [], "-price-flour.png"),
             ("compare --effect", ["--effect"], "-price-flour-effect.png"),
             ("compare --relative-effect", ["--relative-effect"],
              "-price-flour-relative-effect.png"),
             ("compare --arm baseline", ["--arm", "baseline"], "-price-flour-baseline.png"),
             ("compare food_insecure_share --effect",
              ["--variable", "food_insecure_share", "--effect"],
              "-food_insecure_share-effect.png")]
    for label, args, name in cases:
        if synthetic:
            check_chart(c, script, label, [path] + args, stem + name)
        else:
            png = os.path.join(tmp, "c" + name)
            check_chart(c, script, label, [path] + args + ["--out", png], png)
    check_percent(c, script, path)
    check_percent(c, script, path, effect=True)
    check_error(c, script, "compare missing variable",
                [path, "--variable", "nonesuch", "--out", os.path.join(tmp, "bad.png")],
                "nonesuch", "price_effect")


def main(argv):
    if not argv:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    script, files = argv[0], argv[1:]
    c = Checks()
    with tempfile.TemporaryDirectory() as tmp:
        if files:
            for path in files:
                c.check(f"{path} exists", os.path.isfile(path))
            check_forecast(c, script, files[0], tmp, synthetic=False)
            if len(files) > 1:
                load_script(script)
                from grainsim_data import file_kind, open_grainsim
                with open_grainsim(files[1]) as ds:
                    kind = file_kind(ds)
                if c.check(f"{files[1]} is a comparison file", kind == "compare",
                           f"it is a {kind} file"):
                    check_compare(c, script, files[1], tmp, synthetic=False)
        else:
            forecast = os.path.join(tmp, "forecast.h5")
            compare = os.path.join(tmp, "compare.h5")
            few = os.path.join(tmp, "few-quantiles.h5")
            write_forecast(forecast)
            write_compare(compare)
            write_forecast(few, probabilities=[0.1, 0.5, 0.9])
            print(f"wrote synthetic {forecast}, {compare}, {few}")
            check_forecast(c, script, forecast, tmp, synthetic=True)
            check_compare(c, script, compare, tmp, synthetic=True)
            check_error(c, script, "missing quantile",
                        [few, "--out", os.path.join(tmp, "bad.png")], "0.05", "0.1, 0.5, 0.9")
            check_error(c, script, "missing file", [os.path.join(tmp, "nonesuch.h5")],
                        "nonesuch.h5")
            text = os.path.join(tmp, "not-hdf5.h5")
            with open(text, "w") as f:
                f.write("not an HDF5 file\n")
            check_error(c, script, "not an HDF5 file", [text], "not-hdf5.h5")
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
"""Plot a long grainsim run's market prices against observed market prices to a PNG.

    /usr/bin/python3 analysis/plot_longrun.py RUN.h5 [--prices calibration/data/prices.csv]
        [--city-regions calibration/data/city_regions.csv]
        [--out docs/figures/longrun-2023-2025.png]

One panel per commodity (rice, maize; flour only where there are observations), on a shared
log price axis. Lines: the run's `price` (time, region, commodity; KPW/kg) for each region that
has observed cities. Markers, in the colour of their region's line: observed prices from
prices.csv with price_type "market" and reliability A or B, mapped to regions through
city_regions.csv (cities with an empty region are left out), within the run's time span.
Default paths are relative to the repository; explicit paths are relative to the current
directory.
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grainsim_data import with_names  # noqa: E402  (labelled dimensions by name)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PRICES = REPO / "calibration" / "data" / "prices.csv"
DEFAULT_CITY_REGIONS = REPO / "calibration" / "data" / "city_regions.csv"
DEFAULT_OUT = REPO / "docs" / "figures" / "longrun-2023-2025.png"

# prices.csv commodity names -> model commodity names; anything else (maize_flour, ...) is skipped
OBSERVED_COMMODITY = {"rice": "rice", "maize": "maize", "wheat_flour": "flour"}
PANELS = ("rice", "maize", "flour")
ALWAYS = ("rice", "maize")          # flour only when it has observations
RELIABLE = ("A", "B")


class UserError(Exception):
    """A problem with the user's input: reported in one line, exit status 2."""


def _text(values):
    """Coordinate labels as str (HDF5 strings may come back as bytes)."""
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def read_run(path):
    import pandas as pd
    import xarray as xr

    errors = []
    ds = None
    for engine in (None, "h5netcdf"):
        try:
            ds = with_names(xr.open_dataset(path, engine=engine))
            break
        except Exception as e:  # noqa: BLE001 - the last engine's reason is reported
            errors.append(str(e).splitlines()[0] if str(e) else type(e).__name__)
    if ds is None:
        raise UserError(f"cannot read {path} as HDF5/NetCDF-4: {errors[-1]}")
    if "price" not in ds.variables:
        raise UserError(f"{path} has no variable 'price' (it has: {', '.join(map(str, ds.variables))})")
    price = ds["price"]
    need = {"time", "region", "commodity"}
    if set(price.dims) != need:
        raise UserError(f"{path}: 'price' has dims {price.dims}, expected (time, region, commodity)")
    price = price.transpose("time", "region", "commodity")
    for dim in ("region", "commodity"):
        if dim not in ds.coords:
            raise UserError(f"{path}: no '{dim}' coordinate labels")
    time_index = ds.indexes.get("time")
    if time_index is None:
        raise UserError(f"{path}: no 'time' coordinate")
    if hasattr(time_index, "to_datetimeindex"):  # cftime calendars
        time_index = time_index.to_datetimeindex()
    time = pd.DatetimeIndex(time_index)
    if len(time) == 0:
        raise UserError(f"{path}: 'price' has no time steps")
    units = price.attrs.get("units", "KPW/kg")
    return {
        "time": time,
        "regions": _text(ds["region"].values),
        "commodities": _text(ds["commodity"].values),
        "values": price.values.astype(float),
        "units": units,
        "name": ds.attrs.get("scenario_name", Path(path).stem),
    }


def read_observations(prices_path, city_regions_path, start, end):
    import pandas as pd

    def load(path, columns):
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
        except Exception as e:  # noqa: BLE001
            raise UserError(f"cannot read {path}: {e}")
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise UserError(f"{path}: missing column(s) {', '.join(missing)}")
        return df

    obs = load(prices_path, ["date", "city", "commodity", "price_kpw_per_kg", "price_type",
                             "reliability"])
    cr = load(city_regions_path, ["city", "region"])
    mapping = {c.strip(): r.strip() for c, r in zip(cr["city"], cr["region"]) if r.strip()}
    obs = obs[(obs["price_type"].str.strip() == "market")
              & obs["reliability"].str.strip().isin(RELIABLE)
              & obs["commodity"].str.strip().isin(list(OBSERVED_COMMODITY))].copy()
    obs["region"] = obs["city"].str.strip().map(mapping)
    obs["commodity"] = obs["commodity"].str.strip().map(OBSERVED_COMMODITY)
    obs["date"] = pd.to_datetime(obs["date"].str.strip(), format="%Y-%m-%d", errors="coerce")
    obs["price"] = pd.to_numeric(obs["price_kpw_per_kg"], errors="coerce")
    bad = obs["date"].isna() | obs["price"].isna()
    if bad.any():
        print(f"plot_longrun.py: warning: {int(bad.sum())} observation(s) without an ISO date "
              f"or a numeric price skipped", file=sys.stderr)
    obs = obs[~bad & obs["region"].notna()]
    return obs[(obs["date"] >= start) & (obs["date"] <= end)][["date", "region", "commodity", "price"]]


def plot(run, obs, out):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter

    obs = obs[obs["region"].isin(run["regions"]) & obs["commodity"].isin(run["commodities"])]
    panels = [c for c in PANELS if c in run["commodities"]
              and (c in ALWAYS or (obs["commodity"] == c).any())]
    if not panels:
        raise UserError("the run has none of the commodities rice, maize, flour")
    regions = [r for r in run["regions"] if (obs["region"] == r).any()]
    if not regions:
        print("plot_longrun.py: warning: no observed market price falls in a run region within "
              "the run's time span; drawing all regions without markers", file=sys.stderr)
        regions = list(run["regions"])

    cmap = plt.get_cmap("tab10" if len(regions) <= 10 else "tab20")
    colour = {r: cmap(i % cmap.N) for i, r in enumerate(regions)}
    fig, axes = plt.subplots(1, len(panels), figsize=(5.2 * len(panels), 4.6), sharey=True,
                             squeeze=False)
    axes = axes[0]
    for ax, commodity in zip(axes, panels):
        ci = run["commodities"].index(commodity)
        for region in regions:
            ri = run["regions"].index(region)
            y = run["values"][:, ri, ci].copy()
            y[~(y > 0)] = np.nan  # log axis: no zero/negative/NaN points
            ax.plot(run["time"], y, lw=1.4, color=colour[region], label=region)
            o = obs[(obs["region"] == region) & (obs["commodity"] == commodity)]
            if len(o):
                ax.plot(o["date"], o["price"], ls="none", marker="o", ms=5, mfc=colour[region],
                        mec="black", mew=0.6, zorder=3)
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.yaxis.set_minor_formatter(FuncFormatter(
            lambda v, _: f"{v:,.0f}" if round(v / 10 ** np.floor(np.log10(v))) in (2, 3, 5) else ""))
        ax.set_title(commodity)
        ax.set_xlabel("date")
        ax.set_xlim(run["time"][0], run["time"][-1])
        ax.grid(True, which="both", alpha=0.3)
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_ha("right")
    axes[0].set_ylabel(f"market price ({run['units']}, log scale)")
    handles = [Line2D([], [], color=colour[r], lw=1.4, label=r) for r in regions]
    handles += [Line2D([], [], color="none", label=""),
                Line2D([], [], ls="-", color="grey", label="simulated (run)"),
                Line2D([], [], ls="none", marker="o", mfc="grey", mec="black", mew=0.6,
                       label="observed market price\n(prices.csv, reliability A/B)")]
    fig.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8,
               frameon=False)
    t0, t1 = run["time"][0], run["time"][-1]
    fig.suptitle(f"Simulated and observed market prices, {t0:%b %Y} to {t1:%b %Y} "
                 f"({run['name']})", fontsize=11)
    fig.tight_layout()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, dpi=110, bbox_inches="tight")
    except OSError as e:
        raise UserError(f"cannot write {out}: {e.strerror or e}")
    finally:
        plt.close(fig)
    return panels, regions


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="plot_longrun.py",
        description="Plot a long run's simulated market prices (one panel per commodity, "
                    "log axis) against observed market prices.")
    p.add_argument("run", help="grainsim run file (HDF5/NetCDF-4) with variable 'price'")
    p.add_argument("--prices", type=Path, default=DEFAULT_PRICES,
                   help="observed prices CSV (default: calibration/data/prices.csv)")
    p.add_argument("--city-regions", type=Path, default=DEFAULT_CITY_REGIONS,
                   help="city to model region map (default: calibration/data/city_regions.csv)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT,
                   help="output PNG (default: docs/figures/longrun-2023-2025.png)")
    args = p.parse_args(argv)

    for label, path in (("run file", Path(args.run)), ("prices file", args.prices),
                        ("city-regions file", args.city_regions)):
        if not path.is_file():
            p.error(f"{label} not found: {path}")
    try:
        run = read_run(args.run)
        obs = read_observations(args.prices, args.city_regions, run["time"][0], run["time"][-1])
        panels, regions = plot(run, obs, args.out)
    except (UserError, OSError) as e:
        print(f"plot_longrun.py: error: {e}", file=sys.stderr)
        return 2
    n = len(obs[obs["region"].isin(regions) & obs["commodity"].isin(panels)])
    print(f"wrote {args.out} (panels: {', '.join(panels)}; regions: {', '.join(regions)}; "
          f"{n} observations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

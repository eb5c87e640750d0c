#!/usr/bin/python3
"""Plot a `grainsim backtest` file's forecast fans against the observed prices to a PNG.

    /usr/bin/python3 analysis/plot_backtest.py BACKTEST.h5 [--mode conditional|unconditional]
        [--origins 4] [--city-regions calibration/data/city_regions.csv]
        [--out docs/figures/backtest.png]

One panel per (region, commodity) series with scored observations: rows are commodities (rice,
maize, flour, then any others) with a y axis (KPW/kg) shared along the row, columns are regions.
In each panel, for N origins spread evenly over the file's origins (over those after the file's
train_until attribute when there are at least N of them, so the test period is shown), the
model's fan in the chosen mode: 90 % band (fan_q05..fan_q95) light, 50 % band (fan_q25..fan_q75)
darker, median (fan_q50) as a line, at origin + lead on a date axis, one colour per origin.
Points: every forecast's observed price for the panel's cities (cities mapped to regions through
city_regions.csv), one per date; those out of sample (the file's `test` flag, or after
train_until) are drawn as white diamonds. A dashed vertical line marks train_until.
Default paths are relative to the repository; explicit paths are relative to the current
directory.
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grainsim_data import with_names  # noqa: E402  (labelled dimensions by name)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CITY_REGIONS = REPO / "calibration" / "data" / "city_regions.csv"
DEFAULT_OUT = REPO / "docs" / "figures" / "backtest.png"

MODES = ("conditional", "unconditional")  # fan_mode 0 and 1
MODE_NOTE = {"conditional": "exchange rate after the origin as observed",
             "unconditional": "exchange rate after the origin projected"}
COMMODITY_ORDER = ("rice", "maize", "flour")
FAN_QUANTILES = ("fan_q05", "fan_q25", "fan_q50", "fan_q75", "fan_q95")
REQUIRED = FAN_QUANTILES + ("fan_origin", "fan_mode", "fan_region", "fan_commodity",
                            "observed", "target_date", "city", "commodity")


class UserError(Exception):
    """A problem with the user's input: reported in one line, exit status 2."""


def _text(values):
    """Labels as str (HDF5 strings may come back as bytes)."""
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def _dates(var, path):
    """A 'days since YYYY-MM-DD' variable (read undecoded) as a DatetimeIndex (NaN -> NaT)."""
    import numpy as np
    import pandas as pd

    units = str(var.attrs.get("units", ""))
    if not units.startswith("days since "):
        raise UserError(f"{path}: '{var.name}' has units '{units}', expected 'days since ...'")
    try:
        ref = pd.Timestamp(units[len("days since "):].strip().split()[0])
    except (ValueError, IndexError):
        raise UserError(f"{path}: '{var.name}' has units '{units}', expected 'days since ...'")
    days = np.asarray(var.values, dtype=float)
    return pd.DatetimeIndex(ref + pd.to_timedelta(days, unit="D"))


def read_backtest(path, mode):
    import numpy as np
    import pandas as pd
    import xarray as xr

    errors = []
    ds = None
    for engine in (None, "h5netcdf"):
        try:
            ds = with_names(xr.open_dataset(path, engine=engine, decode_times=False))
            break
        except Exception as e:  # noqa: BLE001 - the last engine's reason is reported
            errors.append(str(e).splitlines()[0] if str(e) else type(e).__name__)
    if ds is None:
        raise UserError(f"cannot read {path} as HDF5/NetCDF-4: {errors[-1]}")
    if "fan_q50" not in ds.variables:
        raise UserError(f"{path} is not a grainsim backtest file: no variable 'fan_q50' "
                        f"(it has: {', '.join(map(str, ds.variables)) or 'nothing'})")
    missing = [v for v in REQUIRED if v not in ds.variables]
    if missing:
        raise UserError(f"{path}: backtest file without variable(s) {', '.join(missing)}")
    for q in FAN_QUANTILES:
        if set(ds[q].dims) != {"fan", "lead"}:
            raise UserError(f"{path}: '{q}' has dims {ds[q].dims}, expected (fan, lead)")

    mode_labels = _text(ds["mode"].values) if "mode" in ds.coords else list(MODES)
    if mode not in mode_labels:
        raise UserError(f"{path}: no mode '{mode}' (modes: {', '.join(mode_labels)})")
    lead = (np.asarray(ds["lead"].values, dtype=float) if "lead" in ds.coords
            else np.arange(ds.sizes["lead"], dtype=float))
    fans = pd.DataFrame({
        "origin": _dates(ds["fan_origin"], path),
        "mode": np.asarray(ds["fan_mode"].values, dtype=float),
        "region": [s.strip() for s in _text(ds["fan_region"].values)],
        "commodity": [s.strip() for s in _text(ds["fan_commodity"].values)],
    })
    fans = fans[(fans["mode"] == mode_labels.index(mode)) & fans["origin"].notna()]
    if fans.empty:
        raise UserError(f"{path} has no fans in {mode} mode")
    quantiles = {q: ds[q].transpose("fan", "lead").values.astype(float) for q in FAN_QUANTILES}

    observed = pd.DataFrame({
        "date": _dates(ds["target_date"], path),
        "city": [s.strip() for s in _text(ds["city"].values)],
        "commodity": [s.strip() for s in _text(ds["commodity"].values)],
        "price": np.asarray(ds["observed"].values, dtype=float),
        "test": (np.asarray(ds["test"].values, dtype=float) if "test" in ds.variables
                 else np.full(ds.sizes.get("forecast", 0), np.nan)),
    })

    train_until = None
    raw = ds.attrs.get("train_until")
    if raw is not None:
        raw = raw.decode() if isinstance(raw, bytes) else str(raw)
        try:
            train_until = pd.Timestamp(pd.to_datetime(raw.strip(), format="%Y-%m-%d"))
        except ValueError:
            print(f"plot_backtest.py: warning: train_until '{raw}' is not YYYY-MM-DD; ignored",
                  file=sys.stderr)
    else:
        print("plot_backtest.py: warning: no train_until attribute; no train/test line",
              file=sys.stderr)
    return {
        "fans": fans,
        "quantiles": quantiles,
        "lead": lead,
        "observed": observed,
        "train_until": train_until,
        "name": (ds.attrs.get("scenario_name") or Path(path).stem),
    }


def read_city_regions(path):
    import pandas as pd

    try:
        cr = pd.read_csv(path, dtype=str, keep_default_na=False)
    except Exception as e:  # noqa: BLE001
        raise UserError(f"cannot read {path}: {e}")
    if not {"city", "region"} <= set(cr.columns):
        raise UserError(f"{path}: needs columns city,region")
    return {c.strip(): r.strip() for c, r in zip(cr["city"], cr["region"]) if r.strip()}


def observations(bt, city_regions):
    """Scored observations per (region, commodity, date): one price per date, out-of-sample flag."""
    import numpy as np

    obs = bt["observed"]
    fan_regions = set(bt["fans"]["region"])
    obs = obs[np.isfinite(obs["price"]) & (obs["price"] > 0) & obs["date"].notna()].copy()
    # a city named like a model region stands for it when the map does not list it
    obs["region"] = [city_regions.get(c, c if c in fan_regions else None) for c in obs["city"]]
    unmapped = sorted(set(obs.loc[obs["region"].isna(), "city"]))
    if unmapped:
        print(f"plot_backtest.py: warning: observations of {', '.join(unmapped)} left out "
              f"(no model region in city_regions.csv)", file=sys.stderr)
    obs = obs[obs["region"].notna()]
    if bt["train_until"] is not None:
        after = obs["date"] > bt["train_until"]
    else:
        after = np.zeros(len(obs), dtype=bool)
    obs["oos"] = np.where(np.isfinite(obs["test"]), obs["test"] == 1, after)
    grouped = obs.groupby(["region", "commodity", "date"], as_index=False).agg(
        price=("price", "mean"), oos=("oos", "max"),
        cities=("city", lambda s: ", ".join(sorted(set(s)))))
    return grouped


def choose_origins(origins, train_until, n):
    """n origins spread evenly (first and last included) over those after train_until when there
    are at least n of them, else over all."""
    import numpy as np

    origins = sorted(set(origins))
    test = [o for o in origins if train_until is not None and o > train_until]
    pool = test if len(test) >= n else origins
    if len(pool) <= n:
        return pool
    idx = np.unique(np.round(np.linspace(0, len(pool) - 1, n)).astype(int))
    return [pool[i] for i in idx]


def plot(bt, obs, mode, n_origins, out):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    fans = bt["fans"]
    series = set(zip(obs["region"], obs["commodity"]))
    if not series:
        raise UserError("no scored observation maps to a model region; nothing to plot")
    fan_series = set(zip(fans["region"], fans["commodity"]))
    no_fan = sorted(series - fan_series)
    if no_fan:
        print("plot_backtest.py: warning: no " + mode + " fans for "
              + ", ".join(f"{r} {c}" for r, c in no_fan) + "; observations only", file=sys.stderr)
    region_order = list(dict.fromkeys(list(fans["region"]) + list(obs["region"])))
    regions = [r for r in region_order if any(s[0] == r for s in series)]
    commodities = sorted({c for _, c in series},
                         key=lambda c: (COMMODITY_ORDER.index(c) if c in COMMODITY_ORDER
                                        else len(COMMODITY_ORDER), c))
    origins = choose_origins(list(fans["origin"]), bt["train_until"], n_origins)
    palette = [c for i, c in enumerate(plt.get_cmap("tab10").colors) if i != 7]  # 7: grey
    colour = {o: palette[i % len(palette)] for i, o in enumerate(origins)}
    lead = pd.to_timedelta(bt["lead"], unit="D")
    q = bt["quantiles"]

    nrows, ncols = len(commodities), len(regions)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 3.3 * nrows + 0.6),
                             sharex=True, sharey="row", squeeze=False)
    panels = []
    for i, commodity in enumerate(commodities):
        for j, region in enumerate(regions):
            ax = axes[i][j]
            if (region, commodity) not in series:
                ax.set_visible(False)
                continue
            panels.append(f"{region} {commodity}")
            here = fans[(fans["region"] == region) & (fans["commodity"] == commodity)]
            for origin in origins:
                rows = here.index[here["origin"] == origin]
                if len(rows) == 0:
                    continue
                k = rows[0]
                x = origin + lead
                c = colour[origin]
                ax.fill_between(x, q["fan_q05"][k], q["fan_q95"][k], color=c, alpha=0.15, lw=0)
                ax.fill_between(x, q["fan_q25"][k], q["fan_q75"][k], color=c, alpha=0.35, lw=0)
                ax.plot(x, q["fan_q50"][k], color=c, lw=1.4)
            o = obs[(obs["region"] == region) & (obs["commodity"] == commodity)]
            ins, oos = o[~o["oos"]], o[o["oos"]]
            ax.plot(ins["date"], ins["price"], ls="none", marker="o", ms=4, color="black",
                    zorder=4)
            ax.plot(oos["date"], oos["price"], ls="none", marker="D", ms=4.5, mfc="white",
                    mec="black", mew=1.0, zorder=4)
            if bt["train_until"] is not None:
                ax.axvline(bt["train_until"], color="black", ls="--", lw=1.0, zorder=3)
            cities = ", ".join(sorted(set(", ".join(o["cities"]).split(", "))))
            ax.set_title(f"{region} {commodity}" + (f" ({cities})" if cities != region else ""),
                         fontsize=10)
            ax.grid(True, alpha=0.3)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
            if j == 0 or not axes[i][j - 1].get_visible():
                ax.set_ylabel("KPW/kg")
                ax.yaxis.set_tick_params(labelleft=True)
            below = axes[i + 1][j] if i + 1 < nrows else None
            if below is None or (region, commodities[i + 1]) not in series:
                ax.xaxis.set_tick_params(labelbottom=True)
            locator = mdates.AutoDateLocator(maxticks=6)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))

    handles = [Patch(facecolor=colour[o], alpha=0.5, label=f"origin {o:%Y-%m-%d}")
               for o in origins]
    handles += [Line2D([], [], color="none", label=""),
                Patch(facecolor="grey", alpha=0.15, label="90 % band (q05-q95)"),
                Patch(facecolor="grey", alpha=0.45, label="50 % band (q25-q75)"),
                Line2D([], [], color="grey", lw=1.4, label="median"),
                Line2D([], [], ls="none", marker="o", ms=4, color="black",
                       label="observed, in sample"),
                Line2D([], [], ls="none", marker="D", ms=4.5, mfc="white", mec="black",
                       label="observed, out of sample")]
    if bt["train_until"] is not None:
        handles.append(Line2D([], [], color="black", ls="--", lw=1.0,
                              label=f"train until {bt['train_until']:%Y-%m-%d}"))
    fig.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8,
               frameon=False)
    fig.suptitle(f"Backtest of {bt['name']}: {mode} forecasts ({MODE_NOTE.get(mode, mode)}) "
                 f"from {len(origins)} origin(s) against observed prices", fontsize=11)
    fig.tight_layout()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, dpi=110, bbox_inches="tight")
    except OSError as e:
        raise UserError(f"cannot write {out}: {e.strerror or e}")
    finally:
        plt.close(fig)
    return panels, origins


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="plot_backtest.py",
        description="Plot a grainsim backtest file's forecast fans (one panel per region and "
                    "commodity with observations) against the observed prices.")
    p.add_argument("backtest", help="file written by `grainsim backtest` (HDF5/NetCDF-4)")
    p.add_argument("--mode", choices=MODES, default="conditional",
                   help="fans with the exchange rate after the origin as observed (conditional, "
                        "default) or projected (unconditional)")
    p.add_argument("--origins", type=int, default=4, metavar="N",
                   help="number of origins whose fans are drawn (default: 4)")
    p.add_argument("--city-regions", type=Path, default=DEFAULT_CITY_REGIONS,
                   help="city to model region map (default: calibration/data/city_regions.csv)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT,
                   help="output PNG (default: docs/figures/backtest.png)")
    args = p.parse_args(argv)

    if args.origins < 1:
        p.error(f"--origins must be at least 1, not {args.origins}")
    for label, path in (("backtest file", Path(args.backtest)),
                        ("city-regions file", args.city_regions)):
        if not path.is_file():
            p.error(f"{label} not found: {path}")
    try:
        bt = read_backtest(args.backtest, args.mode)
        obs = observations(bt, read_city_regions(args.city_regions))
        panels, origins = plot(bt, obs, args.mode, args.origins, args.out)
    except (UserError, OSError) as e:
        print(f"plot_backtest.py: error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} ({args.mode}; origins: "
          f"{', '.join(f'{o:%Y-%m-%d}' for o in origins)}; panels: {', '.join(panels)}; "
          f"{len(obs)} observations, {int(obs['oos'].sum())} out of sample)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

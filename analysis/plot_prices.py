#!/usr/bin/python3
"""Plot grainsim market prices (or another daily variable) per region, small multiples, to a PNG.

    /usr/bin/python3 analysis/plot_prices.py FILE.h5 [--baseline OTHER.h5]
        [--commodity flour] [--variable price] [--region Pyongyang,Rason] [--out prices.png]

FILE is a `grainsim run`, `forecast` or `compare` file (old or new layout; opened with
grainsim_data.open_grainsim). A run is drawn as one line per region; a forecast as the median
with its 50 % and 90 % bands (the mean where the file has no quantiles); a comparison as the
policy arm with its bands and the baseline arm's median dashed. With --baseline, a second run
or forecast is drawn dashed in the same panels, e.g. the aid scenario against no-aid.ini.
Dotted vertical lines mark the days aid arrives (jumps of `aid_arrived`, else the shipments in
the file's scenario). All panels share one y axis; shares (units "1") are shown in %.
--commodity is matched without regard to case; --region takes one or more regions,
comma-separated (or repeated). Prints "wrote PNG: N panels (regions)". Bad input exits with
status 2 and a one-line message.
"""
import argparse
import csv
import io
import math
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from grainsim_data import GrainsimFileError, file_kind, match_names, open_grainsim  # noqa: E402
from panels import finish_grid, format_dates  # noqa: E402

PROG = "plot_prices.py"
KINDS = ("run", "forecast", "compare")
MEDIAN = 0.5
BANDS = [("90 % band", 0.05, 0.95, 0.18), ("50 % band", 0.25, 0.75, 0.38)]
TOLERANCE = 1e-6


class BadInput(Exception):
    """A problem with a file or the options; reported as one line, exit status 2."""


def fmt_list(values):
    return ", ".join(str(v) for v in values)


def open_file(path):
    """open_grainsim, with every failure turned into BadInput naming the file."""
    if not os.path.isfile(path):
        raise BadInput(f"'{path}': no such file")
    try:
        return open_grainsim(path)
    except GrainsimFileError as e:
        raise BadInput(str(e)) from None
    except Exception as e:  # not HDF5/NetCDF at all: xarray finds no engine (ValueError)
        first = (str(e).strip().splitlines() or [""])[0].split(". ")[0]
        raise BadInput(f"'{path}': not a readable grainsim HDF5 file ({first})") from None


def arm_variable(ds, name, arm):
    """ds's variable `name` for one arm: X_<arm> (new layout) or X.sel(arm=...) (old)."""
    if arm is None:
        return ds[name] if name in ds.data_vars else None
    if f"{name}_{arm}" in ds.data_vars:
        return ds[f"{name}_{arm}"]
    if name in ds.data_vars and "arm" in ds[name].dims:
        return ds[name].sel(arm=arm)
    return None


def statistics(ds, name, arm):
    """{'line' | 'median', 'lo', 'hi' bands, 'mean'}: DataArrays of `name` for one arm, each
    still with its non-statistical dims. {} if the file lacks the variable."""
    da = arm_variable(ds, name, arm)
    mean = arm_variable(ds, name + "_mean", arm)
    if da is None:
        return {"line": mean} if mean is not None else {}
    if "quantile" not in da.dims:
        return {"line": da}
    q = np.asarray(da["quantile"].values, dtype=float)

    def at(p):
        hits = np.flatnonzero(np.abs(q - p) <= TOLERANCE)
        return da.isel(quantile=int(hits[0])) if hits.size else None
    out = {"median": at(MEDIAN), "mean": mean}
    for _, lo, hi, _ in BANDS:
        out[lo], out[hi] = at(lo), at(hi)
    if out["median"] is None:  # no median: fall back to the mean line alone
        return {"line": mean} if mean is not None else {}
    return {k: v for k, v in out.items() if v is not None}


def plottable_variables(ds):
    """Names a user can pass to --variable: time-dependent model variables."""
    names = set()
    for n, v in ds.data_vars.items():
        if "time" not in v.dims or n.endswith(("_replicates", "_effect", "_effect_mean",
                                               "_trajectory")):
            continue
        for suffix in ("_policy", "_baseline", "_mean"):
            if n.endswith(suffix):
                n = n[: -len(suffix)]
                break
        names.add(n)
    return sorted(names)


def pick_commodity(ds, path, requested):
    """The file's spelling of commodity `requested`, matched without regard to case."""
    names = [str(c) for c in ds["commodity"].values]
    for c in names:
        if c.lower() == requested.lower():
            return c
    raise BadInput(f"unknown commodity '{requested}' in '{path}'; commodities are "
                   f"{fmt_list(names)}")


def pick_regions(ds, path, requested):
    names = [str(r) for r in ds["region"].values]
    if not requested:
        return names
    chosen, unknown = match_names(requested, names)
    if unknown:
        raise BadInput(f"unknown region '{unknown[0]}' in '{path}'; regions are "
                       f"{fmt_list(names)}")
    if not chosen:
        raise BadInput(f"--region names no region; regions are {fmt_list(names)}")
    return chosen


def reduce_stats(stats, path, variable, commodity):
    """Selects the commodity and checks that only (time, region?) remain."""
    out = {}
    for k, da in stats.items():
        if commodity is not None and "commodity" in da.dims:
            da = da.sel(commodity=commodity)
        extra = [d for d in da.dims if d not in ("time", "region")]
        if extra or "time" not in da.dims:
            raise BadInput(f"{variable} in '{path}' has dims ({fmt_list(da.dims)}); this plot "
                           f"needs time and at most region and commodity")
        out[k] = da
    return out


def aid_arrivals(ds, kind):
    """Dates aid arrives: jumps of the cumulative `aid_arrived` (median, policy arm), else
    arrival dates of the shipments in the file's scenario text."""
    arm = "policy" if kind == "compare" else None
    stats = statistics(ds, "aid_arrived", arm)
    da = stats.get("median", stats.get("line"))
    if da is not None and "time" in da.dims:
        other = [d for d in da.dims if d != "time"]
        total = da.sum(other) if other else da
        jumps = total.diff("time")
        dates = jumps["time"].values[np.nan_to_num(jumps.values) > 0]
        if len(dates):
            return [pd.Timestamp(d) for d in dates]
    text = str(ds.attrs.get("scenario", ds.attrs.get("policy_scenario", "")))
    return shipment_dates(text)


def shipment_dates(text):
    """Arrival dates from a resolved scenario: its shipments table and any
    shipments.ID.arrival_date = DATE lines (which override the table)."""
    dates = {}
    block = re.search(r"^# table shipments.*?\n(.*?)(?:\n\s*\n|\Z)", text, re.S | re.M)
    if block:
        for row in csv.DictReader(io.StringIO(block.group(1))):
            if row.get("arrival_date"):
                dates[row.get("shipment", len(dates))] = row["arrival_date"]
    for sid, date in re.findall(r"^shipments\.([^.\s]+)\.arrival_date\s*=\s*(\S+)", text, re.M):
        dates[sid] = date
    out = []
    for d in dates.values():
        try:
            out.append(pd.Timestamp(d))
        except ValueError:
            pass
    return sorted(set(out))


def load(path, args, kinds):
    """(dataset, kind, {'main': stats, 'dashed': stats or None}, commodity) for one file."""
    ds = open_file(path)
    kind = file_kind(ds)
    if kind not in kinds:
        raise BadInput(f"'{path}' is a {kind} file; {PROG} reads {fmt_list(kinds[:-1])} or {kinds[-1]} files")
    arm = "policy" if kind == "compare" else None
    main_stats = statistics(ds, args.variable, arm)
    if not main_stats:
        raise BadInput(f"no variable '{args.variable}' in '{path}'; available: "
                       f"{fmt_list(plottable_variables(ds))}")
    dims = next(iter(main_stats.values())).dims
    commodity = None
    if "commodity" in dims:
        commodity = pick_commodity(ds, path, args.commodity or "flour")
    elif args.commodity:
        raise BadInput(f"{args.variable} in '{path}' has no commodity dimension; "
                       f"drop --commodity")
    main_stats = reduce_stats(main_stats, path, args.variable, commodity)
    dashed = None
    if kind == "compare":
        b = statistics(ds, args.variable, "baseline")
        if b:
            dashed = reduce_stats(b, path, args.variable, commodity)
    return ds, kind, main_stats, dashed, commodity


def suggestions(ds, kind, variable, commodity):
    """' try ...' naming commodities that have `variable` and variables that have `commodity`
    (finite and non-zero somewhere), or ''."""
    arm = "policy" if kind == "compare" else None

    def central(name):
        st = statistics(ds, name, arm)
        return st.get("median", st.get("line"))
    tries = []
    da = central(variable)
    others = [str(c) for c in ds["commodity"].values if str(c) != commodity
              and np.isfinite(da.sel(commodity=c).values).any()]
    if others:
        tries.append(f"--commodity {' or '.join(others)}")
    having = []
    for name in plottable_variables(ds):
        v = central(name)
        if name == variable or v is None or "commodity" not in v.dims:
            continue
        values = v.sel(commodity=commodity).values
        if np.nan_to_num(np.abs(values)).max(initial=0) > 0:
            having.append(name)
    if having:
        tries.append(f"--variable {' or '.join(having[:4])}")
    return f"; try {'; or '.join(tries)}" if tries else ""


def check_finite(ds, kind, stats, regions, path, variable, commodity, chosen):
    """BadInput if the central line is NaN in every region drawn."""
    central = stats.get("median", stats.get("line"))
    values = central.sel(region=regions).values if "region" in central.dims else central.values
    if np.isfinite(values).any():
        return
    where = f" in {fmt_list(regions)}" if chosen else ""
    hint = suggestions(ds, kind, variable, commodity) if commodity else ""
    if commodity is not None and variable in ("price", "price_usd"):
        raise BadInput(f"{commodity} has no retail price in '{path}'{where} (all NaN){hint}")
    what = f"{variable} of {commodity}" if commodity else variable
    raise BadInput(f"{what} has no finite values in '{path}'{where} (all NaN){hint}")


def draw_stats(ax, stats, region, scale, colour, label, dashed=False):
    def at(da):
        return (da.sel(region=region) if region is not None else da).values * scale
    times = next(iter(stats.values()))["time"].values
    ls = "--" if dashed else "-"
    if "median" in stats:
        if not dashed:
            for band, lo, hi, alpha in BANDS:
                if lo in stats and hi in stats:
                    ax.fill_between(times, at(stats[lo]), at(stats[hi]), color=colour,
                                    alpha=alpha, lw=0, label=f"{label}: {band}")
        ax.plot(times, at(stats["median"]), color=colour, lw=1.5 if not dashed else 1.2,
                ls=ls, label=f"{label}: median")
        if "mean" in stats and not dashed:
            ax.plot(times, at(stats["mean"]), color="black", lw=0.7, ls=":",
                    label=f"{label}: mean")
    else:
        ax.plot(times, at(stats["line"]), color=colour, lw=1.4 if not dashed else 1.2, ls=ls,
                label=label)
    return np.isfinite(at(stats.get("median", stats.get("line")))).any()


def main(argv=None):
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    p.add_argument("file", help="a grainsim run, forecast or compare file")
    p.add_argument("--baseline", help="a second run or forecast drawn dashed for comparison")
    p.add_argument("--commodity", help="commodity, any case (default flour)")
    p.add_argument("--variable", default="price", help="variable over time (default price)")
    p.add_argument("--region", action="append",
                   help="regions to draw, comma-separated or repeated (default all)")
    p.add_argument("--out", default="prices.png")
    args = p.parse_args(argv)

    try:
        ds, kind, main_stats, dashed, commodity = load(args.file, args, KINDS)
        base_label = "baseline"
        if args.baseline:
            if kind == "compare":
                raise BadInput(f"'{args.file}' is a compare file with its own baseline arm; "
                               f"drop --baseline")
            bds, _, dashed, _, _ = load(args.baseline, args, ("run", "forecast"))
            base_label = bds.attrs.get("scenario_name", "baseline")
            base_has_region = "region" in next(iter(dashed.values())).dims
        elif kind == "compare":
            base_label = f"{ds.attrs.get('baseline_scenario_name', 'baseline')} (baseline arm)"
            base_has_region = True
        has_region = "region" in next(iter(main_stats.values())).dims
        if has_region:
            regions = pick_regions(ds, args.file, args.region)
        elif args.region:
            raise BadInput(f"{args.variable} in '{args.file}' has no region dimension; "
                           f"drop --region")
        else:
            regions = [None]
        check_finite(ds, kind, main_stats, [r for r in regions if r is not None], args.file,
                     args.variable, commodity, bool(args.region))
        if dashed is not None:
            base_has_region = "region" in next(iter(dashed.values())).dims
            if base_has_region and has_region:
                known = [str(r) for r in dashed[next(iter(dashed))]["region"].values]
                missing = [r for r in regions if r not in known]
                if missing:
                    raise BadInput(f"regions {fmt_list(missing)} are not in "
                                   f"'{args.baseline or args.file}'")

        units = next(iter(main_stats.values())).attrs.get("units", "")
        scale = 1.0
        if units == "1":
            scale, units = 100.0, "%"
        if kind == "compare":
            label = f"{ds.attrs.get('policy_scenario_name', 'policy')} (policy arm)"
        else:
            label = ds.attrs.get("scenario_name", kind)
        arrivals = aid_arrivals(ds, kind)

        cols = min(4, len(regions))
        rows = math.ceil(len(regions) / cols)
        fig, axes = plt.subplots(rows, cols, figsize=(max(3.3 * cols, 7), 2.5 * rows + 1.0),
                                 sharex=True, sharey=True, squeeze=False, layout="constrained")
        times = next(iter(main_stats.values()))["time"].values
        t0, t1 = pd.Timestamp(times[0]), pd.Timestamp(times[-1])
        for i, (ax, region) in enumerate(zip(axes.flat, regions)):
            finite = draw_stats(ax, main_stats, region, scale, "tab:blue", label)
            if dashed is not None:
                r = region if base_has_region else None
                draw_stats(ax, dashed, r, scale, "tab:orange", base_label, dashed=True)
            first = True
            for d in arrivals:
                if t0 <= d <= t1:
                    ax.axvline(d, color="tab:green", ls=":", lw=1.0,
                               label="aid arrives" if first else None)
                    first = False
            if not finite:
                ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center", color="0.5")
            ax.set_title(region if region is not None else "national", fontsize=9)
            ax.tick_params(labelsize=7)
            ax.grid(alpha=0.3, lw=0.5)
            if i % cols == 0:
                ax.set_ylabel(f"{args.variable} ({units})" if units else args.variable,
                              fontsize=8)
            format_dates(ax, times)
        finish_grid(axes, len(regions), cols)
        what = args.variable + (f" of {commodity}" if commodity else "")
        long_name = next(iter(main_stats.values())).attrs.get("long_name", "")
        fig.suptitle(f"{label}: {what} ({units or 'no units'})"
                     + (f"\n{long_name}" if long_name else ""), fontsize=11)
        fig.savefig(args.out, dpi=110)
        plt.close(fig)
    except BadInput as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # e.g. the PNG's directory does not exist
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    names = fmt_list(r if r is not None else "national" for r in regions)
    marked = sum(t0 <= d <= t1 for d in arrivals)
    print(f"wrote {args.out}: {len(regions)} panel{'s' if len(regions) != 1 else ''} ({names}), "
          f"{marked} aid arrival date{'s' if marked != 1 else ''} marked")
    return 0


if __name__ == "__main__":
    sys.exit(main())

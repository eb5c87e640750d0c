#!/usr/bin/python3
"""Draw fan charts (median, 50 % and 90 % bands) per region from a grainsim ensemble file.

    /usr/bin/python3 analysis/fanchart.py FILE.h5 [--variable price] [--commodity flour]
        [--arm policy|baseline] [--effect | --relative-effect] [--out PNG]

Reads the forecast or comparison file alone (grainsim_data.open_grainsim, old or new layout:
X(arm, quantile, ...) or X_policy / X_baseline). One panel per region: the median
(0.5 quantile), the 50 % band (0.25 to 0.75), the 90 % band (0.05 to 0.95) and, where the
file has it, the mean dashed. For a comparison file the policy arm is drawn unless
--arm baseline; --effect draws policy - baseline, --relative-effect policy / baseline - 1
in percent. Shares (units "1") are drawn in % (effects on them in percentage points).
--commodity is matched without regard to case. Writes
<FILE stem>-<variable>[-<commodity>][-baseline][-effect].png next to FILE unless --out, and
prints its path. Bad input exits with status 2 and a one-line message.
"""
import argparse
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from grainsim_data import GrainsimFileError, open_grainsim  # noqa: E402
from panels import finish_grid, format_dates  # noqa: E402

PROG = "fanchart.py"
# (lower, upper) probabilities of each band, widest first so narrower bands draw on top.
BANDS = [("90 % band (5-95 %)", 0.05, 0.95, 0.22), ("50 % band (25-75 %)", 0.25, 0.75, 0.45)]
MEDIAN = 0.5
TOLERANCE = 1e-6
COLOURS = {"forecast": "tab:blue", "policy": "tab:blue", "baseline": "tab:orange",
           "effect": "tab:green"}
PLOTTABLE_DIMS = {"quantile", "time", "region"}


class BadInput(Exception):
    """A problem with the file or the options; reported as one line, exit status 2."""


def fmt_list(values):
    return ", ".join(str(v) for v in values)


def quantile_index(da, p):
    """Index of probability p on da's quantile coordinate, matched within TOLERANCE."""
    q = np.asarray(da["quantile"].values, dtype=float)
    hits = np.flatnonzero(np.abs(q - p) <= TOLERANCE)
    if hits.size == 0:
        raise BadInput(f"{da.name} has no {p:g} quantile (needed for the median and the 50 % "
                       f"and 90 % bands); the file has quantiles {fmt_list(f'{v:g}' for v in q)}")
    return int(hits[0])


def arm_name(ds, name, arm):
    """The variable holding `name` for `arm`: X_<arm> (new layout) or X with an arm dim (old)."""
    if arm is not None and f"{name}_{arm}" in ds.data_vars:
        return f"{name}_{arm}"
    return name


def select(ds, name, args, arm):
    """ds[name] reduced to (quantile?, time, region?): picks the arm and the commodity."""
    name = arm_name(ds, name, arm)
    da = ds[name]
    if "arm" in da.dims:
        arms = [str(a) for a in ds["arm"].values]
        if arm not in arms:
            raise BadInput(f"{name} has no arm '{arm}'; arms are {fmt_list(arms)}")
        da = da.isel(arm=arms.index(arm))
    if "commodity" in da.dims:
        commodities = [str(c) for c in ds["commodity"].values]
        matches = [c for c in commodities if c.lower() == args.commodity.lower()]
        if not matches:
            raise BadInput(f"no commodity '{args.commodity}' in {args.file}; "
                           f"commodities are {fmt_list(commodities)}")
        args.commodity = matches[0]
        da = da.isel(commodity=commodities.index(matches[0]))
    extra = [d for d in da.dims if d not in PLOTTABLE_DIMS]
    if extra or "time" not in da.dims:
        raise BadInput(f"{name} has dims ({fmt_list(ds[name].dims)}); fan charts need time and "
                       f"at most region, commodity and arm besides quantile")
    return da


def with_quantiles(ds):
    """Names --variable accepts: variables with a quantile dim (X_policy / X_baseline as X)."""
    names = set()
    for n, v in ds.data_vars.items():
        if "quantile" not in v.dims:
            continue
        for suffix in ("_policy", "_baseline"):
            if n.endswith(suffix):
                n = n[: -len(suffix)]
        names.add(str(n))
    return sorted(names)


def choose(ds, args):
    """Returns (name of the variable drawn, arm or None, mode) after checking the options."""
    base = args.variable
    is_compare = f"{base}_policy" in ds.data_vars  # new layout
    if not is_compare and (base not in ds.data_vars or "quantile" not in ds[base].dims):
        available = fmt_list(with_quantiles(ds)) or ("none (a single run? fan charts need a "
                                                     "forecast or comparison file)")
        raise BadInput(f"no variable '{base}' with a quantile dimension in {args.file}; "
                       f"available: {available}")
    is_compare = is_compare or "arm" in ds[base].dims
    if args.arm and not is_compare:
        raise BadInput(f"{args.file} is not a comparison file ({base} has no arm dimension "
                       f"and no {base}_policy); --arm applies to comparison files")
    if args.effect or args.relative_effect:
        name = base + ("_effect" if args.effect else "_relative_effect")
        if name not in ds.data_vars:
            raise BadInput(f"no variable '{name}' in {args.file}; --effect and "
                           f"--relative-effect need a comparison file")
        return name, None, "effect"
    if is_compare:
        arm = args.arm or "policy"
        return base, arm, arm
    return base, None, "forecast"


def title_of(ds, args, mode, arm, long_name):
    """Suptitle: scenario, variable, commodity and replicates; long_name below."""
    a = ds.attrs
    policy = a.get("policy_scenario_name", "policy")
    baseline = a.get("baseline_scenario_name", "baseline")
    if mode == "forecast":
        scenario = a.get("scenario_name", "forecast")
    elif mode == "effect":
        kind = "relative effect" if args.relative_effect else "effect"
        scenario = f"{kind} of {policy} against {baseline}"
    else:
        scenario = f"{policy if arm == 'policy' else baseline} ({arm} arm)"
    what = args.variable + (f" of {args.commodity}" if args.commodity else "")
    counts = []
    if "replicates" in a:
        counts.append(f"{int(a['replicates'])} replicates")
        failed = int(a.get("replicates_failed", 0))
        if failed > 0:
            counts.append(f"{failed} failed")
    title = f"{scenario}: {what}" + (f" ({', '.join(counts)})" if counts else "")
    return title + (f"\n{long_name}" if long_name else "")


def draw(ds, args, name, arm, mode):
    """Builds the figure; returns it."""
    da = select(ds, name, args, arm)
    scale, units = 1.0, da.attrs.get("units", "")
    if args.relative_effect:
        scale, units = 100.0, "%"
    elif units == "1":  # shares: in percent, their effects in percentage points
        scale, units = 100.0, ("percentage points" if mode == "effect" else "%")
    lines = {p: da.isel(quantile=quantile_index(da, p)) * scale
             for p in [MEDIAN] + [p for _, lo, hi, _ in BANDS for p in (lo, hi)]}
    mean_name = name + "_mean"
    mean = select(ds, mean_name, args, arm) * scale if mean_name in ds.data_vars else None
    if not np.isfinite(lines[MEDIAN].values).any():
        raise BadInput(f"{name}" + (f" of {args.commodity}" if args.commodity else "")
                       + f" has no finite values in {args.file}")

    regions = [str(r) for r in ds["region"].values] if "region" in da.dims else [None]
    cols = min(4, len(regions))
    rows = math.ceil(len(regions) / cols)
    size = (max(3.3 * cols, 7), 2.4 * rows + 0.9)
    fig, axes = plt.subplots(rows, cols, figsize=size, sharex=True, squeeze=False,
                             layout="constrained")
    colour = COLOURS[mode]
    times = da["time"].values
    for i, (ax, region) in enumerate(zip(axes.flat, regions)):
        def at(x):
            return (x.isel(region=i) if region is not None else x).values
        for label, lo, hi, alpha in BANDS:
            ax.fill_between(times, at(lines[lo]), at(lines[hi]), color=colour, alpha=alpha,
                            lw=0, label=label)
        ax.plot(times, at(lines[MEDIAN]), color=colour, lw=1.6, label="median")
        if mean is not None:
            ax.plot(times, at(mean), color="black", lw=0.8, ls="--", label="mean")
        if mode == "effect":
            ax.axhline(0, color="0.3", lw=0.8, zorder=0)
        if not np.isfinite(at(lines[MEDIAN])).any():
            ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center", color="0.5")
        ax.set_title(region if region is not None else "all regions", fontsize=9)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3, lw=0.5)
        if i % cols == 0:
            ax.set_ylabel(units, fontsize=8)
        format_dates(ax, times)
    finish_grid(axes, len(regions), cols)
    fig.suptitle(title_of(ds, args, mode, arm, da.attrs.get("long_name")), fontsize=11)
    return fig


def default_out(args):
    stem = os.path.splitext(args.file)[0]
    parts = [stem, args.variable]
    if args.commodity:
        parts.append(args.commodity)
    if args.arm == "baseline":
        parts.append("baseline")
    if args.effect:
        parts.append("effect")
    if args.relative_effect:
        parts.append("relative-effect")
    return "-".join(parts) + ".png"


def main(argv=None):
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    p.add_argument("file", help="a grainsim forecast or comparison file")
    p.add_argument("--variable", default="price", help="model variable (default price)")
    p.add_argument("--commodity", help="commodity for variables that have one (default flour)")
    p.add_argument("--arm", choices=["policy", "baseline"],
                   help="arm of a comparison file (default policy)")
    effect = p.add_mutually_exclusive_group()
    effect.add_argument("--effect", action="store_true", help="policy - baseline")
    effect.add_argument("--relative-effect", action="store_true",
                        help="policy / baseline - 1, in percent")
    p.add_argument("--out", help="PNG to write (default next to FILE)")
    args = p.parse_args(argv)
    if args.arm and (args.effect or args.relative_effect):
        p.error("--arm does not apply to --effect or --relative-effect")

    try:
        if not os.path.isfile(args.file):
            raise BadInput(f"no such file: {args.file}")
        try:
            ds = open_grainsim(args.file)
        except GrainsimFileError as e:
            raise BadInput(str(e)) from None
        except Exception as e:  # not HDF5/NetCDF, unreadable, ...
            first_line = (str(e).strip().splitlines() or [""])[0].split(". ")[0]
            raise BadInput(f"cannot read {args.file} as NetCDF-4/HDF5: "
                           f"{type(e).__name__}: {first_line}") from e
        with ds:
            name, arm, mode = choose(ds, args)
            has_commodity = "commodity" in ds[arm_name(ds, name, arm)].dims
            if args.commodity and not has_commodity:
                raise BadInput(f"{args.variable} has no commodity dimension; drop --commodity")
            if has_commodity and not args.commodity:
                args.commodity = "flour"
            fig = draw(ds, args, name, arm, mode)
        out = args.out or default_out(args)
        fig.savefig(out, dpi=110)
        plt.close(fig)
    except BadInput as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # e.g. the PNG's directory does not exist
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

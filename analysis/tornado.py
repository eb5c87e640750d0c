#!/usr/bin/python3
"""Draw Sobol sensitivity bar charts (tornado charts) from a `grainsim sensitivity` file.

    /usr/bin/python3 analysis/tornado.py FILE.sensitivity.h5 [--output NAME]
        [--commodity flour] [--region Pyongyang,"North Hamgyong"] [--out PNG]

Reads the indices file alone (grainsim_data.open_grainsim, old or new layout). One panel per
region: a bar per swept parameter (named readably: aid.tonnage_scale is "aid: tonnage scale"),
ranked by its total index ST (largest on top), with the first-order index S1 beside it, each
with its whole bootstrap interval (the x axis spans every interval). --output picks the output
(a dataset prefix such as price_on_2027_01_15; default: the first in the file); --commodity
applies to outputs with a commodity axis (default flour, any case); --region takes regions
comma-separated or repeated (default: every region). Writes
<FILE stem>-<output>[-<commodity>].png next to FILE unless --out, and prints its path. Bad input
exits with status 2 and a one-line message.
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
from grainsim_data import GrainsimFileError, match_names, open_grainsim  # noqa: E402
from panels import finish_grid  # noqa: E402

PROG = "tornado.py"


class BadInput(Exception):
    """A problem with the file or the options; reported as one line, exit status 2."""


def readable(key):
    """A parameter key as a label: aid.tonnage_scale -> "aid: tonnage scale",
    shipments.2a.arrival_date -> "shipments 2a: arrival date"."""
    parts = str(key).split(".")
    field = parts[-1].replace("_", " ")
    if len(parts) == 1:
        return field
    return " ".join(p.replace("_", " ") for p in parts[:-1]) + ": " + field


def outputs_in(ds):
    return [n[:-3] for n in ds.data_vars if n.endswith("_S1")]


def pick(ds, name, args):
    """The indices of `name` reduced to (parameter, region?) for the chosen commodity."""
    da = ds[name]
    if "commodity" in da.dims:
        commodities = [str(c) for c in ds["commodity"].values]
        matches = [c for c in commodities if c.lower() == args.commodity.lower()]
        if not matches:
            raise BadInput(f"--commodity {args.commodity!r} is not in {args.file} "
                           f"({', '.join(commodities)})")
        args.commodity = matches[0]
        da = da.sel(commodity=matches[0])
    extra = [d for d in da.dims if d not in ("parameter", "region")]
    if extra:
        raise BadInput(f"{name} has dimensions {extra} this chart cannot show")
    return da


def regions_for(ds, da, args):
    if "region" not in da.dims:
        if args.region:
            raise BadInput(f"--region: this output has no region dimension in {args.file}")
        return [None]
    known = [str(r) for r in ds["region"].values]
    if not args.region:
        return known
    regions, unknown = match_names(args.region, known)
    if unknown:
        raise BadInput(f"--region {unknown[0]!r} is not in {args.file} ({', '.join(known)})")
    if not regions:
        raise BadInput(f"--region names no region ({', '.join(known)})")
    return regions


def draw(ds, args):
    names = outputs_in(ds)
    if not names:
        raise BadInput(f"{args.file} has no *_S1 indices; is it a grainsim sensitivity file "
                       f"(grainsim sensitivity SWEEP.h5)?")
    output = args.output or names[0]
    if output not in names:
        raise BadInput(f"--output {output!r} is not in {args.file} ({', '.join(names)})")
    fields = {s: pick(ds, output + s, args)
              for s in ["_S1", "_S1_low", "_S1_high", "_ST", "_ST_low", "_ST_high"]}
    regions = regions_for(ds, fields["_ST"], args)
    params = [readable(p) for p in ds["parameter"].values]
    # One x range for every panel, wide enough for every bootstrap interval.
    ends = [float(v) for k in ("_S1_low", "_ST_low", "_S1_high", "_ST_high", "_S1", "_ST")
            for v in np.ravel((fields[k].sel(region=regions) if regions != [None]
                               else fields[k]).values) if np.isfinite(v)]
    lo, hi = min([0.0] + ends), max([1.0] + ends)
    pad = 0.04 * (hi - lo)
    cols = min(3, len(regions))
    rows = math.ceil(len(regions) / cols)
    width = max(len(p) for p in params)
    fig, axes = plt.subplots(rows, cols, squeeze=False, sharex=True,
                             figsize=(max(5.2, 3.4 + 0.07 * width) * cols,
                                      (0.55 * len(params) + 1.2) * rows + 1.2))
    for ax, region in zip(axes.flat, regions):
        at = {s: (f.sel(region=region) if region is not None else f).values
              for s, f in fields.items()}
        if not np.isfinite(at["_ST"]).any():
            ax.text(0.5, 0.5, "no variance over the design", ha="center", transform=ax.transAxes)
        order = np.argsort(-np.nan_to_num(at["_ST"], nan=-1.0), kind="stable")[::-1]
        y = np.arange(len(params))
        for offset, key, colour, label in [(0.2, "_ST", "tab:red", "total ST"),
                                           (-0.2, "_S1", "tab:blue", "first-order S1")]:
            value = at[key][order]
            ax.barh(y + offset, np.nan_to_num(value), height=0.38, color=colour, alpha=0.8,
                    label=label)
            # The interval as drawn from its ends: visible even where it does not contain the
            # estimate (percentile bootstrap intervals need not).
            low, high = at[key + "_low"][order], at[key + "_high"][order]
            ok = np.isfinite(low) & np.isfinite(high)
            ax.hlines(y[ok] + offset, low[ok], high[ok], color="0.2", lw=1)
            for end in (low, high):
                ax.plot(end[ok], y[ok] + offset, "|", color="0.2", ms=6)
        ax.set_yticks(y, [params[i] for i in order], fontsize=8)
        ax.axvline(0, color="0.3", linewidth=0.8)
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_xlabel("Sobol index (share of the output's variance)", fontsize=8)
        ax.set_title(region or "national", fontsize=10)
        ax.grid(axis="x", alpha=0.3)
        ax.tick_params(axis="x", labelbottom=True, labelsize=8)
    finish_grid(axes, len(regions), cols, loc="lower right", fontsize=8)
    what = ds[output + "_ST"].attrs.get("long_name", output).split(" of ", 1)[-1]
    commodity = f", {args.commodity}" if "commodity" in ds[output + "_ST"].dims else ""
    conf = float(ds.attrs.get("confidence", 0.95))
    fig.suptitle(f"Sensitivity of {what}{commodity}: ranked by total index, whiskers show "
                 f"{conf:.0%} bootstrap intervals\n({int(ds.attrs.get('base_samples', 0))} "
                 f"Saltelli base samples, {int(ds.attrs.get('resamples', 0))} resamples)",
                 fontsize=10)
    fig.tight_layout()
    return fig, output


def main(argv):
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--output")
    parser.add_argument("--commodity", default="flour")
    parser.add_argument("--region", action="append",
                        help="regions, comma-separated or repeated (default every region)")
    parser.add_argument("--out")
    args = parser.parse_args(argv[1:])
    try:
        if not os.path.exists(args.file):
            raise BadInput(f"{args.file}: no such file")
        try:
            ds = open_grainsim(args.file)
        except GrainsimFileError as e:
            raise BadInput(str(e)) from None
        except Exception as e:  # not HDF5/NetCDF at all
            first = (str(e).strip().splitlines() or [""])[0].split(". ")[0]
            raise BadInput(f"{args.file}: cannot be read as NetCDF/HDF5 ({first})") from None
        with ds:
            fig, output = draw(ds, args)
            commodity = f"-{args.commodity}" if "commodity" in ds[output + "_ST"].dims else ""
    except BadInput as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 2
    stem = os.path.splitext(args.file)[0]
    out = args.out or f"{stem}-{output}{commodity}.png"
    try:
        fig.savefig(out, dpi=130)
    except OSError as e:  # e.g. the PNG's directory does not exist
        print(f"{PROG}: cannot write {out}: {e.strerror or e}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/python3
"""Draw Sobol sensitivity bar charts (tornado charts) from a `grainsim sensitivity` file.

    /usr/bin/python3 analysis/tornado.py FILE.sensitivity.h5 [--output NAME]
        [--commodity flour] [--region Pyongyang --region "North Hamgyong"] [--out PNG]

Reads the indices file alone (xarray). One panel per region: a bar per swept parameter, ranked
by its total index ST (largest on top), with the first-order index S1 beside it, each with its
bootstrap interval. --output picks the output (a dataset prefix such as price_on_2027_01_15;
default: the first in the file); --commodity applies to outputs with a commodity axis (default
flour); --region may repeat (default: every region, at most six panels). Writes
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
import xarray as xr  # noqa: E402

PROG = "tornado.py"
MAX_PANELS = 6


class BadInput(Exception):
    """A problem with the file or the options; reported as one line, exit status 2."""


def outputs_in(ds):
    return [n[:-3] for n in ds.data_vars if n.endswith("_S1")]


def pick(ds, name, args):
    """The indices of `name` reduced to (parameter, region?) for the chosen commodity."""
    da = ds[name]
    if "commodity" in da.dims:
        commodities = [str(c) for c in ds["commodity"].values]
        if args.commodity not in commodities:
            raise BadInput(f"--commodity {args.commodity!r} is not in the file "
                           f"({', '.join(commodities)})")
        da = da.sel(commodity=args.commodity)
    extra = [d for d in da.dims if d not in ("parameter", "region")]
    if extra:
        raise BadInput(f"{name} has dimensions {extra} this chart cannot show")
    return da


def regions_for(ds, da, args):
    if "region" not in da.dims:
        return [None]
    known = [str(r) for r in ds["region"].values]
    regions = args.region or known[:MAX_PANELS]
    for r in regions:
        if r not in known:
            raise BadInput(f"--region {r!r} is not in the file ({', '.join(known)})")
    return regions


def draw(ds, args):
    names = outputs_in(ds)
    if not names:
        raise BadInput("the file has no *_S1 indices; is it a grainsim sensitivity file?")
    output = args.output or names[0]
    if output not in names:
        raise BadInput(f"--output {output!r} is not in the file ({', '.join(names)})")
    fields = {s: pick(ds, output + s, args)
              for s in ["_S1", "_S1_low", "_S1_high", "_ST", "_ST_low", "_ST_high"]}
    regions = regions_for(ds, fields["_ST"], args)
    params = [str(p) for p in ds["parameter"].values]
    cols = min(2, len(regions))
    rows = math.ceil(len(regions) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(7.5 * cols, 0.55 * len(params) * rows + 2.2),
                             squeeze=False)
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
            err = np.vstack([value - at[key + "_low"][order], at[key + "_high"][order] - value])
            ax.barh(y + offset, value, height=0.38, color=colour, alpha=0.8, label=label,
                    xerr=np.clip(np.nan_to_num(err), 0, None), capsize=3,
                    error_kw={"elinewidth": 1, "ecolor": "0.25"})
        ax.set_yticks(y, [params[i] for i in order], fontsize=8)
        ax.axvline(0, color="0.3", linewidth=0.8)
        ax.set_xlim(min(-0.05, float(np.nanmin(at["_S1_low"], initial=0))),
                    max(1.0, float(np.nanmax(at["_ST_high"], initial=1))))
        ax.set_xlabel("Sobol index (share of the output's variance)")
        ax.set_title(region or "national", fontsize=10)
        ax.grid(axis="x", alpha=0.3)
        ax.legend(loc="lower right", fontsize=8)
    for ax in list(axes.flat)[len(regions):]:
        ax.axis("off")
    what = ds[output + "_ST"].attrs.get("long_name", output).split(" of ", 1)[-1]
    commodity = f", {args.commodity}" if "commodity" in ds[output + "_ST"].dims else ""
    conf = float(ds.attrs.get("confidence", 0.95))
    fig.suptitle(f"Sensitivity of {what}{commodity}: ranked by total index, bars show "
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
    parser.add_argument("--region", action="append")
    parser.add_argument("--out")
    args = parser.parse_args(argv[1:])
    try:
        if not os.path.exists(args.file):
            raise BadInput(f"{args.file}: no such file")
        try:
            ds = xr.open_dataset(args.file)
        except Exception as e:
            raise BadInput(f"{args.file}: cannot be read as NetCDF/HDF5 ({e})")
        with ds:
            fig, output = draw(ds, args)
            commodity = f"-{args.commodity}" if "commodity" in ds[output + "_ST"].dims else ""
    except BadInput as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 2
    stem = os.path.splitext(args.file)[0]
    out = args.out or f"{stem}-{output}{commodity}.png"
    fig.savefig(out, dpi=130)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/python3
"""Plot a grainsim run's market prices per region (small multiples) to a PNG.

    /usr/bin/python3 analysis/plot_prices.py RUN.h5 [--baseline NOAID.h5]
        [--commodity flour] [--variable price] [--out prices.png]

Reads the HDF5 file alone (xarray, netCDF4 engine). With --baseline, the baseline
run is drawn dashed in the same panels, e.g. the aid scenario against no-aid.ini.
"""
import argparse
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import xarray as xr  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("run")
    p.add_argument("--baseline", help="a second run drawn dashed for comparison")
    p.add_argument("--commodity", default="flour")
    p.add_argument("--variable", default="price")
    p.add_argument("--out", default="prices.png")
    args = p.parse_args(argv)

    run = xr.open_dataset(args.run)
    base = xr.open_dataset(args.baseline) if args.baseline else None
    var = run[args.variable]
    if "commodity" in var.dims:
        var = var.sel(commodity=args.commodity)
    regions = list(run["region"].values)
    cols = 4
    rows = (len(regions) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows), sharex=True,
                             squeeze=False)
    for ax, region in zip(axes.flat, regions):
        ax.plot(var["time"].values, var.sel(region=region).values, lw=1.4,
                label=run.attrs.get("scenario_name", "run"))
        if base is not None:
            b = base[args.variable]
            if "commodity" in b.dims:
                b = b.sel(commodity=args.commodity)
            ax.plot(b["time"].values, b.sel(region=region).values, lw=1.2, ls="--",
                    label=base.attrs.get("scenario_name", "baseline"))
        ax.set_title(str(region), fontsize=9)
        ax.tick_params(labelsize=7)
        for label in ax.get_xticklabels():
            label.set_rotation(30)
    for ax in list(axes.flat)[len(regions):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    units = var.attrs.get("units", "")
    fig.suptitle(f"{args.variable} of {args.commodity} ({units})", fontsize=11)
    fig.tight_layout()
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

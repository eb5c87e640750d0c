"""Check that a grainsim sweep file, or the indices file `grainsim sensitivity` writes from it,
reads as NetCDF-4 with both xarray engines and with h5py: dimensions, units, long names,
coordinates and provenance.

Usage: /usr/bin/python3 tests/analysis/check_sweep_file.py FILE [--sensitivity]

Prints one line per check, then "N passed, M failed"; exits non-zero if any check failed.
"""

import sys

import numpy as np

from check_output import Checks, check_file, check_scales

MODEL_DIMS = ["time", "region", "commodity", "tier", "quintile"]
SWEEP_DIMS = ["point", "parameter", "replicate", "run"]
SWEEP_ATTRS = ["Conventions", "title", "source", "history", "design", "samples", "design_seed",
               "seed", "replicates", "total_points", "shard", "shard_count", "points_failed",
               "fingerprint", "scenario_name", "scenario", "grainsim_version", "command_line",
               "variables"]
SENSITIVITY_ATTRS = ["Conventions", "title", "history", "sweep_file", "estimators", "resamples",
                     "confidence", "bootstrap_seed", "base_samples", "replicates", "seed",
                     "design_seed", "sweep_fingerprint", "scenario", "grainsim_version",
                     "command_line"]
INDEX_SUFFIXES = ["_S1", "_S1_low", "_S1_high", "_ST", "_ST_low", "_ST_high"]


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def check_sweep(c, engine, ds):
    for dim in MODEL_DIMS + SWEEP_DIMS:
        c.check(f"[{engine}] dimension {dim} exists", dim in ds.dims, f"dims are {list(ds.dims)}")
    for name, dims in [("design", ("point", "parameter")), ("design_unit", ("point", "parameter")),
                       ("point_failed", ("point",)), ("point_failure", ("point",)),
                       ("parameter_range", ("parameter",)), ("parameter_scale", ("parameter",))]:
        if c.check(f"[{engine}] {name} exists", name in ds.variables):
            c.check(f"[{engine}] {name} has dims {dims}", ds[name].dims == dims,
                    f"dims are {ds[name].dims}")
    if "design_unit" in ds:
        u = ds["design_unit"].values
        c.check(f"[{engine}] design_unit lies in (0, 1)", bool(np.all((u > 0) & (u < 1))))
    outputs = [n for n in text(ds.attrs.get("variables", "")).split("\n") if n]
    c.check(f"[{engine}] the file names its outputs", bool(outputs))
    for name in outputs:
        if not c.check(f"[{engine}] output {name} exists", name in ds.data_vars):
            continue
        var = ds[name]
        # One value per run (a point's replicate), after time: at most four dimensions, time
        # first, as CDO needs.
        lead = ("time", "run") if "time" in var.dims else ("run",)
        c.check(f"[{engine}] {name} leads with {lead}", var.dims[:len(lead)] == lead,
                f"dims are {var.dims}")
        c.check(f"[{engine}] {name} names its --outputs term", bool(var.attrs.get("output")))
        ran = ds["point_failed"].sel(point=ds["run_point"]) == 0
        c.check(f"[{engine}] {name} is finite where its point ran",
                bool(np.isfinite(var.where(ran)).any()))
    for name, var in ds.data_vars.items():
        if var.dtype.kind == "f" and name != "design":
            c.check(f"[{engine}] {name} has units", "units" in var.attrs, f"attrs {var.attrs}")
        c.check(f"[{engine}] {name} has a long_name", bool(var.attrs.get("long_name")))
    if ds.attrs.get("design") == "sobol":
        for name in ["saltelli_row", "saltelli_block"]:
            c.check(f"[{engine}] {name} exists for a sobol design", name in ds.data_vars)
    c.check(f"[{engine}] point is the global index, increasing",
            bool(np.all(np.diff(ds["point"].values) > 0)))
    for attr in SWEEP_ATTRS:
        c.check(f"[{engine}] root attribute {attr} exists", attr in ds.attrs)
    c.check(f"[{engine}] scenario is non-empty", bool(ds.attrs.get("scenario")))


def check_sensitivity(c, engine, ds):
    for dim in ["parameter", "region", "commodity"]:
        c.check(f"[{engine}] dimension {dim} exists", dim in ds.dims, f"dims are {list(ds.dims)}")
    outputs = sorted({n[:-3] for n in ds.data_vars if n.endswith("_S1")})
    c.check(f"[{engine}] the file has indices", bool(outputs))
    for out in outputs:
        for suffix in INDEX_SUFFIXES:
            name = out + suffix
            if c.check(f"[{engine}] {name} exists", name in ds.data_vars):
                c.check(f"[{engine}] {name} leads with parameter",
                        ds[name].dims[0] == "parameter", f"dims are {ds[name].dims}")
                c.check(f"[{engine}] {name} is dimensionless", ds[name].attrs.get("units") == "1")
        st = ds[out + "_ST"].values
        c.check(f"[{engine}] some total index of {out} is positive",
                bool(np.nanmax(st, initial=0) > 0))
    for attr in SENSITIVITY_ATTRS:
        c.check(f"[{engine}] root attribute {attr} exists", attr in ds.attrs)


def main(argv):
    args = argv[1:]
    sensitivity = "--sensitivity" in args
    args = [a for a in args if a != "--sensitivity"]
    if len(args) != 1:
        print(__doc__.strip())
        return 2
    c = Checks()
    dims = MODEL_DIMS + (["parameter"] if sensitivity else SWEEP_DIMS)
    attrs = SENSITIVITY_ATTRS if sensitivity else SWEEP_ATTRS
    check_ds = check_sensitivity if sensitivity else check_sweep
    def check_h5py(f):
        with f:
            return check_scales(c, f, dims, attrs)

    check_file(c, args[0], check_h5py,
               lambda engine, ds, units_date: check_ds(c, engine, ds))
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Check that a grainsim ensemble file (forecast or compare) reads as NetCDF-4 with both xarray
engines and with h5py: dimensions, units, long names, coordinates and provenance.

Usage: /usr/bin/python3 tests/analysis/check_ensemble_file.py FILE [--compare]

Prints one line per check, then "N passed, M failed"; exits non-zero if any check failed.
"""

import sys

import numpy as np

from check_output import Checks, check_file, check_scales

MODEL_DIMS = ["time", "region", "commodity", "tier", "quintile"]
ENSEMBLE_DIMS = ["quantile", "replicate"]
# Model dimensions of a few variables, as in the run file.
VARIABLE_DIMS = {
    "price": ("time", "region", "commodity"),
    "consumption_per_person_by_quintile": ("time", "region", "quintile"),
    "kcal_need": ("time", "region"),
    "aid_allocated": ("time", "tier"),
    "aid_diverted_share": ("time",),
}
UNITS = {"price": "KPW/kg", "kcal_need": "kcal/person/day", "aid_diverted_share": "1"}
COMMON_ATTRS = ["Conventions", "title", "source", "history", "seed", "replicates",
                "replicates_failed", "common_random_numbers", "quantile_method", "exact_limit",
                "grainsim_version", "command_line"]
FORECAST_ATTRS = ["scenario_name", "scenario"]
COMPARE_ATTRS = ["policy_scenario_name", "policy_scenario", "baseline_scenario_name",
                 "baseline_scenario"]


def after_time(lead, dims):
    """Time first, then the lead dimensions, then the rest: the files' layout (CDO needs time
    first)."""
    return dims[:1] + lead + dims[1:]


def expected_variables(compare):
    """Name -> (dims, units or None where unchecked) of the summary variables of each checked V."""
    expected = {}
    for name, dims in VARIABLE_DIMS.items():
        units = UNITS.get(name)
        if compare:  # each arm's quantiles are a variable: five dimensions are too many for CDO
            for arm in ("policy", "baseline"):
                expected[f"{name}_{arm}"] = (after_time(("quantile",), dims), units)
            expected[f"{name}_mean"] = (after_time(("arm",), dims), units)
            expected[f"{name}_effect"] = (after_time(("quantile",), dims), units)
            expected[f"{name}_effect_mean"] = (dims, units)
            expected[f"{name}_relative_effect"] = (after_time(("quantile",), dims), "1")
            expected[f"{name}_relative_effect_mean"] = (dims, "1")
        else:
            expected[name] = (after_time(("quantile",), dims), units)
            expected[f"{name}_mean"] = (dims, units)
    return expected


def check_dataset(c, engine, ds, compare, units_date):
    dims = MODEL_DIMS + ENSEMBLE_DIMS + (["arm"] if compare else [])
    for dim in dims:
        c.check(f"[{engine}] dimension {dim} exists", dim in ds.dims, f"dims are {list(ds.dims)}")
    if not compare:
        c.check(f"[{engine}] no arm dimension in a forecast", "arm" not in ds.dims)

    for name, (var_dims, units) in expected_variables(compare).items():
        if not c.check(f"[{engine}] variable {name} exists", name in ds.data_vars):
            continue
        c.check(f"[{engine}] {name} has dims {var_dims}", ds[name].dims == var_dims,
                f"dims are {ds[name].dims}")
        if units is not None:
            c.check(f"[{engine}] {name} units are {units!r}", ds[name].attrs.get("units") == units,
                    f"units are {ds[name].attrs.get('units')!r}")

    # Every float variable but parameter_value (units vary per parameter) has units; all have
    # long names.
    for name, var in ds.data_vars.items():
        if var.dtype.kind == "f" and name != "parameter_value":
            c.check(f"[{engine}] {name} has units", bool(var.attrs.get("units")),
                    f"attrs are {var.attrs}")
        c.check(f"[{engine}] {name} has a long_name", bool(var.attrs.get("long_name")))
    kept = [n for n in ds.data_vars if n.endswith("_replicates")]
    for name in kept:
        c.check(f"[{engine}] {name} has time, then replicate",
                ds[name].dims[:2] == ("time", "replicate"), f"dims are {ds[name].dims}")

    if c.check(f"[{engine}] quantile is a coordinate", "quantile" in ds.coords):
        q = ds["quantile"]
        c.check(f"[{engine}] quantile is float64 probabilities, increasing",
                q.dtype == np.float64 and bool(np.all((q >= 0) & (q <= 1)))
                and bool(np.all(np.diff(q.values) > 0)), f"{q.dtype} {q.values.tolist()}")
        c.check(f"[{engine}] quantile long_name",
                q.attrs.get("long_name") == "probability of the quantile", f"attrs {q.attrs}")
    n = ds.attrs.get("replicates")
    if c.check(f"[{engine}] replicate is a coordinate", "replicate" in ds.coords):
        r = ds["replicate"].values
        c.check(f"[{engine}] replicate is 0..replicates-1",
                np.issubdtype(r.dtype, np.integer) and r.tolist() == list(range(int(n or 0))),
                f"{r.dtype} {r.tolist()}, replicates = {n}")
    if c.check(f"[{engine}] replicate_failed exists", "replicate_failed" in ds.data_vars):
        failed = ds["replicate_failed"]
        c.check(f"[{engine}] replicate_failed along replicate", failed.dims == ("replicate",))
        c.check(f"[{engine}] replicate_failed sums to replicates_failed",
                int(failed.sum()) == int(ds.attrs.get("replicates_failed", -1)),
                f"sum {int(failed.sum())}, attribute {ds.attrs.get('replicates_failed')}")
        c.check(f"[{engine}] replicate_failed flag_meanings",
                failed.attrs.get("flag_meanings") == "ok failed_skipped",
                f"attrs {failed.attrs}")
    lead = ("arm", "replicate") if compare else ("replicate",)
    # Without sampled parameters there is no parameter dimension (an empty one reads as
    # unlimited and gives frames of no rows).
    if "parameter" in ds.dims:
        c.check(f"[{engine}] parameter dimension is not empty", ds.sizes["parameter"] > 0)
        for name, var_dims in [("parameter_value", lead + ("parameter",)),
                               ("parameter_units", ("parameter",)),
                               ("parameter_prior", ("parameter",))]:
            if c.check(f"[{engine}] {name} exists", name in ds.variables):
                c.check(f"[{engine}] {name} has dims {var_dims}", ds[name].dims == var_dims,
                        f"dims are {ds[name].dims}")
    labels = ["parameter_name", "parameter_units", "parameter_prior"] + (
        ["arm_name"] if compare else [])
    for name in labels:
        if name in ds.variables:
            values = ds[name].values
            c.check(f"[{engine}] {name} holds strings",
                    all(isinstance(v, str) for v in values.tolist()), f"values {values.tolist()}")
    if compare and "arm_name" in ds.variables:
        c.check(f"[{engine}] arm_name is ['policy', 'baseline']",
                ds["arm_name"].values.tolist() == ["policy", "baseline"],
                f"arm_name is {ds['arm_name'].values.tolist()}")

    for attr in COMMON_ATTRS + (COMPARE_ATTRS if compare else FORECAST_ATTRS):
        c.check(f"[{engine}] root attribute {attr} exists", attr in ds.attrs)
    if not compare:
        c.check(f"[{engine}] scenario is non-empty", bool(ds.attrs.get("scenario")))
    else:
        c.check(f"[{engine}] both scenarios are non-empty",
                bool(ds.attrs.get("policy_scenario")) and bool(ds.attrs.get("baseline_scenario")))
    c.check(f"[{engine}] Conventions is CF-1.10 and ACDD-1.3",
            ds.attrs.get("Conventions") == "CF-1.10, ACDD-1.3")


def check_h5py(c, f, compare):
    """Raw HDF5 view: dimension scales and their attachments, root attributes. Returns the time
    units."""
    dims = MODEL_DIMS + ENSEMBLE_DIMS + (["arm"] if compare else [])
    dims += [d for d in ["parameter"] if d in f]
    with f:
        return check_scales(c, f, dims, COMMON_ATTRS + (COMPARE_ATTRS if compare else FORECAST_ATTRS))


def main(argv):
    args = argv[1:]
    compare = "--compare" in args
    args = [a for a in args if a != "--compare"]
    if len(args) != 1:
        print(__doc__.strip())
        return 2
    path = args[0]
    c = Checks()

    check_file(c, path, lambda f: check_h5py(c, f, compare),
               lambda engine, ds, units_date: check_dataset(c, engine, ds, compare, units_date))

    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

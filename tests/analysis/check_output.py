"""Check that a grainsim output file reads as NetCDF-4 with both xarray engines and with h5py.

Usage: /usr/bin/python3 tests/analysis/check_output.py FILE

Prints one line per check, then "N passed, M failed"; exits non-zero if any check failed.
"""

import sys

import h5py
import numpy as np
import pandas as pd
import xarray as xr

DIMS = ["time", "region", "commodity", "tier", "quintile"]
VARIABLES = [
    "price", "price_usd", "market_stock", "sales", "fill_rate",
    "consumption_per_person", "kcal_adequacy", "food_insecure_share",
    "severe_food_insecure_share", "consumption_per_person_by_quintile",
    "food_insecure_share_by_quintile", "kcal_need", "aid_arrived", "aid_in_transit",
    "aid_stockpile", "aid_consumed", "aid_allocated", "aid_to_shops", "aid_resold",
    "aid_diverted_share", "total_in", "total_held", "total_consumed", "total_lost",
]
# Dimensions a variable must have, where they are checked.
VARIABLE_DIMS = {
    "price": ("time", "region", "commodity"),
    "consumption_per_person_by_quintile": ("time", "region", "quintile"),
    "food_insecure_share_by_quintile": ("time", "region", "quintile"),
    "kcal_need": ("time", "region"),
    "aid_diverted_share": ("time",),
}
QUINTILES = [1, 2, 3, 4, 5]
ROOT_ATTRS = ["scenario", "seed", "grainsim_version", "command_line", "Conventions"]
ENGINES = ["netcdf4", "h5netcdf"]


class Checks:
    """Runs every check, records the outcome and keeps going after failures."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, label, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"PASS {label}")
        else:
            self.failed += 1
            print(f"FAIL {label}" + (f": {detail}" if detail else ""))
        return condition

    def run(self, label, fn):
        """Checks that fn() does not raise; returns its result or None."""
        try:
            result = fn()
        except Exception as e:  # any failure to read is a failed check, not a crash
            self.check(label, False, f"{type(e).__name__}: {e}")
            return None
        self.check(label, True)
        return result


def check_dataset(c, engine, ds, units_date):
    for dim in DIMS:
        c.check(f"[{engine}] dimension {dim} exists", dim in ds.dims, f"dims are {list(ds.dims)}")
    for name in VARIABLES:
        if not c.check(f"[{engine}] variable {name} exists", name in ds.data_vars):
            continue
        attrs = ds[name].attrs
        c.check(f"[{engine}] {name} has units and long_name",
                bool(attrs.get("units")) and bool(attrs.get("long_name")), f"attrs are {attrs}")
    for name, dims in VARIABLE_DIMS.items():
        if name in ds.data_vars:
            c.check(f"[{engine}] {name} has dims ({', '.join(dims)})",
                    ds[name].dims == dims, f"dims are {ds[name].dims}")
    if c.check(f"[{engine}] quintile is a coordinate", "quintile" in ds.coords):
        quintile = ds["quintile"]
        c.check(f"[{engine}] quintile values are {QUINTILES}",
                np.issubdtype(quintile.dtype, np.integer)
                and quintile.values.tolist() == QUINTILES,
                f"dtype {quintile.dtype}, values {quintile.values.tolist()}")
        c.check(f"[{engine}] quintile has units and long_name",
                quintile.attrs.get("units") == "1" and bool(quintile.attrs.get("long_name")),
                f"attrs are {quintile.attrs}")
    for attr in ROOT_ATTRS:
        c.check(f"[{engine}] root attribute {attr} exists", attr in ds.attrs)
    c.check(f"[{engine}] scenario is non-empty", bool(ds.attrs.get("scenario")))


def check_h5py(c, f):
    """Raw HDF5 view: dimension scales exist and every variable's axes are attached to them.
    Returns the time units."""
    with f:
        for dim in DIMS:
            c.check(f"[h5py] {dim} is a dimension scale",
                    dim in f and h5py.h5ds.is_scale(f[dim].id))
        for name in VARIABLES:
            if not c.check(f"[h5py] dataset {name} exists", name in f):
                continue
            ds = f[name]
            attached = [ds.dims[k][0].name.rsplit("/", 1)[-1] if len(ds.dims[k]) else None
                        for k in range(ds.ndim)]
            c.check(f"[h5py] {name} axes attached to scales",
                    all(a in DIMS for a in attached), f"attached {attached}")
        if "quintile" in f:
            values = f["quintile"][()].tolist()
            c.check(f"[h5py] quintile values are {QUINTILES}", values == QUINTILES,
                    f"values are {values}")
        for attr in ROOT_ATTRS:
            c.check(f"[h5py] root attribute {attr} exists", attr in f.attrs)
        units = f["time"].attrs.get("units") if "time" in f else None
    if isinstance(units, bytes):
        units = units.decode()
    return units


def check_scales(c, f, dims, attrs):
    """An ensemble or sweep file seen raw: each of dims is a dimension scale, every other
    dataset's axes are attached to them, and the root attributes exist. Returns the time units
    (or None)."""
    for dim in dims:
        c.check(f"[h5py] {dim} is a dimension scale", dim in f and h5py.h5ds.is_scale(f[dim].id))
    unattached = []
    for name, ds in f.items():
        if name in dims or not isinstance(ds, h5py.Dataset):  # tidy groups hold links only
            continue
        attached = [ds.dims[k][0].name.rsplit("/", 1)[-1] if len(ds.dims[k]) else None
                    for k in range(ds.ndim)]
        if not all(a in dims for a in attached):
            unattached.append(f"{name} {attached}")
    c.check("[h5py] every variable's axes are attached to scales", not unattached,
            "; ".join(unattached))
    for attr in attrs:
        c.check(f"[h5py] root attribute {attr} exists", attr in f.attrs)
    units = f["time"].attrs.get("units") if "time" in f else None
    return units.decode() if isinstance(units, bytes) else units


def same_variables(a, b):
    """Names of variables (data and coordinates) that differ in values, dims or attributes."""
    names = set(a.variables) | set(b.variables)
    return sorted(n for n in names
                  if n not in a.variables or n not in b.variables
                  or not a[n].variable.identical(b[n].variable))


def check_engines_agree(c, datasets):
    """Both engines must read the same variables and root attributes."""
    if len(datasets) == len(ENGINES):
        a, b = (datasets[e] for e in ENGINES)
        differ = same_variables(a, b)
        c.check("variables identical between engines", not differ, f"differ: {differ}")
        c.check("root attributes identical between engines",
                a.attrs.keys() == b.attrs.keys()
                and all(np.array_equal(a.attrs[k], b.attrs[k]) for k in a.attrs),
                f"{a.attrs.keys()} vs {b.attrs.keys()}")
    else:
        c.check("variables identical between engines", False, "not every engine opened the file")


def check_time(c, engine, ds, units_date):
    """The time coordinate decodes to dates starting at the units' 'days since' date."""
    if "time" in ds.coords:
        time = ds["time"].values
        c.check(f"[{engine}] time decodes to datetime64",
                np.issubdtype(time.dtype, np.datetime64), f"dtype is {time.dtype}")
        if units_date is not None and time.size > 0:
            c.check(f"[{engine}] first time is the 'days since' date {units_date.date()}",
                    pd.Timestamp(time[0]) == units_date, f"first time is {time[0]}")


def check_file(c, path, check_h5py_file, check_ds):
    """Opens the file with h5py (check_h5py_file(f) returns the time units) and with every
    xarray engine as users do, with no options beyond the engine's name; checks each dataset
    with check_ds(engine, ds, units_date) and that the engines agree."""
    f = c.run("[h5py] file opens", lambda: h5py.File(path, "r"))
    units = check_h5py_file(f) if f is not None else None
    units_date = None
    if c.check("time units are 'days since <date>'",
               isinstance(units, str) and units.startswith("days since "), f"units are {units!r}"):
        units_date = pd.Timestamp(units[len("days since "):])

    datasets = {}
    for engine in ENGINES:
        ds = c.run(f"[{engine}] file opens", lambda: xr.open_dataset(path, engine=engine).load())
        if ds is not None:
            datasets[engine] = ds
            check_time(c, engine, ds, units_date)
            check_ds(engine, ds, units_date)
    c.run("[default engine] file opens", lambda: xr.open_dataset(path).close())
    check_engines_agree(c, datasets)


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip())
        return 2
    path = argv[1]
    c = Checks()

    check_file(c, path, lambda f: check_h5py(c, f),
               lambda engine, ds, units_date: check_dataset(c, engine, ds, units_date))

    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

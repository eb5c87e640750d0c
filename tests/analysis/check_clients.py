"""Every grainsim file kind, read by the clients users have: CDO, ncdump, xarray and pandas.

Usage: /usr/bin/python3 tests/analysis/check_clients.py FILE [FILE ...]

For each file:
- `ncdump -h` reads it;
- `cdo -s showname` lists every numeric data variable of the root (CDO reads no groups and has
  no string type, so labels such as region_name are not data), and `cdo sinfon` skips none;
- the provenance attributes have the same names in every kind, with CF and ACDD;
- every float variable has units and a NaN _FillValue, time comes first wherever it occurs, no
  dimension is empty, and files with regions carry lat and lon;
- each tidy group's `to_dataframe()` has one row per cell and its sums equal the arrays' sums
  (nothing broadcast).
Prints one line per check, then "N passed, M failed"; exits non-zero if any check failed.
"""
import subprocess
import sys

import netCDF4
import numpy as np
import xarray as xr

from check_output import Checks

PROVENANCE = ["Conventions", "title", "summary", "keywords", "institution", "source", "history",
              "date_created", "license", "grainsim_file_kind", "grainsim_version",
              "command_line"]


def numeric_data_variables(nc):
    """Root variables CDO should list: numeric, not a dimension's coordinate, not named in
    another variable's `coordinates` (auxiliary coordinates such as lat, lon, run_point)."""
    auxiliary = set()
    for v in nc.variables.values():
        auxiliary.update(getattr(v, "coordinates", "").split())
    return sorted(name for name, v in nc.variables.items()
                  if v.dtype != str and name not in nc.dimensions and name not in auxiliary)


def check_cdo(c, path, nc):
    shown = subprocess.run(["cdo", "-s", "showname", path], capture_output=True, text=True)
    c.check(f"{path}: cdo showname exits 0", shown.returncode == 0, shown.stderr.strip()[-300:])
    listed = set(shown.stdout.split())
    expected = numeric_data_variables(nc)
    missing = [v for v in expected if v not in listed]
    c.check(f"{path}: cdo lists all {len(expected)} numeric variables", not missing,
            f"not listed: {missing[:8]}")
    info = subprocess.run(["cdo", "-s", "sinfon", path], capture_output=True, text=True)
    not_data = [v for v, var in nc.variables.items()
                if var.dtype == str or v not in expected and v not in nc.dimensions]
    skipped = [line for line in info.stderr.splitlines() if "skipped variable" in line
               and not any(f"variable {v}!" in line for v in not_data)]
    c.check(f"{path}: cdo sinfon skips no numeric variable", info.returncode == 0 and not skipped,
            "; ".join(skipped[:4]))


def check_layout(c, path, nc):
    missing = [a for a in PROVENANCE if a not in nc.ncattrs()]
    c.check(f"{path}: provenance attributes", not missing, f"missing {missing}")
    c.check(f"{path}: CF and ACDD conventions",
            "CF-" in nc.Conventions and "ACDD-1.3" in nc.Conventions, nc.Conventions)
    empty = [d for d, dim in nc.dimensions.items() if len(dim) == 0 or dim.isunlimited()]
    c.check(f"{path}: no empty or unlimited dimension", not empty, f"{empty}")
    bad = []
    for name, v in nc.variables.items():
        # parameter_value's units differ per parameter; parameter_units lists them.
        if (v.dtype != str and v.dtype.kind == "f" and name not in nc.dimensions
                and name not in ("lat", "lon", "parameter_value")):
            fill = getattr(v, "_FillValue", None)
            if "units" not in v.ncattrs() or fill is None or not np.isnan(fill):
                bad.append(name)
    c.check(f"{path}: every float variable has units and _FillValue NaN", not bad, f"{bad[:6]}")
    late = [n for n, v in nc.variables.items() if "time" in v.dimensions[1:]]
    c.check(f"{path}: time first wherever it occurs", not late, f"{late[:6]}")
    if "region" in nc.dimensions:
        ok = ("lat" in nc.variables and nc["lat"].units == "degrees_north"
              and "lon" in nc.variables and nc["lon"].units == "degrees_east"
              and np.all(np.isfinite(nc["lat"][:])))
        c.check(f"{path}: lat(region) and lon(region)", ok)
        if "time" in nc.dimensions:
            c.check(f"{path}: featureType and time coverage",
                    getattr(nc, "featureType", "") == "timeSeries"
                    and "time_coverage_start" in nc.ncattrs()
                    and "time_coverage_end" in nc.ncattrs())


def check_frames(c, path, nc):
    groups = getattr(nc, "tidy_groups", "").split()
    c.check(f"{path}: tidy groups listed", bool(groups) and all(g in nc.groups for g in groups),
            f"{groups} vs {list(nc.groups)}")
    bad = []
    for g in groups:
        ds = xr.open_dataset(path, group=g)
        data = [v for v in ds.data_vars if ds[v].dtype.kind in "fi"]
        cells = int(np.prod([ds.sizes[d] for d in ds.dims]))
        df = ds.to_dataframe()
        if len(df) != cells:
            bad.append(f"{g}: {len(df)} rows, {cells} cells")
            continue
        for v in data:
            if set(ds[v].dims) != set(ds.dims):
                bad.append(f"{g}/{v}: dims {ds[v].dims} not the group's {tuple(ds.dims)}")
                break
            frame_sum = float(np.nansum(df[v].to_numpy(dtype=float)))
            array_sum = float(np.nansum(ds[v].values.astype(float)))
            if not np.isclose(frame_sum, array_sum, rtol=1e-12, atol=0):
                bad.append(f"{g}/{v}: frame sums to {frame_sum}, array to {array_sum}")
                break
        ds.close()
    c.check(f"{path}: every tidy group's frame has one row per cell and the arrays' sums",
            not bad, "; ".join(bad[:4]))


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    c = Checks()
    for path in argv[1:]:
        dump = subprocess.run(["ncdump", "-h", path], capture_output=True, text=True)
        c.check(f"{path}: ncdump -h reads it", dump.returncode == 0, dump.stderr.strip()[-300:])
        with netCDF4.Dataset(path) as nc:
            check_layout(c, path, nc)
            check_cdo(c, path, nc)
            check_frames(c, path, nc)
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

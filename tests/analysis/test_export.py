"""analysis/export.py writes plain CSV tables of every grainsim file kind whose numbers match the
HDF5 file read directly with h5py, and refuses bad input with one line and exit status 2.

Usage: /usr/bin/python3 tests/analysis/test_export.py SCRIPT RUN.h5 FORECAST.h5 COMPARE.h5
           SWEEP.h5 SENSITIVITY.h5 BACKTEST.h5 CALIBRATION-REPORT.h5

Prints one line per check, then "N passed, M failed"; exits non-zero if any check failed.
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd

from check_output import Checks

DIM_COLUMNS = ["time", "region", "commodity", "tier", "quintile", "quantile", "replicate", "arm",
               "point", "parameter"]
MONTHLY_COLUMNS = ["month", "variable", "value", "units", "change_prev_month_pct",
                   "change_prev_year_pct", "change_reference_pct"]
REGION, COMMODITY, DAY, MONTH, PREV = "Pyongyang", "flour", "2027-01-15", "2027-01", "2026-12"


def run(script, *args):
    return subprocess.run([sys.executable, script, *args], capture_output=True, text=True)


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def labels(f, dim):
    """The labels of a dimension read with h5py, in either layout: D_name (new) or D (old);
    time as ISO dates from "days since ..."."""
    if dim == "time":
        start = text(f["time"].attrs["units"]).split("since")[1].strip()[:10]
        t0 = datetime.date.fromisoformat(start)
        return [(t0 + datetime.timedelta(days=float(d))).isoformat() for d in f["time"][:]]
    if f"{dim}_name" in f:
        return [text(v) for v in f[f"{dim}_name"][:]]
    return [text(v) if isinstance(v, bytes) else v for v in f[dim][:]]


def dims_of(dataset):
    return [d[0].name.split("/")[-1] for d in dataset.dims]


def h5_value(path, name, **where):
    """`name` at the labels in `where`, found by dimension name with h5py alone."""
    with h5py.File(path, "r") as f:
        d = f[name]
        index = tuple(labels(f, dim).index(where[dim]) for dim in dims_of(d))
        return float(d[index])


def h5_month(path, name, month, **where):
    """The daily values of `name` in `month` at the labels in `where` (h5py alone)."""
    with h5py.File(path, "r") as f:
        d = f[name]
        days = labels(f, "time")
        rows = [i for i, day in enumerate(days) if day.startswith(month)]
        index = tuple(rows if dim == "time" else labels(f, dim).index(where[dim])
                      for dim in dims_of(d))
        return np.asarray(d[index], dtype=float)


def h5_sizes(path):
    """{variable: number of values} for the numeric data variables at the root (no dimension
    scales, no auxiliary coordinates, no strings)."""
    with h5py.File(path, "r") as f:
        coords = set()
        for d in f.values():
            if isinstance(d, h5py.Dataset) and "coordinates" in d.attrs:
                coords.update(text(d.attrs["coordinates"]).split())
        return {name: d.size for name, d in f.items()
                if isinstance(d, h5py.Dataset) and d.dtype.kind in "biuf"
                and text(d.attrs.get("CLASS", b"")) != "DIMENSION_SCALE"
                and name not in coords}


def one_line_error(c, label, r, *parts):
    c.check(f"{label}: exit 2", r.returncode == 2, f"exit {r.returncode}: {r.stderr}")
    c.check(f"{label}: one line naming {', '.join(repr(p) for p in parts)}",
            r.stderr.count("\n") == 1 and all(p in r.stderr for p in parts), r.stderr)
    c.check(f"{label}: no traceback", "Traceback" not in r.stderr, r.stderr)


def read_csv(c, label, path):
    if not c.check(f"{label}: CSV written", os.path.exists(path), path):
        return None
    with open(path) as f:
        first = f.readline()
    c.check(f"{label}: pure CSV (header row first, no comment)",
            not first.startswith("#") and "," in first, first)
    return pd.read_csv(path, keep_default_na=False, na_values=[""], low_memory=False)


def check_summary(c, label, r, out, table):
    c.check(f"{label}: exit 0", r.returncode == 0, r.stderr)
    if table is not None:
        c.check(f"{label}: stderr says 'wrote {len(table)} rows to {out}'",
                f"wrote {len(table)} rows to {out}" in r.stderr, r.stderr)


def check_long(c, script, tmp, kind, path, more_columns=()):
    """Every kind exports; the row count per variable is the product of its dims' sizes; the
    columns are the dimensions (and `more_columns`), variable, value, units."""
    out = os.path.join(tmp, f"{kind}.csv")
    r = run(script, path, "--out", out)
    table = read_csv(c, f"{kind}: long table", out)
    check_summary(c, f"{kind}: long table", r, out, table)
    if table is None:
        return None
    sizes = h5_sizes(path)
    counts = table["variable"].value_counts().to_dict()
    wrong = {v: (counts.get(v, 0), n) for v, n in sizes.items() if counts.get(v, 0) != n}
    c.check(f"{kind}: rows per variable = product of its dimension sizes (h5py)", not wrong,
            f"(csv, h5) {dict(list(wrong.items())[:5])}")
    c.check(f"{kind}: row count {len(table)} = sum over variables {sum(sizes.values())}",
            len(table) == sum(sizes.values()))
    allowed = DIM_COLUMNS + list(more_columns) + ["variable", "value", "units"]
    extra = [col for col in table.columns if col not in allowed]
    c.check(f"{kind}: columns are dimensions, variable, value, units", not extra, extra)
    leftovers = [n for n in os.listdir(tmp) if n.endswith(".tmp")]
    c.check(f"{kind}: no temporary file left", not leftovers, leftovers)
    return table


def check_run(c, script, tmp, path):
    table = check_long(c, script, tmp, "run", path)
    if table is not None:
        row = table[(table.variable == "price") & (table.region == REGION)
                    & (table.commodity == COMMODITY) & (table.time == DAY)]
        expected = h5_value(path, "price", time=DAY, region=REGION, commodity=COMMODITY)
        c.check(f"run: price of {COMMODITY} in {REGION} on {DAY} is one row equal to h5py's "
                f"{expected}", len(row) == 1 and float(row.value.iloc[0]) == expected,
                row.to_string())
        c.check("run: price rows leave tier and quintile empty",
                table[table.variable == "price"][["tier", "quintile"]].isna().all().all())

    # Default output name next to the file, and no overwrite without --force.
    local = os.path.join(tmp, "copy.h5")
    shutil.copy(path, local)
    r = run(script, local, "--vars", "price,kcal_need")
    default = os.path.join(tmp, "copy.csv")
    c.check("default output: FILE.csv next to FILE", r.returncode == 0
            and os.path.exists(default), r.stderr)
    with open(default, "w") as f:
        f.write("keep me\n")
    r = run(script, local, "--vars", "price")
    one_line_error(c, "existing output without --force", r, default, "--force")
    with open(default) as f:
        c.check("existing output without --force: left unchanged", f.read() == "keep me\n")
    r = run(script, local, "--vars", "price", "--force")
    c.check("existing output with --force: exit 0", r.returncode == 0, r.stderr)
    with open(default) as f:
        c.check("existing output with --force: replaced", f.readline().startswith("time,"))

    # Monthly means against numpy on the h5py days.
    out = os.path.join(tmp, "run-monthly.csv")
    r = run(script, path, "--monthly", "--vars", "price,aid_diverted_share", "--reference",
            f"{PREV}:{PREV}", "--out", out)
    monthly = read_csv(c, "run: monthly", out)
    check_summary(c, "run: monthly", r, out, monthly)
    if monthly is None:
        return
    missing = [col for col in MONTHLY_COLUMNS if col not in monthly.columns]
    c.check("run: monthly has the documented columns", not missing, missing)
    price = monthly[(monthly.variable == "price") & (monthly.region == REGION)
                    & (monthly.commodity == COMMODITY)].set_index("month")
    days = h5_month(path, "price", MONTH, region=REGION, commodity=COMMODITY)
    c.check(f"run: {MONTH} mean of {COMMODITY} in {REGION} = numpy mean of its {len(days)} days",
            len(days) >= 28 and np.isclose(price.value[MONTH], np.mean(days), rtol=1e-12),
            f"{price.value.get(MONTH)} vs {np.mean(days)}")
    c.check(f"run: days column counts {len(days)} days in {MONTH}",
            int(price.days[MONTH]) == len(days))
    by_hand = 100 * (price.value[MONTH] / price.value[PREV] - 1)
    c.check(f"run: change_prev_month_pct for {MONTH} = 100 (this / previous - 1) = {by_hand:.6g}",
            np.isclose(price.change_prev_month_pct[MONTH], by_hand, rtol=1e-9))
    c.check(f"run: change_prev_month_pct empty for the first month {PREV}",
            np.isnan(price.change_prev_month_pct[PREV]))
    c.check("run: change_prev_year_pct empty (the run is shorter than a year)",
            price.change_prev_year_pct.isna().all())
    c.check(f"run: change_reference_pct against {PREV} is 0 for {PREV}, the monthly change for "
            f"{MONTH}", np.isclose(price.change_reference_pct[PREV], 0, atol=1e-9)
            and np.isclose(price.change_reference_pct[MONTH], by_hand, rtol=1e-9))
    share = monthly[monthly.variable == "aid_diverted_share"]
    c.check("run: a (time)-only variable gets one row per month, dimension cells empty",
            len(share) == monthly.month.nunique() and share.region.isna().all())

    for label, args, parts in [
            ("bad --vars", ["--vars", "price,nosuchvar"], [path, "nosuchvar", "price"]),
            ("reference outside the run", ["--monthly", "--reference", "2020-01:2020-03"],
             [path, "2020-01", "outside"]),
            ("bad --reference", ["--monthly", "--reference", "January"], ["January"])]:
        bad = os.path.join(tmp, "bad.csv")
        one_line_error(c, label, run(script, path, *args, "--out", bad), *parts)
        c.check(f"{label}: no CSV written", not os.path.exists(bad))
    missing = os.path.join(tmp, "missing.h5")
    one_line_error(c, "missing file", run(script, missing), missing)
    notes = os.path.join(tmp, "notes.h5")
    with open(notes, "w") as f:
        f.write("not hdf5\n")
    one_line_error(c, "not an HDF5 file", run(script, notes), notes)


def check_forecast(c, script, tmp, path):
    table = check_long(c, script, tmp, "forecast", path)
    if table is not None:
        row = table[(table.variable == "price") & (table.region == REGION)
                    & (table.commodity == COMMODITY) & (table.time == DAY)
                    & (table["quantile"] == 0.5)]
        expected = h5_value(path, "price", time=DAY, region=REGION, commodity=COMMODITY,
                            quantile=0.5)
        c.check(f"forecast: median price in {REGION} on {DAY} equals h5py's {expected}",
                len(row) == 1 and float(row.value.iloc[0]) == expected, row.to_string())
    out = os.path.join(tmp, "forecast-monthly.csv")
    r = run(script, path, "--monthly", "--vars", "price", "--out", out)
    monthly = read_csv(c, "forecast: monthly", out)
    check_summary(c, "forecast: monthly", r, out, monthly)
    if monthly is not None:
        c.check("forecast: monthly price is the ensemble mean price_mean",
                set(monthly.variable) == {"price_mean"}, set(monthly.variable))
        got = monthly[(monthly.region == REGION) & (monthly.commodity == COMMODITY)
                      & (monthly.month == MONTH)].value
        days = h5_month(path, "price_mean", MONTH, region=REGION, commodity=COMMODITY)
        c.check(f"forecast: {MONTH} mean of price_mean = numpy mean of its days",
                len(got) == 1 and np.isclose(got.iloc[0], days.mean(), rtol=1e-12))


def check_compare(c, script, tmp, path):
    check_long(c, script, tmp, "compare", path)
    out = os.path.join(tmp, "compare-monthly.csv")
    r = run(script, path, "--monthly", "--vars", "price", "--out", out)
    monthly = read_csv(c, "compare: monthly", out)
    check_summary(c, "compare: monthly", r, out, monthly)
    if monthly is not None:
        c.check("compare: monthly price is the mean effect price_effect_mean",
                set(monthly.variable) == {"price_effect_mean"}, set(monthly.variable))


def check_sweep(c, script, tmp, path):
    check_long(c, script, tmp, "sweep", path)
    out = os.path.join(tmp, "sweep-monthly.csv")
    r = run(script, path, "--monthly", "--out", out)
    monthly = read_csv(c, "sweep: monthly", out)
    check_summary(c, "sweep: monthly", r, out, monthly)
    if monthly is not None:
        c.check("sweep: monthly covers only the trajectories",
                all(v.endswith("_trajectory") for v in set(monthly.variable)),
                set(monthly.variable))
    r = run(script, path, "--monthly", "--vars", "design", "--out",
            os.path.join(tmp, "bad.csv"))
    one_line_error(c, "sweep: --monthly of a variable without time", r, "design", "time")


def check_sensitivity(c, script, tmp, path):
    check_long(c, script, tmp, "sensitivity", path)
    r = run(script, path, "--monthly", "--out", os.path.join(tmp, "bad.csv"))
    one_line_error(c, "sensitivity: --monthly", r, path, "no time-dependent variables")


def h5_date(f, name, i):
    """Entry i of a date variable ("days since ...") as an ISO date, with h5py alone."""
    start = text(f[name].attrs["units"]).split("since")[1].strip()[:10]
    return (datetime.date.fromisoformat(start)
            + datetime.timedelta(days=float(f[name][i]))).isoformat()


def check_described_row(c, kind, table, variable, where, index, path, descriptors):
    """The row of `variable` at the labels `where` ({column: label}; `index` the same place in
    the HDF5 array) holds the value h5py reads and the descriptors of that entry (strings and
    dates), so it stands alone without a join."""
    rows = table[table.variable == variable]
    for column, label in where.items():
        rows = rows[rows[column] == label]
    at = ", ".join(f"{k} {v}" for k, v in where.items())
    if not c.check(f"{kind}: one {variable} row at {at}", len(rows) == 1, f"{len(rows)}"):
        return
    row = rows.iloc[0]
    first = index[0]
    with h5py.File(path, "r") as f:
        stored = f[variable][index]
        c.check(f"{kind}: {variable}[{first}] value = h5py's", np.isclose(row.value, stored,
                rtol=1e-12), f"{row.value} vs {stored}")
        for name in descriptors:
            expect = (h5_date(f, name, first) if "units" in f[name].attrs
                      and "since" in text(f[name].attrs["units"]) else text(f[name][first]))
            c.check(f"{kind}: {variable}[{first}] row's {name} = h5py's {expect}",
                    str(row[name]) == expect, f"{row[name]}")


def check_backtest(c, script, tmp, path):
    with h5py.File(path, "r") as f:
        methods = [text(v) for v in f["method_name"][:]]
    descriptors = ["origin_date", "target_date", "city", "commodity"]
    table = check_long(c, script, tmp, "backtest", path,
                       ["forecast", "method", "mode", "horizon", "origin", "fan", "lead",
                        "origins", "fan_origin", "fan_region", "fan_commodity"] + descriptors)
    if table is not None:
        j = methods.index("last_kpw")
        check_described_row(c, "backtest", table, "ape", {"forecast": 5, "method": "last_kpw"},
                            (5, j), path, descriptors)
    r = run(script, path, "--monthly", "--out", os.path.join(tmp, "bad.csv"))
    one_line_error(c, "backtest: --monthly", r, path, "no time-dependent variables")


def check_calibration(c, script, tmp, path):
    descriptors = ["observation_date", "city", "region", "commodity", "grade"]
    table = check_long(c, script, tmp, "calibration", path,
                       ["evaluation", "observation", "parameter_b"] + descriptors)
    if table is not None:
        check_described_row(c, "calibration", table, "log_residual", {"observation": 3}, (3,),
                            path, descriptors)
    r = run(script, path, "--monthly", "--out", os.path.join(tmp, "bad.csv"))
    one_line_error(c, "calibration: --monthly", r, path, "no time-dependent variables")


def main(argv):
    if len(argv) != 9:
        print(__doc__.strip())
        return 2
    script, paths = argv[1], argv[2:]
    c = Checks()
    with tempfile.TemporaryDirectory() as tmp:
        for check, path in zip([check_run, check_forecast, check_compare, check_sweep,
                                check_sensitivity, check_backtest, check_calibration], paths):
            check(c, script, tmp, path)
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Flat tables (pandas DataFrames) from grainsim's HDF5 files, for CSV export and reports.

    from grainsim_data import open_grainsim
    from grainsim_tables import long_table, monthly_table
    ds = open_grainsim("run.h5")
    long_table(ds, ["price"])                                   # one row per stored value
    monthly_table(ds, "price", reference=("2026-12", "2027-01"))

`long_table` has one row per value of each variable, never broadcast: the columns are the
dimension columns that the chosen variables use (time, region, commodity, tier, quintile,
quantile, replicate, arm, point, parameter, in that order, then any other dimension), then
variable, value, units. A dimension that a variable lacks is an empty cell in its rows. Time is
an ISO date (YYYY-MM-DD); label dimensions are given by name. A dimension outside that list
(a backtest's `forecast`, a fit's `observation`) is followed by the strings and dates that
describe its entries (city, commodity, origin_date, target_date, ...), so a row stands alone.

`monthly_table` averages a daily series over calendar months (NaN days skipped; the `days`
column counts the days averaged, so partial first and last months show). For a forecast file a
plain name with a quantile dimension (`price`) means its ensemble mean `price_mean`; for a
compare file a plain name (`price`) means the mean effect `price_effect_mean` (policy minus
baseline). The mean is used rather than the median because averaging over months commutes with
it: the monthly mean of `price_mean` is the ensemble mean of each replicate's monthly mean, while
a monthly mean of daily medians is not the median of anything. Any other variable with a time
dimension (`price_replicates`, `price_effect`, ...) is averaged as stored, its other dimensions
(quantile, replicate, arm, ...) kept as columns. Percentage changes are 100 * (value / earlier
- 1); NaN where the earlier value is missing, outside the file, or zero.

Works on both the current layout (index + D_name label variables, time first) and the older one,
because it selects by dimension name only.
"""
import warnings

import numpy as np
import pandas as pd

from grainsim_data import file_kind

DIM_ORDER = ["time", "region", "commodity", "tier", "quintile", "quantile", "replicate", "arm",
             "point", "parameter"]
LONG_TAIL = ["variable", "value", "units"]
MONTHLY_TAIL = ["variable", "value", "units", "change_prev_month_pct", "change_prev_year_pct",
                "change_reference_pct", "days"]


class UnknownVariable(KeyError):
    """A requested variable that the file does not have."""

    def __init__(self, name, valid):
        super().__init__(name)
        self.name = name
        self.valid = list(valid)

    def __str__(self):
        return f"no variable '{self.name}' (valid: {', '.join(self.valid)})"


def kind(ds):
    """The file kind, as `grainsim_data.file_kind`, also recognising older sensitivity files
    (whose indices are named X_S1, X_ST)."""
    k = file_kind(ds)
    if k == "run" and any(str(v).endswith("_S1") for v in ds.data_vars):
        return "sensitivity"
    return k


def is_numeric(da):
    """Numbers, and dates (a sweep's date parameters, written as ISO dates)."""
    return da.dtype.kind in "biufM"


def default_variables(ds):
    """The numeric data variables of `ds`, in file order (string variables such as
    parameter_units are left out unless named)."""
    return [str(v) for v in ds.data_vars if is_numeric(ds[v])]


def time_variables(ds):
    """The numeric data variables with a time dimension."""
    return [v for v in default_variables(ds) if "time" in ds[v].dims]


def ordered_dims(dims):
    dims = list(dict.fromkeys(dims))
    return [d for d in DIM_ORDER if d in dims] + [d for d in dims if d not in DIM_ORDER]


def _iso(times):
    t = pd.DatetimeIndex(times)
    if (t == t.normalize()).all():
        return np.asarray(t.strftime("%Y-%m-%d"), dtype=object)
    return np.asarray(t.strftime("%Y-%m-%dT%H:%M:%S"), dtype=object)


def dim_labels(ds, dim):
    """The labels of `dim` as a numpy array: names for label dims, ISO dates for time, numbers
    for quintile/quantile/replicate/point; 0..N-1 where the dim has no coordinate."""
    if dim not in ds.coords:
        return np.arange(ds.sizes[dim])
    return _as_labels(ds[dim].values)


def _as_labels(values):
    """ISO dates for dates, str for byte or object strings, else the values."""
    if np.issubdtype(values.dtype, np.datetime64):
        return _iso(values)
    if values.dtype.kind in "SO":
        return np.array([v.decode() if isinstance(v, bytes) else str(v) for v in values],
                        dtype=object)
    return values


def descriptors(ds, dim, taken):
    """The strings and dates that describe each entry of a dimension outside DIM_ORDER (a
    backtest's forecast: city, commodity, origin_date, target_date; a fit's observation): as
    {column: labels}, named after the variable, or `dim`_name where that name is taken."""
    if dim in DIM_ORDER:
        return {}
    out = {}
    for name, v in ds.variables.items():
        if v.dims == (dim,) and name != dim and v.dtype.kind in "OSUM":
            column = str(name) if name not in taken else f"{dim}_{name}"
            out[column] = _as_labels(np.asarray(v.values))
    return out


def _check_names(ds, names):
    for n in names:
        if n not in ds.data_vars:
            raise UnknownVariable(n, default_variables(ds))


def _frame(columns, dims, tail, n):
    """A DataFrame with the dimension (and descriptor) columns `dims` ("" where missing) then
    `tail`."""
    out = {}
    for d in dims:
        out[d] = columns[d] if d in columns else np.full(n, "", dtype=object)
    for t in tail:
        out[t] = columns[t]
    return pd.DataFrame(out, columns=list(dims) + list(tail))


def long_table(ds, variables=None):
    """One row per stored value of each variable (default: every numeric data variable).

    Columns: the dimension columns used by the variables (see the module doc), variable, value,
    units. Raises UnknownVariable for a name the file lacks.
    """
    names = default_variables(ds) if variables is None else list(variables)
    _check_names(ds, names)
    dims = ordered_dims(d for n in names for d in ds[n].dims)
    # A sweep's `run` is a design point's replicate: shown as those two columns.
    run_columns = "run" in dims and "run_point" in ds.variables and "run_replicate" in ds.variables
    if run_columns:
        dims = ordered_dims([d for d in dims if d != "run"] + ["point", "replicate"])
    labels = {d: dim_labels(ds, d) for d in dims if d in ds.dims}
    described = {d: descriptors(ds, d, set(dims) | set(LONG_TAIL)) for d in dims}
    columns_out = [c for d in dims for c in [d, *described.get(d, {})]]
    frames = []
    for n in names:
        da = ds[n]
        values = np.asarray(da.values)
        if values.dtype.kind in "SO":
            values = np.array([v.decode() if isinstance(v, bytes) else v
                               for v in values.ravel()], dtype=object).reshape(values.shape)
        size = values.size
        index = np.unravel_index(np.arange(size), values.shape) if values.ndim else ()
        columns = {}
        for i, d in enumerate(da.dims):
            if d == "run" and run_columns:
                columns["point"] = np.asarray(ds["run_point"].values)[index[i]]
                columns["replicate"] = np.asarray(ds["run_replicate"].values)[index[i]]
            else:
                columns[d] = labels[d][index[i]]
                for column, values_of_d in described[d].items():
                    columns[column] = values_of_d[index[i]]
        columns["variable"] = np.full(size, n, dtype=object)
        columns["value"] = _iso(values.ravel()) if values.dtype.kind == "M" else values.ravel()
        columns["units"] = np.full(size, str(da.attrs.get("units", "")), dtype=object)
        frames.append(_frame(columns, columns_out, LONG_TAIL, size))
    if not frames:
        return pd.DataFrame(columns=columns_out + LONG_TAIL)
    return pd.concat(frames, ignore_index=True)


def monthly_variable(ds, name):
    """The variable that `monthly_table` averages for `name` (see the module doc), or raises
    UnknownVariable."""
    k = kind(ds)
    if k == "compare" and f"{name}_effect_mean" in ds.data_vars:
        return f"{name}_effect_mean"
    if (k == "forecast" and name in ds.data_vars and "quantile" in ds[name].dims
            and f"{name}_mean" in ds.data_vars):
        return f"{name}_mean"
    if name in ds.data_vars:
        return name
    raise UnknownVariable(name, default_variables(ds))


def file_months(ds):
    """The months (YYYY-MM) of the file's time axis, first to last; [] without one."""
    if "time" not in ds.coords or ds.sizes["time"] == 0:
        return []
    t = pd.DatetimeIndex(ds["time"].values)
    return list(pd.period_range(t.min(), t.max(), freq="M").strftime("%Y-%m"))


def check_reference(ds, reference):
    """Raises ValueError unless `reference` is ("YYYY-MM", "YYYY-MM"), start <= end, both
    within the file's months."""
    try:
        start, end = (pd.Period(r, freq="M") for r in reference)
        if len(reference) != 2 or any(len(str(r)) != 7 for r in reference):
            raise ValueError
    except (ValueError, TypeError):
        raise ValueError(f"reference {reference!r} is not a pair of months YYYY-MM") from None
    if start > end:
        raise ValueError(f"reference starts ({start}) after it ends ({end})")
    months = file_months(ds)
    if not months:
        raise ValueError("the file has no time axis for a reference period")
    if str(start) < months[0] or str(end) > months[-1]:
        raise ValueError(f"reference {start}:{end} lies outside the file's months "
                         f"{months[0]}:{months[-1]}")
    return str(start), str(end)


def _pct(value, earlier):
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 100.0 * (value / earlier - 1.0)
    out[~np.isfinite(earlier) | (earlier == 0)] = np.nan
    return out


def monthly_table(ds, variable, reference=None):
    """Monthly means of a daily variable, per combination of its other dimensions.

    `variable` is resolved by `monthly_variable` (forecast: X -> X_mean; compare: X ->
    X_effect_mean). Columns: month (YYYY-MM), the variable's other dimension columns, variable
    (the name actually averaged), value, units, change_prev_month_pct, change_prev_year_pct,
    change_reference_pct (NaN throughout when `reference` is None), days (days averaged).
    `reference` = ("YYYY-MM", "YYYY-MM"), inclusive: its value is the mean of all daily values
    in those months. Raises UnknownVariable, or ValueError for a variable without a time
    dimension or a reference outside the file.
    """
    name = monthly_variable(ds, variable)
    da = ds[name]
    if "time" not in da.dims:
        raise ValueError(f"variable '{name}' has no time dimension")
    if not is_numeric(da):
        raise ValueError(f"variable '{name}' is not numeric")
    ref = check_reference(ds, reference) if reference is not None else None
    others = ordered_dims(d for d in da.dims if d != "time")
    da = da.transpose("time", *others)
    shape = da.shape[1:]
    cells = int(np.prod(shape)) if shape else 1
    daily = np.asarray(da.values, dtype=float).reshape(da.shape[0], cells)
    day_months = pd.DatetimeIndex(ds["time"].values).strftime("%Y-%m")
    day_months = np.asarray(day_months)
    months = sorted(set(day_months))
    row = {m: i for i, m in enumerate(months)}
    with warnings.catch_warnings():  # an all-NaN cell: "Mean of empty slice", NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.array([np.nanmean(daily[day_months == m], axis=0) for m in months]
                        ).reshape(len(months), cells)
    counts = np.array([np.sum(~np.isnan(daily[day_months == m]), axis=0) for m in months],
                      dtype=int).reshape(len(months), cells)

    def earlier(offset):
        out = np.full_like(mean, np.nan)
        for i, m in enumerate(months):
            j = row.get(str(pd.Period(m, freq="M") - offset))
            if j is not None:
                out[i] = mean[j]
        return out

    prev_month = _pct(mean, earlier(1))
    prev_year = _pct(mean, earlier(12))
    if ref is not None:
        in_ref = (day_months >= ref[0]) & (day_months <= ref[1])
        with warnings.catch_warnings():  # an all-NaN cell: "Mean of empty slice", NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            base = np.nanmean(daily[in_ref], axis=0)
        reference_pct = _pct(mean, np.broadcast_to(base, mean.shape).copy())
    else:
        reference_pct = np.full_like(mean, np.nan)

    n_months = len(months)
    size = n_months * cells
    columns = {"month": np.repeat(np.array(months, dtype=object), cells)}
    if others:
        index = np.unravel_index(np.tile(np.arange(cells), n_months), shape)
        for i, d in enumerate(others):
            columns[d] = dim_labels(ds, d)[index[i]]
    columns["variable"] = np.full(size, name, dtype=object)
    columns["value"] = mean.ravel()
    columns["units"] = np.full(size, str(da.attrs.get("units", "")), dtype=object)
    columns["change_prev_month_pct"] = prev_month.ravel()
    columns["change_prev_year_pct"] = prev_year.ravel()
    columns["change_reference_pct"] = reference_pct.ravel()
    columns["days"] = counts.ravel()
    return _frame(columns, ["month"] + others, MONTHLY_TAIL, size)


def monthly_tables(ds, variables, reference=None):
    """`monthly_table` for several variables, stacked (dimension columns a variable lacks are
    empty); each averaged variable appears once."""
    names = list(dict.fromkeys(monthly_variable(ds, v) for v in variables))
    frames = [monthly_table(ds, n, reference) for n in names]
    dims = ordered_dims(c for f in frames for c in f.columns if c not in MONTHLY_TAIL
                        and c != "month")
    columns = ["month"] + dims + MONTHLY_TAIL
    if not frames:
        return pd.DataFrame(columns=columns)
    frames = [_frame({c: f[c].to_numpy() for c in f.columns}, ["month"] + dims, MONTHLY_TAIL,
                     len(f)) for f in frames]
    return pd.concat(frames, ignore_index=True)

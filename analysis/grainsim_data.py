"""Opening grainsim's HDF5 files the way the analysis scripts want them.

grainsim writes every label dimension (region, commodity, tier, parameter, arm, ...) as an
integer index `D(D)` = 0..N-1 with its names in a string variable `D_name(D)`, because CDO and
other netCDF tools cannot use string coordinates. `open_grainsim` turns those back into
name-indexed dimensions, so that `ds.sel(region="Pyongyang", commodity="flour")` works. Files
written before that layout (string coordinates) open unchanged.

    from grainsim_data import open_grainsim
    ds = open_grainsim("dprk-2026-winter.h5")             # the root: every variable
    markets = open_grainsim("run.h5", group="time_region_commodity")   # one tidy table

The file's groups named after a dimension set (`time_region_commodity`, `time_region`, ...)
hold links to the root's variables over exactly those dimensions, so that their
`to_dataframe()` has one row per combination and nothing is broadcast.
"""
import xarray as xr


class GrainsimFileError(Exception):
    """A file that is not a readable grainsim file; the message names the file."""


def label_dims(ds):
    """The dimensions of `ds` that have a `D_name` label variable over (D,)."""
    return [d for d in ds.dims
            if f"{d}_name" in ds.variables and ds[f"{d}_name"].dims == (d,)]


def with_names(ds):
    """`ds` with each labelled dimension indexed by its names instead of 0..N-1."""
    for d in label_dims(ds):
        names = [str(s) for s in ds[f"{d}_name"].values]
        attrs = dict(ds[f"{d}_name"].attrs)
        ds = ds.drop_vars([f"{d}_name"] + ([d] if d in ds.variables else []))
        ds = ds.assign_coords({d: (d, names, attrs)})
    return ds


def open_grainsim(path, group=None):
    """The file (or one of its groups) as an xarray Dataset with name-indexed dimensions.

    Raises GrainsimFileError naming the file when it cannot be opened.
    """
    try:
        # Durations (units "days": a backtest's lead_days) stay numbers with their units, as
        # every other quantity; dates ("days since ...") still become dates.
        ds = xr.open_dataset(path, group=group, decode_timedelta=False)
    except FileNotFoundError:
        raise GrainsimFileError(f"'{path}': no such file") from None
    except OSError as e:
        raise GrainsimFileError(f"'{path}': not a readable grainsim HDF5 file ({e})") from None
    return with_names(ds)


def file_kind(ds):
    """'run', 'forecast', 'compare', 'sweep', 'sensitivity', 'backtest' or 'calibration',
    from the file's `grainsim_file_kind` attribute (or, in older files, from its variables)."""
    kind = ds.attrs.get("grainsim_file_kind")
    if kind:
        return str(kind)
    if any(str(v).endswith("_S1") for v in ds.variables):
        return "sensitivity"
    if "design" in ds.variables:
        return "sweep"
    if "arm" in ds.dims:
        return "compare"
    if "quantile" in ds.dims:
        return "forecast"
    return "run"


def match_names(requested, known):
    """The names in `requested` (strings, each possibly comma-separated), matched to `known`
    without regard to case: (the file's spellings in the order asked, each once; the names
    that match nothing)."""
    by_lower = {str(k).lower(): str(k) for k in known}
    matched, unknown = [], []
    for name in (n.strip() for item in requested for n in str(item).split(",")):
        if not name:
            continue
        if name.lower() not in by_lower:
            unknown.append(name)
        elif by_lower[name.lower()] not in matched:
            matched.append(by_lower[name.lower()])
    return matched, unknown

#!/usr/bin/python3
"""A self-contained HTML report of any grainsim file, to email.

Usage: report.py FILE [--baseline FILE] [--out X.html] [--force]
(behind `grainsim report`).

Every figure is embedded (maps as inline SVG, charts as base64 PNG; no scripts, no external URLs
or fonts), and the page's links list only the sections it has. Every kind starts with the
scenario and its assumptions, from the file's provenance attributes (and the kind's own settings:
design, bootstrap, origins, training period, ...). Then, by the file's grainsim_file_kind:

run, forecast, compare:
  1. a tile map of the provinces at their capitals' coordinates, coloured by the change of the
     flour price from the first to the last month (compare: policy against baseline in the last
     month; with --baseline: the file against the baseline file in their last common month);
  2. charts of the flour price per region (run: the line; forecast: median with 50 % and 90 %
     bands; compare: policy and baseline medians with their 90 % bands);
  3. the monthly table of flour, rice and maize prices by region, with changes;
  4. the aid position and the national ledger on the last day, in tonnes.
  Forecast numbers are ensemble means in the map and table (monthly means commute with means)
  and medians in the charts and the aid position; compare files show the policy arm, the
  baseline arm and the effect (policy minus baseline).
sweep: the design (each parameter's range, points × replicates) and its outputs; each scalar
  output's mean, sd and 5/50/95 % quantiles across runs per cell (shares in %); scatter plots
  of each output (prices: flour) against each parameter for a few regions; a fan chart across
  runs of the flour price trajectory, if the sweep kept one; a map of the median across runs of
  the first regional output.
sensitivity: per output, the first-order and total Sobol indices summarised over regions
  (medians, ST's range, where each parameter ranks first), every cell's indices with their
  bootstrap intervals, and tornado.py's bar charts (prices: flour).
backtest: MAPE, median APE, bias, 50 % and 90 % band coverage and CRPS of the model and the
  naive forecasts in the test and the training period, MAPE, CRPS and coverage by horizon (also
  charted), and the model-error scale.
calibration: the fitted parameters with their approximate posterior sd and correlations, the
  fit's loss, residuals by city and commodity, and a chart of fitted against observed prices,
  the residuals over time and the objective by evaluation.

--baseline applies to run, forecast and compare files only, and takes a run or forecast file.
Bad input: one line on stderr, exit 2. Default --out: FILE with .html in place of .h5; an
existing file is kept unless --force.
"""
import argparse
import base64
import csv
import datetime
import html
import io
import math
import os
import sys
import tempfile
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from grainsim_data import GrainsimFileError, open_grainsim  # noqa: E402
from grainsim_tables import kind as file_kind, monthly_table  # noqa: E402
from panels import finish_grid, format_dates  # noqa: E402
import tornado  # noqa: E402  (its parameter labels and bar charts)

REPORTABLE = ("run", "forecast", "compare", "sweep", "sensitivity", "backtest", "calibration")
TIME_SERIES = ("run", "forecast", "compare")  # the kinds with daily regional prices
TABLE_COMMODITIES = ["flour", "rice", "maize"]
MAP_COMMODITY = "flour"
AID_VARIABLES = ["aid_arrived", "aid_in_transit", "aid_stockpile", "aid_consumed"]
LEDGER_VARIABLES = ["total_in", "total_held", "total_consumed", "total_lost"]
PROVENANCE_ATTRS = ["title", "scenario_name", "policy_scenario_name", "baseline_scenario_name",
                    "seed", "replicates", "grainsim_version", "version", "command_line",
                    "date_created", "history", "time_coverage_start", "time_coverage_end"]
# Settings of the other kinds, shown after PROVENANCE_ATTRS.
KIND_ATTRS = {
    "sweep": ["design", "samples", "design_seed", "total_points", "points_failed", "shard",
              "shard_count", "fingerprint"],
    "sensitivity": ["sweep_file", "estimators", "base_samples", "resamples", "confidence",
                    "bootstrap_seed", "design_seed", "sweep_fingerprint"],
    "backtest": ["train_until", "first_origin", "last_origin", "origin_step_days", "model_runs"],
    "calibration": ["train_from", "train_until", "prices", "grade_weights", "loss",
                    "rms_log_error", "mape", "sigma_log_price", "posterior_regularised",
                    "model_evaluations"],
}
KEY_PREFIXES = ("run.start_date", "run.end_date", "run.seed", "population.agent_weight",
                "aid.", "shipments.", "exchange.kpw_per_usd")


class ReportError(Exception):
    """Bad input: reported as one line, exit status 2."""


# ----------------------------------------------------------------------------- reading

def attr(ds, name, default=""):
    value = ds.attrs.get(name, default)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    return value


def open_file(path, role="file"):
    if not os.path.exists(path):
        raise ReportError(f"{role} '{path}': no such file")
    try:
        ds = open_grainsim(path)
    except GrainsimFileError as e:
        raise ReportError(str(e)) from None
    except Exception as e:  # xarray's many ways of saying "not netCDF"
        raise ReportError(f"{role} '{path}': not a readable grainsim file "
                          f"({type(e).__name__})") from None
    k = file_kind(ds)
    if k not in REPORTABLE:
        raise ReportError(f"report cannot show {path}: unknown file kind '{k}'")
    prices = "price" in ds.data_vars or "price_mean" in ds.data_vars
    if k in TIME_SERIES and ("region" not in ds.dims or not prices):
        raise ReportError(f"{role} '{path}': no regional prices to report")
    return ds, k


def regions(ds):
    return [str(r) for r in ds["region"].values]


def coordinates(ds):
    """{region: (lat, lon)}: the file's lat/lon variables, else runs/tables/regions.csv."""
    names = regions(ds)
    if "lat" in ds.variables and "lon" in ds.variables:
        lat, lon = ds["lat"], ds["lon"]
        if lat.dims == ("region",) and lon.dims == ("region",):
            return {r: (float(a), float(o)) for r, a, o in zip(names, lat.values, lon.values)}
    table = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runs", "tables",
                         "regions.csv")
    out = {}
    try:
        with open(table, newline="") as f:
            for row in csv.DictReader(f):
                out[row["region"]] = (float(row["latitude"]), float(row["longitude"]))
    except (OSError, KeyError, ValueError):
        return {}
    return {r: out[r] for r in names if r in out}


def arm_variable(ds, name, arm):
    """A compare file's per-arm quantiles of `name` (new layout: name_policy; old: arm dim)."""
    if f"{name}_{arm}" in ds.data_vars:
        return ds[f"{name}_{arm}"]
    da = ds[name]
    return da.sel(arm=arm) if "arm" in da.dims else da


def quantile(da, q):
    values = np.asarray(da["quantile"].values, dtype=float)
    i = int(np.argmin(np.abs(values - q)))
    if abs(values[i] - q) > 1e-6:
        return None
    return da.isel(quantile=i)


def central(ds, k, name, arm="policy"):
    """The central daily series of `name`: run as stored, forecast median, compare arm median."""
    if k == "compare":
        da = arm_variable(ds, name, arm)
    else:
        da = ds[name]
    if "quantile" in da.dims:
        med = quantile(da, 0.5)
        if med is None:
            raise ReportError(f"'{name}' has no median (0.5) quantile")
        da = med
    return da


def bands(da):
    """(q05, q25, q50, q75, q95) of a quantile variable; None where missing."""
    return [quantile(da, q) for q in (0.05, 0.25, 0.5, 0.75, 0.95)]


def last_value(da):
    v = da.isel(time=-1).values
    return float(v)


def monthly_levels(ds, k, commodities, arm="policy"):
    """Monthly mean price per month, region, commodity: run as stored, forecast ensemble mean,
    compare arm's mean. Columns month, region, commodity, value, units."""
    if k == "compare":
        t = monthly_table(ds, "price_mean")
        if "arm" in t.columns:
            t = t[t["arm"] == arm]
    else:
        t = monthly_table(ds, "price")
    t = t[t["commodity"].isin(commodities)]
    return t[["month", "region", "commodity", "value", "units"]].reset_index(drop=True)


# ----------------------------------------------------------------------------- formatting

def esc(s):
    return html.escape(str(s), quote=True)


def fmt(x, digits=0):
    if x is None or not np.isfinite(x):
        return "–"
    return f"{x:,.{digits}f}"


def fmt_pct(x, digits=1):
    if x is None or not np.isfinite(x):
        return "–"
    return f"{x:+.{digits}f} %"


def num_cell(x, text=None, cls="num"):
    data = "nan" if x is None or not np.isfinite(x) else repr(float(x))
    return f'<td class="{cls}" data-value="{data}">{esc(text if text is not None else fmt(x))}</td>'


def pct(a, b):
    if b is None or a is None or not np.isfinite(a) or not np.isfinite(b) or b == 0:
        return float("nan")
    return 100.0 * (a / b - 1.0)


# ----------------------------------------------------------------------------- sections

def scenario_texts(ds, k):
    if k == "compare":
        return [("policy", attr(ds, "policy_scenario")),
                ("baseline", attr(ds, "baseline_scenario"))]
    return [("", attr(ds, "scenario"))]


def key_lines(text):
    """Settings worth reading first: dates, seed, scale, aid and shipments keys, and any value
    set on the command line or drawn from a prior."""
    out = []
    for line in str(text).splitlines():
        if not line or line.startswith("#") or "=" not in line:
            continue
        key = line.split("=", 1)[0].strip()
        if key.startswith(KEY_PREFIXES) or "# --set" in line or "# prior" in line:
            out.append(line.strip())
    return out


def scenario_table(text, name):
    """Rows of the `# table NAME` CSV block of a resolved scenario text."""
    lines = str(text).splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"# table {name} "):
            block = []
            for row in lines[i + 1:]:
                if not row.strip() or row.startswith("# table "):
                    break
                block.append(row)
            try:
                return list(csv.DictReader(io.StringIO("\n".join(block))))
            except csv.Error:
                return []
    return []


def provenance_section(ds, k, path, baseline_path):
    rows = [("file", os.path.abspath(path)), ("file kind", k)]
    if baseline_path:
        rows.append(("baseline file", os.path.abspath(baseline_path)))
    for name in PROVENANCE_ATTRS + KIND_ATTRS.get(k, []):
        value = attr(ds, name, None)
        if value is not None and str(value) != "":
            rows.append((name, value))
    out = ['<section id="scenario"><h2>Scenario and assumptions</h2><table class="kv">']
    out += [f"<tr><th>{esc(a)}</th><td>{esc(b)}</td></tr>" for a, b in rows]
    out.append("</table>")
    for label, text in scenario_texts(ds, k):
        if not text:
            continue
        title = f" ({label} arm)" if label else ""
        lines = key_lines(text)
        if lines:
            out.append(f"<h3>Key settings{esc(title)}</h3><pre class=\"settings\">"
                       + esc("\n".join(lines)) + "</pre>")
        ships = scenario_table(text, "shipments")
        if ships:
            total = 0.0
            out.append(f'<h3>Aid shipments{esc(title)}</h3><table class="grid shipments">'
                       "<tr><th>shipment</th><th>arrival</th><th>entry point</th>"
                       "<th>commodity</th><th>tonnes</th><th>announced</th></tr>")
            for s in ships:
                try:
                    t = float(s.get("tonnes", "nan"))
                except ValueError:
                    t = float("nan")
                total += t if np.isfinite(t) else 0.0
                out.append(f"<tr><td>{esc(s.get('shipment', ''))}</td>"
                           f"<td>{esc(s.get('arrival_date', ''))}</td>"
                           f"<td>{esc(s.get('entry_point', ''))}</td>"
                           f"<td>{esc(s.get('commodity', ''))}</td>{num_cell(t)}"
                           f"<td>{esc(s.get('announce_date', ''))}</td></tr>")
            out.append(f"<tr class=\"total\"><th colspan=\"4\">total (before aid.tonnage_scale)"
                       f"</th>{num_cell(total)}<td></td></tr></table>")
    if k == "compare":
        a, b = (t for _, t in scenario_texts(ds, k))
        pa = {ln.split("=", 1)[0].strip(): ln.strip() for ln in str(a).splitlines() if "=" in ln
              and not ln.startswith("#")}
        pb = {ln.split("=", 1)[0].strip(): ln.strip() for ln in str(b).splitlines() if "=" in ln
              and not ln.startswith("#")}
        diff = [(key, pa.get(key, ""), pb.get(key, ""))
                for key in dict.fromkeys(list(pa) + list(pb)) if pa.get(key) != pb.get(key)]
        out.append('<h3>Policy against baseline: settings that differ</h3>'
                   '<table class="grid diff"><tr><th>policy</th><th>baseline</th></tr>')
        out += [f"<tr><td><code>{esc(x)}</code></td><td><code>{esc(y)}</code></td></tr>"
                for _, x, y in diff] or ["<tr><td colspan=\"2\">none</td></tr>"]
        out.append("</table>")
    for label, text in scenario_texts(ds, k):
        if text:
            out.append(f"<details><summary>Full resolved scenario"
                       f"{esc(f' ({label} arm)' if label else '')}</summary>"
                       f"<pre class=\"scenario\">{esc(text)}</pre></details>")
    out.append("</section>")
    return "\n".join(out)


def map_values(ds, k, base, bk):
    """({region: value in %}, title). See the module doc for which change is shown."""
    names = regions(ds)
    if base is not None:
        mine = monthly_levels(ds, k, [MAP_COMMODITY])
        theirs = monthly_levels(base, bk, [MAP_COMMODITY])
        common = set(mine["month"]) & set(theirs["month"])
        if not common:
            raise ReportError("the --baseline file has no month in common with the file")
        last = max(common)
        a = mine[mine["month"] == last].set_index("region")["value"]
        b = theirs[theirs["month"] == last].set_index("region")["value"]
        vals = {r: pct(a.get(r, np.nan), b.get(r, np.nan)) for r in names}
        return vals, (f"Flour price in {last}: this file against the baseline file "
                      f"(monthly mean, %)")
    if k == "compare":
        pol = monthly_levels(ds, k, [MAP_COMMODITY], "policy")
        bas = monthly_levels(ds, k, [MAP_COMMODITY], "baseline")
        last = pol["month"].max()
        a = pol[pol["month"] == last].set_index("region")["value"]
        b = bas[bas["month"] == last].set_index("region")["value"]
        vals = {r: pct(a.get(r, np.nan), b.get(r, np.nan)) for r in names}
        return vals, (f"Flour price in {last}: policy against baseline (ensemble means of the "
                      f"monthly mean, %)")
    t = monthly_levels(ds, k, [MAP_COMMODITY])
    first, last = t["month"].min(), t["month"].max()
    a = t[t["month"] == last].set_index("region")["value"]
    b = t[t["month"] == first].set_index("region")["value"]
    what = "ensemble mean of the monthly mean" if k == "forecast" else "monthly mean"
    return ({r: pct(a.get(r, np.nan), b.get(r, np.nan)) for r in names},
            f"Flour price change from {first} to {last} ({what}, %)")


def colour(v, vmax):
    """Diverging blue (fall) – white – red (rise)."""
    if v is None or not np.isfinite(v):
        return "#cccccc"
    t = max(-1.0, min(1.0, v / vmax)) if vmax > 0 else 0.0
    if t >= 0:
        c0, c1 = (247, 247, 247), (178, 24, 43)
    else:
        c0, c1, t = (247, 247, 247), (33, 102, 172), -t
    r, g, b = (round(a + (b_ - a) * t) for a, b_ in zip(c0, c1))
    return f"#{r:02x}{g:02x}{b:02x}"


def spread(points, size, box, iterations=400):
    """Moves overlapping squares of side `size` apart (a tile map), inside box (x0, y0, x1, y1)."""
    p = {r: np.array(v, dtype=float) for r, v in points.items()}
    names = list(p)
    gap = size + 6
    for _ in range(iterations):
        moved = False
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                d = p[b] - p[a]
                overlap = gap - max(abs(d[0]), abs(d[1]))
                if overlap <= 0:
                    continue
                moved = True
                if not d.any():
                    d = np.array([1.0, 0.3])
                step = d / max(abs(d[0]), abs(d[1])) * min(overlap, 4.0) / 2
                p[a] -= step
                p[b] += step
        for r in names:
            p[r][0] = min(max(p[r][0], box[0]), box[2])
            p[r][1] = min(max(p[r][1], box[1]), box[3])
        if not moved:
            break
    return {r: (float(v[0]), float(v[1])) for r, v in p.items()}


def map_svg(values, coords, title, text=fmt_pct, centre=0.0, legend="change"):
    """An inline SVG tile map: one labelled square per region near its lat/lon (a dot and a line
    mark the exact point where a square had to move aside), and a colour legend. Colours diverge
    from `centre` (0 for changes; levels use their median); `text` formats a value."""
    width, height, pad, legend_w, size = 760, 570, 40, 130, 62
    pts = {r: coords[r] for r in values if r in coords}
    lats = [p[0] for p in pts.values()] or [0.0]
    lons = [p[1] for p in pts.values()] or [0.0]
    lat0, lat1 = min(lats), max(lats)
    lon0, lon1 = min(lons), max(lons)
    cos = math.cos(math.radians((lat0 + lat1) / 2))
    inner_w = width - 2 * pad - legend_w - size
    inner_h = height - 2 * pad - size - 20
    scale = min(inner_w / max((lon1 - lon0) * cos, 1e-6), inner_h / max(lat1 - lat0, 1e-6))
    finite = [abs(v - centre) for v in values.values() if np.isfinite(v)]
    vmax = max(finite) if finite else 1.0
    vmax = max(vmax, 1e-9)

    def xy(lat, lon):
        x = pad + size / 2 + (lon - lon0) * scale * cos
        y = pad + 20 + size / 2 + (lat1 - lat) * scale
        return x, y

    exact = {r: xy(*pts[r]) for r in pts}
    box = (pad + size / 2, pad + 20 + size / 2, width - legend_w - pad - size / 2,
           height - pad - size / 2)
    placed = spread(exact, size, box)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="map" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{esc(title)}">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fbfbf8"/>',
           f'<text x="{pad}" y="28" class="map-title">{esc(title)}</text>']
    for r in pts:
        (ex, ey), (x, y) = exact[r], placed[r]
        if abs(ex - x) > 1 or abs(ey - y) > 1:
            out.append(f'<line x1="{ex:.1f}" y1="{ey:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                       f'stroke="#888" stroke-width="0.8"/>'
                       f'<circle cx="{ex:.1f}" cy="{ey:.1f}" r="2.2" fill="#222"/>')
    for r in pts:
        (ex, ey), (x, y) = exact[r], placed[r]
        v = values[r]
        tip = f"{r} ({pts[r][0]:.2f} N, {pts[r][1]:.2f} E): {text(v)}"
        out.append(f'<g class="map-region" data-region="{esc(r)}" '
                   f'data-value="{"nan" if not np.isfinite(v) else repr(float(v))}">'
                   f'<title>{esc(tip)}</title>'
                   f'<rect x="{x - size / 2:.1f}" y="{y - size / 2:.1f}" width="{size}" '
                   f'height="{size}" rx="6" fill="{colour(v - centre, vmax)}" stroke="#333" '
                   f'stroke-width="1"/>'
                   f'<text x="{x:.1f}" y="{y - 6:.1f}" class="map-label">{esc(r)}</text>'
                   f'<text x="{x:.1f}" y="{y + 14:.1f}" class="map-value">{esc(text(v))}'
                   f'</text></g>')
    missing = [r for r in values if r not in pts]
    if missing:
        out.append(f'<text x="{pad}" y="{height - 12}" class="map-note">no coordinates: '
                   f'{esc(", ".join(missing))}</text>')
    # legend
    lx, ly, lh = width - legend_w + 20, pad + 40, 260
    steps = 20
    out.append('<g class="legend">')
    for i in range(steps):
        v = vmax * (1 - 2 * i / (steps - 1))
        out.append(f'<rect x="{lx}" y="{ly + i * lh / steps:.1f}" width="22" '
                   f'height="{lh / steps + 0.5:.1f}" fill="{colour(v, vmax)}"/>')
    out.append(f'<rect x="{lx}" y="{ly}" width="22" height="{lh}" fill="none" stroke="#333"/>')
    for v, yy in ((vmax, ly), (0.0, ly + lh / 2), (-vmax, ly + lh)):
        out.append(f'<text x="{lx + 28}" y="{yy + 4:.1f}" class="legend-label">'
                   f'{esc(text(centre + v))}</text>')
    out.append(f'<text x="{lx}" y="{ly - 10}" class="legend-label">{esc(legend)}</text>')
    out.append(f'<rect x="{lx}" y="{ly + lh + 16}" width="22" height="12" fill="#cccccc" '
               f'stroke="#333"/><text x="{lx + 28}" y="{ly + lh + 26}" '
               f'class="legend-label">no data</text></g></svg>')
    return "\n".join(out)


def map_section(ds, k, base, bk):
    values, title = map_values(ds, k, base, bk)
    coords = coordinates(ds)
    return ('<section id="map"><h2>Map</h2>'
            '<p class="note">Each province is a square at its capital\'s latitude and longitude '
            '(not a boundary map); colour: blue a fall, red a rise.</p>'
            + map_svg(values, coords, title) + "</section>")


def chart_png(ds, k, base, bk):
    """One panel per region on one y axis (regions compare at a glance), as plot_prices.py."""
    names = regions(ds)
    ncol = 4
    nrow = int(math.ceil(len(names) / ncol))
    fig, axes = pyplot().subplots(nrow, ncol, figsize=(3.2 * ncol, 2.4 * nrow), sharex=True,
                                  sharey=True, squeeze=False)
    commodity = MAP_COMMODITY

    def sel(da, r):
        da = da.sel(region=r)
        return da.sel(commodity=commodity) if "commodity" in da.dims else da

    time = pd.DatetimeIndex(ds["time"].values)
    for ax, r in zip(axes.ravel(), names):
        if k == "run":
            ax.plot(time, sel(ds["price"], r).values, color="C0", lw=1.4, label="run")
        elif k == "forecast":
            q = [None if b is None else sel(b, r).values for b in bands(ds["price"])]
            if q[0] is not None and q[4] is not None:
                ax.fill_between(time, q[0], q[4], color="C0", alpha=0.18, lw=0, label="90 %")
            if q[1] is not None and q[3] is not None:
                ax.fill_between(time, q[1], q[3], color="C0", alpha=0.35, lw=0, label="50 %")
            ax.plot(time, q[2], color="C0", lw=1.4, label="median")
        else:
            for arm, c in (("baseline", "C7"), ("policy", "C0")):
                q = [None if b is None else sel(b, r).values
                     for b in bands(arm_variable(ds, "price", arm))]
                if q[0] is not None and q[4] is not None:
                    ax.fill_between(time, q[0], q[4], color=c, alpha=0.2, lw=0)
                ax.plot(time, q[2], color=c, lw=1.4, label=f"{arm} median (90 % band)")
        if base is not None and r in regions(base):
            bt = pd.DatetimeIndex(base["time"].values)
            ax.plot(bt, sel(central(base, bk, "price"), r).values, color="k", ls="--", lw=1,
                    label="baseline file")
        ax.set_title(r, fontsize=9)
        ax.tick_params(labelsize=7)
        format_dates(ax, time.values)
    finish_grid(axes, len(names), ncol, fontsize=8)
    units = str(ds["price" if "price" in ds.data_vars else "price_mean"].attrs.get("units", ""))
    fig.suptitle(f"{commodity} price ({units}) by region", fontsize=11)
    fig.tight_layout(rect=(0, 0.02, 1, 0.96))
    return png_of(fig)


def chart_section(ds, k, base, bk):
    what = {"run": "the simulated daily price",
            "forecast": "median with 50 % and 90 % bands of the ensemble",
            "compare": "policy and baseline arms: medians with 90 % bands"}[k]
    if base is not None:
        what += "; dashed: the baseline file's central path"
    png = chart_png(ds, k, base, bk)
    return (f'<section id="charts"><h2>Flour price by region</h2><p class="note">{esc(what)}.</p>'
            f'<img class="chart" alt="flour price by region" '
            f'src="data:image/png;base64,{png}"/></section>')


def table_section(ds, k, base, bk):
    commodities = [c for c in TABLE_COMMODITIES if c in [str(x) for x in ds["commodity"].values]]
    out = ['<section id="table"><h2>Monthly prices</h2>']
    if k == "compare":
        pol = monthly_levels(ds, k, commodities, "policy")
        bas = monthly_levels(ds, k, commodities, "baseline")
        t = pol.merge(bas[["month", "region", "commodity", "value"]],
                      on=["month", "region", "commodity"], suffixes=("", "_baseline"))
        units = t["units"].iloc[0] if len(t) else ""
        out.append(f'<p class="note">Monthly means of the ensemble means, {esc(units)}; '
                   f'effect = policy − baseline.</p>')
        head = ["month", "region", "commodity", "policy", "baseline", "effect", "effect %"]
    else:
        t = monthly_table(ds, "price")
        t = t[t["commodity"].isin(commodities)].reset_index(drop=True)
        first = t["month"].min() if len(t) else None
        if first is not None:
            t = monthly_table(ds, "price", reference=(first, first))
            t = t[t["commodity"].isin(commodities)].reset_index(drop=True)
        units = t["units"].iloc[0] if len(t) else ""
        mean = " ensemble means of the" if k == "forecast" else ""
        out.append(f'<p class="note">Monthly{mean} mean prices, {esc(units)}; changes against '
                   f'the previous month, the same month a year earlier and the first month '
                   f'({esc(first)}).</p>')
        head = ["month", "region", "commodity", "price", "vs prev. month", "vs prev. year",
                f"vs {first}"]
        if base is not None:
            b = monthly_levels(base, bk, commodities)
            t = t.merge(b[["month", "region", "commodity", "value"]],
                        on=["month", "region", "commodity"], how="left",
                        suffixes=("", "_baseline"))
            head += ["baseline file", "vs baseline"]
    out.append('<table class="grid monthly"><tr>' + "".join(f"<th>{esc(h)}</th>" for h in head)
               + "</tr>")
    t = t.sort_values(["commodity", "region", "month"],
                      key=lambda s: s.map({c: i for i, c in enumerate(commodities)})
                      if s.name == "commodity" else s.map({r: i for i, r in
                                                           enumerate(regions(ds))})
                      if s.name == "region" else s)
    for row in t.itertuples(index=False):
        r = row._asdict()
        cells = [f"<td>{esc(r['month'])}</td><td>{esc(r['region'])}</td>"
                 f"<td>{esc(r['commodity'])}</td>"]
        if k == "compare":
            eff = r["value"] - r["value_baseline"]
            cells += [num_cell(r["value"], cls="num price"), num_cell(r["value_baseline"]),
                      num_cell(eff), num_cell(pct(r["value"], r["value_baseline"]),
                                              fmt_pct(pct(r["value"], r["value_baseline"])))]
        else:
            cells += [num_cell(r["value"], cls="num price")]
            for c in ("change_prev_month_pct", "change_prev_year_pct", "change_reference_pct"):
                cells.append(num_cell(r[c], fmt_pct(r[c])))
            if base is not None:
                d = pct(r["value"], r["value_baseline"])
                cells += [num_cell(r["value_baseline"]), num_cell(d, fmt_pct(d))]
        out.append(f'<tr data-month="{esc(r["month"])}" data-region="{esc(r["region"])}" '
                   f'data-commodity="{esc(r["commodity"])}">' + "".join(cells) + "</tr>")
    out.append("</table></section>")
    return "\n".join(out)


def tonnes(x):
    return x / 1000.0


def position_section(ds, k, base, bk):
    out = ['<section id="aid"><h2>Aid position and ledger on the last day</h2>']
    last = pd.Timestamp(ds["time"].values[-1]).strftime("%Y-%m-%d")
    if k == "run":
        cols = ["tonnes"]
    elif k == "forecast":
        cols = ["median t", "5 % t", "95 % t"]
    else:
        cols = ["policy median t", "baseline median t", "effect median t"]
    if base is not None:
        cols += ["baseline file t"]
    out.append(f'<p class="note">{esc(last)}; kg in the file, tonnes here.</p>'
               '<table class="grid aid"><tr><th>variable</th>'
               + "".join(f"<th>{esc(c)}</th>" for c in cols) + "<th>meaning</th></tr>")
    for name in AID_VARIABLES:
        if name not in ds.data_vars and f"{name}_policy" not in ds.data_vars:
            continue
        if k == "run":
            vals = [last_value(ds[name])]
        elif k == "forecast":
            q = bands(ds[name])
            vals = [last_value(q[i]) if q[i] is not None else float("nan") for i in (2, 0, 4)]
        else:
            vals = [last_value(central(ds, k, name, "policy")),
                    last_value(central(ds, k, name, "baseline"))]
            eff = f"{name}_effect"
            vals.append(last_value(quantile(ds[eff], 0.5)) if eff in ds.data_vars
                        else vals[0] - vals[1])
        if base is not None:
            vals.append(last_value(central(base, bk, name)) if name in base.data_vars
                        else float("nan"))
        da = ds[name] if name in ds.data_vars else ds[f"{name}_policy"]
        out.append(f'<tr data-var="{name}"><th>{name}</th>'
                   + "".join(num_cell(tonnes(v), fmt(tonnes(v), 1)) for v in vals)
                   + f"<td>{esc(da.attrs.get('long_name', ''))}</td></tr>")
    out.append("</table>")
    out.append(ledger_table(ds, k, "policy" if k == "compare" else None))
    if k == "compare":
        out.append(ledger_table(ds, k, "baseline"))
    if base is not None:
        out.append(ledger_table(base, bk, None, "baseline file"))
    out.append("</section>")
    return "\n".join(out)


def ledger_series(ds, k, name, arm):
    """The ledger variable over (time, commodity): run as stored; forecast and compare means
    (the ledger of means closes exactly, medians need not)."""
    if k == "run":
        return ds[name]
    da = ds[f"{name}_mean"]
    return da.sel(arm=arm) if arm and "arm" in da.dims else da


def ledger_table(ds, k, arm, label=None):
    if any(n not in ds.data_vars and f"{n}_mean" not in ds.data_vars for n in LEDGER_VARIABLES):
        return ""
    title = label or (f"{arm} arm" if arm else "")
    how = " (ensemble means)" if k != "run" else ""
    out = [f'<h3>National ledger{esc(" – " + title if title else "")}{how}, tonnes</h3>'
           f'<table class="grid ledger" data-ledger="{esc(label or arm or "file")}"><tr>'
           "<th>commodity</th>" + "".join(f"<th>{n}</th>" for n in LEDGER_VARIABLES)
           + "<th>closing gap</th></tr>"]
    series = {n: ledger_series(ds, k, n, arm).isel(time=-1) for n in LEDGER_VARIABLES}
    commodities = [str(c) for c in ds["commodity"].values]
    sums = {n: 0.0 for n in LEDGER_VARIABLES}
    for c in commodities + ["all"]:
        if c == "all":
            v = sums
        else:
            v = {n: float(series[n].sel(commodity=c).values) for n in LEDGER_VARIABLES}
            for n in LEDGER_VARIABLES:
                sums[n] += v[n] if np.isfinite(v[n]) else 0.0
        gap = (v["total_in"] - v["total_held"] - v["total_consumed"] - v["total_lost"])
        gap_pct = 100.0 * gap / v["total_in"] if v["total_in"] else float("nan")
        out.append(f'<tr data-commodity="{esc(c)}"><th>{esc(c)}</th>'
                   + "".join(num_cell(tonnes(v[n]), fmt(tonnes(v[n]), 1)) for n in LEDGER_VARIABLES)
                   + num_cell(gap_pct, "–" if not np.isfinite(gap_pct) else f"{gap_pct:.4f} %")
                   + "</tr>")
    out.append("</table>")
    return "\n".join(out)


# ----------------------------------------------------------------------------- other kinds

FEW_REGIONS = 4  # regions in the sweep's scatter and fan charts (the tables have every region)
SWEEP_QUANTILES = (0.05, 0.5, 0.95)
BACKTEST_METHODS = {"model_conditional": "model, conditional",
                    "model_unconditional": "model, unconditional",
                    "last_kpw": "last KPW price",
                    "last_usd_conditional": "last USD price × FX (observed FX)",
                    "last_usd_unconditional": "last USD price × FX (FX projected)",
                    "seasonal_naive": "seasonal naive"}
STAGES = {0: "global search (CRS2-LM)", 1: "local search (BOBYQA)", 2: "posterior curvature"}
EPOCH = np.datetime64("1970-01-01", "D")


def pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def png_of(fig, dpi=90):
    plt = pyplot()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def img(png, alt):
    return f'<img class="chart" alt="{esc(alt)}" src="data:image/png;base64,{png}"/>'


def strings(da):
    return [v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
            for v in np.ravel(da.values)]


def sig(x, digits=4):
    """A number to `digits` significant figures (whole numbers at 1000 and above)."""
    if x is None or not np.isfinite(x):
        return "–"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.{digits}g}"


def shown(units):
    """(scale, units as shown): shares (units 1) in %, the rest as stored."""
    return (100.0, "%") if str(units) == "1" else (1.0, str(units))


def param_cell(key):
    return f"<td>{esc(tornado.readable(key))}<br/><code>{esc(key)}</code></td>"


def date_text(days):
    return str(EPOCH + np.timedelta64(int(round(days)), "D")) if np.isfinite(days) else "–"


def th_row(head, cls=""):
    return (f'<table class="grid {cls}"><tr>' + "".join(f"<th>{esc(h)}</th>" for h in head)
            + "</tr>")


# sweep ------------------------------------------------------------------------

def sweep_outputs(ds):
    """The scalar outputs: numeric variables over run but not time."""
    return [str(n) for n, da in ds.data_vars.items() if "run" in da.dims and "time" not in da.dims
            and n not in ("run_point", "run_replicate") and da.dtype.kind in "fiu"]


def sweep_trajectories(ds):
    return [str(n) for n, da in ds.data_vars.items() if "run" in da.dims and "time" in da.dims
            and da.dtype.kind in "fiu"]


def sweep_parameters(ds):
    """[(key, scale, range, units)] of the swept parameters."""
    keys = [str(p) for p in ds["parameter"].values]

    def column(name, default):
        return strings(ds[name]) if name in ds.variables else [default] * len(keys)
    return list(zip(keys, column("parameter_scale", "linear"), column("parameter_range", ""),
                    column("parameter_units", "")))


def run_design(ds):
    """The design's values at each run (run × parameter), or None without run_point."""
    if "run_point" not in ds.variables or "design" not in ds.variables:
        return None
    return ds["design"].sel(point=ds["run_point"].values).values


def cells(da, skip):
    """[(labels dict, values over `skip`)] for each combination of da's other dimensions."""
    rest = [d for d in da.dims if d != skip]
    values = da.transpose(skip, *rest).values.reshape(da.sizes[skip], -1)
    labels = [[str(v) for v in da[d].values] if d in da.coords else
              [str(i) for i in range(da.sizes[d])] for d in rest]
    out = []
    for j, combo in enumerate(np.ndindex(*[len(x) for x in labels])):
        out.append(({d: labels[i][c] for i, (d, c) in enumerate(zip(rest, combo))},
                    values[:, j]))
    return out


def pick_commodity(da):
    """A scalar output reduced to one commodity (flour where it has values) for the charts."""
    if "commodity" not in da.dims:
        return da, ""
    names = [str(c) for c in da["commodity"].values]
    for c in [MAP_COMMODITY] + names:
        if c in names and np.isfinite(da.sel(commodity=c).values).any():
            return da.sel(commodity=c), c
    return da.sel(commodity=names[0]), names[0]


def design_section(ds):
    params = sweep_parameters(ds)
    values = ds["design"].values if "design" in ds.variables else None
    points = ds.sizes.get("point", 0)
    reps = ds.sizes.get("replicate", int(attr(ds, "replicates", 1) or 1))
    failed = int(np.nansum(ds["point_failed"].values)) if "point_failed" in ds.variables else 0
    out = ['<section id="design"><h2>Design</h2>',
           f'<p class="note" data-points="{points}" data-replicates="{reps}">'
           f'{esc(attr(ds, "design", "?"))} design over {len(params)} parameters: {points} points '
           f'× {reps} replicates = {ds.sizes.get("run", points * reps)} runs'
           f'{f"; {failed} points failed (NaN outputs)" if failed else ""}.</p>',
           th_row(["parameter", "scale", "range given", "units", "lowest in design",
                   "highest in design"], "design")]
    for i, (key, scale, given, units) in enumerate(params):
        col = values[:, i] if values is not None else np.array([np.nan])
        lo, hi = (np.nanmin(col), np.nanmax(col)) if np.isfinite(col).any() else (np.nan, np.nan)
        show = date_text if scale == "date" else sig
        out.append(f'<tr data-parameter="{esc(key)}">{param_cell(key)}<td>{esc(scale)}</td>'
                   f"<td><code>{esc(given)}</code></td><td>{esc(units)}</td>"
                   f"{num_cell(lo, show(lo))}{num_cell(hi, show(hi))}</tr>")
    out.append("</table>")
    out.append("<h3>Outputs</h3>" + th_row(["dataset", "term", "dimensions", "units",
                                              "meaning"], "outputs"))
    for name in sweep_outputs(ds) + sweep_trajectories(ds):
        da = ds[name]
        out.append(f"<tr><td><code>{esc(name)}</code></td>"
                   f"<td><code>{esc(da.attrs.get('output', ''))}</code></td>"
                   f"<td>{esc(' × '.join(da.dims))}</td><td>{esc(da.attrs.get('units', ''))}</td>"
                   f"<td>{esc(da.attrs.get('long_name', ''))}</td></tr>")
    out.append("</table></section>")
    return "\n".join(out)


def summary_section(ds):
    out = ['<section id="summary"><h2>Outputs across runs</h2>',
           '<p class="note">Each scalar output over every run of the design (points × '
           'replicates): mean, sample standard deviation and 5, 50 and 95 % quantiles (linear '
           'interpolation); shares in %. Cells with no value in any run (e.g. the wheat price, '
           'never sold at retail) are left out.</p>']
    for name in sweep_outputs(ds):
        da = ds[name]
        scale, units = shown(da.attrs.get("units", ""))
        rest = [d for d in da.dims if d != "run"]
        out.append(f"<h3><code>{esc(da.attrs.get('output', name))}</code> "
                   f"({esc(units)})</h3>")
        out.append(th_row(rest + ["runs", "mean", "sd", "5 %", "50 %", "95 %"], "summary"))
        left_out = 0
        for labels, v in cells(da, "run"):
            v = v[np.isfinite(v)]
            if not len(v):
                left_out += 1
                continue
            q = np.quantile(v, SWEEP_QUANTILES)
            sd = float(np.std(v, ddof=1)) if len(v) > 1 else float("nan")
            stats = [("mean", float(np.mean(v))), ("sd", sd), ("q05", q[0]), ("q50", q[1]),
                     ("q95", q[2])]
            attrs = "".join(f' data-{d}="{esc(x)}"' for d, x in labels.items())
            out.append(f'<tr data-output="{esc(name)}"{attrs}>'
                       + "".join(f"<td>{esc(x)}</td>" for x in labels.values())
                       + f"<td class=\"num\">{len(v)}</td>"
                       + "".join(num_cell(x, sig(x * scale), f"num {s}") for s, x in stats)
                       + "</tr>")
        out.append("</table>")
        if left_out:
            out.append(f'<p class="note">{left_out} cells without values left out.</p>')
    out.append("</section>")
    return "\n".join(out)


def scatter_png(ds):
    """Each output (flour for prices) against each parameter, one colour per region."""
    plt = pyplot()
    import matplotlib.dates as mdates
    import matplotlib.ticker as mticker
    design = run_design(ds)
    params = sweep_parameters(ds)
    rows = []
    for name in sweep_outputs(ds):
        da, commodity = pick_commodity(ds[name])
        if all(d in ("run", "region") for d in da.dims):
            rows.append((name, da, commodity))
    if design is None or not rows or not params:
        return None
    names = regions(ds)[:FEW_REGIONS] if "region" in ds.dims else []
    height = 2.6 * len(rows) + 0.6  # inches: the panels, then the title and the legend
    fig, axes = plt.subplots(len(rows), len(params), squeeze=False,
                             figsize=(max(7.0, 3.3 * len(params)), height))
    for i, (name, da, commodity) in enumerate(rows):
        scale, units = shown(da.attrs.get("units", ""))
        for j, (key, kind, _, _) in enumerate(params):
            ax = axes[i][j]
            x = design[:, j]
            if kind == "date":
                x = EPOCH + np.round(x).astype("timedelta64[D]")
            series = [(r, da.sel(region=r).values) for r in names] if "region" in da.dims \
                else [("", da.values)]
            for n, (r, y) in enumerate(series):
                if np.isfinite(y).any():
                    ax.scatter(x, (y - np.nanmedian(y)) * scale, s=9, alpha=0.7,
                               color=f"C{n}" if r else "0.2", label=r or None)
            ax.axhline(0, color="0.5", lw=0.6)
            if kind == "log":
                ax.set_xscale("log")
                ax.xaxis.set_major_locator(mticker.LogLocator(subs=(1, 2, 3, 5)))
                ax.xaxis.set_major_formatter(mticker.FormatStrFormatter("%g"))
                ax.xaxis.set_minor_formatter(mticker.NullFormatter())
            if kind == "date":
                ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=5))
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
            ax.tick_params(labelsize=7)
            ax.tick_params(axis="x", labelrotation=30)
            if i == len(rows) - 1:
                ax.set_xlabel(tornado.readable(key), fontsize=8)
            if j == 0:
                what = da.attrs.get("output", name) + (f", {commodity}" if commodity else "")
                diff = "percentage points" if units == "%" else units
                ax.set_ylabel(textwrap.fill(f"{what} minus median ({diff})", 34), fontsize=7)
    legend = {}  # a national output's row has no region to name
    for ax in axes.ravel():
        for h, label in zip(*ax.get_legend_handles_labels()):
            legend.setdefault(label, h)
    if legend:
        fig.legend(list(legend.values()), list(legend), loc="upper center", fontsize=8,
                   frameon=False, ncol=len(legend), bbox_to_anchor=(0.5, 1 - 0.35 / height))
    fig.suptitle("Outputs against the swept parameters (one point per run)", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.6 / height))
    return png_of(fig)


def scatter_section(ds):
    png = scatter_png(ds)
    if png is None:
        return None
    return ('<section id="scatter"><h2>Outputs against parameters</h2>'
            f'<p class="note">Rows: the scalar outputs (prices: {MAP_COMMODITY}); columns: the '
            f'swept parameters; one point per run in each of the first {FEW_REGIONS} regions '
            "(the file's order), as its difference from the region's median across runs, so "
            "that regions at different levels share a panel. The table above has the levels of "
            "every region.</p>"
            + img(png, "outputs against the swept parameters") + "</section>")


def fan_section(ds):
    """Quantiles across runs of a trajectory (the flour price if the sweep kept prices)."""
    names = sweep_trajectories(ds)
    if not names:
        return None
    name = "price_trajectory" if "price_trajectory" in names else names[0]
    da, commodity = pick_commodity(ds[name])
    extra = [d for d in da.dims if d not in ("time", "run", "region")]
    if extra:
        da = da.isel({d: 0 for d in extra})
    plt = pyplot()
    few = regions(ds)[:FEW_REGIONS] if "region" in da.dims else [None]
    scale, units = shown(da.attrs.get("units", ""))
    fig, axes = plt.subplots(1, len(few), squeeze=False, sharey=True,
                             figsize=(3.3 * len(few), 2.8))
    time = pd.DatetimeIndex(ds["time"].values)
    for ax, r in zip(axes[0], few):
        v = (da.sel(region=r) if r else da).transpose("time", "run").values * scale
        ok = np.isfinite(v).any(axis=1)
        q = np.full((5, len(time)), np.nan)
        q[:, ok] = np.nanquantile(v[ok], [0.05, 0.25, 0.5, 0.75, 0.95], axis=1)
        ax.fill_between(time, q[0], q[4], color="C0", alpha=0.18, lw=0, label="5–95 %")
        ax.fill_between(time, q[1], q[3], color="C0", alpha=0.35, lw=0, label="25–75 %")
        ax.plot(time, q[2], color="C0", lw=1.4, label="median")
        ax.set_title(r or "national", fontsize=9)
        ax.tick_params(labelsize=7)
        ax.tick_params(axis="x", labelrotation=30)
    axes[0][0].legend(fontsize=7, frameon=False)
    what = da.attrs.get("output", name) + (f", {commodity}" if commodity else "")
    fig.suptitle(f"{what} ({units}) across the runs of the design", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    return ('<section id="fan"><h2>Trajectories across runs</h2>'
            f'<p class="note">Median and 25–75 % and 5–95 % bands across all runs of '
            f'<code>{esc(name)}</code> on each day, for the first {FEW_REGIONS} regions: the '
            "spread mixes the swept parameters and the replicates' randomness.</p>"
            + img(png_of(fig), f"{what} across runs") + "</section>")


def sweep_map_section(ds):
    """The median across runs of the first regional output, on the tile map."""
    for name in sweep_outputs(ds):
        da, commodity = pick_commodity(ds[name])
        if set(da.dims) != {"run", "region"} or not np.isfinite(da.values).any():
            continue
        scale, units = shown(da.attrs.get("units", ""))
        values = {r: float(np.nanmedian(da.sel(region=r).values))
                  if np.isfinite(da.sel(region=r).values).any() else float("nan")
                  for r in regions(ds)}
        finite = [v for v in values.values() if np.isfinite(v)]
        what = da.attrs.get("output", name) + (f", {commodity}" if commodity else "")
        title = f"{what}: median across runs ({units})"
        return ('<section id="map"><h2>Map</h2>'
                '<p class="note">Each province is a square at its capital\'s latitude and '
                'longitude (not a boundary map); colour: red above, blue below the median over '
                'regions.</p>'
                + map_svg(values, coordinates(ds), title, text=lambda v: sig(v * scale),
                          centre=float(np.median(finite)), legend=f"median ({units})")
                + "</section>")
    return None


def sweep_sections(ds, k, path):
    return [("scenario", "Scenario", provenance_section(ds, k, path, None)),
            ("design", "Design", design_section(ds)),
            ("summary", "Outputs across runs", summary_section(ds)),
            ("scatter", "Scatter plots", scatter_section(ds)),
            ("fan", "Trajectories", fan_section(ds)),
            ("map", "Map", sweep_map_section(ds))]


# sensitivity ------------------------------------------------------------------

def summary_rows(ds, output, keys, commodity):
    """Per parameter, ranked by median ST: medians of S1 and ST over regions, ST's range and
    the regions where the parameter has the largest ST."""
    def over_regions(suffix):
        da = ds[output + suffix]
        if commodity is not None:
            da = da.sel(commodity=commodity)
        return da.transpose("parameter", ...).values.reshape(len(keys), -1)
    s1, st = over_regions("_S1"), over_regions("_ST")
    cols = np.isfinite(st).any(axis=0)  # cells with variance
    s1, st = s1[:, cols], st[:, cols]
    first = np.bincount(np.argmax(np.nan_to_num(st, nan=-np.inf), axis=0), minlength=len(keys))
    med_s1, med_st = np.nanmedian(s1, axis=1), np.nanmedian(st, axis=1)
    out = []
    for i in np.argsort(-np.nan_to_num(med_st, nan=-np.inf), kind="stable"):
        out.append(f'<tr data-output="{esc(output)}" data-commodity="{esc(commodity or "")}" '
                   f'data-parameter="{esc(keys[i])}">{param_cell(keys[i])}'
                   + num_cell(med_s1[i], f"{med_s1[i]:.3f}", "num s1-median")
                   + num_cell(med_st[i], f"{med_st[i]:.3f}", "num st-median")
                   + f'<td class="num">{sig(np.nanmin(st[i]), 2)} – {sig(np.nanmax(st[i]), 2)}'
                   f'</td><td class="num">{first[i]} of {st.shape[1]}</td></tr>')
    return out


def indices_section(ds):
    conf = float(attr(ds, "confidence", 0.95) or 0.95)
    keys = [str(p) for p in ds["parameter"].values]
    out = ['<section id="indices"><h2>Sobol indices</h2>',
           f'<p class="note">First-order (S1) and total (ST) Sobol indices: the share of the '
           f"output's variance over the design due to each parameter alone, and with its "
           f"interactions, with {conf:.0%} bootstrap intervals. The first table summarises the "
           f"regions (parameters ranked by the median ST); every cell is in the table below it, "
           f"parameters ranked by ST. Cells without variance (e.g. the wheat price, never sold "
           f"at retail) have no indices and are left out.</p>"]
    for output in tornado.outputs_in(ds):
        st = ds[output + "_ST"]
        term = st.attrs.get("long_name", output).split(" of ", 1)[-1]
        rest = [d for d in st.dims if d != "parameter"]
        out.append(f"<h3><code>{esc(term)}</code></h3>")
        if "region" in rest and set(rest) <= {"region", "commodity"}:
            commodities = [None]
            if "commodity" in rest:
                commodities = [str(c) for c in ds["commodity"].values
                               if np.isfinite(st.sel(commodity=c).values).any()]
            for c in commodities:
                out.append(th_row(["parameter", "median S1", "median ST", "ST lowest – highest",
                                   "largest ST in regions"], "indices-summary"))
                if c is not None:
                    out[-1] = f'<p class="note">{esc(c)}:</p>' + out[-1]
                out += summary_rows(ds, output, keys, c) + ["</table>"]
        fields = {s: cells(ds[output + s], "parameter")
                  for s in ("_S1", "_S1_low", "_S1_high", "_ST", "_ST_low", "_ST_high")}
        rows = []
        for c, (labels, st_v) in enumerate(fields["_ST"]):
            if not np.isfinite(st_v).any():
                continue
            v = {s: f[c][1] for s, f in fields.items()}
            attrs = "".join(f' data-{d}="{esc(x)}"' for d, x in labels.items())
            for i in np.argsort(-np.nan_to_num(st_v, nan=-np.inf), kind="stable"):
                def interval(s):
                    return f"[{sig(v[s + '_low'][i], 2)}, {sig(v[s + '_high'][i], 2)}]"
                rows.append(f'<tr data-output="{esc(output)}"{attrs} '
                            f'data-parameter="{esc(keys[i])}">'
                            + "".join(f"<td>{esc(x)}</td>" for x in labels.values())
                            + f'<td title="{esc(keys[i])}">{esc(tornado.readable(keys[i]))}</td>'
                            + num_cell(v["_S1"][i], f"{v['_S1'][i]:.3f}", "num s1")
                            + f'<td class="num">{esc(interval("_S1"))}</td>'
                            + num_cell(v["_ST"][i], f"{v['_ST'][i]:.3f}", "num st")
                            + f'<td class="num">{esc(interval("_ST"))}</td></tr>')
        out.append(f"<details><summary>Every cell ({len(rows)} rows)</summary>"
                   + th_row(rest + ["parameter", "S1", "S1 interval", "ST", "ST interval"],
                            "indices") + "\n".join(rows) + "</table></details>")
    out.append("</section>")
    return "\n".join(out)


def tornado_section(ds, path):
    """tornado.py's bar charts, one per output (prices: flour), every region."""
    figures = []
    for output in tornado.outputs_in(ds):
        _, commodity = pick_commodity(ds[output + "_ST"]) if "commodity" in \
            ds[output + "_ST"].dims else (None, MAP_COMMODITY)
        args = argparse.Namespace(file=path, output=output, commodity=commodity, region=None)
        try:
            fig, _ = tornado.draw(ds, args)
        except tornado.BadInput:  # e.g. an output over tiers: its table is enough
            continue
        figures.append(img(png_of(fig, dpi=70), f"Sobol indices of {output}"))
    if not figures:
        return None
    return ('<section id="tornado"><h2>Bar charts</h2><p class="note">Per region, a bar per '
            'parameter ranked by its total index ST (red) beside its first-order index S1 '
            '(blue), whiskers the bootstrap intervals.</p>' + "\n".join(figures) + "</section>")


def sensitivity_sections(ds, k, path):
    return [("scenario", "Scenario", provenance_section(ds, k, path, None)),
            ("indices", "Indices", indices_section(ds)),
            ("tornado", "Bar charts", tornado_section(ds, path))]


# backtest ---------------------------------------------------------------------

def backtest_frame(ds):
    """One row per forecast and method: period, horizon, error, ape, crps, in50, in90."""
    methods = strings(ds["method"])
    modes = strings(ds["mode"]) if "mode" in ds.variables else []
    obs = ds["observed"].values
    frames = []
    for m in methods:
        # sel({"method": m}), not sel(method=m): `method` is a keyword of sel itself.
        median = ds["forecast_median"].sel({"method": m}).values
        f = pd.DataFrame({"method": m, "test": ds["test"].values == 1,
                          "horizon": ds["horizon_weeks"].values,
                          "error": (median - obs) / obs,
                          "ape": ds["ape"].sel({"method": m}).values,
                          "crps": ds["crps"].sel({"method": m}).values})
        mode = m[len("model_"):] if m.startswith("model_") else None
        if mode in modes and all(q in ds.variables for q in ("q05", "q25", "q75", "q95")):
            def q(name):
                return ds[name].sel(mode=mode).values
            f["in50"] = ((q("q25") <= obs) & (obs <= q("q75"))).astype(float)
            f["in90"] = ((q("q05") <= obs) & (obs <= q("q95"))).astype(float)
        else:
            f["in50"] = f["in90"] = np.nan
        frames.append(f[np.isfinite(f["ape"])])
    return pd.concat(frames, ignore_index=True), methods


def method_name(m):
    return BACKTEST_METHODS.get(m, m.replace("_", " "))


def score_table(t, methods, cls):
    head = ["method", "n", "MAPE %", "median APE %", "bias %", "50 % band cover %",
            "90 % band cover %", "CRPS %"]
    out = [th_row(head, f"scores {cls}")]
    for m in methods:
        g = t[t["method"] == m]
        vals = [("mape", g["ape"].mean()), ("mdape", g["ape"].median()),
                ("bias", g["error"].mean()), ("cover50", g["in50"].mean()),
                ("cover90", g["in90"].mean()), ("crps", g["crps"].mean())]
        out.append(f'<tr data-method="{esc(m)}"><td>{esc(method_name(m))}</td>'
                   f'<td class="num">{len(g)}</td>'
                   + "".join(num_cell(100 * float(x), fmt(100 * float(x), 1), f"num {s}")
                             for s, x in vals) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def horizon_table(t, methods):
    horizons = sorted(t["horizon"].unique())
    head = ["method"] + [f"{h:g} wk {what}" for what in ("MAPE %", "CRPS %", "90 % cover %")
                         for h in horizons]
    out = [th_row(head, "horizons")]
    for m in methods:
        g = t[t["method"] == m]
        cells_ = []
        for what, col in (("mape", "ape"), ("crps", "crps"), ("cover90", "in90")):
            for h in horizons:
                x = 100 * float(g[g["horizon"] == h][col].mean())
                cells_.append(num_cell(x, fmt(x, 1), f"num {what}").replace(
                    "<td ", f'<td data-horizon="{h:g}" ', 1))
        out.append(f'<tr data-method="{esc(m)}"><td>{esc(method_name(m))}</td>'
                   + "".join(cells_) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def backtest_sections(ds, k, path):
    t, methods = backtest_frame(ds)
    until = attr(ds, "train_until", "?")
    test, train = t[t["test"]], t[~t["test"]]
    out = ['<section id="scores"><h2>Scores</h2>',
           '<p class="note">Per scored observation, in % of the observed price: MAPE and '
           'median APE of the forecast median, bias (mean signed error), the share of '
           'observations inside the model\'s central 50 % and 90 % bands, and the CRPS (for '
           'point forecasts the absolute error). Naive forecasts have no bands.</p>',
           f"<h3>Test period: observations after {esc(until)} ({int((ds['test'] == 1).sum())}"
           " forecasts)</h3>",
           score_table(test, methods, "test") if len(test) else "<p>none</p>",
           f"<h3>Training period: observations up to {esc(until)} "
           f"({int((ds['test'] != 1).sum())} forecasts; the parameters have seen them)</h3>",
           score_table(train, methods, "train") if len(train) else "<p>none</p>"]
    shown_t = test if len(test) else train
    which = "test" if len(test) else "training"
    out += [f"<h3>By horizon ({which} period; leads up to each horizon)</h3>",
            horizon_table(shown_t, methods)]
    if "model_error_sd" in ds.variables:
        hs = strings(ds["horizon"])
        sd = ds["model_error_sd"].values
        out.append("<h3>Model-error scale (sd of log price, fitted on the training period)</h3>"
                   + th_row(["horizon"] + hs, "model-error")
                   + "<tr><th>sd</th>" + "".join(num_cell(x, fmt(x, 3)) for x in sd)
                   + "</tr></table>")
    out.append("</section>")

    plt = pyplot()
    horizons = sorted(shown_t["horizon"].unique())
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
    for n, m in enumerate(methods):
        g = shown_t[shown_t["method"] == m].groupby("horizon")
        style = dict(color=f"C{n}", marker="o", lw=2 if m.startswith("model") else 1,
                     ls="-" if m.startswith("model") else "--", label=method_name(m))
        axes[0].plot(horizons, [100 * g["ape"].mean().get(h, np.nan) for h in horizons], **style)
        axes[1].plot(horizons, [100 * g["crps"].mean().get(h, np.nan) for h in horizons],
                     **style)
        if m.startswith("model"):
            axes[2].plot(horizons, [100 * g["in90"].mean().get(h, np.nan) for h in horizons],
                         **style)
    axes[2].axhline(90, color="0.4", lw=0.8, ls=":", label="nominal 90 %")
    for ax, title in zip(axes, ("MAPE %", "CRPS %", "model 90 % band cover %")):
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("horizon (weeks)", fontsize=8)
        ax.set_xticks(horizons)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7, frameon=False)
    axes[2].legend(fontsize=7, frameon=False)
    fig.suptitle(f"Skill by horizon ({which} period)", fontsize=11)
    fig.tight_layout()
    chart = ('<section id="skill"><h2>Skill by horizon</h2>'
             + img(png_of(fig), "skill by horizon") + "</section>")
    return [("scenario", "Scenario", provenance_section(ds, k, path, None)),
            ("scores", "Scores", "\n".join(out)), ("skill", "Skill by horizon", chart)]


# calibration ------------------------------------------------------------------

def calibration_sections(ds, k, path):
    keys = [str(p) for p in ds["parameter"].values] if "parameter" in ds.dims else []
    ranges = strings(ds["parameter_range"]) if keys else []
    units = strings(ds["parameter_units"]) if keys and "parameter_units" in ds else [""] * len(keys)
    best = ds["best_value"].values if keys else []
    sd = ds["posterior_sd"].values if keys and "posterior_sd" in ds else [np.nan] * len(keys)
    out = ['<section id="fit"><h2>Fitted parameters</h2>',
           '<p class="note">Best values of the weighted mean squared log price error, with the '
           'approximate posterior (Laplace: a normal at the best fit) as sd and best ± 1.96 sd '
           '(not cut to the range searched). '
           'Dates are shown as dates, their sd in days.</p>']
    if keys:
        out.append(th_row(["parameter", "range searched (prior)", "units", "best", "posterior sd",
                           "≈ 95 % interval"], "parameters"))
        for i, key in enumerate(keys):
            is_date = ranges[i].startswith("date_")
            show = date_text if is_date else sig
            lo, hi = best[i] - 1.96 * sd[i], best[i] + 1.96 * sd[i]
            out.append(f'<tr data-parameter="{esc(key)}">{param_cell(key)}'
                       f"<td><code>{esc(ranges[i])}</code></td><td>{esc(units[i])}</td>"
                       + num_cell(best[i], show(best[i]), "num best")
                       + num_cell(sd[i], sig(sd[i], 3), "num sd")
                       + f'<td class="num">{esc(show(lo))} – {esc(show(hi))}</td></tr>')
        out.append("</table>")
        if len(keys) > 1 and "posterior_covariance_unit" in ds:
            cov = ds["posterior_covariance_unit"].values
            d = np.sqrt(np.diag(cov))
            corr = cov / np.outer(d, d)
            out.append("<h3>Posterior correlations</h3>"
                       + th_row([""] + [tornado.readable(x) for x in keys], "correlations"))
            for i, key in enumerate(keys):
                out.append(f"<tr><th>{esc(tornado.readable(key))}</th>"
                           + "".join(num_cell(x, f"{x:+.2f}") for x in corr[i]) + "</tr>")
            out.append("</table>")
    else:
        out.append("<p>No parameter fitted: the scenario was scored as it is.</p>")
    out.append("</section>")

    obs = pd.DataFrame({"city": strings(ds["city"]), "commodity": strings(ds["commodity"]),
                        "residual": ds["log_residual"].values,
                        "observed": ds["observed_price"].values,
                        "fitted": ds["fitted_price"].values,
                        "weight": ds["weight"].values,
                        "date": pd.DatetimeIndex(ds["observation_date"].values)})
    obs["ape"] = (obs["fitted"] / obs["observed"] - 1).abs()
    res = ['<section id="residuals"><h2>Fit to the observed prices</h2>',
           f'<p class="note">{len(obs)} observations from {esc(attr(ds, "train_from", "?"))} to '
           f'{esc(attr(ds, "train_until", "?"))}; log residual = log(fitted / observed), '
           f'unweighted here (the fit weighs grades {esc(attr(ds, "grade_weights", ""))}). '
           f'Loss {sig(float(attr(ds, "loss", np.nan)))}, RMS log error '
           f'{sig(float(attr(ds, "rms_log_error", np.nan)), 3)}, MAPE '
           f'{fmt(100 * float(attr(ds, "mape", np.nan)), 1)} %.</p>',
           th_row(["city", "commodity", "n", "mean log residual", "RMS log residual",
                   "MAPE %"], "residuals")]
    for (city, commodity), g in obs.groupby(["city", "commodity"], sort=True):
        r = g["residual"][np.isfinite(g["residual"])]
        rms = float(np.sqrt(np.mean(r ** 2))) if len(r) else float("nan")
        res.append(f'<tr data-city="{esc(city)}" data-commodity="{esc(commodity)}">'
                   f"<td>{esc(city)}</td><td>{esc(commodity)}</td>"
                   f'<td class="num">{len(g)}</td>'
                   + num_cell(float(r.mean()) if len(r) else np.nan,
                              fmt(float(r.mean()) if len(r) else np.nan, 3), "num bias")
                   + num_cell(rms, fmt(rms, 3), "num rms")
                   + num_cell(100 * float(g["ape"].mean()), fmt(100 * float(g["ape"].mean()), 1),
                              "num mape") + "</tr>")
    res.append("</table>")

    plt = pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for n, (commodity, g) in enumerate(obs.groupby("commodity", sort=True)):
        axes[0].scatter(g["observed"], g["fitted"], s=12, color=f"C{n}", label=commodity)
        axes[1].scatter(g["date"], g["residual"], s=12, color=f"C{n}", label=commodity)
    finite = obs[["observed", "fitted"]].values
    finite = finite[np.isfinite(finite) & (finite > 0)]
    if len(finite):
        lims = [finite.min() * 0.9, finite.max() * 1.1]
        axes[0].plot(lims, lims, color="0.4", lw=0.8, ls=":")
        axes[0].set_xscale("log")
        axes[0].set_yscale("log")
    axes[0].set(xlabel="observed (KPW/kg)", ylabel="fitted (KPW/kg)")
    axes[0].set_title("fitted against observed", fontsize=10)
    axes[1].axhline(0, color="0.4", lw=0.8)
    axes[1].set_title("log residual over time", fontsize=10)
    axes[1].tick_params(axis="x", labelrotation=30)
    loss = ds["trace_loss"].values
    stage = ds["trace_stage"].values if "trace_stage" in ds else np.zeros(len(loss))
    ok = np.isfinite(loss) & (loss < 1e5)  # 1e6 marks a failed run
    for s, name in STAGES.items():
        m = ok & (stage == s)
        axes[2].scatter(np.arange(len(loss))[m], loss[m], s=10, color=f"C{s}", label=name)
    axes[2].set_yscale("log")
    axes[2].set(xlabel="evaluation", ylabel="loss")
    axes[2].set_title("objective by evaluation", fontsize=10)
    for ax in axes:
        ax.tick_params(labelsize=8)
        ax.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    res.append(img(png_of(fig), "fit to the observed prices") + "</section>")
    return [("scenario", "Scenario", provenance_section(ds, k, path, None)),
            ("fit", "Fitted parameters", "\n".join(out)),
            ("residuals", "Fit to the data", "\n".join(res))]


OTHER_KINDS = {"sweep": sweep_sections, "sensitivity": sensitivity_sections,
               "backtest": backtest_sections, "calibration": calibration_sections}


STYLE = """
body{font-family:Helvetica,Arial,sans-serif;margin:24px auto;max-width:1100px;color:#222;
 line-height:1.35}
h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;border-bottom:1px solid #bbb;
 padding-bottom:3px;margin-top:32px}h3{font-size:14px;margin-bottom:4px}
table{border-collapse:collapse;font-size:12px;margin:6px 0 12px}
th,td{padding:2px 8px;border:1px solid #ddd;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.kv td{word-break:break-all;max-width:820px}
pre{font-size:11px;background:#f6f6f3;padding:8px;overflow-x:auto;white-space:pre-wrap}
p.note{font-size:12px;color:#555}
img.chart{max-width:100%}
svg.map text{font-family:Helvetica,Arial,sans-serif}
.map-title{font-size:13px;font-weight:bold}.map-label{font-size:8.5px;text-anchor:middle}
.map-value{font-size:10px;text-anchor:middle;font-weight:bold}
.legend-label,.map-note{font-size:10px}
nav a{margin-right:12px;font-size:13px}
"""


def build(path, base_path=None):
    ds, k = open_file(path)
    base = bk = None
    if base_path and k not in TIME_SERIES:
        raise ReportError(f"--baseline applies to run, forecast and compare files; '{path}' is "
                          f"a {k} file")
    if base_path:
        base, bk = open_file(base_path, "baseline")
        if bk not in ("run", "forecast"):
            raise ReportError(f"--baseline '{base_path}' is a {bk} file; give a run or "
                              f"forecast file")
        if sorted(regions(base)) != sorted(regions(ds)):
            raise ReportError(f"--baseline '{base_path}' has regions "
                              f"{', '.join(regions(base))}, not those of '{path}'")
    title = attr(ds, "title", "grainsim") or "grainsim"
    name = attr(ds, "scenario_name") or attr(ds, "policy_scenario_name")
    heading = f"{title}: {name}" if name and name not in title else title
    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if k in TIME_SERIES:
        sections = [("scenario", "Scenario", provenance_section(ds, k, path, base_path)),
                    ("map", "Map", map_section(ds, k, base, bk)),
                    ("charts", "Charts", chart_section(ds, k, base, bk)),
                    ("table", "Monthly table", table_section(ds, k, base, bk)),
                    ("aid", "Aid and ledger", position_section(ds, k, base, bk))]
    else:
        sections = OTHER_KINDS[k](ds, k, path)
    # A section a file has nothing for (a sweep without trajectories, ...) is left out.
    sections = [s for s in sections if s[2]]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(heading)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{esc(heading)}</h1><p class=\"note\">grainsim {esc(k)} report of "
            f"{esc(os.path.basename(path))}"
            + (f" against {esc(os.path.basename(base_path))}" if base_path else "")
            + f"; generated {esc(generated)}.</p><nav>"
            + "".join(f'<a href="#{sid}">{esc(label)}</a>' for sid, label, _ in sections)
            + "</nav>" + "\n".join(part for _, _, part in sections) + "</body></html>\n")


def default_out(path):
    root, ext = os.path.splitext(path)
    return (root if ext.lower() in (".h5", ".nc", ".hdf5") else path) + ".html"


def write(out, text, force):
    if os.path.exists(out) and not force:
        raise ReportError(f"'{out}' exists; use --force to overwrite it")
    directory = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(directory):
        raise ReportError(f"'{out}': no such directory")
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ReportError(message)


def main(argv=None):
    p = Parser(prog="grainsim report", description=__doc__.split("\n")[0])
    p.add_argument("file")
    p.add_argument("--baseline")
    p.add_argument("--out")
    p.add_argument("--force", action="store_true")
    try:
        args = p.parse_args(argv)
        out = args.out or default_out(args.file)
        if os.path.exists(out) and not args.force:
            raise ReportError(f"'{out}' exists; use --force to overwrite it")
        write(out, build(args.file, args.baseline), args.force)
    except ReportError as e:
        print(f"grainsim report: {e}", file=sys.stderr)
        return 2
    except (KeyError, ValueError, OSError) as e:  # a file without what a report needs
        print(f"grainsim report: cannot report on '{args.file}': {type(e).__name__}: {e}",
              file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The parts every page of analysis/report.py shares: opening the file, number and HTML
formatting, embedded charts, and the scenario section from the file's provenance."""
import base64
import csv
import html
import io
import os

import numpy as np

from grainsim_data import GrainsimFileError, open_grainsim
from grainsim_tables import kind as file_kind
import tornado  # its parameter labels and bar charts


REPORTABLE = ("run", "forecast", "compare", "sweep", "sensitivity", "backtest", "calibration")
TIME_SERIES = ("run", "forecast", "compare")  # the kinds with daily regional prices
MAP_COMMODITY = "flour"
EPOCH = np.datetime64("1970-01-01", "D")
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

"""analysis/report.py writes a self-contained HTML report of every grainsim file kind (run,
forecast, compare, sweep, sensitivity, backtest, calibration) that renders in headless Chromium
without console errors, holds the expected sections (and nav links to exactly those), one map
tile per region where it has a map, shows numbers equal to those computed from the file with
h5py, and references nothing outside itself; bad input is refused with one line and exit
status 2.

Usage: /usr/bin/python3 tests/analysis/test_report.py SCRIPT RUN.h5 FORECAST.h5 COMPARE.h5
           SWEEP.h5 SENSITIVITY.h5 BACKTEST.h5 CALIBRATION-REPORT.h5

Prints one line per check, then "N passed, M failed"; exits non-zero if any check failed.
"""
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

from check_output import Checks

SECTIONS = {"run": ["scenario", "map", "charts", "table", "aid"],
            "sweep": ["scenario", "design", "summary", "scatter", "fan", "map"],
            "sensitivity": ["scenario", "indices", "tornado"],
            "backtest": ["scenario", "scores", "skill"],
            "calibration": ["scenario", "fit", "residuals"]}
SECTIONS["forecast"] = SECTIONS["compare"] = SECTIONS["run"]
# PNG charts each kind embeds at least (the map is inline SVG)
PNGS = {"run": 1, "forecast": 1, "compare": 1, "sweep": 2, "sensitivity": 2, "backtest": 1,
        "calibration": 1}
CHROMIUM_TIMEOUT = 60


def run(script, *args):
    return subprocess.run([sys.executable, script, *args], capture_output=True, text=True)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def render(browser, html_path, tmp):
    """(dom, console lines, returncode) of the page in headless Chromium."""
    profile = tempfile.mkdtemp(dir=tmp, prefix="chromium-")
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
           "--v=0", f"--user-data-dir={profile}", "--dump-dom",
           "file://" + os.path.abspath(html_path)]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "", ["timed out"], -1
    console = [ln for ln in r.stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln]
    return r.stdout, console, r.returncode


# ----------------------------------------------------------------------------- h5py side

def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def dims(ds):
    return [ds.dims[i][0].name.rsplit("/", 1)[-1] for i in range(ds.ndim)]


def names(f, dim):
    """A label dimension's names: D_name (new layout) or the string coordinate D (old)."""
    if f"{dim}_name" in f:
        return [text(v) for v in f[f"{dim}_name"][()]]
    return [text(v) for v in f[dim][()]]


def days(f):
    """The time axis as datetime.date objects (units 'days since YYYY-MM-DD ...')."""
    t = f["time"]
    units = text(t.attrs["units"])
    m = re.match(r"(days|hours|seconds) since (\d{4}-\d{2}-\d{2})", units)
    start = datetime.date.fromisoformat(m.group(2))
    scale = {"days": 1, "hours": 24, "seconds": 86400}[m.group(1)]
    return [start + datetime.timedelta(days=float(v) / scale) for v in t[()]]


def read(f, var, **sel):
    """f[var] with the named dimensions fixed (labels by name, quantile by value); returns the
    array over the remaining dimensions in file order, and their names."""
    ds = f[var]
    dnames = dims(ds)
    index = []
    for d in dnames:
        if d in sel:
            if d == "quantile":
                index.append(int(np.argmin(np.abs(f["quantile"][()] - sel[d]))))
            else:
                index.append(names(f, d).index(sel[d]))
        else:
            index.append(slice(None))
    return ds[tuple(index)], [d for d in dnames if d not in sel]


def arm_var(f, var, arm, **sel):
    if f"{var}_{arm}" in f:
        return read(f, f"{var}_{arm}", **sel)
    return read(f, var, arm=arm, **sel)


def month_mean(f, values, month):
    t = days(f)
    mask = np.array([f"{d.year:04d}-{d.month:02d}" == month for d in t])
    return float(np.nanmean(values[mask]))


# ----------------------------------------------------------------------------- page side

def attr_value(dom, pattern):
    """data-value of the first <td> after the opening tag matching `pattern`."""
    m = re.search(pattern + r'[^>]*>.*?<td[^>]*data-value="([^"]+)"', dom, re.S)
    return float(m.group(1)) if m else None


def price_cell(dom, month, region, commodity):
    m = re.search(rf'<tr data-month="{month}" data-region="{re.escape(region)}" '
                  rf'data-commodity="{commodity}">.*?<td class="num price" '
                  rf'data-value="([^"]+)"', dom, re.S)
    return float(m.group(1)) if m else None


def cell(dom, row, cls):
    """data-value of the <td class="num CLS"> in the first <tr> whose attributes contain all of
    `row` (a dict), or None."""
    for m in re.finditer(r"<tr( [^>]*)>(.*?)</tr>", dom, re.S):
        if all(f'data-{k}="{v}"' in m.group(1) for k, v in row.items()):
            c = re.search(rf'<td class="num {cls}" data-value="([^"]+)"', m.group(2))
            return float(c.group(1)) if c else None
    return None


def table(dom, cls):
    """The HTML of the first <table class="grid CLS"> ("" if none)."""
    m = re.search(rf'<table class="grid {cls}">.*?</table>', dom, re.S)
    return m.group(0) if m else ""


def map_values(dom):
    return {m.group(1): float(m.group(2)) for m in
            re.finditer(r'<g class="map-region" data-region="([^"]+)" data-value="([^"]+)"', dom)}


def close(a, b, rel=1e-6):
    return a is not None and b is not None and np.isfinite(a) and np.isfinite(b) and \
        abs(a - b) <= rel * max(1.0, abs(b))


def check_page(c, label, browser, page, h5, tmp, kind=None):
    with open(page, encoding="utf-8") as fh:
        source = fh.read()
    external = re.findall(r'(?:src|href)\s*=\s*["\']?\s*(?:https?:|//)', source, re.I)
    external += re.findall(r'url\(\s*["\']?\s*(?:https?:|//)', source, re.I)
    external += re.findall(r'@import', source, re.I)
    c.check(f"{label}: no external resources", not external, external[:3])
    c.check(f"{label}: no scripts", "<script" not in source.lower())
    kind = kind or label
    sections = SECTIONS[kind]
    pngs = source.count("data:image/png;base64,")
    c.check(f"{label}: {PNGS[kind]}+ PNG charts embedded", pngs >= PNGS[kind], f"{pngs} found")
    if "map" in sections:
        c.check(f"{label}: map embedded as SVG", "<svg" in source)
    if browser is None:
        c.check(f"{label}: Chromium found", False, "no chromium on PATH")
        return source
    dom, console, rc = render(browser, page, tmp)
    c.check(f"{label}: Chromium renders it (exit 0)", rc == 0 and "<body" in dom, f"exit {rc}")
    c.check(f"{label}: no console errors", not console, console[:3])
    for s in sections:
        c.check(f"{label}: section #{s}", f'<section id="{s}"' in dom)
    nav = re.search(r"<nav>(.*?)</nav>", dom, re.S)
    links = re.findall(r'href="#([^"]+)"', nav.group(1)) if nav else []
    c.check(f"{label}: nav links to exactly the sections present",
            links == re.findall(r'<section id="([^"]+)"', dom)
            and sorted(links) == sorted(sections),
            links)
    if "map" not in sections:
        return dom
    with h5py.File(h5, "r") as f:
        regions = names(f, "region")
    tiles = map_values(dom)
    c.check(f"{label}: map has one tile per region ({len(regions)})",
            sorted(tiles) == sorted(regions) and dom.count('class="map-region"') == len(regions),
            f"tiles {sorted(tiles)}")
    c.check(f"{label}: map values are finite",
            all(np.isfinite(v) for v in tiles.values()), tiles)
    return dom


def check_numbers(c, label, kind, dom, h5):
    with h5py.File(h5, "r") as f:
        regions = names(f, "region")
        region = regions[-1]
        t = days(f)
        months = sorted({f"{d.year:04d}-{d.month:02d}" for d in t})
        month = months[1] if len(months) > 1 else months[0]
        if kind == "run":
            arrived = float(read(f, "aid_arrived")[0][-1])
            price, _ = read(f, "price", region=region, commodity="flour")
            total_in, _ = read(f, "total_in")
            ledger_in = float(np.nansum(total_in[-1]))
        elif kind == "forecast":
            arrived = float(read(f, "aid_arrived", quantile=0.5)[0][-1])
            price, _ = read(f, "price_mean", region=region, commodity="flour")
            ledger_in = float(np.nansum(read(f, "total_in_mean")[0][-1]))
        else:
            arrived = float(arm_var(f, "aid_arrived", "policy", quantile=0.5)[0][-1])
            price, _ = read(f, "price_mean", arm="policy", region=region, commodity="flour")
            total_in, rest = read(f, "total_in_mean", arm="policy")
            ledger_in = float(np.nansum(total_in[-1] if rest[0] == "time" else total_in[:, -1]))
        expected_price = month_mean(f, np.asarray(price), month)
    shown = attr_value(dom, r'<tr data-var="aid_arrived"')
    c.check(f"{label}: aid arrived on the last day = {arrived / 1000:.3f} t",
            close(shown, arrived / 1000), f"page {shown}")
    shown = price_cell(dom, month, region, "flour")
    c.check(f"{label}: flour price {region} {month} = {expected_price:.3f}",
            close(shown, expected_price), f"page {shown}")
    m = re.search(r'<table class="grid ledger"[^>]*>.*?<tr data-commodity="all">.*?'
                  r'data-value="([^"]+)"', dom, re.S)
    shown = float(m.group(1)) if m else None
    c.check(f"{label}: ledger total_in (all commodities) = {ledger_in / 1000:.3f} t",
            close(shown, ledger_in / 1000), f"page {shown}")


def check_sweep(c, dom, h5):
    """Design size and range, an output's statistics across runs, and the map's medians."""
    with h5py.File(h5, "r") as f:
        points, reps, runs = len(f["point"]), len(f["replicate"]), len(f["run"])
        design = f["design"][()]
        params = names(f, "parameter")
        regions, commodities = names(f, "region"), names(f, "commodity")
        outputs = {n: dims(f[n]) for n in f if isinstance(f[n], h5py.Dataset)
                   and "output" in f[n].attrs and "time" not in dims(f[n])}
        regional = [n for n, d in outputs.items() if d == ["run", "region", "commodity"]]
        shares = [n for n, d in outputs.items() if d == ["run", "region"]]
        region = regions[-1]
        price = f[regional[0]][:, regions.index(region), commodities.index("flour")]
        share = f[shares[0]][:, regions.index(region)] if shares else None
        medians = {r: float(np.nanmedian(f[regional[0]][:, i, commodities.index("flour")]))
                   for i, r in enumerate(regions)}
    c.check(f"sweep: {points} points × {reps} replicates = {runs} runs shown",
            f'data-points="{points}" data-replicates="{reps}"' in dom and f"= {runs} runs" in dom)
    row = re.search(rf'<tr data-parameter="{re.escape(params[0])}">(.*?)</tr>', dom, re.S)
    ends = [float(v) for v in re.findall(r'data-value="([^"]+)"', row.group(1))] if row else []
    lo, hi = design[:, 0].min(), design[:, 0].max()
    c.check(f"sweep: design range of {params[0]} = {lo:.4g}..{hi:.4g}",
            len(ends) == 2 and close(ends[0], lo) and close(ends[1], hi), ends)
    v = price[np.isfinite(price)]
    expected = {"mean": v.mean(), "sd": v.std(ddof=1), "q05": np.quantile(v, 0.05),
                "q50": np.quantile(v, 0.5), "q95": np.quantile(v, 0.95)}
    for stat, x in expected.items():
        shown = cell(dom, {"output": regional[0], "region": region, "commodity": "flour"}, stat)
        c.check(f"sweep: {regional[0]} {region} flour {stat} across runs = {x:.3f}",
                close(shown, x), f"page {shown}")
    if share is not None:
        x = float(np.nanmean(share))
        shown = cell(dom, {"output": shares[0], "region": region}, "mean")
        c.check(f"sweep: {shares[0]} {region} mean = {x:.5f}", close(shown, x), f"page {shown}")
    tiles = map_values(dom)
    c.check(f"sweep: map shows the median across runs of {regional[0]} (flour) per region",
            all(close(tiles.get(r), m) for r, m in medians.items()),
            {r: (tiles.get(r), m) for r, m in medians.items()})


def check_sensitivity(c, dom, h5):
    """S1 and ST of one cell, the median ST over regions and the readable parameter names."""
    with h5py.File(h5, "r") as f:
        params = names(f, "parameter")
        regions, commodities = names(f, "region"), names(f, "commodity")
        output = next(n[:-3] for n in f if n.endswith("_ST")
                      and dims(f[n]) == ["parameter", "region", "commodity"])
        region, p, k = regions[-1], params[0], commodities.index("flour")
        s1 = float(f[output + "_S1"][0, regions.index(region), k])
        st = float(f[output + "_ST"][0, regions.index(region), k])
        median_st = float(np.nanmedian(f[output + "_ST"][0, :, k]))
    row = {"output": output, "region": region, "commodity": "flour", "parameter": p}
    for name, x, cls in (("S1", s1, "s1"), ("ST", st, "st")):
        shown = cell(dom, row, cls)
        c.check(f"sensitivity: {name} of {p} for {output} {region} flour = {x:.4f}",
                close(shown, x), f"page {shown}")
    shown = cell(dom, {"output": output, "commodity": "flour", "parameter": p}, "st-median")
    c.check(f"sensitivity: median ST over regions of {p} (flour) = {median_st:.4f}",
            close(shown, median_st), f"page {shown}")
    if "aid.tonnage_scale" in params:
        c.check("sensitivity: readable parameter name 'aid: tonnage scale'",
                "aid: tonnage scale" in dom)


def check_backtest(c, dom, h5):
    """Scores per period and method, and by horizon, against the forecasts in the file."""
    with h5py.File(h5, "r") as f:
        methods, modes = names(f, "method"), names(f, "mode")
        test = f["test"][()] == 1
        observed = f["observed"][()]
        ape, _ = read(f, "ape")  # forecast × method
        crps, _ = read(f, "crps")
        horizon = f["horizon_weeks"][()]
        q05 = f["q05"][:, modes.index("unconditional")]
        q95 = f["q95"][:, modes.index("unconditional")]
    m = methods.index("model_conditional")
    expected = 100 * np.nanmean(ape[test, m])
    shown = cell(table(dom, "scores test"), {"method": "model_conditional"}, "mape")
    c.check(f"backtest: test-period MAPE of model_conditional = {expected:.3f} %",
            close(shown, expected), f"page {shown}")
    n = methods.index("seasonal_naive")
    expected = 100 * np.nanmean(crps[~test, n])
    shown = cell(table(dom, "scores train"), {"method": "seasonal_naive"}, "crps")
    c.check(f"backtest: training-period CRPS of seasonal_naive = {expected:.3f} %",
            close(shown, expected), f"page {shown}")
    inside = (q05 <= observed) & (observed <= q95)
    expected = 100 * inside[test].mean()
    shown = cell(table(dom, "scores test"), {"method": "model_unconditional"}, "cover90")
    c.check(f"backtest: test-period 90 % cover of model_unconditional = {expected:.2f} %",
            close(shown, expected), f"page {shown}")
    h = horizon[test].max()
    expected = 100 * np.nanmean(ape[test & (horizon == h), methods.index("last_kpw")])
    m = re.search(r'<tr data-method="last_kpw">(.*?)</tr>', table(dom, "horizons"), re.S)
    got = re.search(rf'data-horizon="{h:g}" class="num mape" data-value="([^"]+)"',
                    m.group(1)) if m else None
    shown = float(got.group(1)) if got else None
    c.check(f"backtest: {h:g}-week MAPE of last_kpw = {expected:.3f} %", close(shown, expected),
            f"page {shown}")


def check_calibration(c, dom, h5):
    """Fitted values, posterior sd and a city's residuals against the file."""
    with h5py.File(h5, "r") as f:
        params = names(f, "parameter")
        best = f["best_value"][()]
        sd = f["posterior_sd"][()] if "posterior_sd" in f else None
        city = np.array([text(v) for v in f["city"][()]])
        commodity = np.array([text(v) for v in f["commodity"][()]])
        residual = f["log_residual"][()]
    for i, p in enumerate(params):
        shown = cell(dom, {"parameter": p}, "best")
        c.check(f"calibration: best {p} = {best[i]:.6g}", close(shown, best[i]), f"page {shown}")
        if sd is not None:
            shown = cell(dom, {"parameter": p}, "sd")
            c.check(f"calibration: posterior sd of {p} = {sd[i]:.4g}", close(shown, sd[i]),
                    f"page {shown}")
    where = (city == city[0]) & (commodity == commodity[0])
    rms = float(np.sqrt(np.mean(residual[where] ** 2)))
    shown = cell(dom, {"city": city[0], "commodity": commodity[0]}, "rms")
    c.check(f"calibration: RMS log residual {city[0]} {commodity[0]} = {rms:.4f}",
            close(shown, rms), f"page {shown}")


def check_baseline(c, script, browser, run_h5, forecast_h5, tmp):
    """--baseline: the map shows the run against the forecast's mean in their last common month."""
    out = os.path.join(tmp, "baseline.html")
    r = run(script, run_h5, "--baseline", forecast_h5, "--out", out)
    if not c.check("--baseline: exit 0", r.returncode == 0, r.stderr):
        return
    dom = check_page(c, "--baseline", browser, out, run_h5, tmp, "run")
    if browser is None:
        return
    with h5py.File(run_h5, "r") as a, h5py.File(forecast_h5, "r") as b:
        months_a = {f"{d.year:04d}-{d.month:02d}" for d in days(a)}
        months_b = {f"{d.year:04d}-{d.month:02d}" for d in days(b)}
        month = max(months_a & months_b)
        region = names(a, "region")[0]
        mine = month_mean(a, np.asarray(read(a, "price", region=region, commodity="flour")[0]),
                          month)
        theirs = month_mean(b, np.asarray(read(b, "price_mean", region=region,
                                               commodity="flour")[0]), month)
    expected = 100 * (mine / theirs - 1)
    shown = map_values(dom).get(region)
    c.check(f"--baseline: map {region} {month} = {expected:+.4f} % against the baseline",
            close(shown, expected), f"page {shown}")
    c.check("--baseline: table has the baseline columns", "vs baseline" in dom)


def check_refusals(c, script, run_h5, sweep_h5, tmp):
    def one_line(label, r, part):
        c.check(f"{label}: exit 2", r.returncode == 2, f"exit {r.returncode}: {r.stderr}")
        c.check(f"{label}: one line naming {part!r}, no traceback",
                r.stderr.count("\n") == 1 and part in r.stderr and "Traceback" not in r.stderr,
                r.stderr)

    missing = os.path.join(tmp, "missing.h5")
    one_line("missing file", run(script, missing), "missing.h5")
    not_h5 = os.path.join(tmp, "not-hdf5.h5")
    with open(not_h5, "w") as fh:
        fh.write("not an HDF5 file\n")
    one_line("not an HDF5 file", run(script, not_h5), "not-hdf5.h5")
    one_line("unknown option", run(script, run_h5, "--colour", "red"), "--colour")
    # --baseline compares daily prices: a sweep has none, nor is one a baseline
    one_line("--baseline with a sweep file", run(script, sweep_h5, "--baseline", run_h5, "--out",
                                                 os.path.join(tmp, "s.html")), "--baseline")
    one_line("a sweep file as --baseline", run(script, run_h5, "--baseline", sweep_h5, "--out",
                                               os.path.join(tmp, "s.html")), "sweep file")
    # a baseline over other regions: the run file cut to its first five regions
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(script))))
    from grainsim_data import open_grainsim
    small = os.path.join(tmp, "five-regions.h5")
    ds = open_grainsim(run_h5)
    ds.isel(region=slice(0, 5)).load().to_netcdf(small)
    ds.close()
    one_line("--baseline of other regions", run(script, run_h5, "--baseline", small, "--out",
                                                os.path.join(tmp, "b.html")), "regions")
    # default name, no overwrite without --force, --force overwrites
    copy = os.path.join(tmp, "copy.h5")
    shutil.copy(run_h5, copy)
    r = run(script, copy)
    default = os.path.join(tmp, "copy.html")
    c.check("default --out is FILE.html", r.returncode == 0 and os.path.exists(default)
            and r.stdout.strip() == default, r.stderr + r.stdout)
    before = os.path.getmtime(default)
    one_line("existing --out without --force", run(script, copy), "--force")
    c.check("existing report kept", os.path.getmtime(default) == before)
    r = run(script, copy, "--force")
    c.check("--force overwrites: exit 0", r.returncode == 0, r.stderr)
    c.check("no temporary files left", sorted(os.listdir(tmp)) == sorted(
        n for n in os.listdir(tmp) if not n.startswith(".report-")))
    for n in ("s.html", "b.html"):
        c.check(f"no {n} for bad input", not os.path.exists(os.path.join(tmp, n)))


KINDS = ["run", "forecast", "compare", "sweep", "sensitivity", "backtest", "calibration"]
CHECKS = {"sweep": check_sweep, "sensitivity": check_sensitivity, "backtest": check_backtest,
          "calibration": check_calibration}


def main(argv):
    if len(argv) != 2 + len(KINDS):
        print(__doc__.strip())
        return 2
    script, files = argv[1], dict(zip(KINDS, argv[2:]))
    browser = chromium()
    c = Checks()
    with tempfile.TemporaryDirectory() as tmp:
        for kind, h5 in files.items():
            with h5py.File(h5, "r") as f:
                c.check(f"{kind}: fixture is a {kind} file",
                        text(f.attrs.get("grainsim_file_kind", "")) == kind)
            out = os.path.join(tmp, f"{kind}.html")
            r = run(script, h5, "--out", out)
            if not c.check(f"{kind}: exit 0", r.returncode == 0, r.stderr):
                continue
            c.check(f"{kind}: prints the HTML path", r.stdout.strip() == out, r.stdout)
            dom = check_page(c, kind, browser, out, h5, tmp)
            if browser is not None:
                if kind in CHECKS:
                    CHECKS[kind](c, dom, h5)
                else:
                    check_numbers(c, kind, kind, dom, h5)
            with open(out, encoding="utf-8") as fh:
                source = fh.read()
            with h5py.File(h5, "r") as f:
                seed = text(f.attrs.get("seed", ""))
            c.check(f"{kind}: provenance shows the seed {seed}",
                    re.search(rf"<th>seed</th><td>{re.escape(seed)}</td>", source) is not None)
        check_baseline(c, script, browser, files["run"], files["forecast"], tmp)
        check_refusals(c, script, files["run"], files["sweep"], tmp)
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

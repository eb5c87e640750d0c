#!/usr/bin/python3
"""analysis/plot_prices.py draws non-trivial PNGs from run, forecast and compare files alone,
and refuses bad input with one line and exit status 2.

Usage: /usr/bin/python3 tests/analysis/test_plot_prices.py SCRIPT RUN.h5 [FORECAST.h5 [COMPARE.h5]]

Checks, on the run: a chart against itself as --baseline (every region a panel, aid arrivals
marked, one shared y axis), --commodity Flour (any case) with --region limiting the panels,
the clear message for wheat (no retail price), and bad input (unknown region, variable,
commodity, missing file, non-HDF5 file, wrong file kind). On a forecast and a compare file:
default charts, --region, and the bad input those kinds add. Prints one line per check, then
"N passed, M failed"; exits non-zero if any check failed.
"""
import importlib.util
import os
import re
import subprocess
import sys
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

from check_output import Checks  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_BYTES = 20_000


def run(script, *args):
    return subprocess.run([sys.executable, script, *args], capture_output=True, text=True)


def check_png(c, label, path):
    if not c.check(f"{label}: PNG written", os.path.isfile(path), path):
        return
    with open(path, "rb") as f:
        c.check(f"{label}: PNG signature", f.read(8) == PNG_SIGNATURE)
    size = os.path.getsize(path)
    c.check(f"{label}: {size} bytes > {MIN_BYTES}", size > MIN_BYTES)
    img = mpimg.imread(path)
    rgb = img[..., :3]
    colours = len({tuple(px) for px in rgb.reshape(-1, 3)[::37]})
    c.check(f"{label}: not blank ({img.shape[1]}x{img.shape[0]} px, variance "
            f"{float(rgb.var()):.4f}, {colours} colours)",
            img.shape[0] > 300 and img.shape[1] > 600 and rgb.var() > 0.002 and colours > 20)


def check_chart(c, script, label, args, png, panels=None, arrivals=False):
    """Runs the script with --out png; checks exit 0, the PNG and the printed panel count."""
    if os.path.exists(png):
        os.remove(png)
    r = run(script, *args, "--out", png)
    if not c.check(f"{label}: exit 0", r.returncode == 0, f"exit {r.returncode}: {r.stderr}"):
        return
    check_png(c, label, png)
    m = re.search(r"(\d+) panels? \(([^)]*)\)", r.stdout)
    if panels is not None:
        c.check(f"{label}: prints {panels} panels", m is not None and int(m.group(1)) == panels,
                f"stdout: {r.stdout.strip()}")
    if arrivals:
        m = re.search(r"(\d+) aid arrival dates? marked", r.stdout)
        c.check(f"{label}: aid arrivals marked", m is not None and int(m.group(1)) > 0,
                f"stdout: {r.stdout.strip()}")
    return r


def check_error(c, script, label, args, tmp, *expected):
    """Runs the script; checks exit 2, one line on stderr naming every expected text, no PNG."""
    bad = os.path.join(tmp, "bad.png")
    r = run(script, *args, "--out", bad)
    message = r.stderr.strip()
    c.check(f"{label}: exit 2", r.returncode == 2, f"exit {r.returncode}: {message}")
    c.check(f"{label}: one line, no traceback",
            len(message.splitlines()) == 1 and "Traceback" not in message, f"stderr: {message}")
    missing = [e for e in expected if e not in message]
    c.check(f"{label}: message names {', '.join(expected)}", not missing,
            f"missing {missing} in: {message}")
    c.check(f"{label}: no PNG", not os.path.exists(bad))


def shared_y_and_markers(c, script, path, tmp):
    """In-process: every panel has the same y limits and dotted aid-arrival lines."""
    spec = importlib.util.spec_from_file_location("plot_prices", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = []
    close = module.plt.close
    module.plt.close = lambda fig=None: figures.append(fig)  # keep what main() would close
    try:
        status = module.main([path, "--out", os.path.join(tmp, "inproc.png")])
    finally:
        module.plt.close = close
    figures = [f for f in figures if hasattr(f, "axes")]
    if not c.check("in-process run: exit 0 and a figure", status == 0 and figures):
        return
    axes = [ax for ax in figures[0].axes if ax.axison]
    limits = {tuple(np.round(ax.get_ylim(), 6)) for ax in axes}
    c.check(f"{len(axes)} panels share one y axis", len(limits) == 1, f"limits {limits}")
    marked = [ax for ax in axes if any(line.get_linestyle() == ":" and
                                       len(set(line.get_xdata())) == 1
                                       for line in ax.get_lines())]
    c.check("every panel has aid-arrival lines", len(marked) == len(axes),
            f"{len(marked)} of {len(axes)}")
    labels = [ax.get_ylabel() for ax in axes if ax.get_ylabel()]
    c.check("y label has units", labels and all("(KPW/kg)" in s for s in labels), f"{labels}")
    close(figures[0])


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    script, files = argv[1], argv[2:]
    c = Checks()
    run_file = files[0]
    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, "prices.png")
        check_chart(c, script, "run vs itself", [run_file, "--baseline", run_file], png,
                    panels=11, arrivals=True)
        check_chart(c, script, "run --commodity Flour --region Pyongyang,Rason",
                    [run_file, "--commodity", "Flour", "--region", "Pyongyang,Rason"], png,
                    panels=2)
        check_chart(c, script, "run food_insecure_share --region north hamgyong",
                    [run_file, "--variable", "food_insecure_share", "--region",
                     "north hamgyong"], png, panels=1)
        shared_y_and_markers(c, script, run_file, tmp)
        check_error(c, script, "run wheat (NaN at retail)", [run_file, "--commodity", "wheat"],
                    tmp, "wheat", "no retail price", run_file, "all NaN", "try")
        check_error(c, script, "unknown region", [run_file, "--region", "Pyongyang,Atlantis"],
                    tmp, "Atlantis", "Pyongyang", "Rason")
        check_error(c, script, "unknown variable", [run_file, "--variable", "nonesuch"], tmp,
                    "nonesuch", "price", run_file)
        check_error(c, script, "unknown commodity", [run_file, "--commodity", "oats"], tmp,
                    "oats", "flour", "rice")
        check_error(c, script, "--commodity on a variable without one",
                    [run_file, "--variable", "food_insecure_share", "--commodity", "rice"], tmp,
                    "food_insecure_share", "commodity")
        missing = os.path.join(tmp, "nonesuch.h5")
        check_error(c, script, "missing file", [missing], tmp, "nonesuch.h5")
        text = os.path.join(tmp, "not-hdf5.h5")
        with open(text, "w") as f:
            f.write("not an HDF5 file\n")
        check_error(c, script, "not an HDF5 file", [text], tmp, "not-hdf5.h5")
        indices = os.path.join(tmp, "tiny.sensitivity.h5")
        xr.Dataset({"price_S1": (("parameter",), np.zeros(2))},
                   coords={"parameter": ["a.b", "c.d"]}).to_netcdf(indices)
        check_error(c, script, "wrong file kind", [indices], tmp, "tiny.sensitivity.h5",
                    "sensitivity")
        check_error(c, script, "wrong kind as --baseline",
                    [run_file, "--baseline", indices], tmp, "tiny.sensitivity.h5")
        if len(files) > 1:
            forecast = files[1]
            check_chart(c, script, "forecast", [forecast], png, panels=11)
            check_chart(c, script, "forecast --commodity FLOUR --region Rason",
                        [forecast, "--commodity", "FLOUR", "--region", "Rason"], png, panels=1)
            check_chart(c, script, "run with a forecast as --baseline",
                        [run_file, "--baseline", forecast, "--region", "Pyongyang"], png,
                        panels=1)
            check_error(c, script, "forecast wheat", [forecast, "--commodity", "wheat"], tmp,
                        "wheat", "no retail price", "all NaN")
            check_error(c, script, "forecast unknown region", [forecast, "--region", "Mars"],
                        tmp, "Mars", "Pyongyang")
        if len(files) > 2:
            compare = files[2]
            check_chart(c, script, "compare", [compare], png, panels=11)
            check_chart(c, script, "compare --region Chagang,Rason --commodity Rice",
                        [compare, "--region", "Chagang,Rason", "--commodity", "Rice"], png,
                        panels=2)
            check_error(c, script, "compare --baseline", [compare, "--baseline", run_file],
                        tmp, compare, "baseline")
            check_error(c, script, "compare unknown variable",
                        [compare, "--variable", "nonesuch"], tmp, "nonesuch", "price")
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

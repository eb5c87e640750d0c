"""analysis/tornado.py draws a non-trivial sensitivity chart from a real indices file, and
refuses bad input with one line and exit status 2.

In-process it also checks that by default every region gets a panel, that parameters are
labelled readably ("aid: tonnage scale", not aid.tonnage_scale) and that the x axis spans every
bootstrap interval (*_low to *_high), so no whisker is clipped.

Usage: /usr/bin/python3 tests/analysis/test_tornado.py SCRIPT SENSITIVITY.h5

Prints one line per check, then "N passed, M failed"; exits non-zero if any check failed.
"""
import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import numpy as np  # noqa: E402

from check_output import Checks  # noqa: E402

# Keys of the sweep in tests/analysis/CMakeLists.txt and the labels they must get.
READABLE = {"aid.tonnage_scale": "aid: tonnage scale",
            "shipments.2a.arrival_date": "shipments 2a: arrival date",
            "tiers.leadership.resale_propensity": "tiers leadership: resale propensity"}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_BYTES = 20_000


def run(script, *args):
    return subprocess.run([sys.executable, script, *args], capture_output=True, text=True)


def check_png(c, label, path):
    if not c.check(f"{label}: PNG written", os.path.exists(path), path):
        return
    with open(path, "rb") as f:
        head = f.read(8)
    c.check(f"{label}: PNG signature", head == PNG_SIGNATURE)
    c.check(f"{label}: larger than {MIN_BYTES} bytes", os.path.getsize(path) > MIN_BYTES,
            f"{os.path.getsize(path)} bytes")
    pixels = mpimg.imread(path)
    c.check(f"{label}: not a blank image", float(np.var(pixels)) > 1e-3,
            f"pixel variance {np.var(pixels)}")


def check_drawing(c, script, indices):
    """In-process: all regions, readable labels, whiskers inside the x axis."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    spec = importlib.util.spec_from_file_location("tornado", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from grainsim_data import open_grainsim
    ds = open_grainsim(indices)
    output = module.outputs_in(ds)[0]
    args = argparse.Namespace(file=indices, output=None, commodity="flour", region=None,
                              out=None)
    fig, drawn = module.draw(ds, args)
    c.check(f"draws the first output {output}", drawn == output, drawn)
    panels = [ax for ax in fig.axes if ax.axison]
    st = ds[output + "_ST"]
    regions = [str(r) for r in ds["region"].values] if "region" in st.dims else ["national"]
    titles = [ax.get_title() for ax in panels]
    c.check(f"a panel for each of the {len(regions)} regions", titles == regions,
            f"panels {titles}")
    keys = [str(p) for p in ds["parameter"].values]
    labels = {t.get_text() for ax in panels for t in ax.get_yticklabels()}
    c.check("no raw parameter keys as labels", not labels & set(keys), f"labels {labels}")
    expected = {READABLE[k] for k in keys if k in READABLE}
    c.check(f"readable labels {sorted(expected)}", expected <= labels, f"labels {labels}")
    ends = []
    for suffix in ("_S1_low", "_S1_high", "_ST_low", "_ST_high"):
        da = ds[output + suffix]
        if "commodity" in da.dims:
            da = da.sel(commodity="flour")
        ends.extend(v for v in np.ravel(da.values) if np.isfinite(v))
    for ax in panels:
        lo, hi = ax.get_xlim()
        if not (lo <= min(ends) and hi >= max(ends)):
            c.check(f"{ax.get_title()}: x axis {lo:.3f}..{hi:.3f} spans every interval "
                    f"{min(ends):.3f}..{max(ends):.3f}", False)
            break
    else:
        c.check(f"x axes span every bootstrap interval ({min(ends):.3f}..{max(ends):.3f})",
                bool(ends))
    module.plt.close(fig)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip())
        return 2
    script, indices = argv[1], argv[2]
    c = Checks()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "chart.png")
        r = run(script, indices, "--region", "Pyongyang", "--region", "North Hamgyong",
                "--out", out)
        c.check("two regions: exit 0", r.returncode == 0, r.stderr)
        c.check("two regions: prints the PNG path", r.stdout.strip() == out, r.stdout)
        check_png(c, "two regions", out)
        comma = os.path.join(tmp, "comma.png")
        r = run(script, indices, "--region", "pyongyang,North Hamgyong", "--commodity", "Rice",
                "--out", comma)
        c.check("--region a,b and --commodity Rice: exit 0", r.returncode == 0, r.stderr)
        check_png(c, "--region a,b", comma)
        check_drawing(c, script, indices)
        default = os.path.join(tmp, "default.png")
        r = run(script, indices, "--out", default)
        c.check("defaults: exit 0", r.returncode == 0, r.stderr)
        check_png(c, "defaults", default)
        for label, args, part in [
                ("unknown region", ["--region", "Atlantis"], "--region 'Atlantis'"),
                ("unknown commodity", ["--commodity", "oats"], "--commodity 'oats'"),
                ("unknown output", ["--output", "nothing"], "--output 'nothing'")]:
            r = run(script, indices, *args, "--out", os.path.join(tmp, "bad.png"))
            c.check(f"{label}: exit 2", r.returncode == 2, f"exit {r.returncode}: {r.stderr}")
            c.check(f"{label}: one line naming {part!r}",
                    r.stderr.count("\n") == 1 and part in r.stderr, r.stderr)
        c.check("no chart for bad input", not os.path.exists(os.path.join(tmp, "bad.png")))
        text = os.path.join(tmp, "not-hdf5.h5")
        with open(text, "w") as f:
            f.write("not an HDF5 file\n")
        for label, path in [("missing file", os.path.join(tmp, "missing.h5")),
                            ("not an HDF5 file", text)]:
            r = run(script, path)
            c.check(f"{label}: exit 2", r.returncode == 2, r.stderr)
            c.check(f"{label}: one line naming the file, no traceback",
                    r.stderr.count("\n") == 1 and os.path.basename(path) in r.stderr
                    and "Traceback" not in r.stderr, r.stderr)
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

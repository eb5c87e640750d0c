"""analysis/tornado.py draws a non-trivial sensitivity chart from a real indices file, and
refuses bad input with one line and exit status 2.

Usage: /usr/bin/python3 tests/analysis/test_tornado.py SCRIPT SENSITIVITY.h5

Prints one line per check, then "N passed, M failed"; exits non-zero if any check failed.
"""
import os
import subprocess
import sys
import tempfile

import matplotlib.image as mpimg
import numpy as np

from check_output import Checks

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
        r = run(script, os.path.join(tmp, "missing.h5"))
        c.check("missing file: exit 2", r.returncode == 2, r.stderr)
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

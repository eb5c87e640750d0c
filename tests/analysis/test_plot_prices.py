#!/usr/bin/python3
"""analysis/plot_prices.py draws a non-trivial PNG from a run file alone."""
import os
import subprocess
import sys
import tempfile

import matplotlib.image as mpimg


def main(script, run):
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, "prices.png")
        subprocess.run([sys.executable, script, run, "--baseline", run, "--out", png], check=True)
        ok = os.path.getsize(png) > 20_000
        print(("PASS" if ok else "FAIL") + f": PNG of {os.path.getsize(png)} bytes")
        failures += not ok
        img = mpimg.imread(png)
        distinct = len({tuple(px) for px in img.reshape(-1, img.shape[-1])[::97]})
        ok = img.shape[0] > 300 and img.shape[1] > 600 and distinct > 20
        print(("PASS" if ok else "FAIL") + f": {img.shape[1]}x{img.shape[0]} px, {distinct} colours")
        failures += not ok
    print(f"{2 - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

#!/usr/bin/python3
"""analysis/plot_longrun.py draws simulated against observed prices from a real 2023-25 run, and
refuses a missing file with exit 2 and no traceback."""
import os
import subprocess
import sys
import tempfile

import matplotlib.image as mpimg


def main(script, run):
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, "longrun.png")
        r = subprocess.run([sys.executable, script, run, "--out", png],
                           capture_output=True, text=True)
        ok = r.returncode == 0 and "observations" in r.stdout and os.path.getsize(png) > 20_000
        print(("PASS" if ok else "FAIL") + f": exit {r.returncode}, {r.stdout.strip()} {r.stderr}")
        failures += not ok
        img = mpimg.imread(png)
        distinct = len({tuple(px) for px in img.reshape(-1, img.shape[-1])[::97]})
        ok = img.shape[1] > 600 and distinct > 20
        print(("PASS" if ok else "FAIL") + f": {img.shape[1]}x{img.shape[0]} px, {distinct} colours")
        failures += not ok
        r = subprocess.run([sys.executable, script, os.path.join(tmp, "missing.h5")],
                           capture_output=True, text=True)
        ok = r.returncode == 2 and "Traceback" not in r.stderr and "missing.h5" in r.stderr
        print(("PASS" if ok else "FAIL") + f": missing file exits {r.returncode}: {r.stderr.strip()}")
        failures += not ok
    print(f"{3 - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

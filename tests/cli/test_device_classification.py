#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The worked example examples/device_classification.py, small enough for
ctest (8 recordings per operation of 1.2 s at 0 dB, 16 held out): the
cleaned table classifies the held-out recordings at >= 90 % (the example's
95 % floor is checked at its full size, 25 per operation, where one error in
16 is not the question), cleaning is not worse than no cleaning with all
features, and on the burst spectra alone -- the same bursts described from
the cleaned and from the raw spectrum -- cleaning wins by at least 10 points
(at this size it wins by 12 to 31 over seeds 0-2); the feature-family
table (spectral, LFCC, scattering) has a row for each set, with the raw
scattering side when the build's numpy layer (build/test_modules) is
there. Needs scikit-learn (Debian python3-sklearn).

usage: test_device_classification.py /path/to/stftclean"""

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "..", "examples", "device_classification.py")


def main():
    cli = os.path.abspath(sys.argv[1])
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("SKIP: scikit-learn not installed (Debian: python3-sklearn)")
        return 0
    env = dict(os.environ)
    tm = os.path.join(os.path.dirname(os.path.dirname(cli)), "test_modules")
    if os.path.exists(os.path.join(tm, "gnuradio", "stftclean", "numpy_api.py")):
        env["PYTHONPATH"] = tm + os.pathsep + env.get("PYTHONPATH", "")
    r = subprocess.run([sys.executable, EXAMPLE, "--stftclean", cli, "--snrs", "0",
                        "--per-op", "8", "--duration", "1.2", "--jobs", "2", "--seed", "0",
                        "--no-floor"], capture_output=True, text=True, timeout=280, env=env)
    print(r.stdout + r.stderr)
    m = re.search(r"^\s*\+0 dB\s+([\d.]+) %\s+([\d.]+) %\s+([\d.]+) %\s+([\d.]+) %\s+(\d+)/(\d+)",
                  r.stdout, re.M)
    if r.returncode != 0 or not m:
        print("FAIL: the example did not run or printed no 0 dB row")
        return 1
    clean, raw, clean_sp, raw_sp = (float(m.group(i)) for i in range(1, 5))
    found, total = int(m.group(5)), int(m.group(6))
    checks = [
        (clean >= 90.0, "cleaned, all features: %.1f %% < 90 %%" % clean),
        (clean >= raw, "cleaned %.1f %% below not cleaned %.1f %%" % (clean, raw)),
        (clean_sp >= raw_sp + 10.0, "burst spectra: cleaned %.1f %% not 10 points above "
         "not cleaned %.1f %%" % (clean_sp, raw_sp)),
        (found == total, "bursts found in only %d of %d recordings" % (found, total)),
        (all(re.search(r"^\s*%s\s+\+0 dB\s+([\d.]+ /\s+([\d.]+|n/a)\s+){5}32/32" % s,
                       r.stdout, re.M) for s in ("rhythm", "modulation")),
         "no feature-family row for each set"),
    ]
    bad = [why for ok, why in checks if not ok]
    for why in bad:
        print("FAIL: " + why)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

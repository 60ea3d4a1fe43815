#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The worked example examples/device_classification.py at 0 dB: held-out
accuracy with cleaning >= 95 % and above no cleaning (the example exits
non-zero otherwise). Needs scikit-learn (Debian python3-sklearn).

usage: test_device_classification.py /path/to/stftclean"""

import os
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
    r = subprocess.run([sys.executable, EXAMPLE, "--stftclean", cli, "--snrs", "0",
                        "--per-op", "10", "--duration", "1.5", "--jobs", "2"],
                       capture_output=True, text=True, timeout=280)
    print(r.stdout + r.stderr)
    if r.returncode != 0 or "floor (>= 95 % with cleaning at 0 dB, and above no " \
            "cleaning): met" not in r.stdout:
        print("FAIL: the example's floor is not met")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

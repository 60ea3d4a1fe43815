#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""bench/stftclean_native_bench.py (make bench_native) with one binary as
both builds: every subject of `stftclean bench` shows up with a ratio to
the bound from each side, native/portable is their quotient and, for the
one-thread subjects (thread CPU time), near 1 (the same code; the VM's
noise is far below a factor of 2), and a bad --rounds is refused.

usage: test_native_bench.py /path/to/stftclean"""

import os
import re
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "bench", "stftclean_native_bench.py")
CLI = None


class NativeBenchTest(unittest.TestCase):
    def test_same_binary(self):
        r = subprocess.run([sys.executable, SCRIPT, "--portable", CLI, "--native", CLI,
                            "--geometry", "256:64", "--rounds", "1"],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = {}
        for line in r.stdout.splitlines():
            m = re.match(r"\s+(\S+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", line)
            if m:
                rows[m.group(1)] = [float(v) for v in m.group(2, 3, 4)]
        for what in ("core", "cleaner:auto", "cleaner:none", "cleaner:auto@2threads"):
            self.assertIn(what, rows)
        for what, (p, n, rel) in rows.items():
            self.assertGreater(p, 0.0, what)
            # (each printed to 3 decimals)
            self.assertAlmostEqual(rel, n / p, delta=0.0006 * (1 / p + 1 / n) * rel + 0.0006)
            # (the two-thread rows are wall-clock time: a test running
            # beside this one on the other core moves them by any factor)
            if not what.endswith("@2threads"):
                self.assertTrue(0.5 < rel < 2.0, "%s: %g" % (what, rel))
        self.assertIn("portable behind native by at most", r.stdout)

    def test_bad_rounds(self):
        r = subprocess.run([sys.executable, SCRIPT, "--portable", CLI, "--native", CLI,
                            "--rounds", "0"], capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("--rounds", r.stderr)


if __name__ == "__main__":
    CLI = sys.argv.pop(1)
    unittest.main()

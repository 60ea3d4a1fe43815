#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stftclean clean --threads 2 (the two-thread pipeline of the core):
- with mask none the output is the input (time-aligned), as numpy says;
- with mask auto on an RF scenario it is the one-thread output, byte for
  byte, and it does clean (SI-SDR against the known clean signal);
- --threads other than 1 or 2 is a usage error naming the option.

usage: test_threads.py /path/to/stftclean"""

import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
from stftclean.testing import metrics as M, scenarios as S  # noqa: E402

CLI = None
FS = 2e6


def run(x, *extra):
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "in.cf32"), os.path.join(d, "out.cf32")
        x.astype(np.complex64).tofile(src)
        r = subprocess.run([CLI, "clean", src, dst, "--rate", "%g" % FS]
                           + list(extra), capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError("stftclean clean failed: %s" % r.stderr)
        with open(dst, "rb") as f:
            return f.read()


class ThreadsTest(unittest.TestCase):
    def test_none_is_identity(self):
        rng = np.random.default_rng(4)
        x = (rng.standard_normal(300000) + 1j * rng.standard_normal(300000)) / 2
        y = np.frombuffer(run(x, "--mask", "none", "--threads", "2"), np.complex64)
        self.assertEqual(len(y), len(x))
        err = np.max(np.abs(y - x)) / np.sqrt(np.mean(np.abs(x) ** 2))
        self.assertLess(err, 1e-5)

    def test_auto_same_as_one_thread(self):
        sc = S.rf_scenario("a", 0.0, 2.0, FS, 1)
        one = run(sc.noisy, "--mask", "auto")
        two = run(sc.noisy, "--mask", "auto", "--threads", "2")
        self.assertEqual(one, two)
        y = np.frombuffer(two, np.complex64)
        before, after = M.si_sdr(sc.clean, sc.noisy), M.si_sdr(sc.clean, y)
        print("auto, two threads: SI-SDR %.1f -> %.1f dB" % (before, after))
        self.assertGreater(after, before + 10.0)

    def test_bad_count(self):
        for bad in ("3", "0", "two"):
            with tempfile.TemporaryDirectory() as d:
                src, dst = os.path.join(d, "in.cf32"), os.path.join(d, "out.cf32")
                np.zeros(8192, np.complex64).tofile(src)
                r = subprocess.run([CLI, "clean", src, dst, "--rate", "2e6",
                                    "--threads", bad], capture_output=True, text=True)
                self.assertNotEqual(r.returncode, 0)
                self.assertIn("--threads", r.stderr)
                self.assertIn("1 or 2", r.stderr)


if __name__ == "__main__":
    CLI = sys.argv.pop(1)
    unittest.main()

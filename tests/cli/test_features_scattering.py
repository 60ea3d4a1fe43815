#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stftclean features --per-burst --scattering: the columns (names, order,
the detection unchanged by the summary), each burst's summary against the
scattering transform run straight on the recording by the build's numpy
layer (build/test_modules; skipped without it) and averaged here over the
frames centred in the burst, mirrored order-1 means for the mirror image of
a recording, and the errors of the new options.

usage: test_features_scattering.py /path/to/stftclean"""

import csv
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

CLI = None
FS = 256e3
ARGS = ["--rate", FS, "--fft", 256, "--hop", 64, "--burst-noise-window", 0.05,
        "--cepstrum", "none"]
SCAT = ["--scattering", "--scat-J", 6, "--scat-Q1", 4]  # T 64 samples, stride 16


def run(*args, check=True):
    r = subprocess.run([CLI, "features"] + [str(a) for a in args], capture_output=True,
                       text=True, timeout=120)
    if check and r.returncode != 0:
        raise AssertionError("stftclean features failed: " + r.stderr)
    return r


def read_csv(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return rows[0], np.array([[float(v) for v in r] for r in rows[1:]], ndmin=2)


def recording(seed=1, n=140000):
    """Noise, an FSK burst at +30/+50 kHz, an AM burst at -40 kHz."""
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * 0.05
    t = np.arange(n)
    for a in range(30000, 50000, 500):
        f = 30e3 if (a // 500) % 2 else 50e3
        x[a:a + 500] += np.exp(2j * np.pi * f * t[a:a + 500] / FS)
    am = slice(80000, 96000)
    x[am] += (0.6 + 0.4 * np.sin(2 * np.pi * 400 * t[am] / FS)) * \
        np.exp(-2j * np.pi * 40e3 * t[am] / FS)
    return x.astype(np.complex64)


def numpy_layer():
    tm = os.path.join(os.path.dirname(os.path.dirname(CLI)), "test_modules")
    if not os.path.exists(os.path.join(tm, "gnuradio", "stftclean", "numpy_api.py")):
        return None
    sys.path.insert(0, tm)
    try:
        from gnuradio.stftclean import numpy_api
    except ImportError:
        return None
    return numpy_api


class FeaturesScattering(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="features_scat-")

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def table(self, x, *extra):
        x.tofile(self.path("x.cf32"))
        out = self.path("t.csv")
        run(self.path("x.cf32"), "--csv", out, "--per-burst", "--mask", "none", *ARGS,
            *extra)
        return read_csv(out)

    def test_columns_and_detection_unchanged(self):
        x = recording()
        h0, r0 = self.table(x)
        h1, r1 = self.table(x, *SCAT)
        self.assertEqual(h0, h1[:len(h0)])
        extra = h1[len(h0):]
        self.assertEqual("scat_frames", extra[0])
        self.assertEqual("scat0_mean", extra[1])
        n = (len(extra) - 1) // 2
        self.assertEqual(len(extra), 1 + 2 * n)
        for a, b in zip(extra[1:1 + n], extra[1 + n:]):
            self.assertTrue(a.endswith("_mean") and b == a[:-5] + "_std", (a, b))
        self.assertEqual(len(set(h1)), len(h1))
        order1 = [c for c in extra if c.startswith("scat1_") and c.endswith("_mean")]
        self.assertTrue(all(c[6] in "+-" and c.endswith("Hz_mean") for c in order1))
        self.assertTrue(any(c.startswith("scat2_") for c in extra))
        # the summary does not change which bursts are found, nor their rows
        self.assertEqual(r0.shape[0], r1.shape[0])
        self.assertEqual(2, r0.shape[0])
        np.testing.assert_array_equal(r0, r1[:, :len(h0)])
        self.assertTrue(np.all(np.isfinite(r1)))

    def test_matches_direct_scattering(self):
        sc = numpy_layer()
        if sc is None:
            self.skipTest("build/test_modules/gnuradio/stftclean not found")
        x = recording()
        head, rows = self.table(x, *SCAT)
        S, meta = sc.scattering(x, FS, J=6, Q1=4, Q2=1, log=True, stride=16)
        centres = np.round(meta["time_s"] * FS).astype(np.int64)
        col = {c: i for i, c in enumerate(head)}
        i0 = col["scat_frames"]
        n = S.shape[0]
        self.assertEqual(len(head), i0 + 1 + 2 * n)
        worst = 0.0
        for r in rows:
            a, b = int(round(r[col["start_s"]] * FS)), int(round(r[col["end_s"]] * FS))
            sel = (centres >= a) & (centres < b)
            self.assertEqual(int(sel.sum()), int(r[i0]))
            self.assertGreater(sel.sum(), 500)
            worst = max(worst,
                        np.max(np.abs(r[i0 + 1:i0 + 1 + n] - S[:, sel].mean(axis=1))),
                        np.max(np.abs(r[i0 + 1 + n:] - S[:, sel].std(axis=1))))
        # the CLI's frames (not cleaned: --mask none) go back through the
        # float32 ISTFT: the same signal to about 1e-7 of its peak; through
        # log(S + 1e-6) with the noise in every path, a few 1e-6 (core test)
        self.assertLess(worst, 1e-4)

    def test_mirror_image(self):
        rng = np.random.default_rng(2)
        n = 90000
        x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * 0.05
        x[30000:50000] += np.exp(2j * np.pi * 37e3 * np.arange(30000, 50000) / FS)
        x = x.astype(np.complex64)
        hp, p = self.table(x, *SCAT)
        hm, m = self.table(np.conj(x), *SCAT)
        self.assertEqual(1, p.shape[0])
        self.assertEqual(1, m.shape[0])
        col = {c: i for i, c in enumerate(hp)}
        order1 = [c for c in hp if c.startswith("scat1_")]
        for c in order1:
            mirror = c.replace("_+", "_~").replace("_-", "_+").replace("_~", "_-")
            self.assertAlmostEqual(p[0, col[c]], m[0, col[mirror]], delta=1e-3, msg=c)
        means = {c: p[0, col[c]] for c in order1 if c.endswith("_mean")}
        top = max(means, key=means.get)
        self.assertTrue(top.startswith("scat1_+"), top)
        self.assertGreater(means[top], means[top.replace("_+", "_-")] + 3.0)

    def test_errors(self):
        np.zeros(20000, np.complex64).tofile(self.path("z.cf32"))
        o = self.path("o.csv")
        cases = [
            (["--scattering"], "--scattering: the summary is per burst"),
            (["--per-burst", "--scattering", "--scat-J", 0], "stftclean: --scat-J: must be"),
            (["--per-burst", "--scattering", "--scat-Q1", 99],
             "stftclean: --scat-Q1: must be"),
            (["--per-burst", "--scattering", "--scat-Q2", "x"], "--scat-Q2: must be a whole"),
            (["--per-burst", "--scattering", "--scat-T", 1e-6], "stftclean: --scat-T: must"),
            (["--per-burst", "--scattering", "--scat-T", -1], "--scat-T: must be > 0"),
        ]
        for args, word in cases:
            r = run(self.path("z.cf32"), "--rate", FS, "--csv", o, *args, check=False)
            self.assertEqual(2, r.returncode, (args, r.stderr))
            self.assertIn(word, r.stderr)
        # --scat-T in seconds: 1 ms at 256 kHz is T = 256 samples, stride 64
        r = run(self.path("z.cf32"), "--rate", FS, "--csv", o, "--per-burst", "--scattering",
                "--scat-J", 6, "--scat-T", 1e-3)
        self.assertEqual(0, r.returncode, r.stderr)


if __name__ == "__main__":
    CLI = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)

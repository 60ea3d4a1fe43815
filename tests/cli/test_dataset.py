#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stftclean_dataset.py on a temporary folder of labelled recordings with a
corrupt file among them: with --jobs 2 (local processes) and on a local Dask
cluster, every good file gives its rows (the same as stftclean features run
by hand), labels come from the folders, the bad file is reported and
skipped, progress is shown.

usage: test_dataset.py /path/to/stftclean"""

import csv
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
from stftclean.testing import device_scenarios  # noqa: E402

SCRIPT = os.path.join(HERE, "..", "..", "apps", "stftclean_dataset.py")
CLI = None
# Every CLI run here, the reference ones and those the tool starts (local
# processes, Dask workers: they inherit this environment), plans its FFTs
# without the user's wisdom file. With it, a plan can take the algorithm
# another test measured and saved in the meantime (ctest runs in parallel),
# and its features then differ from the reference run's in the last digit.
os.environ["STFTCLEAN_FFTW_WISDOM"] = "off"
ARGS = ["--", "--mask", "auto", "--rate", "1e6", "--fft", "512", "--hop", "128"]


def have_dask():
    try:
        import dask.distributed  # noqa: F401
        return True
    except ImportError:
        return False


class DatasetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        root = cls.root = cls.tmp.name
        cls.files = {}
        for op in ("beacon", "upload"):
            os.makedirs(os.path.join(root, op))
            for seed in range(2):
                x, fs, b = device_scenarios.device_recording(op, 10.0, 0.6, 1e6, seed)
                p = os.path.join(root, op, "%s_%d.cf32" % (op, seed))
                x.tofile(p)
                cls.files[p] = op
        # a corrupt recording: a WAV header cut short, then junk
        cls.bad = os.path.join(root, "upload", "broken.wav")
        with open(cls.bad, "wb") as f:
            f.write(b"RIFF\x24\x00\x10\x00WAVEfmt \x10\x00" + bytes(range(7)) * 3)
        # the reference: the CLI on each good file
        cls.expected = {}
        for p in cls.files:
            out = os.path.join(root, "ref.csv")
            subprocess.run([CLI, "features", p, "--per-burst", "--csv", out] + ARGS[1:],
                           check=True, capture_output=True)
            with open(out) as f:
                cls.expected[p] = list(csv.reader(f))
            os.unlink(out)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_tool(self, *opts):
        out = os.path.join(self.root, "table.csv")
        r = subprocess.run([sys.executable, SCRIPT, self.root, "--label-from-dir", "--out",
                            out, "--stftclean", CLI] + list(opts) + ARGS,
                           capture_output=True, text=True, timeout=240)
        self.assertEqual(0, r.returncode, r.stderr)
        with open(out) as f:
            rows = list(csv.reader(f))
        return r.stderr, rows

    def check(self, stderr, rows):
        head = rows[0]
        self.assertEqual(["file", "label", "start_s", "end_s"], head[:4])
        self.assertIn("broken.wav: FAILED", stderr)
        self.assertIn("[5/5", stderr)  # progress up to the last file
        body = rows[1:]
        for p, op in self.files.items():
            mine = [r for r in body if r[0] == p]
            ref = self.expected[p]
            self.assertGreater(len(ref), 1, p)
            self.assertEqual(len(ref) - 1, len(mine), p)
            self.assertTrue(all(r[1] == op for r in mine))
            self.assertEqual(ref[1:], [r[2:] for r in mine])
        self.assertFalse([r for r in body if r[0] == self.bad])

    def test_jobs(self):
        self.check(*self.run_tool("--no-dask", "--jobs", "2"))

    @unittest.skipUnless(have_dask(), "dask.distributed not installed")
    def test_local_dask_cluster(self):
        stderr, rows = self.run_tool("--dask", "--jobs", "2")
        self.assertIn("local Dask cluster of 2 workers", stderr)
        self.check(stderr, rows)

    def test_nothing_found(self):
        r = subprocess.run([sys.executable, SCRIPT, os.path.join(self.root, "*.none"),
                            "--out", os.path.join(self.root, "t.csv"), "--stftclean", CLI],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(1, r.returncode)
        self.assertIn("no recordings", r.stderr)


if __name__ == "__main__":
    CLI = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The mask options of stftclean clean and features come from the core's
table of mask parameters (include/stftclean/mask_fields.h):
- --mask-args "key=value,..." gives the same output, byte for byte, as the
  same parameters given as options, and comes after them;
- --verbose prints every parameter as key=value on stderr, and that line
  read back through --mask-args gives the same output again;
- every parameter --verbose names is an option in clean --help (its name
  with - for _, or the table's alias), and the help of clean and features
  fits 80 columns;
- errors name the option.

usage: test_maskopt.py /path/to/stftclean"""

import os
import re
import subprocess
import sys
import tempfile
import unittest

import numpy as np

CLI = None
FS = 1e6
ALIASES = {"sample_rate": "rate", "band_reject": "reject"}  # the table's aliases


def stftclean(*args):
    return subprocess.run([CLI] + [str(a) for a in args], capture_output=True,
                          text=True, timeout=120)


class MaskOptTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        rng = np.random.default_rng(11)
        n = 200000
        t = np.arange(n) / FS
        z = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * 0.05
        z[40000:90000] += 0.5 * np.exp(2j * np.pi * 1e5 * t[40000:90000])
        z += 0.3 * np.exp(-2j * np.pi * 2e5 * t)
        cls.src = os.path.join(cls.tmp.name, "in.cf32")
        z.astype(np.complex64).tofile(cls.src)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def clean(self, name, *args):
        dst = os.path.join(self.tmp.name, name)
        r = stftclean("clean", self.src, dst, *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(dst, "rb") as f:
            return f.read(), r.stderr

    def test_mask_args_same_as_options(self):
        opts, _ = self.clean("a.cf32", "--rate", "1M", "--pfa", "1e-6", "--noise-window",
                             "0.5", "--lines", "--no-presence", "--hang-time", "0.004")
        args, _ = self.clean("b.cf32", "--mask-args",
                             "sample_rate=1e6, pfa=1e-6 noise-window=0.5;lines=on,"
                             "presence=off,hang_time=0.004")
        self.assertEqual(opts, args)
        # after the options: --mask-args wins
        late, _ = self.clean("c.cf32", "--rate", "1M", "--pfa", "1e-3", "--noise-window",
                             "0.5", "--lines", "--no-presence", "--hang-time", "0.004",
                             "--mask-args", "pfa=1e-6")
        self.assertEqual(opts, late)
        # and it differs from the run without it (the option was applied)
        other, _ = self.clean("d.cf32", "--rate", "1M", "--pfa", "1e-3",
                              "--noise-window", "0.5", "--lines", "--no-presence",
                              "--hang-time", "0.004")
        self.assertNotEqual(opts, other)

    def test_verbose_reads_back(self):
        out, err = self.clean("v.cf32", "--rate", "1M", "--mask", "cfar", "--bands",
                              "-1e5:1e5", "--reject", "--pfa", "1e-5", "--verbose")
        line = [l for l in err.splitlines() if "mask parameters:" in l]
        self.assertEqual(len(line), 1, err)
        text = line[0].split("mask parameters:", 1)[1].strip()
        for want in ("mask=cfar", "sample_rate=1", "band_reject=on", "pfa=1e-05"):
            self.assertIn(want, text)
        again, _ = self.clean("w.cf32", "--mask-args", text)
        self.assertEqual(out, again)
        # every key is an option of clean
        help_text = stftclean("clean", "--help").stdout
        for key in re.findall(r"(\w+)=", text):
            opt = "--" + ALIASES.get(key, key).replace("_", "-")
            self.assertRegex(help_text, re.escape(opt) + r"\b", key)

    def test_help_fits(self):
        for cmd in ("clean", "features"):
            r = stftclean(cmd, "--help")
            self.assertEqual(r.returncode, 0)
            long_lines = [l for l in r.stdout.splitlines() if len(l) > 80]
            self.assertEqual(long_lines, [], cmd)
            for opt in ("--mask-args", "--verbose", "--no-dc", "--smooth-freq"):
                self.assertIn(opt, r.stdout, cmd)

    def test_errors_name_the_option(self):
        dst = os.path.join(self.tmp.name, "e.cf32")
        csv = os.path.join(self.tmp.name, "e.csv")
        for args, needle in (
                (["--pfa", "x"], "--pfa: must be a number"),
                (["--noise-window", "1s"], "--noise-window: must be a number in s"),
                (["--bands", "x:y"], "--bands:"),
                (["--mask", "magic"], "--mask:"),
                (["--rate", "fast"], "--rate: must be a sample rate"),
                (["--mask-args", "nope=1"], "--mask-args: unknown key 'nope'"),
                (["--mask-args", "pfa=x"], "--mask-args: pfa: must be a number"),
                (["--mask-args", "pfa"], "--mask-args: expected key=value")):
            for cmd in (["clean", self.src, dst], ["features", self.src, "--csv", csv]):
                r = stftclean(*cmd, "--rate", "1M", *args)
                self.assertEqual(r.returncode, 2, (cmd, args, r.stderr))
                lines = r.stderr.splitlines()
                self.assertEqual(len(lines), 1, r.stderr)
                self.assertIn(needle, lines[0])
        # a sample rate in --mask-args is a rate given: no --rate asked for
        out, _ = self.clean("r.cf32", "--mask-args", "sample_rate=1e6")
        ref, _ = self.clean("s.cf32", "--rate", "1M")
        self.assertEqual(out, ref)


if __name__ == "__main__":
    CLI = sys.argv.pop(1)
    unittest.main()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every examples/*.grc compiles with grcc against this tree's GRC blocks and
its generated script runs; clean_tone_in_noise's output is checked with numpy:
the 100 kHz tone survives and the noise away from it is removed."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

SRC = sys.argv.pop(1)
EXAMPLES = sorted(glob.glob(os.path.join(SRC, "examples", "*.grc")))


@unittest.skipIf(shutil.which("grcc") is None, "grcc not installed")
class TestExamples(unittest.TestCase):
    def test_examples_compile_and_run(self):
        self.assertTrue(EXAMPLES, "no example flowgraphs found")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        env["GRC_BLOCKS_PATH"] = os.path.join(SRC, "grc")
        with tempfile.TemporaryDirectory() as tmp:
            for grc in EXAMPLES:
                name = os.path.splitext(os.path.basename(grc))[0]
                with self.subTest(example=name):
                    r = subprocess.run(["grcc", grc, "-o", tmp], env=env,
                                       capture_output=True, text=True, timeout=120)
                    self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                    script = os.path.join(tmp, name + ".py")
                    out = os.path.join(tmp, name + ".cf32")
                    r = subprocess.run([sys.executable, script, "-o", out], env=env,
                                       capture_output=True, text=True, timeout=120)
                    self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                    if name == "clean_tone_in_noise":
                        self.check_tone(out)

    def check_tone(self, path):
        fs, f0 = 2e6, 100e3
        y = np.fromfile(path, np.complex64)
        self.assertGreater(len(y), 900000)
        y = y[4096:4096 + 2 ** 19]
        spec = np.abs(np.fft.fft(y * np.hanning(len(y)))) ** 2
        freqs = np.fft.fftfreq(len(y), 1 / fs)
        tone = spec[np.abs(freqs - f0) < 2e3].sum()
        far = np.abs(freqs - f0) > 50e3
        noise_density = spec[far].mean()
        # The input (tone of power 1, complex noise of power 0.25) would give,
        # with this window w: tone energy (sum w)^2, per-bin noise energy
        # 0.25 * sum w^2. A threshold mask 10 dB above the median keeps about
        # 0.1 % of noise-only bins (exponential statistics), so the noise far
        # from the tone drops by about 30 dB: require 20.
        w = np.hanning(len(y))
        x_ratio = w.sum() ** 2 / (0.25 * (w ** 2).sum())
        y_ratio = tone / noise_density
        self.assertGreater(10 * np.log10(y_ratio / x_ratio), 20.0)


if __name__ == "__main__":
    unittest.main()

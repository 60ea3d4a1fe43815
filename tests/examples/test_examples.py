#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The example flowgraphs, as CI sees them:

- every examples/*.grc compiles with grcc against this tree's GRC blocks;
- headless examples that need no hardware run to completion and their
  outputs are checked with numpy (clean_tone_in_noise: the tone survives and
  the noise away from it is removed);
- Qt GUI examples are built offscreen (every block constructed with the
  example's parameters) and every GUI variable's setter is called once, so a
  callback that names a missing method fails here, not in front of a user;
- examples that open radios (Soapy, UHD, audio) compile; running them needs
  the hardware.
"""
import glob
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

SRC = sys.argv.pop(1)
EXAMPLES = sorted(glob.glob(os.path.join(SRC, "examples", "*.grc")))
HARDWARE = re.compile(r"id: (soapy_|uhd_|audio_|osmosdr_)")


def grc_text(path):
    with open(path) as f:
        return f.read()


def check_tone(tc, path):
    fs, f0 = 2e6, 100e3
    y = np.fromfile(path, np.complex64)
    tc.assertGreater(len(y), 900000)
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
    tc.assertGreater(10 * np.log10(y_ratio / x_ratio), 20.0)


# headless examples run here: name -> (extra arguments given the temporary
# directory, check(testcase, tmpdir))
RUNS = {
    "clean_tone_in_noise": (
        lambda tmp: ["-o", os.path.join(tmp, "clean_tone_in_noise.cf32")],
        lambda tc, tmp: check_tone(tc, os.path.join(tmp, "clean_tone_in_noise.cf32"))),
}


def gui_variables(text):
    """Names of the Qt GUI variables (ranges, choosers, ...) of a .grc."""
    names = []
    for m in re.finditer(r"^- name: (\w+)\n  id: variable_qtgui_\w+", text, re.M):
        names.append(m.group(1))
    return names


@unittest.skipIf(shutil.which("grcc") is None, "grcc not installed")
class TestExamples(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        cls.env["GRC_BLOCKS_PATH"] = os.path.join(SRC, "grc")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def compile(self, grc):
        r = subprocess.run(["grcc", grc, "-o", self.tmp.name], env=self.env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        name = os.path.splitext(os.path.basename(grc))[0]
        script = os.path.join(self.tmp.name, name + ".py")
        self.assertTrue(os.path.exists(script))
        return name, script

    def test_examples_compile_and_run(self):
        self.assertTrue(EXAMPLES, "no example flowgraphs found")
        for grc in EXAMPLES:
            name = os.path.splitext(os.path.basename(grc))[0]
            with self.subTest(example=name):
                text = grc_text(grc)
                name, script = self.compile(grc)
                if HARDWARE.search(text):
                    continue  # needs a radio or a sound card
                if "generate_options: qt_gui" in text:
                    self.build_gui(name, script, gui_variables(text))
                elif name in RUNS:
                    args, check = RUNS[name]
                    r = subprocess.run([sys.executable, script] + args(self.tmp.name),
                                       env=self.env, capture_output=True, text=True,
                                       timeout=180)
                    self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                    check(self, self.tmp.name)

    def build_gui(self, name, script, variables):
        """Construct the GUI flowgraph offscreen and call every GUI variable's
        setter (the generated set_<var> runs the blocks' callbacks)."""
        code = (
            "import sys, importlib.util\n"
            "from PyQt5 import Qt\n"
            "app = Qt.QApplication(['x'])\n"
            "spec = importlib.util.spec_from_file_location(%r, %r)\n"
            "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
            "tb = getattr(m, %r)()\n"
            "for v in %r:\n"
            "    getattr(tb, 'set_' + v)(getattr(tb, 'get_' + v)())\n"
            "print('built', %r, 'setters', len(%r))\n"
        ) % (name, script, name, variables, name, variables)
        r = subprocess.run([sys.executable, "-c", code], env=self.env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("built", r.stdout)


if __name__ == "__main__":
    unittest.main()

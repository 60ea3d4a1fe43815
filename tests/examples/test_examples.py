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


def check_magnitude_edit(tc, tmp, iq):
    """magnitude_edit (real): 440 Hz (0.5), 1200 Hz (0.3, on in [0.25, 0.5) s,
    [0.75, 1) s, ...) and 3000 Hz (0.5) in faint noise at 16 kHz;
    magnitude_edit_iq: complex tones +440 (0.5), -1200 (0.3, gated),
    +3000 (0.5) and -3000 Hz (0.4). The STFT bins with centres in
    +2.5..+3.5 kHz are zeroed and the signal rebuilt from the magnitudes
    alone (RTPGHI, N 512, H 128, hann): output sample t is input sample
    t - 512 (latency L - H + H, one frame of look-ahead)."""
    fs, lat = 16000, 512
    name = "magnitude_edit_iq" if iq else "magnitude_edit"
    dtype, ext = (np.complex64, ".cf32") if iq else (np.float32, ".f32")
    x = np.fromfile(os.path.join(tmp, name + "_in" + ext), dtype).astype(complex)
    y = np.fromfile(os.path.join(tmp, name + ext), dtype).astype(complex)
    tc.assertEqual(len(x), 2 * fs)
    tc.assertEqual(len(y), len(x))
    # Same 1.5 s of signal on both sides once the latency is taken out.
    a, b = 4000, 28000
    w = np.hanning(b - a)
    freqs = np.fft.fftfreq(b - a, 1 / fs)
    sx = np.abs(np.fft.fft(x[a:b] * w)) ** 2
    sy = np.abs(np.fft.fft(y[a + lat:b + lat] * w)) ** 2

    def db(lo, hi):
        band = (freqs >= lo) & (freqs <= hi)
        return 10 * np.log10(sy[band].sum() / sx[band].sum())

    # The erased band (a bin's margin inside its edges) loses >= 20 dB.
    tc.assertLess(db(2550, 3450), -20.0)
    # The kept tones keep their level (within 3 dB) and their frequency.
    gated = -1200.0 if iq else 1200.0
    for f0 in (440.0, gated, -3000.0) if iq else (440.0, 1200.0):
        tc.assertLess(abs(db(f0 - 40, f0 + 40)), 3.0, f0)
        near = np.abs(freqs - f0) < 100
        peak = freqs[near][np.argmax(sy[near])]
        tc.assertLess(abs(peak - f0), 2.0, f0)
    # Time alignment: the gated tone's envelope (demodulated, 25 ms boxcar,
    # which nulls the other tones) matches the input's delayed by the
    # latency, and the best lag of the two envelopes is the latency.
    t = np.arange(len(x)) / fs
    box = np.ones(400) / 400
    scale = 1 if iq else 2

    def envelope(s):
        return scale * np.abs(np.convolve(s * np.exp(-2j * np.pi * gated * t), box, "same"))

    ex, ey = envelope(x), envelope(y)
    lags = np.arange(-1024, 1025)
    corr = [np.dot(ex[2000:26000], ey[2000 + k:26000 + k]) for k in lags]
    tc.assertLessEqual(abs(lags[int(np.argmax(corr))] - lat), 16)
    tc.assertLess(np.max(np.abs(ex[2000:26000] - ey[2000 + lat:26000 + lat])), 0.045)


# headless examples run here: name -> (extra arguments given the temporary
# directory, check(testcase, tmpdir))
RUNS = {
    "clean_tone_in_noise": (
        lambda tmp: ["-o", os.path.join(tmp, "clean_tone_in_noise.cf32")],
        lambda tc, tmp: check_tone(tc, os.path.join(tmp, "clean_tone_in_noise.cf32"))),
    "magnitude_edit": (
        lambda tmp: ["-o", os.path.join(tmp, "magnitude_edit.f32"),
                     "-i", os.path.join(tmp, "magnitude_edit_in.f32")],
        lambda tc, tmp: check_magnitude_edit(tc, tmp, iq=False)),
    "magnitude_edit_iq": (
        lambda tmp: ["-o", os.path.join(tmp, "magnitude_edit_iq.cf32"),
                     "-i", os.path.join(tmp, "magnitude_edit_iq_in.cf32")],
        lambda tc, tmp: check_magnitude_edit(tc, tmp, iq=True)),
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

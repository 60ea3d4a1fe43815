#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Presence gating of mask=auto (stftclean clean --presence / --no-presence),
measured with SI-SDR against the known clean signal:
- on 2-FSK/OOK bursts (scenario a, 0 dB) the gating gains SI-SDR;
- on Gaussian (noise-like, OFDM-like) bursts it stays within a small loss of
  the plain pooled Wiener gain: the fourth-moment test leaves such bins alone
  (an unconditional per-frame knee loses 0.3-0.7 dB there);
- on a noise-free input the output is the input;
- --presence where the region is too small (real input) is a usage error.

usage: test_presence.py /path/to/stftclean"""

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


def clean(x, *extra):
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "in.cf32"), os.path.join(d, "out.cf32")
        x.astype(np.complex64).tofile(src)
        r = subprocess.run([CLI, "clean", src, dst, "--rate", "%g" % FS, "--mask",
                            "auto"] + list(extra), capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError("stftclean clean failed: %s" % r.stderr)
        return np.fromfile(dst, np.complex64)


def gaussian_bursts(bw, snr_db, seed):
    """Two 0.3 s bursts of complex Gaussian noise low-pass filtered to bw
    (a brick-wall FFT filter), shifted to +-300 kHz, power 1 each, in white
    noise at snr_db over 50 kHz (as the scenarios)."""
    rng = np.random.default_rng(seed)
    n = int(1.6 * FS)
    clean_sig = np.zeros(n, np.complex128)
    m = int(0.3 * FS)
    f = np.fft.fftfreq(m, 1 / FS)
    for start, f0 in ((int(0.2 * FS), 300e3), (int(0.9 * FS), -300e3)):
        w = rng.standard_normal(m) + 1j * rng.standard_normal(m)
        spec = np.fft.fft(w)
        spec[np.abs(f) > bw / 2] = 0
        b = np.fft.ifft(spec)
        b /= np.sqrt(np.mean(np.abs(b) ** 2))
        clean_sig[start:start + m] = b * np.exp(2j * np.pi * f0 * np.arange(m) / FS)
    p = 10 ** (-snr_db / 10) * FS / 50e3
    noise = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * np.sqrt(p / 2)
    return clean_sig, clean_sig + noise


class PresenceTest(unittest.TestCase):
    def gain_db(self, ref, noisy):
        on = M.si_sdr(ref, clean(noisy))
        off = M.si_sdr(ref, clean(noisy, "--no-presence"))
        return on, off

    def test_bursty_modulations_gain(self):
        sc = S.rf_scenario("a", 0.0, 4.0, FS, 1)
        on, off = self.gain_db(sc.clean, sc.noisy)
        print("FSK/OOK a 0 dB: presence %.2f dB, without %.2f dB" % (on, off))
        self.assertGreater(on, off + 0.15)

    def test_gaussian_bursts_left_alone(self):
        for bw in (20e3, 100e3):
            ref, noisy = gaussian_bursts(bw, 0.0, 3)
            on, off = self.gain_db(ref, noisy)
            print("Gaussian %g kHz 0 dB: presence %.2f dB, without %.2f dB"
                  % (bw / 1e3, on, off))
            self.assertGreater(off, -20.0)  # the bursts are found at all
            self.assertGreater(on, off - 0.2)

    def test_noise_free_passes(self):
        sc = S.rf_scenario("a", 0.0, 4.0, FS, 2, "clean_only")
        out = clean(sc.clean)
        self.assertGreater(M.si_sdr(sc.clean, out), 30.0)
        self.assertLess(abs(M.level_db(sc.clean, out)), 1.0)

    def test_presence_needs_a_region(self):
        with tempfile.TemporaryDirectory() as d:
            src, dst = os.path.join(d, "in.f32"), os.path.join(d, "out.f32")
            np.zeros(16000, np.float32).tofile(src)
            r = subprocess.run([CLI, "clean", src, dst, "--rate", "16000", "--mask",
                                "auto", "--presence"], capture_output=True, text=True)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("presence", r.stderr)
            self.assertIn("64", r.stderr)


if __name__ == "__main__":
    CLI = sys.argv.pop(1)
    unittest.main()

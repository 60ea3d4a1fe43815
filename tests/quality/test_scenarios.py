#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Ground truth of the scenario generator, measured with numpy FFTs."""
import unittest

import numpy as np

from quality_common import band_power, scenarios as S

FS = 2e6
DUR = 5.0  # s: at least two bursts with every seed used here


class TestRfBursts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.a0 = S.rf_scenario("a", 0.0, DUR, FS, seed=3)

    def test_shape_and_types(self):
        s = self.a0
        self.assertTrue(s.is_complex)
        self.assertEqual(s.noisy.dtype, np.complex64)
        self.assertEqual(len(s.noisy), int(DUR * FS))
        self.assertEqual(len(s.clean), len(s.noisy))
        self.assertEqual(s.fs, FS)
        self.assertGreaterEqual(len(s.bursts), 2)

    def test_bursts_ground_truth(self):
        s = self.a0
        prev = None
        for start, stop, f_lo, f_hi in s.bursts:
            self.assertAlmostEqual(np.mean(np.abs(s.clean[start:stop]) ** 2), 1.0, places=4)
            self.assertTrue(0.2 * FS <= stop - start <= 0.6 * FS + 1)
            self.assertTrue(-700e3 <= f_lo < f_hi <= 700e3)
            self.assertTrue(f_lo >= 30e3 or f_hi <= -30e3)
            # the burst's power lies inside its band (main lobes)
            seg = s.clean[start:stop]
            self.assertGreater(band_power(seg, FS, f_lo, f_hi) / np.mean(np.abs(seg) ** 2), 0.8)
            if prev is not None:
                self.assertTrue(1.4 * FS - 1 <= start - prev <= 2.6 * FS + 1)
            else:
                self.assertTrue(0.25 * FS <= start <= 0.35 * FS)
            prev = start
        quiet = np.ones(len(s.clean), bool)
        for b in s.bursts:
            quiet[b[0]:b[1]] = False
        self.assertFalse(s.clean[quiet].any())

    def test_snr_definition(self):
        for snr in (0.0, -5.0, 10.0):
            s = S.rf_scenario("a", snr, 1.0, FS, seed=4)
            noise = s.noisy - s.clean
            for lo in (-600e3, -25e3, 200e3):
                p = band_power(noise, FS, lo, lo + 50e3)  # burst power is 1.0
                self.assertAlmostEqual(10 * np.log10(p), -snr, delta=0.5)

    def test_deterministic(self):
        s = S.rf_scenario("a", 0.0, DUR, FS, seed=3)
        np.testing.assert_array_equal(s.noisy, self.a0.noisy)
        t = S.rf_scenario("a", 0.0, DUR, FS, seed=4)
        self.assertNotEqual(t.bursts, self.a0.bursts)

    def test_variants(self):
        c = S.rf_scenario("a", 0.0, DUR, FS, seed=3, variant="clean_only")
        np.testing.assert_array_equal(c.noisy, c.clean)
        np.testing.assert_array_equal(c.clean, self.a0.clean)
        n = S.rf_scenario("a", 0.0, DUR, FS, seed=3, variant="noise_only")
        self.assertEqual(n.bursts, [])
        self.assertFalse(n.clean.any())
        np.testing.assert_allclose(n.noisy, self.a0.noisy - self.a0.clean, atol=1e-5)


class TestRfInterference(unittest.TestCase):
    def test_b_cw_and_dc(self):
        s = S.rf_scenario("b", 0.0, 3.0, FS, seed=5)
        a = S.rf_scenario("a", 0.0, 3.0, FS, seed=5)
        np.testing.assert_array_equal(s.clean, a.clean)  # interference not in clean
        f = s.info["cw_freq"]
        for lo, hi in [(b[2], b[3]) for b in s.bursts]:
            self.assertTrue(f < lo - 30e3 or f > hi + 30e3)
        t = np.arange(len(s.noisy)) / FS
        cw = np.abs(np.mean(s.noisy * np.exp(-2j * np.pi * f * t))) ** 2
        self.assertAlmostEqual(10 * np.log10(cw), 20.0, delta=0.5)  # burst power is 1
        dc = np.abs(np.mean(s.noisy - s.clean)) ** 2
        self.assertAlmostEqual(10 * np.log10(dc), 10.0, delta=0.5)

    def test_c_clicks(self):
        s = S.rf_scenario("c", 0.0, 3.0, FS, seed=6)
        clicks = s.info["clicks"]
        self.assertGreaterEqual(len(clicks), 3)
        intf = s.interference
        p_noise = s.info["noise_power"]
        for start, stop, level in clicks:
            self.assertTrue(5e-6 * FS - 1 <= stop - start <= 50e-6 * FS + 1)
            peak = np.max(np.abs(intf[start:stop]) ** 2) / p_noise
            self.assertTrue(30 - 0.1 <= 10 * np.log10(peak) <= 50 + 0.1)
        quiet = np.ones(len(intf), bool)
        for start, stop, _ in clicks:
            quiet[start:stop] = False
        self.assertFalse(intf[quiet].any())
        # broadband: a click spreads over most of the band
        start, stop, _ = max(clicks, key=lambda c: c[1] - c[0])
        spec = np.abs(np.fft.fft(intf[start:stop], 4096)) ** 2
        self.assertGreater(np.mean(spec > 0.01 * spec.max()), 0.5)

    def test_d_drift_and_hump(self):
        dur = 3.0
        s = S.rf_scenario("d", 0.0, dur, FS, seed=7)
        noise = (s.noisy - s.clean).astype(np.complex128)
        n = len(noise)
        head, tail = noise[:int(0.1 * FS)], noise[-int(0.1 * FS):]
        rise = 10 * np.log10(np.mean(np.abs(tail) ** 2) / np.mean(np.abs(head) ** 2))
        self.assertAlmostEqual(rise, 10.0 * (dur - 0.1) / dur, delta=0.5)
        # undo the ramp, then the white floor and the hump peak
        ramp_db = -5.0 + 10.0 * np.arange(n) / (n - 1)
        flat = noise / 10 ** (ramp_db / 20)
        fh, width = s.info["hump_freq"], s.info["hump_width"]
        white_band = [f for f in (-900e3, -100e3, 100e3, 850e3)
                      if abs(f + 25e3 - fh) > width / 2 + 50e3][0]
        p_white = band_power(flat, FS, white_band, white_band + 50e3)
        self.assertAlmostEqual(10 * np.log10(p_white), 0.0, delta=0.5)  # snr 0
        p_peak = band_power(flat, FS, fh - 10e3, fh + 10e3) / (20e3 / 50e3)
        self.assertAlmostEqual(10 * np.log10(p_peak / p_white), 6.0, delta=0.7)


class TestSpeech(unittest.TestCase):
    def test_white_snr_and_segments(self):
        s = S.speech_scenario("white", 0.0, 4.0, seed=2)
        self.assertFalse(s.is_complex)
        self.assertEqual(s.fs, 16e3)
        self.assertEqual(s.noisy.dtype, np.float32)
        noise = s.noisy.astype(np.float64) - s.clean
        snr = 10 * np.log10(np.mean(s.clean.astype(np.float64) ** 2) / np.mean(noise ** 2))
        self.assertAlmostEqual(snr, 0.0, delta=0.05)
        self.assertGreaterEqual(len(s.bursts), 6)
        active = np.zeros(len(s.clean), bool)
        for b in s.bursts:
            active[b[0]:b[1]] = True
        self.assertFalse(s.clean[~active].any())
        self.assertTrue(0.25 < active.mean() < 0.9)
        # voiced energy sits below 4 kHz
        self.assertGreater(band_power(s.clean, 16e3, 70, 4000, 1024) /
                           np.mean(s.clean.astype(np.float64) ** 2), 0.7)

    def test_pink_slope(self):
        s = S.speech_scenario("pink", 5.0, 4.0, seed=2)
        noise = s.noisy.astype(np.float64) - s.clean
        lo = band_power(noise, 16e3, 250, 500, 4096) / 250
        hi = band_power(noise, 16e3, 2000, 4000, 4096) / 2000
        # -3 dB per octave over three octaves
        self.assertAlmostEqual(10 * np.log10(hi / lo), -9.0, delta=1.5)
        snr = 10 * np.log10(np.mean(s.clean.astype(np.float64) ** 2) / np.mean(noise ** 2))
        self.assertAlmostEqual(snr, 5.0, delta=0.05)


if __name__ == "__main__":
    unittest.main()

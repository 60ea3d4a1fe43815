#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Quality metrics against analytic cases."""
import unittest

import numpy as np

from quality_common import metrics as M


def cnoise(rng, n, power=1.0):
    return np.sqrt(power / 2) * (rng.standard_normal(n) + 1j * rng.standard_normal(n))


class TestSiSdr(unittest.TestCase):
    def setUp(self):
        self.rng = np.random.default_rng(7)

    def test_scaled_copy_is_huge(self):
        ref = cnoise(self.rng, 10000)
        self.assertGreater(M.si_sdr(ref, (0.3 - 0.7j) * ref), 100.0)
        r = self.rng.standard_normal(10000)
        self.assertGreater(M.si_sdr(r, -2.5 * r), 100.0)

    def test_independent_noise_complex(self):
        n = 400000
        ref = cnoise(self.rng, n, 1.0)
        for snr in (-5.0, 0.0, 10.0, 20.0):
            est = ref + cnoise(self.rng, n, 10 ** (-snr / 10))
            self.assertAlmostEqual(M.si_sdr(ref, est), snr, delta=0.3)

    def test_independent_noise_real(self):
        n = 400000
        ref = self.rng.standard_normal(n)
        est = ref + np.sqrt(0.1) * self.rng.standard_normal(n)
        self.assertAlmostEqual(M.si_sdr(ref, est), 10.0, delta=0.3)

    def test_complex_scale_invariance(self):
        ref = cnoise(self.rng, 50000)
        est = ref + cnoise(self.rng, 50000, 0.5)
        base = M.si_sdr(ref, est)
        for c in (2.0, 1j, -0.01 + 0.3j, np.exp(2.1j) * 1e3):
            self.assertAlmostEqual(M.si_sdr(ref, c * est), base, places=6)

    def test_real_sign_invariance(self):
        ref = self.rng.standard_normal(50000)
        est = ref + 0.5 * self.rng.standard_normal(50000)
        self.assertAlmostEqual(M.si_sdr(ref, -3 * est), M.si_sdr(ref, est), places=6)

    def test_zero_estimate(self):
        ref = cnoise(self.rng, 1000)
        self.assertLessEqual(M.si_sdr(ref, np.zeros(1000, complex)), -100.0)

    def test_quadrature_copy_is_not_rescued(self):
        # I/Q swapped (conjugate) is a different signal: low SI-SDR
        ref = cnoise(self.rng, 100000)
        self.assertLess(M.si_sdr(ref, np.conj(ref)), -10.0)


class TestBurstMetrics(unittest.TestCase):
    def setUp(self):
        self.rng = np.random.default_rng(11)
        self.n = 200000
        self.bursts = [(20000, 60000, 0, 0), (120000, 150000, 0, 0)]
        self.ref = np.zeros(self.n, complex)
        for s, e, _, _ in self.bursts:
            self.ref[s:e] = np.exp(2j * np.pi * 0.05 * np.arange(e - s))

    def test_in_burst_snr(self):
        est = self.ref + cnoise(self.rng, self.n, 0.1)  # 10 dB everywhere
        self.assertAlmostEqual(M.in_burst_snr(self.ref, est, self.bursts), 10.0, delta=0.2)
        # a 6 dB gain loss is error too: |0.5 - 1|^2 = 0.25 -> 6.02 dB
        self.assertAlmostEqual(M.in_burst_snr(self.ref, 0.5 * self.ref, self.bursts),
                               6.02, delta=0.05)

    def test_residual_db(self):
        noisy = self.ref + cnoise(self.rng, self.n, 1.0)
        self.assertLessEqual(M.residual_db(noisy, np.zeros(self.n), self.bursts, 100), -200)
        self.assertAlmostEqual(M.residual_db(noisy, noisy, self.bursts, 100), 0.0, places=9)
        self.assertAlmostEqual(M.residual_db(noisy, 0.1 * noisy, self.bursts, 100), -20.0,
                               places=6)
        # the guard hides the burst edges: leakage next to a burst does not count
        est = np.zeros(self.n, complex)
        est[19950:20000] = 10.0
        self.assertLessEqual(M.residual_db(noisy, est, self.bursts, 100), -200)
        self.assertGreater(M.residual_db(noisy, est, self.bursts, 0), -30)
        # no input power outside the bursts: nothing to remove
        self.assertTrue(np.isnan(M.residual_db(self.ref, self.ref, self.bursts, 0)))

    def test_detection_clean_bursts(self):
        fs = 1e6
        d = M.burst_detection(self.ref, fs, self.bursts)
        self.assertEqual((d["precision"], d["recall"], d["f1"]), (1.0, 1.0, 1.0))
        # with a weak noise floor around them
        d = M.burst_detection(self.ref + cnoise(self.rng, self.n, 1e-3), fs, self.bursts)
        self.assertEqual(d["f1"], 1.0)

    def test_detection_misses_and_false_alarms(self):
        fs = 1e6
        est = self.ref.copy()
        est[120000:150000] = 0  # second burst lost
        est[90000:100000] = 1.0  # 10 ms: shorter than the 20 ms minimum
        est[170000:195000] = 1.0  # 25 ms false alarm
        d = M.burst_detection(est, fs, self.bursts)
        self.assertEqual((d["detected"], d["matched"]), (2, 1))
        self.assertAlmostEqual(d["precision"], 0.5)
        self.assertAlmostEqual(d["recall"], 0.5)

    def test_detection_noise_only(self):
        d = M.burst_detection(cnoise(self.rng, self.n), 1e6, [])
        self.assertEqual(d["detected"], 0)
        self.assertEqual(d["f1"], 1.0)
        d = M.burst_detection(np.zeros(self.n), 1e6, self.bursts)
        self.assertEqual((d["recall"], d["f1"]), (0.0, 0.0))

    def test_align(self):
        out = np.arange(100)
        np.testing.assert_array_equal(M.align(out, 10, 50), np.arange(10, 60))
        y = M.align(out, 90, 20)
        self.assertEqual(len(y), 20)
        np.testing.assert_array_equal(y[:10], np.arange(90, 100))
        self.assertFalse(y[10:].any())


if __name__ == "__main__":
    unittest.main()

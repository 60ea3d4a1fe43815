#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""numpy reference cleaners: framing, oracle ratio mask, naive threshold."""
import unittest

import numpy as np

from quality_common import metrics as M, scenarios as S


class TestFraming(unittest.TestCase):
    def test_unit_mask_reconstructs(self):
        rng = np.random.default_rng(1)
        for x in (rng.standard_normal(10000) + 1j * rng.standard_normal(10000),
                  rng.standard_normal(10001)):
            for n, h in ((1024, 256), (512, 128), (256, 128)):
                y = M.stft_mask_apply(x, n, h, lambda spec, k0: 1.0)
                np.testing.assert_allclose(y, x, atol=1e-5)

    def test_dual_window(self):
        w = M.periodic_hann(1024)
        g = M.dual_window(w, 256)
        s = sum(np.roll(w * g, k * 256) for k in range(4))
        np.testing.assert_allclose(s, 1.0, atol=1e-12)

    def test_matches_module_frames(self):
        try:
            from gnuradio import blocks, gr, stftclean
        except ImportError:
            self.skipTest("gnuradio.stftclean not importable")
        rng = np.random.default_rng(2)
        x = (rng.standard_normal(8192) + 1j * rng.standard_normal(8192)).astype(np.complex64)
        tb = gr.top_block()
        src = blocks.vector_source_c(x.tolist())
        stft = stftclean.stft_cc(1024, 256)
        snk = blocks.vector_sink_c(1024)
        tb.connect(src, stft, snk)
        tb.run()
        got = np.array(snk.data()).reshape(-1, 1024)
        seen = []
        M.stft_mask_apply(x, 1024, 256, lambda spec, k0: seen.append(spec.copy()) or 1.0)
        ref = np.concatenate(seen)[:len(got)]
        np.testing.assert_allclose(got, ref, atol=2e-3 * np.abs(ref).max())


class TestReferenceCleaners(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = S.rf_scenario("a", 0.0, 2.5, seed=1)

    def test_oracle_well_above_naive(self):
        s = self.s
        oracle = M.oracle_ratio_mask(s.clean, s.noisy, 1024, 256)
        naive = M.naive_threshold(s.noisy, 1024, 256)
        so, sn, si = (M.si_sdr(s.clean, y) for y in (oracle, naive, s.noisy))
        self.assertGreater(so, 4.0)
        self.assertGreater(so, sn + 10.0)
        self.assertGreater(sn, si)  # the naive one still helps a little
        self.assertLess(M.residual_db(s.noisy, oracle, s.bursts, 4096), -100)
        self.assertEqual(M.burst_detection(oracle, s.fs, s.bursts)["f1"], 1.0)

    def test_oracle_of_clean_is_identity(self):
        s = self.s
        y = M.oracle_ratio_mask(s.clean, s.clean, 1024, 256)
        self.assertGreater(M.si_sdr(s.clean, y), 60.0)

    def test_naive_threshold(self):
        rng = np.random.default_rng(3)
        n = 200000
        noise = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) / np.sqrt(2)
        y = M.naive_threshold(noise, 1024, 256, 6.0)
        # bins > 6 dB over the median of exponential power hold (1+t) e^-t of
        # the power (t = 4 ln 2: -6.2 dB) in the STFT domain; the overlap-add
        # of an inconsistent (masked) STFT loses some more of it
        p = 10 * np.log10(np.mean(np.abs(y) ** 2))
        self.assertTrue(-11.0 < p < -6.0, p)
        tone = 0.5 * np.exp(2j * np.pi * 0.1 * np.arange(n))  # 25 dB over a bin's noise
        y = M.naive_threshold(noise + tone, 1024, 256, 6.0)
        self.assertGreater(M.si_sdr(tone, y), 0.0)
        y = M.naive_threshold(noise.real, 1024, 256, 6.0)  # real input too
        self.assertEqual(y.dtype, np.float32)


if __name__ == "__main__":
    unittest.main()

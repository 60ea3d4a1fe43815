#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""aligned_cleaner_cc/ff: the output has the input's length and sample t of
it is input sample t cleaned. References: mask none is perfect
reconstruction (output = input); cleaner_cc fed the input and latency()
zeros by hand, sliced by hand; numpy_api.clean(one_pass=True)."""

import unittest

import numpy as np
from gnuradio import blocks, gr

from gnuradio import stftclean
from gnuradio.stftclean import numpy_api as sc


def run(blk, x):
    tb = gr.top_block()
    cplx = np.iscomplexobj(x)
    src = (blocks.vector_source_c if cplx else blocks.vector_source_f)(x.tolist())
    snk = blocks.vector_sink_c() if cplx else blocks.vector_sink_f()
    tb.connect(src, blk, snk)
    tb.run()
    return np.array(snk.data(), np.complex64 if cplx else np.float32)


def bursts(n, fs, seed):
    rng = np.random.default_rng(seed)
    x = (rng.normal(size=n) + 1j * rng.normal(size=n)) * 0.1
    t = np.arange(n) / fs
    on = (t > 0.1 * n / fs) & (t < 0.6 * n / fs)
    x[on] += np.exp(2j * np.pi * 0.12 * fs * t[on])
    return x.astype(np.complex64)


class TestAligned(unittest.TestCase):
    def test_001_none_is_identity(self):
        """Mask none: output = input, same length, no shift, for lengths
        below, at and above the latency, and whole or partial hops."""
        rng = np.random.default_rng(4)
        for n in (1, 100, 768, 769, 5000, 12345):
            x = (rng.normal(size=n) + 1j * rng.normal(size=n)).astype(np.complex64)
            y = run(stftclean.aligned_cleaner_cc(n, 1024, 256, mask="none"), x)
            self.assertEqual(len(y), n)
            np.testing.assert_allclose(y, x, atol=1e-5)
            r = x.real.copy()
            y = run(stftclean.aligned_cleaner_ff(n, 512, 128, mask="none"), r)
            self.assertEqual(len(y), n)
            np.testing.assert_allclose(y, r, atol=1e-5)

    def test_002_auto_equals_hand_alignment(self):
        """Mask auto: the same samples as cleaner_cc padded and sliced by
        hand, and as numpy_api.clean(one_pass=True); the noise between the
        bursts is removed at the right place."""
        fs = 250e3
        n = int(0.4 * fs) + 37
        x = bursts(n, fs, 7)
        blk = stftclean.aligned_cleaner_cc(n, 1024, 256, mask="auto", sample_rate=fs)
        y = run(blk, x)
        ref_blk = stftclean.cleaner_cc(1024, 256, mask="auto", sample_rate=fs)
        lat = ref_blk.latency()
        self.assertEqual(blk.cleaner.latency(), lat)
        self.assertEqual(blk.latency(), 0)
        hand = run(ref_blk, np.concatenate([x, np.zeros(lat + 1024, np.complex64)]))
        hand = hand[lat:lat + n]
        self.assertEqual(len(y), n)
        scale = np.max(np.abs(hand))
        self.assertLess(np.max(np.abs(y - hand)) / scale, 1e-6)
        one = sc.clean(x, fs, one_pass=True)
        self.assertLess(np.max(np.abs(y - one)) / scale, 1e-6)
        # aligned: the tone is kept where it is in the input
        on = slice(int(0.2 * n), int(0.5 * n))
        c = np.vdot(x[on], y[on]) / np.sqrt(np.vdot(x[on], x[on]) * np.vdot(y[on], y[on]))
        self.assertGreater(abs(c), 0.95)

    def test_003_controls_forwarded(self):
        blk = stftclean.aligned_cleaner_cc(1000, 256, 64, mask="auto", sample_rate=1e6,
                                           args="pfa=1e-6")
        self.assertEqual(blk.param("pfa"), 1e-6)
        blk.set_param("pfa", 1e-4)
        self.assertEqual(blk.cleaner.param("pfa"), 1e-4)
        self.assertEqual(blk.nsamples(), 1000)
        self.assertEqual((1000 + blk.pad()) % 64, 0)
        self.assertGreaterEqual(blk.pad(), blk.cleaner.latency())

    def test_004_errors_name_the_parameter(self):
        for bad in (0, -5, 2.5, True):
            with self.assertRaisesRegex(ValueError, "^nsamples: "):
                stftclean.aligned_cleaner_cc(bad, 256, 64, mask="none")
        with self.assertRaisesRegex(ValueError, "^sample_rate: "):
            stftclean.aligned_cleaner_cc(1000, 256, 64, mask="auto")
        with self.assertRaisesRegex(ValueError, "hop"):
            stftclean.aligned_cleaner_cc(1000, 256, 0, mask="none")


if __name__ == "__main__":
    unittest.main()

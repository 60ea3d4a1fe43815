#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""stft_cc / stft_fc frames against numpy.fft of zero-prefixed windowed frames."""

import numpy as np
from gnuradio import gr, gr_unittest, blocks

try:
    from gnuradio import stftclean
except ImportError:
    import os
    import sys
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from gnuradio import stftclean

from stftclean_qa_ref import stft_reference


class qa_stft(gr_unittest.TestCase):

    def setUp(self):
        self.tb = gr.top_block()
        self.rng = np.random.default_rng(1)

    def tearDown(self):
        self.tb = None

    def run_stft(self, x, real=False, **kw):
        if real:
            src = blocks.vector_source_f(x.astype(np.float32).tolist())
            blk = stftclean.stft_fc(**kw)
            snk = blocks.vector_sink_c(blk.bins())
        else:
            src = blocks.vector_source_c(x.astype(np.complex64).tolist())
            blk = stftclean.stft_cc(**kw)
            snk = blocks.vector_sink_c(blk.bins())
        self.tb.connect(src, blk, snk)
        self.tb.run()
        return blk, np.array(snk.data()).reshape(-1, blk.bins())

    def check(self, frames, ref):
        self.assertEqual(frames.shape, ref.shape)
        err = np.max(np.abs(frames - ref)) / np.max(np.abs(ref))
        self.assertLess(err, 1e-4)

    def cx(self, n):
        return (self.rng.standard_normal(n) + 1j * self.rng.standard_normal(n))

    def test_001_cc_matches_fft(self):
        x = self.cx(64 * 20)
        blk, frames = self.run_stft(x, fft_size=64, hop=16)
        self.assertEqual(blk.latency(), 48)
        self.assertEqual(blk.bins(), 64)
        self.check(frames, stft_reference(x, 64, 16))

    def test_002_cc_non_power_of_two(self):
        x = self.cx(1000 * 6)
        blk, frames = self.run_stft(x, fft_size=1000, hop=250)
        self.check(frames, stft_reference(x, 1000, 250))

    def test_003_cc_short_window_zero_padded(self):
        x = self.cx(48 * 20)
        blk, frames = self.run_stft(x, fft_size=64, hop=12, window_len=48)
        self.assertEqual(blk.window_len(), 48)
        self.assertEqual(blk.latency(), 36)
        self.check(frames, stft_reference(x, 64, 12, window_len=48))

    def test_004_cc_centered_is_fftshift(self):
        x = self.cx(64 * 10)
        _, frames = self.run_stft(x, fft_size=64, hop=32, centered=True)
        ref = np.fft.fftshift(stft_reference(x, 64, 32), axes=1)
        self.check(frames, ref)
        x = self.cx(63 * 10)  # odd size: fftshift puts DC at index 31
        _, frames = self.run_stft(x, fft_size=63, hop=21, centered=True)
        self.check(frames, np.fft.fftshift(stft_reference(x, 63, 21), axes=1))

    def test_005_cc_other_windows(self):
        x = self.cx(64 * 10)
        for window, hop in (("hamming", 32), ("rect", 64), ("sqrt-hann", 32)):
            self.tb = gr.top_block()
            _, frames = self.run_stft(x, fft_size=64, hop=hop, window=window)
            self.check(frames, stft_reference(x, 64, hop, window=window))

    def test_006_fc_matches_rfft(self):
        x = self.rng.standard_normal(64 * 20)
        blk, frames = self.run_stft(x, real=True, fft_size=64, hop=16)
        self.assertEqual(blk.bins(), 33)
        self.check(frames, stft_reference(x, 64, 16, real=True))

    def test_007_fc_odd_size_and_short_window(self):
        x = self.rng.standard_normal(1000 * 4)
        blk, frames = self.run_stft(x, real=True, fft_size=1000, hop=200)
        self.assertEqual(blk.bins(), 501)
        self.check(frames, stft_reference(x, 1000, 200, real=True))
        self.tb = gr.top_block()
        x = self.rng.standard_normal(40 * 30)
        blk, frames = self.run_stft(x, real=True, fft_size=45, hop=10, window_len=40)
        self.assertEqual(blk.bins(), 23)
        self.check(frames, stft_reference(x, 45, 10, window_len=40, real=True))


if __name__ == "__main__":
    gr_unittest.run(qa_stft)

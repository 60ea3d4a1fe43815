#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Threshold and band masks measured with numpy FFTs of the output."""

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

from stftclean_qa_ref import complex_noise

FS = 48000.0
N, HOP = 256, 64
M = 16384  # measurement FFT: every test tone is a whole number of its bins


def run(x, blk):
    tb = gr.top_block()
    if np.iscomplexobj(x):
        src, snk = blocks.vector_source_c(x.tolist()), blocks.vector_sink_c()
    else:
        src, snk = blocks.vector_source_f(x.tolist()), blocks.vector_sink_f()
    tb.connect(src, blk, snk)
    tb.run()
    return np.array(snk.data())


def spectrum(y, latency):
    """Power per bin of a steady-state block of M samples (rectangular window:
    tones on bin centres stay in one bin), index = frequency * M / FS."""
    seg = y[latency + 2 * N:latency + 2 * N + M]
    assert len(seg) == M
    return np.abs(np.fft.fft(seg)) ** 2 / M


def db(a, b):
    return 10 * np.log10(a / b)


class qa_cleaner_masks(gr_unittest.TestCase):

    def setUp(self):
        self.rng = np.random.default_rng(3)
        self.n = M + 4 * N + 4 * HOP
        self.t = np.arange(self.n)

    def tone(self, hz, amp=1.0):
        return (amp * np.exp(2j * np.pi * hz / FS * self.t)).astype(np.complex64)

    def test_001_threshold_keeps_tone_removes_noise(self):
        f0 = 3000.0  # bin 16 of N = 256 at 48 kHz, bin 1024 of M
        tone = self.tone(f0)
        noise = complex_noise(self.rng, self.n, power=1e-2)
        blk = stftclean.cleaner_cc(N, HOP, mask="threshold",
                                   args="threshold_db=15 floor_db=-60", sample_rate=FS)
        y = run(tone + noise, blk)
        lat = blk.latency()
        k0 = int(f0 * M / FS)
        s_in = spectrum(tone + noise, 0)
        s_out = spectrum(y, lat)
        # tone-free band: everything more than 4 STFT bins (256 M-bins) away
        far = np.ones(M, bool)
        far[k0 - 256:k0 + 257] = False
        # independent expectation: the input noise power there (numpy), which
        # the mask must cut by at least 20 dB (floor is -60 dB)
        expected_noise = 1e-2 * far.sum() / M * M  # white noise: power per bin
        self.assertAlmostEqual(db(s_in[far].sum(), expected_noise), 0.0, delta=0.5)
        self.assertGreater(db(s_in[far].sum(), s_out[far].sum()), 20.0)
        # the tone keeps its power (within 0.5 dB)
        self.assertLess(abs(db(s_out[k0], s_in[k0])), 0.5)
        self.assertLess(abs(db(s_out[k0], M * 1.0)), 0.5)

    def test_002_band_keep_removes_out_of_band_tone(self):
        keep_hz, out_hz = 3000.0, -12000.0
        x = self.tone(keep_hz) + self.tone(out_hz)
        blk = stftclean.cleaner_cc(N, HOP, mask="band", args="bands=1000:5000",
                                   sample_rate=FS)
        y = run(x, blk)
        s_in, s_out = spectrum(x, 0), spectrum(y, blk.latency())
        k_keep, k_out = int(keep_hz * M / FS), int(out_hz * M / FS) % M
        self.assertGreater(db(s_in[k_out], s_out[k_out]), 40.0)
        self.assertLess(abs(db(s_out[k_keep], s_in[k_keep])), 0.1)

    def test_003_band_reject_real(self):
        keep_hz, out_hz = 3000.0, 12000.0
        x = (np.cos(2 * np.pi * keep_hz / FS * self.t) +
             np.cos(2 * np.pi * out_hz / FS * self.t)).astype(np.float32)
        blk = stftclean.cleaner_ff(N, HOP, mask="band",
                                   args="bands=10000:14000, band_reject=on", sample_rate=FS)
        y = run(x, blk)
        s_in, s_out = spectrum(x, 0), spectrum(y, blk.latency())
        k_keep, k_out = int(keep_hz * M / FS), int(out_hz * M / FS)
        self.assertGreater(db(s_in[k_out], s_out[k_out]), 40.0)
        self.assertLess(abs(db(s_out[k_keep], s_in[k_keep])), 0.1)


if __name__ == "__main__":
    gr_unittest.run(qa_cleaner_masks)

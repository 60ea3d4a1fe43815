#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Perfect reconstruction: stft -> istft and the cleaner with mask "none"
return the input delayed by latency() = window_len - hop."""

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

from stftclean_qa_ref import delayed, rel_rms_error

# (kwargs, signal length): powers of two, N = 1000, window shorter than N,
# a non-hann window, a hop that leaves no latency
CASES = [
    (dict(fft_size=64, hop=16), 64 * 40),
    (dict(fft_size=1000, hop=250), 1000 * 8),
    (dict(fft_size=1000, hop=100, window_len=600), 600 * 10),
    (dict(fft_size=64, hop=12, window_len=48, window="hamming"), 48 * 30),
    (dict(fft_size=32, hop=32, window="rect"), 32 * 20),
]


class qa_roundtrip(gr_unittest.TestCase):

    def setUp(self):
        self.rng = np.random.default_rng(2)

    def run_chain(self, x, make_blocks, real):
        tb = gr.top_block()
        if real:
            src = blocks.vector_source_f(x.astype(np.float32).tolist())
            snk = blocks.vector_sink_f()
        else:
            src = blocks.vector_source_c(x.astype(np.complex64).tolist())
            snk = blocks.vector_sink_c()
        chain = make_blocks()
        tb.connect(src, *chain, snk)
        tb.run()
        return chain, np.array(snk.data())

    def check(self, x, y, latency):
        self.assertEqual(len(y), len(x))
        self.assertLess(rel_rms_error(y, delayed(x, latency)), 1e-5)
        # the first latency samples are the zero prefix
        self.assertLess(np.max(np.abs(y[:latency]), initial=0.0), 1e-5)

    def test_001_stft_istft_cc(self):
        for kw, n in CASES:
            x = self.rng.standard_normal(n) + 1j * self.rng.standard_normal(n)
            chain, y = self.run_chain(
                x, lambda: (stftclean.stft_cc(**kw), stftclean.istft_cc(**kw)), False)
            self.assertEqual(chain[1].latency(), chain[0].latency())
            self.check(x, y, chain[1].latency())

    def test_002_stft_istft_cc_centered(self):
        kw = dict(fft_size=64, hop=16, centered=True)
        x = self.rng.standard_normal(64 * 20) + 1j * self.rng.standard_normal(64 * 20)
        chain, y = self.run_chain(
            x, lambda: (stftclean.stft_cc(**kw), stftclean.istft_cc(**kw)), False)
        self.check(x, y, 48)

    def test_003_stft_istft_fc(self):
        for kw, n in CASES:
            x = self.rng.standard_normal(n)
            chain, y = self.run_chain(
                x, lambda: (stftclean.stft_fc(**kw), stftclean.istft_cf(**kw)), True)
            self.check(x, y, chain[1].latency())

    def test_004_cleaner_cc_none(self):
        for kw, n in CASES:
            x = self.rng.standard_normal(n) + 1j * self.rng.standard_normal(n)
            chain, y = self.run_chain(x, lambda: (stftclean.cleaner_cc(mask="none", **kw),), False)
            lat = (kw.get("window_len") or kw["fft_size"]) - kw["hop"]
            self.assertEqual(chain[0].latency(), lat)
            self.check(x, y, lat)

    def test_005_cleaner_ff_none(self):
        for kw, n in CASES:
            x = self.rng.standard_normal(n)
            chain, y = self.run_chain(x, lambda: (stftclean.cleaner_ff(mask="none", **kw),), True)
            self.check(x, y, chain[0].latency())


if __name__ == "__main__":
    gr_unittest.run(qa_roundtrip)

#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""The blocks' defaults: mask "auto" and sample_rate 0, which takes the rate
from the stream's rx_rate tag (iqwav_source, UHD and Soapy sources send it).

  - cleaner_cc / cleaner_ff / mask_cc with the defaults and an rx_rate tag
    give, sample for sample, what the same block with the rate given
    explicitly gives; tags move by the latency the rate implies;
  - latency() before the rate is known raises, naming why;
  - no rx_rate tag: the block stops the flowgraph and produces nothing
    (the error names sample_rate);
  - masks that use no rate (none, threshold) run without one."""

import numpy as np
import pmt
from gnuradio import gr, gr_unittest, blocks

try:
    from gnuradio import stftclean
    from gnuradio.stftclean.spectral_chain import spectral_chain_cc
except ImportError:
    import os
    import sys
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from gnuradio import stftclean
    from gnuradio.stftclean.spectral_chain import spectral_chain_cc

FS = 1e6


def rate_tag(fs, offset=0):
    t = gr.tag_t()
    t.offset = offset
    t.key = pmt.intern("rx_rate")
    t.value = pmt.from_double(fs)
    return t


def burst_signal(n, seed=5, cplx=True):
    """White noise with a 20 ms tone burst 15 dB over it in its bin."""
    rng = np.random.default_rng(seed)
    if cplx:
        x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) / np.sqrt(2)
    else:
        x = rng.standard_normal(n)
    t = np.arange(n)
    a, b = n // 3, n // 3 + int(0.02 * FS)
    tone = np.exp(2j * np.pi * 0.1 * t) if cplx else np.cos(2 * np.pi * 0.1 * t)
    x[a:b] += 0.5 * tone[a:b]
    return x.astype(np.complex64 if cplx else np.float32)


def run(blk, x, tags, extra_tag_offset=None):
    tb = gr.top_block()
    cplx = np.iscomplexobj(x)
    if extra_tag_offset is not None:
        t = gr.tag_t()
        t.offset = extra_tag_offset
        t.key = pmt.intern("marker")
        t.value = pmt.PMT_T
        tags = list(tags) + [t]
    src = (blocks.vector_source_c if cplx else blocks.vector_source_f)(x.tolist(), False, 1,
                                                                      tags)
    snk = blocks.vector_sink_c() if cplx else blocks.vector_sink_f()
    tb.connect(src, blk, snk)
    tb.run()
    return np.array(snk.data()), snk.tags()


class qa_stream_rate(gr_unittest.TestCase):

    def test_cleaner_cc_rate_from_tag(self):
        x = burst_signal(200000)
        blk = stftclean.cleaner_cc(1024, 256)  # every default: auto, sample_rate 0
        with self.assertRaises(RuntimeError) as cm:
            blk.latency()
        self.assertIn("sample_rate", str(cm.exception))
        y, tags = run(blk, x, [rate_tag(FS)], extra_tag_offset=50000)
        ref_blk = stftclean.cleaner_cc(1024, 256, mask="auto", sample_rate=FS)
        y_ref, _ = run(ref_blk, x, [rate_tag(FS)])
        self.assertEqual(len(y), len(x) // 256 * 256)  # whole hops
        self.assertEqual(blk.latency(), ref_blk.latency())
        np.testing.assert_array_equal(y, y_ref)
        # the burst is kept and the noise taken down: auto did run, at FS
        lat = blk.latency()
        n = len(x)
        a, b = n // 3 + lat + 2048, n // 3 + int(0.02 * FS) + lat - 2048
        self.assertGreater(np.mean(np.abs(y[a:b]) ** 2), 0.1)
        self.assertLess(np.mean(np.abs(y[lat + 5000:lat + 40000]) ** 2), 0.01)
        # the marker moved by the latency of the tag's rate
        marks = [t.offset for t in tags if pmt.symbol_to_string(t.key) == "marker"]
        self.assertEqual(marks, [50000 + lat])

    def test_cleaner_ff_and_mask_cc_rate_from_tag(self):
        x = burst_signal(120000, cplx=False)
        blk = stftclean.cleaner_ff(1024, 256)
        y, _ = run(blk, x, [rate_tag(FS)])
        y_ref, _ = run(stftclean.cleaner_ff(1024, 256, mask="auto", sample_rate=FS), x, [rate_tag(FS)])
        np.testing.assert_array_equal(y, y_ref)
        # mask_cc between stft_cc and istft_cc: the tag goes through the STFT
        xc = burst_signal(120000)
        outs = []
        for fs in (0.0, FS):
            tb = gr.top_block()
            src = blocks.vector_source_c(xc.tolist(), False, 1, [rate_tag(FS)])
            st = stftclean.stft_cc(1024, 256)
            m = stftclean.mask_cc(1024, 256, sample_rate=fs)
            ist = stftclean.istft_cc(1024, 256)
            snk = blocks.vector_sink_c()
            tb.connect(src, st, m, ist, snk)
            tb.run()
            outs.append(np.array(snk.data()))
            if fs == 0.0:
                delay = m.delay_frames()
        self.assertGreater(len(outs[0]), 0)
        np.testing.assert_array_equal(outs[0], outs[1])
        self.assertGreater(delay, 0)

    def test_spectral_chain_rate_from_tag(self):
        """spectral_chain_cc defaults to sample_rate=0 like its mask_cc: the
        rx_rate tag gives the rate, the output equals the explicit rate's."""
        xc = burst_signal(120000)
        outs = []
        for kw in ({}, {"sample_rate": FS}):
            tb = gr.top_block()
            src = blocks.vector_source_c(xc.tolist(), False, 1, [rate_tag(FS)])
            chain = spectral_chain_cc(1024, 256, **kw)
            snk = blocks.vector_sink_c()
            tb.connect(src, chain, snk)
            tb.run()
            outs.append(np.array(snk.data()))
        self.assertGreater(len(outs[0]), 0)
        np.testing.assert_array_equal(outs[0], outs[1])

    def test_no_tag_stops_with_nothing_out(self):
        x = burst_signal(60000)
        y, _ = run(stftclean.cleaner_cc(1024, 256), x, [])
        self.assertEqual(len(y), 0)

    def test_masks_without_rate_need_no_tag(self):
        x = burst_signal(60000)
        for mask in ("none", "threshold"):
            blk = stftclean.cleaner_cc(1024, 256, mask=mask)
            self.assertGreaterEqual(blk.latency(), 0)
            y, _ = run(blk, x, [])
            self.assertEqual(len(y), len(x) // 256 * 256)  # whole hops
        # none is a perfect reconstruction
        blk = stftclean.cleaner_cc(1024, 256, mask="none")
        y, _ = run(blk, x, [])
        lat = blk.latency()
        np.testing.assert_allclose(y[lat:], x[:len(y) - lat], atol=1e-5)


if __name__ == "__main__":
    gr_unittest.run(qa_stream_rate)

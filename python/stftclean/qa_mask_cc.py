#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""mask_cc: stft_cc -> mask_cc -> istft_cc against the fused cleaner, the
external mask input, the gain output and the look-ahead delay of tags."""

import numpy as np
import pmt
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

FS = 1e6


def bursts_in_noise(rng, n, fs=FS):
    """Tone bursts (a few hops long) at two frequencies in unit noise."""
    x = complex_noise(rng, n, 0.01)
    t = np.arange(n)
    for start, f in ((3000, 50e3), (9000, -120e3), (15000, 200e3)):
        seg = slice(start, start + 2000)
        x[seg] += np.exp(2j * np.pi * f / fs * t[seg])
    return x.astype(np.complex64)


class qa_mask_cc(gr_unittest.TestCase):

    def setUp(self):
        self.rng = np.random.default_rng(11)

    def chain(self, x, n, h, ext=None, gains=False, **kw):
        """stft -> mask -> istft; returns (output, block, gain frames)."""
        tb = gr.top_block()
        src = blocks.vector_source_c(x.tolist())
        stft = stftclean.stft_cc(n, h, centered=kw.get("centered", False))
        blk = stftclean.mask_cc(n, h, **kw)
        istft = stftclean.istft_cc(n, h, centered=kw.get("centered", False))
        snk = blocks.vector_sink_c()
        tb.connect(src, stft, (blk, 0))
        tb.connect((blk, 0), istft, snk)
        if ext is not None:
            nframes = len(x) // h
            esrc = blocks.vector_source_f(np.tile(ext, nframes).tolist(), False, n)
            tb.connect(esrc, (blk, 1))
        gsnk = None
        if gains:
            gsnk = blocks.vector_sink_f(n)
            tb.connect((blk, 1), gsnk)
        tb.run()
        g = np.array(gsnk.data()).reshape(-1, n) if gains else None
        return np.array(snk.data()), blk, g

    def cleaner(self, x, n, h, **kw):
        tb = gr.top_block()
        src = blocks.vector_source_c(x.tolist())
        blk = stftclean.cleaner_cc(n, h, **kw)
        snk = blocks.vector_sink_c()
        tb.connect(src, blk, snk)
        tb.run()
        return np.array(snk.data()), blk

    def test_001_none_reconstructs(self):
        x = complex_noise(self.rng, 4096).astype(np.complex64)
        y, blk, _ = self.chain(x, 64, 16, mask="none")
        lat = blk.latency()
        self.assertEqual(lat, 48)
        self.assertEqual(blk.delay_frames(), 0)
        np.testing.assert_allclose(y[lat:], x[:len(x) - lat], atol=1e-5)

    def test_002_auto_equals_cleaner(self):
        """The split chain and the fused cleaner agree sample for sample:
        this pins the look-ahead delay handling (natural and centred)."""
        x = bursts_in_noise(self.rng, 1 << 15)
        for centered in (False, True):
            kw = dict(mask="auto", sample_rate=FS, centered=centered)
            y, blk, _ = self.chain(x, 256, 64, **kw)
            ref, cl = self.cleaner(x, 256, 64, **kw)
            self.assertGreater(blk.delay_frames(), 0)
            self.assertEqual(blk.latency(), cl.latency())
            self.assertEqual(len(y), len(ref))
            scale = np.sqrt(np.mean(np.abs(ref) ** 2))
            np.testing.assert_allclose(y, ref, rtol=1e-5, atol=1e-5 * scale)
            # and the mask really did something
            self.assertLess(np.mean(np.abs(ref[:2000]) ** 2),
                            0.1 * np.mean(np.abs(x[:2000]) ** 2))

    def test_003_band_centered_equals_cleaner(self):
        """An asymmetric band mask pins the centred bin reordering."""
        x = complex_noise(self.rng, 1 << 13).astype(np.complex64)
        kw = dict(mask="band", args="bands=-300e3:-100e3", sample_rate=FS, centered=True)
        y, _, _ = self.chain(x, 128, 32, **kw)
        ref, _ = self.cleaner(x, 128, 32, **kw)
        np.testing.assert_allclose(y, ref, rtol=1e-5, atol=1e-6)

    def test_004_external_ones_and_zeros(self):
        n, h = 64, 16
        x = complex_noise(self.rng, 4096).astype(np.complex64)
        y, blk, g = self.chain(x, n, h, ext=np.ones(n), gains=True, mask="auto",
                               sample_rate=FS)
        self.assertEqual(blk.delay_frames(), 0)
        lat = blk.latency()
        self.assertEqual(lat, n - h)
        np.testing.assert_allclose(y[lat:], x[:len(x) - lat], atol=1e-5)
        np.testing.assert_array_equal(g, np.ones_like(g))
        y, blk, g = self.chain(x, n, h, ext=np.zeros(n), gains=True, mask="auto",
                               sample_rate=FS, args="floor_db=-40")
        np.testing.assert_allclose(y[lat:], 0.01 * x[:len(x) - lat], atol=1e-6)
        np.testing.assert_allclose(g, 0.01, rtol=1e-6)
        np.testing.assert_allclose(blk.last_mask(), 0.01, rtol=1e-6)

    def test_005_gain_output(self):
        n, h = 256, 64
        x = bursts_in_noise(self.rng, 1 << 14)
        y, blk, g = self.chain(x, n, h, gains=True, mask="auto", sample_rate=FS,
                               args="floor_db=-50")
        self.assertEqual(g.shape, (len(x) // h, n))
        floor = 10 ** (-50.0 / 20)
        self.assertTrue(np.all(g[blk.delay_frames():] >= floor * (1 - 1e-6)))
        self.assertTrue(np.all(g <= 1.0))
        self.assertGreater(g.max(), 0.5)
        self.assertLess(np.median(g[blk.delay_frames():]), 0.1)
        np.testing.assert_array_equal(blk.last_mask(), g[-1])

    def test_006_tags_move_by_delay(self):
        n, h = 256, 64
        blk = stftclean.mask_cc(n, h, mask="auto", sample_rate=FS)
        d = blk.delay_frames()
        nframes = 400
        offsets = [0, 3, 50, 120]
        tags = []
        for i, off in enumerate(offsets):
            t = gr.tag_t()
            t.offset, t.key, t.value = off, pmt.intern("mark"), pmt.from_long(i)
            tags.append(t)
        src = blocks.vector_source_c([0.1] * (n * nframes), False, n, tags)
        snk = blocks.vector_sink_c(n)
        tb = gr.top_block()
        tb.connect(src, blk, snk)
        tb.run()
        got = {pmt.to_long(t.value): t.offset for t in snk.tags()}
        self.assertEqual(got, {i: off + d for i, off in enumerate(offsets)})
        self.assertEqual(len(snk.data()), n * nframes)

    def test_007_bad_arguments(self):
        with self.assertRaisesRegex(ValueError, "pfa"):
            stftclean.mask_cc(256, 64, sample_rate=FS, args="pfa=0")
        with self.assertRaisesRegex(ValueError, "region_freq"):
            stftclean.mask_cc(256, 64, sample_rate=FS, args="region_freq=10")
        with self.assertRaisesRegex(ValueError, "hop"):
            stftclean.mask_cc(256, 256)
        blk = stftclean.mask_cc(256, 64, sample_rate=FS)
        with self.assertRaisesRegex(ValueError, "xi_min_db"):
            blk.set_xi_min_db(10.0)


if __name__ == "__main__":
    gr_unittest.run(qa_mask_cc)

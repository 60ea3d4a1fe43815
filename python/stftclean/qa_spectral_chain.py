#!/usr/bin/env python3
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""spectral_chain_cc (the STFT -> mask -> ISTFT hier block): user blocks
between the stages act on the frames (numpy checks the result), the chain
equals the fused cleaner, the gain output, runtime setters, bad parameters."""

import numpy as np
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


def noisy_bursts(rng, n):
    x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * 0.05
    t = np.arange(n)
    for start, f in ((4000, 80e3), (20000, -150e3)):
        seg = slice(start, start + 6000)
        x[seg] += np.exp(2j * np.pi * f / FS * t[seg])
    return x.astype(np.complex64)


def run(blk, x, nout=1):
    tb = gr.top_block()
    src = blocks.vector_source_c(x.tolist())
    snk = blocks.vector_sink_c()
    tb.connect(src, blk)
    tb.connect((blk, 0), snk)
    gsnk = None
    if nout > 1:
        gsnk = blocks.vector_sink_f(blk.fft_size())
        tb.connect((blk, 1), gsnk)
    tb.run()
    y = np.array(snk.data(), dtype=np.complex64)
    g = np.array(gsnk.data(), dtype=np.float32).reshape(-1, blk.fft_size()) \
        if gsnk else None
    return y, g


class qa_spectral_chain(gr_unittest.TestCase):

    def setUp(self):
        self.rng = np.random.default_rng(5)

    def test_user_block_before_mask_scales_frames(self):
        """mask none: STFT -> x0.5 on every bin -> ISTFT is 0.5 x the input,
        delayed by latency() (perfect reconstruction, linearity)."""
        n, h = 512, 128
        x = noisy_bursts(self.rng, 40 * h)
        scale = blocks.multiply_const_vcc([0.5] * n)
        blk = spectral_chain_cc(n, h, mask="none", before_mask=[scale])
        y, _ = run(blk, x)
        d = blk.latency()
        self.assertEqual(d, n - h)
        m = len(x) - d
        np.testing.assert_allclose(y[d:d + m], 0.5 * x[:m], atol=2e-5)

    def test_user_block_after_mask_zeroes_negative_frequencies(self):
        """A user block that zeroes the negative-frequency bins: the output is
        the analytic-like part of the input, as numpy computes it with the
        same STFT framing (Hann, periodic, zero-prefixed by N - H)."""
        n, h = 256, 64
        x = noisy_bursts(self.rng, 60 * h)
        keep = np.ones(n, dtype=np.complex64)
        keep[n // 2:] = 0
        zero_neg = blocks.multiply_const_vcc(keep.tolist())
        blk = spectral_chain_cc(n, h, mask="none", after_mask=[zero_neg])
        y, _ = run(blk, x)
        d = blk.latency()
        # numpy reference: frames of the zero-prefixed input, weighted
        # overlap-add with the dual window of a periodic Hann at hop n/4
        w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)
        xp = np.concatenate([np.zeros(n - h, np.complex128), x])
        nf = (len(xp) - n) // h + 1
        acc = np.zeros(len(xp), np.complex128)
        norm = np.zeros(len(xp))
        for k in range(nf):
            seg = xp[k * h:k * h + n] * w
            spec = np.fft.fft(seg) * keep
            acc[k * h:k * h + n] += np.fft.ifft(spec) * w
            norm[k * h:k * h + n] += w ** 2
        ok = norm > 1e-3
        ref = np.zeros_like(acc)
        ref[ok] = acc[ok] / norm[ok]
        # output sample j is input sample j - d, i.e. xp index j - d + n - h
        lo, hi = 2 * n, len(x) - 2 * n
        np.testing.assert_allclose(y[lo + d:hi + d], ref[lo + n - h:hi + n - h],
                                   atol=1e-4)
        # and it really removed something: the negative half held power
        self.assertGreater(np.mean(np.abs(x) ** 2), 1.5 * np.mean(np.abs(y) ** 2))

    def test_equals_fused_cleaner(self):
        n, h = 1024, 256
        x = noisy_bursts(self.rng, 200 * h)
        chain = spectral_chain_cc(n, h, sample_rate=FS, mask="auto")
        y, _ = run(chain, x)
        fused = stftclean.cleaner_cc(fft_size=n, hop=h, mask="auto", sample_rate=FS)
        tb = gr.top_block()
        src = blocks.vector_source_c(x.tolist())
        snk = blocks.vector_sink_c()
        tb.connect(src, fused, snk)
        tb.run()
        z = np.array(snk.data(), dtype=np.complex64)
        self.assertEqual(chain.latency(), fused.latency())
        m = min(len(y), len(z))
        self.assertGreater(m, 100 * h)
        np.testing.assert_allclose(y[:m], z[:m], atol=1e-5 * max(1.0, np.abs(z).max()))

    def test_mask_output(self):
        n, h = 512, 128
        x = noisy_bursts(self.rng, 300 * h)
        blk = spectral_chain_cc(n, h, sample_rate=FS, mask="auto", floor_db=-40,
                                mask_output=True)
        y, g = run(blk, x, nout=2)
        self.assertEqual(g.shape[1], n)
        self.assertEqual(g.shape[0], len(x) // h)
        self.assertTrue(np.all(g >= 10 ** (-40 / 20) - 1e-6))
        self.assertTrue(np.all(g <= 1.0 + 1e-6))
        # some frames keep something (the bursts), most bins are at the floor
        self.assertGreater(g.max(), 0.5)
        self.assertLess(np.median(g), 0.05)

    def test_setters_and_bad_parameters(self):
        blk = spectral_chain_cc(512, 128, sample_rate=FS, mask="gate")
        blk.set_threshold_db(9.0)
        self.assertAlmostEqual(blk.mask.threshold_db(), 9.0)
        blk.set_floor_db(-30.0)
        self.assertAlmostEqual(blk.mask.floor_db(), -30.0)
        blk.set_bypass(True)
        with self.assertRaisesRegex(ValueError, "hop"):
            spectral_chain_cc(512, 0)
        with self.assertRaisesRegex(ValueError, "floor_db"):
            spectral_chain_cc(512, 128, sample_rate=FS, floor_db=5.0)


if __name__ == "__main__":
    gr_unittest.run(qa_spectral_chain)

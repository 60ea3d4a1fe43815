#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""spectral_features against the numpy/scipy reference on random spectra
(1e-4), in both bin orders, with cepstra and deltas; names; errors; tags."""

import numpy as np
from gnuradio import blocks, gr, gr_unittest

try:
    from gnuradio.stftclean import spectral_features
    from gnuradio.stftclean.features_qa_ref import (ref_ceps, ref_delta, ref_filterbank,
                                                     ref_scalars)
except ImportError:
    import os
    import sys
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from stftclean import spectral_features
    from features_qa_ref import ref_ceps, ref_delta, ref_filterbank, ref_scalars

NAMES = ["energy_db", "centroid_hz", "spread_hz", "skewness", "kurtosis", "flatness",
         "rolloff_hz", "flux", "entropy", "peak_hz", "peak_to_avg_db", "obw_hz"]


HZ_ABS = {"centroid_hz", "rolloff_hz", "peak_hz"}  # centre + offset
HZ_WIDTH = {"spread_hz", "obw_hz"}
DB = {"energy_db", "peak_to_avg_db"}


def close(test, got, ref, what, rtol=1e-4):
    """Column by column within rtol (|ref| + the column's median |ref|): the
    median is the column's typical size, so a large value elsewhere cannot
    widen the tolerance of the rest."""
    got = np.atleast_2d(np.asarray(got, float).T).T
    ref = np.atleast_2d(np.asarray(ref, float).T).T
    test.assertEqual(got.shape, ref.shape, what)
    for j in range(ref.shape[1]):
        g, r = got[:, j], ref[:, j]
        tol = rtol * (np.abs(r) + np.median(np.abs(r))) + 1e-12
        bad = ~(np.abs(g - r) <= tol)
        test.assertFalse(bad.any(), "%s[%d]: %d of %d differ" % (what, j, bad.sum(), bad.size))


def close_scalars(test, got, ref, fs, fc, what=""):
    """The 12 scalar features: Hz columns as offsets from the centre (widths
    as they are) to 1e-4 fs, dB columns to 1e-3 dB, the rest by close()."""
    for i, name in enumerate(NAMES):
        g, r = np.asarray(got[:, i], float), np.asarray(ref[:, i], float)
        if name in HZ_ABS or name in HZ_WIDTH:
            if name in HZ_ABS:
                g, r = g - fc, r - fc
            tol = 1e-4 * fs
        elif name in DB:
            tol = 1e-3
        else:
            close(test, g, r, name + what)
            continue
        bad = ~(np.abs(g - r) <= tol)
        test.assertFalse(bad.any(), "%s%s: %d of %d differ by more than %g" % (
            name, what, bad.sum(), bad.size, tol))


class qa_spectral_features(gr_unittest.TestCase):

    def run_block(self, blk, frames):
        n = frames.shape[1]
        src = blocks.vector_source_c(frames.astype(np.complex64).ravel().tolist(), False, n)
        snk = blocks.vector_sink_f(blk.num_features())
        tb = gr.top_block()
        tb.connect(src, blk, snk)
        tb.run()
        return np.array(snk.data()).reshape(-1, blk.num_features())

    def test_random_spectra_lfcc_deltas(self):
        rng = np.random.default_rng(3)
        n, fs, fc, T = 128, 2e6, 915e6, 60
        # spectra spread over several decades, random phases
        mag = np.exp(rng.uniform(-6, 3, (T, n)))
        X = np.sqrt(mag) * np.exp(2j * np.pi * rng.uniform(size=(T, n)))
        blk = spectral_features(n, fs, fc, cepstrum="lfcc", n_filters=20, n_ceps=8,
                                deltas=2, delta_width=2)
        self.assertEqual(2 * 2, blk.delay_frames())
        names = list(blk.feature_names())
        self.assertEqual(NAMES, names[:12])
        self.assertEqual(["lfcc0", "d_lfcc0", "dd_lfcc7"], [names[12], names[20], names[-1]])
        got = self.run_block(blk, X)
        self.assertEqual(T, len(got))
        d = blk.delay_frames()
        got = got[d:]  # frame k - d at output k; the last d frames stay inside
        P = np.fft.fftshift(np.abs(X.astype(np.complex64)) ** 2, axes=1).astype(np.float64)
        f = (np.arange(n) - n // 2) * fs / n
        ref = ref_scalars(P, f, fs, n, fc)[:T - d]
        close_scalars(self, got[:, :12], ref, fs, fc)
        c = ref_ceps(P, ref_filterbank(f, 20, -fs / 2, fs / 2, "linear"), 8)
        close(self, got[:, 12:20], c[:T - d], "lfcc")
        # deltas inside the sequence (the end is replicated at flush, which a
        # stream never reaches)
        dc = ref_delta(c)
        close(self, got[2:, 20:28], dc[2:T - d], "d_lfcc")
        close(self, got[4:, 28:36], ref_delta(dc)[4:T - d], "dd_lfcc")

    def test_centered_and_real(self):
        rng = np.random.default_rng(4)
        n, fs = 64, 48e3
        X = rng.standard_normal((20, n)) + 1j * rng.standard_normal((20, n))
        a = self.run_block(spectral_features(n, fs), X)
        b = self.run_block(spectral_features(n, fs, centered=True), np.fft.fftshift(X, axes=1))
        close_scalars(self, b[:, :12], a[:, :12], fs, 0.0, " (centred order)")
        # real input: N/2+1 bins, MFCC (Slaney)
        nb = n // 2 + 1
        blk = spectral_features(n, fs, real_input=True, cepstrum="mfcc", mel_scale="slaney",
                                n_filters=16, n_ceps=6)
        self.assertEqual(nb, blk.num_bins())
        got = self.run_block(blk, X[:, :nb])
        P = np.abs(X[:, :nb].astype(np.complex64)) ** 2
        f = np.arange(nb) * fs / n
        close_scalars(self, got[:, :12], ref_scalars(P.astype(np.float64), f, fs, n, 0.0), fs,
                      0.0, " (real)")
        close(self, got[:, 12:],
              ref_ceps(P.astype(np.float64), ref_filterbank(f, 16, 0, fs / 2, "slaney"), 6),
              "mfcc slaney")

    def test_errors(self):
        for kwargs, word in (({"cepstrum": "mel"}, "cepstrum"),
                             ({"cepstrum": "mfcc"}, "mfcc"),
                             ({"rolloff": 1.5}, "rolloff"),
                             ({"deltas": 1}, "deltas"),
                             ({"cepstrum": "lfcc", "n_ceps": 99}, "n_ceps")):
            with self.assertRaises(ValueError) as cm:
                spectral_features(64, 1e3, **kwargs)
            self.assertIn(word, str(cm.exception))

    def test_tags_move_by_the_delay(self):
        n = 32
        blk = spectral_features(n, 1e3, cepstrum="lfcc", n_filters=8, n_ceps=4, deltas=1)
        tag = gr.tag_utils.python_to_tag((5, gr.pmt.intern("k"), gr.pmt.PMT_T))
        src = blocks.vector_source_c([1.0] * (n * 20), False, n, [tag])
        snk = blocks.vector_sink_f(blk.num_features())
        tb = gr.top_block()
        tb.connect(src, blk, snk)
        tb.run()
        self.assertEqual([5 + blk.delay_frames()], [t.offset for t in snk.tags()])


if __name__ == "__main__":
    gr_unittest.run(qa_spectral_features)

#!/usr/bin/env python3
#
# Copyright 2026 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""QA of phase_recon_fc / phase_recon_ff (real-time PGHI blocks) and of the
notebook helper stftclean.phase. numpy computes the reference magnitudes and
the spectral convergence (SC)."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np
from gnuradio import blocks, gr, gr_unittest

try:
    from gnuradio import stftclean
    from gnuradio.stftclean import phase
except ImportError:
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from gnuradio import stftclean
    from gnuradio.stftclean import phase


def hann(l):
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(l) / l)


def ref_mag(y, n, h, cplx):
    """frame k = fft(w * y[kH : kH + N], N): magnitudes, frames x bins"""
    nf = (len(y) - n) // h + 1
    idx = np.arange(n)[None, :] + h * np.arange(nf)[:, None]
    fr = y[idx] * hann(n)
    return np.abs(np.fft.fft(fr) if cplx else np.fft.rfft(fr))


def sc_db(S, y, n, h, cplx):
    M = ref_mag(y, n, h, cplx)
    k = min(len(M), len(S))
    return 10 * np.log10((np.sum((M[:k] - S[:k]) ** 2) + np.sum(S[k:] ** 2))
                         / np.sum(S ** 2))


def tones(n, fs=16000.0):
    """harmonics with vibrato under a formant-like envelope, slow on/off"""
    t = np.arange(n) / fs
    f0 = 140 * (1 + 0.02 * np.sin(2 * np.pi * 5 * t)) + 20 * np.sin(2 * np.pi * 0.6 * t)
    ph = 2 * np.pi * np.cumsum(f0) / fs
    env = np.clip(np.sin(2 * np.pi * 1.3 * t), 0, None) ** 0.7
    x = sum(np.exp(-0.5 * ((k * 140 - 900) / 400.0) ** 2) * np.sin(k * ph + k)
            for k in range(1, 40))
    return (0.2 * env * x).astype(np.float32)


def iq(n):
    t = np.arange(n)
    chirp = np.exp(2j * np.pi * np.cumsum(-0.3 + 0.4 * t / n))
    cw = 0.5 * np.exp(2j * np.pi * 0.2 * t)
    return (0.5 * (chirp + cw)).astype(np.complex64)


GRC_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                        "..", "..", "grc"))
GRCC = shutil.which("grcc")
GRC_TEMPLATE = """options:
  parameters:
    id: {name}
    title: {name}
    generate_options: no_gui
    run_options: run
    output_language: python
    category: Custom
  states: {{coordinate: [8, 8], rotation: 0, state: enabled}}
blocks:
- name: src
  id: blocks_vector_source_x
  parameters: {{type: float, vector: '[0.25] * {vlen} * 512', repeat: 'False', vlen: '{vlen}', tags: '[]'}}
  states: {{coordinate: [8, 100], rotation: 0, state: enabled}}
- name: blk
  id: stftclean_{block}
  parameters: {params}
  states: {{coordinate: [200, 100], rotation: 0, state: enabled}}
- name: snk
  id: blocks_null_sink
  parameters: {{type: {snk_type}, vlen: '1', num_inputs: '1', bus_structure_sink: '[[0,],]'}}
  states: {{coordinate: [400, 100], rotation: 0, state: enabled}}
connections:
- [src, '0', blk, '0']
- [blk, '0', snk, '0']
metadata:
  file_format: 1
"""


class qa_phase_recon(gr_unittest.TestCase):

    @unittest.skipIf(GRCC is None or not os.path.isdir(GRC_DIR), "grcc or grc/ missing")
    def test_000_grc(self):
        """the GRC definitions compile with grcc and the scripts run"""
        env = dict(os.environ)
        env["GRC_BLOCKS_PATH"] = GRC_DIR + os.pathsep + env.get("GRC_BLOCKS_PATH", "")
        cases = [("phase_recon_fc", 64, "complex", "{fft_size: '64', hop: '16'}"),
                 ("phase_recon_ff", 33, "float", "{fft_size: '64', hop: '16', "
                  "method: rtpghi-causal, tol: '1e-4', window: hamming}"),
                 ("phase_recon_fc", 64, "complex", "{fft_size: '64', hop: '16', "
                  "centered: 'True', window_len: '48', method: rtpghi}"),
                 ("phase_recon_ff", 33, "float", "{fft_size: '64', hop: '16', "
                  "method: rtisila, lookahead: '2', iterations: '3'}"),
                 ("phase_recon_fc", 64, "complex", "{fft_size: '64', hop: '16', "
                  "method: rtisila, momentum: '0.5'}")]
        with tempfile.TemporaryDirectory() as tmp:
            for i, (block, vlen, snk_type, params) in enumerate(cases):
                name = "grc_phase_%d" % i
                grc = os.path.join(tmp, name + ".grc")
                with open(grc, "w") as f:
                    f.write(GRC_TEMPLATE.format(name=name, block=block, params=params,
                                                vlen=vlen, snk_type=snk_type))
                res = subprocess.run([GRCC, "-o", tmp, grc], env=env, capture_output=True,
                                     text=True, timeout=60)
                self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
                res = subprocess.run([sys.executable, os.path.join(tmp, name + ".py")],
                                     env=env, capture_output=True, text=True, timeout=60,
                                     stdin=subprocess.DEVNULL)
                self.assertEqual(res.returncode, 0, res.stdout + res.stderr)

    def run_block(self, blk, S, tags=()):
        src = blocks.vector_source_f(S.astype(np.float32).ravel().tolist(), False,
                                     S.shape[1], list(tags))
        snk = blocks.vector_sink_c() if isinstance(blk, stftclean.phase_recon_fc) \
            else blocks.vector_sink_f()
        tb = gr.top_block()
        tb.connect(src, blk, snk)
        tb.run()
        return np.array(snk.data()), snk.tags()

    def test_001_errors(self):
        with self.assertRaisesRegex(ValueError, "method"):
            stftclean.phase_recon_ff(1024, 256, method="gla")
        with self.assertRaisesRegex(ValueError, "hop"):
            stftclean.phase_recon_fc(1024, 2000)
        with self.assertRaisesRegex(ValueError, "tol"):
            stftclean.phase_recon_ff(1024, 256, tol=2.0)
        with self.assertRaisesRegex(ValueError, "window"):
            stftclean.phase_recon_fc(1024, 256, window="nope")
        with self.assertRaisesRegex(ValueError, "hop"):
            stftclean.phase_recon_ff(1024, 1024, window="hann")  # NOLA
        with self.assertRaisesRegex(ValueError, "lookahead"):
            stftclean.phase_recon_ff(1024, 256, method="rtisila", lookahead=17)
        with self.assertRaisesRegex(ValueError, "iterations"):
            stftclean.phase_recon_fc(1024, 256, method="rtisila", iterations=0)
        for bad in (-0.1, 1.6):
            with self.assertRaisesRegex(ValueError, "momentum"):
                stftclean.phase_recon_fc(1024, 256, method="rtisila", momentum=bad)
            with self.assertRaisesRegex(ValueError, "momentum"):
                stftclean.phase_recon_ff(1024, 256, method="rtisila", momentum=bad)
        r = stftclean.phase_recon_fc(1024, 256, method="rtisila", lookahead=2)
        self.assertEqual((r.lookahead(), r.latency()), (2, 1024 - 256 + 2 * 256))
        self.assertEqual(stftclean.phase_recon_ff(1024, 256).lookahead(), 1)
        b = stftclean.phase_recon_fc(512, 128, window_len=384, method="rtpghi-causal")
        self.assertEqual((b.fft_size(), b.hop(), b.window_len(), b.bins(), b.method()),
                         (512, 128, 384, 512, "rtpghi-causal"))
        self.assertEqual(b.latency(), 384 - 128)
        self.assertEqual(stftclean.phase_recon_ff(1024, 256).latency(), 1024)
        self.assertEqual(stftclean.phase_recon_ff(1024, 256).bins(), 513)

    def test_002_real_sc_and_alignment(self):
        """ff: output length frames*hop; realigned by the lookahead, its
        magnitudes match the input's (SC by numpy); the causal mode is
        worse than the look-ahead."""
        n, h = 1024, 256
        y0 = tones(48000).astype(np.float64)
        S = ref_mag(y0, n, h, False)
        nf = len(S)
        pad = np.zeros((8, S.shape[1]))
        res = {}
        for method, la in (("rtpghi", 1), ("rtpghi-causal", 0), ("rtisila", 2)):
            blk = stftclean.phase_recon_ff(n, h, method=method, lookahead=2, iterations=6)
            self.assertEqual(blk.lookahead(), la)
            z, _ = self.run_block(blk, np.vstack([S, pad]))
            self.assertEqual(len(z), (nf + 8) * h)
            # frames were those of y0 itself (frame k = y0[kH:kH+N]), i.e. of
            # the STFT input x = y0[N-H:]: z[t] rebuilds x[t - latency], so
            # y0[t] comes out at z[t + la*H]
            y = z[la * h:la * h + len(y0)]
            res[method] = sc_db(S, y, n, h, False)
        self.assertLess(res["rtpghi"], -15.0, res)
        self.assertLess(res["rtpghi-causal"], -12.0, res)
        self.assertLess(res["rtpghi"], res["rtpghi-causal"])
        self.assertLess(res["rtisila"], res["rtpghi"] - 0.5, res)
        # the momentum parameter reaches the core: Griffin-Lim updates
        # (momentum 0) are worse than the default online fast GLA
        blk = stftclean.phase_recon_ff(n, h, method="rtisila", lookahead=2, iterations=6,
                                       momentum=0.0)
        z, _ = self.run_block(blk, np.vstack([S, pad]))
        res["rtisila GLA"] = sc_db(S, z[2 * h:2 * h + len(y0)], n, h, False)
        self.assertLess(res["rtisila"], res["rtisila GLA"] - 0.3, res)
        sys.stderr.write("ff SC (dB): %s\n" % {k: round(v, 2) for k, v in res.items()})

    def test_003_iq_and_helper_agree(self):
        """fc on IQ: SC below -20 dB; the notebook helper's rtpghi gives the
        very same samples as the block."""
        n, h = 512, 128
        y0 = iq(40000).astype(np.complex128)
        S = ref_mag(y0, n, h, True)
        nf = len(S)
        blk = stftclean.phase_recon_fc(n, h)
        z, _ = self.run_block(blk, np.vstack([S, np.zeros((8, n))]))
        y = z[h:h + (nf - 1) * h + n]
        sc = sc_db(S, y, n, h, True)
        self.assertLess(sc, -20.0)
        yh, sch = phase.reconstruct(S, hop=h, method="rtpghi", return_sc=True)
        self.assertEqual(yh.dtype, np.complex64)
        np.testing.assert_allclose(yh, y.astype(np.complex64), atol=1e-5)
        self.assertAlmostEqual(sch, sc, delta=0.05)

    def test_004_chain_with_stft(self):
        """stft_fc -> |.| -> phase_recon_ff: output sample t rebuilds input
        sample t - latency (the magnitudes of the shifted output match)."""
        n, h = 512, 128
        x = tones(30000)
        stft = stftclean.stft_fc(n, h)
        mag = blocks.complex_to_mag(n // 2 + 1)
        rec = stftclean.phase_recon_ff(n, h)
        src = blocks.vector_source_f(x.tolist(), False)
        snk = blocks.vector_sink_f()
        tb = gr.top_block()
        tb.connect(src, stft, mag, rec, snk)
        tb.run()
        z = np.array(snk.data())
        lat = rec.latency()
        xs = x.astype(np.float64)
        S = ref_mag(xs, n, h, False)
        aligned = z[lat:]
        shifted = {d: sc_db(S, np.concatenate([aligned[d:], np.zeros(d)]) if d >= 0 else
                            np.concatenate([np.zeros(-d), aligned[:d]]), n, h, False)
                   for d in (-h // 2, 0, h // 2)}
        self.assertLess(shifted[0], -15.0, shifted)
        self.assertLess(shifted[0], shifted[-h // 2])
        self.assertLess(shifted[0], shifted[h // 2])

    def test_005_tags(self):
        """a tag on frame k comes out at sample k * hop + latency"""
        n, h = 256, 64
        S = ref_mag(tones(8000).astype(np.float64), n, h, False)
        tag = gr.tag_t()
        tag.offset = 7
        tag.key = gr.pmt.intern("mark")
        tag.value = gr.pmt.from_long(1)
        for method in ("rtpghi", "rtpghi-causal", "rtisila"):
            blk = stftclean.phase_recon_ff(n, h, method=method, lookahead=2, iterations=2)
            _, tags = self.run_block(blk, S, [tag])
            self.assertEqual([t.offset for t in tags], [7 * h + blk.latency()])

    def test_006_helper_offline(self):
        """stftclean.phase.reconstruct: PGHI + FGLA reaches -25 dB on real
        audio by numpy's measure and agrees with the printed SC; magnitude()
        agrees with numpy; odd bin counts mean one-sided spectra."""
        n, h = 1024, 256
        x = tones(40000)
        S = phase.magnitude(x, n, h)
        Sref = ref_mag(x.astype(np.float64), n, h, False)
        np.testing.assert_allclose(S, Sref, rtol=1e-4, atol=1e-4 * Sref.max())
        y, sc = phase.reconstruct(S, hop=h, return_sc=True)
        self.assertEqual(y.dtype, np.float32)
        self.assertEqual(len(y), (len(S) - 1) * h + n)
        ref = sc_db(Sref, y.astype(np.float64), n, h, False)
        self.assertLess(ref, -25.0)
        self.assertAlmostEqual(sc, ref, delta=0.05)
        seen = []
        phase.reconstruct(S, hop=h, method="fgla", iters=30,
                          progress=lambda i, s: seen.append(s) or i >= 3)
        self.assertEqual(len(seen), 4)
        with self.assertRaisesRegex(ValueError, "bins"):
            phase.reconstruct(S[:, :500], fft_size=1024, hop=h)
        with self.assertRaisesRegex(ValueError, "method"):
            phase.reconstruct(S, hop=h, method="magic")


if __name__ == "__main__":
    gr_unittest.run(qa_phase_recon)

#!/usr/bin/env python3
#
# Copyright 2026 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""scattering_features_cf / _ff (issue 22) in flowgraphs, against the numpy
layer (numpy_api.scattering: the core driven from numpy in large chunks, T
and stride given there in samples, here in seconds):
  - the block's vectors are the reference's frames, bit for bit, for complex
    and real input, with a NaN sample too;
  - a tone at +f and at -f give mirror images (complex input);
  - count(), count_for(), names() and the coefficient table agree;
  - stream tags on sample t land on vector floor(t / stride);
  - bad parameters raise ValueError naming the field; T and stride in
    seconds round as numpy_api's T_seconds / stride_seconds;
  - the GRC block compiles with grcc and its script runs, and grcc refuses
    a bad J."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import pmt
from gnuradio import blocks, gr, gr_unittest

try:
    from gnuradio import stftclean
    from gnuradio.stftclean import numpy_api
except ImportError:
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from gnuradio import stftclean
    from gnuradio.stftclean import numpy_api

HERE = os.path.dirname(os.path.abspath(__file__))
GRC_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "grc"))
GRCC = shutil.which("grcc")

FS = 48000.0
# small banks: 111 coefficients (complex), block 8192 samples
KW = dict(J=5, Q1=4, Q2=1)
T_SAMPLES, STRIDE = 32, 8


def make_block(cplx, **kw):
    args = dict(KW, T=T_SAMPLES / FS, stride=STRIDE / FS)
    args.update(kw)
    cls = stftclean.scattering_features_cf if cplx else stftclean.scattering_features_ff
    return cls(FS, **args)


def run_block(blk, x, tags=(), chunk=0):
    """x through blk in a flowgraph: (vectors (frames, count), sink tags);
    chunk > 0: the samples come chunk at a time at most (a copy block in
    front with that max_noutput_items)."""
    cplx = np.iscomplexobj(x)
    src = (blocks.vector_source_c if cplx else blocks.vector_source_f)(
        x.tolist(), False, 1, list(tags))
    snk = blocks.vector_sink_f(blk.count())
    tb = gr.top_block()
    if chunk:
        cp = blocks.copy(gr.sizeof_gr_complex if cplx else gr.sizeof_float)
        cp.set_max_noutput_items(chunk)
        tb.connect(src, cp, blk, snk)
    else:
        tb.connect(src, blk, snk)
    tb.run()
    return np.array(snk.data(), dtype=np.float32).reshape(-1, blk.count()), snk.tags()


def reference(x):
    """numpy_api.scattering with T and stride in samples: (frames, count)."""
    s, meta = numpy_api.scattering(x, FS, T=T_SAMPLES, stride=STRIDE, **KW)
    return s.T, meta


def mirror_map(blk):
    """index of the coefficient that mirrors each one (xi -> -xi)."""
    xi, par, order = blk.xi_hz(), blk.parents(), blk.orders()
    n1 = sum(1 for o in order if o == 1)
    m = list(range(len(xi)))
    for i in range(1, n1 + 1):
        m[i] = n1 + 1 - i
    for i in range(n1 + 1, len(xi)):
        m[i] = next(j for j in range(n1 + 1, len(xi))
                    if par[j] == m[par[i]] and xi[j] == xi[i])
    return m


class qa_scattering_features(gr_unittest.TestCase):

    def check_against_numpy(self, x):
        cplx = np.iscomplexobj(x)
        blk = make_block(cplx)
        self.assertEqual(blk.stride(), STRIDE)
        self.assertEqual(blk.T_samples(), T_SAMPLES)
        # latency() zeros after x push out every frame centred in x
        xe = np.concatenate([x, np.zeros(blk.latency() + STRIDE, x.dtype)])
        got, _ = run_block(blk, xe)
        ref, meta = reference(xe)
        want = (len(x) + STRIDE - 1) // STRIDE
        self.assertGreaterEqual(len(got), want)
        self.assertEqual(blk.latency(), meta["latency"])
        self.assertEqual(blk.count(), ref.shape[1])
        np.testing.assert_array_equal(got[:want], ref[:want])
        # the samples in small pieces: the same vectors
        small, _ = run_block(make_block(cplx), xe, chunk=97)
        np.testing.assert_array_equal(small[:want], ref[:want])
        return got[:want], blk

    def test_001_complex_matches_numpy(self):
        rng = np.random.default_rng(1)
        n = 20000
        x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(np.complex64)
        got, _ = self.check_against_numpy(x)
        self.assertTrue(np.all(np.isfinite(got)))

    def test_002_real_matches_numpy(self):
        rng = np.random.default_rng(2)
        x = rng.standard_normal(20000).astype(np.float32)
        self.check_against_numpy(x)

    def test_003_nan_like_the_core(self):
        """a NaN sample: NaN in the frames whose support holds it, as the
        core gives them through numpy; the others finite"""
        rng = np.random.default_rng(3)
        x = rng.standard_normal(20000).astype(np.float32)
        x[9000] = np.nan
        got, blk = self.check_against_numpy(x)
        bad = np.isnan(got).any(axis=1)
        self.assertTrue(bad[9000 // STRIDE])
        self.assertFalse(bad[0] or bad[-1])
        self.assertTrue(np.all(np.isnan(got[bad])))

    def test_004_mirror_tone(self):
        """exp(+j 2 pi f t) and exp(-j 2 pi f t): coefficient i of one is the
        mirror coefficient of the other (float32 FFT rounding apart), and the
        tone lands on its own side"""
        n = 20000
        t = np.arange(n)
        a = 1.0 + 0.5 * np.cos(2 * np.pi * 0.004 * t)
        xp = (a * np.exp(2j * np.pi * 0.11 * t)).astype(np.complex64)
        xm = np.conj(xp)
        blk_p, blk_m = make_block(True), make_block(True)
        yp, _ = run_block(blk_p, xp)
        ym, _ = run_block(blk_m, xm)
        m = mirror_map(blk_p)
        self.assertEqual(yp.shape, ym.shape)
        np.testing.assert_allclose(yp, ym[:, m], rtol=0, atol=1e-5 * np.abs(yp).max())
        xi = np.array(blk_p.xi_hz())
        order1 = np.array(blk_p.orders()) == 1
        mid = yp[len(yp) // 2]
        self.assertLess(mid[order1 & (xi < 0)].sum(), 1e-3 * mid[order1 & (xi > 0)].sum())

    def test_005_names_and_table(self):
        for cplx in (True, False):
            blk = make_block(cplx, Q2=2)
            cls = stftclean.scattering_features_cf if cplx else \
                stftclean.scattering_features_ff
            n = blk.count()
            self.assertEqual(n, cls.count_for(5, 4, 2, 2))
            names, order = blk.names(), blk.orders()
            xi, bw, par = blk.xi_hz(), blk.bw_hz(), blk.parents()
            for v in (names, order, xi, bw, par):
                self.assertEqual(len(v), n)
            self.assertEqual(len(set(names)), n)
            self.assertEqual((names[0], order[0], par[0]), ("s0", 0, -1))
            n1 = sum(1 for o in order if o == 1)
            if cplx:  # the two halves mirror each other
                self.assertEqual(xi[1:n1 + 1], [-v for v in reversed(xi[1:n1 + 1])])
            for i in range(1, n):
                self.assertTrue(names[i].startswith("s%d_" % order[i]), names[i])
                self.assertGreater(bw[i], 0)
                if order[i] == 1:
                    self.assertEqual(par[i], -1)
                    self.assertEqual(names[i][3], "+" if xi[i] > 0 else "-")
                    self.assertLessEqual(i, n1)
                else:
                    self.assertEqual(order[par[i]], 1)
                    self.assertTrue(names[i].startswith("s2_" + names[par[i]][3:] + "_"))
                    self.assertLess(xi[i], bw[par[i]])
            # ascending centres at order 1, both signs for complex input
            self.assertEqual(xi[1:n1 + 1], sorted(xi[1:n1 + 1]))
            self.assertEqual(xi[1] < 0, cplx)
            # the numpy layer's table is the same
            x = np.zeros(64, np.complex64 if cplx else np.float32)
            _, meta = numpy_api.scattering(x, FS, T=T_SAMPLES, stride=STRIDE, J=5, Q1=4,
                                           Q2=2)
            np.testing.assert_array_equal(meta["xi_hz"], xi)
            np.testing.assert_array_equal(meta["order"], order)
            np.testing.assert_array_equal(meta["parent"], par)
            np.testing.assert_array_equal(meta["bw_hz"], bw)
        # a real signal's coefficients carry the names of the complex ones
        self.assertTrue(set(make_block(False).names()) <= set(make_block(True).names()))
        # the example of the documentation: +12.5 kHz style
        self.assertIn("s1_+19.2kHz", make_block(True).names())

    def test_006_tags(self):
        """a tag on input sample t lands on vector floor(t / stride)"""
        rng = np.random.default_rng(6)
        x = rng.standard_normal(12000).astype(np.float32)
        offsets = [0, 7, 8, 1001, 5555, 11999]
        tags = []
        for k, off in enumerate(offsets):
            tg = gr.tag_t()
            tg.offset = off
            tg.key = pmt.intern("mark")
            tg.value = pmt.from_long(k)
            tags.append(tg)
        blk = make_block(False)
        xe = np.concatenate([x, np.zeros(blk.latency() + STRIDE, np.float32)])
        _, got = run_block(blk, xe, tags)
        got = sorted((t.offset, pmt.to_long(t.value)) for t in got
                     if pmt.symbol_to_string(t.key) == "mark")
        self.assertEqual(got, [(off // STRIDE, k) for k, off in enumerate(offsets)])

    def test_007_seconds_round_to_samples(self):
        blk = stftclean.scattering_features_ff(1000.0, J=5, Q1=4, T=0.0326, stride=0.0051)
        self.assertEqual((blk.T_samples(), blk.stride()), (33, 5))
        blk = stftclean.scattering_features_ff(1000.0, J=5, Q1=4)
        self.assertEqual((blk.T_samples(), blk.stride()), (32, 32))  # 2^J, T

    def test_008_bad_parameters_name_the_field(self):
        bad = [
            ("sample_rate", dict(sample_rate=0.0)),
            ("J", dict(J=0)),
            ("J", dict(J=17)),
            ("J", dict(J=-1)),
            ("Q1", dict(Q1=0)),
            ("Q1", dict(Q1=33)),
            ("Q2", dict(Q2=-2)),
            ("max_order", dict(max_order=3)),
            ("T", dict(T=1e-9)),
            ("T", dict(T=-1.0)),
            ("stride", dict(stride=1.0)),  # > T
            ("stride", dict(T=0.01, stride=0.02)),
            ("oversampling", dict(oversampling=7)),
            ("log_eps", dict(log=True, log_eps=0.0)),
        ]
        for cls in (stftclean.scattering_features_cf, stftclean.scattering_features_ff):
            for field, kw in bad:
                with self.subTest(cls=cls.__name__, field=field, kw=kw):
                    args = dict(sample_rate=FS, J=5, Q1=4)
                    args.update(kw)
                    with self.assertRaises(ValueError) as cm:
                        cls(**args)
                    self.assertTrue(str(cm.exception).startswith(field + ":"),
                                    str(cm.exception))
            with self.assertRaises(ValueError) as cm:
                cls.count_for(5, 0, 1, 2)
            self.assertTrue(str(cm.exception).startswith("Q1:"), str(cm.exception))

    def test_010_seconds_as_numpy(self):
        """T and stride in seconds: the block and numpy_api.scattering's
        T_seconds / stride_seconds round them the same way (halves up),
        and give the same vectors"""
        rng = np.random.default_rng(10)
        x = rng.standard_normal(6000).astype(np.float32)
        fs = 1000.0
        for T, stride in ((0.0325, 0.0045), (0.0335, 0.0055), (0.02, 0.0)):
            with self.subTest(T=T, stride=stride):
                blk = stftclean.scattering_features_ff(fs, J=5, Q1=4, T=T, stride=stride)
                s, meta = numpy_api.scattering(x, fs, J=5, Q1=4, T_seconds=T,
                                               stride_seconds=stride or None)
                self.assertEqual((meta["T"], meta["stride"]),
                                 (blk.T_samples(), blk.stride()))
                self.assertEqual(blk.T_samples(), int(np.floor(T * fs + 0.5)))
                xe = np.concatenate([x, np.zeros(blk.latency(), np.float32)])
                got, _ = run_block(blk, xe)
                np.testing.assert_array_equal(got[:s.shape[1]], s.T)
        with self.assertRaises(ValueError) as cm:
            numpy_api.scattering(x, fs, J=5, stride=4, stride_seconds=0.004)
        self.assertTrue(str(cm.exception).startswith("stride_seconds:"))
        with self.assertRaises(ValueError) as cm:
            numpy_api.scattering(x, fs, J=5, stride_seconds=0.0004)
        self.assertTrue(str(cm.exception).startswith("stride_seconds:"))

    @unittest.skipIf(GRCC is None, "grcc not installed")
    @unittest.skipIf(not os.path.isdir(GRC_DIR), "grc/ folder not found")
    def test_009_grc(self):
        env = dict(os.environ)
        env["GRC_BLOCKS_PATH"] = GRC_DIR + os.pathsep + env.get("GRC_BLOCKS_PATH", "")
        cases = [
            ("cf", "complex", "{type: complex, sample_rate: samp_rate, J: '5', Q1: '4', "
             "T: 32 / samp_rate, stride: 8 / samp_rate}", 111, True),
            ("ff", "float", "{type: float, sample_rate: samp_rate, J: '5', Q1: '4', "
             "max_order: '1', log: 'True'}", 0, True),
            ("bad_j", "complex", "{type: complex, sample_rate: samp_rate, J: '0'}", 1,
             False),
            ("bad_stride", "float", "{type: float, sample_rate: samp_rate, J: '5', "
             "stride: '1.0'}", 0, False),
        ]
        with tempfile.TemporaryDirectory() as tmp:
            for case, dtype, params, vlen, ok in cases:
                with self.subTest(case=case):
                    if case == "ff":
                        vlen = stftclean.scattering_features_ff.count_for(5, 4, 1, 1)
                    name = "grc_scat_" + case
                    grc = os.path.join(tmp, name + ".grc")
                    with open(grc, "w") as f:
                        f.write(GRC_TEMPLATE.format(name=name, dtype=dtype, params=params,
                                                    vlen=vlen))
                    res = subprocess.run([GRCC, "-o", tmp, grc], env=env,
                                         capture_output=True, text=True, timeout=60)
                    script = os.path.join(tmp, name + ".py")
                    if not ok:
                        self.assertNotEqual(res.returncode, 0, res.stdout + res.stderr)
                        self.assertFalse(os.path.exists(script))
                        continue
                    self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
                    res = subprocess.run([sys.executable, script], env=env,
                                         capture_output=True, text=True, timeout=60,
                                         stdin=subprocess.DEVNULL)
                    self.assertEqual(res.returncode, 0, res.stdout + res.stderr)


# a finite source, the block, a null sink of the vector length the test
# expects (grcc checks that the port sizes match)
GRC_TEMPLATE = """options:
  parameters: {{id: {name}, title: {name}, generate_options: no_gui, run_options: run,
    output_language: python, category: Custom}}
  states: {{coordinate: [8, 8], rotation: 0, state: enabled}}
blocks:
- name: samp_rate
  id: variable
  parameters: {{value: '48000'}}
  states: {{coordinate: [8, 60], rotation: 0, state: enabled}}
- name: src
  id: blocks_vector_source_x
  parameters: {{type: {dtype}, vector: '[0.25, -0.5, 1.0] * 10000', repeat: 'False',
    vlen: '1', tags: '[]'}}
  states: {{coordinate: [8, 100], rotation: 0, state: enabled}}
- name: blk
  id: stftclean_scattering_features_xx
  parameters: {params}
  states: {{coordinate: [200, 100], rotation: 0, state: enabled}}
- name: snk
  id: blocks_null_sink
  parameters: {{type: float, vlen: '{vlen}', num_inputs: '1', bus_structure_sink: '[[0,],]'}}
  states: {{coordinate: [400, 100], rotation: 0, state: enabled}}
connections:
- [src, '0', blk, '0']
- [blk, '0', snk, '0']
metadata: {{file_format: 1}}
"""


if __name__ == "__main__":
    gr_unittest.run(qa_scattering_features)

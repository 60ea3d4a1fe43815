#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Runtime setters of the cleaners: called while a flowgraph runs (no sleeps),
and staged values reach the core at the next frame boundary."""

import os
import subprocess
import sys
import time

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


class qa_setters(gr_unittest.TestCase):

    def setUp(self):
        self.rng = np.random.default_rng(4)

    def flowgraph(self, x, blk):
        tb = gr.top_block()
        if np.iscomplexobj(x):
            src, snk = blocks.vector_source_c(x.tolist()), blocks.vector_sink_c()
        else:
            src, snk = blocks.vector_source_f(x.tolist()), blocks.vector_sink_f()
        tb.connect(src, blk, snk)
        return tb, snk

    def exercise(self, blk, x, bands):
        tb, snk = self.flowgraph(x, blk)
        tb.start()
        for i in range(50):
            blk.set_threshold_db(3.0 + 0.1 * i)
            blk.set_floor_db(-40.0 - 0.2 * i)
            blk.set_bands(bands, i % 2 == 1)
            with self.assertRaises(ValueError):
                blk.set_floor_db(1.0)
        tb.wait()
        self.assertEqual(len(snk.data()), len(x))
        self.assertTrue(np.all(np.isfinite(np.array(snk.data()))))
        self.assertAlmostEqual(blk.threshold_db(), 3.0 + 0.1 * 49)
        self.assertAlmostEqual(blk.floor_db(), -40.0 - 0.2 * 49)
        np.testing.assert_allclose(list(blk.bands()), bands, rtol=1e-7)
        self.assertTrue(blk.band_reject())

    def test_001_cc_setters_while_running(self):
        x = complex_noise(self.rng, 1 << 17)
        for mask in ("threshold", "band"):
            blk = stftclean.cleaner_cc(256, 64, mask=mask, args="bands=-0.1:0.1",
                                       sample_rate=1.0)
            self.exercise(blk, x, [-0.25, -0.125, 0.125, 0.25])

    def test_002_ff_setters_while_running(self):
        x = self.rng.standard_normal(1 << 17).astype(np.float32)
        for mask in ("threshold", "band"):
            blk = stftclean.cleaner_ff(256, 64, mask=mask, args="bands=0.1:0.2",
                                       sample_rate=1.0)
            self.exercise(blk, x, [0.05, 0.1, 0.3, 0.4])

    def test_003_staged_values_equal_constructor_values(self):
        """Values set before the run take effect from the first frame: the
        output equals that of a block built with those values."""
        x = complex_noise(self.rng, 1 << 13) + np.exp(0.5j * np.arange(1 << 13))
        ref_blk = stftclean.cleaner_cc(128, 32, mask="band", sample_rate=1.0,
                                       args="bands=0.0625:0.15625 band_reject=on "
                                       "floor_db=-30")
        tb, ref = self.flowgraph(x.astype(np.complex64), ref_blk)
        tb.run()
        blk = stftclean.cleaner_cc(128, 32, mask="band", args="bands=-0.4:0.4",
                                   sample_rate=1.0)
        blk.set_bands([0.0625, 0.15625], True)  # (C++ floats: exact in binary)
        blk.set_floor_db(-30.0)
        tb, out = self.flowgraph(x.astype(np.complex64), blk)
        tb.run()
        np.testing.assert_array_equal(np.array(out.data()), np.array(ref.data()))

        ref_blk = stftclean.cleaner_ff(128, 32, mask="threshold", args="threshold_db=12")
        xr = x.real.astype(np.float32)
        tb, ref = self.flowgraph(xr, ref_blk)
        tb.run()
        blk = stftclean.cleaner_ff(128, 32, mask="threshold")
        blk.set_threshold_db(12.0)
        tb, out = self.flowgraph(xr, blk)
        tb.run()
        np.testing.assert_array_equal(np.array(out.data()), np.array(ref.data()))

    ESTIMATOR_SETTERS = [
        # (name, good values, a bad value)
        ("pfa", [1e-3, 1e-6], 0.0),
        ("hysteresis_db", [0.0, 6.0], 25.0),
        ("hang_time", [-1.0, 0.001], None),
        ("gate_slope_db", [1.0, 12.0], 0.0),
        ("xi_min_db", [-30.0, -10.0], 5.0),
        ("dd_alpha", [0.9, 0.5], 1.5),
        ("lines", [0, 1, -1], 7),
        ("line_db", [6.0, 20.0], 1.0),
        ("impulse", [0, 1, -1], 3),
        ("impulse_db", [3.0, 10.0], 0.0),
        ("smooth_time", [0.01, 0.0], -1.0),
        ("smooth_freq", [5e3, 0.0], -1.0),
        ("bypass", [True, False], None),
        ("threshold_db", [3.0, 9.0], 1000.0),
    ]

    def test_004_estimator_setters_while_running(self):
        x = complex_noise(self.rng, 1 << 17)
        for blk in (stftclean.cleaner_cc(256, 64, mask="auto", sample_rate=1e6),
                    stftclean.cleaner_ff(256, 64, mask="gate", sample_rate=48e3),
                    stftclean.mask_cc(256, 64, mask="wiener", sample_rate=1e6)):
            tb = gr.top_block()
            if isinstance(blk, stftclean.mask_cc):
                src = blocks.vector_source_c(x.tolist(), False)
                chain = (src, stftclean.stft_cc(256, 64), blk, blocks.null_sink(8 * 256))
            elif isinstance(blk, stftclean.cleaner_ff):
                chain = (blocks.vector_source_f(x.real.tolist()), blk, blocks.null_sink(4))
            else:
                chain = (blocks.vector_source_c(x.tolist()), blk, blocks.null_sink(8))
            tb.connect(*chain)
            tb.start()
            for name, goods, bad in self.ESTIMATOR_SETTERS:
                setter = getattr(blk, "set_" + name)
                for v in goods:
                    setter(v)
                if bad is not None:
                    with self.assertRaisesRegex(ValueError, name):
                        setter(bad)
                self.assertEqual(getattr(blk, name)(), goods[-1], name)
            tb.wait()

    def test_005_bypass_gives_delayed_input(self):
        x = complex_noise(self.rng, 1 << 14).astype(np.complex64)
        blk = stftclean.cleaner_cc(256, 64, mask="auto", sample_rate=1e6)
        blk.set_bypass(True)
        tb, snk = self.flowgraph(x, blk)
        tb.run()
        y = np.array(snk.data())
        lat = blk.latency()
        np.testing.assert_allclose(y[lat:], x[:len(x) - lat], atol=1e-5)
        np.testing.assert_array_equal(blk.last_mask(), np.ones(256))

    def wait_for(self, cond, timeout=20.0):
        deadline = time.monotonic() + timeout
        while not cond() and time.monotonic() < deadline:
            time.sleep(0.01)
        return cond()

    def test_006_params_message_port(self):
        """A params dict applies like the setters; unknown keys and bad values
        are logged, never thrown, and the other keys still apply."""
        for blk in (stftclean.cleaner_cc(256, 64, mask="auto", sample_rate=1e6),
                    stftclean.mask_cc(256, 64, mask="auto", sample_rate=1e6)):
            tb = gr.top_block()
            src = blocks.null_source(8)
            if isinstance(blk, stftclean.mask_cc):
                tb.connect(src, blocks.stream_to_vector(8, 256), blk,
                           blocks.null_sink(8 * 256))
            else:
                tb.connect(src, blocks.throttle(8, 1e6), blk, blocks.null_sink(8))
            tb.start()
            msg = pmt.make_dict()
            msg = pmt.dict_add(msg, pmt.intern("threshold_db"), pmt.from_double(3.5))
            msg = pmt.dict_add(msg, pmt.intern("bypass"), pmt.PMT_T)
            msg = pmt.dict_add(msg, pmt.intern("lines"), pmt.from_long(0))
            msg = pmt.dict_add(msg, pmt.intern("pfa"), pmt.from_double(0.0))  # bad
            msg = pmt.dict_add(msg, pmt.intern("no_such_key"), pmt.from_long(1))
            msg = pmt.dict_add(msg, pmt.intern("bands"),
                               pmt.init_f32vector(2, [-1e3, 1e3]))
            blk.to_basic_block()._post(pmt.intern("params"), msg)
            blk.to_basic_block()._post(pmt.intern("params"), pmt.intern("garbage"))
            blk.to_basic_block()._post(
                pmt.intern("params"), pmt.cons(pmt.intern("smooth_time"),
                                               pmt.from_double(0.002)))
            ok = self.wait_for(lambda: blk.smooth_time() == 0.002)
            tb.stop()
            tb.wait()
            self.assertTrue(ok)
            self.assertEqual(blk.threshold_db(), 3.5)
            self.assertTrue(blk.bypass())
            self.assertEqual(blk.lines(), 0)
            self.assertEqual(blk.pfa(), 1e-8)
            self.assertEqual(list(blk.bands()), [-1e3, 1e3])


    def test_007_bad_message_flood_is_brief(self):
        """A flood of bad params messages (each a 100 000-item vector, which
        used to be written out whole: 1.8 MB a line, a 4 GB log) leaves a
        short log: one line a message at most, values abridged, at most ten
        lines a second; a uint64 value names its key; the good key of the
        message still applies. Run in a child process so that its
        stderr (GNU Radio's console log) can be measured."""
        code = r'''
import sys, pmt
from gnuradio import gr, blocks
from gnuradio import stftclean
blk = stftclean.cleaner_cc(256, 64, mask="auto", sample_rate=1e6)
tb = gr.top_block()
tb.connect(blocks.vector_source_c([0j] * 200000), blk, blocks.null_sink(8))
big = pmt.init_f32vector(100000, [0.5] * 100000)
d = pmt.make_dict()
d = pmt.dict_add(d, pmt.intern("pfa"), pmt.from_uint64(2 ** 64 - 1))
d = pmt.dict_add(d, pmt.intern("mask"), big)
d = pmt.dict_add(d, pmt.intern("threshold_db"), pmt.from_double(4.5))
blk.to_basic_block()._post(pmt.intern("params"), d)
for _ in range(300):
    blk.to_basic_block()._post(pmt.intern("params"), big)
tb.start()
tb.wait()
print("threshold_db", blk.threshold_db(), "pfa", blk.pfa())
'''
        env = dict(os.environ)
        r = subprocess.run([sys.executable, "-c", code], capture_output=True,
                           text=True, timeout=300, env=env)
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        self.assertIn("threshold_db 4.5 pfa 1e-08", r.stdout)
        log = r.stdout + r.stderr
        self.assertLess(len(log), 20000, log[:2000])
        for line in log.splitlines():
            self.assertLess(len(line), 400, line[:400])
        self.assertIn("uniform vector of 100000 items", log)
        # the uint64 names its key; its value is out of pfa's range
        self.assertRegex(log, r"params: pfa: must be")
        self.assertIn("mask: must be a mask name, got a uniform vector", log)
        # at most ten reports a second: the flood is not written out
        self.assertLess(log.count("expected a PMT dict"), 300)

if __name__ == "__main__":
    gr_unittest.run(qa_setters)

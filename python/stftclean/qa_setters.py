#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Runtime setters of the cleaners: called while a flowgraph runs (no sleeps),
and staged values reach the core at the next frame boundary."""

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
            blk = stftclean.cleaner_cc(256, 64, mask=mask, bands=[-0.1, 0.1])
            self.exercise(blk, x, [-0.25, -0.125, 0.125, 0.25])

    def test_002_ff_setters_while_running(self):
        x = self.rng.standard_normal(1 << 17).astype(np.float32)
        for mask in ("threshold", "band"):
            blk = stftclean.cleaner_ff(256, 64, mask=mask, bands=[0.1, 0.2])
            self.exercise(blk, x, [0.05, 0.1, 0.3, 0.4])

    def test_003_staged_values_equal_constructor_values(self):
        """Values set before the run take effect from the first frame: the
        output equals that of a block built with those values."""
        x = complex_noise(self.rng, 1 << 13) + np.exp(0.5j * np.arange(1 << 13))
        ref_blk = stftclean.cleaner_cc(128, 32, mask="band", bands=[0.05, 0.15],
                                       band_reject=True, floor_db=-30.0)
        tb, ref = self.flowgraph(x.astype(np.complex64), ref_blk)
        tb.run()
        blk = stftclean.cleaner_cc(128, 32, mask="band", bands=[-0.4, 0.4])
        blk.set_bands([0.05, 0.15], True)
        blk.set_floor_db(-30.0)
        tb, out = self.flowgraph(x.astype(np.complex64), blk)
        tb.run()
        np.testing.assert_array_equal(np.array(out.data()), np.array(ref.data()))

        ref_blk = stftclean.cleaner_ff(128, 32, mask="threshold", threshold_db=12.0)
        xr = x.real.astype(np.float32)
        tb, ref = self.flowgraph(xr, ref_blk)
        tb.run()
        blk = stftclean.cleaner_ff(128, 32, mask="threshold")
        blk.set_threshold_db(12.0)
        tb, out = self.flowgraph(xr, blk)
        tb.run()
        np.testing.assert_array_equal(np.array(out.data()), np.array(ref.data()))


if __name__ == "__main__":
    gr_unittest.run(qa_setters)

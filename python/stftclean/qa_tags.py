#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Stream tags: input offset t comes out at t + latency()."""

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


def make_tags(offsets):
    tags = []
    for i, off in enumerate(offsets):
        t = gr.tag_t()
        t.offset = off
        t.key = pmt.intern("mark")
        t.value = pmt.from_long(i)
        tags.append(t)
    return tags


def tag_map(sink):
    """value -> offset of the tags a sink received"""
    return {pmt.to_long(t.value): t.offset for t in sink.tags()
            if pmt.symbol_to_string(t.key) == "mark"}


class qa_tags(gr_unittest.TestCase):

    def run_with_tags(self, n, offsets, make_chain, real=False, out_vlen=1):
        tb = gr.top_block()
        if real:
            src = blocks.vector_source_f([0.5] * n, False, 1, make_tags(offsets))
            snk = blocks.vector_sink_f(out_vlen)
        else:
            src = blocks.vector_source_c([0.5] * n, False, 1, make_tags(offsets))
            snk = blocks.vector_sink_c(out_vlen)
        chain = make_chain()
        tb.connect(src, *chain, snk)
        tb.run()
        return chain, tag_map(snk)

    def test_001_cleaner_cc(self):
        offsets = [0, 1, 5, 63, 100, 333, 1000]
        for kw in (dict(fft_size=64, hop=16), dict(fft_size=1000, hop=100, window_len=600)):
            chain, got = self.run_with_tags(
                4000, offsets, lambda: (stftclean.cleaner_cc(mask="none", **kw),))
            lat = chain[0].latency()
            self.assertEqual(got, {i: t + lat for i, t in enumerate(offsets)})

    def test_001b_cleaner_auto_lookahead(self):
        """Estimator masks look ahead: latency() includes hop * delay and the
        tags still land exactly on input offset + latency()."""
        offsets = [0, 1, 5, 63, 100, 333, 1000, 5000]
        for kw in (dict(fft_size=64, hop=16), dict(fft_size=256, hop=64, centered=True),
                   dict(fft_size=128, hop=32, args="lookahead=0")):
            chain, got = self.run_with_tags(
                20000, offsets,
                lambda: (stftclean.cleaner_cc(mask="auto", sample_rate=1e6, **kw),))
            lat = chain[0].latency()
            if kw.get("args") == "lookahead=0":
                self.assertEqual(lat, kw["fft_size"] - kw["hop"])
            else:
                self.assertGreater(lat, kw["fft_size"] - kw["hop"])
            self.assertEqual(got, {i: t + lat for i, t in enumerate(offsets)})
        chain, got = self.run_with_tags(
            20000, offsets,
            lambda: (stftclean.cleaner_ff(64, 16, mask="auto", sample_rate=48e3),), real=True)
        lat = chain[0].latency()
        self.assertEqual(got, {i: t + lat for i, t in enumerate(offsets)})

    def test_002_cleaner_ff(self):
        offsets = [0, 7, 250, 999]
        chain, got = self.run_with_tags(
            2000, offsets, lambda: (stftclean.cleaner_ff(64, 16, mask="none"),), real=True)
        self.assertEqual(got, {i: t + 48 for i, t in enumerate(offsets)})

    def test_003_stft_tag_on_frame_of_newest_hop(self):
        offsets = [0, 15, 16, 17, 100]
        chain, got = self.run_with_tags(
            640, offsets, lambda: (stftclean.stft_cc(64, 16),), out_vlen=64)
        self.assertEqual(got, {i: t // 16 for i, t in enumerate(offsets)})

    def test_004_stft_istft_cc(self):
        hop, lat = 16, 48
        offsets = [0, 16, 160, 320]  # multiples of hop: exact
        chain, got = self.run_with_tags(
            1280, offsets, lambda: (stftclean.stft_cc(64, hop), stftclean.istft_cc(64, hop)))
        self.assertEqual(got, {i: t + lat for i, t in enumerate(offsets)})
        # documented behaviour off the hop grid: rounded down to the hop
        offsets = [5, 170]
        chain, got = self.run_with_tags(
            1280, offsets, lambda: (stftclean.stft_cc(64, hop), stftclean.istft_cc(64, hop)))
        self.assertEqual(got, {i: (t // hop) * hop + lat for i, t in enumerate(offsets)})

    def test_005_stft_istft_fc_short_window(self):
        kw = dict(fft_size=1000, hop=100, window_len=600)
        offsets = [0, 300, 1200]
        chain, got = self.run_with_tags(
            4000, offsets, lambda: (stftclean.stft_fc(**kw), stftclean.istft_cf(**kw)),
            real=True)
        self.assertEqual(got, {i: t + 500 for i, t in enumerate(offsets)})


if __name__ == "__main__":
    gr_unittest.run(qa_tags)

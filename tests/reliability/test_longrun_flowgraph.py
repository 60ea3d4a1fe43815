#!/usr/bin/env python3
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Long run of a flowgraph: N samples (default 1e8) of a periodic complex
signal through cleaner_cc (mask threshold: the output of a frame depends
only on that frame, so the output is periodic too), with one stream tag
near the end. Checks at the end: the tag comes out at exactly its offset +
latency(), the sink got N samples, resident memory (VmRSS) did not grow
after the first tenth, and the output around the tag is bit-identical to
that of a short run over the same samples (same phase of the period).
Bounded by sample count."""

import os
import sys
import unittest

import numpy as np
import pmt
from gnuradio import blocks, gr

from gnuradio import stftclean

PERIOD = 1 << 16          # samples; a multiple of the hop
N = (int(float(sys.argv.pop(1))) if len(sys.argv) > 1 else 100_000_000) // PERIOD * PERIOD
FFT, HOP = 1024, 256
WIN = 64                  # output samples kept on each side of the tag


def vmrss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def signal():
    rng = np.random.default_rng(7)
    n = np.arange(PERIOD)
    x = 0.05 * (rng.standard_normal(PERIOD) + 1j * rng.standard_normal(PERIOD))
    x += np.where((n // 4096) % 3 == 1, np.exp(2j * np.pi * 0.123 * n), 0)
    return x.astype(np.complex64)


class Tagger(gr.sync_block):
    """Passes samples through and puts one tag at absolute offset `at`."""

    def __init__(self, at):
        gr.sync_block.__init__(self, "tagger", [np.complex64], [np.complex64])
        self.at = at

    def work(self, input_items, output_items):
        n = len(output_items[0])
        output_items[0][:] = input_items[0][:n]
        start = self.nitems_written(0)
        if start <= self.at < start + n:
            self.add_item_tag(0, self.at, pmt.intern("mark"), pmt.from_uint64(self.at))
        return n


class Probe(gr.sync_block):
    """Counts samples, keeps the tags and the samples in [lo, hi), samples
    VmRSS at 10 %, 50 % and at the end of the stream."""

    def __init__(self, lo, hi, total):
        gr.sync_block.__init__(self, "probe", [np.complex64], None)
        self.lo, self.hi, self.total = lo, hi, total
        self.kept = np.zeros(hi - lo, np.complex64)
        self.tags = []
        self.rss = {}
        self.count = 0

    def work(self, input_items, output_items):
        x = input_items[0]
        n = len(x)
        start = self.nitems_read(0)
        a, b = max(start, self.lo), min(start + n, self.hi)
        if a < b:
            self.kept[a - self.lo:b - self.lo] = x[a - start:b - start]
        for t in self.get_tags_in_window(0, 0, n):
            self.tags.append((t.offset, pmt.symbol_to_string(t.key)))
        for frac in (0.1, 0.5):
            mark = int(frac * self.total)
            if start <= mark < start + n:
                self.rss[frac] = vmrss_kib()
        self.count += n
        if self.count >= self.total:
            self.rss[1.0] = vmrss_kib()
        return n


def run(total, tag_at, lo, hi):
    tb = gr.top_block()
    src = blocks.vector_source_c(signal().tolist(), True)
    head = blocks.head(gr.sizeof_gr_complex, total)
    tagger = Tagger(tag_at)
    clean = stftclean.cleaner_cc(FFT, HOP, mask="threshold", args="threshold_db=6")
    probe = Probe(lo, hi, total)
    tb.connect(src, head, tagger, clean, probe)
    tb.run()
    return clean.latency(), probe


class LongRun(unittest.TestCase):

    def test_long_run(self):
        tag_at = N - 3 * PERIOD // 2 - 123     # near the end, odd phase
        lat = stftclean.cleaner_cc(FFT, HOP, mask="threshold").latency()
        lo, hi = tag_at + lat - WIN, tag_at + lat + WIN
        lat_run, probe = run(N, tag_at, lo, hi)
        self.assertEqual(lat_run, lat)
        self.assertEqual(probe.count, N)
        self.assertEqual(probe.tags, [(tag_at + lat, "mark")])
        growth = probe.rss[1.0] - probe.rss[0.1]
        print("N %d, latency %d, tag at %d -> %d, VmRSS %s KiB (growth %d)"
              % (N, lat, tag_at, probe.tags[0][0], probe.rss, growth))
        if "asan" not in os.environ.get("LD_PRELOAD", ""):  # ASan's quarantine grows
            self.assertLess(growth, 4096, "resident memory grew")
        # a short run over the same samples (same phase of the period)
        phase = lo % PERIOD
        s_lo = 2 * PERIOD + phase
        _, short = run(4 * PERIOD, 0, s_lo, s_lo + (hi - lo))
        self.assertTrue(np.all(np.isfinite(probe.kept)))
        np.testing.assert_array_equal(probe.kept, short.kept)


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""sigmf_annotation_sink: messages become annotations of a .sigmf-meta that
Python's json reads and that follows the SigMF required fields; sorted by
start, absolute edges from offsets, the stftclean namespace declared; the
file is valid from start() on, after a stop, and while messages flow."""

import json
import math
import os
import tempfile
import time

import numpy as np
import pmt
from gnuradio import gr, gr_unittest, blocks

try:
    from gnuradio import stftclean
except ImportError:
    import sys
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from gnuradio import stftclean


def pdict(**kw):
    d = pmt.make_dict()
    for k, v in kw.items():
        k = k.replace("__", ":")
        if isinstance(v, str):
            val = pmt.intern(v)
        elif isinstance(v, int):
            val = pmt.from_uint64(v)
        else:
            val = pmt.from_double(v)
        d = pmt.dict_add(d, pmt.intern(k), val)
    return d


def load(path):
    with open(path) as f:
        meta = json.load(f)
    g = meta["global"]
    assert isinstance(g["core:datatype"], str) and isinstance(g["core:version"], str)
    assert isinstance(meta["captures"], list) and isinstance(meta["annotations"], list)
    for a in meta["annotations"]:
        assert isinstance(a["core:sample_start"], int)
    return meta


class MessageSource(gr.sync_block):
    """Emits the given messages on port "out" during its first work() call,
    then ends, which ends the flowgraph."""

    def __init__(self, msgs):
        gr.sync_block.__init__(self, "msgsrc", None, [np.uint8])
        self.msgs = msgs
        self.message_port_register_out(pmt.intern("out"))

    def work(self, input_items, output_items):
        for m in self.msgs:
            self.message_port_pub(pmt.intern("out"), m)
        return -1


class BurstOnFirstWork(gr.sync_block):
    """Consumes a byte stream that never ends (so the flowgraph, and the sink
    downstream of its message port, keep running) and publishes the given
    messages all at once in its first work() call."""

    def __init__(self, msgs):
        gr.sync_block.__init__(self, "burstsrc", [np.uint8], None)
        self.msgs = msgs
        self.message_port_register_out(pmt.intern("out"))

    def work(self, input_items, output_items):
        if self.msgs:
            for m in self.msgs:
                self.message_port_pub(pmt.intern("out"), m)
            self.msgs = []
        return len(input_items[0])


def poll_meta(path, want, timeout=10.0):
    """The meta file once it holds want annotations (None after timeout)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            meta = load(path)
            if len(meta["annotations"]) >= want:
                return meta
        except (OSError, ValueError):
            pass
        time.sleep(0.02)
    return None


class qa_sigmf_sink(gr_unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="qa_sigmf_")
        self.base = os.path.join(self.tmp.name, "rec")

    def tearDown(self):
        self.tmp.cleanup()

    def test_direct_annotations(self):
        s = stftclean.sigmf_annotation_sink(self.base, 2e6, 100e6, "ci16_le",
                                            "2024-05-09T12:30:15.125Z")
        self.assertEqual(s.meta_path(), self.base + ".sigmf-meta")
        s.add_annotation(pdict(sample_start=5000, sample_count=200, freq_lower_offset=-5e3,
                               freq_upper_offset=20e3, label="burst", snr_db=12.5))
        s.add_annotation(pdict(core__sample_start=10, core__sample_count=3,
                               core__freq_lower_edge=99.9e6, core__freq_upper_edge=99.95e6,
                               core__generator="detector-x", power_db=-40.0))
        # a pair (dict, payload) as some detectors send
        s.add_annotation(pmt.cons(pdict(sample_start=7.0), pmt.PMT_NIL))
        with self.assertRaisesRegex(ValueError, "sample_start"):
            s.add_annotation(pdict(label="no start"))
        with self.assertRaisesRegex(ValueError, "dict"):
            s.add_annotation(pmt.from_long(3))
        self.assertEqual(s.count(), 3)
        s.flush()
        meta = load(s.meta_path())
        g, c, a = meta["global"], meta["captures"][0], meta["annotations"]
        self.assertEqual(g["core:datatype"], "ci16_le")
        self.assertEqual(g["core:sample_rate"], 2e6)
        self.assertEqual(c["core:frequency"], 100e6)
        self.assertEqual(c["core:datetime"], "2024-05-09T12:30:15.125Z")
        self.assertEqual([x["core:sample_start"] for x in a], [7, 10, 5000])
        self.assertEqual(a[2]["core:freq_lower_edge"], 100e6 - 5e3)
        self.assertEqual(a[2]["core:freq_upper_edge"], 100e6 + 20e3)
        self.assertEqual(a[2]["core:label"], "burst")
        self.assertEqual(a[2]["core:generator"], "gr-stftclean")
        self.assertEqual(a[2]["stftclean:snr_db"], 12.5)
        self.assertEqual(a[1]["core:generator"], "detector-x")
        self.assertEqual(a[1]["stftclean:power_db"], -40.0)
        self.assertNotIn("core:freq_lower_edge", a[0])
        self.assertTrue(any(e["name"] == "stftclean" and e["optional"]
                            for e in g["core:extensions"]))
        self.assertFalse(os.path.exists(s.meta_path() + ".tmp"))

    def test_flowgraph_messages_and_stop(self):
        s = stftclean.sigmf_annotation_sink(self.base + ".sigmf-meta", 1e6,
                                            rewrite_interval=0.0)
        msgs = [pdict(sample_start=1000 - 10 * i, sample_count=5, label="m%d" % i)
                for i in range(50)] + [pdict(label="dropped, no start")]
        src = MessageSource(msgs)
        tb = gr.top_block()
        tb.connect(src, blocks.null_sink(gr.sizeof_char))
        tb.msg_connect(src, "out", s, "in")
        tb.run()
        meta = load(s.meta_path())
        starts = [x["core:sample_start"] for x in meta["annotations"]]
        self.assertEqual(starts, sorted(1000 - 10 * i for i in range(50)))
        self.assertEqual(s.count(), 50)
        self.assertNotIn("core:frequency", meta["captures"][0])   # centre unknown

    def test_stopped_early_leaves_valid_file(self):
        s = stftclean.sigmf_annotation_sink(self.base, 48000, dataset="rec.wav",
                                            header_bytes=216)
        tb = gr.top_block()
        tb.connect(blocks.null_source(gr.sizeof_char), blocks.null_sink(gr.sizeof_char))
        msrc = MessageSource([pdict(sample_start=3)])
        tb.connect(msrc, blocks.null_sink(gr.sizeof_char))
        tb.msg_connect(msrc, "out", s, "in")
        tb.start()
        tb.stop()
        tb.wait()
        meta = load(self.base + ".sigmf-meta")
        self.assertLessEqual(len(meta["annotations"]), 1)
        self.assertEqual(meta["global"]["core:dataset"], "rec.wav")
        self.assertEqual(meta["captures"][0]["core:header_bytes"], 216)

    def test_timer_flushes_a_burst_then_silence(self):
        """20 messages at once, then silence while the flowgraph keeps
        running: the first is written at once, the other 19 arrive inside the
        rewrite interval and must reach the file from the timer, before any
        stop (the old behaviour kept them in memory until the next message or
        stop, and lost them if the process was killed)."""
        s = stftclean.sigmf_annotation_sink(self.base, 1e6, rewrite_interval=0.3)
        msgs = [pdict(sample_start=100 * i, sample_count=50) for i in range(20)]
        src = blocks.vector_source_b([0] * 1024, True)
        thr = blocks.throttle(gr.sizeof_char, 20000)
        burst = BurstOnFirstWork(msgs)
        tb = gr.top_block()
        tb.connect(src, thr, burst)
        tb.msg_connect(burst, "out", s, "in")
        tb.start()
        try:
            meta = poll_meta(s.meta_path(), 20)
            self.assertIsNotNone(meta, "the timer did not write the 19 waiting annotations")
            self.assertEqual([a["core:sample_start"] for a in meta["annotations"]],
                             [100 * i for i in range(20)])
            self.assertEqual(s.count(), 20)
        finally:
            tb.stop()
            tb.wait()
        self.assertEqual(len(load(s.meta_path())["annotations"]), 20)

    def test_every_stftclean_number_carried(self):
        """Every numeric stftclean:* entry of a burst dict (the burst
        detector's own field names) becomes an annotation field under the
        declared namespace, in order; other entries are left out."""
        det = stftclean.burst_detector(256, 64, 1e6)
        names = list(det.field_names())
        self.assertIn("snr_db", names)
        self.assertGreater(len(names), 10)
        d = pmt.make_dict()
        d = pmt.dict_add(d, pmt.intern("core:sample_start"), pmt.from_uint64(4000))
        d = pmt.dict_add(d, pmt.intern("core:sample_count"), pmt.from_uint64(640))
        want = {}
        for i, n in enumerate(names):
            want["stftclean:" + n] = 0.5 * i - 3.25
            d = pmt.dict_add(d, pmt.intern("stftclean:" + n), pmt.from_double(0.5 * i - 3.25))
        # not numbers / not finite / not ours: not written
        d = pmt.dict_add(d, pmt.intern("stftclean:note"), pmt.intern("text"))
        d = pmt.dict_add(d, pmt.intern("stftclean:bad"), pmt.from_double(math.nan))
        d = pmt.dict_add(d, pmt.intern("other:thing"), pmt.from_double(1.0))
        d = pmt.dict_add(d, pmt.intern("stftclean:count"), pmt.from_long(7))
        want["stftclean:count"] = 7
        s = stftclean.sigmf_annotation_sink(self.base, 1e6)
        s.add_annotation(d)
        s.add_annotation(pdict(sample_start=10, stftclean__duration_s=0.25))
        s.flush()
        a = load(s.meta_path())["annotations"]
        self.assertEqual([x["core:sample_start"] for x in a], [10, 4000])
        self.assertEqual(a[0]["stftclean:duration_s"], 0.25)
        got = {k: v for k, v in a[1].items() if k.startswith("stftclean:")}
        self.assertEqual(got, want)
        keys = [k for k in a[1] if k.startswith("stftclean:")]
        # snr_db has its own slot first, then the rest in the message's order
        order = ["stftclean:snr_db"] + ["stftclean:" + n for n in names if n != "snr_db"]
        self.assertEqual(keys, order + ["stftclean:count"])
        self.assertNotIn("other:thing", a[1])

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, "sample_rate"):
            stftclean.sigmf_annotation_sink(self.base, 0)
        with self.assertRaisesRegex(ValueError, "datatype"):
            stftclean.sigmf_annotation_sink(self.base, 1e6, 0, "rf32_le")
        with self.assertRaisesRegex(ValueError, "start_time"):
            stftclean.sigmf_annotation_sink(self.base, 1e6, 0, "cf32_le", "noon")
        with self.assertRaisesRegex(ValueError, "dataset"):
            stftclean.sigmf_annotation_sink(self.base, 1e6, dataset="../x.wav")
        with self.assertRaisesRegex(ValueError, "rewrite_interval"):
            stftclean.sigmf_annotation_sink(self.base, 1e6, rewrite_interval=-1)

    def test_unwritable_path_raises_at_start(self):
        """A meta file that cannot be written raises in tb.start() (it used
        to be logged while the flowgraph ran on)."""
        snk = stftclean.sigmf_annotation_sink(
            os.path.join(self.tmp.name, "no", "dir", "x.sigmf-meta"), 1e6)
        tb = gr.top_block()
        strobe = blocks.message_strobe(pmt.to_pmt({}), 1000)
        tb.msg_connect(strobe, "strobe", snk, "in")
        with self.assertRaisesRegex(RuntimeError, "x.sigmf-meta"):
            tb.start()


if __name__ == "__main__":
    gr_unittest.run(qa_sigmf_sink)

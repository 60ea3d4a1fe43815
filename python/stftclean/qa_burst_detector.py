#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""burst_detector in a flowgraph: stft_cc -> mask_cc -> burst_detector ->
istft_cc on generated bursts; one message per burst with the SigMF and CSV
field names, burst_start/burst_end tags on the right samples, per-burst
means against the per-frame features of spectral_features; errors."""

import json
import os
import tempfile

import numpy as np
import pmt
from gnuradio import blocks, gr, gr_unittest

try:
    from gnuradio.stftclean import (burst_detector, istft_cc, mask_cc,
                                    sigmf_annotation_sink, spectral_features, stft_cc)
    from gnuradio.stftclean.testing.device_scenarios import burst_train
except ImportError:
    import os
    import sys
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from stftclean import (burst_detector, istft_cc, mask_cc, sigmf_annotation_sink,
                           spectral_features, stft_cc)
    from device_scenarios import burst_train

N, H, FS = 1024, 256, 2e6


class qa_burst_detector(gr_unittest.TestCase):

    def test_flowgraph(self):
        x, fs, truth = burst_train(10.0, 2.5, FS, seed=11)
        tb = gr.top_block()
        src = blocks.vector_source_c(x.tolist(), False)
        st = stft_cc(N, H)
        mk = mask_cc(N, H, mask="auto", sample_rate=FS)
        D = mk.delay_frames()
        det = burst_detector(N, H, FS, center_freq=868e6, frame_delay=D, source="mask",
                             label="remote", cepstrum="lfcc", n_filters=16, n_ceps=4)
        K = det.delay_frames()
        ist = istft_cc(N, H)
        snk = blocks.vector_sink_c()
        dbg = blocks.message_debug()
        tb.connect(src, st, mk)
        tb.connect((mk, 0), (det, 0))
        tb.connect((mk, 1), (det, 1))
        tb.connect(det, ist, snk)
        tb.msg_connect((det, "bursts"), (dbg, "store"))
        tmp = tempfile.TemporaryDirectory()
        meta = os.path.join(tmp.name, "bursts.sigmf-meta")
        ann = sigmf_annotation_sink(meta, FS, 868e6)
        tb.msg_connect((det, "bursts"), (ann, "in"))
        tb.run()
        tb = None  # the sink writes its last meta when it goes

        msgs = [dbg.get_message(i) for i in range(dbg.num_messages())]
        self.assertEqual(len(truth), len(msgs))
        self.assertEqual(len(truth), det.bursts_found())
        fields = list(det.field_names())
        self.assertEqual(["start_s", "end_s", "duration_s", "center_hz", "bandwidth_hz",
                          "snr_db", "energy_db_mean"], fields[:7])
        self.assertEqual("lfcc3_std", fields[-1])
        # output sample t is input sample t - latency
        latency = (N - H) + H * D + H * K
        starts = {t.offset - latency: pmt.to_uint64(t.value) for t in snk.tags()
                  if pmt.symbol_to_string(t.key) == "burst_start"}
        ends = {t.offset - latency: pmt.to_uint64(t.value) for t in snk.tags()
                if pmt.symbol_to_string(t.key) == "burst_end"}
        self.assertEqual(len(truth), len(starts))
        self.assertEqual(len(truth), len(ends))
        for m, (a, b, lo, hi) in zip(msgs, truth):
            s = pmt.to_uint64(pmt.dict_ref(m, pmt.intern("core:sample_start"), pmt.PMT_NIL))
            c = pmt.to_uint64(pmt.dict_ref(m, pmt.intern("core:sample_count"), pmt.PMT_NIL))
            self.assertLessEqual(abs(s - a), 2 * H)
            self.assertLessEqual(abs(s + c - b), 2 * H)
            flo = pmt.to_double(pmt.dict_ref(m, pmt.intern("core:freq_lower_edge"),
                                             pmt.PMT_NIL))
            fhi = pmt.to_double(pmt.dict_ref(m, pmt.intern("core:freq_upper_edge"),
                                             pmt.PMT_NIL))
            self.assertTrue(868e6 + lo - 10e3 < flo < fhi < 868e6 + hi + 10e3, (flo, fhi))
            self.assertEqual("remote", pmt.symbol_to_string(
                pmt.dict_ref(m, pmt.intern("core:label"), pmt.PMT_NIL)))
            for name in fields:
                self.assertTrue(pmt.dict_has_key(m, pmt.intern("stftclean:" + name)), name)
            # the tags: the vector of the first frame carries the start sample;
            # it sits within a hop of that sample
            first = min(starts, key=lambda o: abs(starts[o] - s))
            self.assertEqual(s, starts[first])
            self.assertLessEqual(abs(first - s), H)
            last = min(ends, key=lambda o: abs(ends[o] - (s + c)))
            self.assertEqual(s + c, ends[last])
            self.assertLessEqual(abs(last - (s + c)), H)
        # straight into the SigMF annotation sink
        ann = None
        with open(meta) as f:
            annotations = json.load(f)["annotations"]
        tmp.cleanup()
        self.assertEqual(len(msgs), len(annotations))
        for m, a in zip(msgs, annotations):
            self.assertEqual(pmt.to_uint64(pmt.dict_ref(m, pmt.intern("core:sample_start"),
                                                        pmt.PMT_NIL)),
                             a["core:sample_start"])
            self.assertEqual("remote", a["core:label"])
            self.assertIn("stftclean:snr_db", a)

    def test_mean_matches_frame_features(self):
        """energy source without a mask: the per-burst mean of each feature is
        the mean of spectral_features over the burst's frames."""
        rng = np.random.default_rng(5)
        n, hop, fs = 64, 16, 64e3
        T = 400
        X = (rng.standard_normal((T, n)) + 1j * rng.standard_normal((T, n))) * 0.1
        X[150:250, 10:14] += 20.0  # a burst in frames 150..249
        X = X.astype(np.complex64)
        tb = gr.top_block()
        src = blocks.vector_source_c(X.ravel().tolist(), False, n)
        det = burst_detector(n, hop, fs, min_duration=0.0, hang=0.0, noise_window=0.05)
        feat = spectral_features(n, fs)
        snk = blocks.vector_sink_f(12)
        dbg = blocks.message_debug()
        tb.connect(src, det, blocks.null_sink(n * 8))
        tb.connect(src, feat, snk)
        tb.msg_connect((det, "bursts"), (dbg, "store"))
        tb.run()
        self.assertEqual(1, dbg.num_messages())
        m = dbg.get_message(0)
        F = np.array(snk.data()).reshape(-1, 12)[150:250]
        for i, name in enumerate(feat.feature_names()):
            got = pmt.to_double(pmt.dict_ref(m, pmt.intern("stftclean:%s_mean" % name),
                                             pmt.PMT_NIL))
            sd = pmt.to_double(pmt.dict_ref(m, pmt.intern("stftclean:%s_std" % name),
                                            pmt.PMT_NIL))
            ref, refsd = F[:, i].mean(), F[:, i].std()
            scale = 1e-4 * (abs(ref) + np.abs(F[:, i]).max() + 1e-9)
            self.assertAlmostEqual(ref, got, delta=scale, msg=name)
            self.assertAlmostEqual(refsd, sd, delta=scale + 1e-4 * refsd, msg=name)

    def test_burst_open_at_end_is_flushed(self):
        # noise, then a tone that lasts to the end of the stream: the burst
        # never ends inside the stream and is closed when the flowgraph stops
        rng = np.random.default_rng(3)
        n = int(0.6 * FS)
        x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * 0.05
        t = np.arange(n) / FS
        on = t >= 0.4
        x[on] += np.exp(2j * np.pi * 200e3 * t[on])
        tb = gr.top_block()
        src = blocks.vector_source_c(x.astype(np.complex64).tolist(), False)
        st = stft_cc(N, H)
        det = burst_detector(N, H, FS, noise_window=0.1)
        tb.connect(src, st, det, blocks.null_sink(gr.sizeof_gr_complex * N))
        tb.run()
        self.assertEqual(1, det.bursts_found())

    def test_errors(self):
        with self.assertRaises(ValueError) as cm:
            burst_detector(1024, 256, 2e6, source="power")
        self.assertIn("source", str(cm.exception))
        with self.assertRaises(ValueError) as cm:
            burst_detector(1024, 256, 2e6, on_db=3, off_db=6)
        self.assertIn("off_db", str(cm.exception))
        self.assertIn("on_db (3)", str(cm.exception))
        with self.assertRaises(ValueError) as cm:
            burst_detector(1024, 256, 2e6, on_db=500)
        self.assertTrue(str(cm.exception).startswith("on_db:"), str(cm.exception))
        with self.assertRaises(ValueError) as cm:
            burst_detector(1024, 256, -1.0)
        self.assertIn("sample_rate", str(cm.exception))
        # the mask source without its gains input
        tb = gr.top_block()
        det = burst_detector(64, 16, 1e3, source="mask")
        tb.connect(blocks.vector_source_c([0j] * 64, False, 64), det,
                   blocks.null_sink(64 * 8))
        with self.assertRaises(Exception) as cm:
            tb.run()
        self.assertIn("mask", str(cm.exception))


if __name__ == "__main__":
    gr_unittest.run(qa_burst_detector)

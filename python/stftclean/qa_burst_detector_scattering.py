#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""burst_detector's scattering summary in flowgraphs: stft_cc (-> mask_cc)
-> burst_detector(scattering=True). The summary of a burst equals, to 1e-3,
numpy_api.scattering of the cleaned signal (numpy_api.istft of mask_cc's
output) averaged here over the frames centred in the burst; a tone burst at
+f and the mirror image of the recording give mirrored means; fields,
delay and errors."""

import numpy as np
import pmt
from gnuradio import blocks, gr, gr_unittest

try:
    from gnuradio.stftclean import burst_detector, mask_cc, stft_cc
    from gnuradio.stftclean import numpy_api as sc
except ImportError:
    import os
    import sys
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from stftclean import burst_detector, mask_cc, stft_cc
    import numpy_api as sc

N, H, FS = 256, 64, 256e3
J, Q1 = 6, 4  # T = 64 samples, frames every 16


def messages(dbg):
    out = []
    for i in range(dbg.num_messages()):
        m = dbg.get_message(i)
        d = {}
        items = pmt.dict_items(m)
        for k in range(pmt.length(items)):
            kv = pmt.nth(k, items)
            key = pmt.symbol_to_string(pmt.car(kv))
            v = pmt.cdr(kv)
            d[key] = pmt.to_python(v)
        out.append(d)
    return out


def signal(seed, n=110000):
    """Noise, an FSK burst at +30/+50 kHz and an AM burst at -40 kHz."""
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * 0.05
    t = np.arange(n)
    for a in range(20000, 35000, 500):
        f = 30e3 if (a // 500) % 2 else 50e3
        x[a:a + 500] += np.exp(2j * np.pi * f * t[a:a + 500] / FS)
    am = slice(50000, 62000)
    x[am] += (0.6 + 0.4 * np.sin(2 * np.pi * 400 * t[am] / FS)) * \
        np.exp(-2j * np.pi * 40e3 * t[am] / FS)
    return x.astype(np.complex64)


class qa_burst_detector_scattering(gr_unittest.TestCase):

    def run_graph(self, x, masked, **kw):
        tb = gr.top_block()
        src = blocks.vector_source_c(x.tolist(), False)
        st = stft_cc(N, H)
        dbg = blocks.message_debug()
        frames = blocks.vector_sink_c(N)
        D = 0
        if masked:
            mk = mask_cc(N, H, mask="auto", sample_rate=FS)
            D = mk.delay_frames()
            det = burst_detector(N, H, FS, frame_delay=D, source="mask", noise_window=0.05,
                                 scattering=True, scat_J=J, scat_Q1=Q1, **kw)
            tb.connect(src, st, mk)
            tb.connect((mk, 0), (det, 0))
            tb.connect((mk, 1), (det, 1))
            tb.connect((mk, 0), frames)
        else:
            det = burst_detector(N, H, FS, noise_window=0.05, scattering=True, scat_J=J,
                                 scat_Q1=Q1, **kw)
            tb.connect(src, st, det)
            tb.connect(st, frames)
        tb.connect(det, blocks.null_sink(gr.sizeof_gr_complex * N))
        tb.msg_connect((det, "bursts"), (dbg, "store"))
        tb.run()
        F = np.array(frames.data(), dtype=np.complex64).reshape(-1, N)
        return det, messages(dbg), F, D

    def test_summary_matches_numpy_of_cleaned_signal(self):
        x = signal(1)
        det, msgs, F, D = self.run_graph(x, masked=True)
        # the two bursts (the mask may also report its first milliseconds,
        # while it settles; the frames before STFT frame 0 are not in y)
        msgs = [m for m in msgs if m["core:sample_start"] > 10000]
        self.assertEqual(2, len(msgs))
        # the cleaned signal: mask_cc's vectors from the one of STFT frame 0
        y = sc.istft(F[D:].T, N, H, length=len(x))
        S, meta = sc.scattering(y, FS, J=J, Q1=Q1, Q2=1, log=True, stride=16)
        centres = np.round(meta["time_s"] * FS).astype(np.int64)
        names = [f for f in det.field_names() if f.startswith("scat")]
        count = (len(names) - 1) // 2
        self.assertEqual(count, S.shape[0])
        worst = 0.0
        for m in msgs:
            a = m["core:sample_start"]
            b = a + m["core:sample_count"]
            sel = (centres >= a) & (centres < b)
            self.assertEqual(int(sel.sum()), m["stftclean:scat_frames"])
            self.assertGreater(sel.sum(), 200)
            mean, std = S[:, sel].mean(axis=1), S[:, sel].std(axis=1)
            got_m = np.array([m["stftclean:" + n] for n in names[1:1 + count]])
            got_s = np.array([m["stftclean:" + n] for n in names[1 + count:]])
            worst = max(worst, np.max(np.abs(got_m - mean)), np.max(np.abs(got_s - std)))
        # both sides run the same float32 ISTFT and scattering; what differs
        # is where the scattering's blocks fall: rounding, a few 1e-6 of a
        # log coefficient in core_bursts_scat, but here the mask leaves the
        # weakest paths near the log's eps (log S = -13, S ~ 1e-6), where
        # the same rounding moves log(S + 1e-6) by up to 4e-4 (measured)
        self.assertLess(worst, 2e-3)

    def test_mirrored_tone(self):
        rng = np.random.default_rng(2)
        n = 70000
        x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * 0.05
        t = np.arange(n)
        x[20000:40000] += np.exp(2j * np.pi * 37e3 * t[20000:40000] / FS)
        x = x.astype(np.complex64)
        det, p, _, _ = self.run_graph(x, masked=True)
        _, m, _, _ = self.run_graph(np.conj(x), masked=True)
        self.assertEqual(1, len(p))
        self.assertEqual(1, len(m))
        self.assertEqual(p[0]["core:sample_start"], m[0]["core:sample_start"])
        self.assertEqual(p[0]["core:sample_count"], m[0]["core:sample_count"])
        order1 = [f for f in det.field_names() if f.startswith("scat1_")]
        self.assertGreater(len(order1), 20)
        pairs = 0
        for f in order1:
            mirror = f.replace("_+", "_~").replace("_-", "_+").replace("_~", "_-")
            self.assertIn(mirror, order1)
            # float32 rounding of the mirrored bins, seen through the log
            # at the paths the mask left near its eps: up to 1.5e-3
            self.assertAlmostEqual(p[0]["stftclean:" + f], m[0]["stftclean:" + mirror],
                                   delta=5e-3, msg=f)
            pairs += 1
        self.assertEqual(len(order1), pairs)
        # +37 kHz and -37 kHz are told apart: the strongest order-1 mean of
        # the +f burst is at a positive frequency, far above its mirror
        means = {f: p[0]["stftclean:" + f] for f in order1 if f.endswith("_mean")}
        top = max(means, key=means.get)
        self.assertTrue(top.startswith("scat1_+"), top)
        self.assertGreater(means[top], means[top.replace("_+", "_-")] + 3.0)

    def test_fields_and_delay(self):
        plain = burst_detector(N, H, FS)
        det = burst_detector(N, H, FS, scattering=True, scat_J=J, scat_Q1=Q1)
        f0, f1 = list(plain.field_names()), list(det.field_names())
        self.assertEqual(f0, f1[:len(f0)])
        extra = f1[len(f0):]
        self.assertEqual("scat_frames", extra[0])
        self.assertEqual("scat0_mean", extra[1])
        count = (len(extra) - 1) // 2
        for a, b in zip(extra[1:1 + count], extra[1 + count:]):
            self.assertEqual(a[:-5] + "_std", b)
        self.assertEqual(len(set(f1)), len(f1))
        self.assertGreater(det.delay_frames(), plain.delay_frames())
        # the defaults stay off
        self.assertFalse(any(f.startswith("scat") for f in f0))

    def test_errors(self):
        def err(**kw):
            with self.assertRaises(ValueError) as cm:
                burst_detector(N, H, FS, scattering=True, **kw)
            return str(cm.exception)
        self.assertTrue(err(scat_J=0).startswith("scat_J:"))
        self.assertTrue(err(scat_Q1=40).startswith("scat_Q1:"))
        self.assertTrue(err(scat_T=1.0 / FS).startswith("scat_T:"))
        self.assertTrue(err(window="nope").startswith("window:"))
        msg = err(window="rect", window_len=32)
        self.assertTrue(msg.startswith("scattering:"), msg)
        with self.assertRaises(ValueError) as cm:  # hann with hop = L: not NOLA
            burst_detector(N, N, FS, scattering=True)
        self.assertTrue(str(cm.exception).startswith("scattering:"))
        self.assertIn("NOLA", str(cm.exception))
        # off: none of it is looked at
        burst_detector(N, H, FS, scat_J=0, window="rect", window_len=32)


if __name__ == "__main__":
    gr_unittest.run(qa_burst_detector_scattering)

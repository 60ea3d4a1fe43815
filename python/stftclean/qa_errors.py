#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Bad parameters raise ValueError whose message starts with the parameter."""

from gnuradio import gr_unittest

try:
    from gnuradio import stftclean
except ImportError:
    import os
    import sys
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from gnuradio import stftclean

ALL_BLOCKS = ("stft_cc", "stft_fc", "istft_cc", "istft_cf", "cleaner_cc", "cleaner_ff",
              "mask_cc")

# (kwargs, name of the parameter the message must start with)
FRAMING_ERRORS = [
    (dict(fft_size=64, hop=0), "hop"),
    (dict(fft_size=64, hop=65), "hop"),
    (dict(fft_size=64, hop=40, window_len=32), "hop"),
    (dict(fft_size=64, hop=-1), "hop"),
    (dict(fft_size=1, hop=1), "fft_size"),
    (dict(fft_size=-8, hop=1), "fft_size"),
    (dict(fft_size=64, hop=16, window="nope"), "window"),
    (dict(fft_size=64, hop=16, window_len=65), "window_len"),
    (dict(fft_size=64, hop=64, window="hann"), "hop"),  # NOLA: hann ends at 0
]


class qa_errors(gr_unittest.TestCase):

    def assertRaisesNamed(self, name, fn, *args, **kw):
        with self.assertRaises(ValueError) as ctx:
            fn(*args, **kw)
        self.assertTrue(str(ctx.exception).startswith(name + ":"),
                        "message %r does not name %r" % (str(ctx.exception), name))

    def test_001_framing_errors_every_block(self):
        for blk in ALL_BLOCKS:
            for kw, name in FRAMING_ERRORS:
                with self.subTest(block=blk, kw=kw):
                    self.assertRaisesNamed(name, getattr(stftclean, blk), **kw)

    def test_001b_estimator_errors(self):
        """Estimator parameters are checked by the core at construction and
        by the setters; the message names the parameter."""
        base = dict(fft_size=256, hop=64, mask="auto", sample_rate=1e6)
        bad = [
            ("pfa=0", "pfa"),
            ("region_freq=100", "region_freq"),
            ("noise_window=0.0001", "noise_window"),
            ("region_time=0.001, lookahead=0.01", "lookahead"),
            ("hysteresis_db=-1", "hysteresis_db"),
            ("xi_min_db=3", "xi_min_db"),
            ("lines=2", "lines"),
            ("impulse=-2", "impulse"),
            ("smooth_freq=1", "smooth_freq"),
        ]
        for blk in ("cleaner_cc", "cleaner_ff", "mask_cc"):
            for args, name in bad:
                with self.subTest(block=blk, args=args):
                    self.assertRaisesNamed(name, getattr(stftclean, blk), **base, args=args)
            b = getattr(stftclean, blk)(**base)
            self.assertRaisesNamed("gate_slope_db", b.set_gate_slope_db, 50.0)
            self.assertRaisesNamed("smooth_time", b.set_smooth_time, 1e-9)
            self.assertEqual(b.gate_slope_db(), 6.0)

    def test_002_nola_message_mentions_nola(self):
        with self.assertRaises(ValueError) as ctx:
            stftclean.istft_cc(64, 64)
        self.assertIn("NOLA", str(ctx.exception))

    def test_003_defaults_construct(self):
        for blk in ALL_BLOCKS:
            b = getattr(stftclean, blk)(fft_size=64, hop=16)
            if blk in ("cleaner_cc", "cleaner_ff", "mask_cc"):
                # mask auto, sample_rate 0: the latency waits for the rate
                with self.assertRaises(RuntimeError) as ctx:
                    b.latency()
                self.assertIn("sample_rate", str(ctx.exception))
                b = getattr(stftclean, blk)(fft_size=64, hop=16, mask="none")
            self.assertEqual(b.latency(), 48)
        # rect at hop == window length is invertible (zero latency)
        self.assertEqual(stftclean.istft_cf(16, 16, "rect").latency(), 0)

    def test_004_cleaner_mask_errors(self):
        for blk in (stftclean.cleaner_cc, stftclean.cleaner_ff):
            self.assertRaisesNamed("mask", blk, 64, 16, mask="wiener-ish")
            self.assertRaisesNamed("threshold_db", blk, 64, 16, args="threshold_db=500")
            self.assertRaisesNamed("floor_db", blk, 64, 16, args="floor_db=3")
            self.assertRaisesNamed("sample_rate", blk, 64, 16, sample_rate=-1.0)
            blk(64, 16, sample_rate=0.0)  # 0: from the rx_rate tag
            self.assertRaisesNamed("bands", blk, 64, 16, args="bands=0.1", sample_rate=1.0)
            self.assertRaisesNamed("bands", blk, 64, 16, mask="band", sample_rate=1.0)
            self.assertRaisesNamed("bands", blk, 64, 16, mask="band", args="bands=0.3:0.2",
                                   sample_rate=1.0)
            self.assertRaisesNamed("bands", blk, 64, 16, mask="band", args="bands=0.1:0.9",
                                   sample_rate=1.0)
            self.assertRaisesNamed("bands", blk, 64, 16, args="bands=" + ",".join(
                ["0:0.1"] * 65), sample_rate=1.0)
        # real input: bands lie in [0, fs/2]
        self.assertRaisesNamed("bands", stftclean.cleaner_ff, 64, 16, mask="band",
                               args="bands=-0.2:0.1", sample_rate=1.0)
        stftclean.cleaner_cc(64, 16, mask="band", args="bands=-0.2:0.1", sample_rate=1.0)

    def test_005_setter_errors_are_immediate(self):
        c = stftclean.cleaner_cc(64, 16, mask="threshold", args="threshold_db=10",
                                 sample_rate=1.0)
        self.assertRaisesNamed("threshold_db", c.set_threshold_db, 101.0)
        self.assertRaisesNamed("floor_db", c.set_floor_db, 0.5)
        self.assertRaisesNamed("bands", c.set_bands, [0.1, 0.2, 0.3], False)
        self.assertRaisesNamed("bands", c.set_bands, [0.2, 0.1], False)
        # rejected values leave the accepted ones in place
        self.assertEqual(c.threshold_db(), 10.0)
        self.assertEqual(c.floor_db(), -60.0)
        self.assertEqual(list(c.bands()), [])
        # a band mask cannot be emptied
        b = stftclean.cleaner_ff(64, 16, mask="band", args="bands=0.1:0.2", sample_rate=1.0)
        self.assertRaisesNamed("bands", b.set_bands, [], True)


if __name__ == "__main__":
    gr_unittest.run(qa_errors)

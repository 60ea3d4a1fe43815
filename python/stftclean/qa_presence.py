#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""presence (auto mask: presence gating of bursty signals) in cleaner_cc,
cleaner_ff and mask_cc: what it does to a keyed tone, its checks, its getter,
and that the params message port cannot change it."""

import time

import numpy as np
import pmt
from gnuradio import analog, blocks, gr, gr_unittest

try:
    from gnuradio import stftclean
except ImportError:
    import os
    import sys
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from gnuradio import stftclean

MASK_BLOCKS = ("cleaner_cc", "cleaner_ff", "mask_cc")

FS = 256e3
N = 256
HOP = 64


def keyed_tone(seed, dur=1.5):
    """A tone keyed on for 1 ms in every 5 ms, at 20 dB per-bin SNR
    (tone power * N / noise power = 100) in unit-power complex white noise.
    The keying runs in packets of 100 ms with 100 ms of noise alone between
    them: the minimum-statistics floor (noise_window 0.2 s, super-frames of
    12.5 ms) needs stretches of noise alone, or a keyed tone that never
    leaves looks like part of the floor. Returns (x, key, packet, A, f0)."""
    rng = np.random.default_rng(seed)
    n = int(FS * dur)
    t = np.arange(n)
    period, on, pk = int(5e-3 * FS), int(1e-3 * FS), int(0.2 * FS)
    packet = (t % pk) < pk // 2
    key = ((t % period) < on) & packet
    a = np.sqrt(100.0 / N)
    f0 = 0.1 * FS + 0.3 * FS / N  # off a bin centre
    noise = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) / np.sqrt(2)
    x = a * np.exp(2j * np.pi * f0 / FS * t) * key + noise
    return x.astype(np.complex64), packet, a, f0, period, on, pk


def run_cleaner(x, args=""):
    tb = gr.top_block()
    blk = stftclean.cleaner_cc(N, HOP, mask="auto", sample_rate=FS,
                               args="noise_window=0.2 " + args)
    snk = blocks.vector_sink_c()
    tb.connect(blocks.vector_source_c(x, False), blk, snk)
    tb.run()
    y = np.array(snk.data())
    return y[blk.latency():]  # y[t] is the cleaned x[t]


class qa_presence(gr_unittest.TestCase):

    def assertRaisesNamed(self, name, fn, *args, **kw):
        with self.assertRaises(ValueError) as ctx:
            fn(*args, **kw)
        self.assertTrue(str(ctx.exception).startswith(name + ":"),
                        "message %r does not name %r" % (str(ctx.exception), name))

    def test_001_keyed_tone_gaps(self):
        """Between the pulses of a keyed tone the pooled Wiener gain of the
        tone's bins passes noise; presence gating (on by default for IQ)
        takes it down by several dB and leaves the pulses' level alone."""
        x, packet, a, f0, period, on, pk = keyed_tone(1)
        m = None
        out = {}
        for presence in (-1, 0):
            y = run_cleaner(x, "presence=%d" % presence)
            m = len(y) if m is None else min(m, len(y))
            out[presence] = y
        self.assertGreater(m, int(1.2 * FS))
        t = np.arange(m)
        ph = t % period
        # inside a packet, not its first or last period, after 0.3 s of
        # settling; gaps at least one window from either pulse edge
        inner = ((t >= int(0.3 * FS)) & packet[:m] & ((t % pk) >= period) &
                 ((t % pk) < pk // 2 - period))
        gap = inner & (ph >= on + N) & (ph < period - N)
        pulse = inner & (ph < on)
        self.assertGreater(gap.sum(), int(0.1 * FS))
        ref = np.exp(2j * np.pi * f0 / FS * t)
        lvl = {}
        for presence, y in out.items():
            y = y[:m]
            p_gap = np.mean(np.abs(y[gap]) ** 2)
            p_pulse = np.mean(np.abs(y[pulse]) ** 2)
            tone = np.abs(np.mean(y[pulse] * np.conj(ref[pulse])))  # tone amplitude
            lvl[presence] = (10 * np.log10(p_gap), 10 * np.log10(p_pulse),
                             20 * np.log10(tone))
            # the pulses are kept at all (the 1 ms pulse is one window long,
            # so its edge frames hold part of it: a little under A)
            self.assertLess(abs(20 * np.log10(tone / a)), 3.0, (presence, lvl))
        gap_on, pulse_on, tone_on = lvl[-1]
        gap_off, pulse_off, tone_off = lvl[0]
        print("gaps: presence %.2f dB, without %.2f dB; pulses %.2f / %.2f dB; "
              "tone %.2f / %.2f dB (A %.2f dB)" % (gap_on, gap_off, pulse_on, pulse_off,
                                                   tone_on, tone_off,
                                                   20 * np.log10(a)))
        self.assertLess(gap_on, gap_off - 2.5)
        self.assertLess(abs(pulse_on - pulse_off), 1.0)
        self.assertLess(abs(tone_on - tone_off), 1.0)

    def test_002_checks(self):
        base = dict(fft_size=256, hop=64, mask="auto", sample_rate=1e6)
        for blk in MASK_BLOCKS:
            with self.subTest(block=blk):
                make = getattr(stftclean, blk)
                self.assertRaisesNamed("presence", make, **base, args="presence=2")
                self.assertRaisesNamed("presence", make, **base, args="presence=-2")
                self.assertEqual(make(**base).presence(), -1)
                self.assertEqual(make(**base, args="presence=0").presence(), 0)
                self.assertEqual(make(**base, args="presence=off").presence(), 0)
        for blk in ("cleaner_cc", "mask_cc"):
            self.assertEqual(getattr(stftclean, blk)(**base, args="presence=1").presence(), 1)
        # real input: the default 3 x 3 region is too small to gate on
        self.assertRaisesNamed("presence", stftclean.cleaner_ff, 256, 64, mask="auto",
                               sample_rate=48000, args="presence=on")
        # ... 8 x 8 cells is enough
        ff = stftclean.cleaner_ff(256, 64, mask="auto", sample_rate=48000,
                                  args=stftclean.mask_args(presence=1,
                                                           region_time=8 * 64 / 48000,
                                                           region_freq=8 * 48000 / 256))
        self.assertEqual(ff.presence(), 1)
        # the former positional order (presence last), deprecated
        with self.assertWarns(DeprecationWarning):
            cc = stftclean.cleaner_cc(256, 64, "hann", "auto", 6.0, -60.0, [], False, 1e6,
                                      0, False, 0.0, 0.0, 0.0, -1.0, 1e-8, 3.0, -1.0, 6.0,
                                      -15.0, 0.98, -1, 10.0, -1, 5.0, 0.0, 0.0, False, 0)
        self.assertEqual(cc.presence(), 0)

    def wait_for(self, cond, timeout=20.0):
        deadline = time.monotonic() + timeout
        while not cond() and time.monotonic() < deadline:
            time.sleep(0.01)
        return cond()

    def test_003_params_message_cannot_change_it(self):
        """presence (like region_time) in a params dict is refused and
        logged; the other keys of the dict apply, and later changes still
        reach the core (a refused key must not stay staged)."""
        for blk in (stftclean.cleaner_cc(256, 64, mask="auto", sample_rate=1e6,
                                         args="noise_window=0.01"),
                    stftclean.mask_cc(256, 64, mask="auto", sample_rate=1e6,
                                      args="noise_window=0.01")):
            with self.subTest(block=blk.name()):
                self.check_params_refused(blk)

    def check_params_refused(self, blk):
        tb = gr.top_block()
        src = analog.noise_source_c(analog.GR_GAUSSIAN, 1.0, 5)
        if isinstance(blk, stftclean.mask_cc):
            tb.connect(src, blocks.throttle(8, 1e6), blocks.stream_to_vector(8, 256), blk,
                       blocks.null_sink(8 * 256))
        else:
            tb.connect(src, blocks.throttle(8, 1e6), blk, blocks.null_sink(8))
        tb.start()
        try:
            # the estimator runs: noise alone is taken down to the floor
            self.assertTrue(self.wait_for(lambda: min(blk.last_mask()) < 0.5))
            msg = pmt.make_dict()
            msg = pmt.dict_add(msg, pmt.intern("presence"), pmt.from_long(0))
            msg = pmt.dict_add(msg, pmt.intern("region_time"), pmt.from_double(0.5))
            msg = pmt.dict_add(msg, pmt.intern("threshold_db"), pmt.from_double(3.5))
            blk.to_basic_block()._post(pmt.intern("params"), msg)
            self.assertTrue(self.wait_for(lambda: blk.threshold_db() == 3.5))
            self.assertEqual(blk.presence(), -1)
            blk.set_bypass(True)
            ok = self.wait_for(lambda: min(blk.last_mask()) == 1.0)
        finally:
            tb.stop()
            tb.wait()
        self.assertTrue(ok, "bypass did not reach the core after a refused key")
        self.assertEqual(blk.presence(), -1)


if __name__ == "__main__":
    gr_unittest.run(qa_presence)

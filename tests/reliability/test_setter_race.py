#!/usr/bin/env python3
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Runtime changes from another thread: while a flowgraph pushes a fixed
number of samples through cleaner_cc (mask auto), cleaner_ff (mask gate) and
stft_cc -> mask_cc (mask auto) -> istft_cc, a second Python thread calls
every runtime setter (bands included) in a tight loop and a third posts
params dicts (valid and invalid) to the message port, until the flowgraph
has finished. No crash, no deadlock (ctest's timeout), every
output sample finite, the output as long as the input, and the last values
set are the ones the getters report. Bounded by sample count, not time."""

import sys
import threading
import unittest

import numpy as np
import pmt
from gnuradio import blocks, gr

from gnuradio import stftclean

N_SAMPLES = (int(float(sys.argv.pop(1))) if len(sys.argv) > 1 else 4_000_000) // 1024 * 1024


def setter_calls(blk, i, fs):
    """One round of every runtime setter with values that stay in range."""
    blk.set_bands([0.01 * fs * (1 + i % 3), 0.2 * fs], i % 2 == 1)
    blk.set_threshold_db(3.0 + (i % 7))
    blk.set_floor_db(-60.0 + (i % 30))
    blk.set_pfa(10.0 ** -(4 + i % 6))
    blk.set_hysteresis_db(float(i % 5))
    blk.set_hang_time(-1.0 if i % 3 == 0 else 0.01)
    blk.set_gate_slope_db(1.0 + i % 10)
    blk.set_xi_min_db(-30.0 + i % 20)
    blk.set_dd_alpha(0.9 + 0.01 * (i % 9))
    blk.set_lines(i % 3 - 1)
    blk.set_line_db(5.0 + i % 20)
    blk.set_impulse(i % 3 - 1)
    blk.set_impulse_db(2.0 + i % 10)
    blk.set_smooth_time(0.0 if i % 2 else 0.01)
    blk.set_smooth_freq(0.0 if i % 2 else 5e3)
    blk.set_bypass(i % 4 == 0)
    try:
        blk.set_floor_db(5.0)  # rejected, nothing changes
    except ValueError:
        pass
    blk.last_mask()


class SetterRace(unittest.TestCase):

    def run_race(self, make_blk, src, snk_type, fs, before=(), after=()):
        blk = make_blk()
        tb = gr.top_block()
        head = blocks.head(src.output_signature().sizeof_stream_item(0), N_SAMPLES)
        snk = snk_type()
        tb.connect(src, head, *before, blk, *after, snk)
        done = threading.Event()
        counts = {"set": 0, "msg": 0}
        errors = []

        def setters():
            try:
                i = 0
                while not done.is_set():
                    setter_calls(blk, i, fs)
                    i += 1
                counts["set"] = i
            except Exception as e:  # reported below
                errors.append(e)

        def messages():
            try:
                i = 0
                port = pmt.intern("params")
                while not done.is_set():
                    d = pmt.make_dict()
                    d = pmt.dict_add(d, pmt.intern("threshold_db"), pmt.from_double(4.0 + i % 3))
                    d = pmt.dict_add(d, pmt.intern("bypass"), pmt.from_bool(i % 5 == 0))
                    blk.to_basic_block()._post(port, d)
                    if i % 64 == 0:  # refused (and logged) by the block
                        bad = pmt.dict_add(pmt.make_dict(), pmt.intern("floor_db"),
                                           pmt.from_double(float("nan")))
                        blk.to_basic_block()._post(port, bad)
                        blk.to_basic_block()._post(port, pmt.intern("garbage"))
                    i += 1
                counts["msg"] = i
            except Exception as e:
                errors.append(e)

        threads = [threading.Thread(target=setters), threading.Thread(target=messages)]
        tb.start()
        for t in threads:
            t.start()
        tb.wait()
        done.set()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        y = np.array(snk.data())
        self.assertEqual(len(y), N_SAMPLES)
        self.assertTrue(np.all(np.isfinite(y)), "non-finite output")
        # the setters really ran while the samples flowed
        self.assertGreater(counts["set"], 10)
        self.assertGreater(counts["msg"], 10)
        # a final, quiet round: the getters report what was set last
        setter_calls(blk, 5, fs)
        self.assertEqual(blk.threshold_db(), 8.0)
        self.assertEqual(blk.floor_db(), -55.0)
        self.assertEqual(list(blk.bands()), [np.float32(0.03 * fs), np.float32(0.2 * fs)])
        self.assertTrue(blk.band_reject())
        self.assertEqual(blk.pfa(), 1e-9)
        self.assertEqual(blk.lines(), 1)
        self.assertEqual(blk.impulse_db(), 7.0)
        print("%s: %d setter rounds, %d message rounds over %d samples"
              % (blk.name(), counts["set"], counts["msg"], N_SAMPLES))

    def test_cleaner_cc_auto(self):
        rng = np.random.default_rng(1)
        x = (rng.standard_normal(1 << 16) + 1j * rng.standard_normal(1 << 16)) * 0.1
        x[20000:30000] += np.exp(2j * np.pi * 0.05 * np.arange(10000))
        self.run_race(
            lambda: stftclean.cleaner_cc(1024, 256, mask="auto", sample_rate=2e6),
            blocks.vector_source_c(x.astype(np.complex64).tolist(), True),
            blocks.vector_sink_c, 2e6)

    def test_cleaner_ff_gate(self):
        rng = np.random.default_rng(2)
        x = rng.standard_normal(1 << 16) * 0.1
        x[20000:30000] += np.sin(2 * np.pi * 0.05 * np.arange(10000))
        self.run_race(
            lambda: stftclean.cleaner_ff(512, 128, mask="gate", sample_rate=48e3),
            blocks.vector_source_f(x.astype(np.float32).tolist(), True),
            blocks.vector_sink_f, 48e3)

    def test_mask_cc_auto(self):
        """mask_cc between stft_cc and istft_cc: frames through the mask
        while its setters and params port are hammered."""
        rng = np.random.default_rng(3)
        x = (rng.standard_normal(1 << 16) + 1j * rng.standard_normal(1 << 16)) * 0.1
        x[20000:30000] += np.exp(2j * np.pi * 0.05 * np.arange(10000))
        self.run_race(
            lambda: stftclean.mask_cc(1024, 256, mask="auto", sample_rate=2e6),
            blocks.vector_source_c(x.astype(np.complex64).tolist(), True),
            blocks.vector_sink_c, 2e6,
            before=(stftclean.stft_cc(1024, 256),),
            after=(stftclean.istft_cc(1024, 256),))


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The issue's quality floors for mask='auto' (N=1024, hop 256, defaults).

Runs stftclean.cleaner_cc / cleaner_ff(mask='auto') in a flowgraph on short
scenario signals and asserts each floor, relaxed by MARGIN_DB (dB) and
MARGIN_F1 because short signals hold only a few bursts; the full-length
numbers come from bench/stftclean_quality.py. Skips when the block rejects
mask='auto' (a build without the estimators)."""
import os
import tempfile
import unittest

import numpy as np

from quality_common import metrics as M, scenarios as S

try:
    from gnuradio import blocks, gr, stftclean
    IMPORT_ERROR = None
except ImportError as e:
    IMPORT_ERROR = str(e)

FFT, HOP = 1024, 256
RF_SECONDS = 6.0  # three bursts with seed 1
SPEECH_SECONDS = 4.0
SEED = 1
MARGIN_DB = 1.0
MARGIN_F1 = 0.05


def auto_supported():
    if IMPORT_ERROR:
        return "gnuradio.stftclean not importable: %s" % IMPORT_ERROR
    try:
        stftclean.cleaner_cc(FFT, HOP, mask="auto", sample_rate=2e6)
    except ValueError as e:
        return "this build's cleaner rejects mask='auto' (%s); the floors apply " \
               "once the auto estimator is in" % e
    return None


SKIP_REASON = auto_supported()


def clean_with(x, fs, mask="auto", iq_split=False, **extra):
    """x through file_source -> cleaner(mask, **extra) -> file_sink; aligned
    output."""
    complex_in = np.iscomplexobj(x)
    kw = dict(fft_size=FFT, hop=HOP, mask=mask, sample_rate=fs, **extra)
    if complex_in and not iq_split:
        cl = [stftclean.cleaner_cc(**kw)]
    else:
        cl = [stftclean.cleaner_ff(**kw) for _ in range(2 if complex_in else 1)]
    lat = cl[0].latency()
    with tempfile.TemporaryDirectory() as d:
        src_path, out_path = os.path.join(d, "in"), os.path.join(d, "out")
        np.concatenate([x, np.zeros(lat, x.dtype)]).tofile(src_path)
        size = gr.sizeof_gr_complex if complex_in else gr.sizeof_float
        tb = gr.top_block()
        src = blocks.file_source(size, src_path, False)
        snk = blocks.file_sink(size, out_path, False)
        snk.set_unbuffered(False)
        if complex_in and iq_split:
            c2f, f2c = blocks.complex_to_float(), blocks.float_to_complex()
            tb.connect(src, c2f)
            tb.connect((c2f, 0), cl[0], (f2c, 0))
            tb.connect((c2f, 1), cl[1], (f2c, 1))
            tb.connect(f2c, snk)
        else:
            tb.connect(src, cl[0], snk)
        tb.run()
        snk.close()
        out = np.fromfile(out_path, np.complex64 if complex_in else np.float32)
    return M.align(out, lat, len(x))


@unittest.skipIf(SKIP_REASON is not None, SKIP_REASON or "")
class TestAutoFloors(unittest.TestCase):
    def rf(self, kind, snr, variant=None, **extra):
        s = S.rf_scenario(kind, snr, RF_SECONDS, 2e6, SEED, variant)
        return s, clean_with(s.noisy, s.fs, **extra)

    def assertFloor(self, value, floor, what, margin=MARGIN_DB):
        self.assertGreaterEqual(value, floor - margin,
                                "%s = %.2f, floor %.2f (test margin %.2f)"
                                % (what, value, floor, margin))

    def test_a_0db(self):
        s, y = self.rf("a", 0.0)
        self.assertFloor(M.si_sdr(s.clean, y), 6.0, "(a) 0 dB SI-SDR")

    def test_a_minus5db(self):
        s, y = self.rf("a", -5.0)
        self.assertFloor(M.si_sdr(s.clean, y), 0.0, "(a) -5 dB SI-SDR")
        self.assertFloor(M.burst_detection(y, s.fs, s.bursts)["f1"], 0.8,
                         "(a) -5 dB F1", MARGIN_F1)

    def test_b_cw_dc(self):
        # (b) calls its CW carrier and DC leakage interference; steady
        # carriers are signal by default, so the removal is asked for
        s, y = self.rf("b", 0.0, args="lines=1")
        self.assertFloor(M.si_sdr(s.clean, y), 3.0, "(b) 0 dB SI-SDR")
        guard = max(int(5e-3 * s.fs), FFT)
        self.assertFloor(-M.residual_db(s.noisy, y, s.bursts, guard), 30.0,
                         "(b) burst-free removal (-residual)")

    def test_c_clicks(self):
        s, y = self.rf("c", 0.0)
        self.assertFloor(M.si_sdr(s.clean, y), 3.0, "(c) 0 dB SI-SDR")

    def test_d_drift(self):
        s, y = self.rf("d", 0.0)
        self.assertFloor(M.si_sdr(s.clean, y), 3.0, "(d) 0 dB SI-SDR")
        self.assertFloor(M.burst_detection(y, s.fs, s.bursts)["f1"], 0.9,
                         "(d) 0 dB F1", MARGIN_F1)

    def test_speech_white(self):
        s = S.speech_scenario("white", 0.0, SPEECH_SECONDS, 16e3, SEED)
        y = clean_with(s.noisy, s.fs)
        self.assertFloor(M.si_sdr(s.clean, y), 8.5, "speech/white 0 dB SI-SDR")

    def test_clean_passthrough(self):
        s, y = self.rf("a", 0.0, "clean_only")
        level = M.level_db(s.clean, y)
        self.assertLessEqual(abs(level), 1.0 + 0.5 * MARGIN_DB, "level %.2f dB" % level)
        self.assertFloor(M.si_sdr(s.clean, y), 30.0, "clean input SI-SDR")

    def test_complex_beats_iq_split_by_6db(self):
        """On the short signal (6 s; measured 9.2 dB): cleaning I and Q as two
        real signals keeps the mirror image of the noise at -f and halves the
        SNR per bin, so complex processing must clearly win. The 10 dB floor
        is checked on the full-length recordings below."""
        s = S.rf_scenario("a", 0.0, RF_SECONDS, 2e6, SEED)
        cplx = M.si_sdr(s.clean, clean_with(s.noisy, s.fs))
        split = M.si_sdr(s.clean, clean_with(s.noisy, s.fs, iq_split=True))
        self.assertFloor(cplx - split, 6.0, "complex minus I/Q-split SI-SDR")

    def test_complex_beats_iq_split_by_10db(self):
        """The issue's floor (10 dB) on the benchmark's full-length recordings
        (8 s, as bench/stftclean_quality.py; seeds 1 and 2: measured 10.2 and
        11.0 dB with presence gating, 9.8 and 10.8 without). The gap moves
        with how badly the I/Q split does on a given file: on shorter
        excerpts it ranges 9.2-12.1 dB (6 s, seeds 1 and 2), hence the full
        length here and the 6 dB test above on the short signal."""
        for seed in (1, 2):
            s = S.rf_scenario("a", 0.0, 8.0, 2e6, seed)
            cplx = M.si_sdr(s.clean, clean_with(s.noisy, s.fs))
            split = M.si_sdr(s.clean, clean_with(s.noisy, s.fs, iq_split=True))
            self.assertGreaterEqual(cplx - split, 10.0,
                                    "seed %d: complex %.2f dB, I/Q split %.2f dB"
                                    % (seed, cplx, split))

if __name__ == "__main__":
    unittest.main()

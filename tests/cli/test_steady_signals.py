#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stftclean clean keeps what stands above the noise in the spectrogram, steady
or bursty: the cases the default mask used to erase, each on a small input,
against independent references (numpy: projections on the known clean
signal, an FM discriminator, the mean of the samples).

  - an NBFM voice transmission longer than the 2 s noise window: its level
    within 1 dB, and the demodulated audio no worse than without the cleaner
    (the NBFM examples feed the cleaner into a demodulator);
  - a CW carrier beside bursts: both kept;
  - a DC offset (LO leakage): removed as a tracked mean, while a tone 3 kHz
    beside DC is kept;
  - a burst at sample 0 of a 68 ms recording and a 10 ms recording: kept, in
    file mode and with --one-pass;
  - bursts of 1-2 ms, far shorter than the 16 ms region: kept at their
    level, the noise around them at the floor;
  - the defaults: clean and features use auto; --mask none copies.

usage: test_steady_signals.py /path/to/stftclean"""

import os
import re
import subprocess
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
from stftclean.testing import steady_scenarios  # noqa: E402

CLI = None
FS = 2e6


def clean(x, *args, rate=FS):
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "in.cf32"), os.path.join(d, "out.cf32")
        np.asarray(x, np.complex64).tofile(src)
        r = subprocess.run([CLI, "clean", src, dst, "--rate", str(rate)] +
                           [str(a) for a in args], capture_output=True, text=True,
                           timeout=300)
        if r.returncode != 0:
            raise AssertionError("stftclean clean failed: " + r.stderr)
        return np.fromfile(dst, np.complex64).astype(np.complex128), r.stdout


def level_db(y, s):
    """The output projected on the clean signal, in dB (0: level kept)."""
    s = np.asarray(s, np.complex128)
    return 20 * np.log10(abs(np.vdot(s, y)) / np.vdot(s, s).real)


def si_sdr(y, s):
    s = np.asarray(s, np.complex128)
    a = np.vdot(s, y) / np.vdot(s, s)
    e = y - a * s
    return 10 * np.log10(np.sum(np.abs(a * s) ** 2) / np.sum(np.abs(e) ** 2))


def cnoise(rng, n, p):
    return (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * np.sqrt(p / 2)


def fm_demod(x, fs, f_off, chan_bw, audio_fs):
    """Mix to 0, channel filter (FFT brick-wall), discriminator, 300-3000 Hz
    audio band, decimate to audio_fs."""
    n = len(x)
    t = np.arange(n) / fs
    b = x * np.exp(-2j * np.pi * f_off * t)
    f = np.fft.fftfreq(n, 1 / fs)
    B = np.fft.fft(b)
    B[np.abs(f) > chan_bw / 2] = 0
    b = np.fft.ifft(B)
    d = np.angle(b[1:] * np.conj(b[:-1])) * fs / (2 * np.pi)
    d = np.concatenate([[0.0], d])
    D = np.fft.rfft(d)
    fa = np.fft.rfftfreq(n, 1 / fs)
    D[(fa < 300) | (fa > 3000)] = 0
    a = np.fft.irfft(D, n)
    step = int(round(fs / audio_fs))
    return a[::step]


def audio_snr_db(a, ref):
    """SNR of a against the reference audio after the best gain (dB)."""
    m = min(len(a), len(ref))
    a, ref = a[:m], ref[:m]
    g = np.dot(a, ref) / np.dot(ref, ref)
    e = a - g * ref
    return 10 * np.log10(np.sum((g * ref) ** 2) / np.sum(e ** 2))


class SteadySignals(unittest.TestCase):
    def test_nbfm_longer_than_noise_window(self):
        sc = steady_scenarios.make("nbfm", 10.0, duration=4.0, seed=3)
        y, out = clean(sc.noisy)
        self.assertIn("mask auto", out)  # the default
        s0, s1 = sc.bursts[0][:2]
        lv = level_db(y[s0:s1], sc.clean[s0:s1])
        sdr_in = si_sdr(sc.noisy, sc.clean)
        sdr_out = si_sdr(y, sc.clean)
        # the demodulated audio, over the transmission
        info = sc.info
        ref = info["audio"]
        dem_noisy = fm_demod(sc.noisy, FS, info["f_off"], 16e3, info["audio_fs"])
        dem_clean = fm_demod(y, FS, info["f_off"], 16e3, info["audio_fs"])
        k0 = int(round(s0 / FS * info["audio_fs"]))
        n_a = min(len(ref), len(dem_noisy) - k0)
        snr_noisy = audio_snr_db(dem_noisy[k0:k0 + n_a], ref[:n_a])
        snr_clean = audio_snr_db(dem_clean[k0:k0 + n_a], ref[:n_a])
        print("nbfm 10 dB, 4 s: level %.2f dB, SI-SDR %.1f -> %.1f dB, audio SNR %.1f dB "
              "without the cleaner, %.1f dB after it" % (lv, sdr_in, sdr_out, snr_noisy,
                                                         snr_clean))
        self.assertLess(abs(lv), 1.0)
        self.assertGreater(sdr_out, sdr_in + 3.0)
        self.assertGreater(snr_clean, snr_noisy - 0.5)
        # and the last second (well past the 2 s noise window) as the first
        late = slice(s1 - int(FS), s1)
        self.assertLess(abs(level_db(y[late], sc.clean[late])), 1.0)

    def test_carrier_beside_bursts(self):
        sc = steady_scenarios.make("carrier_bursts", 10.0, duration=3.0, seed=2)
        y, _ = clean(sc.noisy)
        self.assertLess(abs(level_db(y, sc.clean)), 1.0)
        self.assertGreater(si_sdr(y, sc.clean), si_sdr(sc.noisy, sc.clean) + 6.0)
        # with the carrier removal asked for, the carrier goes
        y2, _ = clean(sc.noisy, "--lines")
        f_c = sc.info["carrier_freq"]
        t = np.arange(len(y2)) / FS
        c_in = abs(np.mean(sc.noisy * np.exp(-2j * np.pi * f_c * t)))
        c_out = abs(np.mean(y2 * np.exp(-2j * np.pi * f_c * t)))
        self.assertLess(c_out, 0.1 * c_in)

    def test_dc_offset_removed_tone_beside_kept(self):
        rng = np.random.default_rng(5)
        n = int(1.0 * FS)
        t = np.arange(n) / FS
        tone = 0.3 * np.exp(2j * np.pi * 3e3 * t)
        dc = 0.5 - 0.4j
        x = cnoise(rng, n, 1.0) + tone + dc
        y, _ = clean(x)
        # the mean of the output over its second half: the offset is gone
        h = n // 2
        self.assertLess(abs(np.mean(y[h:])), 0.02 * abs(dc))
        # the tone 3 kHz beside DC (1.5 bins at N=1024) keeps its level
        lv = level_db(y[h:], tone[h:])
        self.assertLess(abs(lv), 1.0, lv)
        # --no-dc: the offset stays (a steady signal at DC)
        y2, _ = clean(x, "--no-dc")
        self.assertGreater(abs(np.mean(y2[h:])), 0.9 * abs(dc))

    def test_burst_at_sample_zero_and_short_file(self):
        rng = np.random.default_rng(7)
        for n_total, burst in ((int(0.068 * FS), int(0.030 * FS)),
                               (int(0.010 * FS), int(0.010 * FS))):
            s = np.zeros(n_total, complex)
            # 2-FSK at +-20 kHz around +250 kHz, 5 kbaud, from sample 0
            bits = rng.integers(0, 2, burst // 400 + 1)
            dev = np.repeat(np.where(bits, 20e3, -20e3), 400)[:burst]
            s[:burst] = np.exp(2j * np.pi * np.cumsum(250e3 + dev) / FS)
            # noise: the burst 10 dB over it in 50 kHz
            x = s + cnoise(rng, n_total, 0.1 * FS / 50e3)
            for mode in ([], ["--one-pass"]):
                y, _ = clean(x, *mode)
                lv = level_db(y[:burst], s[:burst])
                self.assertLess(abs(lv), 1.5, (n_total, mode, lv))
                self.assertGreater(si_sdr(y[:burst], s[:burst]),
                                   si_sdr(x[:burst], s[:burst]) + 6.0, (n_total, mode))

    def test_burst_edges_no_halo(self):
        """Two strong 2-FSK messages 10 ms apart (the real captures' case):
        the noise between them goes to the floor (the region's 16 ms used to
        keep a halo of in-band noise around each message, which merged them
        for a demodulator), and every bit of both decodes, the first ones
        included, by a plain discriminator."""
        rng = np.random.default_rng(11)
        sym, f0, dev = 100, 150e3, 40e3  # 20 kbaud, tones 150 kHz +- 40 kHz
        n_total = int(0.040 * FS)
        s = np.zeros(n_total, complex)
        msgs = []
        for start in (int(0.008 * FS), int(0.008 * FS) + 30000):
            bits = np.concatenate([[1, 0] * 8, rng.integers(0, 2, 184)])
            n = len(bits) * sym
            f = f0 + np.repeat(np.where(bits, dev, -dev), sym)
            s[start:start + n] = np.exp(2j * np.pi * np.cumsum(f) / FS)
            msgs.append((start, n, bits))
        # the messages 20 dB over the noise in their 120 kHz band
        p_noise = 0.01 * FS / 120e3
        x = s + cnoise(rng, n_total, p_noise)
        y, _ = clean(x)
        for start, n, bits in msgs:
            self.assertLess(abs(level_db(y[start:start + n], s[start:start + n])), 1.0)
            # discriminator: mean instantaneous frequency per symbol
            seg = y[start:start + n]
            fi = np.angle(seg[1:] * np.conj(seg[:-1])) * FS / (2 * np.pi)
            fi = np.concatenate([[fi[0]], fi]).reshape(-1, sym).mean(1)
            got = (fi > f0).astype(int)
            self.assertEqual(int(np.sum(got != bits)), 0, (start, np.flatnonzero(got != bits)))
        # the gap between the messages, a window length and a hop away from
        # them: near the floor against the in-band noise there (-48 dB: the
        # floor on the whole band's noise; -33 dB next to a message, the
        # floor on its windows' tails), where the region's halo kept about
        # -15 dB
        end1 = msgs[0][0] + msgs[0][1]
        gap = slice(end1 + 1280, msgs[1][0] - 1280)
        p_in = np.mean(np.abs(x[gap]) ** 2) * 120e3 / FS
        p_out = np.mean(np.abs(y[gap]) ** 2)
        self.assertLess(10 * np.log10(p_out / p_in), -30.0)

    def test_short_bursts_kept(self):
        """Bursts of 1 and 2 ms (noise-like, 50 kHz wide, 10 and 6 dB over
        the noise in their band) that a person sees in the spectrogram: the
        16 ms region's mean diluted them (amplitude level -11.0 and -17.4 dB);
        the short scale keeps them at -1.5 and -2.9 dB, and the noise between
        them still goes to the floor."""
        rng = np.random.default_rng(21)
        n_total = int(0.4 * FS)
        for dur, snr, tol in ((1e-3, 10.0, 2.5), (2e-3, 6.0, 4.5)):
            s = np.zeros(n_total, complex)
            length = int(dur * FS)
            starts = [int(f * FS) for f in (0.1, 0.2, 0.3)]
            f = np.fft.fftfreq(length, 1 / FS)
            for st in starts:
                w = np.fft.ifft(np.where(np.abs(f) < 25e3,
                                         np.exp(2j * np.pi * rng.random(length)), 0))
                w *= np.sqrt(10 ** (snr / 10) * 50e3 / FS / np.mean(np.abs(w) ** 2))
                s[st:st + length] = w * np.exp(2j * np.pi * 300e3 * np.arange(length) / FS)
            x = s + cnoise(rng, n_total, 1.0)
            y, _ = clean(x)
            on = np.zeros(n_total, bool)
            for st in starts:
                on[st:st + length] = True
            lv = level_db(y[on], s[on])
            self.assertGreater(lv, -tol, (dur, snr, lv))
            self.assertLess(lv, 1.0, (dur, snr, lv))
            # 10 ms away from every burst: the floor
            far = np.ones(n_total, bool)
            for st in starts:
                far[max(0, st - 20000):st + length + 20000] = False
            far[:int(0.05 * FS)] = False
            out = np.mean(np.abs(y[far]) ** 2) / np.mean(np.abs(x[far]) ** 2)
            self.assertLess(10 * np.log10(out), -40.0, (dur, snr))

    def test_defaults(self):
        rng = np.random.default_rng(9)
        x = cnoise(rng, 65536, 1.0)
        y, out = clean(x, "--mask", "none")
        self.assertIn("mask none", out)
        self.assertLess(np.max(np.abs(y - x)), 1e-5)
        y, out = clean(x)
        self.assertTrue(re.search(r"mask auto", out), out)
        # noise only: removed
        self.assertLess(np.mean(np.abs(y) ** 2), 0.01 * np.mean(np.abs(x) ** 2))


if __name__ == "__main__":
    CLI = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)

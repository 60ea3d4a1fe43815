#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The generators of python/stftclean/testing/steady_scenarios.py against
expectations computed here from first principles (short signals):
- the in-band SNR measured on noisy - clean equals the requested one
  (0.3 dB) and the stated band holds >= 99 % of the clean signal's power;
- NBFM demodulated by a phase discriminator gives back info["audio"]
  (correlation > 0.9, also after a channel filter at 20 dB in-band SNR);
- broadcast FM carries its 19 kHz pilot at 10 % of the deviation;
- OFDM is flat over the stated band and >= 30 dB down outside it;
- c_ring / c_chirp / c_bandlim: clean and noise are scenario a's, the
  interference is only in noisy, its peaks 40 dB above the noise power;
- ideal_bandpass keeps an in-band tone and removes an out-of-band one;
- the generators are deterministic per seed.
The stftclean binary is not needed (its path is accepted for ctest).

usage: test_steady_scenarios.py /path/to/stftclean"""

import os
import sys
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
from stftclean.testing import scenarios as S, steady_scenarios as SS  # noqa: E402

CLI = None
DUR = 1.5  # s, RF scenarios
TONE_DUR = 4.0


def spectrum_power(x, fs, is_complex):
    """(frequencies, power per bin) with sum = mean power of x (Parseval)."""
    n = len(x)
    if is_complex:
        return np.fft.fftfreq(n, 1 / fs), np.abs(np.fft.fft(x.astype(np.complex128))) ** 2 / n ** 2
    p = np.abs(np.fft.rfft(x.astype(np.float64))) ** 2 / n ** 2
    p[1:(n + 1) // 2] *= 2  # one-sided: both halves of every bin but DC / Nyquist
    return np.fft.rfftfreq(n, 1 / fs), p


def in_band(f, p, bands):
    keep = np.zeros(len(f), bool)
    for lo, hi in bands:
        keep |= (f >= lo) & (f <= hi)
    return float(np.sum(p[keep]))


def discriminator(y, fs):
    """Instantaneous frequency (Hz) of y by the phase difference of
    neighbouring samples, centred (np.gradient of the unwrapped phase)."""
    return np.gradient(np.unwrap(np.angle(y))) * fs / (2 * np.pi)


class Scenarios(unittest.TestCase):
    cache = {}

    def get(self, name, snr=10.0, dur=None, seed=3):
        key = (name, snr, dur, seed)
        if key not in self.cache:
            self.cache[key] = SS.make(name, snr, dur or (TONE_DUR if name == "tone440" else DUR),
                                      seed)
        return self.cache[key]

    def test_names_and_fields(self):
        self.assertEqual(set(SS.ALL_SCENARIOS), set(SS.STEADY_SCENARIOS) |
                         set(SS.IMPULSIVE_SCENARIOS))
        for name in SS.ALL_SCENARIOS:
            sc = self.get(name)
            self.assertIsInstance(sc, S.Scenario)
            self.assertEqual(sc.name, name)
            real = name == "tone440"
            self.assertEqual(sc.is_complex, not real)
            self.assertEqual(sc.fs, 16e3 if real else 2e6)
            self.assertEqual(sc.clean.dtype, np.float32 if real else np.complex64)
            self.assertEqual(sc.noisy.dtype, sc.clean.dtype)
            self.assertEqual(len(sc.clean), int(round((TONE_DUR if real else DUR) * sc.fs)))
            self.assertEqual(len(sc.noisy), len(sc.clean))
            lo, hi = sc.info["band"]
            self.assertLess(lo, hi)
            self.assertTrue(sc.bursts)
        with self.assertRaises(ValueError):
            SS.make("nope", 10.0)

    def test_in_band_snr(self):
        for name in SS.STEADY_SCENARIOS:
            for snr in ((10.0, -3.0) if name in ("cw", "tone440") else (10.0,)):
                sc = self.get(name, snr)
                band = sc.info["band"]
                # the steady component's time extent: the burst whose band is `band`
                start, stop = [b[:2] for b in sc.bursts if (b[2], b[3]) == tuple(band)][0]
                f, pc = spectrum_power(sc.clean, sc.fs, sc.is_complex)
                # the signal's power inside its band, over its time extent
                p_sig = in_band(f, pc, [band]) * len(sc.clean) / (stop - start)
                noise = sc.noisy.astype(np.float64 if not sc.is_complex else np.complex128) \
                    - sc.clean
                f, pn = spectrum_power(noise, sc.fs, sc.is_complex)
                got = 10 * np.log10(p_sig / in_band(f, pn, [band]))
                self.assertAlmostEqual(got, snr, delta=0.3, msg="%s at %g dB: %.2f"
                                       % (name, snr, got))
                self.assertAlmostEqual(p_sig, 1.0, delta=0.02, msg=name)
                # white: the noise outside the band has the same density
                out_bw = (sc.fs if sc.is_complex else sc.fs / 2) - (band[1] - band[0])
                dens_in = in_band(f, pn, [band]) / (band[1] - band[0])
                dens_out = (np.sum(pn) - in_band(f, pn, [band])) / out_bw
                # (tone440's noise is scaled to its exact in-band power: the
                # in-band estimate's scatter, 4.34 / sqrt(bins) dB, stays)
                bins = (band[1] - band[0]) * len(sc.clean) / sc.fs
                self.assertAlmostEqual(10 * np.log10(dens_in / dens_out), 0.0,
                                       delta=max(0.3, 3 * 4.34 / np.sqrt(bins)), msg=name)

    def test_band_holds_the_signal(self):
        for name in SS.ALL_SCENARIOS:
            sc = self.get(name)
            f, pc = spectrum_power(sc.clean, sc.fs, sc.is_complex)
            frac = in_band(f, pc, sc.info["bands"]) / np.sum(pc)
            self.assertGreaterEqual(frac, 0.99, msg="%s: %.4f" % (name, frac))
            # every band within the Nyquist range
            for lo, hi in sc.info["bands"]:
                self.assertGreaterEqual(lo, -sc.fs / 2 if sc.is_complex else 0.0)
                self.assertLessEqual(hi, sc.fs / 2)

    def test_steady_signals_never_switch_off(self):
        for name in ("cw", "wbfm", "ofdm", "wide80", "tone440"):
            sc = self.get(name)
            blk = int(sc.fs * 0.01)
            p = np.mean(np.abs(sc.clean[:len(sc.clean) // blk * blk].reshape(-1, blk)
                               .astype(np.complex128)) ** 2, axis=1)
            self.assertGreater(p.min(), 0.5, msg=name)
            self.assertLess(p.max(), 2.0, msg=name)

    def test_cw(self):
        sc = self.get("cw")
        self.assertEqual(sc.info["band"], (137e3 - 25e3, 137e3 + 25e3))
        f, pc = spectrum_power(sc.clean, sc.fs, True)
        self.assertAlmostEqual(f[np.argmax(pc)], 137e3, delta=2.0)
        np.testing.assert_allclose(np.abs(sc.clean), 1.0, rtol=1e-5)

    def test_nbfm_demodulates_to_the_audio(self):
        sc = self.get("nbfm", 20.0, dur=3.5)
        fs, info = sc.fs, sc.info
        r, start, audio = info["audio_ratio"], info["audio_start"], info["audio"]
        self.assertEqual(info["fm_dev"], 2.5e3)
        self.assertAlmostEqual(info["audio_fs"], 16e3)
        self.assertEqual(abs(info["f_off"]) % 12.5e3, 0.0)
        self.assertEqual(info["band"], (info["f_off"] - 6.25e3, info["f_off"] + 6.25e3))
        stop = start + len(audio) * r
        self.assertEqual((sc.bursts[0][0], sc.bursts[0][1]), (start, stop))
        self.assertGreater(start / fs, 0.3)  # noise alone first
        self.assertTrue(np.all(sc.clean[:start] == 0) and np.all(sc.clean[stop:] == 0))
        # audio: 300-3000 Hz, peak 1 (-> peak deviation 2.5 kHz)
        fa, pa = spectrum_power(audio, info["audio_fs"], False)
        self.assertGreater(in_band(fa, pa, [(300, 3000)]) / np.sum(pa), 0.999)
        self.assertAlmostEqual(float(np.max(np.abs(audio))), 1.0, places=5)
        t = np.arange(start, stop) / fs
        ramp = int(10e-3 * fs)  # skip the key-up / key-down ramps
        for label, x in (("clean", sc.clean), ("20 dB after a channel filter",
                                                SS.ideal_bandpass(sc.noisy, fs, info["band"]))):
            y = x[start:stop] * np.exp(-2j * np.pi * info["f_off"] * t)
            inst = discriminator(y, fs) / info["fm_dev"]
            # audio filter 300-3000 Hz, then the samples at the audio
            # samples' instants (start + i r)
            spec = np.fft.rfft(inst)
            fa = np.fft.rfftfreq(len(inst), 1 / fs)
            spec[(fa < 300) | (fa > 3000)] = 0
            demod = np.fft.irfft(spec, len(inst))[::r]
            k = ramp // r
            c = np.corrcoef(demod[k:-k], audio[k:-k])[0, 1]
            self.assertGreater(c, 0.9, msg="%s: correlation %.3f" % (label, c))
            if label == "clean":
                self.assertGreater(c, 0.999)
                # peak deviation 2.5 kHz
                self.assertAlmostEqual(np.max(np.abs(inst[ramp:-ramp])), 1.0, delta=0.05)

    def test_wbfm_pilot(self):
        sc = self.get("wbfm")
        fs = sc.fs
        inst = discriminator(sc.clean.astype(np.complex128), fs) - sc.info["f_off"]
        self.assertLess(np.max(np.abs(inst)), 1.02 * 75e3)
        f, p = spectrum_power(inst, fs, False)
        k = np.argmin(np.abs(f - 19e3))
        pilot_amp = np.sqrt(2 * np.sum(p[k - 2:k + 3]))
        self.assertAlmostEqual(pilot_amp / 7.5e3, 1.0, delta=0.05)
        # programme: 50 Hz - 15 kHz besides the pilot
        prog = in_band(f, p, [(50, 15e3)])
        self.assertGreater(prog / (np.sum(p) - np.sum(p[k - 2:k + 3])), 0.99)
        self.assertGreater(np.sqrt(prog), 15e3)  # a loud programme (RMS deviation)

    def test_ofdm_occupies_its_band(self):
        sc = self.get("ofdm")
        lo, hi = sc.info["band"]
        self.assertAlmostEqual(hi - lo, 1.0e6, delta=0.01e6)
        nseg = 4096  # Welch PSD, 488 Hz resolution (16 bins per subcarrier)
        x = sc.clean[:len(sc.clean) // nseg * nseg].astype(np.complex128).reshape(-1, nseg)
        psd = np.mean(np.abs(np.fft.fft(x * np.hanning(nseg), axis=1)) ** 2, axis=0)
        f = np.fft.fftfreq(nseg, 1 / sc.fs)
        df = sc.info["spacing"]
        self.assertEqual(df, 7812.5)
        inner = (np.abs(f) > 2 * df) & (np.abs(f) < hi - 2 * df)  # off DC null and edges
        ref = np.median(psd[inner])
        level = 10 * np.log10(psd / ref)
        # flat over the band once averaged over a subcarrier spacing (the
        # cyclic prefix leaves a ripple between the subcarriers)
        smooth = np.fft.ifftshift(np.convolve(np.fft.fftshift(psd), np.ones(16) / 16, "same"))
        self.assertLess(np.max(np.abs(10 * np.log10(smooth[inner] / ref))), 0.5)
        # skirts: -30 dB 12 subcarrier spacings (94 kHz) beyond the band edge,
        # -40 dB at 16 (125 kHz)
        self.assertLess(np.max(level[np.abs(f) > hi + 12 * df]), -30.0)
        self.assertLess(np.max(level[np.abs(f) > hi + 16 * df]), -40.0)
        self.assertLess(level[0], -3.0)  # the DC subcarrier is empty
        # the -3 dB width is the stated one
        above = f[level > -3.0]
        self.assertAlmostEqual(above.max() - above.min(), hi - lo, delta=4 * df)
        # cyclic prefix: the first 64 - 16 samples of each symbol repeat 256 later
        L, N, cp, ov = 320, 256, 64, 16
        y = sc.clean.astype(np.complex128)
        best = min(range(L), key=lambda o: np.sum(np.abs(y[o + ov:o + cp] -
                                                         y[o + ov + N:o + cp + N]) ** 2))
        for s in range(5):
            a = best + s * L
            np.testing.assert_allclose(y[a + ov:a + cp], y[a + ov + N:a + cp + N], atol=1e-5)

    def test_wide80(self):
        sc = self.get("wide80")
        self.assertEqual(sc.info["band"], (-0.8e6, 0.8e6))
        f, pc = spectrum_power(sc.clean, sc.fs, True)
        self.assertLess(np.sum(pc[np.abs(f) > 0.8e6]), 1e-9)

    def test_tone440(self):
        sc = self.get("tone440")
        f, pc = spectrum_power(sc.clean, sc.fs, False)
        self.assertAlmostEqual(f[np.argmax(pc)], 440.0, delta=0.5)
        self.assertEqual(sc.info["band"], (390.0, 490.0))
        self.assertAlmostEqual(float(np.mean(sc.clean.astype(np.float64) ** 2)), 1.0, delta=0.01)

    def test_carrier_bursts(self):
        sc = self.get("carrier_bursts")
        a = S.make("a", 10.0, DUR, 3)
        f_c = sc.info["carrier_freq"]
        carrier = sc.clean.astype(np.complex128) - a.clean
        np.testing.assert_allclose(np.abs(carrier), 1.0, atol=1e-5)
        inst = discriminator(carrier, sc.fs)
        np.testing.assert_allclose(inst, f_c, atol=1.0)
        np.testing.assert_allclose(sc.noisy - sc.clean, a.noisy - a.clean, atol=1e-5)
        for b in a.bursts:
            self.assertTrue(f_c < b[2] - 50e3 or f_c > b[3] + 50e3)
        self.assertEqual(len(sc.bursts), len(a.bursts) + 1)

    def test_impulsive_interference(self):
        a = S.make("a", 0.0, DUR, 3)
        for name in SS.IMPULSIVE_SCENARIOS:
            sc = self.get(name, 0.0)
            np.testing.assert_array_equal(sc.clean, a.clean)  # not in clean
            self.assertEqual(sc.bursts, a.bursts)
            intf = sc.info["interference"]
            np.testing.assert_allclose(sc.noisy - a.noisy, intf, atol=1e-3)
            ev = sc.info["events"]
            self.assertGreaterEqual(len(ev), 1, msg=name)
            p_noise = np.mean(np.abs((a.noisy - a.clean).astype(np.complex128)) ** 2)
            self.assertAlmostEqual(p_noise / a.info["noise_power"], 1.0, delta=0.01)
            for e in ev:
                seg = intf[e["start"]:e["stop"]]
                peak_db = 10 * np.log10(np.max(np.abs(seg)) ** 2 / p_noise)
                self.assertAlmostEqual(peak_db, 40.0, delta=0.2, msg=name)
            # nothing outside the events
            mask = np.ones(len(intf), bool)
            for e in ev:
                mask[e["start"]:e["stop"]] = False
            self.assertEqual(np.count_nonzero(intf[mask]), 0)
            durs = np.array([(e["stop"] - e["start"]) / sc.fs for e in ev])
            if name == "c_ring":
                for e in ev:  # decays by exp(-t/tau)
                    seg = np.abs(intf[e["start"]:e["stop"]])
                    k = int(e["tau"] * sc.fs)
                    if k >= 2:
                        self.assertAlmostEqual(seg[k] / seg[0], np.exp(-k / (e["tau"] * sc.fs)),
                                               delta=0.01)
                    self.assertTrue(2e-6 <= e["tau"] <= 20e-6)
            elif name == "c_chirp":
                self.assertTrue(np.all((durs > 2e-6) & (durs < 51e-6)))
                for e in ev:
                    seg = intf[e["start"]:e["stop"]].astype(np.complex128)
                    m = len(seg)
                    if m < 20:
                        continue
                    inst = discriminator(seg, sc.fs)[m // 5:-m // 5]
                    slope = np.polyfit(np.arange(len(inst)) / sc.fs, inst, 1)[0]
                    self.assertAlmostEqual(slope * e["dur"] / e["sweep"], 1.0, delta=0.1)
            else:
                for e in ev:  # the energy lies in the receiver's band
                    seg = intf[e["start"]:e["stop"]]
                    f, p = spectrum_power(np.concatenate([seg, np.zeros(1024, seg.dtype)]),
                                          sc.fs, True)
                    w = e["width"]
                    self.assertGreater(in_band(f, p, [(e["freq"] - 0.6 * w,
                                                       e["freq"] + 0.6 * w)]) / np.sum(p),
                                       0.97)

    def test_ideal_bandpass(self):
        fs, n = 2e6, 200000
        t = np.arange(n) / fs
        f_in, f_out = 100e3, 300e3  # whole cycles over the file
        a = np.exp(2j * np.pi * f_in * t)
        b = 0.7 * np.exp(2j * np.pi * f_out * t)
        y = SS.ideal_bandpass((a + b).astype(np.complex64), fs, (50e3, 150e3))
        self.assertEqual(y.dtype, np.complex64)
        self.assertLess(np.max(np.abs(y - a)), 1e-4)
        # a list of bands; negative frequencies
        y = SS.ideal_bandpass((a + b).astype(np.complex64), fs, [(-10e3, 10e3), (250e3, 350e3)])
        self.assertLess(np.max(np.abs(y - b)), 1e-4)
        y = SS.ideal_bandpass(np.conj(a + b).astype(np.complex64), fs, (-150e3, -50e3))
        self.assertLess(np.max(np.abs(y - np.conj(a))), 1e-4)
        # real input, band in 0..fs/2; a tone off the bin grid loses little
        fs = 16e3
        t = np.arange(64000) / fs
        x = np.sin(2 * np.pi * 440.3 * t) + np.sin(2 * np.pi * 1500 * t)
        y = SS.ideal_bandpass(x.astype(np.float32), fs, (390, 490))
        self.assertEqual(y.dtype, np.float32)
        err = np.sum((y - np.sin(2 * np.pi * 440.3 * t)) ** 2) / np.sum(y ** 2)
        self.assertLess(10 * np.log10(err), -30.0)

    def test_deterministic(self):
        for name in ("nbfm", "ofdm", "c_chirp"):
            x = SS.make(name, 10.0, 1.0, 7)
            y = SS.make(name, 10.0, 1.0, 7)
            z = SS.make(name, 10.0, 1.0, 8)
            np.testing.assert_array_equal(x.noisy, y.noisy)
            np.testing.assert_array_equal(x.clean, y.clean)
            self.assertFalse(np.array_equal(x.noisy, z.noisy))


if __name__ == "__main__":
    CLI = sys.argv.pop(1) if len(sys.argv) > 1 else None
    unittest.main()

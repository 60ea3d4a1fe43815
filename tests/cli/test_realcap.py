#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The demodulator and the ideal band-pass of bench/stftclean_realcap.py
(the real-capture decode bench), against expectations made here:
- a synthetic OOK message (PWM-coded, as remote sockets send) and a
  synthetic continuous-phase 2-FSK message with known bits decode to exactly
  those bits at the right time: clean, with a DC offset and a steady
  carrier added, and in white noise at a moderate SNR (10 dB per sample);
- the band-pass keeps a tone inside the band and removes one outside it;
  the occupied band of a message holds its tones and leaves a far steady
  carrier out;
- the three real captures in tests/data/realcap (URH's test data, see the
  README there) give the messages their descriptions promise (cc1101 one
  FSK packet, esaver three FSK bursts, wsp three OOK bursts), and the same
  messages again with +40 dB of added noise and after the band-pass;
- matching wants every bit and about the same time; s50 interpolates;
- the bench end to end on one capture with --mask none (the CLI's identity:
  the cleaned file decodes as the noisy one, whatever the default mask is).
The cleaner's masks are not tested here (cli_* and quality tests do that).

usage: test_realcap.py /path/to/stftclean"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))
SCRIPT = os.path.join(SRC, "bench", "stftclean_realcap.py")
DATA = os.path.join(SRC, "tests", "data", "realcap")
CLI = None

_spec = importlib.util.spec_from_file_location("stftclean_realcap", SCRIPT)
R = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(R)


def ook(bits, sym, f0, start, n):
    """On-off keying: a carrier at f0 (cycles/sample) on for each '1'."""
    env = np.zeros(n)
    for i, b in enumerate(bits):
        if b == "1":
            env[start + i * sym:start + (i + 1) * sym] = 1.0
    return env * np.exp(2j * np.pi * f0 * np.arange(n))


def fsk(bits, sym, f0, dev, start, n):
    """Continuous-phase 2-FSK at f0 +- dev, amplitude 1 during the burst."""
    f = np.zeros(n)
    f[start:start + len(bits) * sym] = f0 + dev * np.repeat(
        [1.0 if b == "1" else -1.0 for b in bits], sym)
    env = np.zeros(n)
    env[start:start + len(bits) * sym] = 1.0
    return env * np.exp(2j * np.pi * np.cumsum(f))


def impair(x, snr_db=None, dc=0.0, carrier=(0.0, 0.0), seed=0):
    """x (power 1 while on) + a DC offset + a steady carrier (amplitude,
    frequency) + complex white noise at snr_db per sample."""
    n = len(x)
    y = x + dc + carrier[0] * np.exp(2j * np.pi * carrier[1] * np.arange(n))
    if snr_db is not None:
        rng = np.random.default_rng(seed)
        s = np.sqrt(10 ** (-snr_db / 10) / 2)
        y = y + s * (rng.standard_normal(n) + 1j * rng.standard_normal(n))
    return y.astype(np.complex64)


def pwm(data):
    """PWM line code: '1' -> 1110, '0' -> 1000, a closing pulse."""
    return "".join("1110" if b == "1" else "1000" for b in data) + "1"


def inner(bits):
    """bits without their first and last runs, and the first run's length
    (an FSK message is read between its first and last transitions: where
    a burst starts and stops is no bit boundary)."""
    i = 1
    while bits[i] == bits[0]:
        i += 1
    j = len(bits) - 2
    while bits[j] == bits[-1]:
        j -= 1
    return bits[i:j + 1], i


# the three variants every synthetic message is decoded in
VARIANTS = (
    ("clean", dict()),
    ("dc+carrier", dict(dc=0.5 + 0.3j, carrier=(0.3, -0.2))),
    ("dc+carrier+noise 10 dB", dict(dc=0.5 + 0.3j, carrier=(0.3, -0.2), snr_db=10.0)),
)


class SyntheticTest(unittest.TestCase):
    def check_one(self, y, bits, start, sym, kinds, label):
        got = R.decode(y)
        self.assertEqual(len(got), 1, "%s: %d messages %s" % (
            label, len(got), [(m["start"], m["kind"], m["bits"]) for m in got]))
        m = got[0]
        self.assertEqual(m["bits"], bits, label)
        self.assertIn(m["kind"], kinds, label)
        self.assertLessEqual(abs(m["start"] - start), sym / 2, label)
        self.assertAlmostEqual(m["sym"], sym, delta=0.03 * sym, msg=label)

    def test_ook(self):
        rng = np.random.default_rng(11)
        for sym, f0 in ((40, 0.05), (100, -0.12), (20, 0.0)):
            bits = "1010101010101010" + pwm("".join(rng.choice(["0", "1"], 20)))
            x = ook(bits, sym, f0, 3000, 3000 + len(bits) * sym + 4000)
            for name, kw in VARIANTS:
                if f0 == 0.0 and "carrier" in kw:
                    kw = dict(kw, carrier=(0.3, 0.2))
                self.check_one(impair(x, seed=sym, **kw), bits, 3000, sym, ("ook", "ask"),
                               "OOK sym %d f0 %g %s" % (sym, f0, name))

    def test_fsk(self):
        rng = np.random.default_rng(12)
        for sym, f0, dev in ((50, 0.1, 0.02), (100, -0.05, 0.01), (25, 0.02, 0.03)):
            bits = "10101010101010101010" + "".join(rng.choice(["0", "1"], 64)) + "0110"
            want, first = inner(bits)
            x = fsk(bits, sym, f0, dev, 2500, 2500 + len(bits) * sym + 3000)
            for name, kw in VARIANTS:
                self.check_one(impair(x, seed=sym, **kw), want, 2500 + first * sym, sym,
                               ("fsk",), "FSK sym %d f0 %g %s" % (sym, f0, name))

    def test_two_messages_and_silence(self):
        """Two OOK messages far apart decode as two; noise alone as none."""
        bits = "10101010" + pwm("0110100111")
        n = 40000
        x = ook(bits, 30, 0.1, 2000, n) + ook(bits, 30, 0.1, 25000, n)
        got = R.decode(impair(x, snr_db=12.0, seed=3))
        self.assertEqual([m["bits"] for m in got], [bits, bits])
        self.assertEqual([abs(m["start"] - s) <= 15 for m, s in zip(got, (2000, 25000))],
                         [True, True])
        self.assertEqual(R.decode(impair(np.zeros(n), snr_db=0.0, seed=4)), [])
        self.assertEqual(R.decode(np.zeros(1000, np.complex64)), [])


class BandpassTest(unittest.TestCase):
    def test_tone_in_and_out(self):
        n = 50000
        t = np.arange(n)
        band = np.zeros(1024, bool)
        band[int(0.05 * 1024):int(0.15 * 1024)] = True      # 0.05 .. 0.15
        inb = np.exp(2j * np.pi * 0.1003 * t)
        outb = np.exp(2j * np.pi * -0.2507 * t)
        y = R.bandpass((inb + outb).astype(np.complex64), band).astype(np.complex128)
        err = np.mean(np.abs(y - inb)[1000:-1000] ** 2)
        self.assertLess(10 * np.log10(err), -40)             # the in-band tone kept
        out = R.bandpass(outb.astype(np.complex64), band)
        self.assertLess(10 * np.log10(np.mean(np.abs(out[1000:-1000]) ** 2)), -40)
        kept = R.bandpass(inb.astype(np.complex64), band)
        self.assertAlmostEqual(10 * np.log10(np.mean(np.abs(kept) ** 2)), 0.0, delta=0.05)

    def test_occupied_band(self):
        """The 99 % band of an FSK message holds both tones, not a far
        steady carrier (which is not part of a message)."""
        bits = "1010101010" + "0110100111001011010011" * 3 + "01"
        x = impair(fsk(bits, 50, 0.1, 0.02, 3000, 12000), snr_db=20.0,
                   carrier=(0.3, -0.3), seed=5)
        msgs = R.decode(x)
        self.assertEqual(len(msgs), 1)
        band = R.occupied_band(x, msgs)
        f = np.fft.fftfreq(1024)
        for tone in (0.08, 0.12):
            self.assertTrue(band[int(round(tone * 1024))], tone)
        self.assertFalse(band[int(round(-0.3 * 1024)) % 1024])
        self.assertLess(band.mean(), 0.2)
        self.assertTrue(np.all(np.abs(f[band] - 0.1) < 0.1))


class CaptureTest(unittest.TestCase):
    # what the captures' descriptions promise: (messages, kinds)
    EXPECT = {"cc1101.cf32": (1, {"fsk"}), "esaver.ci8": (3, {"fsk"}),
              "wsp.cf32": (3, {"ask", "ook"})}

    def test_files_present(self):
        self.assertEqual(sorted(f for f in os.listdir(DATA) if f.endswith((".cf32", ".ci8"))),
                         sorted(self.EXPECT))

    def test_captures(self):
        for name, (count, kinds) in self.EXPECT.items():
            x = R.read_capture(os.path.join(DATA, name))
            orig = R.decode(x)
            print("%s: %d messages, %s bits" % (name, len(orig),
                                                [len(m["bits"]) for m in orig]))
            self.assertEqual(len(orig), count, name)
            self.assertEqual({m["kind"] for m in orig} - kinds, set(), name)
            self.assertTrue(all(len(m["bits"]) >= 60 for m in orig), name)
            # repeated bursts of one device carry (nearly) the same bits
            if count > 1:
                self.assertEqual(len({m["bits"][:60] for m in orig}), 1, name)
            self.assertEqual(R.match_count(orig, orig), count)
            p = R.message_power(orig)
            for seed in (0, 1):
                noisy = R.add_noise(x, 40.0, p, name, seed)
                self.assertEqual(R.match_count(orig, R.decode(noisy)), count,
                                 "%s +40 dB seed %d" % (name, seed))
            band = R.occupied_band(x, orig)
            self.assertLess(band.mean(), 0.2, name)
            self.assertEqual(R.match_count(orig, R.decode(R.bandpass(x, band))), count,
                             name + " band-passed")

    def test_read_formats(self):
        x = R.read_capture(os.path.join(DATA, "esaver.ci8"))
        raw = np.fromfile(os.path.join(DATA, "esaver.ci8"), np.int8)
        self.assertEqual(x.dtype, np.complex64)
        self.assertEqual(len(x), len(raw) // 2)
        np.testing.assert_array_equal(x[:1000].real, raw[0:2000:2])
        np.testing.assert_array_equal(x[:1000].imag, raw[1:2000:2])
        self.assertGreater(np.mean(x == 0), 0.5)      # the squelched idle


class MatchAndS50Test(unittest.TestCase):
    def test_match(self):
        o = [dict(start=1000, end=5000, sym=40.0, bits="1011001")]
        self.assertEqual(R.match_count(o, [dict(start=1100, end=5100, sym=40.0,
                                                bits="1011001")]), 1)
        self.assertEqual(R.match_count(o, [dict(start=1000, end=5000, sym=40.0,
                                                bits="1011000")]), 0)   # one bit
        self.assertEqual(R.match_count(o, [dict(start=3000, end=7000, sym=40.0,
                                                bits="1011001")]), 0)   # elsewhere
        two = o + [dict(start=9000, end=13000, sym=40.0, bits="1011001")]
        self.assertEqual(R.match_count(two, [dict(start=1000, end=5000, sym=40.0,
                                                  bits="1011001")]), 1)  # one-to-one

    def test_s50(self):
        snrs = [6, 4, 2, 0, -2]
        self.assertEqual(R.s50(snrs, [1, 1, 0.75, 0.25, 0]), (1.0, ""))
        self.assertEqual(R.s50(snrs, [1, 1, 0.5, 0, 0]), (2.0, ""))
        self.assertEqual(R.s50(snrs, [1, 1, 1, 1, 1]), (-2, "<"))
        self.assertEqual(R.s50(snrs, [0, 0, None, None, None]), (8, ">"))
        # a lone failure above a success is pooled with it (isotonic)
        self.assertEqual(R.monotone([1, 0, 1, 0, 0]), [1, 0.5, 0.5, 0, 0])
        v, flag = R.s50(snrs, [1, 0, 1, 0, 0])
        self.assertEqual(flag, "")
        self.assertAlmostEqual(v, 2.0)


class BenchEndToEndTest(unittest.TestCase):
    def test_mask_none(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "r.json")
            r = subprocess.run([sys.executable, SCRIPT, "--cli", CLI, "--data", DATA,
                                "--files", "cc1101.cf32", "--mask", "none",
                                "--snr-max", "20", "--snr-min", "-10", "--snr-step", "5",
                                "--json", out], capture_output=True, text=True, timeout=240)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("Floors:", r.stdout)
            with open(out) as fh:
                res = json.load(fh)
        f = res["files"][0]
        self.assertEqual(len(f["messages"]), 1)
        self.assertEqual(f["orig_clean"], {"1e+06": 1, "2e+06": 1})
        for rate in ("1e+06", "2e+06"):
            self.assertEqual(f["curves"]["clean@" + rate], f["curves"]["noisy"])
            self.assertEqual(f["s50"]["clean@" + rate], f["s50"]["noisy"])
        # the band-pass decodes at least as low as the noisy file
        self.assertLessEqual(f["s50"]["bandpass"]["value"], f["s50"]["noisy"]["value"])
        self.assertTrue(res["floors"]["i"]["ok"])
        self.assertFalse(res["floors"]["ii"]["ok"])   # none gains nothing


if __name__ == "__main__":
    CLI = sys.argv.pop(1)
    unittest.main(verbosity=2)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stftclean features: every per-frame feature and cepstrum against a numpy /
scipy reference written here from the definitions (1e-4), burst segmentation
on generated recordings (onset/offset within 2 hops, F1 >= 0.95 at +5 dB, no
burst in 10 s of noise), the per-burst table and SigMF annotations, errors.

usage: test_features.py /path/to/stftclean"""

import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
from stftclean.testing import device_scenarios, scenarios  # noqa: E402
from stftclean.features_qa_ref import (ref_ceps, ref_delta, ref_filterbank,  # noqa: E402
                                      ref_scalars)

CLI = None
# STFTCLEAN_TEST_SMALL=1 (the sanitizer build, where the CLI is several times
# slower): scenario (a) and the noise-only case on shorter recordings
SMALL = os.environ.get("STFTCLEAN_TEST_SMALL", "") not in ("", "0")
FRAME_COLS = ["time_s", "energy_db", "centroid_hz", "spread_hz", "skewness", "kurtosis",
              "flatness", "rolloff_hz", "flux", "entropy", "peak_hz", "peak_to_avg_db",
              "obw_hz"]
BURST_COLS = ["start_s", "end_s", "duration_s", "center_hz", "bandwidth_hz", "snr_db"]


def run(*args, check=True):
    r = subprocess.run([CLI, "features"] + [str(a) for a in args], capture_output=True,
                       text=True, timeout=120)
    if check and r.returncode != 0:
        raise AssertionError("stftclean features failed: " + r.stderr)
    return r


def read_csv(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return rows[0], np.array([[float(v) for v in r] for r in rows[1:]])


# ------------------------------------------------------------ reference

def ref_stft(x, n, hop):
    """stft.h framing: L - H zeros first, periodic Hann, frame k centred on
    k hop + hop - n/2."""
    w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)
    dt = np.complex128 if np.iscomplexobj(x) else np.float64
    xp = np.concatenate([np.zeros(n - hop, dt), x.astype(dt), np.zeros(n, dt)])
    k = (len(xp) - n) // hop + 1
    frames = np.stack([xp[i * hop:i * hop + n] * w for i in range(k)])
    spec = np.fft.fft(frames, axis=1) if np.iscomplexobj(x) else np.fft.rfft(frames, axis=1)
    centres = np.arange(k) * hop + hop - n // 2
    keep = (centres >= 0) & (centres < len(x))
    return np.abs(spec[keep]) ** 2, centres[keep]


# Hz columns: absolute ones (centre + offset) are compared as offsets from
# the centre, widths as they are, both to 1e-4 fs (a bin is fs / n, so a
# bin's error is caught at any n < 10000); dB columns to 1e-3 dB.
HZ_ABS = {"centroid_hz", "rolloff_hz", "peak_hz"}
HZ_WIDTH = {"spread_hz", "obw_hz"}
DB = {"energy_db", "peak_to_avg_db"}


def assert_close(test, got, ref, name, rtol=1e-4):
    """Column by column: got[:, j] against ref[:, j] within rtol times
    (|ref| + the column's median |ref|): the median is the column's typical
    size, so one large value elsewhere in the table (or in another column)
    cannot widen the tolerance of the others."""
    got = np.atleast_2d(np.asarray(got, float).T).T
    ref = np.atleast_2d(np.asarray(ref, float).T).T
    test.assertEqual(got.shape, ref.shape, name)
    for j in range(ref.shape[1]):
        g, r = got[:, j], ref[:, j]
        tol = rtol * (np.abs(r) + np.median(np.abs(r))) + 1e-12
        bad = ~(np.abs(g - r) <= tol)
        test.assertFalse(bad.any(), "%s[%d]: %d of %d differ, worst %r vs %r" % (
            name, j, bad.sum(), bad.size, g[bad][0] if bad.any() else 0,
            r[bad][0] if bad.any() else 0))


def assert_frame_features(test, got, ref, names, fs, fc, what=""):
    """The per-frame scalar features, each with its own tolerance."""
    for i, name in enumerate(names):
        g, r = np.asarray(got[:, i], float), np.asarray(ref[:, i], float)
        if name in HZ_ABS or name in HZ_WIDTH:
            if name in HZ_ABS:
                g, r = g - fc, r - fc
            tol = 1e-4 * fs
        elif name in DB:
            tol = 1e-3
        else:
            assert_close(test, g, r, name + what)
            continue
        bad = ~(np.abs(g - r) <= tol)
        test.assertFalse(bad.any(), "%s%s: %d of %d differ by more than %g, worst %r vs %r"
                         % (name, what, bad.sum(), bad.size, tol,
                            g[bad][0] if bad.any() else 0, r[bad][0] if bad.any() else 0))


class FeaturesCli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.d, name)

    def test_iq_frame_features_lfcc(self):
        rng = np.random.default_rng(1)
        n, hop, fs, fc = 256, 64, 1e6, 433.92e6
        m = 64 * 200
        t = np.arange(m) / fs
        x = (rng.standard_normal(m) + 1j * rng.standard_normal(m)) * 0.3
        x += np.exp(2j * np.pi * 123e3 * t) * (1 + 0.5 * np.sin(2 * np.pi * 300 * t))
        x = x.astype(np.complex64)
        x.tofile(self.path("x.cf32"))
        run(self.path("x.cf32"), "--rate", fs, "--center-freq", fc, "--fft", n, "--hop",
            hop, "--mask", "none", "--cepstrum", "lfcc", "--filters", 24, "--ceps", 10,
            "--deltas", 2, "--rolloff", 90, "--csv", self.path("f.csv"))
        head, got = read_csv(self.path("f.csv"))
        self.assertEqual(FRAME_COLS, head[:13])
        self.assertEqual(["lfcc0", "lfcc9", "d_lfcc0", "dd_lfcc9"],
                         [head[13], head[22], head[23], head[-1]])
        P, centres = ref_stft(x, n, hop)
        P = np.fft.fftshift(P, axes=1)  # ascending frequency
        f = (np.arange(n) - n // 2) * fs / n
        self.assertEqual(len(P), len(got))
        np.testing.assert_allclose(got[:, 0], centres / fs, rtol=0, atol=1e-9)
        ref = ref_scalars(P, f, fs, n, fc, roll=0.90)
        assert_frame_features(self, got[:, 1:13], ref, FRAME_COLS[1:], fs, fc)
        W = ref_filterbank(f, 24, -fs / 2, fs / 2, "linear")
        c = ref_ceps(P, W, 10)
        assert_close(self, got[:, 13:23], c, "lfcc")
        d = ref_delta(c)
        assert_close(self, got[:, 23:33], d, "d_lfcc")
        assert_close(self, got[:, 33:43], ref_delta(d), "dd_lfcc")

    def test_audio_mfcc_htk_slaney(self):
        rng = np.random.default_rng(2)
        fs, n, hop = 16000, 512, 128
        m = 128 * 150
        t = np.arange(m) / fs
        x = 0.1 * rng.standard_normal(m) + np.sin(2 * np.pi * (200 + 300 * t) * t)
        x = x.astype(np.float32)
        x.tofile(self.path("a.f32"))
        P, _ = ref_stft(x, n, hop)
        f = np.arange(n // 2 + 1) * fs / n
        for scale, lifter in (("htk", 0), ("slaney", 22)):
            run(self.path("a.f32"), "--rate", fs, "--fft", n, "--hop", hop, "--mask", "none",
                "--cepstrum",
                "mfcc", "--mel-scale", scale, "--filters", 40, "--ceps", 13, "--lifter",
                lifter, "--fmin", 20, "--fmax", 7600, "--csv", self.path("m.csv"))
            head, got = read_csv(self.path("m.csv"))
            self.assertEqual("mfcc12", head[-1])
            ref = ref_scalars(P, f, fs, n, 0.0)
            assert_frame_features(self, got[:, 1:13], ref, FRAME_COLS[1:], fs, 0.0,
                                  " " + scale)
            W = ref_filterbank(f, 40, 20, 7600, scale)
            assert_close(self, got[:, 13:], ref_ceps(P, W, 13, lifter), "mfcc " + scale)

    def _bursts(self, x, fs, *extra):
        x.tofile(self.path("b.cf32"))
        run(self.path("b.cf32"), "--rate", fs, "--mask", "auto", "--per-burst", "--csv",
            self.path("b.csv"), *extra)
        head, rows = read_csv(self.path("b.csv"))
        self.assertEqual(BURST_COLS, head[:6])
        return head, rows.reshape(-1, len(head))

    @staticmethod
    def _match(det, truth):
        used, pairs = set(), []
        for (a, b) in truth:
            for i, (c, d) in enumerate(det):
                if i not in used and min(b, d) - max(a, c) > 0.5 * (b - a):
                    used.add(i)
                    pairs.append(((a, b), (c, d)))
                    break
        tp = len(pairs)
        return tp, len(det) - tp, len(truth) - tp, pairs

    def test_burst_edges_and_f1(self):
        """Sharp-edged bursts at +5 dB: onset and offset within 2 hops, F1."""
        hop = 256
        tp = fp = fn = 0
        errs = []
        for seed in range(2):
            x, fs, truth = device_scenarios.burst_train(5.0, 4.0, 2e6, seed)
            head, rows = self._bursts(x, fs)
            det = [(r[0] * fs, r[1] * fs) for r in rows]
            a, b, c, pairs = self._match(det, [(s, e) for s, e, _, _ in truth])
            tp, fp, fn = tp + a, fp + b, fn + c
            errs += [((d0 - t0) / hop, (d1 - t1) / hop) for (t0, t1), (d0, d1) in pairs]
        f1 = 2 * tp / (2 * tp + fp + fn)
        errs = np.array(errs)
        print("burst_train +5 dB: tp %d fp %d fn %d F1 %.3f, onset error max %.2f hops, "
              "offset error max %.2f hops" % (tp, fp, fn, f1, np.abs(errs[:, 0]).max(),
                                              np.abs(errs[:, 1]).max()))
        self.assertGreaterEqual(f1, 0.95)
        self.assertLessEqual(np.abs(errs[:, 0]).max(), 2.0)
        self.assertLessEqual(np.abs(errs[:, 1]).max(), 2.0)

    def test_burst_f1_scenario_a(self):
        """The quality scenario (a) at +5 dB: F1 >= 0.95 at the default settings."""
        tp = fp = fn = 0
        for seed in range(4 if SMALL else 3):
            sc = scenarios.make("a", snr_db=5.0, duration=2.5 if SMALL else 6.0, seed=seed)
            head, rows = self._bursts(sc.noisy.astype(np.complex64), sc.fs)
            det = [(r[0] * sc.fs, r[1] * sc.fs) for r in rows]
            a, b, c, pairs = self._match(det, [(s, e) for s, e, _, _ in sc.bursts])
            tp, fp, fn = tp + a, fp + b, fn + c
            # centre frequency inside the true band
            for (t0, t1), (d0, d1) in pairs:
                lo, hi = [bb[2:] for bb in sc.bursts if bb[0] == t0][0]
                r = [r for r in rows if abs(r[0] * sc.fs - d0) < 1][0]
                self.assertTrue(lo - 5e3 <= r[3] <= hi + 5e3, (lo, hi, r[3]))
        f1 = 2 * tp / (2 * tp + fp + fn)
        print("scenario a +5 dB: tp %d fp %d fn %d F1 %.3f" % (tp, fp, fn, f1))
        self.assertGreaterEqual(f1, 0.95)

    def test_noise_only_10s(self):
        """No burst found in 10 s of noise (3 s under STFTCLEAN_TEST_SMALL)."""
        sc = scenarios.make("a", snr_db=0.0, duration=3.0 if SMALL else 10.0, seed=4,
                            variant="noise_only")
        head, rows = self._bursts(sc.noisy.astype(np.complex64), sc.fs)
        self.assertEqual(0, len(rows))
        # no mask: the energy detector on the raw spectrum
        run(self.path("b.cf32"), "--rate", sc.fs, "--mask", "none", "--per-burst", "--csv",
            self.path("e.csv"))
        head, rows = read_csv(self.path("e.csv"))
        self.assertEqual(0, rows.size)

    def test_sigmf_annotations(self):
        x, fs, truth = device_scenarios.burst_train(10.0, 2.0, 2e6, 7)
        x.tofile(self.path("r.cf32"))
        meta = self.path("r.sigmf-meta")
        run(self.path("r.cf32"), "--rate", fs, "--center-freq", 868e6, "--mask", "auto",
            "--per-burst", "--label", "remote", "--csv", self.path("r.csv"), "--sigmf-meta",
            meta)
        head, rows = read_csv(self.path("r.csv"))
        rows = rows.reshape(-1, len(head))
        with open(meta) as f:
            m = json.load(f)
        self.assertEqual("cf32_le", m["global"]["core:datatype"])
        self.assertEqual("r.cf32", m["global"]["core:dataset"])
        ann = m["annotations"]
        self.assertEqual(len(rows), len(ann))
        for a, r in zip(ann, rows):
            self.assertEqual(round(r[0] * fs), a["core:sample_start"])
            self.assertEqual(round((r[1] - r[0]) * fs), a["core:sample_count"])
            self.assertEqual("remote", a["core:label"])
            self.assertLess(a["core:freq_lower_edge"], r[3])
            self.assertGreater(a["core:freq_upper_edge"], r[3])
            self.assertGreater(r[3], 867e6)
            self.assertAlmostEqual(r[5], a["stftclean:snr_db"], places=3)

    def test_errors(self):
        np.zeros(4096, np.complex64).tofile(self.path("z.cf32"))
        cases = [
            (["--rate", "1e6"], "--csv"),
            (["--rate", "1e6", "--csv", self.path("o.csv"), "--sigmf-meta", "m"],
             "--per-burst"),
            (["--rate", "1e6", "--csv", self.path("o.csv"), "--cepstrum", "mel"],
             "cepstrum"),
            (["--rate", "1e6", "--csv", self.path("o.csv"), "--cepstrum", "mfcc"], "mfcc"),
            (["--rate", "1e6", "--csv", self.path("o.csv"), "--per-burst", "--source",
              "mask", "--mask", "none"], "mask"),
            (["--csv", self.path("o.csv")], "--rate"),
            # burst detector fields are named by the option that sets them
            # (--burst-noise-window 0 used to be reported as "noise_window",
            # the name of the mask's option --noise-window)
            (["--rate", "1e6", "--csv", self.path("o.csv"), "--per-burst",
              "--burst-noise-window", "0"], "stftclean: --burst-noise-window: must be"),
            (["--rate", "1e6", "--csv", self.path("o.csv"), "--per-burst",
              "--occupied-gain", "2"], "stftclean: --occupied-gain: must be"),
        ]
        for args, word in cases:
            r = run(self.path("z.cf32"), *args, check=False)
            self.assertEqual(2, r.returncode, (args, r.stderr))
            self.assertIn(word, r.stderr)
        # a truncated WAV and a missing file: an error line, exit 1, no crash
        with open(self.path("bad.wav"), "wb") as f:
            f.write(b"RIFF\x10\x00\x00\x00WAVEfmt ")
        for p in (self.path("bad.wav"), self.path("missing.cf32")):
            r = run(p, "--csv", self.path("o.csv"), check=False)
            self.assertIn(r.returncode, (1, 2), r.stderr)
            self.assertTrue(r.stderr.startswith("stftclean:"), r.stderr)


if __name__ == "__main__":
    CLI = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)

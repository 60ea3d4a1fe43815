#!/usr/bin/env python3
#
# Copyright 2026 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""gnuradio.stftclean.numpy_api: stft frames against numpy FFTs of explicitly
windowed frames, exact round trips (complex, real, odd lengths, N = 40000),
clean() against `stftclean clean` on the same file, read() of IQ WAV with an
auxi chunk, raw and SigMF against numpy decoding of the same bytes, corrupt
files (the fuzz corpora) as ValueError/OSError, never a crash."""

import glob
import json
import os
import shutil
import struct
import subprocess
import tempfile
import time
import unittest

import numpy as np
from gnuradio import gr_unittest

try:
    from gnuradio import stftclean
except ImportError:
    import sys
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from gnuradio import stftclean
from gnuradio.stftclean import numpy_api as sc

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))


def cli_binary():
    """build/apps/stftclean next to the test modules (or $STFTCLEAN_BIN)."""
    env = os.environ.get("STFTCLEAN_BIN")
    if env and os.path.exists(env):
        return env
    # .../build/test_modules/gnuradio/stftclean/__init__.py
    build = os.path.normpath(
        os.path.join(os.path.dirname(stftclean.__file__), "..", "..", ".."))
    cand = os.path.join(build, "apps", "stftclean")
    if os.path.exists(cand):
        return cand
    return shutil.which("stftclean")


def periodic(name, L):
    n = np.arange(L)
    if name == "hann":
        return 0.5 - 0.5 * np.cos(2 * np.pi * n / L)
    if name == "hamming":
        return 0.54 - 0.46 * np.cos(2 * np.pi * n / L)
    if name == "rect":
        return np.ones(L)
    raise KeyError(name)


def ref_stft(x, N, H, L, window, real):
    """numpy reference: frame k = fft(w * xp[kH : kH + L], N),
    xp = [0] * (L - H) ++ x ++ zeros; frames until the last that holds x."""
    n = len(x)
    nf = -(-(n + L - H) // H)
    xp = np.concatenate([np.zeros(L - H, x.dtype), x, np.zeros(nf * H, x.dtype)])
    w = periodic(window, L)
    fr = [xp[k * H:k * H + L] * w for k in range(nf)]
    F = np.fft.rfft(fr, N, axis=1) if real else np.fft.fft(fr, N, axis=1)
    return F.T


def noisy_bursts(n, fs, seed=1):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * 0.01
    t = np.arange(n) / fs
    for k, f0 in enumerate((-0.2, 0.05, 0.3)):
        a, b = int(n * (0.1 + 0.3 * k)), int(n * (0.1 + 0.3 * k) + 0.05 * fs)
        x[a:b] += 0.05 * np.exp(2j * np.pi * f0 * fs * t[a:b])
    return x.astype(np.complex64)


class qa_numpy_api(gr_unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="qa_numpy_api_")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    # ------------------------------------------------------------ stft

    def test_001_stft_frames_match_numpy(self):
        rng = np.random.default_rng(3)
        for real in (False, True):
            for (N, H, L, win) in ((64, 16, 0, "hann"), (64, 16, 48, "hamming"),
                                   (30, 10, 0, "hann"), (16, 16, 0, "rect")):
                with self.subTest(real=real, N=N, H=H, L=L, win=win):
                    n = 1001
                    x = rng.standard_normal(n)
                    if not real:
                        x = x + 1j * rng.standard_normal(n)
                    S = sc.stft(x, fft_size=N, hop=H, window=win, window_len=L)
                    R = ref_stft(x, N, H, L or N, win, real)
                    self.assertEqual(S.shape, R.shape)
                    self.assertEqual(S.dtype, np.complex64)
                    self.assertEqual(S.shape[0], N // 2 + 1 if real else N)
                    err = np.max(np.abs(S - R)) / np.max(np.abs(R))
                    self.assertLess(err, 2e-6)

    def test_002_stft_centered_and_axes(self):
        rng = np.random.default_rng(4)
        x = (rng.standard_normal(500) + 1j * rng.standard_normal(500)).astype(np.complex64)
        S = sc.stft(x, 32, 8)
        C = sc.stft(x, 32, 8, centered=True)
        np.testing.assert_allclose(C, np.fft.fftshift(S, axes=0), rtol=0, atol=1e-5)
        # a tone lands in the bin bin_freqs names; frame_centres in samples
        fs = 1000.0
        tone = np.exp(2j * np.pi * 125.0 * np.arange(4096) / fs)
        S = sc.stft(tone, 64, 16)
        f = sc.bin_freqs(64, fs)
        self.assertAlmostEqual(f[np.argmax(np.abs(S[:, 20]))], 125.0)
        c = sc.frame_centres(S.shape[1], 64, 16)
        self.assertEqual(c[0], 16 - 32)
        self.assertEqual(c[1] - c[0], 16)

    def test_003_round_trip(self):
        rng = np.random.default_rng(5)
        cases = [(40000, 1024, 256, 0, "hann"), (40001, 1024, 256, 0, "hann"),
                 (40000, 1000, 250, 0, "hamming"), (12345, 512, 100, 400, "hann"),
                 (100000, 40000, 10000, 0, "hann"), (7, 64, 16, 0, "hann")]
        for real in (False, True):
            for (n, N, H, L, win) in cases:
                with self.subTest(real=real, n=n, N=N, H=H, L=L, win=win):
                    x = rng.standard_normal(n)
                    if not real:
                        x = x + 1j * rng.standard_normal(n)
                    S = sc.stft(x, N, H, win, L)
                    y = sc.istft(S, N, H, win, L, length=n)
                    self.assertEqual(y.shape, (n, ))
                    self.assertEqual(y.dtype, np.float32 if real else np.complex64)
                    err = np.max(np.abs(y - x)) / np.max(np.abs(x))
                    self.assertLess(err, 5e-6)
                    # length=None: every sample the frames give, x first
                    z = sc.istft(S, N, H, win, L)
                    self.assertGreaterEqual(len(z), n)
                    np.testing.assert_array_equal(z[:n], y)

    def test_005_chunked_objects_equal_whole(self):
        """STFT/ISTFT objects fed in random chunks (0, 1, sub-hop, longer
        than the window) give exactly the frames and samples of stft/istft
        of the whole signal."""
        rng = np.random.default_rng(11)
        for real in (False, True):
            for (n, N, H, L) in ((20011, 256, 64, 0), (5000, 100, 30, 90), (10, 64, 16, 0)):
                with self.subTest(real=real, n=n, N=N, H=H, L=L):
                    x = rng.standard_normal(n)
                    if not real:
                        x = x + 1j * rng.standard_normal(n)
                    S = sc.stft(x, N, H, window_len=L)
                    st = sc.STFT(N, H, window_len=L, real=real)
                    cuts = np.sort(np.concatenate([[0, 0, 1], rng.integers(0, n, 12), [n, n]]))
                    parts = [st.process(x[a:b]) for a, b in zip(cuts[:-1], cuts[1:])]
                    self.assertEqual(st.samples, n)
                    parts.append(st.flush())
                    self.assertEqual(st.samples, 0)
                    C = np.concatenate(parts, axis=1)
                    np.testing.assert_array_equal(C, S)
                    y = sc.istft(S, N, H, window_len=L)
                    it = sc.ISTFT(N, H, window_len=L, real=real)
                    k = S.shape[1]
                    fc = np.sort(np.concatenate([[0, 0], rng.integers(0, k + 1, 5), [k]]))
                    out = np.concatenate([it.process(S[:, a:b]) for a, b in zip(fc[:-1], fc[1:])])
                    np.testing.assert_array_equal(out, y)
                    self.assertLess(np.max(np.abs(out[:n] - x)) / np.max(np.abs(x)), 5e-6)

    def test_004_errors_name_the_parameter(self):
        x = np.zeros(1000, np.complex64)
        bad = [(dict(fft_size=64, hop=0), "hop"), (dict(fft_size=64, hop=65), "hop"),
               (dict(fft_size=1, hop=1), "fft_size"), (dict(fft_size=-8, hop=1), "fft_size"),
               (dict(fft_size=64, hop=16, window="nope"), "window"),
               (dict(fft_size=64, hop=16, window_len=65), "window_len"),
               (dict(fft_size=64, hop=64), "hop")]
        for kw, name in bad:
            for fn in (lambda: sc.stft(x, **kw),
                       lambda: sc.istft(np.zeros((kw["fft_size"] if kw["fft_size"] > 0 else 4,
                                                  3), np.complex64), **kw),
                       lambda: sc.clean(x, 1e6, **kw)):
                with self.subTest(kw=kw, name=name):
                    with self.assertRaises(ValueError) as ctx:
                        fn()
                    self.assertTrue(
                        str(ctx.exception).startswith(name + ":"), str(ctx.exception))
        for kw, name in [(dict(pfa=0.0), "pfa"), (dict(region_freq=100.0), "region_freq"),
                         (dict(mask="bogus"), "mask"), (dict(lines=2), "lines"),
                         (dict(bands=[1.0]), "bands"), (dict(threads=3), "threads"),
                         (dict(sample_rate=None), "sample_rate"),
                         (dict(sample_rate=-1.0), "sample_rate")]:
            with self.subTest(kw=kw):
                args = dict(sample_rate=1e6)
                args.update(kw)
                with self.assertRaises(ValueError) as ctx:
                    sc.clean(x, **args)
                self.assertTrue(str(ctx.exception).startswith(name + ":"), str(ctx.exception))
        with self.assertRaises(ValueError) as ctx:
            sc.istft(np.zeros((10, 3), np.complex64), 64, 16)
        self.assertTrue(str(ctx.exception).startswith("S:"))
        with self.assertRaises(ValueError) as ctx:
            sc.stft(np.zeros((10, 3)), 64, 16)
        self.assertTrue(str(ctx.exception).startswith("x:"))
        with self.assertRaises(TypeError):
            sc.clean(x, 1e6, no_such_param=1)

    # ------------------------------------------------------------ clean

    def run_cli(self, args):
        cli = cli_binary()
        if not cli:
            self.skipTest("stftclean binary not found")
        t0 = time.perf_counter()
        subprocess.run([cli, "clean"] + args, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - t0

    def test_010_clean_equals_cli(self):
        fs = 250e3
        x = noisy_bursts(int(3 * fs) + 123, fs)
        cases = [([], {}), (["--one-pass"], dict(one_pass=True)),
                 (["--hop", "128", "--pfa", "1e-6", "--no-dc"],
                  dict(hop=128, pfa=1e-6, dc=False)),
                 (["--mask", "wiener", "--noise-window", "0.5"],
                  dict(mask="wiener", noise_window=0.5)),
                 (["--mask", "band", "--bands", "-30e3:30e3"],
                  dict(mask="band", bands=[(-30e3, 30e3)]))]
        x.tofile(self.path("in.cf32"))
        for args, kw in cases:
            with self.subTest(args=args):
                self.run_cli([self.path("in.cf32"), self.path("out.cf32"), "--rate",
                              str(fs)] + args)
                ref = np.fromfile(self.path("out.cf32"), np.complex64)
                y = sc.clean(x, fs, **kw)
                self.assertEqual(y.shape, x.shape)
                self.assertEqual(y.dtype, np.complex64)
                d = np.max(np.abs(y - ref)) / np.max(np.abs(ref))
                self.assertLess(d, 1e-6, "clean vs CLI: %g" % d)
        # real input, gate mask
        xr = np.real(x).astype(np.float32)
        xr.tofile(self.path("in.f32"))
        self.run_cli([self.path("in.f32"), self.path("out.f32"), "--rate", str(fs),
                      "--mask", "gate"])
        ref = np.fromfile(self.path("out.f32"), np.float32)
        y = sc.clean(xr, fs, mask="gate")
        self.assertEqual(y.dtype, np.float32)
        self.assertLess(np.max(np.abs(y - ref)) / np.max(np.abs(ref)), 1e-6)

    def test_011_clean_none_is_identity_and_aligned(self):
        rng = np.random.default_rng(7)
        x = (rng.standard_normal(30001) + 1j * rng.standard_normal(30001)).astype(np.complex64)
        y = sc.clean(x, None, mask="none")
        self.assertLess(np.max(np.abs(y - x)), 1e-5)
        # stereo audio: channel by channel
        a = rng.standard_normal((5000, 2)).astype(np.float32)
        y = sc.clean(a, 8000.0, mask="none", fft_size=256, hop=64)
        self.assertEqual(y.shape, a.shape)
        self.assertLess(np.max(np.abs(y - a)), 1e-5)

    def test_013_clean_one_pass_equals_cleaner_cc(self):
        """one_pass=True is cleaner_cc's stream in a flowgraph (padded with
        latency() zeros, sliced) to float rounding; the default file mode
        differs from it only by the priming pass."""
        from gnuradio import gr, blocks
        fs = 250e3
        x = noisy_bursts(int(0.8 * fs) + 55, fs, seed=2)
        for kw in (dict(), dict(mask="wiener", hop=128, pfa=1e-6)):
            with self.subTest(kw=kw):
                blk = stftclean.cleaner_cc(kw.get("fft_size", 1024), kw.get("hop", 256),
                                           mask=kw.get("mask", "auto"), sample_rate=fs,
                                           args="pfa=%r" % kw.get("pfa", 1e-8))
                lat = blk.latency()
                pad = np.concatenate([x, np.zeros(lat + 1024, np.complex64)])
                tb = gr.top_block()
                src, snk = blocks.vector_source_c(pad.tolist()), blocks.vector_sink_c()
                tb.connect(src, blk, snk)
                tb.run()
                ref = np.array(snk.data(), np.complex64)[lat:lat + len(x)]
                self.assertEqual(len(ref), len(x))
                y = sc.clean(x, fs, one_pass=True, **kw)
                d = np.max(np.abs(y - ref)) / np.max(np.abs(ref))
                self.assertLess(d, 1e-6, "one_pass vs cleaner_cc: %g" % d)

    def test_014_gil_released(self):
        """Another Python thread runs while clean() works."""
        import threading
        fs = 2e6
        x = noisy_bursts(int(2 * fs), fs, seed=3)
        t = threading.Thread(target=sc.clean, args=(x, fs), kwargs=dict(one_pass=True))
        ticks = 0
        t.start()
        t0 = time.perf_counter()
        while t.is_alive():
            ticks += 1
            time.sleep(0.0005)
        busy = time.perf_counter() - t0
        t.join()
        # with the GIL held for the whole call this loop could not tick
        # while the core works (about 0.1 s here: about 150 ticks)
        self.assertGreater(ticks, 20, "only %d ticks in %.3f s" % (ticks, busy))

    def test_015_mask_gains_invert_to_clean(self):
        """istft(stft(x) * mask(x)) == clean(x) (DC removal off: it is not a
        gain), file mode and one pass, complex and real; gains in
        [floor, 1], one per stft() bin and frame."""
        fs = 250e3
        x = noisy_bursts(int(2.5 * fs) + 31, fs, seed=4)
        xr = np.real(x).astype(np.float32)
        cases = [(x, dict(dc=False)), (x, dict(dc=False, one_pass=True)),
                 (x, dict(kind="wiener", dc=False, noise_window=0.5)),
                 (x, dict(kind="threshold", floor_db=-40.0)), (xr, dict(kind="gate"))]
        for sig, kw in cases:
            with self.subTest(real=not np.iscomplexobj(sig), kw=kw):
                ck = dict(kw)
                ck["mask"] = ck.pop("kind", "auto")
                G = sc.mask(sig, fs, **kw)
                S = sc.stft(sig)
                self.assertEqual(G.shape, S.shape)
                self.assertEqual(G.dtype, np.float32)
                floor = 10**(kw.get("floor_db", -60.0) / 20)
                self.assertGreaterEqual(G.min(), floor * (1 - 1e-6))
                self.assertLessEqual(G.max(), 1.0)
                y = sc.clean(sig, fs, **ck)
                z = sc.istft(S * G, length=len(sig))
                d = np.max(np.abs(z - y)) / np.max(np.abs(y))
                self.assertLess(d, 1e-6, "istft(stft * mask) vs clean: %g" % d)
        C = sc.mask(x, fs, centered=True)
        np.testing.assert_array_equal(C, np.fft.fftshift(sc.mask(x, fs), axes=0))

    def test_017_progress_and_interrupt(self):
        """clean(progress=...) reports whole-chunk progress to the end, an
        exception from the callback stops it, and Ctrl-C (SIGINT) stops a
        long call with KeyboardInterrupt."""
        import signal
        import threading
        fs = 250e3
        x = noisy_bursts(int(3 * fs) + 123, fs)
        calls = []
        y = sc.clean(x, fs, progress=lambda d, t: calls.append((d, t)))
        self.assertGreater(len(calls), 5)
        self.assertEqual(calls[-1][0], calls[-1][1])
        self.assertTrue(all(a[0] < b[0] for a, b in zip(calls, calls[1:])))
        np.testing.assert_array_equal(y, sc.clean(x, fs))
        for fn in (sc.features, sc.bursts):
            calls = []
            fn(x, fs, progress=lambda d, t: calls.append((d, t)))
            self.assertGreater(len(calls), 5, fn.__name__)
            self.assertEqual(calls[-1][0], calls[-1][1])
            self.assertGreaterEqual(calls[-1][1], len(x))
            with self.assertRaises(ValueError) as ctx:
                fn(x, fs, progress="yes")
            self.assertTrue(str(ctx.exception).startswith("progress:"))

        class Stop(Exception):
            pass

        def stop(done, total):
            if done > total // 2:
                raise Stop()

        with self.assertRaises(Stop):
            sc.clean(x, fs, progress=stop)
        with self.assertRaises(ValueError):
            sc.clean(x, fs, progress=3)
        big = np.tile(x, 12)  # 9 M samples, about 0.5 s of work
        timer = threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        try:
            with self.assertRaises(KeyboardInterrupt):
                sc.clean(big, 2e6, one_pass=True)
        finally:
            timer.cancel()

    # ------------------------------------------------------------ chunks

    def test_030_cleaner_chunks_equal_clean(self):
        """Cleaner over chunks of random sizes (0 and 1 sample included)
        equals clean() of the whole bit for bit: primed = file mode,
        unprimed = one_pass; complex and real, one and two threads; the
        object starts afresh after flush()."""
        fs = 250e3
        x = noisy_bursts(int(3 * fs) + 123, fs, seed=4)
        rng = np.random.default_rng(30)

        def chunked(c, sig, prime):
            if prime:
                c.prime(sig[:c.priming])
            parts, i = [], 0
            for k in (0, 1, 0, 255, 1):
                parts.append(c.process(sig[i:i + k]))
                i += k
            while i < len(sig):
                k = int(rng.integers(1, 90000))
                parts.append(c.process(sig[i:i + k]))
                i += k
            parts.append(c.flush())
            self.assertTrue(all(p.dtype == sig.dtype for p in parts))
            return np.concatenate(parts)

        ref = sc.clean(x, fs)
        ref1 = sc.clean(x, fs, one_pass=True)
        self.assertFalse(np.array_equal(ref, ref1))  # the priming matters here
        for threads in (1, 2):
            c = sc.Cleaner(fs, threads=threads)
            self.assertEqual(c.priming, int(np.ceil(2.1 * fs)))
            # window_len - hop + the mask's look-ahead in whole hops
            self.assertEqual(c.latency % 256, 0)
            self.assertGreater(c.latency, 1024 - 256)
            np.testing.assert_array_equal(chunked(c, x, True), ref)
            np.testing.assert_array_equal(chunked(c, x, False), ref1)
        xr = np.real(x).astype(np.float32)
        c = sc.Cleaner(fs, "gate", 512, 128, real=True, noise_window=0.5)
        np.testing.assert_array_equal(chunked(c, xr, True),
                                      sc.clean(xr, fs, "gate", 512, 128, noise_window=0.5))
        # a mask that learns nothing needs no priming
        self.assertEqual(sc.Cleaner(fs, "band", bands="-30e3:30e3").priming, 0)
        # the first calls hold the latency back
        c = sc.Cleaner(fs)
        self.assertEqual(len(c.process(x[:1000])), 0)
        self.assertEqual(len(c.process(x[1000:5000])), 5000 // 256 * 256 - c.latency)
        with self.assertRaises(ValueError) as ctx:
            c.prime(x[:100])
        self.assertTrue(str(ctx.exception).startswith("prime:"), str(ctx.exception))
        with self.assertRaises(ValueError) as ctx:
            c.process(xr)
        self.assertTrue(str(ctx.exception).startswith("x:"), str(ctx.exception))
        with self.assertRaises(ValueError) as ctx:
            sc.Cleaner(fs, hop=0)
        self.assertTrue(str(ctx.exception).startswith("hop:"), str(ctx.exception))
        with self.assertRaises(TypeError):
            sc.Cleaner(fs, nosuch=1)

    def test_031_mask_from_stft(self):
        """mask(S) from an STFT equals mask(x) from the signal: exactly in
        one pass, for a signal shorter than the priming span, centred and
        real; in file mode on a longer signal up to the priming pass's
        last frames (a few per cent of the gains)."""
        fs = 250e3
        x = noisy_bursts(int(3 * fs) + 123, fs, seed=5)
        S = sc.stft(x)
        np.testing.assert_array_equal(sc.mask(S, fs, one_pass=True),
                                      sc.mask(x, fs, one_pass=True))
        G, Gs = sc.mask(x, fs), sc.mask(S, fs)
        self.assertEqual(G.shape, Gs.shape)
        self.assertLess(np.mean(G != Gs), 0.05)
        # the gains kept on the bursts agree
        on = G > 0.5
        self.assertGreater(np.mean(Gs[on] > 0.5), 0.95)
        short = x[:int(1.5 * fs)]
        np.testing.assert_array_equal(sc.mask(sc.stft(short), fs), sc.mask(short, fs))
        np.testing.assert_array_equal(
            sc.mask(sc.stft(short, centered=True), fs, centered=True),
            sc.mask(short, fs, centered=True))
        xr = np.real(short).astype(np.float32)
        np.testing.assert_array_equal(sc.mask(sc.stft(xr, 512, 128), fs, "wiener", 512, 128),
                                      sc.mask(xr, fs, "wiener", 512, 128))
        # masking the STFT and inverting it is the cleaning (DC removal off)
        y = sc.istft(S * sc.mask(S, fs, one_pass=True, dc=False), length=len(x))
        ref = sc.clean(x, fs, one_pass=True, dc=False)
        self.assertLess(np.max(np.abs(y - ref)), 1e-5 * np.max(np.abs(ref)))
        with self.assertRaises(ValueError) as ctx:
            sc.mask(S[:1000], fs)
        self.assertTrue(str(ctx.exception).startswith("S:"), str(ctx.exception))
        with self.assertRaises(ValueError) as ctx:
            sc.mask(x, fs, real=True)
        self.assertTrue(str(ctx.exception).startswith("real:"), str(ctx.exception))

    def test_032_clean_file_equals_cli(self):
        """clean_file (chunked, bounded memory) writes what `stftclean
        clean` writes, sample for sample, with the metadata carried."""
        fs = 250e3
        x = noisy_bursts(int(3 * fs) + 123, fs, seed=6)
        src = self.path("in.sigmf-meta")
        anns = [dict(sample_start=1000, sample_count=5000, label="burst")]
        sc.write(src, x, sample_rate=fs, centre_freq=433.92e6,
                 start_time="2024-03-15T13:45:30.250Z", annotations=anns)
        self.run_cli([src, self.path("cli.wav")])
        ref, _ = sc.read(self.path("cli.wav"))
        calls = []
        meta = sc.clean_file(src, self.path("np.wav"), chunk=40000,
                             progress=lambda d, t: calls.append((d, t)))
        self.assertEqual(meta["frames"], len(x))
        y, m = sc.read(self.path("np.wav"))
        np.testing.assert_array_equal(y, ref)
        self.assertEqual(m["sample_rate"], fs)
        self.assertEqual(m["centre_freq"], 433.92e6)
        self.assertEqual(m["start_time"], "2024-03-15T13:45:30.250Z")
        self.assertEqual(calls[-1], (len(x), len(x)))
        self.assertEqual(len(calls), -(-len(x) // 40000))
        sc.clean_file(src, self.path("out.sigmf-meta"), one_pass=True, mask="gate")
        y, m = sc.read(self.path("out.sigmf-meta"))
        np.testing.assert_array_equal(y, sc.clean(x, fs, "gate", one_pass=True))
        self.assertEqual([(a["sample_start"], a["sample_count"], a["label"])
                          for a in m["annotations"]], [(1000, 5000, "burst")])

    def test_033_writer_blocks(self):
        """Writer: block by block, readable before close (a stopped
        notebook leaves a valid file), what it wrote reads back."""
        rng = np.random.default_rng(33)
        x = (rng.standard_normal(30000) + 1j * rng.standard_normal(30000)).astype(
            np.complex64)
        for name in ("w.wav", "w.sigmf-meta", "w.cf32"):
            with self.subTest(name=name):
                w = sc.Writer(self.path(name), sample_rate=1e6, centre_freq=1e8)
                w.write(x[:10000])
                if name.endswith(".wav"):
                    y, m = sc.read(self.path(name))  # not closed yet
                    np.testing.assert_array_equal(y, x[:10000])
                w.write(x[10000:])
                self.assertEqual(w.samples, len(x))
                w.close()
                self.assertTrue(w.closed)
                y, m = sc.read(self.path(name), format="cf32" if name.endswith("cf32")
                               else None)
                np.testing.assert_array_equal(y, x)
                with self.assertRaises(ValueError) as ctx:
                    w.write(x)
                self.assertTrue(str(ctx.exception).startswith("writer:"))
        with sc.Writer(self.path("r.wav"), sample_rate=48000, complex=False) as w:
            self.assertEqual(w.format, "wav")
            with self.assertRaises(ValueError) as ctx:
                w.write(x)
            self.assertTrue(str(ctx.exception).startswith("samples:"), str(ctx.exception))
            w.write(np.real(x))
            with self.assertRaises(ValueError) as ctx:
                w.annotate([dict(sample_start=0)])
            self.assertTrue(str(ctx.exception).startswith("annotations:"))
        y, m = sc.read(self.path("r.wav"))
        np.testing.assert_array_equal(y, np.real(x).astype(np.float32))
        self.assertFalse(m["complex"])

    def test_034_read_meta_alone(self):
        """read_meta reads a SigMF meta file without its dataset (the
        annotation sink's files); read() of it is refused with the data
        file's name; bad JSON is a ValueError."""
        x = noisy_bursts(5000, 1e5)
        p = self.path("a.sigmf-meta")
        sc.write(p, x, sample_rate=1e5, centre_freq=1e8,
                 annotations=[dict(sample_start=10, sample_count=20, label="x",
                                   freq_lower_edge=1.0, freq_upper_edge=2.0)])
        os.unlink(self.path("a.sigmf-data"))
        with open(p) as f:
            ref = json.load(f)
        m = sc.read_meta(p)
        self.assertEqual(m["sample_rate"], ref["global"]["core:sample_rate"])
        self.assertEqual(m["centre_freq"], ref["captures"][0]["core:frequency"])
        self.assertEqual([(a["sample_start"], a["sample_count"], a["label"],
                           a["freq_lower_edge"]) for a in m["annotations"]],
                         [(a["core:sample_start"], a["core:sample_count"], a["core:label"],
                           a["core:freq_lower_edge"]) for a in ref["annotations"]])
        with self.assertRaises(OSError) as ctx:
            sc.read(p)
        self.assertIn("a.sigmf-data", str(ctx.exception))
        with open(p, "w") as f:
            f.write('{"global": {"core:datatype": ')
        with self.assertRaises(ValueError):
            sc.read_meta(p)

    def test_035_mask_keywords_are_the_core_table(self):
        """Every row of the core's mask table is a keyword of clean(),
        mask() and Cleaner (None accepted); a value outside a row's fixed
        range raises ValueError naming it; an unknown keyword TypeError."""
        import re
        fs = 250e3
        x = noisy_bursts(int(0.3 * fs), fs)
        names = list(sc.MASK_PARAMETERS)
        self.assertIn("pfa", names)
        self.assertIn("dc", names)
        self.assertNotIn("mask", names)
        np.testing.assert_array_equal(sc.clean(x, fs, **{k: None for k in names}),
                                      sc.clean(x, fs))
        ranged = 0
        for name, f in sc.MASK_PARAMETERS.items():
            m = re.fullmatch(r"in \[([-0-9.e]+), ([-0-9.e]+)\].*", f["range"])
            if not m:
                continue
            hi = float(m.group(2))
            bad = hi + abs(hi) + 1.0
            for call in (lambda: sc.clean(x, fs, **{name: bad}),
                         lambda: sc.mask(x, fs, **{name: bad}),
                         lambda: sc.Cleaner(fs, **{name: bad})):
                with self.assertRaises(ValueError) as ctx:
                    call()
                self.assertTrue(str(ctx.exception).startswith(name + ":"),
                                str(ctx.exception))
            ranged += 1
        self.assertGreaterEqual(ranged, 9)
        with self.assertRaises(TypeError):
            sc.clean(x, fs, nosuch=1)
        self.assertIn("pfa:", sc.clean.__doc__)

    # ------------------------------------------------------------ features

    def test_012_features_equal_cli(self):
        """features() against `stftclean features --csv` on the same file:
        same columns, rows and values (to the CSV's %.9g)."""
        cli = cli_binary()
        if not cli:
            self.skipTest("stftclean binary not found")
        fs = 250e3
        x = noisy_bursts(int(fs) + 77, fs)
        x.tofile(self.path("f.cf32"))
        xr = np.real(x).astype(np.float32)
        xr.tofile(self.path("f.f32"))
        cases = [("f.cf32", [], x, {}),
                 ("f.cf32", ["--mask", "none", "--deltas", "2", "--hop", "200", "--fft", "800"],
                  x, dict(mask="none", deltas=2, hop=200, fft_size=800)),
                 ("f.f32", ["--mask", "gate", "--cepstrum", "mfcc", "--rolloff", "90"], xr,
                  dict(mask="gate", cepstrum="mfcc", rolloff=0.9))]
        for name, args, xx, kw in cases:
            with self.subTest(args=args):
                subprocess.run([cli, "features", self.path(name), "--csv", self.path("f.csv"),
                                "--rate", str(fs)] + args,
                               check=True,
                               stdout=subprocess.DEVNULL)
                with open(self.path("f.csv")) as f:
                    header = f.readline().strip().split(",")
                ref = np.loadtxt(self.path("f.csv"), delimiter=",", skiprows=1, ndmin=2)
                d = sc.features(xx, fs, **kw)
                self.assertEqual(list(d), header)
                tab = np.column_stack(list(d.values()))
                self.assertEqual(tab.shape, ref.shape)
                np.testing.assert_allclose(tab, ref, rtol=1e-8, atol=1e-30)
        with self.assertRaises(ValueError) as ctx:
            sc.features(x, fs, n_filters=1)
        self.assertTrue(str(ctx.exception).startswith("n_filters"), str(ctx.exception))
        with self.assertRaises(ValueError) as ctx:
            sc.features(x, fs, pfa=0.0)
        self.assertTrue(str(ctx.exception).startswith("pfa:"), str(ctx.exception))
        with self.assertRaises(TypeError):
            sc.features(x, fs, nope=1)

    def test_016_bursts_equal_cli(self):
        """bursts() against `stftclean features --per-burst --csv
        --sigmf-meta`: same records, CSV columns by name, SigMF fields."""
        cli = cli_binary()
        if not cli:
            self.skipTest("stftclean binary not found")
        fs = 250e3
        x = noisy_bursts(int(3 * fs) + 123, fs)
        x.tofile(self.path("b.cf32"))
        for args, kw in (([], {}), (["--mask", "none", "--center-freq", "433.92e6", "--label",
                                     "key"], dict(mask="none", center_freq=433.92e6,
                                                  label="key"))):
            with self.subTest(args=args):
                subprocess.run([cli, "features", self.path("b.cf32"), "--csv", self.path("b.csv"),
                                "--per-burst", "--sigmf-meta", self.path("m.sigmf-meta"),
                                "--rate", str(fs)] + args,
                               check=True,
                               stdout=subprocess.DEVNULL)
                with open(self.path("b.csv")) as f:
                    header = f.readline().strip().split(",")
                ref = np.loadtxt(self.path("b.csv"), delimiter=",", skiprows=1, ndmin=2)
                with open(self.path("m.sigmf-meta")) as f:
                    ann = json.load(f)["annotations"]
                b = sc.bursts(x, fs, **kw)
                self.assertEqual(len(b), 3)
                self.assertEqual(len(b), len(ref))
                tab = np.array([[r[h] for h in header] for r in b])
                np.testing.assert_allclose(tab, ref, rtol=1e-8, atol=1e-12)
                for r, a in zip(b, ann):
                    self.assertEqual(r["sample_start"], a["core:sample_start"])
                    self.assertEqual(r["sample_count"], a["core:sample_count"])
                    self.assertEqual(r["label"], a.get("core:label", ""))
                    for k in ("freq_lower_edge", "freq_upper_edge"):
                        self.assertAlmostEqual(r[k], a["core:" + k], delta=1e-3)
                    self.assertAlmostEqual(r["snr_db"], a["stftclean:snr_db"], places=6)
                # the records go back into a SigMF recording as annotations
                sc.write(self.path("w.sigmf-meta"), x[:1000], sample_rate=fs, annotations=b)
                _, m = sc.read(self.path("w.sigmf-meta"))
                self.assertEqual([a["sample_start"] for a in m["annotations"]],
                                 [r["sample_start"] for r in b])
        with self.assertRaises(ValueError) as ctx:
            sc.bursts(x, fs, mask="none", source="mask")
        self.assertTrue(str(ctx.exception).startswith("source:"), str(ctx.exception))
        with self.assertRaises(ValueError) as ctx:
            sc.bursts(x, fs, on=1.0, off=3.0)
        self.assertTrue(str(ctx.exception).startswith("off"), str(ctx.exception))

    def test_016b_bursts_scattering_summary(self):
        """bursts(scattering=True) against numpy scattering of x itself
        (mask="none": the frames the summary inverts are x's), averaged here
        over the frames centred in each burst; the other columns are those
        without the summary; errors name scat_*."""
        fs = 256e3
        x = noisy_bursts(int(1.2 * fs), fs)
        plain = sc.bursts(x, fs, mask="none")
        b = sc.bursts(x, fs, mask="none", scattering=True, scat_J=6, scat_Q1=4)
        self.assertEqual(3, len(b))
        self.assertEqual([r["sample_start"] for r in plain], [r["sample_start"] for r in b])
        for r0, r1 in zip(plain, b):
            for k, v in r0.items():
                self.assertEqual(v, r1[k], k)
        S, meta = sc.scattering(x, fs, J=6, Q1=4, Q2=1, log=True, stride=16)
        centres = np.round(meta["time_s"] * fs).astype(np.int64)
        names = [k for k in b[0] if k.startswith("scat") and k.endswith("_mean")]
        self.assertEqual(S.shape[0], len(names))
        worst = 0.0
        for r in b:
            a = r["sample_start"]
            sel = (centres >= a) & (centres < a + r["sample_count"])
            self.assertEqual(int(sel.sum()), r["scat_frames"])
            self.assertGreater(sel.sum(), 500)
            got = np.array([r[k] for k in names])
            got_std = np.array([r[k[:-5] + "_std"] for k in names])
            worst = max(worst, np.max(np.abs(got - S[:, sel].mean(axis=1))),
                        np.max(np.abs(got_std - S[:, sel].std(axis=1))))
        # x back through the float32 ISTFT, then log(S + 1e-6): a few 1e-6
        self.assertLess(worst, 1e-4)
        # the +f burst's strongest order-1 path is on its side of the band
        for r, f0 in zip(b, (-0.2, 0.05, 0.3)):
            o1 = [k for k in names if k.startswith("scat1_")]
            best = max(o1, key=lambda k: r[k])
            self.assertEqual("+" if f0 > 0 else "-", best[6], best)
        for kw, field in ((dict(scat_J=0), "scat_J"), (dict(scat_Q1=99), "scat_Q1"),
                          (dict(scat_T=-1.0), "scat_T"), (dict(scat_T=1e-6), "scat_T")):
            with self.subTest(**kw):
                with self.assertRaises(ValueError) as ctx:
                    sc.bursts(x, fs, mask="none", scattering=True, **kw)
                self.assertTrue(str(ctx.exception).startswith(field), str(ctx.exception))

    # ------------------------------------------------------------ read

    def write_sdruno_wav(self, path, iq16, fs, centre, start):
        fmt = struct.pack("<HHIIHH", 1, 2, fs, fs * 4, 4, 16)
        auxi = struct.pack("<8H", *start) + struct.pack("<8H", *((0, ) * 8))
        auxi += struct.pack("<I", centre) + b"\0" * (164 - 36)
        data = iq16.astype("<i2").tobytes()
        body = (b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"auxi" +
                struct.pack("<I", len(auxi)) + auxi + b"data" + struct.pack("<I", len(data)) +
                data)
        with open(path, "wb") as f:
            f.write(b"RIFF" + struct.pack("<I", len(body)) + body)

    def test_020_read_wav_auxi(self):
        rng = np.random.default_rng(8)
        iq = rng.integers(-32768, 32767, size=(5000, 2)).astype(np.int16)
        p = self.path("rec.wav")
        self.write_sdruno_wav(p, iq, 2000000, 100000000, (2024, 3, 5, 15, 13, 45, 30, 250))
        x, meta = sc.read(p)
        self.assertEqual(x.dtype, np.complex64)
        ref = (iq[:, 0] + 1j * iq[:, 1]) / 32768.0
        np.testing.assert_allclose(x, ref, rtol=0, atol=1e-7)
        self.assertEqual(meta["sample_rate"], 2e6)
        self.assertEqual(meta["centre_freq"], 1e8)
        self.assertEqual(meta["start_time"], "2024-03-15T13:45:30.250Z")
        self.assertEqual(meta["frames"], 5000)
        self.assertEqual(meta["format"], "wav")
        self.assertIn("PCM16", meta["encoding"])
        # swap_iq, offset/count, chunks
        xs, _ = sc.read(p, swap_iq=True)
        np.testing.assert_allclose(xs, (iq[:, 1] + 1j * iq[:, 0]) / 32768.0, rtol=0, atol=1e-7)
        part, _ = sc.read(p, offset=1000, count=777)
        np.testing.assert_array_equal(part, x[1000:1777])
        parts = [b for b, _ in sc.read_chunks(p, 999)]
        self.assertEqual(len(parts), 6)
        np.testing.assert_array_equal(np.concatenate(parts), x)

    def test_021_read_raw(self):
        rng = np.random.default_rng(9)
        z = (rng.standard_normal(1000) + 1j * rng.standard_normal(1000)).astype(np.complex64)
        z.tofile(self.path("a.cf32"))
        x, meta = sc.read(self.path("a.cf32"))
        np.testing.assert_array_equal(x, z)
        self.assertIsNone(meta["sample_rate"])
        self.assertIsNone(meta["centre_freq"])
        r = rng.standard_normal(777).astype(np.float32)
        r.tofile(self.path("a.f32"))
        x, meta = sc.read(self.path("a.f32"))
        self.assertEqual(x.dtype, np.float32)
        np.testing.assert_array_equal(x, r)
        b = rng.integers(0, 256, 2000).astype(np.uint8)
        b.tofile(self.path("a.cu8"))
        x, _ = sc.read(self.path("a.cu8"))
        v = (b.astype(np.float64) - 127.5) / 128.0
        np.testing.assert_allclose(x, v[0::2] + 1j * v[1::2], rtol=0, atol=1e-7)
        i8 = rng.integers(-128, 128, 2000).astype(np.int8)
        i8.tofile(self.path("a.bin"))
        x, meta = sc.read(self.path("a.bin"), format="ci8")
        np.testing.assert_allclose(x, (i8[0::2] + 1j * i8[1::2]) / 128.0, rtol=0, atol=1e-7)
        self.assertEqual(meta["format"], "ci8")

    def test_022_read_sigmf(self):
        rng = np.random.default_rng(10)
        iq = rng.integers(-32768, 32767, size=(3000, 2)).astype("<i2")
        iq.tofile(self.path("s.sigmf-data"))
        meta = {
            "global": {
                "core:datatype": "ci16_le",
                "core:sample_rate": 1e6,
                "core:version": "1.2.0",
                "core:description": "test"
            },
            "captures": [{
                "core:sample_start": 0,
                "core:frequency": 433.92e6,
                "core:datetime": "2024-03-15T13:45:30.123456Z"
            }],
            "annotations": [{
                "core:sample_start": 100,
                "core:sample_count": 50,
                "core:freq_lower_edge": 433.9e6,
                "core:freq_upper_edge": 433.95e6,
                "core:label": "burst"
            }, {
                "core:sample_start": 10,
                "core:sample_count": 5
            }]
        }
        with open(self.path("s.sigmf-meta"), "w") as f:
            json.dump(meta, f)
        for name in ("s.sigmf-meta", "s.sigmf-data"):
            x, m = sc.read(self.path(name))
            np.testing.assert_allclose(x, (iq[:, 0] + 1j * iq[:, 1]) / 32768.0,
                                       rtol=0,
                                       atol=1e-7)
            self.assertEqual(m["sample_rate"], 1e6)
            self.assertEqual(m["centre_freq"], 433.92e6)
            self.assertEqual(m["start_time"], "2024-03-15T13:45:30.123456Z")
            self.assertEqual(m["sigmf"]["datatype"], "ci16_le")
            self.assertEqual(m["sigmf"]["description"], "test")
            a = m["annotations"]
            self.assertEqual([r["sample_start"] for r in a], [10, 100])
            self.assertEqual(a[1]["sample_count"], 50)
            self.assertEqual(a[1]["label"], "burst")
            self.assertEqual(a[1]["freq_lower_edge"], 433.9e6)
            self.assertIsNone(a[0]["freq_lower_edge"])

    def test_023_bad_files(self):
        with self.assertRaises(OSError):
            sc.read(self.path("missing.cf32"))
        with self.assertRaises(ValueError) as ctx:
            sc.read(self.path("noext"))
        self.assertTrue(str(ctx.exception).startswith("format:"), str(ctx.exception))
        with open(self.path("odd.cf32"), "wb") as f:
            f.write(b"12345")
        with self.assertRaises(ValueError):
            sc.read(self.path("odd.cf32"))
        with open(self.path("junk.wav"), "wb") as f:
            f.write(b"RIFF\x10\x00\x00\x00WAVEjunkjunk")
        with self.assertRaises((ValueError, OSError)):
            sc.read(self.path("junk.wav"))
        with open(self.path("bad.sigmf-meta"), "w") as f:
            f.write('{"global": {"core:datatype": ')
        with self.assertRaises((ValueError, OSError)):
            sc.read(self.path("bad.sigmf-meta"))
        with self.assertRaises(ValueError):
            sc.read(self.path("x.cf32"), format="nope")

    def test_025_write_read_round_trip(self):
        """write() then read() (and `stftclean info`) for every format:
        samples to the encoding's precision, metadata and SigMF annotations
        kept; bad arguments name themselves."""
        rng = np.random.default_rng(12)
        z = ((rng.standard_normal(5000) + 1j * rng.standard_normal(5000)) * 0.2).astype(
            np.complex64)
        meta = dict(sample_rate=2e6, centre_freq=433.92e6,
                    start_time="2024-03-15T13:45:30.250Z")
        ann = [dict(sample_start=10, sample_count=100, freq_lower_edge=433.9e6,
                    freq_upper_edge=433.95e6, label="b", snr_db=12.5)]
        cli = cli_binary()
        for name, enc, tol, keeps in (("a.wav", None, 0, True), ("b.wav", "pcm16", 3.1e-5, True),
                                      ("c.sigmf-meta", None, 0, True),
                                      ("d.sigmf-meta", "ci16_le", 3.1e-5, True),
                                      ("e.cf32", None, 0, False), ("f.ci16", None, 3.1e-5, False),
                                      ("g.ci8", None, 5.6e-3, False), ("h.cu8", None, 5.6e-3, False)):
            with self.subTest(name=name, encoding=enc):
                p = self.path(name)
                sig = name.endswith(".sigmf-meta")
                sc.write(p, z, meta, encoding=enc, annotations=ann if sig else None)
                x, m = sc.read(p)
                self.assertEqual(x.dtype, np.complex64)
                self.assertLessEqual(np.max(np.abs(x - z)), tol)
                if keeps:
                    for k in meta:
                        self.assertEqual(m[k], meta[k])
                if sig:
                    self.assertEqual(len(m["annotations"]), 1)
                    for k, v in ann[0].items():
                        self.assertEqual(m["annotations"][0][k], v)
                if cli:
                    subprocess.run([cli, "info", p], check=True, stdout=subprocess.DEVNULL)
        r = np.real(z).astype(np.float32)
        sc.write(self.path("r.wav"), r, sample_rate=48000)
        x, m = sc.read(self.path("r.wav"))
        self.assertEqual(x.dtype, np.float32)
        np.testing.assert_array_equal(x, r)
        for kw, name in ((dict(path=self.path("x.wav")), "sample_rate"),
                         (dict(path=self.path("x.cf32"), encoding="pcm16"), "encoding"),
                         (dict(path=self.path("x.sigmf-meta"), start_time="yesterday"),
                          "start_time"), (dict(path=self.path("x.cf32"), samples=r), "channels"),
                         (dict(path=self.path("x.wav"), sample_rate=1e3, annotations=ann),
                          "annotations"), (dict(path=self.path("x.xyz")), "format")):
            with self.subTest(kw=kw):
                args = dict(samples=z)
                args.update(kw)
                with self.assertRaises(ValueError) as ctx:
                    sc.write(args.pop("path"), args.pop("samples"), **args)
                self.assertTrue(str(ctx.exception).startswith(name + ":"), str(ctx.exception))
        with self.assertRaises(OSError):
            sc.write(self.path("nodir/x.cf32"), z)

    def test_024_fuzz_corpora_never_crash(self):
        """Every WAV and SigMF meta of the fuzz corpora: samples or a clear
        error (ValueError/OSError), never a crash."""
        corpus = os.path.join(SRC, "tests", "fuzz", "corpus")
        if not os.path.isdir(corpus):
            self.skipTest("no fuzz corpora")
        np.zeros(64, np.complex64).tofile(self.path("c.sigmf-data"))
        counts = {"ok": 0, "refused": 0}
        for kind, name in (("iqwav", "c.wav"), ("sigmf", "c.sigmf-meta"),
                           ("rawiq", "c.ci16"), ("sigmf_archive", "c.sigmf")):
            for f in sorted(glob.glob(os.path.join(corpus, kind, "*"))):
                shutil.copyfile(f, self.path(name))
                try:
                    x, m = sc.read(self.path(name))
                    self.assertLessEqual(len(x), m["frames"])
                    counts["ok"] += 1
                except (ValueError, OSError):
                    counts["refused"] += 1
        self.assertGreater(counts["ok"], 0)
        self.assertGreater(counts["refused"], 0)


if __name__ == "__main__":
    gr_unittest.run(qa_numpy_api)

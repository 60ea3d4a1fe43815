#!/usr/bin/python3
# Tests of 'stftclean reconstruct' with numpy as the independent reference:
# the STFT magnitudes and the spectral convergence (SC) are computed here, on
# signals made here (not the bench's signals).
# Usage: test_reconstruct.py /path/to/stftclean
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

BIN = None


def run(*args):
    p = subprocess.run([BIN] + [str(a) for a in args], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode >= 0, "killed by signal %d: %s" % (-p.returncode, args)
    assert p.returncode < 128, "exit %d looks like a crash: %s" % (p.returncode, args)
    return p.returncode, p.stdout, p.stderr


def ok(*args):
    rc, out, err = run(*args)
    assert rc == 0, "exit %d for %s: %s" % (rc, args, err)
    return out


def fails(code, *args, msg=None):
    rc, out, err = run(*args)
    assert rc == code, "exit %d (want %d) for %s: %s" % (rc, code, args, err)
    if msg:
        assert msg in err, "stderr %r lacks %r" % (err, msg)


def printed_sc(out):
    m = re.search(r"SC (-?[0-9.]+|-?inf) dB", out)
    assert m, "no SC in %r" % out
    return float(m.group(1))


# ---------------------------------------------------------------------------
# numpy reference: frame k = fft(w * y[kH : kH + L], N), periodic Hann
def hann(l):
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(l) / l)


def stft_mag(y, n, h, cplx, l=None):
    l = l or n
    w = hann(l)
    nf = (len(y) - l) // h + 1
    idx = np.arange(l)[None, :] + h * np.arange(nf)[:, None]
    fr = y[idx] * w
    spec = np.fft.fft(fr, n) if cplx else np.fft.rfft(fr, n)
    return np.abs(spec)


def sc_db(S, y, n, h, cplx, l=None):
    M = stft_mag(y, n, h, cplx, l)
    k = min(len(M), len(S))
    num = np.sum((M[:k] - S[:k]) ** 2) + np.sum(S[k:] ** 2)
    return 10 * np.log10(num / np.sum(S ** 2))


def padded(x, n, h):
    """The framing of the tool for a file: L - H zeros before, zeros after to
    whole frames, up to the frame that starts at or before the last sample
    (so every sample is seen by all the frames that overlap it)."""
    nf = (n - h + len(x) - 1) // h + 1
    total = (nf - 1) * h + n
    out = np.zeros(total, dtype=x.dtype)
    out[n - h:n - h + len(x)] = x
    return out


# ---------------------------------------------------------------------------
# signals made independently of the bench's
def vowels(n, fs=16000.0):
    """Two voices: harmonic tones with vibrato under formant-like envelopes,
    slow on/off envelopes."""
    t = np.arange(n) / fs
    out = np.zeros(n)
    for f0c, fm, formants, phase in ((110.0, 0.5, (700, 1200, 2500), 0.0),
                                     (210.0, 0.8, (400, 2000, 2800), 1.3)):
        f0 = f0c * (1 + 0.03 * np.sin(2 * np.pi * 6.0 * t)) + 15 * np.sin(2 * np.pi * fm * t)
        ph = 2 * np.pi * np.cumsum(f0) / fs
        env = np.clip(np.sin(2 * np.pi * 1.7 * t + phase), 0, None) ** 0.8
        for k in range(1, int(6000 / f0c)):
            fk = k * f0c
            g = sum(np.exp(-0.5 * ((fk - f) / 150.0) ** 2) for f in formants) + 0.03
            out += env * g * np.sin(k * ph + 0.7 * k)
    return (0.1 * out).astype(np.float32)


def rf_iq(n):
    """FSK bursts (symbols of 2048 samples), a chirp and a CW tone, complex."""
    rng = np.random.default_rng(4)
    t = np.arange(n)
    bits = rng.integers(0, 2, n // 2048 + 1)
    f = np.where(bits[t // 2048] == 1, 0.12, 0.07)
    on = ((t // 20000) % 2 == 0).astype(float)
    ramp = np.convolve(on, np.ones(64) / 64, mode="same")
    fsk = ramp * np.exp(2j * np.pi * np.cumsum(f))
    chirp = 0.6 * np.exp(2j * np.pi * np.cumsum(-0.35 + 0.25 * t / n))
    cw = 0.3 * np.exp(2j * np.pi * (0.3 * t + 0.1))
    return (0.4 * (fsk + chirp + cw)).astype(np.complex64)


# ---------------------------------------------------------------------------
def case_audio_default(tmp):
    """Real audio, default method (hybrid 20): same length, time-aligned,
    SC measured here below -25 dB and within 1 dB of the printed value."""
    x = vowels(40000)
    inp, outp = os.path.join(tmp, "a.f32"), os.path.join(tmp, "b.f32")
    x.tofile(inp)
    out = ok("reconstruct", inp, outp, "--rate", 16000)
    y = np.fromfile(outp, dtype=np.float32)
    assert len(y) == len(x), (len(y), len(x))
    S = stft_mag(padded(x.astype(np.float64), 1024, 256), 1024, 256, False)
    sc = sc_db(S, padded(y.astype(np.float64), 1024, 256), 1024, 256, False)
    print("  audio hybrid: SC %.2f dB (printed %.2f)" % (sc, printed_sc(out)))
    assert sc < -25.0, sc
    assert abs(sc - printed_sc(out)) < 0.05, (sc, printed_sc(out))
    # time alignment: shifting the output by a few samples either way only
    # makes its magnitudes worse (the harmonics' phases are free, so the
    # waveform correlation is not the test)
    for lag in (-32, -8, 8, 32):
        shifted = sc_db(S, padded(np.roll(y, lag).astype(np.float64), 1024, 256), 1024,
                        256, False)
        assert shifted > sc + 0.5, (lag, shifted, sc)


def case_methods(tmp):
    """Every method on real audio: SC below its level; more iterations help."""
    x = vowels(24000)
    inp = os.path.join(tmp, "a.f32")
    x.tofile(inp)
    S = stft_mag(padded(x.astype(np.float64), 512, 128), 512, 128, False)
    levels = {"gla": -15, "fgla": -20, "pghi": -15, "pghi+fgla": -25, "rtpghi": -12,
              "rtpghi-causal": -10, "rtisila": -12}
    got = {}
    for m, level in levels.items():
        outp = os.path.join(tmp, m + ".f32")
        extra = ["--iters", 6, "--lookahead", 2] if m == "rtisila" else \
            ["--iters", 50 if m in ("gla", "fgla", "pghi+fgla") else 0]
        out = ok("reconstruct", inp, outp, "--fft", 512, "--hop", 128, "--method", m, *extra)
        y = np.fromfile(outp, dtype=np.float32)
        assert len(y) == len(x)
        got[m] = sc_db(S, padded(y.astype(np.float64), 512, 128), 512, 128, False)
        print("  %-14s SC %.2f dB (printed %.2f)" % (m, got[m], printed_sc(out)))
        assert got[m] < level, (m, got[m])
        assert abs(got[m] - printed_sc(out)) < 0.05, (m, got[m], printed_sc(out))
        if m.startswith("rt"):
            # the streaming latency is undone: an error would be whole hops
            # (128). The look-ahead output is aligned to within a few
            # samples; the causal one comes out about a tenth of a hop late
            # (its phase slopes only look back), hence the wider check.
            d = 64 if m == "rtpghi-causal" else 16
            for lag in (-d, d):
                sh = sc_db(S, padded(np.roll(y, lag).astype(np.float64), 512, 128), 512,
                           128, False)
                assert sh > got[m] + 0.3, (m, lag, sh, got[m])
    assert got["fgla"] < got["gla"]
    assert got["pghi+fgla"] < got["pghi"]
    assert got["rtpghi"] < got["rtpghi-causal"]
    assert got["rtisila"] < got["rtpghi"]
    # rtisila's updates are online fast GLA (momentum 0.75 by default);
    # --momentum 0 gives plain RTISI-LA's Griffin-Lim updates, which are worse
    outp = os.path.join(tmp, "rtisila0.f32")
    ok("reconstruct", inp, outp, "--fft", 512, "--hop", 128, "--method", "rtisila",
       "--iters", 6, "--lookahead", 2, "--momentum", 0)
    y = np.fromfile(outp, dtype=np.float32)
    g0 = sc_db(S, padded(y.astype(np.float64), 512, 128), 512, 128, False)
    print("  rtisila momentum 0: SC %.2f dB, default %.2f dB" % (g0, got["rtisila"]))
    assert got["rtisila"] < g0 - 0.3, (got["rtisila"], g0)


def case_iq(tmp):
    """Complex IQ: pghi+fgla below -30 dB; fgla with a seed is repeatable."""
    x = rf_iq(60000)
    inp, outp = os.path.join(tmp, "a.cf32"), os.path.join(tmp, "b.cf32")
    x.tofile(inp)
    out = ok("reconstruct", inp, outp, "--rate", "1M")
    y = np.fromfile(outp, dtype=np.complex64)
    assert len(y) == len(x)
    S = stft_mag(padded(x.astype(np.complex128), 1024, 256), 1024, 256, True)
    sc = sc_db(S, padded(y.astype(np.complex128), 1024, 256), 1024, 256, True)
    print("  IQ pghi+fgla: SC %.2f dB (printed %.2f)" % (sc, printed_sc(out)))
    assert sc < -30.0, sc
    assert abs(sc - printed_sc(out)) < 0.05, (sc, printed_sc(out))
    o1, o2 = os.path.join(tmp, "c1.cf32"), os.path.join(tmp, "c2.cf32")
    ok("reconstruct", inp, o1, "--method", "fgla", "--iters", 10, "--seed", 5)
    ok("reconstruct", inp, o2, "--method", "fgla", "--iters", 10, "--seed", 5)
    assert np.array_equal(np.fromfile(o1, np.complex64), np.fromfile(o2, np.complex64))


def case_magnitude_file(tmp):
    """--magnitude: B = N/2+1 gives real output, B = N complex; the output has
    (frames-1)*hop+N samples and matches the magnitudes."""
    for cplx in (False, True):
        n, h = 512, 128
        sig = rf_iq(30000) if cplx else vowels(30000)
        nf = (len(sig) - n) // h + 1
        y0 = sig[:(nf - 1) * h + n]
        S = stft_mag(y0.astype(np.complex128 if cplx else np.float64), n, h, cplx)
        magp = os.path.join(tmp, "m.f32")
        S.astype(np.float32).tofile(magp)
        outp = os.path.join(tmp, "o.cf32" if cplx else "o.f32")
        out = ok("reconstruct", "--magnitude", magp, "--bins", S.shape[1], outp,
                 "--fft", n, "--hop", h)
        y = np.fromfile(outp, dtype=np.complex64 if cplx else np.float32)
        assert len(y) == (nf - 1) * h + n, (len(y), nf)
        sc = sc_db(S, y.astype(np.complex128 if cplx else np.float64), n, h, cplx)
        print("  magnitude file %s: SC %.2f dB (printed %.2f)"
              % ("complex" if cplx else "real", sc, printed_sc(out)))
        assert sc < -25.0, sc
        assert abs(sc - printed_sc(out)) < 0.1


def case_streaming_edges(tmp):
    """--magnitude with the streaming methods on a signal loud from its
    first sample: the stream has no frames before the first or after the
    last, so the file's first and last L - H samples must be rebuilt from
    the frames that exist (least squares, as the offline methods do), not
    under-weighted by the stream's dual window; and the look-ahead mode's
    last frame must not be phased as if the signal stopped after it. A
    stationary tone, whose phase real-time PGHI recovers almost exactly:
    the whole file far better than the -24 dB of under-weighted edges (the
    rescaling stops at 100 times, so the first and last few dozen samples
    stay a little low: about -50 dB against -63 dB in the middle)."""
    n, h = 1024, 256
    nf = 40
    t = np.arange((nf - 1) * h + n)
    y0 = np.cos(2 * np.pi * 0.0371 * t + 0.3)
    S = stft_mag(y0, n, h, False)
    magp = os.path.join(tmp, "m.f32")
    S.astype(np.float32).tofile(magp)
    for m in ("rtpghi", "rtpghi-causal"):
        outp = os.path.join(tmp, m + ".f32")
        out = ok("reconstruct", "--magnitude", magp, "--bins", n // 2 + 1, outp,
                 "--method", m)
        y = np.fromfile(outp, dtype=np.float32).astype(np.float64)
        assert len(y) == len(y0)
        sc = sc_db(S, y, n, h, False)
        # the middle alone: the rebuilt edges must not be worse than it
        mid = sc_db(S[4:-4], y[4 * h:len(y) - 4 * h], n, h, False)
        print("  %-14s tone loud from sample 0: SC %.2f dB, middle frames %.2f dB"
              % (m, sc, mid))
        assert sc < -45.0, (m, sc)
        assert abs(sc - printed_sc(out)) < 0.1
    # the rescaling must not turn the ill-conditioned first and last samples
    # (seen through the windows' zeros) into clicks when the phases are far
    # from consistent: magnitudes of white noise
    rng = np.random.default_rng(5)
    xn = 0.3 * rng.standard_normal(len(y0))
    Sn = stft_mag(xn, n, h, False)
    Sn.astype(np.float32).tofile(magp)
    for m in ("rtpghi", "rtpghi-causal"):
        outp = os.path.join(tmp, m + "n.f32")
        ok("reconstruct", "--magnitude", magp, "--bins", n // 2 + 1, outp, "--method", m)
        y = np.abs(np.fromfile(outp, dtype=np.float32))
        edge = max(y[:128].max(), y[-128:].max())
        inner = max(y[128:-128].max(), np.abs(xn).max())
        print("  %-14s white noise: peak of the first and last 128 samples %.2f, "
              "elsewhere %.2f" % (m, edge, inner))
        assert edge < 2.0 * inner, (m, edge, inner)


def case_loud_to_the_end(tmp):
    """A file loud up to its last sample, its length a multiple of the hop:
    its last samples must be seen by every frame that overlaps them (the
    framing pads after the input too). Seen only by the tail of the last
    window they were divided by a window value near zero: spikes 200 times
    the input (offline and real-time methods alike)."""
    n = 40192  # 157 hops of 256
    t = np.arange(n)
    x = (0.5 * np.cos(2 * np.pi * 0.0371 * t) +
         0.3 * np.sin(2 * np.pi * 0.11 * t + 0.05 * t * t / n)).astype(np.float32)
    inp = os.path.join(tmp, "a.f32")
    x.tofile(inp)
    for m in ("pghi", "pghi+fgla", "rtpghi", "rtpghi-causal"):
        outp = os.path.join(tmp, m + ".f32")
        ok("reconstruct", inp, outp, "--method", m)
        y = np.fromfile(outp, dtype=np.float32)
        assert len(y) == n
        peak, tail = np.abs(y).max(), np.abs(y[-256:]).max()
        print("  %-14s loud to the end: peak %.3f, last hop %.3f (input peak %.3f)"
              % (m, peak, tail, np.abs(x).max()))
        assert peak < 1.5 * np.abs(x).max(), (m, peak)


def case_edited(tmp):
    """An erased region of the spectrogram stays quiet in the output."""
    n, h = 1024, 256
    x = vowels(48000).astype(np.float64)
    nf = (len(x) - n) // h + 1
    y0 = x[:(nf - 1) * h + n]
    S = stft_mag(y0, n, h, False)
    S[60:100, :] = 0.0  # frames 60..99 cover samples 60*256 .. 99*256+1023
    magp, outp = os.path.join(tmp, "m.f32"), os.path.join(tmp, "o.f32")
    S.astype(np.float32).tofile(magp)
    ok("reconstruct", "--magnitude", magp, "--bins", n // 2 + 1, outp)
    y = np.fromfile(outp, dtype=np.float32).astype(np.float64)
    quiet = y[63 * 256:97 * 256]  # well inside the erased frames
    loud = y[:50 * 256]
    ratio = 10 * np.log10(np.mean(quiet ** 2) / np.mean(loud ** 2) + 1e-30)
    print("  erased region: %.1f dB below the rest" % -ratio)
    assert ratio < -30.0, ratio


def case_errors(tmp):
    x = vowels(5000)
    inp = os.path.join(tmp, "a.f32")
    x.tofile(inp)
    o = os.path.join(tmp, "o.f32")
    fails(2, "reconstruct", inp, o, "--method", "nope", msg="--method")
    fails(2, "reconstruct", inp, o, "--method", "pghi", "--iters", 5, msg="--iters")
    fails(2, "reconstruct", inp, o, "--method", "gla", "--momentum", 0.5, msg="--momentum")
    fails(2, "reconstruct", inp, o, "--momentum", 3, msg="--momentum")
    fails(2, "reconstruct", inp, o, "--lookahead", 2, msg="--lookahead")
    fails(2, "reconstruct", inp, o, "--method", "rtisila", "--lookahead", 17,
          msg="--lookahead")
    fails(2, "reconstruct", inp, o, "--method", "rtisila", "--iters", 0, msg="--iters")
    fails(2, "reconstruct", inp, o, "--method", "rtisila", "--momentum", 1.6,
          msg="--momentum")
    fails(2, "reconstruct", inp, o, "--method", "rtpghi", "--momentum", 0.5,
          msg="--momentum")
    fails(2, "reconstruct", inp, os.path.join(tmp, "o.cf32"), msg="extension")
    fails(2, "reconstruct", inp, o, "--hop", 2000, msg="hop")
    fails(2, "reconstruct", inp, msg="expected IN and OUT")
    fails(2, "reconstruct", inp, o, "--method", "raar", "--param", "raar_beta=2",
          msg="raar_beta")
    fails(2, "reconstruct", inp, o, "--method", "agla", "--param", "nope=1", msg="nope")
    fails(2, "reconstruct", inp, o, "--method", "fgla", "--hybrid-method", "agla",
          msg="--hybrid-method")
    fails(2, "reconstruct", inp, o, "--hybrid-method", "gla", msg="--hybrid-method")
    fails(2, "reconstruct", "--magnitude", inp, o, msg="--bins")
    fails(2, "reconstruct", "--magnitude", inp, "--bins", 100, o, msg="--bins")
    # 5000 floats are not whole frames of 513 bins
    fails(1, "reconstruct", "--magnitude", inp, "--bins", 513, o, msg="whole number")
    fails(1, "reconstruct", os.path.join(tmp, "missing.f32"), o)
    # a file of NaN magnitudes is accepted with a warning, no crash
    np.full(513 * 8, np.nan, dtype=np.float32).tofile(os.path.join(tmp, "nan.f32"))
    rc, out, err = run("reconstruct", "--magnitude", os.path.join(tmp, "nan.f32"),
                       "--bins", 513, o)
    assert rc == 0 and "non-finite" in err, (rc, err)


def case_input_formats(tmp):
    """IN in any format the core reads (through the same reader as clean):
    a ci16 file rebuilds exactly as the cf32 file of its decoded samples,
    and a SigMF recording gives its sample rate to a WAV output."""
    rng = np.random.default_rng(3)
    n = 6000
    q = np.clip(np.round(rng.standard_normal((n, 2)) * 4000), -32768, 32767)
    ci16 = os.path.join(tmp, "a.ci16")
    q.astype("<i2").tofile(ci16)
    cf32 = os.path.join(tmp, "a.cf32")
    (q / 32768.0).astype("<f4").tofile(cf32)
    args = ["--method", "pghi", "--fft", 256, "--hop", 64]
    ok("reconstruct", ci16, os.path.join(tmp, "x.cf32"), *args)
    ok("reconstruct", cf32, os.path.join(tmp, "y.cf32"), *args)
    with open(os.path.join(tmp, "x.cf32"), "rb") as a, \
            open(os.path.join(tmp, "y.cf32"), "rb") as b:
        assert a.read() == b.read(), "ci16 and cf32 inputs rebuild differently"
    meta = os.path.join(tmp, "s.sigmf-meta")
    (q / 32768.0).astype("<f4").tofile(os.path.join(tmp, "s.sigmf-data"))
    with open(meta, "w") as f:
        f.write('{"global": {"core:datatype": "cf32_le", "core:sample_rate": 48000, '
                '"core:version": "1.0.0"}, "captures": [{"core:sample_start": 0}], '
                '"annotations": []}')
    wav = os.path.join(tmp, "s.wav")
    ok("reconstruct", meta, wav, *args)
    import struct
    with open(wav, "rb") as f:
        head = f.read(128)
    fmt = head.find(b"fmt ")  # after a JUNK chunk (room for an RF64 header)
    assert fmt > 0 and struct.unpack("<I", head[fmt + 12:fmt + 16])[0] == 48000, head
    fails(2, "reconstruct", os.path.join(tmp, "a.dat"), os.path.join(tmp, "z.cf32"),
          msg="--format")
    fails(2, "reconstruct", ci16, os.path.join(tmp, "z.cf32"), "--format", "s16",
          msg="--format")
    fails(2, "reconstruct", "-", os.path.join(tmp, "z.cf32"), "--format", "cf32",
          msg="only clean reads standard input")
    fails(2, "reconstruct", ci16, ci16, "--format", "ci16", msg="output is the input")


def case_bench_smoke(tmp):
    """bench_phase --quick runs and prints every speed line and the SC table;
    the offline methods beat the issue's floors on the bench's signals."""
    out = ok("bench_phase", "--quick")
    for key in ("FGLA real", "FGLA complex", "PGHI real", "RTPGHI+ISTFT real",
                "RTISI-LA real", "spectral convergence"):
        assert key in out, (key, out)
    rows = {}
    sig = ""
    for line in out.splitlines():
        m = re.match(r"  (\S.{21}|\s{22}) (\S.{21}) +(-?[0-9.]+)", line)
        if m:
            sig = m.group(1).strip() or sig
            rows[(sig, m.group(2).strip())] = float(m.group(3))
    assert rows[("speech-like real", "FGLA 100, random")] <= -31.5, rows
    assert rows[("speech-like real", "PGHI + 20 FGLA")] <= -31.0, rows
    assert rows[("RF-like real", "PGHI + 20 FGLA")] <= -34.0, rows
    assert rows[("RF-like complex (IQ)", "PGHI + 20 FGLA")] <= -34.0, rows


def case_projection_methods(tmp):
    """raar, dm, admm, agla and the hybrid's choices on real audio and IQ:
    the SC measured here below -25 dB, equal to the printed one."""
    for cplx in (False, True):
        x = vowels(24000)
        if cplx:
            t = np.arange(len(x))
            x = (x * np.exp(0.3j * t)).astype(np.complex64)
        ext = ".cf32" if cplx else ".f32"
        inp = os.path.join(tmp, "p" + ext)
        x.tofile(inp)
        S = stft_mag(padded(x.astype(np.complex128 if cplx else np.float64), 512, 128), 512,
                     128, cplx)
        for extra in (["--method", "raar"], ["--method", "dm"], ["--method", "admm"],
                      ["--method", "agla", "--param", "agla_gamma=1.2"],
                      ["--hybrid-method", "agla", "--iters", 60]):
            outp = os.path.join(tmp, "q" + ext)
            out = ok("reconstruct", inp, outp, "--fft", 512, "--hop", 128, "--rate", 16000,
                     *extra)
            y = np.fromfile(outp, dtype=np.complex64 if cplx else np.float32)
            assert len(y) == len(x)
            sc = sc_db(S, padded(y.astype(np.complex128 if cplx else np.float64), 512, 128),
                       512, 128, cplx)
            print("  %s %-40s SC %.2f dB" % ("IQ  " if cplx else "real", " ".join(
                map(str, extra)), sc))
            assert sc < -25.0, (extra, sc)
            assert abs(sc - printed_sc(out)) < 0.05, (extra, sc, printed_sc(out))


def case_bench_curves(tmp):
    """bench_phase --curves --quick: a row per method per signal and the SVG
    with the two panels of every signal and a curve per method in each."""
    svg = os.path.join(tmp, "c.svg")
    out = ok("bench_phase", "--curves", "--quick", "--svg", svg)
    for m in ("FGLA", "RAAR", "DM", "ADMM", "AGLA", "L-BFGS", "hybrid"):
        assert re.search(r"^  %s +-?[0-9.]+ " % re.escape(m), out, re.M), (m, out)
    text = open(svg).read()
    nsig = text.count("SC vs iterations")
    assert nsig >= 2 and text.count("SC vs time") == nsig, text[:400]
    assert text.count("<polyline") == 2 * 7 * nsig
    assert text.startswith("<svg") and text.rstrip().endswith("</svg>")


CASES = [case_audio_default, case_methods, case_iq, case_magnitude_file, case_streaming_edges,
         case_loud_to_the_end,
         case_edited,
         case_errors, case_input_formats, case_bench_smoke, case_projection_methods,
         case_bench_curves]


def main():
    global BIN
    BIN = sys.argv[1]
    failed = 0
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                case(tmp)
                print("PASS", case.__name__)
            except AssertionError as e:
                failed += 1
                print("FAIL", case.__name__, e)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

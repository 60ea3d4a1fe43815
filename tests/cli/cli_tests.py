#!/usr/bin/python3
# Tests of the stftclean command-line tool, with numpy as the independent
# reference. Usage: cli_tests.py /path/to/stftclean CASE
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

BIN = None
RNG = np.random.default_rng(20240611)


def run(*args):
    """Run the tool; return (rc, stdout, stderr). A signal is a failure."""
    p = subprocess.run([BIN] + [str(a) for a in args], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode >= 0, "killed by signal %d: %s" % (-p.returncode, args)
    assert p.returncode < 128, "exit %d looks like a crash: %s" % (p.returncode, args)
    return p.returncode, p.stdout, p.stderr


def ok(*args):
    rc, out, err = run(*args)
    assert rc == 0, "exit %d for %s: %s" % (rc, args, err)
    assert err == "", "unexpected stderr for %s: %r" % (args, err)
    return out


def write(path, x):
    if np.iscomplexobj(x):
        x.astype(np.complex64).tofile(path)
    else:
        x.astype(np.float32).tofile(path)


def read(path, cplx):
    return np.fromfile(path, dtype=np.complex64 if cplx else np.float32)


def noise(n, cplx):
    if cplx:
        return (RNG.standard_normal(n) + 1j * RNG.standard_normal(n)) * 0.3
    return RNG.standard_normal(n) * 0.3


# ---------------------------------------------------------------------------
def case_roundtrip(tmp):
    """mask none: output == input, same length, first and last samples too."""
    configs = [
        # (fft, hop, extra options)
        (1024, 256, []),
        (1000, 250, []),                          # not a power of two
        (1024, 150, ["--window-len", "600"]),     # window shorter than the FFT
        (512, 128, ["--window", "blackman"]),
        (256, 64, ["--window", "kaiser:8", "--plan", "measure"]),
        (40000, 10000, []),                       # the big non-2^k size
    ]
    # lengths: not a multiple of any hop, more than one 64 K chunk, shorter
    # than the latency, a single sample
    lengths = [150001, 4097, 100, 1]
    for cplx in (True, False):
        ext = "cf32" if cplx else "f32"
        for n in lengths:
            x = noise(n, cplx)
            x[0] = 0.9 + (0.4j if cplx else 0)   # edges must survive exactly
            x[-1] = -0.7 - (0.2j if cplx else 0)
            src = os.path.join(tmp, "in.%s" % ext)
            dst = os.path.join(tmp, "out.%s" % ext)
            write(src, x)
            rms = np.sqrt(np.mean(np.abs(x) ** 2))
            for i, (fft, hop, extra) in enumerate(configs):
                # mask none works in bins and frames: --rate is optional
                rate = ["--rate", "48000"] if i % 2 == 0 else []
                out = ok("clean", src, dst, *rate, "--fft", fft, "--hop", hop,
                         "--mask", "none", *extra)
                y = read(dst, cplx)
                assert y.shape == x.shape, "length %d != %d (%s %d/%d %s)" % (
                    y.size, x.size, ext, fft, hop, extra)
                err = np.max(np.abs(y - x))
                assert err <= 1e-5 * rms, "%s n=%d fft %d hop %d %s: max err %g rms %g" % (
                    ext, n, fft, hop, extra, err, rms)
                assert abs(y[0] - x[0]) <= 1e-5 * rms and abs(y[-1] - x[-1]) <= 1e-5 * rms
                win_len = int(extra[1]) if extra[:1] == ["--window-len"] else fft
                assert ("latency %d samples" % (win_len - hop)) in out, out
                assert "mask none" in out, out
                # the report and the summary line that closes it
                lines = out.strip().splitlines()
                assert len(lines) <= 3, out
                assert lines[-1].startswith("stftclean: done: %d samples " % n), out
                assert ("of signal" in lines[-1]) == bool(rate), out  # rate known?
    # --format overrides an unknown extension
    x = noise(3000, True)
    src = os.path.join(tmp, "in.bin")
    dst = os.path.join(tmp, "out.bin")
    write(src, x)
    ok("clean", src, dst, "--format", "cf32", "--rate", "1M", "--fft", "256", "--hop", "64",
       "--mask", "none")
    y = read(dst, True)
    assert y.shape == x.shape and np.max(np.abs(y - x)) <= 1e-5 * np.sqrt(np.mean(np.abs(x) ** 2))


# ---------------------------------------------------------------------------
def tone_level_db(x, fs, f, cplx):
    """Peak level (dB) of a Hann-windowed FFT within +-3 bins of f."""
    n = x.size
    w = np.hanning(n)
    if cplx:
        spec = np.fft.fftshift(np.fft.fft(x * w))
        freqs = np.fft.fftshift(np.fft.fftfreq(n, 1.0 / fs))
    else:
        spec = np.fft.rfft(x * w)
        freqs = np.fft.rfftfreq(n, 1.0 / fs)
    k = np.argmin(np.abs(freqs - f))
    return 20 * np.log10(np.max(np.abs(spec[max(k - 3, 0):k + 4])) + 1e-30)


def case_band(tmp):
    """Band mask: keep a band around one tone; the other drops >= 40 dB."""
    fs = 48000.0
    n = 1 << 16
    t = np.arange(n) / fs
    cases = [
        # (complex, keep-tone Hz, drop-tone Hz, options)
        (True, 5000.0, -12000.0, ["--bands", "2000:8000"]),
        (True, 5000.0, -12000.0, ["--bands", "-15000:-9000", "--reject"]),
        (True, -3000.0, 9000.0, ["--bands", "-4000:-2000,15000:20000"]),
        (False, 3000.0, 9000.0, ["--bands", "2000:4000"]),
        (False, 3000.0, 9000.0, ["--bands", "7000:11000", "--reject"]),
    ]
    for cplx, keep, drop, opts in cases:
        ext = "cf32" if cplx else "f32"
        if cplx:
            x = 0.5 * np.exp(2j * np.pi * keep * t) + 0.5 * np.exp(2j * np.pi * drop * t)
        else:
            x = 0.5 * np.cos(2 * np.pi * keep * t) + 0.5 * np.cos(2 * np.pi * drop * t)
        src = os.path.join(tmp, "tones.%s" % ext)
        dst = os.path.join(tmp, "clean.%s" % ext)
        write(src, x)
        out = ok("clean", src, dst, "--rate", fs, "--fft", "1024", "--hop", "256",
                 "--mask", "band", "--floor-db", "-80", *opts)
        assert "mask band" in out, out
        y = read(dst, cplx)
        assert y.size == x.size
        kept = tone_level_db(y, fs, keep, cplx) - tone_level_db(x, fs, keep, cplx)
        dropped = tone_level_db(y, fs, drop, cplx) - tone_level_db(x, fs, drop, cplx)
        assert abs(kept) < 1.0, "%s %s: kept tone changed by %.2f dB" % (ext, opts, kept)
        assert dropped <= -40.0, "%s %s: other tone only %.1f dB down" % (ext, opts, dropped)
        print("%s %s: kept %+.2f dB, dropped %.1f dB" % (ext, " ".join(opts), kept, dropped))


# ---------------------------------------------------------------------------
def tone_bursts(fs, n, seed=5):
    """Tone bursts (30 ms, four frequencies) every 100 ms in complex noise of
    power 0.01; returns (noisy, clean, burst index ranges)."""
    rng = np.random.default_rng(seed)
    noise = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * np.sqrt(0.01 / 2)
    clean = np.zeros(n, complex)
    t = np.arange(n)
    bursts = []
    # the first burst comes after 0.2 s: the noise floor needs one of its 16
    # sub-windows (125 ms by default) before it is settled
    for k, start in enumerate(range(int(0.2 * fs), n - int(0.06 * fs), int(0.1 * fs))):
        end = start + int(0.03 * fs)
        f = (-200e3, 50e3, 120e3, -80e3)[k % 4]
        clean[start:end] = 0.3 * np.exp(2j * np.pi * f / fs * t[start:end])
        bursts.append((start, end))
    return clean + noise, clean, bursts


def power_db(v):
    return 10 * np.log10(np.mean(np.abs(v) ** 2) + 1e-30)


def case_estimator(tmp):
    """--mask auto on tone bursts in noise: same length, time-aligned, noise
    between bursts down >= 20 dB, every burst's power within 1 dB."""
    fs = 1e6
    n = int(1.0 * fs)
    x, clean, bursts = tone_bursts(fs, n)
    src = os.path.join(tmp, "bursts.cf32")
    dst = os.path.join(tmp, "clean.cf32")
    write(src, x)
    xs = x.astype(np.complex64)
    gap = np.zeros(n, bool)
    prev = int(0.02 * fs)
    for s, e in bursts:
        gap[prev:s - int(0.005 * fs)] = True  # the support hangs on after a burst
        prev = e + int(0.025 * fs)
    margin = int(0.002 * fs)
    runs = [
        (["--mask", "auto"], None),
        (["--mask", "auto", "--lookahead", "0"], 1024 - 256),  # causal: no look-ahead
        (["--mask", "auto", "--pfa", "1e-6", "--no-lines", "--impulse",
          "--noise-window", "0.5", "--region-time", "0.008", "--region-freq", "20e3",
          "--hang-time", "0.01", "--smooth-time", "0.001", "--smooth-freq", "2000"], None),
    ]
    for opts, lat_want in runs:
        out = ok("clean", src, dst, "--rate", "1M", "--fft", "1024", "--hop", "256", *opts)
        assert "mask auto" in out, out
        lat = int(re.search(r"latency (\d+) samples", out).group(1))
        if lat_want is not None:
            assert lat == lat_want, out
        else:
            assert lat > 1024 - 256 and (lat - (1024 - 256)) % 256 == 0, out
        y = read(dst, True)
        assert y.shape == xs.shape, "length %d != %d" % (y.size, xs.size)
        drop = power_db(y[gap]) - power_db(xs[gap])
        assert drop <= -20.0, "%s: noise between bursts only %.1f dB down" % (opts, drop)
        worst = 0.0
        for s, e in bursts:
            seg = slice(s + margin, e - margin)
            kept = power_db(y[seg]) - power_db(clean[seg])
            worst = max(worst, abs(kept))
            # time-aligned: the output is the burst itself, not a shifted copy
            err = power_db(y[seg] - clean[seg]) - power_db(clean[seg])
            assert err <= -15.0, "%s: burst at %d misaligned or distorted (%.1f dB)" % (
                opts, s, err)
        assert worst <= 1.0, "%s: a burst's power changed by %.2f dB" % (opts, worst)
        print("%s: latency %d, noise between bursts %.1f dB, bursts within %.2f dB" % (
            " ".join(opts), lat, drop, worst))
    # every estimator runs and keeps the length
    for mask in ("gate", "wiener", "cfar"):
        out = ok("clean", src, dst, "--rate", "1M", "--mask", mask)
        assert ("mask %s" % mask) in out, out
        assert read(dst, True).shape == xs.shape
    # real files too
    xr = np.real(x[:200000])
    src_r = os.path.join(tmp, "bursts.f32")
    dst_r = os.path.join(tmp, "clean.f32")
    write(src_r, xr)
    ok("clean", src_r, dst_r, "--rate", "1M", "--mask", "auto")
    assert read(dst_r, False).shape == xr.shape
    out = ok("clean", "--help")
    for opt in ("--pfa", "--noise-window", "--region-freq", "--lookahead", "--no-lines",
                "--no-impulse", "--smooth-freq", "default 1e-8"):
        assert opt in out, opt


# ---------------------------------------------------------------------------
def case_info(tmp):
    x = noise(48000, True)
    src = os.path.join(tmp, "a.cf32")
    write(src, x)
    out = ok("info", src, "--rate", "48k")
    assert re.search(r"samples:\s+48000\b", out), out
    assert "cf32" in out and "1.000 s" in out, out
    rms = float(re.search(r"rms:\s+(\S+)", out).group(1))
    peak = float(re.search(r"peak:\s+(\S+)", out).group(1))
    xs = x.astype(np.complex64)
    assert abs(rms - np.sqrt(np.mean(np.abs(xs) ** 2))) < 1e-4, out
    assert abs(peak - np.max(np.abs(xs))) < 1e-4, out
    assert re.search(r"^sanity:", out, re.M), out
    # real file, no rate, all zeros
    src = os.path.join(tmp, "z.f32")
    write(src, np.zeros(10))
    out = ok("info", src)
    assert re.search(r"samples:\s+10\b", out) and "f32" in out and "zero" in out, out
    # NaN is reported, not a crash
    x = noise(100, False)
    x[7] = np.nan
    write(src, x)
    out = ok("info", src)
    assert "NaN" in out, out
    # --format overrides the extension
    src = os.path.join(tmp, "rec.dat")
    write(src, noise(64, True))
    out = ok("info", src, "--format", "cf32")
    assert re.search(r"samples:\s+64\b", out), out
    for args in (["--help"], ["info", "--help"], ["clean", "--help"], ["bench", "--help"]):
        out = ok(*args)
        assert "usage:" in out, out


# ---------------------------------------------------------------------------
def case_bad(tmp):
    good = os.path.join(tmp, "good.cf32")
    write(good, noise(4096, True))
    empty = os.path.join(tmp, "empty.cf32")
    open(empty, "wb").close()
    trunc = os.path.join(tmp, "trunc.cf32")
    with open(trunc, "wb") as f:
        f.write(b"\0" * 12)            # 1.5 cf32 samples
    trunc_f = os.path.join(tmp, "trunc.f32")
    with open(trunc_f, "wb") as f:
        f.write(b"\0" * 6)
    missing = os.path.join(tmp, "nope.cf32")
    out = os.path.join(tmp, "o.cf32")
    base = ["--fft", "256", "--hop", "64"]
    cases = [
        # (args, text the error line must contain)
        (["info", missing], "nope.cf32"),
        (["info", empty], "empty"),
        (["info", trunc], "multiple"),
        (["info", trunc_f], "multiple"),
        (["info", good, "--rate", "0"], "--rate"),
        (["info", good, "--rate", "-5"], "--rate"),
        (["info", good, "--rate", "fast"], "--rate"),
        (["info", good, "--rate"], "needs a value"),
        (["info"], "FILE"),
        (["info", os.path.join(tmp, "noext")], "format"),
        (["info", good, "--format", "s16"], "--format"),
        (["clean", missing, out, "--rate", "1e6"] + base, "nope.cf32"),
        (["clean", empty, out, "--rate", "1e6"] + base, "empty"),
        (["clean", trunc, out, "--rate", "1e6"] + base, "multiple"),
        (["clean", good, out, "--mask", "band", "--bands", "0:1"] + base, "--rate"),
        (["clean", good, out, "--rate", "0"] + base, "--rate"),
        (["clean", good, out, "--rate", "-48000"] + base, "--rate"),
        (["clean", good, out, "--rate", "nan"] + base, "--rate"),
        (["clean", good, out, "--rate", "1e6", "--fft", "256", "--hop", "0"], "hop"),
        (["clean", good, out, "--rate", "1e6", "--fft", "256", "--hop", "-3"], "--hop"),
        (["clean", good, out, "--rate", "1e6", "--fft", "256", "--hop", "300"], "hop"),
        (["clean", good, out, "--rate", "1e6", "--fft", "1", "--hop", "1"], "fft_size"),
        (["clean", good, out, "--rate", "1e6", "--fft", "256", "--hop", "256"], "hop"),
        (["clean", good, out, "--rate", "1e6", "--window-len", "512"] + base, "window_len"),
        (["clean", good, out, "--rate", "1e6", "--window", "triangle"] + base, "window"),
        (["clean", good, out, "--rate", "1e6", "--window", "kaiser:-1"] + base, "window"),
        (["clean", good, out, "--rate", "1e6", "--mask", "magic"] + base, "mask"),
        (["clean", good, out, "--rate", "1e6", "--mask", "band"] + base, "bands"),
        (["clean", good, out, "--rate", "1e6", "--mask", "band", "--bands", "x:y"] + base,
         "bands"),
        (["clean", good, out, "--rate", "1e6", "--mask", "threshold", "--threshold-db",
          "1000"] + base, "threshold"),
        (["clean", good, out, "--rate", "1e6", "--floor-db", "abc"] + base, "--floor-db"),
        (["clean", good, out, "--mask", "auto"] + base, "--rate"),
        (["clean", good, out, "--rate", "1e6", "--mask", "auto", "--pfa", "0"] + base,
         "pfa"),
        (["clean", good, out, "--rate", "1e6", "--mask", "auto", "--pfa", "x"] + base,
         "--pfa"),
        (["clean", good, out, "--rate", "1e6", "--mask", "auto", "--region-freq",
          "1000"] + base, "region_freq"),
        (["clean", good, out, "--rate", "1e6", "--mask", "auto", "--noise-window",
          "0.001"] + base, "noise_window"),
        (["clean", good, out, "--rate", "1e6", "--mask", "cfar", "--hysteresis-db",
          "30"] + base, "hysteresis_db"),
        (["clean", good, out, "--rate", "1e6", "--mask", "gate", "--smooth-time",
          "1e-6"] + base, "smooth_time"),
        (["clean", good, out, "--rate", "1e6", "--mask", "auto", "--region-time",
          "0.001", "--lookahead", "0.01"] + base, "lookahead"),
        (["clean", good, out, "--rate", "1e6", "--mask", "auto", "--hang-time"] + base,
         "--hang-time"),
        (["clean", good, out, "--rate", "1e6", "--plan", "patient"] + base, "--plan"),
        (["clean", good, out, "--rate", "1e6", "--bogus"] + base, "--bogus"),
        (["clean", good, "--rate", "1e6"] + base, "OUT"),
        (["clean", good, good, "--rate", "1e6"] + base, "input"),
        (["clean", good, os.path.join(tmp, "o.f32"), "--rate", "1e6"] + base, "f32"),
        (["clean", good, os.path.join(tmp, "no/dir/o.cf32"), "--rate", "1e6"] + base,
         "o.cf32"),
        (["bench", "--bogus"], "--bogus"),
        (["frobnicate"], "frobnicate"),
    ]
    for args, needle in cases:
        rc, so, se = run(*args)
        lines = se.splitlines()
        assert rc != 0, "exit 0 for %s" % args
        assert len(lines) == 1, "want one stderr line for %s, got %r" % (args, se)
        assert lines[0].startswith("stftclean: "), "%s: %r" % (args, se)
        assert needle in lines[0], "%s: %r does not mention %r" % (args, se, needle)
        print("%-70s -> %d %s" % (" ".join(a.replace(tmp, "T") for a in args)[:70], rc,
                                  lines[0].replace(tmp, "T")))
    # the input survives an attempt to clean it onto itself
    assert os.path.getsize(good) == 4096 * 8
    # no stray output from a failed run
    assert not os.path.exists(os.path.join(tmp, "o.f32"))
    # no arguments at all: usage on stderr, non-zero exit
    rc, so, se = run()
    assert rc != 0 and "usage:" in se


# ---------------------------------------------------------------------------
def case_bench(tmp):
    out = ok("bench", "--quick")
    lines = out.splitlines()
    header = [l for l in lines if "ratio" in l and "hop" in l]
    assert len(header) == 1, out
    rows = [l.split() for l in lines if re.match(r"^\s*\d+\s+\d+\s", l)]
    got = [(int(r[0]), int(r[1])) for r in rows]
    want = [(n, n // d) for n in (256, 1024, 4096, 40000) for d in (2, 4)]
    assert got == want, out
    for r in rows:
        assert len(r) == 7 and all(float(v) > 0 for v in r[2:]), out
    assert re.search(r"^median ratio .* \d+\.\d+", out, re.M), out
    print(out)

# ---------------------------------------------------------------------------
def iq_wav_bytes(iq16, rate, centre=None, start=None, chunks=b""):
    """PCM16 WAV built byte by byte: fmt, optional SDR#/HDSDR auxi chunk
    (SYSTEMTIME start, SYSTEMTIME stop, uint32 centre frequency, ...), extra
    raw chunks, data. iq16 is an (n, channels) int16 array."""
    import struct
    ch = iq16.shape[1]
    body = b"WAVE" + b"fmt " + struct.pack("<IHHIIHH", 16, 1, ch, rate,
                                           rate * 2 * ch, 2 * ch, 16)
    if centre is not None:
        aux = struct.pack("<8H", *start) + struct.pack("<8H", *([0] * 8))
        aux += struct.pack("<5I", centre, rate, 0, 0, 0)
        body += b"auxi" + struct.pack("<I", len(aux)) + aux
    body += chunks
    data = iq16.astype("<i2").tobytes()
    body += b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def case_wav_info(tmp):
    import struct
    n, fs = 24000, 48000
    iq = (RNG.standard_normal((n, 2)) * 4000).clip(-32768, 32767).astype(np.int16)
    src = os.path.join(tmp, "rec.wav")
    odd = b"abcd" + struct.pack("<I", 3) + b"xyz\0"   # odd size + pad byte
    with open(src, "wb") as f:
        f.write(iq_wav_bytes(iq, fs, 7100000, (2024, 3, 5, 15, 13, 45, 30, 250),
                             odd))
    out = ok("info", src)
    assert re.search(r"samples:\s+24000\b", out), out
    assert re.search(r"rate:\s+48000 Hz", out), out
    assert re.search(r"channels:\s+2\b", out) and re.search(r"bits:\s+16\b", out), out
    assert "PCM" in out and "complex" in out, out
    assert "500.000 ms" in out, out
    assert re.search(r"centre:\s+7100000 Hz", out), out
    assert "start:    2024-03-15 13:45:30.250" in out, out
    z = (iq[:, 0] + 1j * iq[:, 1]) / 32768.0
    rms = float(re.search(r"rms:\s+(\S+)", out).group(1))
    assert abs(rms - np.sqrt(np.mean(np.abs(z) ** 2))) < 1e-4, out
    dc = re.search(r"dc:\s+(\S+) (\S+)j", out)
    assert abs(float(dc.group(1)) - z.real.mean()) < 1e-5, out
    assert abs(float(dc.group(2)) - z.imag.mean()) < 1e-5, out
    # scipy-written float32 mono: real, no auxi lines
    import scipy.io.wavfile as wavfile
    mono = os.path.join(tmp, "mono.wav")
    wavfile.write(mono, 8000, (noise(800, False) * 0.5).astype(np.float32))
    out = ok("info", mono)
    assert "float 32-bit, real" in out and re.search(r"channels:\s+1\b", out), out
    assert "100.000 ms" in out and "centre:" not in out and "start:" not in out, out
    # an unfinished recording (data size 0) is read to the end of the file
    b = bytearray(iq_wav_bytes(iq[:100], fs))
    b[40:44] = b"\0\0\0\0"
    with open(src, "wb") as f:
        f.write(bytes(b) + b"\x01")       # plus a partial frame
    out = ok("info", src)
    assert re.search(r"samples:\s+100\b", out) and "header:" in out, out
    # corrupt files: one error line, exit 1, no crash
    bad = os.path.join(tmp, "bad.wav")
    for blob, want in [(b"", "empty"), (b"RIFF\0\0", "too short"),
                       (iq_wav_bytes(iq[:4], fs)[:36], "no data chunk"),
                       (iq_wav_bytes(iq[:4], fs).replace(b"\x10\x00data", b"\x0c\x00data"),
                        "bits per sample 12")]:
        with open(bad, "wb") as f:
            f.write(blob)
        rc, so, se = run("info", bad)
        assert rc == 1 and want in se and so == "", (blob[:40], rc, se)


def case_wav_clean(tmp):
    import warnings
    import scipy.io.wavfile as wavfile
    warnings.simplefilter("ignore", wavfile.WavFileWarning)  # JUNK / auxi chunks
    n, fs = 20000, 32000
    iq = (RNG.standard_normal((n, 2)) * 3000).clip(-32768, 32767).astype(np.int16)
    src = os.path.join(tmp, "in.wav")
    with open(src, "wb") as f:
        f.write(iq_wav_bytes(iq, fs, 145800000, (2025, 1, 3, 2, 4, 5, 6, 7)))
    dst = os.path.join(tmp, "out.wav")
    # mask none: identity, rate from the file, float32 stereo out
    out = ok("clean", src, dst, "--fft", "512", "--hop", "128", "--mask", "none")
    assert "at 32000 Hz" in out, out
    rate, y = wavfile.read(dst)
    assert rate == fs and y.dtype == np.float32 and y.shape == (n, 2), (rate, y.shape)
    assert np.max(np.abs(y - iq / 32768.0)) < 1e-5
    info = ok("info", dst)
    assert re.search(r"centre:\s+145800000 Hz", info), info
    assert "start:    2025-01-02 04:05:06.007" in info, info
    # an estimator mask runs without --rate on a WAV input
    ok("clean", src, dst, "--mask", "auto")
    rate, y = wavfile.read(dst)
    assert y.shape == (n, 2) and np.all(np.isfinite(y))
    # mono scipy file -> mono float32 out
    mono = os.path.join(tmp, "mono.wav")
    x = (noise(5000, False) * 0.2 * 32768).astype(np.int16)
    wavfile.write(mono, 8000, x)
    ok("clean", mono, dst, "--fft", "256", "--hop", "64", "--mask", "none")
    rate, y = wavfile.read(dst)
    assert rate == 8000 and y.shape == (5000,), y.shape
    assert np.max(np.abs(y - x / 32768.0)) < 1e-5
    # a raw output name for a WAV input is obeyed, with a warning naming
    # what the raw file cannot hold
    rc, so, se = run("clean", src, os.path.join(tmp, "o.cf32"), "--mask", "none")
    assert rc == 0 and se.count("\n") == 1 and "warning" in se, se
    assert "sample rate, centre frequency and start time" in se, se
    y = np.fromfile(os.path.join(tmp, "o.cf32"), np.complex64)
    assert y.size == n and np.max(np.abs(y - (iq[:, 0] + 1j * iq[:, 1]) / 32768.0)) < 1e-5


CASES = {"roundtrip": case_roundtrip, "band": case_band, "estimator": case_estimator,
         "info": case_info,
         "bad": case_bad, "bench": case_bench,
         "wav_info": case_wav_info, "wav_clean": case_wav_clean}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in CASES:
        sys.exit("usage: cli_tests.py STFTCLEAN_BINARY {%s}" % "|".join(CASES))
    BIN = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="stftclean-cli-") as d:
        CASES[sys.argv[2]](d)
    print("ok")

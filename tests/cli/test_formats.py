#!/usr/bin/env python3
# stftclean info / clean / describe across recording formats: IQ WAV (with an
# SDRuno-style auxi chunk), SigMF, raw cf32/ci16/ci8/cu8/f32. numpy builds and
# decodes every file independently of the tool; json checks the SigMF meta.
# Usage: test_formats.py /path/to/stftclean
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

import numpy as np

BIN = None
FS = 1_000_000
CENTRE = 100_000_000
N = 50_000


def run(*args):
    p = subprocess.run([BIN] + [str(a) for a in args], capture_output=True, text=True,
                       timeout=120)
    assert 0 <= p.returncode < 128, "crash %d: %s" % (p.returncode, args)
    return p.returncode, p.stdout, p.stderr


def ok(*args):
    rc, out, err = run(*args)
    assert rc == 0, "exit %d for %s: %s" % (rc, args, err)
    assert err == "", "stderr for %s: %r" % (args, err)
    return out


def fails(want_rc, needle, *args):
    rc, out, err = run(*args)
    lines = err.splitlines()
    assert rc == want_rc, "exit %d (want %d) for %s: %s" % (rc, want_rc, args, err)
    assert len(lines) == 1 and lines[0].startswith("stftclean: "), (args, err)
    assert needle in lines[0], "%r does not mention %r" % (lines[0], needle)


def iq_wav(path, iq16, fs, centre=None, start=None, pad_to_216=True, stop=None,
           words=(), next_file=b"", auxi_size=164):
    """Two-channel PCM16 WAV as SDRuno writes it: fmt, auxi (164 bytes), data
    at byte 216. words: the auxi words after the centre frequency (ADC, IF,
    bandwidth, IQ offset); auxi_size < 164 cuts the chunk short."""
    fmt = struct.pack("<HHIIHH", 1, 2, fs, fs * 4, 4, 16)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt
    if centre is not None:
        st = start or (0,) * 8
        auxi = struct.pack("<8H", *st) + struct.pack("<8H", *(stop or (0,) * 8))
        auxi += struct.pack("<I", centre) + struct.pack("<%di" % len(words), *words)
        auxi += b"\0" * (68 - len(auxi)) + next_file.ljust(96, b"\0")
        auxi = auxi[:auxi_size]
        chunks += b"auxi" + struct.pack("<I", len(auxi)) + auxi + b"\0" * (len(auxi) & 1)
    data = iq16.astype("<i2").tobytes()
    body = b"WAVE" + chunks + b"data" + struct.pack("<I", len(data)) + data
    blob = b"RIFF" + struct.pack("<I", len(body)) + body
    if centre is not None and pad_to_216 and auxi_size == 164:
        assert blob.index(b"data") + 8 == 216
    with open(path, "wb") as f:
        f.write(blob)
    return blob.index(b"data") + 8


def read_wav(path):
    """(rate, channels, samples as float) from a PCM16/float32 WAV, walking the
    chunks (auxi and JUNK are skipped)."""
    b = open(path, "rb").read()
    assert b[:4] in (b"RIFF", b"RF64") and b[8:12] == b"WAVE"
    pos, fmt, data = 12, None, None
    while pos + 8 <= len(b):
        cid, size = b[pos:pos + 4], struct.unpack("<I", b[pos + 4:pos + 8])[0]
        body = b[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            data = body
        pos += 8 + size + (size & 1)
    tag, ch, rate, _, _, bits = fmt
    if tag == 3:
        x = np.frombuffer(data, "<f4").astype(np.float64)
    else:
        assert bits == 16
        x = np.frombuffer(data, "<i2") / 32768.0
    return rate, ch, x.reshape(-1, ch)


def decode_raw(path, kind, offset=0):
    b = open(path, "rb").read()[offset:]
    if kind == "cf32":
        v = np.frombuffer(b, "<f4").astype(np.float64)
    elif kind == "ci16":
        v = np.frombuffer(b, "<i2") / 32768.0
    elif kind == "ci8":
        v = np.frombuffer(b, "i1") / 128.0
    elif kind == "cu8":
        v = (np.frombuffer(b, "u1") - 127.5) / 128.0
    else:
        raise ValueError(kind)
    return v[0::2] + 1j * v[1::2]


def tone_peak_hz(z, fs):
    """Frequency (Hz, signed) of the strongest bin of a windowed FFT, and the
    level of the mirror bin under it in dB."""
    w = np.hanning(len(z))
    s = np.abs(np.fft.fft(z * w))
    k = int(np.argmax(s))
    f = np.fft.fftfreq(len(z), 1.0 / fs)[k]
    mirror = s[(-k) % len(z)]
    return f, 20 * np.log10(max(mirror, 1e-30) / s[k])


def make_tone():
    t = np.arange(N) / FS
    z = 0.5 * np.exp(2j * np.pi * 100e3 * t)
    iq16 = np.round(np.stack([z.real, z.imag], 1) * 32767).astype(np.int16)
    return iq16, (iq16[:, 0] + 1j * iq16[:, 1]) / 32768.0


def check_meta_json(path):
    meta = json.load(open(path))
    g = meta["global"]
    assert isinstance(g["core:datatype"], str) and isinstance(g["core:version"], str)
    assert isinstance(meta["captures"], list) and isinstance(meta["annotations"], list)
    for c in meta["captures"]:
        assert isinstance(c["core:sample_start"], int)
    starts = [a["core:sample_start"] for a in meta["annotations"]]
    assert starts == sorted(starts)
    ext = g.get("core:extensions", [])
    for a in meta["annotations"]:
        for key in a:
            ns = key.split(":")[0]
            assert ns == "core" or any(e["name"] == ns for e in ext), key
    return meta


def test_tone_through_every_format(tmp):
    """A +100 kHz tone in an SDRuno-style IQ WAV comes back at +100 kHz from
    every output format, samples equal to the input within quantisation."""
    iq16, z = make_tone()
    src = os.path.join(tmp, "tone.wav")
    iq_wav(src, iq16, FS, CENTRE, (2024, 5, 3, 9, 12, 30, 15, 125))
    f, mirror = tone_peak_hz(z, FS)
    assert f == 100e3 and mirror < -60, (f, mirror)
    out = ok("info", src)
    assert re.search(r"centre:\s+100000000 Hz \(100\.000000 MHz\)", out), out
    assert re.search(r"rate:\s+1000000 Hz", out) and "50.000 ms" in out, out
    assert "2024-05-09 12:30:15.125" in out, out
    base = ["--fft", "512", "--hop", "128", "--mask", "none"]
    cases = [("o.wav", [], "wav", 1e-6), ("o16.wav", ["--pcm16"], "wav", 1.0 / 32768),
             ("o.sigmf-meta", [], "sigmf", 1e-6), ("o16.sigmf-data", ["--pcm16"], "sigmf",
                                                    1.0 / 32768),
             ("o.cf32", ["--out-format", "cf32"], "cf32", 1e-6),
             ("o.ci16", ["--out-format", "ci16"], "ci16", 1.0 / 32768),
             ("o.ci8", ["--out-format", "ci8"], "ci8", 1.0 / 128),
             ("o.cu8", ["--out-format", "cu8"], "cu8", 1.0 / 128)]
    for name, opts, kind, tol in cases:
        dst = os.path.join(tmp, name)
        out = ok("clean", src, dst, *base, *opts)
        if kind == "wav":
            rate, ch, x = read_wav(dst)
            assert rate == FS and ch == 2
            y = x[:, 0] + 1j * x[:, 1]
            info = ok("info", dst)
            assert re.search(r"centre:\s+100000000 Hz", info), info
            assert "2024-05-09 12:30:15.125" in info, info
        elif kind == "sigmf":
            stem = dst.rsplit(".", 1)[0]
            meta = check_meta_json(stem + ".sigmf-meta")
            assert meta["global"]["core:sample_rate"] == FS
            assert meta["captures"][0]["core:frequency"] == CENTRE
            assert meta["captures"][0]["core:datetime"].startswith("2024-05-09T12:30:15.125")
            dt = meta["global"]["core:datatype"]
            y = decode_raw(stem + ".sigmf-data", "cf32" if dt == "cf32_le" else "ci16")
            assert dt == ("ci16_le" if opts else "cf32_le"), dt
            info = ok("info", stem + ".sigmf-meta")
            assert re.search(r"centre:\s+100000000 Hz", info), info
            assert "2024-05-09 12:30:15.125 UTC" in info, info
        else:
            y = decode_raw(dst, kind)
            assert "cannot store the centre" in out, out
        assert y.shape == z.shape, (name, y.shape)
        err = np.max(np.abs(y - z))
        assert err <= tol + 1e-6, "%s: max error %g > %g" % (name, err, tol)
        f, mirror = tone_peak_hz(y, FS)
        assert f == 100e3, "%s: tone at %g Hz" % (name, f)
        assert mirror < -35, "%s: mirror image only %.1f dB down" % (name, mirror)
        print("%-16s ok: max err %.2g, tone %+g Hz, mirror %.1f dB" % (name, err, f, mirror))
    # raw back to SigMF: the rate from --rate, no centre (raw stores none)
    ok("clean", os.path.join(tmp, "o.ci16"), os.path.join(tmp, "r.sigmf-meta"), "--rate",
       "1M", *base)
    meta = check_meta_json(os.path.join(tmp, "r.sigmf-meta"))
    assert meta["global"]["core:sample_rate"] == FS
    assert "core:frequency" not in meta["captures"][0]
    # a raw cu8 file (RTL-SDR) read with --in-format and a rate for info
    out = ok("info", os.path.join(tmp, "o.cu8"), "--rate", "1M")
    assert re.search(r"samples:\s+50000\b", out) and "50.000 ms" in out, out
    assert "unknown" not in out.split("rate:")[1].splitlines()[0], out
    os.rename(os.path.join(tmp, "o.cu8"), os.path.join(tmp, "rtl.bin"))
    out = ok("info", os.path.join(tmp, "rtl.bin"), "--in-format", "cu8")
    assert "rate:     unknown" in out, out


def test_guards_and_errors(tmp):
    iq16, z = make_tone()
    src = os.path.join(tmp, "in.wav")
    iq_wav(src, iq16[:4000], FS, CENTRE)
    # converting to a raw format by its extension drops metadata: done, with a
    # warning that names what is lost (no start time here) and the sidecar
    # option (test_progress.py checks the samples and the sidecar)
    rc, out, err = run("clean", src, os.path.join(tmp, "x.cf32"))
    assert rc == 0 and err.startswith("stftclean: warning: ") and err.count("\n") == 1, err
    assert "sample rate and centre frequency;" in err and "--sigmf-sidecar" in err, err
    # with --out-format the conversion is asked for: no warning
    ok("clean", src, os.path.join(tmp, "x.cf32"), "--out-format", "cf32")
    fails(2, "f32", "clean", src, os.path.join(tmp, "x.f32"))
    fails(2, "--out-format", "clean", src, os.path.join(tmp, "x.wav"), "--out-format", "mp3")
    mono = os.path.join(tmp, "m.f32")
    np.zeros(100, np.float32).tofile(mono)
    fails(2, "complex I/Q", "clean", mono, os.path.join(tmp, "x.ci16"))
    fails(2, "--rate", "clean", mono, os.path.join(tmp, "x.wav"))
    fails(2, "--stereo-audio", "clean", os.path.join(tmp, "m.f32"),
          os.path.join(tmp, "y.f32"), "--stereo-audio")
    # SigMF output onto the input's own meta
    ok("clean", src, os.path.join(tmp, "s.sigmf-meta"))
    fails(2, "input", "clean", os.path.join(tmp, "s.sigmf-data"),
          os.path.join(tmp, "s.sigmf-meta"))
    # corrupt or hostile SigMF meta files: one line, exit 1, never a crash
    good = open(os.path.join(tmp, "s.sigmf-meta")).read()
    bad = os.path.join(tmp, "bad.sigmf-meta")
    os.link(os.path.join(tmp, "s.sigmf-data"), os.path.join(tmp, "bad.sigmf-data"))
    for text, needle in [
            ("", "not valid JSON"), (good[:-3], "not valid JSON"),
            ("[" * 5000 + "]" * 5000, "nested too deeply"),
            (good.replace("cf32_le", "rf32_le"), "rf32_le"),
            (good.replace('"captures": [', '"captures": [{"core:header_bytes": 99999999999},'),
             "exceed the file size"),
            (good.replace('"annotations": [', '"annotations": [{"core:label": "x"}'),
             "sample_start")]:
        with open(bad, "w") as f:
            f.write(text)
        fails(1, needle, "info", bad)
    # a missing data file
    with open(os.path.join(tmp, "lonely.sigmf-meta"), "w") as f:
        f.write(good)
    fails(1, "lonely.sigmf-data", "info", os.path.join(tmp, "lonely.sigmf-meta"))


def test_describe_in_place(tmp):
    """The meta-only mode: a SigMF reader sees the WAV's samples in place."""
    iq16, z = make_tone()
    wav = os.path.join(tmp, "SDRuno_20240509_123015Z_100000kHz.wav")
    off = iq_wav(wav, iq16, FS, CENTRE, (2024, 5, 3, 9, 12, 30, 15, 125))
    with open(wav, "ab") as f:      # a trailing chunk some recorders append
        f.write(b"LIST\x04\x00\x00\x00abcd")
    out = ok("describe", wav)
    meta_path = wav[:-4] + ".sigmf-meta"
    assert os.path.exists(meta_path), out
    meta = check_meta_json(meta_path)
    g, c = meta["global"], meta["captures"][0]
    assert g["core:dataset"] == os.path.basename(wav)
    assert g["core:datatype"] == "ci16_le" and g["core:sample_rate"] == FS
    assert c["core:header_bytes"] == off == 216 and g["core:trailing_bytes"] == 12
    assert c["core:frequency"] == CENTRE
    assert c["core:datetime"] == "2024-05-09T12:30:15.125Z"
    # decode the WAV bytes as the meta says, with numpy alone
    size = os.path.getsize(wav) - c["core:header_bytes"] - g["core:trailing_bytes"]
    raw = open(wav, "rb").read()[off:off + size]
    y = np.frombuffer(raw, "<i2") / 32768.0
    assert np.array_equal(y[0::2] + 1j * y[1::2], z)
    # and through the tool
    info = ok("info", meta_path)
    assert "read in place" in info and re.search(r"samples:\s+50000\b", info), info
    dst = os.path.join(tmp, "from_meta.cf32")
    ok("clean", meta_path, dst, "--out-format", "cf32", "--mask", "none")
    assert np.max(np.abs(decode_raw(dst, "cf32") - z)) < 1e-6
    fails(2, "folder", "describe", wav, "--meta", "/nonexistent/x.sigmf-meta")
    mono = os.path.join(tmp, "mono.wav")
    body = b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
    body += b"data" + struct.pack("<I", 4) + b"\0\0\0\0"
    with open(mono, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)
    fails(1, "two-channel", "describe", mono)


def test_annotations_carried(tmp):
    """SigMF in (hand-written meta with unsorted annotations) -> SigMF out:
    annotations copied, sorted, the module namespace declared."""
    _, z = make_tone()
    data = os.path.join(tmp, "a.sigmf-data")
    v = np.empty(2 * N, "<f4")
    v[0::2], v[1::2] = z.real, z.imag
    v.tofile(data)
    meta = {"global": {"core:datatype": "cf32_le", "core:version": "1.0.0",
                       "core:sample_rate": FS},
            "captures": [{"core:sample_start": 0, "core:frequency": 433.92e6,
                          "core:datetime": "2023-01-01T00:00:00.5+01:00"}],
            "annotations": [
                {"core:sample_start": 3000, "core:sample_count": 100,
                 "core:label": "b\u00e9", "core:freq_lower_edge": 433.9e6,
                 "core:freq_upper_edge": 433.95e6},
                {"core:sample_start": 10, "core:sample_count": 5,
                 "stftclean:snr_db": 7.5}]}
    with open(os.path.join(tmp, "a.sigmf-meta"), "w") as f:
        json.dump(meta, f)
    info = ok("info", os.path.join(tmp, "a.sigmf-meta"))
    assert "annotations: 2" in info, info
    assert "2022-12-31 23:00:00.500 UTC" in info, info    # offset folded into UTC
    ok("clean", os.path.join(tmp, "a.sigmf-meta"), os.path.join(tmp, "b.sigmf-meta"),
       "--mask", "auto")
    out = check_meta_json(os.path.join(tmp, "b.sigmf-meta"))
    a = out["annotations"]
    assert [x["core:sample_start"] for x in a] == [10, 3000], a
    assert a[1]["core:label"] == "b\u00e9" and a[0]["stftclean:snr_db"] == 7.5, a
    assert a[1]["core:freq_lower_edge"] == 433.9e6
    assert any(e["name"] == "stftclean" and e["optional"]
               for e in out["global"]["core:extensions"])
    assert out["captures"][0]["core:frequency"] == 433.92e6


def test_stereo_audio(tmp):
    """--stereo-audio: the two channels are cleaned separately as real
    signals (a band mask keeps 1 kHz in each), never averaged."""
    fs, n = 48000, 48000
    t = np.arange(n) / fs
    left = 0.4 * np.sin(2 * np.pi * 1000 * t) + 0.4 * np.sin(2 * np.pi * 5000 * t)
    right = 0.4 * np.sin(2 * np.pi * 5000 * t)
    pcm = np.round(np.stack([left, right], 1) * 32767).astype(np.int16)
    src = os.path.join(tmp, "st.wav")
    iq_wav(src, pcm, fs)
    dst = os.path.join(tmp, "st_out.wav")
    out = ok("clean", src, dst, "--stereo-audio", "--mask", "band", "--bands", "800:1200",
             "--fft", "1024", "--hop", "256")
    assert "stereo audio" in out, out
    rate, ch, y = read_wav(dst)
    assert rate == fs and ch == 2 and y.shape == (n, 2)
    mid = slice(4096, n - 4096)

    def level(x, f):
        return np.abs(np.dot(x[mid], np.exp(-2j * np.pi * f * t[mid]))) * 2 / len(t[mid])
    assert abs(level(y[:, 0], 1000) - 0.4) < 0.01, level(y[:, 0], 1000)
    assert level(y[:, 0], 5000) < 0.4e-2 and level(y[:, 1], 5000) < 0.4e-2
    # the same file as I/Q is one complex signal: 1 kHz is not in -1.2..-0.8 kHz
    fails(2, "complex I/Q", "clean", src, os.path.join(tmp, "x.ci16"), "--stereo-audio")
    out = ok("info", src, "--stereo-audio")
    assert "stereo audio" in out, out


def test_swap_iq(tmp):
    """--swap-iq: the first channel is read as Q, the second as I, so a
    +100 kHz tone comes out at -100 kHz: the output equals j conj(z) of the
    input (numpy), in clean (WAV and raw cf32 input) and in info's DC line."""
    iq16, z = make_tone()
    src = os.path.join(tmp, "tone.wav")
    iq_wav(src, iq16, FS, CENTRE)
    want = 1j * np.conj(z)  # (Q + jI) for I + jQ
    f, mirror = tone_peak_hz(want, FS)
    assert f == -100e3 and mirror < -60, (f, mirror)
    base = ["--fft", "512", "--hop", "128", "--mask", "none"]
    raw = os.path.join(tmp, "tone.cf32")
    z.astype(np.complex64).tofile(raw)
    for name, src_in, opts in (("swapped.wav", src, []),
                               ("swapped_raw.cf32", raw, ["--rate", "1M"])):
        dst = os.path.join(tmp, name)
        ok("clean", src_in, dst, "--swap-iq", *base, *opts)
        if name.endswith(".wav"):
            rate, ch, x = read_wav(dst)
            y = x[:, 0] + 1j * x[:, 1]
        else:
            y = decode_raw(dst, "cf32")
        assert y.shape == z.shape
        err = np.max(np.abs(y - want))
        assert err <= 2e-6, "%s: max error %g against j conj(z)" % (name, err)
        f, mirror = tone_peak_hz(y, FS)
        assert f == -100e3 and mirror < -35, (name, f, mirror)
        print("%-16s ok: tone %+g Hz, max err %.2g" % (name, f, err))
    # without --swap-iq the tone stays at +100 kHz (the option is what moved it)
    ok("clean", src, os.path.join(tmp, "plain.wav"), *base)
    _, _, x = read_wav(os.path.join(tmp, "plain.wav"))
    assert tone_peak_hz(x[:, 0] + 1j * x[:, 1], FS)[0] == 100e3
    # info: a constant I = 0.25, Q = -0.5 reads as DC -0.5 +0.25j when swapped
    dc = np.tile(np.array([[8192, -16384]], np.int16), (1000, 1))
    dcw = os.path.join(tmp, "dc.wav")
    iq_wav(dcw, dc, FS)
    assert re.search(r"dc:\s+0\.25 -0\.5j", ok("info", dcw))
    out = ok("info", dcw, "--swap-iq")
    assert re.search(r"dc:\s+-0\.5 \+0\.25j", out), out
    assert "Q left, I right" in out, out
    # a real input has no I/Q to swap; stereo audio is not I/Q
    f32 = os.path.join(tmp, "real.f32")
    np.zeros(1000, np.float32).tofile(f32)
    fails(2, "--swap-iq", "clean", f32, os.path.join(tmp, "o.f32"), "--rate", "1M",
          "--swap-iq")
    fails(2, "--swap-iq", "info", f32, "--swap-iq")
    fails(2, "--swap-iq", "clean", src, os.path.join(tmp, "o2.wav"), "--swap-iq",
          "--stereo-audio")


def test_auxi_fields_in_info(tmp):
    """info prints every auxi field the chunk holds: the long form (164
    bytes) gives stop time, ADC and IF frequencies, bandwidth, IQ offset and
    the next file; a short one (36 bytes: times and centre) none of them."""
    iq16, _ = make_tone()
    src = os.path.join(tmp, "long.wav")
    iq_wav(src, iq16[:1000], FS, CENTRE, (2024, 5, 3, 9, 12, 30, 15, 125),
           stop=(2024, 5, 3, 9, 12, 40, 0, 5), words=(64000000, 10700000, 800000, -3),
           next_file=b"SDRuno_20240509_123015Z_100000kHz_part2.wav")
    out = ok("info", src)
    for pat in (r"auxi:\s+164 bytes \(long form\)", r"stop:\s+2024-05-09 12:40:00\.005",
                r"adc:\s+64000000 Hz", r"if:\s+10700000 Hz", r"bandwidth:\s+800000 Hz",
                r"iq offset: -3\b", r"next file: SDRuno_20240509_123015Z_100000kHz_part2\.wav",
                r"centre:\s+100000000 Hz", r"start:\s+2024-05-09 12:30:15\.125"):
        assert re.search(pat, out), (pat, out)
    short = os.path.join(tmp, "short.wav")
    iq_wav(short, iq16[:1000], FS, CENTRE, (2024, 5, 3, 9, 12, 30, 15, 125),
           words=(64000000, 10700000, 800000, -3), auxi_size=36)
    out = ok("info", short)
    assert re.search(r"auxi:\s+36 bytes \(short form\)", out), out
    assert re.search(r"centre:\s+100000000 Hz", out), out
    for word in ("stop:", "adc:", "if:", "bandwidth:", "iq offset:", "next file:"):
        assert word not in out, (word, out)
    # cut inside the IF word: ADC given, IF and the rest absent
    cut = os.path.join(tmp, "cut.wav")
    iq_wav(cut, iq16[:1000], FS, CENTRE, words=(2000000, 10700000), auxi_size=42)
    out = ok("info", cut)
    assert re.search(r"adc:\s+2000000 Hz", out) and "if:" not in out, out



def test_bad_times_and_ranges_not_copied(tmp):
    """What a writer copies must read back: an auxi start time that is no
    calendar time (month 13, 99:99:99; year 65535) is reported by info and
    left out by clean, with a warning, so that the SigMF it writes reads
    back (it used to write core:datetime "2024-13-00T99:99:99.999000Z",
    which info then refused); a valid one is copied. A SigMF annotation
    whose start + count passes 2^64 is refused, naming the field."""
    iq16, _ = make_tone()
    for st in ((2024, 13, 3, 0, 99, 99, 99, 999), (65535, 5, 3, 9, 12, 30, 15, 125)):
        src = os.path.join(tmp, "bad.wav")
        iq_wav(src, iq16[:20000], FS, CENTRE, st)
        out = ok("info", src)
        assert re.search(r"start:\s+not a calendar time", out), out
        meta = os.path.join(tmp, "out.sigmf-meta")
        rc, out, err = run("clean", src, meta, "--mask", "none")
        assert rc == 0, err
        assert "no calendar time" in err and "not copied" in err, err
        m = check_meta_json(meta)
        assert all("core:datetime" not in c for c in m["captures"]), m["captures"]
        ok("info", meta)
    good = os.path.join(tmp, "good.wav")
    iq_wav(good, iq16[:20000], FS, CENTRE, (2024, 5, 3, 9, 12, 30, 15, 125))
    meta = os.path.join(tmp, "good.sigmf-meta")
    ok("clean", good, meta, "--mask", "none")
    m = check_meta_json(meta)
    assert m["captures"][0]["core:datetime"].startswith("2024-05-09T12:30:15.125"), m
    # an annotation that ends past 2^64
    m["annotations"] = [{"core:sample_start": 2 ** 64 - 10, "core:sample_count": 100}]
    with open(meta, "w") as f:
        json.dump(m, f)
    rc, out, err = run("info", meta)
    assert rc != 0 and "core:sample_count" in err and "2^64" in err, (rc, err)


def wav_chunks(path, chunks, riff_size=None):
    """A RIFF/WAVE file from (id, body) chunks; body None writes a chunk
    header whose size is 0 with nothing after it (a data chunk size 0)."""
    out = b"WAVE"
    for cid, body in chunks:
        if isinstance(body, int):          # a header claiming this size
            out += cid + struct.pack("<I", body)
            continue
        out += cid + struct.pack("<I", len(body)) + body + b"\0" * (len(body) & 1)
    size = len(out) if riff_size is None else riff_size
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", size) + out)


def test_one_strictness_for_every_entry_point(tmp):
    """info, clean and features refuse the same inputs with the same line:
    empty files, raw files that are not a whole number of samples, an empty
    .sigmf-data, a data chunk of size 0 followed by other chunks (its bytes
    are not samples), a second fmt chunk. (features used to write a
    header-only CSV with exit 0 for the first three; the WAV reader read a
    LIST chunk as 10 samples and let a second fmt replace the first.)"""
    fmt = struct.pack("<HHIIHH", 3, 2, FS, FS * 8, 8, 32)
    fmt48 = struct.pack("<HHIIHH", 3, 2, 48000, 48000 * 8, 8, 32)
    lst = b"INFOISFT" + struct.pack("<I", 6) + b"hello\0"
    samples = np.zeros(2000, "<f4").tobytes()
    cases = []
    p = os.path.join(tmp, "empty.cf32")
    open(p, "wb").close()
    cases.append((p, "empty file"))
    p = os.path.join(tmp, "part.ci16")
    with open(p, "wb") as f:
        f.write(b"\1" * 4003)
    cases.append((p, "not a multiple of the 4-byte"))
    p = os.path.join(tmp, "e.sigmf-meta")
    with open(p, "w") as f:
        json.dump({"global": {"core:datatype": "cf32_le", "core:sample_rate": FS,
                              "core:version": "1.0.0"},
                   "captures": [{"core:sample_start": 0}], "annotations": []}, f)
    open(os.path.join(tmp, "e.sigmf-data"), "wb").close()
    cases.append((p, "holds no samples"))
    p = os.path.join(tmp, "zero_then_list.wav")
    wav_chunks(p, [(b"fmt ", fmt), (b"data", 0), (b"LIST", lst)])
    cases.append((p, "followed by a 'LIST' chunk"))
    p = os.path.join(tmp, "two_fmt.wav")
    wav_chunks(p, [(b"fmt ", fmt), (b"fmt ", fmt48), (b"data", samples)])
    cases.append((p, "second fmt chunk"))
    for path, needle in cases:
        fails(1, needle, "info", path, "--rate", FS)
        fails(1, needle, "clean", path, os.path.join(tmp, "o.wav"), "--rate", FS)
        fails(1, needle, "features", path, "--csv", os.path.join(tmp, "o.csv"),
              "--rate", FS)
        assert not os.path.exists(os.path.join(tmp, "o.csv")), path
    # a writer stopped before its first size patch: size 0, samples after it
    # (not chunks): still read to the end of the file, as before
    p = os.path.join(tmp, "killed.wav")
    wav_chunks(p, [(b"fmt ", fmt), (b"data", 0)], riff_size=0)
    with open(p, "ab") as f:
        f.write(np.full(2000, 0.25, "<f4").tobytes())
    out = ok("info", p)
    assert re.search(r"samples:\s+1000\b", out), out


def test_fifos_and_streams(tmp):
    """A FIFO named like a recording is refused at once (it used to block
    info, clean and features forever); '-' reads standard input as a raw
    stream and writes standard output, with the same samples as from and to
    files (file mode's two passes included: the stream's start is held for
    the second), the report going to stderr."""
    fifo = os.path.join(tmp, "live.wav")
    os.mkfifo(fifo)
    fifo_raw = os.path.join(tmp, "live.cf32")
    os.mkfifo(fifo_raw)
    for args in (("info", fifo), ("clean", fifo, os.path.join(tmp, "o.wav")),
                 ("features", fifo, "--csv", os.path.join(tmp, "o.csv")),
                 ("info", fifo_raw, "--rate", FS),
                 ("reconstruct", fifo_raw, os.path.join(tmp, "r.cf32"))):
        fails(1, "not a regular file", *args)   # run() times out on a hang
    rng = np.random.default_rng(5)
    n = 300_000
    z = (rng.normal(size=n) + 1j * rng.normal(size=n)) * 0.05
    z[100_000:160_000] += 0.5 * np.exp(2j * np.pi * 1e5 * np.arange(60_000) / FS)
    src = os.path.join(tmp, "s.cf32")
    np.stack([z.real, z.imag], 1).astype("<f4").tofile(src)
    ok("clean", src, os.path.join(tmp, "file.cf32"), "--rate", FS)
    ref = open(os.path.join(tmp, "file.cf32"), "rb").read()
    for extra in ([], ["--one-pass"]):
        if extra:
            ok("clean", src, os.path.join(tmp, "file.cf32"), "--rate", FS, *extra)
            ref = open(os.path.join(tmp, "file.cf32"), "rb").read()
        with open(src, "rb") as f:
            p = subprocess.run([BIN, "clean", "-", "-", "--format", "cf32", "--rate",
                                str(FS)] + extra, stdin=f, capture_output=True,
                               timeout=120)
        assert p.returncode == 0, p.stderr
        assert p.stdout == ref, (extra, len(p.stdout), len(ref))
        assert b"300000 cf32 samples" in p.stderr, p.stderr
    # a stream that ends inside a sample: the whole ones, and a warning
    with open(src, "rb") as f:
        data = f.read(8 * 1000 + 3)
    p = subprocess.run([BIN, "clean", "-", "-", "--format", "cf32", "--rate", str(FS),
                        "--mask", "none"], input=data, capture_output=True, timeout=60)
    assert p.returncode == 0 and len(p.stdout) == 8000, (p.returncode, p.stderr)
    assert b"last 3 bytes" in p.stderr, p.stderr
    fails(2, "needs its format", "clean", "-", os.path.join(tmp, "o.cf32"))
    fails(2, "only clean reads standard input", "info", "-")
    fails(1, "raw stream", "clean", src, "-", "--rate", FS, "--out-format", "wav")


def test_memory_budget(tmp):
    """Sizes whose buffers pass the memory budget fail at once with a line
    that names it (--fft 67108864, the documented maximum, used to take
    4.9 GB and minutes on a 50 000-sample file); --max-memory moves it; a
    huge FFT with the default hop is warned about."""
    src = os.path.join(tmp, "s.cf32")
    np.zeros(2 * 50_000, "<f4").tofile(src)
    out = os.path.join(tmp, "o.cf32")
    fails(1, "2048 MiB budget", "clean", src, out, "--rate", FS, "--fft", 67108864)
    fails(1, "3 MiB budget", "clean", src, out, "--rate", FS, "--fft", 65536,
          "--max-memory", 3)
    fails(2, "3 MiB budget", "features", src, "--csv", os.path.join(tmp, "o.csv"),
          "--rate", FS, "--fft", 65536, "--max-memory=3")
    rc, _, err = run("clean", src, out, "--rate", FS, "--fft", 65536, "--max-memory",
                     0)
    assert rc == 0, err
    assert "warning: --fft 65536 with hop 256" in err, err
    fails(2, "--max-memory", "clean", src, out, "--rate", FS, "--max-memory", "lots")


def test_sigmf_archive(tmp):
    """A .sigmf archive (a tar of the meta and data, written here by Python's
    tarfile) is read in place: the same samples and metadata as the pair;
    a broken tar is one error line, never a crash or a read of other bytes."""
    import io
    import tarfile
    rng = np.random.default_rng(3)
    z = ((rng.normal(size=3000) + 1j * rng.normal(size=3000)) * 0.1).astype(np.complex64)
    meta = {"global": {"core:datatype": "cf32_le", "core:sample_rate": FS,
                       "core:version": "1.0.0"},
            "captures": [{"core:sample_start": 0, "core:frequency": CENTRE}],
            "annotations": [{"core:sample_start": 100, "core:sample_count": 50}]}
    members = [("rec/rec.sigmf-meta", json.dumps(meta).encode()),
               ("rec/notes.txt", b"x" * 700),
               ("rec/rec.sigmf-data", z.tobytes())]
    arc = os.path.join(tmp, "rec.sigmf")
    for fmt in (tarfile.USTAR_FORMAT, tarfile.GNU_FORMAT):
        with tarfile.open(arc, "w", format=fmt) as t:
            for name, data in members:
                ti = tarfile.TarInfo(name)
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
        out = ok("info", arc)
        assert re.search(r"samples:\s+3000\b", out) and "annotations: 1" in out, out
        assert "%d Hz" % CENTRE in out, out
        ok("clean", arc, os.path.join(tmp, "o.cf32"), "--mask", "none", "--out-format",
           "cf32")
        got = np.fromfile(os.path.join(tmp, "o.cf32"), "<f4").view(np.complex64)
        assert np.max(np.abs(got - z)) < 1e-6, np.max(np.abs(got - z))
    blob = open(arc, "rb").read()
    bad = os.path.join(tmp, "bad.sigmf")
    for text, needle in [(blob[:100] + b"\1" + blob[101:], "not a tar archive"),
                         (blob[:3072 + 100], "past the end"),
                         (blob[:1024], "no .sigmf-data member")]:
        with open(bad, "wb") as f:
            f.write(text)
        fails(1, needle, "info", bad)

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: test_formats.py STFTCLEAN_BINARY")
    BIN = os.path.abspath(sys.argv[1])
    for name, fn in list(globals().items()):
        if name.startswith("test_") and callable(fn):
            with tempfile.TemporaryDirectory(prefix="stftclean-formats-") as d:
                fn(d)
            print("%s: ok" % name)
    print("ok")

#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the IQ WAV and SigMF fuzz corpora
(corpus/iqwav/seed_*, corpus/sigmf/seed_*): one file per feature of the
reader (formats, auxi, RF64/ds64, extensible fmt, sizes a killed recorder
leaves, odd chunks; SigMF captures, annotations, escapes, unknown fields).
Run once from anywhere; the files are checked in.
SPDX-License-Identifier: GPL-3.0-or-later"""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "iqwav")


def chunk(cid, body):
    pad = b"\0" if len(body) % 2 else b""
    return cid + struct.pack("<I", len(body)) + body + pad


def fmt(tag, ch, rate, bits, extensible=False):
    fb = ch * bits // 8
    body = struct.pack("<HHIIHH", 0xFFFE if extensible else tag, ch, rate, rate * fb, fb,
                       bits)
    if extensible:
        guid = struct.pack("<H", tag) + b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
        body += struct.pack("<HHI", 22, bits, 3) + guid
    elif tag == 3:
        body += struct.pack("<H", 0)
    return chunk(b"fmt ", body)


def auxi(freq):
    st = struct.pack("<8H", 2024, 5, 3, 15, 12, 30, 45, 500)
    body = st + bytes(16) + struct.pack("<9I", freq, 2000000, 0, 0, 0, 0, 0, 0, 0)
    return chunk(b"auxi", body)


def riff(chunks, riff_size=None, rid=b"RIFF"):
    body = b"WAVE" + b"".join(chunks)
    size = len(body) if riff_size is None else riff_size
    return rid + struct.pack("<I", size) + body


def data(n_bytes, size=None):
    payload = bytes((i * 37 + 11) & 0xFF for i in range(n_bytes))
    s = n_bytes if size is None else size
    return b"data" + struct.pack("<I", s) + payload


seeds = {
    "seed_pcm16_stereo_auxi": riff([fmt(1, 2, 2000000, 16), auxi(100000000),
                                    data(64)]),
    "seed_float_stereo": riff([fmt(3, 2, 48000, 32), data(64)]),
    "seed_pcm24_mono": riff([fmt(1, 1, 8000, 24), data(30)]),
    "seed_pcm8_stereo": riff([fmt(1, 2, 8000, 8), data(16)]),
    "seed_pcm32_stereo": riff([fmt(1, 2, 8000, 32), data(32)]),
    "seed_extensible_pcm16": riff([fmt(1, 2, 96000, 16, extensible=True), data(32)]),
    "seed_size_ffffffff": riff([fmt(1, 2, 48000, 16), data(40, 0xFFFFFFFF)],
                               riff_size=0xFFFFFFFF),
    "seed_size_zero": riff([fmt(3, 2, 48000, 32), data(40, 0)], riff_size=0),
    "seed_size_past_eof": riff([fmt(1, 2, 48000, 16), data(40, 4000)]),
    "seed_odd_list_chunk": riff([chunk(b"LIST", b"INFOabc"), fmt(1, 2, 48000, 16),
                                 data(8)]),
    "seed_rf64": b"RF64" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE" +
    chunk(b"ds64", struct.pack("<QQQI", 0, 32, 8, 0)) + fmt(3, 2, 48000, 32) +
    data(32, 0xFFFFFFFF),
    "seed_junk_then_fmt": riff([chunk(b"JUNK", bytes(28)), fmt(3, 2, 250000, 32),
                                data(24)]),
}

SIGMF = {
    "seed_minimal": '{"global": {"core:datatype": "cf32_le", "core:version": "1.2.0"},'
                    ' "captures": [], "annotations": []}',
    "seed_full": '{"global": {"core:datatype": "ci16_le", "core:sample_rate": 2e6,'
                 ' "core:version": "1.2.0", "core:description": "t\\u00e9st \\"q\\"",'
                 ' "core:recorder": "gr", "core:num_channels": 1,'
                 ' "core:extensions": [{"name": "stftclean", "version": "1.0.0",'
                 ' "optional": true}]},'
                 ' "captures": [{"core:sample_start": 0, "core:frequency": 1.0e8,'
                 ' "core:datetime": "2024-05-15T12:30:45.500Z"}],'
                 ' "annotations": [{"core:sample_start": 100, "core:sample_count": 50,'
                 ' "core:freq_lower_edge": 99.9e6, "core:freq_upper_edge": 100.1e6,'
                 ' "core:label": "burst", "stftclean:snr_db": 12.5},'
                 ' {"core:sample_start": 10, "core:sample_count": 5}]}',
    "seed_dataset_wav": '{"global": {"core:datatype": "ci8", "core:dataset": "rec.wav",'
                        ' "core:trailing_bytes": 12, "core:version": "1.2.0",'
                        ' "x:unknown": {"a": [1, 2, {"b": null}], "c": false}},'
                        ' "captures": [{"core:sample_start": 0, "core:header_bytes": 44}],'
                        ' "annotations": []}',
    "seed_cu8_nested": '{"global": {"core:datatype": "cu8", "core:sample_rate": 2.4e6},'
                       ' "captures": [{"core:sample_start": 0}], "annotations":'
                       ' [{"core:sample_start": 18446744073709551615}]}',
}

os.makedirs(OUT, exist_ok=True)
for name, blob in seeds.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(blob)
print("wrote %d seeds to %s" % (len(seeds), OUT))
out_sigmf = os.path.join(os.path.dirname(OUT), "sigmf")
os.makedirs(out_sigmf, exist_ok=True)
for name, text in SIGMF.items():
    with open(os.path.join(out_sigmf, name), "wb") as f:
        f.write(text.encode())
print("wrote %d seeds to %s" % (len(SIGMF), out_sigmf))

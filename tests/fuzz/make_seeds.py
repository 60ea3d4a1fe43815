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

# ---------------------------------------------------------------- roundtrip
# corpus/roundtrip/: write-then-read-back (fuzz_roundtrip.c). Byte 0 picks
# the case (bit 0 SigMF input, bits 1-2 the output: WAV float32, WAV PCM16,
# SigMF cf32_le, SigMF ci16_le; bit 3 swap I/Q; bit 4 the in-place
# description too; bits 5-6 the WAV patch interval); then a WAV file, or a
# SigMF meta text, a NUL byte and the data file. Each recording is written
# in four of those cases. Hostile metadata: auxi times that are no calendar
# time (month 13, 99:99:99, year 65535, 29 February 2023), a leap second,
# centre frequencies at the ends of the 32-bit word and beyond what a WAV
# holds, SigMF times whose UTC leaves years 1-9999, annotations ending at
# 2^64 - 1 or wrapping past it, rates a WAV cannot hold.


def auxi_t(start, freq=100000000, stop=(0,) * 8):
    body = struct.pack("<8H", *start) + struct.pack("<8H", *stop)
    body += struct.pack("<9I", freq, 2000000, 0, 0, 0, 0, 0, 0, 0)
    return chunk(b"auxi", body)


def fmt_any(tag, ch, rate, bits):
    """fmt with the byte rate wrapped to 32 bits (rates past 536 MHz)."""
    fb = ch * bits // 8
    return chunk(b"fmt ", struct.pack("<HHIIHH", tag, ch, rate, rate * fb & 0xFFFFFFFF,
                                      fb, bits))


RT_WAV = {
    "wav_pcm16_auxi": seeds["seed_pcm16_stereo_auxi"],
    "wav_float": seeds["seed_float_stereo"],
    "wav_pcm24_mono": seeds["seed_pcm24_mono"],
    "wav_pcm8": seeds["seed_pcm8_stereo"],
    "wav_pcm32": seeds["seed_pcm32_stereo"],
    "wav_extensible": seeds["seed_extensible_pcm16"],
    "wav_size_ffffffff": seeds["seed_size_ffffffff"],
    "wav_size_past_eof": seeds["seed_size_past_eof"],
    "wav_odd_list": seeds["seed_odd_list_chunk"],
    "wav_rf64": seeds["seed_rf64"],
    "wav_month13": riff([fmt(1, 2, 48000, 16), auxi_t((2024, 13, 3, 0, 99, 99, 99, 999)),
                         data(64)]),
    "wav_year65535": riff([fmt(3, 2, 48000, 32), auxi_t((65535, 5, 3, 9, 12, 30, 15, 125)),
                           data(64)]),
    "wav_hour99": riff([fmt(1, 2, 8000, 16), auxi_t((2024, 5, 3, 9, 99, 0, 0, 0)),
                        data(32)]),
    "wav_feb29_2023": riff([fmt(1, 2, 8000, 8), auxi_t((2023, 2, 3, 29, 1, 2, 3, 4)),
                            data(32)]),
    "wav_ms1000": riff([fmt(1, 2, 8000, 16), auxi_t((2024, 2, 4, 29, 1, 2, 3, 1000)),
                        data(32)]),
    "wav_leap_second": riff([fmt(3, 2, 1000, 32), auxi_t((2016, 12, 6, 31, 23, 59, 60, 999)),
                             data(64)]),
    "wav_year9999": riff([fmt(1, 2, 2, 16), auxi_t((9999, 6, 1, 30, 23, 59, 59, 999)),
                          data(64)]),
    # a stop time (start + duration) past 9999-12-31: written as unknown
    "wav_stop_past_9999": riff([fmt(1, 2, 1000, 16),
                                auxi_t((9999, 12, 5, 31, 23, 59, 59, 999)), data(64)]),
    "wav_centre_max": riff([fmt_any(1, 2, 4294967295, 16), auxi_t((0,) * 8, 0xFFFFFFFF),
                            data(32)]),
    "wav_rate1_mono_float": riff([fmt(3, 1, 1, 32), auxi_t((1, 1, 1, 1, 0, 0, 0, 0), 0),
                                  data(40)]),
    "wav_list_after_data": riff([fmt(1, 2, 48000, 16), auxi_t((2024, 5, 3, 9, 12, 30, 15,
                                                                 125)),
                                 data(30), chunk(b"LIST", b"INFOabcd")]),
    "wav_bad_stop": riff([fmt(1, 2, 48000, 16),
                          auxi_t((2024, 5, 3, 9, 12, 30, 15, 125), 7,
                                 (2024, 13, 3, 0, 99, 99, 99, 999)), data(32)]),
}


def sigmf_meta(datatype="cf32_le", rate=None, capture=None, annotations=None, extra=""):
    g = '"core:datatype": "%s", "core:version": "1.2.0"' % datatype
    if rate is not None:
        g += ', "core:sample_rate": %s' % rate
    c = '"core:sample_start": 0' + ("" if capture is None else ", " + capture)
    a = ", ".join("{%s}" % x for x in (annotations or []))
    return ('{"global": {%s%s}, "captures": [{%s}], "annotations": [%s]}'
            % (g, extra, c, a)).encode()


RT_SIGMF = {
    "sigmf_minimal": (sigmf_meta(), 64),
    "sigmf_full": (SIGMF["seed_full"].encode(), 80),
    "sigmf_cu8": (sigmf_meta("cu8", "2.4e6"), 40),
    "sigmf_ci8_rate_frac": (sigmf_meta("ci8", "48000.5"), 40),
    "sigmf_freq_neg_huge": (sigmf_meta(rate="1e6", capture='"core:frequency": '
                                       "-1.7976931348623157e308"), 64),
    "sigmf_freq_huge": (sigmf_meta(rate="1e6", capture='"core:frequency": 1e300'), 64),
    "sigmf_freq_tiny": (sigmf_meta(rate="1e6", capture='"core:frequency": 5e-324'), 64),
    "sigmf_freq_neg_zero": (sigmf_meta(rate="1e6", capture='"core:frequency": -0.0'), 64),
    "sigmf_freq_u32_edge": (sigmf_meta("ci16_le", "1e6",
                                       '"core:frequency": 4294967295.4'), 64),
    "sigmf_freq_past_u32": (sigmf_meta("ci16_le", "1e6",
                                       '"core:frequency": 4294967295.5'), 64),
    "sigmf_rate_u32_edge": (sigmf_meta(rate="4294967295.4"), 64),
    "sigmf_rate_half": (sigmf_meta(rate="0.5"), 64),
    "sigmf_ann_end_2_64": (sigmf_meta(rate="1e6", annotations=[
        '"core:sample_start": 4, "core:sample_count": 18446744073709551611',
        '"core:sample_start": 18446744073709551615',
        '"core:sample_start": 2, "core:sample_count": 1, "core:freq_lower_edge": 5,'
        ' "core:freq_upper_edge": -5, "core:label": "edges swapped"']), 64),
    "sigmf_ann_same_extent": (sigmf_meta(rate="1e6", annotations=[
        '"core:sample_start": 4, "core:sample_count": 2, "core:freq_lower_edge": 5,'
        ' "core:freq_upper_edge": -5',
        '"core:sample_start": 4, "core:sample_count": 2']), 64),
    "sigmf_ann_wraps": (sigmf_meta(rate="1e6", annotations=[
        '"core:sample_start": 18446744073709551000, "core:sample_count": 616']), 64),
    "sigmf_ann_past_data": (sigmf_meta(rate="1e6", annotations=[
        '"core:sample_start": 7, "core:sample_count": 100',
        '"core:sample_start": 1000000, "core:sample_count": 5']), 64),
    "sigmf_time_offset": (sigmf_meta(rate="1e6", capture='"core:datetime": '
                                     '"2024-03-01T01:30:00.25+14:00"'), 64),
    "sigmf_time_year0": (sigmf_meta(rate="1e6", capture='"core:datetime": '
                                    '"0001-01-01T00:00:00+01:00"'), 64),
    "sigmf_time_year10000": (sigmf_meta(rate="1e6", capture='"core:datetime": '
                                        '"9999-12-31T23:30:00-01:00"'), 64),
    "sigmf_time_leap": (sigmf_meta(rate="1e6", capture='"core:datetime": '
                                   '"2016-12-31T23:59:60.5Z"'), 64),
    "sigmf_time_long_frac": (sigmf_meta(rate="1e6", capture='"core:datetime": "2024-02-29'
                                        'T23:59:59.99999999999999999999Z"'), 64),
    "sigmf_time_micro": (sigmf_meta(rate="1e6", capture='"core:datetime": '
                                    '"2024-02-29t12:00:00.000001z"'), 64),
    "sigmf_time_month13": (sigmf_meta(rate="1e6", capture='"core:datetime": '
                                      '"2024-13-00T99:99:99.999000Z"'), 64),
    "sigmf_header_trailing": (sigmf_meta("ci16_le", "1e6", '"core:header_bytes": 6',
                                         extra=', "core:trailing_bytes": 2'), 72),
    "sigmf_in_place_meta": (sigmf_meta("cu8", "8000", '"core:header_bytes": 10',
                                       extra=', "core:dataset": "in.sigmf-meta"'), 0),
    "sigmf_partial_sample": (sigmf_meta("ci16_le", "1e6"), 35),
    "sigmf_empty_data": (sigmf_meta(rate="1e6"), 0),
}

# (output, swap I/Q, in-place description, patch interval) per recording
RT_CASES = ((0, 0, 0, 0), (1, 1, 1, 1), (2, 0, 1, 2), (3, 1, 0, 3))
out_rt = os.path.join(os.path.dirname(OUT), "roundtrip")
os.makedirs(out_rt, exist_ok=True)
n_rt = 0
for kind, items in ((0, RT_WAV), (1, RT_SIGMF)):
    for name, item in items.items():
        for o, swap, extra, patch in RT_CASES:
            sel = kind | o << 1 | swap << 3 | extra << 4 | patch << 5
            if kind:
                text, nbytes = item
                blob = bytes([sel]) + text + b"\0" + \
                    bytes((i * 53 + 7) & 0xFF for i in range(nbytes))
            else:
                blob = bytes([sel]) + item
            with open(os.path.join(out_rt, "%s_%d" % (name, o)), "wb") as f:
                f.write(blob)
            n_rt += 1
print("wrote %d seeds to %s" % (n_rt, out_rt))

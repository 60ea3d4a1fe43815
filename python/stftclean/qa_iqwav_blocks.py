#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""iqwav_source and iqwav_sink: files checked byte by byte with numpy and
struct (independent of the core), UHD-style tags, repeat, metadata from tags,
a flowgraph stopped early leaves a readable file, errors as ValueError."""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import pmt
from gnuradio import gr, gr_unittest, blocks

try:
    from gnuradio import stftclean
except ImportError:
    import sys
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from gnuradio import stftclean


def sdruno_wav(path, iq16, fs, centre, start):
    """Two-channel PCM16 WAV with a 164-byte auxi chunk (data at byte 216)."""
    fmt = struct.pack("<HHIIHH", 1, 2, fs, fs * 4, 4, 16)
    auxi = struct.pack("<8H", *start) + struct.pack("<8H", *((0,) * 8))
    auxi += struct.pack("<I", centre) + b"\0" * (164 - 36)
    data = iq16.astype("<i2").tobytes()
    body = (b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"auxi" +
            struct.pack("<I", len(auxi)) + auxi + b"data" + struct.pack("<I", len(data)) +
            data)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)


def parse_wav(path):
    """dict with fmt fields, auxi (start tuple, centre) and samples."""
    with open(path, "rb") as f:
        b = f.read()
    assert b[:4] in (b"RIFF", b"RF64") and b[8:12] == b"WAVE", b[:12]
    pos, out = 12, {}
    while pos + 8 <= len(b):
        cid, size = b[pos:pos + 4], struct.unpack("<I", b[pos + 4:pos + 8])[0]
        body = b[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            out["tag"], out["ch"], out["rate"], _, _, out["bits"] = struct.unpack(
                "<HHIIHH", body[:16])
        elif cid == b"auxi":
            out["start"] = struct.unpack("<8H", body[:16])
            out["centre"] = struct.unpack("<I", body[32:36])[0]
        elif cid == b"data":
            out["riff_size"] = struct.unpack("<I", b[4:8])[0]
            out["data_size"] = size
            if out["tag"] == 3:
                v = np.frombuffer(body, "<f4").astype(np.float64)
            else:
                v = np.frombuffer(body, "<i2") / 32768.0
            out["z"] = v[0::2] + 1j * v[1::2]
        pos += 8 + size + (size & 1)
    return out


GRC_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                        "..", "grc"))
GRC_FLOWGRAPH = """options:
  parameters:
    id: grc_iqwav
    title: grc_iqwav
    generate_options: no_gui
    run_options: run
    output_language: python
    category: Custom
  states: {{coordinate: [8, 8], rotation: 0, state: enabled}}
blocks:
- name: src
  id: stftclean_iqwav_source
  parameters: {{filename: '{src}', repeat: 'False', swap_iq: 'False', format: '',
    sample_rate: '0'}}
  states: {{coordinate: [8, 100], rotation: 0, state: enabled}}
- name: snk
  id: stftclean_iqwav_sink
  parameters: {{filename: '{dst}', sample_rate: '0', sample_format: float32,
    centre_freq: '0', start_time: '', patch_interval: '1.0'}}
  states: {{coordinate: [300, 100], rotation: 0, state: enabled}}
- name: strobe
  id: blocks_message_strobe
  parameters: {{msg: 'pmt.to_pmt({{"sample_start": 5, "label": "x"}})', period: '10'}}
  states: {{coordinate: [8, 300], rotation: 0, state: {strobe_state}}}
- name: ann
  id: stftclean_sigmf_annotation_sink
  parameters: {{filename: '{meta}', sample_rate: '48000', centre_freq: '7e6',
    datatype: cf32_le, start_time: '', generator: gr-stftclean, dataset: '',
    header_bytes: '0', rewrite_interval: '0'}}
  states: {{coordinate: [300, 300], rotation: 0, state: {strobe_state}}}
connections:
- [src, '0', snk, '0']
- [strobe, strobe, ann, in]
metadata:
  file_format: 1
"""


def tags_by_key(sink):
    return {pmt.symbol_to_string(t.key): (t.offset, t.value) for t in sink.tags()}


class qa_iqwav_blocks(gr_unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="qa_iqwav_")
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_source_sdruno_tags(self):
        fs, n = 2000000, 3000
        rng = np.random.default_rng(1)
        iq16 = rng.integers(-30000, 30000, (n, 2)).astype(np.int16)
        path = os.path.join(self.dir, "rec.wav")
        sdruno_wav(path, iq16, fs, 7100000, (2024, 3, 5, 15, 13, 45, 30, 250))
        src = stftclean.iqwav_source(path)
        self.assertEqual(src.sample_rate(), fs)
        self.assertTrue(src.has_centre_freq())
        self.assertEqual(src.centre_freq(), 7100000)
        self.assertEqual(src.nsamples(), n)
        self.assertEqual(src.format(), "wav")
        # 2024-03-15 13:45:30.250 UTC
        self.assertAlmostEqual(src.start_time(), 1710510330.25, places=6)
        snk = blocks.vector_sink_c()
        tb = gr.top_block()
        tb.connect(src, snk)
        tb.run()
        want = (iq16[:, 0] + 1j * iq16[:, 1]) / 32768.0
        np.testing.assert_allclose(np.array(snk.data()), want, atol=1e-7)
        tags = tags_by_key(snk)
        self.assertEqual(tags["rx_rate"][0], 0)
        self.assertEqual(pmt.to_double(tags["rx_rate"][1]), fs)
        self.assertEqual(pmt.to_double(tags["rx_freq"][1]), 7100000)
        off, t = tags["rx_time"]
        self.assertEqual(off, 0)
        self.assertEqual(pmt.to_uint64(pmt.tuple_ref(t, 0)), 1710510330)
        self.assertAlmostEqual(pmt.to_double(pmt.tuple_ref(t, 1)), 0.25)
        self.assertEqual(len(snk.tags()), 3)

    def test_source_repeat_and_swap(self):
        iq16 = np.array([[1, 2], [3, 4], [5, 6]], np.int16) * 1000
        path = os.path.join(self.dir, "r.wav")
        sdruno_wav(path, iq16, 48000, 100, (2020, 1, 3, 2, 0, 0, 0, 0))
        src = stftclean.iqwav_source(path, repeat=True, swap_iq=True)
        head = blocks.head(gr.sizeof_gr_complex, 8)
        snk = blocks.vector_sink_c()
        tb = gr.top_block()
        tb.connect(src, head, snk)
        tb.run()
        z = (iq16[:, 1] + 1j * iq16[:, 0]) / 32768.0
        np.testing.assert_allclose(np.array(snk.data()), np.tile(z, 3)[:8], atol=1e-7)
        rate_offsets = sorted(t.offset for t in snk.tags()
                              if pmt.symbol_to_string(t.key) == "rx_rate")
        self.assertEqual(rate_offsets, [0, 3, 6])

    def test_source_raw_and_sigmf(self):
        z = (np.arange(10) - 5 + 1j * np.arange(10)).astype(np.complex64) / 16
        raw = os.path.join(self.dir, "x.ci16")
        v = np.empty(20, "<i2")
        v[0::2], v[1::2] = np.round(z.real * 32768), np.round(z.imag * 32768)
        v.tofile(raw)
        src = stftclean.iqwav_source(raw, sample_rate=1e6)
        snk = blocks.vector_sink_c()
        tb = gr.top_block()
        tb.connect(src, snk)
        tb.run()
        np.testing.assert_allclose(np.array(snk.data()), z, atol=1e-6)
        tags = tags_by_key(snk)
        self.assertEqual(set(tags), {"rx_rate"})    # raw files store no centre or time
        # the same bytes described by a SigMF meta with a centre and a time
        os.rename(raw, os.path.join(self.dir, "x.sigmf-data"))
        with open(os.path.join(self.dir, "x.sigmf-meta"), "w") as f:
            f.write('{"global": {"core:datatype": "ci16_le", "core:version": "1.2.0", '
                    '"core:sample_rate": 250000}, "captures": [{"core:sample_start": 0, '
                    '"core:frequency": 433920000.5, '
                    '"core:datetime": "2021-06-01T00:00:01.5Z"}], "annotations": []}')
        src = stftclean.iqwav_source(os.path.join(self.dir, "x.sigmf-meta"))
        snk = blocks.vector_sink_c()
        tb = gr.top_block()
        tb.connect(src, snk)
        tb.run()
        np.testing.assert_allclose(np.array(snk.data()), z, atol=1e-6)
        tags = tags_by_key(snk)
        self.assertEqual(pmt.to_double(tags["rx_freq"][1]), 433920000.5)
        self.assertEqual(pmt.to_double(tags["rx_rate"][1]), 250000)
        t = tags["rx_time"][1]
        self.assertEqual(pmt.to_uint64(pmt.tuple_ref(t, 0)), 1622505601)
        self.assertAlmostEqual(pmt.to_double(pmt.tuple_ref(t, 1)), 0.5)

    def test_source_errors(self):
        bad = os.path.join(self.dir, "bad.wav")
        with open(bad, "wb") as f:
            f.write(b"RIFF\0\0\0\0WAVEjunk")
        with self.assertRaises(ValueError):
            stftclean.iqwav_source(bad)
        with self.assertRaises(ValueError):
            stftclean.iqwav_source(os.path.join(self.dir, "missing.wav"))
        with self.assertRaisesRegex(ValueError, "format"):
            stftclean.iqwav_source(bad, format="mp3")
        # the same strictness as the command-line tool: an empty or truncated
        # raw file, an empty recording and a FIFO are refused at construction
        # (they used to make a source that gave nothing, or hung)
        empty = os.path.join(self.dir, "empty.cf32")
        open(empty, "wb").close()
        with self.assertRaisesRegex(ValueError, "empty file"):
            stftclean.iqwav_source(empty)
        part = os.path.join(self.dir, "part.cf32")
        with open(part, "wb") as f:
            f.write(b"\0" * 8003)
        with self.assertRaisesRegex(ValueError, "not a multiple of the 8-byte"):
            stftclean.iqwav_source(part)
        with open(os.path.join(self.dir, "e.sigmf-meta"), "w") as f:
            json.dump({"global": {"core:datatype": "cf32_le", "core:sample_rate": 1e6,
                                  "core:version": "1.0.0"}, "captures": [],
                       "annotations": []}, f)
        open(os.path.join(self.dir, "e.sigmf-data"), "wb").close()
        with self.assertRaisesRegex(ValueError, "no samples"):
            stftclean.iqwav_source(os.path.join(self.dir, "e.sigmf-meta"))
        fifo = os.path.join(self.dir, "live.wav")
        os.mkfifo(fifo)
        with self.assertRaisesRegex(ValueError, "not a regular file"):
            stftclean.iqwav_source(fifo)

    def test_sink_metadata_from_tags_and_roundtrip(self):
        fs, n = 250000, 5000
        t = np.arange(n) / fs
        z = (0.5 * np.exp(2j * np.pi * 10e3 * t)).astype(np.complex64)
        tags = []
        for key, val in [("rx_rate", pmt.from_double(fs)),
                         ("rx_freq", pmt.from_double(145.8e6)),
                         ("rx_time", pmt.make_tuple(pmt.from_uint64(1700000000),
                                                    pmt.from_double(0.125)))]:
            tg = gr.tag_t()
            tg.offset, tg.key, tg.value = 0, pmt.intern(key), val
            tags.append(tg)
        path = os.path.join(self.dir, "out.wav")
        snk = stftclean.iqwav_sink(path, 0, "pcm16")
        tb = gr.top_block()
        tb.connect(blocks.vector_source_c(z.tolist(), False, 1, tags), snk)
        tb.run()
        self.assertEqual(snk.nwritten(), n)
        w = parse_wav(path)
        self.assertEqual((w["tag"], w["ch"], w["rate"], w["bits"]), (1, 2, fs, 16))
        self.assertEqual(w["centre"], 145800000)
        # 1700000000 s = 2023-11-14 22:13:20 UTC, a Tuesday
        self.assertEqual(w["start"], (2023, 11, 2, 14, 22, 13, 20, 125))
        self.assertEqual(w["data_size"], 4 * n)
        self.assertLessEqual(np.max(np.abs(w["z"] - z)), 1.0 / 32768)
        # and back through the source: the same tags come out
        src = stftclean.iqwav_source(path)
        vs = blocks.vector_sink_c()
        tb = gr.top_block()
        tb.connect(src, vs)
        tb.run()
        got = tags_by_key(vs)
        self.assertEqual(pmt.to_double(got["rx_freq"][1]), 145.8e6)
        self.assertEqual(pmt.to_uint64(pmt.tuple_ref(got["rx_time"][1], 0)), 1700000000)
        np.testing.assert_allclose(np.array(vs.data()), w["z"], atol=1e-7)

    def test_sink_rate_tag_behind_a_cleaner(self):
        """sample_rate 0 behind a cleaner: the source's tags come out
        latency() samples in; the samples before them are held and written
        first, the rate and centre come from the tags, the start time is
        moved back by those samples; nothing is lost (the file = the
        cleaner's output). Without any rx_rate tag no file is made."""
        fs, n = 1000, 4000
        rng = np.random.default_rng(5)
        z = (0.3 * (rng.normal(size=n) + 1j * rng.normal(size=n))).astype(np.complex64)
        tags = []
        for key, val in [("rx_rate", pmt.from_double(fs)),
                         ("rx_freq", pmt.from_double(433.92e6)),
                         ("rx_time", pmt.make_tuple(pmt.from_uint64(1700000000),
                                                    pmt.from_double(0.5)))]:
            tg = gr.tag_t()
            tg.offset, tg.key, tg.value = 0, pmt.intern(key), val
            tags.append(tg)
        path = os.path.join(self.dir, "behind.wav")
        cl = stftclean.cleaner_cc(256, 64, mask="none")
        self.assertEqual(cl.latency(), 192)
        snk = stftclean.iqwav_sink(path, 0, "float32")
        ref = blocks.vector_sink_c()
        tb = gr.top_block()
        tb.connect(blocks.vector_source_c(z.tolist(), False, 1, tags), cl)
        tb.connect(cl, snk)
        tb.connect(cl, ref)
        tb.run()
        out = np.array(ref.data(), np.complex64)
        self.assertGreater(len(out), 192)
        self.assertEqual(snk.nwritten(), len(out))
        w = parse_wav(path)
        self.assertEqual((w["rate"], w["bits"], w["centre"]), (fs, 32, 433920000))
        # 1700000000.5 - 192 / 1000 s = 22:13:20.308 UTC
        self.assertEqual(w["start"], (2023, 11, 2, 14, 22, 13, 20, 308))
        np.testing.assert_array_equal(w["z"], out.astype(np.complex128))
        # the stream delayed by the cleaner: output 192 + t is input t
        np.testing.assert_allclose(out[192:192 + 1000], z[:1000], atol=1e-5)

        none = os.path.join(self.dir, "untagged.wav")
        snk = stftclean.iqwav_sink(none, 0, "pcm16")
        tb = gr.top_block()
        tb.connect(blocks.vector_source_c(z.tolist()), snk)
        tb.run()
        self.assertEqual(snk.nwritten(), 0)
        self.assertFalse(os.path.exists(none))

    def test_sink_float32_parameters_win(self):
        z = (np.arange(100) / 100.0 - 0.5j).astype(np.complex64)
        tg = gr.tag_t()
        tg.offset, tg.key, tg.value = 0, pmt.intern("rx_freq"), pmt.from_double(1e6)
        path = os.path.join(self.dir, "f.wav")
        snk = stftclean.iqwav_sink(path, 48000, "float32", centre_freq=7e6,
                                   start_time="2024-05-09T12:30:15.125Z")
        tb = gr.top_block()
        tb.connect(blocks.vector_source_c(z.tolist(), False, 1, [tg]), snk)
        tb.run()
        w = parse_wav(path)
        self.assertEqual((w["tag"], w["rate"], w["bits"]), (3, 48000, 32))
        self.assertEqual(w["centre"], 7000000)
        self.assertEqual(w["start"][:2] + w["start"][3:], (2024, 5, 9, 12, 30, 15, 125))
        np.testing.assert_array_equal(w["z"], z.astype(np.complex128))

    def test_sink_stopped_early_leaves_valid_file(self):
        path = os.path.join(self.dir, "early.wav")
        src = blocks.null_source(gr.sizeof_gr_complex)
        snk = stftclean.iqwav_sink(path, 1000000, "pcm16", patch_interval=0.01)
        tb = gr.top_block()
        tb.connect(src, snk)
        tb.start()
        tb.stop()
        tb.wait()
        w = parse_wav(path)
        self.assertEqual(w["data_size"], 4 * snk.nwritten())
        self.assertEqual(w["riff_size"], os.path.getsize(path) - 8)
        self.assertEqual(len(w["z"]), snk.nwritten())

    def test_sink_errors(self):
        p = os.path.join(self.dir, "e.wav")
        with self.assertRaisesRegex(ValueError, "sample_format"):
            stftclean.iqwav_sink(p, 48000, "pcm24")
        with self.assertRaisesRegex(ValueError, "sample_rate"):
            stftclean.iqwav_sink(p, 48000.5)
        with self.assertRaisesRegex(ValueError, "centre_freq"):
            stftclean.iqwav_sink(p, 48000, "pcm16", 5e9)
        with self.assertRaisesRegex(ValueError, "start_time"):
            stftclean.iqwav_sink(p, 48000, "pcm16", 0, "yesterday")
        with self.assertRaisesRegex(ValueError, "patch_interval"):
            stftclean.iqwav_sink(p, 48000, "pcm16", 0, "", 0)

    def test_sink_fails_at_start(self):
        """A file that cannot be written raises in tb.run()/tb.start(), with
        its path, rate given or not (it used to be logged at run time while
        tb.run() returned normally); nothing is left behind."""
        bad = os.path.join(self.dir, "no", "such", "dir", "x.wav")
        for rate in (48000, 0):
            snk = stftclean.iqwav_sink(bad, rate, "pcm16")
            tb = gr.top_block()
            tb.connect(blocks.vector_source_c([0j] * 100), snk)
            with self.assertRaisesRegex(RuntimeError, "cannot create .*x.wav"):
                tb.run()
        # the rate from a tag: the path is tried at start and no file is left
        # until the first sample
        good = os.path.join(self.dir, "later.wav")
        snk = stftclean.iqwav_sink(good, 0, "pcm16")
        tb = gr.top_block()
        tg = gr.tag_t()
        tg.offset, tg.key, tg.value = 0, pmt.intern("rx_rate"), pmt.from_double(8000)
        tb.connect(blocks.vector_source_c([0.5j] * 100, False, 1, [tg]), snk)
        tb.run()
        self.assertEqual(parse_wav(good)["rate"], 8000)

    @unittest.skipIf(shutil.which("grcc") is None, "grcc not installed")
    def test_grc_blocks_compile_and_run(self):
        """The three GRC definitions compile with grcc and the script runs:
        metadata flows file -> tags -> file."""
        iq16 = (np.arange(4000).reshape(2000, 2) % 200 - 100).astype(np.int16) * 100
        src = os.path.join(self.dir, "in.wav")
        sdruno_wav(src, iq16, 48000, 7100000, (2024, 3, 5, 15, 13, 45, 30, 250))
        dst = os.path.join(self.dir, "out.wav")
        meta = os.path.join(self.dir, "ann.sigmf-meta")
        env = dict(os.environ)
        env["GRC_BLOCKS_PATH"] = GRC_DIR + os.pathsep + env.get("GRC_BLOCKS_PATH", "")
        scripts = []
        for name, state in [("grc_files", "disabled"), ("grc_annotations", "enabled")]:
            grc = os.path.join(self.dir, name + ".grc")
            with open(grc, "w") as f:
                f.write(GRC_FLOWGRAPH.format(src=src, dst=dst, meta=meta,
                                             strobe_state=state).replace("grc_iqwav", name))
            res = subprocess.run([shutil.which("grcc"), "-o", self.dir, grc], env=env,
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
            scripts.append(os.path.join(self.dir, name + ".py"))
        # without the endless strobe the flowgraph ends with the file
        res = subprocess.run([sys.executable, scripts[0]], env=env, capture_output=True,
                             text=True, timeout=60, stdin=subprocess.DEVNULL)
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        w = parse_wav(dst)
        self.assertEqual((w["rate"], w["centre"], w["tag"]), (48000, 7100000, 3))
        self.assertEqual(w["start"][:2] + w["start"][3:], (2024, 3, 15, 13, 45, 30, 250))
        np.testing.assert_allclose(w["z"], (iq16[:, 0] + 1j * iq16[:, 1]) / 32768.0)

        # with it, started and stopped: the meta file is valid
        run = ("import sys; sys.path.insert(0, %r); import grc_annotations as g; "
               "tb = g.grc_annotations(); tb.start(); tb.stop(); tb.wait()" % self.dir)
        res = subprocess.run([sys.executable, "-c", run], env=env, capture_output=True,
                             text=True, timeout=60, stdin=subprocess.DEVNULL)
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        with open(meta) as f:
            m = json.load(f)
        self.assertEqual(m["captures"][0]["core:frequency"], 7e6)
        self.assertTrue(all(a["core:sample_start"] == 5 for a in m["annotations"]))


if __name__ == "__main__":
    gr_unittest.run(qa_iqwav_blocks)

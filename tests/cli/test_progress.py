#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stftclean clean / features / reconstruct: the progress line (--progress,
--quiet, a terminal through a pty, a stream), the closing summary line
against the input's sample count, output names (unknown extensions refused
with the list, a known one obeyed with a warning that names the metadata it
drops), --sigmf-sidecar read back by the tool itself, and the errors of the
bad combinations. numpy builds the inputs and decodes the outputs.

usage: test_progress.py /path/to/stftclean"""

import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import unittest

import numpy as np

CLI = None
FS = 250_000  # Hz
LONG_S = 5.0  # above the 4 s (and 2^20 samples) of the automatic progress
CENTRE = 433_920_000
START = (2025, 1, 3, 2, 4, 5, 6, 7)  # SYSTEMTIME: 2025-01-02 04:05:06.007
RNG = np.random.default_rng(21)

DONE = re.compile(r"^stftclean: done: (\d+) samples( \(([\d.]+) (s|ms|us) of signal\))? "
                  r"in [\d.]+ s, [\d.]+ MS/s( \([\d.]+x real time\))?(; (.*))?$", re.M)


def run(*args, stdin=None):
    p = subprocess.run([CLI] + [str(a) for a in args], capture_output=True, timeout=120,
                       stdin=stdin)
    assert 0 <= p.returncode < 128, "crash %d: %s" % (p.returncode, args)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode()


def ok(*args):
    rc, out, err = run(*args)
    assert rc == 0, "exit %d for %s: %s" % (rc, args, err)
    return out, err


def fails(want_rc, needles, *args):
    """One error line naming every needle, exit want_rc."""
    rc, out, err = run(*args)
    lines = err.splitlines()
    assert rc == want_rc, "exit %d (want %d) for %s: %s" % (rc, want_rc, args, err)
    assert len(lines) == 1 and lines[0].startswith("stftclean: "), (args, err)
    for n in needles:
        assert n in lines[0], "%r does not mention %r" % (lines[0], n)
    return lines[0]


def run_pty(*args):
    """The tool with a pseudo-terminal as stderr (stdout a pipe); None when
    no pty can be had here."""
    try:
        import pty
        master, slave = pty.openpty()
    except (ImportError, OSError):
        return None
    p = subprocess.Popen([CLI] + [str(a) for a in args], stdout=subprocess.PIPE,
                         stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    got = []
    while True:
        try:
            d = os.read(master, 4096)
        except OSError:  # EIO: the child's end is closed
            break
        if not d:
            break
        got.append(d)
    out = p.stdout.read().decode()
    p.stdout.close()
    p.wait(timeout=120)
    os.close(master)
    return p.returncode, out, b"".join(got).decode(errors="replace")


def signal(n, bursts=True):
    """Noise with tone bursts (complex, |x| < 1)."""
    x = 0.01 * (RNG.standard_normal(n) + 1j * RNG.standard_normal(n))
    if bursts:
        t = np.arange(n)
        for s0 in range(n // 10, n - n // 10, n // 5):
            seg = slice(s0, s0 + n // 20)
            x[seg] += 0.3 * np.exp(2j * np.pi * 0.1 * t[seg])
    return x.astype(np.complex64)


def iq_wav(path, x, fs, centre=None, start=None):
    """Two-channel PCM16 WAV, with an SDRuno auxi chunk (start time, centre)
    when centre is given."""
    iq16 = np.stack([x.real, x.imag], axis=1) * 32767.0
    iq16 = np.clip(np.round(iq16), -32768, 32767).astype("<i2")
    fmt = struct.pack("<HHIIHH", 1, 2, fs, fs * 4, 4, 16)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt
    if centre is not None:
        auxi = struct.pack("<8H", *(start or (0,) * 8)) + struct.pack("<8H", *(0,) * 8)
        auxi += struct.pack("<I", centre)
        auxi += b"\0" * (164 - len(auxi))
        chunks += b"auxi" + struct.pack("<I", len(auxi)) + auxi
    data = iq16.tobytes()
    body = b"WAVE" + chunks + b"data" + struct.pack("<I", len(data)) + data
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)
    return iq16


def wav_floats(path):
    """The samples of a float32 WAV written by the tool, as float32 frames."""
    b = slurp(path)
    assert b[:4] == b"RIFF" and b[8:12] == b"WAVE", b[:12]
    i, fmt = 12, None
    while i + 8 <= len(b):
        cid, size = b[i:i + 4], struct.unpack("<I", b[i + 4:i + 8])[0]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", b[i + 8:i + 24])
        if cid == b"data":
            assert fmt and fmt[0] in (3, 0xFFFE) and fmt[5] == 32, fmt
            return np.frombuffer(b[i + 8:i + 8 + size], "<f4").reshape(-1, fmt[1])
        i += 8 + size + (size & 1)
    raise AssertionError("no data chunk in " + path)


def slurp(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


def done_line(text):
    m = DONE.findall(text)
    assert len(m) == 1, "want one summary line in %r" % text
    return m[0]


class Progress(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmpd = tempfile.TemporaryDirectory(prefix="stftclean-progress-")
        cls.tmp = cls.tmpd.name
        cls.n = int(LONG_S * FS)
        cls.x = signal(cls.n)
        cls.long = cls.path("long.cf32")
        cls.x.tofile(cls.long)
        cls.short = cls.path("short.cf32")
        cls.x[:FS // 2].tofile(cls.short)  # 0.5 s
        cls.wav = cls.path("rec.wav")
        cls.iq16 = iq_wav(cls.wav, cls.x[:FS // 2], FS, CENTRE, START)

    @classmethod
    def tearDownClass(cls):
        cls.tmpd.cleanup()

    @classmethod
    def path(cls, name):
        return os.path.join(cls.tmp, name)

    # ------------------------------------------------------------ progress

    def check_progress(self, err, phase, seconds):
        """err: the \\r-rewritten lines of one run, ending in the 100% line
        and its newline."""
        self.assertTrue(err.startswith("\rstftclean: "), repr(err[:80]))
        self.assertTrue(err.endswith("\n"), repr(err[-80:]))
        lines = [s.rstrip() for s in err.rstrip("\n").split("\r") if s]
        mine = [s for s in lines if s.startswith("stftclean: %s " % phase)]
        self.assertTrue(mine, lines)
        pct = [int(re.match(r"stftclean: \w+ +(\d+)%: ", s).group(1)) for s in mine]
        self.assertEqual(pct, sorted(pct), lines)  # never backwards
        self.assertEqual(pct[-1], 100, lines)
        self.assertTrue(all(p < 100 for p in pct[:-1]), lines)
        self.assertRegex(lines[-1], r"^stftclean: %s 100%%: %.1f s of %.1f s of signal in "
                         r"[\d.]+ s, [\d.]+ MS/s$" % (phase, seconds, seconds))
        return lines

    def test_clean_progress_forced(self):
        """--progress on a pipe: the priming phase, then cleaning to 100%,
        one line rewritten with \\r; the report and the output unchanged."""
        ref = self.path("ref.cf32")
        out0, err0 = ok("clean", self.long, ref, "--rate", FS)
        self.assertEqual(err0, "")  # not a terminal: no progress
        dst = self.path("p.cf32")
        out, err = ok("clean", self.long, dst, "--rate", FS, "--progress")
        lines = self.check_progress(err, "cleaning", LONG_S)
        self.assertTrue(lines[0].startswith("stftclean: priming "), lines)
        self.assertEqual(slurp(dst), slurp(ref))
        def strip(text):
            return [x for x in text.splitlines() if not x.startswith("stftclean: done:")]
        self.assertEqual(strip(out), strip(out0.replace(ref, dst)))
        n, _, dur, unit, _, _, _ = done_line(out)
        self.assertEqual((int(n), float(dur), unit), (self.n, LONG_S, "s"))
        # --one-pass: no priming phase
        _, err = ok("clean", self.long, dst, "--rate", FS, "--progress", "--one-pass")
        lines = self.check_progress(err, "cleaning", LONG_S)
        self.assertFalse(any("priming" in s for s in lines), lines)

    def test_quiet(self):
        """--quiet: nothing on stdout or stderr, the same samples; with
        --progress the progress line only."""
        ref = self.path("ref_q.cf32")
        ok("clean", self.long, ref, "--rate", FS)
        dst = self.path("q.cf32")
        self.assertEqual(ok("clean", self.long, dst, "--rate", FS, "--quiet"), ("", ""))
        self.assertEqual(slurp(dst), slurp(ref))
        out, err = ok("clean", self.long, dst, "--rate", FS, "--quiet", "--progress")
        self.assertEqual(out, "")
        self.check_progress(err, "cleaning", LONG_S)
        csv = self.path("q.csv")
        self.assertEqual(ok("features", self.long, "--csv", csv, "--rate", FS, "--quiet"),
                         ("", ""))
        out, err = ok("reconstruct", self.short, self.path("q2.cf32"), "--quiet",
                      "--method", "pghi")
        self.assertEqual((out, err), ("", ""))

    def test_terminal(self):
        """stderr a terminal: progress for the long input, none for 0.5 s of
        signal, none with --quiet."""
        r = run_pty("clean", self.long, self.path("t.cf32"), "--rate", FS)
        if r is None:
            print("no pty here: terminal case skipped")
            return
        rc, out, err = r
        self.assertEqual(rc, 0, err)
        err = err.replace("\r\n", "\n")  # the terminal's output processing
        self.check_progress(err, "cleaning", LONG_S)
        self.assertIn("stftclean: done: %d samples" % self.n, out)
        rc, out, err = run_pty("clean", self.short, self.path("t.cf32"), "--rate", FS)
        self.assertEqual((rc, err), (0, ""))
        rc, out, err = run_pty("clean", self.long, self.path("t.cf32"), "--rate", FS,
                               "--quiet")
        self.assertEqual((rc, out, err), (0, "", ""))
        rc, out, err = run_pty("features", self.long, "--csv", self.path("t.csv"),
                               "--rate", FS)
        self.assertEqual(rc, 0, err)
        self.check_progress(err.replace("\r\n", "\n"), "measuring", LONG_S)

    def test_stream(self):
        """clean - -: the samples alone on stdout, the same with --progress;
        progress counts seconds (the length is unknown); a warning after it
        starts a line of its own."""
        data = slurp(self.long) + b"abc"  # 3 bytes: no whole sample
        args = [CLI, "clean", "-", "-", "--format", "cf32", "--rate", str(FS)]
        p0 = subprocess.run(args, input=data, capture_output=True, timeout=120)
        p1 = subprocess.run(args + ["--progress"], input=data, capture_output=True,
                            timeout=120)
        self.assertEqual((p0.returncode, p1.returncode), (0, 0), p1.stderr)
        self.assertEqual(len(p0.stdout), self.n * 8)
        self.assertEqual(p1.stdout, p0.stdout)
        err = p1.stderr.decode()
        self.assertNotIn("\r", p0.stderr.decode())
        self.assertRegex(err, r"\rstftclean: cleaning: %.1f s of signal in [\d.]+ s, "
                         r"[\d.]+ MS/s *\n" % LONG_S)
        self.assertNotRegex(err, r"cleaning +\d+%")  # no percent without a length
        for m in re.finditer("stftclean: ", err):  # each message at a line start
            self.assertIn(err[m.start() - 1:m.start()], ("", "\n", "\r"), err)
        self.assertIn("\nstftclean: warning: -: the last 3 bytes", err)
        n, _, dur, _, _, _, _ = done_line(err)
        self.assertEqual((int(n), float(dur)), (self.n, LONG_S))

    # ------------------------------------------------------------ summary

    def test_summary_counts(self):
        """The summary's sample count is the input's: clean (rate known or
        not), features per frame and per burst (bursts = table rows; on
        stderr with --csv -), reconstruct."""
        out, _ = ok("clean", self.short, self.path("s.cf32"), "--rate", FS)
        self.assertEqual(int(done_line(out)[0]), FS // 2)
        # no rate: the threshold mask works in bins; no duration claimed
        out, _ = ok("clean", self.short, self.path("s.cf32"), "--mask", "threshold")
        n, has_dur = done_line(out)[:2]
        self.assertEqual((int(n), has_dur), (FS // 2, ""))
        csv = self.path("f.csv")
        out, err = ok("features", self.long, "--csv", csv, "--rate", FS)
        self.assertEqual(err, "")
        n, _, dur, _, _, _, extra = done_line(out)
        rows = len(slurp(csv, "r").splitlines()) - 1
        self.assertEqual((int(n), float(dur)), (self.n, LONG_S))
        self.assertEqual(extra, "%d rows in %s" % (rows, csv))
        meta = self.path("f.sigmf-meta")
        out, err = ok("features", self.long, "--csv", csv, "--rate", FS, "--per-burst",
                      "--sigmf-meta", meta)
        bursts = len(slurp(csv, "r").splitlines()) - 1
        self.assertGreaterEqual(bursts, 3)
        ann = json.loads(slurp(meta, "r"))["annotations"]
        self.assertEqual(len(ann), bursts)
        self.assertEqual(done_line(out)[6], "%d bursts in %s and %s" % (bursts, csv, meta))
        out, err = ok("features", self.long, "--csv", "-", "--rate", FS, "--per-burst")
        self.assertEqual(len(out.splitlines()) - 1, bursts)  # the table alone
        self.assertFalse(DONE.search(out))
        self.assertEqual(done_line(err)[6], "%d bursts in the table on stdout" % bursts)
        out, _ = ok("reconstruct", self.short, self.path("r.cf32"), "--method", "pghi")
        self.assertEqual(int(done_line(out)[0]), FS // 2)

    # ------------------------------------------------------------ output names

    def test_unknown_extensions(self):
        """An extension that names no format is refused with the list;
        none: IN's format; IN's own unknown one: IN's format; --out-format
        writes any name."""
        for name in ("o.mp3", "o.txt", "dir.d/o.Mp3"):
            dst = self.path(name)
            ext = os.path.splitext(name)[1]
            fails(2, ["'%s'" % ext, ".wav", ".sigmf-meta", ".sigmf-data", ".cf32", ".cfile",
                      ".ci16", ".cs16", ".ci8", ".cu8", ".f32", "--out-format"],
                  "clean", self.wav, dst)
            self.assertFalse(os.path.exists(dst))
        fails(2, [".sigmf-meta", "archive"], "clean", self.wav, self.path("o.sigmf"))
        fails(2, ["'.mp3'", ".cf32"], "reconstruct", self.short, self.path("o.mp3"))
        fails(2, ["ci16"], "reconstruct", self.short, self.path("o.ci16"))
        # no extension: IN's format (a WAV here)
        ok("clean", self.wav, self.path("noext"))
        self.assertEqual(slurp(self.path("noext"))[:4], b"RIFF")
        # in.bin read with --format: out.bin is written in that format
        b_in, b_out = self.path("cap.bin"), self.path("cap_out.bin")
        self.x[:4000].tofile(b_in)
        ok("clean", b_in, b_out, "--format", "cf32", "--mask", "none", "--fft", "256",
           "--hop", "64")
        y = np.fromfile(b_out, np.complex64)
        self.assertLess(np.max(np.abs(y - self.x[:4000])), 1e-5)
        # --out-format: the name is the user's
        _, err = ok("clean", self.wav, self.path("o.mp3"), "--out-format", "cf32")
        self.assertEqual(err, "")
        self.assertEqual(os.path.getsize(self.path("o.mp3")), FS // 2 * 8)

    def test_raw_extension_obeyed(self):
        """clean x.wav y.cf32: written, a warning naming what the cf32 file
        cannot hold (only what the input had) and --sigmf-sidecar; the
        samples are those of clean x.wav y.wav."""
        ok("clean", self.wav, self.path("y.wav"))
        out, err = ok("clean", self.wav, self.path("y.cf32"))
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("stftclean: warning: %s: a cf32 file cannot hold the wav input's "
                      "sample rate, centre frequency and start time" % self.path("y.cf32"),
                      err)
        self.assertIn("--sigmf-sidecar", err)
        self.assertIn(self.path("y.sigmf-meta"), err)
        y = np.fromfile(self.path("y.cf32"), np.float32).reshape(-1, 2)
        w = wav_floats(self.path("y.wav"))
        self.assertEqual(y.shape, (FS // 2, 2))
        self.assertTrue(np.array_equal(y, w))
        # a WAV without auxi chunk: only the rate is lost
        plain = self.path("plain.wav")
        iq_wav(plain, self.x[:20000], FS)
        _, err = ok("clean", plain, self.path("p.ci16"))
        self.assertIn("cannot hold the wav input's sample rate; written without it", err)
        # real samples (a mono WAV to .f32): no sidecar to offer
        mono = self.path("mono.wav")
        a16 = (self.x[:20000].real * 32767).astype("<i2")
        fmt = struct.pack("<HHIIHH", 1, 1, 48000, 96000, 2, 16)
        body = (b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" +
                struct.pack("<I", a16.nbytes) + a16.tobytes())
        with open(mono, "wb") as f:
            f.write(b"RIFF" + struct.pack("<I", len(body)) + body)
        _, err = ok("clean", mono, self.path("mono.f32"))
        self.assertTrue(err.endswith("cannot hold the wav input's sample rate; written "
                                     "without it\n"), err)
        # --out-format asks for the conversion: no warning
        _, err = ok("clean", self.wav, self.path("y2.cf32"), "--out-format", "cf32")
        self.assertEqual(err, "")

    def test_sidecar(self):
        """--sigmf-sidecar: out.sigmf-meta beside out.cf32 / out.ci16 with
        core:dataset, datatype, rate, centre and start time, read back by
        info and clean; IN's annotations follow."""
        dst, meta = self.path("sc.cf32"), self.path("sc.sigmf-meta")
        ok("clean", self.wav, self.path("sc_ref.cf32"))
        out, err = ok("clean", self.wav, dst, "--sigmf-sidecar")
        self.assertEqual(err, "")  # nothing lost: no warning
        self.assertIn("stftclean: wrote cf32 and its SigMF meta %s" % meta, out)
        self.assertEqual(slurp(dst), slurp(self.path("sc_ref.cf32")))
        m = json.loads(slurp(meta, "r"))
        g, c = m["global"], m["captures"][0]
        self.assertEqual((g["core:dataset"], g["core:datatype"], g["core:sample_rate"]),
                         ("sc.cf32", "cf32_le", FS))
        self.assertEqual(c["core:frequency"], CENTRE)
        self.assertTrue(c["core:datetime"].startswith("2025-01-02T04:05:06.007"), c)
        out, _ = ok("info", meta)
        self.assertRegex(out, r"rate:\s+%d Hz" % FS)
        self.assertRegex(out, r"centre:\s+%d Hz" % CENTRE)
        self.assertRegex(out, r"samples:\s+%d\b" % (FS // 2))
        self.assertIn("start:    2025-01-02 04:05:06.007", out)
        # the pair is a recording: cleaned with mask none it gives sc.cf32 back
        ok("clean", meta, self.path("back.cf32"), "--out-format", "cf32", "--mask", "none")
        a = np.fromfile(dst, np.complex64)
        self.assertLess(np.max(np.abs(np.fromfile(self.path("back.cf32"), np.complex64) - a)),
                        1e-5)
        # ci16: its datatype
        ok("clean", self.wav, self.path("sc16.ci16"), "--sigmf-sidecar")
        m = json.loads(slurp(self.path("sc16.sigmf-meta"), "r"))
        self.assertEqual((m["global"]["core:datatype"], m["global"]["core:dataset"]),
                         ("ci16_le", "sc16.ci16"))
        out, _ = ok("info", self.path("sc16.sigmf-meta"))
        self.assertRegex(out, r"samples:\s+%d\b" % (FS // 2))
        # a SigMF input's annotations: the one past the end left out, one cut
        data = self.path("ann.sigmf-data")
        self.x[:5000].tofile(data)
        meta_text = json.dumps({"global": {"core:datatype": "cf32_le", "core:version": "1.2.0",
                              "core:sample_rate": FS},
                   "captures": [{"core:sample_start": 0, "core:frequency": 1e9}],
                   "annotations": [
                       {"core:sample_start": 100, "core:sample_count": 50,
                        "core:label": "kept"},
                       {"core:sample_start": 4900, "core:sample_count": 500,
                        "core:label": "cut"},
                       {"core:sample_start": 6000, "core:label": "past"}]})
        with open(self.path("ann.sigmf-meta"), "w") as f:
            f.write(meta_text)
        out, err = ok("clean", self.path("ann.sigmf-meta"), self.path("ann_out.cu8"),
                      "--sigmf-sidecar", "--mask", "none")
        self.assertIn("1 annotation past the last sample left out, 1 cut at it", err)
        self.assertNotIn("cannot hold", err)
        m = json.loads(slurp(self.path("ann_out.sigmf-meta"), "r"))
        self.assertEqual([(a["core:label"], a["core:sample_start"], a["core:sample_count"])
                          for a in m["annotations"]], [("kept", 100, 50), ("cut", 4900, 100)])
        self.assertEqual((m["global"]["core:datatype"], m["captures"][0]["core:frequency"]),
                         ("cu8", 1e9))
        self.assertIn("annotations: 2", ok("info", self.path("ann_out.sigmf-meta"))[0])

    def test_bad_combinations(self):
        """Each names the option or the file at fault; nothing is written."""
        for dst, why in (("bad.wav", "wav"), ("bad.sigmf-meta", "sigmf"),
                         ("bad_noext", "wav")):
            fails(2, ["--sigmf-sidecar", why], "clean", self.wav, self.path(dst),
                  "--sigmf-sidecar")
            self.assertFalse(os.path.exists(self.path(dst)))
        real = self.path("real.f32")
        np.zeros(1000, np.float32).tofile(real)
        fails(2, ["--sigmf-sidecar", "real"], "clean", real, self.path("bad.f32"),
              "--rate", FS, "--sigmf-sidecar")
        fails(2, ["--sigmf-sidecar", "standard output"], "clean", self.short, "-",
              "--rate", FS, "--sigmf-sidecar")
        # the sidecar of rec.cf32 would overwrite the input rec.sigmf-meta
        ok("clean", self.wav, self.path("rec.sigmf-meta"), "--mask", "none")
        before = slurp(self.path("rec.sigmf-meta"), "r")
        fails(2, ["--sigmf-sidecar", "input", self.path("rec.sigmf-meta")], "clean",
              self.path("rec.sigmf-meta"), self.path("rec.cf32"), "--sigmf-sidecar")
        self.assertFalse(os.path.exists(self.path("rec.cf32")))
        self.assertEqual(slurp(self.path("rec.sigmf-meta"), "r"), before)
        fails(2, ["--progress"], "clean", self.wav, self.path("x.cf32"), "--progress=1")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    CLI = os.path.abspath(sys.argv[1])
    unittest.main(argv=sys.argv[:1], verbosity=2)

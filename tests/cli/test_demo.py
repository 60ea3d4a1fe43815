#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The README's main job: apps/stftclean_demo.py (what `./build.sh demo`
runs) on a short recording. Checks its outputs against the generator's known
bursts, independently of what the demo prints: the cleaned IQ WAV has the
input's length and rate and is time-aligned with the noise-free reference,
its SI-SDR beats the input's by a wide margin, the noise between bursts is
gone, and the SigMF annotations cover the true bursts.

usage: test_demo.py /path/to/stftclean   (the GNU Radio module is taken from
the build tree's test_modules/)."""

import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "..", "..", "apps", "stftclean_demo.py")


def wav_iq(path):
    """(rate, complex samples) of a 2-channel float32 or int16 WAV, by
    walking its chunks here (not with the module's reader)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:4] in (b"RIFF", b"RF64") and data[8:12] == b"WAVE", path
    pos, fmt, samples = 12, None, None
    while pos + 8 <= len(data):
        cid = data[pos:pos + 4]
        size = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            samples = body
        pos += 8 + size + (size & 1)
    tag, channels, rate, _, _, bits = fmt
    assert channels == 2, fmt
    if bits == 32:
        x = np.frombuffer(samples, np.float32)
    else:
        x = np.frombuffer(samples, np.int16).astype(np.float32) / 32768.0
    return rate, (x[0::2] + 1j * x[1::2]).astype(np.complex64)


def si_sdr(ref, est):
    a = np.vdot(ref, est) / np.vdot(ref, ref)
    e = est - a * ref
    return 10 * np.log10(np.sum(np.abs(a * ref) ** 2) / np.sum(np.abs(e) ** 2))


def main():
    cli = os.path.abspath(sys.argv[1])
    build = os.path.dirname(os.path.dirname(cli))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.join(build, "test_modules")] +
        [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    probe = subprocess.run([sys.executable, "-c", "from gnuradio import stftclean"],
                           env=env, capture_output=True)
    if probe.returncode != 0:
        print("SKIP: gnuradio.stftclean not importable")
        return 0
    sys.path.insert(0, os.path.join(build, "test_modules"))
    from gnuradio.stftclean.testing import scenarios

    fs, seconds, seed = 2e6, 3.0, 2
    with tempfile.TemporaryDirectory() as out:
        r = subprocess.run([sys.executable, DEMO, "--out", out, "--seconds", str(seconds),
                            "--seed", str(seed)], env=env, capture_output=True,
                           text=True, timeout=240)
        assert r.returncode == 0, r.stdout + r.stderr
        for name in ("noisy.wav", "cleaned.wav", "cleaned.sigmf-meta", "demo.png",
                     "reference.cf32"):
            assert os.path.getsize(os.path.join(out, name)) > 0, name
        rate_in, noisy = wav_iq(os.path.join(out, "noisy.wav"))
        rate_out, cleaned = wav_iq(os.path.join(out, "cleaned.wav"))
        assert rate_in == rate_out == int(fs), (rate_in, rate_out)
        assert len(cleaned) == len(noisy) == int(seconds * fs), (len(cleaned), len(noisy))
        ref = np.fromfile(os.path.join(out, "reference.cf32"), np.complex64)
        # the generator, run here again, gives the bursts the demo used
        bursts = scenarios.rf_scenario("a", 0.0, seconds, fs, seed).bursts
        assert len(bursts) >= 1, bursts
        before, after = si_sdr(ref, noisy), si_sdr(ref, cleaned)
        assert after > 3.0 and after - before > 15.0, (before, after)
        # time alignment: the cleaned signal correlates best at lag 0
        lags = range(-512, 513, 128)
        corr = [abs(np.vdot(np.roll(ref, k), cleaned)) for k in lags]
        assert list(lags)[int(np.argmax(corr))] == 0, corr
        # between bursts (5 ms guard) the noise is gone
        quiet = np.ones(len(ref), bool)
        for b in bursts:
            quiet[max(0, int(b[0]) - 10000):int(b[1]) + 10000] = False
        resid = 10 * np.log10(np.mean(np.abs(cleaned[quiet]) ** 2) /
                              np.mean(np.abs(noisy[quiet]) ** 2))
        assert resid < -30.0, resid
        with open(os.path.join(out, "cleaned.sigmf-meta")) as f:
            meta = json.load(f)
        ann = [(a["core:sample_start"], a["core:sample_start"] + a["core:sample_count"])
               for a in meta["annotations"]]
        for b in bursts:  # every true burst is mostly covered by an annotation
            cover = max((min(b[1], e) - max(b[0], s) for s, e in ann), default=0)
            assert cover >= 0.5 * (b[1] - b[0]), (b, ann)
        print("demo: SI-SDR %.1f -> %.1f dB, residual %.1f dB, %d annotations for %d "
              "bursts" % (before, after, resid, len(ann), len(bursts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

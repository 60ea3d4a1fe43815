#!/usr/bin/env python3
# stftclean_plot.py: a before/after PNG from an SDRuno-style IQ WAV and the
# tool's cleaned SigMF output, with a burst overlay; the picture is checked
# to be neither blank nor one colour, the axes to follow the metadata. Run
# twice when the build's Python module is there (build/test_modules): with
# the fallback Python reader and with the core's reader (numpy_api), which
# also reads what the fallback refuses (a 24-bit IQ WAV).
# Usage: test_plot.py /path/to/stftclean
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PLOT = os.path.normpath(os.path.join(HERE, "..", "..", "apps", "stftclean_plot.py"))
FS, N, CENTRE = 1_000_000, 300_000, 433_920_000


def iq_wav(path, z, centre):
    iq16 = np.round(np.stack([z.real, z.imag], 1) * 32767).astype("<i2")
    fmt = struct.pack("<HHIIHH", 1, 2, FS, FS * 4, 4, 16)
    auxi = struct.pack("<8H", 2024, 5, 3, 9, 12, 0, 0, 0) + b"\0" * 16
    auxi += struct.pack("<I", centre) + b"\0" * 128
    data = iq16.tobytes()
    body = (b"WAVEfmt " + struct.pack("<I", 16) + fmt + b"auxi" + struct.pack("<I", 164) +
            auxi + b"data" + struct.pack("<I", len(data)) + data)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)


def iq_wav24(path, z):
    """Two-channel 24-bit PCM WAV (no auxi)."""
    v = np.round(np.stack([z.real, z.imag], 1).ravel() * 8388607).astype("<i4")
    data = v.view(np.uint8).reshape(-1, 4)[:, :3].tobytes()
    fmt = struct.pack("<HHIIHH", 1, 2, FS, FS * 6, 6, 24)
    body = (b"WAVEfmt " + struct.pack("<I", 16) + fmt + b"data" +
            struct.pack("<I", len(data)) + data)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)


def core_env(stftclean):
    """Environment in which the plot tool imports the build's numpy_api
    (build/apps/stftclean -> build/test_modules), or None."""
    tm = os.path.join(os.path.dirname(os.path.dirname(stftclean)), "test_modules")
    if not os.path.exists(os.path.join(tm, "gnuradio", "stftclean", "numpy_api.py")):
        return None
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([tm] + [p for p in [env.get("PYTHONPATH")] if p])
    return env


def run(*args, env=None):
    p = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120,
                       env=env)
    assert p.returncode == 0, "exit %d for %s: %s" % (p.returncode, args, p.stderr)
    return p.stdout


def check_png(path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.image as mpimg
    img = mpimg.imread(path)
    assert img.ndim == 3 and img.shape[0] > 200 and img.shape[1] > 400, img.shape
    rgb = img[..., :3]
    h, w = rgb.shape[:2]
    # the two spectrogram panels (left and right halves, away from the
    # margins) hold many colours, not one flat field
    for x0, x1 in [(int(0.15 * w), int(0.38 * w)), (int(0.5 * w), int(0.72 * w))]:
        panel = rgb[int(0.2 * h):int(0.8 * h), x0:x1]
        assert panel.std() > 0.02, "flat panel (std %.4f)" % panel.std()
        ncol = len(np.unique((panel * 255).astype(np.uint8).reshape(-1, 3), axis=0))
        assert ncol > 20, "only %d colours" % ncol
    return rgb


def main():
    stftclean = os.path.abspath(sys.argv[1])
    rng = np.random.default_rng(7)
    t = np.arange(N) / FS
    z = 0.05 * (rng.standard_normal(N) + 1j * rng.standard_normal(N))
    on = slice(100_000, 180_000)
    # an FSK-like burst at +100 kHz (a carrier alone would count as a line)
    sym = np.repeat(rng.integers(0, 2, N // 500 + 1), 500)[:N] * 2 - 1
    z[on] += 0.4 * np.exp(2j * np.pi * np.cumsum(100e3 + 10e3 * sym[on]) / FS)
    with tempfile.TemporaryDirectory(prefix="stftclean-plot-") as tmp:
        src = os.path.join(tmp, "rec.wav")
        iq_wav(src, z, CENTRE)
        dst = os.path.join(tmp, "clean.sigmf-meta")
        run(stftclean, "clean", src, dst, "--mask", "auto")
        with open(dst) as f:
            meta = json.load(f)
        meta["annotations"] = [{"core:sample_start": 100_000, "core:sample_count": 80_000,
                                "core:freq_lower_edge": CENTRE + 85e3,
                                "core:freq_upper_edge": CENTRE + 115e3,
                                "core:label": "burst"}]
        ann = os.path.join(tmp, "ann.sigmf-meta")
        with open(ann, "w") as f:
            json.dump(meta, f)
        png = os.path.join(tmp, "plot.png")
        envs = [("fallback", dict(os.environ, PYTHONPATH=""))]
        cenv = core_env(stftclean)
        if cenv:
            envs.append(("core", cenv))
        else:
            print("build/test_modules not found: the core reader is not tested")
        for reader, env in envs:
            out = run("/usr/bin/python3", PLOT, src, dst, "--bursts", ann, "-o", png, env=env)
            assert "MHz" in out and "1 bursts drawn" in out, out
            assert ("read by the core" in out) == (reader == "core"), out
            rgb = check_png(png)
            red = (rgb[..., 0] > 0.8) & (rgb[..., 1] < 0.2) & (rgb[..., 2] < 0.2)
            assert red.sum() > 50, "burst rectangle not drawn (%d red pixels)" % red.sum()
            print("%s reader: MHz axis, burst overlay: ok (%d red pixels)" %
                  (reader, red.sum()))
        if cenv:
            # what `stftclean info` reads, the plot reads (the fallback does not)
            w24 = os.path.join(tmp, "rec24.wav")
            iq_wav24(w24, z[:100_000] / np.max(np.abs(z)))
            run(stftclean, "info", w24)
            out = run("/usr/bin/python3", PLOT, w24, "-o", png, env=cenv)
            assert "offset (kHz)" in out and "read by the core" in out, out
            import matplotlib.image as mpimg
            img = mpimg.imread(png)[..., :3]
            assert img.std() > 0.05, img.std()
            print("core reader: 24-bit IQ WAV: ok")
        # a raw file without a centre: kHz offsets
        raw = os.path.join(tmp, "rec.cf32")
        v = np.empty(2 * N, "<f4")
        v[0::2], v[1::2] = z.real, z.imag
        v.tofile(raw)
        png2 = os.path.join(tmp, "plot2.png")
        out = run("/usr/bin/python3", PLOT, raw, "--rate", "1e6", "-o", png2)
        assert "offset (kHz)" in out and "0 bursts" in out, out
        import matplotlib.image as mpimg
        img = mpimg.imread(png2)[..., :3]
        assert img.std() > 0.05, img.std()
        # bad inputs: one error line, non-zero exit, no traceback
        junk = os.path.join(tmp, "junk.wav")
        with open(junk, "wb") as f:
            f.write(b"RIFF\x10\x00\x00\x00WAVEjunkjunk")
        for env in [e for _, e in envs]:
            for bad in (os.path.join(tmp, "nope.wav"), junk):
                p = subprocess.run(["/usr/bin/python3", PLOT, bad, "-o", png2],
                                   capture_output=True, text=True, timeout=60, env=env)
                assert p.returncode != 0 and "Traceback" not in p.stderr, p.stderr
                assert p.stderr.startswith("stftclean-plot: "), p.stderr
        print("kHz axis, single panel, errors: ok")
    print("ok")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: test_plot.py STFTCLEAN_BINARY")
    main()

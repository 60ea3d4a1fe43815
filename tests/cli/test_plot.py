#!/usr/bin/env python3
# stftclean_plot.py: a before/after PNG from an SDRuno-style IQ WAV and the
# tool's cleaned SigMF output, with a burst overlay; the picture is checked
# to be neither blank nor one colour, the axes to follow the metadata.
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


def run(*args):
    p = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120)
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
        out = run("/usr/bin/python3", PLOT, src, dst, "--bursts", ann, "-o", png)
        assert "MHz" in out and "1 bursts drawn" in out, out
        rgb = check_png(png)
        red = (rgb[..., 0] > 0.8) & (rgb[..., 1] < 0.2) & (rgb[..., 2] < 0.2)
        assert red.sum() > 50, "burst rectangle not drawn (%d red pixels)" % red.sum()
        print("MHz axis, burst overlay: ok (%d red pixels)" % red.sum())
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
        # a bad input: one error line, non-zero exit, no traceback
        p = subprocess.run(["/usr/bin/python3", PLOT, os.path.join(tmp, "nope.wav"), "-o",
                            png2], capture_output=True, text=True, timeout=60)
        assert p.returncode != 0 and "Traceback" not in p.stderr, p.stderr
        print("kHz axis, single panel, errors: ok")
    print("ok")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: test_plot.py STFTCLEAN_BINARY")
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stftclean-plot: before/after spectrograms of IQ recordings in one PNG.

    stftclean-plot BEFORE [AFTER] -o OUT.png [--bursts META.sigmf-meta]

(installed as `stftclean-plot`; apps/stftclean_plot.py in the source tree)

BEFORE and AFTER are IQ WAV (.wav, SDRuno/SDR#/HDSDR auxi metadata read),
SigMF (.sigmf-meta/.sigmf-data) or raw (.cf32, .ci16, .ci8, .cu8, .f32)
recordings. The frequency axis is absolute MHz when the recording stores a
centre frequency (or --centre gives one), else the offset in kHz; time is in
seconds. Both panels share one dB colour scale set from percentiles of the
BEFORE picture (its noise floor in the lower part of the map, 20 dB of room
below), so neither is ever a black window. Bursts are drawn as
rectangles from SigMF annotations (--bursts, or AFTER's own meta).

Files are read through the module's C core (gnuradio.stftclean.numpy_api)
when it imports, so the tool accepts exactly what `stftclean info` accepts
(24-bit and RF64 WAV, --format aliases, I/Q as the core reads it). Without
the module it falls back to its own numpy reader of the same formats.

Needs numpy and matplotlib (Debian's python3-matplotlib; the Agg backend, no
display). Run with /usr/bin/python3.
"""
import argparse
import json
import os
import struct
import sys

import numpy as np

try:  # the core's reader, when the module is installed (or on PYTHONPATH)
    from gnuradio.stftclean import numpy_api as _core_api
except ImportError:
    _core_api = None

RAW = {"cf32": ("<f4", 1.0, 0.0), "fc32": ("<f4", 1.0, 0.0), "cfile": ("<f4", 1.0, 0.0),
       "ci16": ("<i2", 32768.0, 0.0), "cs16": ("<i2", 32768.0, 0.0),
       "ci8": ("i1", 128.0, 0.0), "cu8": ("u1", 128.0, 127.5)}
SIGMF_TYPES = {"cf32_le": "cf32", "ci16_le": "ci16", "ci8": "ci8", "cu8": "cu8"}


class Recording:
    """Samples (a numpy view, complex or real) plus rate, centre, annotations."""

    def __init__(self, samples, rate=None, centre=None, annotations=(), name=""):
        self.samples, self.rate, self.centre = samples, rate, centre
        self.annotations, self.name = list(annotations), name


def _raw_view(path, kind, offset=0, count=None):
    dtype, scale, bias = RAW[kind]
    itemsize = np.dtype(dtype).itemsize
    size = os.path.getsize(path) - offset
    n = size // (2 * itemsize) if count is None else count
    if n <= 0:
        return np.zeros(0, dtype), scale, bias
    v = np.memmap(path, dtype, "r", offset, (2 * n,))
    return v, scale, bias


class _LazyComplex:
    """Decodes [a:b] of an interleaved I/Q memmap on demand (files can be GB)."""

    def __init__(self, v, scale, bias):
        self.v, self.scale, self.bias = v, scale, bias
        self.shape = (len(v) // 2,)
        self.real = False

    def __len__(self):
        return self.shape[0]

    def __getitem__(self, sl):
        start, stop, _ = sl.indices(len(self))
        seg = np.asarray(self.v[2 * start:2 * stop], np.float64)
        seg = (seg - self.bias) / self.scale
        return seg[0::2] + 1j * seg[1::2]


class _LazyReal(_LazyComplex):
    def __init__(self, v, scale, bias, channels=1):
        super().__init__(v, scale, bias)
        self.channels = channels
        self.shape = (len(v) // channels,)
        self.real = True

    def __getitem__(self, sl):
        start, stop, _ = sl.indices(len(self))
        seg = np.asarray(self.v[self.channels * start:self.channels * stop], np.float64)
        return ((seg - self.bias) / self.scale)[0::self.channels]


def read_wav(path):
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if len(head) < 12 or head[8:12] != b"WAVE" or head[:4] not in (b"RIFF", b"RF64"):
        raise ValueError("%s: not a RIFF/RF64 WAVE file" % path)
    fsize = os.path.getsize(path)
    pos, fmt, centre, data = 12, None, None, None
    ds64_data = None
    with open(path, "rb") as f:
        while pos + 8 <= fsize:
            f.seek(pos)
            cid, size = f.read(4), struct.unpack("<I", f.read(4))[0]
            if cid == b"ds64":
                ds64_data = struct.unpack("<Q", f.read(28)[8:16])[0]
            elif cid == b"fmt ":
                fmt = struct.unpack("<HHIIHH", f.read(16))
                if fmt[0] == 0xFFFE:
                    f.seek(pos + 8 + 24)
                    fmt = (struct.unpack("<H", f.read(2))[0],) + fmt[1:]
            elif cid == b"auxi" and size >= 36:
                f.seek(pos + 8 + 32)
                centre = struct.unpack("<I", f.read(4))[0]
            elif cid == b"data":
                if ds64_data is not None and size == 0xFFFFFFFF:
                    size = ds64_data
                if size in (0, 0xFFFFFFFF) or pos + 8 + size > fsize:
                    size = fsize - pos - 8
                data = (pos + 8, size)
                break
            pos += 8 + size + (size & 1)
    if fmt is None or data is None:
        raise ValueError("%s: no fmt or data chunk" % path)
    tag, ch, rate, _, _, bits = fmt
    kinds = {(1, 16): ("<i2", 32768.0, 0.0), (1, 8): ("u1", 128.0, 128.0),
             (1, 32): ("<i4", 2147483648.0, 0.0), (3, 32): ("<f4", 1.0, 0.0)}
    if (tag, bits) not in kinds or ch not in (1, 2):
        raise ValueError("%s: unsupported WAV layout (format %d, %d bits, %d channels)"
                         % (path, tag, bits, ch))
    dtype, scale, bias = kinds[(tag, bits)]
    n = data[1] // (np.dtype(dtype).itemsize * ch)
    v = np.memmap(path, dtype, "r", data[0], (n * ch,))
    samples = _LazyComplex(v, scale, bias) if ch == 2 else _LazyReal(v, scale, bias)
    return Recording(samples, rate, centre or None, name=os.path.basename(path))


def read_sigmf_meta(path):
    with open(path) as f:
        return json.load(f)


def sigmf_paths(path):
    for ext in (".sigmf-meta", ".sigmf-data"):
        if path.endswith(ext):
            path = path[:-len(ext)]
    return path + ".sigmf-meta", path + ".sigmf-data"


def read_sigmf(path):
    meta_path, data_path = sigmf_paths(path)
    meta = read_sigmf_meta(meta_path)
    g = meta["global"]
    caps = meta.get("captures") or [{}]
    kind = SIGMF_TYPES.get(g["core:datatype"])
    if kind is None:
        raise ValueError("%s: datatype %s not supported" % (meta_path, g["core:datatype"]))
    if g.get("core:dataset"):
        data_path = os.path.join(os.path.dirname(meta_path), g["core:dataset"])
    hb = int(caps[0].get("core:header_bytes", 0))
    tb = int(g.get("core:trailing_bytes", 0))
    itemsize = 2 * np.dtype(RAW[kind][0]).itemsize
    n = max(0, (os.path.getsize(data_path) - hb - tb) // itemsize)
    v, scale, bias = _raw_view(data_path, kind, hb, n)
    return Recording(_LazyComplex(v, scale, bias), g.get("core:sample_rate"),
                     caps[0].get("core:frequency"), meta.get("annotations", []),
                     os.path.basename(meta_path))


class _CoreSamples:
    """Samples of a recording read through the core on demand ([a:b] seeks
    and reads), so a long recording need not fit in memory."""

    def __init__(self, reader):
        self.reader = reader
        self.shape = (int(reader.metadata["frames"]),)
        self.real = not reader.metadata["complex"]

    def __len__(self):
        return self.shape[0]

    def __getitem__(self, sl):
        start, stop, _ = sl.indices(len(self))
        if stop <= start:
            return np.zeros(0, np.float32 if self.real else np.complex64)
        self.reader.seek(start)
        return self.reader.read(stop - start)


def _core_annotation(a):
    """numpy_api's annotation dict -> the SigMF names plot() draws from."""
    out = {"core:sample_start": a["sample_start"]}
    if a.get("sample_count") is not None:
        out["core:sample_count"] = a["sample_count"]
    if a.get("freq_lower_edge") is not None:
        out["core:freq_lower_edge"] = a["freq_lower_edge"]
        out["core:freq_upper_edge"] = a["freq_upper_edge"]
    if a.get("label"):
        out["core:label"] = a["label"]
    return out


def read_recording_core(path, fmt=None):
    r = _core_api.IQReader(path, fmt)
    m = r.metadata
    name = os.path.basename(path)
    return Recording(_CoreSamples(r), m["sample_rate"], m["centre_freq"],
                     [_core_annotation(a) for a in m.get("annotations", [])], name)


def read_recording(path, fmt=None):
    if _core_api is not None:
        return read_recording_core(path, fmt)
    return read_recording_python(path, fmt)


def read_recording_python(path, fmt=None):
    """The fallback reader (numpy only), for when the module is missing."""
    ext = (fmt or os.path.splitext(path)[1].lstrip(".")).lower()
    if ext in ("wav", "rf64"):
        return read_wav(path)
    if ext in ("sigmf", "sigmf-meta", "sigmf-data"):
        return read_sigmf(path)
    if ext in RAW:
        v, scale, bias = _raw_view(path, ext)
        return Recording(_LazyComplex(v, scale, bias), name=os.path.basename(path))
    if ext in ("f32", "rf32"):
        v = np.memmap(path, "<f4", "r")
        return Recording(_LazyReal(v, 1.0, 0.0), name=os.path.basename(path))
    raise ValueError("%s: unknown format (give --format)" % path)


def spectrogram(x, fft=1024, columns=1500, frames_per_column=8):
    """Power (dB) image [freq, time] of x (array or lazy view): each column
    averages up to frames_per_column Hann-windowed FFT frames from its share
    of the signal. Complex: bins -fs/2..fs/2 (DC centred); real: 0..fs/2."""
    n = len(x)
    real = getattr(x, "real", False) is True or (isinstance(x, np.ndarray) and
                                                 not np.iscomplexobj(x))
    ncol = max(1, min(columns, n // fft))
    span = n / ncol
    w = np.hanning(fft + 1)[:fft]
    nb = fft // 2 + 1 if real else fft
    img = np.empty((nb, ncol))
    for c in range(ncol):
        a = int(c * span)
        k = max(1, min(frames_per_column, int(span) // fft))
        seg = np.asarray(x[slice(a, min(n, a + k * fft))])
        k = max(1, len(seg) // fft)
        frames = seg[:k * fft].reshape(k, fft) if len(seg) >= fft else \
            np.pad(seg, (0, fft - len(seg)))[None, :]
        spec = np.fft.rfft(frames * w) if real else np.fft.fftshift(
            np.fft.fft(frames * w), axes=1)
        img[:, c] = (np.abs(spec) ** 2).mean(axis=0)
    return 10 * np.log10(img / (w.sum() ** 2) + 1e-20), real


def plot(panels, out_png, rate=None, centre=None, bursts=(), fft=1024, title=None):
    """panels: list of (label, samples). Writes out_png; returns a dict that
    says what the axes show."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle
    from matplotlib.ticker import MaxNLocator

    imgs = [spectrogram(x, fft) for _, x in panels]
    # BEFORE sets the scale: its noise floor sits in the lower part of the
    # colour map and what a cleaner removes below it stays visible down to
    # 20 dB under the floor
    lo = np.percentile(imgs[0][0], 5) - 20.0
    hi = np.percentile(imgs[0][0], 99.9) + 3.0
    if not np.isfinite(lo) or not np.isfinite(hi) or hi - lo < 30:
        lo = hi - 60
    fs = rate or 1.0
    absolute = centre is not None and rate
    fig, axes = plt.subplots(1, len(panels), figsize=(6.5 * len(panels), 5), sharey=True,
                             squeeze=False)
    for ax, (label, x), (img, real) in zip(axes[0], panels, imgs):
        dur = len(x) / fs
        if real:
            f0, f1 = 0.0, fs / 2
        else:
            f0, f1 = -fs / 2, fs / 2
        if absolute:
            ext = [(centre + f0) / 1e6, (centre + f1) / 1e6]
            xlabel = "frequency (MHz)"
        elif rate:
            ext = [f0 / 1e3, f1 / 1e3]
            xlabel = "frequency offset (kHz)"
        else:
            ext = [f0, f1]
            xlabel = "frequency (cycles/sample)"
        im = ax.imshow(img.T, origin="lower", aspect="auto", cmap="viridis", vmin=lo,
                       vmax=hi, extent=[ext[0], ext[1], 0, dur], interpolation="nearest")
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.set_title(label)
        for b in bursts:
            t0 = b["core:sample_start"] / fs
            t1 = t0 + b.get("core:sample_count", 0) / fs
            if "core:freq_lower_edge" in b:
                flo, fhi = b["core:freq_lower_edge"], b["core:freq_upper_edge"]
                if absolute:
                    flo, fhi = flo / 1e6, fhi / 1e6
                elif rate:
                    if centre is not None:
                        flo, fhi = flo - centre, fhi - centre
                    flo, fhi = flo / 1e3, fhi / 1e3
            else:
                flo, fhi = ext
            ax.add_patch(Rectangle((flo, t0), fhi - flo, max(t1 - t0, dur / 500),
                                   fill=False, edgecolor="red", linewidth=1.0))
    axes[0][0].set_ylabel("time (s)" if rate else "time (samples)")
    fig.colorbar(im, ax=list(axes[0]), label="power (dB)")
    if title:
        fig.suptitle(title)
    fig.savefig(out_png, dpi=90)
    plt.close(fig)
    return dict(xlabel=xlabel, vmin=lo, vmax=hi, bursts=len(bursts))


def main(argv=None):
    ap = argparse.ArgumentParser(prog="stftclean-plot",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after", nargs="?")
    ap.add_argument("-o", "--out", required=True, help="PNG to write")
    ap.add_argument("--format", help="format of both inputs if the extension does not tell")
    ap.add_argument("--rate", type=float, help="sample rate in Hz (raw files)")
    ap.add_argument("--centre", type=float, help="centre frequency in Hz")
    ap.add_argument("--bursts", help="SigMF meta whose annotations are drawn")
    ap.add_argument("--fft", type=int, default=1024, help="FFT size (1024)")
    a = ap.parse_args(argv)
    try:
        recs = [read_recording(p, a.format) for p in [a.before, a.after] if p]
        rate = a.rate or recs[0].rate
        centre = a.centre if a.centre is not None else recs[0].centre
        bursts = recs[-1].annotations
        if a.bursts:
            bursts = read_sigmf_meta(sigmf_paths(a.bursts)[0]).get("annotations", [])
        panels = [("before: " + recs[0].name, recs[0].samples)]
        if len(recs) > 1:
            panels.append(("after: " + recs[1].name, recs[1].samples))
        info = plot(panels, a.out, rate, centre, bursts, a.fft)
    except (OSError, ValueError, KeyError) as e:
        sys.exit("stftclean-plot: %s" % e)
    print("stftclean-plot: wrote %s (%s, colour %.1f..%.1f dB, %d bursts drawn; read by "
          "the %s)" % (a.out, info["xlabel"], info["vmin"], info["vmax"], info["bursts"],
                       "core" if _core_api is not None else "fallback Python reader"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The notebook workflow with gnuradio.stftclean.numpy_api, as a script.

    notebook_clean.py [RECORDING] [--out DIR] [--show]

RECORDING: an IQ WAV (SDRuno/SDR#/HDSDR, with its auxi chunk), SigMF or raw
file (raw needs --rate). Without one, a 3 s recording at 1 MS/s with three
FSK bursts in noise is generated first (an SDRuno-style PCM16 IQ WAV, written
through the same layer). Each step is one cell of a notebook:

 1. read the recording as I + jQ (a two-channel IQ WAV is I and Q, never
    the mean of the channels), with its sample rate and centre frequency;
 2. a spectrogram in dB with a colour range from percentiles of the picture
    (the noise floor low in the map, the bursts at the top), so it is never
    a black window;
 3. estimate the mask (the "auto" estimator's gains per STFT cell) and
    invert the masked STFT: the cleaned signal, time-aligned with the input
    (numpy_api.clean(x, fs) does it in one call; with dc=False both give
    the same samples);
 4. before/after spectrograms on one colour scale, saved as a PNG;
 5. per-burst features (one record per burst, the SigMF annotation fields
    and the CLI's per-burst columns), written with the cleaned signal as a
    SigMF recording.

Run with /usr/bin/python3 (numpy, matplotlib, GNU Radio); headless unless
--show is given.
"""
import argparse
import os
import sys
import tempfile

import numpy as np

from gnuradio.stftclean import numpy_api as sc

FFT, HOP = 1024, 256


def make_recording(path, fs=1_000_000, seconds=3.0, centre=433.92e6, seed=1):
    """Noise plus three 2-FSK bursts; returns their (start, stop) in s."""
    rng = np.random.default_rng(seed)
    n = int(seconds * fs)
    x = 0.02 * (rng.standard_normal(n) + 1j * rng.standard_normal(n))
    bursts = [(0.40, 0.46, 100e3), (1.30, 1.38, -200e3), (2.50, 2.53, 300e3)]
    for t0, t1, f0 in bursts:
        a, b = int(t0 * fs), int(t1 * fs)
        sym = np.repeat(rng.integers(0, 2, (b - a) // 500 + 1), 500)[:b - a] * 2 - 1
        x[a:b] += 0.3 * np.exp(2j * np.pi * np.cumsum(f0 + 15e3 * sym) / fs)
    sc.write(path, x, sample_rate=fs, centre_freq=centre,
             start_time="2024-05-03T12:00:00.000Z", encoding="pcm16")
    return [(t0, t1) for t0, t1, _ in bursts]


def spectrogram_db(S):
    """|S|^2 in dB, DC-centred rows (complex input)."""
    return 10 * np.log10(np.abs(np.fft.fftshift(S, axes=0))**2 + 1e-20)


def colour_range(db):
    """Noise floor in the lower part of the map, the strongest cells at the
    top: never a black window, whatever the signal's level."""
    lo, hi = np.percentile(db, [5, 99.9])
    return lo - 20.0, max(hi + 3.0, lo + 30.0)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("recording", nargs="?")
    ap.add_argument("--out", help="output directory (default: a new temporary one)")
    ap.add_argument("--rate", type=float, help="sample rate in Hz (raw files)")
    ap.add_argument("--show", action="store_true", help="show the figure")
    a = ap.parse_args(argv)
    out = a.out or tempfile.mkdtemp(prefix="notebook_clean-")
    os.makedirs(out, exist_ok=True)
    path = a.recording
    if path is None:
        path = os.path.join(out, "recording.wav")
        truth = make_recording(path)
        print("generated %s with bursts at %s s" %
              (path, ", ".join("%.2f-%.2f" % t for t in truth)))

    # 1. read: I + jQ, rate and centre from the file
    x, meta = sc.read(path)
    fs = a.rate or meta["sample_rate"]
    if fs is None:
        sys.exit("notebook_clean: %s stores no sample rate; give --rate" % path)
    centre = meta["centre_freq"] or 0.0
    print("read %d %s samples (%s) at %g Hz, centre %g Hz" %
          (len(x), "complex" if np.iscomplexobj(x) else "real", meta["encoding"], fs, centre))

    # 2. spectrogram in dB, percentile colour range
    S = sc.stft(x, FFT, HOP)
    before = spectrogram_db(S)
    vmin, vmax = colour_range(before)

    # 3. the mask, applied and inverted (time-aligned, same length)
    G = sc.mask(S, fs, "auto", FFT, HOP)  # the gains for the STFT's cells
    y = sc.istft(S * G, FFT, HOP, length=len(x))
    after = spectrogram_db(S * G)
    occupied = float(np.mean(G > 0.5))
    print("mask: %.2f %% of the cells kept (gain > 0.5)" % (100 * occupied))

    # 4. before/after picture
    import matplotlib
    if not a.show:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    t = sc.frame_centres(S.shape[1], FFT, HOP, sample_rate=fs)
    f = (np.fft.fftshift(sc.bin_freqs(FFT, fs)) + centre) / 1e6
    fig, axes = plt.subplots(1, 2, figsize=(13, 5), sharey=True)
    for ax, img, title in ((axes[0], before, "before"), (axes[1], after, "after")):
        im = ax.pcolormesh(t, f, img, vmin=vmin, vmax=vmax, shading="auto")
        ax.set_xlabel("time (s)")
        ax.set_title(title)
    axes[0].set_ylabel("frequency (MHz)")
    fig.colorbar(im, ax=list(axes), label="power (dB)")
    png = os.path.join(out, "before_after.png")
    fig.savefig(png, dpi=80)
    if a.show:
        plt.show()
    plt.close(fig)
    print("wrote %s (colour %.1f..%.1f dB)" % (png, vmin, vmax))

    # 5. per-burst features, written with the cleaned signal as SigMF
    recs = sc.bursts(x, fs, center_freq=centre, label="burst")
    print("%d bursts:" % len(recs))
    for r in recs:
        print("  %.4f s + %.1f ms  %.3f MHz  bw %.1f kHz  SNR %.1f dB" %
              (r["start_s"], 1e3 * r["duration_s"], r["center_hz"] / 1e6,
               r["bandwidth_hz"] / 1e3, r["snr_db"]))
    sigmf = os.path.join(out, "cleaned.sigmf-meta")
    sc.write(sigmf, y, meta, annotations=recs, description="cleaned by notebook_clean.py")
    print("wrote %s" % sigmf)

    # how much noise went: the input and output away from the bursts
    quiet = np.ones(len(x), bool)
    for r in recs:
        quiet[max(0, r["sample_start"] - 2 * FFT):r["sample_start"] + r["sample_count"] +
              2 * FFT] = False
    drop = 10 * np.log10(np.mean(np.abs(x[quiet])**2) / np.mean(np.abs(y[quiet])**2))
    print("noise between the bursts: %.1f dB lower" % drop)
    return 0


if __name__ == "__main__":
    sys.exit(main())

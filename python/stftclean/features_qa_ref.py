#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""numpy/scipy references of the spectral features and cepstra of
include/stftclean/features.h, written from the definitions (used by the QA
of spectral_features and burst_detector and by tests/cli/test_features.py)."""

import numpy as np
import scipy.fft


def ref_scalars(P, f, fs, n, fc, roll=0.85, obw=0.99):
    """P: frames x bins in ascending frequency f (Hz, relative)."""
    out = []
    prev = None
    for p in P:
        S = p.sum()
        q = p / S
        mu = (f * q).sum()
        d = f - mu
        sig = np.sqrt((d ** 2 * q).sum())
        cum = np.cumsum(q)
        lo = np.argmax(cum >= (1 - obw) / 2)
        hi = np.argmax(cum >= (1 + obw) / 2)
        ent = -(q[q > 0] * np.log(q[q > 0])).sum() / np.log(len(p))
        flux = 0.0 if prev is None else np.sqrt(((q - prev) ** 2).sum())
        prev = q
        out.append([10 * np.log10(S), mu + fc, sig, (d ** 3 * q).sum() / sig ** 3,
                    (d ** 4 * q).sum() / sig ** 4,
                    np.exp(np.mean(np.log(np.maximum(p, 1e-30)))) / p.mean(),
                    f[np.argmax(cum >= roll)] + fc, flux, ent, f[np.argmax(p)] + fc,
                    10 * np.log10(p.max() / p.mean()), (hi - lo + 1) * fs / n])
    return np.array(out)


def mel_htk(f):
    return 2595 * np.log10(1 + f / 700)


def imel_htk(m):
    return 700 * (10 ** (m / 2595) - 1)


def mel_slaney(f):
    f = np.asarray(f, float)
    lin = f / (200 / 3)
    return np.where(f < 1000, lin, 15 + np.log(np.maximum(f, 1e-9) / 1000) / (np.log(6.4) / 27))


def imel_slaney(m):
    m = np.asarray(m, float)
    return np.where(m < 15, m * 200 / 3, 1000 * np.exp((m - 15) * np.log(6.4) / 27))


def ref_filterbank(f, nfilt, lo, hi, scale):
    to, back = {"htk": (mel_htk, imel_htk), "slaney": (mel_slaney, imel_slaney),
                "linear": (lambda v: v, lambda v: v)}[scale]
    h = back(np.linspace(to(lo), to(hi), nfilt + 2))
    W = np.zeros((nfilt, len(f)))
    for m in range(nfilt):
        lower = (f - h[m]) / (h[m + 1] - h[m])
        upper = (h[m + 2] - f) / (h[m + 2] - h[m + 1])
        W[m] = np.maximum(0, np.minimum(lower, upper))
        if scale == "slaney":
            W[m] *= 2 / (h[m + 2] - h[m])
    return W


def ref_ceps(P, W, nceps, lifter=0.0):
    E = np.log(np.maximum(P @ W.T, 1e-20))
    c = scipy.fft.dct(E, type=2, norm="ortho", axis=1)[:, :nceps]
    if lifter:
        c = c * (1 + lifter / 2 * np.sin(np.pi * np.arange(1, nceps + 1) / lifter))
    return c


def ref_delta(c, w=2):
    pad = np.pad(c, ((w, w), (0, 0)), mode="edge")
    den = 2 * sum(k * k for k in range(1, w + 1))
    T = len(c)
    return sum(k * (pad[w + k:w + k + T] - pad[w - k:w - k + T])
               for k in range(1, w + 1)) / den

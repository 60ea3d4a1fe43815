#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Independent numpy references for the Python QA (not installed).

Nothing here calls the C core: windows are written out from their textbook
formulas and frames are cut and transformed with numpy.fft."""

import numpy as np


def periodic_window(name, length):
    """Periodic (DFT-even) windows: w[n] = f(n / length)."""
    x = 2.0 * np.pi * np.arange(length) / length
    if name == "hann":
        return 0.5 - 0.5 * np.cos(x)
    if name == "hamming":
        return 0.54 - 0.46 * np.cos(x)
    if name == "rect":
        return np.ones(length)
    if name == "sqrt-hann":
        return np.sqrt(0.5 - 0.5 * np.cos(x))
    raise ValueError(name)


def stft_reference(x, fft_size, hop, window="hann", window_len=0, real=False):
    """Frames k = fft(w * xp[kH:kH+L], N) with xp = [0]*(L-H) ++ x."""
    length = window_len or fft_size
    w = periodic_window(window, length)
    xp = np.concatenate([np.zeros(length - hop, dtype=x.dtype), x])
    nframes = len(x) // hop
    frames = np.stack([w * xp[k * hop:k * hop + length] for k in range(nframes)])
    if real:
        return np.fft.rfft(frames, fft_size, axis=1)
    return np.fft.fft(frames, fft_size, axis=1)


def delayed(x, latency):
    """x delayed by latency samples, zeros first, same length."""
    return np.concatenate([np.zeros(latency, dtype=x.dtype), x[:len(x) - latency]])


def rel_rms_error(y, ref):
    """RMS of the difference relative to the RMS of the reference."""
    return np.sqrt(np.mean(np.abs(y - ref) ** 2) / np.mean(np.abs(ref) ** 2))


def complex_noise(rng, n, power=1.0):
    return (np.sqrt(power / 2) * (rng.standard_normal(n) +
                                  1j * rng.standard_normal(n))).astype(np.complex64)

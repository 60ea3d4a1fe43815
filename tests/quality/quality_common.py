# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared imports for the quality tests: the package's scenarios and metrics
from the build tree's test_modules (PYTHONPATH), or from the source tree."""
import os
import sys

try:
    from gnuradio.stftclean.testing import metrics, scenarios  # noqa: F401
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "..", "python", "stftclean", "testing"))
    import metrics  # noqa: F401
    import scenarios  # noqa: F401

import numpy as np


def band_power(x, fs, f_lo, f_hi, nfft=4096):
    """Power of x in [f_lo, f_hi) Hz from an averaged periodogram (numpy FFT,
    periodic Hann, normalised so that the sum over all bins is the power)."""
    x = np.asarray(x)
    nseg = len(x) // nfft
    w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(nfft) / nfft)
    seg = x[:nseg * nfft].reshape(nseg, nfft) * w
    p = (np.abs(np.fft.fft(seg, axis=1)) ** 2).mean(axis=0) / (nfft * np.sum(w ** 2))
    f = np.fft.fftfreq(nfft, 1 / fs)
    if not np.iscomplexobj(x):
        p = p * np.where(f != 0, 1.0, 0.5)  # fold negative frequencies
        f = np.abs(f)
    sel = (f >= f_lo) & (f < f_hi)
    return float(p[sel].sum())

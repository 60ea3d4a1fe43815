#
# Copyright 2026 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Signals from magnitude-only spectrograms, for notebooks.

    import numpy as np
    from gnuradio.stftclean import phase

    S = phase.magnitude(x, fft_size=1024, hop=256)   # or your own |STFT|
    S[40:60, 100:200] = 0                            # edit it
    y, sc = phase.reconstruct(S, hop=256, return_sc=True)

This module keeps its original convention for compatibility: spectrograms
are frames x bins (time first), and frame k of a signal y is
fft(w * y[k*hop : k*hop + L], N), so F frames describe (F - 1) * hop + L
samples, which is what reconstruct() returns (the framing of the GNU Radio
phase_recon blocks and of 'stftclean reconstruct'). New code should use
numpy_api.reconstruct and numpy_api.spectral_convergence instead: the
package's one convention, (bins, frames) spectrograms in the framing of
numpy_api.stft, whose magnitudes they take as they are.

The work is done by the project's C core through its pybind11 module
(stftclean_python._phase_api), with the GIL released while it runs.
"""

import numpy as np

from .numpy_api import _momentum
from .stftclean_python import _phase_api as _core

__all__ = ["reconstruct", "magnitude", "spectral_convergence", "METHODS"]

METHODS = ("gla", "fgla", "pghi", "pghi+fgla", "rtpghi", "rtpghi-causal", "rtisila",
           "lbfgs", "pghi+lbfgs", "hybrid", "raar", "dm", "admm", "agla")


def _framing(mag, fft_size):
    """(frames x bins float32 array, fft_size, real)"""
    if np.iscomplexobj(mag):
        raise ValueError("mag: must hold magnitudes (numpy.abs of the STFT), got a "
                         "complex array")
    S = np.ascontiguousarray(np.asarray(mag, dtype=np.float32))
    if S.ndim == 1:
        S = S[None, :]
    if S.ndim != 2 or S.shape[0] < 1 or S.shape[1] < 2:
        raise ValueError("mag: want a 2-D array of frames x bins, got shape %s" %
                         (np.shape(mag), ))
    bins = S.shape[1]
    if fft_size is None:
        fft_size = 2 * (bins - 1) if bins % 2 == 1 else bins
    fft_size = int(fft_size)
    if bins == fft_size // 2 + 1 and bins != fft_size:
        real = True
    elif bins == fft_size:
        real = False
    else:
        raise ValueError("mag: %d bins fit neither fft_size %d (two-sided, complex) nor "
                         "fft_size/2+1 = %d (one-sided, real)" %
                         (bins, fft_size, fft_size // 2 + 1))
    return S, fft_size, real


def reconstruct(mag, fft_size=None, hop=256, window="hann", window_len=0,
                method="hybrid", iters=None, momentum=None, seed=1, tol_db=None,
                init=None, centered=False, return_sc=False, progress=None,
                lookahead=3, params=None):
    """Rebuild a signal from a magnitude spectrogram.

    mag: frames x bins array of |STFT| values (negative or NaN count as 0).
      bins = fft_size: two-sided spectrum, complex64 output (IQ);
      bins = fft_size/2+1: one-sided, float32 output (audio).
      fft_size defaults to 2*(bins-1) for an odd bin count, else bins.
    hop, window, window_len, centered: the framing the magnitudes came from.
    method: "hybrid" (default, the same as numpy_api.reconstruct's: PGHI,
      RAAR for half of the iterations, then fast Griffin-Lim, 20 iterations
      in all by default), "pghi+fgla" (PGHI then iters fast Griffin-Lim updates, 20 by
      default), "pghi", "fgla", "gla" (100 iterations from a random
      or zero phase, init="random"|"zero"), "rtpghi" (real-time PGHI, one
      frame of look-ahead), "rtpghi-causal" or "rtisila" (real-time
      iterative: lookahead frames, iters updates per frame, 8 by default),
      "lbfgs" (L-BFGS on the magnitude loss, 100 loss and gradient
      evaluations from a random or zero phase), "pghi+lbfgs" (from PGHI, 20
      by default) or the projection methods
      "raar", "dm", "admm", "agla" (100 updates from PGHI by default).
    init: None (the method's own), "random" or "zero" (gla, fgla, lbfgs and
      the projection methods), "pghi" (projection methods).
    params: dict of method parameters (numpy_api.reconstruct lists them).
    momentum: fast Griffin-Lim momentum in [0, 1.5]; None: the method's
      default (0.99; rtisila 0.75, its online fast Griffin-Lim updates).
    seed: random initial phase.
    tol_db: stop the iterations once the spectral convergence is below it.
    progress: callable(iteration, sc_db) -> truthy to stop early (offline
      methods; an exception raised in it stops the call and propagates).
    Returns y with (frames - 1) * hop + L samples, or (y, sc_db) with
    return_sc, sc_db = 20 log10(|| |STFT(y)| - mag || / || mag ||).
    """
    if method not in METHODS:
        raise ValueError("method: must be one of %s, got %r" % (", ".join(METHODS), method))
    if init not in (None, "random", "zero", "pghi"):
        raise ValueError("init: must be None, 'random', 'zero' or 'pghi', got %r" % (init, ))
    S, n, real = _framing(mag, fft_size)
    y, sc, _, _ = _core.reconstruct(S, n, int(hop), str(window), int(window_len),
                                    bool(centered), real, method,
                                    None if iters is None else int(iters),
                                    _momentum(momentum),
                                    int(seed), None if tol_db is None else float(tol_db),
                                    init or "", int(lookahead), progress, 0, None,
                                    params)
    return (y, float(sc)) if return_sc else y


def magnitude(x, fft_size=1024, hop=256, window="hann", window_len=0, centered=False):
    """|STFT| of x in the same framing: frame k = fft(w * x[k*hop : k*hop + L]),
    floor((len(x) - L) / hop) + 1 frames (no padding). Complex x gives
    fft_size bins per frame, real x fft_size/2+1."""
    x = np.asarray(x)
    real = not np.iscomplexobj(x)
    x = np.ascontiguousarray(x, dtype=np.float32 if real else np.complex64)
    if x.ndim != 1:
        raise ValueError("x: must be one-dimensional (a signal), got shape %s" %
                         (x.shape, ))
    return _core.magnitude(x, int(fft_size), int(hop), str(window), int(window_len),
                           bool(centered), real)


def spectral_convergence(mag, y, fft_size=None, hop=256, window="hann", window_len=0,
                         centered=False):
    """20 log10(|| |STFT(y)| - mag || / || mag ||) in dB over the frames of mag
    (y needs (frames - 1) * hop + L samples)."""
    S, n, real = _framing(mag, fft_size)
    y = np.ascontiguousarray(np.asarray(y), dtype=np.float32 if real else np.complex64)
    return float(
        _core.spectral_convergence(S, y, n, int(hop), str(window), int(window_len),
                                   bool(centered), real))

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

The work is done by the project's C core (libstftclean-core) through
ctypes, with the same framing as the GNU Radio blocks and the
'stftclean reconstruct' command: frame k of a signal y is
fft(w * y[k*hop : k*hop + L], N), so F frames describe
(F - 1) * hop + L samples, which is what reconstruct() returns.

The core library is found, in this order, through the STFTCLEAN_CORE_LIB
environment variable (a path), the copy already loaded with the GNU Radio
module, or the system library path.
"""

import ctypes
import ctypes.util
import math
import os

import numpy as np

__all__ = ["reconstruct", "magnitude", "spectral_convergence", "METHODS", "core_library"]

METHODS = ("gla", "fgla", "pghi", "pghi+fgla", "rtpghi", "rtpghi-causal", "rtisila")

_COMPLEX, _REAL = 0, 1
_INIT_ZERO, _INIT_RANDOM, _INIT_GIVEN, _INIT_PGHI = 0, 1, 2, 3


class _WindowSpec(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("param", ctypes.c_double)]


class _StftConfig(ctypes.Structure):
    _fields_ = [("fft_size", ctypes.c_size_t), ("hop", ctypes.c_size_t),
                ("window_len", ctypes.c_size_t), ("window", _WindowSpec),
                ("sample_type", ctypes.c_int), ("centered", ctypes.c_int),
                ("plan", ctypes.c_int)]


_PROGRESS_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t,
                                ctypes.c_double)


class _PhaseConfig(ctypes.Structure):
    _fields_ = [("stft", _StftConfig), ("max_frames", ctypes.c_size_t),
                ("iterations", ctypes.c_size_t), ("momentum", ctypes.c_double),
                ("init", ctypes.c_int), ("seed", ctypes.c_uint64),
                ("sc_tolerance_db", ctypes.c_double), ("pghi_tol", ctypes.c_double),
                ("progress", _PROGRESS_FN), ("progress_user", ctypes.c_void_p)]


class _RtConfig(ctypes.Structure):
    _fields_ = [("stft", _StftConfig), ("lookahead", ctypes.c_int),
                ("tol", ctypes.c_double)]


class _RsConfig(ctypes.Structure):
    _fields_ = [("stft", _StftConfig), ("lookahead", ctypes.c_size_t),
                ("iterations", ctypes.c_size_t), ("tol", ctypes.c_double)]


class _Error(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("msg", ctypes.c_char * 256)]


class _Result(ctypes.Structure):
    _fields_ = [("iterations", ctypes.c_size_t), ("sc_db", ctypes.c_double),
                ("init_sc_db", ctypes.c_double)]


_lib = None


def _loaded_copy():
    """Path of a libstftclean-core already mapped into this process."""
    try:
        import gnuradio.stftclean  # noqa: F401  (loads the core with the blocks)
    except ImportError:
        pass
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                if "libstftclean-core.so" in os.path.basename(path):
                    return path
    except OSError:
        pass
    return None


def core_library():
    """The ctypes handle of libstftclean-core (loaded on first use)."""
    global _lib
    if _lib is not None:
        return _lib
    candidates = [os.environ.get("STFTCLEAN_CORE_LIB"), _loaded_copy(),
                  ctypes.util.find_library("stftclean-core")]
    errors = []
    for path in candidates:
        if not path:
            continue
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError as e:
            errors.append(str(e))
    else:
        raise OSError("libstftclean-core not found: set STFTCLEAN_CORE_LIB to its path "
                      "(tried: %s)" % ("; ".join(errors) or "nothing found"))
    P = ctypes.POINTER
    lib.stftc_stft_config_default.restype = _StftConfig
    lib.stftc_phase_config_default.restype = _PhaseConfig
    lib.stftc_rtpghi_config_default.restype = _RtConfig
    lib.stftc_window_parse.argtypes = [ctypes.c_char_p, P(_WindowSpec), P(_Error)]
    lib.stftc_phase_create.restype = ctypes.c_void_p
    lib.stftc_phase_create.argtypes = [P(_PhaseConfig), P(_Error)]
    lib.stftc_phase_destroy.argtypes = [ctypes.c_void_p]
    lib.stftc_phase_reconstruct.argtypes = [ctypes.c_void_p, ctypes.c_void_p,
                                            ctypes.c_size_t, ctypes.c_void_p,
                                            ctypes.c_void_p, P(_Result)]
    lib.stftc_phase_sc.restype = ctypes.c_double
    lib.stftc_phase_sc.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                   ctypes.c_void_p]
    lib.stftc_rtpghi_create.restype = ctypes.c_void_p
    lib.stftc_rtpghi_create.argtypes = [P(_RtConfig), P(_Error)]
    lib.stftc_rtpghi_destroy.argtypes = [ctypes.c_void_p]
    lib.stftc_rtpghi_latency.restype = ctypes.c_size_t
    lib.stftc_rtpghi_latency.argtypes = [ctypes.c_void_p]
    lib.stftc_rtpghi_process.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                         ctypes.c_void_p]
    lib.stftc_rtisila_config_default.restype = _RsConfig
    lib.stftc_rtisila_create.restype = ctypes.c_void_p
    lib.stftc_rtisila_create.argtypes = [P(_RsConfig), P(_Error)]
    lib.stftc_rtisila_destroy.argtypes = [ctypes.c_void_p]
    lib.stftc_rtisila_process.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                          ctypes.c_void_p]
    lib.stftc_stft_create.restype = ctypes.c_void_p
    lib.stftc_stft_create.argtypes = [P(_StftConfig), P(_Error)]
    lib.stftc_stft_destroy.argtypes = [ctypes.c_void_p]
    lib.stftc_stft_analyze.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                       ctypes.c_void_p]
    _lib = lib
    return lib


def _fail(err):
    raise ValueError(err.msg.decode(errors="replace"))


def _ptr(a):
    return a.ctypes.data_as(ctypes.c_void_p)


def _stft_config(fft_size, hop, window, window_len, two_sided, centered):
    lib = core_library()
    cfg = lib.stftc_stft_config_default()
    cfg.fft_size = int(fft_size)
    cfg.hop = int(hop)
    cfg.window_len = int(window_len)
    cfg.sample_type = _COMPLEX if two_sided else _REAL
    cfg.centered = 1 if centered else 0
    err = _Error()
    if lib.stftc_window_parse(window.encode(), ctypes.byref(cfg.window),
                              ctypes.byref(err)) != 0:
        _fail(err)
    return cfg


def _framing(mag, fft_size):
    """(frames x bins float32 array, fft_size, two_sided)"""
    S = np.ascontiguousarray(np.asarray(mag, dtype=np.float32))
    if S.ndim == 1:
        S = S[None, :]
    if S.ndim != 2 or S.shape[0] < 1 or S.shape[1] < 2:
        raise ValueError("mag: want a 2-D array of frames x bins, got shape %s"
                         % (np.shape(mag),))
    bins = S.shape[1]
    if fft_size is None:
        fft_size = 2 * (bins - 1) if bins % 2 == 1 else bins
    fft_size = int(fft_size)
    if bins == fft_size // 2 + 1 and bins != fft_size:
        two_sided = False
    elif bins == fft_size:
        two_sided = True
    else:
        raise ValueError("mag: %d bins fit neither fft_size %d (two-sided, complex) nor "
                         "fft_size/2+1 = %d (one-sided, real)"
                         % (bins, fft_size, fft_size // 2 + 1))
    return S, fft_size, two_sided


def reconstruct(mag, fft_size=None, hop=256, window="hann", window_len=0,
                method="pghi+fgla", iters=None, momentum=0.99, seed=1, tol_db=None,
                init="random", centered=False, return_sc=False, progress=None,
                lookahead=3):
    """Rebuild a signal from a magnitude spectrogram.

    mag: frames x bins array of |STFT| values (negative or NaN count as 0).
      bins = fft_size: two-sided spectrum, complex64 output (IQ);
      bins = fft_size/2+1: one-sided, float32 output (audio).
      fft_size defaults to 2*(bins-1) for an odd bin count, else bins.
    hop, window, window_len, centered: the framing the magnitudes came from.
    method: "pghi+fgla" (default: PGHI then iters fast Griffin-Lim updates,
      20 by default), "pghi", "fgla", "gla" (100 iterations from a random
      or zero phase, init="random"|"zero"), "rtpghi" (real-time PGHI, one
      frame of look-ahead), "rtpghi-causal" or "rtisila" (real-time
      iterative: lookahead frames, iters updates per frame, 8 by default).
    momentum: fast Griffin-Lim momentum (0.99). seed: random initial phase.
    tol_db: stop the iterations once the spectral convergence is below it.
    progress: callable(iteration, sc_db) -> truthy to stop early.
    Returns y with (frames - 1) * hop + L samples, or (y, sc_db) with
    return_sc, sc_db = 20 log10(|| |STFT(y)| - mag || / || mag ||).
    """
    if method not in METHODS:
        raise ValueError("method: must be one of %s, got %r" % (", ".join(METHODS), method))
    if init not in ("random", "zero"):
        raise ValueError("init: must be 'random' or 'zero', got %r" % (init,))
    S, n, two_sided = _framing(mag, fft_size)
    lib = core_library()
    scfg = _stft_config(n, hop, window, window_len, two_sided, centered)
    nf, bins = S.shape
    L = int(window_len) if window_len else n
    if not 1 <= int(hop) <= L:
        raise ValueError("hop: must be in [1, %d] (the window length), got %s" % (L, hop))
    length = (nf - 1) * int(hop) + L
    y = np.zeros(length, dtype=np.complex64 if two_sided else np.float32)
    err = _Error()
    if method.startswith("rt"):
        if method == "rtisila":
            rc = lib.stftc_rtisila_config_default()
            rc.stft = scfg
            rc.lookahead = int(lookahead)
            rc.iterations = 8 if iters is None else int(iters)
            la = rc.lookahead
            obj = lib.stftc_rtisila_create(ctypes.byref(rc), ctypes.byref(err))
            process, destroy = lib.stftc_rtisila_process, lib.stftc_rtisila_destroy
        else:
            rc = lib.stftc_rtpghi_config_default()
            rc.stft = scfg
            rc.lookahead = 1 if method == "rtpghi" else 0
            la = rc.lookahead
            obj = lib.stftc_rtpghi_create(ctypes.byref(rc), ctypes.byref(err))
            process, destroy = lib.stftc_rtpghi_process, lib.stftc_rtpghi_destroy
        if not obj:
            _fail(err)
        try:
            # the stream's sample t rebuilds y[t - la * hop]
            h = int(hop)
            shift = la * h
            total = -(-(shift + length) // h)
            padded = np.zeros((total, bins), dtype=np.float32)
            padded[:nf] = S
            z = np.zeros(total * h, dtype=y.dtype)
            process(obj, _ptr(padded), total, _ptr(z))
            y[:] = z[shift:shift + length]
        finally:
            destroy(obj)
        sc = spectral_convergence(mag, y, fft_size=n, hop=hop, window=window,
                                  window_len=window_len, centered=centered)
        return (y, sc) if return_sc else y

    pc = lib.stftc_phase_config_default()
    pc.stft = scfg
    pc.max_frames = nf
    pc.seed = int(seed)
    if tol_db is not None:
        pc.sc_tolerance_db = float(tol_db)
    if method == "pghi":
        pc.init, pc.iterations = _INIT_PGHI, 0
    elif method == "pghi+fgla":
        pc.init = _INIT_PGHI
        pc.iterations = 20 if iters is None else int(iters)
        pc.momentum = float(momentum)
    else:
        pc.init = _INIT_ZERO if init == "zero" else _INIT_RANDOM
        pc.iterations = 100 if iters is None else int(iters)
        pc.momentum = 0.0 if method == "gla" else float(momentum)
    cb = None
    if progress is not None:
        def _cb(_user, it, sc):
            return 1 if progress(int(it), float(sc)) else 0
        cb = _PROGRESS_FN(_cb)
        pc.progress = cb
    ph = lib.stftc_phase_create(ctypes.byref(pc), ctypes.byref(err))
    if not ph:
        _fail(err)
    try:
        res = _Result()
        r = lib.stftc_phase_reconstruct(ph, _ptr(S), nf, None, _ptr(y), ctypes.byref(res))
        if r != 0:
            raise RuntimeError("stftc_phase_reconstruct failed (%d)" % r)
    finally:
        lib.stftc_phase_destroy(ph)
    return (y, float(res.sc_db)) if return_sc else y


def magnitude(x, fft_size=1024, hop=256, window="hann", window_len=0, centered=False):
    """|STFT| of x in the same framing: frame k = fft(w * x[k*hop : k*hop + L]),
    floor((len(x) - L) / hop) + 1 frames (no padding). Complex x gives
    fft_size bins per frame, real x fft_size/2+1."""
    x = np.asarray(x)
    two_sided = np.iscomplexobj(x)
    x = np.ascontiguousarray(x, dtype=np.complex64 if two_sided else np.float32)
    lib = core_library()
    cfg = _stft_config(fft_size, hop, window, window_len, two_sided, centered)
    err = _Error()
    st = lib.stftc_stft_create(ctypes.byref(cfg), ctypes.byref(err))
    if not st:
        _fail(err)
    try:
        L = int(window_len) if window_len else int(fft_size)
        if len(x) < L:
            raise ValueError("x: %d samples are fewer than the window length %d"
                             % (len(x), L))
        nf = (len(x) - L) // int(hop) + 1
        bins = int(fft_size) if two_sided else int(fft_size) // 2 + 1
        frames = np.zeros((nf, bins), dtype=np.complex64)
        lib.stftc_stft_analyze(st, _ptr(x), nf, _ptr(frames))
    finally:
        lib.stftc_stft_destroy(st)
    return np.abs(frames)


def spectral_convergence(mag, y, fft_size=None, hop=256, window="hann", window_len=0,
                         centered=False):
    """20 log10(|| |STFT(y)| - mag || / || mag ||) in dB over the frames of mag
    (y needs (frames - 1) * hop + L samples)."""
    S, n, two_sided = _framing(mag, fft_size)
    lib = core_library()
    pc = lib.stftc_phase_config_default()
    pc.stft = _stft_config(n, hop, window, window_len, two_sided, centered)
    pc.max_frames = S.shape[0]
    pc.iterations = 0
    err = _Error()
    ph = lib.stftc_phase_create(ctypes.byref(pc), ctypes.byref(err))
    if not ph:
        _fail(err)
    try:
        L = int(window_len) if window_len else n
        need = (S.shape[0] - 1) * int(hop) + L
        y = np.ascontiguousarray(np.asarray(y), dtype=np.complex64 if two_sided
                                 else np.float32)
        if len(y) < need:
            raise ValueError("y: %d samples, the frames need %d" % (len(y), need))
        sc = lib.stftc_phase_sc(ph, _ptr(S), S.shape[0], _ptr(y))
    finally:
        lib.stftc_phase_destroy(ph)
    if math.isnan(sc):
        raise ValueError("spectral_convergence: bad arguments")
    return float(sc)

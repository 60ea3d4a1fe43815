#
# Copyright 2026 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""gr-stftclean on numpy arrays: STFT, ISTFT, cleaning and recordings.

The functions here run the module's C core (the same code as the GNU Radio
blocks and the ``stftclean`` command) on numpy arrays, without a flowgraph::

    from gnuradio.stftclean import numpy_api as sc
    x, meta = sc.read("capture.wav")             # IQ WAV, SigMF, cf32, ...
    y = sc.clean(x, meta["sample_rate"])         # same length, time-aligned
    S = sc.stft(y, fft_size=1024, hop=256)       # (bins, frames)
    G = sc.mask(S, meta["sample_rate"])          # the gains per cell

An hour-long recording goes in chunks: ``clean_file(src, dst,
progress=True)``, or ``IQReader(path).chunks()`` into a ``Cleaner`` and a
``Writer``.

Conventions (one for the whole package):

* Samples are complex64 (I + jQ) or float32 (real). Complex128 and float64
  input is converted to those (the core works in float32); results are
  complex64 / float32.
* Spectrograms are ``(bins, frames)``: frequency axis first, as
  ``scipy.signal.stft`` and ``librosa.stft``. Complex input gives
  ``fft_size`` bins in numpy.fft order (DC first, negative frequencies in the
  upper half; ``centered=True`` gives numpy.fft.fftshift order), real input
  ``fft_size // 2 + 1`` bins (numpy.fft.rfft order).
* Framing is the blocks' framing (include/stftclean/stft.h): with window
  length ``L`` (``window_len``, 0 = ``fft_size``) and hop ``H``, frame ``k``
  is ``numpy.fft.fft(w * x[k*H - (L - H) : k*H + H], fft_size)`` with zeros
  outside ``x``: the frame ends at sample ``k*H + H - 1`` and its window is
  centred on sample ``k*H + H - L/2`` (``frame_centres``). The frames are all
  those that hold at least one sample of ``x``: ``ceil((len(x) + L - H) / H)``
  of them. (scipy centres frame 0 on sample 0 instead; its frames are ours
  shifted by ``L/2 - H`` samples.) The window is periodic (DFT-even), as
  ``scipy.signal.get_window``.
* ``istft(stft(x), length=len(x))`` gives ``x`` back to float rounding: the
  latency of the streaming blocks is removed, output sample ``t`` is input
  sample ``t``.
* Bad parameters raise ``ValueError`` whose message starts with the
  parameter's name (the core's sentence, as the blocks); unreadable files
  raise ``OSError``. The GIL is released while the core runs.
"""

import numpy as np

from .stftclean_python import _numpy_api as _core

__all__ = [
    "stft",
    "istft",
    "MASK_PARAMETERS",
    "STFT",
    "ISTFT",
    "frame_centres",
    "bin_freqs",
    "clean",
    "Cleaner",
    "clean_file",
    "mask",
    "features",
    "scattering",
    "bursts",
    "read",
    "write",
    "IQReader",
    "Writer",
    "read_meta",
    "read_chunks",
    "reconstruct",
    "spectral_convergence",
]


def _signal(x, name="x"):
    """x as a contiguous complex64 or float32 1-D array."""
    a = np.asarray(x)
    if a.ndim != 1:
        raise ValueError("%s: must be one-dimensional (a signal), got shape %s" %
                         (name, a.shape))
    if np.iscomplexobj(a):
        return np.ascontiguousarray(a, dtype=np.complex64)
    if a.dtype.kind not in "biuf":
        raise ValueError("%s: must hold numbers, got dtype %s" % (name, a.dtype))
    return np.ascontiguousarray(a, dtype=np.float32)


class _Bar:
    """A one-line progress bar on stderr (progress=True)."""

    def __init__(self, label="clean"):
        self.last = -1
        self.label = label

    def __call__(self, done, total):
        import sys
        pct = int(100 * done / total) if total else 100
        if pct != self.last:
            self.last = pct
            n = pct // 4
            sys.stderr.write("\r%s [%s%s] %3d %%" %
                             (self.label, "#" * n, "." * (25 - n), pct))
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def _progress(progress, label="clean"):
    if progress is None or progress is False:
        return None
    if progress is True:
        return _Bar(label)
    if not callable(progress):
        raise ValueError("progress: must be None, True or a callable(done, total), got %r" %
                         (progress, ))
    return progress


def _mask_params(where, given):
    """The mask keywords of a call, checked and in the core's form."""
    unknown = set(given) - set(_MASK_PARAMS)
    if unknown:
        raise TypeError("%s: unknown mask parameter(s): %s" %
                        (where, ", ".join(sorted(unknown))))
    params = {k: v for k, v in given.items() if v is not None}
    if "bands" in params and not isinstance(params["bands"], str):
        params["bands"] = [float(v) for v in np.asarray(params["bands"], dtype=float).ravel()]
    return params


def _rate(sample_rate):
    return None if sample_rate is None else float(sample_rate)


def _int(value, name):
    try:
        i = int(value)
    except (TypeError, ValueError):
        raise ValueError("%s: must be a whole number, got %r" % (name, value)) from None
    if i != value:
        raise ValueError("%s: must be a whole number, got %r" % (name, value))
    return i


def stft(x, fft_size=1024, hop=256, window="hann", window_len=0, centered=False):
    """Short-time Fourier transform of x, as the stft_cc/stft_fc blocks.

    Args:
        x: 1-D signal, complex (I + jQ) or real.
        fft_size: FFT size N, any N >= 2.
        hop: hop H in samples, 1 <= H <= window length, window/hop must
            satisfy NOLA (hann needs H < L).
        window: "hann", "hamming", "blackman", "blackman-harris",
            "kaiser[:BETA]", "gaussian[:SIGMA]", "sqrt-hann" or "rect".
        window_len: window length L <= N (zero-padded to N); 0 means N.
        centered: complex input only: bins in numpy.fft.fftshift order.

    Returns:
        complex64 array of shape (bins, frames): N bins for complex x,
        N // 2 + 1 for real x; frames = ceil((len(x) + L - H) / H), frame k
        centred on sample k*H + H - L/2 (see ``frame_centres``). The array
        is a transposed (Fortran-ordered) view of the core's frame-major
        output; ``istft`` takes it back without a copy.
    """
    xs = _signal(x)
    F = _core.stft_frames(xs, _int(fft_size, "fft_size"), _int(hop, "hop"), str(window),
                          _int(window_len, "window_len"), bool(centered))
    return F.T


def istft(S,
          fft_size=1024,
          hop=256,
          window="hann",
          window_len=0,
          length=None,
          real=None,
          centered=False):
    """Inverse of ``stft``: weighted overlap-add with the canonical dual window.

    Args:
        S: (bins, frames) array as ``stft`` returns (it may be masked or
            otherwise changed).
        fft_size, hop, window, window_len, centered: as given to ``stft``.
        length: number of samples to return (``len(x)`` for an exact round
            trip); None returns every sample the frames give,
            frames * hop - (L - H). Samples past what the frames give are 0.
        real: True for a real output (S has N // 2 + 1 bins; the imaginary
            parts of the DC and Nyquist bins are ignored), False for complex
            (N bins); None tells from the number of rows of S.

    Returns:
        complex64 or float32 array; sample t is aligned with sample t of the
        signal ``stft`` was given.
    """
    S = np.asarray(S)
    if S.ndim != 2:
        raise ValueError("S: must be two-dimensional (bins, frames), got shape %s" %
                         (S.shape, ))
    n = _int(fft_size, "fft_size")
    if real is None:
        real = S.shape[0] != n and S.shape[0] == n // 2 + 1
    if length is not None:
        length = _int(length, "length")
        if length < 0:
            raise ValueError("length: must be >= 0, got %d" % length)
    F = np.ascontiguousarray(S.T, dtype=np.complex64)
    return _core.istft_frames(F, n, _int(hop, "hop"), str(window),
                              _int(window_len, "window_len"), bool(centered), bool(real),
                              -1 if length is None else length)


class STFT:
    """``stft`` for a signal that comes in chunks (a ShortTimeFFT-like
    object: state carried across calls, as the stft_cc block)::

        st = STFT(1024, 256)
        parts = [st.process(chunk) for chunk in chunks] + [st.flush()]
        S = numpy.concatenate(parts, axis=1)   # == stft(whole signal)

    ``process(x)`` returns the (bins, k) frames that x completes (k may be
    0), in the framing of ``stft``; ``flush()`` returns the frames that
    ``stft`` of the whole signal has past its end (x followed by zeros) and
    starts a new stream. Arguments as ``stft``; ``real=True`` for a real
    signal. Properties: bins, latency (L - H), samples and frames so far.
    """

    def __init__(self, fft_size=1024, hop=256, window="hann", window_len=0, real=False,
                 centered=False):
        self.real = bool(real)
        self._s = _core.STFTStream(_int(fft_size, "fft_size"), _int(hop, "hop"),
                                   str(window), _int(window_len, "window_len"),
                                   bool(centered), self.real)

    def process(self, x):
        xs = _signal(x)
        if self.real and np.iscomplexobj(xs):
            raise ValueError("x: this STFT takes real samples (real=True)")
        if not self.real and not np.iscomplexobj(xs):
            xs = xs.astype(np.complex64)
        return self._s.process(xs).T

    def flush(self):
        return self._s.flush().T

    def reset(self):
        self._s.reset()

    bins = property(lambda self: self._s.bins)
    latency = property(lambda self: self._s.latency)
    samples = property(lambda self: self._s.samples)
    frames = property(lambda self: self._s.frames)


class ISTFT:
    """``istft`` for frames that come in chunks: ``process(S)`` takes
    (bins, k) frames and returns the samples they complete, hop per frame,
    the stream's first L - H samples dropped so that sample t of the
    concatenated output is sample t of the signal the frames came from.
    The concatenation of every call's output equals ``istft(S)`` with
    length None (trim it to the signal's length). ``real=True`` for N/2+1
    bins and a real output.
    """

    def __init__(self, fft_size=1024, hop=256, window="hann", window_len=0, real=False,
                 centered=False):
        self._s = _core.ISTFTStream(_int(fft_size, "fft_size"), _int(hop, "hop"),
                                    str(window), _int(window_len, "window_len"),
                                    bool(centered), bool(real))

    def process(self, S):
        S = np.asarray(S)
        if S.ndim != 2:
            raise ValueError("S: must be two-dimensional (bins, frames), got shape %s" %
                             (S.shape, ))
        return self._s.process(np.ascontiguousarray(S.T, dtype=np.complex64))

    def reset(self):
        self._s.reset()

    bins = property(lambda self: self._s.bins)
    latency = property(lambda self: self._s.latency)


def frame_centres(nframes, fft_size=1024, hop=256, window_len=0, sample_rate=None):
    """Centre of each ``stft`` frame's window: in samples of x (may be
    negative for the first frames), or in seconds with sample_rate."""
    L = window_len or fft_size
    c = np.arange(nframes) * float(hop) + hop - L / 2.0
    return c / sample_rate if sample_rate else c


def bin_freqs(fft_size=1024, sample_rate=1.0, real=False, centered=False):
    """Frequency of each ``stft`` bin (row) in Hz, relative to the centre
    frequency for complex input."""
    d = 1.0 / sample_rate
    if real:
        return np.fft.rfftfreq(fft_size, d)
    f = np.fft.fftfreq(fft_size, d)
    return np.fft.fftshift(f) if centered else f


#: The mask parameters (keyword name -> dict of kind, scope, unit, lo, hi,
#: range, runtime, doc, as stftclean.mask_fields()): the rows of the core's
#: table (stftclean/mask_fields.h),
#: the same names as the blocks' args keys and ``stftclean clean``'s options.
MASK_PARAMETERS = {f["name"]: f for f in _core.mask_fields()
                   if f["name"] not in ("mask", "sample_rate")}
_MASK_PARAMS = tuple(MASK_PARAMETERS)


def _mask_params_doc():
    lines = ["", "    Mask parameters (keywords; ``MASK_PARAMETERS``):", ""]
    import textwrap
    for name, f in MASK_PARAMETERS.items():
        text = "%s: %s; %s%s." % (name, f["doc"], f["range"],
                                  "" if f["runtime"] else " (fixed once created)")
        lines += textwrap.wrap(text, 76, initial_indent=" " * 8,
                               subsequent_indent=" " * 12)
    return "\n".join(lines) + "\n"


def clean(x,
          sample_rate,
          mask="auto",
          fft_size=1024,
          hop=256,
          window="hann",
          window_len=0,
          *,
          one_pass=False,
          threads=1,
          progress=None,
          **mask_params):
    """Clean x with the fused STFT -> mask -> ISTFT cleaner, as
    ``stftclean clean`` does a file: the result has x's length and is
    time-aligned with it (the cleaner's latency is removed).

    File mode (the default, as the CLI): the first noise window (2 s by
    default) and 100 ms more go through the cleaner once to learn the noise,
    the cleaner is rewound keeping what it learnt, then x is cleaned from
    its start, so a burst at the first sample is judged against the
    recording's own noise. ``one_pass=True`` is the streaming behaviour of
    the cleaner_cc block instead (no priming pass).

    Args:
        x: 1-D complex (I + jQ) or real signal; a real (n, channels) array
            is cleaned channel by channel (stereo audio).
        sample_rate: Hz; None only for the masks "none" and "threshold".
        mask: "auto" (recommended for RF), "gate", "wiener", "cfar",
            "threshold", "band" or "none".
        fft_size, hop, window, window_len: framing, as ``stft``.
        threads: 1 or 2 (2: inverse transforms on a second thread, same
            output bit for bit).
        progress: None, a callable progress(done, total) called after each
            block of 65536 samples (an exception from it stops the call),
            or True for a progress bar on stderr. Ctrl-C
            (KeyboardInterrupt) stops a long call either way.
        **mask_params: the mask parameters of the blocks and ``stftclean
            clean`` (listed below, from the core's table; None: the
            automatic default). bands takes a flat [lo, hi, ...] in Hz,
            pairs, or "lo:hi,..."; the auto/on/off ones None, False, True
            or "auto"/"on"/"off".

    Returns:
        complex64 / float32 array of x's length.
    """
    params = _mask_params("clean", mask_params)
    a = np.asarray(x)
    if a.ndim == 2 and not np.iscomplexobj(a):
        cols = [
            clean(a[:, c], sample_rate, mask, fft_size, hop, window, window_len,
                  one_pass=one_pass, threads=threads, progress=progress, **params)
            for c in range(a.shape[1])
        ]
        return np.stack(cols, axis=1) if cols else np.zeros(a.shape, np.float32)
    xs = _signal(a)
    return _core.clean(xs, _rate(sample_rate), str(mask),
                       _int(fft_size, "fft_size"), _int(hop, "hop"), str(window),
                       _int(window_len, "window_len"), bool(one_pass),
                       _int(threads, "threads"), params, _progress(progress))


class Cleaner:
    """``clean`` for a signal that comes in chunks (an hour-long recording,
    a live stream), state carried across calls as in the cleaner_cc block,
    output time-aligned::

        c = Cleaner(fs)                       # mask="auto", ...
        c.prime(first_seconds)                # optional: file mode
        parts = [c.process(chunk) for chunk in chunks] + [c.flush()]
        y = numpy.concatenate(parts)          # == clean(x, fs)

    ``process(x)`` returns the cleaned samples that x completes, in order
    from the stream's first sample (the cleaner's latency, ``latency``
    samples, is held back: the first calls return fewer samples than they
    get); ``flush()`` returns the rest, so that the parts have the input's
    length, and starts a new stream (what was learnt is forgotten). The
    result is bit-identical to ``clean`` of the whole signal: with
    ``prime(x[:c.priming])`` first as ``clean`` does by default, or without
    it as ``clean(one_pass=True)``. ``prime(x)`` runs x through the
    estimator once and rewinds, keeping the noise it learnt (the file mode
    of ``stftclean clean``); call it before the first ``process``.

    Arguments as ``clean``; ``real=True`` for a real signal. Properties:
    latency, hop, priming (samples file mode primes with; 0 for masks
    that learn nothing), samples_in.
    """

    def __init__(self, sample_rate, mask="auto", fft_size=1024, hop=256, window="hann",
                 window_len=0, *, real=False, threads=1, **mask_params):
        params = _mask_params("Cleaner", mask_params)
        self.real = bool(real)
        self._c = _core.CleanerStream(_rate(sample_rate), str(mask),
                                      _int(fft_size, "fft_size"), _int(hop, "hop"),
                                      str(window), _int(window_len, "window_len"),
                                      self.real, _int(threads, "threads"), params)

    def _x(self, x):
        xs = _signal(x)
        if not self.real and not np.iscomplexobj(xs):
            raise ValueError("x: this Cleaner takes complex samples (real=False)")
        return xs

    def prime(self, x):
        self._c.prime(self._x(x))

    def process(self, x):
        return self._c.process(self._x(x))

    def flush(self):
        return self._c.flush()

    def reset(self):
        self._c.reset()

    latency = property(lambda self: self._c.latency)
    hop = property(lambda self: self._c.hop)
    priming = property(lambda self: self._c.priming)
    samples_in = property(lambda self: self._c.samples_in)


def clean_file(src,
               dst,
               mask="auto",
               fft_size=1024,
               hop=256,
               window="hann",
               window_len=0,
               *,
               format=None,
               swap_iq=False,
               out_format=None,
               encoding=None,
               one_pass=False,
               threads=1,
               chunk=1 << 20,
               progress=None,
               **mask_params):
    """Clean a recording into another, in chunks (memory stays bounded:
    an hour at 2 MS/s is fine), as ``stftclean clean SRC DST``: file mode
    (the first noise window primes the estimator, then the recording is
    cleaned from its start), the output time-aligned and as long as the
    input, its sample rate, centre frequency, start time and (SigMF to
    SigMF) annotations carried over.

    Args:
        src, dst: paths (any format ``read`` / ``write`` take).
        mask ... window_len, one_pass, threads and the keyword mask
            parameters: as ``clean``.
        format, swap_iq: how to read src (as ``read``); out_format,
            encoding: how to write dst (as ``write``'s format, encoding).
        chunk: samples per block read.
        progress: None, True (a bar on stderr) or callable(done, total) in
            samples of src.

    Returns:
        the metadata dict of src (as ``read``).
    """
    params = _mask_params("clean_file", mask_params)
    chunk = _int(chunk, "chunk")
    if chunk < 1:
        raise ValueError("chunk: must be >= 1, got %d" % chunk)
    prog = _progress(progress)
    with IQReader(src, format, swap_iq) as r:
        meta = r.metadata
        real = not meta["complex"]
        fs = meta.get("sample_rate")
        c = Cleaner(fs, mask, fft_size, hop, window, window_len, real=real, threads=threads,
                    **params)
        total = meta["frames"]
        if c.priming and not one_pass:
            c.prime(r.read(c.priming))
            r.seek(0)
        anns = meta.get("annotations") or []
        w = Writer(dst, sample_rate=fs, centre_freq=meta.get("centre_freq"),
                   start_time=meta.get("start_time"), complex=not real, format=out_format,
                   encoding=encoding,
                   description="cleaned by gr-stftclean (%s mask)" % mask)
        try:
            done = 0
            for b in r.chunks(chunk):
                w.write(c.process(b))
                done += len(b)
                if prog:
                    prog(done, total)
            w.write(c.flush())
            if anns and w.format == "sigmf":
                w.annotate(anns)
        finally:
            w.close()
    return meta


def mask(x,
         sample_rate,
         kind="auto",
         fft_size=1024,
         hop=256,
         window="hann",
         window_len=0,
         *,
         centered=False,
         real=None,
         one_pass=False,
         **mask_params):
    """The gains of a mask estimator for every ``stft`` frame.

    x is either the signal (1-D) or its STFT (2-D, (bins, frames), as
    ``stft`` returns it, possibly edited). The mask stage that ``clean``
    runs (same estimator, same file-mode priming unless one_pass) gives
    float32 gains of shape (bins, frames), frame for frame aligned with
    ``stft(x, fft_size, hop, window, window_len)`` (the look-ahead
    undone); values in [10^(floor_db/20), 1]. So
    ``istft(stft(x) * mask(x, fs), length=len(x))`` is ``clean(x, fs)`` up
    to float rounding where DC removal is off (``dc=False``; with it on, as
    by default for complex x, the cleaner also subtracts the tracked DC
    offset from the bins, which gains cannot express).

    From an STFT, the gains equal those from the signal with
    ``one_pass=True``, and in file mode whenever the signal is shorter than
    the priming span (noise window + 100 ms); for a longer signal the
    priming pass sees the frames across the end of the span whole (from
    the signal it sees them cut by zeros), which changes the learnt noise
    by a hair.

    Args:
        x: 1-D complex or real signal, or a (bins, frames) STFT of one.
        sample_rate: Hz (None only for "none" and "threshold").
        kind: "auto", "gate", "wiener", "cfar", "threshold", "band", "none".
        fft_size, hop, window, window_len, centered: as ``stft`` (for an
            STFT: the framing it was made with; centered=True if its bins
            are in fftshift order: the gains are then in that order too).
        real: for an STFT only: True if it is of a real signal (fft_size
            // 2 + 1 bins); None tells from the number of bins.
        one_pass, and the keyword mask parameters: as ``clean``.
    """
    params = _mask_params("mask", mask_params)
    a = np.asarray(x)
    n = _int(fft_size, "fft_size")
    if a.ndim == 2:
        if real is None:
            real = a.shape[0] != n and a.shape[0] == n // 2 + 1
        if centered:
            if real:
                raise ValueError("centered: only for the STFT of a complex signal")
            a = np.fft.ifftshift(a, axes=0)
        F = np.ascontiguousarray(a.T, dtype=np.complex64)
        G = _core.mask_frames(F, _rate(sample_rate), str(kind), n, _int(hop, "hop"),
                              str(window), _int(window_len, "window_len"), bool(real),
                              bool(one_pass), params).T
    else:
        if real is not None:
            raise ValueError("real: only for an STFT; a signal's dtype says it")
        xs = _signal(a)
        if centered and not np.iscomplexobj(xs):
            raise ValueError("centered: only for complex input")
        G = _core.mask(xs, _rate(sample_rate), str(kind), n, _int(hop, "hop"),
                       str(window), _int(window_len, "window_len"), bool(one_pass),
                       params).T
    if centered:
        G = np.fft.fftshift(G, axes=0)
    return G


def features(x,
             sample_rate,
             mask="auto",
             fft_size=1024,
             hop=256,
             window="hann",
             window_len=0,
             *,
             center_freq=0.0,
             cepstrum=None,
             mel_scale="htk",
             n_filters=40,
             n_ceps=13,
             lifter=0.0,
             deltas=0,
             delta_width=2,
             rolloff=0.85,
             obw=0.99,
             fmin=0.0,
             fmax=0.0,
             progress=None,
             **mask_params):
    """Spectral features per frame of the cleaned signal, as
    ``stftclean features IN --csv OUT`` (include/stftclean/features.h).

    x goes through the STFT and the mask stage (``mask``, default "auto";
    "none" for the features of x itself) in one streaming pass, the mask's
    look-ahead undone; every frame centred inside x gives one row.

    Args:
        x: 1-D complex or real signal; sample_rate in Hz.
        mask, fft_size, hop, window, window_len and the keyword mask
            parameters (pfa, noise_window, ...): as ``clean``.
        center_freq: Hz added to every frequency feature.
        cepstrum: "none", "mfcc" (real x) or "lfcc"; None as the CLI: lfcc
            for complex x, mfcc for real x.
        mel_scale, n_filters, n_ceps, lifter, deltas (0, 1, 2),
            delta_width, rolloff and obw (fractions, 0..1), fmin, fmax: as
            the spectral_features block.
        progress: as ``clean`` (None, True for a bar on stderr, or a
            callable(done, total) in samples).

    Returns:
        dict of equal-length numpy arrays, in the CLI's column order:
        "time_s" (frame centre in s from x's first sample, float64), then
        energy_db, centroid_hz, spread_hz, skewness, kurtosis, flatness,
        rolloff_hz, flux, entropy, peak_hz, peak_to_avg_db, obw_hz and the
        cepstra lfcc0.. / mfcc0.. (d_ and dd_ for deltas), float32.
        ``numpy.column_stack(list(d.values()))`` is the CSV's table.
    """
    params = _mask_params("features", mask_params)
    if sample_rate is None:
        raise ValueError("sample_rate: missing; features are in Hz and seconds: give "
                         "the sample rate in Hz")
    xs = _signal(x)
    fs = float(sample_rate)
    names, values, centres = _core.features(
        xs, fs, str(mask), _int(fft_size, "fft_size"), _int(hop, "hop"), str(window),
        _int(window_len, "window_len"), float(center_freq), cepstrum, str(mel_scale),
        _int(n_filters, "n_filters"), _int(n_ceps, "n_ceps"), float(lifter),
        _int(deltas, "deltas"), _int(delta_width, "delta_width"), float(rolloff),
        float(obw), float(fmin), float(fmax), params, _progress(progress, "features"))
    out = {"time_s": centres / fs}
    for i, name in enumerate(names):
        out[name] = values[:, i]
    return out


def scattering(x,
               sample_rate,
               J=8,
               Q1=8,
               Q2=1,
               T=None,
               log=False,
               *,
               T_seconds=None,
               stride=None,
               stride_seconds=None,
               max_order=2,
               oversampling=1,
               log_eps=1e-6):
    """Wavelet time scattering of x, two-sided for complex (IQ) input
    (include/stftclean/scattering.h gives the filters and the sampling).

    Args:
        x: 1-D complex or real signal; sample_rate in Hz (for the
            frequencies in the metadata and for T_seconds).
        J: octaves; the narrowest wavelets have sigma 0.1 / 2^J cycles per
            sample (1..16).
        Q1, Q2: wavelets per octave at first and second order (1..32).
        T: low-pass scale in samples (None: 2^J), or T_seconds in s.
        log: log(S + log_eps) instead of S.
        stride: samples between frames (None: T), or stride_seconds in s.
            Seconds round to the nearest sample, halves up, as in the core
            (T_s, stride_s) and the scattering_features blocks.
        max_order: 1 or 2.
        oversampling: 0..6, doubles the rate |x * psi| is sampled at.

    Returns:
        (S, meta): S float32 of shape (count, frames), one column per frame
        centred inside x (centre n * stride); meta a dict of numpy arrays
        over the coefficients, "order" (0, 1, 2), "parent" (order 2: row of
        its order-1 coefficient, else -1), "xi_hz" (signed centre of the
        last wavelet), "bw_hz" (its half-power bandwidth), "sigma" (cycles
        per sample), "decim", plus "time_s" (frame centres) and the
        geometry in samples: "stride", "T", "latency", "support", "block",
        "hop".
    """
    if sample_rate is None:
        raise ValueError("sample_rate: missing; give the sample rate in Hz (1 for "
                         "frequencies in cycles per sample)")
    xs = _signal(x)
    fs = float(sample_rate)
    def samples(n, secs, name, least):
        """n samples, or secs in seconds rounded as the core rounds them"""
        if n is not None and secs is not None:
            raise ValueError("%s: give %s (samples) or %s, not both" %
                             (name, name[:-len("_seconds")], name))
        if secs is None:
            return 0 if n is None else _int(n, name[:-len("_seconds")])
        v = float(secs) * fs
        if not v >= least - 0.5:
            raise ValueError("%s: must be at least %d sample%s, got %g s" %
                             (name, least, "s" if least > 1 else "", float(secs)))
        return int(np.floor(v + 0.5)) if np.isfinite(v) else 2 ** 62
    t = samples(T, T_seconds, "T_seconds", 2)
    st = samples(stride, stride_seconds, "stride_seconds", 1)
    values, centres, table, geom = _core.scattering(
        xs, fs, _int(J, "J"), _int(Q1, "Q1"), _int(Q2, "Q2"), t, st,
        _int(max_order, "max_order"),
        _int(oversampling, "oversampling"), bool(log), float(log_eps))
    meta = dict(table)
    meta["time_s"] = centres / fs
    meta.update(geom)
    return np.ascontiguousarray(values.T), meta


def bursts(x,
           sample_rate,
           mask="auto",
           fft_size=1024,
           hop=256,
           window="hann",
           window_len=0,
           *,
           center_freq=0.0,
           label="",
           source=None,
           on=None,
           off=None,
           min_duration=0.002,
           merge_gap=None,
           hang=0.01,
           burst_noise_window=None,
           occupied_gain=None,
           min_cells=None,
           cepstrum=None,
           mel_scale="htk",
           n_filters=40,
           n_ceps=13,
           lifter=0.0,
           rolloff=0.85,
           obw=0.99,
           fmin=0.0,
           fmax=0.0,
           scattering=False,
           scat_J=8,
           scat_Q1=2,
           scat_Q2=1,
           scat_T=0.0,
           progress=None,
           **mask_params):
    """Bursts found in x, one record each, as
    ``stftclean features IN --csv OUT --per-burst --sigmf-meta M``.

    x goes through the STFT and the mask stage (one streaming pass, the
    look-ahead undone); the burst segmenter (include/stftclean/bursts.h)
    reads the frames wholly inside x: with a mask its occupied cells
    (source "mask", the default then), with mask="none" the frame energy
    over a tracked floor (source "energy").

    Args:
        x, sample_rate, mask, fft_size, hop, window, window_len and the
            keyword mask parameters: as ``clean``.
        center_freq: Hz added to the frequencies (absolute edges).
        label: core:label of every record.
        source, on, off (dB), min_duration, merge_gap, hang (s),
            burst_noise_window (s, the energy floor's window),
            occupied_gain, min_cells: the burst_detector block's
            parameters (None: its default; min_duration 2 ms and hang
            10 ms as the CLI).
        cepstrum ... fmax: the features whose per-burst means and standard
            deviations the records carry, as ``features``.
        scattering: add the per-burst wavelet scattering summary of the
            cleaned signal, as ``--scattering``: scat_frames, then
            <coef>_mean and <coef>_std for every coefficient (scat0,
            scat1_<xi>, scat2_<xi1>_<xi2>); scat_J, scat_Q1, scat_Q2 and
            scat_T (seconds, 0: 2^scat_J samples) as ``--scat-J`` ...
        progress: as ``clean``.

    Returns:
        list of dicts, in time order: the SigMF annotation fields
        (sample_start, sample_count, freq_lower_edge, freq_upper_edge,
        label, generator, snr_db; ``write(..., annotations=...)`` takes
        them) and every column of the CLI's per-burst CSV by name
        (start_s, end_s, duration_s, center_hz, bandwidth_hz, ..., the
        feature means and standard deviations).
    """
    params = _mask_params("bursts", mask_params)
    if sample_rate is None:
        raise ValueError("sample_rate: missing; bursts are timed in seconds: give the "
                         "sample rate in Hz")
    fopts = dict(center_freq=center_freq, cepstrum=cepstrum, mel_scale=mel_scale,
                 n_filters=n_filters, n_ceps=n_ceps, lifter=lifter, rolloff=rolloff, obw=obw,
                 fmin=fmin, fmax=fmax)
    bopts = dict(source=source, on=on, off=off, min_duration=min_duration,
                 merge_gap=merge_gap, hang=hang, burst_noise_window=burst_noise_window,
                 occupied_gain=occupied_gain, min_cells=min_cells,
                 scattering=bool(scattering), scat_J=scat_J, scat_Q1=scat_Q1,
                 scat_Q2=scat_Q2, scat_T=scat_T)
    xs = _signal(x)
    names, rows, sig = _core.bursts(xs, float(sample_rate), str(mask),
                                    _int(fft_size, "fft_size"), _int(hop, "hop"), str(window),
                                    _int(window_len, "window_len"), fopts, bopts, params,
                                    _progress(progress, "bursts"))
    out = []
    for row, (start, count, lo, hi, snr) in zip(rows, sig):
        r = dict(sample_start=int(start), sample_count=int(count), freq_lower_edge=lo,
                 freq_upper_edge=hi, label=str(label), generator="stftclean features",
                 snr_db=snr)
        for name, v in zip(names, row):
            r.setdefault(name, v)
        out.append(r)
    return out


class IQReader:
    """A recording opened through the core's reader (every format
    ``stftclean info`` reads: IQ WAV/RF64 with auxi, SigMF, cf32, ci16, ci8,
    cu8, f32), for reading in chunks::

        with IQReader("big.sigmf-meta") as r:
            for block in r.chunks(1 << 20):
                ...

    ``metadata`` is the dict ``read`` returns.
    """

    def __init__(self, path, format=None, swap_iq=False):
        self._r = _core.Reader(str(path), format, bool(swap_iq))
        self.metadata = self._r.info()
        self._at = 0

    def read(self, count=None):
        """The next count samples (fewer at the end; all the rest for None)."""
        if count is None:
            count = max(0, self.metadata["frames"] - self._pos())
        return self._advance(self._r.read(_int(count, "count")))

    def seek(self, offset):
        """Move to sample offset (0 = the start)."""
        self._r.seek(_int(offset, "offset"))
        self._at = offset

    def chunks(self, size=1 << 20):
        """Iterate over the rest of the recording, size samples at a time."""
        size = _int(size, "size")
        if size < 1:
            raise ValueError("size: must be >= 1, got %d" % size)
        while True:
            b = self.read(size)
            if len(b) == 0:
                return
            yield b

    def close(self):
        self._r.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _pos(self):
        return self._at

    def _advance(self, b):
        self._at += len(b)
        return b


def read(path, format=None, swap_iq=False, offset=0, count=None):
    """Read a recording through the core's reader.

    Args:
        path: .wav (IQ WAV or RF64, with SDRuno/SDR# auxi metadata), SigMF
            (.sigmf-meta or .sigmf-data), or raw .cf32/.cfile, .ci16, .ci8,
            .cu8, .f32 (see ``format``).
        format: "wav", "sigmf", "cf32", "ci16", "ci8", "cu8" or "f32"; None
            tells it from the extension.
        swap_iq: the file's first channel is Q (spectrum mirrored).
        offset, count: read count samples (None: to the end) from sample
            offset.

    Returns:
        (samples, metadata): samples complex64 (I + jQ: a two-channel WAV is
        I/Q, never averaged) or float32 (one channel / f32); metadata a dict
        with path, format, encoding, channels, complex, frames (in the
        file), sample_rate (Hz or None), centre_freq (Hz or None),
        start_time (ISO 8601 string or None), incomplete, time_invalid, and
        for SigMF "sigmf" (datatype, datetime, description, recorder, ...)
        and "annotations" (dicts: sample_start, sample_count,
        freq_lower_edge, freq_upper_edge, label, generator, snr_db,
        power_db).

    Raises:
        ValueError: bad argument, unknown extension, corrupt or unsupported
            file content (the core's message).
        OSError: the file cannot be opened or read.
    """
    with IQReader(path, format, swap_iq) as r:
        if offset:
            r.seek(offset)
        x = r.read(count)
        return x, r.metadata


def read_meta(path):
    """The metadata of a SigMF meta file alone, without its dataset (the
    burst_detector -> sigmf_annotation_sink files that describe a WAV, or
    a look at a recording before reading it).

    Returns:
        dict with path, format ("sigmf"), sample_rate, centre_freq (Hz or
        None), "sigmf" and "annotations" as ``read`` gives them.
    """
    return _core.read_sigmf_meta(str(path))


def write(path,
          samples,
          metadata=None,
          *,
          format=None,
          sample_rate=None,
          centre_freq=None,
          start_time=None,
          encoding=None,
          description="",
          annotations=None):
    """Write a recording through the core's writer (what the CLI writes).

    Args:
        path: .wav (IQ WAV with an auxi chunk; RF64 past 4 GiB), SigMF
            (.sigmf-meta/.sigmf-data: both files), or raw .cf32, .ci16,
            .ci8, .cu8, .f32 (see ``format``).
        samples: 1-D complex (I/Q) or real (WAV and f32 only) signal.
        metadata: a dict as ``read`` returns; its sample_rate,
            centre_freq, start_time and annotations are written where the
            format holds them. The keywords below override it.
        format: "wav", "sigmf", "cf32", "ci16", "ci8", "cu8", "f32"; None
            from the extension.
        sample_rate: Hz (a WAV needs a whole number >= 1).
        centre_freq: Hz; start_time: ISO 8601 ("2024-03-15T13:45:30.250Z").
        encoding: WAV "float32" (default) or "pcm16"; SigMF "cf32_le"
            (default), "ci16_le", "ci8" or "cu8".
        description: SigMF core:description.
        annotations: SigMF only: dicts with sample_start and optionally
            sample_count, freq_lower_edge, freq_upper_edge, label,
            generator, snr_db, power_db (as ``read`` returns them).

    Raises:
        ValueError for bad arguments (naming them), OSError when the file
        cannot be written.
    """
    m = dict(metadata or {})
    for k, v in (("sample_rate", sample_rate), ("centre_freq", centre_freq),
                 ("start_time", start_time), ("annotations", annotations)):
        if v is not None:
            m[k] = v
    xs = _signal(samples, "samples")
    rate = m.get("sample_rate")
    _core.write(str(path), format, xs, 0.0 if rate is None else float(rate),
                None if m.get("centre_freq") is None else float(m["centre_freq"]),
                m.get("start_time"), encoding, str(description),
                list(m.get("annotations") or []))


class Writer:
    """A recording written block by block through the core's writer (what
    the CLI and the iqwav_sink block write), for signals that do not fit in
    memory::

        with Writer("out.wav", sample_rate=2e6, centre_freq=433.9e6) as w:
            for block in blocks:
                w.write(block)

    The file is valid after every ``write`` (a WAV's sizes are patched as
    it grows), so a notebook stopped midway leaves a readable recording;
    ``close`` (or leaving the ``with``) finishes it. Arguments as
    ``write``; ``complex=False`` for a real signal (WAV and f32 only).
    ``annotate(list_of_dicts)`` adds SigMF annotations (as ``write``'s
    annotations). Properties: format, samples (written so far), closed.
    """

    def __init__(self, path, metadata=None, *, format=None, sample_rate=None,
                 centre_freq=None, start_time=None, encoding=None, description="",
                 complex=True):
        m = dict(metadata or {})
        for k, v in (("sample_rate", sample_rate), ("centre_freq", centre_freq),
                     ("start_time", start_time)):
            if v is not None:
                m[k] = v
        rate = m.get("sample_rate")
        self._w = _core.Writer(str(path), format, bool(complex),
                               0.0 if rate is None else float(rate),
                               None if m.get("centre_freq") is None else float(
                                   m["centre_freq"]), m.get("start_time"), encoding,
                               str(description))
        self.complex = bool(complex)

    def write(self, samples):
        xs = _signal(samples, "samples")
        if self.complex and not np.iscomplexobj(xs):
            xs = xs.astype(np.complex64)
        self._w.write(xs)

    def annotate(self, annotations):
        self._w.annotate(list(annotations))

    def close(self):
        self._w.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    format = property(lambda self: self._w.format)
    samples = property(lambda self: self._w.samples)
    closed = property(lambda self: self._w.closed)


def read_chunks(path, size=1 << 20, format=None, swap_iq=False):
    """Yield (samples, metadata) of a recording in chunks of size samples,
    so a long recording need not fit in memory."""
    with IQReader(path, format, swap_iq) as r:
        for b in r.chunks(size):
            yield b, r.metadata


# ------------------------------------------------------------------ phase
# Phase reconstruction (include/stftclean/phase.h) in this module's
# convention. The core works in its own framing (frame k of a signal y is
# fft(w * y[k*H : k*H + L]), F frames span (F - 1) * H + L samples); the
# frames of stft(x) are those of y = [L - H zeros] + x, so x = y[L - H:].

from .stftclean_python import _phase_api as _phase_core  # noqa: E402

_PHASE_METHODS = ("gla", "fgla", "pghi", "pghi+fgla", "rtpghi", "rtpghi-causal", "rtisila",
                  "lbfgs", "pghi+lbfgs", "hybrid", "raar", "dm", "admm", "agla")


def _phase_frames(magnitude, fft_size, real, name="magnitude"):
    """(frames x bins contiguous float32, fft_size, real) of a (bins, frames)
    magnitude spectrogram."""
    M = np.asarray(magnitude)
    if np.iscomplexobj(M):
        raise ValueError("%s: must hold magnitudes (numpy.abs of a spectrogram), got a "
                         "complex array" % name)
    if M.ndim != 2 or M.shape[0] < 2 or M.shape[1] < 1:
        raise ValueError("%s: must be two-dimensional (bins, frames) with >= 2 bins and "
                         ">= 1 frame, got shape %s" % (name, M.shape))
    if M.dtype.kind not in "biuf":
        raise ValueError("%s: must hold numbers, got dtype %s" % (name, M.dtype))
    bins = M.shape[0]
    if real is not None:
        real = bool(real)
    if fft_size is None:
        if real is None:
            real = bins % 2 == 1
        n = 2 * (bins - 1) if real else bins
    else:
        n = _int(fft_size, "fft_size")
        if n < 2:
            raise ValueError("fft_size: must be >= 2, got %d" % n)
        if real is None:
            if bins == n and bins == n // 2 + 1:
                raise ValueError("real: %d bins fit fft_size %d both one-sided and "
                                 "two-sided: give real=True or False" % (bins, n))
            real = bins != n and bins == n // 2 + 1
    want = n // 2 + 1 if real else n
    if bins != want:
        raise ValueError("%s: has %d bins (rows), but fft_size %d gives %d for a %s "
                         "signal" % (name, bins, n, want, "real" if real else "complex"))
    return np.ascontiguousarray(M.T, dtype=np.float32), n, real


def _momentum(momentum):
    """momentum for the core: -1 for None (the method's default)"""
    if momentum is None:
        return -1.0
    try:
        m = float(momentum)
    except (TypeError, ValueError):
        raise ValueError("momentum: must be None or a number in [0, 1.5], got %r" %
                         (momentum, )) from None
    if not 0.0 <= m <= 1.5:
        raise ValueError("momentum: must be in [0, 1.5], got %r" % (momentum, ))
    return m


def reconstruct(magnitude,
                fft_size=None,
                hop=256,
                window="hann",
                window_len=0,
                *,
                method="hybrid",
                iters=None,
                momentum=None,
                seed=1,
                tol_db=None,
                init=None,
                lookahead=3,
                length=None,
                real=None,
                centered=False,
                return_sc=False,
                progress=None,
                params=None,
                known=None,
                known_phase=None):
    """A signal whose ``stft`` has the given magnitudes (phase reconstruction).

    ``abs(stft(reconstruct(abs(stft(x)), ..., length=len(x))))`` is close to
    ``abs(stft(x))``; the phase, and so x itself, is found again only up to
    what the magnitudes determine (a constant phase for complex x, a sign for
    real x, near-silent regions).

    Args:
        magnitude: (bins, frames) array of magnitudes in the framing of
            ``stft`` (``numpy.abs(stft(x, ...))``, edited or not; negative
            or NaN values count as 0).
        fft_size: FFT size N; None: 2 * (bins - 1) for a real signal, bins
            for a complex one.
        hop, window, window_len, centered: as given to ``stft``.
        method: "hybrid" (default: phase-gradient heap integration, then
            RAAR (or params["hybrid_method"]) for half of the updates and
            fast Griffin-Lim for the other half (params["hybrid_polish"],
            params["hybrid_fgla"] fast Griffin-Lim updates before RAAR);
            ``iters`` in all, 20 by default), "pghi+fgla" (PGHI, then
            ``iters`` fast Griffin-Lim updates, 20 by default), "pghi",
            "fgla" or "gla" (``iters`` updates, 100 by default, from a random
            or zero phase, ``init``), "rtpghi" (real-time PGHI, one frame of
            look-ahead), "rtpghi-causal", or "rtisila" (real-time iterative,
            ``lookahead`` frames, ``iters`` updates per frame, 8 by default),
            the methods of the phase_recon blocks; and the optimisation
            methods "lbfgs" (L-BFGS on the magnitude loss, ``iters`` loss
            and gradient evaluations, 100 by default, from ``init``),
            "pghi+lbfgs" (from PGHI, 20 by default); and the projection
            methods "raar" (relaxed averaged alternating reflections), "dm"
            (difference map), "admm" and "agla" (accelerated Griffin-Lim),
            ``iters`` updates from PGHI (or ``init``), 100 by default (see
            include/stftclean/phase.h for their update rules).
        iters: number of (fast) Griffin-Lim updates; None: the method's
            default.
        momentum: fast Griffin-Lim momentum in [0, 1.5] (0 is Griffin-Lim);
            None: the method's default, 0.99, and 0.75 for "rtisila", whose
            updates are then online fast Griffin-Lim (2 to 5 dB lower
            spectral convergence than its Griffin-Lim updates, momentum 0,
            on real speech and IQ captures at lookahead 3).
        seed: seed of the random initial phase (and of PGHI's isolated
            coefficients).
        tol_db: stop the updates once the spectral convergence is at or
            below it (dB, <= 0); None runs them all.
        init: None (the method's own: random for "gla", "fgla" and
            "lbfgs", PGHI for the projection methods), "random" or "zero";
            "pghi" for the projection methods.
        lookahead: frames of look-ahead of "rtisila" (0..16).
        length: number of samples to return (``len(x)`` for the signal
            ``stft`` was given); None returns every sample the frames cover,
            frames * hop (``istft`` stops L - H samples earlier). Samples past
            what the frames give are 0.
        real: True for a real signal (N // 2 + 1 bins), False for complex
            (N bins); None tells from the number of rows (needed only for
            fft_size 2, where both counts agree).
        return_sc: also return the spectral convergence.
        progress: callable(iteration, sc_db) called after every update of
            the offline methods (iteration 0: the initial phase) with the
            spectral convergence so far; a truthy return stops the updates,
            an exception raised in it stops the call and propagates.
            Ctrl-C stops a call that has a callback.
        params: dict of method parameters: raar_beta (0..1], dm_beta
            [0.1..2], admm_rho [0..1e6], agla_alpha [0..1.5], agla_beta
            [0..2], agla_gamma (0..2], hybrid_fgla (count),
            hybrid_method ("raar", "lbfgs", "dm", "admm", "agla") and
            hybrid_polish [0..1] (the share of the final fast Griffin-Lim).
        known, known_phase: (bins, frames) arrays like magnitude: the cells
            where ``known`` is true keep the phase ``known_phase`` (radians,
            e.g. ``numpy.angle(stft(x, ...))``) and their magnitude in every
            update of the offline methods, so an edit of a few cells does
            not re-invent the phase of the rest. What is kept exactly is the
            final spectrogram estimate that is synthesised; the STFT of the
            returned signal is its consistent projection.

    Returns:
        complex64 (complex) or float32 (real) array, sample t aligned with
        sample t of the signal the magnitudes came from; with return_sc a
        tuple (signal, sc_db), sc_db the spectral convergence of the returned
        signal (see ``spectral_convergence``).
    """
    if method not in _PHASE_METHODS:
        raise ValueError("method: must be one of %s, got %r" %
                         (", ".join(_PHASE_METHODS), method))
    if init not in (None, "random", "zero", "pghi"):
        raise ValueError("init: must be None, 'random', 'zero' or 'pghi', got %r" % (init, ))
    if progress is not None and not callable(progress):
        raise ValueError("progress: must be None or a callable(iteration, sc_db), got %r" %
                         (progress, ))
    if params is not None and not isinstance(params, dict):
        raise ValueError("params: must be None or a dict, got %r" % (params, ))
    F, n, real = _phase_frames(magnitude, fft_size, real)
    kn = kp = None
    if known is not None or known_phase is not None:
        if known is None or known_phase is None:
            raise ValueError("known, known_phase: give both or neither")
        K = np.asarray(known)
        P = np.asarray(known_phase)
        want = (F.shape[1], F.shape[0])
        if K.shape != want or P.shape != want:
            raise ValueError("known, known_phase: must have the magnitudes' shape %s, got "
                             "%s and %s" % (want, K.shape, P.shape))
        if np.iscomplexobj(P):
            raise ValueError("known_phase: must hold phases in radians (numpy.angle), got "
                             "a complex array")
        kn = np.ascontiguousarray((K != 0).T, dtype=np.uint8)
        kp = np.ascontiguousarray(P.T, dtype=np.float32)
    H = _int(hop, "hop")
    wl = _int(window_len, "window_len")
    if length is not None:
        length = _int(length, "length")
        if length < 0:
            raise ValueError("length: must be >= 0, got %d" % length)
    lat = max(0, (wl or n) - H)  # hop > window: the core names it
    y, sc, _, _ = _phase_core.reconstruct(
        F, n, H, str(window), wl, bool(centered), real, method,
        None if iters is None else _int(iters, "iters"), _momentum(momentum),
        _int(seed, "seed"), None if tol_db is None else float(tol_db), init or "",
        _int(lookahead, "lookahead"), progress, lat, length, params, kn, kp)
    return (y, float(sc)) if return_sc else y


def spectral_convergence(magnitude,
                         y,
                         fft_size=None,
                         hop=256,
                         window="hann",
                         window_len=0,
                         *,
                         real=None,
                         centered=False):
    """Spectral convergence of y against a magnitude spectrogram, in dB:
    ``20 log10(|| abs(stft(y))[:, :F] - magnitude || / || magnitude ||)``
    (Frobenius norms) over the F frames of magnitude, y taken as 0 past its
    end (samples from F * hop on lie in no frame and do not count). Lower
    is better; -inf when exact.

    Args:
        magnitude: (bins, frames) magnitudes in the framing of ``stft``.
        y: 1-D signal, complex for N bins, real for N // 2 + 1.
        fft_size, hop, window, window_len, real, centered: as
            ``reconstruct``.

    Returns:
        float, dB.
    """
    F, n, real = _phase_frames(magnitude, fft_size, real)
    H = _int(hop, "hop")
    wl = _int(window_len, "window_len")
    ys = _signal(y, "y")
    if real and np.iscomplexobj(ys):
        raise ValueError("y: complex, but the magnitudes are one-sided (a real signal)")
    lat = max(0, (wl or n) - H)  # hop > window: the core names it
    covered = F.shape[0] * H
    yp = np.zeros(lat + covered, dtype=np.float32 if real else np.complex64)
    k = min(len(ys), covered)
    yp[lat:lat + k] = ys[:k]
    return float(
        _phase_core.spectral_convergence(F, yp, n, H, str(window), wl, bool(centered),
                                         real))


for _f in (clean, mask, Cleaner, clean_file, features, bursts):
    _f.__doc__ = (_f.__doc__ or "") + _mask_params_doc()
del _f

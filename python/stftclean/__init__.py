#
# Copyright 2026 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#

'''
gr-stftclean: use the spectrogram as a filter.

The module takes the short-time Fourier transform (STFT) of an IQ or real
signal, estimates a time-frequency mask of where the signal stands above
the noise, applies the mask to the complex STFT and inverts it: a cleaner
signal of the same length, time-aligned with the input. Around that it
offers features per burst, phase reconstruction from magnitudes, and
readers and writers for IQ WAV (auxi, RF64), SigMF and raw IQ files.

Blocks (help(stftclean.<name>) documents each; GRC category "STFT Clean"):

    cleaner_cc, cleaner_ff    STFT -> mask -> ISTFT in one block (GRC: the
                              one "STFT Cleaner", id stftclean_cleaner_xx)
    stft_cc, stft_fc          a stream to one spectral vector per hop
    mask_cc                   a mask between stft_cc and istft_cc
    istft_cc, istft_cf        spectral vectors back to a stream
    phase_recon_fc, _ff       a signal from (edited) STFT magnitudes
    iqwav_source, iqwav_sink  IQ WAV / SigMF / raw recordings in and out
    sigmf_annotation_sink     burst messages -> SigMF annotations
    spectral_features         one feature vector per frame
    burst_detector            bursts as tags and SigMF-style messages
    scattering_features_cf, _ff
                              wavelet scattering coefficients, one vector
                              per stride (GRC: "Scattering Features")

    aligned_cleaner_cc, _ff   a cleaner padded and trimmed for a stream
                              of known length (a recording): output as
                              long as the input, sample t = input t cleaned
    from gnuradio.stftclean.spectral_chain import spectral_chain_cc
    from gnuradio.stftclean.sources import any_source

Masks: auto (the default, for RF: CFAR support x Wiener-type gains),
gate, wiener, cfar, threshold, band, none. The mask blocks take the mask
kind and the sample rate as arguments and every other mask parameter as
one key=value text:

    stftclean.cleaner_cc(1024, 256, mask="auto", sample_rate=2e6,
                         args="pfa=1e-6, noise_window=0.5, lines=on")

The keys are the core's table of mask parameters (mask_fields();
mask_args(**keywords) writes the text). At run time: set_args(text),
set_param(name, value), param(name), mask_config(), the typed setters
(set_pfa, ...) and the "params" message port. sample_rate=0 takes the
rate from the stream's rx_rate tag. latency() is the delay in samples;
stream tags move by exactly that much. The former keywords
(cleaner_cc(..., pfa=1e-6)) and positional order still work for this
release, with a DeprecationWarning giving the new spelling.

On numpy arrays, without a flowgraph (gnuradio.stftclean.numpy_api:
stft, istft, STFT, ISTFT, mask, clean, Cleaner, clean_file, features,
bursts, reconstruct, read, read_meta, write, IQReader, Writer):

    from gnuradio.stftclean import numpy_api as sc
    x, meta = sc.read("capture.wav")          # I + jQ and its metadata
    y = sc.clean(x, meta["sample_rate"])      # same length, time-aligned

Also: gnuradio.stftclean.testing (synthetic scenarios with ground truth,
metrics) and the stftclean command-line tool. Bad parameters raise
ValueError whose message starts with the parameter's name. The
documentation is in the source tree's README.md and docs/ (user guide,
reference, install, developer guide).
'''
import os

# import pybind11 generated symbols into the stftclean namespace
try:
    # this might fail if the module is python-only
    from .stftclean_python import *
except ModuleNotFoundError:
    pass

# import any pure python here


def mask_args(args="", **fields):
    """The key=value text of the mask parameters given as keywords, e.g.
    mask_args(pfa=1e-6, lines=True, bands=[-3e4, 3e4]) ->
    'pfa=1e-06 lines=1 bands=-30000.0:30000.0', followed by args (text
    given as is, which thus wins over a keyword for the same key): the
    args of cleaner_cc, cleaner_ff and mask_cc and of their set_args().

    The keywords are the names (or aliases) of the core's table of mask
    parameters (mask_fields()). Numbers are written exactly (repr); a
    tristate (lines, impulse, presence, dc) takes -1/0/1, a bool or
    auto/on/off; a flag (bypass, band_reject) anything true or false; bands
    a flat list lo0, hi0, lo1, hi1, ... in Hz or "lo:hi,lo:hi" text. Any
    value may be text, which the block parses. Raises ValueError naming an
    unknown keyword or a value that cannot be written."""
    return _fields_text(fields, args)


def _field_table():
    global _FIELDS
    if _FIELDS is None:
        _FIELDS = {}
        for f in mask_fields():
            _FIELDS[f["name"]] = f
            if f["alias"]:
                _FIELDS[f["alias"]] = f
    return _FIELDS


_FIELDS = None


def _field_value(f, v, float32_bands=False):
    """One keyword's value as the text the core parses (mask_fields.h)."""
    name, kind = f["name"], f["kind"]
    if isinstance(v, str):
        return v.strip()
    try:
        if kind == "bands":
            vals = [float(x) for x in v]
            if float32_bands:  # the former make() took them as C++ floats
                import numpy
                vals = [float(numpy.float32(x)) for x in vals]
            if len(vals) % 2:
                raise ValueError("bands: need lo, hi pairs in Hz (an even number of "
                                 "values), got %d values" % len(vals))
            return ",".join("%r:%r" % (lo, hi) for lo, hi in zip(vals[0::2], vals[1::2]))
        if kind == "flag":
            return "on" if v else "off"
        x = float(v)
        if kind == "tristate" and x.is_integer():
            return str(int(x))
        return repr(x)
    except (TypeError, ValueError) as e:
        if str(e).startswith(name + ":"):
            raise
        raise ValueError("%s: cannot be given as %r" % (name, v)) from None


def _fields_text(fields, args="", float32_bands=False):
    table = _field_table()
    parts = []
    for key, v in fields.items():
        f = table.get(key) or table.get(key.replace("-", "_"))
        if f is None:
            raise ValueError("%s: not a mask parameter (the keys: %s)" %
                             (key, ", ".join(f["name"] for f in mask_fields())))
        parts.append("%s=%s" % (f["name"], _field_value(f, v, float32_bands)))
    if args:
        parts.append(args.strip())
    return " ".join(parts)


# The former make() of the mask blocks: every mask field as an argument, in
# this order (cleaner_ff had no centered). Kept for one release.
_LEGACY_ORDER = ("fft_size", "hop", "window", "mask", "threshold_db", "floor_db",
                 "bands", "band_reject", "sample_rate", "window_len", "centered",
                 "noise_window", "region_time", "region_freq", "lookahead", "pfa",
                 "hysteresis_db", "hang_time", "gate_slope_db", "xi_min_db",
                 "dd_alpha", "lines", "line_db", "impulse", "impulse_db",
                 "smooth_time", "smooth_freq", "bypass", "presence")


def _keep_former_keywords(cls, legacy_order):
    """Wraps cls.__init__ (the pybind11 constructor, whose signature and
    docstring stay those of the new make()) so that the former spellings
    still construct the same block, with a DeprecationWarning: the mask
    fields as keywords (converted to args, exactly) and the former
    positional order (recognised by a non-text fifth argument, where args
    now stands). The class itself is unchanged: isinstance, help() and the
    docstrings GRC shows are those of the binding."""
    import re
    import warnings
    init = cls.__init__
    sig = (init.__doc__ or "").split("\n", 1)[0]
    params = set(re.findall(r"(\w+): ", sig)) - {"self"}

    def __init__(self, *args, **kwargs):
        former = len(args) > 4 and not isinstance(args[4], str)
        if former:
            if len(args) > len(legacy_order):
                raise TypeError("%s(): %d positional arguments, at most %d" %
                                (cls.__name__, len(args), len(legacy_order)))
            given = dict(zip(legacy_order, args))
            twice = sorted(set(given) & set(kwargs))
            if twice:
                raise TypeError("%s(): got multiple values for %s" %
                                (cls.__name__, ", ".join(twice)))
            kwargs = dict(given, **kwargs)
            args = ()
        fields = {k: kwargs.pop(k) for k in list(kwargs)
                  if k not in params and k.replace("-", "_") in _field_table()}
        if fields or former:
            kwargs["args"] = _fields_text(fields, kwargs.get("args", ""),
                                          float32_bands=True)
            new = ", ".join([repr(a) for a in args] +
                            ["%s=%r" % kv for kv in kwargs.items()])
            warnings.warn("%s: the mask fields as keywords or in the former argument "
                          "order are deprecated; the same block is %s(%s)" %
                          (cls.__name__, cls.__name__, new), DeprecationWarning,
                          stacklevel=2)
        init(self, *args, **kwargs)

    __init__.__doc__ = init.__doc__
    __init__.__qualname__ = cls.__name__ + ".__init__"
    cls.__init__ = __init__


try:
    _keep_former_keywords(cleaner_cc, _LEGACY_ORDER)
    _keep_former_keywords(cleaner_ff, tuple(k for k in _LEGACY_ORDER if k != "centered"))
    _keep_former_keywords(mask_cc, _LEGACY_ORDER)
except NameError:  # python-only module (no bindings)
    pass

try:  # the hier blocks built on the bindings
    from .aligned import aligned_cleaner_cc, aligned_cleaner_ff
except ImportError:  # python-only module (no bindings)
    pass

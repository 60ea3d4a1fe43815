# SPDX-License-Identifier: GPL-3.0-or-later
"""any_source: one complex source block for files, synthetic scenarios and
radios, chosen by a string, so that an example flowgraph switches from a
recording to a live radio by changing one variable.

    source spec                       what it opens
    --------------------------------  ------------------------------------------
    synthetic:a  (a, b, c, d)         the project's RF scenario generator (bursts
    synthetic:b@-5                    in noise, see stftclean.testing.scenarios), at the
                                      given SNR in dB (default 0), looped
    /path/rec.cf32 (.fc32, .raw)      raw interleaved complex float32 (looped if
                                      repeat)
    /path/rec.wav, .sigmf-meta, ...   the module's IQ file source, when built
                                      (stftclean.iqwav_source)
    soapy:driver=rtlsdr[,serial=..]   a SoapySDR device (gr-soapy), tuned to
                                      center_freq at samp_rate with gain
    uhd:addr=192.168.10.2             a USRP (gr-uhd)

File and synthetic sources are throttled to samp_rate when throttle is True
(for live displays); radios never are.
"""
import os
import tempfile

import numpy as np
from gnuradio import blocks, gr

RAW_COMPLEX = (".cf32", ".fc32", ".raw", ".iq")


def _synthetic_file(spec, samp_rate, seconds, seed):
    """Write a generated scenario to a temporary .cf32 and return its path."""
    from .testing import scenarios
    body = spec.split(":", 1)[1] or "a"
    kind, _, snr = body.partition("@")
    try:
        snr_db = float(snr) if snr else 0.0
    except ValueError:
        raise ValueError("source: SNR after '@' must be a number in dB, got %r" % snr)
    if kind not in scenarios.RF_SCENARIOS:
        raise ValueError("source: synthetic scenario must be one of %s, got %r"
                         % (", ".join(scenarios.RF_SCENARIOS), kind))
    s = scenarios.rf_scenario(kind, snr_db, seconds, samp_rate, seed)
    fd, path = tempfile.mkstemp(prefix="stftclean_synth_", suffix=".cf32")
    with os.fdopen(fd, "wb") as f:
        s.noisy.astype(np.complex64).tofile(f)
    return path


class any_source(gr.hier_block2):
    """Complex samples from a file, a synthetic scenario or a radio."""

    def __init__(self, source="synthetic:a", samp_rate=2e6, center_freq=100e6,
                 gain=20.0, repeat=True, throttle=True, synthetic_seconds=4.0,
                 seed=1):
        gr.hier_block2.__init__(self, "any_source",
                                gr.io_signature(0, 0, 0),
                                gr.io_signature(1, 1, gr.sizeof_gr_complex))
        source = str(source).strip()
        if not source:
            raise ValueError("source: empty; give a file path, synthetic:<a-d>, "
                             "soapy:<args> or uhd:<args>")
        if samp_rate <= 0:
            raise ValueError("samp_rate must be > 0 Hz, got %r" % (samp_rate,))
        self._tmp = None
        self.kind = None
        radio = False
        if source.startswith("synthetic:"):
            self._tmp = _synthetic_file(source, samp_rate, float(synthetic_seconds), seed)
            src = blocks.file_source(gr.sizeof_gr_complex, self._tmp, bool(repeat))
            self.kind = "synthetic"
        elif source.startswith("soapy:"):
            from gnuradio import soapy
            args = source.split(":", 1)[1]
            driver = "driver=rtlsdr"
            for part in args.split(","):
                if part.startswith("driver="):
                    driver = part
            src = soapy.source(driver, "fc32", 1, args, "", [""], [""])
            src.set_sample_rate(0, float(samp_rate))
            src.set_frequency(0, float(center_freq))
            src.set_gain_mode(0, False)
            src.set_gain(0, float(gain))
            radio, self.kind = True, "soapy"
        elif source.startswith("uhd:"):
            from gnuradio import uhd
            src = uhd.usrp_source(source.split(":", 1)[1],
                                  uhd.stream_args(cpu_format="fc32", channels=[0]))
            src.set_samp_rate(float(samp_rate))
            src.set_center_freq(float(center_freq), 0)
            src.set_gain(float(gain), 0)
            radio, self.kind = True, "uhd"
        else:
            if not os.path.exists(source):
                raise ValueError("source: no such file %r (or use synthetic:<a-d>, "
                                 "soapy:<args>, uhd:<args>)" % source)
            ext = os.path.splitext(source)[1].lower()
            if ext in RAW_COMPLEX:
                src = blocks.file_source(gr.sizeof_gr_complex, source, bool(repeat))
                self.kind = "raw"
            else:
                from . import stftclean_python as _b
                if not hasattr(_b, "iqwav_source"):
                    raise ValueError("source: %r needs stftclean.iqwav_source, which "
                                     "this build lacks" % source)
                src = _b.iqwav_source(source, bool(repeat))
                self.kind = "file"
        self.src = src
        if throttle and not radio:
            self.throttle = blocks.throttle(gr.sizeof_gr_complex, float(samp_rate), True)
            self.connect(src, self.throttle, self)
        else:
            self.connect(src, self)

    def __del__(self):
        if self._tmp and os.path.exists(self._tmp):
            try:
                os.unlink(self._tmp)
            except OSError:
                pass

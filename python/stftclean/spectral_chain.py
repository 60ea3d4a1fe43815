# SPDX-License-Identifier: GPL-3.0-or-later
"""spectral_chain_cc: STFT -> mask -> ISTFT as one hier block, with room for
the user's own vector blocks between the stages.

The fused cleaner_cc is faster; this block is for users who want to see or
change the spectral frames: blocks given in `before_mask` run on the STFT
frames (complex vectors of fft_size) before the mask estimator sees them,
blocks in `after_mask` run on the masked frames before synthesis. Each block
must take and give complex vectors of fft_size, one frame per item (a
multiply_const_vcc, a custom Python block, an embedded hier block, ...).

The mask parameters besides mask and sample_rate are given as keywords
(threshold_db=..., pfa=..., any name of stftclean.mask_fields()) and/or as
the args text of mask_cc ("pfa=1e-6, lines=on"); args wins for a key given
both ways.

Outputs: 0 the cleaned stream; 1 (when mask_output=True) the gains used, one
float vector of fft_size per frame, for display (a raster or vector sink).

Latency: latency() samples, the same as cleaner_cc with the same settings
(the STFT/ISTFT pair's window_len - hop plus the mask's look-ahead), so
stream tags come out on the right samples.
"""
from gnuradio import gr

from . import stftclean_python as _b


class spectral_chain_cc(gr.hier_block2):
    """STFT -> [before_mask...] -> mask -> [after_mask...] -> ISTFT."""

    def __init__(self, fft_size=1024, hop=256, window="hann", sample_rate=0.0,
                 mask="auto", window_len=0, before_mask=(), after_mask=(),
                 mask_output=False, args="", **mask_params):
        fft_size, hop = int(fft_size), int(hop)
        # The STFT checks the shape parameters first and raises ValueError
        # naming the bad one; the mask then checks its own.
        self.stft = _b.stft_cc(fft_size=fft_size, hop=hop, window=window,
                               window_len=window_len)
        from . import mask_args
        self.mask = _b.mask_cc(fft_size, hop, window=window, mask=mask,
                               args=mask_args(args, **mask_params),
                               sample_rate=float(sample_rate), window_len=window_len)
        self.istft = _b.istft_cc(fft_size=fft_size, hop=hop, window=window,
                                 window_len=window_len)
        outs = [gr.sizeof_gr_complex]
        if mask_output:
            outs.append(gr.sizeof_float * fft_size)
        gr.hier_block2.__init__(
            self, "spectral_chain_cc",
            gr.io_signature(1, 1, gr.sizeof_gr_complex),
            gr.io_signature.makev(len(outs), len(outs), outs))
        self._fft_size = fft_size
        self.before_mask = list(before_mask)
        self.after_mask = list(after_mask)
        chain = [self.stft] + self.before_mask + [self.mask] + self.after_mask \
            + [self.istft]
        self.connect(self, chain[0])
        for a, b in zip(chain, chain[1:]):
            self.connect(a, b)
        self.connect(chain[-1], self)
        if mask_output:
            self.connect((self.mask, 1), (self, 1))
        # Parameter changes as PMT dicts (same keys as cleaner_cc's "params").
        self.message_port_register_hier_in("params")
        self.msg_connect(self, "params", self.mask, "params")

    def latency(self):
        """Samples between an input sample and its cleaned output sample."""
        return int(self.mask.latency())

    def fft_size(self):
        return self._fft_size

    def last_mask(self):
        """Gains of the last frame (fft_size floats, bin order of the STFT)."""
        return list(self.mask.last_mask())

    # runtime setters, forwarded to the mask (GRC callbacks)
    def set_args(self, args):
        self.mask.set_args(str(args))

    def set_param(self, name, value):
        self.mask.set_param(name, float(value))

    def mask_config(self):
        return self.mask.mask_config()

    def set_threshold_db(self, v):
        self.mask.set_threshold_db(float(v))

    def set_floor_db(self, v):
        self.mask.set_floor_db(float(v))

    def set_smooth_time(self, v):
        self.mask.set_smooth_time(float(v))

    def set_smooth_freq(self, v):
        self.mask.set_smooth_freq(float(v))

    def set_bypass(self, v):
        self.mask.set_bypass(bool(v))

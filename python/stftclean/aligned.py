# SPDX-License-Identifier: GPL-3.0-or-later
"""aligned_cleaner_cc / aligned_cleaner_ff: a cleaner whose output has the
input's length and timing, for a stream of known length (a recording).

cleaner_cc gives output sample t for input sample t - latency(): its first
latency() outputs come before any input sample, and the last latency()
input samples come out only once more input pushes them through. Cleaning
a recording to a recording of the same length therefore takes three steps
around the cleaner: zeros after the input (latency() of them, rounded up to
whole hops), the first latency() outputs dropped, the output cut at the
input's length. This hier block does those steps, so that sample t of its
output is input sample t cleaned and it ends when the recording ends:

    src = stftclean.iqwav_source("rec.wav")
    cl = stftclean.aligned_cleaner_cc(src.nsamples(), 1024, 256, mask="auto",
                                      sample_rate=src.sample_rate())
    tb.connect(src, cl, stftclean.iqwav_sink("clean.wav", src.sample_rate()))

The command line and the numpy layer align through the core's aligned
stream (stftclean/aligned.h) instead; numpy_api.clean(x, rate,
one_pass=True) gives this block's output to float rounding. (Their default
file mode also primes the noise estimate with a first pass over the whole
recording, which a stream cannot do.) The latency must be known when the block is built: give
sample_rate (> 0) for the masks that use it (all but none and threshold).
The cleaner inside is the attribute `cleaner` (set_param, set_args, param,
mask_config and the typed setters are forwarded too). For a live stream
with no end use cleaner_cc itself: it cannot be aligned without waiting
for the end.
"""
from gnuradio import blocks, gr

from . import stftclean_python as _b


class _aligned_cleaner(gr.hier_block2):
    _name = None
    _item = None
    _make = None

    def __init__(self, nsamples, fft_size=1024, hop=256, window="hann", mask="auto",
                 args="", sample_rate=0.0, window_len=0, **more):
        if isinstance(nsamples, bool) or int(nsamples) != nsamples or nsamples < 1:
            raise ValueError("nsamples: must be a whole number >= 1 (the input's "
                             "length in samples), got %r" % (nsamples,))
        nsamples = int(nsamples)
        self.cleaner = type(self)._make(int(fft_size), int(hop), window=window, mask=mask,
                                        args=args, sample_rate=float(sample_rate),
                                        window_len=int(window_len), **more)
        try:
            lat = int(self.cleaner.latency())
        except RuntimeError as e:
            raise ValueError("sample_rate: must be > 0 for an aligned cleaner with "
                             "mask %r (its latency depends on the rate): %s"
                             % (mask, e)) from None
        hop = int(hop)
        pad = lat + (-(nsamples + lat)) % hop
        item = type(self)._item
        gr.hier_block2.__init__(self, type(self)._name, gr.io_signature(1, 1, item),
                                gr.io_signature(1, 1, item))
        self._nsamples, self._latency, self._pad = nsamples, lat, pad
        # input, then pad zeros; the mux alternates, so the head ends it
        self._zeros = blocks.null_source(item)
        self._mux = blocks.stream_mux(item, [nsamples, pad])
        self._head = blocks.head(item, nsamples + pad)
        self._skip = blocks.skiphead(item, lat)
        self._trim = blocks.head(item, nsamples)
        self.connect(self, (self._mux, 0))
        self.connect(self._zeros, (self._mux, 1))
        self.connect(self._mux, self._head, self.cleaner, self._skip, self._trim, self)

    def nsamples(self):
        """The input's (and the output's) length in samples."""
        return self._nsamples

    def latency(self):
        """0: output sample t is input sample t cleaned (the inner cleaner's
        latency is self.cleaner.latency())."""
        return 0

    def pad(self):
        """Zeros appended to the input (the cleaner's latency, rounded up so
        that the padded input is whole hops)."""
        return self._pad

    def __getattr__(self, name):
        # the cleaner's run-time controls (set_param, set_args, param,
        # mask_config, set_pfa, ...), as on cleaner_cc
        cleaner = self.__dict__.get("cleaner")
        if cleaner is not None and name.startswith(("set_", "param", "mask_config")):
            return getattr(cleaner, name)
        return super().__getattr__(name)


class aligned_cleaner_cc(_aligned_cleaner):
    """cleaner_cc with its output aligned to its input, for a complex stream
    of nsamples samples; the other arguments are cleaner_cc's."""
    _name = "aligned_cleaner_cc"
    _item = gr.sizeof_gr_complex
    _make = _b.cleaner_cc


class aligned_cleaner_ff(_aligned_cleaner):
    """cleaner_ff with its output aligned to its input, for a real stream of
    nsamples samples; the other arguments are cleaner_ff's."""
    _name = "aligned_cleaner_ff"
    _item = gr.sizeof_float
    _make = _b.cleaner_ff

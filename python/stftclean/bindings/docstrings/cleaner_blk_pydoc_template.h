/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/cleaner_blk.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_cleaner_blk = R"doc(Fused STFT -> mask -> ISTFT cleaner of a complex (cleaner_cc) or real
(cleaner_ff) stream.

One pass per frame: window, FFT, time-frequency mask, inverse FFT, dual
window, overlap-add. Output sample t is the cleaned input sample
t - latency(), latency() = L - H + H * D (L = window length, H = hop,
D = the mask's look-ahead in frames, 0 for none/threshold/band and
causal estimators); stream tags move by exactly latency(). With mask
"none" the output is the input delayed by latency().

Complex input: bands and frequencies are relative to the centre
(-sample_rate/2..sample_rate/2), the default decision region is 16
ms x 10 kHz and click blanking and DC removal are on by default. Real
input: bands lie in 0..sample_rate/2, the default region is 3 hops x 3
bins, click blanking and DC removal are off by default.

The mask parameters other than the mask kind and the rate are given as
key=value text (args) and changed at run time through the mask_control
interface (set_args(), set_param(), the typed setters) or the "params"
message port; see mask_control.

Constructor Specific Documentation:

Args:
    fft_size: FFT size N >= 2 (any size, not only powers of two)
    hop: hop H in samples, 1 <= H <= window length; the window and hop
        must satisfy NOLA (hann, sqrt-hann and blackman need H < L)
    window: analysis window (see stft_cc): "hann", "hamming",
        "blackman", "blackman-harris", "kaiser[:beta]",
        "gaussian[:sigma]", "sqrt-hann" or "rect"
    mask: "none", "threshold", "band", or the estimators "gate",
        "wiener", "cfar", "auto" (adaptive noise floor; "auto", the
        default, is the recommended one for RF)
    args: every other mask parameter as key=value pairs separated by
        commas, semicolons or spaces, e.g. "pfa=1e-6, noise_window=0.5,
        lines=on, bands=-3e4:3e4,5e4:6e4"; the keys (the core's table of
        mask parameters) are listed in the block's documentation
        (help(), GRC) and by stftclean.mask_fields(). An unknown key or
        a bad value throws std::invalid_argument (ValueError) naming it;
        args may also hold mask and sample_rate (mask_config() text),
        which then override those arguments.
    sample_rate: sample rate in Hz, maps bins and times; 0 (the
        default): the rate of the stream's rx_rate tag (iqwav_source,
        UHD and Soapy sources send it), read at the first frame; a mask
        that uses a rate fails then if none came. Until the rate is
        known latency() throws.
    window_len: window length L; 0 means fft_size, else 2..fft_size
        (L < N zero-pads each frame)
    centered: DC-centred bin order for the mask stage
        (numpy.fft.fftshift); complex input only
    threads: 1, or 2: a worker thread takes the inverse transform and
        overlap-add of each frame (same output, bit for bit; for one big
        cleaner with a spare core))doc";


static const char* __doc_gr_stftclean_cleaner_blk_cleaner_blk_0 = R"doc(Fused STFT -> mask -> ISTFT cleaner of a complex (cleaner_cc) or real
(cleaner_ff) stream.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.cleaner_cc(...) or gnuradio.stftclean.cleaner_ff(...)).)doc";


static const char* __doc_gr_stftclean_cleaner_blk_cleaner_blk_1 = R"doc(Fused STFT -> mask -> ISTFT cleaner of a complex (cleaner_cc) or real
(cleaner_ff) stream.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.cleaner_cc(...) or gnuradio.stftclean.cleaner_ff(...)).)doc";


static const char* __doc_gr_stftclean_cleaner_blk_make = R"doc(Fused STFT -> mask -> ISTFT cleaner of a complex (cleaner_cc) or real
(cleaner_ff) stream.

Args:
    fft_size: FFT size N >= 2 (any size, not only powers of two)
    hop: hop H in samples, 1 <= H <= window length; the window and hop
        must satisfy NOLA (hann, sqrt-hann and blackman need H < L)
    window: analysis window (see stft_cc): "hann", "hamming",
        "blackman", "blackman-harris", "kaiser[:beta]",
        "gaussian[:sigma]", "sqrt-hann" or "rect"
    mask: "none", "threshold", "band", or the estimators "gate",
        "wiener", "cfar", "auto" (adaptive noise floor; "auto", the
        default, is the recommended one for RF)
    args: every other mask parameter as key=value pairs separated by
        commas, semicolons or spaces, e.g. "pfa=1e-6, noise_window=0.5,
        lines=on, bands=-3e4:3e4,5e4:6e4"; the keys (the core's table of
        mask parameters) are listed in the block's documentation
        (help(), GRC) and by stftclean.mask_fields(). An unknown key or
        a bad value throws std::invalid_argument (ValueError) naming it;
        args may also hold mask and sample_rate (mask_config() text),
        which then override those arguments.
    sample_rate: sample rate in Hz, maps bins and times; 0 (the
        default): the rate of the stream's rx_rate tag (iqwav_source,
        UHD and Soapy sources send it), read at the first frame; a mask
        that uses a rate fails then if none came. Until the rate is
        known latency() throws.
    window_len: window length L; 0 means fft_size, else 2..fft_size
        (L < N zero-pads each frame)
    centered: DC-centred bin order for the mask stage
        (numpy.fft.fftshift); complex input only
    threads: 1, or 2: a worker thread takes the inverse transform and
        overlap-add of each frame (same output, bit for bit; for one big
        cleaner with a spare core))doc";


static const char* __doc_gr_stftclean_cleaner_blk_fft_size = R"doc(FFT size N.)doc";


static const char* __doc_gr_stftclean_cleaner_blk_hop = R"doc(Hop H in samples.)doc";


static const char* __doc_gr_stftclean_cleaner_blk_window_len = R"doc(Window length L in samples (fft_size when made with window_len 0).)doc";


static const char* __doc_gr_stftclean_cleaner_blk_latency = R"doc(Output sample t is the cleaned input sample t - latency():
L - H + H * (mask look-ahead in frames).)doc";


static const char* __doc_gr_stftclean_cleaner_blk_last_mask = R"doc(Gains (bins floats, configured bin order) used for the last frame of the
last work() call, for display.)doc";

// clang-format on

/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/cleaner_cc.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_cleaner_cc = R"doc(Fused STFT -> mask -> ISTFT cleaner of a complex stream.

One pass per frame: window, FFT, time-frequency mask, inverse FFT, dual
window, overlap-add. Output sample t is the cleaned input sample
t - latency(), latency() = L - H + H * D (L = window length, H = hop,
D = the mask's look-ahead in frames, 0 for none/threshold/band and
causal estimators); stream tags move by exactly latency(). With mask
"none" the output is the input delayed by latency(). Runtime setters,
and the message port "params" (a PMT dict such as {"threshold_db": 3.0,
"bypass": True} with the setter names as keys), take effect at the next
frame boundary; invalid setter values throw std::invalid_argument
(ValueError in Python) at once, invalid message values are logged and
ignored.

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
    threshold_db: threshold mask: level above the frame's median power;
        gate mask: centre of the gain ramp; -100..100 dB
    floor_db: gain of rejected bins, -200..0 dB
    bands: flat list of lo, hi pairs in Hz (band mask), relative to the
        centre, -sample_rate/2..sample_rate/2, up to 64 ranges
    band_reject: false: keep the bands, true: reject them
    sample_rate: sample rate in Hz, maps bins and times; 0 (the
        default): the rate of the stream's rx_rate tag (iqwav_source,
        UHD and Soapy sources send it), read at the first frame; a mask
        that uses a rate fails then if none came. Until the rate is
        known latency() throws.
    window_len: window length L; 0 means fft_size, else 2..fft_size
        (L < N zero-pads each frame)
    centered: DC-centred bin order for the mask stage
        (numpy.fft.fftshift)
    noise_window: estimators: noise-floor window in s; 0 = auto (2 s, at
        least 64 hops), else 16 hops..3600 s; constructor only
    region_time: estimators: pooling length in s; 0 = auto (16 ms), else
        1..4097 hops; constructor only
    region_freq: estimators: pooling width in Hz; 0 = auto (10 kHz, at
        least 3 bins), else 1..4097 bins; constructor only
    lookahead: estimators: look-ahead in s; < 0 = auto (half the
        region), 0 = causal, at most region_time - 1 hop; constructor
        only
    pfa: cfar/auto: false-alarm probability per cell, 1e-12..0.2
    hysteresis_db: cfar/auto: support hysteresis, 0..20 dB
    hang_time: cfar/auto: support hold in s, up to 60; < 0 = auto (the
        pooling region)
    gate_slope_db: gate: ramp width around threshold_db, 0.1..40 dB
    xi_min_db: wiener/auto: a-priori SNR floor, -60..0 dB
    dd_alpha: wiener/auto: decision-directed smoothing, 0..0.999
    lines: estimators: stationary-line (steady carrier) suppression: -1
        auto (off: a steady carrier is signal), 0 off, 1 on
    line_db: a line's floor above its neighbourhood, 3..60 dB
    impulse: estimators: click blanking: -1 auto (on for complex input),
        0 off, 1 on
    impulse_db: frame mean SNR that marks a click, 1..40 dB
    smooth_time: estimators: gain smoothing time constant in s; 0 = off,
        else 1 hop..60 s
    smooth_freq: estimators: gain smoothing width in Hz; 0 = off, else
        1..4097 bins
    bypass: all gains 1 while the estimators keep tracking the noise
    presence: mask "auto": presence gating of bursty signals (FSK, OOK):
        -1 auto (on where the pooling region holds at least 64 cells,
        e.g. IQ with the default region; off for the default 3 x 3 audio
        region), 0 off, 1 on (needs such a region); constructor only)doc";


static const char* __doc_gr_stftclean_cleaner_cc_cleaner_cc_0 = R"doc(Fused STFT -> mask -> ISTFT cleaner of a complex stream.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.cleaner_cc(...)).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_cleaner_cc_1 = R"doc(Fused STFT -> mask -> ISTFT cleaner of a complex stream.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.cleaner_cc(...)).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_make = R"doc(Fused STFT -> mask -> ISTFT cleaner of a complex stream.

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
    threshold_db: threshold mask: level above the frame's median power;
        gate mask: centre of the gain ramp; -100..100 dB
    floor_db: gain of rejected bins, -200..0 dB
    bands: flat list of lo, hi pairs in Hz (band mask), relative to the
        centre, -sample_rate/2..sample_rate/2, up to 64 ranges
    band_reject: false: keep the bands, true: reject them
    sample_rate: sample rate in Hz, maps bins and times; 0 (the
        default): the rate of the stream's rx_rate tag (iqwav_source,
        UHD and Soapy sources send it), read at the first frame; a mask
        that uses a rate fails then if none came. Until the rate is
        known latency() throws.
    window_len: window length L; 0 means fft_size, else 2..fft_size
        (L < N zero-pads each frame)
    centered: DC-centred bin order for the mask stage
        (numpy.fft.fftshift)
    noise_window: estimators: noise-floor window in s; 0 = auto (2 s, at
        least 64 hops), else 16 hops..3600 s; constructor only
    region_time: estimators: pooling length in s; 0 = auto (16 ms), else
        1..4097 hops; constructor only
    region_freq: estimators: pooling width in Hz; 0 = auto (10 kHz, at
        least 3 bins), else 1..4097 bins; constructor only
    lookahead: estimators: look-ahead in s; < 0 = auto (half the
        region), 0 = causal, at most region_time - 1 hop; constructor
        only
    pfa: cfar/auto: false-alarm probability per cell, 1e-12..0.2
    hysteresis_db: cfar/auto: support hysteresis, 0..20 dB
    hang_time: cfar/auto: support hold in s, up to 60; < 0 = auto (the
        pooling region)
    gate_slope_db: gate: ramp width around threshold_db, 0.1..40 dB
    xi_min_db: wiener/auto: a-priori SNR floor, -60..0 dB
    dd_alpha: wiener/auto: decision-directed smoothing, 0..0.999
    lines: estimators: stationary-line (steady carrier) suppression: -1
        auto (off: a steady carrier is signal), 0 off, 1 on
    line_db: a line's floor above its neighbourhood, 3..60 dB
    impulse: estimators: click blanking: -1 auto (on for complex input),
        0 off, 1 on
    impulse_db: frame mean SNR that marks a click, 1..40 dB
    smooth_time: estimators: gain smoothing time constant in s; 0 = off,
        else 1 hop..60 s
    smooth_freq: estimators: gain smoothing width in Hz; 0 = off, else
        1..4097 bins
    bypass: all gains 1 while the estimators keep tracking the noise
    presence: mask "auto": presence gating of bursty signals (FSK, OOK):
        -1 auto (on where the pooling region holds at least 64 cells,
        e.g. IQ with the default region; off for the default 3 x 3 audio
        region), 0 off, 1 on (needs such a region); constructor only)doc";


static const char* __doc_gr_stftclean_cleaner_cc_fft_size = R"doc(FFT size N.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_hop = R"doc(Hop H in samples.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_window_len = R"doc(Window length L in samples (fft_size when made with window_len 0).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_latency = R"doc(Output sample t is the cleaned input sample t - latency():
L - H + H * (mask look-ahead in frames).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_last_mask = R"doc(Gains (bins floats, configured bin order) used for the last frame of the
last work() call, for display.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_threshold_db = R"doc(Threshold in dB, -100..100: threshold mask (over the frame median) and
gate mask (centre of the ramp on the pooled SNR).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_threshold_db = R"doc(Threshold in dB (see set_threshold_db()).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_floor_db = R"doc(Gain of rejected bins in dB, -200..0.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_floor_db = R"doc(Gain of rejected bins in dB.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_bands = R"doc(Frequency ranges (lo, hi pairs in Hz) and keep (false) or reject (true)
them (band mask).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_bands = R"doc(Frequency ranges of the band mask, lo, hi pairs in Hz.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_band_reject = R"doc(Whether the band mask rejects its bands (true) or keeps them (false).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_pfa = R"doc(cfar/auto: false-alarm probability per cell, 1e-12..0.2.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_pfa = R"doc(cfar/auto: false-alarm probability per cell.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_hysteresis_db = R"doc(cfar/auto: support stays on down to this much less excess, 0..20 dB.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_hysteresis_db = R"doc(cfar/auto: support hysteresis in dB.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_hang_time = R"doc(cfar/auto: support hold after it drops in s, up to 60; < 0 = auto (the
pooling region).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_hang_time = R"doc(cfar/auto: support hold in s as set (< 0: auto).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_gate_slope_db = R"doc(Gate mask: ramp width around threshold_db, 0.1..40 dB.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_gate_slope_db = R"doc(Gate mask: ramp width in dB.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_xi_min_db = R"doc(wiener/auto: a-priori SNR floor, -60..0 dB.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_xi_min_db = R"doc(wiener/auto: a-priori SNR floor in dB.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_dd_alpha = R"doc(wiener/auto: decision-directed smoothing factor, 0..0.999.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_dd_alpha = R"doc(wiener/auto: decision-directed smoothing factor.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_lines = R"doc(Stationary-line (steady carrier) suppression: -1 auto (off: a steady
carrier is signal), 0 off, 1 on.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_lines = R"doc(Stationary-line suppression as set: -1 auto, 0 off, 1 on.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_line_db = R"doc(A line's floor above its neighbourhood, 3..60 dB.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_line_db = R"doc(Line detection level in dB.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_impulse = R"doc(Click blanking: -1 auto (on for complex input), 0 off, 1 on.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_impulse = R"doc(Click blanking as set: -1 auto, 0 off, 1 on.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_impulse_db = R"doc(Frame mean SNR that marks a click, 1..40 dB.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_impulse_db = R"doc(Click detection level in dB.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_smooth_time = R"doc(Gain smoothing time constant in s; 0 = off, else 1 hop..60 s.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_smooth_time = R"doc(Gain smoothing time constant in s (0: off).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_smooth_freq = R"doc(Gain smoothing width in Hz; 0 = off, else 1..4097 bins.)doc";


static const char* __doc_gr_stftclean_cleaner_cc_smooth_freq = R"doc(Gain smoothing width in Hz (0: off).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_set_bypass = R"doc(true: all gains 1 (the estimators keep tracking the noise).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_bypass = R"doc(Whether the block is bypassed (all gains 1).)doc";


static const char* __doc_gr_stftclean_cleaner_cc_presence = R"doc(Presence gating as constructed: -1 auto, 0 off, 1 on (constructor only:
a params message with "presence" is rejected).)doc";

// clang-format on

/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/mask_cc.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_mask_cc = R"doc(Time-frequency mask on STFT vectors (complex, fft_size bins).

Input 0: spectral vectors from stft_cc with the same fft_size, hop,
window, window_len and centered. Optional input 1: an external mask
(float vectors of fft_size gains); when it is connected the block
applies it (clamped to [floor, 1]) instead of estimating, with no delay.
Output 0: the masked vectors, for istft_cc. Optional output 1: the gains
used (float vectors of fft_size), for display.

The estimators look ahead: output frame k is input frame
k - delay_frames() masked (zeros before), and stream tags move by
delay_frames() vectors. An stft_cc -> mask_cc -> istft_cc chain has
latency() = L - H + H * delay_frames() samples and gives the same output
as cleaner_cc with the same parameters. The mask parameters are given
and changed as in cleaner_cc: args, the mask_control interface and the
"params" message port.

Constructor Specific Documentation:

Args:
    fft_size: FFT size N >= 2 (as in the stft_cc feeding it)
    hop: hop H in samples (as in the stft_cc feeding it)
    window: analysis window (as in the stft_cc feeding it)
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
    window_len: window length L; 0 means fft_size (as in the stft_cc
        feeding it)
    centered: the vectors are in DC-centred bin order (as the stft_cc
        feeding it))doc";


static const char* __doc_gr_stftclean_mask_cc_mask_cc_0 = R"doc(Time-frequency mask on STFT vectors (complex, fft_size bins).

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.mask_cc(...)).)doc";


static const char* __doc_gr_stftclean_mask_cc_mask_cc_1 = R"doc(Time-frequency mask on STFT vectors (complex, fft_size bins).

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.mask_cc(...)).)doc";


static const char* __doc_gr_stftclean_mask_cc_make = R"doc(Time-frequency mask on STFT vectors (complex, fft_size bins).

Args:
    fft_size: FFT size N >= 2 (as in the stft_cc feeding it)
    hop: hop H in samples (as in the stft_cc feeding it)
    window: analysis window (as in the stft_cc feeding it)
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
    window_len: window length L; 0 means fft_size (as in the stft_cc
        feeding it)
    centered: the vectors are in DC-centred bin order (as the stft_cc
        feeding it))doc";


static const char* __doc_gr_stftclean_mask_cc_fft_size = R"doc(FFT size N.)doc";


static const char* __doc_gr_stftclean_mask_cc_hop = R"doc(Hop H in samples.)doc";


static const char* __doc_gr_stftclean_mask_cc_window_len = R"doc(Window length L in samples (fft_size when made with window_len 0).)doc";


static const char* __doc_gr_stftclean_mask_cc_delay_frames = R"doc(Frames of look-ahead delay: the estimator's, 0 with an external mask.)doc";


static const char* __doc_gr_stftclean_mask_cc_latency = R"doc(Latency of an stft_cc -> mask_cc -> istft_cc chain in samples:
L - H + H * delay_frames().)doc";


static const char* __doc_gr_stftclean_mask_cc_last_mask = R"doc(Gains (bins floats, configured bin order) used for the last frame of the
last work() call, for display.)doc";

// clang-format on

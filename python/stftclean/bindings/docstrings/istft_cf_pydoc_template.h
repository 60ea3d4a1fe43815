/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/istft_cf.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_istft_cf = R"doc(Streaming ISTFT to a real stream: vectors of fft_size/2+1 bins in.

Inverse of stft_fc (weighted overlap-add with the canonical dual
window); the imaginary parts of the DC and Nyquist bins are ignored.
Output sample t is the STFT's input sample t - latency(),
latency() = L - H. A stream tag on frame k comes out at sample
k * hop + latency().

Constructor Specific Documentation:

Args:
    fft_size: FFT size N >= 2 (input vectors hold N/2+1 bins)
    hop: hop H in samples, 1 <= H <= window length; the interpolation
    window: analysis window used by the STFT (see stft_fc)
    window_len: window length L; 0 means fft_size, else 2..fft_size)doc";


static const char* __doc_gr_stftclean_istft_cf_istft_cf_0 = R"doc(Streaming ISTFT to a real stream: vectors of fft_size/2+1 bins in.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.istft_cf(...)).)doc";


static const char* __doc_gr_stftclean_istft_cf_istft_cf_1 = R"doc(Streaming ISTFT to a real stream: vectors of fft_size/2+1 bins in.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.istft_cf(...)).)doc";


static const char* __doc_gr_stftclean_istft_cf_make = R"doc(Streaming ISTFT to a real stream: vectors of fft_size/2+1 bins in.

Args:
    fft_size: FFT size N >= 2 (input vectors hold N/2+1 bins)
    hop: hop H in samples, 1 <= H <= window length; the interpolation
    window: analysis window used by the STFT (see stft_fc)
    window_len: window length L; 0 means fft_size, else 2..fft_size)doc";


static const char* __doc_gr_stftclean_istft_cf_fft_size = R"doc(FFT size N.)doc";


static const char* __doc_gr_stftclean_istft_cf_hop = R"doc(Hop H in samples (the interpolation).)doc";


static const char* __doc_gr_stftclean_istft_cf_window_len = R"doc(Window length L in samples (fft_size when made with window_len 0).)doc";


static const char* __doc_gr_stftclean_istft_cf_bins = R"doc(Bins per input vector: fft_size/2+1.)doc";


static const char* __doc_gr_stftclean_istft_cf_latency = R"doc(Output sample t is the STFT's input sample t - latency(): L - H.)doc";

// clang-format on

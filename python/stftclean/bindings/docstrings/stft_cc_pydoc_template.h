/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/stft_cc.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_stft_cc = R"doc(Streaming STFT: complex stream in, one vector of fft_size bins per hop.

The input is thought of as prefixed by L - H zeros (L = window length,
H = hop). Output frame k is numpy.fft.fft(w * xp[kH:kH+L], fft_size),
with w the periodic window; it is emitted once input sample (k+1)H-1 has
arrived. A stream tag on input sample t moves to frame floor(t / hop),
the frame whose newest hop holds t. latency() = L - H samples.

Constructor Specific Documentation:

Args:
    fft_size: FFT size N >= 2 (any size, not only powers of two)
    hop: hop H in samples, 1 <= H <= window length; the decimation; the
        window and hop must satisfy NOLA (hann, sqrt-hann and blackman
        need H < L)
    window: "hann", "hamming", "blackman", "blackman-harris",
        "kaiser[:beta]", "gaussian[:sigma]", "sqrt-hann" or "rect"
    window_len: window length L; 0 means fft_size, else 2..fft_size
        (zero padding if < N)
    centered: DC-centred bin order (numpy.fft.fftshift))doc";


static const char* __doc_gr_stftclean_stft_cc_stft_cc_0 = R"doc(Streaming STFT: complex stream in, one vector of fft_size bins per hop.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.stft_cc(...)).)doc";


static const char* __doc_gr_stftclean_stft_cc_stft_cc_1 = R"doc(Streaming STFT: complex stream in, one vector of fft_size bins per hop.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.stft_cc(...)).)doc";


static const char* __doc_gr_stftclean_stft_cc_make = R"doc(Streaming STFT: complex stream in, one vector of fft_size bins per hop.

Args:
    fft_size: FFT size N >= 2 (any size, not only powers of two)
    hop: hop H in samples, 1 <= H <= window length; the decimation; the
        window and hop must satisfy NOLA (hann, sqrt-hann and blackman
        need H < L)
    window: "hann", "hamming", "blackman", "blackman-harris",
        "kaiser[:beta]", "gaussian[:sigma]", "sqrt-hann" or "rect"
    window_len: window length L; 0 means fft_size, else 2..fft_size
        (zero padding if < N)
    centered: DC-centred bin order (numpy.fft.fftshift))doc";


static const char* __doc_gr_stftclean_stft_cc_fft_size = R"doc(FFT size N.)doc";


static const char* __doc_gr_stftclean_stft_cc_hop = R"doc(Hop H in samples (the decimation).)doc";


static const char* __doc_gr_stftclean_stft_cc_window_len = R"doc(Window length L in samples (fft_size when made with window_len 0).)doc";


static const char* __doc_gr_stftclean_stft_cc_bins = R"doc(Bins per output vector: fft_size.)doc";


static const char* __doc_gr_stftclean_stft_cc_latency = R"doc(Algorithmic latency of an STFT -> ISTFT chain in samples: L - H.)doc";

// clang-format on

/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/stft_fc.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_stft_fc = R"doc(Streaming STFT of a real stream: one vector of fft_size/2+1 bins per
hop.

Output frame k is numpy.fft.rfft(w * xp[kH:kH+L], fft_size) with the
same zero-prefixed framing as stft_cc. A stream tag on input sample t
moves to frame floor(t / hop). latency() = L - H samples.

Constructor Specific Documentation:

Args:
    fft_size: FFT size N >= 2 (any size, not only powers of two)
    hop: hop H in samples, 1 <= H <= window length; the decimation; the
        window and hop must satisfy NOLA (hann, sqrt-hann and blackman
        need H < L)
    window: "hann", "hamming", "blackman", "blackman-harris",
        "kaiser[:beta]", "gaussian[:sigma]", "sqrt-hann" or "rect"
    window_len: window length L; 0 means fft_size, else 2..fft_size
        (zero padding if < N))doc";


static const char* __doc_gr_stftclean_stft_fc_stft_fc_0 = R"doc(Streaming STFT of a real stream: one vector of fft_size/2+1 bins per
hop.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.stft_fc(...)).)doc";


static const char* __doc_gr_stftclean_stft_fc_stft_fc_1 = R"doc(Streaming STFT of a real stream: one vector of fft_size/2+1 bins per
hop.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.stft_fc(...)).)doc";


static const char* __doc_gr_stftclean_stft_fc_make = R"doc(Streaming STFT of a real stream: one vector of fft_size/2+1 bins per
hop.

Args:
    fft_size: FFT size N >= 2 (any size, not only powers of two)
    hop: hop H in samples, 1 <= H <= window length; the decimation; the
        window and hop must satisfy NOLA (hann, sqrt-hann and blackman
        need H < L)
    window: "hann", "hamming", "blackman", "blackman-harris",
        "kaiser[:beta]", "gaussian[:sigma]", "sqrt-hann" or "rect"
    window_len: window length L; 0 means fft_size, else 2..fft_size
        (zero padding if < N))doc";


static const char* __doc_gr_stftclean_stft_fc_fft_size = R"doc(FFT size N.)doc";


static const char* __doc_gr_stftclean_stft_fc_hop = R"doc(Hop H in samples (the decimation).)doc";


static const char* __doc_gr_stftclean_stft_fc_window_len = R"doc(Window length L in samples (fft_size when made with window_len 0).)doc";


static const char* __doc_gr_stftclean_stft_fc_bins = R"doc(Bins per output vector: fft_size/2+1.)doc";


static const char* __doc_gr_stftclean_stft_fc_latency = R"doc(Algorithmic latency of an STFT -> ISTFT chain in samples: L - H.)doc";

// clang-format on

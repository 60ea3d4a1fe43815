/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/istft_cc.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_istft_cc = R"doc(Streaming ISTFT: vectors of fft_size bins in, hop complex samples out
each.

Weighted overlap-add with the canonical dual window. Fed the output of
an stft_cc with the same parameters, output sample t equals the STFT's
input sample t - latency() (zeros before), latency() = L - H. A stream
tag on frame k comes out at sample k * hop + latency(), so an
stft_cc -> istft_cc chain moves a tag on input sample t to t + latency()
when t is a multiple of hop (otherwise to
floor(t / hop) * hop + latency()).

Constructor Specific Documentation:

Args:
    fft_size: FFT size N >= 2 (vector length of the input)
    hop: hop H in samples, 1 <= H <= window length; the interpolation
    window: analysis window used by the STFT (see stft_cc)
    window_len: window length L; 0 means fft_size, else 2..fft_size
    centered: input bins are in DC-centred order (numpy.fft.fftshift))doc";


static const char* __doc_gr_stftclean_istft_cc_istft_cc_0 = R"doc(Streaming ISTFT: vectors of fft_size bins in, hop complex samples out
each.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.istft_cc(...)).)doc";


static const char* __doc_gr_stftclean_istft_cc_istft_cc_1 = R"doc(Streaming ISTFT: vectors of fft_size bins in, hop complex samples out
each.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.istft_cc(...)).)doc";


static const char* __doc_gr_stftclean_istft_cc_make = R"doc(Streaming ISTFT: vectors of fft_size bins in, hop complex samples out
each.

Args:
    fft_size: FFT size N >= 2 (vector length of the input)
    hop: hop H in samples, 1 <= H <= window length; the interpolation
    window: analysis window used by the STFT (see stft_cc)
    window_len: window length L; 0 means fft_size, else 2..fft_size
    centered: input bins are in DC-centred order (numpy.fft.fftshift))doc";


static const char* __doc_gr_stftclean_istft_cc_fft_size = R"doc(FFT size N.)doc";


static const char* __doc_gr_stftclean_istft_cc_hop = R"doc(Hop H in samples (the interpolation).)doc";


static const char* __doc_gr_stftclean_istft_cc_window_len = R"doc(Window length L in samples (fft_size when made with window_len 0).)doc";


static const char* __doc_gr_stftclean_istft_cc_bins = R"doc(Bins per input vector: fft_size.)doc";


static const char* __doc_gr_stftclean_istft_cc_latency = R"doc(Output sample t is the STFT's input sample t - latency(): L - H.)doc";

// clang-format on

/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/phase_recon_fc.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_phase_recon_fc = R"doc(Complex (IQ) signal from magnitude-only STFT frames: real-time PGHI.

Vectors of fft_size magnitudes (a two-sided spectrum, |X| of the stft_cc
frames) in, hop complex samples per vector out. The phase is rebuilt by
real-time phase-gradient heap integration (RTPGHI) with one frame of
look-ahead ("rtpghi") or none ("rtpghi-causal"), or by RTISI-LA
("rtisila": RTPGHI phases refined by `iterations` online fast
Griffin-Lim updates of momentum `momentum` over `lookahead` frames of
look-ahead; momentum 0 gives the Griffin-Lim updates of plain RTISI-LA),
then the ISTFT. Output sample t rebuilds the STFT's input sample
t - latency() (up to a global phase), latency() = L - H + D H with D
frames of look-ahead (rtpghi 1, rtpghi-causal 0, rtisila `lookahead`). A
stream tag on frame k comes out at sample k * hop + latency().

Constructor Specific Documentation:

Args:
    fft_size: FFT size N >= 2 (input vectors hold N magnitudes)
    hop: hop H in samples, 1 <= H <= window length; the interpolation
    window: analysis window of the STFT that made the magnitudes
    window_len: window length L; 0 means fft_size, else 2..fft_size
    method: "rtpghi" (one frame of look-ahead), "rtpghi-causal" or
        "rtisila"
    tol: relative magnitude below which bins get a random phase, (0, 1)
    lookahead: rtisila: frames of look-ahead, 0..16 (rtpghi: not used)
    iterations: rtisila: Griffin-Lim updates per frame, 1..100 (rtpghi:
        not used)
    centered: input bins in DC-centred order (as stft_cc centered)
    momentum: rtisila: momentum of its online fast Griffin-Lim updates,
        0..1.5; 0 gives Griffin-Lim updates (rtpghi: not used))doc";


static const char* __doc_gr_stftclean_phase_recon_fc_phase_recon_fc_0 = R"doc(Complex (IQ) signal from magnitude-only STFT frames: real-time PGHI.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.phase_recon_fc(...)).)doc";


static const char* __doc_gr_stftclean_phase_recon_fc_phase_recon_fc_1 = R"doc(Complex (IQ) signal from magnitude-only STFT frames: real-time PGHI.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.phase_recon_fc(...)).)doc";


static const char* __doc_gr_stftclean_phase_recon_fc_make = R"doc(Complex (IQ) signal from magnitude-only STFT frames: real-time PGHI.

Args:
    fft_size: FFT size N >= 2 (input vectors hold N magnitudes)
    hop: hop H in samples, 1 <= H <= window length; the interpolation
    window: analysis window of the STFT that made the magnitudes
    window_len: window length L; 0 means fft_size, else 2..fft_size
    method: "rtpghi" (one frame of look-ahead), "rtpghi-causal" or
        "rtisila"
    tol: relative magnitude below which bins get a random phase, (0, 1)
    lookahead: rtisila: frames of look-ahead, 0..16 (rtpghi: not used)
    iterations: rtisila: Griffin-Lim updates per frame, 1..100 (rtpghi:
        not used)
    centered: input bins in DC-centred order (as stft_cc centered)
    momentum: rtisila: momentum of its online fast Griffin-Lim updates,
        0..1.5; 0 gives Griffin-Lim updates (rtpghi: not used))doc";


static const char* __doc_gr_stftclean_phase_recon_fc_fft_size = R"doc(FFT size N.)doc";


static const char* __doc_gr_stftclean_phase_recon_fc_hop = R"doc(Hop H in samples (the interpolation).)doc";


static const char* __doc_gr_stftclean_phase_recon_fc_window_len = R"doc(Window length L in samples (fft_size when made with window_len 0).)doc";


static const char* __doc_gr_stftclean_phase_recon_fc_bins = R"doc(Magnitudes per input vector: fft_size.)doc";


static const char* __doc_gr_stftclean_phase_recon_fc_method = R"doc(Phase reconstruction method: "rtpghi", "rtpghi-causal" or "rtisila".)doc";


static const char* __doc_gr_stftclean_phase_recon_fc_lookahead = R"doc(Frames of look-ahead: 1 (rtpghi), 0 (rtpghi-causal) or rtisila's.)doc";


static const char* __doc_gr_stftclean_phase_recon_fc_latency = R"doc(Output sample t rebuilds the STFT's input sample t - latency().)doc";

// clang-format on

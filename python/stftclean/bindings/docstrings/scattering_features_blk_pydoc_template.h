/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/scattering_features_blk.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_scattering_features_blk = R"doc(Wavelet time scattering of a complex (scattering_features_cf, two-sided)
or real (scattering_features_ff) stream: one float vector of count()
coefficients per frame.

Orders 0, 1 and 2 of the C core's scattering
(include/stftclean/scattering.h: Morlet wavelets, constant-Q above a
minimum bandwidth and constant bandwidth below it, a Gaussian low-pass
of scale T). Complex input is analysed over the whole band: first-order
wavelets at negative and positive centres, so a tone at -f gives the
mirror image of one at +f. Real input uses the one-sided bank.

Output item k is the frame centred on input sample k * stride() (the
stream thought of as prefixed by zeros), exactly: no item is added or
dropped at the start. Frames come out late and in batches (the core
works on overlapping blocks of samples): frame k once input sample
k * stride() + w has arrived, w <= latency(). A stream tag on input
sample t moves to output item floor(t / stride()), the last frame
centred at or before t. At the end of a finite stream the frames centred
in its last latency() samples are not written (as with every block of
the module, the tail within the latency stays inside); feed latency()
zeros after the stream to get them, or use numpy_api.scattering. A NaN
or Inf sample makes NaN exactly the frames whose support holds it.

Vector layout: names() gives one name per coefficient: "s0" (order 0),
"s1_<centre>" (order 1, signed centre, e.g. "s1_+12.5kHz", "s1_-800Hz"),
"s2_<parent centre>_<centre>" (order 2, e.g. "s2_+12.5kHz_1.2kHz");
orders(), xi_hz(), bw_hz() and parents() give the same table as numbers.

Constructor Specific Documentation:

Args:
    sample_rate: sample rate in Hz, > 0 (for T, stride and the
        frequencies of the coefficient table)
    J: octaves: the narrowest wavelets have a time scale of 2^J samples,
        1..16
    Q1: first-order wavelets per octave, 1..32
    Q2: second-order wavelets per octave, 1..32
    max_order: 1 (orders 0 and 1) or 2
    T: low-pass scale in seconds; 0: 2^J samples; else rounded to
        2..2^20 samples
    stride: seconds between frames; 0: T; else rounded to 1..T samples
        (the block's decimation)
    oversampling: 0..6: the rate |x * psi| is sampled at doubles with
        each step (more work, less aliasing)
    log: output log(S + log_eps) instead of S
    log_eps: the offset of log, 1e-30..1e30)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_scattering_features_blk_0 = R"doc(Wavelet time scattering of a complex (scattering_features_cf, two-sided)
or real (scattering_features_ff) stream: one float vector of count()
coefficients per frame.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.scattering_features_cf(...) or gnuradio.stftclean.scattering_features_ff(...)).)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_scattering_features_blk_1 = R"doc(Wavelet time scattering of a complex (scattering_features_cf, two-sided)
or real (scattering_features_ff) stream: one float vector of count()
coefficients per frame.

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.scattering_features_cf(...) or gnuradio.stftclean.scattering_features_ff(...)).)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_make = R"doc(Wavelet time scattering of a complex (scattering_features_cf, two-sided)
or real (scattering_features_ff) stream: one float vector of count()
coefficients per frame.

Args:
    sample_rate: sample rate in Hz, > 0 (for T, stride and the
        frequencies of the coefficient table)
    J: octaves: the narrowest wavelets have a time scale of 2^J samples,
        1..16
    Q1: first-order wavelets per octave, 1..32
    Q2: second-order wavelets per octave, 1..32
    max_order: 1 (orders 0 and 1) or 2
    T: low-pass scale in seconds; 0: 2^J samples; else rounded to
        2..2^20 samples
    stride: seconds between frames; 0: T; else rounded to 1..T samples
        (the block's decimation)
    oversampling: 0..6: the rate |x * psi| is sampled at doubles with
        each step (more work, less aliasing)
    log: output log(S + log_eps) instead of S
    log_eps: the offset of log, 1e-30..1e30)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_count = R"doc(Floats per output vector: 1 + order-1 count + order-2 count.)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_names = R"doc(One name per coefficient, in vector order ("s0", "s1_+12.5kHz",
"s2_+12.5kHz_1.2kHz", ...).)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_orders = R"doc(Order of each coefficient: 0, 1 or 2.)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_xi_hz = R"doc(Centre in Hz of each coefficient's last wavelet (signed at order 1; 0
for order 0).)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_bw_hz = R"doc(Half-power bandwidth in Hz of each coefficient's last wavelet (order 0:
the low-pass's).)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_parents = R"doc(Index in the vector of each order-2 coefficient's order-1 parent; -1 for
orders 0 and 1.)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_stride = R"doc(Samples between frames (the decimation).)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_T_samples = R"doc(Low-pass scale T in samples.)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_latency = R"doc(Frame k comes out at the latest once input sample
k * stride() + latency() has arrived.)doc";


static const char* __doc_gr_stftclean_scattering_features_blk_count_for = R"doc(count() of a block made with these J, Q1, Q2 and max_order (for GRC's
port size; throws std::invalid_argument naming a bad one).)doc";

// clang-format on

/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/spectral_features.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_spectral_features = R"doc(Per-frame spectral features of STFT vectors (complex in, float out).

Input: spectral vectors (complex bins: fft_size of them from stft_cc or
mask_cc, or fft_size/2+1 with real_input from stft_fc). Output: one
float vector per frame: energy_db, centroid_hz, spread_hz, skewness,
kurtosis, flatness, rolloff_hz, flux, entropy, peak_hz, peak_to_avg_db,
obw_hz, then the cepstra (mfcc or lfcc), their deltas and delta-deltas;
feature_names() gives the names in that order. Definitions are those of
the C core (include/stftclean/features.h). Frequencies are absolute when
center_freq is given (else relative to the centre). Deltas look ahead:
output vector k holds frame k - delay_frames() (zeros before), and
stream tags move by delay_frames() vectors.

Constructor Specific Documentation:

Args:
    fft_size: FFT size N of the transform, >= 4
    sample_rate: sample rate in Hz, > 0
    center_freq: centre frequency in Hz added to centroid, roll-off and
        peak (0: relative)
    real_input: vectors hold N/2+1 one-sided bins of a real signal
    centered: vectors are in DC-centred bin order (complex only)
    cepstrum: "none", "mfcc" (real input only) or "lfcc"
    n_filters: filterbank bands, 2..1024
    n_ceps: cepstral coefficients kept, 1..n_filters
    mel_scale: "htk" or "slaney" (mfcc)
    lifter: cepstral lifter L (0: off, else >= 1)
    deltas: 0, 1 (deltas) or 2 (deltas and delta-deltas); needs a
        cepstrum
    delta_width: regression half-width W in frames, 1..16
    rolloff: roll-off fraction, 0..1 exclusive (0.85)
    obw: occupied-bandwidth fraction, 0..1 exclusive (0.99)
    fmin: lowest filterbank frequency in Hz, relative to the centre
        (fmin = fmax = 0: the whole band)
    fmax: highest filterbank frequency in Hz, relative to the centre (>
        fmin unless both are 0))doc";


static const char* __doc_gr_stftclean_spectral_features_spectral_features_0 = R"doc(Per-frame spectral features of STFT vectors (complex in, float out).

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.spectral_features(...)).)doc";


static const char* __doc_gr_stftclean_spectral_features_spectral_features_1 = R"doc(Per-frame spectral features of STFT vectors (complex in, float out).

Not called directly: construct the block with make()
(in Python: gnuradio.stftclean.spectral_features(...)).)doc";


static const char* __doc_gr_stftclean_spectral_features_make = R"doc(Per-frame spectral features of STFT vectors (complex in, float out).

Args:
    fft_size: FFT size N of the transform, >= 4
    sample_rate: sample rate in Hz, > 0
    center_freq: centre frequency in Hz added to centroid, roll-off and
        peak (0: relative)
    real_input: vectors hold N/2+1 one-sided bins of a real signal
    centered: vectors are in DC-centred bin order (complex only)
    cepstrum: "none", "mfcc" (real input only) or "lfcc"
    n_filters: filterbank bands, 2..1024
    n_ceps: cepstral coefficients kept, 1..n_filters
    mel_scale: "htk" or "slaney" (mfcc)
    lifter: cepstral lifter L (0: off, else >= 1)
    deltas: 0, 1 (deltas) or 2 (deltas and delta-deltas); needs a
        cepstrum
    delta_width: regression half-width W in frames, 1..16
    rolloff: roll-off fraction, 0..1 exclusive (0.85)
    obw: occupied-bandwidth fraction, 0..1 exclusive (0.99)
    fmin: lowest filterbank frequency in Hz, relative to the centre
        (fmin = fmax = 0: the whole band)
    fmax: highest filterbank frequency in Hz, relative to the centre (>
        fmin unless both are 0))doc";


static const char* __doc_gr_stftclean_spectral_features_feature_names = R"doc(Names of the output vector entries, in order.)doc";


static const char* __doc_gr_stftclean_spectral_features_num_features = R"doc(Length of the output vectors.)doc";


static const char* __doc_gr_stftclean_spectral_features_num_bins = R"doc(Length of the input vectors.)doc";


static const char* __doc_gr_stftclean_spectral_features_delay_frames = R"doc(Frames of look-ahead from the deltas (0, W or 2W).)doc";

// clang-format on

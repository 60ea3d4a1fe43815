/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_SPECTRAL_FEATURES_H
#define INCLUDED_STFTCLEAN_SPECTRAL_FEATURES_H

#include <gnuradio/stftclean/api.h>
#include <gnuradio/sync_block.h>
#include <string>
#include <vector>

namespace gr {
namespace stftclean {

/*!
 * \brief Per-frame spectral features of STFT vectors (complex in, float out).
 * \ingroup stftclean
 *
 * \details
 * Input: spectral vectors (complex bins: fft_size of them from stft_cc or
 * mask_cc, or fft_size/2+1 with real_input from stft_fc). Output: one
 * float vector per frame: energy_db, centroid_hz, spread_hz, skewness,
 * kurtosis, flatness, rolloff_hz, flux, entropy, peak_hz, peak_to_avg_db,
 * obw_hz, then the cepstra (mfcc or lfcc), their deltas and delta-deltas;
 * feature_names() gives the names in that order. Definitions are those of
 * the C core (include/stftclean/features.h). Frequencies are absolute when
 * center_freq is given (else relative to the centre). Deltas look ahead:
 * output vector k holds frame k - delay_frames() (zeros before), and stream
 * tags move by delay_frames() vectors.
 */
class STFTCLEAN_API spectral_features : virtual public gr::sync_block
{
public:
    typedef std::shared_ptr<spectral_features> sptr;

    /*!
     * \param fft_size FFT size N of the transform, >= 4
     * \param sample_rate sample rate in Hz, > 0
     * \param center_freq centre frequency in Hz added to centroid, roll-off
     *        and peak (0: relative)
     * \param real_input vectors hold N/2+1 one-sided bins of a real signal
     * \param centered vectors are in DC-centred bin order (complex only)
     * \param cepstrum "none", "mfcc" (real input only) or "lfcc"
     * \param n_filters filterbank bands, 2..1024
     * \param n_ceps cepstral coefficients kept, 1..n_filters
     * \param mel_scale "htk" or "slaney" (mfcc)
     * \param lifter cepstral lifter L (0: off, else >= 1)
     * \param deltas 0, 1 (deltas) or 2 (deltas and delta-deltas); needs a
     *        cepstrum
     * \param delta_width regression half-width W in frames, 1..16
     * \param rolloff roll-off fraction, 0..1 exclusive (0.85)
     * \param obw occupied-bandwidth fraction, 0..1 exclusive (0.99)
     * \param fmin lowest filterbank frequency in Hz, relative to the centre
     *        (fmin = fmax = 0: the whole band)
     * \param fmax highest filterbank frequency in Hz, relative to the centre
     *        (> fmin unless both are 0)
     */
    static sptr make(int fft_size,
                     double sample_rate,
                     double center_freq = 0.0,
                     bool real_input = false,
                     bool centered = false,
                     const std::string& cepstrum = "none",
                     int n_filters = 40,
                     int n_ceps = 13,
                     const std::string& mel_scale = "htk",
                     double lifter = 0.0,
                     int deltas = 0,
                     int delta_width = 2,
                     double rolloff = 0.85,
                     double obw = 0.99,
                     double fmin = 0.0,
                     double fmax = 0.0);

    /*! Names of the output vector entries, in order. */
    virtual std::vector<std::string> feature_names() const = 0;
    /*! Length of the output vectors. */
    virtual int num_features() const = 0;
    /*! Length of the input vectors. */
    virtual int num_bins() const = 0;
    /*! Frames of look-ahead from the deltas (0, W or 2W). */
    virtual int delay_frames() const = 0;
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_SPECTRAL_FEATURES_H */

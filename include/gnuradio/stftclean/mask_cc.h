/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_MASK_CC_H
#define INCLUDED_STFTCLEAN_MASK_CC_H

#include <gnuradio/stftclean/api.h>
#include <gnuradio/sync_block.h>
#include <string>
#include <vector>

namespace gr {
namespace stftclean {

/*!
 * \brief Time-frequency mask on STFT vectors (complex, fft_size bins).
 * \ingroup stftclean
 *
 * \details
 * Input 0: spectral vectors from stft_cc with the same fft_size, hop,
 * window, window_len and centered. Optional input 1: an external mask (float
 * vectors of fft_size gains); when it is connected the block applies it
 * (clamped to [floor, 1]) instead of estimating, with no delay. Output 0:
 * the masked vectors, for istft_cc. Optional output 1: the gains used (float
 * vectors of fft_size), for display.
 *
 * The estimators look ahead: output frame k is input frame k - delay_frames()
 * masked (zeros before), and stream tags move by delay_frames() vectors. An
 * stft_cc -> mask_cc -> istft_cc chain has latency() = L - H + H *
 * delay_frames() samples and gives the same output as cleaner_cc with the
 * same parameters. Setters and the "params" message port as in cleaner_cc.
 */
class STFTCLEAN_API mask_cc : virtual public gr::sync_block
{
public:
    typedef std::shared_ptr<mask_cc> sptr;

    /*!
     * \param fft_size FFT size N >= 2 (as in the stft_cc feeding it)
     * \param hop hop H in samples (as in the stft_cc feeding it)
     * \param window analysis window (as in the stft_cc feeding it)
     * \param mask "none", "threshold", "band", or the estimators "gate",
     *        "wiener", "cfar", "auto" (adaptive noise floor; "auto", the
     *        default, is the recommended one for RF)
     * \param threshold_db threshold mask: level above the frame's median
     *        power; gate mask: centre of the gain ramp; -100..100 dB
     * \param floor_db gain of rejected bins, -200..0 dB
     * \param bands flat list of lo, hi pairs in Hz (band mask), relative
     *        to the centre, -sample_rate/2..sample_rate/2, up to 64 ranges
     * \param band_reject false: keep the bands, true: reject them
     * \param sample_rate sample rate in Hz, maps bins and times; 0 (the
     *        default): the rate of the stream's rx_rate tag (iqwav_source,
     *        UHD and Soapy sources send it), read at the first frame; a mask
     *        that uses a rate fails then if none came. Until the rate is
     *        known latency() throws.
     * \param window_len window length L; 0 means fft_size (as in the
     *        stft_cc feeding it)
     * \param centered the vectors are in DC-centred bin order (as the
     *        stft_cc feeding it)
     * \param noise_window estimators: noise-floor window in s; 0 = auto
     *        (2 s, at least 64 hops), else 16 hops..3600 s; constructor only
     * \param region_time estimators: pooling length in s; 0 = auto
     *        (16 ms), else 1..4097 hops; constructor only
     * \param region_freq estimators: pooling width in Hz; 0 = auto
     *        (10 kHz, at least 3 bins), else 1..4097 bins; constructor only
     * \param lookahead estimators: look-ahead in s; < 0 = auto (half the
     *        region), 0 = causal, at most region_time - 1 hop; constructor
     *        only
     * \param pfa cfar/auto: false-alarm probability per cell, 1e-12..0.2
     * \param hysteresis_db cfar/auto: support hysteresis, 0..20 dB
     * \param hang_time cfar/auto: support hold in s, up to 60; < 0 = auto
     *        (the pooling region)
     * \param gate_slope_db gate: ramp width around threshold_db, 0.1..40 dB
     * \param xi_min_db wiener/auto: a-priori SNR floor, -60..0 dB
     * \param dd_alpha wiener/auto: decision-directed smoothing, 0..0.999
     * \param lines estimators: stationary-line (steady carrier) suppression:
     *        -1 auto (off: a steady carrier is signal), 0 off, 1 on
     * \param line_db a line's floor above its neighbourhood, 3..60 dB
     * \param impulse estimators: click blanking: -1 auto (on for complex input),
     *        0 off, 1 on
     * \param impulse_db frame mean SNR that marks a click, 1..40 dB
     * \param smooth_time estimators: gain smoothing time constant in s;
     *        0 = off, else 1 hop..60 s
     * \param smooth_freq estimators: gain smoothing width in Hz; 0 = off,
     *        else 1..4097 bins
     * \param bypass all gains 1 while the estimators keep tracking the noise
     * \param presence mask "auto": presence gating of bursty signals (FSK,
     *        OOK): -1 auto (on where the pooling region holds at least 64
     *        cells, e.g. IQ with the default region; off for the default
     *        3 x 3 audio region), 0 off, 1 on (needs such a region);
     *        constructor only
     */
    static sptr make(int fft_size,
                     int hop,
                     const std::string& window = "hann",
                     const std::string& mask = "auto",
                     double threshold_db = 6.0,
                     double floor_db = -60.0,
                     const std::vector<float>& bands = std::vector<float>(),
                     bool band_reject = false,
                     double sample_rate = 0.0,
                     int window_len = 0,
                     bool centered = false,
                     double noise_window = 0.0,
                     double region_time = 0.0,
                     double region_freq = 0.0,
                     double lookahead = -1.0,
                     double pfa = 1e-8,
                     double hysteresis_db = 3.0,
                     double hang_time = -1.0,
                     double gate_slope_db = 6.0,
                     double xi_min_db = -15.0,
                     double dd_alpha = 0.98,
                     int lines = -1,
                     double line_db = 10.0,
                     int impulse = -1,
                     double impulse_db = 5.0,
                     double smooth_time = 0.0,
                     double smooth_freq = 0.0,
                     bool bypass = false,
                     int presence = -1);

    /*! FFT size N. */
    virtual int fft_size() const = 0;
    /*! Hop H in samples. */
    virtual int hop() const = 0;
    /*! Window length L in samples (fft_size when made with window_len 0). */
    virtual int window_len() const = 0;
    /*! Frames of look-ahead delay: the estimator's, 0 with an external mask. */
    virtual int delay_frames() const = 0;
    /*! Latency of an stft_cc -> mask_cc -> istft_cc chain in samples:
     * L - H + H * delay_frames(). */
    virtual int latency() const = 0;
    /*! Gains (bins floats, configured bin order) used for the last frame of
     * the last work() call, for display. */
    virtual std::vector<float> last_mask() const = 0;

    /*! Threshold in dB, -100..100: threshold mask (over the frame median)
     * and gate mask (centre of the ramp on the pooled SNR). */
    virtual void set_threshold_db(double threshold_db) = 0;
    /*! Threshold in dB (see set_threshold_db()). */
    virtual double threshold_db() const = 0;
    /*! Gain of rejected bins in dB, -200..0. */
    virtual void set_floor_db(double floor_db) = 0;
    /*! Gain of rejected bins in dB. */
    virtual double floor_db() const = 0;
    /*! Frequency ranges (lo, hi pairs in Hz) and keep (false) or reject
     * (true) them (band mask). */
    virtual void set_bands(const std::vector<float>& bands, bool band_reject) = 0;
    /*! Frequency ranges of the band mask, lo, hi pairs in Hz. */
    virtual std::vector<float> bands() const = 0;
    /*! Whether the band mask rejects its bands (true) or keeps them (false). */
    virtual bool band_reject() const = 0;
    /*! cfar/auto: false-alarm probability per cell, 1e-12..0.2. */
    virtual void set_pfa(double pfa) = 0;
    /*! cfar/auto: false-alarm probability per cell. */
    virtual double pfa() const = 0;
    /*! cfar/auto: support stays on down to this much less excess, 0..20 dB. */
    virtual void set_hysteresis_db(double hysteresis_db) = 0;
    /*! cfar/auto: support hysteresis in dB. */
    virtual double hysteresis_db() const = 0;
    /*! cfar/auto: support hold after it drops in s, up to 60; < 0 = auto (the
     * pooling region). */
    virtual void set_hang_time(double hang_time) = 0;
    /*! cfar/auto: support hold in s as set (< 0: auto). */
    virtual double hang_time() const = 0;
    /*! Gate mask: ramp width around threshold_db, 0.1..40 dB. */
    virtual void set_gate_slope_db(double gate_slope_db) = 0;
    /*! Gate mask: ramp width in dB. */
    virtual double gate_slope_db() const = 0;
    /*! wiener/auto: a-priori SNR floor, -60..0 dB. */
    virtual void set_xi_min_db(double xi_min_db) = 0;
    /*! wiener/auto: a-priori SNR floor in dB. */
    virtual double xi_min_db() const = 0;
    /*! wiener/auto: decision-directed smoothing factor, 0..0.999. */
    virtual void set_dd_alpha(double dd_alpha) = 0;
    /*! wiener/auto: decision-directed smoothing factor. */
    virtual double dd_alpha() const = 0;
    /*! Stationary-line (steady carrier) suppression: -1 auto (off: a steady
     * carrier is signal), 0 off, 1 on. */
    virtual void set_lines(int lines) = 0;
    /*! Stationary-line suppression as set: -1 auto, 0 off, 1 on. */
    virtual int lines() const = 0;
    /*! A line's floor above its neighbourhood, 3..60 dB. */
    virtual void set_line_db(double line_db) = 0;
    /*! Line detection level in dB. */
    virtual double line_db() const = 0;
    /*! Click blanking: -1 auto (on for complex input), 0 off, 1 on. */
    virtual void set_impulse(int impulse) = 0;
    /*! Click blanking as set: -1 auto, 0 off, 1 on. */
    virtual int impulse() const = 0;
    /*! Frame mean SNR that marks a click, 1..40 dB. */
    virtual void set_impulse_db(double impulse_db) = 0;
    /*! Click detection level in dB. */
    virtual double impulse_db() const = 0;
    /*! Gain smoothing time constant in s; 0 = off, else 1 hop..60 s. */
    virtual void set_smooth_time(double smooth_time) = 0;
    /*! Gain smoothing time constant in s (0: off). */
    virtual double smooth_time() const = 0;
    /*! Gain smoothing width in Hz; 0 = off, else 1..4097 bins. */
    virtual void set_smooth_freq(double smooth_freq) = 0;
    /*! Gain smoothing width in Hz (0: off). */
    virtual double smooth_freq() const = 0;
    /*! true: all gains 1 (the estimators keep tracking the noise). */
    virtual void set_bypass(bool bypass) = 0;
    /*! Whether the block is bypassed (all gains 1). */
    virtual bool bypass() const = 0;
    /*! Presence gating as constructed: -1 auto, 0 off, 1 on (constructor
     * only: a params message with "presence" is rejected). */
    virtual int presence() const = 0;
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_MASK_CC_H */

/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_CLEANER_FF_H
#define INCLUDED_STFTCLEAN_CLEANER_FF_H

#include <gnuradio/stftclean/api.h>
#include <gnuradio/sync_block.h>
#include <string>
#include <vector>

namespace gr {
namespace stftclean {

/*!
 * \brief Fused STFT -> mask -> ISTFT cleaner of a real stream.
 * \ingroup stftclean
 *
 * \details
 * One pass per frame: window, FFT, time-frequency mask, inverse FFT, dual
 * window, overlap-add. Output sample t is the cleaned input sample
 * t - latency(), latency() = L - H (L = window length, H = hop); stream tags
 * move by exactly latency(). With mask "none" the output is the input
 * delayed by latency(). Runtime setters take effect at the next frame
 * boundary; invalid values throw std::invalid_argument at once.
 */
class STFTCLEAN_API cleaner_ff : virtual public gr::sync_block
{
public:
    typedef std::shared_ptr<cleaner_ff> sptr;

    /*!
     * \param fft_size FFT size N >= 2 (any size, not only powers of two)
     * \param hop hop H in samples, 1 <= H <= window length
     * \param window analysis window (see stft_cc)
     * \param mask "none", "threshold" (keep bins >= frame median + threshold_db)
     *        or "band" (keep or reject the frequency ranges in bands)
     * \param threshold_db threshold above the frame's median power, -100..100 dB
     * \param floor_db gain of rejected bins, -200..0 dB
     * \param bands flat list of lo, hi pairs in Hz, 0..sample_rate/2
     * \param band_reject false: keep the bands, true: reject them
     * \param sample_rate sample rate in Hz (> 0), maps bins to Hz
     * \param window_len window length L; 0 means fft_size
     */
    static sptr make(int fft_size,
                     int hop,
                     const std::string& window = "hann",
                     const std::string& mask = "none",
                     double threshold_db = 6.0,
                     double floor_db = -60.0,
                     const std::vector<float>& bands = std::vector<float>(),
                     bool band_reject = false,
                     double sample_rate = 1.0,
                     int window_len = 0);

    virtual int fft_size() const = 0;
    virtual int hop() const = 0;
    virtual int window_len() const = 0;
    /*! Output sample t is the cleaned input sample t - latency(): L - H. */
    virtual int latency() const = 0;

    /*! Threshold above the frame's median power in dB (threshold mask). */
    virtual void set_threshold_db(double threshold_db) = 0;
    virtual double threshold_db() const = 0;
    /*! Gain of rejected bins in dB (threshold and band masks). */
    virtual void set_floor_db(double floor_db) = 0;
    virtual double floor_db() const = 0;
    /*! Frequency ranges (lo, hi pairs in Hz) and keep/reject (band mask). */
    virtual void set_bands(const std::vector<float>& bands, bool band_reject) = 0;
    virtual std::vector<float> bands() const = 0;
    virtual bool band_reject() const = 0;
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_CLEANER_FF_H */

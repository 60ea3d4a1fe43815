/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_MASK_CC_H
#define INCLUDED_STFTCLEAN_MASK_CC_H

#include <gnuradio/stftclean/api.h>
#include <gnuradio/stftclean/mask_control.h>
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
 * same parameters. The mask parameters are given and changed as in
 * cleaner_cc: args, the mask_control interface and the "params" message
 * port.
 */
class STFTCLEAN_API mask_cc : virtual public gr::sync_block, public mask_control
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
     * \param args every other mask parameter as key=value pairs separated
     *        by commas, semicolons or spaces, e.g. "pfa=1e-6,
     *        noise_window=0.5, lines=on, bands=-3e4:3e4,5e4:6e4"; the keys
     *        (the core's table of mask parameters) are listed in the block's
     *        documentation (help(), GRC) and by stftclean.mask_fields(). An
     *        unknown key or a bad value throws std::invalid_argument
     *        (ValueError) naming it; args may also hold mask and sample_rate
     *        (mask_config() text), which then override those arguments.
     * \param sample_rate sample rate in Hz, maps bins and times; 0 (the
     *        default): the rate of the stream's rx_rate tag (iqwav_source,
     *        UHD and Soapy sources send it), read at the first frame; a mask
     *        that uses a rate fails then if none came. Until the rate is
     *        known latency() throws.
     * \param window_len window length L; 0 means fft_size (as in the
     *        stft_cc feeding it)
     * \param centered the vectors are in DC-centred bin order (as the
     *        stft_cc feeding it)
     */
    static sptr make(int fft_size,
                     int hop,
                     const std::string& window = "hann",
                     const std::string& mask = "auto",
                     const std::string& args = "",
                     double sample_rate = 0.0,
                     int window_len = 0,
                     bool centered = false);

    /*!
     * \deprecated The leading arguments of the former 29-argument make(),
     * kept for one release (not bound in Python, where the former keywords
     * still work); the other fields now go in args. Same as make(fft_size,
     * hop, window, mask, "threshold_db=... floor_db=... bands=...
     * band_reject=...", sample_rate, window_len).
     * \param fft_size FFT size
     * \param hop hop in samples
     * \param window analysis window
     * \param mask mask kind
     * \param threshold_db threshold in dB
     * \param floor_db gain of rejected bins in dB
     * \param bands lo, hi pairs in Hz
     * \param band_reject reject the bands
     * \param sample_rate sample rate in Hz (0: from the rx_rate tag)
     * \param window_len window length (0: fft_size)
     */
    static sptr make(int fft_size,
                     int hop,
                     const std::string& window,
                     const std::string& mask,
                     double threshold_db,
                     double floor_db = -60.0,
                     const std::vector<float>& bands = std::vector<float>(),
                     bool band_reject = false,
                     double sample_rate = 0.0,
                     int window_len = 0);

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
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_MASK_CC_H */

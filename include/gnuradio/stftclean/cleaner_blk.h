/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_CLEANER_BLK_H
#define INCLUDED_STFTCLEAN_CLEANER_BLK_H

#include <gnuradio/gr_complex.h>
#include <gnuradio/stftclean/api.h>
#include <gnuradio/stftclean/mask_control.h>
#include <gnuradio/sync_block.h>
#include <string>
#include <vector>

namespace gr {
namespace stftclean {

/*!
 * \brief Fused STFT -> mask -> ISTFT cleaner of a complex (cleaner_cc) or
 * real (cleaner_ff) stream.
 * \ingroup stftclean
 *
 * \details
 * One pass per frame: window, FFT, time-frequency mask, inverse FFT, dual
 * window, overlap-add. Output sample t is the cleaned input sample
 * t - latency(), latency() = L - H + H * D (L = window length, H = hop,
 * D = the mask's look-ahead in frames, 0 for none/threshold/band and causal
 * estimators); stream tags move by exactly latency(). With mask "none" the
 * output is the input delayed by latency().
 *
 * Complex input: bands and frequencies are relative to the centre
 * (-sample_rate/2..sample_rate/2), the default decision region is 16 ms x
 * 10 kHz and click blanking and DC removal are on by default. Real input:
 * bands lie in 0..sample_rate/2, the default region is 3 hops x 3 bins,
 * click blanking and DC removal are off by default.
 *
 * The mask parameters other than the mask kind and the rate are given as
 * key=value text (args) and changed at run time through the mask_control
 * interface (set_args(), set_param(), the typed setters) or the "params"
 * message port; see mask_control.
 */
template <class T>
class STFTCLEAN_API cleaner_blk : virtual public gr::sync_block, public mask_control
{
public:
    typedef std::shared_ptr<cleaner_blk<T>> sptr;

    /*!
     * \param fft_size FFT size N >= 2 (any size, not only powers of two)
     * \param hop hop H in samples, 1 <= H <= window length; the window and
     *        hop must satisfy NOLA (hann, sqrt-hann and blackman need H < L)
     * \param window analysis window (see stft_cc): "hann", "hamming",
     *        "blackman", "blackman-harris", "kaiser[:beta]",
     *        "gaussian[:sigma]", "sqrt-hann" or "rect"
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
     * \param window_len window length L; 0 means fft_size, else
     *        2..fft_size (L < N zero-pads each frame)
     * \param centered DC-centred bin order for the mask stage
     *        (numpy.fft.fftshift); complex input only
     * \param threads 1, or 2: a worker thread takes the inverse transform
     *        and overlap-add of each frame (same output, bit for bit; for
     *        one big cleaner with a spare core)
     */
    static sptr make(int fft_size,
                     int hop,
                     const std::string& window = "hann",
                     const std::string& mask = "auto",
                     const std::string& args = "",
                     double sample_rate = 0.0,
                     int window_len = 0,
                     bool centered = false,
                     int threads = 1);

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
    /*! Output sample t is the cleaned input sample t - latency():
     * L - H + H * (mask look-ahead in frames). */
    virtual int latency() const = 0;
    /*! Gains (bins floats, configured bin order) used for the last frame of
     * the last work() call, for display. */
    virtual std::vector<float> last_mask() const = 0;
};

typedef cleaner_blk<gr_complex> cleaner_cc;
typedef cleaner_blk<float> cleaner_ff;

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_CLEANER_BLK_H */

/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_ISTFT_CF_H
#define INCLUDED_STFTCLEAN_ISTFT_CF_H

#include <gnuradio/stftclean/api.h>
#include <gnuradio/sync_interpolator.h>
#include <string>

namespace gr {
namespace stftclean {

/*!
 * \brief Streaming ISTFT to a real stream: vectors of fft_size/2+1 bins in.
 * \ingroup stftclean
 *
 * \details
 * Inverse of stft_fc (weighted overlap-add with the canonical dual window);
 * the imaginary parts of the DC and Nyquist bins are ignored. Output sample t
 * is the STFT's input sample t - latency(), latency() = L - H. A stream tag
 * on frame k comes out at sample k * hop + latency().
 */
class STFTCLEAN_API istft_cf : virtual public gr::sync_interpolator
{
public:
    typedef std::shared_ptr<istft_cf> sptr;

    /*!
     * \param fft_size FFT size N >= 2 (input vectors hold N/2+1 bins)
     * \param hop hop H in samples, 1 <= H <= window length; the interpolation
     * \param window analysis window used by the STFT (see stft_fc)
     * \param window_len window length L; 0 means fft_size, else 2..fft_size
     */
    static sptr
    make(int fft_size, int hop, const std::string& window = "hann", int window_len = 0);

    /*! FFT size N. */
    virtual int fft_size() const = 0;
    /*! Hop H in samples (the interpolation). */
    virtual int hop() const = 0;
    /*! Window length L in samples (fft_size when made with window_len 0). */
    virtual int window_len() const = 0;
    /*! Bins per input vector: fft_size/2+1. */
    virtual int bins() const = 0;
    /*! Output sample t is the STFT's input sample t - latency(): L - H. */
    virtual int latency() const = 0;
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_ISTFT_CF_H */

/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_ISTFT_CC_H
#define INCLUDED_STFTCLEAN_ISTFT_CC_H

#include <gnuradio/stftclean/api.h>
#include <gnuradio/sync_interpolator.h>
#include <string>

namespace gr {
namespace stftclean {

/*!
 * \brief Streaming ISTFT: vectors of fft_size bins in, hop complex samples out each.
 * \ingroup stftclean
 *
 * \details
 * Weighted overlap-add with the canonical dual window. Fed the output of an
 * stft_cc with the same parameters, output sample t equals the STFT's input
 * sample t - latency() (zeros before), latency() = L - H. A stream tag on
 * frame k comes out at sample k * hop + latency(), so an stft_cc -> istft_cc
 * chain moves a tag on input sample t to t + latency() when t is a multiple
 * of hop (otherwise to floor(t / hop) * hop + latency()).
 */
class STFTCLEAN_API istft_cc : virtual public gr::sync_interpolator
{
public:
    typedef std::shared_ptr<istft_cc> sptr;

    /*!
     * \param fft_size FFT size N >= 2 (vector length of the input)
     * \param hop hop H in samples, 1 <= H <= window length; the interpolation
     * \param window analysis window used by the STFT (see stft_cc)
     * \param window_len window length L; 0 means fft_size, else 2..fft_size
     * \param centered input bins are in DC-centred order (numpy.fft.fftshift)
     */
    static sptr make(int fft_size,
                     int hop,
                     const std::string& window = "hann",
                     int window_len = 0,
                     bool centered = false);

    /*! FFT size N. */
    virtual int fft_size() const = 0;
    /*! Hop H in samples (the interpolation). */
    virtual int hop() const = 0;
    /*! Window length L in samples (fft_size when made with window_len 0). */
    virtual int window_len() const = 0;
    /*! Bins per input vector: fft_size. */
    virtual int bins() const = 0;
    /*! Output sample t is the STFT's input sample t - latency(): L - H. */
    virtual int latency() const = 0;
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_ISTFT_CC_H */

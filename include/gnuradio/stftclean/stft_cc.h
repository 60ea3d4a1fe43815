/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_STFT_CC_H
#define INCLUDED_STFTCLEAN_STFT_CC_H

#include <gnuradio/stftclean/api.h>
#include <gnuradio/sync_decimator.h>
#include <string>

namespace gr {
namespace stftclean {

/*!
 * \brief Streaming STFT: complex stream in, one vector of fft_size bins per hop.
 * \ingroup stftclean
 *
 * \details
 * The input is thought of as prefixed by L - H zeros (L = window length,
 * H = hop). Output frame k is numpy.fft.fft(w * xp[kH:kH+L], fft_size), with
 * w the periodic window; it is emitted once input sample (k+1)H-1 has
 * arrived. A stream tag on input sample t moves to frame floor(t / hop), the
 * frame whose newest hop holds t. latency() = L - H samples.
 */
class STFTCLEAN_API stft_cc : virtual public gr::sync_decimator
{
public:
    typedef std::shared_ptr<stft_cc> sptr;

    /*!
     * \param fft_size FFT size N >= 2 (any size, not only powers of two)
     * \param hop hop H in samples, 1 <= H <= window length; the decimation;
     *        the window and hop must satisfy NOLA (hann, sqrt-hann and
     *        blackman need H < L)
     * \param window "hann", "hamming", "blackman", "blackman-harris",
     *        "kaiser[:beta]", "gaussian[:sigma]", "sqrt-hann" or "rect"
     * \param window_len window length L; 0 means fft_size, else 2..fft_size
     *        (zero padding if < N)
     * \param centered DC-centred bin order (numpy.fft.fftshift)
     */
    static sptr make(int fft_size,
                     int hop,
                     const std::string& window = "hann",
                     int window_len = 0,
                     bool centered = false);

    /*! FFT size N. */
    virtual int fft_size() const = 0;
    /*! Hop H in samples (the decimation). */
    virtual int hop() const = 0;
    /*! Window length L in samples (fft_size when made with window_len 0). */
    virtual int window_len() const = 0;
    /*! Bins per output vector: fft_size. */
    virtual int bins() const = 0;
    /*! Algorithmic latency of an STFT -> ISTFT chain in samples: L - H. */
    virtual int latency() const = 0;
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_STFT_CC_H */

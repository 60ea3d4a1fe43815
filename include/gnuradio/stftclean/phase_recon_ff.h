/* -*- c++ -*- */
/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_PHASE_RECON_FF_H
#define INCLUDED_STFTCLEAN_PHASE_RECON_FF_H

#include <gnuradio/stftclean/api.h>
#include <gnuradio/sync_interpolator.h>
#include <string>

namespace gr {
namespace stftclean {

/*!
 * \brief Real signal (audio) from magnitude-only STFT frames: real-time PGHI.
 * \ingroup stftclean
 *
 * \details
 * Vectors of fft_size/2+1 magnitudes (a one-sided spectrum, |X| of the stft_fc
 * frames) in, hop float samples per vector out. The phase is rebuilt by
 * real-time phase-gradient heap integration (RTPGHI) with one frame of
 * look-ahead ("rtpghi") or none ("rtpghi-causal"), or by RTISI-LA
 * ("rtisila": RTPGHI phases refined by `iterations` online fast Griffin-Lim
 * updates of momentum `momentum` over `lookahead` frames of look-ahead;
 * momentum 0 gives the Griffin-Lim updates of plain RTISI-LA), then the
 * ISTFT. Output sample t rebuilds the STFT's input sample t - latency() (up to a global
 * phase), latency() = L - H + D H with D frames of look-ahead
 * (rtpghi 1, rtpghi-causal 0, rtisila `lookahead`). A stream
 * tag on frame k comes out at sample k * hop + latency().
 */
class STFTCLEAN_API phase_recon_ff : virtual public gr::sync_interpolator
{
public:
    typedef std::shared_ptr<phase_recon_ff> sptr;

    /*!
     * \param fft_size FFT size N >= 2 (input vectors hold N/2+1 magnitudes)
     * \param hop hop H in samples, 1 <= H <= window length; the interpolation
     * \param window analysis window of the STFT that made the magnitudes
     * \param window_len window length L; 0 means fft_size, else 2..fft_size
     * \param method "rtpghi" (one frame of look-ahead), "rtpghi-causal" or
     *        "rtisila"
     * \param tol relative magnitude below which bins get a random phase, (0, 1)
     * \param lookahead rtisila: frames of look-ahead, 0..16 (rtpghi: not
     *        used)
     * \param iterations rtisila: Griffin-Lim updates per frame, 1..100
     *        (rtpghi: not used)
     * \param momentum rtisila: momentum of its online fast Griffin-Lim
     *        updates, 0..1.5; 0 gives Griffin-Lim updates (rtpghi: not used)
     */
    static sptr make(int fft_size,
                     int hop,
                     const std::string& window = "hann",
                     int window_len = 0,
                     const std::string& method = "rtpghi",
                     double tol = 1e-5,
                     int lookahead = 3,
                     int iterations = 8,
                     double momentum = 0.75);

    /*! FFT size N. */
    virtual int fft_size() const = 0;
    /*! Hop H in samples (the interpolation). */
    virtual int hop() const = 0;
    /*! Window length L in samples (fft_size when made with window_len 0). */
    virtual int window_len() const = 0;
    /*! Magnitudes per input vector: fft_size/2+1. */
    virtual int bins() const = 0;
    /*! Phase reconstruction method: "rtpghi", "rtpghi-causal" or "rtisila". */
    virtual std::string method() const = 0;
    /*! Frames of look-ahead: 1 (rtpghi), 0 (rtpghi-causal) or rtisila's. */
    virtual int lookahead() const = 0;
    /*! Output sample t rebuilds the STFT's input sample t - latency(). */
    virtual int latency() const = 0;
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_PHASE_RECON_FF_H */

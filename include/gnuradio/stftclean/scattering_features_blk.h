/* -*- c++ -*- */
/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_SCATTERING_FEATURES_BLK_H
#define INCLUDED_STFTCLEAN_SCATTERING_FEATURES_BLK_H

#include <gnuradio/block.h>
#include <gnuradio/gr_complex.h>
#include <gnuradio/stftclean/api.h>
#include <string>
#include <vector>

namespace gr {
namespace stftclean {

/*!
 * \brief Wavelet time scattering of a complex (scattering_features_cf,
 * two-sided) or real (scattering_features_ff) stream: one float vector of
 * count() coefficients per frame.
 * \ingroup stftclean
 *
 * \details
 * Orders 0, 1 and 2 of the C core's scattering (include/stftclean/scattering.h:
 * Morlet wavelets, constant-Q above a minimum bandwidth and constant
 * bandwidth below it, a Gaussian low-pass of scale T). Complex input is
 * analysed over the whole band: first-order wavelets at negative and
 * positive centres, so a tone at -f gives the mirror image of one at +f.
 * Real input uses the one-sided bank.
 *
 * Output item k is the frame centred on input sample k * stride() (the
 * stream thought of as prefixed by zeros), exactly: no item is added or
 * dropped at the start. Frames come out late and in batches (the core
 * works on overlapping blocks of samples): frame k once input sample
 * k * stride() + w has arrived, w <= latency(). A stream tag on input sample t moves to
 * output item floor(t / stride()), the last frame centred at or before t. At the end of
 * a finite stream the frames centred in its last latency() samples are not
 * written (as with every block of the module, the tail within the latency
 * stays inside); feed latency() zeros after the stream to get them, or use
 * numpy_api.scattering. A NaN or Inf sample makes NaN exactly the frames
 * whose support holds it.
 *
 * Vector layout: names() gives one name per coefficient: "s0" (order 0),
 * "s1_<centre>" (order 1, signed centre, e.g. "s1_+12.5kHz",
 * "s1_-800Hz"), "s2_<parent centre>_<centre>" (order 2, e.g.
 * "s2_+12.5kHz_1.2kHz"); orders(), xi_hz(), bw_hz() and parents() give
 * the same table as numbers.
 */
template <class IN_T>
class STFTCLEAN_API scattering_features_blk : virtual public gr::block
{
public:
    typedef std::shared_ptr<scattering_features_blk<IN_T>> sptr;

    /*!
     * \param sample_rate sample rate in Hz, > 0 (for T, stride and the
     *        frequencies of the coefficient table)
     * \param J octaves: the narrowest wavelets have a time scale of 2^J
     *        samples, 1..16
     * \param Q1 first-order wavelets per octave, 1..32
     * \param Q2 second-order wavelets per octave, 1..32
     * \param max_order 1 (orders 0 and 1) or 2
     * \param T low-pass scale in seconds; 0: 2^J samples; else rounded to
     *        2..2^20 samples
     * \param stride seconds between frames; 0: T; else rounded to 1..T
     *        samples (the block's decimation)
     * \param oversampling 0..6: the rate |x * psi| is sampled at doubles
     *        with each step (more work, less aliasing)
     * \param log output log(S + log_eps) instead of S
     * \param log_eps the offset of log, 1e-30..1e30
     */
    static sptr make(double sample_rate,
                     int J = 8,
                     int Q1 = 8,
                     int Q2 = 1,
                     int max_order = 2,
                     double T = 0.0,
                     double stride = 0.0,
                     int oversampling = 1,
                     bool log = false,
                     double log_eps = 1e-6);

    /*! Floats per output vector: 1 + order-1 count + order-2 count. */
    virtual int count() const = 0;
    /*! count() of a block made with these J, Q1, Q2 and max_order (for
     * GRC's port size; throws std::invalid_argument naming a bad one). */
    static int count_for(int J, int Q1, int Q2, int max_order);
    /*! One name per coefficient, in vector order ("s0", "s1_+12.5kHz",
     * "s2_+12.5kHz_1.2kHz", ...). */
    virtual std::vector<std::string> names() const = 0;
    /*! Order of each coefficient: 0, 1 or 2. */
    virtual std::vector<int> orders() const = 0;
    /*! Centre in Hz of each coefficient's last wavelet (signed at order 1;
     * 0 for order 0). */
    virtual std::vector<double> xi_hz() const = 0;
    /*! Half-power bandwidth in Hz of each coefficient's last wavelet (order
     * 0: the low-pass's). */
    virtual std::vector<double> bw_hz() const = 0;
    /*! Index in the vector of each order-2 coefficient's order-1 parent;
     * -1 for orders 0 and 1. */
    virtual std::vector<int> parents() const = 0;
    /*! Samples between frames (the decimation). */
    virtual int stride() const = 0;
    /*! Low-pass scale T in samples. */
    virtual int T_samples() const = 0;
    /*! Frame k comes out at the latest once input sample
     * k * stride() + latency() has arrived. */
    virtual int latency() const = 0;
};

typedef scattering_features_blk<gr_complex> scattering_features_cf;
typedef scattering_features_blk<float> scattering_features_ff;

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_SCATTERING_FEATURES_BLK_H */

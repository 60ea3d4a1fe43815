/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_IQWAV_SOURCE_H
#define INCLUDED_STFTCLEAN_IQWAV_SOURCE_H

#include <gnuradio/stftclean/api.h>
#include <gnuradio/sync_block.h>
#include <cstdint>
#include <string>

namespace gr {
namespace stftclean {

/*!
 * \brief Complex samples from an IQ recording: IQ WAV / RF64 (SDRuno, SDR#,
 * HDSDR), SigMF or raw cf32/ci16/ci8/cu8/f32.
 * \ingroup stftclean
 *
 * \details
 * Two-channel files give I (first channel) + jQ (second); one-channel files
 * (mono WAV, f32) give x + j0. Integer samples are scaled to [-1, 1). Like
 * a UHD source, the first sample carries the tags rx_rate (double, Hz),
 * rx_freq (double, Hz; only if the file stores a centre frequency) and
 * rx_time (tuple of uint64 full seconds and double fractional seconds since
 * 1970, only if the file stores a start time; a WAV auxi time is taken as
 * UTC), so a recording looks like the radio downstream. With repeat the file
 * restarts at its end and the tags are sent again on the restart's first
 * sample (rx_time then holds the original start). Corrupt files throw
 * std::invalid_argument with the reader's sentence at construction.
 */
class STFTCLEAN_API iqwav_source : virtual public gr::sync_block
{
public:
    typedef std::shared_ptr<iqwav_source> sptr;

    /*!
     * \param filename recording to read
     * \param repeat start over at the end (default false: the block is done)
     * \param swap_iq exchange I and Q
     * \param format "" (from the file's extension), "wav", "sigmf", "cf32",
     *        "ci16", "ci8", "cu8" or "f32"
     * \param sample_rate rate for raw files, which store none (Hz, > 0; it
     *        also replaces the rate a WAV or SigMF file gives); 0 uses the
     *        file's rate (raw files then tag no rx_rate)
     */
    static sptr make(const std::string& filename,
                     bool repeat = false,
                     bool swap_iq = false,
                     const std::string& format = "",
                     double sample_rate = 0.0);

    //! Sample rate in Hz (from the file, or the sample_rate argument).
    virtual double sample_rate() const = 0;
    //! Whether the file stores a centre frequency.
    virtual bool has_centre_freq() const = 0;
    //! Centre frequency in Hz stored in the file (see has_centre_freq()).
    virtual double centre_freq() const = 0;
    //! Whether the file stores a start time.
    virtual bool has_start_time() const = 0;
    //! Start time stored in the file, in seconds since 1970 (see has_start_time()).
    virtual double start_time() const = 0;
    //! Number of samples in the file.
    virtual uint64_t nsamples() const = 0;
    //! Channels in the file (2: I/Q, 1: real).
    virtual int channels() const = 0;
    //! Format name ("wav", "sigmf", "cf32", ...).
    virtual std::string format() const = 0;
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_IQWAV_SOURCE_H */

/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_IQWAV_SINK_H
#define INCLUDED_STFTCLEAN_IQWAV_SINK_H

#include <gnuradio/stftclean/api.h>
#include <gnuradio/sync_block.h>
#include <cstdint>
#include <string>

namespace gr {
namespace stftclean {

/*!
 * \brief Writes a complex stream as a two-channel IQ WAV (I left, Q right)
 * that SDRuno, SDR# and HDSDR open, with an auxi chunk holding the centre
 * frequency and start time.
 * \ingroup stftclean
 *
 * \details
 * The file is created when the first samples arrive, so that tags on the
 * first sample can fill in the metadata: rx_rate (if sample_rate is 0),
 * rx_freq (if centre_freq is 0) and rx_time (uint64 seconds, double
 * fraction; if start_time is empty), as a UHD source sends them. With
 * sample_rate 0 the first rx_rate tag may come later than the first sample
 * (behind a cleaner it comes latency() samples in): the samples before it,
 * up to 1048576, are held and written first, and rx_freq/rx_time up to it
 * count (the start time is moved back by the samples before its tag). Later
 * rx_freq changes are ignored (a WAV has one centre). The RIFF and data sizes
 * are patched every patch_interval seconds of samples and when the flowgraph
 * stops, so a stopped or killed flowgraph leaves a readable file; past 4 GiB
 * the file becomes RF64. PCM16 clips to [-1, 1); float32 stores values as
 * they are.
 */
class STFTCLEAN_API iqwav_sink : virtual public gr::sync_block
{
public:
    typedef std::shared_ptr<iqwav_sink> sptr;

    /*!
     * \param filename file to write (replaced)
     * \param sample_rate Hz, whole number 1..4294967295; 0 takes it from the
     *        first rx_rate tag within the first 1048576 samples (an error is
     *        logged and nothing written if none comes)
     * \param sample_format "pcm16" or "float32"
     * \param centre_freq centre frequency in Hz for the auxi chunk, whole Hz
     *        up to 4294967295 (0: from an rx_freq tag, or none)
     * \param start_time ISO 8601 UTC start time ("2024-05-09T12:30:15.125Z");
     *        "" takes an rx_time tag, or none
     * \param patch_interval seconds of samples between size patches, > 0
     *        and <= 86400
     */
    static sptr make(const std::string& filename,
                     double sample_rate,
                     const std::string& sample_format = "pcm16",
                     double centre_freq = 0.0,
                     const std::string& start_time = "",
                     double patch_interval = 1.0);

    //! Samples written so far.
    virtual uint64_t nwritten() const = 0;
    //! Centre frequency written to the auxi chunk (0 if none yet).
    virtual double centre_freq() const = 0;
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_IQWAV_SINK_H */

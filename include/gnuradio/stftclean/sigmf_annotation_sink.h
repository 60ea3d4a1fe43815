/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_SIGMF_ANNOTATION_SINK_H
#define INCLUDED_STFTCLEAN_SIGMF_ANNOTATION_SINK_H

#include <gnuradio/block.h>
#include <gnuradio/stftclean/api.h>
#include <pmt/pmt.h>
#include <string>

namespace gr {
namespace stftclean {

/*!
 * \brief Writes detection messages as SigMF annotations to a .sigmf-meta
 * file.
 * \ingroup stftclean
 *
 * \details
 * Message port "in" takes PMT dicts (or pairs whose car is a dict) with the
 * annotation fields, keys with or without the "core:" prefix: sample_start
 * (required, integer >= 0), sample_count, freq_lower_edge and
 * freq_upper_edge (absolute Hz), label, generator, and the module fields
 * snr_db and power_db (written as "stftclean:snr_db", "stftclean:power_db";
 * the namespace is declared optional in core:extensions). Every other
 * numeric "stftclean:NAME" entry of the dict (the burst detector's duration,
 * bandwidth, feature means and deviations) is written as "stftclean:NAME"
 * too, in the message's order. Edges may instead
 * be given as freq_lower_offset / freq_upper_offset (Hz from the centre):
 * they are made absolute when centre_freq is known. Messages without
 * sample_start are logged and dropped.
 *
 * The meta file is written when the flowgraph starts and rewritten
 * (complete, annotations sorted by sample_start, via a temporary file and a
 * rename) at once when a message arrives at least rewrite_interval seconds
 * after the last write; annotations that arrive sooner are written by a
 * timer rewrite_interval seconds after the last write, even if no further
 * message comes; and the file is rewritten when the flowgraph stops. A
 * stopped flowgraph leaves every annotation in a valid file, a killed one
 * all but those of the last rewrite_interval seconds. It describes the data file
 * NAME.sigmf-data beside it, or with dataset set, a non-conforming dataset (e.g. an IQ
 * WAV) whose samples start after header_bytes.
 */
class STFTCLEAN_API sigmf_annotation_sink : virtual public gr::block
{
public:
    typedef std::shared_ptr<sigmf_annotation_sink> sptr;

    /*!
     * \param filename meta file (NAME.sigmf-meta; the suffix is added if
     *        missing)
     * \param sample_rate Hz (> 0)
     * \param centre_freq Hz; 0 means unknown (no core:frequency)
     * \param datatype "cf32_le", "ci16_le", "ci8" or "cu8"
     * \param start_time ISO 8601 UTC time of sample 0 ("" none)
     * \param generator core:generator for messages without one (under 64
     *        bytes)
     * \param dataset "" or the file name of a non-conforming dataset (a bare
     *        name, in the meta file's folder)
     * \param header_bytes bytes before the samples in dataset
     * \param rewrite_interval seconds between rewrites (>= 0)
     */
    static sptr make(const std::string& filename,
                     double sample_rate,
                     double centre_freq = 0.0,
                     const std::string& datatype = "cf32_le",
                     const std::string& start_time = "",
                     const std::string& generator = "gr-stftclean",
                     const std::string& dataset = "",
                     uint64_t header_bytes = 0,
                     double rewrite_interval = 1.0);

    //! Adds one annotation as if it came in on the message port.
    virtual void add_annotation(const pmt::pmt_t& msg) = 0;
    //! Rewrites the meta file now.
    virtual void flush() = 0;
    //! Annotations held.
    virtual size_t count() const = 0;
    //! Meta file path.
    virtual std::string meta_path() const = 0;
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_SIGMF_ANNOTATION_SINK_H */

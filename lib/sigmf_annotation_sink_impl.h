/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_SIGMF_ANNOTATION_SINK_IMPL_H
#define INCLUDED_STFTCLEAN_SIGMF_ANNOTATION_SINK_IMPL_H

#include <gnuradio/stftclean/sigmf_annotation_sink.h>
#include <stftclean/sigmf.h>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace gr {
namespace stftclean {

/* Turns messages into core annotation records and has the core write the
 * meta file (sorted, atomic rename). */
class sigmf_annotation_sink_impl : public sigmf_annotation_sink
{
private:
    std::string d_path;
    stftc_sigmf_meta_t d_meta;
    std::string d_generator;
    const double d_interval;
    std::vector<stftc_sigmf_annotation_t> d_ann;
    std::chrono::steady_clock::time_point d_last_write;
    mutable std::mutex d_mutex;

    /* msg -> record; false with why filled if unusable. */
    bool
    parse(const pmt::pmt_t& msg, stftc_sigmf_annotation_t& a, std::string& why) const;
    void write_locked();
    void handle(const pmt::pmt_t& msg);

public:
    sigmf_annotation_sink_impl(const std::string& filename,
                               double sample_rate,
                               double centre_freq,
                               const std::string& datatype,
                               const std::string& start_time,
                               const std::string& generator,
                               const std::string& dataset,
                               uint64_t header_bytes,
                               double rewrite_interval);

    void add_annotation(const pmt::pmt_t& msg) override;
    void flush() override;
    size_t count() const override;
    std::string meta_path() const override { return d_path; }

    bool start() override;
    bool stop() override;
};

} // namespace stftclean
} // namespace gr

#endif

/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_SIGMF_ANNOTATION_SINK_IMPL_H
#define INCLUDED_STFTCLEAN_SIGMF_ANNOTATION_SINK_IMPL_H

#include <gnuradio/stftclean/sigmf_annotation_sink.h>
#include <condition_variable>
#include <stftclean/sigmf.h>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gr {
namespace stftclean {

/* Turns messages into core annotation records and has the core write the
 * meta file (sorted, atomic rename). A flusher thread (start() to stop())
 * rewrites the file once rewrite_interval has passed since the last write
 * whenever annotations are waiting, so a burst of messages followed by
 * silence reaches the file without waiting for another message. */
class sigmf_annotation_sink_impl : public sigmf_annotation_sink
{
private:
    /* one annotation with its extra stftclean:* numeric fields (the field
     * names point into names; a record never moves once made) */
    struct record {
        stftc_sigmf_annotation_t a;
        std::vector<std::string> names;
        std::vector<stftc_sigmf_field_t> fields;
    };

    std::string d_path;
    stftc_sigmf_meta_t d_meta;
    std::string d_generator;
    const double d_interval;
    std::vector<std::unique_ptr<record>> d_ann;
    std::chrono::steady_clock::time_point d_last_write;
    bool d_dirty = false; /* annotations added since the last write */
    bool d_quit = false;
    std::thread d_flusher;
    std::condition_variable d_cv;
    mutable std::mutex d_mutex;

    /* msg -> record; nullptr with why filled if unusable. */
    std::unique_ptr<record> parse(const pmt::pmt_t& msg, std::string& why) const;
    int write_meta_locked(stftc_error_t* err); /* STFTC_OK or err filled */
    void write_locked();                       /* errors to the log */
    void add_locked(std::unique_ptr<record> r);
    void handle(const pmt::pmt_t& msg);
    void flusher_loop();
    void stop_flusher();

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

    bool check_topology(int ninputs, int noutputs) override;
    bool start() override;
    bool stop() override;
    ~sigmf_annotation_sink_impl() override;
};

} // namespace stftclean
} // namespace gr

#endif

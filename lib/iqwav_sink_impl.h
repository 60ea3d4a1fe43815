/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_IQWAV_SINK_IMPL_H
#define INCLUDED_STFTCLEAN_IQWAV_SINK_IMPL_H

#include <gnuradio/stftclean/iqwav_sink.h>
#include <stftclean/iqfile.h>
#include <mutex>
#include <string>
#include <vector>

namespace gr {
namespace stftclean {

/* Hands the stream to the core IQ WAV writer. With a sample rate given, the
 * writer is created when the flowgraph starts (check_topology, in the
 * thread of tb.start(), so that a file that cannot be created raises there),
 * made again on the first work() call if the tags on sample 0 bring a
 * frequency or time that was not set (nothing is written by then), and
 * closed in stop(). With sample_rate 0 it is created at the first rx_rate
 * tag: the samples before it (a cleaner's latency puts the source's tag
 * latency() samples in) wait in a buffer of HOLD_MAX samples allocated at
 * start, and are written first. */
class iqwav_sink_impl : public iqwav_sink
{
private:
    const std::string d_filename;
    double d_rate;
    const stftc_wav_format_t d_format;
    double d_centre;
    bool d_have_time = false;
    stftc_systemtime_t d_time{};
    const double d_patch_s;
    stftc_iqwav_writer_t* d_w = nullptr;
    uint64_t d_written = 0;
    bool d_failed = false;
    bool d_tags_read = false;
    bool d_wrote = false;           /* samples written since start */
    std::vector<gr_complex> d_hold; /* samples before the rx_rate tag */
    size_t d_held = 0;
    uint64_t d_first = 0;    /* stream offset of the file's first sample */
    bool d_time_tag = false; /* an rx_time tag waits for the rate */
    int64_t d_time_secs = 0;
    double d_time_frac = 0.0;
    uint64_t d_time_offset = 0;
    mutable std::mutex d_mutex;

    /* d_mutex held. The metadata tags of this call's samples [0, end): with
     * the rate open, the first rx_rate and the rx_freq/rx_time up to it
     * (*rate_at: its index, or -1 if none). True if they changed the
     * metadata. */
    bool take_tags(int end, int* rate_at);
    void open_writer();  /* d_mutex held; throws */
    void close_writer(); /* d_mutex held */

public:
    static constexpr size_t HOLD_MAX = size_t(1) << 20;

    iqwav_sink_impl(const std::string& filename,
                    double sample_rate,
                    const std::string& sample_format,
                    double centre_freq,
                    const std::string& start_time,
                    double patch_interval);
    ~iqwav_sink_impl() override;

    uint64_t nwritten() const override;
    double centre_freq() const override;

    bool check_topology(int ninputs, int noutputs) override;
    bool stop() override;
    int work(int noutput_items,
             gr_vector_const_void_star& input_items,
             gr_vector_void_star& output_items) override;
};

} // namespace stftclean
} // namespace gr

#endif

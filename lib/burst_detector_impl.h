/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_BURST_DETECTOR_IMPL_H
#define INCLUDED_STFTCLEAN_BURST_DETECTOR_IMPL_H

#include <gnuradio/stftclean/burst_detector.h>
#include <pmt/pmt.h>
#include <stftclean/bursts.h>
#include <volk/volk_alloc.hh>
#include <atomic>
#include <deque>
#include <memory>

namespace gr {
namespace stftclean {

using bursts_ptr = std::unique_ptr<stftc_bursts_t, decltype(&stftc_bursts_destroy)>;

/* A sync block around one core bursts object. Output 0 is input 0 delayed
 * by the core's decision delay K (set_history(K + 1)), so that a burst's
 * start and end tags, known up to K frames late, still land on the vectors
 * of its first and last frames. */
class burst_detector_impl : public burst_detector
{
private:
    struct pending_tag {
        uint64_t offset;
        pmt::pmt_t key;
        pmt::pmt_t value;
    };

    bursts_ptr d_bursts;
    const size_t d_bins, d_delay;
    const bool d_mask_source;
    const pmt::pmt_t d_label;
    const uint64_t d_hop, d_wlen, d_frame_delay;
    bool d_have_gain = false;
    volk::vector<float> d_power;
    std::vector<double> d_fields;
    std::vector<pmt::pmt_t> d_field_keys;
    std::deque<pending_tag> d_tags;
    std::atomic<uint64_t> d_found{ 0 };

    void publish(const stftc_burst_t& ev);
    uint64_t tag_offset(uint64_t sample) const;

public:
    burst_detector_impl(bursts_ptr bursts,
                        const std::string& label,
                        uint64_t window_len,
                        uint64_t frame_delay);

    std::vector<std::string> field_names() const override;
    int delay_frames() const override { return static_cast<int>(d_delay); }
    uint64_t bursts_found() const override { return d_found.load(); }

    bool check_topology(int ninputs, int noutputs) override;
    bool stop() override;

    int work(int noutput_items,
             gr_vector_const_void_star& input_items,
             gr_vector_void_star& output_items) override;
};

} // namespace stftclean
} // namespace gr

#endif

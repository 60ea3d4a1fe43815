/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_STFT_IMPL_H
#define INCLUDED_STFTCLEAN_STFT_IMPL_H

#include "core_glue.h"
#include <gnuradio/io_signature.h>
#include <gnuradio/stftclean/stft_cc.h>
#include <gnuradio/stftclean/stft_fc.h>
#include <vector>

namespace gr {
namespace stftclean {

/* One implementation for stft_cc (in_t gr_complex) and stft_fc (in_t float).
 * A decimator by hop whose history holds the window_len - hop samples before
 * the newest hop: stftc_stft_analyze() reads frame j at in + j * hop. GNU
 * Radio starts the history with zeros, which is the core's zero prefix.
 * Tags are moved by hand: input sample t lands on frame floor(t / hop), the
 * frame whose newest hop holds t. (GNU Radio's all-to-all policy would round
 * t / hop to the nearest frame, putting a tag on a frame that has not yet
 * seen its sample.) */
template <class in_t, class base_t>
class stft_impl : public base_t
{
private:
    detail::stft_ptr d_st;
    const int d_fft_size;
    const int d_hop;
    const int d_window_len;
    const int d_bins;
    std::vector<gr::tag_t> d_tags; /* reused: no allocation in steady state */

public:
    stft_impl(const char* name, detail::stft_ptr st)
        : gr::sync_decimator(name,
                             gr::io_signature::make(1, 1, sizeof(in_t)),
                             gr::io_signature::make(
                                 1, 1, stftc_stft_bins(st.get()) * sizeof(gr_complex)),
                             static_cast<unsigned>(stftc_stft_config(st.get())->hop)),
          d_st(std::move(st)),
          d_fft_size(static_cast<int>(stftc_stft_config(d_st.get())->fft_size)),
          d_hop(static_cast<int>(stftc_stft_config(d_st.get())->hop)),
          d_window_len(static_cast<int>(stftc_stft_config(d_st.get())->window_len)),
          d_bins(static_cast<int>(stftc_stft_bins(d_st.get())))
    {
        /* window_len - hop past samples are needed; more are asked for only
         * to enlarge the upstream buffer (core_glue.h) and skipped in work() */
        this->set_history(detail::reach_history(d_hop, d_window_len - d_hop + 1));
        detail::set_min_output_buffer_quietly(
            *this,
            detail::frame_buffer_items(d_bins * sizeof(gr_complex)),
            this->d_debug_logger);
        this->set_tag_propagation_policy(gr::block::TPP_DONT);
    }

    int fft_size() const override { return d_fft_size; }
    int hop() const override { return d_hop; }
    int window_len() const override { return d_window_len; }
    int bins() const override { return d_bins; }
    int latency() const override { return d_window_len - d_hop; }

    int work(int noutput_items,
             gr_vector_const_void_star& input_items,
             gr_vector_void_star& output_items) override
    {
        const size_t unused = this->history() - (d_window_len - d_hop + 1);
        const float* in = static_cast<const float*>(input_items[0]) +
                          unused * (sizeof(in_t) / sizeof(float));
        float* out = static_cast<float*>(output_items[0]);
        if (stftc_stft_analyze(d_st.get(), in, noutput_items, out) != STFTC_OK)
            throw std::runtime_error("stft: stftc_stft_analyze failed");

        const uint64_t first = this->nitems_read(0);
        d_tags.clear();
        this->get_tags_in_range(
            d_tags, 0, first, first + static_cast<uint64_t>(noutput_items) * d_hop);
        for (auto& tag : d_tags) {
            tag.offset /= static_cast<uint64_t>(d_hop);
            this->add_item_tag(0, tag);
        }
        return noutput_items;
    }
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_STFT_IMPL_H */

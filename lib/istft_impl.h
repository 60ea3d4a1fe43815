/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_ISTFT_IMPL_H
#define INCLUDED_STFTCLEAN_ISTFT_IMPL_H

#include "core_glue.h"
#include <gnuradio/io_signature.h>
#include <gnuradio/stftclean/istft_cc.h>
#include <gnuradio/stftclean/istft_cf.h>
#include <vector>

namespace gr {
namespace stftclean {

/* One implementation for istft_cc (out_t gr_complex) and istft_cf (out_t
 * float): an interpolator by hop around the stateful core ISTFT.
 *
 * Tags are moved by hand: a tag on frame k goes to output sample
 * k * hop + latency, where the newest hop of that frame comes out. With the
 * STFT's all-to-all propagation (sample t -> frame floor(t / hop)) an
 * stft -> istft chain moves a tag on sample t to t + latency exactly when t
 * is a multiple of hop, and to floor(t / hop) * hop + latency otherwise. The
 * target lies at or after the first sample this call writes, so the tag is
 * never placed behind what downstream has already read. */
template <class out_t, class base_t>
class istft_impl : public base_t
{
private:
    detail::istft_ptr d_it;
    const int d_fft_size;
    const int d_hop;
    const int d_window_len;
    const int d_bins;
    std::vector<gr::tag_t> d_tags; /* reused: no allocation in steady state */

public:
    istft_impl(const char* name, detail::istft_ptr it)
        : gr::sync_interpolator(
              name,
              gr::io_signature::make(
                  1, 1, stftc_istft_bins(it.get()) * sizeof(gr_complex)),
              gr::io_signature::make(1, 1, sizeof(out_t)),
              static_cast<unsigned>(stftc_istft_config(it.get())->hop)),
          d_it(std::move(it)),
          d_fft_size(static_cast<int>(stftc_istft_config(d_it.get())->fft_size)),
          d_hop(static_cast<int>(stftc_istft_config(d_it.get())->hop)),
          d_window_len(static_cast<int>(stftc_istft_config(d_it.get())->window_len)),
          d_bins(static_cast<int>(stftc_istft_bins(d_it.get())))
    {
        this->set_tag_propagation_policy(gr::block::TPP_DONT);
        detail::set_min_output_buffer_quietly(
            *this, detail::sample_buffer_items(d_hop), this->d_debug_logger);
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
        const size_t nframes = static_cast<size_t>(noutput_items / d_hop);
        const float* in = static_cast<const float*>(input_items[0]);
        float* out = static_cast<float*>(output_items[0]);
        if (stftc_istft_process(d_it.get(), in, nframes, out) != STFTC_OK)
            throw std::runtime_error("istft: stftc_istft_process failed");

        const uint64_t first = this->nitems_read(0);
        d_tags.clear();
        this->get_tags_in_range(d_tags, 0, first, first + nframes);
        for (auto& tag : d_tags) {
            tag.offset = tag.offset * d_hop + static_cast<uint64_t>(latency());
            this->add_item_tag(0, tag);
        }
        return static_cast<int>(nframes) * d_hop;
    }
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_ISTFT_IMPL_H */

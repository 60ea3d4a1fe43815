/* -*- c++ -*- */
/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_SCATTERING_FEATURES_IMPL_H
#define INCLUDED_STFTCLEAN_SCATTERING_FEATURES_IMPL_H

#include "core_glue.h"
#include <gnuradio/io_signature.h>
#include <gnuradio/stftclean/scattering_features_blk.h>
#include <stftclean/scattering.h>
#include <algorithm>
#include <memory>
#include <numeric>
#include <vector>

namespace gr {
namespace stftclean {

namespace detail {
using scattering_ptr =
    std::unique_ptr<stftc_scattering_t, decltype(&stftc_scattering_destroy)>;
}

/* scattering_features_blk<T>: _cf (T gr_complex) and _ff (T float).
 *
 * A gr::block, not a sync_decimator: the core writes frames a batch (hop /
 * stride frames) at a time, each once its block of samples is full, and
 * output item k is exactly frame k. work() hands the core every sample it
 * may take without writing more frames than the output has room for
 * (stftc_scattering_samples_for), so the core holds the pending samples and
 * no input is ever kept back: forecast() asks only for the samples up to
 * the next batch, capped at hop / 2, which the upstream buffer always holds
 * (GNU Radio sizes it at least 2 * decimation * output_multiple = 2 hop).
 *
 * Tags are moved by hand: input sample t goes to item floor(t / stride).
 * Before this call the core had written F frames, so it had received
 * sample (F - 1) * stride + support + stride - 1 >= F * stride: a sample
 * taken now maps to an item at or after the first one this call writes. */
template <class T>
class scattering_features_impl : public scattering_features_blk<T>
{
private:
    detail::scattering_ptr d_sc;
    const size_t d_count;
    const size_t d_stride;
    const size_t d_batch; /* frames per hop: the output multiple */
    const size_t d_hop;
    std::vector<gr::tag_t> d_tags; /* reused: no allocation in steady state */

    /* two batches at least, and whole pages: GNU Radio rounds a buffer up
     * to whole pages of 4096 bytes (and warns when that more than doubles
     * it, as it would for 2 batches of an odd vector size) */
    long buffer_items() const
    {
        const size_t bytes = d_count * sizeof(float);
        const size_t page_items = 4096 / std::gcd(bytes, static_cast<size_t>(4096));
        const size_t want =
            std::max<size_t>(detail::frame_buffer_items(bytes), 2 * d_batch);
        return static_cast<long>((want + page_items - 1) / page_items * page_items);
    }

public:
    scattering_features_impl(const char* name, detail::scattering_ptr sc)
        : gr::block(name,
                    gr::io_signature::make(1, 1, sizeof(T)),
                    gr::io_signature::make(
                        1, 1, stftc_scattering_count(sc.get()) * sizeof(float))),
          d_sc(std::move(sc)),
          d_count(stftc_scattering_count(d_sc.get())),
          d_stride(stftc_scattering_stride(d_sc.get())),
          d_batch(stftc_scattering_hop(d_sc.get()) / d_stride),
          d_hop(stftc_scattering_hop(d_sc.get()))
    {
        this->set_output_multiple(static_cast<int>(d_batch));
        this->set_relative_rate(1, d_stride);
        this->set_tag_propagation_policy(gr::block::TPP_DONT);
        detail::set_min_output_buffer_quietly(
            *this, buffer_items(), this->d_debug_logger);
    }

    int count() const override { return static_cast<int>(d_count); }
    std::vector<std::string> names() const override
    {
        std::vector<std::string> out;
        for (size_t i = 0; i < d_count; i++)
            out.emplace_back(stftc_scattering_name(d_sc.get(), i));
        return out;
    }
    std::vector<int> orders() const override
    {
        const stftc_scattering_coef_t* co = stftc_scattering_coefs(d_sc.get());
        std::vector<int> out;
        for (size_t i = 0; i < d_count; i++)
            out.push_back(co[i].order);
        return out;
    }
    std::vector<double> xi_hz() const override
    {
        const stftc_scattering_coef_t* co = stftc_scattering_coefs(d_sc.get());
        std::vector<double> out;
        for (size_t i = 0; i < d_count; i++)
            out.push_back(co[i].xi_hz);
        return out;
    }
    std::vector<double> bw_hz() const override
    {
        const stftc_scattering_coef_t* co = stftc_scattering_coefs(d_sc.get());
        std::vector<double> out;
        for (size_t i = 0; i < d_count; i++)
            out.push_back(co[i].bw_hz);
        return out;
    }
    std::vector<int> parents() const override
    {
        const stftc_scattering_coef_t* co = stftc_scattering_coefs(d_sc.get());
        std::vector<int> out;
        for (size_t i = 0; i < d_count; i++)
            out.push_back(static_cast<int>(co[i].parent));
        return out;
    }
    int stride() const override { return static_cast<int>(d_stride); }
    int T_samples() const override
    {
        return static_cast<int>(stftc_scattering_T(d_sc.get()));
    }
    int latency() const override
    {
        return static_cast<int>(stftc_scattering_latency(d_sc.get()));
    }

    void forecast(int noutput_items, gr_vector_int& ninput_items_required) override
    {
        const size_t need = stftc_scattering_samples_for(
            d_sc.get(), static_cast<size_t>(std::max(noutput_items, 1)));
        ninput_items_required[0] =
            static_cast<int>(std::max<size_t>(1, std::min(need, d_hop / 2)));
    }

    int general_work(int noutput_items,
                     gr_vector_int& ninput_items,
                     gr_vector_const_void_star& input_items,
                     gr_vector_void_star& output_items) override
    {
        /* the most samples that write at most the whole batches there is
         * room for */
        const size_t room = static_cast<size_t>(noutput_items) / d_batch * d_batch;
        const size_t limit = stftc_scattering_samples_for(d_sc.get(), room + 1) - 1;
        const size_t n = std::min(static_cast<size_t>(ninput_items[0]), limit);
        const float* in = static_cast<const float*>(input_items[0]);
        float* out = static_cast<float*>(output_items[0]);
        const size_t frames = stftc_scattering_process(d_sc.get(), in, n, out);

        const uint64_t first = this->nitems_read(0);
        d_tags.clear();
        this->get_tags_in_range(d_tags, 0, first, first + n);
        for (auto& tag : d_tags) {
            tag.offset /= static_cast<uint64_t>(d_stride);
            this->add_item_tag(0, tag);
        }
        this->consume(0, static_cast<int>(n));
        return static_cast<int>(frames);
    }
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_SCATTERING_FEATURES_IMPL_H */

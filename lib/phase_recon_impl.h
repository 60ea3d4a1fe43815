/* -*- c++ -*- */
/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_PHASE_RECON_IMPL_H
#define INCLUDED_STFTCLEAN_PHASE_RECON_IMPL_H

#include <gnuradio/io_signature.h>
#include <gnuradio/stftclean/phase_recon_fc.h>
#include <gnuradio/stftclean/phase_recon_ff.h>
#include <stftclean/phase.h>
#include <memory>
#include <stdexcept>
#include <vector>

namespace gr {
namespace stftclean {

namespace detail {
using rtpghi_ptr = std::unique_ptr<stftc_rtpghi_t, decltype(&stftc_rtpghi_destroy)>;
/* method name -> core config (throws std::invalid_argument naming the bad
 * parameter) and the core object */
rtpghi_ptr create_rtpghi(int fft_size,
                         int hop,
                         const std::string& window,
                         int window_len,
                         const std::string& method,
                         double tol,
                         bool centered,
                         stftc_sample_t type);
} // namespace detail

/* One implementation for phase_recon_fc (out_t gr_complex) and
 * phase_recon_ff (out_t float): an interpolator by hop around the core's
 * streaming real-time PGHI (which includes the ISTFT). Tags on frame k go to
 * output sample k * hop + latency, as in the ISTFT blocks. */
template <class out_t, class base_t>
class phase_recon_impl : public base_t
{
private:
    detail::rtpghi_ptr d_rt;
    const int d_fft_size;
    const int d_hop;
    const int d_window_len;
    const int d_bins;
    const std::string d_method;
    std::vector<gr::tag_t> d_tags; /* reused: no allocation in steady state */

public:
    phase_recon_impl(const char* name, detail::rtpghi_ptr rt, const std::string& method)
        : gr::sync_interpolator(
              name,
              gr::io_signature::make(1, 1, stftc_rtpghi_bins(rt.get()) * sizeof(float)),
              gr::io_signature::make(1, 1, sizeof(out_t)),
              static_cast<unsigned>(stftc_rtpghi_config(rt.get())->stft.hop)),
          d_rt(std::move(rt)),
          d_fft_size(static_cast<int>(stftc_rtpghi_config(d_rt.get())->stft.fft_size)),
          d_hop(static_cast<int>(stftc_rtpghi_config(d_rt.get())->stft.hop)),
          d_window_len(
              static_cast<int>(stftc_rtpghi_config(d_rt.get())->stft.window_len)),
          d_bins(static_cast<int>(stftc_rtpghi_bins(d_rt.get()))),
          d_method(method)
    {
        this->set_tag_propagation_policy(gr::block::TPP_DONT);
    }

    int fft_size() const override { return d_fft_size; }
    int hop() const override { return d_hop; }
    int window_len() const override { return d_window_len; }
    int bins() const override { return d_bins; }
    std::string method() const override { return d_method; }
    int latency() const override
    {
        return static_cast<int>(stftc_rtpghi_latency(d_rt.get()));
    }

    int work(int noutput_items,
             gr_vector_const_void_star& input_items,
             gr_vector_void_star& output_items) override
    {
        const size_t nframes = static_cast<size_t>(noutput_items / d_hop);
        const float* in = static_cast<const float*>(input_items[0]);
        float* out = static_cast<float*>(output_items[0]);
        if (stftc_rtpghi_process(d_rt.get(), in, nframes, out) != STFTC_OK)
            throw std::runtime_error("phase_recon: stftc_rtpghi_process failed");

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

#endif /* INCLUDED_STFTCLEAN_PHASE_RECON_IMPL_H */

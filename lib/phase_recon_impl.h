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
using rtisila_ptr = std::unique_ptr<stftc_rtisila_t, decltype(&stftc_rtisila_destroy)>;

/* The core object behind a phase_recon block: RTPGHI or RTISI-LA. */
struct phase_engine {
    rtpghi_ptr rt{ nullptr, &stftc_rtpghi_destroy };
    rtisila_ptr rs{ nullptr, &stftc_rtisila_destroy };
    stftc_stft_config_t cfg{};
    size_t bins = 0, latency = 0, lookahead = 0;
    int process(const float* mag, size_t nframes, float* out)
    {
        return rt ? stftc_rtpghi_process(rt.get(), mag, nframes, out)
                  : stftc_rtisila_process(rs.get(), mag, nframes, out);
    }
};

/* Block arguments -> core object; throws std::invalid_argument naming the
 * bad parameter. */
phase_engine create_phase_engine(int fft_size,
                                 int hop,
                                 const std::string& window,
                                 int window_len,
                                 const std::string& method,
                                 double tol,
                                 int lookahead,
                                 int iterations,
                                 double momentum,
                                 bool centered,
                                 stftc_sample_t type);
} // namespace detail

/* One implementation for phase_recon_fc (out_t gr_complex) and
 * phase_recon_ff (out_t float): an interpolator by hop around the core's
 * streaming RTPGHI or RTISI-LA (both include the ISTFT). Tags on frame k go to
 * output sample k * hop + latency, as in the ISTFT blocks. */
template <class out_t, class base_t>
class phase_recon_impl : public base_t
{
private:
    detail::phase_engine d_eng;
    const int d_fft_size;
    const int d_hop;
    const int d_window_len;
    const int d_bins;
    const std::string d_method;
    std::vector<gr::tag_t> d_tags; /* reused: no allocation in steady state */

public:
    phase_recon_impl(const char* name,
                     detail::phase_engine eng,
                     const std::string& method)
        : gr::sync_interpolator(name,
                                gr::io_signature::make(1, 1, eng.bins * sizeof(float)),
                                gr::io_signature::make(1, 1, sizeof(out_t)),
                                static_cast<unsigned>(eng.cfg.hop)),
          d_eng(std::move(eng)),
          d_fft_size(static_cast<int>(d_eng.cfg.fft_size)),
          d_hop(static_cast<int>(d_eng.cfg.hop)),
          d_window_len(static_cast<int>(d_eng.cfg.window_len)),
          d_bins(static_cast<int>(d_eng.bins)),
          d_method(method)
    {
        this->set_tag_propagation_policy(gr::block::TPP_DONT);
    }

    int fft_size() const override { return d_fft_size; }
    int hop() const override { return d_hop; }
    int window_len() const override { return d_window_len; }
    int bins() const override { return d_bins; }
    std::string method() const override { return d_method; }
    int lookahead() const override { return static_cast<int>(d_eng.lookahead); }
    int latency() const override { return static_cast<int>(d_eng.latency); }

    int work(int noutput_items,
             gr_vector_const_void_star& input_items,
             gr_vector_void_star& output_items) override
    {
        const size_t nframes = static_cast<size_t>(noutput_items / d_hop);
        const float* in = static_cast<const float*>(input_items[0]);
        float* out = static_cast<float*>(output_items[0]);
        if (d_eng.process(in, nframes, out) != STFTC_OK)
            throw std::runtime_error("phase_recon: the core's process call failed");

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

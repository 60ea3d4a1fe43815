/* -*- c++ -*- */
/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "core_glue.h"
#include "phase_recon_impl.h"

namespace gr {
namespace stftclean {

namespace detail {
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
                                 stftc_sample_t type)
{
    const stftc_stft_config_t scfg =
        make_stft_config(fft_size, hop, window, window_len, centered, type);
    /* checked whatever the method, as every other parameter is */
    if (!(momentum >= 0.0 && momentum <= 1.5))
        throw std::invalid_argument("momentum: must be in [0, 1.5], got " +
                                    std::to_string(momentum));
    install_planner_lock();
    phase_engine eng;
    stftc_error_t err;
    if (method == "rtpghi" || method == "rtpghi-causal") {
        stftc_rtpghi_config_t cfg = stftc_rtpghi_config_default();
        cfg.stft = scfg;
        cfg.lookahead = method == "rtpghi" ? 1 : 0;
        cfg.tol = tol;
        stftc_rtpghi_t* rt = stftc_rtpghi_create(&cfg, &err);
        if (!rt)
            throw_core_error(err);
        eng.rt.reset(rt);
        eng.cfg = stftc_rtpghi_config(rt)->stft;
        eng.bins = stftc_rtpghi_bins(rt);
        eng.latency = stftc_rtpghi_latency(rt);
        eng.lookahead = static_cast<size_t>(cfg.lookahead);
    } else if (method == "rtisila") {
        if (lookahead < 0)
            throw std::invalid_argument("lookahead: must be in [0, 16] frames, got " +
                                        std::to_string(lookahead));
        if (iterations < 1)
            throw std::invalid_argument("iterations: must be in [1, 100], got " +
                                        std::to_string(iterations));
        stftc_rtisila_config_t cfg = stftc_rtisila_config_default();
        cfg.stft = scfg;
        cfg.lookahead = static_cast<size_t>(lookahead);
        cfg.iterations = static_cast<size_t>(iterations);
        cfg.momentum = momentum;
        cfg.tol = tol;
        stftc_rtisila_t* rs = stftc_rtisila_create(&cfg, &err);
        if (!rs)
            throw_core_error(err);
        eng.rs.reset(rs);
        eng.cfg = stftc_rtisila_config(rs)->stft;
        eng.bins = stftc_rtisila_bins(rs);
        eng.latency = stftc_rtisila_latency(rs);
        eng.lookahead = cfg.lookahead;
    } else {
        throw std::invalid_argument(
            "method: must be \"rtpghi\" (one frame of "
            "look-ahead), \"rtpghi-causal\" or \"rtisila\", got \"" +
            method + "\"");
    }
    return eng;
}
} // namespace detail

phase_recon_fc::sptr phase_recon_fc::make(int fft_size,
                                          int hop,
                                          const std::string& window,
                                          int window_len,
                                          const std::string& method,
                                          double tol,
                                          int lookahead,
                                          int iterations,
                                          bool centered,
                                          double momentum)
{
    return gnuradio::make_block_sptr<phase_recon_impl<gr_complex, phase_recon_fc>>(
        "phase_recon_fc",
        detail::create_phase_engine(fft_size,
                                    hop,
                                    window,
                                    window_len,
                                    method,
                                    tol,
                                    lookahead,
                                    iterations,
                                    momentum,
                                    centered,
                                    STFTC_COMPLEX),
        method);
}

phase_recon_ff::sptr phase_recon_ff::make(int fft_size,
                                          int hop,
                                          const std::string& window,
                                          int window_len,
                                          const std::string& method,
                                          double tol,
                                          int lookahead,
                                          int iterations,
                                          double momentum)
{
    return gnuradio::make_block_sptr<phase_recon_impl<float, phase_recon_ff>>(
        "phase_recon_ff",
        detail::create_phase_engine(fft_size,
                                    hop,
                                    window,
                                    window_len,
                                    method,
                                    tol,
                                    lookahead,
                                    iterations,
                                    momentum,
                                    false,
                                    STFTC_REAL),
        method);
}

template class phase_recon_impl<gr_complex, phase_recon_fc>;
template class phase_recon_impl<float, phase_recon_ff>;

} // namespace stftclean
} // namespace gr

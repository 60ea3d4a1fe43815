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
rtpghi_ptr create_rtpghi(int fft_size,
                         int hop,
                         const std::string& window,
                         int window_len,
                         const std::string& method,
                         double tol,
                         bool centered,
                         stftc_sample_t type)
{
    stftc_rtpghi_config_t cfg = stftc_rtpghi_config_default();
    cfg.stft = make_stft_config(fft_size, hop, window, window_len, centered, type);
    if (method == "rtpghi")
        cfg.lookahead = 1;
    else if (method == "rtpghi-causal")
        cfg.lookahead = 0;
    else
        throw std::invalid_argument("method: must be \"rtpghi\" (one frame of "
                                    "look-ahead) or \"rtpghi-causal\", got \"" +
                                    method + "\"");
    cfg.tol = tol;
    install_planner_lock();
    stftc_error_t err;
    stftc_rtpghi_t* rt = stftc_rtpghi_create(&cfg, &err);
    if (!rt)
        throw_core_error(err);
    return rtpghi_ptr(rt, &stftc_rtpghi_destroy);
}
} // namespace detail

phase_recon_fc::sptr phase_recon_fc::make(int fft_size,
                                          int hop,
                                          const std::string& window,
                                          int window_len,
                                          const std::string& method,
                                          double tol,
                                          bool centered)
{
    return gnuradio::make_block_sptr<phase_recon_impl<gr_complex, phase_recon_fc>>(
        "phase_recon_fc",
        detail::create_rtpghi(
            fft_size, hop, window, window_len, method, tol, centered, STFTC_COMPLEX),
        method);
}

phase_recon_ff::sptr phase_recon_ff::make(int fft_size,
                                          int hop,
                                          const std::string& window,
                                          int window_len,
                                          const std::string& method,
                                          double tol)
{
    return gnuradio::make_block_sptr<phase_recon_impl<float, phase_recon_ff>>(
        "phase_recon_ff",
        detail::create_rtpghi(
            fft_size, hop, window, window_len, method, tol, false, STFTC_REAL),
        method);
}

template class phase_recon_impl<gr_complex, phase_recon_fc>;
template class phase_recon_impl<float, phase_recon_ff>;

} // namespace stftclean
} // namespace gr

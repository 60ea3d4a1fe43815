/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "cleaner_impl.h"

namespace gr {
namespace stftclean {

/* sample_rate 0 (from the stream): built and checked at a provisional rate
 * until the rx_rate tag comes (cleaner_impl::take_stream_rate) */
static stftc_cleaner_config_t provisional(const stftc_cleaner_config_t& cfg)
{
    stftc_cleaner_config_t c = cfg;
    c.mask = detail::rate_pending_config(cfg.mask);
    return c;
}

cleaner_cc::sptr cleaner_cc::make(int fft_size,
                                  int hop,
                                  const std::string& window,
                                  const std::string& mask,
                                  double threshold_db,
                                  double floor_db,
                                  const std::vector<float>& bands,
                                  bool band_reject,
                                  double sample_rate,
                                  int window_len,
                                  bool centered,
                                  double noise_window,
                                  double region_time,
                                  double region_freq,
                                  double lookahead,
                                  double pfa,
                                  double hysteresis_db,
                                  double hang_time,
                                  double gate_slope_db,
                                  double xi_min_db,
                                  double dd_alpha,
                                  int lines,
                                  double line_db,
                                  int impulse,
                                  double impulse_db,
                                  double smooth_time,
                                  double smooth_freq,
                                  bool bypass,
                                  int presence)
{
    stftc_cleaner_config_t cfg = stftc_cleaner_config_default();
    cfg.stft = detail::make_stft_config(
        fft_size, hop, window, window_len, centered, STFTC_COMPLEX);
    cfg.mask = detail::make_mask_config(
        mask, threshold_db, floor_db, bands, band_reject, sample_rate);
    detail::set_estimator_fields(cfg.mask,
                                 noise_window,
                                 region_time,
                                 region_freq,
                                 lookahead,
                                 presence,
                                 pfa,
                                 hysteresis_db,
                                 hang_time,
                                 gate_slope_db,
                                 xi_min_db,
                                 dd_alpha,
                                 lines,
                                 line_db,
                                 impulse,
                                 impulse_db,
                                 smooth_time,
                                 smooth_freq,
                                 bypass);
    return gnuradio::make_block_sptr<cleaner_impl<gr_complex, cleaner_cc>>(
        "cleaner_cc", cfg, detail::create_cleaner(provisional(cfg)));
}

cleaner_ff::sptr cleaner_ff::make(int fft_size,
                                  int hop,
                                  const std::string& window,
                                  const std::string& mask,
                                  double threshold_db,
                                  double floor_db,
                                  const std::vector<float>& bands,
                                  bool band_reject,
                                  double sample_rate,
                                  int window_len,
                                  double noise_window,
                                  double region_time,
                                  double region_freq,
                                  double lookahead,
                                  double pfa,
                                  double hysteresis_db,
                                  double hang_time,
                                  double gate_slope_db,
                                  double xi_min_db,
                                  double dd_alpha,
                                  int lines,
                                  double line_db,
                                  int impulse,
                                  double impulse_db,
                                  double smooth_time,
                                  double smooth_freq,
                                  bool bypass,
                                  int presence)
{
    stftc_cleaner_config_t cfg = stftc_cleaner_config_default();
    cfg.stft =
        detail::make_stft_config(fft_size, hop, window, window_len, false, STFTC_REAL);
    cfg.mask = detail::make_mask_config(
        mask, threshold_db, floor_db, bands, band_reject, sample_rate);
    detail::set_estimator_fields(cfg.mask,
                                 noise_window,
                                 region_time,
                                 region_freq,
                                 lookahead,
                                 presence,
                                 pfa,
                                 hysteresis_db,
                                 hang_time,
                                 gate_slope_db,
                                 xi_min_db,
                                 dd_alpha,
                                 lines,
                                 line_db,
                                 impulse,
                                 impulse_db,
                                 smooth_time,
                                 smooth_freq,
                                 bypass);
    return gnuradio::make_block_sptr<cleaner_impl<float, cleaner_ff>>(
        "cleaner_ff", cfg, detail::create_cleaner(provisional(cfg)));
}

template class cleaner_impl<gr_complex, cleaner_cc>;
template class cleaner_impl<float, cleaner_ff>;

} // namespace stftclean
} // namespace gr

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

namespace {
stftc_cleaner_config_t make_cleaner_config(int fft_size,
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
                                           stftc_sample_t sample_type)
{
    stftc_cleaner_config_t cfg = stftc_cleaner_config_default();
    cfg.stft = detail::make_stft_config(
        fft_size, hop, window, window_len, centered, sample_type);
    cfg.mask = detail::make_mask_config(
        mask, threshold_db, floor_db, bands, band_reject, sample_rate);
    return cfg;
}
} // namespace

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
                                  bool centered)
{
    auto cfg = make_cleaner_config(fft_size,
                                   hop,
                                   window,
                                   mask,
                                   threshold_db,
                                   floor_db,
                                   bands,
                                   band_reject,
                                   sample_rate,
                                   window_len,
                                   centered,
                                   STFTC_COMPLEX);
    return gnuradio::make_block_sptr<cleaner_impl<gr_complex, cleaner_cc>>(
        "cleaner_cc", detail::create_cleaner(cfg));
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
                                  int window_len)
{
    auto cfg = make_cleaner_config(fft_size,
                                   hop,
                                   window,
                                   mask,
                                   threshold_db,
                                   floor_db,
                                   bands,
                                   band_reject,
                                   sample_rate,
                                   window_len,
                                   false,
                                   STFTC_REAL);
    return gnuradio::make_block_sptr<cleaner_impl<float, cleaner_ff>>(
        "cleaner_ff", detail::create_cleaner(cfg));
}

template class cleaner_impl<gr_complex, cleaner_cc>;
template class cleaner_impl<float, cleaner_ff>;

} // namespace stftclean
} // namespace gr

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

/* The framing first (its errors name fft_size, hop, window, window_len,
 * centered), then the mask config given by the caller (build_mask). */
template <class T>
typename cleaner_blk<T>::sptr
build(int fft_size,
      int hop,
      const std::string& window,
      int window_len,
      bool centered,
      int threads,
      const std::function<stftc_mask_config_t()>& build_mask)
{
    constexpr bool is_complex = cleaner_impl<T>::is_complex;
    if (!is_complex && centered)
        throw std::invalid_argument(
            "centered: DC-centred bin order is for complex input (cleaner_cc) only");
    stftc_cleaner_config_t cfg = stftc_cleaner_config_default();
    cfg.stft = detail::make_stft_config(fft_size,
                                        hop,
                                        window,
                                        window_len,
                                        centered,
                                        is_complex ? STFTC_COMPLEX : STFTC_REAL);
    cfg.mask = build_mask();
    cfg.threads = threads;
    /* sample_rate 0 (from the stream): built and checked at a provisional
     * rate until the rx_rate tag comes (cleaner_impl::take_stream_rate) */
    stftc_cleaner_config_t provisional = cfg;
    provisional.mask = detail::rate_pending_config(cfg.mask);
    return gnuradio::make_block_sptr<cleaner_impl<T>>(
        cfg, detail::create_cleaner(provisional));
}

} // namespace

template <class T>
typename cleaner_blk<T>::sptr cleaner_blk<T>::make(int fft_size,
                                                   int hop,
                                                   const std::string& window,
                                                   const std::string& mask,
                                                   const std::string& args,
                                                   double sample_rate,
                                                   int window_len,
                                                   bool centered,
                                                   int threads)
{
    return build<T>(fft_size, hop, window, window_len, centered, threads, [&] {
        return detail::make_mask_config(mask, sample_rate, args);
    });
}

template <class T>
typename cleaner_blk<T>::sptr cleaner_blk<T>::make(int fft_size,
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
    return build<T>(fft_size, hop, window, window_len, false, 1, [&] {
        stftc_mask_config_t m = detail::make_mask_config(mask, sample_rate, "");
        detail::set_legacy_fields(m, threshold_db, floor_db, bands, band_reject);
        return m;
    });
}

template class cleaner_blk<gr_complex>;
template class cleaner_blk<float>;
template class cleaner_impl<gr_complex>;
template class cleaner_impl<float>;

} // namespace stftclean
} // namespace gr

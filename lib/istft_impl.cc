/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "istft_impl.h"

namespace gr {
namespace stftclean {

istft_cc::sptr istft_cc::make(
    int fft_size, int hop, const std::string& window, int window_len, bool centered)
{
    auto cfg = detail::make_stft_config(
        fft_size, hop, window, window_len, centered, STFTC_COMPLEX);
    return gnuradio::make_block_sptr<istft_impl<gr_complex, istft_cc>>(
        "istft_cc", detail::create_istft(cfg));
}

istft_cf::sptr
istft_cf::make(int fft_size, int hop, const std::string& window, int window_len)
{
    auto cfg =
        detail::make_stft_config(fft_size, hop, window, window_len, false, STFTC_REAL);
    return gnuradio::make_block_sptr<istft_impl<float, istft_cf>>(
        "istft_cf", detail::create_istft(cfg));
}

template class istft_impl<gr_complex, istft_cc>;
template class istft_impl<float, istft_cf>;

} // namespace stftclean
} // namespace gr

/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "stft_impl.h"
#include <gnuradio/io_signature.h>

namespace gr {
namespace stftclean {

/* The core handle is created (and the arguments validated) before the block
 * base classes are built, so bad arguments never reach GNU Radio. */
stft_cc::sptr stft_cc::make(
    int fft_size, int hop, const std::string& window, int window_len, bool centered)
{
    auto cfg = detail::make_stft_config(
        fft_size, hop, window, window_len, centered, STFTC_COMPLEX);
    return gnuradio::make_block_sptr<stft_impl<gr_complex, stft_cc>>(
        "stft_cc", detail::create_stft(cfg));
}

stft_fc::sptr
stft_fc::make(int fft_size, int hop, const std::string& window, int window_len)
{
    auto cfg =
        detail::make_stft_config(fft_size, hop, window, window_len, false, STFTC_REAL);
    return gnuradio::make_block_sptr<stft_impl<float, stft_fc>>("stft_fc",
                                                                detail::create_stft(cfg));
}

template class stft_impl<gr_complex, stft_cc>;
template class stft_impl<float, stft_fc>;

} // namespace stftclean
} // namespace gr

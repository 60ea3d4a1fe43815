/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Glue between the blocks and the C core: owning handles, config building
 * from block arguments, core errors turned into exceptions. Not installed. */
#ifndef INCLUDED_STFTCLEAN_CORE_GLUE_H
#define INCLUDED_STFTCLEAN_CORE_GLUE_H

#include <stftclean/cleaner.h>
#include <stftclean/stft.h>
#include <memory>
#include <string>
#include <vector>

namespace gr {
namespace stftclean {
namespace detail {

using stft_ptr = std::unique_ptr<stftc_stft_t, decltype(&stftc_stft_destroy)>;
using istft_ptr = std::unique_ptr<stftc_istft_t, decltype(&stftc_istft_destroy)>;
using cleaner_ptr = std::unique_ptr<stftc_cleaner_t, decltype(&stftc_cleaner_destroy)>;
using mask_ptr = std::unique_ptr<stftc_mask_t, decltype(&stftc_mask_destroy)>;

/* Point the core's FFTW planner hook at gr::fft::planner::mutex() (once per
 * process; every factory calls it before creating a core object). */
void install_planner_lock();

/* Throws std::invalid_argument carrying the core's sentence, which starts
 * with the name of the bad parameter. */
[[noreturn]] void throw_core_error(const stftc_error_t& err);

/* Block arguments -> core framing config; throws std::invalid_argument for
 * negative sizes and unknown windows. Range checks are left to the core. */
stftc_stft_config_t make_stft_config(int fft_size,
                                     int hop,
                                     const std::string& window,
                                     int window_len,
                                     bool centered,
                                     stftc_sample_t sample_type);

/* Block arguments -> core mask config (type parsed, bands copied); throws
 * std::invalid_argument for an unknown mask name or an odd/oversized bands
 * list. Value ranges are checked by the core. */
stftc_mask_config_t make_mask_config(const std::string& mask,
                                     double threshold_db,
                                     double floor_db,
                                     const std::vector<float>& bands,
                                     bool band_reject,
                                     double sample_rate);

/* Copy a flat lo, hi list into a mask config (throws on odd/oversized). */
void set_mask_bands(stftc_mask_config_t& mcfg,
                    const std::vector<float>& bands,
                    bool band_reject);

/* Throws std::invalid_argument unless mcfg is valid for scfg. */
void check_mask_config(const stftc_mask_config_t& mcfg, const stftc_stft_config_t& scfg);

stft_ptr create_stft(const stftc_stft_config_t& cfg);
istft_ptr create_istft(const stftc_stft_config_t& cfg);
cleaner_ptr create_cleaner(const stftc_cleaner_config_t& cfg);
/* scfg in natural bin order (centered 0): the mask objects see natural order */
mask_ptr create_mask(const stftc_mask_config_t& mcfg, const stftc_stft_config_t& scfg);

} // namespace detail
} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_CORE_GLUE_H */

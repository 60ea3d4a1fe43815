/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "core_glue.h"
#include <stftclean/mask.h>
#include <stftclean/mask_fields.h>
#include <stftclean/window.h>
#include <cmath>
#include <stdexcept>

namespace gr {
namespace stftclean {
namespace detail {

void throw_core_error(const stftc_error_t& err)
{
    if (err.msg[0] != '\0')
        throw std::invalid_argument(err.msg);
    throw std::invalid_argument(std::string("stftclean: ") + stftc_strerror(err.code));
}

namespace {
size_t non_negative(int value, const char* name, const char* range)
{
    if (value < 0)
        throw std::invalid_argument(std::string(name) + ": must be " + range + ", got " +
                                    std::to_string(value));
    return static_cast<size_t>(value);
}
} // namespace

stftc_stft_config_t make_stft_config(int fft_size,
                                     int hop,
                                     const std::string& window,
                                     int window_len,
                                     bool centered,
                                     stftc_sample_t sample_type)
{
    stftc_stft_config_t cfg = stftc_stft_config_default();
    cfg.fft_size = non_negative(fft_size, "fft_size", ">= 2");
    cfg.hop = non_negative(hop, "hop", ">= 1 and <= the window length");
    cfg.window_len = non_negative(window_len, "window_len", "0 (= fft_size) or >= 2");
    cfg.centered = centered ? 1 : 0;
    cfg.sample_type = sample_type;
    stftc_error_t err{};
    if (stftc_window_parse(window.c_str(), &cfg.window, &err) != STFTC_OK)
        throw_core_error(err);
    return cfg;
}

void set_mask_bands(stftc_mask_config_t& mcfg,
                    const std::vector<float>& bands,
                    bool band_reject)
{
    if (bands.size() % 2 != 0)
        throw std::invalid_argument(
            "bands: need lo, hi pairs in Hz (an even number of values), got " +
            std::to_string(bands.size()) + " values");
    if (bands.size() / 2 > STFTC_MASK_MAX_BANDS)
        throw std::invalid_argument("bands: at most " +
                                    std::to_string(STFTC_MASK_MAX_BANDS) +
                                    " ranges, got " + std::to_string(bands.size() / 2));
    mcfg.nbands = bands.size() / 2;
    for (size_t i = 0; i < bands.size(); i++)
        mcfg.bands[i] = bands[i];
    mcfg.band_reject = band_reject ? 1 : 0;
}

stftc_mask_config_t
make_mask_config(const std::string& mask, double sample_rate, const std::string& args)
{
    stftc_mask_config_t mcfg = stftc_mask_config_default();
    stftc_error_t err{};
    if (stftc_mask_parse_type(mask.c_str(), &mcfg.type, &err) != STFTC_OK)
        throw_core_error(err);
    mcfg.sample_rate = sample_rate;
    if (stftc_mask_config_parse_args(&mcfg, args.c_str(), &err) != STFTC_OK)
        throw_core_error(err);
    return mcfg;
}

void set_legacy_fields(stftc_mask_config_t& mcfg,
                       double threshold_db,
                       double floor_db,
                       const std::vector<float>& bands,
                       bool band_reject)
{
    mcfg.threshold_db = threshold_db;
    mcfg.floor_db = floor_db;
    set_mask_bands(mcfg, bands, band_reject);
}

std::string format_mask_config(const stftc_mask_config_t& mcfg)
{
    std::string text(stftc_mask_config_format(&mcfg, nullptr, 0), '\0');
    stftc_mask_config_format(&mcfg, &text[0], text.size() + 1);
    return text;
}

void check_mask_config(const stftc_mask_config_t& mcfg, const stftc_stft_config_t& scfg)
{
    stftc_error_t err{};
    const stftc_mask_config_t c = rate_pending(mcfg) ? rate_pending_config(mcfg) : mcfg;
    if (stftc_mask_config_check(&c, &scfg, &err) != STFTC_OK)
        throw_core_error(err);
}

bool rate_pending(const stftc_mask_config_t& mcfg)
{
    return mcfg.sample_rate == 0.0 && mcfg.type != STFTC_MASK_NONE &&
           mcfg.type != STFTC_MASK_THRESHOLD;
}

stftc_mask_config_t rate_pending_config(const stftc_mask_config_t& mcfg)
{
    stftc_mask_config_t c = mcfg;
    c.sample_rate = mcfg.sample_rate == 0.0 ? 1e6 : mcfg.sample_rate;
    if (!rate_pending(mcfg))
        return c;
    c.noise_window = 0.0;
    c.region_time = 0.0;
    c.region_freq = 0.0;
    c.lookahead = -1.0;
    c.hang_time = -1.0;
    c.smooth_time = 0.0;
    c.smooth_freq = 0.0;
    /* the bands stay (a band mask needs them), under a rate that holds them */
    for (size_t i = 0; i < 2 * c.nbands; i++)
        if (std::isfinite(c.bands[i]) && 2.5 * std::fabs(c.bands[i]) > c.sample_rate)
            c.sample_rate = 2.5 * std::fabs(c.bands[i]);
    return c;
}

stftc_mask_config_t with_stream_rate(const stftc_mask_config_t& mcfg, double rate)
{
    stftc_mask_config_t c = mcfg;
    c.sample_rate = rate;
    return c;
}

stft_ptr create_stft(const stftc_stft_config_t& cfg)
{
    install_planner_lock();
    stftc_error_t err{};
    stft_ptr p(stftc_stft_create(&cfg, &err), &stftc_stft_destroy);
    if (!p)
        throw_core_error(err);
    return p;
}

istft_ptr create_istft(const stftc_stft_config_t& cfg)
{
    install_planner_lock();
    stftc_error_t err{};
    istft_ptr p(stftc_istft_create(&cfg, &err), &stftc_istft_destroy);
    if (!p)
        throw_core_error(err);
    return p;
}

cleaner_ptr create_cleaner(const stftc_cleaner_config_t& cfg)
{
    install_planner_lock();
    stftc_error_t err{};
    cleaner_ptr p(stftc_cleaner_create(&cfg, &err), &stftc_cleaner_destroy);
    if (!p)
        throw_core_error(err);
    return p;
}

mask_ptr create_mask(const stftc_mask_config_t& mcfg, const stftc_stft_config_t& scfg)
{
    install_planner_lock();
    stftc_error_t err{};
    mask_ptr p(stftc_mask_create(&mcfg, &scfg, &err), &stftc_mask_destroy);
    if (!p)
        throw_core_error(err);
    return p;
}

} // namespace detail
} // namespace stftclean
} // namespace gr

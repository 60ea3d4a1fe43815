/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "core_glue.h"
#include "spectral_features_impl.h"
#include <gnuradio/io_signature.h>
#include <stftclean/vmath.h>
#include <cstring>
#include <stdexcept>

namespace gr {
namespace stftclean {

spectral_features::sptr spectral_features::make(int fft_size,
                                                double sample_rate,
                                                double center_freq,
                                                bool real_input,
                                                bool centered,
                                                const std::string& cepstrum,
                                                int n_filters,
                                                int n_ceps,
                                                const std::string& mel_scale,
                                                double lifter,
                                                int deltas,
                                                int delta_width,
                                                double rolloff,
                                                double obw,
                                                double fmin,
                                                double fmax)
{
    if (fft_size < 0 || n_filters < 0 || n_ceps < 0 || delta_width < 0)
        throw std::invalid_argument(
            "fft_size, n_filters, n_ceps, delta_width: must not be negative");
    stftc_error_t err{};
    stftc_features_config_t c = stftc_features_config_default();
    c.fft_size = static_cast<size_t>(fft_size);
    c.sample_rate = sample_rate;
    c.center_freq = center_freq;
    c.sample_type = real_input ? STFTC_REAL : STFTC_COMPLEX;
    c.centered = centered ? 1 : 0;
    if (stftc_features_parse_cepstrum(cepstrum.c_str(), &c.cepstrum, &err) != STFTC_OK ||
        stftc_features_parse_mel_scale(mel_scale.c_str(), &c.mel_scale, &err) != STFTC_OK)
        detail::throw_core_error(err);
    c.n_filters = static_cast<size_t>(n_filters);
    c.n_ceps = static_cast<size_t>(n_ceps);
    c.lifter = lifter;
    c.deltas = deltas;
    c.delta_width = static_cast<size_t>(delta_width);
    c.rolloff = rolloff;
    c.obw = obw;
    c.fmin = fmin;
    c.fmax = fmax;
    features_ptr f(stftc_features_create(&c, &err), &stftc_features_destroy);
    if (!f)
        detail::throw_core_error(err);
    return gnuradio::make_block_sptr<spectral_features_impl>(std::move(f));
}

spectral_features_impl::spectral_features_impl(features_ptr feat)
    : gr::sync_block(
          "spectral_features",
          gr::io_signature::make(
              1,
              1,
              static_cast<int>(stftc_features_bins(feat.get()) * 2 * sizeof(float))),
          gr::io_signature::make(
              1, 1, static_cast<int>(stftc_features_count(feat.get()) * sizeof(float)))),
      d_feat(std::move(feat)),
      d_bins(stftc_features_bins(d_feat.get())),
      d_count(stftc_features_count(d_feat.get())),
      d_power(d_bins)
{
    declare_sample_delay(static_cast<unsigned>(stftc_features_delay(d_feat.get())));
}

std::vector<std::string> spectral_features_impl::feature_names() const
{
    std::vector<std::string> names;
    for (size_t i = 0; i < d_count; i++)
        names.emplace_back(stftc_features_name(d_feat.get(), i));
    return names;
}

int spectral_features_impl::work(int noutput_items,
                                 gr_vector_const_void_star& input_items,
                                 gr_vector_void_star& output_items)
{
    const float* in = static_cast<const float*>(input_items[0]);
    float* out = static_cast<float*>(output_items[0]);
    for (int i = 0; i < noutput_items; i++) {
        stftc_vec_mag2(d_power.data(), in + static_cast<size_t>(i) * 2 * d_bins, d_bins);
        float* o = out + static_cast<size_t>(i) * d_count;
        if (!stftc_features_process(d_feat.get(), d_power.data(), o))
            std::memset(o, 0, d_count * sizeof(float)); /* look-ahead filling */
    }
    return noutput_items;
}

} // namespace stftclean
} // namespace gr

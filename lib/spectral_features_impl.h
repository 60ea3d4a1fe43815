/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_SPECTRAL_FEATURES_IMPL_H
#define INCLUDED_STFTCLEAN_SPECTRAL_FEATURES_IMPL_H

#include <gnuradio/stftclean/spectral_features.h>
#include <stftclean/features.h>
#include <volk/volk_alloc.hh>
#include <memory>

namespace gr {
namespace stftclean {

using features_ptr = std::unique_ptr<stftc_features_t, decltype(&stftc_features_destroy)>;

/* A sync block around one core features object: |X|^2 of each vector, then
 * the core. The deltas' look-ahead is declared as the sample delay. */
class spectral_features_impl : public spectral_features
{
private:
    features_ptr d_feat;
    const size_t d_bins, d_count;
    volk::vector<float> d_power;

public:
    explicit spectral_features_impl(features_ptr feat);

    std::vector<std::string> feature_names() const override;
    int num_features() const override { return static_cast<int>(d_count); }
    int num_bins() const override { return static_cast<int>(d_bins); }
    int delay_frames() const override
    {
        return static_cast<int>(stftc_features_delay(d_feat.get()));
    }

    int work(int noutput_items,
             gr_vector_const_void_star& input_items,
             gr_vector_void_star& output_items) override;
};

} // namespace stftclean
} // namespace gr

#endif

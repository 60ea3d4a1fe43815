/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_MASK_IMPL_H
#define INCLUDED_STFTCLEAN_MASK_IMPL_H

#include "core_glue.h"
#include "mask_params.h"
#include <gnuradio/stftclean/mask_cc.h>
#include <volk/volk_alloc.hh>
#include <mutex>
#include <vector>

namespace gr {
namespace stftclean {

/* A sync block on spectral vectors around one core mask object.
 *
 * The core mask sees natural bin order; with centered=True the vectors are
 * moved into natural order before the core call and back after it (two
 * memcpy's each way). An external mask (input 1) is applied per bin with no
 * frequency dependence, so it is applied in whatever order the vectors come.
 *
 * The estimator's look-ahead delays the output by stftc_mask_delay() frames:
 * declared as the sample delay of the vector stream, so tags move with their
 * frames. With input 1 connected (check_topology) the delay is 0. */
class mask_impl : public detail::mask_control_impl<mask_cc>
{
private:
    detail::mask_ptr d_mask;
    const stftc_stft_config_t d_scfg; /* window_len resolved */
    const size_t d_bins;
    const bool d_centered;
    /* sample_rate 0: d_mask is provisional until the rx_rate tag (see
     * cleaner_impl.h); with external gains no rate is needed */
    bool d_rate_pending;
    int d_est_delay;
    bool d_external = false;

    volk::vector<float> d_nat_in;  /* 2 * bins, natural order */
    volk::vector<float> d_nat_out; /* 2 * bins, natural order */
    volk::vector<float> d_gain;    /* bins, natural order */
    volk::vector<float> d_ones;    /* 2 * bins: 1 + 0i, to read back clamped gains */
    volk::vector<float> d_tmp;     /* 2 * bins */
    volk::vector<float> d_gcfg;    /* bins, configured order, when output 1 is off */

    mutable std::mutex d_last_mutex;
    std::vector<float> d_last; /* gains of the last frame, configured order */

    void frame_estimated(const float* x, float* y, float* g);
    void external_gains(const float* ext, float* g);
    bool take_stream_rate(int nitems);

public:
    mask_impl(const stftc_mask_config_t& mcfg,
              detail::mask_ptr mask,
              const stftc_stft_config_t& scfg);

    int fft_size() const override { return static_cast<int>(d_scfg.fft_size); }
    int hop() const override { return static_cast<int>(d_scfg.hop); }
    int window_len() const override { return static_cast<int>(d_scfg.window_len); }
    int delay_frames() const override;
    int latency() const override
    {
        return static_cast<int>(d_scfg.window_len - d_scfg.hop) +
               static_cast<int>(d_scfg.hop) * delay_frames();
    }
    std::vector<float> last_mask() const override;

    bool check_topology(int ninputs, int noutputs) override;

    int work(int noutput_items,
             gr_vector_const_void_star& input_items,
             gr_vector_void_star& output_items) override;
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_MASK_IMPL_H */

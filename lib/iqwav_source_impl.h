/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_IQWAV_SOURCE_IMPL_H
#define INCLUDED_STFTCLEAN_IQWAV_SOURCE_IMPL_H

#include <gnuradio/stftclean/iqwav_source.h>
#include <stftclean/iqsource.h>
#include <memory>
#include <vector>

namespace gr {
namespace stftclean {

/* Moves samples from a core iqsource to the output; all decoding is in the
 * core. Real files go through a fixed buffer and get a zero imaginary part. */
class iqwav_source_impl : public iqwav_source
{
private:
    std::unique_ptr<stftc_iqsource_t, decltype(&stftc_iqsource_close)> d_src;
    stftc_iqsource_info_t d_info;
    const bool d_repeat;
    double d_rate;
    bool d_tags_due = true;
    double d_start_s = 0.0;
    std::vector<float> d_real; /* one-channel files */

    void add_start_tags();

public:
    iqwav_source_impl(const std::string& filename,
                      bool repeat,
                      bool swap_iq,
                      const std::string& format,
                      double sample_rate);

    double sample_rate() const override { return d_rate; }
    bool has_centre_freq() const override { return d_info.has_centre != 0; }
    double centre_freq() const override { return d_info.centre_hz; }
    bool has_start_time() const override { return d_info.has_time != 0; }
    double start_time() const override { return d_start_s; }
    uint64_t nsamples() const override { return d_info.frames; }
    int channels() const override { return static_cast<int>(d_info.channels); }
    std::string format() const override { return stftc_iqfmt_name(d_info.format); }

    int work(int noutput_items,
             gr_vector_const_void_star& input_items,
             gr_vector_void_star& output_items) override;
};

} // namespace stftclean
} // namespace gr

#endif

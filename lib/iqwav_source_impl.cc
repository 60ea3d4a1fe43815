/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "iqwav_source_impl.h"
#include <gnuradio/io_signature.h>
#include <pmt/pmt.h>
#include <cmath>
#include <stdexcept>
#include <string>

namespace gr {
namespace stftclean {

namespace {
constexpr size_t real_chunk = 8192; /* samples per work() for one-channel files */

stftc_iqsource_t*
open_source(const std::string& filename, bool swap_iq, const std::string& format)
{
    stftc_error_t err;
    stftc_iqfmt_t fmt = STFTC_IQFMT_AUTO;
    if (!format.empty() && stftc_iqfmt_parse(format.c_str(), &fmt, &err) != STFTC_OK)
        throw std::invalid_argument(err.msg);
    stftc_iqsource_options_t opt = stftc_iqsource_options_default();
    opt.swap_iq = swap_iq ? 1 : 0;
    stftc_iqsource_t* s = stftc_iqsource_open(filename.c_str(), fmt, &opt, &err);
    if (!s)
        throw std::invalid_argument(std::string("iqwav_source: ") + err.msg);
    return s;
}
} // namespace

iqwav_source::sptr iqwav_source::make(const std::string& filename,
                                      bool repeat,
                                      bool swap_iq,
                                      const std::string& format,
                                      double sample_rate)
{
    return gnuradio::make_block_sptr<iqwav_source_impl>(
        filename, repeat, swap_iq, format, sample_rate);
}

iqwav_source_impl::iqwav_source_impl(const std::string& filename,
                                     bool repeat,
                                     bool swap_iq,
                                     const std::string& format,
                                     double sample_rate)
    : gr::sync_block("iqwav_source",
                     gr::io_signature::make(0, 0, 0),
                     gr::io_signature::make(1, 1, sizeof(gr_complex))),
      d_src(nullptr, &stftc_iqsource_close),
      d_repeat(repeat)
{
    if (!(sample_rate >= 0.0) || !std::isfinite(sample_rate))
        throw std::invalid_argument("sample_rate: must be 0 (from the file) or > 0 Hz");
    d_src.reset(open_source(filename, swap_iq, format));
    d_info = *stftc_iqsource_info(d_src.get());
    d_rate = sample_rate > 0.0 ? sample_rate : d_info.sample_rate;
    if (d_info.has_time)
        d_start_s = static_cast<double>(stftc_time_to_unix(&d_info.start_time)) +
                    d_info.start_frac;
    if (d_info.channels == 1)
        d_real.resize(real_chunk);
    if (d_info.dropped_bytes)
        d_logger->warn("{:s}: the last {:d} bytes of the data are not a whole sample; "
                       "ignored",
                       filename,
                       d_info.dropped_bytes);
}

void iqwav_source_impl::add_start_tags()
{
    const uint64_t at = nitems_written(0);
    const pmt::pmt_t src = pmt::intern(alias());
    if (d_rate > 0.0)
        add_item_tag(0, at, pmt::intern("rx_rate"), pmt::from_double(d_rate), src);
    if (d_info.has_centre)
        add_item_tag(
            0, at, pmt::intern("rx_freq"), pmt::from_double(d_info.centre_hz), src);
    if (d_info.has_time) {
        const int64_t secs = stftc_time_to_unix(&d_info.start_time);
        add_item_tag(0,
                     at,
                     pmt::intern("rx_time"),
                     pmt::make_tuple(pmt::from_uint64(static_cast<uint64_t>(secs)),
                                     pmt::from_double(d_info.start_frac)),
                     src);
    }
}

int iqwav_source_impl::work(int noutput_items,
                            gr_vector_const_void_star& input_items,
                            gr_vector_void_star& output_items)
{
    (void)input_items;
    auto* out = static_cast<gr_complex*>(output_items[0]);
    size_t want = static_cast<size_t>(noutput_items);
    if (d_info.channels == 1 && want > real_chunk)
        want = real_chunk;
    for (int attempt = 0; attempt < 2; attempt++) {
        size_t n;
        if (d_info.channels == 2) {
            n = stftc_iqsource_read(d_src.get(), reinterpret_cast<float*>(out), want);
        } else {
            n = stftc_iqsource_read(d_src.get(), d_real.data(), want);
            for (size_t i = 0; i < n; i++)
                out[i] = gr_complex(d_real[i], 0.0f);
        }
        if (n > 0) {
            if (d_tags_due) {
                add_start_tags();
                d_tags_due = false;
            }
            return static_cast<int>(n);
        }
        if (stftc_iqsource_error(d_src.get())) {
            d_logger->error("read failed (I/O error or the file shrank); stopping");
            return WORK_DONE;
        }
        if (!d_repeat || d_info.frames == 0 ||
            stftc_iqsource_seek(d_src.get(), 0) != STFTC_OK)
            return WORK_DONE;
        d_tags_due = true;
    }
    return WORK_DONE;
}

} // namespace stftclean
} // namespace gr

/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "mask_impl.h"
#include <gnuradio/io_signature.h>
#include <volk/volk.h>
#include <cstring>
#include <functional>
#include <stdexcept>

namespace gr {
namespace stftclean {

namespace {
/* numpy.fft.fftshift and its inverse on n elements of esize bytes: DC moves
 * between natural index 0 and centred index n / 2. A buffer move. */
void to_centered(void* dst, const void* src, size_t n, size_t esize)
{
    const size_t s = n / 2, neg = n - s;
    std::memcpy(dst, static_cast<const char*>(src) + neg * esize, s * esize);
    std::memcpy(static_cast<char*>(dst) + s * esize, src, neg * esize);
}
void from_centered(void* dst, const void* src, size_t n, size_t esize)
{
    const size_t s = n / 2, neg = n - s;
    std::memcpy(static_cast<char*>(dst) + neg * esize, src, s * esize);
    std::memcpy(dst, static_cast<const char*>(src) + s * esize, neg * esize);
}
constexpr size_t CPLX = 2 * sizeof(float);

/* The framing first (its errors name fft_size, hop, window, window_len),
 * then the mask config given by the caller (build_mask). */
mask_cc::sptr build(int fft_size,
                    int hop,
                    const std::string& window,
                    int window_len,
                    bool centered,
                    const std::function<stftc_mask_config_t()>& build_mask)
{
    stftc_stft_config_t scfg = detail::make_stft_config(
        fft_size, hop, window, window_len, centered, STFTC_COMPLEX);
    stftc_error_t err{};
    if (stftc_stft_config_check(&scfg, &err) != STFTC_OK)
        detail::throw_core_error(err);
    if (scfg.window_len == 0)
        scfg.window_len = scfg.fft_size;
    const stftc_mask_config_t mcfg = build_mask();
    stftc_stft_config_t natural = scfg;
    natural.centered = 0;
    /* sample_rate 0: built at a provisional rate until the rx_rate tag */
    return gnuradio::make_block_sptr<mask_impl>(
        mcfg, detail::create_mask(detail::rate_pending_config(mcfg), natural), scfg);
}

} // namespace

mask_cc::sptr mask_cc::make(int fft_size,
                            int hop,
                            const std::string& window,
                            const std::string& mask,
                            const std::string& args,
                            double sample_rate,
                            int window_len,
                            bool centered)
{
    return build(fft_size, hop, window, window_len, centered, [&] {
        return detail::make_mask_config(mask, sample_rate, args);
    });
}

mask_cc::sptr mask_cc::make(int fft_size,
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
    return build(fft_size, hop, window, window_len, false, [&] {
        stftc_mask_config_t m = detail::make_mask_config(mask, sample_rate, "");
        detail::set_legacy_fields(m, threshold_db, floor_db, bands, band_reject);
        return m;
    });
}

mask_impl::mask_impl(const stftc_mask_config_t& mcfg,
                     detail::mask_ptr mask,
                     const stftc_stft_config_t& scfg)
    : gr::sync_block(
          "mask_cc",
          gr::io_signature::makev(1,
                                  2,
                                  { static_cast<int>(scfg.fft_size * CPLX),
                                    static_cast<int>(scfg.fft_size * sizeof(float)) }),
          gr::io_signature::makev(1,
                                  2,
                                  { static_cast<int>(scfg.fft_size * CPLX),
                                    static_cast<int>(scfg.fft_size * sizeof(float)) })),
      detail::mask_control_impl<mask_cc>(
          detail::rate_pending(mcfg) ? mcfg : *stftc_mask_config(mask.get()), scfg),
      d_mask(std::move(mask)),
      d_scfg(scfg),
      d_bins(scfg.fft_size),
      d_centered(scfg.centered != 0),
      d_rate_pending(detail::rate_pending(mcfg)),
      d_est_delay(static_cast<int>(stftc_mask_delay(d_mask.get()))),
      d_nat_in(2 * d_bins),
      d_nat_out(2 * d_bins),
      d_gain(d_bins),
      d_ones(2 * d_bins),
      d_tmp(2 * d_bins),
      d_gcfg(d_bins),
      d_last(d_bins, 1.0f)
{
    for (size_t i = 0; i < d_bins; i++)
        d_ones[2 * i] = 1.0f;
    if (!d_rate_pending)
        this->declare_sample_delay(static_cast<unsigned>(d_est_delay));
    detail::set_min_output_buffer_quietly(
        *this, detail::frame_buffer_items(d_bins * CPLX), this->d_debug_logger);
    this->register_params_port();
}

bool mask_impl::check_topology(int ninputs, int)
{
    d_external = ninputs > 1;
    if (!d_rate_pending)
        this->declare_sample_delay(static_cast<unsigned>(delay_frames()));
    return true;
}

int mask_impl::delay_frames() const
{
    if (d_external)
        return 0;
    if (d_rate_pending)
        throw std::runtime_error(
            "delay_frames, latency: not known yet: sample_rate is 0 and the rx_rate "
            "tag that gives the rate has not arrived (the delay depends on the rate)");
    return d_est_delay;
}

bool mask_impl::take_stream_rate(int nitems)
{
    const double rate = stream_rate(nitems); /* (0: logged, see mask_control_impl) */
    if (!(rate > 0.0))
        return false;
    stftc_stft_config_t natural = d_scfg;
    natural.centered = 0;
    try {
        d_mask =
            detail::create_mask(detail::with_stream_rate(d_params.get(), rate), natural);
    } catch (const std::exception& e) {
        throw std::runtime_error("mask_cc: at the rx_rate tag's sample_rate of " +
                                 std::to_string(rate) + " Hz: " + e.what());
    }
    d_params.set_stream_rate(rate);
    d_est_delay = static_cast<int>(stftc_mask_delay(d_mask.get()));
    d_rate_pending = false;
    this->declare_sample_delay(static_cast<unsigned>(delay_frames()));
    return true;
}

std::vector<float> mask_impl::last_mask() const
{
    std::lock_guard<std::mutex> lock(d_last_mutex);
    return d_last;
}

void mask_impl::frame_estimated(const float* x, float* y, float* g)
{
    if (!d_centered) {
        stftc_mask_process(d_mask.get(), x, y, g);
        return;
    }
    from_centered(d_nat_in.data(), x, d_bins, CPLX);
    stftc_mask_process(d_mask.get(), d_nat_in.data(), d_nat_out.data(), d_gain.data());
    to_centered(y, d_nat_out.data(), d_bins, CPLX);
    to_centered(g, d_gain.data(), d_bins, sizeof(float));
}

void mask_impl::external_gains(const float* ext, float* g)
{
    /* the gains actually used (clamped to [floor, 1], or 1 under bypass),
     * read back from the core by masking a vector of ones */
    stftc_mask_apply_external(d_mask.get(), d_ones.data(), ext, d_tmp.data());
    volk_32fc_deinterleave_real_32f(
        g, reinterpret_cast<const lv_32fc_t*>(d_tmp.data()), d_bins);
}

int mask_impl::work(int noutput_items,
                    gr_vector_const_void_star& input_items,
                    gr_vector_void_star& output_items)
{
    if (d_rate_pending && !d_external && !take_stream_rate(noutput_items))
        return gr::block::WORK_DONE;
    d_params.apply(d_mask.get(), this->d_debug_logger);
    const size_t b = d_bins;
    const float* in = static_cast<const float*>(input_items[0]);
    const float* ext = d_external ? static_cast<const float*>(input_items[1]) : nullptr;
    float* out = static_cast<float*>(output_items[0]);
    float* gout =
        output_items.size() > 1 ? static_cast<float*>(output_items[1]) : nullptr;
    float* g = d_gcfg.data();
    for (int i = 0; i < noutput_items; i++) {
        const float* x = in + 2 * b * i;
        float* y = out + 2 * b * i;
        g = gout ? gout + b * i : d_gcfg.data();
        if (ext) {
            stftc_mask_apply_external(d_mask.get(), x, ext + b * i, y);
            if (gout || i == noutput_items - 1)
                external_gains(ext + b * i, g);
        } else {
            frame_estimated(x, y, g);
        }
    }
    if (noutput_items > 0) {
        std::lock_guard<std::mutex> lock(d_last_mutex);
        d_last.assign(g, g + b);
    }
    return noutput_items;
}

} // namespace stftclean
} // namespace gr

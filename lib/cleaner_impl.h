/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_CLEANER_IMPL_H
#define INCLUDED_STFTCLEAN_CLEANER_IMPL_H

#include "core_glue.h"
#include <gnuradio/io_signature.h>
#include <gnuradio/stftclean/cleaner_cc.h>
#include <gnuradio/stftclean/cleaner_ff.h>
#include <mutex>

namespace gr {
namespace stftclean {

/* One implementation for cleaner_cc (T gr_complex) and cleaner_ff (T float).
 * A sync block taking whole hops (set_output_multiple(hop)); the sample delay
 * declared equals the core's latency, so GNU Radio moves every tag by exactly
 * that amount.
 *
 * Setters validate a copy of the mask config at once (throwing
 * std::invalid_argument) and stage it under d_stage_mutex; work() hands
 * staged values to the core before its next process() call, i.e. at a frame
 * boundary, so the core is only ever touched from the scheduler thread. */
template <class T, class base_t>
class cleaner_impl : public base_t
{
private:
    detail::cleaner_ptr d_cl;
    const stftc_stft_config_t d_scfg; /* resolved framing (window_len set) */
    const int d_latency;

    mutable std::mutex d_stage_mutex;
    stftc_mask_config_t d_mcfg; /* latest accepted values (what getters show) */
    bool d_threshold_dirty = false;
    bool d_floor_dirty = false;
    bool d_bands_dirty = false;

    void apply_staged()
    {
        std::lock_guard<std::mutex> lock(d_stage_mutex);
        if (!(d_threshold_dirty || d_floor_dirty || d_bands_dirty))
            return;
        stftc_error_t err{};
        int rc = STFTC_OK;
        if (d_threshold_dirty)
            rc |= stftc_cleaner_set_threshold_db(d_cl.get(), d_mcfg.threshold_db, &err);
        if (d_floor_dirty)
            rc |= stftc_cleaner_set_floor_db(d_cl.get(), d_mcfg.floor_db, &err);
        if (d_bands_dirty)
            rc |= stftc_cleaner_set_bands(
                d_cl.get(), d_mcfg.bands, d_mcfg.nbands, d_mcfg.band_reject, &err);
        d_threshold_dirty = d_floor_dirty = d_bands_dirty = false;
        if (rc != STFTC_OK) /* cannot happen: values were checked when staged */
            this->d_logger->error("staged setting rejected by the core: {}", err.msg);
    }

public:
    cleaner_impl(const char* name, detail::cleaner_ptr cl)
        : gr::sync_block(name,
                         gr::io_signature::make(1, 1, sizeof(T)),
                         gr::io_signature::make(1, 1, sizeof(T))),
          d_cl(std::move(cl)),
          d_scfg(stftc_cleaner_config(d_cl.get())->stft),
          d_latency(static_cast<int>(stftc_cleaner_latency(d_cl.get()))),
          d_mcfg(stftc_cleaner_config(d_cl.get())->mask)
    {
        this->set_output_multiple(static_cast<int>(d_scfg.hop));
        this->declare_sample_delay(static_cast<unsigned>(d_latency));
    }

    int fft_size() const override { return static_cast<int>(d_scfg.fft_size); }
    int hop() const override { return static_cast<int>(d_scfg.hop); }
    int window_len() const override { return static_cast<int>(d_scfg.window_len); }
    int latency() const override { return d_latency; }

    void set_threshold_db(double threshold_db) override
    {
        std::lock_guard<std::mutex> lock(d_stage_mutex);
        stftc_mask_config_t next = d_mcfg;
        next.threshold_db = threshold_db;
        detail::check_mask_config(next, d_scfg);
        d_mcfg = next;
        d_threshold_dirty = true;
    }
    double threshold_db() const override
    {
        std::lock_guard<std::mutex> lock(d_stage_mutex);
        return d_mcfg.threshold_db;
    }

    void set_floor_db(double floor_db) override
    {
        std::lock_guard<std::mutex> lock(d_stage_mutex);
        stftc_mask_config_t next = d_mcfg;
        next.floor_db = floor_db;
        detail::check_mask_config(next, d_scfg);
        d_mcfg = next;
        d_floor_dirty = true;
    }
    double floor_db() const override
    {
        std::lock_guard<std::mutex> lock(d_stage_mutex);
        return d_mcfg.floor_db;
    }

    void set_bands(const std::vector<float>& bands, bool band_reject) override
    {
        std::lock_guard<std::mutex> lock(d_stage_mutex);
        stftc_mask_config_t next = d_mcfg;
        detail::set_mask_bands(next, bands, band_reject);
        detail::check_mask_config(next, d_scfg);
        d_mcfg = next;
        d_bands_dirty = true;
    }
    std::vector<float> bands() const override
    {
        std::lock_guard<std::mutex> lock(d_stage_mutex);
        return std::vector<float>(d_mcfg.bands, d_mcfg.bands + 2 * d_mcfg.nbands);
    }
    bool band_reject() const override
    {
        std::lock_guard<std::mutex> lock(d_stage_mutex);
        return d_mcfg.band_reject != 0;
    }

    int work(int noutput_items,
             gr_vector_const_void_star& input_items,
             gr_vector_void_star& output_items) override
    {
        apply_staged();
        const float* in = static_cast<const float*>(input_items[0]);
        float* out = static_cast<float*>(output_items[0]);
        if (stftc_cleaner_process(d_cl.get(), in, out, noutput_items) != STFTC_OK)
            throw std::runtime_error("cleaner: stftc_cleaner_process failed");
        return noutput_items;
    }
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_CLEANER_IMPL_H */

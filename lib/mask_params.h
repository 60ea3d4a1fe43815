/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Runtime mask parameters shared by cleaner_cc/ff and mask_cc: staging under
 * a mutex, validation at once, application at a frame boundary, the
 * mask_control overrides, and the "params" message port. Every field is
 * reached through the core's table (stftclean/mask_fields.h): a new mask
 * field needs no edit here. Not installed. */
#ifndef INCLUDED_STFTCLEAN_MASK_PARAMS_H
#define INCLUDED_STFTCLEAN_MASK_PARAMS_H

#include "core_glue.h"
#include <gnuradio/logger.h>
#include <gnuradio/tags.h>
#include <pmt/pmt.h>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace gr {
namespace stftclean {
namespace detail {

/* The fields of the table that are not runtime settable (mask, sample_rate,
 * noise_window, ...: the ones stftc_mask_set_config refuses to change):
 * throws std::invalid_argument with the core's sentence ("<field>: can only
 * be set at construction time") when next differs from cur in one of them,
 * so a setter or a params message never stages a config the core would
 * refuse at the frame boundary. */
void check_fixed_fields(const stftc_mask_config_t& cur, const stftc_mask_config_t& next);

/* The whole runtime part of a mask config is staged as one
 * stftc_mask_config_t: a setter copies the accepted config, changes one
 * field, has the core check the copy (std::invalid_argument with the core's
 * sentence on failure, nothing changed) and marks it dirty; apply() hands it
 * to the core with stftc_mask_set_config from the scheduler thread. */
class mask_params
{
public:
    mask_params(const stftc_mask_config_t& initial, const stftc_stft_config_t& scfg)
        : d_cfg(initial), d_scfg(scfg)
    {
    }

    void stage(const std::function<void(stftc_mask_config_t&)>& change)
    {
        std::lock_guard<std::mutex> lock(d_mutex);
        stftc_mask_config_t next = d_cfg;
        change(next);
        check_fixed_fields(d_cfg, next);
        check_mask_config(next, d_scfg);
        d_cfg = next;
        d_dirty = true;
    }

    /* sample_rate 0: the rate that came with the stream */
    void set_stream_rate(double rate)
    {
        std::lock_guard<std::mutex> lock(d_mutex);
        d_cfg.sample_rate = rate;
    }

    stftc_mask_config_t get() const
    {
        std::lock_guard<std::mutex> lock(d_mutex);
        return d_cfg;
    }

    /* From work(), before processing: the staged config reaches the core. */
    void apply(stftc_mask_t* mask, const gr::logger_ptr& logger)
    {
        std::lock_guard<std::mutex> lock(d_mutex);
        if (!d_dirty)
            return;
        d_dirty = false;
        stftc_error_t err{};
        if (stftc_mask_set_config(mask, &d_cfg, &err) != STFTC_OK)
            logger->error("staged mask setting rejected by the core: {}", err.msg);
    }

    /* Through the core's table: args text applied as one change, one
     * field from a number, one field's value, the whole config as text.
     * std::invalid_argument naming the field (or the unknown key). */
    void set_args(const std::string& args);
    void set_param(const std::string& name, double value);
    double param(const std::string& name) const;
    std::string config_text() const;

    /* Message handler body: a PMT dict {name: value} (the table's names);
     * never throws. A bad message is described in one short line that names
     * the key (values abridged), at most PARAMS_REPORTS_PER_S lines a
     * second: a flood of bad messages cannot flood the log nor slow the
     * stream. */
    void handle_message(const pmt::pmt_t& msg, const gr::logger_ptr& logger);

private:
    void report(const gr::logger_ptr& logger, bool error, const std::string& line);
    std::chrono::steady_clock::time_point d_report_start{};
    unsigned d_reports = 0;
    unsigned long d_suppressed = 0;
    mutable std::mutex d_mutex;
    stftc_mask_config_t d_cfg; /* latest accepted values (what getters show) */
    const stftc_stft_config_t d_scfg;
    bool d_dirty = false;
};

/* The mask_control overrides (the same for cleaner_cc, cleaner_ff and
 * mask_cc), on top of base_t; the derived block constructs d_params and
 * registers the message port with register_params_port(). */
template <class base_t>
class mask_control_impl : public base_t
{
protected:
    mask_params d_params;

    mask_control_impl(const stftc_mask_config_t& mcfg, const stftc_stft_config_t& scfg)
        : d_params(mcfg, scfg)
    {
    }

    /* sample_rate 0: the value of the first rx_rate tag on input 0 among
     * the next nitems items; 0 when none came (logged, naming sample_rate:
     * the block then returns WORK_DONE, as an exception would end its
     * thread and leave the flowgraph waiting) */
    double stream_rate(int nitems)
    {
        const uint64_t n0 = this->nitems_read(0);
        std::vector<gr::tag_t> tags;
        this->get_tags_in_range(tags, 0, n0, n0 + static_cast<uint64_t>(nitems));
        double rate = 0.0;
        for (const auto& t : tags)
            if (pmt::symbol_to_string(t.key) == "rx_rate" && pmt::is_number(t.value)) {
                rate = pmt::to_double(t.value);
                break;
            }
        if (rate > 0.0)
            return rate;
        this->d_logger->error(
            "sample_rate is 0, which takes the rate from an rx_rate stream tag, and no "
            "rx_rate tag came with the first items; set sample_rate to the input's "
            "rate in Hz (> 0). Nothing is produced.");
        return 0.0;
    }

    void register_params_port()
    {
        this->message_port_register_in(pmt::mp("params"));
        this->set_msg_handler(pmt::mp("params"), [this](const pmt::pmt_t& msg) {
            d_params.handle_message(msg, this->d_logger);
        });
    }

public:
    void set_args(const std::string& args) override { d_params.set_args(args); }
    void set_param(const std::string& name, double value) override
    {
        d_params.set_param(name, value);
    }
    double param(const std::string& name) const override { return d_params.param(name); }
    std::string mask_config() const override { return d_params.config_text(); }
    void set_bands(const std::vector<float>& bands, bool band_reject) override
    {
        d_params.stage(
            [&](stftc_mask_config_t& c) { set_mask_bands(c, bands, band_reject); });
    }
    std::vector<float> bands() const override
    {
        const stftc_mask_config_t c = d_params.get();
        return std::vector<float>(c.bands, c.bands + 2 * c.nbands);
    }
};

} // namespace detail
} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_MASK_PARAMS_H */

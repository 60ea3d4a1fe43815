/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "mask_params.h"
#include <map>
#include <stdexcept>

namespace gr {
namespace stftclean {
namespace detail {

void check_fixed_fields(const stftc_mask_config_t& cur, const stftc_mask_config_t& next)
{
    /* the same fields, in the same order, as stftc_mask_set_config */
    const char* fixed = nullptr;
    if (next.type != cur.type)
        fixed = "mask";
    else if (next.sample_rate != cur.sample_rate)
        fixed = "sample_rate";
    else if (next.noise_window != cur.noise_window)
        fixed = "noise_window";
    else if (next.region_time != cur.region_time)
        fixed = "region_time";
    else if (next.region_freq != cur.region_freq)
        fixed = "region_freq";
    else if (next.lookahead != cur.lookahead)
        fixed = "lookahead";
    else if (next.presence != cur.presence)
        fixed = "presence";
    if (fixed)
        throw std::invalid_argument(std::string(fixed) +
                                    ": can only be set at construction time");
}

void set_estimator_fields(stftc_mask_config_t& mcfg,
                          double noise_window,
                          double region_time,
                          double region_freq,
                          double lookahead,
                          int presence,
                          double pfa,
                          double hysteresis_db,
                          double hang_time,
                          double gate_slope_db,
                          double xi_min_db,
                          double dd_alpha,
                          int lines,
                          double line_db,
                          int impulse,
                          double impulse_db,
                          double smooth_time,
                          double smooth_freq,
                          bool bypass)
{
    mcfg.noise_window = noise_window;
    mcfg.region_time = region_time;
    mcfg.region_freq = region_freq;
    mcfg.lookahead = lookahead;
    mcfg.presence = presence;
    mcfg.pfa = pfa;
    mcfg.hysteresis_db = hysteresis_db;
    mcfg.hang_time = hang_time;
    mcfg.gate_slope_db = gate_slope_db;
    mcfg.xi_min_db = xi_min_db;
    mcfg.dd_alpha = dd_alpha;
    mcfg.lines = lines;
    mcfg.line_db = line_db;
    mcfg.impulse = impulse;
    mcfg.impulse_db = impulse_db;
    mcfg.smooth_time = smooth_time;
    mcfg.smooth_freq = smooth_freq;
    mcfg.bypass = bypass ? 1 : 0;
}

namespace {

constexpr unsigned PARAMS_REPORTS_PER_S = 10;
constexpr size_t BRIEF_CHARS = 60;

/* A PMT in a few words: its type and, when short, its value (never the
 * whole of a long vector: writing one out took longer than the stream). */
std::string brief(const pmt::pmt_t& v)
{
    if (pmt::is_uniform_vector(v))
        return "a uniform vector of " + std::to_string(pmt::length(v)) + " items";
    if (pmt::is_vector(v))
        return "a vector of " + std::to_string(pmt::length(v)) + " items";
    if (pmt::is_dict(v))
        return "a dict";
    if (pmt::is_blob(v))
        return "a blob of " + std::to_string(pmt::blob_length(v)) + " bytes";
    if (pmt::is_pair(v) && !pmt::is_null(v))
        return "a pair or list";
    if (pmt::is_tuple(v))
        return "a tuple of " + std::to_string(pmt::length(v)) + " items";
    std::string s;
    if (pmt::is_symbol(v)) {
        s = pmt::symbol_to_string(v);
        if (s.size() > BRIEF_CHARS)
            s = s.substr(0, BRIEF_CHARS) + "... (" + std::to_string(s.size()) + " chars)";
        return "'" + s + "'";
    }
    s = pmt::write_string(v);
    if (s.size() > BRIEF_CHARS)
        s = s.substr(0, BRIEF_CHARS) + "...";
    return s;
}

double to_number(const std::string& key, const pmt::pmt_t& v)
{
    if (pmt::is_uint64(v))
        return static_cast<double>(pmt::to_uint64(v));
    if (pmt::is_number(v) && !pmt::is_complex(v))
        return pmt::to_double(v);
    throw std::invalid_argument(key + ": must be a number, got " + brief(v));
}

int to_tristate(const std::string& key, const pmt::pmt_t& v)
{
    if (pmt::is_bool(v))
        return pmt::to_bool(v) ? 1 : 0;
    if (pmt::is_integer(v))
        return static_cast<int>(pmt::to_long(v));
    if (pmt::is_real(v)) {
        const double d = pmt::to_double(v);
        if (d == -1.0 || d == 0.0 || d == 1.0)
            return static_cast<int>(d);
    }
    throw std::invalid_argument(key + ": must be -1 (auto), 0 or 1 (or a bool), got " +
                                brief(v));
}

bool to_flag(const std::string& key, const pmt::pmt_t& v)
{
    if (pmt::is_bool(v))
        return pmt::to_bool(v);
    if (pmt::is_integer(v))
        return pmt::to_long(v) != 0;
    throw std::invalid_argument(key + ": must be a bool, got " + brief(v));
}

std::vector<float> to_float_list(const std::string& key, const pmt::pmt_t& v)
{
    std::vector<float> out;
    if (pmt::is_f32vector(v))
        return pmt::f32vector_elements(v);
    if (pmt::is_f64vector(v)) {
        for (double d : pmt::f64vector_elements(v))
            out.push_back(static_cast<float>(d));
        return out;
    }
    if (pmt::is_vector(v)) {
        for (size_t i = 0; i < pmt::length(v); i++)
            out.push_back(static_cast<float>(to_number(key, pmt::vector_ref(v, i))));
        return out;
    }
    if (pmt::is_tuple(v)) {
        for (size_t i = 0; i < pmt::length(v); i++)
            out.push_back(static_cast<float>(to_number(key, pmt::tuple_ref(v, i))));
        return out;
    }
    if (pmt::is_null(v))
        return out;
    if (pmt::is_pair(v)) { /* a PMT list */
        for (pmt::pmt_t p = v; pmt::is_pair(p); p = pmt::cdr(p))
            out.push_back(static_cast<float>(to_number(key, pmt::car(p))));
        return out;
    }
    throw std::invalid_argument(key + ": must be a list of lo, hi pairs in Hz, got " +
                                brief(v));
}

using field_fn = std::function<void(stftc_mask_config_t&, const pmt::pmt_t&)>;

#define STFTC_NUMBER_FIELD(name)                                         \
    {                                                                    \
#name, [](stftc_mask_config_t & c,                               \
                  const pmt::pmt_t& v) { c.name = to_number(#name, v); } \
    }

const std::map<std::string, field_fn>& field_table()
{
    static const std::map<std::string, field_fn> table = {
        STFTC_NUMBER_FIELD(threshold_db),
        STFTC_NUMBER_FIELD(floor_db),
        STFTC_NUMBER_FIELD(pfa),
        STFTC_NUMBER_FIELD(hysteresis_db),
        STFTC_NUMBER_FIELD(hang_time),
        STFTC_NUMBER_FIELD(gate_slope_db),
        STFTC_NUMBER_FIELD(xi_min_db),
        STFTC_NUMBER_FIELD(dd_alpha),
        STFTC_NUMBER_FIELD(line_db),
        STFTC_NUMBER_FIELD(impulse_db),
        STFTC_NUMBER_FIELD(smooth_time),
        STFTC_NUMBER_FIELD(smooth_freq),
        /* constructor-only: accepted as keys so that a change is refused with
         * the core's sentence (check_fixed_fields) rather than as unknown */
        STFTC_NUMBER_FIELD(sample_rate),
        STFTC_NUMBER_FIELD(noise_window),
        STFTC_NUMBER_FIELD(region_time),
        STFTC_NUMBER_FIELD(region_freq),
        STFTC_NUMBER_FIELD(lookahead),
        { "presence",
          [](stftc_mask_config_t& c, const pmt::pmt_t& v) {
              c.presence = to_tristate("presence", v);
          } },
        { "mask",
          [](stftc_mask_config_t& c, const pmt::pmt_t& v) {
              if (!pmt::is_symbol(v))
                  throw std::invalid_argument("mask: must be a mask name, got " +
                                              brief(v));
              stftc_error_t err{};
              if (stftc_mask_parse_type(
                      pmt::symbol_to_string(v).c_str(), &c.type, &err) != STFTC_OK)
                  throw_core_error(err);
          } },
        { "lines",
          [](stftc_mask_config_t& c, const pmt::pmt_t& v) {
              c.lines = to_tristate("lines", v);
          } },
        { "impulse",
          [](stftc_mask_config_t& c, const pmt::pmt_t& v) {
              c.impulse = to_tristate("impulse", v);
          } },
        { "bypass",
          [](stftc_mask_config_t& c, const pmt::pmt_t& v) {
              c.bypass = to_flag("bypass", v) ? 1 : 0;
          } },
        { "band_reject",
          [](stftc_mask_config_t& c, const pmt::pmt_t& v) {
              c.band_reject = to_flag("band_reject", v) ? 1 : 0;
          } },
        { "bands",
          [](stftc_mask_config_t& c, const pmt::pmt_t& v) {
              set_mask_bands(c, to_float_list("bands", v), c.band_reject != 0);
          } },
    };
    return table;
}
#undef STFTC_NUMBER_FIELD

} // namespace

void mask_params::report(const gr::logger_ptr& logger,
                         bool error,
                         const std::string& line)
{
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(d_mutex);
    if (now - d_report_start >= std::chrono::seconds(1)) {
        if (d_suppressed > 0)
            logger->warn("params: {} more bad settings in the last second not reported",
                         d_suppressed);
        d_report_start = now;
        d_reports = 0;
        d_suppressed = 0;
    }
    if (d_reports >= PARAMS_REPORTS_PER_S) {
        d_suppressed++;
        return;
    }
    d_reports++;
    if (error)
        logger->error("params: {}", line);
    else
        logger->warn("params: {}", line);
}

void mask_params::handle_message(const pmt::pmt_t& msg, const gr::logger_ptr& logger)
{
    try {
        pmt::pmt_t dict = msg;
        if (pmt::is_pair(msg) && pmt::is_symbol(pmt::car(msg))) /* one (name . value) */
            dict = pmt::dict_add(pmt::make_dict(), pmt::car(msg), pmt::cdr(msg));
        if (!pmt::is_dict(dict)) {
            report(logger, true, "expected a PMT dict {name: value}, got " + brief(msg));
            return;
        }
        const auto& table = field_table();
        /* Each key is applied on its own, in order, like a setter call: a bad
         * value is reported and skipped, the other keys still apply. "bands"
         * uses the band_reject of the same message when both are given. */
        pmt::pmt_t items = pmt::dict_items(dict);
        pmt::pmt_t reject = pmt::dict_ref(dict, pmt::mp("band_reject"), pmt::PMT_NIL);
        for (pmt::pmt_t p = items; pmt::is_pair(p); p = pmt::cdr(p)) {
            const pmt::pmt_t kv = pmt::car(p);
            const pmt::pmt_t k = pmt::car(kv);
            const pmt::pmt_t v = pmt::cdr(kv);
            if (!pmt::is_symbol(k)) {
                report(logger, false, "ignoring a key that is not a symbol: " + brief(k));
                continue;
            }
            const std::string key = pmt::symbol_to_string(k);
            auto it = table.find(key);
            if (it == table.end()) {
                report(logger, false, "unknown key " + brief(k) + " ignored");
                continue;
            }
            try {
                if (key == "bands" && !pmt::is_null(reject)) {
                    const bool r = to_flag("band_reject", reject);
                    const auto list = to_float_list("bands", v);
                    stage([&](stftc_mask_config_t& c) { set_mask_bands(c, list, r); });
                } else {
                    stage([&](stftc_mask_config_t& c) { it->second(c, v); });
                }
            } catch (const std::exception& e) {
                /* the core's messages and ours name the field; a PMT
                 * conversion's does not */
                std::string what = e.what();
                if (what.compare(0, key.size() + 1, key + ":") != 0)
                    what = key + ": " + what;
                report(logger, true, what);
            }
        }
    } catch (const std::exception& e) {
        report(logger, true, e.what());
    }
}

} // namespace detail
} // namespace stftclean
} // namespace gr

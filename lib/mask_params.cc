/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "mask_params.h"
#include <stftclean/mask_fields.h>
#include <stdexcept>

namespace gr {
namespace stftclean {
namespace detail {

namespace {

/* The table's row for name; std::invalid_argument listing the keys if none */
const stftc_mask_field_t* find_field(const std::string& name)
{
    const stftc_mask_field_t* f = stftc_mask_field_find(name.c_str());
    if (f)
        return f;
    std::string keys;
    for (size_t i = 0; i < stftc_mask_field_count(); i++)
        keys += (i ? ", " : "") + std::string(stftc_mask_field_at(i)->name);
    throw std::invalid_argument(name + ": not a mask parameter (the keys: " + keys + ")");
}

} // namespace

void check_fixed_fields(const stftc_mask_config_t& cur, const stftc_mask_config_t& next)
{
    for (size_t i = 0; i < stftc_mask_field_count(); i++) {
        const stftc_mask_field_t* f = stftc_mask_field_at(i);
        if (!f->runtime &&
            stftc_mask_field_get(&next, f) != stftc_mask_field_get(&cur, f))
            throw std::invalid_argument(std::string(f->name) +
                                        ": can only be set at construction time");
    }
}

void mask_params::set_args(const std::string& args)
{
    stage([&](stftc_mask_config_t& c) {
        stftc_error_t err{};
        if (stftc_mask_config_parse_args(&c, args.c_str(), &err) != STFTC_OK)
            throw_core_error(err);
    });
}

void mask_params::set_param(const std::string& name, double value)
{
    const stftc_mask_field_t* f = find_field(name);
    stage([&](stftc_mask_config_t& c) {
        stftc_error_t err{};
        if (stftc_mask_field_set(&c, f, value, &err) != STFTC_OK)
            throw_core_error(err);
    });
}

double mask_params::param(const std::string& name) const
{
    const stftc_mask_field_t* f = find_field(name);
    const stftc_mask_config_t c = get();
    return stftc_mask_field_get(&c, f);
}

std::string mask_params::config_text() const { return format_mask_config(get()); }

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

/* One message value into field f of c, by the field's kind in the table: a
 * symbol is text as in args (any field); otherwise a mask name must be a
 * symbol, bands a list of numbers, a flag or tristate a bool or a number,
 * a number a number. */
void set_from_pmt(stftc_mask_config_t& c,
                  const stftc_mask_field_t* f,
                  const pmt::pmt_t& v)
{
    const std::string key = f->name;
    stftc_error_t err{};
    if (pmt::is_symbol(v)) {
        if (stftc_mask_field_parse(&c, f, pmt::symbol_to_string(v).c_str(), &err) !=
            STFTC_OK)
            throw_core_error(err);
        return;
    }
    double value = 0.0;
    switch (f->kind) {
    case STFTC_MFIELD_TYPE:
        throw std::invalid_argument(key + ": must be a mask name, got " + brief(v));
    case STFTC_MFIELD_BANDS:
        set_mask_bands(c, to_float_list(key, v), c.band_reject != 0);
        return;
    case STFTC_MFIELD_FLAG:
        if (pmt::is_integer(v)) { /* any non-zero integer is on */
            value = pmt::to_long(v) != 0 ? 1.0 : 0.0;
            break;
        }
        [[fallthrough]];
    case STFTC_MFIELD_TRISTATE:
        if (pmt::is_bool(v)) {
            value = pmt::to_bool(v) ? 1.0 : 0.0;
            break;
        }
        [[fallthrough]];
    case STFTC_MFIELD_NUMBER:
        value = to_number(key, v);
        break;
    }
    if (stftc_mask_field_set(&c, f, value, &err) != STFTC_OK)
        throw_core_error(err);
}

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
        /* Each key is applied on its own, in order, like a setter call: a bad
         * value is reported and skipped, the other keys still apply. */
        pmt::pmt_t items = pmt::dict_items(dict);
        for (pmt::pmt_t p = items; pmt::is_pair(p); p = pmt::cdr(p)) {
            const pmt::pmt_t kv = pmt::car(p);
            const pmt::pmt_t k = pmt::car(kv);
            const pmt::pmt_t v = pmt::cdr(kv);
            if (!pmt::is_symbol(k)) {
                report(logger, false, "ignoring a key that is not a symbol: " + brief(k));
                continue;
            }
            const std::string key = pmt::symbol_to_string(k);
            const stftc_mask_field_t* f = stftc_mask_field_find(key.c_str());
            if (!f) {
                report(logger, false, "unknown key " + brief(k) + " ignored");
                continue;
            }
            try {
                stage([&](stftc_mask_config_t& c) { set_from_pmt(c, f, v); });
            } catch (const std::exception& e) {
                /* the core's messages and ours name the field; a PMT
                 * conversion's does not */
                const std::string name = f->name;
                std::string what = e.what();
                if (what.compare(0, name.size() + 1, name + ":") != 0)
                    what = name + ": " + what;
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

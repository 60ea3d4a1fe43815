/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sigmf_annotation_sink_impl.h"
#include <gnuradio/io_signature.h>
#include <stftclean/common.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace gr {
namespace stftclean {

sigmf_annotation_sink::sptr sigmf_annotation_sink::make(const std::string& filename,
                                                        double sample_rate,
                                                        double centre_freq,
                                                        const std::string& datatype,
                                                        const std::string& start_time,
                                                        const std::string& generator,
                                                        const std::string& dataset,
                                                        uint64_t header_bytes,
                                                        double rewrite_interval)
{
    return gnuradio::make_block_sptr<sigmf_annotation_sink_impl>(filename,
                                                                 sample_rate,
                                                                 centre_freq,
                                                                 datatype,
                                                                 start_time,
                                                                 generator,
                                                                 dataset,
                                                                 header_bytes,
                                                                 rewrite_interval);
}

sigmf_annotation_sink_impl::sigmf_annotation_sink_impl(const std::string& filename,
                                                       double sample_rate,
                                                       double centre_freq,
                                                       const std::string& datatype,
                                                       const std::string& start_time,
                                                       const std::string& generator,
                                                       const std::string& dataset,
                                                       uint64_t header_bytes,
                                                       double rewrite_interval)
    : gr::block("sigmf_annotation_sink",
                gr::io_signature::make(0, 0, 0),
                gr::io_signature::make(0, 0, 0)),
      d_meta(stftc_sigmf_meta_default()),
      d_generator(generator),
      d_interval(rewrite_interval)
{
    std::vector<char> m(filename.size() + 16);
    if (filename.empty() ||
        stftc_sigmf_paths(filename.c_str(), m.data(), nullptr, m.size()))
        throw std::invalid_argument("filename: must name a .sigmf-meta file");
    d_path = m.data();
    if (!(sample_rate >= STFTC_SAMPLE_RATE_MIN && sample_rate <= STFTC_SAMPLE_RATE_MAX))
        throw std::invalid_argument("sample_rate: must be in [" +
                                    std::to_string(STFTC_SAMPLE_RATE_MIN) + ", " +
                                    std::to_string(STFTC_SAMPLE_RATE_MAX) + "] Hz, got " +
                                    std::to_string(sample_rate));
    if (!std::isfinite(centre_freq))
        throw std::invalid_argument("centre_freq: must be finite (0: unknown)");
    if (!(rewrite_interval >= 0.0) || !std::isfinite(rewrite_interval))
        throw std::invalid_argument("rewrite_interval: must be >= 0 s");
    stftc_error_t err;
    if (stftc_sigmf_datatype_parse(datatype.c_str(), &d_meta.datatype, &err) != STFTC_OK)
        throw std::invalid_argument(err.msg);
    d_meta.sample_rate = sample_rate;
    if (centre_freq != 0.0) {
        d_meta.has_frequency = 1;
        d_meta.frequency = centre_freq;
    }
    if (!start_time.empty()) {
        stftc_systemtime_t t;
        if (start_time.size() >= sizeof d_meta.datetime ||
            stftc_time_from_iso8601(start_time.c_str(), &t, nullptr) != 0)
            throw std::invalid_argument("start_time: must be ISO 8601 UTC such as "
                                        "2024-05-09T12:30:15.125Z, got '" +
                                        start_time + "'");
        std::strcpy(d_meta.datetime, start_time.c_str());
        d_meta.has_datetime = 1;
    }
    if (generator.size() >= STFTC_SIGMF_TEXT_LEN)
        throw std::invalid_argument("generator: must be shorter than 64 bytes");
    if (!dataset.empty()) {
        if (dataset.size() >= sizeof d_meta.dataset ||
            dataset.find('/') != std::string::npos)
            throw std::invalid_argument(
                "dataset: must be a bare file name in the meta file's folder");
        std::strcpy(d_meta.dataset, dataset.c_str());
        d_meta.header_bytes = header_bytes;
    }
    std::snprintf(d_meta.recorder, sizeof d_meta.recorder, "gr-stftclean");
    message_port_register_in(pmt::mp("in"));
    set_msg_handler(pmt::mp("in"), [this](const pmt::pmt_t& msg) { handle(msg); });
}

std::unique_ptr<sigmf_annotation_sink_impl::record>
sigmf_annotation_sink_impl::parse(const pmt::pmt_t& msg_in, std::string& why) const
{
    auto rec = std::make_unique<record>();
    stftc_sigmf_annotation_t& a = rec->a;
    pmt::pmt_t msg = msg_in;
    if (pmt::is_pair(msg) && !pmt::is_dict(msg) && pmt::is_dict(pmt::car(msg)))
        msg = pmt::car(msg);
    if (!pmt::is_dict(msg)) {
        why = "message is not a PMT dict";
        return nullptr;
    }
    auto get = [&msg](const char* key) -> pmt::pmt_t {
        for (const std::string& k : { std::string("core:") + key,
                                      std::string("stftclean:") + key,
                                      std::string(key) }) {
            const pmt::pmt_t v = pmt::dict_ref(msg, pmt::intern(k), pmt::PMT_NIL);
            if (!pmt::eq(v, pmt::PMT_NIL))
                return v;
        }
        return pmt::PMT_NIL;
    };
    auto number = [](const pmt::pmt_t& v, double& out) {
        if (!pmt::is_number(v) || pmt::is_complex(v))
            return false;
        out = pmt::is_uint64(v) ? static_cast<double>(pmt::to_uint64(v))
                                : pmt::to_double(v);
        return std::isfinite(out);
    };
    auto count = [&number](const pmt::pmt_t& v, uint64_t& out) {
        if (pmt::is_uint64(v)) {
            out = pmt::to_uint64(v);
            return true;
        }
        double d;
        if (!number(v, d) || d < 0.0 || d >= 1.8e19)
            return false;
        out = static_cast<uint64_t>(std::llround(d));
        return true;
    };
    a = stftc_sigmf_annotation_default();
    if (!count(get("sample_start"), a.sample_start)) {
        why = "sample_start missing or not a number >= 0";
        return nullptr;
    }
    pmt::pmt_t v = get("sample_count");
    if (!pmt::eq(v, pmt::PMT_NIL) && !count(v, a.sample_count)) {
        why = "sample_count is not a number >= 0";
        return nullptr;
    }
    double lo, hi;
    if (number(get("freq_lower_edge"), lo) && number(get("freq_upper_edge"), hi)) {
        a.has_freq = 1;
    } else if (number(get("freq_lower_offset"), lo) &&
               number(get("freq_upper_offset"), hi)) {
        a.has_freq = 1;
        if (d_meta.has_frequency) {
            lo += d_meta.frequency;
            hi += d_meta.frequency;
        }
    }
    if (a.has_freq) {
        a.freq_lower_edge = lo;
        a.freq_upper_edge = hi;
    }
    for (auto field :
         { std::make_pair("label", a.label), std::make_pair("generator", a.generator) }) {
        const pmt::pmt_t s = get(field.first);
        if (pmt::is_symbol(s))
            std::snprintf(field.second,
                          STFTC_SIGMF_TEXT_LEN,
                          "%s",
                          pmt::symbol_to_string(s).c_str());
    }
    if (!a.generator[0])
        std::snprintf(a.generator, sizeof a.generator, "%s", d_generator.c_str());
    a.has_snr = number(get("snr_db"), a.snr_db);
    a.has_power = number(get("power_db"), a.power_db);
    /* every other numeric stftclean:* field (the burst detector's duration,
     * bandwidth, feature means and deviations, ...) in the message's order */
    static const std::string ns = "stftclean:";
    for (pmt::pmt_t items = pmt::dict_items(msg); pmt::is_pair(items);
         items = pmt::cdr(items)) {
        const pmt::pmt_t kv = pmt::car(items);
        if (!pmt::is_symbol(pmt::car(kv)))
            continue;
        const std::string key = pmt::symbol_to_string(pmt::car(kv));
        double v;
        if (key.size() <= ns.size() || key.compare(0, ns.size(), ns) != 0 ||
            !number(pmt::cdr(kv), v))
            continue;
        const std::string name = key.substr(ns.size());
        if (name == "snr_db" || name == "power_db")
            continue;
        rec->names.push_back(name);
        rec->fields.push_back({ nullptr, v });
    }
    /* pmt dicts list the newest key first: restore the sender's order */
    std::reverse(rec->names.begin(), rec->names.end());
    std::reverse(rec->fields.begin(), rec->fields.end());
    for (size_t i = 0; i < rec->fields.size(); i++)
        rec->fields[i].name = rec->names[i].c_str();
    a.fields = rec->fields.empty() ? nullptr : rec->fields.data();
    a.nfields = rec->fields.size();
    return rec;
}

int sigmf_annotation_sink_impl::write_meta_locked(stftc_error_t* err)
{
    std::vector<stftc_sigmf_annotation_t> ann;
    ann.reserve(d_ann.size());
    for (const auto& r : d_ann)
        ann.push_back(r->a);
    const int rc =
        stftc_sigmf_meta_write(d_path.c_str(), &d_meta, ann.data(), ann.size(), err);
    d_last_write = std::chrono::steady_clock::now();
    d_dirty = false;
    return rc;
}

void sigmf_annotation_sink_impl::write_locked()
{
    stftc_error_t err;
    if (write_meta_locked(&err) != STFTC_OK)
        d_logger->error("{:s}", err.msg);
}

void sigmf_annotation_sink_impl::add_locked(std::unique_ptr<record> r)
{
    d_ann.push_back(std::move(r));
    d_dirty = true;
    const std::chrono::duration<double> since =
        std::chrono::steady_clock::now() - d_last_write;
    if (since.count() >= d_interval)
        write_locked();
    else
        d_cv.notify_all(); /* the flusher writes it once the interval is up */
}

void sigmf_annotation_sink_impl::handle(const pmt::pmt_t& msg)
{
    std::string why;
    std::unique_ptr<record> r = parse(msg, why);
    if (!r) {
        d_logger->warn("annotation dropped: {:s}", why);
        return;
    }
    std::lock_guard<std::mutex> lock(d_mutex);
    add_locked(std::move(r));
}

void sigmf_annotation_sink_impl::add_annotation(const pmt::pmt_t& msg)
{
    std::string why;
    std::unique_ptr<record> r = parse(msg, why);
    if (!r)
        throw std::invalid_argument("annotation: " + why);
    std::lock_guard<std::mutex> lock(d_mutex);
    add_locked(std::move(r));
}

void sigmf_annotation_sink_impl::flush()
{
    std::lock_guard<std::mutex> lock(d_mutex);
    write_locked();
}

size_t sigmf_annotation_sink_impl::count() const
{
    std::lock_guard<std::mutex> lock(d_mutex);
    return d_ann.size();
}

void sigmf_annotation_sink_impl::flusher_loop()
{
    std::unique_lock<std::mutex> lock(d_mutex);
    while (!d_quit) {
        if (!d_dirty) {
            d_cv.wait(lock);
            continue;
        }
        const auto due = d_last_write +
                         std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                             std::chrono::duration<double>(d_interval));
        if (std::chrono::steady_clock::now() >= due)
            write_locked();
        else
            d_cv.wait_until(lock, due);
    }
}

void sigmf_annotation_sink_impl::stop_flusher()
{
    {
        std::lock_guard<std::mutex> lock(d_mutex);
        d_quit = true;
    }
    d_cv.notify_all();
    if (d_flusher.joinable())
        d_flusher.join();
}

bool sigmf_annotation_sink_impl::check_topology(int ninputs, int noutputs)
{
    (void)ninputs;
    (void)noutputs;
    /* in the thread of tb.start(): a meta file that cannot be written raises
     * there, not only in the log */
    std::lock_guard<std::mutex> lock(d_mutex);
    stftc_error_t err;
    if (write_meta_locked(&err) != STFTC_OK)
        throw std::runtime_error("sigmf_annotation_sink: " + std::string(err.msg));
    return true;
}

bool sigmf_annotation_sink_impl::start()
{
    stop_flusher(); /* a flowgraph started again */
    flush();
    {
        std::lock_guard<std::mutex> lock(d_mutex);
        d_quit = false;
    }
    d_flusher = std::thread([this] { flusher_loop(); });
    return true;
}

bool sigmf_annotation_sink_impl::stop()
{
    stop_flusher();
    flush();
    return true;
}

sigmf_annotation_sink_impl::~sigmf_annotation_sink_impl() { stop_flusher(); }

} // namespace stftclean
} // namespace gr

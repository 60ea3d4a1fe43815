/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "burst_detector_impl.h"
#include "core_glue.h"
#include <gnuradio/io_signature.h>
#include <stftclean/vmath.h>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace gr {
namespace stftclean {

namespace {
constexpr size_t CPLX = 2 * sizeof(float);
const pmt::pmt_t PORT = pmt::mp("bursts");
const pmt::pmt_t TAG_START = pmt::mp("burst_start");
const pmt::pmt_t TAG_END = pmt::mp("burst_end");
} // namespace

burst_detector::sptr burst_detector::make(int fft_size,
                                          int hop,
                                          double sample_rate,
                                          double center_freq,
                                          int window_len,
                                          int frame_delay,
                                          const std::string& source,
                                          double on_db,
                                          double off_db,
                                          double min_duration,
                                          double merge_gap,
                                          double hang,
                                          double noise_window,
                                          const std::string& label,
                                          const std::string& cepstrum,
                                          int n_filters,
                                          int n_ceps,
                                          bool real_input,
                                          bool centered,
                                          double occupied_gain,
                                          int min_cells,
                                          bool scattering,
                                          int scat_J,
                                          int scat_Q1,
                                          int scat_Q2,
                                          double scat_T,
                                          const std::string& window)
{
    if (fft_size < 0 || hop < 0 || window_len < 0 || frame_delay < 0 || n_filters < 0 ||
        n_ceps < 0 || min_cells < 0)
        throw std::invalid_argument("fft_size, hop, window_len, frame_delay, n_filters, "
                                    "n_ceps, min_cells: must not be negative");
    if (scat_J < 0 || scat_Q1 < 0 || scat_Q2 < 0)
        throw std::invalid_argument("scat_J, scat_Q1, scat_Q2: must not be negative");
    if (!(scat_T >= 0.0 && scat_T <= 3600.0))
        throw std::invalid_argument("scat_T: must be 0 (2^scat_J samples) or a time in "
                                    "s, got " +
                                    std::to_string(scat_T));
    if (window_len > fft_size)
        throw std::invalid_argument("window_len: must be 0 (fft_size) or <= fft_size");
    stftc_error_t err{};
    stftc_bursts_config_t c = stftc_bursts_config_default();
    stftc_features_config_t& f = c.features;
    f.fft_size = static_cast<size_t>(fft_size);
    f.sample_rate = sample_rate;
    f.center_freq = center_freq;
    f.sample_type = real_input ? STFTC_REAL : STFTC_COMPLEX;
    f.centered = centered ? 1 : 0;
    if (stftc_features_parse_cepstrum(cepstrum.c_str(), &f.cepstrum, &err) != STFTC_OK ||
        stftc_bursts_parse_source(source.c_str(), &c.source, &err) != STFTC_OK)
        detail::throw_core_error(err);
    f.n_filters = static_cast<size_t>(n_filters);
    f.n_ceps = static_cast<size_t>(n_ceps);
    c.hop = static_cast<size_t>(hop);
    const int64_t wlen = window_len ? window_len : fft_size;
    c.first_center = static_cast<int64_t>(hop) - wlen / 2 -
                     static_cast<int64_t>(frame_delay) * static_cast<int64_t>(hop);
    c.on = on_db;
    c.off = off_db;
    c.min_duration = min_duration;
    c.merge_gap = merge_gap;
    c.hang = hang;
    c.noise_window = noise_window;
    c.occupied_gain = occupied_gain;
    c.min_cells = static_cast<size_t>(min_cells);
    c.scattering = scattering ? 1 : 0;
    c.scat.J = static_cast<size_t>(scat_J);
    c.scat.Q1 = static_cast<size_t>(scat_Q1);
    c.scat.Q2 = static_cast<size_t>(scat_Q2);
    if (scattering && scat_T != 0.0 && sample_rate > 0.0) {
        const double t = scat_T * sample_rate;
        if (!(scat_T > 0.0 && t >= 2.0 && t <= 1048576.0))
            throw std::invalid_argument(
                "scat_T: must be 0 (2^scat_J samples) or 2..2^20 samples (" +
                std::to_string(2.0 / sample_rate) + ".." +
                std::to_string(1048576.0 / sample_rate) + " s), got " +
                std::to_string(scat_T) + " s");
        c.scat.T = static_cast<size_t>(std::llround(t));
    }
    c.window_len = static_cast<size_t>(window_len);
    if (stftc_window_parse(window.c_str(), &c.window, &err) != STFTC_OK)
        detail::throw_core_error(err);
    bursts_ptr b(stftc_bursts_create(&c, &err), &stftc_bursts_destroy);
    if (!b) {
        /* the core names the thresholds on/off; this block's parameters are
         * on_db/off_db */
        std::string msg(err.msg);
        if (msg.rfind("on: ", 0) == 0)
            throw std::invalid_argument("on_db: " + msg.substr(4));
        if (msg.rfind("off: ", 0) == 0) {
            const auto at = msg.find("..on (");
            if (at != std::string::npos)
                msg.replace(at, 6, "..on_db (");
            throw std::invalid_argument("off_db: " + msg.substr(5));
        }
        detail::throw_core_error(err);
    }
    return gnuradio::make_block_sptr<burst_detector_impl>(
        std::move(b),
        label,
        static_cast<uint64_t>(wlen),
        static_cast<uint64_t>(frame_delay));
}

burst_detector_impl::burst_detector_impl(bursts_ptr bursts,
                                         const std::string& label,
                                         uint64_t window_len,
                                         uint64_t frame_delay)
    : gr::sync_block(
          "burst_detector",
          gr::io_signature::makev(
              1,
              2,
              { static_cast<int>(
                    stftc_features_bins(stftc_bursts_features(bursts.get())) * CPLX),
                static_cast<int>(
                    stftc_features_bins(stftc_bursts_features(bursts.get())) *
                    sizeof(float)) }),
          gr::io_signature::make(
              1,
              1,
              static_cast<int>(stftc_features_bins(stftc_bursts_features(bursts.get())) *
                               CPLX))),
      d_bursts(std::move(bursts)),
      d_bins(stftc_features_bins(stftc_bursts_features(d_bursts.get()))),
      /* a burst's tags go on the vector of its first sample, up to
       * window_len / 2 + hop samples before its first frame's vector: that
       * much more delay keeps them in the future when they are known */
      d_delay(stftc_bursts_decision_delay(d_bursts.get()) + 2 +
              (window_len / 2 + stftc_bursts_config(d_bursts.get())->hop - 1) /
                  stftc_bursts_config(d_bursts.get())->hop),
      d_mask_source(stftc_bursts_config(d_bursts.get())->source == STFTC_BURST_MASK),
      d_label(pmt::intern(label)),
      d_hop(stftc_bursts_config(d_bursts.get())->hop),
      d_wlen(window_len),
      d_frame_delay(frame_delay),
      d_power(d_bins),
      d_fields(stftc_bursts_nfields(d_bursts.get()))
{
    for (const auto& name : field_names())
        d_field_keys.push_back(pmt::intern("stftclean:" + name));
    set_history(static_cast<unsigned>(d_delay + 1));
    detail::set_min_output_buffer_quietly(
        *this, detail::frame_buffer_items(d_bins * CPLX), d_debug_logger);
    declare_sample_delay(static_cast<unsigned>(d_delay));
    /* input 0's tags move with their vectors (work); input 1 mirrors them */
    set_tag_propagation_policy(TPP_DONT);
    message_port_register_out(PORT);
}

std::vector<std::string> burst_detector_impl::field_names() const
{
    std::vector<std::string> names;
    char buf[96];
    for (size_t i = 0; stftc_bursts_field_name(d_bursts.get(), i, buf, sizeof buf) == 0;
         i++)
        names.emplace_back(buf);
    return names;
}

bool burst_detector_impl::check_topology(int ninputs, int)
{
    d_have_gain = ninputs > 1;
    if (d_mask_source && !d_have_gain)
        throw std::invalid_argument(
            "source: \"mask\" needs input 1 connected (the gains of mask_cc output 1)");
    return true;
}

bool burst_detector_impl::stop()
{
    /* End of stream: a burst still open is closed and published (best
     * effort: a receiver that has already finished does not see it; pad the
     * stream with merge_gap + hang of silence where every burst matters) */
    stftc_burst_t ev;
    int f;
    /* one event per call (the scattering summary's delayed frames) */
    while ((f = stftc_bursts_flush(d_bursts.get(), &ev)) != 0)
        if (f & STFTC_BURST_ENDED)
            publish(ev);
    return true;
}

uint64_t burst_detector_impl::tag_offset(uint64_t sample) const
{
    /* stft_cc puts input sample n's tags on vector n / hop and istft_cc puts
     * vector v's on sample v hop + L - H: the vector for a sample is
     * sample / hop, plus the delays since stft_cc */
    return sample / d_hop + d_frame_delay + d_delay;
}

void burst_detector_impl::publish(const stftc_burst_t& ev)
{
    stftc_bursts_field_values(d_bursts.get(), &ev, d_fields.data());
    pmt::pmt_t d = pmt::make_dict();
    d = pmt::dict_add(d, pmt::mp("core:sample_start"), pmt::from_uint64(ev.start_sample));
    d = pmt::dict_add(d,
                      pmt::mp("core:sample_count"),
                      pmt::from_uint64(ev.stop_sample - ev.start_sample));
    d = pmt::dict_add(
        d, pmt::mp("core:freq_lower_edge"), pmt::from_double(ev.freq_lo_hz));
    d = pmt::dict_add(
        d, pmt::mp("core:freq_upper_edge"), pmt::from_double(ev.freq_hi_hz));
    d = pmt::dict_add(d, pmt::mp("core:label"), d_label);
    for (size_t i = 0; i < d_fields.size(); i++)
        d = pmt::dict_add(d, d_field_keys[i], pmt::from_double(d_fields[i]));
    message_port_pub(PORT, d);
    d_found++;
}

int burst_detector_impl::work(int noutput_items,
                              gr_vector_const_void_star& input_items,
                              gr_vector_void_star& output_items)
{
    const float* in = static_cast<const float*>(input_items[0]);
    const float* gain = d_have_gain ? static_cast<const float*>(input_items[1]) : nullptr;
    const size_t vlen = 2 * d_bins;
    /* output: the oldest vectors of the history window */
    std::memcpy(
        output_items[0], in, static_cast<size_t>(noutput_items) * vlen * sizeof(float));
    const uint64_t w0 = nitems_written(0);
    std::vector<gr::tag_t> in_tags;
    get_tags_in_range(in_tags, 0, nitems_read(0), nitems_read(0) + noutput_items);
    /* the reader already moves them by the declared sample delay K: they
     * come back on the output vectors that carry their input vectors
     * (adding K here as well put them K vectors late) */
    for (const auto& t : in_tags)
        d_tags.push_back({ t.offset, t.key, t.value });
    for (int i = 0; i < noutput_items; i++) {
        const size_t newest = static_cast<size_t>(i) + d_delay;
        const float* x = in + newest * vlen;
        const float* g = gain ? gain + newest * d_bins : nullptr;
        stftc_vec_mag2(d_power.data(), x, d_bins);
        if (g) /* input 0 is masked: back to the noisy power */
            for (size_t k = 0; k < d_bins; k++) {
                const float g2 = g[k] * g[k];
                d_power[k] = g2 > 1e-30f ? d_power[k] / g2 : 0.0f;
            }
        stftc_burst_t ev;
        const int f =
            stftc_bursts_process_frame(d_bursts.get(), x, d_power.data(), g, &ev);
        if (f & STFTC_BURST_STARTED)
            d_tags.push_back({ tag_offset(ev.start_sample),
                               TAG_START,
                               pmt::from_uint64(ev.start_sample) });
        if (f & STFTC_BURST_ENDED) {
            d_tags.push_back({ tag_offset(ev.stop_sample),
                               TAG_END,
                               pmt::from_uint64(ev.stop_sample) });
            publish(ev);
        }
    }
    /* tags on the vectors written now (never in the past: the decision delay
     * bounds how late an event comes) */
    const uint64_t end = w0 + static_cast<uint64_t>(noutput_items);
    for (auto it = d_tags.begin(); it != d_tags.end();) {
        if (it->offset < end) {
            add_item_tag(0, it->offset < w0 ? w0 : it->offset, it->key, it->value);
            it = d_tags.erase(it);
        } else
            ++it;
    }
    return noutput_items;
}

} // namespace stftclean
} // namespace gr

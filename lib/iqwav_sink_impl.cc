/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "iqwav_sink_impl.h"
#include <gnuradio/io_signature.h>
#include <fcntl.h>
#include <pmt/pmt.h>
#include <stftclean/sigmf.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace gr {
namespace stftclean {

iqwav_sink::sptr iqwav_sink::make(const std::string& filename,
                                  double sample_rate,
                                  const std::string& sample_format,
                                  double centre_freq,
                                  const std::string& start_time,
                                  double patch_interval)
{
    return gnuradio::make_block_sptr<iqwav_sink_impl>(
        filename, sample_rate, sample_format, centre_freq, start_time, patch_interval);
}

namespace {
stftc_wav_format_t parse_format(const std::string& f)
{
    if (f == "pcm16")
        return STFTC_WAV_PCM;
    if (f == "float32")
        return STFTC_WAV_FLOAT;
    throw std::invalid_argument("sample_format: must be pcm16 or float32, got '" + f +
                                "'");
}

bool rate_ok(double r) { return r >= 1.0 && r <= 4294967295.0 && r == std::floor(r); }
} // namespace

iqwav_sink_impl::iqwav_sink_impl(const std::string& filename,
                                 double sample_rate,
                                 const std::string& sample_format,
                                 double centre_freq,
                                 const std::string& start_time,
                                 double patch_interval)
    : gr::sync_block("iqwav_sink",
                     gr::io_signature::make(1, 1, sizeof(gr_complex)),
                     gr::io_signature::make(0, 0, 0)),
      d_filename(filename),
      d_rate(sample_rate),
      d_format(parse_format(sample_format)),
      d_centre(centre_freq),
      d_patch_s(patch_interval)
{
    if (filename.empty())
        throw std::invalid_argument("filename: must not be empty");
    if (sample_rate != 0.0 && !rate_ok(sample_rate))
        throw std::invalid_argument(
            "sample_rate: must be 0 (from an rx_rate tag) or a whole number of Hz from 1 "
            "to 4294967295");
    if (!(centre_freq >= 0.0 && centre_freq <= 4294967295.0))
        throw std::invalid_argument(
            "centre_freq: must be 0 (from an rx_freq tag or none) to 4294967295 Hz (the "
            "auxi field is 32 bits)");
    if (!(patch_interval > 0.0 && patch_interval <= 86400.0))
        throw std::invalid_argument("patch_interval: must be > 0 and <= 86400 s");
    if (!start_time.empty()) {
        if (stftc_time_from_iso8601(start_time.c_str(), &d_time, nullptr) != 0)
            throw std::invalid_argument("start_time: must be ISO 8601 UTC such as "
                                        "2024-05-09T12:30:15.125Z, got '" +
                                        start_time + "'");
        d_have_time = true;
    }
}

iqwav_sink_impl::~iqwav_sink_impl()
{
    std::lock_guard<std::mutex> lock(d_mutex);
    close_writer();
}

uint64_t iqwav_sink_impl::nwritten() const
{
    std::lock_guard<std::mutex> lock(d_mutex);
    return d_written;
}

double iqwav_sink_impl::centre_freq() const
{
    std::lock_guard<std::mutex> lock(d_mutex);
    return d_centre;
}

bool iqwav_sink_impl::take_tags(int end, int* rate_at)
{
    bool changed = false;
    std::vector<gr::tag_t> tags;
    get_tags_in_window(tags, 0, 0, static_cast<uint64_t>(end));
    std::stable_sort(
        tags.begin(), tags.end(), [](const gr::tag_t& a, const gr::tag_t& b) {
            return a.offset < b.offset;
        });
    *rate_at = -1;
    uint64_t last = UINT64_MAX; /* the tags up to the rate's offset count */
    if (d_rate == 0.0) {
        for (const auto& t : tags)
            if (pmt::symbol_to_string(t.key) == "rx_rate" && pmt::is_number(t.value) &&
                rate_ok(std::floor(pmt::to_double(t.value) + 0.5))) {
                last = t.offset;
                d_rate = std::floor(pmt::to_double(t.value) + 0.5);
                *rate_at = static_cast<int>(t.offset - nitems_read(0));
                changed = true;
                break;
            }
    }
    for (const auto& t : tags) {
        if (t.offset > last)
            break;
        const std::string key = pmt::symbol_to_string(t.key);
        if (key == "rx_freq" && d_centre == 0.0 && pmt::is_number(t.value)) {
            const double f = pmt::to_double(t.value);
            if (f >= 0.0 && f <= 4294967295.0) {
                d_centre = f;
                changed = d_centre != 0.0 || changed;
            } else
                d_logger->warn("rx_freq {:g} Hz does not fit the auxi chunk; not stored",
                               f);
        } else if (key == "rx_time" && !d_have_time && !d_time_tag &&
                   pmt::is_tuple(t.value) && pmt::length(t.value) == 2) {
            const pmt::pmt_t s = pmt::tuple_ref(t.value, 0);
            const pmt::pmt_t f = pmt::tuple_ref(t.value, 1);
            if (pmt::is_integer(s) || pmt::is_uint64(s)) {
                d_time_secs = pmt::is_uint64(s) ? static_cast<int64_t>(pmt::to_uint64(s))
                                                : static_cast<int64_t>(pmt::to_long(s));
                const double frac = pmt::is_number(f) ? pmt::to_double(f) : 0.0;
                d_time_frac = frac >= 0.0 && frac < 1.0 ? frac : 0.0;
                d_time_offset = t.offset;
                d_time_tag = true;
            }
        }
    }
    if (d_time_tag && d_rate > 0.0) {
        /* the time of the file's first sample: the tag's, less the samples
         * before it (a delayed stream puts the source's tags later) */
        double frac = d_time_frac - static_cast<double>(d_time_offset - d_first) / d_rate;
        const double whole = std::floor(frac);
        frac -= whole;
        stftc_time_from_unix(d_time_secs + static_cast<int64_t>(whole), &d_time);
        d_time.millisecond = static_cast<uint16_t>(std::min(frac * 1000.0, 999.0));
        d_have_time = true;
        d_time_tag = false;
        changed = true;
    }
    return changed;
}

void iqwav_sink_impl::open_writer()
{
    if (d_rate == 0.0)
        throw std::runtime_error("iqwav_sink: sample_rate is 0 and no rx_rate tag came; "
                                 "set sample_rate");
    stftc_iqwav_write_options_t o = stftc_iqwav_write_options_default();
    o.format = d_format;
    o.channels = 2;
    o.sample_rate = static_cast<uint32_t>(d_rate);
    o.write_auxi = 1;
    o.centre_freq_hz = static_cast<uint32_t>(std::floor(d_centre + 0.5));
    if (d_have_time)
        o.start_time = d_time;
    o.patch_interval = static_cast<uint64_t>(std::ceil(d_patch_s * d_rate));
    stftc_error_t err;
    d_w = stftc_iqwav_create(d_filename.c_str(), &o, &err);
    if (!d_w)
        throw std::runtime_error(std::string("iqwav_sink: ") + err.msg);
}

void iqwav_sink_impl::close_writer()
{
    if (!d_w)
        return;
    stftc_error_t err;
    if (stftc_iqwav_writer_close(d_w, &err) != STFTC_OK)
        d_logger->error("closing {:s}: {:s}", d_filename, err.msg);
    d_w = nullptr;
}

namespace {
/* Can path be written? Throws if not; leaves no file behind. */
void probe_path(const std::string& path)
{
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode))
            throw std::runtime_error("iqwav_sink: filename: '" + path +
                                     "' is not a regular file");
        if (::access(path.c_str(), W_OK) != 0)
            throw std::runtime_error("iqwav_sink: filename: cannot write '" + path +
                                     "': " + std::strerror(errno));
        return;
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        throw std::runtime_error("iqwav_sink: filename: cannot create '" + path +
                                 "': " + std::strerror(errno));
    ::close(fd);
    ::unlink(path.c_str());
}
} // namespace

bool iqwav_sink_impl::check_topology(int ninputs, int noutputs)
{
    (void)ninputs;
    (void)noutputs;
    std::lock_guard<std::mutex> lock(d_mutex);
    if (d_w)
        return true; /* a flowgraph reconfigured while running */
    d_failed = false;
    d_tags_read = false;
    d_wrote = false;
    d_held = 0;
    d_time_tag = false;
    /* errors raise in tb.start()/tb.run(); with the rate from an rx_rate tag
     * the file is made at that tag, so only its path is tried now */
    if (d_rate > 0.0)
        open_writer();
    else {
        probe_path(d_filename);
        d_hold.resize(HOLD_MAX);
    }
    return true;
}

bool iqwav_sink_impl::stop()
{
    std::lock_guard<std::mutex> lock(d_mutex);
    if (!d_w && !d_failed && d_held > 0)
        d_logger->error("{:s}: sample_rate is 0 and no rx_rate tag came in {:d} "
                        "samples; nothing written, set sample_rate",
                        d_filename,
                        d_held);
    if (!d_w && !d_failed && d_rate > 0.0) {
        /* no sample arrived: still leave a valid (empty) recording */
        try {
            open_writer();
        } catch (const std::exception& e) {
            d_logger->error("{:s}", e.what());
        }
    }
    close_writer();
    return true;
}

int iqwav_sink_impl::work(int noutput_items,
                          gr_vector_const_void_star& input_items,
                          gr_vector_void_star& output_items)
{
    (void)output_items;
    std::lock_guard<std::mutex> lock(d_mutex);
    if (d_failed)
        return WORK_DONE;
    const auto* in = static_cast<const gr_complex*>(input_items[0]);
    int n = noutput_items;
    if (!d_tags_read) {
        d_tags_read = true;
        d_first = nitems_read(0);
        /* nothing is written yet: a header with the tags' metadata replaces
         * the one made at start */
        int unused;
        if (d_rate > 0.0 && take_tags(1, &unused) && d_w && !d_wrote)
            close_writer();
    }
    if (!d_w && d_rate == 0.0) {
        /* the rate from the first rx_rate tag: hold what comes before it */
        int at = -1;
        take_tags(n, &at);
        const size_t before = at < 0 ? static_cast<size_t>(n) : static_cast<size_t>(at);
        if (d_held + before > d_hold.size()) {
            d_logger->error("{:s}: sample_rate is 0 and no rx_rate tag in the first {:d} "
                            "samples; nothing written, set sample_rate",
                            d_filename,
                            d_hold.size());
            d_failed = true;
            return WORK_DONE;
        }
        std::copy(in, in + before, d_hold.begin() + d_held);
        d_held += before;
        if (at < 0)
            return noutput_items;
        in += before;
        n -= static_cast<int>(before);
    }
    if (!d_w) {
        try {
            open_writer();
        } catch (const std::exception& e) {
            /* an exception would end the scheduler thread without a word */
            d_logger->error("{:s}", e.what());
            d_failed = true;
            return WORK_DONE;
        }
    }
    if (d_held > 0) {
        const size_t held = d_held;
        d_held = 0;
        if (stftc_iqwav_write(d_w, reinterpret_cast<const float*>(d_hold.data()), held) !=
            STFTC_OK) {
            d_logger->error("write to {:s} failed; stopping", d_filename);
            d_failed = true;
            close_writer();
            return WORK_DONE;
        }
        d_written += held;
        d_wrote = true;
    }
    if (stftc_iqwav_write(d_w,
                          reinterpret_cast<const float*>(in),
                          static_cast<size_t>(n)) != STFTC_OK) {
        d_logger->error("write to {:s} failed; stopping", d_filename);
        d_failed = true;
        close_writer();
        return WORK_DONE;
    }
    d_written += static_cast<uint64_t>(n);
    d_wrote = true;
    return noutput_items;
}

} // namespace stftclean
} // namespace gr

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
#include <cerrno>
#include <cmath>
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

bool iqwav_sink_impl::take_tags()
{
    bool changed = false;
    std::vector<gr::tag_t> tags;
    get_tags_in_window(tags, 0, 0, 1);
    for (const auto& t : tags) {
        const std::string key = pmt::symbol_to_string(t.key);
        if (key == "rx_rate" && d_rate == 0.0 && pmt::is_number(t.value)) {
            const double r = std::floor(pmt::to_double(t.value) + 0.5);
            if (rate_ok(r)) {
                d_rate = r;
                changed = true;
            }
        } else if (key == "rx_freq" && d_centre == 0.0 && pmt::is_number(t.value)) {
            const double f = pmt::to_double(t.value);
            if (f >= 0.0 && f <= 4294967295.0) {
                d_centre = f;
                changed = d_centre != 0.0 || changed;
            } else
                d_logger->warn("rx_freq {:g} Hz does not fit the auxi chunk; not stored",
                               f);
        } else if (key == "rx_time" && !d_have_time && pmt::is_tuple(t.value) &&
                   pmt::length(t.value) == 2) {
            const pmt::pmt_t s = pmt::tuple_ref(t.value, 0);
            const pmt::pmt_t f = pmt::tuple_ref(t.value, 1);
            if (pmt::is_integer(s) || pmt::is_uint64(s)) {
                const int64_t secs = pmt::is_uint64(s)
                                         ? static_cast<int64_t>(pmt::to_uint64(s))
                                         : static_cast<int64_t>(pmt::to_long(s));
                const double frac = pmt::is_number(f) ? pmt::to_double(f) : 0.0;
                stftc_time_from_unix(secs, &d_time);
                d_time.millisecond = static_cast<uint16_t>(
                    frac >= 0.0 && frac < 1.0 ? frac * 1000.0 : 0.0);
                d_have_time = true;
                changed = true;
            }
        }
    }
    return changed;
}

void iqwav_sink_impl::open_writer()
{
    if (d_rate == 0.0)
        throw std::runtime_error("iqwav_sink: sample_rate is 0 and the first sample has "
                                 "no rx_rate tag; set sample_rate");
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
    /* errors raise in tb.start()/tb.run(); with the rate from an rx_rate tag
     * the file is made on the first sample, so only its path is tried now */
    if (d_rate > 0.0)
        open_writer();
    else
        probe_path(d_filename);
    return true;
}

bool iqwav_sink_impl::stop()
{
    std::lock_guard<std::mutex> lock(d_mutex);
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
    if (!d_tags_read) {
        d_tags_read = true;
        /* nothing is written yet: a header with the tags' metadata replaces
         * the one made at start */
        if (take_tags() && d_w && !d_wrote)
            close_writer();
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
    const auto* in = static_cast<const float*>(input_items[0]);
    if (stftc_iqwav_write(d_w, in, static_cast<size_t>(noutput_items)) != STFTC_OK) {
        d_logger->error("write to {:s} failed; stopping", d_filename);
        d_failed = true;
        close_writer();
        return WORK_DONE;
    }
    d_written += static_cast<uint64_t>(noutput_items);
    d_wrote = true;
    return noutput_items;
}

} // namespace stftclean
} // namespace gr

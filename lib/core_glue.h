/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Glue between the blocks and the C core: owning handles, config building
 * from block arguments, core errors turned into exceptions. Not installed. */
#ifndef INCLUDED_STFTCLEAN_CORE_GLUE_H
#define INCLUDED_STFTCLEAN_CORE_GLUE_H

#include <gnuradio/block.h>
#include <stftclean/cleaner.h>
#include <stftclean/stft.h>
#include <memory>
#include <string>
#include <vector>

namespace gr {
namespace stftclean {
namespace detail {

using stft_ptr = std::unique_ptr<stftc_stft_t, decltype(&stftc_stft_destroy)>;
using istft_ptr = std::unique_ptr<stftc_istft_t, decltype(&stftc_istft_destroy)>;
using cleaner_ptr = std::unique_ptr<stftc_cleaner_t, decltype(&stftc_cleaner_destroy)>;
using mask_ptr = std::unique_ptr<stftc_mask_t, decltype(&stftc_mask_destroy)>;

/* Point the core's FFTW planner hook at gr::fft::planner::mutex() (once per
 * process; every factory calls it before creating a core object). */
void install_planner_lock();

/* Throws std::invalid_argument carrying the core's sentence, which starts
 * with the name of the bad parameter. */
[[noreturn]] void throw_core_error(const stftc_error_t& err);

/* Block arguments -> core framing config; throws std::invalid_argument for
 * negative sizes and unknown windows. Range checks are left to the core. */
stftc_stft_config_t make_stft_config(int fft_size,
                                     int hop,
                                     const std::string& window,
                                     int window_len,
                                     bool centered,
                                     stftc_sample_t sample_type);

/* make()'s mask kind, sample rate and args text -> core mask config: the
 * defaults, then mask and sample_rate, then args (key=value pairs of the
 * core's table, stftc_mask_config_parse_args); throws std::invalid_argument
 * naming the key of a bad value or the unknown key. Value ranges are checked
 * by the core. */
stftc_mask_config_t
make_mask_config(const std::string& mask, double sample_rate, const std::string& args);

/* The deprecated make(): its leading mask fields on top of a config. */
void set_legacy_fields(stftc_mask_config_t& mcfg,
                       double threshold_db,
                       double floor_db,
                       const std::vector<float>& bands,
                       bool band_reject);

/* stftc_mask_config_format as a string */
std::string format_mask_config(const stftc_mask_config_t& mcfg);

/* Copy a flat lo, hi list into a mask config (throws on odd/oversized). */
void set_mask_bands(stftc_mask_config_t& mcfg,
                    const std::vector<float>& bands,
                    bool band_reject);

/* Throws std::invalid_argument unless mcfg is valid for scfg. */
void check_mask_config(const stftc_mask_config_t& mcfg, const stftc_stft_config_t& scfg);

/* sample_rate 0: the rate comes with the stream (an rx_rate tag). Masks that
 * use a rate (all but none and threshold) wait for it; until then they are
 * checked and built with rate_pending_config(): a provisional rate of 1 MHz
 * with every field whose range depends on the rate at its automatic value
 * (those are checked once the rate is known). */
bool rate_pending(const stftc_mask_config_t& mcfg);
stftc_mask_config_t rate_pending_config(const stftc_mask_config_t& mcfg);
/* the config with the stream's rate (from an rx_rate tag's value) */
stftc_mask_config_t with_stream_rate(const stftc_mask_config_t& mcfg, double rate);

stft_ptr create_stft(const stftc_stft_config_t& cfg);
istft_ptr create_istft(const stftc_stft_config_t& cfg);
cleaner_ptr create_cleaner(const stftc_cleaner_config_t& cfg);
/* scfg in natural bin order (centered 0): the mask objects see natural order */
mask_ptr create_mask(const stftc_mask_config_t& mcfg, const stftc_stft_config_t& scfg);

/* Buffer sizes for the blocks. GNU Radio's default buffer holds 64 KiB of
 * items (8192 complex samples, 8 frames of 1024 bins), and every call to
 * work() costs the scheduler a few microseconds of locks and wake-ups, as
 * much as several frames of processing at N = 1024. So the blocks ask for
 * larger buffers, still bounded in bytes:
 *  - frame (vector) outputs: about 1 MiB of frames, 8 to 128 of them;
 *  - sample outputs: 2^16 items, whole hops;
 *  - sample inputs: the upstream buffer belongs to the upstream block, but
 *    GNU Radio makes a buffer at least 2 * (decimation * output_multiple +
 *    history) items for every block that reads it; a block that asks for a
 *    history of reach_history() (more than it needs, the extra items unused)
 *    gets an upstream buffer of 2^18 items (2 MiB complex). */
inline long frame_buffer_items(size_t item_bytes)
{
    const long n = static_cast<long>((1u << 20) / (item_bytes ? item_bytes : 1));
    return n < 8 ? 8 : (n > 128 ? 128 : n);
}
inline long sample_buffer_items(size_t hop)
{
    const size_t h = hop ? hop : 1;
    const size_t n = ((1u << 16) + h - 1) / h * h;
    return static_cast<long>(n > 4 * h ? n : 4 * h);
}
/* Asks for a minimum output buffer of items on every output port, as
 * gr::block::set_min_output_buffer(long) does, without its log line (GNU
 * Radio 3.10 writes "set_min_output_buffer on block N to M" at info level for
 * every block made: in every generated script, GRC's console, notebooks). The
 * per-port overload does not log. The size goes to the block's debug logger
 * (d_debug_logger, [LOG] debug_level, "emerg" by default), not to d_logger at
 * debug level, which Debian's gnuradio-runtime.conf (log_level = debug)
 * prints. */
inline void
set_min_output_buffer_quietly(gr::block& blk, long items, const gr::logger_ptr& log)
{
    for (int i = 0; i < blk.output_signature()->max_streams(); i++)
        blk.set_min_output_buffer(i, items);
    log->debug("minimum output buffer: {:d} items", items);
}
/* items per call = decimation * output_multiple (hop for stft, hop for the
 * cleaner), needed = the history the block really uses */
inline unsigned reach_history(size_t items_per_call, size_t needed)
{
    const size_t want = items_per_call < (1u << 17) ? (1u << 17) - items_per_call : 1;
    return static_cast<unsigned>(want > needed ? want : needed);
}

} // namespace detail
} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_CORE_GLUE_H */

/* -*- c++ -*- */
/*
 * Copyright 2024 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_CLEANER_IMPL_H
#define INCLUDED_STFTCLEAN_CLEANER_IMPL_H

#include "core_glue.h"
#include "mask_params.h"
#include <gnuradio/block_detail.h>
#include <gnuradio/buffer.h>
#include <gnuradio/io_signature.h>
#include <gnuradio/stftclean/cleaner_blk.h>
#include <type_traits>
#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace gr {
namespace stftclean {

/* cleaner_blk<T>: cleaner_cc (T gr_complex) and cleaner_ff (T float).
 * A sync block taking whole hops (set_output_multiple(hop)); the sample delay
 * declared equals the core's latency (look-ahead included), so GNU Radio
 * moves every tag by exactly that amount.
 *
 * The mask_control setters and the "params" message port stage a whole mask
 * config (detail::mask_params, checked at once); work() hands it to the core mask
 * with stftc_mask_set_config before its next process() call, i.e. at a frame
 * boundary, so the core is only ever touched from the scheduler thread.
 *
 * Chunking: a call to work() costs the scheduler a few microseconds of locks
 * and wake-ups, as much as several frames of processing at N = 1024. The
 * block asks for an output buffer of 4 chunks (a chunk: the whole hops in at
 * least 16384 items) and, once the buffers exist (start()), for a chunk of
 * free output space before each call (set_min_noutput_items, at most half
 * the buffer GNU Radio gave it). That only waits for output space, never for
 * input: a slow stream is processed as it comes, with no added latency, and
 * the end of a stream is processed as before.
 *
 * The input side is the upstream block's buffer, which GNU Radio sizes
 * itself (8192 complex items by default); the block cannot set it, but GNU
 * Radio makes a buffer hold at least twice the history of the blocks that
 * read it. So the block declares a history of d_reach items it never uses:
 * the upstream buffer grows to about 2 * d_reach items (2 MiB complex), the
 * source can run that far ahead, and the cleaner takes large batches when it
 * comes back. The history items are skipped in work() (they are items already
 * processed; GNU Radio zero-fills them at the start), so output, latency and
 * tags are unchanged. Measured at N = 1024 hop 256 on a 2-core VM with GNU
 * Radio's default buffers: 0.31-0.43 of the FFT-only bound before, 0.56-0.72
 * with it. */
template <class T>
class cleaner_impl : public detail::mask_control_impl<cleaner_blk<T>>
{
private:
    detail::cleaner_ptr d_cl;
    const stftc_stft_config_t d_scfg; /* resolved framing (window_len set) */
    /* sample_rate 0: d_cl is a provisional cleaner (rate_pending_config)
     * until the first call of work() brings the rx_rate tag; the real one is
     * built then, once, before any output, and the sample delay declared */
    bool d_rate_pending;
    int d_latency;
    const int d_chunk; /* whole hops, >= 16384 items */
    /* history() asked for only to enlarge the buffer the block reads from:
     * GNU Radio makes it at least 2 * (output_multiple + history) items,
     * here 2^18 (a power of two, like its own sizes) */
    const size_t d_reach;

    mutable std::mutex d_last_mutex;
    std::vector<float> d_last; /* gains of the last frame, configured order */

public:
    static constexpr bool is_complex = std::is_same<T, gr_complex>::value;

    /* cfg: as the user gave it (sample_rate 0 allowed); cl: built from it,
     * or from rate_pending_config(cfg.mask) while the rate is pending */
    cleaner_impl(const stftc_cleaner_config_t& cfg, detail::cleaner_ptr cl)
        : gr::sync_block(is_complex ? "cleaner_cc" : "cleaner_ff",
                         gr::io_signature::make(1, 1, sizeof(T)),
                         gr::io_signature::make(1, 1, sizeof(T))),
          detail::mask_control_impl<cleaner_blk<T>>(
              detail::rate_pending(cfg.mask) ? cfg.mask
                                             : stftc_cleaner_config(cl.get())->mask,
              stftc_cleaner_config(cl.get())->stft),
          d_cl(std::move(cl)),
          d_scfg(stftc_cleaner_config(d_cl.get())->stft),
          d_rate_pending(detail::rate_pending(cfg.mask)),
          d_latency(static_cast<int>(stftc_cleaner_latency(d_cl.get()))),
          d_chunk(static_cast<int>((16384 + d_scfg.hop - 1) / d_scfg.hop * d_scfg.hop)),
          d_reach(detail::reach_history(d_scfg.hop, 1)),
          d_last(stftc_cleaner_bins(d_cl.get()), 1.0f)
    {
        this->set_output_multiple(static_cast<int>(d_scfg.hop));
        detail::set_min_output_buffer_quietly(*this, 4L * d_chunk, this->d_debug_logger);
        this->set_history(static_cast<unsigned>(d_reach));
        if (!d_rate_pending)
            this->declare_sample_delay(static_cast<unsigned>(d_latency));
        this->register_params_port();
    }

    /* sample_rate 0: the first call of work() reads the rate from the
     * rx_rate tag among its first items and builds the cleaner for it;
     * false when no tag came (mask_control_impl::stream_rate) */
    bool take_stream_rate(int nitems)
    {
        const double rate = this->stream_rate(nitems);
        if (!(rate > 0.0))
            return false;
        stftc_cleaner_config_t cfg = *stftc_cleaner_config(d_cl.get());
        cfg.mask = detail::with_stream_rate(this->d_params.get(), rate);
        try {
            d_cl = detail::create_cleaner(cfg);
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string(this->name()) +
                                     ": at the rx_rate tag's sample_rate of " +
                                     std::to_string(rate) + " Hz: " + e.what());
        }
        this->d_params.set_stream_rate(rate);
        d_latency = static_cast<int>(stftc_cleaner_latency(d_cl.get()));
        this->declare_sample_delay(static_cast<unsigned>(d_latency));
        d_rate_pending = false;
        return true;
    }

    bool start() override
    {
        const int hop = static_cast<int>(d_scfg.hop);
        int half = d_chunk;
        if (this->detail() && this->detail()->noutputs() > 0)
            half = static_cast<int>(this->detail()->output(0)->bufsize() / 2 / hop * hop);
        this->set_min_noutput_items(std::max(hop, std::min(d_chunk, half)));
        return true;
    }

    int fft_size() const override { return static_cast<int>(d_scfg.fft_size); }
    int hop() const override { return static_cast<int>(d_scfg.hop); }
    int window_len() const override { return static_cast<int>(d_scfg.window_len); }
    int latency() const override
    {
        if (d_rate_pending)
            throw std::runtime_error(
                "latency: not known yet: sample_rate is 0 and the rx_rate tag that "
                "gives the rate has not arrived (the latency depends on the rate)");
        return d_latency;
    }

    std::vector<float> last_mask() const override
    {
        std::lock_guard<std::mutex> lock(d_last_mutex);
        return d_last;
    }

    int work(int noutput_items,
             gr_vector_const_void_star& input_items,
             gr_vector_void_star& output_items) override
    {
        if (d_rate_pending && !take_stream_rate(noutput_items))
            return gr::block::WORK_DONE;
        this->d_params.apply(stftc_cleaner_mask(d_cl.get()), this->d_debug_logger);
        /* the first history() - 1 items are already-processed ones */
        const float* in = static_cast<const float*>(input_items[0]) +
                          (d_reach - 1) * (sizeof(T) / sizeof(float));
        float* out = static_cast<float*>(output_items[0]);
        if (stftc_cleaner_process(d_cl.get(), in, out, noutput_items) != STFTC_OK)
            throw std::runtime_error("cleaner: stftc_cleaner_process failed");
        if (noutput_items > 0) {
            std::lock_guard<std::mutex> lock(d_last_mutex);
            const float* g = stftc_cleaner_last_mask(d_cl.get());
            d_last.assign(g, g + d_last.size());
        }
        return noutput_items;
    }
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_CLEANER_IMPL_H */

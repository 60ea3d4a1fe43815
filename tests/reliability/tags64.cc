/* Block-level stream tags past 2^32 items, through the real GNU Radio
 * scheduler, without pushing 2^32 samples through it.
 *
 * GNU Radio tag offsets are absolute item counts (nitems_read/written), so a
 * tag past 2^32 needs a stream that has counted past 2^32. The source here
 * moves the counters instead of the samples: in its first work() call it
 * advances the write counter of every buffer in the flowgraph, and the read
 * counter of each of its readers, by the same amount S - just below 2^32
 * (S / hop on the vector streams after stft_cc) - in steps of exactly one
 * buffer length. A step of one buffer length leaves every read and write
 * index where it was (they wrap), so no block ever sees an item that was not
 * written and nothing needs the other threads stopped: only the absolute
 * counters change, the ones that tag offsets and the blocks' own tag
 * arithmetic use. Then a few hundred thousand real samples cross 2^32:
 * impulses on zeros, each carrying a tag, at 2^32 - 3, 2^32, 2^32 + 5 and
 * 2^32 + 70001.
 *
 * Checked at the sink, in 64 bits: every tag comes out at exactly its
 * offset + the chain's latency and its impulse at the same output sample
 * (so tags and samples agree), for
 *   1. cleaner_cc (mask auto with look-ahead, bypass: the output is the
 *      input delayed by latency(), look-ahead included) - GNU Radio moves
 *      the tags by the declared sample delay;
 *   2. cleaner_ff, the same with real samples;
 *   3. stft_cc -> mask_cc (bypass) -> burst_detector -> istft_cc: stft_cc
 *      divides offsets by the hop, mask_cc's declared delay and
 *      burst_detector's own forwarding move them by whole frames, istft_cc
 *      multiplies by the hop and adds L - H;
 *   4. stft_cc -> complex_to_mag -> phase_recon_fc (RTPGHI): tags only (a
 *      rebuilt impulse is not an exact one).
 * burst_detector's own burst_start/burst_end tags and messages count
 * samples from the start of its core's stream, which this jump does not
 * move; their 64-bit sample arithmetic past 2^32 is covered in the core
 * (core_bursts) and the block maps them with uint64 arithmetic only.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include <gnuradio/block_detail.h>
#include <gnuradio/blocks/complex_to_mag.h>
#include <gnuradio/buffer.h>
#include <gnuradio/buffer_reader.h>
#include <gnuradio/io_signature.h>
#include <gnuradio/stftclean/burst_detector.h>
#include <gnuradio/stftclean/cleaner_cc.h>
#include <gnuradio/stftclean/cleaner_ff.h>
#include <gnuradio/stftclean/istft_cc.h>
#include <gnuradio/stftclean/mask_cc.h>
#include <gnuradio/stftclean/phase_recon_fc.h>
#include <gnuradio/stftclean/stft_cc.h>
#include <gnuradio/sync_block.h>
#include <gnuradio/top_block.h>
#include <pmt/pmt.h>

#include <algorithm>
#include <complex>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

namespace {

constexpr uint64_t TWO32 = 1ull << 32;
const std::vector<uint64_t> MARKS = { TWO32 - 3, TWO32, TWO32 + 5, TWO32 + 70001 };
/* the jump ends at most this far before the first mark */
constexpr uint64_t BEFORE = 1u << 16;
/* samples sent after the last mark (more than any latency here) */
constexpr uint64_t AFTER = 1u << 16;
/* at most this many real samples before the first mark (the jump is in
 * whole buffer lengths: 2^18 samples with cleaner_cc's buffers today) */
constexpr uint64_t MAX_BEFORE = 1u << 24;

/* peak_at for chains whose output is not the impulse itself */
constexpr uint64_t NO_PEAK = UINT64_MAX;

int failures = 0;

void check(bool ok, const std::string& what)
{
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    if (!ok)
        failures++;
}

/* A block whose output counters move with the source's: items on its
 * outputs per `per` source samples (1, or the hop after stft_cc). */
struct Jumped {
    gr::block_sptr blk;
    uint64_t per;
};

/* Zeros with an impulse of 1 at every mark, each tagged "mark" (value: its
 * offset); jumps the flowgraph's counters first (see the top). */
template <class T>
class jump_source : public gr::sync_block
{
    std::vector<Jumped> d_chain;
    bool d_jumped = false;
    uint64_t d_start = 0, d_end = 0;
    const pmt::pmt_t d_key = pmt::intern("mark");

    void jump()
    {
        std::vector<Jumped> all = d_chain;
        all.push_back({ gr::block_sptr(), 1 }); /* this block */
        auto detail_of = [this](const Jumped& j) {
            return j.blk ? j.blk->detail() : this->detail();
        };
        /* S: a multiple of every buffer's length in source samples */
        uint64_t unit = 1;
        for (const Jumped& j : all) {
            gr::block_detail_sptr d = detail_of(j);
            for (int o = 0; o < d->noutputs(); o++)
                unit = std::lcm(unit,
                                static_cast<uint64_t>(d->output(o)->bufsize()) * j.per);
        }
        d_start = (MARKS.front() - BEFORE) / unit * unit;
        if (d_start + MAX_BEFORE < MARKS.front())
            throw std::runtime_error("buffer lengths do not allow a jump close to 2^32");
        for (const Jumped& j : all) {
            gr::block_detail_sptr d = detail_of(j);
            for (int o = 0; o < d->noutputs(); o++) {
                gr::buffer_sptr b = d->output(o);
                const uint64_t step = b->bufsize(), items = d_start / j.per;
                for (uint64_t k = 0; k < items / step; k++) {
                    b->update_write_pointer(static_cast<int>(step));
                    for (size_t r = 0; r < b->nreaders(); r++)
                        b->reader(r)->update_read_pointer(static_cast<int>(step));
                }
            }
        }
        d_end = MARKS.back() + AFTER;
    }

public:
    jump_source(std::vector<Jumped> chain)
        : gr::sync_block("jump_source",
                         gr::io_signature::make(0, 0, 0),
                         gr::io_signature::make(1, 1, sizeof(T))),
          d_chain(std::move(chain))
    {
    }
    uint64_t start() const { return d_start; }

    int work(int noutput_items,
             gr_vector_const_void_star&,
             gr_vector_void_star& output_items) override
    {
        if (!d_jumped) {
            jump();
            d_jumped = true;
        }
        const uint64_t pos = nitems_written(0);
        if (pos >= d_end)
            return WORK_DONE;
        const uint64_t n = std::min<uint64_t>(noutput_items, d_end - pos);
        T* out = static_cast<T*>(output_items[0]);
        std::fill(out, out + n, T(0));
        for (uint64_t m : MARKS)
            if (m >= pos && m < pos + n) {
                out[m - pos] = T(1);
                add_item_tag(0, m, d_key, pmt::from_uint64(m));
            }
        return static_cast<int>(n);
    }
};

/* Records the "mark" tags (offset -> value) and the samples above 0.5. */
template <class T>
class mark_sink : public gr::sync_block
{
public:
    std::vector<std::pair<uint64_t, uint64_t>> tags; /* offset, value */
    std::vector<uint64_t> peaks;
    uint64_t first = UINT64_MAX, count = 0;

    mark_sink()
        : gr::sync_block("mark_sink",
                         gr::io_signature::make(1, 1, sizeof(T)),
                         gr::io_signature::make(0, 0, 0))
    {
    }

    int work(int noutput_items,
             gr_vector_const_void_star& input_items,
             gr_vector_void_star&) override
    {
        const T* in = static_cast<const T*>(input_items[0]);
        const uint64_t pos = nitems_read(0);
        first = std::min(first, pos);
        count += static_cast<uint64_t>(noutput_items);
        for (int i = 0; i < noutput_items; i++)
            if (std::abs(in[i]) > 0.5f)
                peaks.push_back(pos + static_cast<uint64_t>(i));
        std::vector<gr::tag_t> t;
        get_tags_in_range(t, 0, pos, pos + static_cast<uint64_t>(noutput_items));
        for (const auto& tag : t)
            if (pmt::eq(tag.key, pmt::intern("mark")))
                tags.emplace_back(tag.offset, pmt::to_uint64(tag.value));
        return noutput_items;
    }
};

std::string u64(uint64_t v) { return std::to_string(v); }

/* Runs src -> chain -> sink; checks that the streams start just below 2^32
 * and that every mark m comes out tagged at tag_at(m) with its impulse at
 * peak_at(m). */
template <class T, class TagAt, class PeakAt>
void run_chain(const std::string& name,
               const std::vector<Jumped>& chain,
               TagAt tag_at,
               PeakAt peak_at)
{
    auto src = gnuradio::make_block_sptr<jump_source<T>>(chain);
    auto snk = gnuradio::make_block_sptr<mark_sink<T>>();
    gr::top_block_sptr tb = gr::make_top_block(name);
    gr::basic_block_sptr prev = src;
    for (const Jumped& j : chain) {
        tb->connect(prev, 0, j.blk, 0);
        prev = j.blk;
    }
    tb->connect(prev, 0, snk, 0);
    tb->run();

    std::printf("%s: counters jumped to 2^32 - %s, the sink saw items %s..%s\n",
                name.c_str(),
                u64(TWO32 - src->start()).c_str(),
                u64(snk->first).c_str(),
                u64(snk->first + snk->count).c_str());
    check(src->start() < MARKS.front() && src->start() + MAX_BEFORE >= MARKS.front(),
          name + ": the streams start just below 2^32");
    check(snk->first == src->start() && snk->first + snk->count > MARKS.back(),
          name + ": the sink's stream starts there too and passes the last mark");
    std::vector<uint64_t> want_peaks;
    for (uint64_t m : MARKS) {
        const auto it =
            std::find(snk->tags.begin(), snk->tags.end(), std::make_pair(tag_at(m), m));
        check(it != snk->tags.end(),
              name + ": tag of " + u64(m) + " at output " + u64(tag_at(m)));
        want_peaks.push_back(peak_at(m));
    }
    check(snk->tags.size() == MARKS.size(),
          name + ": " + u64(snk->tags.size()) + " mark tags in all");
    if (want_peaks.front() == NO_PEAK)
        return;
    std::string got;
    for (uint64_t p : snk->peaks)
        got += " " + u64(p);
    check(snk->peaks == want_peaks, name + ": impulses at" + got);
}

} // namespace

int main()
{
    const int N = 1024, H = 256;
    const double FS = 1e6;
    const std::vector<float> no_bands;

    /* 1, 2: the cleaners, mask auto (with look-ahead) in bypass */
    {
        auto cl = gr::stftclean::cleaner_cc::make(
            N, H, "hann", "auto", 6.0, -60.0, no_bands, false, FS);
        cl->set_bypass(true);
        const uint64_t lat = static_cast<uint64_t>(cl->latency());
        check(lat > static_cast<uint64_t>(N - H),
              "cleaner_cc: latency " + u64(lat) + " includes the look-ahead");
        auto at = [lat](uint64_t m) { return m + lat; };
        run_chain<gr_complex>("cleaner_cc", { { cl, 1 } }, at, at);
    }
    {
        auto cl = gr::stftclean::cleaner_ff::make(
            N, H, "hann", "auto", 6.0, -60.0, no_bands, false, FS);
        cl->set_bypass(true);
        const uint64_t lat = static_cast<uint64_t>(cl->latency());
        auto at = [lat](uint64_t m) { return m + lat; };
        run_chain<float>("cleaner_ff", { { cl, 1 } }, at, at);
    }

    /* 3: stft_cc -> mask_cc (bypass) -> burst_detector -> istft_cc. A tag on
     * sample m rides frame m / H; frame f comes out of istft_cc at
     * (f + delays) H + L - H. The impulse at m comes out m + latency. */
    {
        auto st = gr::stftclean::stft_cc::make(N, H);
        auto mk = gr::stftclean::mask_cc::make(
            N, H, "hann", "auto", 6.0, -60.0, no_bands, false, FS);
        mk->set_bypass(true);
        const uint64_t dm = static_cast<uint64_t>(mk->delay_frames());
        auto bd =
            gr::stftclean::burst_detector::make(N, H, FS, 0.0, 0, static_cast<int>(dm));
        const uint64_t db = static_cast<uint64_t>(bd->delay_frames());
        auto is = gr::stftclean::istft_cc::make(N, H);
        const uint64_t h = H, frames = dm + db, lmh = N - H;
        check(dm > 0 && db > 0,
              "spectral chain: mask delay " + u64(dm) + " and burst delay " + u64(db) +
                  " frames");
        auto tag_at = [=](uint64_t m) { return (m / h + frames) * h + lmh; };
        auto peak_at = [=](uint64_t m) { return m + frames * h + lmh; };
        run_chain<gr_complex>("stft_cc > mask_cc > burst_detector > istft_cc",
                              { { st, h }, { mk, h }, { bd, h }, { is, 1 } },
                              tag_at,
                              peak_at);
    }
    /* 4: stft_cc -> |.| -> phase_recon_fc (RTPGHI): frame k's tags come out
     * at k H + latency(); the rebuilt impulses are not exact impulses, so
     * only the tags are checked */
    {
        auto st = gr::stftclean::stft_cc::make(N, H);
        auto mag = gr::blocks::complex_to_mag::make(N);
        auto pr = gr::stftclean::phase_recon_fc::make(N, H);
        const uint64_t h = H, lat = static_cast<uint64_t>(pr->latency());
        auto tag_at = [=](uint64_t m) { return m / h * h + lat; };
        auto peak_at = [](uint64_t) { return NO_PEAK; };
        run_chain<gr_complex>("stft_cc > complex_to_mag > phase_recon_fc",
                              { { st, h }, { mag, h }, { pr, 1 } },
                              tag_at,
                              peak_at);
    }
    std::printf("%s\n", failures ? "FAILED" : "all passed");
    return failures ? 1 : 0;
}

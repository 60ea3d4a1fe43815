/* Burst segmentation on synthetic spectrogram frames with known bursts:
 * exact onsets/offsets, hysteresis, hang, merge gap, minimum duration, the
 * mask source, per-burst statistics against values computed here, 10 s of
 * noise without a burst, a very long burst, config errors, recovery from a
 * glitch of NaN/Inf frames (against a run without it), sample offsets past
 * 2^32. STFTCLEAN_TEST_SMALL=1 (the valgrind runs) shortens the long
 * noise-only and long-burst cases.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <stftclean/bursts.h>
#include <algorithm>

#include <cstdlib>

using namespace tu;

namespace {

struct BurstsDel {
    void operator()(stftc_bursts_t* p) const { stftc_bursts_destroy(p); }
};
using BurstsPtr = std::unique_ptr<stftc_bursts_t, BurstsDel>;

const size_t N = 256, HOP = 64;
const double FS = 256e3; /* 1 kHz bins, 0.25 ms per frame */

stftc_bursts_config_t base_cfg()
{
    stftc_bursts_config_t c = stftc_bursts_config_default();
    c.features.fft_size = N;
    c.features.sample_rate = FS;
    c.hop = HOP;
    c.first_center = (int64_t)HOP - (int64_t)N / 2;
    c.noise_window = 0.05; /* 200 frames: no onset in the first 25 */
    return c;
}

BurstsPtr make(const stftc_bursts_config_t& c)
{
    stftc_error_t e;
    BurstsPtr p(stftc_bursts_create(&c, &e));
    CPPUNIT_ASSERT_MESSAGE("bursts_create: " + errtext(e), p != nullptr);
    return p;
}

struct Seg {
    size_t a, b;  /* frames [a, b) */
    double level; /* power per burst bin */
};

/* Noise: exponential bins of mean 1. Bursts: bins 40..59 (natural order,
 * +40..+59 kHz) raised by level. gains: 1 in the burst cells, 1e-3 else. */
struct Recording {
    std::vector<fvec> power, gain;
};

Recording make_rec(size_t frames, const std::vector<Seg>& segs, unsigned seed)
{
    std::mt19937 rng(seed);
    std::exponential_distribution<float> ex(1.0f);
    Recording r;
    for (size_t t = 0; t < frames; t++) {
        fvec p(N), g(N, 1e-3f);
        for (auto& v : p)
            v = ex(rng);
        for (const auto& s : segs)
            if (t >= s.a && t < s.b)
                for (size_t k = 40; k < 60; k++) {
                    p[k] += (float)s.level;
                    g[k] = 1.0f;
                }
        r.power.push_back(p);
        r.gain.push_back(g);
    }
    return r;
}

std::vector<stftc_burst_t> run(stftc_bursts_t* b, const Recording& r, bool gains)
{
    std::vector<stftc_burst_t> out;
    stftc_burst_t ev;
    int started = 0;
    for (size_t t = 0; t < r.power.size(); t++) {
        int f = stftc_bursts_process(
            b, r.power[t].data(), gains ? r.gain[t].data() : nullptr, &ev);
        if (f & STFTC_BURST_STARTED)
            started++;
        if (f & STFTC_BURST_ENDED)
            out.push_back(ev);
    }
    if (stftc_bursts_flush(b, &ev) & STFTC_BURST_ENDED)
        out.push_back(ev);
    CPPUNIT_ASSERT_EQUAL((int)out.size(), started);
    return out;
}

/* STFTCLEAN_TEST_SMALL set (valgrind): shorter long cases. */
bool small_mode()
{
    const char* v = std::getenv("STFTCLEAN_TEST_SMALL");
    return v && *v && std::string(v) != "0";
}

/* The frames that see a glitch of n samples starting at sample s0 (frame k
 * covers samples kH - (N - H) .. kH + H - 1 of the input, as stft.h frames a
 * zero-prefixed stream), every bin set to v (an FFT spreads one NaN over
 * all bins). */
Recording with_glitch(Recording r, size_t s0, size_t n, float v)
{
    for (size_t k = 0; k < r.power.size(); k++) {
        const int64_t lo = (int64_t)(k * HOP) - (int64_t)(N - HOP),
                      hi = (int64_t)(k * HOP + HOP);
        if (lo < (int64_t)(s0 + n) && hi > (int64_t)s0)
            std::fill(r.power[k].begin(), r.power[k].end(), v);
    }
    return r;
}

void assert_finite_record(const stftc_bursts_t* b, const stftc_burst_t& ev)
{
    CPPUNIT_ASSERT(std::isfinite(ev.snr_db) && std::isfinite(ev.center_hz) &&
                   std::isfinite(ev.bandwidth_hz) && std::isfinite(ev.duration_s));
    const size_t nf = stftc_features_count(stftc_bursts_features(b));
    for (size_t i = 0; i < nf; i++)
        CPPUNIT_ASSERT(std::isfinite(ev.mean[i]) && std::isfinite(ev.std[i]));
}

} // namespace

class BurstsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(BurstsTest);
    CPPUNIT_TEST(testEnergyOnsets);
    CPPUNIT_TEST(testMaskSource);
    CPPUNIT_TEST(testOpensInsideBurst);
    CPPUNIT_TEST(testHangMergeMin);
    CPPUNIT_TEST(testNoiseOnly);
    CPPUNIT_TEST(testLongBurst);
    CPPUNIT_TEST(testNames);
    CPPUNIT_TEST(testErrors);
    CPPUNIT_TEST(testGlitchRecovery);
    CPPUNIT_TEST(testGlitchInsideBurst);
    CPPUNIT_TEST(testOffsetsPast32Bits);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEnergyOnsets()
    {
        /* 20 bins at +30 (in 256 of mean 1): frame energy +3.7 dB... use 100 */
        const std::vector<Seg> segs = { { 500, 700, 100.0 }, { 1200, 1250, 100.0 } };
        Recording r = make_rec(2000, segs, 3);
        auto b = make(base_cfg());
        auto bursts = run(b.get(), r, false);
        CPPUNIT_ASSERT_EQUAL((size_t)2, bursts.size());
        for (size_t i = 0; i < 2; i++) {
            CPPUNIT_ASSERT_EQUAL((uint64_t)segs[i].a, bursts[i].first_frame);
            CPPUNIT_ASSERT_EQUAL((uint64_t)segs[i].b - 1, bursts[i].last_frame);
            /* samples: centre(a) - hop/2 .. centre(b-1) + hop/2 */
            const int64_t c0 = (int64_t)HOP - (int64_t)N / 2;
            CPPUNIT_ASSERT_EQUAL((uint64_t)(c0 + (int64_t)(segs[i].a * HOP) - HOP / 2),
                                 bursts[i].start_sample);
            CPPUNIT_ASSERT_EQUAL((uint64_t)(c0 + (int64_t)(segs[i].b * HOP) - HOP / 2),
                                 bursts[i].stop_sample);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(
                (segs[i].b - segs[i].a) * HOP / FS, bursts[i].duration_s, 1e-9);
            CPPUNIT_ASSERT_EQUAL(segs[i].b - segs[i].a, bursts[i].nframes);
            /* bins 40..59 kHz: centre 49.5 kHz, band 20 kHz */
            CPPUNIT_ASSERT_DOUBLES_EQUAL(49.5e3, bursts[i].center_hz, 1e3);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(20e3, bursts[i].bandwidth_hz, 2.01e3);
            /* in-band SNR: 100 over 1 per bin */
            CPPUNIT_ASSERT_DOUBLES_EQUAL(20.0, bursts[i].snr_db, 0.5);
        }
    }

    void testMaskSource()
    {
        /* a weak burst (level 2 per bin: +0.6 dB on the frame energy) that
         * only the mask sees */
        const std::vector<Seg> segs = { { 300, 420, 2.0 } };
        Recording r = make_rec(1000, segs, 4);
        stftc_bursts_config_t c = base_cfg();
        auto e = make(c);
        CPPUNIT_ASSERT_EQUAL((size_t)0, run(e.get(), r, false).size());
        c.source = STFTC_BURST_MASK;
        c.on = 0;
        c.off = -3;
        auto m = make(c);
        auto bursts = run(m.get(), r, true);
        CPPUNIT_ASSERT_EQUAL((size_t)1, bursts.size());
        CPPUNIT_ASSERT_EQUAL((uint64_t)300, bursts[0].first_frame);
        CPPUNIT_ASSERT_EQUAL((uint64_t)419, bursts[0].last_frame);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(10 * std::log10(2.0), bursts[0].snr_db, 0.3);
        /* per-burst mean and std of the frame energy, computed here */
        const stftc_features_t* f = stftc_bursts_features(m.get());
        CPPUNIT_ASSERT_EQUAL(std::string("energy_db"),
                             std::string(stftc_features_name(f, 0)));
        double s = 0, s2 = 0;
        for (size_t t = 300; t < 420; t++) {
            double e = 0;
            for (size_t k = 0; k < N; k++)
                e += (double)r.power[t][k] * r.gain[t][k] * r.gain[t][k];
            const double db = 10 * std::log10(e);
            s += db;
            s2 += db * db;
        }
        const double mean = s / 120, sd = std::sqrt(s2 / 120 - mean * mean);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(mean, bursts[0].mean[0], 1e-3);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(sd, bursts[0].std[0], 1e-3);
    }

    void testOpensInsideBurst()
    {
        /* The recording opens inside a burst that the mask does not see for
         * its first 30 frames (a mask's own floor learns it then): those
         * cells count as noise. The next bursts must still get their SNR,
         * 100 over 1 per bin: 20 dB. A plain mean of the power took 30
         * frames of 101 into the floor and gave about 5 dB; a mean of ln(power)
         * that took the zeros in collapsed the floor (over 100 dB). */
        const std::vector<Seg> segs = { { 0, 120, 100.0 },
                                        { 400, 520, 100.0 },
                                        { 800, 920, 100.0 } };
        Recording r = make_rec(1100, segs, 7);
        for (size_t t = 0; t < 30; t++)
            for (size_t k = 40; k < 60; k++)
                r.gain[t][k] = 1e-3f;
        /* and a mask's first frames are empty (its look-ahead): zeros */
        for (size_t t = 0; t < 10; t++)
            std::fill(r.power[t].begin(), r.power[t].end(), 0.0f);
        stftc_bursts_config_t c = base_cfg();
        c.source = STFTC_BURST_MASK;
        c.on = 0;
        c.off = -3;
        auto m = make(c);
        auto bursts = run(m.get(), r, true);
        CPPUNIT_ASSERT(bursts.size() >= 2);
        const stftc_burst_t& b2 = bursts[bursts.size() - 2];
        const stftc_burst_t& b3 = bursts[bursts.size() - 1];
        CPPUNIT_ASSERT_EQUAL((uint64_t)400, b2.first_frame);
        CPPUNIT_ASSERT_EQUAL((uint64_t)800, b3.first_frame);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(20.0, b2.snr_db, 2.5);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(20.0, b3.snr_db, 1.0);
    }

    void testHangMergeMin()
    {
        /* gap of 3 frames, gap of 20 frames, a 4-frame blip */
        const std::vector<Seg> segs = { { 200, 300, 100.0 },
                                        { 303, 400, 100.0 },
                                        { 420, 500, 100.0 },
                                        { 800, 804, 100.0 } };
        Recording r = make_rec(1200, segs, 5);
        const double frame_s = HOP / FS;
        stftc_bursts_config_t c = base_cfg();
        {
            auto b = make(c);
            CPPUNIT_ASSERT_EQUAL((size_t)4, run(b.get(), r, false).size());
        }
        c.hang = 5 * frame_s; /* bridges the 3-frame gap */
        {
            auto b = make(c);
            auto v = run(b.get(), r, false);
            CPPUNIT_ASSERT_EQUAL((size_t)3, v.size());
            CPPUNIT_ASSERT_EQUAL((uint64_t)200, v[0].first_frame);
            CPPUNIT_ASSERT_EQUAL((uint64_t)399, v[0].last_frame); /* not the hang end */
            CPPUNIT_ASSERT_EQUAL((size_t)197, v[0].nframes);
        }
        c.merge_gap = 25 * frame_s;    /* and the 20-frame gap */
        c.min_duration = 10 * frame_s; /* drops the blip */
        {
            auto b = make(c);
            CPPUNIT_ASSERT_EQUAL((size_t)32, stftc_bursts_decision_delay(b.get()));
            auto v = run(b.get(), r, false);
            CPPUNIT_ASSERT_EQUAL((size_t)1, v.size());
            CPPUNIT_ASSERT_EQUAL((uint64_t)200, v[0].first_frame);
            CPPUNIT_ASSERT_EQUAL((uint64_t)499, v[0].last_frame);
        }
        /* events come no later than the decision delay */
        {
            auto b = make(c);
            stftc_burst_t ev;
            for (size_t t = 0; t < r.power.size(); t++) {
                int f = stftc_bursts_process(b.get(), r.power[t].data(), nullptr, &ev);
                if (f & STFTC_BURST_STARTED)
                    CPPUNIT_ASSERT(t - ev.first_frame <=
                                   stftc_bursts_decision_delay(b.get()));
                if (f & STFTC_BURST_ENDED)
                    CPPUNIT_ASSERT(t - ev.last_frame <=
                                   stftc_bursts_decision_delay(b.get()));
            }
        }
    }

    void testNoiseOnly()
    {
        /* 10 s of frames of pure noise at the default thresholds, both sources
         * (hop = N: 1 ms frames) */
        stftc_bursts_config_t c = base_cfg();
        c.hop = N;
        const size_t frames = (size_t)((small_mode() ? 2.0 : 10.0) * FS / (double)N);
        std::mt19937 rng(11);
        std::exponential_distribution<float> ex(1.0f);
        auto e = make(c);
        c.source = STFTC_BURST_MASK;
        auto m = make(c);
        fvec p(N), g(N, 1e-3f);
        stftc_burst_t ev;
        int events = 0;
        for (size_t t = 0; t < frames; t++) {
            for (auto& v : p)
                v = ex(rng);
            events += stftc_bursts_process(e.get(), p.data(), nullptr, &ev);
            events += stftc_bursts_process(m.get(), p.data(), g.data(), &ev);
        }
        events += stftc_bursts_flush(e.get(), &ev) + stftc_bursts_flush(m.get(), &ev);
        CPPUNIT_ASSERT_EQUAL(0, events);
    }

    void testLongBurst()
    {
        /* 20000 frames in one burst: constant memory, exact statistics */
        stftc_bursts_config_t c = base_cfg();
        c.source = STFTC_BURST_MASK;
        auto b = make(c);
        fvec p(N, 1.0f), g(N, 1e-3f);
        stftc_burst_t ev;
        int f = 0;
        for (size_t t = 0; t < 100; t++) /* noise first: the floor */
            f |= stftc_bursts_process(b.get(), p.data(), g.data(), &ev);
        CPPUNIT_ASSERT_EQUAL(0, f);
        for (size_t k = 10; k < 20; k++) {
            p[k] = 50.0f;
            g[k] = 1.0f;
        }
        const size_t len = small_mode() ? 2000 : 20000;
        for (size_t t = 0; t < len; t++)
            f |= stftc_bursts_process(b.get(), p.data(), g.data(), &ev);
        CPPUNIT_ASSERT_EQUAL(STFTC_BURST_STARTED, f);
        CPPUNIT_ASSERT_EQUAL(STFTC_BURST_ENDED, stftc_bursts_flush(b.get(), &ev));
        CPPUNIT_ASSERT_EQUAL(len, ev.nframes);
        CPPUNIT_ASSERT_EQUAL(0.0f, ev.std[0]);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(14.5e3, ev.center_hz, 1.0);
    }

    void testNames()
    {
        stftc_bursts_config_t c = base_cfg();
        c.features.cepstrum = STFTC_CEPS_LFCC;
        c.features.n_filters = 16;
        c.features.n_ceps = 5;
        auto b = make(c);
        CPPUNIT_ASSERT_EQUAL((size_t)(6 + 2 * 17), stftc_bursts_nfields(b.get()));
        char buf[64];
        const char* want[] = { "start_s",      "end_s",  "duration_s",    "center_hz",
                               "bandwidth_hz", "snr_db", "energy_db_mean" };
        for (size_t i = 0; i < 7; i++) {
            stftc_bursts_field_name(b.get(), i, buf, sizeof buf);
            CPPUNIT_ASSERT_EQUAL(std::string(want[i]), std::string(buf));
        }
        stftc_bursts_field_name(b.get(), 6 + 17 + 16, buf, sizeof buf);
        CPPUNIT_ASSERT_EQUAL(std::string("lfcc4_std"), std::string(buf));
        CPPUNIT_ASSERT_EQUAL(-1, stftc_bursts_field_name(b.get(), 40, buf, sizeof buf));
    }

    void testErrors()
    {
        struct Case {
            void (*edit)(stftc_bursts_config_t&);
            const char* field;
        };
        const Case cases[] = {
            { [](stftc_bursts_config_t& c) { c.hop = 0; }, "hop" },
            { [](stftc_bursts_config_t& c) { c.off = 10; }, "off" },
            { [](stftc_bursts_config_t& c) { c.on = 500; }, "on" },
            { [](stftc_bursts_config_t& c) { c.hang = -1; }, "hang" },
            { [](stftc_bursts_config_t& c) { c.merge_gap = 1e9; }, "merge_gap" },
            { [](stftc_bursts_config_t& c) { c.min_duration = NAN; }, "min_duration" },
            { [](stftc_bursts_config_t& c) { c.noise_window = 0; }, "noise_window" },
            { [](stftc_bursts_config_t& c) { c.features.sample_rate = -1; },
              "sample_rate" },
            { [](stftc_bursts_config_t& c) {
                 c.features.cepstrum = STFTC_CEPS_LFCC;
                 c.features.deltas = 1;
             },
              "deltas" },
        };
        for (const auto& k : cases) {
            stftc_bursts_config_t c = base_cfg();
            k.edit(c);
            stftc_error_t e;
            CPPUNIT_ASSERT(stftc_bursts_create(&c, &e) == nullptr);
            CPPUNIT_ASSERT_MESSAGE(std::string(k.field) + " in: " + e.msg,
                                   contains(e.msg, k.field));
        }
    }

    /* 100 NaN (or Inf) samples in the noise between bursts: the frames they
     * touch are off, and every burst after them is found as in a run
     * without the glitch (same start within a hop, same end), with finite
     * statistics; both sources. Before the fix, the NaN poisoned the
     * per-bin noise EMA (mask source: nothing detected again) and pinned
     * the energy floor at -300 dB (energy source: one endless burst). */
    void testGlitchRecovery()
    {
        const std::vector<Seg> strong = { { 300, 400, 100.0 },
                                          { 1200, 1300, 100.0 },
                                          { 1700, 1750, 100.0 },
                                          { 2500, 2800, 100.0 } };
        const std::vector<Seg> weak = { { 300, 400, 2.0 },
                                        { 1200, 1300, 2.0 },
                                        { 1700, 1750, 2.0 },
                                        { 2500, 2800, 2.0 } };
        const size_t s0 = 800 * HOP; /* glitch at frame ~800, in noise */
        for (int src = 0; src < 2; src++) {
            stftc_bursts_config_t c = base_cfg();
            if (src == 1) {
                c.source = STFTC_BURST_MASK;
                c.on = 0;
                c.off = -3;
            }
            const Recording clean = make_rec(3000, src ? weak : strong, 21);
            auto rb = make(c);
            const auto ref = run(rb.get(), clean, src == 1);
            CPPUNIT_ASSERT_EQUAL((size_t)4, ref.size());
            for (float bad : { NAN, INFINITY }) {
                const Recording g = with_glitch(clean, s0, 100, bad);
                size_t nbad = 0;
                for (const auto& p : g.power)
                    nbad += !std::isfinite(p[0]);
                CPPUNIT_ASSERT_EQUAL((size_t)5, nbad); /* ceil((100 + N - H) / H) */
                auto b = make(c);
                const auto got = run(b.get(), g, src == 1);
                const std::string ctx = std::string(src ? "mask" : "energy") +
                                        (std::isnan(bad) ? " NaN" : " Inf");
                CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, ref.size(), got.size());
                for (size_t i = 0; i < ref.size(); i++) {
                    const int64_t ds =
                        (int64_t)got[i].start_sample - (int64_t)ref[i].start_sample;
                    CPPUNIT_ASSERT_MESSAGE(ctx + " start",
                                           std::llabs(ds) <= (int64_t)HOP);
                    const int64_t de =
                        (int64_t)got[i].stop_sample - (int64_t)ref[i].stop_sample;
                    CPPUNIT_ASSERT_MESSAGE(ctx + " stop", std::llabs(de) <= (int64_t)HOP);
                    assert_finite_record(b.get(), got[i]);
                    CPPUNIT_ASSERT_DOUBLES_EQUAL(ref[i].snr_db, got[i].snr_db, 0.5);
                }
                CPPUNIT_ASSERT(std::isfinite(stftc_bursts_last_statistic(b.get())));
            }
        }
    }

    /* A glitch inside a burst: without hang the burst ends at it and a new
     * one starts after it; with a hang longer than the glitch it is one
     * burst with the glitch frames left out of its statistics. */
    void testGlitchInsideBurst()
    {
        const std::vector<Seg> segs = { { 500, 800, 100.0 } };
        const Recording clean = make_rec(1200, segs, 22);
        const Recording g = with_glitch(clean, 650 * HOP, 100, NAN);
        stftc_bursts_config_t c = base_cfg();
        {
            auto b = make(c);
            const auto v = run(b.get(), g, false);
            CPPUNIT_ASSERT_EQUAL((size_t)2, v.size());
            CPPUNIT_ASSERT_EQUAL((uint64_t)500, v[0].first_frame);
            CPPUNIT_ASSERT_EQUAL((uint64_t)799, v[1].last_frame);
            CPPUNIT_ASSERT(v[0].last_frame < v[1].first_frame);
            for (const auto& ev : v)
                assert_finite_record(b.get(), ev);
        }
        c.hang = 10 * HOP / FS;
        {
            auto b = make(c);
            const auto v = run(b.get(), g, false);
            CPPUNIT_ASSERT_EQUAL((size_t)1, v.size());
            CPPUNIT_ASSERT_EQUAL((uint64_t)500, v[0].first_frame);
            CPPUNIT_ASSERT_EQUAL((uint64_t)799, v[0].last_frame);
            CPPUNIT_ASSERT_EQUAL((size_t)(300 - 5), v[0].nframes);
            assert_finite_record(b.get(), v[0]);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(20.0, v[0].snr_db, 0.5);
        }
    }

    /* Sample arithmetic in 64 bits: a stream whose frame 0 sits 3 * 2^32 +
     * 12345 samples in (first_center, e.g. after a long recording) gives
     * start/stop samples and seconds exact past 2^32. */
    void testOffsetsPast32Bits()
    {
        const std::vector<Seg> segs = { { 500, 700, 100.0 } };
        const Recording r = make_rec(1000, segs, 23);
        stftc_bursts_config_t c = base_cfg();
        const int64_t c0 = ((int64_t)3 << 32) + 12345;
        c.first_center = c0;
        auto b = make(c);
        const auto v = run(b.get(), r, false);
        CPPUNIT_ASSERT_EQUAL((size_t)1, v.size());
        CPPUNIT_ASSERT_EQUAL((uint64_t)(c0 + 500 * (int64_t)HOP - HOP / 2),
                             v[0].start_sample);
        CPPUNIT_ASSERT_EQUAL((uint64_t)(c0 + 700 * (int64_t)HOP - HOP / 2),
                             v[0].stop_sample);
        CPPUNIT_ASSERT_DOUBLES_EQUAL((double)v[0].start_sample / FS, v[0].start_s, 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(200 * HOP / FS, v[0].duration_s, 1e-9);
        double vals[64];
        CPPUNIT_ASSERT(stftc_bursts_nfields(b.get()) <= 64);
        stftc_bursts_field_values(b.get(), &v[0], vals);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(v[0].start_s, vals[0], 1e-9);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BurstsTest);

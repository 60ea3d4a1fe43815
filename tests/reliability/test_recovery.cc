/* Recovery from non-finite input in the streaming objects that keep state
 * across frames (the cleaner and its estimators are covered by
 * tests/core/test_nonfinite.cc, the burst detector by test_bursts.cc):
 *  - features (scalars, LFCC, deltas and delta-deltas): a NaN or an Inf
 *    frame gives NaN/non-finite features only for the frames whose window
 *    holds it (the frame, the flux of the next one, +-2W frames of deltas);
 *    every other output equals, bit for bit, a run where that frame was a
 *    normal one;
 *  - real-time PGHI and RTISI-LA: a NaN magnitude frame does not make the
 *    later output non-finite; after the frames whose overlap-add or
 *    look-ahead holds it, the output is finite and of the same power as a
 *    run without the glitch;
 *  - the separate stft -> mask -> istft chain (the blocks stft_cc, mask_cc,
 *    istft_cc) with each estimator: after a 5 ms glitch of NaN, of 1e20
 *    (finite bins whose power would overflow: the output stays finite) or
 *    of 3e38 (a spectrum beyond float32: +-Inf bins, so those frames come
 *    out non-finite as for an Inf input), only the frames that hold it are
 *    non-finite, and the output returns to the run without it within the
 *    noise window and a few of the estimators' time constants.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <cppunit/extensions/HelperMacros.h>
#include <stftclean/features.h>
#include <stftclean/mask.h>
#include <stftclean/phase.h>
#include <stftclean/stft.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

using fvec = std::vector<float>;

/* All output vectors of a features object over frames (flush included). */
std::vector<fvec> features_run(const stftc_features_config_t& c,
                               const std::vector<fvec>& frames)
{
    stftc_error_t e;
    stftc_features_t* f = stftc_features_create(&c, &e);
    CPPUNIT_ASSERT_MESSAGE(e.msg, f != nullptr);
    const size_t n = stftc_features_count(f);
    std::vector<fvec> out;
    fvec v(n);
    for (const auto& p : frames)
        if (stftc_features_process(f, p.data(), v.data()))
            out.push_back(v);
    while (stftc_features_flush(f, v.data()))
        out.push_back(v);
    stftc_features_destroy(f);
    return out;
}

/* Magnitude frames of a complex test signal: a tone, a chirp and a little
 * noise, through the project's STFT. */
std::vector<fvec> magnitudes(const stftc_stft_config_t& sc, size_t nframes)
{
    stftc_error_t e;
    stftc_stft_t* st = stftc_stft_create(&sc, &e);
    CPPUNIT_ASSERT_MESSAGE(e.msg, st != nullptr);
    const size_t n = nframes * sc.hop, bins = stftc_stft_bins(st);
    std::mt19937 rng(5);
    std::normal_distribution<float> nd(0.0f, 0.01f);
    fvec x(2 * n);
    for (size_t t = 0; t < n; t++) {
        const double ph1 = 2 * M_PI * 0.05 * (double)t;
        const double ph2 = 2 * M_PI * (0.2 * (double)t + 0.1 * (double)t * t / (double)n);
        x[2 * t] = (float)(std::cos(ph1) + 0.5 * std::cos(ph2)) + nd(rng);
        x[2 * t + 1] = (float)(std::sin(ph1) + 0.5 * std::sin(ph2)) + nd(rng);
    }
    fvec fr(stftc_stft_frames_for(st, n) * bins * 2);
    const size_t got = stftc_stft_process(st, x.data(), n, fr.data());
    stftc_stft_destroy(st);
    std::vector<fvec> mags(got, fvec(bins));
    for (size_t k = 0; k < got; k++)
        for (size_t j = 0; j < bins; j++)
            mags[k][j] = std::hypot(fr[(k * bins + j) * 2], fr[(k * bins + j) * 2 + 1]);
    return mags;
}

double power(const fvec& y, size_t a, size_t b)
{
    double s = 0;
    for (size_t i = a; i < b; i++)
        s += (double)y[i] * y[i];
    return s / (double)(b - a);
}

/* Complex white noise (0.1 rms per part) with a tone 0.3 on for 15 ms of
 * every 40, at fs. */
fvec noise_and_bursts(size_t n, double fs)
{
    std::mt19937 rng(7);
    std::normal_distribution<float> g(0.0f, 0.1f);
    fvec x(2 * n);
    for (size_t i = 0; i < n; i++) {
        const double t = (double)i / fs;
        const float a = std::fmod(t, 0.04) < 0.015 ? 0.3f : 0.0f;
        const double ph = 2.0 * M_PI * 0.075 * fs * t;
        x[2 * i] = g(rng) + a * (float)std::cos(ph);
        x[2 * i + 1] = g(rng) + a * (float)std::sin(ph);
    }
    return x;
}

/* x through stftc_stft -> stftc_mask -> stftc_istft, a frame at a time */
fvec chain_run(const stftc_stft_config_t& sc,
               const stftc_mask_config_t& mc,
               const fvec& x)
{
    stftc_error_t e;
    stftc_stft_t* st = stftc_stft_create(&sc, &e);
    CPPUNIT_ASSERT_MESSAGE(e.msg, st != nullptr);
    stftc_istft_t* it = stftc_istft_create(&sc, &e);
    CPPUNIT_ASSERT_MESSAGE(e.msg, it != nullptr);
    stftc_mask_t* m = stftc_mask_create(&mc, &sc, &e);
    CPPUNIT_ASSERT_MESSAGE(e.msg, m != nullptr);
    const size_t n = x.size() / 2, h = sc.hop, bins = stftc_stft_bins(st);
    fvec y(x.size()), frame(2 * bins), masked(2 * bins);
    for (size_t s = 0; s + h <= n; s += h) {
        CPPUNIT_ASSERT_EQUAL((size_t)1,
                             stftc_stft_process(st, x.data() + 2 * s, h, frame.data()));
        stftc_mask_process(m, frame.data(), masked.data(), nullptr);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_istft_process(it, masked.data(), 1, y.data() + 2 * s));
    }
    stftc_mask_destroy(m);
    stftc_istft_destroy(it);
    stftc_stft_destroy(st);
    return y;
}

} // namespace

class RecoveryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RecoveryTest);
    CPPUNIT_TEST(testFeatures);
    CPPUNIT_TEST(testRtpghi);
    CPPUNIT_TEST(testRtisila);
    CPPUNIT_TEST(testMaskChain);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFeatures()
    {
        const size_t N = 64, W = 2, F = 200;
        std::mt19937 rng(3);
        std::exponential_distribution<float> ex(1.0f);
        std::vector<fvec> frames(F, fvec(N));
        for (auto& p : frames)
            for (auto& v : p)
                v = ex(rng);
        stftc_features_config_t c = stftc_features_config_default();
        c.fft_size = N;
        c.sample_rate = 1e6;
        for (int ceps = 0; ceps < 2; ceps++) {
            if (ceps) {
                c.cepstrum = STFTC_CEPS_LFCC;
                c.n_filters = 16;
                c.n_ceps = 8;
                c.deltas = 2;
                c.delta_width = W;
            }
            const auto ref = features_run(c, frames);
            CPPUNIT_ASSERT_EQUAL(F, ref.size());
            const size_t reach = ceps ? 2 * W : 1; /* frames a bad one touches */
            for (const size_t bad : { (size_t)50, (size_t)120 })
                for (const float v : { NAN, INFINITY }) {
                    for (const bool whole : { true, false }) {
                        std::vector<fvec> g = frames;
                        if (whole)
                            std::fill(g[bad].begin(), g[bad].end(), v);
                        else
                            g[bad][7] = v;
                        const auto out = features_run(c, g);
                        CPPUNIT_ASSERT_EQUAL(F, out.size());
                        const std::string ctx = std::string(ceps ? "lfcc " : "scalars ") +
                                                std::to_string(bad) + " " +
                                                std::to_string(v);
                        /* the bad frame's own scalars are NaN, not a made-up
                         * value */
                        for (size_t i = 0; i < STFTC_FEATURES_NSCALAR; i++)
                            CPPUNIT_ASSERT_MESSAGE(ctx, std::isnan(out[bad][i]));
                        for (size_t t = 0; t < F; t++) {
                            if (t + reach >= bad && t <= bad + reach)
                                continue;
                            for (size_t i = 0; i < ref[t].size(); i++)
                                CPPUNIT_ASSERT_EQUAL_MESSAGE(
                                    ctx + " frame " + std::to_string(t) + " entry " +
                                        std::to_string(i),
                                    ref[t][i],
                                    out[t][i]);
                        }
                        /* the scalars of the frames next to it are finite */
                        for (size_t i = 0; i < STFTC_FEATURES_NSCALAR; i++) {
                            CPPUNIT_ASSERT_MESSAGE(ctx, std::isfinite(out[bad - 1][i]));
                            CPPUNIT_ASSERT_MESSAGE(ctx, std::isfinite(out[bad + 1][i]));
                        }
                    }
                }
        }
    }

    template <class Obj, class Create, class Process, class Destroy>
    void check_phase(const char* what,
                     Create create,
                     Process process,
                     Destroy destroy,
                     const stftc_stft_config_t& sc,
                     size_t settle)
    {
        const size_t F = 300, H = sc.hop;
        const auto mags = magnitudes(sc, F);
        const size_t bins = mags[0].size();
        auto run = [&](const std::vector<fvec>& m) {
            Obj* o = create();
            fvec y(m.size() * H * 2);
            for (size_t k = 0; k < m.size(); k++)
                CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                                     process(o, m[k].data(), y.data() + k * H * 2));
            destroy(o);
            return y;
        };
        const fvec ref = run(mags);
        const size_t bad = 100;
        /* NaN, Inf, and a finite magnitude so large that the overlap-add
         * overflows */
        for (const float v : { NAN, INFINITY, 3e38f }) {
            std::vector<fvec> g = mags;
            std::fill(g[bad].begin(), g[bad].end(), v);
            const fvec y = run(g);
            const std::string ctx = std::string(what) + " " + std::to_string(v);
            /* everything before the glitch reaches the output is as before */
            for (size_t i = 0; i < bad * H * 2; i++)
                CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx + " before", ref[i], y[i]);
            /* from (bad + settle) frames on: finite, same power within 1 dB */
            const size_t from = (bad + settle) * H * 2;
            for (size_t i = from; i < y.size(); i++)
                CPPUNIT_ASSERT_MESSAGE(ctx + " sample " + std::to_string(i / 2) +
                                           " non-finite after the glitch",
                                       std::isfinite(y[i]));
            const double pr = power(ref, from, ref.size()), py = power(y, from, y.size());
            CPPUNIT_ASSERT_MESSAGE(ctx + " power",
                                   std::fabs(10 * std::log10(py / pr)) < 1.0);
        }
        (void)bins;
    }

    static stftc_stft_config_t framing()
    {
        stftc_stft_config_t sc = stftc_stft_config_default();
        sc.fft_size = 256;
        sc.hop = 64;
        return sc;
    }

    void testRtpghi()
    {
        const stftc_stft_config_t sc = framing();
        for (int la = 0; la < 2; la++) {
            stftc_rtpghi_config_t c = stftc_rtpghi_config_default();
            c.stft = sc;
            c.lookahead = la;
            check_phase<stftc_rtpghi_t>(
                la ? "rtpghi lookahead" : "rtpghi causal",
                [&]() {
                    stftc_error_t e;
                    stftc_rtpghi_t* p = stftc_rtpghi_create(&c, &e);
                    CPPUNIT_ASSERT_MESSAGE(e.msg, p != nullptr);
                    return p;
                },
                [](stftc_rtpghi_t* p, const float* m, float* y) {
                    return stftc_rtpghi_process(p, m, 1, y);
                },
                [](stftc_rtpghi_t* p) { stftc_rtpghi_destroy(p); },
                sc,
                /* the frame, its look-ahead and the overlap-add of L/H frames */
                1 + la + sc.fft_size / sc.hop);
        }
    }

    void testRtisila()
    {
        const stftc_stft_config_t sc = framing();
        stftc_rtisila_config_t c = stftc_rtisila_config_default();
        c.stft = sc;
        check_phase<stftc_rtisila_t>(
            "rtisila",
            [&]() {
                stftc_error_t e;
                stftc_rtisila_t* p = stftc_rtisila_create(&c, &e);
                CPPUNIT_ASSERT_MESSAGE(e.msg, p != nullptr);
                return p;
            },
            [](stftc_rtisila_t* p, const float* m, float* y) {
                return stftc_rtisila_process(p, m, 1, y);
            },
            [](stftc_rtisila_t* p) { stftc_rtisila_destroy(p); },
            sc,
            1 + c.lookahead + 2 * sc.fft_size / sc.hop);
    }

    void testMaskChain()
    {
        const double fs = 500e3, nw = 0.1;
        stftc_stft_config_t sc = stftc_stft_config_default();
        sc.fft_size = 256;
        sc.hop = 64;
        const size_t n = (size_t)(0.5 * fs) / sc.hop * sc.hop, at = (size_t)(0.15 * fs),
                     len = (size_t)(0.005 * fs);
        const size_t lat = sc.fft_size - sc.hop;
        const fvec x = noise_and_bursts(n, fs);
        for (stftc_mask_type_t t :
             { STFTC_MASK_AUTO, STFTC_MASK_GATE, STFTC_MASK_WIENER, STFTC_MASK_CFAR }) {
            stftc_mask_config_t mc = stftc_mask_config_default();
            mc.type = t;
            mc.sample_rate = fs;
            mc.noise_window = nw;
            const fvec ref = chain_run(sc, mc, x);
            const double tol = 1e-4 * std::sqrt(power(ref, 0, ref.size()));
            for (const float v : { NAN, 1e20f, 3e38f }) {
                fvec xb = x;
                for (size_t i = at; i < at + len; i++)
                    if (i % 3 == 1)
                        xb[2 * i] = v;
                const fvec y = chain_run(sc, mc, xb);
                const std::string ctx =
                    std::string(stftc_mask_type_name(t)) + " " + std::to_string(v);
                /* non-finite output only from the frames that hold the glitch
                 * (delayed by the chain's latency and up to the longest
                 * look-ahead, half of the 16 ms region) */
                const size_t lo = at + lat - sc.fft_size,
                             hi = at + len + lat + sc.fft_size + (size_t)(0.008 * fs);
                size_t nonfinite = 0, last_off = 0;
                for (size_t j = 0; j < n; j++)
                    for (int c = 0; c < 2; c++) {
                        const float a = y[2 * j + c];
                        if (!std::isfinite(a)) {
                            nonfinite++;
                            CPPUNIT_ASSERT_MESSAGE(ctx + " non-finite at " +
                                                       std::to_string(j),
                                                   j >= lo && j < hi);
                        }
                        if (!(std::fabs(a - ref[2 * j + c]) <= tol))
                            last_off = j + 1;
                    }
                if (std::isnan(v) || v > 1e38f)
                    CPPUNIT_ASSERT_MESSAGE(ctx + ": the glitch's frames are not finite",
                                           nonfinite > 0);
                else
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(
                        ctx + ": non-finite", (size_t)0, nonfinite);
                /* back: the noise window, its super-frame, the region and
                 * the level (as tests/core/test_nonfinite.cc), and the DC
                 * offset tracker, which missed the glitch's frames: its
                 * 0.5 s time constant takes that share under 1e-4 of the
                 * RMS after about 0.3 s at 256 bins (measured: 0.01 to
                 * 0.16 s, wiener 0.29 s; without DC removal 0.15 s) */
                const double back = ((double)last_off - (double)(at + len)) / fs;
                if (std::getenv("STFTCLEAN_TEST_VERBOSE"))
                    std::printf("\n%s: back after %.4f s", ctx.c_str(), back);
                CPPUNIT_ASSERT_MESSAGE(ctx + ": back after " + std::to_string(back) +
                                           " s",
                                       back <= nw + 0.25);
            }
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RecoveryTest);

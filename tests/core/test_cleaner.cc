/* Fused cleaner: identity with mask none, equality with the stft -> mask ->
 * istft chain, band cleaning of tones, chunking, in-place, argument checks,
 * setters.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <cstring>

using namespace tu;

namespace {

stftc_cleaner_config_t ccfg(const stftc_stft_config_t& s,
                            stftc_mask_type_t type = STFTC_MASK_NONE)
{
    stftc_cleaner_config_t c = stftc_cleaner_config_default();
    c.stft = s;
    c.mask.type = type;
    return c;
}

fvec clean_all(stftc_cleaner_t* c, const fvec& x)
{
    fvec y(x.size(), NAN);
    const size_t ns = x.size() / spf(stftc_cleaner_config(c)->stft);
    CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_cleaner_process(c, x.data(), y.data(), ns));
    return y;
}

/* The same processing built from the separate objects: stft, power, mask,
 * gains applied to the bins, istft. Returns the output and the last gains. */
fvec chain(const stftc_cleaner_config_t& cc, const fvec& x, fvec* last_gain)
{
    StftPtr st = make_stft(cc.stft);
    IstftPtr it = make_istft(cc.stft);
    stftc_error_t e;
    std::unique_ptr<stftc_mask_t, MaskDel> m(stftc_mask_create(&cc.mask, &cc.stft, &e));
    CPPUNIT_ASSERT_MESSAGE(e.msg, m != nullptr);
    fvec fr = stft_all(st.get(), x);
    const size_t B = nbins(cc.stft), nf = fr.size() / (2 * B);
    fvec p(B), g(B);
    for (size_t k = 0; k < nf; k++) {
        float* f = fr.data() + 2 * B * k;
        stftc_vec_mag2_ref(p.data(), f, B);
        stftc_mask_compute(m.get(), f, p.data(), g.data());
        for (size_t i = 0; i < B; i++) {
            f[2 * i] *= g[i];
            f[2 * i + 1] *= g[i];
        }
    }
    if (last_gain)
        *last_gain = g;
    return istft_all(it.get(), fr);
}

std::string name(const stftc_stft_config_t& c)
{
    std::ostringstream s;
    char wb[64];
    stftc_window_format(&c.window, wb, sizeof wb);
    s << (c.sample_type == STFTC_COMPLEX ? "complex" : "real")
      << (c.centered ? " centered" : "") << " N=" << c.fft_size << " L=" << eff_len(c)
      << " H=" << c.hop << " " << wb;
    return s.str();
}

const struct {
    size_t n, l, h;
    const char* w;
} kGeos[] = { { 64, 64, 16, "hann" },           { 1000, 800, 200, "blackman" },
              { 32, 32, 32, "rect" },           { 30, 20, 5, "kaiser:8" },
              { 1024, 1024, 512, "sqrt-hann" }, { 15, 15, 5, "hamming" },
              { 40000, 40000, 10000, "hann" } };

} // namespace

class CleanerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CleanerTest);
    CPPUNIT_TEST(testGetters);
    CPPUNIT_TEST(testNoneIsDelay);
    CPPUNIT_TEST(testNoneEqualsChain);
    CPPUNIT_TEST(testThresholdEqualsChain);
    CPPUNIT_TEST(testBandRemovesTone);
    CPPUNIT_TEST(testChunking);
    CPPUNIT_TEST(testInPlace);
    CPPUNIT_TEST(testNotMultipleOfHop);
    CPPUNIT_TEST(testReset);
    CPPUNIT_TEST(testSetters);
    CPPUNIT_TEST(testTwoThreadsEqualChain);
    CPPUNIT_TEST(testTwoThreadsSameAsOne);
    CPPUNIT_TEST(testThreadsRange);
    CPPUNIT_TEST_SUITE_END();

public:
    void testGetters()
    {
        stftc_cleaner_config_t cc =
            ccfg(cfg(30, 5, 20, "hann", STFTC_REAL), STFTC_MASK_THRESHOLD);
        CleanerPtr c = make_cleaner(cc);
        CPPUNIT_ASSERT_EQUAL((size_t)15, stftc_cleaner_latency(c.get()));
        CPPUNIT_ASSERT_EQUAL((size_t)5, stftc_cleaner_hop(c.get()));
        CPPUNIT_ASSERT_EQUAL((size_t)16, stftc_cleaner_bins(c.get()));
        CPPUNIT_ASSERT_EQUAL((size_t)30, stftc_cleaner_config(c.get())->stft.fft_size);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_MASK_THRESHOLD,
                             (int)stftc_cleaner_config(c.get())->mask.type);
        CPPUNIT_ASSERT(stftc_cleaner_mask(c.get()) != nullptr);
        CPPUNIT_ASSERT_EQUAL((size_t)16, stftc_mask_bins(stftc_cleaner_mask(c.get())));
        CPPUNIT_ASSERT(stftc_cleaner_last_mask(c.get()) != nullptr);
        CleanerPtr d = make_cleaner(stftc_cleaner_config_default());
        CPPUNIT_ASSERT_EQUAL((size_t)768, stftc_cleaner_latency(d.get()));
    }

    void testNoneIsDelay()
    {
        std::mt19937 rng(10);
        for (const auto& g : kGeos)
            for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
                stftc_stft_config_t s = cfg(g.n, g.h, g.l, g.w, type);
                CleanerPtr c = make_cleaner(ccfg(s));
                const size_t sp = spf(s), T = (g.l / g.h + 8) * g.h;
                fvec x = random_floats(rng, T * sp);
                fvec y = clean_all(c.get(), x);
                const double e =
                    delayed_error(x, y, g.l - g.h, sp) / rms(x.data(), x.size());
                std::ostringstream m;
                m << name(s) << ": error " << e << " x rms";
                CPPUNIT_ASSERT_MESSAGE(m.str(), e <= 1e-5);
                const float* lm = stftc_cleaner_last_mask(c.get());
                for (size_t i = 0; i < nbins(s); i++)
                    CPPUNIT_ASSERT_EQUAL(1.0f, lm[i]);
            }
    }

    void testNoneEqualsChain()
    {
        std::mt19937 rng(12);
        for (const auto& g : kGeos)
            for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
                stftc_cleaner_config_t cc = ccfg(cfg(g.n, g.h, g.l, g.w, type));
                const size_t T = (g.l / g.h + 5) * g.h;
                fvec x = random_floats(rng, T * spf(cc.stft));
                CleanerPtr c = make_cleaner(cc);
                fvec y = clean_all(c.get(), x);
                fvec z = chain(cc, x, nullptr);
                const double e =
                    max_abs_diff(y.data(), z.data(), y.size()) / rms(x.data(), x.size());
                CPPUNIT_ASSERT_MESSAGE(name(cc.stft) + " " + std::to_string(e),
                                       e <= 1e-6);
            }
    }

    void testThresholdEqualsChain()
    {
        std::mt19937 rng(13);
        for (const auto& g : kGeos)
            for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL })
                for (int centered : { 0, 1 }) {
                    if (type == STFTC_REAL && centered)
                        continue;
                    stftc_cleaner_config_t cc = ccfg(
                        cfg(g.n, g.h, g.l, g.w, type, centered), STFTC_MASK_THRESHOLD);
                    cc.mask.threshold_db = 3.0;
                    cc.mask.floor_db = -30.0;
                    const size_t T = (g.l / g.h + 5) * g.h, sp = spf(cc.stft);
                    fvec x = random_floats(rng, T * sp);
                    /* plus a tone so some bins stand far above the median */
                    for (size_t t = 0; t < T; t++)
                        x[t * sp] += 3.0f * (float)std::cos(0.7 * (double)t);
                    CleanerPtr c = make_cleaner(cc);
                    fvec y = clean_all(c.get(), x);
                    fvec gl;
                    fvec z = chain(cc, x, &gl);
                    const double e = max_abs_diff(y.data(), z.data(), y.size()) /
                                     rms(x.data(), x.size());
                    CPPUNIT_ASSERT_MESSAGE(name(cc.stft) + " " + std::to_string(e),
                                           e <= 1e-5);
                    const float* lm = stftc_cleaner_last_mask(c.get());
                    CPPUNIT_ASSERT(max_abs_diff(lm, gl.data(), gl.size()) <= 1e-6);
                    /* the mask did something */
                    CPPUNIT_ASSERT(*std::min_element(gl.begin(), gl.end()) < 0.5f);
                }
    }

    void testBandRemovesTone()
    {
        /* fs = 1.024 MHz, N = 64: bins 16 kHz apart. Keep 48..160 kHz: the
         * +96 kHz tone (bin 6) stays, the -192 kHz tone (bin -12) goes. */
        const double fs = 1.024e6;
        for (int centered : { 0, 1 }) {
            stftc_cleaner_config_t cc =
                ccfg(cfg(64, 16, 0, "hann", STFTC_COMPLEX, centered), STFTC_MASK_BAND);
            cc.mask.sample_rate = fs;
            cc.mask.floor_db = -100.0;
            cc.mask.nbands = 1;
            cc.mask.bands[0] = 48e3;
            cc.mask.bands[1] = 160e3;
            CleanerPtr c = make_cleaner(cc);
            const size_t T = 64 * 20, d = 48;
            fvec x(2 * T), keep(2 * T);
            for (size_t t = 0; t < T; t++) {
                const double a = 2 * M_PI * 96e3 * (double)t / fs;
                const double b = -2 * M_PI * 192e3 * (double)t / fs;
                keep[2 * t] = (float)std::cos(a);
                keep[2 * t + 1] = (float)std::sin(a);
                x[2 * t] = keep[2 * t] + 2.0f * (float)std::cos(b);
                x[2 * t + 1] = keep[2 * t + 1] + 2.0f * (float)std::sin(b);
            }
            fvec y = clean_all(c.get(), x);
            /* steady state from the first full window on */
            double err = 0;
            for (size_t t = d + 64; t < T; t++)
                for (int j = 0; j < 2; j++)
                    err = std::max(
                        err, std::fabs((double)y[2 * t + j] - keep[2 * (t - d) + j]));
            CPPUNIT_ASSERT_MESSAGE("residual " + std::to_string(err), err < 1e-3);

            /* now reject the same band: only the -192 kHz tone remains */
            stftc_error_t e;
            CPPUNIT_ASSERT_EQUAL(
                (int)STFTC_OK, stftc_cleaner_set_bands(c.get(), cc.mask.bands, 1, 1, &e));
            stftc_cleaner_reset(c.get());
            y = clean_all(c.get(), x);
            err = 0;
            for (size_t t = d + 64; t < T; t++)
                for (int j = 0; j < 2; j++)
                    err =
                        std::max(err,
                                 std::fabs((double)y[2 * t + j] -
                                           (x[2 * (t - d) + j] - keep[2 * (t - d) + j])));
            CPPUNIT_ASSERT_MESSAGE("reject residual " + std::to_string(err), err < 2e-3);
        }
    }

    void testChunking()
    {
        std::mt19937 rng(14);
        for (const auto& g : kGeos)
            for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
                stftc_cleaner_config_t cc =
                    ccfg(cfg(g.n, g.h, g.l, g.w, type), STFTC_MASK_THRESHOLD);
                const size_t sp = spf(cc.stft), T = (g.l / g.h + 30) * g.h;
                fvec x = random_floats(rng, T * sp);
                CleanerPtr c1 = make_cleaner(cc);
                fvec one = clean_all(c1.get(), x);
                CleanerPtr c2 = make_cleaner(cc);
                fvec ch(x.size(), NAN);
                std::uniform_int_distribution<size_t> d(0, 5);
                size_t pos = 0;
                while (pos < T) {
                    const size_t n = std::min(T - pos, d(rng) * g.h);
                    CPPUNIT_ASSERT_EQUAL(
                        (int)STFTC_OK,
                        stftc_cleaner_process(
                            c2.get(), x.data() + pos * sp, ch.data() + pos * sp, n));
                    pos += n;
                }
                const double tol = 1e-7 * max_abs(one.data(), one.size());
                CPPUNIT_ASSERT_MESSAGE(name(cc.stft),
                                       max_abs_diff(one.data(), ch.data(), one.size()) <=
                                           tol);
            }
    }

    void testInPlace()
    {
        std::mt19937 rng(15);
        for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
            stftc_cleaner_config_t cc =
                ccfg(cfg(64, 16, 48, "hann", type), STFTC_MASK_THRESHOLD);
            const size_t T = 64 * 10;
            fvec x = random_floats(rng, T * spf(cc.stft));
            CleanerPtr c1 = make_cleaner(cc);
            fvec y = clean_all(c1.get(), x);
            CleanerPtr c2 = make_cleaner(cc);
            fvec io = x;
            /* in two calls so the in-place path also spans a call boundary */
            const size_t half = 16 * 17;
            CPPUNIT_ASSERT_EQUAL(
                (int)STFTC_OK,
                stftc_cleaner_process(c2.get(), io.data(), io.data(), half));
            CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                                 stftc_cleaner_process(c2.get(),
                                                       io.data() + half * spf(cc.stft),
                                                       io.data() + half * spf(cc.stft),
                                                       T - half));
            CPPUNIT_ASSERT(max_abs_diff(y.data(), io.data(), y.size()) <=
                           1e-7 * max_abs(y.data(), y.size()));
        }
    }

    /* threads = 2 against the independent chain (stft, mask, istft), with
     * the input fed in uneven calls, some of them in place */
    void testTwoThreadsEqualChain()
    {
        std::mt19937 rng(21);
        for (const auto& g : kGeos)
            for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL })
                for (stftc_mask_type_t mt : { STFTC_MASK_NONE, STFTC_MASK_THRESHOLD }) {
                    stftc_cleaner_config_t cc = ccfg(cfg(g.n, g.h, g.l, g.w, type), mt);
                    cc.mask.threshold_db = 3.0;
                    cc.mask.floor_db = -30.0;
                    cc.threads = 2;
                    const size_t T = (g.l / g.h + 21) * g.h, sp = spf(cc.stft);
                    fvec x = random_floats(rng, T * sp);
                    for (size_t t = 0; t < T; t++)
                        x[t * sp] += 3.0f * (float)std::cos(0.7 * (double)t);
                    CleanerPtr c = make_cleaner(cc);
                    CPPUNIT_ASSERT_EQUAL(2, stftc_cleaner_config(c.get())->threads);
                    fvec y = x;
                    const size_t hops[] = { 1, 3, 9, 2, 1, 5 };
                    size_t pos = 0;
                    for (size_t i = 0; pos < T; i++) {
                        size_t m = hops[i % 6] * g.h;
                        m = m < T - pos ? m : T - pos;
                        float* io = y.data() + pos * sp;
                        const float* src = i % 2 ? io : x.data() + pos * sp;
                        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                                             stftc_cleaner_process(c.get(), src, io, m));
                        pos += m;
                    }
                    fvec gl;
                    fvec z = chain(cc, x, &gl);
                    const double e = max_abs_diff(y.data(), z.data(), y.size()) /
                                     rms(x.data(), x.size());
                    CPPUNIT_ASSERT_MESSAGE(name(cc.stft) + " " + std::to_string(e),
                                           e <= 1e-5);
                    if (mt != STFTC_MASK_NONE) {
                        const float* lm = stftc_cleaner_last_mask(c.get());
                        CPPUNIT_ASSERT(max_abs_diff(lm, gl.data(), gl.size()) <= 1e-6);
                    }
                }
    }

    /* the look-ahead estimator (auto), where no chain exists to compare
     * with: the two-thread output is the one-thread output, bit for bit,
     * across uneven and in-place calls and a reset */
    void testTwoThreadsSameAsOne()
    {
        std::mt19937 rng(22);
        for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
            stftc_cleaner_config_t cc =
                ccfg(cfg(256, 64, 0, "hann", type), STFTC_MASK_AUTO);
            cc.mask.sample_rate = type == STFTC_COMPLEX ? 1e6 : 48e3;
            const size_t T = 64 * 600, sp = spf(cc.stft);
            fvec x = random_floats(rng, T * sp);
            for (size_t t = 0; t < T; t++) /* keyed tone bursts */
                if ((t / 2000) % 3 == 1)
                    x[t * sp] += 2.0f * (float)std::cos(0.3 * (double)t);
            CleanerPtr one = make_cleaner(cc);
            cc.threads = 2;
            CleanerPtr two = make_cleaner(cc);
            for (int pass = 0; pass < 2; pass++) {
                fvec y1(x.size()), y2 = x;
                CPPUNIT_ASSERT_EQUAL(
                    (int)STFTC_OK,
                    stftc_cleaner_process(one.get(), x.data(), y1.data(), T));
                const size_t hops[] = { 7, 1, 64, 3, 20 };
                size_t pos = 0;
                for (size_t i = 0; pos < T; i++) {
                    size_t m = hops[i % 5] * 64;
                    m = m < T - pos ? m : T - pos;
                    float* io = y2.data() + pos * sp;
                    const float* src = i % 3 == 2 ? io : x.data() + pos * sp;
                    CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                                         stftc_cleaner_process(two.get(), src, io, m));
                    pos += m;
                }
                CPPUNIT_ASSERT_MESSAGE(
                    "pass " + std::to_string(pass),
                    std::memcmp(y1.data(), y2.data(), y1.size() * sizeof(float)) == 0);
                /* not a pass-through: the mask removed noise */
                CPPUNIT_ASSERT(rms(y1.data(), y1.size()) < 0.9 * rms(x.data(), x.size()));
                CPPUNIT_ASSERT(std::memcmp(stftc_cleaner_last_mask(one.get()),
                                           stftc_cleaner_last_mask(two.get()),
                                           nbins(cc.stft) * sizeof(float)) == 0);
                stftc_cleaner_reset(one.get());
                stftc_cleaner_reset(two.get());
            }
        }
    }

    void testThreadsRange()
    {
        for (int bad : { 0, 3, -1 }) {
            stftc_cleaner_config_t cc = stftc_cleaner_config_default();
            cc.threads = bad;
            stftc_error_t e;
            CPPUNIT_ASSERT(stftc_cleaner_create(&cc, &e) == nullptr);
            CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, e.code);
            CPPUNIT_ASSERT(std::string(e.msg).find("threads") != std::string::npos);
            CPPUNIT_ASSERT(std::string(e.msg).find("1 or 2") != std::string::npos);
        }
        CPPUNIT_ASSERT_EQUAL(1, stftc_cleaner_config_default().threads);
    }

    void testNotMultipleOfHop()
    {
        std::mt19937 rng(16);
        stftc_cleaner_config_t cc = ccfg(cfg(64, 16, 0, "hann"));
        const size_t T = 64 * 4;
        fvec x = random_floats(rng, 2 * T);
        CleanerPtr c1 = make_cleaner(cc);
        fvec ref = clean_all(c1.get(), x);
        CleanerPtr c2 = make_cleaner(cc);
        fvec out(2 * T, 123.0f);
        for (size_t bad : { (size_t)1, (size_t)15, (size_t)17, (size_t)33 }) {
            CPPUNIT_ASSERT_EQUAL(
                (int)STFTC_ERR_INVALID_ARG,
                stftc_cleaner_process(c2.get(), x.data(), out.data(), bad));
        }
        /* nothing was consumed: the stream continues as if never called */
        fvec y = clean_all(c2.get(), x);
        CPPUNIT_ASSERT_EQUAL(0.0, max_abs_diff(ref.data(), y.data(), ref.size()));
        /* zero samples is a multiple of the hop */
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_cleaner_process(c2.get(), x.data(), out.data(), 0));
    }

    void testReset()
    {
        std::mt19937 rng(17);
        stftc_cleaner_config_t cc =
            ccfg(cfg(32, 8, 0, "hann", STFTC_REAL), STFTC_MASK_THRESHOLD);
        fvec x = random_floats(rng, 32 * 8), junk = random_floats(rng, 8 * 7);
        CleanerPtr c = make_cleaner(cc);
        fvec a = clean_all(c.get(), x);
        stftc_cleaner_reset(c.get());
        clean_all(c.get(), junk);
        stftc_cleaner_reset(c.get());
        fvec b = clean_all(c.get(), x);
        CPPUNIT_ASSERT_EQUAL(0.0, max_abs_diff(a.data(), b.data(), a.size()));
    }

    void testSetters()
    {
        stftc_cleaner_config_t cc = ccfg(cfg(64, 16, 0, "hann"), STFTC_MASK_THRESHOLD);
        CleanerPtr c = make_cleaner(cc);
        stftc_error_t e;
        const stftc_mask_config_t* mc = stftc_mask_config(stftc_cleaner_mask(c.get()));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_cleaner_set_threshold_db(c.get(), 12.0, &e));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_cleaner_set_floor_db(c.get(), -40.0, &e));
        CPPUNIT_ASSERT_EQUAL(
            12.0, stftc_mask_config(stftc_cleaner_mask(c.get()))->threshold_db);
        CPPUNIT_ASSERT_EQUAL(-40.0,
                             stftc_mask_config(stftc_cleaner_mask(c.get()))->floor_db);
        (void)mc;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG,
                             stftc_cleaner_set_threshold_db(c.get(), 101.0, &e));
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "threshold_db"));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG,
                             stftc_cleaner_set_floor_db(c.get(), 3.0, &e));
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "floor_db"));
        const double bad[2] = { 10.0, 5.0 };
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG,
                             stftc_cleaner_set_bands(c.get(), bad, 1, 0, &e));
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "bands"));
        CPPUNIT_ASSERT_EQUAL(
            12.0, stftc_mask_config(stftc_cleaner_mask(c.get()))->threshold_db);
        CPPUNIT_ASSERT_EQUAL(-40.0,
                             stftc_mask_config(stftc_cleaner_mask(c.get()))->floor_db);

        /* a runtime threshold change shows in the output like a fresh cleaner */
        std::mt19937 rng(18);
        fvec x = random_floats(rng, 2 * 64 * 6);
        CleanerPtr fresh;
        {
            stftc_cleaner_config_t c2 = cc;
            c2.mask.threshold_db = 12.0;
            c2.mask.floor_db = -40.0;
            fresh = make_cleaner(c2);
        }
        fvec a = clean_all(c.get(), x), b = clean_all(fresh.get(), x);
        CPPUNIT_ASSERT_EQUAL(0.0, max_abs_diff(a.data(), b.data(), a.size()));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CleanerTest);

/* STFT analysis: framing against a naive double DFT, bin orders, linearity,
 * shift, chunking invariance, stateless analyze(), reset, ISTFT chunking.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

using namespace tu;

namespace {

struct Geo {
    size_t n, l, h;
    const char* w;
};

/* Framing cases: tiny and non-power-of-two sizes, window shorter than the
 * FFT, hop == window (rect), odd sizes. */
const Geo kGeos[] = {
    { 8, 8, 2, "hann" },           { 12, 12, 3, "hamming" }, { 15, 15, 5, "kaiser:8" },
    { 16, 12, 4, "blackman" },     { 30, 20, 5, "hann" },    { 16, 16, 16, "rect" },
    { 15, 9, 3, "gaussian:0.15" }, { 8, 5, 1, "sqrt-hann" }, { 1000, 600, 150, "hann" },
};

/* Compare got (interleaved floats) with ref, frame by frame, relative to the
 * largest reference magnitude of the frame. */
void check_frames(const std::string& what,
                  const fvec& got,
                  const std::vector<cd>& ref,
                  size_t bins,
                  double rel)
{
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what + " size", ref.size() * 2, got.size());
    const size_t nf = ref.size() / bins;
    for (size_t k = 0; k < nf; k++) {
        double peak = 0;
        for (size_t m = 0; m < bins; m++)
            peak = std::max(peak, std::abs(ref[k * bins + m]));
        const double tol = rel * std::max(peak, 1e-6);
        for (size_t m = 0; m < bins; m++) {
            const cd r = ref[k * bins + m];
            const cd g(got[2 * (k * bins + m)], got[2 * (k * bins + m) + 1]);
            if (!(std::abs(g - r) <= tol)) {
                std::ostringstream s;
                s << what << ": frame " << k << " bin " << m << " got " << g << " want "
                  << r << " (tol " << tol << ")";
                CPPUNIT_FAIL(s.str());
            }
        }
    }
}

std::string geo_name(const stftc_stft_config_t& c)
{
    std::ostringstream s;
    char wb[64];
    stftc_window_format(&c.window, wb, sizeof wb);
    s << (c.sample_type == STFTC_COMPLEX ? "complex" : "real")
      << (c.centered ? " centered" : "") << " N=" << c.fft_size << " L=" << eff_len(c)
      << " H=" << c.hop << " " << wb;
    return s.str();
}

/* Feed x to a fresh stft in random chunks of 0..maxchunk samples. */
fvec stft_chunked(const stftc_stft_config_t& c,
                  const fvec& x,
                  std::mt19937& rng,
                  size_t maxchunk)
{
    StftPtr st = make_stft(c);
    const size_t s = spf(c), ns = x.size() / s, B = nbins(c);
    fvec out;
    std::uniform_int_distribution<size_t> d(0, maxchunk);
    size_t pos = 0;
    while (pos < ns) {
        const size_t n = std::min(ns - pos, d(rng));
        const size_t want = stftc_stft_frames_for(st.get(), n);
        fvec fr(want * 2 * B + 1, NAN);
        const size_t got = stftc_stft_process(st.get(), x.data() + pos * s, n, fr.data());
        CPPUNIT_ASSERT_EQUAL(want, got);
        out.insert(out.end(), fr.begin(), fr.begin() + (long)(got * 2 * B));
        pos += n;
    }
    return out;
}

} // namespace

class StftTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StftTest);
    CPPUNIT_TEST(testBinsAndLatency);
    CPPUNIT_TEST(testFramingComplex);
    CPPUNIT_TEST(testFramingReal);
    CPPUNIT_TEST(testFramingCentered);
    CPPUNIT_TEST(testFramesFor);
    CPPUNIT_TEST(testLinearity);
    CPPUNIT_TEST(testShiftByHop);
    CPPUNIT_TEST(testChunkingInvariance);
    CPPUNIT_TEST(testAnalyzeEqualsProcess);
    CPPUNIT_TEST(testReset);
    CPPUNIT_TEST(testIstftChunkingInvariance);
    CPPUNIT_TEST(testLargeFftTone);
    CPPUNIT_TEST(testIstftRealIgnoresDcNyquistImag);
    CPPUNIT_TEST(testPlanMeasure);
    CPPUNIT_TEST(testPlannerLockHook);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBinsAndLatency()
    {
        for (size_t n : { 2, 8, 15, 16, 40000 }) {
            stftc_stft_config_t c = cfg(n, 1, 0, "rect");
            CPPUNIT_ASSERT_EQUAL(n, stftc_stft_config_bins(&c));
            c.sample_type = STFTC_REAL;
            CPPUNIT_ASSERT_EQUAL(n / 2 + 1, stftc_stft_config_bins(&c));
        }
        stftc_stft_config_t c = cfg(30, 5, 20, "hann", STFTC_REAL);
        StftPtr st = make_stft(c);
        IstftPtr it = make_istft(c);
        CPPUNIT_ASSERT_EQUAL((size_t)16, stftc_stft_bins(st.get()));
        CPPUNIT_ASSERT_EQUAL((size_t)16, stftc_istft_bins(it.get()));
        CPPUNIT_ASSERT_EQUAL((size_t)15, stftc_stft_latency(st.get()));
        CPPUNIT_ASSERT_EQUAL((size_t)15, stftc_istft_latency(it.get()));
        const stftc_stft_config_t* got = stftc_stft_config(st.get());
        CPPUNIT_ASSERT_EQUAL((size_t)30, got->fft_size);
        CPPUNIT_ASSERT_EQUAL((size_t)5, got->hop);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_REAL, (int)got->sample_type);
        CPPUNIT_ASSERT_EQUAL((size_t)30, stftc_istft_config(it.get())->fft_size);

        /* window_len 0 means fft_size */
        stftc_stft_config_t d = cfg(64, 16, 0, "hann");
        StftPtr sd = make_stft(d);
        CPPUNIT_ASSERT_EQUAL((size_t)48, stftc_stft_latency(sd.get()));

        stftc_stft_config_t def = stftc_stft_config_default();
        CPPUNIT_ASSERT_EQUAL((size_t)1024, def.fft_size);
        CPPUNIT_ASSERT_EQUAL((size_t)256, def.hop);
        CPPUNIT_ASSERT_EQUAL((size_t)0, def.window_len);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_WIN_HANN, (int)def.window.type);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_COMPLEX, (int)def.sample_type);
        CPPUNIT_ASSERT_EQUAL(0, def.centered);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_stft_config_check(&def, nullptr));
    }

    void run_framing(stftc_sample_t type, int centered)
    {
        std::mt19937 rng(1234);
        for (const Geo& g : kGeos) {
            stftc_stft_config_t c = cfg(g.n, g.h, g.l, g.w, type, centered);
            const size_t T =
                (g.n >= 1000 ? 3 : 9) * g.h + g.h / 2 + 1; /* not a multiple */
            fvec x = random_floats(rng, T * spf(c));
            StftPtr st = make_stft(c);
            fvec got = stft_all(st.get(), x);
            CPPUNIT_ASSERT_EQUAL(T / g.h, got.size() / (2 * nbins(c)));
            check_frames(geo_name(c),
                         got,
                         ref_stft(c, to_cd(x, type == STFTC_COMPLEX)),
                         nbins(c),
                         1e-4);
        }
    }
    void testFramingComplex() { run_framing(STFTC_COMPLEX, 0); }
    void testFramingReal() { run_framing(STFTC_REAL, 0); }
    void testFramingCentered()
    {
        run_framing(STFTC_COMPLEX, 1);
        /* explicit: DC at index N/2 for even and odd N */
        for (size_t n : { 8, 15, 16 }) {
            stftc_stft_config_t c = cfg(n, n, 0, "rect", STFTC_COMPLEX, 1);
            StftPtr st = make_stft(c);
            fvec x(2 * n, 0.0f);
            for (size_t i = 0; i < n; i++)
                x[2 * i] = 1.0f; /* constant: only DC */
            fvec fr = stft_all(st.get(), x);
            for (size_t m = 0; m < n; m++) {
                const double want = m == n / 2 ? (double)n : 0.0;
                CPPUNIT_ASSERT_DOUBLES_EQUAL(want, fr[2 * m], 1e-4);
                CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, fr[2 * m + 1], 1e-4);
            }
        }
    }

    void testFramesFor()
    {
        stftc_stft_config_t c = cfg(16, 4, 12, "hann");
        StftPtr st = make_stft(c);
        CPPUNIT_ASSERT_EQUAL((size_t)0, stftc_stft_frames_for(st.get(), 3));
        CPPUNIT_ASSERT_EQUAL((size_t)1, stftc_stft_frames_for(st.get(), 4));
        CPPUNIT_ASSERT_EQUAL((size_t)2, stftc_stft_frames_for(st.get(), 11));
        fvec x(2 * 3, 0.5f), fr(2 * 16 * 4);
        CPPUNIT_ASSERT_EQUAL((size_t)0,
                             stftc_stft_process(st.get(), x.data(), 3, fr.data()));
        /* 3 samples pending: one more completes a frame */
        CPPUNIT_ASSERT_EQUAL((size_t)0, stftc_stft_frames_for(st.get(), 0));
        CPPUNIT_ASSERT_EQUAL((size_t)1, stftc_stft_frames_for(st.get(), 1));
        CPPUNIT_ASSERT_EQUAL((size_t)2, stftc_stft_frames_for(st.get(), 5));
        CPPUNIT_ASSERT_EQUAL((size_t)1,
                             stftc_stft_process(st.get(), x.data(), 1, fr.data()));
        CPPUNIT_ASSERT_EQUAL((size_t)0,
                             stftc_stft_process(st.get(), x.data(), 0, fr.data()));
        stftc_stft_reset(st.get());
        CPPUNIT_ASSERT_EQUAL((size_t)0, stftc_stft_frames_for(st.get(), 1));
        /* zero-frame calls are no-ops */
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_stft_analyze(st.get(), x.data(), 0, fr.data()));
        IstftPtr it = make_istft(c);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_istft_process(it.get(), fr.data(), 0, x.data()));
    }

    void testLinearity()
    {
        std::mt19937 rng(99);
        for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
            stftc_stft_config_t c = cfg(30, 6, 24, "blackman-harris", type);
            const size_t T = 30 * 6, s = spf(c);
            fvec x = random_floats(rng, T * s), y = random_floats(rng, T * s), z(T * s);
            const float a = 0.75f, b = -1.5f;
            for (size_t i = 0; i < T * s; i++)
                z[i] = a * x[i] + b * y[i];
            StftPtr st = make_stft(c);
            fvec X = stft_all(st.get(), x);
            stftc_stft_reset(st.get());
            fvec Y = stft_all(st.get(), y);
            stftc_stft_reset(st.get());
            fvec Z = stft_all(st.get(), z);
            fvec W(X.size());
            for (size_t i = 0; i < X.size(); i++)
                W[i] = a * X[i] + b * Y[i];
            const double tol = 1e-5 * max_abs(W.data(), W.size());
            CPPUNIT_ASSERT(max_abs_diff(Z.data(), W.data(), W.size()) <= tol);
        }
        /* complex scaling of complex input: STFT(j x) = j STFT(x) */
        stftc_stft_config_t c = cfg(16, 4, 16, "hann");
        fvec x = random_floats(rng, 2 * 64), jx(x.size());
        for (size_t i = 0; i < 64; i++) {
            jx[2 * i] = -x[2 * i + 1];
            jx[2 * i + 1] = x[2 * i];
        }
        StftPtr st = make_stft(c);
        fvec X = stft_all(st.get(), x);
        stftc_stft_reset(st.get());
        fvec JX = stft_all(st.get(), jx);
        const double tol = 1e-5 * max_abs(X.data(), X.size());
        for (size_t i = 0; i < X.size() / 2; i++) {
            CPPUNIT_ASSERT_DOUBLES_EQUAL(-X[2 * i + 1], JX[2 * i], tol);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(X[2 * i], JX[2 * i + 1], tol);
        }
    }

    void testShiftByHop()
    {
        std::mt19937 rng(5);
        for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
            stftc_stft_config_t c = cfg(20, 5, 15, "hamming", type);
            const size_t s = spf(c), T = 40, H = 5, B2 = 2 * nbins(c);
            fvec x = random_floats(rng, T * s);
            fvec xd(H * s, 0.0f);
            xd.insert(xd.end(), x.begin(), x.end());
            StftPtr st = make_stft(c);
            fvec X = stft_all(st.get(), x);
            stftc_stft_reset(st.get());
            fvec XD = stft_all(st.get(), xd);
            CPPUNIT_ASSERT_EQUAL(X.size() + B2, XD.size());
            for (size_t i = 0; i < B2; i++)
                CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, XD[i], 0.0);
            const double tol = 1e-6 * max_abs(X.data(), X.size());
            CPPUNIT_ASSERT(max_abs_diff(XD.data() + B2, X.data(), X.size()) <= tol);
        }
    }

    void testChunkingInvariance()
    {
        std::mt19937 rng(2024);
        const Geo geos[] = { { 16, 12, 4, "hann" },
                             { 15, 15, 5, "kaiser:8" },
                             { 30, 20, 7, "blackman" },
                             { 64, 64, 64, "rect" } };
        for (const Geo& g : geos)
            for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL })
                for (int centered : { 0, 1 }) {
                    if (type == STFTC_REAL && centered)
                        continue;
                    stftc_stft_config_t c = cfg(g.n, g.h, g.l, g.w, type, centered);
                    const size_t T = 50 * g.h + 3;
                    fvec x = random_floats(rng, T * spf(c));
                    StftPtr st = make_stft(c);
                    fvec one = stft_all(st.get(), x);
                    for (size_t maxchunk : { (size_t)1, g.h - 1 + 1, 3 * g.h + 5 }) {
                        fvec ch = stft_chunked(c, x, rng, maxchunk);
                        CPPUNIT_ASSERT_EQUAL_MESSAGE(geo_name(c), one.size(), ch.size());
                        const double tol = 1e-7 * max_abs(one.data(), one.size());
                        CPPUNIT_ASSERT_MESSAGE(
                            geo_name(c),
                            max_abs_diff(one.data(), ch.data(), one.size()) <= tol);
                    }
                }
    }

    void testAnalyzeEqualsProcess()
    {
        std::mt19937 rng(77);
        const Geo geos[] = { { 16, 12, 4, "hann" },
                             { 15, 15, 5, "hamming" },
                             { 40, 32, 8, "blackman-harris" } };
        for (const Geo& g : geos)
            for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
                stftc_stft_config_t c = cfg(g.n, g.h, g.l, g.w, type);
                const size_t s = spf(c), T = 20 * g.h, B2 = 2 * nbins(c);
                fvec x = random_floats(rng, T * s);
                StftPtr st = make_stft(c);
                /* stream the first half so analyze() runs amid a live state */
                const size_t half = 10 * g.h;
                fvec a(stftc_stft_frames_for(st.get(), half) * B2 + 1);
                size_t nf1 = stftc_stft_process(st.get(), x.data(), half, a.data());
                fvec xp((g.l - g.h) * s, 0.0f);
                xp.insert(xp.end(), x.begin(), x.end());
                const size_t nf = T / g.h;
                CPPUNIT_ASSERT_EQUAL(xp.size(), ((nf - 1) * g.h + g.l) * s);
                fvec an(nf * B2, NAN);
                CPPUNIT_ASSERT_EQUAL(
                    (int)STFTC_OK,
                    stftc_stft_analyze(st.get(), xp.data(), nf, an.data()));
                fvec b(stftc_stft_frames_for(st.get(), T - half) * B2 + 1);
                size_t nf2 =
                    stftc_stft_process(st.get(), x.data() + half * s, T - half, b.data());
                CPPUNIT_ASSERT_EQUAL(nf, nf1 + nf2);
                fvec pr(a.begin(), a.begin() + (long)(nf1 * B2));
                pr.insert(pr.end(), b.begin(), b.begin() + (long)(nf2 * B2));
                const double tol = 1e-7 * max_abs(pr.data(), pr.size());
                CPPUNIT_ASSERT_MESSAGE(
                    geo_name(c), max_abs_diff(pr.data(), an.data(), pr.size()) <= tol);
                /* analyze of a sub-range (from frame 3 on) */
                fvec an3(5 * B2);
                CPPUNIT_ASSERT_EQUAL(
                    (int)STFTC_OK,
                    stftc_stft_analyze(st.get(), xp.data() + 3 * g.h * s, 5, an3.data()));
                CPPUNIT_ASSERT(max_abs_diff(pr.data() + 3 * B2, an3.data(), 5 * B2) <=
                               tol);
            }
    }

    void testReset()
    {
        std::mt19937 rng(3);
        stftc_stft_config_t c = cfg(16, 4, 16, "hann");
        fvec x = random_floats(rng, 2 * 100), junk = random_floats(rng, 2 * 37);
        StftPtr st = make_stft(c);
        fvec ref = stft_all(st.get(), x);
        stftc_stft_reset(st.get());
        stft_all(st.get(), junk); /* leaves a partial hop and history */
        stftc_stft_reset(st.get());
        fvec again = stft_all(st.get(), x);
        CPPUNIT_ASSERT_EQUAL(ref.size(), again.size());
        CPPUNIT_ASSERT_EQUAL(0.0, max_abs_diff(ref.data(), again.data(), ref.size()));

        IstftPtr it = make_istft(c);
        fvec y1 = istft_all(it.get(), ref);
        stftc_istft_reset(it.get());
        fvec y2 = istft_all(it.get(), ref);
        CPPUNIT_ASSERT_EQUAL(0.0, max_abs_diff(y1.data(), y2.data(), y1.size()));
    }

    void testIstftChunkingInvariance()
    {
        std::mt19937 rng(11);
        for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL })
            for (int centered : { 0, 1 }) {
                if (type == STFTC_REAL && centered)
                    continue;
                stftc_stft_config_t c = cfg(24, 6, 18, "hann", type, centered);
                const size_t s = spf(c), T = 60 * 6, B2 = 2 * nbins(c);
                fvec x = random_floats(rng, T * s);
                StftPtr st = make_stft(c);
                fvec fr = stft_all(st.get(), x);
                const size_t nf = fr.size() / B2;
                IstftPtr it = make_istft(c);
                fvec one = istft_all(it.get(), fr);
                stftc_istft_reset(it.get());
                fvec ch;
                std::uniform_int_distribution<size_t> d(0, 4);
                size_t k = 0;
                while (k < nf) {
                    const size_t n = std::min(nf - k, d(rng));
                    fvec o(n * 6 * s + 1);
                    CPPUNIT_ASSERT_EQUAL(
                        (int)STFTC_OK,
                        stftc_istft_process(it.get(), fr.data() + k * B2, n, o.data()));
                    ch.insert(ch.end(), o.begin(), o.begin() + (long)(n * 6 * s));
                    k += n;
                }
                CPPUNIT_ASSERT_EQUAL(one.size(), ch.size());
                const double tol = 1e-7 * max_abs(one.data(), one.size());
                CPPUNIT_ASSERT(max_abs_diff(one.data(), ch.data(), one.size()) <= tol);
            }
    }

    void testLargeFftTone()
    {
        /* N = 40000 (not a power of two): an on-bin tone lands in one bin. */
        const size_t N = 40000, f0 = 1234;
        for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
            stftc_stft_config_t c = cfg(N, N, 0, "rect", type);
            const size_t s = spf(c);
            fvec x(N * s);
            for (size_t n = 0; n < N; n++) {
                const double ph = 2.0 * M_PI * (double)((f0 * n) % N) / (double)N;
                if (type == STFTC_COMPLEX) {
                    x[2 * n] = (float)std::cos(ph);
                    x[2 * n + 1] = (float)std::sin(ph);
                } else {
                    x[n] = (float)std::cos(ph);
                }
            }
            StftPtr st = make_stft(c);
            fvec fr = stft_all(st.get(), x);
            const size_t B = nbins(c);
            CPPUNIT_ASSERT_EQUAL(2 * B, fr.size());
            const double peak = type == STFTC_COMPLEX ? (double)N : N / 2.0;
            for (size_t m = 0; m < B; m++) {
                const double want = m == f0 ? peak : 0.0;
                const double err = std::hypot(fr[2 * m] - want, fr[2 * m + 1]);
                if (!(err <= 1e-4 * peak)) {
                    std::ostringstream msg;
                    msg << "bin " << m << " err " << err;
                    CPPUNIT_FAIL(msg.str());
                }
            }
        }
    }
    void testIstftRealIgnoresDcNyquistImag()
    {
        /* real output: the imaginary parts of DC and (even N) Nyquist are
         * ignored, whatever they hold */
        std::mt19937 rng(21);
        for (size_t n : { 16, 15 }) {
            stftc_stft_config_t c = cfg(n, n / 4 + 1, 0, "hann", STFTC_REAL);
            const size_t B = nbins(c), nf = 20;
            fvec x = random_floats(rng, nf * c.hop);
            StftPtr st = make_stft(c);
            fvec fr = stft_all(st.get(), x);
            fvec junk = fr;
            for (size_t k = 0; k < nf; k++) {
                junk[2 * B * k + 1] = 5.0f + (float)k;
                if (n % 2 == 0)
                    junk[2 * B * k + 2 * (B - 1) + 1] = -3.0f - (float)k;
            }
            IstftPtr a = make_istft(c), b = make_istft(c);
            fvec ya = istft_all(a.get(), fr), yb = istft_all(b.get(), junk);
            CPPUNIT_ASSERT_MESSAGE("N=" + std::to_string(n),
                                   max_abs_diff(ya.data(), yb.data(), ya.size()) <=
                                       1e-6 * max_abs(ya.data(), ya.size()));
        }
    }

    void testPlanMeasure()
    {
        std::mt19937 rng(22);
        for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
            stftc_stft_config_t c = cfg(60, 15, 0, "hann", type);
            fvec x = random_floats(rng, 300 * spf(c));
            StftPtr e = make_stft(c);
            c.plan = STFTC_PLAN_MEASURE;
            StftPtr m = make_stft(c);
            fvec fe = stft_all(e.get(), x), fm = stft_all(m.get(), x);
            CPPUNIT_ASSERT(max_abs_diff(fe.data(), fm.data(), fe.size()) <=
                           1e-5 * max_abs(fe.data(), fe.size()));
            IstftPtr it = make_istft(c);
            fvec y = istft_all(it.get(), fm);
            CPPUNIT_ASSERT(delayed_error(x, y, 45, spf(c)) <=
                           1e-5 * rms(x.data(), x.size()));
        }
    }

    struct LockCount {
        int locks = 0, unlocks = 0, depth = 0, max_depth = 0;
    };
    static void lock_cb(void* u)
    {
        LockCount* l = (LockCount*)u;
        l->locks++;
        l->depth++;
        l->max_depth = std::max(l->max_depth, l->depth);
    }
    static void unlock_cb(void* u)
    {
        LockCount* l = (LockCount*)u;
        l->unlocks++;
        l->depth--;
    }

    void testPlannerLockHook()
    {
        /* plans are made (and destroyed) under the hook, and only in
         * create/destroy: process and reset never take it */
        LockCount lc;
        stftc_set_planner_lock(lock_cb, unlock_cb, &lc);
        {
            stftc_stft_config_t c = cfg(64, 16, 0, "hann");
            StftPtr st = make_stft(c);
            IstftPtr it = make_istft(c);
            stftc_cleaner_config_t cc = stftc_cleaner_config_default();
            cc.stft = c;
            CleanerPtr cl = make_cleaner(cc);
            const int after_create = lc.locks;
            CPPUNIT_ASSERT(after_create >= 3);
            CPPUNIT_ASSERT_EQUAL(lc.locks, lc.unlocks);
            fvec x(2 * 640, 0.25f), y(2 * 640);
            fvec fr = stft_all(st.get(), x);
            istft_all(it.get(), fr);
            CPPUNIT_ASSERT_EQUAL(
                (int)STFTC_OK, stftc_cleaner_process(cl.get(), x.data(), y.data(), 640));
            stftc_stft_reset(st.get());
            stftc_istft_reset(it.get());
            stftc_cleaner_reset(cl.get());
            CPPUNIT_ASSERT_EQUAL(after_create, lc.locks);
        }
        CPPUNIT_ASSERT_EQUAL(lc.locks, lc.unlocks);
        CPPUNIT_ASSERT_EQUAL(0, lc.depth);
        CPPUNIT_ASSERT_EQUAL(1, lc.max_depth); /* never re-entered */
        stftc_set_planner_lock(nullptr, nullptr, nullptr);
        const int before = lc.locks;
        StftPtr st = make_stft(cfg(32, 8, 0, "hann"));
        CPPUNIT_ASSERT_EQUAL(before, lc.locks); /* hook removed */
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StftTest);

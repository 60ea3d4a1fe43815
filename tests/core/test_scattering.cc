/* Wavelet scattering (include/stftclean/scattering.h):
 *  - the bank: centres, widths and bandwidths as the header defines them,
 *    and the Littlewood-Paley sum sum_l |psi_l(f)|^2 (from the metadata and
 *    the Morlet formula) bounded above and below over the band it covers;
 *  - streaming: chunks of 1, 7, 4096 samples and the whole signal give the
 *    same bits; frames_for() says what process() writes; an impulse shows
 *    up in the frame centred on it;
 *  - two-sided analysis: a tone at -f gives the mirror image of a tone at
 *    +f, and a real signal analysed as complex gives the one-sided result
 *    on both halves (float32 FFT rounding apart);
 *  - bad parameters name their field; NaN / Inf input makes NaN exactly the
 *    frames whose support holds it, huge finite input none;
 *  - T_s and stride_s (seconds) give the objects of the sample counts they
 *    round to; flush() writes what process() gives fed trailing zeros, for
 *    every chunking, and resets; samples_for() is the inverse of
 *    frames_for(); names() are distinct and spell the centres; count_for()
 *    is the count of the object the config makes.
 * STFTCLEAN_TEST_VERBOSE=1 prints the bounds and the create time.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <stftclean/scattering.h>

#include <chrono>
#include <cstring>
#include <limits>
#include <set>

using namespace tu;

namespace {

struct ScatDel {
    void operator()(stftc_scattering_t* p) const { stftc_scattering_destroy(p); }
};
using ScatPtr = std::unique_ptr<stftc_scattering_t, ScatDel>;

bool verbose() { return std::getenv("STFTCLEAN_TEST_VERBOSE") != nullptr; }

/* STFTCLEAN_TEST_SMALL set (the valgrind runs): the large banks are left
 * out (the same code paths run on the small ones) */
bool small_mode()
{
    const char* v = std::getenv("STFTCLEAN_TEST_SMALL");
    return v && *v && std::string(v) != "0";
}

ScatPtr make_scat(const stftc_scattering_config_t& c)
{
    stftc_error_t e;
    ScatPtr p(stftc_scattering_create(&c, &e));
    CPPUNIT_ASSERT_MESSAGE("scattering_create: " + errtext(e), p != nullptr);
    return p;
}

stftc_scattering_config_t small_cfg(bool cplx)
{
    stftc_scattering_config_t c = stftc_scattering_config_default();
    c.sample_type = cplx ? STFTC_COMPLEX : STFTC_REAL;
    c.J = 5;
    c.Q1 = 4;
    c.Q2 = 1;
    c.T = 32;
    return c;
}

/* all frames of x (n samples) then enough zeros for the frames centred in
 * x, in chunks of `chunk` samples */
fvec run(stftc_scattering_t* s, const fvec& x, size_t chunk, bool cplx)
{
    const size_t spf = cplx ? 2 : 1, n = x.size() / spf;
    const size_t total = n + stftc_scattering_latency(s) + 1;
    const size_t cnt = stftc_scattering_count(s);
    fvec in(total * spf, 0.0f), out, buf;
    std::copy(x.begin(), x.end(), in.begin());
    for (size_t pos = 0; pos < total; pos += chunk) {
        const size_t k = std::min(chunk, total - pos);
        const size_t expect = stftc_scattering_frames_for(s, k);
        buf.assign(expect * cnt + 1, -1.0f);
        const size_t got =
            stftc_scattering_process(s, in.data() + pos * spf, k, buf.data());
        CPPUNIT_ASSERT_EQUAL(expect, got);
        out.insert(out.end(), buf.begin(), buf.begin() + got * cnt);
    }
    return out;
}

double morlet(double f, double xi, double sigma)
{
    const double k = std::exp(-xi * xi / (2 * sigma * sigma));
    return std::exp(-(f - xi) * (f - xi) / (2 * sigma * sigma)) -
           k * std::exp(-f * f / (2 * sigma * sigma));
}

/* index of the coefficient that mirrors i (xi -> -xi, parents mirrored) */
std::vector<size_t> mirror_map(const stftc_scattering_t* s)
{
    const size_t cnt = stftc_scattering_count(s), n1 = stftc_scattering_order1_count(s);
    const stftc_scattering_coef_t* co = stftc_scattering_coefs(s);
    std::vector<size_t> m(cnt, 0);
    for (size_t i = 1; i <= n1; i++)
        m[i] = n1 + 1 - i;
    for (size_t i = n1 + 1; i < cnt; i++)
        for (size_t j = n1 + 1; j < cnt; j++)
            if ((size_t)co[j].parent == m[(size_t)co[i].parent] &&
                co[j].xi_hz == co[i].xi_hz)
                m[i] = j;
    return m;
}

fvec tone(size_t n, double f, double amp_mod)
{
    fvec x(2 * n);
    for (size_t t = 0; t < n; t++) {
        const double a = 1.0 + 0.5 * std::cos(2 * M_PI * amp_mod * (double)t);
        x[2 * t] = (float)(a * std::cos(2 * M_PI * f * (double)t));
        x[2 * t + 1] = (float)(a * std::sin(2 * M_PI * f * (double)t));
    }
    return x;
}

} // namespace

class ScatteringTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ScatteringTest);
    CPPUNIT_TEST(testBank);
    CPPUNIT_TEST(testLittlewoodPaley);
    CPPUNIT_TEST(testChunkInvariance);
    CPPUNIT_TEST(testFramesAndImpulse);
    CPPUNIT_TEST(testMirrorTone);
    CPPUNIT_TEST(testRealAsComplex);
    CPPUNIT_TEST(testErrorsNameTheField);
    CPPUNIT_TEST(testNonFinite);
    CPPUNIT_TEST(testLog);
    CPPUNIT_TEST(testCreateTime);
    CPPUNIT_TEST(testSeconds);
    CPPUNIT_TEST(testSecondsErrors);
    CPPUNIT_TEST(testFlush);
    CPPUNIT_TEST(testSamplesFor);
    CPPUNIT_TEST(testNames);
    CPPUNIT_TEST(testCountFor);
    CPPUNIT_TEST_SUITE_END();

public:
    /* centres geometric with ratio 2^(-1/Q) and sigma = c xi while
     * c xi >= sigma_min, then spaced by the half-power bandwidth of
     * sigma_min; bandwidth 2 sqrt(ln 2) sigma; order 2 only below the
     * parent's bandwidth */
    void testBank()
    {
        for (size_t q : { 1, 2, 8, 16 }) {
            stftc_scattering_config_t c = stftc_scattering_config_default();
            c.sample_type = STFTC_REAL;
            c.J = 8;
            c.Q1 = q;
            c.sample_rate = 1000.0;
            ScatPtr s = make_scat(c);
            const stftc_scattering_coef_t* co = stftc_scattering_coefs(s.get());
            const size_t n1 = stftc_scattering_order1_count(s.get());
            const double r = std::pow(2.0, -1.0 / (double)q);
            const double cq = (1 - r) / ((1 + r) * std::sqrt(std::log(2.0)));
            const double smin = 0.1 / 256.0, delta = 2 * std::sqrt(std::log(2.0)) * smin;
            CPPUNIT_ASSERT_EQUAL(0, co[0].order);
            /* order 1 ascending: co[n1] is the top filter */
            CPPUNIT_ASSERT_DOUBLES_EQUAL(
                std::min(0.4, (1 + r) / 4) * 1000.0, co[n1].xi_hz, 1e-9);
            for (size_t i = 1; i < n1; i++) {
                const double lo = co[i].xi_hz / 1000.0, hi = co[i + 1].xi_hz / 1000.0;
                const double sg = co[i + 1].sigma;
                CPPUNIT_ASSERT(lo > 0 && lo < hi);
                if (co[i].sigma > smin * (1 + 1e-12)) { /* constant Q */
                    CPPUNIT_ASSERT_DOUBLES_EQUAL(r, lo / hi, 1e-12);
                    CPPUNIT_ASSERT_DOUBLES_EQUAL(cq * hi, sg, 1e-12 * sg);
                } else if (sg <= smin * (1 + 1e-12)) { /* constant bandwidth */
                    CPPUNIT_ASSERT_DOUBLES_EQUAL(delta, hi - lo, 1e-12);
                }
                CPPUNIT_ASSERT(co[i].sigma >= smin * (1 - 1e-12));
                CPPUNIT_ASSERT_DOUBLES_EQUAL(2 * std::sqrt(std::log(2.0)) * co[i].sigma *
                                                 1000.0,
                                             co[i].bw_hz,
                                             1e-9);
            }
            CPPUNIT_ASSERT(co[1].xi_hz / 1000.0 >= delta);
            for (size_t i = n1 + 1; i < stftc_scattering_count(s.get()); i++) {
                CPPUNIT_ASSERT_EQUAL(2, co[i].order);
                const stftc_scattering_coef_t& p = co[co[i].parent];
                CPPUNIT_ASSERT_EQUAL(1, p.order);
                CPPUNIT_ASSERT(co[i].xi_hz < p.bw_hz);
                CPPUNIT_ASSERT(co[i].decim >= p.decim);
            }
        }
    }

    /* sum over the (two-sided) first-order bank of |psi(f)|^2, periodised,
     * over lowest centre <= |f| <= highest centre */
    void testLittlewoodPaley()
    {
        struct Case {
            size_t J, Q;
            double lo, hi; /* bounds the sum must keep */
        };
        for (const Case& k : { Case{ 10, 8, 0.99, 1.16 },
                               Case{ 6, 4, 0.98, 1.21 },
                               Case{ 5, 2, 0.95, 1.21 },
                               Case{ 8, 1, 0.87, 1.38 },
                               Case{ 12, 12, 0.99, 1.15 } }) {
            if (small_mode() && k.J > 8)
                continue;
            stftc_scattering_config_t c = stftc_scattering_config_default();
            c.J = k.J;
            c.Q1 = k.Q;
            c.max_order = 1;
            ScatPtr s = make_scat(c);
            const stftc_scattering_coef_t* co = stftc_scattering_coefs(s.get());
            const size_t n1 = stftc_scattering_order1_count(s.get());
            const double top = co[n1].xi_hz, bottom = co[n1 / 2 + 1].xi_hz;
            CPPUNIT_ASSERT_DOUBLES_EQUAL(-top, co[1].xi_hz, 1e-15);
            CPPUNIT_ASSERT(bottom > 0);
            double amin = 1e9, amax = 0;
            /* 64 points between each two neighbouring centres (same side) */
            std::vector<double> pts;
            for (size_t i = 1; i < n1; i++)
                if ((co[i].xi_hz > 0) == (co[i + 1].xi_hz > 0))
                    for (int q = 0; q <= 64; q++)
                        pts.push_back(co[i].xi_hz +
                                      (co[i + 1].xi_hz - co[i].xi_hz) * q / 64.0);
            for (double f : pts) {
                double a = 0;
                for (size_t i = 1; i <= n1; i++) {
                    double v = 0;
                    for (int p = -1; p <= 1; p++) {
                        /* beyond 40 sigma of both lobes the terms are 0 */
                        const double g = f + p, reach = 40 * co[i].sigma;
                        if (std::fabs(g - co[i].xi_hz) < reach || std::fabs(g) < reach)
                            v += morlet(g, co[i].xi_hz, co[i].sigma);
                    }
                    a += v * v;
                }
                amin = std::min(amin, a);
                amax = std::max(amax, a);
            }
            if (verbose())
                printf(
                    "LP sum J=%zu Q1=%zu (%zu wavelets): [%.4f, %.4f] over %.3g <= |f| "
                    "<= %.3g\n",
                    k.J,
                    k.Q,
                    n1,
                    amin,
                    amax,
                    bottom,
                    top);
            CPPUNIT_ASSERT_MESSAGE("LP sum low: " + std::to_string(amin), amin >= k.lo);
            CPPUNIT_ASSERT_MESSAGE("LP sum high: " + std::to_string(amax), amax <= k.hi);
        }
    }

    void testChunkInvariance()
    {
        std::mt19937 rng(3);
        for (bool cplx : { true, false }) {
            stftc_scattering_config_t c = small_cfg(cplx);
            c.stride = 8;
            const size_t n = 3000;
            const fvec x = random_floats(rng, n * (cplx ? 2 : 1));
            ScatPtr s = make_scat(c);
            const fvec ref = run(s.get(), x, 1 << 30, cplx);
            CPPUNIT_ASSERT(ref.size() >= (n / 8) * stftc_scattering_count(s.get()));
            for (size_t chunk : { 1, 7, 4096 }) {
                stftc_scattering_reset(s.get());
                const fvec got = run(s.get(), x, chunk, cplx);
                CPPUNIT_ASSERT_EQUAL(ref.size(), got.size());
                CPPUNIT_ASSERT(std::memcmp(ref.data(), got.data(), ref.size() * 4) == 0);
            }
        }
    }

    /* frame n is centred on sample n * stride: an impulse at t0 peaks in the
     * order-0 coefficient of frame t0 / stride, and that frame is out once
     * t0 + latency samples are in */
    void testFramesAndImpulse()
    {
        stftc_scattering_config_t c = small_cfg(true);
        c.stride = 4;
        ScatPtr s = make_scat(c);
        const size_t lat = stftc_scattering_latency(s.get()),
                     cnt = stftc_scattering_count(s.get());
        const size_t t0 = 4 * 300;
        fvec x(2 * (t0 + lat + 1), 0.0f);
        x[2 * t0] = 1.0f;
        fvec out((stftc_scattering_frames_for(s.get(), t0 + lat + 1) + 1) * cnt);
        const size_t nf =
            stftc_scattering_process(s.get(), x.data(), t0 + lat + 1, out.data());
        CPPUNIT_ASSERT(nf > t0 / 4);
        size_t best = 0;
        for (size_t j = 0; j < nf; j++)
            if (out[j * cnt] > out[best * cnt])
                best = j;
        CPPUNIT_ASSERT_EQUAL(t0 / 4, best);
    }

    /* conj(x) gives the mirror image: |conj(x) * psi(-f)| = |x * psi(f)|.
     * Tolerance 1e-5 of the largest coefficient: float32 FFTs of 2^k points
     * round to a few eps log2(N) of the signal's norm, and conj(x) goes
     * through other rounding than x */
    void testMirrorTone()
    {
        stftc_scattering_config_t c = small_cfg(true);
        ScatPtr s = make_scat(c);
        const size_t n = 4000;
        const fvec xp = tone(n, 0.11, 0.004);
        fvec xm = xp;
        for (size_t t = 0; t < n; t++)
            xm[2 * t + 1] = -xm[2 * t + 1];
        const fvec a = run(s.get(), xp, 1 << 30, true);
        stftc_scattering_reset(s.get());
        const fvec b = run(s.get(), xm, 1 << 30, true);
        const std::vector<size_t> m = mirror_map(s.get());
        const size_t cnt = m.size();
        const double tol = 1e-5 * max_abs(a.data(), a.size());
        double worst = 0;
        for (size_t f = 0; f < a.size() / cnt; f++)
            for (size_t i = 0; i < cnt; i++)
                worst = std::max(worst,
                                 (double)std::fabs(a[f * cnt + i] - b[f * cnt + m[i]]));
        if (verbose())
            printf("mirror tone: max diff %.3g of max %.3g\n",
                   worst,
                   max_abs(a.data(), a.size()));
        CPPUNIT_ASSERT(worst <= tol);
        /* and the tone lands on the positive side only */
        const size_t n1 = stftc_scattering_order1_count(s.get());
        double neg = 0, pos = 0;
        for (size_t i = 1; i <= n1; i++)
            (i <= n1 / 2 ? neg : pos) += a[(a.size() / cnt / 2) * cnt + i];
        CPPUNIT_ASSERT(neg < 1e-3 * pos);
    }

    void testRealAsComplex()
    {
        std::mt19937 rng(5);
        const size_t n = 5000;
        const fvec xr = random_floats(rng, n);
        fvec xc(2 * n, 0.0f);
        for (size_t t = 0; t < n; t++)
            xc[2 * t] = xr[t];
        stftc_scattering_config_t cr = small_cfg(false), cc = small_cfg(true);
        ScatPtr sr = make_scat(cr), scx = make_scat(cc);
        const fvec a = run(sr.get(), xr, 1 << 30, false);
        const fvec b = run(scx.get(), xc, 1 << 30, true);
        const size_t cntr = stftc_scattering_count(sr.get()),
                     cntc = stftc_scattering_count(scx.get());
        const size_t n1r = stftc_scattering_order1_count(sr.get());
        CPPUNIT_ASSERT_EQUAL(2 * n1r, stftc_scattering_order1_count(scx.get()));
        CPPUNIT_ASSERT_EQUAL(a.size() / cntr, b.size() / cntc);
        const stftc_scattering_coef_t* kr = stftc_scattering_coefs(sr.get());
        const stftc_scattering_coef_t* kc = stftc_scattering_coefs(scx.get());
        /* real coefficient i <-> complex coefficient with the same (signed)
         * centre and parent centre, and <-> its mirror */
        const std::vector<size_t> m = mirror_map(scx.get());
        const double tol = 1e-5 * max_abs(a.data(), a.size());
        double worst = 0;
        for (size_t i = 0; i < cntr; i++) {
            size_t j = 0;
            for (size_t k = 0; k < cntc; k++) {
                const bool same_parent =
                    kr[i].parent < 0 ? kc[k].parent < 0
                                     : kc[k].parent >= 0 && kc[kc[k].parent].xi_hz ==
                                                                kr[kr[i].parent].xi_hz;
                if (kc[k].order == kr[i].order && kc[k].xi_hz == kr[i].xi_hz &&
                    same_parent)
                    j = k;
            }
            CPPUNIT_ASSERT(i == 0 || j != 0);
            for (size_t f = 0; f < a.size() / cntr; f++) {
                const double v = a[f * cntr + i];
                worst = std::max(worst, std::fabs(v - b[f * cntc + j]));
                worst = std::max(worst, std::fabs(v - b[f * cntc + m[j]]));
            }
        }
        if (verbose())
            printf("real as complex: max diff %.3g of max %.3g\n",
                   worst,
                   max_abs(a.data(), a.size()));
        CPPUNIT_ASSERT(worst <= tol);
    }

    void testErrorsNameTheField()
    {
        struct Bad {
            const char* field;
            void (*set)(stftc_scattering_config_t&);
        };
        const Bad bad[] = {
            { "sample_type",
              [](stftc_scattering_config_t& c) { c.sample_type = (stftc_sample_t)7; } },
            { "sample_rate", [](stftc_scattering_config_t& c) { c.sample_rate = 0.0; } },
            { "sample_rate", [](stftc_scattering_config_t& c) { c.sample_rate = NAN; } },
            { "J", [](stftc_scattering_config_t& c) { c.J = 0; } },
            { "J", [](stftc_scattering_config_t& c) { c.J = 17; } },
            { "Q1", [](stftc_scattering_config_t& c) { c.Q1 = 0; } },
            { "Q1", [](stftc_scattering_config_t& c) { c.Q1 = 33; } },
            { "Q2", [](stftc_scattering_config_t& c) { c.Q2 = 0; } },
            { "max_order", [](stftc_scattering_config_t& c) { c.max_order = 3; } },
            { "T", [](stftc_scattering_config_t& c) { c.T = 1; } },
            { "T", [](stftc_scattering_config_t& c) { c.T = ((size_t)1 << 20) + 1; } },
            { "stride", [](stftc_scattering_config_t& c) { c.stride = 257; } },
            { "oversampling", [](stftc_scattering_config_t& c) { c.oversampling = -1; } },
            { "oversampling", [](stftc_scattering_config_t& c) { c.oversampling = 7; } },
            { "log", [](stftc_scattering_config_t& c) { c.log = 2; } },
            { "log_eps", [](stftc_scattering_config_t& c) { c.log_eps = 0.0; } },
            { "log_eps", [](stftc_scattering_config_t& c) { c.log_eps = INFINITY; } },
            /* rounds to 0 in float32 (found by the fuzzer: log(0) = -Inf) */
            { "log_eps", [](stftc_scattering_config_t& c) { c.log_eps = 4.9e-324; } },
            { "plan", [](stftc_scattering_config_t& c) { c.plan = (stftc_plan_t)5; } },
        };
        for (const Bad& b : bad) {
            stftc_scattering_config_t c = stftc_scattering_config_default();
            b.set(c);
            stftc_error_t e1, e2;
            CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG,
                                 stftc_scattering_config_check(&c, &e1));
            CPPUNIT_ASSERT(stftc_scattering_create(&c, &e2) == nullptr);
            const std::string want = std::string(b.field) + ":";
            CPPUNIT_ASSERT_MESSAGE(e1.msg, std::string(e1.msg).rfind(want, 0) == 0);
            CPPUNIT_ASSERT_EQUAL(std::string(e1.msg), std::string(e2.msg));
        }
        /* a block beyond the FFT limit is refused, naming J */
        stftc_scattering_config_t c = stftc_scattering_config_default();
        c.J = 16;
        c.Q1 = 1;
        c.T = (size_t)1 << 20;
        stftc_error_t e;
        ScatPtr s(stftc_scattering_create(&c, &e));
        if (!s)
            CPPUNIT_ASSERT_MESSAGE(e.msg, std::string(e.msg).rfind("J:", 0) == 0);
    }

    /* NaN and Inf samples: NaN exactly in the frames whose support
     * (centre +- support()) holds them, the other frames bit for bit those
     * of the signal with zeros there; huge finite samples: no NaN */
    void testNonFinite()
    {
        std::mt19937 rng(9);
        for (bool cplx : { true, false }) {
            stftc_scattering_config_t c = small_cfg(cplx);
            c.stride = 8;
            ScatPtr s = make_scat(c);
            const size_t spf = cplx ? 2 : 1, n = 6000, bad = 2500;
            const size_t cnt = stftc_scattering_count(s.get()),
                         P = stftc_scattering_support(s.get());
            fvec x = random_floats(rng, n * spf);
            for (size_t k = 0; k < spf; k++)
                x[bad * spf + k] = 0.0f;
            const fvec ref = run(s.get(), x, 1 << 30, cplx);
            for (float v :
                 { std::numeric_limits<float>::quiet_NaN(), INFINITY, -INFINITY }) {
                fvec y = x;
                y[bad * spf] = v;
                stftc_scattering_reset(s.get());
                const fvec got = run(s.get(), y, 977, cplx);
                CPPUNIT_ASSERT_EQUAL(ref.size(), got.size());
                for (size_t f = 0; f < got.size() / cnt; f++) {
                    const bool hit = f * 8 + P >= bad && f * 8 <= bad + P;
                    for (size_t i = 0; i < cnt; i++) {
                        const float g = got[f * cnt + i];
                        if (hit)
                            CPPUNIT_ASSERT(std::isnan(g));
                        else
                            CPPUNIT_ASSERT_EQUAL(ref[f * cnt + i], g);
                    }
                }
            }
            fvec h = x;
            for (size_t t = 2000 * spf; t < 2100 * spf; t++)
                h[t] = (t % 2 ? 1 : -1) * 3e38f;
            stftc_scattering_reset(s.get());
            const fvec got = run(s.get(), h, 1 << 30, cplx);
            for (float g : got)
                CPPUNIT_ASSERT(!std::isnan(g));
        }
    }

    /* log = 1 is log(max(S, 0) + log_eps) of the same S, bit for bit */
    void testLog()
    {
        std::mt19937 rng(11);
        const fvec x = random_floats(rng, 2 * 3000);
        stftc_scattering_config_t c = small_cfg(true);
        ScatPtr lin = make_scat(c);
        c.log = 1;
        c.log_eps = 1e-3;
        ScatPtr lg = make_scat(c);
        const fvec a = run(lin.get(), x, 1 << 30, true),
                   b = run(lg.get(), x, 1 << 30, true);
        CPPUNIT_ASSERT_EQUAL(a.size(), b.size());
        for (size_t i = 0; i < a.size(); i++)
            CPPUNIT_ASSERT_EQUAL(logf(std::max(a[i], 0.0f) + 1e-3f), b[i]);
    }

    /* filter tables and plans at J = 10, Q1 = 8 (the target: well
     * under 50 ms); timed on the second create of the process, the first
     * one also pays FFTW's and VOLK's set-up */
    void testCreateTime()
    {
        if (small_mode())
            return;
        stftc_scattering_config_t c = stftc_scattering_config_default();
        c.J = 10;
        c.Q1 = 8;
        ScatPtr first = make_scat(c);
        const auto t0 = std::chrono::steady_clock::now();
        ScatPtr s = make_scat(c);
        const double ms = std::chrono::duration<double, std::milli>(
                              std::chrono::steady_clock::now() - t0)
                              .count();
        if (verbose())
            printf(
                "create J=10 Q1=8: %.1f ms, %zu coefficients, block %zu, latency %zu\n",
                ms,
                stftc_scattering_count(s.get()),
                stftc_scattering_block(s.get()),
                stftc_scattering_latency(s.get()));
        CPPUNIT_ASSERT(stftc_scattering_count(s.get()) > 300);
    }

    /* T_s and stride_s round to whole samples: the object is the one made
     * from those counts, bit for bit */
    void testSeconds()
    {
        std::mt19937 rng(13);
        const fvec x = random_floats(rng, 2 * 2000);
        struct Case {
            double T_s, stride_s;
            size_t T, stride;
        };
        for (const Case& k : { Case{ 0.032, 0.008, 32, 8 },
                               Case{ 0.0324, 0.0, 32, 32 },   /* rounds down */
                               Case{ 0.0326, 0.0051, 33, 5 }, /* rounds up */
                               Case{ 0.0, 0.004, 32, 4 } }) { /* T from J = 5 */
            stftc_scattering_config_t a = small_cfg(true), b = a;
            a.sample_rate = b.sample_rate = 1000.0;
            a.T = 0;
            a.T_s = k.T_s;
            a.stride_s = k.stride_s;
            b.T = k.T;
            b.stride = k.stride;
            ScatPtr sa = make_scat(a), sb = make_scat(b);
            CPPUNIT_ASSERT_EQUAL(k.T, stftc_scattering_T(sa.get()));
            CPPUNIT_ASSERT_EQUAL(k.stride, stftc_scattering_stride(sa.get()));
            CPPUNIT_ASSERT_EQUAL(stftc_scattering_latency(sb.get()),
                                 stftc_scattering_latency(sa.get()));
            const fvec ya = run(sa.get(), x, 1 << 30, true),
                       yb = run(sb.get(), x, 1 << 30, true);
            CPPUNIT_ASSERT_EQUAL(yb.size(), ya.size());
            CPPUNIT_ASSERT(std::memcmp(ya.data(), yb.data(), ya.size() * 4) == 0);
        }
    }

    void testSecondsErrors()
    {
        struct Bad {
            const char* field;
            const char* also; /* another text the message must hold */
            void (*set)(stftc_scattering_config_t&);
        };
        const Bad bad[] = {
            /* both units of one field */
            { "T_s",
              "T = 64",
              [](stftc_scattering_config_t& c) {
                  c.T = 64;
                  c.T_s = 0.064;
              } },
            { "stride_s",
              "stride = 8",
              [](stftc_scattering_config_t& c) {
                  c.stride = 8;
                  c.stride_s = 0.008;
              } },
            /* 1 sample, below the 2 of T */
            { "T_s",
              "0.002..1048.58 s",
              [](stftc_scattering_config_t& c) { c.T_s = 0.001; } },
            { "T_s", "", [](stftc_scattering_config_t& c) { c.T_s = -0.1; } },
            { "T_s", "", [](stftc_scattering_config_t& c) { c.T_s = NAN; } },
            { "T_s", "", [](stftc_scattering_config_t& c) { c.T_s = INFINITY; } },
            { "T_s", "", [](stftc_scattering_config_t& c) { c.T_s = 1049.0; } },
            /* 0.4 sample */
            { "stride_s",
              "0.001..0.256 s",
              [](stftc_scattering_config_t& c) { c.stride_s = 0.0004; } },
            /* 257 samples > T = 2^8 */
            { "stride_s",
              "1..T = 256",
              [](stftc_scattering_config_t& c) { c.stride_s = 0.257; } },
            /* past T given in seconds */
            { "stride_s",
              "1..T = 20",
              [](stftc_scattering_config_t& c) {
                  c.T_s = 0.02;
                  c.stride_s = 0.021;
              } },
            { "stride",
              "1..T = 20",
              [](stftc_scattering_config_t& c) {
                  c.T_s = 0.02;
                  c.stride = 21;
              } },
            { "stride_s", "", [](stftc_scattering_config_t& c) { c.stride_s = NAN; } },
        };
        for (const Bad& b : bad) {
            stftc_scattering_config_t c = stftc_scattering_config_default();
            c.sample_rate = 1000.0;
            b.set(c);
            stftc_error_t e1, e2;
            CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG,
                                 stftc_scattering_config_check(&c, &e1));
            CPPUNIT_ASSERT(stftc_scattering_create(&c, &e2) == nullptr);
            const std::string msg(e1.msg), want = std::string(b.field) + ":";
            CPPUNIT_ASSERT_MESSAGE(msg, msg.rfind(want, 0) == 0);
            CPPUNIT_ASSERT_MESSAGE(msg, msg.find(b.also) != std::string::npos);
            CPPUNIT_ASSERT_EQUAL(msg, std::string(e2.msg));
        }
    }

    /* x through process() in chunks, then flush(): the frames centred in x
     * (ceil(n / stride)), equal to those of x followed by zeros; and the
     * object starts over after flush() */
    void testFlush()
    {
        std::mt19937 rng(17);
        for (bool cplx : { true, false })
            for (size_t stride : { 32, 8, 5 }) {
                stftc_scattering_config_t c = small_cfg(cplx);
                c.stride = stride;
                ScatPtr s = make_scat(c);
                const size_t spf = cplx ? 2 : 1, cnt = stftc_scattering_count(s.get());
                const size_t blk = stftc_scattering_block(s.get()),
                             sup = stftc_scattering_support(s.get());
                const size_t bound = (blk - sup - 2) / stride + 1;
                for (size_t n : { (size_t)0,
                                  (size_t)1,
                                  sup - 1,
                                  sup + 3,
                                  blk - 1,
                                  blk,
                                  blk + 1,
                                  2 * blk + 333,
                                  3000 + stride / 2 }) {
                    fvec x = random_floats(rng, n * spf);
                    if (n > 10)
                        x[(n - 3) * spf] = NAN; /* NaN frames in the flushed tail */
                    ScatPtr r = make_scat(c);
                    const fvec ref = run(r.get(), x, 1 << 30, cplx);
                    const size_t want = (n + stride - 1) / stride;
                    CPPUNIT_ASSERT(ref.size() >= want * cnt);
                    for (size_t chunk : { (size_t)1 << 30, (size_t)7, (size_t)1000 }) {
                        if (chunk == 7 && n > blk + 1)
                            continue;
                        for (int pass = 0; pass < 2; pass++) { /* then after a flush */
                            fvec got, buf;
                            for (size_t pos = 0; pos < n; pos += chunk) {
                                const size_t k = std::min(chunk, n - pos);
                                buf.resize((stftc_scattering_frames_for(s.get(), k) + 1) *
                                           cnt);
                                const size_t nf = stftc_scattering_process(
                                    s.get(), x.data() + pos * spf, k, buf.data());
                                got.insert(
                                    got.end(), buf.begin(), buf.begin() + nf * cnt);
                            }
                            const size_t nfl = stftc_scattering_flush_frames(s.get());
                            CPPUNIT_ASSERT(nfl <= bound);
                            buf.assign((nfl + 1) * cnt, -7.0f);
                            CPPUNIT_ASSERT_EQUAL(
                                nfl, stftc_scattering_flush(s.get(), buf.data()));
                            CPPUNIT_ASSERT_EQUAL(-7.0f, buf[nfl * cnt]); /* no more */
                            got.insert(got.end(), buf.begin(), buf.begin() + nfl * cnt);
                            CPPUNIT_ASSERT_EQUAL(want * cnt, got.size());
                            CPPUNIT_ASSERT(
                                got.empty() ||
                                std::memcmp(got.data(), ref.data(), got.size() * 4) == 0);
                            /* flushed: nothing pending */
                            CPPUNIT_ASSERT_EQUAL((size_t)0,
                                                 stftc_scattering_flush_frames(s.get()));
                        }
                    }
                }
            }
    }

    /* samples_for(f): the fewest samples after which process() has written
     * f frames, at every state of the stream */
    void testSamplesFor()
    {
        stftc_scattering_config_t c = small_cfg(true);
        c.stride = 4;
        ScatPtr s = make_scat(c);
        const size_t fpb = stftc_scattering_hop(s.get()) / 4;
        const size_t cnt = stftc_scattering_count(s.get());
        CPPUNIT_ASSERT_EQUAL((size_t)0, stftc_scattering_samples_for(s.get(), 0));
        std::mt19937 rng(19);
        fvec x(2 * 4000, 0.0f), out;
        for (int step = 0; step < 12; step++) {
            for (size_t f : { (size_t)1, fpb - 1, fpb, fpb + 1, 3 * fpb }) {
                const size_t n = stftc_scattering_samples_for(s.get(), f);
                CPPUNIT_ASSERT(stftc_scattering_frames_for(s.get(), n) >= f);
                CPPUNIT_ASSERT(stftc_scattering_frames_for(s.get(), n - 1) < f);
            }
            const size_t k = 1 + rng() % 900;
            out.resize((stftc_scattering_frames_for(s.get(), k) + 1) * cnt);
            stftc_scattering_process(s.get(), x.data(), k, out.data());
        }
    }

    /* names: distinct, "s0", "s1_<signed centre>", "s2_<parent>_<centre>",
     * each centre read back within the printed digits; a real signal's
     * names are those of the complex coefficients with the same centres */
    void testNames()
    {
        for (double fs : { 1.0, 48000.0, 2.4e6 }) {
            stftc_scattering_config_t c = stftc_scattering_config_default();
            c.J = 8;
            c.Q1 = 8;
            c.Q2 = 2;
            c.sample_rate = fs;
            ScatPtr sc = make_scat(c);
            c.sample_type = STFTC_REAL;
            ScatPtr sr = make_scat(c);
            std::set<std::string> seen;
            const stftc_scattering_coef_t* co = stftc_scattering_coefs(sc.get());
            const size_t cnt = stftc_scattering_count(sc.get());
            CPPUNIT_ASSERT(stftc_scattering_name(sc.get(), cnt) == nullptr);
            CPPUNIT_ASSERT_EQUAL(std::string("s0"),
                                 std::string(stftc_scattering_name(sc.get(), 0)));
            auto value =
                [](const std::string& txt) { /* "+12.5kHz" -> Hz */
                                             size_t used = 0;
                                             const double v = std::stod(txt, &used);
                                             const std::string unit = txt.substr(used);
                                             CPPUNIT_ASSERT(unit == "Hz" ||
                                                            unit == "kHz" ||
                                                            unit == "MHz");
                                             return v * (unit == "MHz"   ? 1e6
                                                         : unit == "kHz" ? 1e3
                                                                         : 1.0);
                };
            for (size_t i = 0; i < cnt; i++) {
                const std::string n = stftc_scattering_name(sc.get(), i);
                CPPUNIT_ASSERT_MESSAGE(n, seen.insert(n).second);
                if (i == 0)
                    continue;
                const std::string pre = "s" + std::to_string(co[i].order) + "_";
                CPPUNIT_ASSERT_MESSAGE(n, n.rfind(pre, 0) == 0);
                const std::string rest = n.substr(3);
                const size_t us = rest.find('_');
                std::string own = rest;
                if (co[i].order == 2) {
                    CPPUNIT_ASSERT(us != std::string::npos);
                    const double p = value(rest.substr(0, us));
                    CPPUNIT_ASSERT(std::fabs(p - co[co[i].parent].xi_hz) <=
                                   5e-3 * std::fabs(p));
                    own = rest.substr(us + 1);
                    CPPUNIT_ASSERT(own[0] != '+' && own[0] != '-');
                } else {
                    CPPUNIT_ASSERT(us == std::string::npos);
                    CPPUNIT_ASSERT(own[0] == (co[i].xi_hz > 0 ? '+' : '-'));
                }
                CPPUNIT_ASSERT_MESSAGE(n,
                                       std::fabs(value(own) - co[i].xi_hz) <=
                                           5e-3 * std::fabs(co[i].xi_hz));
            }
            for (size_t i = 0; i < stftc_scattering_count(sr.get()); i++)
                CPPUNIT_ASSERT_MESSAGE(stftc_scattering_name(sr.get(), i),
                                       seen.count(stftc_scattering_name(sr.get(), i)));
            if (verbose())
                printf("names at %g Hz: %s, %s, %s\n",
                       fs,
                       stftc_scattering_name(sc.get(), 1),
                       stftc_scattering_name(sc.get(),
                                             stftc_scattering_order1_count(sc.get())),
                       stftc_scattering_name(sc.get(), cnt - 1));
        }
    }

    /* count_for(): the count of the object the config makes, without it;
     * 0 and the create's message for a bad config */
    void testCountFor()
    {
        for (bool cplx : { true, false })
            for (size_t q1 : { 1, 4, 12 })
                for (size_t q2 : { 1, 3 })
                    for (int mo : { 1, 2 }) {
                        stftc_scattering_config_t c = small_cfg(cplx);
                        c.Q1 = q1;
                        c.Q2 = q2;
                        c.max_order = mo;
                        stftc_error_t e;
                        const size_t n = stftc_scattering_count_for(&c, &e);
                        ScatPtr s = make_scat(c);
                        CPPUNIT_ASSERT_EQUAL(stftc_scattering_count(s.get()), n);
                    }
        stftc_scattering_config_t c = small_cfg(true);
        c.Q2 = 0;
        stftc_error_t e1, e2;
        CPPUNIT_ASSERT_EQUAL((size_t)0, stftc_scattering_count_for(&c, &e1));
        CPPUNIT_ASSERT(stftc_scattering_create(&c, &e2) == nullptr);
        CPPUNIT_ASSERT_EQUAL(std::string(e2.msg), std::string(e1.msg));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ScatteringTest);

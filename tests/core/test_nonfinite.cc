/* Non-finite and huge input.
 *  - A burst of NaN or +-Inf samples makes only the output of the frames that
 *    contain it non-finite; a burst of huge finite samples (1e20, 3e38) makes
 *    no output non-finite at all.
 *  - Either way, every mask (the estimators gate, wiener, cfar and auto, and
 *    threshold, band and none), for complex and real input, returns to a
 *    reference run on the same signal without the burst: the time after the
 *    burst from which the output stays within 1e-4 of the reference's RMS is
 *    measured and held to a bound per mask.
 *  - A constant input at full scale (3e38, FLT_MAX) gives a finite output
 *    through every mask, and mask none gives it back.
 *  - Scaling by a power of two commutes with the transforms far beyond
 *    normal input: the stft of x 2^110 is 2^110 times the stft of x, bit for
 *    bit; the istft and the scale-invariant masks within float rounding; a
 *    spectrum beyond float32 comes out +-Inf where its true value is, never
 *    NaN.
 * STFTCLEAN_RECOVERY_TABLE=1 also prints each mask's recovery time with the
 * default noise window (2 s; docs/developer.md's table), which takes a minute.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <cfloat>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>

using namespace tu;

namespace {

/* STFTCLEAN_TEST_SMALL set (the valgrind runs): the same test at an eighth
 * of the sample rate, with the FFT, hop, tone and every sample position and
 * length divided by 8, so that frames, bins, the noise window and every
 * time constant keep their durations in seconds and widths in Hz (8x fewer
 * samples); the checks are the same, on fewer burst values and masks (values,
 * masks below). */
bool small_mode()
{
    const char* v = std::getenv("STFTCLEAN_TEST_SMALL");
    return v && *v && std::string(v) != "0";
}
const size_t SCALE = small_mode() ? 8 : 1;

const double FS = 2e6 / (double)SCALE;
const double TONE = 150e3 / (double)SCALE;
const size_t N = 1024 / SCALE, H = 256 / SCALE;
const double NOISE_WINDOW = 0.1; /* s: short, so that the test is too */

const float NaN = std::numeric_limits<float>::quiet_NaN();
const float Inf = std::numeric_limits<float>::infinity();

/* a sample count at 2 MHz, at this run's rate */
size_t at_rate(size_t n) { return n / SCALE; }

/* the burst values of a check: all of them, or in the small runs (valgrind:
 * the paths matter there, not every value on them) the few listed */
std::vector<float> values(std::initializer_list<float> all,
                          std::initializer_list<float> small)
{
    return small_mode() ? std::vector<float>(small) : std::vector<float>(all);
}

const std::vector<stftc_mask_type_t> ALL_MASKS = { STFTC_MASK_AUTO,      STFTC_MASK_GATE,
                                                   STFTC_MASK_WIENER,    STFTC_MASK_CFAR,
                                                   STFTC_MASK_THRESHOLD, STFTC_MASK_BAND,
                                                   STFTC_MASK_NONE };

/* every mask, or in the small runs the few listed */
std::vector<stftc_mask_type_t> masks(std::initializer_list<stftc_mask_type_t> small)
{
    return small_mode() ? std::vector<stftc_mask_type_t>(small) : ALL_MASKS;
}

bool is_estimator(stftc_mask_type_t t)
{
    return t == STFTC_MASK_AUTO || t == STFTC_MASK_GATE || t == STFTC_MASK_WIENER ||
           t == STFTC_MASK_CFAR;
}

std::string label(stftc_mask_type_t type, bool cplx, float v)
{
    std::ostringstream m;
    m << stftc_mask_type_name(type) << (cplx ? " complex " : " real ") << v;
    return m.str();
}

/* complex (or real) white noise with on/off tone bursts every 40 ms */
fvec test_signal(bool cplx, size_t n)
{
    std::mt19937 rng(7);
    std::normal_distribution<float> g(0.0f, 0.1f);
    const size_t spf = cplx ? 2 : 1;
    fvec x(n * spf);
    for (size_t i = 0; i < n; i++) {
        const double t = (double)i / FS;
        const bool on = std::fmod(t, 0.04) < 0.015;
        const double ph = 2.0 * M_PI * TONE * t;
        const float a = on ? 0.3f : 0.0f;
        if (cplx) {
            x[2 * i] = g(rng) + a * (float)std::cos(ph);
            x[2 * i + 1] = g(rng) + a * (float)std::sin(ph);
        } else {
            x[i] = g(rng) + a * (float)std::cos(ph);
        }
    }
    return x;
}

struct RunOpts {
    double fs = FS;
    size_t n = N, h = H;
    double noise_window = NOISE_WINDOW; /* 0: the default (2 s) */
    int threads = 1;
    bool plain = true; /* the default paths: the reference run may be reused */
};

fvec run(stftc_mask_type_t type,
         bool cplx,
         const fvec& x,
         size_t* latency,
         const RunOpts& o = RunOpts())
{
    stftc_cleaner_config_t c = stftc_cleaner_config_default();
    c.stft = cfg(o.n, o.h, 0, "hann", cplx ? STFTC_COMPLEX : STFTC_REAL);
    c.threads = o.threads;
    c.mask.type = type;
    c.mask.sample_rate = o.fs;
    if (is_estimator(type))
        c.mask.noise_window = o.noise_window;
    if (type == STFTC_MASK_BAND) { /* the tone's side of the band */
        c.mask.nbands = 1;
        c.mask.bands[0] = cplx ? -0.05 * o.fs : 0.05 * o.fs;
        c.mask.bands[1] = 0.2 * o.fs;
    }
    CleanerPtr cl = make_cleaner(c);
    *latency = stftc_cleaner_latency(cl.get());
    const size_t spf = cplx ? 2 : 1, n = x.size() / spf;
    fvec y(x.size());
    /* in pieces, as a flowgraph would feed it */
    const size_t piece = 64 * o.h;
    for (size_t s = 0; s < n; s += piece) {
        const size_t m = std::min(piece, n - s);
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_OK,
            stftc_cleaner_process(cl.get(), x.data() + s * spf, y.data() + s * spf, m));
    }
    return y;
}

/* x with every third sample of [at, at + len) (its real part) set to v */
fvec with_burst(const fvec& x, bool cplx, float v, size_t at, size_t len)
{
    const size_t spf = cplx ? 2 : 1;
    fvec xb = x;
    for (size_t i = at; i < at + len; i++)
        if (i % 3 == 1)
            xb[i * spf] = v;
    return xb;
}

/* The first output sample from which y stays within tol of ref (every
 * float): one past the last that is not (0 when none). */
size_t settled_from(const fvec& y, const fvec& ref, size_t spf, double tol)
{
    const size_t n = y.size() / spf;
    for (size_t j = n; j-- > 0;)
        for (size_t c = 0; c < spf; c++) {
            const double d = std::fabs((double)y[j * spf + c] - (double)ref[j * spf + c]);
            if (!(d <= tol))
                return j + 1;
        }
    return 0;
}

/* Recovery after a burst of v at [at, at + len): seconds from the burst's
 * end (in input time) until the output stays within 1e-4 of the
 * reference's RMS; the output's non-finite samples are counted into
 * nonfinite, those outside the frames that hold the burst into outside. */
struct Recovery {
    double seconds;
    size_t nonfinite, outside, lat, n;
    double mid_ratio; /* output RMS over reference RMS between burst and bound */
};

Recovery measure(stftc_mask_type_t type,
                 bool cplx,
                 float v,
                 size_t at,
                 size_t len,
                 size_t n,
                 const RunOpts& o,
                 double bound_s)
{
    const size_t spf = cplx ? 2 : 1;
    const fvec x = test_signal(cplx, n);
    Recovery r = {};
    r.n = n;
    /* the reference run of the default paths is made once per mask, input
     * type, length and noise window */
    static std::map<std::string, std::pair<fvec, size_t>> refs;
    std::ostringstream key;
    key << type << " " << cplx << " " << n << " " << o.noise_window;
    std::pair<fvec, size_t> own;
    if (!o.plain)
        own.first = run(type, cplx, x, &own.second, o);
    else if (!refs.count(key.str()))
        refs[key.str()].first = run(type, cplx, x, &refs[key.str()].second, o);
    const auto& rr = o.plain ? refs[key.str()] : own;
    const fvec& ref = rr.first;
    const fvec y = run(type, cplx, with_burst(x, cplx, v, at, len), &r.lat, o);
    CPPUNIT_ASSERT_EQUAL(rr.second, r.lat);
    const size_t lat = r.lat;
    /* output sample j shows input sample j - lat: only input samples whose
     * frames hold a bad sample may come out non-finite */
    const long lo = (long)at - (long)o.n, hi = (long)(at + len + o.n);
    for (size_t j = 0; j < n; j++) {
        bool fin = true;
        for (size_t c = 0; c < spf; c++)
            fin = fin && std::isfinite(y[j * spf + c]);
        if (!fin) {
            r.nonfinite++;
            const long i = (long)j - (long)lat;
            if (i < lo || i >= hi)
                r.outside++;
        }
    }
    const double scale = rms(ref.data() + lat * spf, (n - lat) * spf);
    const size_t from = settled_from(y, ref, spf, 1e-4 * scale);
    const double end = (double)(at + len + lat) / o.fs;
    r.seconds = std::max(0.0, (double)from / o.fs - end);
    const size_t mid = at + len + o.n + lat;
    const size_t mid_end = std::min(n, at + len + lat + (size_t)(bound_s * o.fs));
    r.mid_ratio = mid_end > mid + o.n
                      ? rms(y.data() + mid * spf, (mid_end - mid) * spf) /
                            rms(ref.data() + mid * spf, (mid_end - mid) * spf)
                      : 1.0;
    return r;
}

/* The bound on the recovery time of each mask with the test's 0.1 s noise
 * window: the stateless masks return once the frames that hold the burst
 * are out (one frame, 0.5 ms: measured 0.4 ms); the estimators once the
 * burst's super-frames have left the noise window (0.1 s and a 6 ms
 * super-frame or two), plus the pooled region (16 ms complex) and the
 * level's 20 ms time constant: measured 0.06 to 0.13 s, NaN, Inf and huge
 * bursts alike, bound 0.16 s; the small runs' 128-bin frames scatter more
 * and settle on the last bins later (0.11 to 0.26 s), bound 0.3 s. In the
 * stream's first frames, which the warm-up of the floor holds longer, the
 * bound is 0.25 s (measured 0.22 s, small 0.17 s). */
double recovery_bound(stftc_mask_type_t type)
{
    const double slack = small_mode() ? 0.2 : 0.06;
    return is_estimator(type) ? NOISE_WINDOW + slack : 2.0 * (double)N / FS;
}

void check_burst(stftc_mask_type_t type,
                 bool cplx,
                 float v,
                 size_t at,
                 size_t len,
                 double bound = -1.0)
{
    const size_t n = (size_t)(0.6 * FS) / H * H;
    if (bound < 0.0)
        bound = recovery_bound(type);
    RunOpts o;
    const Recovery r = measure(type, cplx, v, at, len, n, o, bound);
    const std::string what = label(type, cplx, v);
    if (std::getenv("STFTCLEAN_TEST_VERBOSE"))
        std::printf("\n%s: %.4f s (mid %.2f)", what.c_str(), r.seconds, r.mid_ratio);
    CPPUNIT_ASSERT_MESSAGE(what + ": the run is long enough to see the bound",
                           (double)(at + len + r.lat) / FS + bound + 0.05 < 0.6);
    if (std::isfinite(v)) {
        /* huge but finite: nothing comes out non-finite */
        std::ostringstream m;
        m << what << ": " << r.nonfinite << " output floats are not finite";
        CPPUNIT_ASSERT_MESSAGE(m.str(), r.nonfinite == 0);
    } else {
        std::ostringstream m;
        m << what << ": " << r.outside
          << " output samples outside the burst's frames are not finite";
        CPPUNIT_ASSERT_MESSAGE(m.str(), r.outside == 0);
        CPPUNIT_ASSERT_MESSAGE(what + ": the bad frames pass through non-finite",
                               r.nonfinite > 0);
    }
    std::ostringstream m;
    m << what << ": back to the reference run " << r.seconds
      << " s after the burst, bound " << bound << " s";
    CPPUNIT_ASSERT_MESSAGE(m.str(), r.seconds <= bound);
    /* and the cleaned output is not silenced between burst and recovery */
    std::ostringstream s;
    s << what << ": output after the burst at " << r.mid_ratio
      << " of the reference's RMS";
    CPPUNIT_ASSERT_MESSAGE(s.str(), r.mid_ratio > 0.3);
}

struct KernelGuard {
    stftc_kernels_t saved = stftc_get_kernels();
    ~KernelGuard() { stftc_set_kernels(saved); }
};

/* a constant input v through the cleaner: finite out; with mask none, v
 * back after the latency */
void check_constant(stftc_mask_type_t type,
                    bool cplx,
                    float v,
                    size_t n_fft,
                    int threads,
                    const std::string& ctx)
{
    RunOpts o;
    o.n = n_fft;
    o.h = n_fft / 4;
    o.threads = threads;
    const size_t spf = cplx ? 2 : 1, n = 40 * o.h;
    fvec x(n * spf);
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < spf; c++)
            x[i * spf + c] = c ? -v : v;
    size_t lat = 0;
    const fvec y = run(type, cplx, x, &lat, o);
    const std::string what = ctx + " " + label(type, cplx, v) +
                             " N=" + std::to_string(n_fft) + " threads " +
                             std::to_string(threads);
    for (size_t i = 0; i < y.size(); i++)
        CPPUNIT_ASSERT_MESSAGE(what + ": output " + std::to_string(i) + " not finite",
                               std::isfinite(y[i]));
    if (type == STFTC_MASK_NONE)
        for (size_t j = lat + o.n; j < n; j++)
            for (size_t c = 0; c < spf; c++) {
                const double want = c ? -(double)v : (double)v;
                CPPUNIT_ASSERT_MESSAGE(what + ": sample " + std::to_string(j) + " = " +
                                           std::to_string(y[j * spf + c]),
                                       std::fabs((double)y[j * spf + c] - want) <=
                                           1e-5 * std::fabs(want));
            }
}

} // namespace

class NonFiniteTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(NonFiniteTest);
    CPPUNIT_TEST(testNanBurstEveryMask);
    CPPUNIT_TEST(testInfBursts);
    CPPUNIT_TEST(testHugeBursts);
    CPPUNIT_TEST(testRealInput);
    CPPUNIT_TEST(testNanAtTheStart);
    CPPUNIT_TEST(testHugeBurstOtherPaths);
    CPPUNIT_TEST(testFullScaleConstant);
    CPPUNIT_TEST(testScaleInvariance);
    CPPUNIT_TEST(testStandaloneTransforms);
    CPPUNIT_TEST(testRecoveryTable);
    CPPUNIT_TEST_SUITE_END();

public:
    void testNanBurstEveryMask()
    {
        for (stftc_mask_type_t t : ALL_MASKS)
            check_burst(t, true, NaN, at_rate(300000), at_rate(500));
    }
    void testInfBursts()
    {
        for (stftc_mask_type_t t : masks({ STFTC_MASK_AUTO }))
            for (float v : values({ Inf, -Inf }, { -Inf }))
                check_burst(t, true, v, at_rate(250000), at_rate(40));
    }
    void testHugeBursts()
    {
        /* finite, but the windowed sums of 1e20 overflow |X|^2 and those of
         * 3e38 the FFT itself: a 5 ms glitch (10000 samples at 2 MS/s) */
        for (stftc_mask_type_t t : masks({ STFTC_MASK_AUTO,
                                           STFTC_MASK_GATE,
                                           STFTC_MASK_WIENER,
                                           STFTC_MASK_CFAR,
                                           STFTC_MASK_NONE }))
            for (float v : values({ 1e20f, -3e38f, FLT_MAX }, { -3e38f }))
                check_burst(t, true, v, at_rate(280000), at_rate(10000));
    }
    void testRealInput()
    {
        for (stftc_mask_type_t t :
             masks({ STFTC_MASK_AUTO, STFTC_MASK_WIENER, STFTC_MASK_NONE }))
            for (float v : values({ NaN, Inf, 1e20f, 3e38f }, { 3e38f }))
                check_burst(t, false, v, at_rate(300000), at_rate(500));
    }
    void testNanAtTheStart()
    {
        for (float v : { NaN, 3e38f })
            check_burst(STFTC_MASK_AUTO, true, v, 0, at_rate(200), NOISE_WINDOW + 0.15);
    }
    void testHugeBurstOtherPaths()
    {
        /* the worker thread (its ring of frames carries the scale), several
         * frames per FFTW call, and the VOLK kernels */
        const size_t n = (size_t)(0.6 * FS) / H * H;
        for (int variant = 0; variant < 3; variant++) {
            KernelGuard kg;
            RunOpts o;
            o.plain = false;
            if (variant == 0)
                o.threads = 2;
            if (variant == 1)
                stftc_set_batch(4);
            if (variant == 2)
                stftc_set_kernels(STFTC_KERNELS_VOLK);
            for (stftc_mask_type_t t :
                 small_mode() ? std::vector<stftc_mask_type_t>{ STFTC_MASK_AUTO }
                              : std::vector<stftc_mask_type_t>{ STFTC_MASK_AUTO,
                                                                STFTC_MASK_WIENER }) {
                const Recovery r =
                    measure(t, true, 3e38f, at_rate(280000), at_rate(10000), n, o, 0.2);
                std::ostringstream m;
                m << "variant " << variant << " " << label(t, true, 3e38f) << ": "
                  << r.nonfinite << " non-finite, back after " << r.seconds << " s";
                CPPUNIT_ASSERT_MESSAGE(
                    m.str(), r.nonfinite == 0 && r.seconds <= recovery_bound(t));
            }
            stftc_set_batch(1);
        }
    }
    void testFullScaleConstant()
    {
        for (stftc_mask_type_t t :
             masks({ STFTC_MASK_AUTO, STFTC_MASK_THRESHOLD, STFTC_MASK_NONE }))
            for (bool cplx : { true, false })
                for (float v : values({ 3e38f, FLT_MAX, 1e20f }, { FLT_MAX }))
                    check_constant(t, cplx, v, N, 1, "");
        /* the overlap-add ring of large frames, and the worker thread */
        if (!small_mode()) /* (at 512 the ring is off) */
            for (stftc_mask_type_t t : { STFTC_MASK_NONE, STFTC_MASK_AUTO })
                for (int threads : { 1, 2 })
                    check_constant(t, true, FLT_MAX, 4096, threads, "");
        KernelGuard kg;
        stftc_set_kernels(STFTC_KERNELS_VOLK);
        check_constant(STFTC_MASK_NONE, true, 3e38f, N, 1, "volk");
    }
    void testScaleInvariance()
    {
        /* threshold, band and none do not depend on the scale: x 2^100 (far
         * beyond the range check) gives 2^100 times the output of x */
        const size_t n = 200 * H;
        const float k = std::ldexp(1.0f, 100);
        for (bool cplx : { true, false }) {
            const fvec x = test_signal(cplx, n);
            fvec xk = x;
            for (float& s : xk)
                s *= k;
            for (stftc_mask_type_t t :
                 { STFTC_MASK_THRESHOLD, STFTC_MASK_BAND, STFTC_MASK_NONE }) {
                size_t lat;
                const fvec y = run(t, cplx, x, &lat), yk = run(t, cplx, xk, &lat);
                double err = 0.0;
                for (size_t i = 0; i < y.size(); i++)
                    err = std::max(err, std::fabs((double)yk[i] / k - (double)y[i]));
                std::ostringstream m;
                m << label(t, cplx, k) << ": max |y(x k) / k - y(x)| = " << err;
                CPPUNIT_ASSERT_MESSAGE(m.str(), err <= 1e-5 * rms(y.data(), y.size()));
            }
        }
    }
    void testStandaloneTransforms()
    {
        for (bool cplx : { true, false }) {
            const stftc_stft_config_t c =
                cfg(N, H, 0, "hann", cplx ? STFTC_COMPLEX : STFTC_REAL);
            const size_t spf = cplx ? 2 : 1, n = 40 * H;
            std::mt19937 rng(3);
            const fvec x = random_floats(rng, n * spf);
            /* (2^110: the bins, near 2^119, are beyond the istft's range check
             * too) */
            const float k = std::ldexp(1.0f, 110);
            fvec xk = x;
            for (float& s : xk)
                s *= k;
            /* the stft: bit for bit */
            const fvec f = stft_all(make_stft(c).get(), x);
            const fvec fk = stft_all(make_stft(c).get(), xk);
            for (size_t i = 0; i < f.size(); i++)
                CPPUNIT_ASSERT_EQUAL_MESSAGE(
                    "stft of x 2^110, float " + std::to_string(i), f[i] * k, fk[i]);
            /* the istft of those bins: within rounding, and that is x back */
            const fvec y = istft_all(make_istft(c).get(), f);
            const fvec yk = istft_all(make_istft(c).get(), fk);
            double err = 0.0;
            for (size_t i = 0; i < y.size(); i++)
                err = std::max(err, std::fabs((double)yk[i] / k - (double)y[i]));
            CPPUNIT_ASSERT_MESSAGE("istft of bins 2^110: " + std::to_string(err),
                                   err <= 1e-5 * rms(y.data(), y.size()));
            const size_t lat = c.fft_size - c.hop;
            CPPUNIT_ASSERT(delayed_error(xk, yk, lat, spf) <= 1e-5 * (double)k);

            /* samples of 3e37: many bins are beyond float32. Against the
             * double-precision reference: finite and right where the true
             * value is, +-Inf where it is beyond FLT_MAX, never NaN */
            fvec xh = x;
            for (float& s : xh)
                s *= 3e37f;
            const fvec fh = stft_all(make_stft(c).get(), xh);
            const std::vector<cd> rf = ref_stft(c, to_cd(xh, cplx));
            CPPUNIT_ASSERT_EQUAL(rf.size() * 2, fh.size());
            size_t infs = 0;
            double top = 0.0;
            for (const cd& b : rf)
                top = std::max(top, std::abs(b));
            for (size_t i = 0; i < rf.size(); i++)
                for (int part = 0; part < 2; part++) {
                    const double want = part ? rf[i].imag() : rf[i].real();
                    const float got = fh[2 * i + part];
                    const std::string at =
                        "stft of 3e37 samples, bin " + std::to_string(i) + " want " +
                        std::to_string(want) + " got " + std::to_string(got);
                    CPPUNIT_ASSERT_MESSAGE(at, !std::isnan(got));
                    if (std::fabs(want) > 1.0001 * FLT_MAX) {
                        CPPUNIT_ASSERT_MESSAGE(
                            at, std::isinf(got) && (got > 0) == (want > 0));
                        infs++;
                    } else if (std::fabs(want) < 0.9999 * FLT_MAX) {
                        CPPUNIT_ASSERT_MESSAGE(
                            at, std::fabs((double)got - want) <= 1e-5 * top);
                    }
                }
            CPPUNIT_ASSERT_MESSAGE("some bins are beyond float32", infs > 0);
            /* the istft of a spectrum that is huge but finite: finite, and
             * the samples 1e34 times */
            fvec fb = f, xb = x;
            for (float& s : fb)
                s *= 1e34f;
            for (float& s : xb)
                s *= 1e34f;
            const fvec yb = istft_all(make_istft(c).get(), fb);
            for (size_t i = 0; i < yb.size(); i++)
                CPPUNIT_ASSERT_MESSAGE("istft of bins 1e34 times: " + std::to_string(i),
                                       std::isfinite(yb[i]));
            CPPUNIT_ASSERT(delayed_error(xb, yb, lat, spf) <= 1e-5 * 1e34);
        }
    }
    void testRecoveryTable()
    {
        /* the recovery times of docs/developer.md: every mask with its default noise
         * window (2 s), a burst 3 s into an 8 s signal */
        const char* v = std::getenv("STFTCLEAN_RECOVERY_TABLE");
        if (!v || !*v || std::string(v) == "0")
            return;
        RunOpts o;
        o.noise_window = 0.0;
        const size_t n = (size_t)(8.0 * FS) / H * H, at = (size_t)(3.0 * FS);
        std::printf("\nrecovery to within 1e-4 of the reference's RMS, default noise "
                    "window, N %zu hop %zu at %g MS/s; s after a burst of 5 ms:\n",
                    N,
                    H,
                    FS / 1e6);
        std::printf("%-10s %-8s %8s %8s %8s %8s %8s %8s\n",
                    "mask",
                    "input",
                    "NaN",
                    "+Inf",
                    "-Inf",
                    "1e20",
                    "3e38",
                    "1e3");
        for (stftc_mask_type_t t : ALL_MASKS)
            for (bool cplx : { true, false }) {
                std::printf(
                    "%-10s %-8s", stftc_mask_type_name(t), cplx ? "complex" : "real");
                for (float b : { NaN, Inf, -Inf, 1e20f, 3e38f, 1e3f }) {
                    const Recovery r = measure(t, cplx, b, at, at_rate(10000), n, o, 1.0);
                    if (r.seconds > 4.9)
                        std::printf(" %8s", "> 4.9");
                    else
                        std::printf(" %8.4f", r.seconds);
                    std::fflush(stdout);
                }
                std::printf("\n");
            }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NonFiniteTest);

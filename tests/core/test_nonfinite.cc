/* Non-finite input: a burst of NaN or Inf samples makes only the output of
 * the frames that contain it non-finite, and once the estimators' state has
 * left its noise window the output equals a reference run on the same
 * signal without the burst.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <cstdlib>
#include <limits>

using namespace tu;

namespace {

/* STFTCLEAN_TEST_SMALL set (the valgrind runs): the same test at an eighth
 * of the sample rate, with the FFT, hop, tone and every sample position and
 * length divided by 8, so that frames, bins, the noise window and every
 * time constant keep their durations in seconds and widths in Hz (8x fewer
 * samples); the checks are the same. */
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

/* a sample count at 2 MHz, at this run's rate */
size_t at_rate(size_t n) { return n / SCALE; }

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

fvec run(stftc_mask_type_t type, bool cplx, const fvec& x, size_t* latency)
{
    stftc_cleaner_config_t c = stftc_cleaner_config_default();
    c.stft = cfg(N, H, 0, "hann", cplx ? STFTC_COMPLEX : STFTC_REAL);
    c.mask.type = type;
    c.mask.sample_rate = FS;
    if (type != STFTC_MASK_THRESHOLD)
        c.mask.noise_window = NOISE_WINDOW;
    CleanerPtr cl = make_cleaner(c);
    *latency = stftc_cleaner_latency(cl.get());
    const size_t spf = cplx ? 2 : 1, n = x.size() / spf;
    fvec y(x.size());
    /* in pieces, as a flowgraph would feed it */
    const size_t piece = 64 * H;
    for (size_t s = 0; s < n; s += piece) {
        const size_t m = std::min(piece, n - s);
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_OK,
            stftc_cleaner_process(cl.get(), x.data() + s * spf, y.data() + s * spf, m));
    }
    return y;
}

void check(stftc_mask_type_t type, bool cplx, float bad_value, size_t at, size_t len)
{
    const size_t n = (size_t)(0.6 * FS) / H * H, spf = cplx ? 2 : 1;
    const fvec x = test_signal(cplx, n);
    fvec xb = x;
    for (size_t i = at; i < at + len; i++)
        for (size_t c = 0; c < spf; c++)
            xb[i * spf + c] = (i % 3 == 1 && c == 0) ? bad_value : xb[i * spf + c];
    size_t lat = 0;
    const fvec ref = run(type, cplx, x, &lat);
    const fvec y = run(type, cplx, xb, &lat);

    /* output sample j shows input sample j - lat: only input samples whose
     * frames hold a bad sample may come out non-finite */
    const size_t lo = at > N ? at - N : 0, hi = at + len + N;
    size_t nonfinite = 0;
    for (size_t j = lat; j < n; j++) {
        const size_t i = j - lat;
        bool fin = true;
        for (size_t c = 0; c < spf; c++)
            fin = fin && std::isfinite(y[j * spf + c]);
        if (!fin) {
            nonfinite++;
            std::ostringstream m;
            m << "mask " << type << (cplx ? " complex" : " real") << ": input sample "
              << i << " came out non-finite; bad samples at [" << at << ", " << at + len
              << ")";
            CPPUNIT_ASSERT_MESSAGE(m.str(), i >= lo && i < hi);
        }
    }
    CPPUNIT_ASSERT_MESSAGE("the bad frames pass through non-finite", nonfinite > 0);

    /* after the burst has left the noise window (plus the pooled region and
     * the level's time constant), the output is the reference one */
    const size_t settle = at + len + (size_t)((NOISE_WINDOW + 0.15) * FS) + lat;
    CPPUNIT_ASSERT(settle + at_rate(10000) < n);
    const double scale = rms(ref.data() + settle * spf, (n - settle) * spf);
    const double err = max_abs_diff(
        y.data() + settle * spf, ref.data() + settle * spf, (n - settle) * spf);
    std::ostringstream m;
    m << "mask " << type << (cplx ? " complex" : " real")
      << ": after recovery max |y - ref| = " << err << " (rms " << scale << ")";
    CPPUNIT_ASSERT_MESSAGE(m.str(), err <= 1e-4 * scale);
    /* and the cleaned output is not silenced between burst and recovery */
    const size_t mid = at + len + N + lat;
    CPPUNIT_ASSERT_MESSAGE("output after the burst is not silenced",
                           rms(y.data() + mid * spf, (settle - mid) * spf) >
                               0.3 * rms(ref.data() + mid * spf, (settle - mid) * spf));
}

} // namespace

class NonFiniteTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(NonFiniteTest);
    CPPUNIT_TEST(testNanBurstEveryEstimator);
    CPPUNIT_TEST(testInfBurst);
    CPPUNIT_TEST(testRealInput);
    CPPUNIT_TEST(testNanAtTheStart);
    CPPUNIT_TEST_SUITE_END();

public:
    void testNanBurstEveryEstimator()
    {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        for (stftc_mask_type_t t : { STFTC_MASK_AUTO,
                                     STFTC_MASK_GATE,
                                     STFTC_MASK_WIENER,
                                     STFTC_MASK_CFAR,
                                     STFTC_MASK_THRESHOLD })
            check(t, true, nan, at_rate(300000), at_rate(500));
    }
    void testInfBurst()
    {
        check(STFTC_MASK_AUTO,
              true,
              std::numeric_limits<float>::infinity(),
              at_rate(250000),
              at_rate(40));
        check(STFTC_MASK_AUTO,
              true,
              -std::numeric_limits<float>::infinity(),
              at_rate(250000),
              at_rate(40));
    }
    void testRealInput()
    {
        check(STFTC_MASK_AUTO,
              false,
              std::numeric_limits<float>::quiet_NaN(),
              at_rate(300000),
              at_rate(500));
    }
    void testNanAtTheStart()
    {
        check(STFTC_MASK_AUTO,
              true,
              std::numeric_limits<float>::quiet_NaN(),
              0,
              at_rate(200));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NonFiniteTest);

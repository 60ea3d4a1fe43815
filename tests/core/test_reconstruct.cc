/* Perfect reconstruction: stft -> istft returns the input delayed by L - H
 * for every window at a NOLA hop, tiny to huge (40000) FFT sizes, complex
 * and real, window shorter than the FFT, both bin orders.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

using namespace tu;

namespace {

const char* const kAllWindows[] = {
    "rect",     "hann",          "hamming",  "blackman", "blackman-harris",
    "kaiser:8", "gaussian:0.15", "sqrt-hann"
};

size_t nola_hop(const std::string& w, size_t L)
{
    if (w == "rect" || w == "hann" || w == "sqrt-hann")
        return L / 2;
    return L / 4;
}

/* Round trip x through stft/istft; returns max |y[t] - x[t - (L-H)]| / rms(x). */
double roundtrip_error(const stftc_stft_config_t& c, size_t nhops, unsigned seed)
{
    std::mt19937 rng(seed);
    const size_t s = spf(c), H = c.hop, T = nhops * H;
    fvec x = random_floats(rng, T * s);
    StftPtr st = make_stft(c);
    IstftPtr it = make_istft(c);
    fvec fr = stft_all(st.get(), x);
    CPPUNIT_ASSERT_EQUAL(nhops * 2 * nbins(c), fr.size());
    fvec y = istft_all(it.get(), fr);
    CPPUNIT_ASSERT_EQUAL(x.size(), y.size());
    CPPUNIT_ASSERT_EQUAL(eff_len(c) - H, stftc_istft_latency(it.get()));
    return delayed_error(x, y, eff_len(c) - H, s) / rms(x.data(), x.size());
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

void expect_pr(const stftc_stft_config_t& c, size_t nhops, double tol = 1e-5)
{
    const double e = roundtrip_error(c, nhops, (unsigned)(c.fft_size * 31 + c.hop));
    std::ostringstream m;
    m << name(c) << ": max error " << e << " x rms (tolerance " << tol << ")";
    CPPUNIT_ASSERT_MESSAGE(m.str(), e <= tol);
}

} // namespace

class ReconstructTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ReconstructTest);
    CPPUNIT_TEST(testAllWindowsSmall);
    CPPUNIT_TEST(testAllWindows1000);
    CPPUNIT_TEST(testAllWindows1024);
    CPPUNIT_TEST(testAllWindows40000);
    CPPUNIT_TEST(testShortWindowZeroPadding);
    CPPUNIT_TEST(testOddSizesAndHops);
    CPPUNIT_TEST(testCentered);
    CPPUNIT_TEST_SUITE_END();

    void all_windows(size_t n, size_t frames_after_fill)
    {
        for (const char* w : kAllWindows)
            for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
                const size_t H = nola_hop(w, n);
                stftc_stft_config_t c = cfg(n, H, 0, w, type);
                expect_pr(c, n / H + frames_after_fill);
            }
    }

public:
    void testAllWindowsSmall() { all_windows(8, 12); }
    void testAllWindows1000() { all_windows(1000, 8); }
    void testAllWindows1024() { all_windows(1024, 8); }
    void testAllWindows40000() { all_windows(40000, 3); }

    void testShortWindowZeroPadding()
    {
        const struct {
            size_t n, l, h;
            const char* w;
        } cases[] = { { 1024, 800, 200, "hann" },
                      { 1024, 600, 150, "blackman" },
                      { 64, 40, 10, "kaiser:8" },
                      { 16, 12, 3, "hamming" },
                      { 1000, 999, 333, "sqrt-hann" },
                      { 40000, 30000, 7500, "gaussian:0.15" },
                      { 32, 2, 1, "rect" } };
        for (const auto& k : cases)
            for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL })
                expect_pr(cfg(k.n, k.h, k.l, k.w, type), k.l / k.h + 6);
    }

    void testOddSizesAndHops()
    {
        const struct {
            size_t n, l, h;
            const char* w;
        } cases[] = { { 15, 15, 5, "hann" },
                      { 30, 20, 7, "hann" },
                      { 8, 8, 8, "rect" },
                      { 8, 8, 1, "hann" },
                      { 1023, 1023, 100, "blackman-harris" },
                      { 2, 2, 1, "hann" },
                      { 2, 2, 2, "rect" },
                      { 9, 9, 3, "kaiser:0" } };
        for (const auto& k : cases)
            for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL })
                expect_pr(cfg(k.n, k.h, k.l, k.w, type), k.l / k.h + 10);
    }

    void testCentered()
    {
        for (size_t n : { 8, 15, 1024 })
            expect_pr(cfg(n, n / 4 ? n / 4 : 1, 0, "hann", STFTC_COMPLEX, 1), 12);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReconstructTest);

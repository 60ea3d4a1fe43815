/* Windows: parsing, formulas, periodicity, canonical dual, NOLA.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

using namespace tu;

namespace {

const char* const kAllWindows[] = {
    "rect",     "hann",          "hamming",  "blackman", "blackman-harris",
    "kaiser:8", "gaussian:0.15", "sqrt-hann"
};

/* A hop that satisfies NOLA for the window (L/2 where it suffices, else L/4). */
size_t nola_hop(const char* w, size_t L)
{
    const std::string s(w);
    if (s == "rect" || s == "hann" || s == "sqrt-hann" || s == "hamming")
        return std::max<size_t>(1, L / 2);
    return std::max<size_t>(1, L / 4);
}

} // namespace

class WindowTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WindowTest);
    CPPUNIT_TEST(testParseNames);
    CPPUNIT_TEST(testParseErrors);
    CPPUNIT_TEST(testFormatRoundTrip);
    CPPUNIT_TEST(testFillMatchesFormula);
    CPPUNIT_TEST(testFillIsPeriodic);
    CPPUNIT_TEST(testFillInvalid);
    CPPUNIT_TEST(testDualSumsToOne);
    CPPUNIT_TEST(testDualFormula);
    CPPUNIT_TEST(testDualBadHop);
    CPPUNIT_TEST(testNolaFailure);
    CPPUNIT_TEST(testStftWindowsExported);
    CPPUNIT_TEST_SUITE_END();

public:
    void testParseNames()
    {
        struct {
            const char* text;
            stftc_window_type_t type;
            double param; /* NAN: not checked */
        } cases[] = {
            { "hann", STFTC_WIN_HANN, NAN },
            { "HANN", STFTC_WIN_HANN, NAN },
            { "Hamming", STFTC_WIN_HAMMING, NAN },
            { "blackman", STFTC_WIN_BLACKMAN, NAN },
            { "Blackman-Harris", STFTC_WIN_BLACKMAN_HARRIS, NAN },
            { "kaiser:8", STFTC_WIN_KAISER, 8.0 },
            { "KAISER:5.5", STFTC_WIN_KAISER, 5.5 },
            { "kaiser", STFTC_WIN_KAISER, 8.0 },
            { "gaussian:0.1", STFTC_WIN_GAUSSIAN, 0.1 },
            { "gaussian", STFTC_WIN_GAUSSIAN, 0.125 },
            { "kaiser:0", STFTC_WIN_KAISER, 0.0 },
            { "kaiser:100", STFTC_WIN_KAISER, 100.0 },
            { "gaussian:0.01", STFTC_WIN_GAUSSIAN, 0.01 },
            { "gaussian:1", STFTC_WIN_GAUSSIAN, 1.0 },
            { "sqrt-hann", STFTC_WIN_SQRT_HANN, NAN },
            { "SQRT-Hann", STFTC_WIN_SQRT_HANN, NAN },
            { "rect", STFTC_WIN_RECT, NAN },
            { "RECT", STFTC_WIN_RECT, NAN },
        };
        for (const auto& c : cases) {
            stftc_window_spec_t s;
            stftc_error_t e;
            e.code = 99;
            int rc = stftc_window_parse(c.text, &s, &e);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.text, (int)STFTC_OK, rc);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.text, (int)STFTC_OK, e.code);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.text, (int)c.type, (int)s.type);
            if (!std::isnan(c.param))
                CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(c.text, c.param, s.param, 1e-12);
        }
        /* err may be NULL */
        stftc_window_spec_t s;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_window_parse("hann", &s, nullptr));
    }

    void testParseErrors()
    {
        const char* bad[] = {
            "",           "foo",        "hanning2",      "hann:3",     "kaiser:",
            "kaiser:abc", "kaiser:-1",  "kaiser:101",    "kaiser:nan", "kaiser:8x",
            "gaussian:0", "gaussian:2", "gaussian:-0.1", ":8",         "rect:1"
        };
        for (const char* t : bad) {
            stftc_window_spec_t s;
            stftc_error_t e;
            int rc = stftc_window_parse(t, &s, &e);
            CPPUNIT_ASSERT_MESSAGE(std::string("accepted '") + t + "'", rc < 0);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(t, rc, e.code);
            CPPUNIT_ASSERT_MESSAGE(std::string("'") + t + "' -> " + e.msg,
                                   contains(e.msg, "window"));
            /* no crash with a NULL err */
            CPPUNIT_ASSERT(stftc_window_parse(t, &s, nullptr) < 0);
        }
        stftc_window_spec_t s;
        stftc_error_t e;
        CPPUNIT_ASSERT(stftc_window_parse(nullptr, &s, &e) < 0);
        CPPUNIT_ASSERT(contains(e.msg, "window"));
    }

    void testFormatRoundTrip()
    {
        for (const char* w : kAllWindows) {
            stftc_window_spec_t s = win(w), s2;
            char buf[64];
            stftc_window_format(&s, buf, sizeof buf);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                w, (int)STFTC_OK, stftc_window_parse(buf, &s2, nullptr));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(buf, (int)s.type, (int)s2.type);
            if (s.type == STFTC_WIN_KAISER || s.type == STFTC_WIN_GAUSSIAN)
                CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(buf, s.param, s2.param, 1e-9);
        }
        stftc_window_spec_t k = win("kaiser:8");
        char buf[64];
        stftc_window_format(&k, buf, sizeof buf);
        CPPUNIT_ASSERT_EQUAL(std::string("kaiser:8"), std::string(buf));
        /* a short buffer is truncated, still NUL-terminated */
        char small[4] = { 'x', 'x', 'x', 'x' };
        stftc_window_format(&k, small, sizeof small);
        CPPUNIT_ASSERT_EQUAL(std::string("kai"), std::string(small));
    }

    void testFillMatchesFormula()
    {
        const size_t lens[] = { 2, 3, 8, 15, 16, 64, 1000, 1023 };
        const char* extra[] = { "kaiser:0", "kaiser:14", "gaussian:0.1", "gaussian:0.5" };
        std::vector<const char*> all(std::begin(kAllWindows), std::end(kAllWindows));
        all.insert(all.end(), std::begin(extra), std::end(extra));
        for (const char* w : all) {
            const stftc_window_spec_t s = win(w);
            for (size_t L : lens) {
                std::vector<double> out(L, -7.0);
                CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_window_fill(&s, L, out.data()));
                for (size_t n = 0; n < L; n++) {
                    std::ostringstream m;
                    m << w << " L=" << L << " n=" << n;
                    CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(
                        m.str(), ref_window(s, L, n), out[n], 1e-12);
                }
            }
        }
    }

    void testFillIsPeriodic()
    {
        /* DFT-even: w[n] == w[L - n] for 0 < n < L, and landmarks of the
         * periodic (not symmetric) definition. */
        for (const char* w : kAllWindows) {
            const stftc_window_spec_t s = win(w);
            for (size_t L : { 8, 15, 16, 256 }) {
                std::vector<double> v(L);
                stftc_window_fill(&s, L, v.data());
                for (size_t n = 1; n < L; n++)
                    CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(w, v[n], v[L - n], 1e-12);
            }
        }
        std::vector<double> v(16);
        stftc_window_spec_t hann = win("hann");
        stftc_window_fill(&hann, 16, v.data());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, v[0], 1e-15);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, v[8], 1e-15);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5, v[4], 1e-15);
        stftc_window_spec_t g = win("gaussian:0.1");
        stftc_window_fill(&g, 16, v.data());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, v[8], 1e-15);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(std::exp(-0.5 * 25.0), v[0], 1e-15);
        stftc_window_spec_t k = win("kaiser:8");
        stftc_window_fill(&k, 16, v.data());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, v[8], 1e-14);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0 / bessel_i0(8.0), v[0], 1e-14);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(427.56411572180474, bessel_i0(8.0), 1e-9);
    }

    void testFillInvalid()
    {
        stftc_window_spec_t s = win("hann");
        double d[4];
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, stftc_window_fill(&s, 0, d));
        stftc_window_spec_t k = { STFTC_WIN_KAISER, -1.0 };
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, stftc_window_fill(&k, 4, d));
        stftc_window_spec_t g = { STFTC_WIN_GAUSSIAN, 0.0 };
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, stftc_window_fill(&g, 4, d));
        stftc_window_spec_t gn = { STFTC_WIN_GAUSSIAN, NAN };
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, stftc_window_fill(&gn, 4, d));
    }

    void testDualSumsToOne()
    {
        for (const char* w : kAllWindows) {
            const stftc_window_spec_t s = win(w);
            for (size_t L : { 8, 15, 16, 64, 1000 }) {
                for (size_t H :
                     { nola_hop(w, L), std::max<size_t>(1, L / 4), (size_t)1 }) {
                    std::vector<double> v(L), g(L, NAN);
                    stftc_window_fill(&s, L, v.data());
                    stftc_error_t e;
                    int rc = stftc_window_dual(v.data(), L, H, w, g.data(), &e);
                    std::ostringstream m;
                    m << w << " L=" << L << " H=" << H;
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(
                        m.str() + " " + e.msg, (int)STFTC_OK, rc);
                    /* output sample n (steady state) gets frames that start at
                     * n - j with j == n (mod H), j < L */
                    for (size_t n = 0; n < H; n++) {
                        double sum = 0;
                        for (size_t j = n; j < L; j += H)
                            sum += g[j] * v[j];
                        CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(m.str(), 1.0, sum, 1e-12);
                    }
                }
            }
        }
    }

    void testDualFormula()
    {
        /* g[n] = w[n] / sum_k w[n - kH]^2, on an arbitrary positive window */
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> d(0.1, 2.0);
        const size_t L = 37, H = 5;
        std::vector<double> w(L), g(L);
        for (auto& x : w)
            x = d(rng);
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_OK, stftc_window_dual(w.data(), L, H, nullptr, g.data(), nullptr));
        for (size_t n = 0; n < L; n++) {
            double den = 0;
            for (size_t j = n % H; j < L; j += H)
                den += w[j] * w[j];
            CPPUNIT_ASSERT_DOUBLES_EQUAL(w[n] / den, g[n], 1e-14);
        }
    }

    void testDualBadHop()
    {
        std::vector<double> w(8, 1.0), g(8);
        stftc_error_t e;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG,
                             stftc_window_dual(w.data(), 8, 0, "rect", g.data(), &e));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, e.code);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG,
                             stftc_window_dual(w.data(), 8, 9, "rect", g.data(), &e));
        /* rect with hop == len is fine (plain block transform) */
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_window_dual(w.data(), 8, 8, "rect", g.data(), &e));
        for (double x : g)
            CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, x, 1e-15);
    }

    void testNolaFailure()
    {
        stftc_error_t e;
        /* periodic hann with hop == L: w[0] == 0 is covered by nothing */
        std::vector<double> w(16), g(16);
        stftc_window_spec_t hann = win("hann");
        stftc_window_fill(&hann, 16, w.data());
        int rc = stftc_window_dual(w.data(), 16, 16, "hann", g.data(), &e);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_NOLA, rc);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_NOLA, e.code);
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "hann"));
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "hop"));
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "16"));

        /* zeros at every sample of one residue class mod hop */
        std::vector<double> z(12, 1.0), gz(12);
        z[1] = z[5] = z[9] = 0.0;
        rc = stftc_window_dual(z.data(), 12, 4, "custom", gz.data(), &e);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_NOLA, rc);
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "custom"));
        /* the same window at hop 3 is fine (residues 1 mod 3: 1,4,7,10) */
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_window_dual(z.data(), 12, 3, "custom", gz.data(), &e));

        /* all-zero window */
        std::vector<double> zero(8, 0.0), g8(8);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_NOLA,
                             stftc_window_dual(zero.data(), 8, 2, "zero", g8.data(), &e));

        /* create() checks NOLA too, naming window and hop */
        stftc_stft_config_t c = cfg(64, 64, 0, "hann");
        stftc_stft_t* st = stftc_stft_create(&c, &e);
        CPPUNIT_ASSERT(st == nullptr);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_NOLA, e.code);
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "hann"));
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "hop"));
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "64"));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_NOLA, stftc_stft_config_check(&c, &e));
        stftc_istft_t* it = stftc_istft_create(&c, &e);
        CPPUNIT_ASSERT(it == nullptr);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_NOLA, e.code);
        stftc_cleaner_config_t cc = stftc_cleaner_config_default();
        cc.stft = c;
        CPPUNIT_ASSERT(stftc_cleaner_create(&cc, &e) == nullptr);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_NOLA, e.code);
        /* blackman at hop L: w[0] == 0 as well */
        c = cfg(32, 32, 0, "blackman");
        CPPUNIT_ASSERT(stftc_stft_create(&c, &e) == nullptr);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_NOLA, e.code);
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "blackman"));
    }

    void testStftWindowsExported()
    {
        /* the analysis window the object uses, and its dual, match the
         * double-precision references */
        for (const char* w : kAllWindows) {
            const size_t N = 64, L = 48, H = nola_hop(w, L);
            stftc_stft_config_t c = cfg(N, H, L, w);
            StftPtr st = make_stft(c);
            IstftPtr it = make_istft(c);
            CPPUNIT_ASSERT_EQUAL(L - H, stftc_stft_latency(st.get()));
            CPPUNIT_ASSERT_EQUAL(L - H, stftc_istft_latency(it.get()));
            const float* aw = stftc_stft_window(st.get());
            const float* dw = stftc_istft_dual_window(it.get());
            CPPUNIT_ASSERT(aw && dw);
            std::vector<double> v(L), g(L);
            for (size_t n = 0; n < L; n++)
                v[n] = ref_window(c.window, L, n);
            CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                                 stftc_window_dual(v.data(), L, H, w, g.data(), nullptr));
            for (size_t n = 0; n < L; n++) {
                CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(w, v[n], aw[n], 1e-7);
                CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(
                    w, g[n], dw[n], 1e-7 * (1 + std::fabs(g[n])));
            }
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WindowTest);

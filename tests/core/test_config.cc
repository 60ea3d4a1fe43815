/* Config validation: every create refuses bad fields with NULL, a negative
 * code and a message naming the field; sizes that would overflow are refused
 * before any allocation.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <cstdint>

using namespace tu;

namespace {

/* Expect every entry point that takes this stft config to refuse it. */
void expect_stft_refused(const stftc_stft_config_t& c,
                         const char* field,
                         const std::string& what)
{
    stftc_error_t e;
    std::string ctx = what + " (want '" + field + "')";

    e.code = 0;
    int rc = stftc_stft_config_check(&c, &e);
    CPPUNIT_ASSERT_MESSAGE(ctx + " config_check accepted", rc < 0);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, rc, e.code);
    CPPUNIT_ASSERT_MESSAGE(ctx + ": " + e.msg, contains(e.msg, field));

    e.code = 0;
    stftc_stft_t* st = stftc_stft_create(&c, &e);
    if (st)
        stftc_stft_destroy(st);
    CPPUNIT_ASSERT_MESSAGE(ctx + " stft_create accepted", st == nullptr);
    CPPUNIT_ASSERT_MESSAGE(ctx, e.code < 0);
    CPPUNIT_ASSERT_MESSAGE(ctx + ": " + e.msg, contains(e.msg, field));

    e.code = 0;
    stftc_istft_t* it = stftc_istft_create(&c, &e);
    if (it)
        stftc_istft_destroy(it);
    CPPUNIT_ASSERT_MESSAGE(ctx + " istft_create accepted", it == nullptr);
    CPPUNIT_ASSERT_MESSAGE(ctx, e.code < 0);
    CPPUNIT_ASSERT_MESSAGE(ctx + ": " + e.msg, contains(e.msg, field));

    stftc_cleaner_config_t cc = stftc_cleaner_config_default();
    cc.stft = c;
    e.code = 0;
    stftc_cleaner_t* cl = stftc_cleaner_create(&cc, &e);
    if (cl)
        stftc_cleaner_destroy(cl);
    CPPUNIT_ASSERT_MESSAGE(ctx + " cleaner_create accepted", cl == nullptr);
    CPPUNIT_ASSERT_MESSAGE(ctx, e.code < 0);
    CPPUNIT_ASSERT_MESSAGE(ctx + ": " + e.msg, contains(e.msg, field));

    stftc_mask_config_t m = stftc_mask_config_default();
    e.code = 0;
    stftc_mask_t* mk = stftc_mask_create(&m, &c, &e);
    if (mk)
        stftc_mask_destroy(mk);
    CPPUNIT_ASSERT_MESSAGE(ctx + " mask_create accepted", mk == nullptr);
    CPPUNIT_ASSERT_MESSAGE(ctx, e.code < 0);
}

void expect_mask_refused(const stftc_mask_config_t& m,
                         const stftc_stft_config_t& s,
                         const char* field,
                         const std::string& what)
{
    stftc_error_t e;
    std::string ctx = what + " (want '" + field + "')";
    e.code = 0;
    int rc = stftc_mask_config_check(&m, &s, &e);
    CPPUNIT_ASSERT_MESSAGE(ctx + " config_check accepted", rc < 0);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(ctx, rc, e.code);
    CPPUNIT_ASSERT_MESSAGE(ctx + ": " + e.msg, contains(e.msg, field));

    e.code = 0;
    stftc_mask_t* mk = stftc_mask_create(&m, &s, &e);
    if (mk)
        stftc_mask_destroy(mk);
    CPPUNIT_ASSERT_MESSAGE(ctx + " mask_create accepted", mk == nullptr);
    CPPUNIT_ASSERT_MESSAGE(ctx, e.code < 0);
    CPPUNIT_ASSERT_MESSAGE(ctx + ": " + e.msg, contains(e.msg, field));

    stftc_cleaner_config_t cc = stftc_cleaner_config_default();
    cc.stft = s;
    cc.mask = m;
    e.code = 0;
    stftc_cleaner_t* cl = stftc_cleaner_create(&cc, &e);
    if (cl)
        stftc_cleaner_destroy(cl);
    CPPUNIT_ASSERT_MESSAGE(ctx + " cleaner_create accepted", cl == nullptr);
    CPPUNIT_ASSERT_MESSAGE(ctx, e.code < 0);
    CPPUNIT_ASSERT_MESSAGE(ctx + ": " + e.msg, contains(e.msg, field));
}

stftc_stft_config_t base() { return cfg(64, 16, 0, "hann"); }

} // namespace

class ConfigTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigTest);
    CPPUNIT_TEST(testStrerror);
    CPPUNIT_TEST(testValidAccepted);
    CPPUNIT_TEST(testFftSize);
    CPPUNIT_TEST(testHop);
    CPPUNIT_TEST(testWindowLen);
    CPPUNIT_TEST(testWindowSpec);
    CPPUNIT_TEST(testOverflowingSizes);
    CPPUNIT_TEST(testEnumFields);
    CPPUNIT_TEST(testMaskFields);
    CPPUNIT_TEST(testBandsFields);
    CPPUNIT_TEST(testMemoryBudget);
    CPPUNIT_TEST_SUITE_END();

public:
    /* A create whose buffers pass the budget fails at once, naming it; the
     * same sizes are made with the budget lifted; the default budget is the
     * documented one and a huge frame is refused before its window is
     * computed (2^26 points used to run for minutes). */
    void testMemoryBudget()
    {
        CPPUNIT_ASSERT_EQUAL((size_t)STFTC_MEMORY_BUDGET_DEFAULT_MB,
                             stftc_get_memory_budget());
        stftc_cleaner_config_t cc = stftc_cleaner_config_default();
        cc.stft = cfg(65536, 256, 0, "hann");
        cc.mask.type = STFTC_MASK_AUTO;
        cc.mask.sample_rate = 2e6;
        stftc_set_memory_budget(4);
        stftc_error_t e;
        stftc_cleaner_t* c = stftc_cleaner_create(&cc, &e);
        CPPUNIT_ASSERT(!c);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_NOMEM, e.code);
        CPPUNIT_ASSERT_MESSAGE(e.msg, std::strstr(e.msg, "4 MiB budget"));
        stftc_set_memory_budget(1);
        CPPUNIT_ASSERT(!stftc_stft_create(&cc.stft, &e));
        CPPUNIT_ASSERT_MESSAGE(e.msg, std::strstr(e.msg, "1 MiB budget"));
        stftc_set_memory_budget(0);
        c = stftc_cleaner_create(&cc, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, c);
        stftc_cleaner_destroy(c);
        stftc_set_memory_budget(STFTC_MEMORY_BUDGET_DEFAULT_MB);
        cc.stft = cfg((size_t)1 << 26, 256, 0, "hann");
        c = stftc_cleaner_create(&cc, &e);
        CPPUNIT_ASSERT(!c);
        CPPUNIT_ASSERT_MESSAGE(e.msg, std::strstr(e.msg, "2048 MiB budget"));
    }

    void testStrerror()
    {
        for (int code : { 0, -1, -2, -3, -4, -5, -6, -77, 5 }) {
            const char* s = stftc_strerror(code);
            CPPUNIT_ASSERT(s != nullptr);
            CPPUNIT_ASSERT(std::strlen(s) > 0);
        }
        CPPUNIT_ASSERT(std::string(stftc_strerror(STFTC_ERR_NOLA)) !=
                       std::string(stftc_strerror(STFTC_ERR_INVALID_ARG)));
    }

    void testValidAccepted()
    {
        const stftc_stft_config_t ok[] = {
            cfg(2, 1, 0, "hann"),
            cfg(2, 2, 2, "rect"),
            cfg(40000, 10000, 0, "hann"),
            cfg(1000, 250, 600, "kaiser:8", STFTC_REAL),
            cfg(15, 5, 0, "blackman", STFTC_COMPLEX, 1),
        };
        for (const auto& c : ok) {
            stftc_error_t e;
            e.code = 99;
            e.msg[0] = '\0'; /* the assert may read the message before the call */
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                e.msg, (int)STFTC_OK, stftc_stft_config_check(&c, &e));
            CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, e.code);
            StftPtr st = make_stft(c);
            IstftPtr it = make_istft(c);
            stftc_cleaner_config_t cc = stftc_cleaner_config_default();
            cc.stft = c;
            CleanerPtr cl = make_cleaner(cc);
        }
    }

    void testFftSize()
    {
        for (size_t n : { (size_t)0, (size_t)1 }) {
            stftc_stft_config_t c = base();
            c.fft_size = n;
            c.hop = 1;
            expect_stft_refused(c, "fft_size", "fft_size " + std::to_string(n));
        }
    }

    void testHop()
    {
        stftc_stft_config_t c = base();
        c.hop = 0;
        expect_stft_refused(c, "hop", "hop 0");
        c = base();
        c.hop = 65;
        expect_stft_refused(c, "hop", "hop > window_len (= fft_size)");
        c = base();
        c.window_len = 32;
        c.hop = 33;
        expect_stft_refused(c, "hop", "hop > window_len");
    }

    void testWindowLen()
    {
        stftc_stft_config_t c = base();
        c.window_len = 65;
        expect_stft_refused(c, "window_len", "window_len > fft_size");
        c = base();
        c.window_len = 1;
        c.hop = 1;
        expect_stft_refused(c, "window_len", "window_len 1");
        c.window = win("rect"); /* NOLA holds here: the range check must refuse it */
        expect_stft_refused(c, "window_len", "rect window_len 1");
    }

    void testWindowSpec()
    {
        stftc_stft_config_t c = base();
        c.window.type = (stftc_window_type_t)42;
        expect_stft_refused(c, "window", "window type 42");
        c = base();
        c.window.type = STFTC_WIN_KAISER;
        c.window.param = -1.0;
        expect_stft_refused(c, "window", "kaiser beta -1");
        c.window.param = NAN;
        expect_stft_refused(c, "window", "kaiser beta NaN");
        c = base();
        c.window.type = STFTC_WIN_GAUSSIAN;
        c.window.param = 0.0;
        expect_stft_refused(c, "window", "gaussian sigma 0");
    }

    void testOverflowingSizes()
    {
        const size_t huge[] = {
            SIZE_MAX, SIZE_MAX / 2, SIZE_MAX / 8 + 1, (size_t)1 << 40, (size_t)1 << 33
        };
        for (size_t n : huge) {
            stftc_stft_config_t c = base();
            c.fft_size = n;
            expect_stft_refused(c, "fft_size", "fft_size " + std::to_string(n));
            c.window_len = n;
            c.hop = n / 2;
            expect_stft_refused(
                c, "fft_size", "fft_size = window_len " + std::to_string(n));
        }
        stftc_stft_config_t c = base();
        c.hop = SIZE_MAX;
        expect_stft_refused(c, "hop", "hop SIZE_MAX");
        c = base();
        c.window_len = SIZE_MAX;
        expect_stft_refused(c, "window_len", "window_len SIZE_MAX");
    }

    void testEnumFields()
    {
        stftc_stft_config_t c = base();
        c.sample_type = (stftc_sample_t)5;
        expect_stft_refused(c, "sample_type", "sample_type 5");
        c = base();
        c.centered = 2;
        expect_stft_refused(c, "centered", "centered 2");
        c = base();
        c.sample_type = STFTC_REAL;
        c.centered = 1;
        expect_stft_refused(c, "centered", "centered with real input");
        c = base();
        c.plan = (stftc_plan_t)7;
        expect_stft_refused(c, "plan", "plan 7");
    }

    void testMaskFields()
    {
        const stftc_stft_config_t s = base();
        for (stftc_mask_type_t type : { STFTC_MASK_NONE, STFTC_MASK_THRESHOLD }) {
            for (double v : { (double)NAN, (double)INFINITY, 100.5, -100.5 }) {
                stftc_mask_config_t m = stftc_mask_config_default();
                m.type = type;
                m.threshold_db = v;
                expect_mask_refused(
                    m, s, "threshold_db", "threshold_db " + std::to_string(v));
            }
            for (double v : { (double)NAN, -(double)INFINITY, 0.5, -200.5 }) {
                stftc_mask_config_t m = stftc_mask_config_default();
                m.type = type;
                m.floor_db = v;
                expect_mask_refused(m, s, "floor_db", "floor_db " + std::to_string(v));
            }
            for (double v : { (double)NAN, (double)INFINITY, 0.0, -48000.0 }) {
                stftc_mask_config_t m = stftc_mask_config_default();
                m.type = type;
                m.sample_rate = v;
                expect_mask_refused(
                    m, s, "sample_rate", "sample_rate " + std::to_string(v));
            }
        }
        stftc_mask_config_t m = stftc_mask_config_default();
        m.type = (stftc_mask_type_t)9;
        expect_mask_refused(m, s, "mask", "mask type 9");
        /* edges accepted */
        m = stftc_mask_config_default();
        m.type = STFTC_MASK_THRESHOLD;
        m.threshold_db = 100.0;
        m.floor_db = -200.0;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_mask_config_check(&m, &s, nullptr));
        m.threshold_db = -100.0;
        m.floor_db = 0.0;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_mask_config_check(&m, &s, nullptr));
        /* a bad stft config is refused by the mask too */
        stftc_stft_config_t bad = base();
        bad.hop = 0;
        stftc_error_t e;
        CPPUNIT_ASSERT(stftc_mask_config_check(&m, &bad, &e) < 0);
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "hop"));
    }

    void testBandsFields()
    {
        const double fs = 1e6;
        stftc_stft_config_t s = base();
        auto band = [&](std::vector<double> b) {
            stftc_mask_config_t m = stftc_mask_config_default();
            m.type = STFTC_MASK_BAND;
            m.sample_rate = fs;
            m.nbands = b.size() / 2;
            std::copy(b.begin(), b.end(), m.bands);
            return m;
        };
        expect_mask_refused(band({}), s, "bands", "band mask with no bands");
        stftc_mask_config_t many = band({ 0.0, 1.0 });
        many.nbands = STFTC_MASK_MAX_BANDS + 1;
        expect_mask_refused(many, s, "bands", "65 bands");
        many.nbands = SIZE_MAX;
        expect_mask_refused(many, s, "bands", "SIZE_MAX bands");
        expect_mask_refused(band({ 10.0, 10.0 }), s, "bands", "lo == hi");
        expect_mask_refused(band({ 20.0, 10.0 }), s, "bands", "lo > hi");
        expect_mask_refused(band({ -600e3, 0.0 }), s, "bands", "below -fs/2");
        expect_mask_refused(band({ 0.0, 600e3 }), s, "bands", "above fs/2");
        expect_mask_refused(band({ 0.0, 1.0, NAN, 2.0 }), s, "bands", "NaN edge");
        stftc_stft_config_t r = cfg(64, 16, 0, "hann", STFTC_REAL);
        expect_mask_refused(band({ -10e3, 10e3 }), r, "bands", "real: negative");
        expect_mask_refused(band({ 10e3, 510e3 }), r, "bands", "real: above fs/2");
        /* full range accepted */
        stftc_mask_config_t full = band({ -fs / 2, fs / 2 });
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_mask_config_check(&full, &s, nullptr));
        stftc_mask_config_t rfull = band({ 0.0, fs / 2 });
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_mask_config_check(&rfull, &r, nullptr));
        stftc_mask_config_t br = band({ 0.0, 1.0 });
        br.band_reject = 2;
        expect_mask_refused(br, s, "band_reject", "band_reject 2");
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConfigTest);

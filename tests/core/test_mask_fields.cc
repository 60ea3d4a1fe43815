/* The mask-parameter table (mask_fields.h): its fixed ranges are what
 * stftc_mask_config_check enforces, its text forms parse, the args string
 * applies key=value pairs (a comma inside a bands value kept), and
 * stftc_mask_config_format reads back to the same config.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <stftclean/mask_fields.h>

#include <cmath>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace tu;

namespace {

stftc_stft_config_t framing()
{
    stftc_stft_config_t s = stftc_stft_config_default();
    s.fft_size = 1024;
    s.hop = 256;
    s.sample_type = STFTC_COMPLEX;
    return s;
}

/* every field of a and b equal, through the table (bands compared whole) */
void expect_same(const stftc_mask_config_t& a, const stftc_mask_config_t& b)
{
    for (size_t i = 0; i < stftc_mask_field_count(); i++) {
        const stftc_mask_field_t* f = stftc_mask_field_at(i);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            f->name, stftc_mask_field_get(&a, f), stftc_mask_field_get(&b, f));
    }
    CPPUNIT_ASSERT_EQUAL(a.nbands, b.nbands);
    for (size_t k = 0; k < 2 * a.nbands; k++)
        CPPUNIT_ASSERT_EQUAL(a.bands[k], b.bands[k]);
}

} // namespace

class MaskFieldsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MaskFieldsTest);
    CPPUNIT_TEST(testRowsAreTheConfig);
    CPPUNIT_TEST(testRangesAreEnforced);
    CPPUNIT_TEST(testParseText);
    CPPUNIT_TEST(testArgs);
    CPPUNIT_TEST(testFormatReadsBack);
    CPPUNIT_TEST_SUITE_END();

public:
    /* One row per config member, names unique, found by name, alias and
     * the dashed spelling; the header's documented members are all there. */
    void testRowsAreTheConfig()
    {
        const char* members[] = { "mask",
                                  "sample_rate",
                                  "threshold_db",
                                  "floor_db",
                                  "bands",
                                  "band_reject",
                                  "noise_window",
                                  "region_time",
                                  "region_freq",
                                  "lookahead",
                                  "presence",
                                  "pfa",
                                  "hysteresis_db",
                                  "hang_time",
                                  "gate_slope_db",
                                  "xi_min_db",
                                  "dd_alpha",
                                  "lines",
                                  "line_db",
                                  "impulse",
                                  "impulse_db",
                                  "smooth_time",
                                  "smooth_freq",
                                  "bypass",
                                  "dc" };
        const size_t n = sizeof members / sizeof members[0];
        CPPUNIT_ASSERT_EQUAL(n, stftc_mask_field_count());
        std::set<size_t> offsets;
        for (size_t i = 0; i < n; i++) {
            const stftc_mask_field_t* f = stftc_mask_field_at(i);
            CPPUNIT_ASSERT_EQUAL(std::string(members[i]), std::string(f->name));
            CPPUNIT_ASSERT(stftc_mask_field_find(members[i]) == f);
            std::string dashed = members[i];
            for (auto& ch : dashed)
                if (ch == '_')
                    ch = '-';
            CPPUNIT_ASSERT(stftc_mask_field_find(dashed.c_str()) == f);
            if (f->alias)
                CPPUNIT_ASSERT(stftc_mask_field_find(f->alias) == f);
            CPPUNIT_ASSERT(offsets.insert(f->offset).second);
            CPPUNIT_ASSERT(f->offset < sizeof(stftc_mask_config_t));
            CPPUNIT_ASSERT(f->doc && *f->doc && f->range && *f->range);
        }
        CPPUNIT_ASSERT(stftc_mask_field_find("rate")->offset ==
                       offsetof(stftc_mask_config_t, sample_rate));
        CPPUNIT_ASSERT(stftc_mask_field_find("reject")->offset ==
                       offsetof(stftc_mask_config_t, band_reject));
        CPPUNIT_ASSERT(stftc_mask_field_find("nosuch") == nullptr);
        CPPUNIT_ASSERT(stftc_mask_field_find("pf") == nullptr);
        CPPUNIT_ASSERT(stftc_mask_field_at(n) == nullptr);
        /* the runtime fields are those stftc_mask_set_config takes */
        const stftc_stft_config_t s = framing();
        stftc_mask_config_t m = stftc_mask_config_default();
        m.type = STFTC_MASK_AUTO;
        m.sample_rate = 2e6;
        stftc_error_t e;
        stftc_mask_t* mk = stftc_mask_create(&m, &s, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, mk);
        for (size_t i = 0; i < n; i++) {
            const stftc_mask_field_t* f = stftc_mask_field_at(i);
            stftc_mask_config_t next = m;
            if (f->kind == STFTC_MFIELD_TYPE)
                next.type = STFTC_MASK_CFAR;
            else if (f->kind == STFTC_MFIELD_BANDS) {
                next.nbands = 1;
                next.bands[0] = -1e3;
                next.bands[1] = 1e3;
            } else if (f->kind == STFTC_MFIELD_NUMBER) {
                const double v = stftc_mask_field_get(&m, f);
                double nv = 0.01;
                if (!std::isnan(f->lo))
                    nv = v == f->hi ? f->lo : f->hi;
                else if (v > 0.0)
                    nv = v * 1.5;
                else if (!strcmp(f->unit, "Hz"))
                    nv = 5e3;
                stftc_mask_field_set(&next, f, nv, &e);
            } else {
                const double v = stftc_mask_field_get(&m, f);
                stftc_mask_field_set(&next, f, v == 1.0 ? 0.0 : 1.0, &e);
            }
            const int rc = stftc_mask_set_config(mk, &next, &e);
            if (f->runtime)
                CPPUNIT_ASSERT_MESSAGE(std::string(f->name) + ": " + e.msg,
                                       rc == STFTC_OK);
            else
                CPPUNIT_ASSERT_MESSAGE(std::string(f->name) + " changed at run time",
                                       rc != STFTC_OK && contains(e.msg, f->name));
            stftc_mask_set_config(mk, &m, &e);
        }
        stftc_mask_destroy(mk);
    }

    /* For every NUMBER row with a fixed range: the ends pass, just outside
     * fails naming the field (for the mask type that reads it); tristates
     * and flags refuse 2. */
    void testRangesAreEnforced()
    {
        const stftc_stft_config_t s = framing();
        size_t checked = 0;
        for (size_t i = 0; i < stftc_mask_field_count(); i++) {
            const stftc_mask_field_t* f = stftc_mask_field_at(i);
            stftc_mask_config_t base = stftc_mask_config_default();
            base.type = STFTC_MASK_AUTO;
            base.sample_rate = 2e6;
            std::vector<std::pair<double, bool>> cases;
            if (f->kind == STFTC_MFIELD_NUMBER && !std::isnan(f->lo)) {
                const double span = f->hi - f->lo;
                cases = { { f->lo, true },
                          { f->hi, true },
                          { f->lo - 1e-3 * span, false },
                          { f->hi + 1e-3 * span, false },
                          { NAN, false } };
            } else if (f->kind == STFTC_MFIELD_TRISTATE) {
                cases = { { -1, true }, { 0, true }, { 1, true }, { 2, false } };
            } else if (f->kind == STFTC_MFIELD_FLAG) {
                cases = { { 0, true }, { 1, true }, { 2, false } };
            } else {
                continue;
            }
            for (const auto& c : cases) {
                stftc_mask_config_t m = base;
                double* d =
                    reinterpret_cast<double*>(reinterpret_cast<char*>(&m) + f->offset);
                int* k = reinterpret_cast<int*>(reinterpret_cast<char*>(&m) + f->offset);
                if (f->kind == STFTC_MFIELD_NUMBER)
                    *d = c.first;
                else
                    *k = static_cast<int>(c.first); /* 2 bypasses the setter */
                if (f->offset == offsetof(stftc_mask_config_t, presence) && c.first == 1)
                    continue; /* presence 1 also needs a big region: tested in config */
                stftc_error_t e;
                const int rc = stftc_mask_config_check(&m, &s, &e);
                const std::string ctx =
                    std::string(f->name) + " = " + std::to_string(c.first) + ": " + e.msg;
                if (c.second) {
                    CPPUNIT_ASSERT_MESSAGE(ctx, rc == STFTC_OK);
                } else {
                    CPPUNIT_ASSERT_MESSAGE(ctx, rc == STFTC_ERR_INVALID_ARG);
                    CPPUNIT_ASSERT_MESSAGE(ctx,
                                           std::string(e.msg).rfind(f->name, 0) == 0);
                    checked++;
                }
            }
        }
        CPPUNIT_ASSERT(checked >= 20);
    }

    void testParseText()
    {
        stftc_mask_config_t m = stftc_mask_config_default();
        stftc_error_t e;
        auto parse = [&](const char* name, const char* text) {
            return stftc_mask_field_parse(&m, stftc_mask_field_find(name), text, &e);
        };
        CPPUNIT_ASSERT(parse("mask", "cfar") == STFTC_OK && m.type == STFTC_MASK_CFAR);
        CPPUNIT_ASSERT(parse("pfa", "1e-6") == STFTC_OK && m.pfa == 1e-6);
        CPPUNIT_ASSERT(parse("pfa", "1e-6x") != STFTC_OK && contains(e.msg, "pfa:"));
        CPPUNIT_ASSERT(parse("noise_window", "") != STFTC_OK);
        CPPUNIT_ASSERT_MESSAGE(e.msg,
                               contains(e.msg, "noise_window: must be a number in s"));
        CPPUNIT_ASSERT(parse("lines", "on") == STFTC_OK && m.lines == 1);
        CPPUNIT_ASSERT(parse("lines", "auto") == STFTC_OK && m.lines == -1);
        CPPUNIT_ASSERT(parse("lines", "false") == STFTC_OK && m.lines == 0);
        CPPUNIT_ASSERT(parse("lines", "maybe") != STFTC_OK && contains(e.msg, "lines:"));
        CPPUNIT_ASSERT(parse("bypass", "yes") == STFTC_OK && m.bypass == 1);
        CPPUNIT_ASSERT(parse("bypass", "auto") != STFTC_OK && contains(e.msg, "bypass:"));
        CPPUNIT_ASSERT(parse("bands", "-3e4:3e4,5e4:6e4") == STFTC_OK && m.nbands == 2 &&
                       m.bands[2] == 5e4 && m.bands[3] == 6e4);
        CPPUNIT_ASSERT(parse("bands", "") == STFTC_OK && m.nbands == 0);
        CPPUNIT_ASSERT(parse("bands", "1:") != STFTC_OK && contains(e.msg, "bands:"));
        const stftc_mask_field_t* f = stftc_mask_field_find("impulse");
        CPPUNIT_ASSERT(stftc_mask_field_set(&m, f, 0.5, &e) != STFTC_OK);
        CPPUNIT_ASSERT(contains(e.msg, "impulse:"));
        CPPUNIT_ASSERT(stftc_mask_field_set(&m, stftc_mask_field_find("bands"), 1, &e) !=
                       STFTC_OK);
    }

    void testArgs()
    {
        stftc_mask_config_t m = stftc_mask_config_default();
        stftc_error_t e;
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_OK,
            stftc_mask_config_parse_args(&m,
                                         " mask=band, pfa=1e-6;noise-window = 0.5 "
                                         "bands=-30e3:30e3, 50e3:60e3,rate=2e6 lines=on,"
                                         "reject=1 ",
                                         &e));
        CPPUNIT_ASSERT(m.type == STFTC_MASK_BAND);
        CPPUNIT_ASSERT_EQUAL(1e-6, m.pfa);
        CPPUNIT_ASSERT_EQUAL(2e6, m.sample_rate);
        CPPUNIT_ASSERT_EQUAL(1, m.lines);
        CPPUNIT_ASSERT_EQUAL(1, m.band_reject);
        CPPUNIT_ASSERT_EQUAL((size_t)2, m.nbands);
        CPPUNIT_ASSERT_EQUAL(60e3, m.bands[3]);
        CPPUNIT_ASSERT_EQUAL(0.5, m.noise_window); /* spaces around '=' */
        const stftc_mask_config_t before = m;
        CPPUNIT_ASSERT(stftc_mask_config_parse_args(&m, "pfa=1e-3, nosuch=1", &e) !=
                       STFTC_OK);
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "args: unknown key 'nosuch'"));
        CPPUNIT_ASSERT_EQUAL(1e-6, m.pfa); /* unchanged on error */
        CPPUNIT_ASSERT(stftc_mask_config_parse_args(&m, "pfa=abc", &e) != STFTC_OK);
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "pfa: must be a number"));
        CPPUNIT_ASSERT(stftc_mask_config_parse_args(&m, "pfa", &e) != STFTC_OK);
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "args:"));
        CPPUNIT_ASSERT(stftc_mask_config_parse_args(&m, "", &e) == STFTC_OK);
        CPPUNIT_ASSERT(stftc_mask_config_parse_args(&m, nullptr, &e) == STFTC_OK);
        expect_same(before, m);
    }

    /* format -> parse_args gives the config back, for random configs. */
    void testFormatReadsBack()
    {
        std::mt19937_64 rng(7);
        std::uniform_real_distribution<double> u(-1e3, 1e3);
        for (int trial = 0; trial < 200; trial++) {
            stftc_mask_config_t a = stftc_mask_config_default();
            stftc_error_t e;
            for (size_t i = 0; i < stftc_mask_field_count(); i++) {
                const stftc_mask_field_t* f = stftc_mask_field_at(i);
                if (f->kind == STFTC_MFIELD_NUMBER)
                    stftc_mask_field_set(
                        &a, f, u(rng) * std::pow(10.0, (int)(rng() % 9) - 4), &e);
                else if (f->kind == STFTC_MFIELD_TRISTATE)
                    stftc_mask_field_set(&a, f, (double)(rng() % 3) - 1.0, &e);
                else if (f->kind == STFTC_MFIELD_FLAG)
                    stftc_mask_field_set(&a, f, (double)(rng() % 2), &e);
            }
            a.type = (stftc_mask_type_t)(rng() % 7);
            a.nbands = rng() % 4;
            for (size_t k = 0; k < 2 * a.nbands; k++)
                a.bands[k] = u(rng) * 1e3 + 0.1 * (double)k;
            const size_t need = stftc_mask_config_format(&a, nullptr, 0);
            std::vector<char> buf(need + 1);
            CPPUNIT_ASSERT_EQUAL(need,
                                 stftc_mask_config_format(&a, buf.data(), buf.size()));
            CPPUNIT_ASSERT_EQUAL(need, strlen(buf.data()));
            stftc_mask_config_t b = stftc_mask_config_default();
            CPPUNIT_ASSERT_MESSAGE(
                buf.data(), stftc_mask_config_parse_args(&b, buf.data(), &e) == STFTC_OK);
            expect_same(a, b);
            /* cut short: terminated, and the length still reported */
            char small[16];
            CPPUNIT_ASSERT_EQUAL(need, stftc_mask_config_format(&a, small, sizeof small));
            CPPUNIT_ASSERT_EQUAL((size_t)15, strlen(small));
        }
        char text[2048];
        stftc_mask_config_t d = stftc_mask_config_default();
        stftc_mask_config_format(&d, text, sizeof text);
        CPPUNIT_ASSERT_MESSAGE(text,
                               contains(text, "mask=none sample_rate=1 threshold_db=6"));
        CPPUNIT_ASSERT_MESSAGE(text, contains(text, " pfa=1e-08 "));
        CPPUNIT_ASSERT_MESSAGE(text, contains(text, " lines=auto "));
        CPPUNIT_ASSERT_MESSAGE(text, contains(text, " bands= "));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MaskFieldsTest);

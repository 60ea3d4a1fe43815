/* Format-independent source and sink: every format written through the sink
 * reads back through the source with the same samples (within the format's
 * quantisation) and the metadata the format can hold; names and errors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <cppunit/extensions/HelperMacros.h>
#include <stftclean/iqsource.h>

#include <unistd.h>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

using fvec = std::vector<float>;

class IqsourceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(IqsourceTest);
    CPPUNIT_TEST(testNames);
    CPPUNIT_TEST(testRoundTrips);
    CPPUNIT_TEST(testSwapAndSeek);
    CPPUNIT_TEST(testErrors);
    CPPUNIT_TEST(testBadTimeDropped);
    CPPUNIT_TEST_SUITE_END();

public:
    void testNames()
    {
        CPPUNIT_ASSERT_EQUAL((int)STFTC_IQFMT_SIGMF,
                             (int)stftc_iqfmt_from_name("a.b/rec.sigmf-meta"));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_IQFMT_SIGMF,
                             (int)stftc_iqfmt_from_name("x.sigmf-data"));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_IQFMT_CU8, (int)stftc_iqfmt_from_name("x.CU8"));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_IQFMT_WAV, (int)stftc_iqfmt_from_name("x.wav"));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_IQFMT_AUTO,
                             (int)stftc_iqfmt_from_name("a.wav/x"));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_IQFMT_AUTO, (int)stftc_iqfmt_from_name("x.iq"));
        stftc_iqfmt_t f;
        stftc_error_t e;
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqfmt_parse("cs16", &f, &e));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_IQFMT_CI16, (int)f);
        CPPUNIT_ASSERT(stftc_iqfmt_parse("mp3", &f, &e) != 0);
        CPPUNIT_ASSERT(strstr(e.msg, "format"));
    }

    void one(stftc_iqfmt_t fmt, const char* ext, double tol, bool keeps_meta)
    {
        const std::string path =
            "/tmp/core_iqsource_" + std::to_string(getpid()) + "." + ext;
        stftc_iqsink_options_t o = stftc_iqsink_options_default();
        o.sample_rate = 250000;
        o.has_centre = 1;
        o.centre_hz = 145.5e6;
        o.has_time = 1;
        o.start_time = { 2024, 7, 0, 4, 10, 20, 30, 400 };
        o.wav_format = STFTC_WAV_PCM;
        stftc_error_t e;
        stftc_iqsink_t* s = stftc_iqsink_create(path.c_str(), fmt, &o, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, s);
        const size_t n = 4000;
        fvec x(2 * n);
        std::mt19937 rng(3);
        std::uniform_real_distribution<float> u(-0.9f, 0.9f);
        for (auto& v : x)
            v = u(rng);
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqsink_write(s, x.data(), n));
        CPPUNIT_ASSERT_EQUAL((uint64_t)n, stftc_iqsink_frames(s));
        CPPUNIT_ASSERT_EQUAL(keeps_meta ? 0 : 1, stftc_iqsink_metadata_dropped(s));
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqsink_close(s, &e));

        stftc_iqsource_t* r =
            stftc_iqsource_open(path.c_str(), STFTC_IQFMT_AUTO, NULL, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, r);
        const stftc_iqsource_info_t* in = stftc_iqsource_info(r);
        CPPUNIT_ASSERT_EQUAL((int)fmt, (int)in->format);
        CPPUNIT_ASSERT_EQUAL(2u, in->channels);
        CPPUNIT_ASSERT_EQUAL((uint64_t)n, in->frames);
        if (keeps_meta) {
            CPPUNIT_ASSERT_EQUAL(250000.0, in->sample_rate);
            CPPUNIT_ASSERT(in->has_centre && in->centre_hz == 145.5e6);
            CPPUNIT_ASSERT(in->has_time);
            CPPUNIT_ASSERT_EQUAL(2024, (int)in->start_time.year);
            CPPUNIT_ASSERT_EQUAL(20, (int)in->start_time.minute);
            CPPUNIT_ASSERT_EQUAL(400, (int)in->start_time.millisecond);
        } else {
            CPPUNIT_ASSERT_EQUAL(0.0, in->sample_rate);
            CPPUNIT_ASSERT(!in->has_centre && !in->has_time);
        }
        fvec y(2 * n);
        CPPUNIT_ASSERT_EQUAL(n, stftc_iqsource_read(r, y.data(), n + 5));
        for (size_t i = 0; i < 2 * n; i++)
            CPPUNIT_ASSERT_DOUBLES_EQUAL(x[i], y[i], tol);
        CPPUNIT_ASSERT_EQUAL((size_t)0, stftc_iqsource_read(r, y.data(), 1));
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqsource_error(r));
        stftc_iqsource_close(r);
        unlink(path.c_str());
        if (fmt == STFTC_IQFMT_SIGMF) {
            const std::string base = path.substr(0, path.size() - 11);
            unlink((base + ".sigmf-data").c_str());
        }
    }

    /* A start time that is no calendar time is left out by every writer
     * (and said so): what is written reads back. */
    void testBadTimeDropped()
    {
        const stftc_systemtime_t bad[] = { { 2024, 13, 0, 0, 99, 99, 99, 999 },
                                           { 65535, 5, 0, 9, 12, 30, 15, 125 },
                                           { 2023, 2, 0, 29, 0, 0, 0, 0 } };
        const stftc_systemtime_t good = { 2024, 2, 0, 29, 23, 59, 60, 999 };
        CPPUNIT_ASSERT(stftc_time_valid(&good));
        for (const auto& t : bad) {
            CPPUNIT_ASSERT(!stftc_time_valid(&t));
            for (const char* ext : { "wav", "sigmf-meta" }) {
                const std::string path =
                    "/tmp/core_iqsource_bad_" + std::to_string(getpid()) + "." + ext;
                stftc_iqsink_options_t o = stftc_iqsink_options_default();
                o.sample_rate = 250000;
                o.has_time = 1;
                o.start_time = t;
                stftc_error_t e;
                stftc_iqsink_t* s =
                    stftc_iqsink_create(path.c_str(), STFTC_IQFMT_AUTO, &o, &e);
                CPPUNIT_ASSERT_MESSAGE(e.msg, s);
                fvec x(200, 0.25f);
                CPPUNIT_ASSERT_EQUAL(0, stftc_iqsink_write(s, x.data(), 100));
                CPPUNIT_ASSERT_EQUAL(1, stftc_iqsink_metadata_dropped(s));
                CPPUNIT_ASSERT_EQUAL(0, stftc_iqsink_close(s, &e));
                stftc_iqsource_t* r =
                    stftc_iqsource_open(path.c_str(), STFTC_IQFMT_AUTO, NULL, &e);
                CPPUNIT_ASSERT_MESSAGE(e.msg, r);
                CPPUNIT_ASSERT(!stftc_iqsource_info(r)->has_time);
                CPPUNIT_ASSERT_EQUAL((uint64_t)100, stftc_iqsource_info(r)->frames);
                stftc_iqsource_close(r);
                unlink(path.c_str());
                if (std::string(ext) == "sigmf-meta")
                    unlink(("/tmp/core_iqsource_bad_" + std::to_string(getpid()) +
                            ".sigmf-data")
                               .c_str());
            }
        }
    }

    void testRoundTrips()
    {
        one(STFTC_IQFMT_WAV, "wav", 0.5 / 32768 + 1e-7, true);
        one(STFTC_IQFMT_SIGMF, "sigmf-meta", 0.0, true);
        one(STFTC_IQFMT_CF32, "cf32", 0.0, false);
        one(STFTC_IQFMT_CI16, "ci16", 0.5 / 32768 + 1e-7, false);
        one(STFTC_IQFMT_CI8, "ci8", 0.5 / 128 + 1e-6, false);
        one(STFTC_IQFMT_CU8, "cu8", 0.5 / 128 + 1e-6, false);
    }

    void testSwapAndSeek()
    {
        const std::string path =
            "/tmp/core_iqsource_" + std::to_string(getpid()) + ".ci16";
        FILE* f = fopen(path.c_str(), "wb");
        const int16_t v[] = { 100, -200, 300, -400, 500, -600 };
        fwrite(v, sizeof v[0], 6, f);
        fputc(7, f); /* a partial sample at the end: refused, naming the size */
        fclose(f);
        stftc_iqsource_options_t o = stftc_iqsource_options_default();
        o.swap_iq = 1;
        stftc_error_t e;
        CPPUNIT_ASSERT(!stftc_iqsource_open(path.c_str(), STFTC_IQFMT_AUTO, &o, &e));
        CPPUNIT_ASSERT(std::string(e.msg).find("size 13 bytes") != std::string::npos);
        CPPUNIT_ASSERT(truncate(path.c_str(), 12) == 0);
        stftc_iqsource_t* r = stftc_iqsource_open(path.c_str(), STFTC_IQFMT_AUTO, &o, &e);
        CPPUNIT_ASSERT_MESSAGE(e.msg, r);
        CPPUNIT_ASSERT_EQUAL((uint64_t)3, stftc_iqsource_info(r)->frames);
        CPPUNIT_ASSERT(!stftc_iqsource_info(r)->incomplete);
        CPPUNIT_ASSERT_EQUAL(0, stftc_iqsource_seek(r, 1));
        float y[4];
        CPPUNIT_ASSERT_EQUAL((size_t)2, stftc_iqsource_read(r, y, 2));
        CPPUNIT_ASSERT_EQUAL(-400.0f / 32768, y[0]);
        CPPUNIT_ASSERT_EQUAL(300.0f / 32768, y[1]);
        CPPUNIT_ASSERT_EQUAL(-600.0f / 32768, y[2]);
        stftc_iqsource_close(r);
        unlink(path.c_str());
    }

    void testErrors()
    {
        stftc_error_t e;
        CPPUNIT_ASSERT(
            !stftc_iqsource_open("/tmp/x.unknown", STFTC_IQFMT_AUTO, NULL, &e));
        CPPUNIT_ASSERT(strstr(e.msg, "format"));
        CPPUNIT_ASSERT(
            !stftc_iqsource_open("/nonexistent.cf32", STFTC_IQFMT_AUTO, NULL, &e));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_IO, e.code);
        stftc_iqsink_options_t o = stftc_iqsink_options_default();
        o.channels = 1;
        CPPUNIT_ASSERT(!stftc_iqsink_create("/tmp/x.ci16", STFTC_IQFMT_AUTO, &o, &e));
        CPPUNIT_ASSERT(strstr(e.msg, "channels"));
        o.channels = 2;
        o.sample_rate = 0;
        CPPUNIT_ASSERT(!stftc_iqsink_create("/tmp/x.wav", STFTC_IQFMT_AUTO, &o, &e));
        CPPUNIT_ASSERT(strstr(e.msg, "sample_rate"));
    }
};

} // namespace

CPPUNIT_TEST_SUITE_REGISTRATION(IqsourceTest);

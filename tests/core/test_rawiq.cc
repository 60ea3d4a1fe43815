/* CppUnit tests of the raw IQ codecs against hand-worked bytes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"
#include <stftclean/rawiq.h>

#include <cstdint>

using namespace tu;

class RawIqTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RawIqTest);
    CPPUNIT_TEST(testDecodeKnownBytes);
    CPPUNIT_TEST(testEncodeRoundsAndSaturates);
    CPPUNIT_TEST(testRoundTrip);
    CPPUNIT_TEST(testNames);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDecodeKnownBytes()
    {
        /* ci16 little endian: I = 0x4000 (16384), Q = 0x8000 (-32768) */
        const unsigned char ci16[] = { 0x00, 0x40, 0x00, 0x80, 0xFF, 0x7F, 0xFF, 0xFF };
        float out[4];
        stftc_raw_decode(STFTC_RAW_CI16, ci16, 2, out);
        CPPUNIT_ASSERT_EQUAL(0.5f, out[0]);
        CPPUNIT_ASSERT_EQUAL(-1.0f, out[1]);
        CPPUNIT_ASSERT_EQUAL(32767.0f / 32768.0f, out[2]);
        CPPUNIT_ASSERT_EQUAL(-1.0f / 32768.0f, out[3]);
        /* cu8: 0 -> -127.5/128, 255 -> 127.5/128, 128 -> 0.5/128 */
        const unsigned char cu8[] = { 0, 255, 128, 127 };
        stftc_raw_decode(STFTC_RAW_CU8, cu8, 2, out);
        CPPUNIT_ASSERT_EQUAL(-127.5f / 128.0f, out[0]);
        CPPUNIT_ASSERT_EQUAL(127.5f / 128.0f, out[1]);
        CPPUNIT_ASSERT_EQUAL(0.5f / 128.0f, out[2]);
        CPPUNIT_ASSERT_EQUAL(-0.5f / 128.0f, out[3]);
        /* ci8: 0x80 -> -1, 0x7F -> 127/128 */
        const unsigned char ci8[] = { 0x80, 0x7F, 0x00, 0xFF };
        stftc_raw_decode(STFTC_RAW_CI8, ci8, 2, out);
        CPPUNIT_ASSERT_EQUAL(-1.0f, out[0]);
        CPPUNIT_ASSERT_EQUAL(127.0f / 128.0f, out[1]);
        CPPUNIT_ASSERT_EQUAL(0.0f, out[2]);
        CPPUNIT_ASSERT_EQUAL(-1.0f / 128.0f, out[3]);
        /* cf32 is a copy, from an unaligned source too */
        float f[2] = { 0.25f, -3.0f };
        unsigned char raw[9];
        std::memcpy(raw + 1, f, 8);
        stftc_raw_decode(STFTC_RAW_CF32, raw + 1, 1, out);
        CPPUNIT_ASSERT_EQUAL(0.25f, out[0]);
        CPPUNIT_ASSERT_EQUAL(-3.0f, out[1]);
    }

    void testEncodeRoundsAndSaturates()
    {
        const float in[] = { 2.0f, -2.0f, NAN, 0.5f + 0.4f / 32768.0f, -1.0f, INFINITY };
        unsigned char b[12];
        stftc_raw_encode(STFTC_RAW_CI16, in, 3, b);
        auto s16 = [&](int i) {
            return (int16_t)(uint16_t)(b[2 * i] | (b[2 * i + 1] << 8));
        };
        CPPUNIT_ASSERT_EQUAL((int16_t)32767, s16(0));
        CPPUNIT_ASSERT_EQUAL((int16_t)-32768, s16(1));
        CPPUNIT_ASSERT_EQUAL((int16_t)0, s16(2));
        CPPUNIT_ASSERT_EQUAL((int16_t)16384, s16(3));
        CPPUNIT_ASSERT_EQUAL((int16_t)-32768, s16(4));
        CPPUNIT_ASSERT_EQUAL((int16_t)32767, s16(5));
        unsigned char u[6];
        stftc_raw_encode(STFTC_RAW_CU8, in, 3, u);
        CPPUNIT_ASSERT_EQUAL(255, (int)u[0]);
        CPPUNIT_ASSERT_EQUAL(0, (int)u[1]);
        CPPUNIT_ASSERT_EQUAL(128, (int)u[2]); /* NaN: the code nearest to 0.0 */
        CPPUNIT_ASSERT_EQUAL(0, (int)u[4]);
        CPPUNIT_ASSERT_EQUAL(255, (int)u[5]);
    }

    /* Every code of the 8-bit formats decodes and encodes back to itself;
     * ci16 too, on a sweep of codes. */
    void testRoundTrip()
    {
        for (stftc_raw_format_t f : { STFTC_RAW_CU8, STFTC_RAW_CI8 }) {
            unsigned char codes[256], back[256];
            for (int i = 0; i < 256; i++)
                codes[i] = (unsigned char)i;
            float x[256];
            stftc_raw_decode(f, codes, 128, x);
            stftc_raw_encode(f, x, 128, back);
            CPPUNIT_ASSERT(std::memcmp(codes, back, 256) == 0);
        }
        std::vector<unsigned char> c(4 * 4096), back(c.size());
        for (size_t i = 0; i < c.size() / 2; i++) {
            const uint16_t v = (uint16_t)(i * 16 + 7);
            c[2 * i] = (unsigned char)(v & 0xFF);
            c[2 * i + 1] = (unsigned char)(v >> 8);
        }
        fvec x(2 * 4096);
        stftc_raw_decode(STFTC_RAW_CI16, c.data(), 4096, x.data());
        stftc_raw_encode(STFTC_RAW_CI16, x.data(), 4096, back.data());
        CPPUNIT_ASSERT(c == back);
    }

    void testNames()
    {
        stftc_raw_format_t f;
        stftc_error_t err;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_raw_parse_format("CU8", &f, &err));
        CPPUNIT_ASSERT_EQUAL(STFTC_RAW_CU8, f);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_raw_parse_format("cs16", &f, &err));
        CPPUNIT_ASSERT_EQUAL(STFTC_RAW_CI16, f);
        CPPUNIT_ASSERT_EQUAL((size_t)4, stftc_raw_sample_bytes(f));
        CPPUNIT_ASSERT(stftc_raw_parse_format("ci12", &f, &err) != STFTC_OK);
        CPPUNIT_ASSERT(contains(err.msg, "format"));
        CPPUNIT_ASSERT(stftc_raw_parse_format("a-very-long-unknown-name", &f, &err) !=
                       STFTC_OK);
        CPPUNIT_ASSERT(stftc_raw_parse_format(nullptr, &f, &err) != STFTC_OK);
        CPPUNIT_ASSERT_EQUAL(std::string("ci8"),
                             std::string(stftc_raw_format_name(STFTC_RAW_CI8)));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RawIqTest);

/* The aligned stream (aligned.h) against the cleaner by hand: the input
 * padded with zeros past the latency to whole hops, one process() call,
 * the first latency outputs dropped and the rest cut to the input's length.
 * Any chunking (0 and 1 sample included) gives that, bit for bit.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <stftclean/aligned.h>

#include <cstring>

using namespace tu;

namespace {

using AlignedPtr = std::unique_ptr<stftc_aligned_t, decltype(&stftc_aligned_destroy)>;

stftc_cleaner_config_t
config(stftc_sample_t type, stftc_mask_type_t mask, size_t n, size_t h)
{
    stftc_cleaner_config_t c = stftc_cleaner_config_default();
    c.stft.fft_size = n;
    c.stft.hop = h;
    c.stft.sample_type = type;
    c.mask.type = mask;
    c.mask.sample_rate = 48000.0;
    return c;
}

/* the reference: pad, one call, slice */
fvec by_hand(const stftc_cleaner_config_t& c, const fvec& x)
{
    CleanerPtr cl = make_cleaner(c);
    const size_t spf = c.stft.sample_type == STFTC_COMPLEX ? 2 : 1, n = x.size() / spf;
    const size_t lat = stftc_cleaner_latency(cl.get()), h = stftc_cleaner_hop(cl.get());
    const size_t padded = (n + lat + h - 1) / h * h;
    fvec in(padded * spf, 0.0f), out(padded * spf);
    if (!x.empty())
        std::memcpy(in.data(), x.data(), x.size() * sizeof(float));
    CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                         stftc_cleaner_process(cl.get(), in.data(), out.data(), padded));
    return fvec(out.begin() + lat * spf, out.begin() + (lat + n) * spf);
}

} // namespace

class AlignedTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AlignedTest);
    CPPUNIT_TEST(testAnyChunking);
    CPPUNIT_TEST(testCounts);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAnyChunking()
    {
        std::mt19937 rng(11);
        for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL })
            for (stftc_mask_type_t mask : { STFTC_MASK_NONE, STFTC_MASK_GATE })
                for (size_t n : { 0, 1, 255, 256, 3000, 20011 }) {
                    const stftc_cleaner_config_t c = config(type, mask, 512, 128);
                    const size_t spf = type == STFTC_COMPLEX ? 2 : 1;
                    const fvec x = random_floats(rng, n * spf);
                    const fvec ref = by_hand(c, x);
                    for (int trial = 0; trial < 3; trial++) {
                        CleanerPtr cl = make_cleaner(c);
                        stftc_error_t e;
                        AlignedPtr a(stftc_aligned_create(cl.get(), &e),
                                     &stftc_aligned_destroy);
                        CPPUNIT_ASSERT_MESSAGE(e.msg, a);
                        fvec y;
                        size_t at = 0;
                        while (at < n) {
                            size_t k = trial == 0 ? n - at : rng() % 700;
                            if (k > n - at)
                                k = n - at;
                            fvec out(stftc_aligned_out_count(a.get(), k) * spf + 1);
                            size_t w = 0;
                            CPPUNIT_ASSERT_EQUAL(
                                (int)STFTC_OK,
                                stftc_aligned_process(
                                    a.get(), x.data() + at * spf, k, out.data(), &w));
                            CPPUNIT_ASSERT_EQUAL(out.size() - 1, w * spf);
                            y.insert(y.end(), out.begin(), out.begin() + w * spf);
                            at += k;
                        }
                        fvec tail(stftc_aligned_flush_count(a.get()) * spf);
                        size_t w = 0;
                        CPPUNIT_ASSERT_EQUAL(
                            (int)STFTC_OK, stftc_aligned_flush(a.get(), tail.data(), &w));
                        CPPUNIT_ASSERT_EQUAL(tail.size(), w * spf);
                        y.insert(y.end(), tail.begin(), tail.end());
                        CPPUNIT_ASSERT_EQUAL(ref.size(), y.size());
                        CPPUNIT_ASSERT(ref == y); /* sample for sample */
                        CPPUNIT_ASSERT_EQUAL((uint64_t)0,
                                             stftc_aligned_samples_in(a.get()));
                    }
                }
    }

    /* out_count is exactly what process writes; nothing before the latency */
    void testCounts()
    {
        const stftc_cleaner_config_t c = config(STFTC_COMPLEX, STFTC_MASK_NONE, 256, 64);
        CleanerPtr cl = make_cleaner(c);
        stftc_error_t e;
        AlignedPtr a(stftc_aligned_create(cl.get(), &e), &stftc_aligned_destroy);
        const size_t lat = stftc_cleaner_latency(cl.get());
        CPPUNIT_ASSERT_EQUAL((size_t)192, lat);
        std::mt19937 rng(3);
        const fvec x = random_floats(rng, 2 * 1000);
        fvec out(2 * 2000);
        size_t w = 0;
        CPPUNIT_ASSERT_EQUAL((size_t)0, stftc_aligned_out_count(a.get(), 100));
        stftc_aligned_process(a.get(), x.data(), 100, out.data(), &w);
        CPPUNIT_ASSERT_EQUAL((size_t)0, w);
        /* 100 + 300 = 400 in: 384 through the cleaner, 384 - 192 out */
        CPPUNIT_ASSERT_EQUAL((size_t)192, stftc_aligned_out_count(a.get(), 300));
        stftc_aligned_process(a.get(), x.data() + 200, 300, out.data(), &w);
        CPPUNIT_ASSERT_EQUAL((size_t)192, w);
        CPPUNIT_ASSERT_EQUAL((size_t)400 - 192, stftc_aligned_flush_count(a.get()));
        CPPUNIT_ASSERT(stftc_aligned_create(nullptr, &e) == nullptr);
        CPPUNIT_ASSERT(contains(e.msg, "aligned"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AlignedTest);

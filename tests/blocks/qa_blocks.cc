/* CppUnit tests of the C++ blocks, used from C++ as a C++ flowgraph would:
 * construction errors, perfect reconstruction through a top block, exact tag
 * offsets, and the first STFT frame against a naive DFT.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gnuradio/blocks/vector_sink.h>
#include <gnuradio/blocks/vector_source.h>
#include <gnuradio/stftclean/cleaner_cc.h>
#include <gnuradio/stftclean/cleaner_ff.h>
#include <gnuradio/stftclean/istft_cc.h>
#include <gnuradio/stftclean/stft_cc.h>
#include <gnuradio/top_block.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cmath>
#include <complex>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::vector<gr_complex> noise(size_t n, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0.0f, 1.0f);
    std::vector<gr_complex> x(n);
    for (auto& v : x)
        v = gr_complex(g(rng), g(rng));
    return x;
}

/* Asserts that constructing throws std::invalid_argument naming `param`. */
template <class F>
void expect_invalid(F make, const std::string& param)
{
    try {
        make();
    } catch (const std::invalid_argument& e) {
        CPPUNIT_ASSERT_MESSAGE(std::string("message does not name ") + param + ": " +
                                   e.what(),
                               std::string(e.what()).find(param) != std::string::npos);
        return;
    }
    CPPUNIT_FAIL("no std::invalid_argument for a bad " + param);
}

} // namespace

class BlocksTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(BlocksTest);
    CPPUNIT_TEST(testBadParameters);
    CPPUNIT_TEST(testCleanerReconstructs);
    CPPUNIT_TEST(testChainReconstructs);
    CPPUNIT_TEST(testCleanerTags);
    CPPUNIT_TEST(testStftFrameIsDft);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBadParameters()
    {
        using namespace gr::stftclean;
        expect_invalid([] { cleaner_cc::make(1024, 0); }, "hop");
        expect_invalid([] { cleaner_cc::make(1024, 2048); }, "hop");
        expect_invalid([] { stft_cc::make(1, 1); }, "fft_size");
        expect_invalid([] { istft_cc::make(64, 16, "triangle"); }, "window");
        expect_invalid([] { stft_cc::make(64, 64, "hann"); }, "hop"); /* NOLA */
        expect_invalid([] { cleaner_ff::make(64, 16, "hann", "median"); }, "mask");
        expect_invalid([] { cleaner_cc::make(64, 16, "hann", "threshold", NAN); },
                       "threshold_db");
        auto c = cleaner_cc::make(64, 16);
        expect_invalid([&] { c->set_floor_db(3.0); }, "floor_db");
    }

    void testCleanerReconstructs()
    {
        const size_t n = 20000;
        auto x = noise(n, 1);
        auto src = gr::blocks::vector_source_c::make(x);
        auto cl =
            gr::stftclean::cleaner_cc::make(1000, 250, "hann", "none"); /* N not 2^k */
        auto snk = gr::blocks::vector_sink_c::make();
        auto tb = gr::make_top_block("cleaner");
        tb->connect(src, 0, cl, 0);
        tb->connect(cl, 0, snk, 0);
        tb->run();
        check_delayed(x, snk->data(), static_cast<size_t>(cl->latency()));
    }

    void testChainReconstructs()
    {
        const size_t n = 16384;
        auto x = noise(n, 2);
        auto src = gr::blocks::vector_source_c::make(x);
        auto st = gr::stftclean::stft_cc::make(512, 128, "blackman");
        auto is = gr::stftclean::istft_cc::make(512, 128, "blackman");
        auto snk = gr::blocks::vector_sink_c::make();
        auto tb = gr::make_top_block("chain");
        tb->connect(src, 0, st, 0);
        tb->connect(st, 0, is, 0);
        tb->connect(is, 0, snk, 0);
        tb->run();
        CPPUNIT_ASSERT_EQUAL(384, st->latency());
        check_delayed(x, snk->data(), static_cast<size_t>(st->latency()));
    }

    void testCleanerTags()
    {
        const size_t n = 8192;
        auto x = noise(n, 3);
        std::vector<gr::tag_t> tags;
        for (uint64_t off : { 0u, 1u, 255u, 4000u, 6000u }) {
            gr::tag_t t;
            t.offset = off;
            t.key = pmt::intern("mark");
            t.value = pmt::from_uint64(off);
            tags.push_back(t);
        }
        auto src = gr::blocks::vector_source_c::make(x, false, 1, tags);
        auto cl = gr::stftclean::cleaner_cc::make(256, 64, "hann", "threshold", 3.0);
        auto snk = gr::blocks::vector_sink_c::make();
        auto tb = gr::make_top_block("tags");
        tb->connect(src, 0, cl, 0);
        tb->connect(cl, 0, snk, 0);
        tb->run();
        auto out = snk->tags();
        CPPUNIT_ASSERT_EQUAL(tags.size(), out.size());
        for (size_t i = 0; i < out.size(); i++)
            CPPUNIT_ASSERT_EQUAL(pmt::to_uint64(out[i].value) + cl->latency(),
                                 out[i].offset);
    }

    void testStftFrameIsDft()
    {
        /* frame k of the zero-prefixed input, against a double-precision DFT */
        const size_t N = 48, H = 12, L = N;
        auto x = noise(10 * H, 4);
        auto src = gr::blocks::vector_source_c::make(x);
        auto st = gr::stftclean::stft_cc::make(N, H, "hamming");
        auto snk = gr::blocks::vector_sink_c::make(N);
        auto tb = gr::make_top_block("stft");
        tb->connect(src, 0, st, 0);
        tb->connect(st, 0, snk, 0);
        tb->run();
        auto frames = snk->data();
        CPPUNIT_ASSERT_EQUAL(10 * N, frames.size());
        const size_t k = 6;
        double err = 0.0, ref_norm = 0.0;
        for (size_t m = 0; m < N; m++) {
            std::complex<double> acc = 0.0;
            for (size_t t = 0; t < L; t++) {
                const long idx = static_cast<long>(k * H + t) - static_cast<long>(L - H);
                if (idx < 0)
                    continue;
                const double w = 0.54 - 0.46 * std::cos(2.0 * M_PI * t / L);
                acc += w * std::complex<double>(x[idx]) *
                       std::polar(1.0, -2.0 * M_PI * double(m * t % N) / N);
            }
            err += std::norm(std::complex<double>(frames[k * N + m]) - acc);
            ref_norm += std::norm(acc);
        }
        CPPUNIT_ASSERT(std::sqrt(err / ref_norm) < 1e-5);
    }

private:
    static void check_delayed(const std::vector<gr_complex>& x,
                              const std::vector<gr_complex>& y,
                              size_t d)
    {
        CPPUNIT_ASSERT(y.size() + d >= x.size() - 1024);
        double rms = 0.0;
        for (auto v : x)
            rms += std::norm(v);
        rms = std::sqrt(rms / x.size());
        double worst = 0.0;
        for (size_t t = 0; t < y.size(); t++) {
            const gr_complex ref = t >= d ? x[t - d] : gr_complex(0.0f, 0.0f);
            worst = std::max(worst, static_cast<double>(std::abs(y[t] - ref)));
        }
        CPPUNIT_ASSERT_MESSAGE("max error " + std::to_string(worst / rms) + " x rms",
                               worst <= 1e-5 * rms);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BlocksTest);

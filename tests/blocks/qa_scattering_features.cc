/* CppUnit tests of scattering_features_cf / _ff used from C++: the vectors
 * of a top block equal the C core's frames centred in the input, taken with
 * process() and then flush() (the core's own end of stream), for complex
 * and real input; bad parameters throw std::invalid_argument naming them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gnuradio/blocks/vector_sink.h>
#include <gnuradio/blocks/vector_source.h>
#include <gnuradio/stftclean/scattering_features_blk.h>
#include <gnuradio/top_block.h>
#include <cppunit/extensions/HelperMacros.h>
#include <stftclean/scattering.h>

#include <type_traits>
#include <cstring>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr double FS = 48000.0;
constexpr size_t T_SAMPLES = 32, STRIDE = 8;

template <class T>
std::vector<T> noise(size_t n, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0.0f, 1.0f);
    std::vector<T> x(n);
    for (auto& v : x) {
        if constexpr (std::is_same<T, gr_complex>::value)
            v = gr_complex(g(rng), g(rng));
        else
            v = g(rng);
    }
    return x;
}

/* the frames centred in x from the core: process() then flush() */
template <class T>
std::vector<float> core_frames(const std::vector<T>& x)
{
    stftc_scattering_config_t c = stftc_scattering_config_default();
    c.sample_type = std::is_same<T, gr_complex>::value ? STFTC_COMPLEX : STFTC_REAL;
    c.sample_rate = FS;
    c.J = 5;
    c.Q1 = 4;
    c.T = T_SAMPLES;
    c.stride = STRIDE;
    stftc_error_t err;
    std::unique_ptr<stftc_scattering_t, decltype(&stftc_scattering_destroy)> s(
        stftc_scattering_create(&c, &err), &stftc_scattering_destroy);
    CPPUNIT_ASSERT_MESSAGE(err.msg, s != nullptr);
    const size_t cnt = stftc_scattering_count(s.get());
    std::vector<float> out((stftc_scattering_frames_for(s.get(), x.size()) + 1) * cnt);
    const size_t nf = stftc_scattering_process(
        s.get(), reinterpret_cast<const float*>(x.data()), x.size(), out.data());
    out.resize((nf + stftc_scattering_flush_frames(s.get())) * cnt);
    const size_t nl = stftc_scattering_flush(s.get(), out.data() + nf * cnt);
    CPPUNIT_ASSERT_EQUAL((x.size() + STRIDE - 1) / STRIDE, nf + nl);
    return out;
}

template <class T>
void check_against_core(unsigned seed)
{
    using blk_t = gr::stftclean::scattering_features_blk<T>;
    const std::vector<T> x = noise<T>(15000, seed);
    auto blk = blk_t::make(FS, 5, 4, 1, 2, T_SAMPLES / FS, STRIDE / FS);
    std::vector<T> xe = x;
    xe.resize(x.size() + blk->latency() + STRIDE, T(0));
    auto src = gr::blocks::vector_source<T>::make(xe, false);
    auto snk = gr::blocks::vector_sink<float>::make(blk->count());
    auto tb = gr::make_top_block("scattering_features");
    tb->connect(src, 0, blk, 0);
    tb->connect(blk, 0, snk, 0);
    tb->run();
    const std::vector<float> ref = core_frames(x);
    const std::vector<float>& got = snk->data();
    CPPUNIT_ASSERT(got.size() >= ref.size());
    CPPUNIT_ASSERT(std::memcmp(got.data(), ref.data(), ref.size() * sizeof(float)) == 0);
}

template <class F>
void expect_invalid(F make, const std::string& param)
{
    try {
        make();
    } catch (const std::invalid_argument& e) {
        CPPUNIT_ASSERT_MESSAGE(std::string("message does not start with ") + param +
                                   ": " + e.what(),
                               std::string(e.what()).rfind(param + ":", 0) == 0);
        return;
    }
    CPPUNIT_FAIL("no std::invalid_argument for a bad " + param);
}

} // namespace

class ScatteringFeaturesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ScatteringFeaturesTest);
    CPPUNIT_TEST(testComplexMatchesCore);
    CPPUNIT_TEST(testRealMatchesCore);
    CPPUNIT_TEST(testBadParameters);
    CPPUNIT_TEST_SUITE_END();

public:
    void testComplexMatchesCore() { check_against_core<gr_complex>(1); }
    void testRealMatchesCore() { check_against_core<float>(2); }

    void testBadParameters()
    {
        using cf = gr::stftclean::scattering_features_cf;
        using ff = gr::stftclean::scattering_features_ff;
        expect_invalid([] { cf::make(0.0); }, "sample_rate");
        expect_invalid([] { cf::make(FS, 0); }, "J");
        expect_invalid([] { ff::make(FS, 5, -1); }, "Q1");
        expect_invalid([] { ff::make(FS, 5, 4, 1, 3); }, "max_order");
        expect_invalid([] { cf::make(FS, 5, 4, 1, 2, 1e-9); }, "T");
        expect_invalid([] { ff::make(FS, 5, 4, 1, 2, 0.01, 0.02); }, "stride");
        expect_invalid([] { cf::count_for(5, 4, 0, 2); }, "Q2");
        CPPUNIT_ASSERT_EQUAL(111, cf::count_for(5, 4, 1, 2));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ScatteringFeaturesTest);

/* Vector kernels: each VOLK-backed fast path against its plain-C reference on
 * random data of odd lengths, extreme values, NaN/Inf, unaligned pointers.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <cfloat>
#include <cstdint>
#include <functional>

using namespace tu;

namespace {

const size_t kLens[] = { 1, 2, 3, 4, 5, 7, 8, 9, 17, 31, 33, 1023 };
const double kRel = 1e-6;          /* FMA vs separate multiply-add in mag2 */
const double kAbs = 2.0 * FLT_MIN; /* a kernel may flush subnormals to zero */

const float kExtremes[] = { 1e30f, -1e30f,  1e-30f,   -1e-30f, 0.0f,
                            -0.0f, FLT_MAX, -FLT_MAX, FLT_MIN, 1e-40f /* subnormal */,
                            1.0f,  -1.0f };

/* Random floats; with `extreme`, about a third are taken from kExtremes;
 * with `nonfinite`, some are NaN or +-Inf. */
fvec data(std::mt19937& rng, size_t n, bool extreme, bool nonfinite)
{
    std::uniform_real_distribution<float> u(-10.0f, 10.0f);
    std::uniform_int_distribution<int> pick(0, 9);
    std::uniform_int_distribution<size_t> ex(0,
                                             sizeof kExtremes / sizeof kExtremes[0] - 1);
    fvec v(n);
    for (auto& f : v) {
        const int p = pick(rng);
        if (nonfinite && p == 0)
            f = NAN;
        else if (nonfinite && p == 1)
            f = (rng() & 1) ? INFINITY : -INFINITY;
        else if (extreme && p >= 7)
            f = kExtremes[ex(rng)];
        else
            f = u(rng);
    }
    return v;
}

void compare(const std::string& what, const float* ref, const float* fast, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const float r = ref[i], f = fast[i];
        std::ostringstream s;
        s << what << " [" << i << "] ref " << r << " fast " << f;
        if (std::isnan(r)) {
            CPPUNIT_ASSERT_MESSAGE(s.str(), std::isnan(f));
            continue;
        }
        if (std::isinf(r)) {
            CPPUNIT_ASSERT_MESSAGE(s.str(), f == r);
            continue;
        }
        CPPUNIT_ASSERT_MESSAGE(s.str(), std::isfinite(f));
        const double tol =
            kRel * std::max(std::fabs((double)r), std::fabs((double)f)) + kAbs;
        CPPUNIT_ASSERT_MESSAGE(s.str(), std::fabs((double)r - (double)f) <= tol);
    }
}

/* Run one kernel pair on n elements with the given input generator, output
 * floats per element `of`, with buffers offset by `off` floats (unaligned). */
using Kernel = std::function<void(float*, const float*, const float*, size_t)>;

void run_pair(const std::string& name,
              const Kernel& fast,
              const Kernel& ref,
              size_t a_per,
              size_t b_per,
              size_t o_per,
              bool extreme,
              bool nonfinite,
              unsigned seed)
{
    std::mt19937 rng(seed);
    /* off: whole elements (a complex pointer stays 8-byte aligned, as
     * lv_32fc_t requires), so that VOLK's unaligned kernels run too */
    for (size_t n : kLens)
        for (size_t off : { 0, 1 }) {
            const size_t ao = off * a_per, bo = off * b_per, oo = off * o_per;
            fvec a = data(rng, n * a_per + ao, extreme, nonfinite);
            fvec b = data(rng, n * b_per + bo + 1, extreme, nonfinite);
            fvec o1(n * o_per + oo + 1, -1.0f), o2(n * o_per + oo + 1, -1.0f);
            ref(o1.data() + oo, a.data() + ao, b.data() + bo, n);
            fast(o2.data() + oo, a.data() + ao, b.data() + bo, n);
            std::ostringstream s;
            s << name << " n=" << n << " off=" << off << (extreme ? " extreme" : "")
              << (nonfinite ? " nan/inf" : "");
            compare(s.str(), o1.data() + oo, o2.data() + oo, n * o_per);
            /* exactly n elements written */
            for (size_t i = 0; i < oo; i++)
                CPPUNIT_ASSERT_EQUAL(-1.0f, o2[i]);
            CPPUNIT_ASSERT_EQUAL(-1.0f, o2[n * o_per + oo]);
        }
}

void run_all(const std::string& name,
             const Kernel& fast,
             const Kernel& ref,
             size_t a_per,
             size_t b_per,
             size_t o_per)
{
    unsigned seed = 100;
    for (bool extreme : { false, true })
        for (bool nonfinite : { false, true })
            run_pair(name, fast, ref, a_per, b_per, o_per, extreme, nonfinite, seed++);
}

} // namespace

class VmathTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(VmathTest);
    CPPUNIT_TEST(testCmulReal);
    CPPUNIT_TEST(testMul);
    CPPUNIT_TEST(testAdd);
    CPPUNIT_TEST(testMag2);
    CPPUNIT_TEST(testScale);
    CPPUNIT_TEST(testRefsAreRight);
    CPPUNIT_TEST(testZeroLength);
    CPPUNIT_TEST(testAlloc);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCmulReal()
    {
        run_all("cmul_real", stftc_vec_cmul_real, stftc_vec_cmul_real_ref, 2, 1, 2);
    }
    void testMul() { run_all("mul", stftc_vec_mul, stftc_vec_mul_ref, 1, 1, 1); }
    void testAdd() { run_all("add", stftc_vec_add, stftc_vec_add_ref, 1, 1, 1); }
    void testMag2()
    {
        auto f = [](float* o, const float* a, const float*, size_t n) {
            stftc_vec_mag2(o, a, n);
        };
        auto r = [](float* o, const float* a, const float*, size_t n) {
            stftc_vec_mag2_ref(o, a, n);
        };
        run_all("mag2", f, r, 2, 0, 1);
    }
    void testScale()
    {
        for (float s :
             { 0.5f, -3.0f, 0.0f, 1e30f, 1e-30f, (float)NAN, (float)INFINITY }) {
            auto f = [s](float* o, const float* a, const float*, size_t n) {
                stftc_vec_scale(o, a, s, n);
            };
            auto r = [s](float* o, const float* a, const float*, size_t n) {
                stftc_vec_scale_ref(o, a, s, n);
            };
            std::ostringstream nm;
            nm << "scale by " << s;
            run_all(nm.str(), f, r, 1, 0, 1);
        }
    }

    void testRefsAreRight()
    {
        /* the references themselves, against the definitions in vmath.h */
        const float a[6] = { 1.0f, 2.0f, -3.0f, 4.0f, 0.5f, -0.25f };
        const float w[3] = { 2.0f, -1.0f, 4.0f };
        float o[6];
        stftc_vec_cmul_real_ref(o, a, w, 3);
        const float cm[6] = { 2.0f, 4.0f, 3.0f, -4.0f, 2.0f, -1.0f };
        for (int i = 0; i < 6; i++)
            CPPUNIT_ASSERT_EQUAL(cm[i], o[i]);
        stftc_vec_mul_ref(o, a, a + 3, 3);
        CPPUNIT_ASSERT_EQUAL(4.0f, o[0]);
        CPPUNIT_ASSERT_EQUAL(1.0f, o[1]);
        CPPUNIT_ASSERT_EQUAL(0.75f, o[2]);
        stftc_vec_add_ref(o, a, a + 3, 3);
        CPPUNIT_ASSERT_EQUAL(5.0f, o[0]);
        CPPUNIT_ASSERT_EQUAL(2.5f, o[1]);
        CPPUNIT_ASSERT_EQUAL(-3.25f, o[2]);
        stftc_vec_mag2_ref(o, a, 3);
        CPPUNIT_ASSERT_EQUAL(5.0f, o[0]);
        CPPUNIT_ASSERT_EQUAL(25.0f, o[1]);
        CPPUNIT_ASSERT_EQUAL(0.3125f, o[2]);
        stftc_vec_scale_ref(o, a, -2.0f, 3);
        CPPUNIT_ASSERT_EQUAL(-2.0f, o[0]);
        CPPUNIT_ASSERT_EQUAL(-4.0f, o[1]);
        CPPUNIT_ASSERT_EQUAL(6.0f, o[2]);
    }

    void testZeroLength()
    {
        float a[2] = { 1.0f, 2.0f }, o[2] = { 7.0f, 7.0f };
        stftc_vec_cmul_real(o, a, a, 0);
        stftc_vec_mul(o, a, a, 0);
        stftc_vec_add(o, a, a, 0);
        stftc_vec_mag2(o, a, 0);
        stftc_vec_scale(o, a, 2.0f, 0);
        CPPUNIT_ASSERT_EQUAL(7.0f, o[0]);
        CPPUNIT_ASSERT_EQUAL(7.0f, o[1]);
    }

    void testAlloc()
    {
        for (size_t bytes :
             { (size_t)1, (size_t)4, (size_t)100, (size_t)4096, (size_t)1 << 20 }) {
            unsigned char* p = (unsigned char*)stftc_alloc(bytes);
            CPPUNIT_ASSERT(p != nullptr);
#if defined(__x86_64__) || defined(__aarch64__)
            CPPUNIT_ASSERT_EQUAL((uintptr_t)0, (uintptr_t)p % 16);
#endif
            for (size_t i = 0; i < bytes; i++)
                CPPUNIT_ASSERT_EQUAL((unsigned char)0, p[i]);
            stftc_free(p);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(VmathTest);

/* Fast paths of the frame pipeline against plain references: the fused
 * window and overlap-add kernels and their VOLK counterparts against a
 * textbook loop, and the cleaner (batched FFTW calls at small sizes, either
 * kernel path) against the separate stft -> istft objects and the delayed
 * input.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <cstdlib>

extern "C" {
#include "../../lib/core/transform.h"
}

using namespace tu;

namespace {

/* Textbook weighted overlap-add with a full-length accumulator: acc holds l
 * samples; add the windowed frame, emit the first h, shift by h, clear. */
void ref_ola(std::vector<double>& acc,
             const fvec& y,
             const fvec& d,
             size_t l,
             size_t h,
             size_t s,
             std::vector<double>& out)
{
    for (size_t i = 0; i < l; i++)
        for (size_t c = 0; c < s; c++)
            acc[i * s + c] += (double)y[i * s + c] * (double)d[i];
    out.assign(acc.begin(), acc.begin() + h * s);
    for (size_t i = 0; i < (l - h) * s; i++)
        acc[i] = acc[i + h * s];
    for (size_t i = (l - h) * s; i < l * s; i++)
        acc[i] = 0.0;
}

struct KernelGuard {
    stftc_kernels_t saved = stftc_get_kernels();
    ~KernelGuard() { stftc_set_kernels(saved); }
};

} // namespace

class FastPathTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FastPathTest);
    CPPUNIT_TEST(testWindowKernels);
    CPPUNIT_TEST(testOlaKernels);
    CPPUNIT_TEST(testSumKernel);
    CPPUNIT_TEST(testBatchSizes);
    CPPUNIT_TEST(testCleanerPaths);
    CPPUNIT_TEST(testMaskedPaths);
    CPPUNIT_TEST(testKernelSwitch);
    CPPUNIT_TEST_SUITE_END();

public:
    void testWindowKernels()
    {
        std::mt19937 rng(1);
        for (size_t l : { 1, 2, 3, 7, 8, 17, 64, 1023, 4100 })
            for (int cplx : { 0, 1 }) {
                const size_t s = cplx ? 2 : 1;
                /* odd offsets: unaligned pointers */
                fvec x = random_floats(rng, l * s + 1), w = random_floats(rng, l + 1);
                fvec a(l * s + 1), b(l * s + 1);
                stftc_fused_win(a.data() + 1, x.data() + 1, w.data() + 1, l, cplx);
                for (size_t i = 0; i < l; i++)
                    for (size_t c = 0; c < s; c++)
                        b[1 + i * s + c] = x[1 + i * s + c] * w[1 + i];
                CPPUNIT_ASSERT_EQUAL(0.0, max_abs_diff(a.data(), b.data(), a.size()));
                if (cplx) {
                    fvec m(l), r(l);
                    stftc_fused_mag2(m.data(), x.data() + 1, l);
                    stftc_vec_mag2_ref(r.data(), x.data() + 1, l);
                    /* FMA contraction may round the sum once instead of twice */
                    for (size_t i = 0; i < l; i++)
                        CPPUNIT_ASSERT(std::fabs(m[i] - r[i]) <= 1e-6 * std::fabs(r[i]));
                }
            }
    }

    void testOlaKernels()
    {
        std::mt19937 rng(2);
        const struct {
            size_t l, h;
        } geos[] = { { 8, 1 },   { 8, 2 },    { 12, 5 },     { 16, 8 },
                     { 16, 16 }, { 15, 10 },  { 64, 16 },    { 100, 33 },
                     { 30, 29 }, { 256, 64 }, { 1024, 256 }, { 1000, 200 } };
        for (const auto& g : geos)
            for (int cplx : { 0, 1 })
                for (int volk : { 0, 1 }) {
                    const size_t s = cplx ? 2 : 1, l = g.l, h = g.h;
                    fvec d = random_floats(rng, l);
                    fvec ola(l * s, 0.0f), out(h * s);
                    std::vector<double> acc(l * s, 0.0), want;
                    double worst = 0.0;
                    for (int frame = 0; frame < 12; frame++) {
                        fvec y = random_floats(rng, l * s);
                        ref_ola(acc, y, d, l, h, s, want);
                        if (volk)
                            stftc_volk_ola(
                                out.data(), ola.data(), y.data(), d.data(), l, h, cplx);
                        else
                            stftc_fused_ola(
                                out.data(), ola.data(), y.data(), d.data(), l, h, cplx);
                        for (size_t i = 0; i < h * s; i++)
                            worst = std::max(worst, std::fabs(out[i] - want[i]));
                    }
                    std::ostringstream m;
                    m << "l=" << l << " h=" << h << (cplx ? " complex" : " real")
                      << (volk ? " volk" : " fused") << " err " << worst;
                    /* a sum of at most ceil(l/h) float products of size <= 1 */
                    CPPUNIT_ASSERT_MESSAGE(m.str(), worst <= 1e-5);
                }
    }

    void testSumKernel()
    {
        /* the ring overlap-add's kernel against a double-precision sum */
        std::mt19937 rng(4);
        for (size_t n : { 1, 7, 8, 9, 511, 512, 513, 1500 })
            for (size_t nr : { 1, 2, 3, 4, 8 })
                for (int cplx : { 0, 1 }) {
                    const size_t s = cplx ? 2 : 1;
                    std::vector<fvec> y, d;
                    std::vector<const float*> yp, dp;
                    for (size_t r = 0; r < nr; r++) {
                        y.push_back(random_floats(rng, n * s));
                        d.push_back(random_floats(rng, n));
                    }
                    for (size_t r = 0; r < nr; r++) {
                        yp.push_back(y[r].data());
                        dp.push_back(d[r].data());
                    }
                    fvec out(n * s, NAN);
                    stftc_fused_sum(out.data(), yp.data(), dp.data(), nr, n, cplx);
                    double worst = 0.0;
                    for (size_t i = 0; i < n; i++)
                        for (size_t c = 0; c < s; c++) {
                            double want = 0.0;
                            for (size_t r = 0; r < nr; r++)
                                want += (double)y[r][i * s + c] * (double)d[r][i];
                            worst = std::max(worst, std::fabs(out[i * s + c] - want));
                        }
                    CPPUNIT_ASSERT_MESSAGE("n=" + std::to_string(n) +
                                               " terms=" + std::to_string(nr),
                                           worst <= 1e-5);
                }
    }

    void testBatchSizes()
    {
        stftc_set_batch(1);
        for (size_t n : { 8, 64, 256, 4096, 40000 })
            CPPUNIT_ASSERT_EQUAL((size_t)1, stftc_batch_for(n)); /* default */
        /* batching only at sizes <= 4096 that keep frames 64-byte aligned */
        stftc_set_batch(4);
        CPPUNIT_ASSERT_EQUAL((size_t)4, stftc_batch_for(256));
        CPPUNIT_ASSERT_EQUAL((size_t)4, stftc_batch_for(4096));
        CPPUNIT_ASSERT_EQUAL((size_t)1, stftc_batch_for(30));
        CPPUNIT_ASSERT_EQUAL((size_t)1, stftc_batch_for(8192));
        CPPUNIT_ASSERT_EQUAL((size_t)1, stftc_batch_for(40000));
        stftc_set_batch(1000);
        CPPUNIT_ASSERT_EQUAL((size_t)64, stftc_batch_for(256));
        stftc_set_batch(0);
        CPPUNIT_ASSERT_EQUAL((size_t)1, stftc_batch_for(256));
        /* the environment counts only through stftc_settings_from_env */
        setenv("STFTCLEAN_BATCH", "8", 1);
        CPPUNIT_ASSERT_EQUAL((size_t)1, stftc_batch_for(256));
        stftc_settings_from_env();
        CPPUNIT_ASSERT_EQUAL((size_t)8, stftc_batch_for(256));
        setenv("STFTCLEAN_BATCH", "junk", 1);
        stftc_settings_from_env(); /* unreadable: no change */
        CPPUNIT_ASSERT_EQUAL((size_t)8, stftc_batch_for(256));
        stftc_set_batch(1);
        stftc_set_batch(1);
    }

    void testCleanerPaths()
    {
        /* Each kernel path, batched and unbatched sizes, complex and real,
         * chunked calls: mask none equals the separate (unbatched, plain)
         * stft -> istft objects and is the input delayed by window - hop. */
        KernelGuard guard;
        std::mt19937 rng(3);
        const struct {
            size_t n, l, h;
        } geos[] = { { 64, 64, 16 },
                     { 256, 256, 64 },
                     { 256, 256, 128 },
                     { 96, 80, 24 },
                     { 512, 512, 96 },
                     { 30, 20, 5 },
                     { 1024, 1024, 256 },
                     /* ring overlap-add (frames >= 16 KiB, l a multiple of
                      * the hop); then zero padding and a hop not dividing l */
                     { 4096, 4096, 1024 },
                     { 4096, 4096, 2048 },
                     { 4096, 4000, 1000 },
                     { 4096, 4096, 1000 } };
        for (const char* batch : { "1", "3", "8" })
            for (stftc_kernels_t k : { STFTC_KERNELS_FUSED, STFTC_KERNELS_VOLK })
                for (const auto& g : geos)
                    for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
                        stftc_set_kernels(k);
                        stftc_set_batch(std::strtoul(batch, nullptr, 10));
                        stftc_stft_config_t s = cfg(g.n, g.h, g.l, "hann", type);
                        stftc_cleaner_config_t cc = stftc_cleaner_config_default();
                        cc.stft = s;
                        cc.mask.type = STFTC_MASK_NONE;
                        CleanerPtr c = make_cleaner(cc), whole = make_cleaner(cc);
                        stftc_set_batch(1);
                        const size_t sp = spf(s), T = (g.l / g.h + 29) * g.h;
                        fvec x = random_floats(rng, T * sp), y(T * sp);
                        std::uniform_int_distribution<size_t> hops(0, 11);
                        for (size_t at = 0; at < T;) {
                            const size_t len = std::min(hops(rng) * g.h, T - at);
                            CPPUNIT_ASSERT_EQUAL(
                                (int)STFTC_OK,
                                stftc_cleaner_process(
                                    c.get(), &x[at * sp], &y[at * sp], len));
                            at += len;
                        }
                        /* the chunking does not change a single bit */
                        fvec yw(T * sp);
                        CPPUNIT_ASSERT_EQUAL(
                            (int)STFTC_OK,
                            stftc_cleaner_process(whole.get(), x.data(), yw.data(), T));
                        CPPUNIT_ASSERT_EQUAL(0.0,
                                             max_abs_diff(y.data(), yw.data(), y.size()));
                        StftPtr st = make_stft(s);
                        IstftPtr it = make_istft(s);
                        fvec z = istft_all(it.get(), stft_all(st.get(), x));
                        const double r = rms(x.data(), x.size());
                        std::ostringstream m;
                        m << (k == STFTC_KERNELS_VOLK ? "volk" : "fused") << " batch "
                          << batch << " N=" << g.n << " L=" << g.l << " H=" << g.h
                          << (type == STFTC_COMPLEX ? " complex" : " real");
                        CPPUNIT_ASSERT_MESSAGE(
                            m.str() + " vs chain",
                            max_abs_diff(y.data(), z.data(), y.size()) <= 1e-5 * r);
                        CPPUNIT_ASSERT_MESSAGE(m.str() + " vs input",
                                               delayed_error(x, y, g.l - g.h, sp) <=
                                                   1e-5 * r);
                    }
    }

    void testMaskedPaths()
    {
        /* With a mask between the transforms (threshold: stateless, so the
         * separate objects give a reference frame by frame), the ring
         * overlap-add and a batched group agree with stft -> mask -> istft. */
        KernelGuard guard;
        std::mt19937 rng(5);
        const struct {
            size_t n, h;
            const char* batch;
        } geos[] = { { 4096, 1024, "1" }, { 2048, 512, "1" }, { 256, 64, "4" } };
        for (const auto& g : geos)
            for (stftc_sample_t type : { STFTC_COMPLEX, STFTC_REAL }) {
                stftc_set_kernels(STFTC_KERNELS_FUSED);
                stftc_cleaner_config_t cc = stftc_cleaner_config_default();
                cc.stft = cfg(g.n, g.h, 0, "hann", type);
                cc.mask.type = STFTC_MASK_THRESHOLD;
                cc.mask.threshold_db = 3.0;
                cc.mask.floor_db = -30.0;
                stftc_set_batch(std::strtoul(g.batch, nullptr, 10));
                CleanerPtr c = make_cleaner(cc);
                stftc_set_batch(1);
                const size_t sp = spf(cc.stft), T = (g.n / g.h + 9) * g.h;
                fvec x = random_floats(rng, T * sp), y(T * sp);
                for (size_t t = 0; t < T; t++)
                    x[t * sp] += 3.0f * (float)std::cos(0.3 * (double)t);
                CPPUNIT_ASSERT_EQUAL(
                    (int)STFTC_OK, stftc_cleaner_process(c.get(), x.data(), y.data(), T));
                StftPtr st = make_stft(cc.stft);
                IstftPtr it = make_istft(cc.stft);
                stftc_error_t e;
                MaskPtr m(stftc_mask_create(&cc.mask, &cc.stft, &e));
                CPPUNIT_ASSERT_MESSAGE(e.msg, m != nullptr);
                fvec fr = stft_all(st.get(), x);
                const size_t B = nbins(cc.stft), nf = fr.size() / (2 * B);
                fvec p(B), gains(B);
                for (size_t k = 0; k < nf; k++) {
                    float* f = fr.data() + 2 * B * k;
                    stftc_vec_mag2_ref(p.data(), f, B);
                    stftc_mask_compute(m.get(), f, p.data(), gains.data());
                    for (size_t i = 0; i < B; i++) {
                        f[2 * i] *= gains[i];
                        f[2 * i + 1] *= gains[i];
                    }
                }
                fvec z = istft_all(it.get(), fr);
                const double e_rel =
                    max_abs_diff(y.data(), z.data(), y.size()) / rms(x.data(), x.size());
                CPPUNIT_ASSERT_MESSAGE("N=" + std::to_string(g.n) + " " +
                                           std::to_string(e_rel),
                                       e_rel <= 1e-5);
                CPPUNIT_ASSERT(*std::min_element(gains.begin(), gains.end()) < 0.5f);
            }
    }

    void testKernelSwitch()
    {
        KernelGuard guard;
        stftc_set_kernels(STFTC_KERNELS_VOLK);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_KERNELS_VOLK, (int)stftc_get_kernels());
        stftc_set_kernels(STFTC_KERNELS_FUSED);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_KERNELS_FUSED, (int)stftc_get_kernels());
        stftc_set_kernels((stftc_kernels_t)9); /* anything else: fused */
        CPPUNIT_ASSERT_EQUAL((int)STFTC_KERNELS_FUSED, (int)stftc_get_kernels());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FastPathTest);

/* Per-frame features and cepstra against analytic cases: a tone's centroid
 * and peak, a flat spectrum (flatness 1, entropy 1, uniform moments), the
 * periodogram of white noise (flatness e^-gamma), a band's occupied
 * bandwidth and roll-off, bin orders, filterbank shapes, cepstra of a flat
 * spectrum, deltas of a ramp, config errors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <stftclean/features.h>

using namespace tu;

namespace {

struct FeatDel {
    void operator()(stftc_features_t* p) const { stftc_features_destroy(p); }
};
using FeatPtr = std::unique_ptr<stftc_features_t, FeatDel>;

FeatPtr make_feat(const stftc_features_config_t& c)
{
    stftc_error_t e;
    FeatPtr p(stftc_features_create(&c, &e));
    CPPUNIT_ASSERT_MESSAGE("features_create: " + errtext(e), p != nullptr);
    return p;
}

enum {
    F_ENERGY,
    F_CENTROID,
    F_SPREAD,
    F_SKEW,
    F_KURT,
    F_FLAT,
    F_ROLLOFF,
    F_FLUX,
    F_ENTROPY,
    F_PEAK,
    F_PAR,
    F_OBW
};

stftc_features_config_t complex_cfg(size_t n, double fs, double fc = 0.0)
{
    stftc_features_config_t c = stftc_features_config_default();
    c.fft_size = n;
    c.sample_rate = fs;
    c.center_freq = fc;
    return c;
}

/* Natural-order power spectrum of a Hann-windowed complex tone at bin k0. */
fvec tone_power(size_t n, double k0)
{
    std::vector<cd> x(n);
    for (size_t i = 0; i < n; i++) {
        const double w = 0.5 - 0.5 * std::cos(2 * M_PI * (double)i / (double)n);
        x[i] = w * std::polar(1.0, 2 * M_PI * k0 * (double)i / (double)n);
    }
    std::vector<cd> X = naive_dft(x, n);
    fvec p(n);
    for (size_t i = 0; i < n; i++)
        p[i] = (float)std::norm(X[i]);
    return p;
}

} // namespace

class FeaturesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FeaturesTest);
    CPPUNIT_TEST(testToneCentroid);
    CPPUNIT_TEST(testFlat);
    CPPUNIT_TEST(testWhiteNoiseFlatness);
    CPPUNIT_TEST(testBandObw);
    CPPUNIT_TEST(testOrders);
    CPPUNIT_TEST(testRealTone);
    CPPUNIT_TEST(testFlux);
    CPPUNIT_TEST(testZeroFrame);
    CPPUNIT_TEST(testFilterbanks);
    CPPUNIT_TEST(testCepstraFlat);
    CPPUNIT_TEST(testDeltasRamp);
    CPPUNIT_TEST(testNames);
    CPPUNIT_TEST(testErrors);
    CPPUNIT_TEST_SUITE_END();

public:
    void testToneCentroid()
    {
        const size_t n = 256;
        const double fs = 1e6, fc = 100e6, df = fs / n;
        for (double k0 : { 20.3, -40.0, 77.5 }) {
            fvec p = tone_power(n, k0 < 0 ? k0 + n : k0);
            auto f = make_feat(complex_cfg(n, fs, fc));
            fvec out(stftc_features_count(f.get()));
            CPPUNIT_ASSERT_EQUAL(1,
                                 stftc_features_process(f.get(), p.data(), out.data()));
            const double f0 = fc + k0 * df;
            CPPUNIT_ASSERT_DOUBLES_EQUAL(f0, out[F_CENTROID], df / 2);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(f0, out[F_PEAK], df / 2 + 1e-3);
            /* Hann main lobe: spread about a bin, tiny occupied bandwidth */
            CPPUNIT_ASSERT(out[F_SPREAD] < 2 * df);
            CPPUNIT_ASSERT(out[F_OBW] <= 6 * df);
            CPPUNIT_ASSERT(out[F_PAR] > 10 * std::log10(n / 4.0));
        }
    }

    void testFlat()
    {
        const size_t n = 512;
        const double fs = 48e3, df = fs / n;
        fvec p(n, 3.0f);
        auto f = make_feat(complex_cfg(n, fs));
        fvec out(12);
        stftc_features_process(f.get(), p.data(), out.data());
        /* ascending frequencies -fs/2 .. fs/2 - df: mean -df/2 */
        double mu = 0, m2 = 0, m4 = 0;
        for (size_t j = 0; j < n; j++)
            mu += ((double)j - n / 2.0) * df / n;
        for (size_t j = 0; j < n; j++) {
            const double d = ((double)j - n / 2.0) * df - mu;
            m2 += d * d / n;
            m4 += d * d * d * d / n;
        }
        CPPUNIT_ASSERT_DOUBLES_EQUAL(10 * std::log10(3.0 * n), out[F_ENERGY], 1e-4);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(-df / 2, out[F_CENTROID], 1e-3);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(std::sqrt(m2), out[F_SPREAD], 1e-2);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, out[F_SKEW], 1e-5);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(m4 / (m2 * m2), out[F_KURT], 1e-4); /* ~1.8 */
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, out[F_FLAT], 1e-6);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, out[F_ENTROPY], 1e-6);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, out[F_PAR], 1e-5);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, out[F_FLUX], 0.0);
        /* 85 % of 512 bins: the 436th bin (index 435) */
        CPPUNIT_ASSERT_DOUBLES_EQUAL((435.0 - 256.0) * df, out[F_ROLLOFF], 1e-3);
        /* 0.5 % .. 99.5 %: bins 2 .. 509 */
        CPPUNIT_ASSERT_DOUBLES_EQUAL(508 * df, out[F_OBW], 1e-2);
    }

    void testWhiteNoiseFlatness()
    {
        /* Rectangular-window periodogram of complex white noise: independent
         * exponential bins, E[ln P] = ln E[P] - gamma, so flatness ~ e^-gamma. */
        const size_t n = 1024;
        std::mt19937 rng(5);
        std::exponential_distribution<float> ex(1.0f);
        auto f = make_feat(complex_cfg(n, 1.0));
        fvec p(n), out(12);
        double acc = 0, ent = 0;
        const int frames = 50;
        for (int t = 0; t < frames; t++) {
            for (auto& v : p)
                v = ex(rng);
            stftc_features_process(f.get(), p.data(), out.data());
            acc += out[F_FLAT];
            ent += out[F_ENTROPY];
        }
        CPPUNIT_ASSERT_DOUBLES_EQUAL(std::exp(-0.5772156649), acc / frames, 0.01);
        /* entropy of exponential weights: 1 - (1 - gamma) / ln n */
        CPPUNIT_ASSERT_DOUBLES_EQUAL(
            1.0 - (1.0 - 0.5772156649) / std::log((double)n), ent / frames, 0.005);
        /* averaged over many frames the spectrum is flat: flatness near 1 */
        fvec avg(n, 0.0f);
        for (int t = 0; t < 400; t++)
            for (auto& v : avg)
                v += ex(rng) / 400.0f;
        stftc_features_process(f.get(), avg.data(), out.data());
        CPPUNIT_ASSERT(out[F_FLAT] > 0.99);
    }

    void testBandObw()
    {
        const size_t n = 1024;
        const double fs = 2e6, df = fs / n;
        /* a band-limited burst: bins -30..49 (80 bins) on a -60 dB floor */
        fvec p(n, 1e-6f);
        for (int k = -30; k < 50; k++)
            p[(size_t)((k + (int)n) % (int)n)] = 1.0f;
        auto f = make_feat(complex_cfg(n, fs, 433.92e6));
        fvec out(12);
        stftc_features_process(f.get(), p.data(), out.data());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(80 * df, out[F_OBW], 1.01 * df);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(433.92e6 + 9.5 * df, out[F_CENTROID], 0.5 * df);
        /* roll-off: 85 % of 80 bins lies at bin -30 + 67 = 37 */
        CPPUNIT_ASSERT_DOUBLES_EQUAL(433.92e6 + 37 * df, out[F_ROLLOFF], 1.01 * df);
        /* configurable fractions */
        stftc_features_config_t c = complex_cfg(n, fs);
        c.obw = 0.5;
        c.rolloff = 0.5;
        auto g = make_feat(c);
        stftc_features_process(g.get(), p.data(), out.data());
        /* bins 19..59 of the band; the floor can tip a tie by one bin */
        CPPUNIT_ASSERT_DOUBLES_EQUAL(41 * df, out[F_OBW], 1.01 * df);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(9 * df, out[F_ROLLOFF], 1.01 * df);
    }

    void testOrders()
    {
        /* DC-centred input gives the same features as natural order */
        const size_t n = 255; /* odd size too */
        std::mt19937 rng(1);
        std::uniform_real_distribution<float> u(0.0f, 1.0f);
        fvec p(n), pc(n);
        for (auto& v : p)
            v = u(rng) * u(rng);
        for (size_t j = 0; j < n; j++) /* numpy.fft.fftshift */
            pc[j] = p[(j + n - n / 2) % n];
        stftc_features_config_t c = complex_cfg(n, 1e3);
        auto a = make_feat(c);
        c.centered = 1;
        auto b = make_feat(c);
        fvec oa(12), ob(12);
        stftc_features_process(a.get(), p.data(), oa.data());
        stftc_features_process(b.get(), pc.data(), ob.data());
        for (size_t i = 0; i < 12; i++)
            CPPUNIT_ASSERT_DOUBLES_EQUAL(oa[i], ob[i], 1e-4 * (1 + std::fabs(oa[i])));
    }

    void testRealTone()
    {
        const size_t n = 512;
        const double fs = 16e3, df = fs / n;
        stftc_features_config_t c = stftc_features_config_default();
        c.fft_size = n;
        c.sample_rate = fs;
        c.sample_type = STFTC_REAL;
        auto f = make_feat(c);
        CPPUNIT_ASSERT_EQUAL(n / 2 + 1, stftc_features_bins(f.get()));
        fvec full = tone_power(n, 100.25);
        fvec p(full.begin(), full.begin() + n / 2 + 1);
        fvec out(12);
        stftc_features_process(f.get(), p.data(), out.data());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(100.25 * df, out[F_CENTROID], df / 2);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(100 * df, out[F_PEAK], 1e-3);
    }

    void testFlux()
    {
        /* all power moves from one bin to another: flux = sqrt(2) */
        const size_t n = 64;
        fvec a(n, 0.0f), b(n, 0.0f), out(12);
        a[3] = 5.0f;
        b[9] = 2.0f;
        auto f = make_feat(complex_cfg(n, 1.0));
        stftc_features_process(f.get(), a.data(), out.data());
        CPPUNIT_ASSERT_EQUAL(0.0f, out[F_FLUX]);
        stftc_features_process(f.get(), b.data(), out.data());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(std::sqrt(2.0), out[F_FLUX], 1e-6);
        stftc_features_process(f.get(), b.data(), out.data());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, out[F_FLUX], 1e-7);
        stftc_features_reset(f.get());
        stftc_features_process(f.get(), a.data(), out.data());
        CPPUNIT_ASSERT_EQUAL(0.0f, out[F_FLUX]);
    }

    void testZeroFrame()
    {
        const size_t n = 64;
        fvec z(n, 0.0f), out(12);
        auto f = make_feat(complex_cfg(n, 1e3, 5e3));
        stftc_features_process(f.get(), z.data(), out.data());
        CPPUNIT_ASSERT_EQUAL(-300.0f, out[F_ENERGY]);
        CPPUNIT_ASSERT_EQUAL(5e3f, out[F_CENTROID]);
        for (size_t i : { F_SPREAD, F_SKEW, F_KURT, F_FLAT, F_FLUX, F_ENTROPY, F_OBW })
            CPPUNIT_ASSERT_EQUAL(0.0f, out[i]);
    }

    void testFilterbanks()
    {
        const size_t n = 2048;
        const double fs = 16e3;
        stftc_features_config_t c = stftc_features_config_default();
        c.fft_size = n;
        c.sample_rate = fs;
        c.sample_type = STFTC_REAL;
        c.cepstrum = STFTC_CEPS_MFCC;
        c.n_filters = 26;
        const size_t nb = n / 2 + 1;
        for (int scale : { STFTC_MEL_HTK, STFTC_MEL_SLANEY }) {
            c.mel_scale = (stftc_mel_scale_t)scale;
            auto f = make_feat(c);
            const float* fb = stftc_features_filterbank(f.get());
            CPPUNIT_ASSERT(fb != nullptr);
            for (size_t m = 0; m < c.n_filters; m++) {
                double peak = 0, area = 0;
                for (size_t j = 0; j < nb; j++) {
                    peak = std::max(peak, (double)fb[m * nb + j]);
                    area += fb[m * nb + j] * fs / n;
                }
                if (scale == STFTC_MEL_HTK)
                    CPPUNIT_ASSERT(peak <= 1.0 + 1e-6 && peak > 0.5);
                else /* unit area (in Hz) within the bin discretisation */
                    CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, area, 0.15);
            }
            /* HTK mel of 1 kHz is 1000 mel: filter centres are equally spaced
             * on the scale, so the centre of filter m is mel^-1((m+1) M / 27) */
            if (scale == STFTC_MEL_HTK) {
                const double mmax = 2595 * std::log10(1 + 8000 / 700.0);
                const size_t m = 10;
                const double centre =
                    700 * (std::pow(10.0, (m + 1) * mmax / 27 / 2595) - 1);
                size_t jmax = 0;
                for (size_t j = 0; j < nb; j++)
                    if (fb[m * nb + j] > fb[m * nb + jmax])
                        jmax = j;
                CPPUNIT_ASSERT_DOUBLES_EQUAL(centre, jmax * fs / n, fs / n);
            }
        }
    }

    void testCepstraFlat()
    {
        /* flat spectrum, LFCC over the whole IQ band: every band energy is
         * the same (interior filters), so c0 = sqrt(nf) ln E and c_k ~ 0 */
        const size_t n = 1024;
        stftc_features_config_t c = complex_cfg(n, 1e6);
        c.cepstrum = STFTC_CEPS_LFCC;
        c.n_filters = 32;
        c.n_ceps = 8;
        auto f = make_feat(c);
        CPPUNIT_ASSERT_EQUAL((size_t)20, stftc_features_count(f.get()));
        fvec p(n, 2.0f), out(20);
        stftc_features_process(f.get(), p.data(), out.data());
        /* each filter spans 2 spacings of n/33 bins with peak 1: sum of
         * weights = n/33 bins (triangle area), energy = 2 n / 33 */
        const double e = 2.0 * n / 33.0;
        CPPUNIT_ASSERT_DOUBLES_EQUAL(std::sqrt(32.0) * std::log(e), out[12], 0.05);
        for (size_t k = 1; k < 8; k++)
            CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, out[12 + k], 0.05);
        /* lifter scales c_k by 1 + L/2 sin(pi (k+1)/L) */
        c.lifter = 22;
        auto g = make_feat(c);
        fvec out2(20);
        stftc_features_process(g.get(), p.data(), out2.data());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(out[12] * (1 + 11 * std::sin(M_PI / 22)),
                                     out2[12],
                                     1e-3 * std::fabs(out2[12]));
    }

    void testDeltasRamp()
    {
        /* P_t = exp(a t) flat: every ln E_m rises by a per frame, so c0 rises
         * by sqrt(nf) a, deltas of c0 equal that inside the sequence and the
         * delta-deltas are 0; edges follow the replicated sequence. */
        const size_t n = 128, T = 12, W = 2;
        const double a = 0.1;
        stftc_features_config_t c = complex_cfg(n, 1e3);
        c.cepstrum = STFTC_CEPS_LFCC;
        c.n_filters = 8;
        c.n_ceps = 3;
        c.deltas = 2;
        c.delta_width = W;
        auto f = make_feat(c);
        CPPUNIT_ASSERT_EQUAL(2 * W, stftc_features_delay(f.get()));
        const size_t cnt = stftc_features_count(f.get());
        CPPUNIT_ASSERT_EQUAL((size_t)(12 + 9), cnt);
        std::vector<fvec> outs;
        fvec out(cnt), p(n);
        std::vector<double> c0;
        for (size_t t = 0; t < T; t++) {
            std::fill(p.begin(), p.end(), (float)std::exp(a * t));
            if (stftc_features_process(f.get(), p.data(), out.data()))
                outs.push_back(out);
        }
        CPPUNIT_ASSERT_EQUAL(T - 2 * W, outs.size());
        while (stftc_features_flush(f.get(), out.data()))
            outs.push_back(out);
        CPPUNIT_ASSERT_EQUAL(T, outs.size());
        CPPUNIT_ASSERT_EQUAL(0, stftc_features_flush(f.get(), out.data()));
        const double slope = std::sqrt(8.0) * a;
        /* the energy column tells the frames apart: 10 log10(n e^{a t}) */
        for (size_t t = 0; t < T; t++)
            CPPUNIT_ASSERT_DOUBLES_EQUAL(
                10 * std::log10(n * std::exp(a * t)), outs[t][0], 1e-3);
        /* reference: HTK regression with replicated edges, done here */
        std::vector<double> cs(T), ds(T), dds(T);
        for (size_t t = 0; t < T; t++)
            cs[t] = outs[t][12];
        auto reg = [&](const std::vector<double>& x, std::vector<double>& y) {
            for (size_t t = 0; t < T; t++) {
                double s = 0;
                for (size_t k = 1; k <= W; k++) {
                    const size_t hi = std::min(T - 1, t + k);
                    const size_t lo = t >= k ? t - k : 0;
                    s += k * (x[hi] - x[lo]);
                }
                y[t] = s / 10.0; /* 2 (1 + 4) */
            }
        };
        reg(cs, ds);
        reg(ds, dds);
        for (size_t t = 0; t < T; t++) {
            CPPUNIT_ASSERT_DOUBLES_EQUAL(ds[t], outs[t][12 + 3], 1e-4);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(dds[t], outs[t][12 + 6], 1e-4);
        }
        CPPUNIT_ASSERT_DOUBLES_EQUAL(slope, outs[T / 2][12 + 3], 1e-4);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, outs[T / 2][12 + 6], 1e-4);
    }

    void testNames()
    {
        stftc_features_config_t c = complex_cfg(64, 1.0);
        c.cepstrum = STFTC_CEPS_LFCC;
        c.n_filters = 10;
        c.n_ceps = 4;
        c.deltas = 1;
        auto f = make_feat(c);
        CPPUNIT_ASSERT_EQUAL(std::string("energy_db"),
                             std::string(stftc_features_name(f.get(), 0)));
        CPPUNIT_ASSERT_EQUAL(std::string("obw_hz"),
                             std::string(stftc_features_name(f.get(), 11)));
        CPPUNIT_ASSERT_EQUAL(std::string("lfcc3"),
                             std::string(stftc_features_name(f.get(), 15)));
        CPPUNIT_ASSERT_EQUAL(std::string("d_lfcc0"),
                             std::string(stftc_features_name(f.get(), 16)));
        CPPUNIT_ASSERT(stftc_features_name(f.get(), 20) == nullptr);
    }

    void testErrors()
    {
        struct Case {
            void (*edit)(stftc_features_config_t&);
            const char* field;
        };
        const Case cases[] = {
            { [](stftc_features_config_t& c) { c.fft_size = 2; }, "fft_size" },
            { [](stftc_features_config_t& c) { c.sample_rate = 0; }, "sample_rate" },
            { [](stftc_features_config_t& c) { c.rolloff = 1.0; }, "rolloff" },
            { [](stftc_features_config_t& c) { c.obw = 0; }, "obw" },
            { [](stftc_features_config_t& c) { c.cepstrum = STFTC_CEPS_MFCC; }, "mfcc" },
            { [](stftc_features_config_t& c) { c.deltas = 1; }, "deltas" },
            { [](stftc_features_config_t& c) {
                 c.cepstrum = STFTC_CEPS_LFCC;
                 c.n_ceps = 50;
             },
              "n_ceps" },
            { [](stftc_features_config_t& c) {
                 c.cepstrum = STFTC_CEPS_LFCC;
                 c.fmin = 10;
                 c.fmax = 5;
             },
              "fmin/fmax" },
            { [](stftc_features_config_t& c) {
                 c.cepstrum = STFTC_CEPS_LFCC;
                 c.lifter = 0.5;
             },
              "lifter" },
            { [](stftc_features_config_t& c) {
                 c.sample_type = STFTC_REAL;
                 c.centered = 1;
             },
              "centered" },
            /* unused without cepstra, still refused */
            { [](stftc_features_config_t& c) { c.fmin = NAN; }, "fmin/fmax" },
            { [](stftc_features_config_t& c) { c.fmax = INFINITY; }, "fmin/fmax" },
            { [](stftc_features_config_t& c) { c.lifter = NAN; }, "lifter" },
            { [](stftc_features_config_t& c) { c.sample_rate = 1e300; }, "sample_rate" },
        };
        for (const auto& k : cases) {
            stftc_features_config_t c = complex_cfg(64, 1e3);
            k.edit(c);
            stftc_error_t e;
            CPPUNIT_ASSERT(stftc_features_create(&c, &e) == nullptr);
            CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, e.code);
            CPPUNIT_ASSERT_MESSAGE(std::string(k.field) + " in: " + e.msg,
                                   contains(e.msg, k.field));
        }
        stftc_ceps_t t;
        stftc_error_t e;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_features_parse_cepstrum("lfcc", &t, &e));
        CPPUNIT_ASSERT_EQUAL(STFTC_CEPS_LFCC, t);
        CPPUNIT_ASSERT(stftc_features_parse_cepstrum("mel", &t, &e) != STFTC_OK);
        CPPUNIT_ASSERT(contains(e.msg, "cepstrum"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FeaturesTest);

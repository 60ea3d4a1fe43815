/* Mask stage: threshold against an independently computed median, band
 * keep/reject against bin frequencies, bin_hz in every bin order, parsing,
 * runtime setters.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

using namespace tu;

namespace {

MaskPtr make_mask(const stftc_mask_config_t& m, const stftc_stft_config_t& s)
{
    stftc_error_t e;
    MaskPtr p(stftc_mask_create(&m, &s, &e));
    CPPUNIT_ASSERT_MESSAGE("mask_create: " + errtext(e), p != nullptr);
    return p;
}

/* numpy.median */
double median(std::vector<float> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * ((double)v[n / 2 - 1] + (double)v[n / 2]);
}

/* Frequency of bin i from the brief's definition, independent of the core. */
double ref_bin_hz(const stftc_stft_config_t& c, double fs, size_t i)
{
    const size_t N = c.fft_size;
    if (c.sample_type == STFTC_REAL)
        return (double)i * fs / (double)N;
    const size_t m = c.centered ? (i + N - N / 2) % N : i;
    return m < (N + 1) / 2 ? (double)m * fs / (double)N
                           : ((double)m - (double)N) * fs / (double)N;
}

/* A frame: power spread over ~6 decades, bins = sqrt(power) with random phase. */
void random_frame(std::mt19937& rng, size_t bins, fvec& x, fvec& p)
{
    std::uniform_real_distribution<double> u(-3.0, 3.0), ph(0, 2 * M_PI);
    x.assign(2 * bins, 0.0f);
    p.assign(bins, 0.0f);
    for (size_t i = 0; i < bins; i++) {
        const double pw = std::pow(10.0, u(rng));
        const double a = std::sqrt(pw), t = ph(rng);
        x[2 * i] = (float)(a * std::cos(t));
        x[2 * i + 1] = (float)(a * std::sin(t));
        p[i] = x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
    }
}

void check_threshold(stftc_mask_t* m,
                     const fvec& x,
                     const fvec& p,
                     double thr_db,
                     double floor_db,
                     const std::string& what)
{
    const size_t B = p.size();
    fvec g(B, NAN);
    stftc_mask_compute(m, x.data(), p.data(), g.data());
    const double level = median(p) * std::pow(10.0, thr_db / 10.0);
    const float fl = (float)std::pow(10.0, floor_db / 20.0);
    size_t kept = 0;
    for (size_t i = 0; i < B; i++) {
        std::ostringstream s;
        s << what << " thr " << thr_db << " floor " << floor_db << " bin " << i
          << " power " << p[i] << " level " << level << " gain " << g[i];
        CPPUNIT_ASSERT_MESSAGE(s.str(), g[i] >= fl * (1 - 1e-6f) && g[i] <= 1.0f);
        if (std::fabs(p[i] - level) <= 1e-5 * level)
            continue; /* too close to call in float */
        const double want = p[i] >= level ? 1.0 : (double)fl;
        kept += p[i] >= level;
        CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(s.str(), want, g[i], 1e-6 * want);
    }
    (void)kept;
}

stftc_mask_config_t threshold_cfg(double thr, double fl)
{
    stftc_mask_config_t m = stftc_mask_config_default();
    m.type = STFTC_MASK_THRESHOLD;
    m.threshold_db = thr;
    m.floor_db = fl;
    return m;
}

stftc_mask_config_t band_cfg(double fs, std::vector<double> bands, int reject, double fl)
{
    stftc_mask_config_t m = stftc_mask_config_default();
    m.type = STFTC_MASK_BAND;
    m.sample_rate = fs;
    m.floor_db = fl;
    m.nbands = bands.size() / 2;
    std::copy(bands.begin(), bands.end(), m.bands);
    m.band_reject = reject;
    return m;
}

void check_band(stftc_mask_t* m,
                const stftc_stft_config_t& c,
                double fs,
                const std::vector<double>& bands,
                int reject,
                double floor_db,
                const std::string& what)
{
    const size_t B = nbins(c);
    std::mt19937 rng(1);
    fvec x, p;
    random_frame(rng, B, x, p);
    fvec g(B, NAN);
    stftc_mask_compute(m, x.data(), p.data(), g.data());
    const float fl = (float)std::pow(10.0, floor_db / 20.0);
    size_t in = 0;
    for (size_t i = 0; i < B; i++) {
        const double f = ref_bin_hz(c, fs, i);
        bool inside = false;
        for (size_t b = 0; b + 1 < bands.size(); b += 2)
            inside = inside || (f >= bands[b] && f <= bands[b + 1]);
        in += inside;
        const double want = (inside != (reject != 0)) ? 1.0 : (double)fl;
        std::ostringstream s;
        s << what << (reject ? " reject" : " keep") << " bin " << i << " (" << f
          << " Hz)";
        CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(s.str(), want, g[i], 1e-6 * want);
    }
    CPPUNIT_ASSERT_MESSAGE(what + ": bands cover no bin", in > 0 && in < B);
}

} // namespace

class MaskTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MaskTest);
    CPPUNIT_TEST(testDefaults);
    CPPUNIT_TEST(testParseType);
    CPPUNIT_TEST(testParseBands);
    CPPUNIT_TEST(testNone);
    CPPUNIT_TEST(testThreshold);
    CPPUNIT_TEST(testThresholdTies);
    CPPUNIT_TEST(testThresholdSetters);
    CPPUNIT_TEST(testBinHz);
    CPPUNIT_TEST(testBand);
    CPPUNIT_TEST(testBandSetter);
    CPPUNIT_TEST(testComputeBypass);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDefaults()
    {
        stftc_mask_config_t m = stftc_mask_config_default();
        CPPUNIT_ASSERT_EQUAL((int)STFTC_MASK_NONE, (int)m.type);
        CPPUNIT_ASSERT_EQUAL(1.0, m.sample_rate);
        CPPUNIT_ASSERT_EQUAL(6.0, m.threshold_db);
        CPPUNIT_ASSERT_EQUAL(-60.0, m.floor_db);
        CPPUNIT_ASSERT_EQUAL((size_t)0, m.nbands);
        stftc_stft_config_t s = stftc_stft_config_default();
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_mask_config_check(&m, &s, nullptr));
        stftc_cleaner_config_t c = stftc_cleaner_config_default();
        CPPUNIT_ASSERT_EQUAL((size_t)1024, c.stft.fft_size);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_MASK_NONE, (int)c.mask.type);
    }

    void testParseType()
    {
        const struct {
            const char* t;
            stftc_mask_type_t type;
        } ok[] = { { "none", STFTC_MASK_NONE },
                   { "threshold", STFTC_MASK_THRESHOLD },
                   { "band", STFTC_MASK_BAND } };
        for (const auto& k : ok) {
            stftc_mask_type_t t = (stftc_mask_type_t)99;
            stftc_error_t e;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                k.t, (int)STFTC_OK, stftc_mask_parse_type(k.t, &t, &e));
            CPPUNIT_ASSERT_EQUAL((int)k.type, (int)t);
            CPPUNIT_ASSERT_EQUAL(std::string(k.t),
                                 std::string(stftc_mask_type_name(k.type)));
        }
        for (const char* bad : { "", "thresh0ld", "bandpass", "wiener?" }) {
            stftc_mask_type_t t;
            stftc_error_t e;
            int rc = stftc_mask_parse_type(bad, &t, &e);
            CPPUNIT_ASSERT_MESSAGE(bad, rc < 0);
            CPPUNIT_ASSERT_EQUAL(rc, e.code);
            CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "mask"));
        }
        CPPUNIT_ASSERT(stftc_mask_type_name((stftc_mask_type_t)99) != nullptr);
    }

    void testParseBands()
    {
        double b[2 * STFTC_MASK_MAX_BANDS];
        size_t n = 0;
        stftc_error_t e;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_mask_parse_bands("-30e3:30e3,100e3:150e3", b, &n, &e));
        CPPUNIT_ASSERT_EQUAL((size_t)2, n);
        CPPUNIT_ASSERT_EQUAL(-30e3, b[0]);
        CPPUNIT_ASSERT_EQUAL(30e3, b[1]);
        CPPUNIT_ASSERT_EQUAL(100e3, b[2]);
        CPPUNIT_ASSERT_EQUAL(150e3, b[3]);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_mask_parse_bands("0.5:2.25", b, &n, &e));
        CPPUNIT_ASSERT_EQUAL((size_t)1, n);
        CPPUNIT_ASSERT_EQUAL(2.25, b[1]);
        for (const char* bad : { "abc", "1:", ":2", "1;2", "1:2,x", "1-2" }) {
            int rc = stftc_mask_parse_bands(bad, b, &n, &e);
            CPPUNIT_ASSERT_MESSAGE(std::string("accepted '") + bad + "'", rc < 0);
            CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "bands"));
        }
        std::string many;
        for (int i = 0; i <= STFTC_MASK_MAX_BANDS; i++)
            many += (i ? "," : "") + std::to_string(i) + ":" + std::to_string(i) + ".5";
        CPPUNIT_ASSERT(stftc_mask_parse_bands(many.c_str(), b, &n, &e) < 0);
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "bands"));
    }

    void testNone()
    {
        stftc_stft_config_t s = cfg(16, 4, 0, "hann");
        stftc_mask_config_t m = stftc_mask_config_default();
        MaskPtr mk = make_mask(m, s);
        CPPUNIT_ASSERT_EQUAL((size_t)16, stftc_mask_bins(mk.get()));
        std::mt19937 rng(2);
        fvec x, p, g(16, NAN);
        random_frame(rng, 16, x, p);
        stftc_mask_compute(mk.get(), x.data(), p.data(), g.data());
        for (float v : g)
            CPPUNIT_ASSERT_EQUAL(1.0f, v);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_MASK_NONE,
                             (int)stftc_mask_config(mk.get())->type);
    }

    void testThreshold()
    {
        std::mt19937 rng(42);
        const stftc_stft_config_t scs[] = {
            cfg(15, 5, 0, "hann"),             /* 15 bins: odd */
            cfg(16, 4, 0, "hann"),             /* 16 bins: even, mean of middles */
            cfg(16, 4, 0, "hann", STFTC_REAL), /* 9 bins */
            cfg(30, 5, 0, "hann", STFTC_REAL), /* 16 bins */
            cfg(1024, 256, 0, "hann"),         /* 1024 */
            cfg(16, 4, 0, "hann", STFTC_COMPLEX, 1),
        };
        const double thrs[] = { 0.0, 6.0, -3.0, 20.0, 100.0, -100.0 };
        const double floors[] = { -60.0, -20.0, 0.0, -200.0 };
        for (const auto& s : scs)
            for (double thr : thrs)
                for (double fl : floors) {
                    MaskPtr m = make_mask(threshold_cfg(thr, fl), s);
                    CPPUNIT_ASSERT_EQUAL(nbins(s), stftc_mask_bins(m.get()));
                    for (int rep = 0; rep < 3; rep++) {
                        fvec x, p;
                        random_frame(rng, nbins(s), x, p);
                        check_threshold(
                            m.get(), x, p, thr, fl, "bins " + std::to_string(nbins(s)));
                    }
                }
    }

    void testThresholdTies()
    {
        /* all-equal power: every bin is at the level for 0 dB (kept, >=),
         * above it for -1 dB, below for +1 dB */
        stftc_stft_config_t s = cfg(8, 2, 0, "hann");
        fvec x(16, 0.0f), p(8, 4.0f), g(8);
        for (size_t i = 0; i < 8; i++)
            x[2 * i] = 2.0f;
        for (double thr : { -1.0, 0.0, 1.0 }) {
            MaskPtr m = make_mask(threshold_cfg(thr, -40.0), s);
            stftc_mask_compute(m.get(), x.data(), p.data(), g.data());
            for (float v : g)
                CPPUNIT_ASSERT_DOUBLES_EQUAL(thr <= 0.0 ? 1.0 : 0.01, v, 1e-7);
        }
        /* all-zero frame: median 0, power >= 0 everywhere: all kept, no NaN */
        fvec z(16, 0.0f), pz(8, 0.0f);
        MaskPtr m = make_mask(threshold_cfg(6.0, -40.0), s);
        stftc_mask_compute(m.get(), z.data(), pz.data(), g.data());
        for (float v : g)
            CPPUNIT_ASSERT(v == 1.0f || std::fabs(v - 0.01f) < 1e-7);
    }

    /* bypass through compute() as through process(): gains 1 (found by
     * fuzz_mask: compute() ignored it) */
    void testComputeBypass()
    {
        stftc_stft_config_t s = cfg(15, 5, 0, "hann");
        stftc_mask_config_t c = threshold_cfg(6.0, -60.0);
        c.bypass = 1;
        MaskPtr m = make_mask(c, s);
        std::mt19937 rng(9);
        fvec x, p;
        random_frame(rng, 15, x, p);
        fvec g(15, NAN), out(30, NAN);
        stftc_mask_compute(m.get(), x.data(), p.data(), g.data());
        for (float v : g)
            CPPUNIT_ASSERT_EQUAL(1.0f, v);
        stftc_mask_process(m.get(), x.data(), out.data(), g.data());
        for (size_t i = 0; i < 15; i++) {
            CPPUNIT_ASSERT_EQUAL(1.0f, g[i]);
            CPPUNIT_ASSERT_EQUAL(x[2 * i], out[2 * i]);
        }
        /* and without bypass some bins are cut (the frame spans 60 dB) */
        stftc_mask_config_t on = *stftc_mask_config(m.get());
        on.bypass = 0;
        stftc_error_t e;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_mask_set_config(m.get(), &on, &e));
        stftc_mask_compute(m.get(), x.data(), p.data(), g.data());
        CPPUNIT_ASSERT(*std::min_element(g.begin(), g.end()) < 0.5f);
    }

    void testThresholdSetters()
    {
        stftc_stft_config_t s = cfg(15, 5, 0, "hann");
        MaskPtr m = make_mask(threshold_cfg(6.0, -60.0), s);
        std::mt19937 rng(8);
        fvec x, p;
        random_frame(rng, 15, x, p);
        stftc_error_t e;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_mask_set_threshold_db(m.get(), -2.5, &e));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_mask_set_floor_db(m.get(), -33.0, &e));
        CPPUNIT_ASSERT_EQUAL(-2.5, stftc_mask_config(m.get())->threshold_db);
        CPPUNIT_ASSERT_EQUAL(-33.0, stftc_mask_config(m.get())->floor_db);
        check_threshold(m.get(), x, p, -2.5, -33.0, "after setters");
        /* range edges are accepted */
        for (double ok : { -100.0, 100.0 })
            CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                                 stftc_mask_set_threshold_db(m.get(), ok, &e));
        for (double ok : { -200.0, 0.0 })
            CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_mask_set_floor_db(m.get(), ok, &e));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_mask_set_threshold_db(m.get(), 3.0, &e));
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_mask_set_floor_db(m.get(), -50.0, &e));
        /* bad values are refused and change nothing */
        for (double bad : { 100.01, -100.01, (double)NAN, (double)INFINITY, 1e300 }) {
            int rc = stftc_mask_set_threshold_db(m.get(), bad, &e);
            CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, rc);
            CPPUNIT_ASSERT_EQUAL(rc, e.code);
            CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "threshold_db"));
        }
        for (double bad : { 0.01, -200.01, (double)NAN, -(double)INFINITY, 60.0 }) {
            int rc = stftc_mask_set_floor_db(m.get(), bad, &e);
            CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, rc);
            CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "floor_db"));
        }
        CPPUNIT_ASSERT_EQUAL(3.0, stftc_mask_config(m.get())->threshold_db);
        CPPUNIT_ASSERT_EQUAL(-50.0, stftc_mask_config(m.get())->floor_db);
        check_threshold(m.get(), x, p, 3.0, -50.0, "after refused setters");
        /* reset keeps the settings */
        stftc_mask_reset(m.get());
        check_threshold(m.get(), x, p, 3.0, -50.0, "after reset");
    }

    void testBinHz()
    {
        const double fs = 48000.0;
        const stftc_stft_config_t scs[] = {
            cfg(16, 4, 0, "hann"),
            cfg(15, 5, 0, "hann"),
            cfg(16, 4, 0, "hann", STFTC_COMPLEX, 1),
            cfg(15, 5, 0, "hann", STFTC_COMPLEX, 1),
            cfg(16, 4, 0, "hann", STFTC_REAL),
            cfg(15, 5, 0, "hann", STFTC_REAL),
            cfg(40000, 10000, 0, "hann", STFTC_COMPLEX, 1),
        };
        for (const auto& s : scs) {
            MaskPtr m = make_mask(band_cfg(fs, { 0.0, 1000.0 }, 0, -60), s);
            for (size_t i = 0; i < nbins(s); i++)
                CPPUNIT_ASSERT_DOUBLES_EQUAL(
                    ref_bin_hz(s, fs, i), stftc_mask_bin_hz(m.get(), i), 1e-9 * fs);
        }
        /* landmarks: complex natural N=16: bin 8 is -fs/2; centered: bin 8 is DC */
        MaskPtr a = make_mask(band_cfg(fs, { -1.0, 1.0 }, 0, -60), scs[0]);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(-fs / 2, stftc_mask_bin_hz(a.get(), 8), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(fs / 16, stftc_mask_bin_hz(a.get(), 1), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(-fs / 16, stftc_mask_bin_hz(a.get(), 15), 1e-9);
        MaskPtr c = make_mask(band_cfg(fs, { -1.0, 1.0 }, 0, -60), scs[2]);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, stftc_mask_bin_hz(c.get(), 8), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(-fs / 2, stftc_mask_bin_hz(c.get(), 0), 1e-9);
        MaskPtr c15 = make_mask(band_cfg(fs, { -1.0, 1.0 }, 0, -60), scs[3]);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, stftc_mask_bin_hz(c15.get(), 7), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(-7 * fs / 15, stftc_mask_bin_hz(c15.get(), 0), 1e-9);
        MaskPtr r = make_mask(band_cfg(fs, { 1.0, 2.0 }, 0, -60), scs[4]);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(fs / 2, stftc_mask_bin_hz(r.get(), 8), 1e-9);
    }

    void testBand()
    {
        const double fs = 1e6;
        /* bin spacing 15625 Hz at N=64: no edge falls on a bin centre */
        const std::vector<double> cb = { -100e3, 50e3, 200e3, 300e3 };
        const std::vector<double> rb = { 30e3, 110e3, 390e3, 500e3 };
        for (int reject : { 0, 1 })
            for (double fl : { -60.0, -200.0, 0.0 }) {
                stftc_stft_config_t s = cfg(64, 16, 0, "hann");
                MaskPtr m = make_mask(band_cfg(fs, cb, reject, fl), s);
                check_band(m.get(), s, fs, cb, reject, fl, "complex");
                s.centered = 1;
                MaskPtr mc = make_mask(band_cfg(fs, cb, reject, fl), s);
                check_band(mc.get(), s, fs, cb, reject, fl, "centered");
                stftc_stft_config_t sr = cfg(64, 16, 0, "hann", STFTC_REAL);
                MaskPtr mr = make_mask(band_cfg(fs, rb, reject, fl), sr);
                check_band(mr.get(), sr, fs, rb, reject, fl, "real");
                stftc_stft_config_t so = cfg(63, 21, 0, "hann");
                MaskPtr mo = make_mask(band_cfg(fs, cb, reject, fl), so);
                check_band(mo.get(), so, fs, cb, reject, fl, "complex N=63");
            }
        /* whole range, band edges exactly on bins are inclusive */
        stftc_stft_config_t s = cfg(16, 4, 0, "hann");
        const std::vector<double> edge = { -2.0 * fs / 16, 3.0 * fs / 16 };
        MaskPtr m = make_mask(band_cfg(fs, edge, 0, -60), s);
        check_band(m.get(), s, fs, edge, 0, -60, "edges");
    }

    void testBandSetter()
    {
        const double fs = 1e6;
        stftc_stft_config_t s = cfg(64, 16, 0, "hann");
        MaskPtr m = make_mask(band_cfg(fs, { -100e3, 50e3 }, 0, -60), s);
        const std::vector<double> nb = { -400e3, -300e3, 10e3, 90e3, 250e3, 260e3 };
        stftc_error_t e;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_mask_set_bands(m.get(), nb.data(), 3, 1, &e));
        CPPUNIT_ASSERT_EQUAL((size_t)3, stftc_mask_config(m.get())->nbands);
        check_band(m.get(), s, fs, nb, 1, -60, "after set_bands");
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_mask_set_floor_db(m.get(), -20, &e));
        check_band(m.get(), s, fs, nb, 1, -20, "after set_floor_db");

        const double bad[][2] = { { 50e3, 50e3 },   { 60e3, 50e3 }, { -600e3, 0.0 },
                                  { 0.0, 500.1e3 }, { NAN, 1e3 },   { 0.0, INFINITY } };
        for (const auto& b : bad) {
            int rc = stftc_mask_set_bands(m.get(), b, 1, 0, &e);
            std::ostringstream s2;
            s2 << "accepted band [" << b[0] << ", " << b[1] << "]";
            CPPUNIT_ASSERT_MESSAGE(s2.str(), rc == STFTC_ERR_INVALID_ARG);
            CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "bands"));
        }
        std::vector<double> many(2 * (STFTC_MASK_MAX_BANDS + 1));
        for (size_t i = 0; i <= STFTC_MASK_MAX_BANDS; i++) {
            many[2 * i] = (double)i * 1000.0;
            many[2 * i + 1] = (double)i * 1000.0 + 500.0;
        }
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_ERR_INVALID_ARG,
            stftc_mask_set_bands(m.get(), many.data(), STFTC_MASK_MAX_BANDS + 1, 0, &e));
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "bands"));
        /* the refused calls left the previous bands in place */
        check_band(m.get(), s, fs, nb, 1, -20, "after refused set_bands");
        /* real input: bands must lie in [0, fs/2] */
        stftc_stft_config_t sr = cfg(64, 16, 0, "hann", STFTC_REAL);
        MaskPtr mr = make_mask(band_cfg(fs, { 10e3, 20e3 }, 0, -60), sr);
        const double neg[2] = { -20e3, 10e3 };
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG,
                             stftc_mask_set_bands(mr.get(), neg, 1, 0, &e));
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, "bands"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MaskTest);

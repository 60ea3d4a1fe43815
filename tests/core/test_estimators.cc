/* CppUnit tests of the stateful mask estimators (gate, wiener, cfar, auto)
 * against analytic cases: the gain for a tone of known SNR in known noise,
 * the noise floor before and after a 10 dB step, stationary lines and the DC
 * spike, clicks, clean input, look-ahead latency, chunking and bad values.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <algorithm>

using namespace tu;

namespace {

const double FS = 256e3; /* N = 256 -> 1 kHz bins; hop 64 -> 0.25 ms */
const size_t N = 256, HOP = 64;

stftc_stft_config_t rf_stft()
{
    stftc_stft_config_t c = stftc_stft_config_default();
    c.fft_size = N;
    c.hop = HOP;
    return c;
}

stftc_mask_config_t est_cfg(stftc_mask_type_t type)
{
    stftc_mask_config_t m = stftc_mask_config_default();
    m.type = type;
    m.sample_rate = FS;
    return m;
}

/* complex white Gaussian noise of power p per sample, interleaved */
fvec cnoise(std::mt19937& rng, size_t n, double p)
{
    std::normal_distribution<float> g(0.0f, (float)std::sqrt(p / 2.0));
    fvec x(2 * n);
    for (auto& v : x)
        v = g(rng);
    return x;
}

void add_tone(fvec& x, double f, double amp, size_t from, size_t to)
{
    for (size_t t = from; t < to && 2 * t < x.size(); t++) {
        const double ph = 2.0 * M_PI * f * (double)t / FS;
        x[2 * t] += (float)(amp * std::cos(ph));
        x[2 * t + 1] += (float)(amp * std::sin(ph));
    }
}

struct Run {
    std::vector<fvec> gains;  /* gains[i]: output frame i - delay */
    std::vector<fvec> floors; /* noise floor after each input frame */
    size_t delay = 0;
    /* gains of frame f, f counted like the input frames */
    const fvec& at(size_t f) const { return gains[f + delay]; }
};

/* Frames of x through an stft and a mask object; gains of every output frame
 * and the assumed noise floor after every input frame. */
Run run_mask(const stftc_mask_config_t& mc, const fvec& x, bool want_floor = false)
{
    stftc_stft_config_t sc = rf_stft();
    StftPtr st = make_stft(sc);
    stftc_error_t err;
    MaskPtr m(stftc_mask_create(&mc, &sc, &err));
    CPPUNIT_ASSERT_MESSAGE(errtext(err), m != nullptr);
    fvec frames = stft_all(st.get(), x);
    const size_t nf = frames.size() / (2 * N);
    Run r;
    r.delay = stftc_mask_delay(m.get());
    fvec out(2 * N), g(N), fl(N);
    for (size_t k = 0; k < nf; k++) {
        stftc_mask_process(m.get(), &frames[k * 2 * N], out.data(), g.data());
        r.gains.push_back(g);
        if (want_floor) {
            CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                                 stftc_mask_get_noise_floor(m.get(), fl.data()));
            r.floors.push_back(fl);
        }
    }
    return r;
}

size_t frame_of(double seconds) { return (size_t)(seconds * FS / HOP); }

double db(double v) { return 10.0 * std::log10(v); }

} // namespace

class EstimatorTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EstimatorTest);
    CPPUNIT_TEST(testToneGainIsWiener);
    CPPUNIT_TEST(testNoiseFloorAndStep);
    CPPUNIT_TEST(testLinesAndDcSuppressed);
    CPPUNIT_TEST(testBurstTrainIsNotALine);
    CPPUNIT_TEST(testClickFloored);
    CPPUNIT_TEST(testSmoothingKeepsDcApart);
    CPPUNIT_TEST(testCleanInputPasses);
    CPPUNIT_TEST(testBypassLatencyAndChunks);
    CPPUNIT_TEST(testEveryEstimatorRuns);
    CPPUNIT_TEST(testBadValues);
    CPPUNIT_TEST(testRangeEnds);
    CPPUNIT_TEST(testLineGainAtDeepFloor);
    CPPUNIT_TEST(testRuntimeConfig);
    CPPUNIT_TEST(testPresenceGatesKeyedTone);
    CPPUNIT_TEST(testSteadyCarrierKept);
    CPPUNIT_TEST(testWideSteadySignalKept);
    CPPUNIT_TEST(testBurstAtSampleZero);
    CPPUNIT_TEST(testShortFile);
    CPPUNIT_TEST(testBurstTrainKept);
    CPPUNIT_TEST(testDigitalSilence);
    CPPUNIT_TEST(testRewindKeepsTheNoise);
    CPPUNIT_TEST_SUITE_END();

public:
    /* A tone on bin 20 with per-bin SNR xi = A^2 (sum w)^2 / (sigma^2 sum w^2)
     * = A^2 * 2N/3 for the periodic Hann window: auto keeps it with the
     * Wiener gain xi / (1 + xi). */
    void testToneGainIsWiener()
    {
        std::mt19937 rng(11);
        const double xi = 6.0, amp = std::sqrt(xi / (2.0 * N / 3.0));
        fvec x = cnoise(rng, (size_t)(1.6 * FS), 1.0);
        add_tone(x, 20e3, amp, (size_t)(1.0 * FS), (size_t)(1.4 * FS));
        stftc_mask_config_t mc = est_cfg(STFTC_MASK_AUTO);
        mc.lines = 0;
        Run r = run_mask(mc, x);
        double sum = 0.0, off = 0.0;
        size_t cnt = 0, offcnt = 0;
        for (size_t f = frame_of(1.1); f < frame_of(1.3); f++) {
            sum += r.at(f)[20];
            cnt++;
            for (size_t k = 60; k < 200; k++, offcnt++)
                off += r.at(f)[k] > 0.01f;
        }
        const double expect = xi / (1.0 + xi);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(expect, sum / cnt, 0.06);
        /* away from the tone the mask stays at the floor */
        CPPUNIT_ASSERT(off / offcnt < 0.01);
    }

    /* Noise of power 1 per sample is sum(w^2) = 3N/8 per bin. The floor is
     * within 1 dB of it, follows a 10 dB rise well within its window (2 s)
     * and a 10 dB fall within 0.3 s. */
    void testNoiseFloorAndStep()
    {
        std::mt19937 rng(5);
        fvec a = cnoise(rng, (size_t)(2.0 * FS), 1.0);
        fvec b = cnoise(rng, (size_t)(2.5 * FS), 10.0);
        fvec c = cnoise(rng, (size_t)(1.0 * FS), 1.0);
        fvec x(a);
        x.insert(x.end(), b.begin(), b.end());
        x.insert(x.end(), c.begin(), c.end());
        Run r = run_mask(est_cfg(STFTC_MASK_AUTO), x, true);
        const double unit = 3.0 * N / 8.0;
        auto mean_db = [&](size_t f) {
            double s = 0.0;
            for (size_t k = 0; k < N; k++)
                s += r.floors[f][k];
            return db(s / N / unit);
        };
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, mean_db(frame_of(1.9)), 1.0);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(10.0, mean_db(frame_of(2.0 + 1.0)), 1.0);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(10.0, mean_db(frame_of(4.4)), 1.0);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, mean_db(frame_of(4.5 + 0.3)), 1.0);
        /* per bin too, not only on average */
        for (size_t k = 0; k < N; k += 17)
            CPPUNIT_ASSERT_DOUBLES_EQUAL(
                10.0, db(r.floors[frame_of(4.4)][k] / unit), 2.0);
    }

    /* With line suppression asked for (lines = 1; off by default: carriers
     * are signal), a CW carrier 22 dB above the per-bin noise and a DC
     * offset that stay for the whole signal get the floor gain, while a short
     * tone burst of the same strength elsewhere is kept. */
    void testLinesAndDcSuppressed()
    {
        std::mt19937 rng(7);
        const size_t n = (size_t)(3.0 * FS);
        fvec x = cnoise(rng, n, 1.0);
        add_tone(x, 40e3, 1.0, 0, n);
        for (size_t t = 0; t < n; t++)
            x[2 * t] += 0.5f;
        add_tone(x, -70e3, 1.0, (size_t)(2.4 * FS), (size_t)(2.7 * FS));
        stftc_mask_config_t mc = est_cfg(STFTC_MASK_AUTO);
        mc.lines = 1;
        const float fl = (float)std::pow(10.0, mc.floor_db / 20.0);
        Run r = run_mask(mc, x);
        for (size_t f = frame_of(2.45); f < frame_of(2.65); f++) {
            for (size_t k :
                 { (size_t)39, (size_t)40, (size_t)41, (size_t)0, (size_t)1, N - 1 })
                CPPUNIT_ASSERT_DOUBLES_EQUAL(fl, r.at(f)[k], 1e-6);
            CPPUNIT_ASSERT(r.at(f)[N - 70] > 0.9f);
        }
    }

    /* A burst train on one frequency (30 ms every 100 ms) raises every
     * super-frame mean of its bins just as a carrier does, but it is not
     * stationary: auto keeps its bursts, while a carrier beside it still
     * gets the floor (line suppression asked for). */
    void testBurstTrainIsNotALine()
    {
        std::mt19937 rng(5);
        const size_t n = (size_t)(4.0 * FS);
        fvec x = cnoise(rng, n, 1.0);
        for (size_t s = 0; s + (size_t)(0.03 * FS) < n; s += (size_t)(0.1 * FS))
            add_tone(x, 40e3, 1.0, s, s + (size_t)(0.03 * FS));
        add_tone(x, -70e3, 1.0, 0, n);
        stftc_mask_config_t mc = est_cfg(STFTC_MASK_AUTO);
        mc.lines = 1;
        const float fl = (float)std::pow(10.0, mc.floor_db / 20.0);
        Run r = run_mask(mc, x);
        size_t kept = 0, total = 0;
        for (double b0 = 2.0; b0 < 3.9; b0 += 0.1) /* burst middles, after 2 s */
            for (size_t f = frame_of(b0 + 0.01); f < frame_of(b0 + 0.02); f++, total++)
                kept += r.at(f)[40] > 0.5f;
        CPPUNIT_ASSERT_MESSAGE(std::to_string(kept) + " of " + std::to_string(total),
                               kept >= total * 9 / 10);
        for (size_t f = frame_of(2.0); f < frame_of(3.9); f += 7)
            CPPUNIT_ASSERT_DOUBLES_EQUAL(fl, r.at(f)[N - 70], 1e-6);
    }

    /* A 20 us click 40 dB above the noise RMS: its frames get the floor
     * everywhere, while a tone burst around it is kept. */
    void testClickFloored()
    {
        std::mt19937 rng(9);
        fvec x = cnoise(rng, (size_t)(2.0 * FS), 1.0);
        add_tone(x, 30e3, 0.5, (size_t)(1.2 * FS), (size_t)(1.8 * FS));
        const size_t at = (size_t)(1.5 * FS);
        for (size_t t = at; t < at + 5; t++)
            x[2 * t] += 100.0f;
        Run r = run_mask(est_cfg(STFTC_MASK_AUTO), x);
        const float fl = (float)std::pow(10.0, -60.0 / 20.0);
        /* frames k hold x[kH - (L - H) .. kH + H - 1] */
        const size_t fc = (at + N - HOP) / HOP;
        size_t floored = 0;
        for (size_t f = fc - 3; f <= fc; f++)
            floored += r.at(f)[100] <= fl * 1.001f && r.at(f)[30] <= fl * 1.001f;
        CPPUNIT_ASSERT(floored >= 2);
        CPPUNIT_ASSERT(r.at(frame_of(1.4))[30] > 0.9f);
        CPPUNIT_ASSERT(r.at(frame_of(1.6))[30] > 0.9f);
        /* bins away from the tone are at the floor right after the click */
        CPPUNIT_ASSERT(r.at(fc + 20)[100] <= fl * 1.001f);
    }

    /* Gain smoothing over 5 bins: DC keeps its own (floor) gain and does not
     * pull down the bins beside it, which carry a burst. */
    void testSmoothingKeepsDcApart()
    {
        std::mt19937 rng(21);
        const size_t n = (size_t)(2.0 * FS);
        fvec x = cnoise(rng, n, 1.0);
        for (size_t t = 0; t < n; t++)
            x[2 * t] += 0.5f; /* DC offset for the whole signal */
        for (int f = -6; f <= 6; f++)
            if (f != 0)
                add_tone(x, f * 1e3, 0.3, (size_t)(1.4 * FS), (size_t)(1.8 * FS));
        stftc_mask_config_t mc = est_cfg(STFTC_MASK_AUTO);
        mc.smooth_freq = 5e3;
        mc.lines = 1; /* the offset is a line: the floor gain */
        mc.dc = 0;    /* (not removed first) */
        const float fl = (float)std::pow(10.0, mc.floor_db / 20.0);
        Run r = run_mask(mc, x);
        const fvec& g = r.at(frame_of(1.6));
        (void)fl;
        /* smoothed like any bin, DC would take the burst's gain around it */
        CPPUNIT_ASSERT(g[0] < 0.2f * g[4]);
        /* and the bins beside its main lobe (bins N - 1, 0, 1) keep most of
         * the burst's gain */
        CPPUNIT_ASSERT(g[3] > 0.6f * g[5]);
        CPPUNIT_ASSERT(g[N - 3] > 0.6f * g[N - 5]);
    }

    /* No noise at all: bursts in exact zeros come through whole. */
    void testCleanInputPasses()
    {
        fvec x(2 * (size_t)(1.5 * FS), 0.0f);
        add_tone(x, 25e3, 0.3, (size_t)(0.3 * FS), (size_t)(0.6 * FS));
        add_tone(x, -50e3, 0.1, (size_t)(0.9 * FS), (size_t)(1.2 * FS));
        stftc_cleaner_config_t cc = stftc_cleaner_config_default();
        cc.stft = rf_stft();
        cc.mask = est_cfg(STFTC_MASK_AUTO);
        CleanerPtr c = make_cleaner(cc);
        const size_t n = x.size() / 2 / HOP * HOP;
        fvec y(2 * n);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_cleaner_process(c.get(), x.data(), y.data(), n));
        const size_t d = stftc_cleaner_latency(c.get());
        double sig = 0.0, err = 0.0, out = 0.0;
        for (size_t t = 0; t + d < n; t++)
            for (int q = 0; q < 2; q++) {
                const double ref = x[2 * t + q], est = y[2 * (t + d) + q];
                sig += ref * ref;
                out += est * est;
                err += (est - ref) * (est - ref);
            }
        CPPUNIT_ASSERT(db(sig / err) > 30.0);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, db(out / sig), 1.0);
    }

    /* Bypass: the output is the input delayed by the latency, which counts
     * the look-ahead; any chunking of whole hops gives the same output. */
    void testBypassLatencyAndChunks()
    {
        std::mt19937 rng(3);
        const size_t n = 64 * HOP * 10;
        fvec x = cnoise(rng, n, 1.0);
        add_tone(x, 12e3, 2.0, n / 3, n / 2);
        stftc_cleaner_config_t cc = stftc_cleaner_config_default();
        cc.stft = rf_stft();
        cc.mask = est_cfg(STFTC_MASK_AUTO);
        cc.mask.bypass = 1;
        CleanerPtr c = make_cleaner(cc);
        stftc_mask_t* m = stftc_cleaner_mask(c.get());
        const size_t d = stftc_cleaner_latency(c.get());
        CPPUNIT_ASSERT(stftc_mask_delay(m) > 0);
        CPPUNIT_ASSERT_EQUAL(N - HOP + stftc_mask_delay(m) * HOP, d);
        fvec y(2 * n);
        stftc_cleaner_process(c.get(), x.data(), y.data(), n);
        CPPUNIT_ASSERT(delayed_error(x, y, d, 2) <= 1e-5 * rms(x.data(), x.size()));

        cc.mask.bypass = 0;
        CleanerPtr one = make_cleaner(cc), many = make_cleaner(cc);
        fvec y1(2 * n), y2(2 * n);
        stftc_cleaner_process(one.get(), x.data(), y1.data(), n);
        std::uniform_int_distribution<size_t> hops(1, 40);
        for (size_t at = 0; at < n;) {
            size_t len = hops(rng) * HOP;
            if (at + len > n)
                len = n - at;
            stftc_cleaner_process(many.get(), &x[2 * at], &y2[2 * at], len);
            at += len;
        }
        CPPUNIT_ASSERT_EQUAL(0.0, max_abs_diff(y1.data(), y2.data(), 2 * n));
    }

    /* Every estimator gives finite gains in [floor, 1] and reacts to a strong
     * tone burst more than to noise alone. */
    void testEveryEstimatorRuns()
    {
        std::mt19937 rng(13);
        fvec x = cnoise(rng, (size_t)(1.0 * FS), 1.0);
        add_tone(x, 50e3, 0.5, (size_t)(0.6 * FS), (size_t)(0.9 * FS));
        for (stftc_mask_type_t t :
             { STFTC_MASK_GATE, STFTC_MASK_WIENER, STFTC_MASK_CFAR, STFTC_MASK_AUTO }) {
            stftc_mask_config_t mc = est_cfg(t);
            const float fl = (float)std::pow(10.0, mc.floor_db / 20.0);
            Run r = run_mask(mc, x);
            /* counted, then asserted once: a CppUnit assert per gain builds
             * its message strings a million times (most of this test's time
             * under valgrind) */
            size_t bad = 0;
            for (const auto& g : r.gains)
                for (float v : g)
                    bad += !(std::isfinite(v) && v >= fl * 0.999f && v <= 1.0f);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(stftc_mask_type_name(t), (size_t)0, bad);
            const fvec& burst = r.at(frame_of(0.75));
            double away = 0.0;
            for (size_t k = 100; k < 200; k++)
                away += burst[k];
            CPPUNIT_ASSERT_MESSAGE(stftc_mask_type_name(t),
                                   burst[50] > 2.0 * away / 100.0);
            CPPUNIT_ASSERT_MESSAGE(stftc_mask_type_name(t), burst[50] > 0.5f);
        }
    }

    void testBadValues()
    {
        stftc_stft_config_t sc = rf_stft();
        struct Case {
            const char* field;
            void (*set)(stftc_mask_config_t&);
        } cases[] = {
            { "region_freq", [](stftc_mask_config_t& m) { m.region_freq = 500.0; } },
            { "region_time", [](stftc_mask_config_t& m) { m.region_time = 1e-5; } },
            { "noise_window", [](stftc_mask_config_t& m) { m.noise_window = 1e-3; } },
            { "pfa", [](stftc_mask_config_t& m) { m.pfa = 0.0; } },
            { "pfa", [](stftc_mask_config_t& m) { m.pfa = NAN; } },
            { "lookahead", [](stftc_mask_config_t& m) { m.lookahead = 10.0; } },
            { "smooth_time", [](stftc_mask_config_t& m) { m.smooth_time = 1e-6; } },
            { "smooth_freq", [](stftc_mask_config_t& m) { m.smooth_freq = 10.0; } },
            { "hysteresis_db", [](stftc_mask_config_t& m) { m.hysteresis_db = -1.0; } },
            { "xi_min_db", [](stftc_mask_config_t& m) { m.xi_min_db = 3.0; } },
            { "dd_alpha", [](stftc_mask_config_t& m) { m.dd_alpha = 1.0; } },
            { "lines", [](stftc_mask_config_t& m) { m.lines = 2; } },
            { "presence", [](stftc_mask_config_t& m) { m.presence = 2; } },
            { "presence", [](stftc_mask_config_t& m) { m.presence = -2; } },
            { "line_db", [](stftc_mask_config_t& m) { m.line_db = INFINITY; } },
            { "impulse_db", [](stftc_mask_config_t& m) { m.impulse_db = 0.0; } },
            { "hang_time", [](stftc_mask_config_t& m) { m.hang_time = 1e9; } },
            { "gate_slope_db", [](stftc_mask_config_t& m) { m.gate_slope_db = 0.0; } },
            { "bypass", [](stftc_mask_config_t& m) { m.bypass = 7; } },
            { "sample_rate", [](stftc_mask_config_t& m) { m.sample_rate = 1e300; } },
            { "sample_rate", [](stftc_mask_config_t& m) { m.sample_rate = 1e-300; } },
            { "sample_rate", [](stftc_mask_config_t& m) { m.sample_rate = NAN; } },
        };
        for (const Case& c : cases) {
            stftc_mask_config_t mc = est_cfg(STFTC_MASK_AUTO);
            c.set(mc);
            stftc_error_t err;
            stftc_mask_t* m = stftc_mask_create(&mc, &sc, &err);
            CPPUNIT_ASSERT_MESSAGE(c.field, m == nullptr);
            CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, err.code);
            CPPUNIT_ASSERT_MESSAGE(std::string(c.field) + " not named in: " + err.msg,
                                   contains(err.msg, c.field));
        }
    }

    /* The ends of the allowed ranges build an estimator at once: an hour of
     * noise window at 1 THz is 1.4e13 frames, which costs nothing (only the
     * window's few correlation lags are computed). */
    void testRangeEnds()
    {
        stftc_stft_config_t sc = rf_stft();
        for (double fs : { 1e-3, 1e12 }) {
            stftc_mask_config_t mc = est_cfg(STFTC_MASK_AUTO);
            mc.sample_rate = fs;
            mc.noise_window = fs > 1.0 ? 3600.0 : 0.0;
            stftc_error_t err;
            MaskPtr m(stftc_mask_create(&mc, &sc, &err));
            CPPUNIT_ASSERT_MESSAGE(errtext(err), m != nullptr);
            fvec in(2 * N, 0.25f), out(2 * N), g(N);
            for (int k = 0; k < 8; k++)
                stftc_mask_process(m.get(), in.data(), out.data(), g.data());
            for (float v : g)
                CPPUNIT_ASSERT(std::isfinite(v) && v >= 0.0f && v <= 1.0f);
        }
    }

    /* A floor far below float rounding of a gain near 1 (-180 dB): the line
     * bins of gate and wiener get exactly the floor, not 0. */
    void testLineGainAtDeepFloor()
    {
        std::mt19937 rng(11);
        const size_t n = (size_t)(3.0 * FS);
        fvec x = cnoise(rng, n, 1.0);
        add_tone(x, 40e3, 1.0, 0, n);
        for (stftc_mask_type_t type : { STFTC_MASK_GATE, STFTC_MASK_WIENER }) {
            stftc_mask_config_t mc = est_cfg(type);
            mc.floor_db = -180.0;
            mc.lines = 1;
            const float fl = (float)std::pow(10.0, mc.floor_db / 20.0);
            Run r = run_mask(mc, x);
            for (size_t f = frame_of(2.5); f < frame_of(2.6); f++)
                CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, r.at(f)[40] / fl, 1e-5);
        }
    }

    /* The mean gain of bins [k0, k1) (FFT order, wrapping) over frames
     * [f0, f1). */
    static double mean_gain(const Run& r, size_t f0, size_t f1, long k0, long k1)
    {
        double s = 0.0;
        size_t c = 0;
        for (size_t f = f0; f < f1; f++)
            for (long k = k0; k < k1; k++, c++)
                s += r.at(f)[(size_t)((k + (long)N) % (long)N)];
        return s / (double)c;
    }

    /* A carrier that never switches off, 10 dB over the noise in 1 kHz (one
     * bin), is signal: kept at full gain long after the 2 s noise window,
     * while the noise elsewhere stays at the floor. */
    void testSteadyCarrierKept()
    {
        std::mt19937 rng(31);
        const size_t n = (size_t)(4.0 * FS);
        fvec x = cnoise(rng, n, 1.0);
        add_tone(x, 40e3, std::sqrt(10.0 * 1e3 / FS * 1.0) * 4.0, 0, n);
        stftc_mask_config_t mc = est_cfg(STFTC_MASK_AUTO);
        const float fl = (float)std::pow(10.0, mc.floor_db / 20.0);
        Run r = run_mask(mc, x);
        for (double t : { 0.05, 1.0, 2.5, 3.8 }) {
            CPPUNIT_ASSERT_MESSAGE(std::to_string(t), r.at(frame_of(t))[40] > 0.9f);
            CPPUNIT_ASSERT(r.at(frame_of(t))[N - 70] <= fl * 1.001f);
        }
    }

    /* A signal filling 60 % of the band for the whole file, 6 dB over the
     * noise in its band (sharp edges): kept with its level (gain >= 0.89,
     * -1 dB, in the middle of its band), the noise outside at the floor. */
    void testWideSteadySignalKept()
    {
        std::mt19937 rng(33);
        const size_t n = (size_t)(3.0 * FS);
        fvec x = cnoise(rng, n, 1.0);
        /* the signal: the sum of tones on every bin of +-30 % of the band
         * with random phases, 6 dB over the noise per bin */
        std::uniform_real_distribution<double> ph(0.0, 2.0 * M_PI);
        const long half = (long)(0.3 * N);
        const double amp = std::sqrt(4.0 * 1.0 / N) * 2.0;
        std::vector<double> p0(2 * half + 1);
        for (auto& v : p0)
            v = ph(rng);
        for (size_t t = 0; t < n; t++) {
            double re = 0.0, im = 0.0;
            for (long j = -half; j <= half; j++) {
                const double a =
                    2.0 * M_PI * (double)j * (double)t / (double)N + p0[j + half];
                re += std::cos(a);
                im += std::sin(a);
            }
            x[2 * t] += (float)(amp * re);
            x[2 * t + 1] += (float)(amp * im);
        }
        stftc_mask_config_t mc = est_cfg(STFTC_MASK_AUTO);
        const float fl = (float)std::pow(10.0, mc.floor_db / 20.0);
        Run r = run_mask(mc, x);
        for (double t : { 0.5, 2.5 }) {
            const size_t f = frame_of(t);
            const double g_in = mean_gain(r, f, f + 20, -half / 2, half / 2);
            CPPUNIT_ASSERT_MESSAGE(std::to_string(g_in), g_in > 0.8);
            CPPUNIT_ASSERT(mean_gain(r, f, f + 20, half + 8, (long)N - half - 8) <
                           10.0 * fl);
        }
    }

    /* A tone burst that opens the recording (sample 0 to 30 ms, 10 dB over
     * the noise in one bin) is kept from its first frames. */
    void testBurstAtSampleZero()
    {
        std::mt19937 rng(35);
        const size_t n = (size_t)(0.068 * FS);
        fvec x = cnoise(rng, n, 1.0);
        add_tone(x, -50e3, std::sqrt(10.0 * 1e3 / FS) * 4.0, 0, (size_t)(0.03 * FS));
        Run r = run_mask(est_cfg(STFTC_MASK_AUTO), x);
        const double g = mean_gain(r, frame_of(0.004), frame_of(0.026), -50, -49);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(g), g > 0.8);
        /* and the noise after it is not kept */
        CPPUNIT_ASSERT(mean_gain(r, frame_of(0.04), frame_of(0.06), 20, 120) < 0.1);
    }

    /* A 10 ms recording (shorter than the region and the noise window) that a
     * tone fills: the tone is kept, the noise is not. */
    void testShortFile()
    {
        std::mt19937 rng(37);
        const size_t n = (size_t)(0.010 * FS);
        fvec x = cnoise(rng, n, 1.0);
        add_tone(x, 30e3, std::sqrt(10.0 * 1e3 / FS) * 4.0, 0, n);
        Run r = run_mask(est_cfg(STFTC_MASK_AUTO), x);
        const size_t nf = r.gains.size() - r.delay;
        const double g = mean_gain(r, 4, nf - 4, 30, 31);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(g), g > 0.8);
        CPPUNIT_ASSERT(mean_gain(r, 4, nf - 4, 60, 200) < 0.1);
    }

    /* Eleven similar bursts every 110 ms on one frequency (30 ms each): every
     * one of them kept, the last as well as the first. */
    void testBurstTrainKept()
    {
        std::mt19937 rng(39);
        const size_t n = (size_t)(1.3 * FS);
        fvec x = cnoise(rng, n, 1.0);
        std::vector<size_t> starts;
        for (int i = 0; i < 11; i++) {
            const size_t s0 = (size_t)((0.05 + 0.11 * i) * FS);
            starts.push_back(s0);
            add_tone(
                x, 20e3, std::sqrt(10.0 * 1e3 / FS) * 2.0, s0, s0 + (size_t)(0.03 * FS));
        }
        Run r = run_mask(est_cfg(STFTC_MASK_AUTO), x);
        for (size_t s0 : starts) {
            const size_t f = (s0 + (size_t)(0.008 * FS)) / HOP;
            const double g = mean_gain(r, f, f + (size_t)(0.014 * FS) / HOP, 20, 21);
            CPPUNIT_ASSERT_MESSAGE(std::to_string(s0) + ": " + std::to_string(g),
                                   g > 0.8);
        }
    }

    /* Idle stretches of exact zeros (a recorder's digital silence) are not
     * noise: after 0.8 s of zeros the floor is still the noise's, so the
     * noise is removed and a burst kept. */
    void testDigitalSilence()
    {
        std::mt19937 rng(41);
        const size_t n = (size_t)(3.0 * FS);
        fvec x = cnoise(rng, n, 1.0);
        for (size_t t = (size_t)(1.0 * FS); t < (size_t)(1.8 * FS); t++)
            x[2 * t] = x[2 * t + 1] = 0.0f;
        for (size_t t = (size_t)(2.2 * FS); t < n; t++)
            x[2 * t] = x[2 * t + 1] = 0.0f;
        add_tone(x,
                 60e3,
                 std::sqrt(10.0 * 1e3 / FS) * 2.0,
                 (size_t)(1.9 * FS),
                 (size_t)(2.1 * FS));
        Run r = run_mask(est_cfg(STFTC_MASK_AUTO), x);
        CPPUNIT_ASSERT(mean_gain(r, frame_of(1.95), frame_of(2.05), 60, 61) > 0.8);
        CPPUNIT_ASSERT(mean_gain(r, frame_of(1.85), frame_of(2.15), 100, 200) < 0.05);
        for (size_t f = frame_of(2.3); f < r.gains.size() - r.delay; f++)
            for (float g : r.at(f))
                CPPUNIT_ASSERT(std::isfinite(g));
    }

    /* File mode: rewind starts the stream again (the look-ahead frames come
     * out as zeros again) but keeps the floor learnt; reset forgets it. */
    void testRewindKeepsTheNoise()
    {
        std::mt19937 rng(43);
        const size_t n = (size_t)(0.5 * FS);
        fvec x = cnoise(rng, n, 4.0);
        stftc_stft_config_t sc = rf_stft();
        StftPtr st = make_stft(sc);
        stftc_mask_config_t mc = est_cfg(STFTC_MASK_AUTO);
        stftc_error_t err;
        MaskPtr m(stftc_mask_create(&mc, &sc, &err));
        CPPUNIT_ASSERT_MESSAGE(errtext(err), m != nullptr);
        fvec frames = stft_all(st.get(), x);
        const size_t nf = frames.size() / (2 * N), d = stftc_mask_delay(m.get());
        CPPUNIT_ASSERT(d > 0);
        fvec out(2 * N), g(N), f1(N), f2(N);
        for (size_t k = 0; k < nf; k++)
            stftc_mask_process(m.get(), &frames[k * 2 * N], out.data(), g.data());
        stftc_mask_get_noise_floor(m.get(), f1.data());
        /* the floor learnt: 4 x the window's energy per bin, within 1 dB */
        double mean = 0.0;
        for (float v : f1)
            mean += v / (double)N;
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, db(mean / (4.0 * 3.0 * N / 8.0)), 1.0);
        stftc_mask_rewind(m.get());
        stftc_mask_get_noise_floor(m.get(), f2.data());
        for (size_t k = 0; k < N; k++)
            CPPUNIT_ASSERT_EQUAL(f1[k], f2[k]);
        /* the stream restarts: the first d output frames are zeros */
        for (size_t k = 0; k < d; k++) {
            stftc_mask_process(m.get(), &frames[k * 2 * N], out.data(), g.data());
            for (float v : out)
                CPPUNIT_ASSERT_EQUAL(0.0f, v);
        }
        stftc_mask_reset(m.get());
        stftc_mask_get_noise_floor(m.get(), f2.data());
        CPPUNIT_ASSERT(std::fabs(db(f2[5] / f1[5])) > 10.0);
    }

    void testRuntimeConfig()
    {
        stftc_stft_config_t sc = rf_stft();
        stftc_mask_config_t mc = est_cfg(STFTC_MASK_CFAR);
        stftc_error_t err;
        MaskPtr m(stftc_mask_create(&mc, &sc, &err));
        CPPUNIT_ASSERT(m != nullptr);
        stftc_mask_config_t next = mc;
        next.pfa = 1e-6;
        next.bypass = 1;
        next.smooth_freq = 3e3;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK, stftc_mask_set_config(m.get(), &next, &err));
        CPPUNIT_ASSERT_EQUAL(1, stftc_mask_config(m.get())->bypass);
        next.presence = 0; /* constructor-only */
        CPPUNIT_ASSERT(stftc_mask_set_config(m.get(), &next, &err) != STFTC_OK);
        CPPUNIT_ASSERT(contains(err.msg, "presence"));
        next.presence = mc.presence;
        next.region_time = 0.01; /* constructor-only */
        CPPUNIT_ASSERT(stftc_mask_set_config(m.get(), &next, &err) != STFTC_OK);
        CPPUNIT_ASSERT(contains(err.msg, "region_time"));
        next = *stftc_mask_config(m.get());
        next.pfa = 2.0; /* out of range: nothing changes */
        CPPUNIT_ASSERT(stftc_mask_set_config(m.get(), &next, &err) != STFTC_OK);
        CPPUNIT_ASSERT(contains(err.msg, "pfa"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1e-6, stftc_mask_config(m.get())->pfa, 1e-18);
        /* the stateless masks have no floor to show */
        stftc_mask_config_t th = est_cfg(STFTC_MASK_THRESHOLD);
        MaskPtr t(stftc_mask_create(&th, &sc, &err));
        fvec fl(N);
        CPPUNIT_ASSERT(stftc_mask_get_noise_floor(t.get(), fl.data()) != STFTC_OK);
        CPPUNIT_ASSERT_EQUAL((size_t)0, stftc_mask_delay(t.get()));
    }

    /* Presence gating: a tone keyed on for 1 ms in every 5 ms (per-bin SNR
     * 20 dB when on) is present a fraction q of about 0.3 of the frames, so its
     * fourth moment reads about 1/q, well above a Gaussian signal's 2. With
     * presence on, the gain of its bin follows the keying: the frames
     * between the pulses (noise only) get a small fraction of the gain of
     * the frames on a pulse. With presence off the fine time gate does it
     * for the whole run of the tone's bins: the 4 ms between pulses are
     * longer than a window and hold noise alone, so they take the floor (the
     * pooled Wiener gain used to be held over the whole burst). A steady
     * tone (fourth moment 1) keeps the
     * Wiener gain in both cases (testToneGainIsWiener runs with the
     * default, on). And presence = 1 where the region is too small for the
     * moments (3 x 3 cells) is refused, naming the field. */
    void testPresenceGatesKeyedTone()
    {
        std::mt19937 rng(21);
        const double xi = 100.0, amp = std::sqrt(xi / (2.0 * N / 3.0));
        fvec x = cnoise(rng, (size_t)(1.6 * FS), 1.0);
        const size_t period = (size_t)(5e-3 * FS), on = (size_t)(1e-3 * FS);
        for (size_t t0 = (size_t)(1.0 * FS); t0 < (size_t)(1.4 * FS); t0 += period)
            add_tone(x, 20e3, amp, t0, t0 + on);
        double ratio[2];
        for (int presence = 0; presence < 2; presence++) {
            stftc_mask_config_t mc = est_cfg(STFTC_MASK_AUTO);
            mc.lines = 0;
            mc.presence = presence;
            Run r = run_mask(mc, x);
            fvec g;
            for (size_t f = frame_of(1.1); f < frame_of(1.3); f++)
                g.push_back(r.at(f)[20]);
            std::sort(g.begin(), g.end());
            const double lo = g[g.size() / 10], hi = g[g.size() * 9 / 10];
            CPPUNIT_ASSERT(hi > 0.3); /* the keyed tone is kept */
            ratio[presence] = lo / hi;
        }
        CPPUNIT_ASSERT_MESSAGE("presence off: " + std::to_string(ratio[0]),
                               ratio[0] < 0.3);
        CPPUNIT_ASSERT_MESSAGE("presence on: " + std::to_string(ratio[1]),
                               ratio[1] < 0.3);

        stftc_stft_config_t sc = stftc_stft_config_default();
        sc.fft_size = 512;
        sc.hop = 128;
        sc.sample_type = STFTC_REAL;
        stftc_mask_config_t mc = est_cfg(STFTC_MASK_AUTO);
        mc.sample_rate = 16e3;
        mc.presence = 1;
        stftc_error_t err;
        MaskPtr m(stftc_mask_create(&mc, &sc, &err));
        CPPUNIT_ASSERT(m == nullptr);
        CPPUNIT_ASSERT_MESSAGE(err.msg, contains(err.msg, "presence"));
        mc.presence = -1; /* auto: off there */
        MaskPtr ok(stftc_mask_create(&mc, &sc, &err));
        CPPUNIT_ASSERT_MESSAGE(errtext(err), ok != nullptr);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EstimatorTest);

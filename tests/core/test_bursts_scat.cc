/* The burst segmenter's per-burst scattering summary (bursts.h, scattering
 * = 1). Reference: the scattering transform run here straight on the time
 * signal (no STFT, no ISTFT), its frames averaged over each reported burst
 * [start_sample, stop_sample) by their centres: this checks the
 * reconstruction, the sample index of every scattering frame (the ISTFT
 * latency, first_center, frames skipped at the start), the moments, the
 * end-of-stream frames and the delay line; plus mirrored order-1 means for
 * tones at +f and -f, names, delays and config errors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"

#include <stftclean/bursts.h>
#include <stftclean/scattering.h>

#include <set>

using namespace tu;

namespace {

struct BurstsDel {
    void operator()(stftc_bursts_t* p) const { stftc_bursts_destroy(p); }
};
using BurstsPtr = std::unique_ptr<stftc_bursts_t, BurstsDel>;
struct ScatDel {
    void operator()(stftc_scattering_t* p) const { stftc_scattering_destroy(p); }
};
using ScatPtr = std::unique_ptr<stftc_scattering_t, ScatDel>;

const size_t N = 256, HOP = 64;
const double FS = 256e3;

stftc_bursts_config_t scat_cfg()
{
    stftc_bursts_config_t c = stftc_bursts_config_default();
    c.features.fft_size = N;
    c.features.sample_rate = FS;
    c.hop = HOP;
    c.first_center = (int64_t)HOP - (int64_t)N / 2;
    c.noise_window = 0.05;
    c.min_duration = 0.002;
    c.hang = 0.002;
    c.scattering = 1;
    c.scat.J = 6; /* T = 64, stride 16 */
    c.scat.Q1 = 4;
    return c;
}

/* A burst as reported, with copies of its summary. */
struct Rec {
    uint64_t start, stop;
    size_t frames;
    std::vector<double> mean, std;
};

/* x (complex) through the STFT; frames from skip on go to the detector
 * (first_center moved by skip hops), the frame and its power. */
std::vector<Rec> run(stftc_bursts_config_t c,
                     const std::vector<cd>& x,
                     size_t skip,
                     size_t nan_frame = SIZE_MAX)
{
    c.first_center += (int64_t)(skip * HOP);
    stftc_error_t e;
    BurstsPtr b(stftc_bursts_create(&c, &e));
    CPPUNIT_ASSERT_MESSAGE(errtext(e), b != nullptr);
    const size_t ns = stftc_scattering_count(stftc_bursts_scattering(b.get()));
    StftPtr st = make_stft(tu::cfg(N, HOP, 0, "hann"));
    fvec in(2 * (x.size() + N), 0.0f);
    for (size_t i = 0; i < x.size(); i++) {
        in[2 * i] = (float)x[i].real();
        in[2 * i + 1] = (float)x[i].imag();
    }
    const size_t total = in.size() / 2;
    fvec frames(2 * N * (stftc_stft_frames_for(st.get(), total) + 1)), power(N);
    const size_t nf = stftc_stft_process(st.get(), in.data(), total, frames.data());
    std::vector<Rec> out;
    auto keep = [&](int f, const stftc_burst_t& ev) {
        if (!(f & STFTC_BURST_ENDED))
            return;
        Rec r{ ev.start_sample, ev.stop_sample, ev.scat_frames, {}, {} };
        CPPUNIT_ASSERT(ev.scat_mean && ev.scat_std);
        r.mean.assign(ev.scat_mean, ev.scat_mean + ns);
        r.std.assign(ev.scat_std, ev.scat_std + ns);
        out.push_back(r);
    };
    stftc_burst_t ev;
    for (size_t k = skip; k < nf; k++) {
        float* fr = frames.data() + 2 * N * k;
        if (k == nan_frame)
            std::fill(fr, fr + 2 * N, NAN);
        stftc_vec_mag2(power.data(), fr, N);
        keep(stftc_bursts_process_frame(b.get(), fr, power.data(), nullptr, &ev), ev);
    }
    int f, calls = 0;
    while ((f = stftc_bursts_flush(b.get(), &ev)) != 0) {
        keep(f, ev);
        CPPUNIT_ASSERT(++calls < 100000);
    }
    return out;
}

/* The reference frames of x (zeros after it): frame m centred on m stride. */
std::vector<fvec> reference(const stftc_bursts_config_t& bc, const std::vector<cd>& x)
{
    stftc_scattering_config_t c = bc.scat;
    c.sample_type = STFTC_COMPLEX;
    c.sample_rate = FS;
    c.stride = 16;
    stftc_error_t e;
    ScatPtr s(stftc_scattering_create(&c, &e));
    CPPUNIT_ASSERT_MESSAGE(errtext(e), s != nullptr);
    const size_t n = x.size() + stftc_scattering_latency(s.get()) + 4 * N;
    fvec in(2 * n, 0.0f);
    for (size_t i = 0; i < x.size(); i++) {
        in[2 * i] = (float)x[i].real();
        in[2 * i + 1] = (float)x[i].imag();
    }
    const size_t cnt = stftc_scattering_count(s.get());
    fvec out(cnt * stftc_scattering_frames_for(s.get(), n));
    const size_t nf = stftc_scattering_process(s.get(), in.data(), n, out.data());
    std::vector<fvec> fr(nf);
    for (size_t i = 0; i < nf; i++)
        fr[i].assign(out.begin() + i * cnt, out.begin() + (i + 1) * cnt);
    return fr;
}

void add_tone(std::vector<cd>& x, size_t a, size_t b, double f, double amp)
{
    for (size_t i = a; i < b && i < x.size(); i++)
        x[i] += amp * std::polar(1.0, 2 * M_PI * f * (double)i / FS);
}

std::vector<cd> noise(size_t n, double sigma, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> g(0.0, sigma);
    std::vector<cd> x(n);
    for (auto& v : x)
        v = cd(g(rng), g(rng));
    return x;
}

} // namespace

class BurstsScatTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(BurstsScatTest);
    CPPUNIT_TEST(testMatchesDirectScattering);
    CPPUNIT_TEST(testMirroredTones);
    CPPUNIT_TEST(testNamesAndDelays);
    CPPUNIT_TEST(testErrors);
    CPPUNIT_TEST(testOffUnchanged);
    CPPUNIT_TEST(testNonFiniteFrame);
    CPPUNIT_TEST_SUITE_END();

public:
    /* An FSK burst, an AM burst and a burst still open at the end; the
     * frames from frame 3 (the first wholly inside x: the energy floor must
     * not see the zero prefix) and from frame 8. */
    void testMatchesDirectScattering()
    {
        const stftc_bursts_config_t c = scat_cfg();
        std::vector<cd> x = noise(120000, 0.05, 1);
        for (size_t a = 30000; a < 45000; a += 500)
            add_tone(x, a, a + 500, (a / 500) % 2 ? 40e3 : 60e3, 1.0);
        for (size_t i = 60000; i < 75000; i++)
            x[i] += (0.6 + 0.4 * std::sin(2 * M_PI * 300.0 * (double)i / FS)) *
                    std::polar(1.0, -2 * M_PI * 30e3 * (double)i / FS);
        add_tone(x, 110000, 120000, 10e3, 1.0);
        const std::vector<fvec> ref = reference(c, x);
        const int64_t stride = 16;
        for (size_t skip : { 3, 8 }) {
            const std::vector<Rec> got = run(c, x, skip);
            CPPUNIT_ASSERT_EQUAL((size_t)3, got.size());
            double worst = 0.0;
            for (const Rec& r : got) {
                std::vector<size_t> sel;
                for (size_t m = 0; m < ref.size(); m++) {
                    const int64_t centre = (int64_t)m * stride;
                    if (centre >= (int64_t)r.start && centre < (int64_t)r.stop)
                        sel.push_back(m);
                }
                CPPUNIT_ASSERT_EQUAL(sel.size(), r.frames);
                CPPUNIT_ASSERT(r.frames > 100);
                for (size_t i = 0; i < r.mean.size(); i++) {
                    double s = 0.0, s2 = 0.0;
                    for (size_t m : sel)
                        s += ref[m][i];
                    const double mu = s / (double)sel.size();
                    for (size_t m : sel)
                        s2 += (ref[m][i] - mu) * (ref[m][i] - mu);
                    const double sd = std::sqrt(s2 / (double)sel.size());
                    worst = std::max(worst, std::fabs(r.mean[i] - mu));
                    worst = std::max(worst, std::fabs(r.std[i] - sd));
                }
            }
            /* float32 STFT -> ISTFT reconstruction (about 1e-7 of the
             * peak) seen through log(S + 1e-6) with S at least the noise's:
             * a few 1e-6 (measured 3e-6); a frame index off by one stride
             * gives 1e-2 */
            CPPUNIT_ASSERT_MESSAGE("worst " + std::to_string(worst), worst < 1e-4);
            /* the last one, closed by flush, reaches the end of x */
            CPPUNIT_ASSERT(got.back().stop + HOP >= 120000);
        }
    }

    /* A tone burst at +f and one at -f: mirrored order-1 means. */
    void testMirroredTones()
    {
        const stftc_bursts_config_t c = scat_cfg();
        std::vector<cd> xp = noise(60000, 0.05, 2);
        add_tone(xp, 20000, 40000, 37e3, 1.0);
        /* the mirror image of the whole recording, noise included */
        std::vector<cd> xm(xp.size());
        std::transform(
            xp.begin(), xp.end(), xm.begin(), [](cd v) { return std::conj(v); });
        const std::vector<Rec> p = run(c, xp, 3), m = run(c, xm, 3);
        CPPUNIT_ASSERT_EQUAL((size_t)1, p.size());
        CPPUNIT_ASSERT_EQUAL((size_t)1, m.size());
        stftc_error_t e;
        BurstsPtr b(stftc_bursts_create(&c, &e));
        const stftc_scattering_t* s = stftc_bursts_scattering(b.get());
        const stftc_scattering_coef_t* co = stftc_scattering_coefs(s);
        const size_t cnt = stftc_scattering_count(s);
        size_t pairs = 0, peak = 0;
        for (size_t i = 0; i < cnt; i++) {
            if (co[i].order != 1)
                continue;
            if (p[0].mean[i] > p[0].mean[peak] || co[peak].order != 1)
                peak = i;
            for (size_t j = 0; j < cnt; j++)
                if (co[j].order == 1 && std::fabs(co[j].xi_hz + co[i].xi_hz) < 1e-6) {
                    CPPUNIT_ASSERT_DOUBLES_EQUAL(p[0].mean[i], m[0].mean[j], 1e-3);
                    CPPUNIT_ASSERT_DOUBLES_EQUAL(p[0].std[i], m[0].std[j], 1e-3);
                    pairs++;
                }
        }
        CPPUNIT_ASSERT_EQUAL(stftc_scattering_order1_count(s), pairs);
        /* the strongest order-1 coefficient is at the tone, and it is not
         * symmetric: +f and -f are told apart */
        CPPUNIT_ASSERT(co[peak].xi_hz > 20e3 && co[peak].xi_hz < 60e3);
        size_t mirror = 0;
        for (size_t j = 0; j < cnt; j++)
            if (co[j].order == 1 && std::fabs(co[j].xi_hz + co[peak].xi_hz) < 1e-6)
                mirror = j;
        CPPUNIT_ASSERT(p[0].mean[peak] > p[0].mean[mirror] + 3.0);
    }

    void testNamesAndDelays()
    {
        stftc_bursts_config_t c = scat_cfg();
        stftc_error_t e;
        BurstsPtr b(stftc_bursts_create(&c, &e));
        CPPUNIT_ASSERT(b);
        const stftc_scattering_t* s = stftc_bursts_scattering(b.get());
        const size_t cnt = stftc_scattering_count(s);
        stftc_bursts_config_t off = c;
        off.scattering = 0;
        BurstsPtr b0(stftc_bursts_create(&off, &e));
        CPPUNIT_ASSERT(b0 && !stftc_bursts_scattering(b0.get()));
        const size_t n0 = stftc_bursts_nfields(b0.get());
        CPPUNIT_ASSERT_EQUAL(n0 + 1 + 2 * cnt, stftc_bursts_nfields(b.get()));
        std::set<std::string> names;
        char buf[96];
        for (size_t i = 0; i < stftc_bursts_nfields(b.get()); i++) {
            CPPUNIT_ASSERT_EQUAL(0, stftc_bursts_field_name(b.get(), i, buf, sizeof buf));
            names.insert(buf);
            if (i < n0) {
                char b0n[96];
                stftc_bursts_field_name(b0.get(), i, b0n, sizeof b0n);
                CPPUNIT_ASSERT_EQUAL(std::string(b0n), std::string(buf));
            }
        }
        CPPUNIT_ASSERT_EQUAL(stftc_bursts_nfields(b.get()), names.size());
        stftc_bursts_field_name(b.get(), n0, buf, sizeof buf);
        CPPUNIT_ASSERT_EQUAL(std::string("scat_frames"), std::string(buf));
        stftc_bursts_field_name(b.get(), n0 + 1, buf, sizeof buf);
        CPPUNIT_ASSERT_EQUAL(std::string("scat0_mean"), std::string(buf));
        const stftc_scattering_coef_t* co = stftc_scattering_coefs(s);
        for (size_t i = 0; i < cnt; i++) {
            stftc_bursts_field_name(b.get(), n0 + 1 + i, buf, sizeof buf);
            const std::string nm(buf);
            const std::string pre = co[i].order == 0   ? "scat0"
                                    : co[i].order == 1 ? "scat1_"
                                                       : "scat2_";
            CPPUNIT_ASSERT_MESSAGE(nm, nm.rfind(pre, 0) == 0);
            CPPUNIT_ASSERT_MESSAGE(nm,
                                   nm.size() > 5 && nm.substr(nm.size() - 5) == "_mean");
            if (co[i].order == 1)
                CPPUNIT_ASSERT_MESSAGE(nm, nm[6] == (co[i].xi_hz < 0 ? '-' : '+'));
            stftc_bursts_field_name(b.get(), n0 + 1 + cnt + i, buf, sizeof buf);
            CPPUNIT_ASSERT_EQUAL(nm.substr(0, nm.size() - 5) + "_std", std::string(buf));
        }
        CPPUNIT_ASSERT_EQUAL(-1,
                             stftc_bursts_field_name(b.get(), 1 + 2 * cnt + n0, buf, 96));
        /* the delay line: ceil((ceil(L/2) - floor(H/2) + latency) / H) */
        const size_t lat = stftc_scattering_latency(s);
        const size_t r = (N / 2 - HOP / 2 + lat + HOP - 1) / HOP;
        CPPUNIT_ASSERT_EQUAL(r, stftc_bursts_scattering_delay(b.get()));
        CPPUNIT_ASSERT_EQUAL(stftc_bursts_decision_delay(b0.get()) + r,
                             stftc_bursts_decision_delay(b.get()));
        CPPUNIT_ASSERT_EQUAL((size_t)0, stftc_bursts_scattering_delay(b0.get()));
        CPPUNIT_ASSERT_EQUAL((size_t)16, stftc_scattering_stride(s));
    }

    void testErrors()
    {
        stftc_error_t e;
        auto fails = [&](stftc_bursts_config_t c, const char* field) {
            BurstsPtr b(stftc_bursts_create(&c, &e));
            CPPUNIT_ASSERT_MESSAGE(field, !b);
            CPPUNIT_ASSERT_MESSAGE(errtext(e), std::string(e.msg).rfind(field, 0) == 0);
        };
        stftc_bursts_config_t c = scat_cfg();
        c.scat.J = 0;
        fails(c, "scat_J:");
        c = scat_cfg();
        c.scat.Q1 = 99;
        fails(c, "scat_Q1:");
        c = scat_cfg();
        c.scat.T = 1;
        fails(c, "scat_T:");
        c = scat_cfg();
        c.scattering = 2;
        fails(c, "scattering:");
        c = scat_cfg();
        c.hop = N; /* hann with hop = L: not NOLA, cannot be inverted */
        fails(c, "scattering:");
        CPPUNIT_ASSERT(contains(e.msg, "NOLA"));
        c = scat_cfg();
        c.window_len = N + 1;
        fails(c, "window_len:");
        /* the same with the summary off: no ISTFT, no check */
        c = scat_cfg();
        c.scattering = 0;
        c.hop = N;
        c.scat.J = 0;
        BurstsPtr ok(stftc_bursts_create(&c, &e));
        CPPUNIT_ASSERT_MESSAGE(errtext(e), ok != nullptr);
    }

    /* A NaN frame (a driver glitch) just after the first burst, inside
     * its scattering support: it goes into the ISTFT as zeros, so the
     * first burst's summary stays finite and the second one's is that of
     * a run without it. */
    void testNonFiniteFrame()
    {
        const stftc_bursts_config_t c = scat_cfg();
        std::vector<cd> x = noise(140000, 0.05, 4);
        add_tone(x, 20000, 40000, 37e3, 1.0);
        add_tone(x, 100000, 120000, -20e3, 1.0);
        const size_t nan_frame = 40500 / HOP + 3; /* centred 40500 */
        const std::vector<Rec> a = run(c, x, 3), b = run(c, x, 3, nan_frame);
        CPPUNIT_ASSERT_EQUAL((size_t)2, a.size());
        CPPUNIT_ASSERT_EQUAL(a.size(), b.size());
        for (size_t i = 0; i < a.size(); i++) {
            CPPUNIT_ASSERT(b[i].frames > 100);
            for (size_t j = 0; j < a[i].mean.size(); j++) {
                CPPUNIT_ASSERT(std::isfinite(b[i].mean[j]) && std::isfinite(b[i].std[j]));
                if (i == 1)
                    CPPUNIT_ASSERT_DOUBLES_EQUAL(a[i].mean[j], b[i].mean[j], 1e-5);
            }
        }
    }

    /* The summary off: process_frame is process, events as before. */
    void testOffUnchanged()
    {
        stftc_bursts_config_t c = scat_cfg();
        c.scattering = 0;
        std::vector<cd> x = noise(60000, 0.05, 3);
        add_tone(x, 20000, 40000, 37e3, 1.0);
        stftc_error_t e;
        BurstsPtr a(stftc_bursts_create(&c, &e)), b(stftc_bursts_create(&c, &e));
        StftPtr st = make_stft(tu::cfg(N, HOP, 0, "hann"));
        fvec in(2 * x.size());
        for (size_t i = 0; i < x.size(); i++) {
            in[2 * i] = (float)x[i].real();
            in[2 * i + 1] = (float)x[i].imag();
        }
        fvec frames(2 * N * (stftc_stft_frames_for(st.get(), x.size()) + 1)), power(N);
        const size_t nf =
            stftc_stft_process(st.get(), in.data(), x.size(), frames.data());
        stftc_burst_t ea, eb;
        int events = 0;
        for (size_t k = 3; k < nf; k++) {
            const float* fr = frames.data() + 2 * N * k;
            stftc_vec_mag2(power.data(), fr, N);
            const int fa = stftc_bursts_process(a.get(), power.data(), nullptr, &ea);
            const int fb =
                stftc_bursts_process_frame(b.get(), fr, power.data(), nullptr, &eb);
            CPPUNIT_ASSERT_EQUAL(fa, fb);
            if (fa & STFTC_BURST_ENDED) {
                CPPUNIT_ASSERT_EQUAL(ea.start_sample, eb.start_sample);
                CPPUNIT_ASSERT(!eb.scat_mean);
                events++;
            }
        }
        CPPUNIT_ASSERT_EQUAL(1, events);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BurstsScatTest);

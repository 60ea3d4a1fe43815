/* Phase reconstruction from magnitudes: GLA, fast GLA, PGHI, real-time PGHI.
 * Spectral convergence is measured with an independent double-precision
 * STFT (phase_test_signals.h), against the floors of issue 4 (Hann, N 1024,
 * hop 256).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"
#include "phase_test_signals.h"

#include <stftclean/phase.h>
#include <cstdio>
#include <cstdlib>

using namespace tu;

namespace {

struct PhaseDel {
    void operator()(stftc_phase_t* p) const { stftc_phase_destroy(p); }
};
struct RtDel {
    void operator()(stftc_rtpghi_t* p) const { stftc_rtpghi_destroy(p); }
};
using PhasePtr = std::unique_ptr<stftc_phase_t, PhaseDel>;
using RtPtr = std::unique_ptr<stftc_rtpghi_t, RtDel>;
struct RsDel {
    void operator()(stftc_rtisila_t* p) const { stftc_rtisila_destroy(p); }
};
using RsPtr = std::unique_ptr<stftc_rtisila_t, RsDel>;

/* STFTCLEAN_TEST_SMALL set (the valgrind runs): half-length signals, the
 * same floors (every one holds on them too). */
bool small_mode()
{
    const char* v = std::getenv("STFTCLEAN_TEST_SMALL");
    return v && *v && std::string(v) != "0";
}
const bool kSmall = small_mode();

const size_t kN = 1024, kH = 256;
const size_t kSpeechLen = kSmall ? 16000 : 32000; /* 2 s at 16 kHz (1 s small) */
const size_t kRfLen = kSmall ? 30000 : 60000;

/* speech_like(n), made once: its first n samples do not depend on its
 * length (sample by sample from one random stream), and making it costs
 * more than most tests under valgrind */
fvec speech(size_t n)
{
    static const fvec whole = pts::speech_like(kSpeechLen);
    CPPUNIT_ASSERT(n <= whole.size());
    return fvec(whole.begin(), whole.begin() + (long)n);
}

/* A test case: a signal in the reconstruction's own framing (frame k is
 * y[kH : kH + L]), its magnitudes and framing. */
struct Case {
    pts::Frame fr;
    stftc_stft_config_t cfg;
    fvec y;
    fvec S;
    size_t nf;
};

Case make_case(const fvec& x,
               bool cplx,
               size_t n = kN,
               size_t h = kH,
               size_t l = 0,
               const char* win = "hann")
{
    Case c;
    const size_t L = l ? l : n;
    std::string kind(win);
    double sigma = 0.125;
    if (kind.rfind("gaussian:", 0) == 0) {
        sigma = std::stod(kind.substr(9));
        kind = "gaussian";
    }
    c.fr = pts::make_frame(n, L, h, cplx, kind.c_str(), sigma);
    c.cfg = tu::cfg(n, h, l, win, cplx ? STFTC_COMPLEX : STFTC_REAL);
    const size_t spf = cplx ? 2 : 1, ns = x.size() / spf;
    c.nf = c.fr.frames(ns);
    c.y.assign(x.begin(), x.begin() + (long)(((c.nf - 1) * h + L) * spf));
    c.S = pts::ref_mag(c.fr, c.y);
    return c;
}

stftc_phase_config_t
pcfg(const Case& c, stftc_phase_init_t init, size_t iters, double momentum)
{
    stftc_phase_config_t p = stftc_phase_config_default();
    p.stft = c.cfg;
    p.max_frames = c.nf;
    p.init = init;
    p.iterations = iters;
    p.momentum = momentum;
    p.seed = 3;
    return p;
}

PhasePtr make_phase(const stftc_phase_config_t& p)
{
    stftc_error_t e;
    PhasePtr ph(stftc_phase_create(&p, &e));
    CPPUNIT_ASSERT_MESSAGE("phase_create: " + errtext(e), ph != nullptr);
    return ph;
}

/* Reconstruct and return the independently measured SC (dB); checks that
 * the SC the core reports agrees with the reference. */
double run(const Case& c,
           stftc_phase_init_t init,
           size_t iters,
           double momentum,
           const char* what,
           fvec* out = nullptr,
           const fvec* given = nullptr)
{
    PhasePtr ph = make_phase(pcfg(c, init, iters, momentum));
    const size_t len = stftc_phase_signal_len(ph.get(), c.nf);
    fvec y(len * (c.fr.cplx ? 2 : 1));
    stftc_phase_result_t r;
    CPPUNIT_ASSERT_EQUAL(
        (int)STFTC_OK,
        stftc_phase_reconstruct(
            ph.get(), c.S.data(), c.nf, given ? given->data() : nullptr, y.data(), &r));
    const double sc = pts::ref_sc(c.fr, c.S, y);
    std::printf("  %-36s SC %7.2f dB (core %7.2f, init %7.2f, %zu it)\n",
                what,
                sc,
                r.sc_db,
                r.init_sc_db,
                r.iterations);
    if (std::isfinite(sc) && sc > -60)
        CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(what, sc, r.sc_db, 0.05);
    if (out)
        *out = y;
    return sc;
}

/* Real-time PGHI through the streaming object and its ISTFT; the output
 * realigned by the reported latency, SC against the reference. With
 * file_edges, the first and last L - H samples, which an endless stream's
 * dual window under-weights in a finite file, are rescaled to the
 * least-squares synthesis from the frames that exist (gain
 * sum_{all k} w^2 / sum_{existing k} w^2, at most 100), as
 * 'stftclean reconstruct' synthesises a file. */
double run_rt(const Case& c, int lookahead, const char* what, bool file_edges = false)
{
    stftc_rtpghi_config_t rc = stftc_rtpghi_config_default();
    rc.stft = c.cfg;
    rc.lookahead = lookahead;
    stftc_error_t e;
    RtPtr rt(stftc_rtpghi_create(&rc, &e));
    CPPUNIT_ASSERT_MESSAGE("rtpghi_create: " + errtext(e), rt != nullptr);
    const size_t L = c.fr.l, H = c.fr.h, B = c.fr.bins(), spf = c.fr.cplx ? 2 : 1;
    const size_t lat = stftc_rtpghi_latency(rt.get());
    CPPUNIT_ASSERT_EQUAL(L - H + (size_t)lookahead * H, lat);
    /* the magnitudes plus enough silent frames to flush the latency */
    const size_t extra = (lat + L) / H + 2;
    fvec S = c.S;
    S.resize((c.nf + extra) * B, 0.0f);
    fvec z((c.nf + extra) * H * spf);
    /* feed in uneven chunks: the stream must not care */
    size_t pos = 0, chunk = 1;
    while (pos < c.nf + extra) {
        const size_t k = std::min(chunk, c.nf + extra - pos);
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_OK,
            stftc_rtpghi_process(
                rt.get(), S.data() + pos * B, k, z.data() + pos * H * spf));
        pos += k;
        chunk = chunk % 5 + 1;
    }
    /* frames were those of y = xp: stream output t rebuilds y[t - la H] */
    const size_t shift = (size_t)lookahead * H;
    fvec y(z.begin() + (long)(shift * spf),
           z.begin() + (long)((shift + c.y.size() / spf) * spf));
    if (file_edges) {
        const size_t len = y.size() / spf;
        double wmax = 0.0;
        for (double v : c.fr.w)
            wmax = std::max(wmax, v * v);
        for (size_t j = 0; j < len; j++) {
            double all = 0.0, have = 0.0;
            for (size_t i = j % H; i < L; i += H) {
                const double w2 = c.fr.w[i] * c.fr.w[i];
                all += w2;
                if (j >= i && (j - i) / H < c.nf)
                    have += w2;
            }
            const double g = all > 1e-10 * wmax ? all / std::max(have, 0.01 * all) : 0.0;
            for (size_t q = 0; q < spf; q++)
                y[j * spf + q] = (float)(y[j * spf + q] * g);
        }
    }
    const double sc = pts::ref_sc(c.fr, c.S, y);
    std::printf("  %-36s SC %7.2f dB (latency %zu)\n", what, sc, lat);
    return sc;
}

/* RTISI-LA through its streaming object, realigned by its latency. */
double run_rs(const Case& c,
              size_t lookahead,
              size_t iters,
              const char* what,
              double momentum = -1.0)
{
    stftc_rtisila_config_t rc = stftc_rtisila_config_default();
    rc.stft = c.cfg;
    rc.lookahead = lookahead;
    rc.iterations = iters;
    if (momentum >= 0.0)
        rc.momentum = momentum;
    stftc_error_t e;
    RsPtr rs(stftc_rtisila_create(&rc, &e));
    CPPUNIT_ASSERT_MESSAGE("rtisila_create: " + errtext(e), rs != nullptr);
    const size_t L = c.fr.l, H = c.fr.h, B = c.fr.bins(), spf = c.fr.cplx ? 2 : 1;
    const size_t lat = stftc_rtisila_latency(rs.get());
    CPPUNIT_ASSERT_EQUAL(L - H + lookahead * H, lat);
    const size_t extra = (lat + L) / H + 2;
    fvec S = c.S;
    S.resize((c.nf + extra) * B, 0.0f);
    fvec z((c.nf + extra) * H * spf);
    size_t pos = 0, chunk = 1;
    while (pos < c.nf + extra) {
        const size_t k = std::min(chunk, c.nf + extra - pos);
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_OK,
            stftc_rtisila_process(
                rs.get(), S.data() + pos * B, k, z.data() + pos * H * spf));
        pos += k;
        chunk = chunk % 3 + 1;
    }
    const size_t shift = lookahead * H;
    fvec y(z.begin() + (long)(shift * spf),
           z.begin() + (long)((shift + c.y.size() / spf) * spf));
    const double sc = pts::ref_sc(c.fr, c.S, y);
    std::printf("  %-36s SC %7.2f dB (latency %zu)\n", what, sc, lat);
    return sc;
}

} // namespace

class PhaseTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PhaseTest);
    CPPUNIT_TEST(testConfigErrors);
    CPPUNIT_TEST(testTruePhasePerfect);
    CPPUNIT_TEST(testWrongConventionGuard);
    CPPUNIT_TEST(testGlaMonotone);
    CPPUNIT_TEST(testFglaSpeech);
    CPPUNIT_TEST(testPghiSpeech);
    CPPUNIT_TEST(testPghiRf);
    CPPUNIT_TEST(testIqOfRealSignal);
    CPPUNIT_TEST(testPghiWindows);
    CPPUNIT_TEST(testRtpghiSpeech);
    CPPUNIT_TEST(testRtpghiFramesAndLatency);
    CPPUNIT_TEST(testRtisila);
    CPPUNIT_TEST(testChirpIq);
    CPPUNIT_TEST(testEarlyStop);
    CPPUNIT_TEST(testFglaMatchesPlainReference);
    CPPUNIT_TEST_SUITE_END();

public:
    void testConfigErrors()
    {
        stftc_error_t e;
        stftc_phase_config_t p = stftc_phase_config_default();
        p.momentum = 2.0;
        CPPUNIT_ASSERT(stftc_phase_create(&p, &e) == nullptr);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, e.code);
        CPPUNIT_ASSERT(contains(e.msg, "momentum"));
        p = stftc_phase_config_default();
        p.max_frames = 0;
        CPPUNIT_ASSERT(stftc_phase_create(&p, &e) == nullptr);
        CPPUNIT_ASSERT(contains(e.msg, "max_frames"));
        p = stftc_phase_config_default();
        p.pghi_tol = 0.0;
        CPPUNIT_ASSERT(stftc_phase_create(&p, &e) == nullptr);
        CPPUNIT_ASSERT(contains(e.msg, "pghi_tol"));
        p = stftc_phase_config_default();
        p.init = (stftc_phase_init_t)7;
        CPPUNIT_ASSERT(stftc_phase_create(&p, &e) == nullptr);
        CPPUNIT_ASSERT(contains(e.msg, "init"));
        p = stftc_phase_config_default();
        p.sc_tolerance_db = 3.0;
        CPPUNIT_ASSERT(stftc_phase_create(&p, &e) == nullptr);
        CPPUNIT_ASSERT(contains(e.msg, "sc_tolerance_db"));
        p = stftc_phase_config_default();
        p.stft.hop = 2000;
        CPPUNIT_ASSERT(stftc_phase_create(&p, &e) == nullptr);
        CPPUNIT_ASSERT(contains(e.msg, "hop"));

        stftc_rtpghi_config_t r = stftc_rtpghi_config_default();
        r.lookahead = 2;
        CPPUNIT_ASSERT(stftc_rtpghi_create(&r, &e) == nullptr);
        CPPUNIT_ASSERT(contains(e.msg, "lookahead"));
        r = stftc_rtpghi_config_default();
        r.tol = 1.0;
        CPPUNIT_ASSERT(stftc_rtpghi_create(&r, &e) == nullptr);
        CPPUNIT_ASSERT(contains(e.msg, "tol"));

        /* bad call arguments */
        p = stftc_phase_config_default();
        p.max_frames = 4;
        PhasePtr ph = make_phase(p);
        fvec S(5 * 1024, 1.0f), y(5000 * 2);
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_ERR_INVALID_ARG,
            stftc_phase_reconstruct(ph.get(), S.data(), 5, nullptr, y.data(), nullptr));
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_ERR_INVALID_ARG,
            stftc_phase_reconstruct(ph.get(), S.data(), 0, nullptr, y.data(), nullptr));
    }

    /* With its own phase, synthesis gives the signal back (several framings,
     * real and complex, window shorter than the FFT, DC-centred order). */
    void testTruePhasePerfect()
    {
        std::mt19937 rng(5);
        struct G {
            size_t n, h, l;
            const char* w;
            bool cplx;
            int centered;
        } gs[] = { { 1024, 256, 0, "hann", false, 0 },
                   { 1024, 256, 0, "hann", true, 0 },
                   { 512, 100, 400, "hamming", true, 1 },
                   { 256, 64, 0, "gaussian:0.15", false, 0 },
                   { 64, 16, 48, "blackman", true, 0 } };
        for (const G& g : gs) {
            const size_t spf = g.cplx ? 2 : 1;
            fvec x = random_floats(rng, 20 * g.n * spf, 0.5f);
            Case c = make_case(x, g.cplx, g.n, g.h, g.l, g.w);
            c.cfg.centered = g.centered;
            /* true phases from the reference transform, in the config's
             * bin order */
            const fvec C = pts::ref_coefs(c.fr, c.y);
            const size_t B = c.fr.bins();
            fvec ph(c.nf * B), S(c.nf * B);
            for (size_t k = 0; k < c.nf; k++)
                for (size_t m = 0; m < B; m++) {
                    const size_t dst = g.centered ? (m + B / 2) % B : m; /* fftshift */
                    const float re = C[2 * (k * B + m)], im = C[2 * (k * B + m) + 1];
                    ph[k * B + dst] = std::atan2(im, re);
                    S[k * B + dst] = std::hypot(re, im);
                }
            PhasePtr p = make_phase(pcfg(c, STFTC_PHASE_INIT_GIVEN, 0, 0.0));
            fvec y(c.y.size());
            stftc_phase_result_t r;
            CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                                 stftc_phase_reconstruct(
                                     p.get(), S.data(), c.nf, ph.data(), y.data(), &r));
            /* every sample that the frames see with a usable weight comes
             * back (sum_k w[j - kH]^2 above 1e-3 of the peak: the first
             * samples under a Hann window's zero are ill-conditioned) */
            const size_t len = c.y.size() / spf;
            std::vector<double> cov(len, 0.0);
            double wmax = 0.0;
            for (size_t k = 0; k < c.nf; k++)
                for (size_t i = 0; i < c.fr.l; i++) {
                    cov[k * g.h + i] += c.fr.w[i] * c.fr.w[i];
                    wmax = std::max(wmax, c.fr.w[i] * c.fr.w[i]);
                }
            double err = 0.0;
            size_t skipped = 0;
            for (size_t j = 0; j < len; j++) {
                if (cov[j] < 1e-3 * wmax) {
                    skipped++;
                    continue;
                }
                for (size_t q = 0; q < spf; q++)
                    err = std::max(err,
                                   (double)std::fabs(y[j * spf + q] - c.y[j * spf + q]));
            }
            std::ostringstream s;
            s << "N=" << g.n << " H=" << g.h << " " << g.w
              << (g.cplx ? " complex" : " real") << " err " << err << " sc " << r.sc_db
              << " skipped " << skipped;
            CPPUNIT_ASSERT_MESSAGE(s.str(), err < 1e-4);
            CPPUNIT_ASSERT_MESSAGE(s.str(), skipped < len / 10);
            CPPUNIT_ASSERT_MESSAGE(s.str(), r.sc_db < -80.0);
        }
    }

    /* The classic pitfall: phases in the window-centred convention fed to a
     * frame-start synthesis. The true phase in the wrong convention scores
     * about -3 dB; PGHI's own output in the wrong convention is as bad,
     * while PGHI as is reaches below -15 dB. */
    void testWrongConventionGuard()
    {
        Case c = make_case(speech(kSpeechLen), false);
        const size_t B = c.fr.bins(), L = c.fr.l, N = c.fr.n;
        const fvec C = pts::ref_coefs(c.fr, c.y);
        fvec wrong(c.nf * B);
        for (size_t k = 0; k < c.nf; k++)
            for (size_t m = 0; m < B; m++)
                wrong[k * B + m] =
                    (float)(std::atan2(C[2 * (k * B + m) + 1], C[2 * (k * B + m)]) +
                            M_PI * (double)m * (double)L / (double)N);
        const double sc_wrong = run(c,
                                    STFTC_PHASE_INIT_GIVEN,
                                    0,
                                    0.0,
                                    "true phase, centred conv.",
                                    nullptr,
                                    &wrong);
        CPPUNIT_ASSERT(sc_wrong > -6.0 && sc_wrong < 0.0);

        PhasePtr ph = make_phase(pcfg(c, STFTC_PHASE_INIT_PGHI, 0, 0.0));
        fvec p(c.nf * B);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_phase_pghi(ph.get(), c.S.data(), c.nf, p.data()));
        const double sc_pghi =
            run(c, STFTC_PHASE_INIT_GIVEN, 0, 0.0, "PGHI phases (given)", nullptr, &p);
        for (size_t k = 0; k < c.nf; k++)
            for (size_t m = 0; m < B; m++)
                p[k * B + m] -= (float)(M_PI * (double)m * (double)L / (double)N);
        const double sc_pghi_wrong = run(
            c, STFTC_PHASE_INIT_GIVEN, 0, 0.0, "PGHI phases, centred conv.", nullptr, &p);
        CPPUNIT_ASSERT(sc_pghi < -15.0);
        CPPUNIT_ASSERT(sc_pghi_wrong > -8.0);
    }

    /* GLA (no momentum) never increases SC from one iteration to the next. */
    void testGlaMonotone()
    {
        struct Rec {
            std::vector<double> sc;
            static int cb(void* u, size_t, double s)
            {
                static_cast<Rec*>(u)->sc.push_back(s);
                return 0;
            }
        };
        const Case cases[] = { make_case(speech(kSpeechLen / 2), false),
                               make_case(pts::rf_like_iq(kRfLen / 3), true) };
        for (const Case& c : cases) {
            Rec rec;
            stftc_phase_config_t p = pcfg(c, STFTC_PHASE_INIT_RANDOM, 40, 0.0);
            p.progress = &Rec::cb;
            p.progress_user = &rec;
            PhasePtr ph = make_phase(p);
            fvec y(c.y.size());
            CPPUNIT_ASSERT_EQUAL(
                (int)STFTC_OK,
                stftc_phase_reconstruct(
                    ph.get(), c.S.data(), c.nf, nullptr, y.data(), nullptr));
            CPPUNIT_ASSERT_EQUAL((size_t)41, rec.sc.size());
            for (size_t i = 1; i < rec.sc.size(); i++) {
                std::ostringstream s;
                s << "iteration " << i << ": " << rec.sc[i - 1] << " -> " << rec.sc[i];
                CPPUNIT_ASSERT_MESSAGE(s.str(), rec.sc[i] <= rec.sc[i - 1] + 1e-3);
            }
            CPPUNIT_ASSERT(rec.sc.back() < rec.sc.front() - 3.0);
        }
    }

    /* FGLA 100 from random phase: <= -31.5 dB on speech-like audio; it beats
     * GLA 100. */
    void testFglaSpeech()
    {
        Case c = make_case(speech(kSpeechLen), false);
        const double fgla =
            run(c, STFTC_PHASE_INIT_RANDOM, 100, 0.99, "speech FGLA 100 random");
        const double gla =
            run(c, STFTC_PHASE_INIT_RANDOM, 100, 0.0, "speech GLA 100 random");
        CPPUNIT_ASSERT(fgla <= -31.5);
        CPPUNIT_ASSERT(fgla < gla);
    }

    /* PGHI alone and PGHI + 20 FGLA (the default) on speech-like audio. */
    void testPghiSpeech()
    {
        Case c = make_case(speech(kSpeechLen), false);
        const double pghi = run(c, STFTC_PHASE_INIT_PGHI, 0, 0.99, "speech PGHI");
        const double p20 =
            run(c, STFTC_PHASE_INIT_PGHI, 20, 0.99, "speech PGHI + 20 FGLA");
        const double zero = run(c, STFTC_PHASE_INIT_ZERO, 0, 0.99, "speech zero phase");
        CPPUNIT_ASSERT(pghi <= -18.0);
        CPPUNIT_ASSERT(pghi < zero - 10.0);
        CPPUNIT_ASSERT(p20 <= -31.0);
    }

    /* RF-like: PGHI + 20 FGLA <= -34 dB real; IQ at least as good as real. */
    void testPghiRf()
    {
        Case cr = make_case(pts::rf_like_real(kRfLen), false);
        Case ci = make_case(pts::rf_like_iq(kRfLen), true);
        const double real =
            run(cr, STFTC_PHASE_INIT_PGHI, 20, 0.99, "RF real PGHI + 20 FGLA");
        const double iq =
            run(ci, STFTC_PHASE_INIT_PGHI, 20, 0.99, "RF IQ PGHI + 20 FGLA");
        const double fgla =
            run(cr, STFTC_PHASE_INIT_RANDOM, 100, 0.99, "RF real FGLA 100 random");
        CPPUNIT_ASSERT(real <= -34.0);
        CPPUNIT_ASSERT(iq <= -34.0);
        CPPUNIT_ASSERT(fgla <= -26.0);
        /* the two signals are equivalent: the real one's magnitudes are the
         * IQ ones moved up by N/4 bins and halved (up to where its mirror
         * image interferes: broadband burst edges) */
        const size_t B = cr.fr.bins(), N = ci.fr.n;
        double dmax = 0.0, smax = 0.0;
        for (size_t k = 0; k < cr.nf; k++)
            for (size_t m = 0; m < B; m++) {
                const double a = cr.S[k * B + m];
                const double b = 0.5 * ci.S[k * N + (m + N - N / 4) % N];
                dmax = std::max(dmax, std::fabs(a - b));
                smax = std::max(smax, a);
            }
        std::printf("  RF real vs IQ magnitudes: max difference %.2g of the peak\n",
                    dmax / smax);
        CPPUNIT_ASSERT(dmax < 2e-3 * smax);
        /* what is left between them comes from the data (the mirror image):
         * on the same magnitudes the IQ path scores as the real one. The
         * real signal's one-sided magnitudes, moved down by N/4 bins into
         * a two-sided spectrum (doubled; the other bins empty), rebuilt as
         * IQ */
        Case cm = ci;
        std::fill(cm.S.begin(), cm.S.end(), 0.0f);
        for (size_t k = 0; k < cr.nf; k++)
            for (size_t m = 0; m < B; m++)
                cm.S[k * N + (m + N - N / 4) % N] = 2.0f * cr.S[k * B + m];
        PhasePtr ph = make_phase(pcfg(cm, STFTC_PHASE_INIT_PGHI, 20, 0.99));
        fvec y(cm.y.size());
        stftc_phase_result_t r;
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_OK,
            stftc_phase_reconstruct(ph.get(), cm.S.data(), cm.nf, nullptr, y.data(), &r));
        std::printf("  RF IQ on the real signal's magnitudes: SC %.2f dB (real %.2f, IQ "
                    "on its own %.2f)\n",
                    r.sc_db,
                    real,
                    iq);
        CPPUNIT_ASSERT(r.sc_db <= real + 0.02);
        CPPUNIT_ASSERT(iq <= real + 0.2);
    }

    /* A real signal carried as IQ (Q = 0): its two-sided magnitudes are
     * even, PGHI mirrors the one-sided phases (phi[-m] = -phi[m]) and FGLA
     * then stays on real signals: the complex rebuild is the real one (SC
     * as good, Q about 0). Independent PGHI islands on the two halves left
     * Q as loud as I and SC worse than real. */
    void testIqOfRealSignal()
    {
        const fvec x = speech(kSpeechLen);
        fvec xi(2 * x.size(), 0.0f);
        for (size_t i = 0; i < x.size(); i++)
            xi[2 * i] = x[i];
        Case cr = make_case(x, false), ci = make_case(xi, true);
        fvec yr, yi;
        const double real = run(cr, STFTC_PHASE_INIT_PGHI, 20, 0.99, "speech real", &yr);
        const double iq =
            run(ci, STFTC_PHASE_INIT_PGHI, 20, 0.99, "speech as IQ (Q = 0)", &yi);
        double ei = 0.0, eq = 0.0, ed = 0.0;
        for (size_t j = 0; j < yr.size(); j++) {
            ei += (double)yi[2 * j] * yi[2 * j];
            eq += (double)yi[2 * j + 1] * yi[2 * j + 1];
            ed += ((double)yi[2 * j] - yr[j]) * ((double)yi[2 * j] - yr[j]);
        }
        std::printf(
            "  speech as IQ: Q/I energy %.2g, |I - real rebuild|^2 / |I|^2 %.2g\n",
            eq / ei,
            ed / ei);
        CPPUNIT_ASSERT(iq <= real + 0.02);
        CPPUNIT_ASSERT(eq < 1e-5 * ei); /* float rounding: about 1e-7 */
        CPPUNIT_ASSERT(ed < 1e-5 * ei);
        /* PGHI alone: the phases are mirrored */
        PhasePtr ph = make_phase(pcfg(ci, STFTC_PHASE_INIT_PGHI, 0, 0.99));
        const size_t N = ci.fr.n;
        fvec p(ci.nf * N);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_phase_pghi(ph.get(), ci.S.data(), ci.nf, p.data()));
        for (size_t k = 0; k < ci.nf; k++)
            for (size_t m = 1; m < N / 2; m++)
                CPPUNIT_ASSERT_DOUBLES_EQUAL(
                    0.0, (double)(p[k * N + m] + p[k * N + N - m]), 1e-6);
    }

    /* PGHI with the other windows (equivalent Gaussian constants), a window
     * shorter than the FFT and other hops. */
    void testPghiWindows()
    {
        const fvec x = speech(kSpeechLen / 2);
        struct W {
            const char* w;
            size_t n, h, l;
            double floor;
        } ws[] = { { "gaussian:0.125", 1024, 256, 0, -15.0 },
                   { "hamming", 1024, 256, 0, -15.0 },
                   { "blackman", 1024, 256, 0, -15.0 },
                   { "hann", 1024, 128, 768, -15.0 },
                   { "hann", 512, 128, 0, -15.0 } };
        for (const W& w : ws) {
            Case c = make_case(x, false, w.n, w.h, w.l, w.w);
            std::string what = std::string("speech PGHI ") + w.w +
                               " N=" + std::to_string(w.n) + " H=" + std::to_string(w.h) +
                               " L=" + std::to_string(c.fr.l);
            const double sc = run(c, STFTC_PHASE_INIT_PGHI, 0, 0.99, what.c_str());
            CPPUNIT_ASSERT_MESSAGE(what, sc <= w.floor);
        }
    }

    /* Real-time PGHI on speech-like audio at hop 256. The issue asks for
     * within 0.5 dB of -21.6 dB (look-ahead) and -17.4 dB (causal), figures
     * of a synthesis over the whole signal. This signal is loud in its
     * first frames, which an endless stream's synthesis under-weights in a
     * finite file (with the true phases that alone limits SC to about
     * -30 dB): synthesised like a file (least-squares edges) the look-ahead
     * mode reaches about -22 dB and the causal one about -18.4 dB; the bare
     * stream about -20.3 dB and -18.1 dB. */
    void testRtpghiSpeech()
    {
        Case c = make_case(speech(kSpeechLen), false);
        const double la = run_rt(c, 1, "speech RTPGHI look-ahead (stream)");
        const double causal = run_rt(c, 0, "speech RTPGHI causal (stream)");
        const double la_file = run_rt(c, 1, "speech RTPGHI look-ahead (file)", true);
        const double causal_file = run_rt(c, 0, "speech RTPGHI causal (file)", true);
        CPPUNIT_ASSERT(la_file <= -21.1);
        CPPUNIT_ASSERT(causal_file <= -16.9);
        Case ci = make_case(pts::rf_like_iq(kRfLen), true);
        const double iq = run_rt(ci, 1, "RF IQ RTPGHI look-ahead");
        CPPUNIT_ASSERT(la <= -20.0);
        CPPUNIT_ASSERT(causal <= -16.9);
        CPPUNIT_ASSERT(la < causal);
        CPPUNIT_ASSERT(iq <= -20.0);
    }

    /* process_frames: output frame j is input frame j - lookahead, with the
     * input magnitudes; latency as documented. */
    void testRtpghiFramesAndLatency()
    {
        Case c = make_case(speech(kSpeechLen / 4), false);
        for (int la = 0; la <= 1; la++) {
            stftc_rtpghi_config_t rc = stftc_rtpghi_config_default();
            rc.stft = c.cfg;
            rc.lookahead = la;
            stftc_error_t e;
            RtPtr rt(stftc_rtpghi_create(&rc, &e));
            CPPUNIT_ASSERT(rt != nullptr);
            const size_t B = c.fr.bins();
            fvec co(2 * c.nf * B);
            CPPUNIT_ASSERT_EQUAL(
                (int)STFTC_OK,
                stftc_rtpghi_process_frames(rt.get(), c.S.data(), c.nf, co.data()));
            for (size_t j = 0; j < c.nf; j++)
                for (size_t m = 0; m < B; m++) {
                    const double got =
                        std::hypot(co[2 * (j * B + m)], co[2 * (j * B + m) + 1]);
                    const double want = j >= (size_t)la ? c.S[(j - la) * B + m] : 0.0;
                    CPPUNIT_ASSERT_DOUBLES_EQUAL(want, got, 1e-5 * (1.0 + want));
                }
            /* reset gives the same output again */
            fvec co2(co.size());
            stftc_rtpghi_reset(rt.get());
            stftc_rtpghi_process_frames(rt.get(), c.S.data(), c.nf, co2.data());
            CPPUNIT_ASSERT(co == co2);
        }
        /* DC-centred input (complex): the same frames, in centred order */
        Case ci = make_case(pts::rf_like_iq(20000), true, 256, 64);
        const size_t N = 256;
        fvec Sc(ci.S.size());
        for (size_t k = 0; k < ci.nf; k++)
            for (size_t m = 0; m < N; m++)
                Sc[k * N + (m + N / 2) % N] = ci.S[k * N + m];
        for (int la = 0; la <= 1; la++) {
            stftc_rtpghi_config_t rc = stftc_rtpghi_config_default();
            rc.stft = ci.cfg;
            rc.lookahead = la;
            stftc_error_t e;
            RtPtr nat(stftc_rtpghi_create(&rc, &e));
            rc.stft.centered = 1;
            RtPtr cen(stftc_rtpghi_create(&rc, &e));
            CPPUNIT_ASSERT(nat && cen);
            fvec a(2 * ci.nf * N), b(2 * ci.nf * N);
            stftc_rtpghi_process_frames(nat.get(), ci.S.data(), ci.nf, a.data());
            stftc_rtpghi_process_frames(cen.get(), Sc.data(), ci.nf, b.data());
            for (size_t k = 0; k < ci.nf; k++)
                for (size_t m = 0; m < N; m++) {
                    const size_t c = k * N + (m + N / 2) % N;
                    CPPUNIT_ASSERT_EQUAL(a[2 * (k * N + m)], b[2 * c]);
                    CPPUNIT_ASSERT_EQUAL(a[2 * (k * N + m) + 1], b[2 * c + 1]);
                }
        }

        /* latency against the project's STFT: a tone burst with a
         * Gaussian envelope centred at t0 comes out centred at
         * t0 + latency (the envelope position does not depend on phase
         * details; the modes differ by a hop of 64) */
        stftc_stft_config_t sc = tu::cfg(256, 64, 0, "hann", STFTC_COMPLEX);
        StftPtr st = make_stft(sc);
        for (int la = 0; la <= 1; la++) {
            stftc_rtpghi_config_t rc = stftc_rtpghi_config_default();
            rc.stft = sc;
            rc.lookahead = la;
            stftc_error_t e;
            RtPtr rt(stftc_rtpghi_create(&rc, &e));
            CPPUNIT_ASSERT(rt != nullptr);
            const size_t T = 8192, t0 = 3000;
            fvec x(2 * T, 0.0f);
            for (size_t t = 0; t < T; t++) {
                const double env = std::exp(-0.5 * std::pow(((double)t - t0) / 400.0, 2));
                x[2 * t] = (float)(env * std::cos(2 * M_PI * 0.1 * (double)t));
                x[2 * t + 1] = (float)(env * std::sin(2 * M_PI * 0.1 * (double)t));
            }
            stftc_stft_reset(st.get());
            fvec fr = stft_all(st.get(), x);
            const size_t nf = fr.size() / (2 * 256);
            fvec mag(nf * 256);
            for (size_t i = 0; i < mag.size(); i++)
                mag[i] = std::hypot(fr[2 * i], fr[2 * i + 1]);
            fvec z(nf * 64 * 2);
            stftc_rtpghi_process(rt.get(), mag.data(), nf, z.data());
            /* envelope centre of mass of |z|^2 */
            double m0 = 0, m1 = 0;
            for (size_t t = 0; t < nf * 64; t++) {
                const double p =
                    (double)z[2 * t] * z[2 * t] + (double)z[2 * t + 1] * z[2 * t + 1];
                m0 += p;
                m1 += p * (double)t;
            }
            const double centre = m1 / m0;
            std::ostringstream s;
            s << "lookahead " << la << ": burst centre " << centre << ", want "
              << t0 + stftc_rtpghi_latency(rt.get());
            CPPUNIT_ASSERT_MESSAGE(
                s.str(),
                std::fabs(centre - (double)(t0 + stftc_rtpghi_latency(rt.get()))) < 4.0);
        }
    }

    /* RTISI-LA: iterations over a look-ahead window improve on RTPGHI at the
     * same latency (one frame) and more with more look-ahead; its latency is
     * exact; bad configs are refused. */
    void testRtisila()
    {
        stftc_error_t e;
        stftc_rtisila_config_t bad = stftc_rtisila_config_default();
        bad.lookahead = 17;
        CPPUNIT_ASSERT(stftc_rtisila_create(&bad, &e) == nullptr);
        CPPUNIT_ASSERT(contains(e.msg, "lookahead"));
        bad = stftc_rtisila_config_default();
        bad.iterations = 0;
        CPPUNIT_ASSERT(stftc_rtisila_create(&bad, &e) == nullptr);
        CPPUNIT_ASSERT(contains(e.msg, "iterations"));
        bad = stftc_rtisila_config_default();
        bad.tol = 0.0;
        CPPUNIT_ASSERT(stftc_rtisila_create(&bad, &e) == nullptr);
        CPPUNIT_ASSERT(contains(e.msg, "tol"));
        for (double m : { -0.01, 1.51, (double)NAN }) {
            bad = stftc_rtisila_config_default();
            bad.momentum = m;
            CPPUNIT_ASSERT(stftc_rtisila_create(&bad, &e) == nullptr);
            CPPUNIT_ASSERT(contains(e.msg, "momentum"));
        }

        Case c = make_case(speech(kSpeechLen), false);
        const double rt1 = run_rt(c, 1, "speech RTPGHI look-ahead");
        const double rs1 = run_rs(c, 1, 8, "speech RTISI-LA 1 frame, 8 it");
        const double rs3 = run_rs(c, 3, 8, "speech RTISI-LA 3 frames, 8 it");
        CPPUNIT_ASSERT(rs1 < rt1 - 1.0);
        CPPUNIT_ASSERT(rs3 < rs1 - 0.5);
        CPPUNIT_ASSERT(rs1 <= -21.1);
        Case ci = make_case(pts::rf_like_iq(kRfLen / 2), true);
        CPPUNIT_ASSERT(run_rs(ci, 2, 4, "RF IQ RTISI-LA 2 frames, 4 it") <= -20.0);
        /* online fast GLA (the default momentum) against GLA updates at the
         * same look-ahead and iterations: lower SC, on speech and on IQ */
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.75, stftc_rtisila_config_default().momentum, 0.0);
        const double g3 = run_rs(c, 3, 8, "speech RTISI-LA 3 frames, 8 it, GLA", 0.0);
        CPPUNIT_ASSERT(rs3 < g3 - 0.5);
        const double gi = run_rs(ci, 3, 8, "RF IQ RTISI-LA 3 frames, 8 it, GLA", 0.0);
        const double fi = run_rs(ci, 3, 8, "RF IQ RTISI-LA 3 frames, 8 it");
        CPPUNIT_ASSERT(fi < gi - 0.5);

        /* latency: a Gaussian tone burst keeps its centre at t0 + latency */
        stftc_stft_config_t sc = tu::cfg(256, 64, 0, "hann", STFTC_COMPLEX);
        StftPtr st = make_stft(sc);
        stftc_rtisila_config_t rc = stftc_rtisila_config_default();
        rc.stft = sc;
        rc.lookahead = 2;
        rc.iterations = 3;
        RsPtr rs(stftc_rtisila_create(&rc, &e));
        CPPUNIT_ASSERT(rs != nullptr);
        const size_t T = 8192, t0 = 3000;
        fvec x(2 * T, 0.0f);
        for (size_t t = 0; t < T; t++) {
            const double env = std::exp(-0.5 * std::pow(((double)t - t0) / 400.0, 2));
            x[2 * t] = (float)(env * std::cos(2 * M_PI * 0.1 * (double)t));
            x[2 * t + 1] = (float)(env * std::sin(2 * M_PI * 0.1 * (double)t));
        }
        fvec fr = stft_all(st.get(), x);
        const size_t nf = fr.size() / (2 * 256);
        fvec mag(nf * 256);
        for (size_t i = 0; i < mag.size(); i++)
            mag[i] = std::hypot(fr[2 * i], fr[2 * i + 1]);
        fvec z(nf * 64 * 2);
        stftc_rtisila_process(rs.get(), mag.data(), nf, z.data());
        double m0 = 0, m1 = 0;
        for (size_t t = 0; t < nf * 64; t++) {
            const double p =
                (double)z[2 * t] * z[2 * t] + (double)z[2 * t + 1] * z[2 * t + 1];
            m0 += p;
            m1 += p * (double)t;
        }
        const double want = (double)(t0 + stftc_rtisila_latency(rs.get()));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(want, m1 / m0, 4.0);
        /* reset: the same output again */
        fvec z2(z.size());
        stftc_rtisila_reset(rs.get());
        stftc_rtisila_process(rs.get(), mag.data(), nf, z2.data());
        CPPUNIT_ASSERT(z == z2);
    }

    /* IQ chirp: only a global phase is free; the instantaneous frequency
     * comes back and y = exp(i theta) x closely. */
    void testChirpIq()
    {
        const size_t n = 40000;
        fvec x(2 * n);
        double p = 0.0;
        for (size_t i = 0; i < n; i++) {
            const double f = -0.3 + 0.6 * (double)i / (double)n;
            p += 2 * M_PI * f;
            x[2 * i] = (float)(0.5 * std::cos(p + 1.0));
            x[2 * i + 1] = (float)(0.5 * std::sin(p + 1.0));
        }
        Case c = make_case(x, true);
        fvec y;
        run(c, STFTC_PHASE_INIT_PGHI, 20, 0.99, "IQ chirp PGHI + 20 FGLA", &y);
        /* instantaneous frequency over the fully covered middle */
        const size_t T = c.y.size() / 2;
        double maxerr = 0.0;
        std::complex<double> dot(0, 0);
        double ex = 0;
        for (size_t t = 1024; t + 1024 < T; t++) {
            const std::complex<double> a(y[2 * t], y[2 * t + 1]),
                b(y[2 * t + 2], y[2 * t + 3]);
            const double fi = std::arg(b * std::conj(a)) / (2 * M_PI);
            const std::complex<double> xa(c.y[2 * t], c.y[2 * t + 1]),
                xb(c.y[2 * t + 2], c.y[2 * t + 3]);
            const double fx = std::arg(xb * std::conj(xa)) / (2 * M_PI);
            maxerr = std::max(maxerr, std::fabs(fi - fx));
            dot += a * std::conj(xa);
            ex += std::norm(xa);
        }
        const std::complex<double> g = dot / std::abs(dot);
        double num = 0;
        for (size_t t = 1024; t + 1024 < T; t++) {
            const std::complex<double> a(y[2 * t], y[2 * t + 1]),
                xa(c.y[2 * t], c.y[2 * t + 1]);
            num += std::norm(a - g * xa);
        }
        const double rel = std::sqrt(num / ex);
        /* over 2048-sample blocks, each with its own best phase */
        double worst = 0.0;
        for (size_t t0 = 1024; t0 + 2048 + 1024 < T; t0 += 2048) {
            std::complex<double> d(0, 0);
            double e0 = 0, n0 = 0;
            for (size_t t = t0; t < t0 + 2048; t++) {
                const std::complex<double> a(y[2 * t], y[2 * t + 1]),
                    xa(c.y[2 * t], c.y[2 * t + 1]);
                d += a * std::conj(xa);
                e0 += std::norm(xa);
            }
            const std::complex<double> gb = d / std::abs(d);
            for (size_t t = t0; t < t0 + 2048; t++) {
                const std::complex<double> a(y[2 * t], y[2 * t + 1]),
                    xa(c.y[2 * t], c.y[2 * t + 1]);
                n0 += std::norm(a - gb * xa);
            }
            worst = std::max(worst, std::sqrt(n0 / e0));
        }
        std::printf(
            "  IQ chirp: max IF error %.2e cycles/sample, |y - e^(i th) x| / |x| = "
            "%.3e (one phase), %.3e (worst 2048-sample block)\n",
            maxerr,
            rel,
            worst);
        /* the IF is the check; a pure chirp's magnitudes barely change when
         * it slides along its own line, so a slow phase drift is left and the
         * waveform match is loose */
        CPPUNIT_ASSERT(maxerr < 2e-3);
        CPPUNIT_ASSERT(rel < 0.15);
    }

    /* SC tolerance and the callback stop early; the reported SC is that of
     * the signal written. */
    /* The core runs the passes of FGLA staggered over the frames (several
     * passes at once, the earlier ones in sliding signal windows) and
     * projects onto the magnitudes inside the momentum step. Its signal
     * must be the one of a plain double-precision FGLA written from the
     * definition: least-squares synthesis of S c / |c|, analysis,
     * c = t' + a (t' - t) (a = 0 on the first update). 13 passes (more
     * than one group) over 80 frames (the windows slide); real and complex;
     * with and without a progress callback (which runs pass by pass). */
    void testFglaMatchesPlainReference()
    {
        struct Cb {
            static int f(void*, size_t, double) { return 0; }
        };
        std::mt19937 rng(9);
        const size_t N = 256, H = 64, iters = 12;
        const double a = 0.99;
        for (int cplx = 0; cplx <= 1; cplx++) {
            const size_t spf = cplx ? 2 : 1;
            const fvec x = random_floats(rng, (79 * H + N) * spf, 0.5f);
            Case c = make_case(x, cplx != 0, N, H);
            const size_t B = c.fr.bins(), nf = c.nf, len = c.y.size() / spf;
            CPPUNIT_ASSERT_EQUAL((size_t)80, nf);
            /* start: true phases disturbed by up to +-0.5 rad */
            const fvec C0 = pts::ref_coefs(c.fr, c.y);
            std::uniform_real_distribution<double> du(-0.5, 0.5);
            fvec ph0(nf * B);
            for (size_t e = 0; e < nf * B; e++)
                ph0[e] = (float)(std::atan2(C0[2 * e + 1], C0[2 * e]) + du(rng));
            /* plain reference */
            std::vector<pts::cd> cc(nf * B), tt(nf * B);
            for (size_t e = 0; e < nf * B; e++)
                cc[e] = std::polar((double)c.S[e], (double)ph0[e]);
            std::vector<double> cov(len, 0.0);
            for (size_t k = 0; k < nf; k++)
                for (size_t i = 0; i < N; i++)
                    cov[k * H + i] += c.fr.w[i] * c.fr.w[i];
            std::vector<pts::cd> yref(len), fr(N);
            for (size_t pass = 0; pass <= iters; pass++) {
                std::fill(yref.begin(), yref.end(), pts::cd(0, 0));
                for (size_t k = 0; k < nf; k++) {
                    /* inverse FFT of the projected frame by the conjugate
                     * trick; a real frame is its Hermitian completion */
                    for (size_t m = 0; m < N; m++) {
                        pts::cd v;
                        if (cplx || m < B)
                            v = cc[k * B + m];
                        else
                            v = std::conj(cc[k * B + N - m]);
                        const double mag = std::abs(v);
                        const double s = c.S[k * B + (cplx || m < B ? m : N - m)];
                        v = mag > 1e-15 ? v * (s / mag) : pts::cd(s, 0.0);
                        if (!cplx && (m == 0 || m == N / 2))
                            v = pts::cd(v.real(), 0.0);
                        fr[m] = std::conj(v);
                    }
                    pts::fft_pow2(fr);
                    /* samples no frame sees with weight (the first one,
                     * under the Hann window's zero) are 0, as in the core */
                    for (size_t i = 0; i < N; i++)
                        if (cov[k * H + i] > 1e-10)
                            yref[k * H + i] +=
                                c.fr.w[i] * std::conj(fr[i]) / (double)N / cov[k * H + i];
                }
                if (!cplx)
                    for (auto& v : yref)
                        v = pts::cd(v.real(), 0.0);
                if (pass == iters)
                    break;
                const double ap = pass == 0 ? 0.0 : a;
                for (size_t k = 0; k < nf; k++) {
                    for (size_t i = 0; i < N; i++)
                        fr[i] = c.fr.w[i] * yref[k * H + i];
                    pts::fft_pow2(fr);
                    for (size_t m = 0; m < B; m++) {
                        const pts::cd tn = fr[m];
                        cc[k * B + m] = tn + ap * (tn - tt[k * B + m]);
                        tt[k * B + m] = tn;
                    }
                }
            }
            /* compared where the frames see the samples with a usable
             * weight (the first samples under the Hann window's zero are
             * ill-conditioned: both sides divide by almost 0 there) */
            double peak = 0.0;
            for (size_t j = 0; j < len; j++)
                if (cov[j] >= 1e-3)
                    peak = std::max(peak, std::abs(yref[j]));
            for (int with_cb = 0; with_cb <= 1; with_cb++) {
                stftc_phase_config_t p = pcfg(c, STFTC_PHASE_INIT_GIVEN, iters, a);
                if (with_cb)
                    p.progress = &Cb::f;
                PhasePtr ph = make_phase(p);
                fvec y(len * spf);
                stftc_phase_result_t r;
                CPPUNIT_ASSERT_EQUAL(
                    (int)STFTC_OK,
                    stftc_phase_reconstruct(
                        ph.get(), c.S.data(), nf, ph0.data(), y.data(), &r));
                CPPUNIT_ASSERT_EQUAL(iters, r.iterations);
                double err = 0.0;
                for (size_t j = 0; j < len; j++) {
                    if (cov[j] < 1e-3)
                        continue;
                    const pts::cd v(y[j * spf], cplx ? y[j * spf + 1] : 0.0f);
                    err = std::max(err, std::abs(v - yref[j]));
                }
                std::ostringstream s;
                s << (cplx ? "complex" : "real") << (with_cb ? " with callback" : "")
                  << ": max |y - y_ref| " << err << " of peak " << peak;
                std::printf("  FGLA vs plain reference, %s\n", s.str().c_str());
                CPPUNIT_ASSERT_MESSAGE(s.str(), err <= 1e-4 * peak);
            }
        }
    }

    void testEarlyStop()
    {
        Case c = make_case(speech(kSpeechLen / 2), false);
        stftc_phase_config_t p = pcfg(c, STFTC_PHASE_INIT_PGHI, 200, 0.99);
        p.sc_tolerance_db = -25.0;
        PhasePtr ph = make_phase(p);
        fvec y(c.y.size());
        stftc_phase_result_t r;
        stftc_phase_reconstruct(ph.get(), c.S.data(), c.nf, nullptr, y.data(), &r);
        CPPUNIT_ASSERT(r.iterations < 200);
        CPPUNIT_ASSERT(r.sc_db <= -25.0);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(pts::ref_sc(c.fr, c.S, y), r.sc_db, 0.05);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(
            r.sc_db, stftc_phase_sc(ph.get(), c.S.data(), c.nf, y.data()), 0.05);

        struct Stop {
            static int cb(void* u, size_t it, double)
            {
                *static_cast<size_t*>(u) = it;
                return it >= 5;
            }
        };
        size_t last = 0;
        p = pcfg(c, STFTC_PHASE_INIT_RANDOM, 200, 0.99);
        p.progress = &Stop::cb;
        p.progress_user = &last;
        PhasePtr ph2 = make_phase(p);
        stftc_phase_reconstruct(ph2.get(), c.S.data(), c.nf, nullptr, y.data(), &r);
        CPPUNIT_ASSERT_EQUAL((size_t)5, r.iterations);
        CPPUNIT_ASSERT_EQUAL((size_t)5, last);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PhaseTest);

/* Phase retrieval by optimisation (L-BFGS and the hybrid schedule): the
 * analytic gradient against finite differences of an independent
 * double-precision loss, monotone descent, recovery of consistent
 * spectrograms (real and IQ), configuration errors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core_test_util.h"
#include "phase_test_signals.h"

#include <stftclean/phase.h>
#include <cstdio>

using namespace tu;

namespace {

struct PhaseDel {
    void operator()(stftc_phase_t* p) const { stftc_phase_destroy(p); }
};
using PhasePtr = std::unique_ptr<stftc_phase_t, PhaseDel>;

PhasePtr make_phase(const stftc_phase_config_t& p)
{
    stftc_error_t e;
    PhasePtr ph(stftc_phase_create(&p, &e));
    CPPUNIT_ASSERT_MESSAGE("phase_create: " + errtext(e), ph != nullptr);
    return ph;
}

/* The loss of phase.h in double: sum over the whole two-sided spectrum of
 * (a^p - S^p)^2, a = |X| (p = 1) or sqrt(|X|^2 + eps^2); S two-sided (a
 * real signal's one-sided S mirrored). */
double ref_loss(const pts::Frame& f,
                const std::vector<double>& x,
                const fvec& S,
                double p,
                double eps)
{
    const size_t spf = f.cplx ? 2 : 1, ns = x.size() / spf, nf = f.frames(ns);
    const size_t b = f.bins();
    double loss = 0.0;
    std::vector<cd> a(f.n);
    for (size_t k = 0; k < nf; k++) {
        std::fill(a.begin(), a.end(), cd(0, 0));
        for (size_t i = 0; i < f.l; i++) {
            const size_t j = (k * f.h + i) * spf;
            a[i] = f.w[i] * (f.cplx ? cd(x[j], x[j + 1]) : cd(x[j], 0.0));
        }
        pts::fft_pow2(a);
        for (size_t m = 0; m < f.n; m++) {
            const size_t mb = f.cplx || m < b ? m : f.n - m;
            const double s = S[k * b + mb];
            const double mag =
                p == 1.0 ? std::abs(a[m]) : std::sqrt(std::norm(a[m]) + eps * eps);
            const double d = std::pow(mag, p) - std::pow(s, p);
            loss += d * d;
        }
    }
    return loss;
}

struct Small {
    pts::Frame fr;
    stftc_phase_config_t cfg;
    fvec x, S;
    size_t nf;
};

/* A small problem: x random, S the magnitudes of another random signal
 * (so that the loss is far from 0 and every term contributes). */
Small small_problem(bool cplx, double p)
{
    Small s;
    const size_t n = 32, h = 8, nf = 7, len = (nf - 1) * h + n, spf = cplx ? 2 : 1;
    s.fr = pts::make_frame(n, n, h, cplx, "hann");
    s.cfg = stftc_phase_config_default();
    s.cfg.stft = tu::cfg(n, h, 0, "hann", cplx ? STFTC_COMPLEX : STFTC_REAL);
    s.cfg.max_frames = nf;
    s.cfg.method = STFTC_PHASE_METHOD_LBFGS;
    s.cfg.mag_power = p;
    s.nf = nf;
    std::mt19937 rng(5);
    s.x = random_floats(rng, len * spf);
    s.S = pts::ref_mag(s.fr, random_floats(rng, len * spf));
    return s;
}

} // namespace

class PhaseOptTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PhaseOptTest);
    CPPUNIT_TEST(testConfigErrors);
    CPPUNIT_TEST(testGradientReal);
    CPPUNIT_TEST(testGradientComplex);
    CPPUNIT_TEST(testGradientPower);
    CPPUNIT_TEST(testLossNeverIncreases);
    CPPUNIT_TEST(testRecoverRfIq);
    CPPUNIT_TEST(testRecoverRfReal);
    CPPUNIT_TEST(testHybridAndProgress);
    CPPUNIT_TEST(testScheduleEdges);
    CPPUNIT_TEST_SUITE_END();

    /* The core's loss against ref_loss; its gradient against central
     * differences of ref_loss along random directions and single samples
     * (double precision, so the differences carry no float rounding). */
    void check_gradient(bool cplx, double p)
    {
        Small s = small_problem(cplx, p);
        PhasePtr ph = make_phase(s.cfg);
        fvec g(s.x.size());
        double loss = 0.0;
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_OK,
            stftc_phase_loss_grad(
                ph.get(), s.S.data(), s.nf, s.x.data(), g.data(), &loss));
        double smax = 0.0;
        for (float v : s.S)
            smax = std::max(smax, (double)v);
        const double eps = 1e-4 * smax;
        std::vector<double> x(s.x.begin(), s.x.end());
        const double want = ref_loss(s.fr, x, s.S, p, eps);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(want, loss, 1e-5 * want);

        std::mt19937 rng(9);
        std::normal_distribution<double> nd(0.0, 1.0);
        const double hstep = 1e-5;
        for (int trial = 0; trial < 4; trial++) {
            std::vector<double> v(x.size());
            for (double& e : v)
                e = nd(rng);
            std::vector<double> xp = x, xm = x;
            double gv = 0.0;
            for (size_t i = 0; i < x.size(); i++) {
                xp[i] += hstep * v[i];
                xm[i] -= hstep * v[i];
                gv += (double)g[i] * v[i];
            }
            const double fd =
                (ref_loss(s.fr, xp, s.S, p, eps) - ref_loss(s.fr, xm, s.S, p, eps)) /
                (2 * hstep);
            std::printf("  %s p %.2f: directional derivative %.6g, finite difference "
                        "%.6g\n",
                        cplx ? "complex" : "real",
                        p,
                        gv,
                        fd);
            CPPUNIT_ASSERT(std::fabs(gv - fd) < 1e-3 * std::fabs(fd));
        }
        double gmax = 0.0;
        for (float e : g)
            gmax = std::max(gmax, (double)std::fabs(e));
        for (size_t i = 0; i < x.size(); i += 7) {
            std::vector<double> xp = x, xm = x;
            xp[i] += hstep;
            xm[i] -= hstep;
            const double fd =
                (ref_loss(s.fr, xp, s.S, p, eps) - ref_loss(s.fr, xm, s.S, p, eps)) /
                (2 * hstep);
            CPPUNIT_ASSERT(std::fabs((double)g[i] - fd) < 1e-3 * gmax);
        }
    }

    void testGradientReal() { check_gradient(false, 1.0); }
    void testGradientComplex() { check_gradient(true, 1.0); }
    void testGradientPower()
    {
        check_gradient(false, 0.5);
        check_gradient(true, 0.7);
    }

    void testConfigErrors()
    {
        stftc_error_t e;
        stftc_phase_config_t p = stftc_phase_config_default();
        p.method = (stftc_phase_method_t)7;
        CPPUNIT_ASSERT(stftc_phase_create(&p, &e) == nullptr);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, e.code);
        CPPUNIT_ASSERT(contains(e.msg, "method"));
        for (size_t m : { (size_t)0, (size_t)65 }) {
            p = stftc_phase_config_default();
            p.method = STFTC_PHASE_METHOD_LBFGS;
            p.lbfgs_memory = m;
            CPPUNIT_ASSERT(stftc_phase_create(&p, &e) == nullptr);
            CPPUNIT_ASSERT(contains(e.msg, "lbfgs_memory"));
            CPPUNIT_ASSERT(contains(e.msg, "[1, 64]"));
        }
        for (double pw : { 0.0, -1.0, 1.5, (double)NAN }) {
            p = stftc_phase_config_default();
            p.method = STFTC_PHASE_METHOD_LBFGS;
            p.mag_power = pw;
            CPPUNIT_ASSERT(stftc_phase_create(&p, &e) == nullptr);
            CPPUNIT_ASSERT(contains(e.msg, "mag_power"));
        }
        p = stftc_phase_config_default();
        p.method = STFTC_PHASE_METHOD_HYBRID;
        p.hybrid_fgla = 2000000;
        CPPUNIT_ASSERT(stftc_phase_create(&p, &e) == nullptr);
        CPPUNIT_ASSERT(contains(e.msg, "hybrid_fgla"));

        /* bad call arguments */
        Small s = small_problem(false, 1.0);
        PhasePtr ph = make_phase(s.cfg);
        fvec g(s.x.size());
        double loss;
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_ERR_INVALID_ARG,
            stftc_phase_loss_grad(ph.get(), s.S.data(), s.nf, nullptr, g.data(), &loss));
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_ERR_INVALID_ARG,
            stftc_phase_loss_grad(
                ph.get(), s.S.data(), s.nf + 1, s.x.data(), g.data(), &loss));
    }

    /* Each run's output is the iterate after its iteration budget; the
     * loss of those iterates never rises with the budget, on a real signal
     * (the loss counts the two-sided spectrum) and on IQ. */
    void testLossNeverIncreases()
    {
        for (bool cplx : { false, true }) {
            const size_t n = 256, h = 64;
            pts::Frame fr = pts::make_frame(n, n, h, cplx, "hann");
            fvec x;
            if (cplx) {
                x = pts::rf_like_iq(6000);
            } else {
                x = pts::speech_like(6000);
            }
            const size_t spf = cplx ? 2 : 1, nf = fr.frames(x.size() / spf);
            x.resize(((nf - 1) * h + n) * spf);
            const fvec S = pts::ref_mag(fr, x);
            stftc_phase_config_t c = stftc_phase_config_default();
            c.stft = tu::cfg(n, h, 0, "hann", cplx ? STFTC_COMPLEX : STFTC_REAL);
            c.max_frames = nf;
            c.method = STFTC_PHASE_METHOD_LBFGS;
            c.init = STFTC_PHASE_INIT_RANDOM;
            double prev = INFINITY;
            fvec y(x.size()), g(x.size());
            for (size_t it = 0; it <= 40; it++) {
                c.iterations = it;
                PhasePtr ph = make_phase(c);
                stftc_phase_result_t r;
                CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                                     stftc_phase_reconstruct(
                                         ph.get(), S.data(), nf, nullptr, y.data(), &r));
                double loss;
                stftc_phase_loss_grad(ph.get(), S.data(), nf, y.data(), g.data(), &loss);
                CPPUNIT_ASSERT_MESSAGE("loss rose at iteration " + std::to_string(it),
                                       loss <= prev);
                prev = loss;
            }
        }
    }

    /* A consistent spectrogram (|STFT| of a signal) is recovered, from
     * PGHI in 100 iterations, Hann 1024 hop 256: SC below -40 dB (the
     * independent measure), on IQ and on the real version of the signal. */
    double
    recover(const fvec& x, bool cplx, stftc_phase_method_t method, const char* what)
    {
        const size_t n = 1024, h = 256, spf = cplx ? 2 : 1;
        pts::Frame fr = pts::make_frame(n, n, h, cplx, "hann");
        const size_t nf = fr.frames(x.size() / spf);
        fvec y(x.begin(), x.begin() + (long)(((nf - 1) * h + n) * spf));
        const fvec S = pts::ref_mag(fr, y);
        stftc_phase_config_t c = stftc_phase_config_default();
        c.stft = tu::cfg(n, h, 0, "hann", cplx ? STFTC_COMPLEX : STFTC_REAL);
        c.max_frames = nf;
        c.method = method;
        c.iterations = 100;
        PhasePtr ph = make_phase(c);
        stftc_phase_result_t r;
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_OK,
            stftc_phase_reconstruct(ph.get(), S.data(), nf, nullptr, y.data(), &r));
        const double sc = pts::ref_sc(fr, S, y);
        std::printf("  %-28s SC %7.2f dB (core %7.2f, init %7.2f, %zu it)\n",
                    what,
                    sc,
                    r.sc_db,
                    r.init_sc_db,
                    r.iterations);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(sc, r.sc_db, 0.05);
        CPPUNIT_ASSERT_EQUAL((size_t)100, r.iterations);
        return sc;
    }

    void testRecoverRfIq()
    {
        const double sc = recover(
            pts::rf_like_iq(60000), true, STFTC_PHASE_METHOD_LBFGS, "RF IQ, L-BFGS");
        CPPUNIT_ASSERT(sc < -40.0);
    }

    void testRecoverRfReal()
    {
        const double sc = recover(
            pts::rf_like_real(60000), false, STFTC_PHASE_METHOD_LBFGS, "RF real, L-BFGS");
        CPPUNIT_ASSERT(sc < -40.0);
    }

    /* The hybrid schedule (FGLA, RAAR, FGLA by default; FGLA, L-BFGS,
     * FGLA): the progress callback counts every iteration of every stage
     * once, in order (a stage's repeated pass 0 is not reported); a
     * tolerance stops it. */
    void testHybridAndProgress()
    {
        const double sc = recover(
            pts::rf_like_iq(60000), true, STFTC_PHASE_METHOD_HYBRID, "RF IQ, hybrid");
        CPPUNIT_ASSERT(sc < -40.0);

        const size_t n = 256, h = 64;
        pts::Frame fr = pts::make_frame(n, n, h, true, "hann");
        fvec x = pts::rf_like_iq(8000);
        const size_t nf = fr.frames(x.size() / 2);
        x.resize(((nf - 1) * h + n) * 2);
        const fvec S = pts::ref_mag(fr, x);
        stftc_phase_config_t c = stftc_phase_config_default();
        c.stft = tu::cfg(n, h, 0, "hann", STFTC_COMPLEX);
        c.max_frames = nf;
        c.method = STFTC_PHASE_METHOD_HYBRID;
        c.hybrid_fgla = 5;
        c.iterations = 30;
        c.init = STFTC_PHASE_INIT_RANDOM;
        std::vector<std::pair<size_t, double>> seen;
        c.progress = [](void* u, size_t it, double sc_db) {
            static_cast<std::vector<std::pair<size_t, double>>*>(u)->push_back(
                { it, sc_db });
            return 0;
        };
        c.progress_user = &seen;
        PhasePtr ph = make_phase(c);
        fvec y(x.size());
        stftc_phase_result_t r;
        CPPUNIT_ASSERT_EQUAL(
            (int)STFTC_OK,
            stftc_phase_reconstruct(ph.get(), S.data(), nf, nullptr, y.data(), &r));
        CPPUNIT_ASSERT_EQUAL((size_t)30, r.iterations);
        /* 5 FGLA, 10 RAAR, 15 FGLA (polish 0.5): every pass reported once */
        CPPUNIT_ASSERT_EQUAL((size_t)31, seen.size());
        for (size_t i = 0; i <= 30; i++)
            CPPUNIT_ASSERT_EQUAL(i, seen[i].first);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(seen.back().second, r.sc_db, 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(pts::ref_sc(fr, S, y), r.sc_db, 0.05);
        {
            /* L-BFGS in the middle: it reports accepted steps only */
            stftc_phase_config_t cl = c;
            cl.hybrid_method = STFTC_PHASE_METHOD_LBFGS;
            std::vector<std::pair<size_t, double>> sl;
            cl.progress_user = &sl;
            PhasePtr pl = make_phase(cl);
            stftc_phase_result_t rl;
            CPPUNIT_ASSERT_EQUAL(
                (int)STFTC_OK,
                stftc_phase_reconstruct(pl.get(), S.data(), nf, nullptr, y.data(), &rl));
            CPPUNIT_ASSERT_EQUAL((size_t)30, rl.iterations);
            for (size_t i = 1; i < sl.size(); i++)
                CPPUNIT_ASSERT(sl[i].first > sl[i - 1].first);
            CPPUNIT_ASSERT_EQUAL((size_t)30, sl.back().first);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(sl.back().second, rl.sc_db, 1e-9);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(pts::ref_sc(fr, S, y), rl.sc_db, 0.05);
        }

        /* a tolerance between the start and the end stops it early */
        c.progress = nullptr;
        c.sc_tolerance_db = 0.5 * (seen[5].second + r.sc_db);
        PhasePtr ph2 = make_phase(c);
        stftc_phase_result_t r2;
        stftc_phase_reconstruct(ph2.get(), S.data(), nf, nullptr, y.data(), &r2);
        CPPUNIT_ASSERT(r2.iterations < 30);
        CPPUNIT_ASSERT(r2.sc_db <= c.sc_tolerance_db);
    }

    /* Edges of the schedules: a hybrid whose FGLA part takes the whole
     * budget is FGLA, bit for bit; L-BFGS with no iterations returns the
     * least-squares synthesis of the initial phase (its SC is the start's). */
    void testScheduleEdges()
    {
        const size_t n = 256, h = 64;
        pts::Frame fr = pts::make_frame(n, n, h, false, "hann");
        fvec x = pts::speech_like(8000);
        const size_t nf = fr.frames(x.size());
        x.resize((nf - 1) * h + n);
        const fvec S = pts::ref_mag(fr, x);
        stftc_phase_config_t c = stftc_phase_config_default();
        c.stft = tu::cfg(n, h, 0, "hann", STFTC_REAL);
        c.max_frames = nf;
        c.iterations = 12;
        fvec a(x.size()), b(x.size());
        stftc_phase_result_t ra, rb;
        PhasePtr fgla = make_phase(c);
        stftc_phase_reconstruct(fgla.get(), S.data(), nf, nullptr, a.data(), &ra);
        c.method = STFTC_PHASE_METHOD_HYBRID;
        c.hybrid_fgla = 12;
        PhasePtr hyb = make_phase(c);
        stftc_phase_reconstruct(hyb.get(), S.data(), nf, nullptr, b.data(), &rb);
        CPPUNIT_ASSERT(a == b);
        CPPUNIT_ASSERT_EQUAL(ra.iterations, rb.iterations);

        c.method = STFTC_PHASE_METHOD_LBFGS;
        c.iterations = 0;
        PhasePtr lb = make_phase(c);
        stftc_phase_reconstruct(lb.get(), S.data(), nf, nullptr, b.data(), &rb);
        CPPUNIT_ASSERT_EQUAL((size_t)0, rb.iterations);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(rb.init_sc_db, rb.sc_db, 1e-12);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(pts::ref_sc(fr, S, b), rb.sc_db, 0.05);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PhaseOptTest);

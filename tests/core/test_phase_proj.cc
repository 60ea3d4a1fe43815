/* Projection methods of the offline phase object (RAAR, difference map,
 * ADMM, accelerated GLA) and known-phase cells: SC falls and consistent
 * spectrograms are recovered (measured by the independent double-precision
 * STFT of phase_test_signals.h, the signal up to a global phase), known
 * cells are kept bit for bit in the final estimate, an edit of a few cells
 * keeps the rest of the phase, configuration errors name the field.
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

const stftc_phase_method_t kProj[] = { STFTC_PHASE_METHOD_RAAR,
                                       STFTC_PHASE_METHOD_DM,
                                       STFTC_PHASE_METHOD_ADMM,
                                       STFTC_PHASE_METHOD_AGLA };
const char* const kProjName[] = { "RAAR", "DM", "ADMM", "AGLA" };

/* A consistent problem: a signal of the right length and its magnitudes. */
struct Problem {
    pts::Frame fr;
    fvec x, S;
    fvec xq; /* gapless real: the quadrature of x */
    size_t nf;
    stftc_phase_config_t cfg;
};

Problem problem(bool cplx, size_t n, size_t h, size_t samples)
{
    Problem p;
    p.fr = pts::make_frame(n, n, h, cplx, "hann");
    fvec x = cplx ? pts::rf_like_iq(samples, 256) : pts::speech_like(samples);
    const size_t spf = cplx ? 2 : 1;
    p.nf = p.fr.frames(x.size() / spf);
    x.resize(((p.nf - 1) * h + n) * spf);
    p.x = x;
    p.S = pts::ref_mag(p.fr, x);
    p.cfg = stftc_phase_config_default();
    p.cfg.stft = tu::cfg(n, h, 0, "hann", cplx ? STFTC_COMPLEX : STFTC_REAL);
    p.cfg.max_frames = p.nf;
    return p;
}

/* ||y - g x|| / ||x|| in dB over the best global phase g (complex) or
 * sign (real), away from the first and last edge samples (which only the
 * window tails see) */
double rel_err_db(const fvec& x0, const fvec& y0, bool cplx, size_t edge, const fvec& q0)
{
    if (!cplx) {
        /* y against a x + b xq, least squares */
        double xx = 0, qq = 0, xq = 0, xy = 0, qy = 0, yy = 0;
        for (size_t i = edge; i + edge < x0.size(); i++) {
            xx += (double)x0[i] * x0[i];
            qq += (double)q0[i] * q0[i];
            xq += (double)x0[i] * q0[i];
            xy += (double)x0[i] * y0[i];
            qy += (double)q0[i] * y0[i];
            yy += (double)y0[i] * y0[i];
        }
        const double det = xx * qq - xq * xq;
        const double a = (xy * qq - qy * xq) / det, b = (qy * xx - xy * xq) / det;
        const double e = yy - a * xy - b * qy;
        return 10 * std::log10(std::max(e, 1e-30) / xx);
    }
    const size_t spf = cplx ? 2 : 1;
    const fvec x(x0.begin() + (long)(edge * spf), x0.end() - (long)(edge * spf));
    const fvec y(y0.begin() + (long)(edge * spf), y0.end() - (long)(edge * spf));
    cd inner(0, 0);
    double ex = 0;
    if (cplx) {
        for (size_t i = 0; i + 1 < x.size(); i += 2) {
            const cd a(x[i], x[i + 1]), b(y[i], y[i + 1]);
            inner += std::conj(a) * b;
            ex += std::norm(a);
        }
    } else {
        for (size_t i = 0; i < x.size(); i++) {
            inner += (double)x[i] * y[i];
            ex += (double)x[i] * x[i];
        }
    }
    const cd g = cplx ? inner / std::abs(inner) : cd(inner.real() >= 0 ? 1 : -1, 0);
    double e = 0;
    for (size_t i = 0; i < x.size(); i += cplx ? 2 : 1) {
        const cd a = cplx ? cd(x[i], x[i + 1]) : cd(x[i], 0);
        const cd b = cplx ? cd(y[i], y[i + 1]) : cd(y[i], 0);
        e += std::norm(b - g * a);
    }
    return 10 * std::log10(e / ex);
}

/* A problem without silence and with one component (an AM chirp): one
 * connected island, so the signal is determined up to a global phase
 * (components apart in frequency would each have their own). A real one's
 * global phase rotates its analytic signal: Re(exp(i g) (x + i xq)). */
Problem gapless(bool cplx, size_t n, size_t h, size_t samples)
{
    Problem p = problem(cplx, n, h, samples);
    for (size_t t = 0; t < p.x.size() / (cplx ? 2 : 1); t++) {
        const double u = (double)t / (double)samples;
        const double ph1 = 2 * M_PI * (0.05 * t + 0.1 * samples * u * u);
        const double am = 1.0 + 0.3 * std::sin(2 * M_PI * 3 * u);
        if (cplx) {
            p.x[2 * t] = (float)(am * std::cos(ph1));
            p.x[2 * t + 1] = (float)(am * std::sin(ph1));
        } else {
            p.x[t] = (float)(am * std::cos(ph1));
            p.xq.push_back((float)(am * std::sin(ph1)));
        }
    }
    p.S = pts::ref_mag(p.fr, p.x);
    return p;
}

} // namespace

class PhaseProjTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PhaseProjTest);
    CPPUNIT_TEST(testConfigErrors);
    CPPUNIT_TEST(testScFalls);
    CPPUNIT_TEST(testRecoverIq);
    CPPUNIT_TEST(testRecoverReal);
    CPPUNIT_TEST(testAglaReducesToFgla);
    CPPUNIT_TEST(testKnownCellsKept);
    CPPUNIT_TEST(testEditKeepsRest);
    CPPUNIT_TEST(testPipelinedEqualsStepwise);
    CPPUNIT_TEST_SUITE_END();

    void expect_error(const stftc_phase_config_t& p, const char* field, const char* range)
    {
        stftc_error_t e;
        CPPUNIT_ASSERT(stftc_phase_create(&p, &e) == nullptr);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG, e.code);
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, field));
        CPPUNIT_ASSERT_MESSAGE(e.msg, contains(e.msg, range));
    }

    void testConfigErrors()
    {
        stftc_phase_config_t p = stftc_phase_config_default();
        p.method = (stftc_phase_method_t)9;
        expect_error(p, "method", "AGLA (6)");
        struct Bad {
            double stftc_phase_config_t::*field;
            const char* name;
            const char* range;
            double v;
        };
        const Bad bad[] = {
            { &stftc_phase_config_t::raar_beta, "raar_beta", "(0, 1]", 0.0 },
            { &stftc_phase_config_t::raar_beta, "raar_beta", "(0, 1]", 1.5 },
            { &stftc_phase_config_t::dm_beta, "dm_beta", "[0.1, 2]", 0.05 },
            { &stftc_phase_config_t::dm_beta, "dm_beta", "[0.1, 2]", (double)NAN },
            { &stftc_phase_config_t::admm_rho, "admm_rho", "[0, 1e+06]", -1.0 },
            { &stftc_phase_config_t::agla_alpha, "agla_alpha", "[0, 1.5]", 2.0 },
            { &stftc_phase_config_t::agla_beta, "agla_beta", "[0, 2]", -0.1 },
            { &stftc_phase_config_t::agla_gamma, "agla_gamma", "(0, 2]", 0.0 },
            { &stftc_phase_config_t::hybrid_polish, "hybrid_polish", "[0, 1]", -0.1 },
            { &stftc_phase_config_t::hybrid_polish, "hybrid_polish", "[0, 1]", 1.5 },
            { &stftc_phase_config_t::hybrid_polish,
              "hybrid_polish",
              "[0, 1]",
              (double)NAN },
        };
        for (const Bad& b : bad) {
            p = stftc_phase_config_default();
            p.method = STFTC_PHASE_METHOD_RAAR;
            p.*(b.field) = b.v;
            expect_error(p, b.name, b.range);
        }
        p = stftc_phase_config_default();
        p.method = STFTC_PHASE_METHOD_HYBRID;
        p.hybrid_method = STFTC_PHASE_METHOD_GLA;
        expect_error(p, "hybrid_method", "AGLA (6)");

        /* by name: set within range, refused outside, unknown keys named */
        p = stftc_phase_config_default();
        stftc_error_t e;
        CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                             stftc_phase_config_set(&p, "dm_beta", 1.5, &e));
        CPPUNIT_ASSERT_EQUAL(1.5, p.dm_beta);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG,
                             stftc_phase_config_set(&p, "agla_gamma", 3.0, &e));
        CPPUNIT_ASSERT(contains(e.msg, "agla_gamma") && contains(e.msg, "(0, 2]"));
        CPPUNIT_ASSERT_EQUAL(1.25, p.agla_gamma);
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG,
                             stftc_phase_config_set(&p, "beta", 0.5, &e));
        CPPUNIT_ASSERT(contains(e.msg, "beta: not a projection parameter"));

        /* known cells need their phases */
        Problem pr = problem(true, 64, 16, 1200);
        PhasePtr ph = make_phase(pr.cfg);
        std::vector<uint8_t> known(pr.S.size(), 1);
        fvec y(pr.x.size());
        CPPUNIT_ASSERT_EQUAL((int)STFTC_ERR_INVALID_ARG,
                             stftc_phase_reconstruct_known(ph.get(),
                                                           pr.S.data(),
                                                           pr.nf,
                                                           nullptr,
                                                           known.data(),
                                                           y.data(),
                                                           nullptr,
                                                           nullptr));
    }

    /* From random phases, each method lowers the SC (independent measure)
     * well below the start's, real and IQ. */
    void testScFalls()
    {
        for (bool cplx : { false, true }) {
            Problem pr = problem(cplx, 128, 32, 6000);
            for (size_t i = 0; i < 4; i++) {
                stftc_phase_config_t c = pr.cfg;
                c.method = kProj[i];
                c.init = STFTC_PHASE_INIT_RANDOM;
                c.iterations = 60;
                PhasePtr ph = make_phase(c);
                fvec y(pr.x.size());
                stftc_phase_result_t r;
                CPPUNIT_ASSERT_EQUAL(
                    (int)STFTC_OK,
                    stftc_phase_reconstruct(
                        ph.get(), pr.S.data(), pr.nf, nullptr, y.data(), &r));
                const double sc = pts::ref_sc(pr.fr, pr.S, y);
                std::printf("  %s %-5s from random: SC %7.2f dB (start %7.2f)\n",
                            cplx ? "IQ  " : "real",
                            kProjName[i],
                            sc,
                            r.init_sc_db);
                CPPUNIT_ASSERT_DOUBLES_EQUAL(sc, r.sc_db, 0.05);
                CPPUNIT_ASSERT_EQUAL((size_t)60, r.iterations);
                CPPUNIT_ASSERT(sc < r.init_sc_db - 6.0);
            }
        }
    }

    /* A consistent spectrogram is recovered from PGHI on a small problem:
     * SC below the bound, and the signal itself up to a global phase. */
    void recover(bool cplx, double sc_bound, double err_bound)
    {
        Problem pr = gapless(cplx, 128, 32, 4000);
        for (size_t i = 0; i < 4; i++) {
            stftc_phase_config_t c = pr.cfg;
            c.method = kProj[i];
            c.iterations = 300;
            PhasePtr ph = make_phase(c);
            fvec y(pr.x.size());
            stftc_phase_result_t r;
            CPPUNIT_ASSERT_EQUAL(
                (int)STFTC_OK,
                stftc_phase_reconstruct(
                    ph.get(), pr.S.data(), pr.nf, nullptr, y.data(), &r));
            const double sc = pts::ref_sc(pr.fr, pr.S, y);
            const double err = rel_err_db(pr.x, y, cplx, pr.fr.l, pr.xq);
            std::printf("  %s %-5s from PGHI: SC %7.2f dB, signal error %7.2f dB\n",
                        cplx ? "IQ  " : "real",
                        kProjName[i],
                        sc,
                        err);
            CPPUNIT_ASSERT(sc < sc_bound);
            CPPUNIT_ASSERT(err < err_bound);
        }
    }
    void testRecoverIq() { recover(true, -60.0, -40.0); }
    void testRecoverReal() { recover(false, -60.0, -40.0); }

    /* AGLA with gamma 1 and beta 0 is fast Griffin-Lim, bit for bit. */
    void testAglaReducesToFgla()
    {
        Problem pr = problem(false, 128, 32, 4000);
        stftc_phase_config_t c = pr.cfg;
        c.iterations = 25;
        fvec a(pr.x.size()), b(pr.x.size());
        PhasePtr f = make_phase(c);
        stftc_phase_reconstruct(f.get(), pr.S.data(), pr.nf, nullptr, a.data(), nullptr);
        c.method = STFTC_PHASE_METHOD_AGLA;
        c.agla_gamma = 1.0;
        c.agla_beta = 0.0;
        c.agla_alpha = c.momentum;
        PhasePtr g = make_phase(c);
        stftc_phase_reconstruct(g.get(), pr.S.data(), pr.nf, nullptr, b.data(), nullptr);
        for (size_t i = 0; i < a.size(); i++)
            CPPUNIT_ASSERT_DOUBLES_EQUAL(a[i], b[i], 1e-5f * (1.0f + std::fabs(a[i])));
    }

    /* Known cells (a third of them, the true phases) come out of every
     * method's final estimate as mag * (cos, sin)(phase), bit for bit; the
     * others hold the magnitudes (or, ADMM, its final z). Real and IQ,
     * natural and DC-centred order. */
    void testKnownCellsKept()
    {
        const stftc_phase_method_t all[] = {
            STFTC_PHASE_METHOD_GLA,  STFTC_PHASE_METHOD_LBFGS, STFTC_PHASE_METHOD_HYBRID,
            STFTC_PHASE_METHOD_RAAR, STFTC_PHASE_METHOD_DM,    STFTC_PHASE_METHOD_ADMM,
            STFTC_PHASE_METHOD_AGLA
        };
        for (int variant = 0; variant < 3; variant++) {
            const bool cplx = variant > 0, centred = variant == 2;
            Problem pr = problem(cplx, 64, 16, 1500);
            const fvec C = pts::ref_coefs(pr.fr, pr.x);
            const size_t b = pr.fr.bins(), K = pr.nf * b;
            /* inputs in the configured order */
            fvec S(K), phase(K);
            std::vector<uint8_t> known(K);
            std::mt19937 rng(3);
            for (size_t k = 0; k < pr.nf; k++)
                for (size_t j = 0; j < b; j++) {
                    const size_t m = centred ? (j + b - b / 2) % b : j;
                    const size_t e = k * b + m;
                    S[k * b + j] = pr.S[e];
                    phase[k * b + j] = (float)std::atan2(C[2 * e + 1], C[2 * e]);
                    known[k * b + j] = (rng() % 3) == 0;
                }
            for (stftc_phase_method_t m : all) {
                stftc_phase_config_t c = pr.cfg;
                c.stft.centered = centred;
                c.method = m;
                c.iterations = 20;
                c.hybrid_fgla = 5;
                PhasePtr ph = make_phase(c);
                fvec y(pr.x.size()), co(2 * K);
                stftc_phase_result_t r;
                CPPUNIT_ASSERT_EQUAL((int)STFTC_OK,
                                     stftc_phase_reconstruct_known(ph.get(),
                                                                   S.data(),
                                                                   pr.nf,
                                                                   phase.data(),
                                                                   known.data(),
                                                                   y.data(),
                                                                   co.data(),
                                                                   &r));
                size_t checked = 0;
                for (size_t e = 0; e < K; e++) {
                    if (!known[e])
                        continue;
                    CPPUNIT_ASSERT_EQUAL(S[e] * std::cos(phase[e]), co[2 * e]);
                    CPPUNIT_ASSERT_EQUAL(S[e] * std::sin(phase[e]), co[2 * e + 1]);
                    checked++;
                }
                CPPUNIT_ASSERT(checked > K / 4);
                CPPUNIT_ASSERT_DOUBLES_EQUAL(pts::ref_sc(pr.fr, pr.S, y), r.sc_db, 0.05);
            }
        }
    }

    /* An edit of a few cells (magnitudes of 3 frames x 8 bins halved) with
     * every other cell's phase known: the rebuilt signal stays the original
     * outside the edit (up to the edit's own small change), where a
     * reconstruction without known phases re-invents the phase. */
    void testEditKeepsRest()
    {
        for (bool cplx : { false, true }) {
            Problem pr = problem(cplx, 128, 32, 6000);
            const fvec C = pts::ref_coefs(pr.fr, pr.x);
            const size_t b = pr.fr.bins(), K = pr.nf * b;
            fvec S = pr.S, phase(K);
            std::vector<uint8_t> known(K, 1);
            for (size_t e = 0; e < K; e++)
                phase[e] = (float)std::atan2(C[2 * e + 1], C[2 * e]);
            for (size_t k = 40; k < 43; k++)
                for (size_t m = 10; m < 18; m++) {
                    S[k * b + m] *= 0.5f;
                    known[k * b + m] = 0;
                }
            for (stftc_phase_method_t m : { STFTC_PHASE_METHOD_GLA,
                                            STFTC_PHASE_METHOD_RAAR,
                                            STFTC_PHASE_METHOD_AGLA }) {
                stftc_phase_config_t c = pr.cfg;
                c.method = m;
                c.iterations = 30;
                PhasePtr ph = make_phase(c);
                fvec y(pr.x.size()), y0(pr.x.size());
                stftc_phase_reconstruct_known(ph.get(),
                                              S.data(),
                                              pr.nf,
                                              phase.data(),
                                              known.data(),
                                              y.data(),
                                              nullptr,
                                              nullptr);
                stftc_phase_reconstruct(
                    ph.get(), S.data(), pr.nf, nullptr, y0.data(), nullptr);
                /* direct error, no global phase fitted: the phases are kept */
                double e = 0, e0 = 0, ex = 0;
                for (size_t i = 0; i < y.size(); i++) {
                    e += ((double)y[i] - pr.x[i]) * ((double)y[i] - pr.x[i]);
                    e0 += ((double)y0[i] - pr.x[i]) * ((double)y0[i] - pr.x[i]);
                    ex += (double)pr.x[i] * pr.x[i];
                }
                const double sc_orig = pts::ref_sc(pr.fr, pr.S, y);
                std::printf("  %s edit, method %d: error vs original %7.2f dB (no known "
                            "phases %7.2f dB), SC vs original magnitudes %7.2f dB\n",
                            cplx ? "IQ  " : "real",
                            (int)m,
                            10 * std::log10(e / ex),
                            10 * std::log10(e0 / ex),
                            sc_orig);
                CPPUNIT_ASSERT(10 * std::log10(e / ex) < -25.0);
                CPPUNIT_ASSERT(e0 > 10 * e);
                CPPUNIT_ASSERT(sc_orig < -25.0);
            }
        }
    }

    /* Without a callback the passes run pipelined; with one they run one by
     * one: the same arithmetic, the same signal (every method, DM's two
     * pass kinds and ADMM's last step included). */
    void testPipelinedEqualsStepwise()
    {
        Problem pr = problem(true, 64, 16, 3000);
        for (size_t i = 0; i < 4; i++) {
            stftc_phase_config_t c = pr.cfg;
            c.method = kProj[i];
            c.iterations = 21;
            fvec a(pr.x.size()), b(pr.x.size());
            PhasePtr p1 = make_phase(c);
            stftc_phase_reconstruct(
                p1.get(), pr.S.data(), pr.nf, nullptr, a.data(), nullptr);
            size_t calls = 0;
            c.progress = [](void* u, size_t, double) {
                ++*static_cast<size_t*>(u);
                return 0;
            };
            c.progress_user = &calls;
            PhasePtr p2 = make_phase(c);
            stftc_phase_reconstruct(
                p2.get(), pr.S.data(), pr.nf, nullptr, b.data(), nullptr);
            CPPUNIT_ASSERT_EQUAL((size_t)22, calls);
            CPPUNIT_ASSERT(a == b);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PhaseProjTest);

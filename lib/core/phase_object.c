/* gr-stftclean C core: the offline reconstruction object: configuration,
 * create and destroy, and the choice of method (Griffin-Lim family in
 * phase_gla.c, L-BFGS in phase_lbfgs.c on the loss of phase_loss.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "phase_internal.h"
#include "transform.h"

#include <stdlib.h>
#include <stftclean/vmath.h>
#include <volk/volk.h>

stftc_phase_config_t stftc_phase_config_default(void)
{
    stftc_phase_config_t c;
    memset(&c, 0, sizeof c);
    c.stft = stftc_stft_config_default();
    c.max_frames = 1024;
    c.iterations = 100;
    c.momentum = 0.99;
    c.init = STFTC_PHASE_INIT_PGHI;
    c.seed = 1;
    c.sc_tolerance_db = -INFINITY;
    c.pghi_tol = 1e-10;
    c.progress = NULL;
    c.progress_user = NULL;
    c.method = STFTC_PHASE_METHOD_GLA;
    c.lbfgs_memory = 2;
    c.mag_power = 1.0;
    c.hybrid_fgla = 0;
    c.hybrid_method = STFTC_PHASE_METHOD_RAAR;
    c.hybrid_polish = 0.5;
    c.raar_beta = 0.9;
    c.dm_beta = 0.7;
    c.admm_rho = 0.0;
    c.agla_alpha = 0.99;
    c.agla_beta = 1.1;
    c.agla_gamma = 1.25;
    return c;
}


size_t stftc_phase_bins(const stftc_phase_t* ph) { return ph->bins; }
const stftc_phase_config_t* stftc_phase_config(const stftc_phase_t* ph)
{
    return &ph->cfg;
}

void stftc_phase_destroy(stftc_phase_t* ph)
{
    if (!ph)
        return;
    stftc_fwd_free(&ph->f);
    stftc_inv_free(&ph->v);
    stftc_pghi_geom_free(&ph->pg);
    stftc_pghi_geom_free(&ph->pgh);
    stftc_free(ph->S);
    stftc_free(ph->c);
    stftc_free(ph->t);
    stftc_free(ph->y);
    stftc_free(ph->ywin);
    stftc_free(ph->norm);
    stftc_free(ph->wsyn);
    stftc_free(ph->mag);
    stftc_free(ph->st);
    stftc_bq_free(&ph->q);
    stftc_bq_free(&ph->seeds);
    stftc_phase_opt_free(ph);
    stftc_phase_proj_free(ph);
    free(ph);
}

static stftc_phase_t* phase_create_body(const stftc_phase_config_t* cfg,
                                        stftc_error_t* err)
{
    if (!cfg) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "config: NULL configuration");
        return NULL;
    }
    if (stftc_stft_config_check(&cfg->stft, err) != STFTC_OK)
        return NULL;
    const size_t maxf_limit = (size_t)1 << 30;
    if (cfg->max_frames < 1 || cfg->max_frames > maxf_limit) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "max_frames: must be in [1, %zu], got %zu",
                   maxf_limit,
                   cfg->max_frames);
        return NULL;
    }
    if (cfg->iterations > 1000000) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "iterations: must be in [0, 1000000], got %zu",
                   cfg->iterations);
        return NULL;
    }
    if (!(cfg->momentum >= 0.0 && cfg->momentum <= 1.5)) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "momentum: must be in [0, 1.5] (0 = Griffin-Lim), got %g",
                   cfg->momentum);
        return NULL;
    }
    if (cfg->init != STFTC_PHASE_INIT_ZERO && cfg->init != STFTC_PHASE_INIT_RANDOM &&
        cfg->init != STFTC_PHASE_INIT_GIVEN && cfg->init != STFTC_PHASE_INIT_PGHI) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "init: must be ZERO (0), RANDOM (1), GIVEN (2) or PGHI (3), got %d",
                   (int)cfg->init);
        return NULL;
    }
    if (isnan(cfg->sc_tolerance_db) || cfg->sc_tolerance_db > 0.0) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "sc_tolerance_db: must be <= 0 dB (or -inf for none), got %g",
                   cfg->sc_tolerance_db);
        return NULL;
    }
    if (!(cfg->pghi_tol > 0.0 && cfg->pghi_tol < 1.0)) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "pghi_tol: must be in (0, 1), got %g",
                   cfg->pghi_tol);
        return NULL;
    }
    if (stftc_phase_opt_check(cfg, err) != STFTC_OK ||
        stftc_phase_proj_check(cfg, err) != STFTC_OK)
        return NULL;
    stftc_phase_t* ph = calloc(1, sizeof *ph);
    if (!ph) {
        stftc_fail(err, STFTC_ERR_NOMEM, "phase: cannot allocate the object");
        return NULL;
    }
    ph->cfg = *cfg;
    if (stftc_fwd_init(&ph->f, &cfg->stft, err) != STFTC_OK ||
        stftc_inv_init(&ph->v, &cfg->stft, err) != STFTC_OK) {
        stftc_phase_destroy(ph);
        return NULL;
    }
    ph->cfg.stft = ph->f.g.cfg;
    ph->n = ph->f.g.n;
    ph->l = ph->f.g.l;
    ph->h = ph->f.g.h;
    ph->bins = ph->f.g.bins;
    ph->cplx = ph->f.g.is_cplx;
    ph->centered = ph->f.g.centered;
    ph->spf = ph->cplx ? 2 : 1;
    ph->maxf = cfg->max_frames;
    ph->maxlen = (ph->maxf - 1) * ph->h + ph->l;
    const size_t coefs = ph->maxf * ph->bins;
    if (coefs > (size_t)INT32_MAX) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "max_frames: %zu frames of %zu bins exceed 2^31 coefficients",
                   ph->maxf,
                   ph->bins);
        stftc_phase_destroy(ph); /* after the message: it reads ph */
        return NULL;
    }
    ph->S = stftc_alloc(coefs * sizeof(float));
    ph->c = stftc_alloc(2 * coefs * sizeof(float));
    ph->t = stftc_alloc(2 * coefs * sizeof(float));
    ph->y = stftc_alloc(ph->maxlen * ph->spf * sizeof(float));
    ph->ywin = stftc_alloc(stftc_phase_gla_window_floats(ph) * sizeof(float));
    ph->norm = stftc_alloc(ph->maxlen * sizeof(float));
    ph->wsyn = stftc_alloc(ph->l * sizeof(float));
    ph->mag = stftc_alloc(ph->bins * sizeof(float));
    ph->st = stftc_alloc(coefs);
    if (!ph->S || !ph->c || !ph->t || !ph->y || !ph->ywin || !ph->norm || !ph->wsyn ||
        !ph->mag || !ph->st || stftc_phase_opt_alloc(ph) != STFTC_OK ||
        stftc_phase_proj_alloc(ph) != STFTC_OK ||
        stftc_bq_init(&ph->q, coefs) != STFTC_OK ||
        stftc_bq_init(&ph->seeds, coefs) != STFTC_OK ||
        stftc_pghi_geom_init(
            &ph->pg, &cfg->stft, ph->n, ph->l, ph->h, ph->bins, ph->cplx) != STFTC_OK ||
        stftc_pghi_geom_init(
            &ph->pgh, &cfg->stft, ph->n, ph->l, ph->h, ph->cplx ? ph->n / 2 + 1 : 1, 0) !=
            STFTC_OK) {
        stftc_fail(err,
                   STFTC_ERR_NOMEM,
                   "max_frames: cannot allocate buffers for %zu frames of %zu bins",
                   ph->maxf,
                   ph->bins);
        stftc_phase_destroy(ph);
        return NULL;
    }
    /* as in stftc_rtpghi_create: PGHI needs a window with time spread */
    if (!(ph->pg.lambda > 0.0f && isfinite(ph->pg.tscale) && isfinite(ph->pg.fscale))) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "window: no time spread for phase-gradient reconstruction (lambda "
                   "%g samples^2 for %zu samples)",
                   (double)ph->pg.lambda,
                   ph->l);
        stftc_phase_destroy(ph);
        return NULL;
    }
    memcpy(ph->wsyn, ph->f.win, ph->l * sizeof(float));
    stftc_ok(err);
    return ph;
}

/* L-BFGS alone (its start, the synthesis of ph->c, is evaluation 0, as
 * the first pass of GLA is) or after the hybrid's it0 FGLA updates (from
 * the signal of their last pass) */
static void run_lbfgs(stftc_phase_t* ph,
                      size_t nf,
                      size_t evals,
                      double energy,
                      int alone,
                      size_t it0,
                      size_t* it,
                      double* sc,
                      double* sc0)
{
    size_t more = 0;
    double sc_start;
    if (alone) {
        stftc_phase_synth(ph, nf);
        stftc_phase_lbfgs_run(ph, nf, evals + 1, energy, 0, &more, sc, sc0);
        *it = more > 0 ? more - 1 : 0;
        return;
    }
    stftc_phase_lbfgs_run(ph, nf, evals, energy, it0 + 1, &more, sc, &sc_start);
    *it += more;
}

/* The hybrid schedule (phase.h): FGLA, hybrid_method, FGLA. A stage
 * restarts from the coefficients the last pass of the one before
 * synthesised (after L-BFGS: the signal's STFT projected onto the
 * magnitudes), so its pass 0 repeats that analysis and is not counted (nor
 * reported to the progress callback). A stage that stopped early (SC
 * tolerance, callback) ends the schedule. */
static int run_hybrid(
    stftc_phase_t* ph, size_t nf, double energy, size_t* it, double* sc, double* sc0)
{
    const stftc_phase_config_t* g = &ph->cfg;
    const size_t iters = g->iterations;
    const size_t nfg = g->hybrid_fgla < iters ? g->hybrid_fgla : iters;
    size_t nfin = (size_t)(g->hybrid_polish * (double)iters + 0.5);
    if (nfin > iters - nfg)
        nfin = iters - nfg;
    const size_t nmid = iters - nfg - nfin;
    const stftc_phase_method_t hm = g->hybrid_method;
    size_t more = 0;
    double s0;
    /* stage 1 always runs (its pass 0 is the start's SC, sc0); it_base is 0
     * (run_method) */
    stftc_phase_gla_run(ph, STFTC_PHASE_METHOD_GLA, nf, nfg, energy, it, sc, sc0);
    if (*it < nfg || *sc <= g->sc_tolerance_db)
        return 0;
    if (nmid > 0 && hm == STFTC_PHASE_METHOD_LBFGS) {
        more = 0;
        run_lbfgs(ph, nf, nmid, energy, 0, *it, &more, sc, &s0);
        *it += more;
        if (more < nmid || *sc <= g->sc_tolerance_db || nfin == 0)
            return 1;
        /* FGLA goes on from the signal's STFT on the magnitudes */
        stftc_phase_analyse_y(ph, nf, 2);
        stftc_phase_known_impose(ph, nf);
    } else if (nmid > 0) {
        ph->it_base = *it;
        stftc_phase_gla_run(ph, hm, nf, nmid, energy, &more, sc, &s0);
        *it += more;
        if (more < nmid || *sc <= g->sc_tolerance_db)
            return 0;
    }
    if (nfin == 0)
        return 0;
    ph->it_base = *it;
    stftc_phase_gla_run(ph, STFTC_PHASE_METHOD_GLA, nf, nfin, energy, &more, sc, &s0);
    *it += more;
    return 0;
}

/* The method's iterations from the projected coefficients ph->c; the
 * signal in ph->y. Returns whether the estimate is the signal itself
 * (L-BFGS) rather than coefficients synthesised. */
static int run_method(
    stftc_phase_t* ph, size_t nf, double energy, size_t* it, double* sc, double* sc0)
{
    const size_t iters = ph->cfg.iterations;
    *it = 0;
    ph->it_base = 0;
    switch (ph->cfg.method) {
    case STFTC_PHASE_METHOD_LBFGS:
        run_lbfgs(ph, nf, iters, energy, 1, 0, it, sc, sc0);
        return 1;
    case STFTC_PHASE_METHOD_HYBRID:
        return run_hybrid(ph, nf, energy, it, sc, sc0);
    default:
        stftc_phase_gla_run(ph, ph->cfg.method, nf, iters, energy, it, sc, sc0);
        return 0;
    }
}

int stftc_phase_reconstruct_known(stftc_phase_t* ph,
                                  const float* mag,
                                  size_t nframes,
                                  const float* phase,
                                  const uint8_t* known,
                                  float* out,
                                  float* coefs,
                                  stftc_phase_result_t* res)
{
    if (!stftc_phase_check_args(ph, mag, nframes) || !out)
        return STFTC_ERR_INVALID_ARG;
    if ((ph->cfg.init == STFTC_PHASE_INIT_GIVEN || known) && !phase)
        return STFTC_ERR_INVALID_ARG;
    const size_t nf = nframes;
    const double energy = stftc_phase_load_mag(ph, mag, nf);
    stftc_phase_known_load(ph, nf, known, phase);
    stftc_phase_init_coefs(ph, nf, phase);
    stftc_phase_start(ph, nf);
    stftc_phase_known_impose(ph, nf);
    size_t it = 0;
    double sc = 0.0, sc0 = 0.0;
    const int signal_estimate = run_method(ph, nf, energy, &it, &sc, &sc0);
    if (signal_estimate && (ph->nknown || coefs)) {
        /* L-BFGS's estimate is the signal: its STFT, through P_A with the
         * known cells when there are some, then synthesised again */
        sc = stftc_phase_sc_db(stftc_phase_analyse_y(ph, nf, ph->nknown ? 2 : 1), energy);
        if (ph->nknown) {
            stftc_phase_known_impose(ph, nf);
            stftc_phase_synth(ph, nf);
            sc = stftc_phase_sc_db(stftc_phase_analyse_y(ph, nf, 0), energy);
        }
    }
    memcpy(out, ph->y, stftc_phase_signal_len(ph, nf) * ph->spf * sizeof(float));
    if (coefs)
        stftc_phase_coefs_out(ph, nf, coefs);
    if (res) {
        res->iterations = it;
        res->sc_db = sc;
        res->init_sc_db = sc0;
    }
    return STFTC_OK;
}

int stftc_phase_reconstruct(stftc_phase_t* ph,
                            const float* mag,
                            size_t nframes,
                            const float* phase,
                            float* out,
                            stftc_phase_result_t* res)
{
    return stftc_phase_reconstruct_known(ph, mag, nframes, phase, NULL, out, NULL, res);
}

double stftc_phase_sc(stftc_phase_t* ph, const float* mag, size_t nframes, const float* y)
{
    if (!stftc_phase_check_args(ph, mag, nframes) || !y)
        return NAN;
    const double energy = stftc_phase_load_mag(ph, mag, nframes);
    const size_t b = ph->bins, h = ph->h, spf = ph->spf;
    double err = 0.0;
    for (size_t k = 0; k < nframes; k++) {
        stftc_fwd_frame(&ph->f, y + k * h * spf);
        volk_32fc_magnitude_32f(ph->mag, (const lv_32fc_t*)ph->f.fout, (unsigned)b);
        const float* S = ph->S + k * b;
        for (size_t m = 0; m < b; m++) {
            const double d = (double)ph->mag[m] - (double)S[m];
            err += d * d;
        }
    }
    return stftc_phase_sc_db(err, energy);
}

/* the body above, within the memory budget (stftc_set_memory_budget) */
stftc_phase_t* stftc_phase_create(const stftc_phase_config_t* cfg, stftc_error_t* err)
{
    stftc_budget_begin();
    return stftc_budget_end(phase_create_body(cfg, err), err);
}

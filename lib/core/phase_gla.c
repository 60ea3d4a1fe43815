/* gr-stftclean C core: offline reconstruction from magnitudes: Griffin-Lim,
 * fast Griffin-Lim and PGHI over a whole spectrogram.
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
    return c;
}

struct stftc_phase {
    stftc_phase_config_t cfg;
    stftc_fwd_t f; /* analysis frame: window, FFT */
    stftc_inv_t v; /* synthesis frame: inverse FFT (its plan and buffers) */
    stftc_pghi_geom_t pg;
    size_t n, l, h, bins, spf, maxf, maxlen;
    int cplx, centered;
    float* S;    /* maxf * bins target magnitudes, natural order */
    float* c;    /* maxf * bins complex: current estimate (PGHI scratch) */
    float* t;    /* maxf * bins complex: last consistent frames (scratch) */
    float* y;    /* maxlen samples */
    float* norm; /* maxlen: 1 / (N sum_k w[j - kH]^2) */
    float* wsyn; /* l: synthesis weights (analysis window) */
    float* mag;  /* bins scratch */
    uint8_t* st; /* maxf * bins PGHI state */
    stftc_bq_t q, seeds;
};

size_t stftc_phase_bins(const stftc_phase_t* ph) { return ph->bins; }
const stftc_phase_config_t* stftc_phase_config(const stftc_phase_t* ph)
{
    return &ph->cfg;
}
size_t stftc_phase_signal_len(const stftc_phase_t* ph, size_t nframes)
{
    return nframes ? (nframes - 1) * ph->h + ph->l : 0;
}

void stftc_phase_destroy(stftc_phase_t* ph)
{
    if (!ph)
        return;
    stftc_fwd_free(&ph->f);
    stftc_inv_free(&ph->v);
    stftc_pghi_geom_free(&ph->pg);
    stftc_free(ph->S);
    stftc_free(ph->c);
    stftc_free(ph->t);
    stftc_free(ph->y);
    stftc_free(ph->norm);
    stftc_free(ph->wsyn);
    stftc_free(ph->mag);
    stftc_free(ph->st);
    stftc_bq_free(&ph->q);
    stftc_bq_free(&ph->seeds);
    free(ph);
}

stftc_phase_t* stftc_phase_create(const stftc_phase_config_t* cfg, stftc_error_t* err)
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
    ph->norm = stftc_alloc(ph->maxlen * sizeof(float));
    ph->wsyn = stftc_alloc(ph->l * sizeof(float));
    ph->mag = stftc_alloc(ph->bins * sizeof(float));
    ph->st = stftc_alloc(coefs);
    if (!ph->S || !ph->c || !ph->t || !ph->y || !ph->norm || !ph->wsyn || !ph->mag ||
        !ph->st || stftc_bq_init(&ph->q, coefs) != STFTC_OK ||
        stftc_bq_init(&ph->seeds, coefs) != STFTC_OK ||
        stftc_pghi_geom_init(
            &ph->pg, &cfg->stft, ph->n, ph->l, ph->h, ph->bins, ph->cplx) != STFTC_OK) {
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

/* ---------------------------------------------------------------------- */

static int check_args(const stftc_phase_t* ph, const float* mag, size_t nframes)
{
    return ph && mag && nframes >= 1 && nframes <= ph->maxf;
}

/* Target magnitudes into natural order; returns sum S^2. Negative or NaN
 * magnitudes count as zero. */
static double load_mag(stftc_phase_t* ph, const float* mag, size_t nf)
{
    const size_t b = ph->bins;
    double e = 0.0;
    for (size_t k = 0; k < nf; k++) {
        float* dst = ph->S + k * b;
        if (ph->centered)
            stftc_real_from_centered(dst, mag + k * b, b);
        else
            memcpy(dst, mag + k * b, b * sizeof(float));
        float acc = 0.0f;
        for (size_t m = 0; m < b; m++) {
            const float v = dst[m] >= 0.0f ? dst[m] : 0.0f; /* NaN -> 0 too */
            dst[m] = v;
            acc += v * v;
        }
        e += acc;
    }
    return e;
}

/* PGHI over ph->S (nf frames): phases into ph->c[K..2K) with s, tgrad and
 * fgrad in ph->c[0..K), ph->t[0..K), ph->t[K..2K). Returns the phase array. */
static float* pghi_run(stftc_phase_t* ph, size_t nf)
{
    const size_t b = ph->bins, K = nf * b;
    float* s = ph->c;
    float* phase = ph->c + K;
    float* tg = ph->t;
    float* fg = ph->t + K;
    float smax = STFTC_LOG_FLOOR;
    for (size_t k = 0; k < nf; k++) {
        const float mx = stftc_pghi_logmag(ph->S + k * b, s + k * b, b);
        smax = mx > smax ? mx : smax;
    }
    for (size_t k = 0; k < nf; k++) {
        stftc_pghi_tgrad(&ph->pg, s + k * b, tg + k * b);
        const size_t kb = k > 0 ? k - 1 : 0, ka = k + 1 < nf ? k + 1 : k;
        if (ka > kb)
            stftc_pghi_fgrad(
                &ph->pg, s + kb * b, s + ka * b, (float)(ka - kb), fg + k * b);
        else
            stftc_pghi_fgrad(&ph->pg, s + k * b, s + k * b, 1.0f, fg + k * b);
    }
    const float thr = smax + (float)log(ph->cfg.pghi_tol);
    uint64_t rng = ph->cfg.seed;
    for (size_t e = 0; e < K; e++) {
        if (s[e] > thr) {
            ph->st[e] = 0;
        } else {
            ph->st[e] = 1;
            phase[e] = stftc_rng_phase(&rng) - (float)M_PI;
        }
    }
    stftc_pghi_integrate(
        &ph->pg, nf, s, tg, fg, phase, ph->st, thr, smax, &ph->q, &ph->seeds);
    return phase;
}

int stftc_phase_pghi(stftc_phase_t* ph, const float* mag, size_t nframes, float* phase)
{
    if (!check_args(ph, mag, nframes) || !phase)
        return STFTC_ERR_INVALID_ARG;
    load_mag(ph, mag, nframes);
    const float* p = pghi_run(ph, nframes);
    const size_t b = ph->bins;
    for (size_t k = 0; k < nframes; k++) {
        if (ph->centered)
            stftc_real_to_centered(phase + k * b, p + k * b, b);
        else
            memcpy(phase + k * b, p + k * b, b * sizeof(float));
    }
    return STFTC_OK;
}

/* Initial coefficients c = S exp(i phi0) for nf frames. */
static void init_coefs(stftc_phase_t* ph, size_t nf, const float* given)
{
    const size_t b = ph->bins, K = nf * b;
    switch (ph->cfg.init) {
    case STFTC_PHASE_INIT_ZERO:
        for (size_t e = 0; e < K; e++) {
            ph->c[2 * e] = ph->S[e];
            ph->c[2 * e + 1] = 0.0f;
        }
        break;
    case STFTC_PHASE_INIT_RANDOM: {
        uint64_t rng = ph->cfg.seed;
        for (size_t e = 0; e < K; e++) {
            const float p = stftc_rng_phase(&rng);
            ph->c[2 * e] = ph->S[e] * cosf(p);
            ph->c[2 * e + 1] = ph->S[e] * sinf(p);
        }
        break;
    }
    case STFTC_PHASE_INIT_GIVEN:
        for (size_t k = 0; k < nf; k++) {
            float* p = ph->mag; /* bins scratch */
            if (ph->centered)
                stftc_real_from_centered(p, given + k * b, b);
            else
                memcpy(p, given + k * b, b * sizeof(float));
            for (size_t m = 0; m < b; m++) {
                const float a = ph->S[k * b + m];
                ph->c[2 * (k * b + m)] = a * cosf(p[m]);
                ph->c[2 * (k * b + m) + 1] = a * sinf(p[m]);
            }
        }
        break;
    case STFTC_PHASE_INIT_PGHI: {
        const float* p = pghi_run(ph, nf);
        /* phases live in c: build the coefficients in t and swap */
        stftc_polar(ph->S, p, ph->t, K);
        float* tmp = ph->c;
        ph->c = ph->t;
        ph->t = tmp;
        break;
    }
    }
}

/* norm[j] = 1 / (N sum_k w[j - kH]^2) over the nf frames (0 where no frame
 * sees sample j): the least-squares synthesis of a finite frame set, which
 * makes synthesis-then-analysis an orthogonal projection (GLA's monotony
 * needs that at the edges too). */
static void make_norm(stftc_phase_t* ph, size_t nf)
{
    const size_t len = stftc_phase_signal_len(ph, nf), l = ph->l, h = ph->h;
    float* nm = ph->norm;
    memset(nm, 0, len * sizeof(float));
    for (size_t k = 0; k < nf; k++)
        for (size_t i = 0; i < l; i++)
            nm[k * h + i] += ph->wsyn[i] * ph->wsyn[i];
    float wmax = 0.0f;
    for (size_t i = 0; i < l; i++)
        wmax = ph->wsyn[i] > wmax ? ph->wsyn[i] : wmax;
    const float tiny = 1e-10f * wmax * wmax;
    const float inv_n = 1.0f / (float)ph->n;
    for (size_t j = 0; j < len; j++)
        nm[j] = nm[j] > tiny ? inv_n / nm[j] : 0.0f;
}

/* Magnitude projection of frame c into fin: S c / |c| (S with phase 0
 * where |c| < 1e-15). */
STFTC_PHASE_HOT static void project_mag(const float* restrict c,
                                        const float* restrict S,
                                        float* restrict fin,
                                        size_t b)
{
#pragma omp simd
    for (size_t m = 0; m < b; m++) {
        const float re = c[2 * m], im = c[2 * m + 1];
        const float m2 = re * re + im * im;
        const int nz = m2 > 1e-30f;
        const float g = S[m] * stftc_rsqrt_fast(nz ? m2 : 1.0f);
        fin[2 * m] = nz ? re * g : S[m];
        fin[2 * m + 1] = nz ? im * g : 0.0f;
    }
}

/* SC accumulation (returned) and, with update, the momentum step
 * c = t' + a (t' - t), t = t' for one analysed frame t' = fout. */
STFTC_PHASE_HOT static float momentum_step(const float* restrict fout,
                                           const float* restrict S,
                                           float* restrict c,
                                           float* restrict t,
                                           float a,
                                           size_t b,
                                           int update)
{
    float err = 0.0f;
    if (update) {
#pragma omp simd reduction(+ : err)
        for (size_t m = 0; m < b; m++) {
            const float re = fout[2 * m], im = fout[2 * m + 1];
            const float m2 = re * re + im * im;
            const float mag = m2 > 1e-30f ? m2 * stftc_rsqrt_fast(m2) : 0.0f;
            const float d = mag - S[m];
            err += d * d;
            c[2 * m] = re + a * (re - t[2 * m]);
            c[2 * m + 1] = im + a * (im - t[2 * m + 1]);
            t[2 * m] = re;
            t[2 * m + 1] = im;
        }
    } else {
#pragma omp simd reduction(+ : err)
        for (size_t m = 0; m < b; m++) {
            const float re = fout[2 * m], im = fout[2 * m + 1];
            const float m2 = re * re + im * im;
            const float mag = m2 > 1e-30f ? m2 * stftc_rsqrt_fast(m2) : 0.0f;
            const float d = mag - S[m];
            err += d * d;
        }
    }
    return err;
}

STFTC_PHASE_HOT static void ola_add(float* restrict y,
                                    const float* restrict v,
                                    const float* restrict w,
                                    size_t l,
                                    size_t spf)
{
    if (spf == 2) {
#pragma omp simd
        for (size_t i = 0; i < l; i++) {
            y[2 * i] += v[2 * i] * w[i];
            y[2 * i + 1] += v[2 * i + 1] * w[i];
        }
    } else {
#pragma omp simd
        for (size_t i = 0; i < l; i++)
            y[i] += v[i] * w[i];
    }
}

/* Synthesis of frame k: magnitude projection of c_k, inverse FFT, weighted
 * add into y (normalised later). */
static void synth_frame(stftc_phase_t* ph, size_t k)
{
    const size_t b = ph->bins;
    project_mag(ph->c + 2 * k * b, ph->S + k * b, ph->v.fin, b);
    if (ph->cplx) {
        fftwf_execute_dft(
            ph->v.plan, (fftwf_complex*)ph->v.fin, (fftwf_complex*)ph->v.fout);
    } else {
        ph->v.fin[1] = 0.0f;
        if (ph->n % 2 == 0)
            ph->v.fin[2 * (ph->n / 2) + 1] = 0.0f;
        fftwf_execute_dft_c2r(ph->v.plan, (fftwf_complex*)ph->v.fin, ph->v.fout);
    }
    ola_add(ph->y + k * ph->h * ph->spf, ph->v.fout, ph->wsyn, ph->l, ph->spf);
}

/* Analysis of frame k of y; returns sum (|Y_k| - S_k)^2; with update, the
 * momentum step c = t' + a (t' - t), t = t'. */
static double analyze_frame(stftc_phase_t* ph, size_t k, int update, float a)
{
    const size_t b = ph->bins;
    stftc_fwd_frame(&ph->f, ph->y + k * ph->h * ph->spf);
    return momentum_step(
        ph->f.fout, ph->S + k * b, ph->c + 2 * k * b, ph->t + 2 * k * b, a, b, update);
}

/* One synthesis + analysis pass over nf frames: y = least-squares synthesis
 * of the magnitude-projected c, then its frames analysed. The two run
 * interleaved, frame k analysed as soon as the frames that overlap it are
 * synthesised and its samples normalised, so the data of a frame are still
 * in cache when they are read again. Returns sum (|Y| - S)^2. */
static double gla_pass(stftc_phase_t* ph, size_t nf, int update, float a)
{
    const size_t h = ph->h, spf = ph->spf;
    const size_t len = stftc_phase_signal_len(ph, nf);
    const size_t reach = (ph->l + h - 1) / h; /* frames that overlap one frame */
    memset(ph->y, 0, len * spf * sizeof(float));
    size_t synth = 0, normed = 0;
    double err = 0.0;
    for (size_t k = 0; k < nf; k++) {
        while (synth < nf && synth < k + reach) {
            synth_frame(ph, synth++);
            /* samples before frame synth's start are complete */
            const size_t done = synth < nf ? synth * h : len;
            if (spf == 2)
                stftc_vec_cmul_real(ph->y + 2 * normed,
                                    ph->y + 2 * normed,
                                    ph->norm + normed,
                                    done - normed);
            else
                stftc_vec_mul(
                    ph->y + normed, ph->y + normed, ph->norm + normed, done - normed);
            normed = done;
        }
        err += analyze_frame(ph, k, update, a);
    }
    return err;
}

static double sc_db(double err, double energy)
{
    if (!(energy > 0.0))
        return err > 0.0 ? INFINITY : -INFINITY;
    return err > 0.0 ? 10.0 * log10(err / energy) : -INFINITY;
}

int stftc_phase_reconstruct(stftc_phase_t* ph,
                            const float* mag,
                            size_t nframes,
                            const float* phase,
                            float* out,
                            stftc_phase_result_t* res)
{
    if (!check_args(ph, mag, nframes) || !out)
        return STFTC_ERR_INVALID_ARG;
    if (ph->cfg.init == STFTC_PHASE_INIT_GIVEN && !phase)
        return STFTC_ERR_INVALID_ARG;
    const size_t nf = nframes;
    const double energy = load_mag(ph, mag, nf);
    init_coefs(ph, nf, phase);
    make_norm(ph, nf);
    const size_t iters = ph->cfg.iterations;
    size_t it = 0;
    double sc = 0.0, sc0 = 0.0;
    for (;;) {
        const int more = it < iters;
        /* momentum needs the previous consistent frames; the first pass
         * has none, so its step is plain GLA (and it fills t) */
        const float a = it == 0 ? 0.0f : (float)ph->cfg.momentum;
        sc = sc_db(gla_pass(ph, nf, more, a), energy);
        if (it == 0)
            sc0 = sc;
        int stop = !more || sc <= ph->cfg.sc_tolerance_db;
        if (ph->cfg.progress && ph->cfg.progress(ph->cfg.progress_user, it, sc))
            stop = 1;
        if (stop)
            break;
        it++;
    }
    memcpy(out, ph->y, stftc_phase_signal_len(ph, nf) * ph->spf * sizeof(float));
    if (res) {
        res->iterations = it;
        res->sc_db = sc;
        res->init_sc_db = sc0;
    }
    return STFTC_OK;
}

double stftc_phase_sc(stftc_phase_t* ph, const float* mag, size_t nframes, const float* y)
{
    if (!check_args(ph, mag, nframes) || !y)
        return NAN;
    const double energy = load_mag(ph, mag, nframes);
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
    return sc_db(err, energy);
}

/* gr-stftclean C core: the magnitude loss of the optimisation methods
 * (phase.h) and its exact gradient, the least-squares synthesis of their
 * start, and the checks and buffers of their configuration fields.
 *
 * With X = A x the frames of x (X_k = FFT(w x[kH : kH + L])), the loss
 * L = sum (|X| - S)^2 has the gradient 2 A^H R, R = (|X| - S) X / |X|:
 * the adjoint A^H is the overlap-add of the inverse FFTs (unnormalised)
 * weighted by the analysis window itself, not the dual window of the
 * ISTFT.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "phase_internal.h"
#include "transform.h"

#include <stdlib.h>
#include <stftclean/vmath.h>

int stftc_phase_opt_check(const stftc_phase_config_t* cfg, stftc_error_t* err)
{
    if (cfg->method != STFTC_PHASE_METHOD_GLA &&
        cfg->method != STFTC_PHASE_METHOD_LBFGS &&
        cfg->method != STFTC_PHASE_METHOD_HYBRID && !stftc_phase_proj_is(cfg->method)) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "method: must be GLA (0), LBFGS (1), HYBRID (2), RAAR (3), DM (4), "
                   "ADMM (5) or AGLA (6), got %d",
                   (int)cfg->method);
        return STFTC_ERR_INVALID_ARG;
    }
    if (cfg->lbfgs_memory < 1 || cfg->lbfgs_memory > STFTC_OPT_MAX_MEMORY) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "lbfgs_memory: must be in [1, %d], got %zu",
                   STFTC_OPT_MAX_MEMORY,
                   cfg->lbfgs_memory);
        return STFTC_ERR_INVALID_ARG;
    }
    if (!(cfg->mag_power > 0.0 && cfg->mag_power <= 1.0)) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "mag_power: must be in (0, 1], got %g",
                   cfg->mag_power);
        return STFTC_ERR_INVALID_ARG;
    }
    if (cfg->hybrid_fgla > 1000000) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "hybrid_fgla: must be in [0, 1000000], got %zu",
                   cfg->hybrid_fgla);
        return STFTC_ERR_INVALID_ARG;
    }
    stftc_ok(err);
    return STFTC_OK;
}

int stftc_phase_opt_alloc(stftc_phase_t* ph)
{
    const size_t n = ph->maxlen * ph->spf, m = ph->cfg.lbfgs_memory;
    if (ph->cfg.mag_power != 1.0) {
        ph->Sp = stftc_alloc(ph->maxf * ph->bins * sizeof(float));
        if (!ph->Sp)
            return STFTC_ERR_NOMEM;
    }
    if (ph->cfg.method != STFTC_PHASE_METHOD_LBFGS &&
        !(ph->cfg.method == STFTC_PHASE_METHOD_HYBRID &&
          ph->cfg.hybrid_method == STFTC_PHASE_METHOD_LBFGS))
        return STFTC_OK;
    ph->ox = stftc_alloc(n * sizeof(float));
    ph->og = stftc_alloc(n * sizeof(float));
    ph->ogt = stftc_alloc(n * sizeof(float));
    ph->od = stftc_alloc(n * sizeof(float));
    ph->os = stftc_alloc(m * n * sizeof(float));
    ph->oy = stftc_alloc(m * n * sizeof(float));
    ph->ogram = stftc_alloc(2 * m * m * sizeof(double));
    if (!ph->ox || !ph->og || !ph->ogt || !ph->od || !ph->os || !ph->oy || !ph->ogram)
        return STFTC_ERR_NOMEM;
    return STFTC_OK;
}

void stftc_phase_opt_free(stftc_phase_t* ph)
{
    stftc_free(ph->ox);
    stftc_free(ph->og);
    stftc_free(ph->ogt);
    stftc_free(ph->od);
    stftc_free(ph->os);
    stftc_free(ph->oy);
    stftc_free(ph->ogram);
    stftc_free(ph->Sp);
}


/* ---------------- loss and gradient ---------------- */

/* Power 1: r = 2 (|X| - S) X / |X| (0 where X = 0) over one frame; returns
 * sum (|X| - S)^2. */
STFTC_PHASE_HOT static float
resid_p1(const float* restrict X, const float* restrict S, float* restrict r, size_t b)
{
    float e = 0.0f;
#pragma omp simd reduction(+ : e)
    for (size_t m = 0; m < b; m++) {
        const float re = X[2 * m], im = X[2 * m + 1];
        const float m2 = re * re + im * im;
        const int nz = m2 > 1e-30f;
        const float inv = stftc_rsqrt_fast(nz ? m2 : 1.0f);
        const float d = (nz ? m2 * inv : 0.0f) - S[m];
        e += d * d;
        const float g = nz ? 2.0f * d * inv : 0.0f;
        r[2 * m] = g * re;
        r[2 * m + 1] = g * im;
    }
    return e;
}

/* Power p < 1 with a = sqrt(|X|^2 + eps^2): r = 2 p (a^p - S^p) a^(p-2) X;
 * *loss gets sum (a^p - S^p)^2, the return value sum (|X| - S)^2. */
static float resid_p(const stftc_phase_t* ph,
                     const float* X,
                     const float* S,
                     const float* Sp,
                     float* r,
                     size_t b,
                     float* loss)
{
    const float p = (float)ph->cfg.mag_power, eps2 = ph->oeps2;
    float e = 0.0f, lo = 0.0f;
    for (size_t m = 0; m < b; m++) {
        const float re = X[2 * m], im = X[2 * m + 1];
        const float m2 = re * re + im * im;
        const float d = sqrtf(m2) - S[m];
        e += d * d;
        const float a2 = m2 + eps2;
        const float ap = expf(0.5f * p * logf(a2));
        const float dp = ap - Sp[m];
        lo += dp * dp;
        const float g = 2.0f * p * dp * ap / a2;
        r[2 * m] = g * re;
        r[2 * m + 1] = g * im;
    }
    *loss = lo;
    return e;
}

/* The loss term of one bin (for the real signal's DC and N/2 weights). */
static float bin_term(const stftc_phase_t* ph, const float* X, size_t k, size_t m)
{
    const size_t e = k * ph->bins + m;
    const float m2 = X[2 * m] * X[2 * m] + X[2 * m + 1] * X[2 * m + 1];
    if (ph->cfg.mag_power == 1.0) {
        const float d = sqrtf(m2) - ph->S[e];
        return d * d;
    }
    const float ap = expf(0.5f * (float)ph->cfg.mag_power * logf(m2 + ph->oeps2));
    return (ap - ph->Sp[e]) * (ap - ph->Sp[e]);
}

/* S^p and the smoothing of the power loss for the nf frames in ph->S. */
void stftc_phase_opt_prepare(stftc_phase_t* ph, size_t nf)
{
    if (ph->cfg.mag_power == 1.0)
        return;
    const size_t K = nf * ph->bins;
    float mx = 0.0f;
    for (size_t e = 0; e < K; e++) {
        ph->Sp[e] = powf(ph->S[e], (float)ph->cfg.mag_power);
        mx = ph->S[e] > mx ? ph->S[e] : mx;
    }
    const float eps = 1e-4f * (mx > 0.0f ? mx : 1.0f);
    ph->oeps2 = eps * eps;
}


/* x = base - alpha dir over n floats */
STFTC_PHASE_HOT static void trial_fill(float* restrict x,
                                       const float* restrict base,
                                       float alpha,
                                       const float* restrict dir,
                                       size_t n)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++)
        x[i] = base[i] - alpha * dir[i];
}

/* (phase_internal.h) the frames analysed, residual, inverse FFT and
 * windowed overlap-add into g while each frame is in cache */
double stftc_phase_opt_eval(stftc_phase_t* ph,
                            size_t nf,
                            const float* x,
                            const stftc_opt_trial_t* tr,
                            float* g,
                            double* sc_err)
{
    const size_t b = ph->bins, h = ph->h, l = ph->l, spf = ph->spf, n = ph->n;
    const int p1 = ph->cfg.mag_power == 1.0;
    double loss = 0.0, err = 0.0;
    for (size_t k = 0; k < nf; k++) {
        /* samples from (k - 1) h + l on are first reached by frame k */
        const size_t z0 = k ? (k - 1) * h + l : 0, end = k * h + l;
        if (z0 < end) {
            memset(g + z0 * spf, 0, (end - z0) * spf * sizeof(float));
            if (tr) {
                const size_t a = z0 * spf, cnt = (end - z0) * spf;
                trial_fill(tr->x + a, tr->base + a, tr->alpha, tr->dir + a, cnt);
            }
        }
        if (tr)
            x = tr->x;
        stftc_fwd_frame(&ph->f, x + k * h * spf);
        const float* X = ph->f.fout;
        float* r = ph->v.fin;
        float e, lo;
        if (p1)
            lo = e = resid_p1(X, ph->S + k * b, r, b);
        else
            e = resid_p(ph, X, ph->S + k * b, ph->Sp + k * b, r, b, &lo);
        if (ph->cplx) {
            fftwf_execute_dft(ph->v.plan, (fftwf_complex*)r, (fftwf_complex*)ph->v.fout);
        } else {
            /* the one-sided bins stand for both halves of the spectrum:
             * all but DC and N/2 count twice in the loss, and the c2r
             * transform sums both halves in the gradient */
            lo = 2.0f * lo - bin_term(ph, X, k, 0);
            if (n % 2 == 0)
                lo -= bin_term(ph, X, k, n / 2);
            r[1] = 0.0f;
            if (n % 2 == 0)
                r[2 * (n / 2) + 1] = 0.0f;
            fftwf_execute_dft_c2r(ph->v.plan, (fftwf_complex*)r, ph->v.fout);
        }
        stftc_phase_ola_add(g + k * h * spf, ph->v.fout, ph->wsyn, l, spf);
        loss += lo;
        err += e;
    }
    *sc_err = err;
    return loss;
}

int stftc_phase_loss_grad(stftc_phase_t* ph,
                          const float* mag,
                          size_t nframes,
                          const float* x,
                          float* grad,
                          double* loss)
{
    if (!stftc_phase_check_args(ph, mag, nframes) || !x || !grad || !loss)
        return STFTC_ERR_INVALID_ARG;
    stftc_phase_load_mag(ph, mag, nframes);
    stftc_phase_opt_prepare(ph, nframes);
    double err;
    *loss = stftc_phase_opt_eval(ph, nframes, x, NULL, grad, &err);
    return STFTC_OK;
}

/* Least-squares synthesis of ph->c (projected coefficients) into ph->y. */
void stftc_phase_synth(stftc_phase_t* ph, size_t nf)
{
    const size_t b = ph->bins, h = ph->h, l = ph->l, spf = ph->spf, n = ph->n;
    const size_t len = stftc_phase_signal_len(ph, nf);
    memset(ph->y, 0, len * spf * sizeof(float));
    for (size_t k = 0; k < nf; k++) {
        memcpy(ph->v.fin, ph->c + 2 * k * b, 2 * b * sizeof(float));
        if (ph->cplx) {
            fftwf_execute_dft(
                ph->v.plan, (fftwf_complex*)ph->v.fin, (fftwf_complex*)ph->v.fout);
        } else {
            ph->v.fin[1] = 0.0f;
            if (n % 2 == 0)
                ph->v.fin[2 * (n / 2) + 1] = 0.0f;
            fftwf_execute_dft_c2r(ph->v.plan, (fftwf_complex*)ph->v.fin, ph->v.fout);
        }
        stftc_phase_ola_add(ph->y + k * h * spf, ph->v.fout, ph->wsyn, l, spf);
    }
    for (size_t j = 0; j < len; j++)
        for (size_t q = 0; q < spf; q++)
            ph->y[j * spf + q] *= ph->norm[j];
}

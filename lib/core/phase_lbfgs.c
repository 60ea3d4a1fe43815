/* gr-stftclean C core: phase retrieval by optimisation: L-BFGS on the
 * magnitude loss over the time signal (phase.h), with the loss's exact
 * gradient.
 *
 * With X = A x the frames of x (X_k = FFT(w x[kH : kH + L])), the loss
 * L = sum (|X| - S)^2 has the gradient 2 A^H R, R = (|X| - S) X / |X|:
 * the adjoint A^H is the overlap-add of the inverse FFTs (unnormalised)
 * weighted by the analysis window itself, not the dual window of the
 * ISTFT. A^H A = D is diagonal (N sum_k w^2(. - kH)), and the Griffin-Lim
 * update x - D^-1 A^H R is the gradient step x - (D^-1 / 2) grad: so the
 * L-BFGS below uses P = D^-1 / 2 as its initial inverse Hessian (scaled by
 * the usual s.y / y.P y), its first step from a consistent start is a
 * Griffin-Lim update, and the edges where few frames see a sample get the
 * larger steps they need.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "phase_internal.h"
#include "transform.h"

#include <stdlib.h>
#include <stftclean/vmath.h>

#define OPT_MAX_MEMORY 64
#define OPT_ARMIJO 1e-4   /* sufficient decrease constant */
#define OPT_BACKTRACKS 12 /* trial steps per line search, at most */
#define OPT_BLOCK 2048    /* samples per block of the blocked passes */

int stftc_phase_opt_check(const stftc_phase_config_t* cfg, stftc_error_t* err)
{
    if (cfg->method != STFTC_PHASE_METHOD_GLA &&
        cfg->method != STFTC_PHASE_METHOD_LBFGS &&
        cfg->method != STFTC_PHASE_METHOD_HYBRID) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "method: must be GLA (0), LBFGS (1) or HYBRID (2), got %d",
                   (int)cfg->method);
        return STFTC_ERR_INVALID_ARG;
    }
    if (cfg->lbfgs_memory < 1 || cfg->lbfgs_memory > OPT_MAX_MEMORY) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "lbfgs_memory: must be in [1, %d], got %zu",
                   OPT_MAX_MEMORY,
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
    if (ph->cfg.method == STFTC_PHASE_METHOD_GLA)
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
static void opt_prepare(stftc_phase_t* ph, size_t nf)
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

/* ---------------- vector operations (n floats) ----------------
 * The L-BFGS vectors are as long as the signal and far larger than the
 * caches: each pass is fused with the next so that a vector is read once
 * where the recursion allows it. */

STFTC_PHASE_HOT static double
dot(const float* restrict a, const float* restrict b, size_t n)
{
    double s = 0.0;
#pragma omp simd reduction(+ : s)
    for (size_t i = 0; i < n; i++)
        s += (double)a[i] * (double)b[i];
    return s;
}

/* q = src - c y (q may be src), then returns sum t q (0 when t is NULL) */
STFTC_PHASE_HOT static double axpy_dot(float* q,
                                       const float* src,
                                       float c,
                                       const float* restrict y,
                                       const float* t,
                                       size_t n)
{
    double acc = 0.0;
    if (t) {
#pragma omp simd reduction(+ : acc)
        for (size_t i = 0; i < n; i++) {
            const float v = src[i] - c * y[i];
            q[i] = v;
            acc += (double)t[i] * (double)v;
        }
    } else {
#pragma omp simd
        for (size_t i = 0; i < n; i++)
            q[i] = src[i] - c * y[i];
    }
    return acc;
}

/* A trial point x = base - alpha dir, made while the loss is evaluated. */
typedef struct {
    float* x;
    const float* base;
    const float* dir;
    float alpha;
} opt_trial_t;

/* Loss and gradient g at x, one frame at a time (analysis, residual,
 * inverse FFT, windowed overlap-add into g, while the frame is in cache).
 * With tr, x is tr->x, written from tr->base and tr->dir just before the
 * first frame that reads each sample (so it is still in cache when read).
 * *sc_err gets sum (|X| - S)^2 over the stored bins (the SC's error). */
static double opt_eval(stftc_phase_t* ph,
                       size_t nf,
                       const float* x,
                       const opt_trial_t* tr,
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
                axpy_dot(tr->x + a, tr->base + a, tr->alpha, tr->dir + a, NULL, cnt);
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
    opt_prepare(ph, nframes);
    double err;
    *loss = opt_eval(ph, nframes, x, NULL, grad, &err);
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

/* q = scale P src, P = norm / 2 per sample (spf floats each); returns
 * sum t q (0 when t is NULL) */
STFTC_PHASE_HOT static double precond_dot(float* q,
                                          const float* src,
                                          const float* restrict norm,
                                          size_t len,
                                          size_t spf,
                                          float scale,
                                          const float* t)
{
    double acc = 0.0;
    const float c = 0.5f * scale;
    if (spf == 2) {
#pragma omp simd reduction(+ : acc)
        for (size_t j = 0; j < len; j++) {
            const float a = c * norm[j];
            const float v0 = a * src[2 * j], v1 = a * src[2 * j + 1];
            q[2 * j] = v0;
            q[2 * j + 1] = v1;
            if (t)
                acc += (double)t[2 * j] * (double)v0 + (double)t[2 * j + 1] * (double)v1;
        }
    } else {
#pragma omp simd reduction(+ : acc)
        for (size_t j = 0; j < len; j++) {
            const float v = c * norm[j] * src[j];
            q[j] = v;
            if (t)
                acc += (double)t[j] * (double)v;
        }
    }
    return acc;
}

/* Dot products of a new correction pair. */
typedef struct {
    double sy, ss, yy, ypy;
} pair_dots_t;

/* One block of pair_store: bl samples, float sums into d. */
STFTC_PHASE_HOT static void pair_block(float* restrict s,
                                       float* restrict y,
                                       const float* restrict hg,
                                       float alpha,
                                       const float* restrict gt,
                                       const float* restrict g,
                                       const float* restrict norm,
                                       size_t bl,
                                       size_t spf,
                                       pair_dots_t* d)
{
    float sy = 0.0f, ss = 0.0f, yy = 0.0f, ypy = 0.0f;
    if (spf == 2) {
#pragma omp simd reduction(+ : sy, ss, yy, ypy)
        for (size_t j = 0; j < bl; j++) {
            const float s0 = -alpha * hg[2 * j], s1 = -alpha * hg[2 * j + 1];
            const float y0 = gt[2 * j] - g[2 * j], y1 = gt[2 * j + 1] - g[2 * j + 1];
            s[2 * j] = s0;
            s[2 * j + 1] = s1;
            y[2 * j] = y0;
            y[2 * j + 1] = y1;
            sy += s0 * y0 + s1 * y1;
            ss += s0 * s0 + s1 * s1;
            const float y2 = y0 * y0 + y1 * y1;
            yy += y2;
            ypy += 0.5f * norm[j] * y2;
        }
    } else {
#pragma omp simd reduction(+ : sy, ss, yy, ypy)
        for (size_t j = 0; j < bl; j++) {
            const float sv = -alpha * hg[j], yv = gt[j] - g[j];
            s[j] = sv;
            y[j] = yv;
            sy += sv * yv;
            ss += sv * sv;
            yy += yv * yv;
            ypy += 0.5f * norm[j] * yv * yv;
        }
    }
    d->sy += sy;
    d->ss += ss;
    d->yy += yy;
    d->ypy += ypy;
}

/* s = -alpha hg (the step taken along -hg), y = gt - g, and their dots
 * (ypy = y P y) in one pass, in blocks (float sums within a block). */
static pair_dots_t pair_store(float* s,
                              float* y,
                              const float* hg,
                              float alpha,
                              const float* gt,
                              const float* g,
                              const float* norm,
                              size_t len,
                              size_t spf)
{
    pair_dots_t d = { 0.0, 0.0, 0.0, 0.0 };
    for (size_t j0 = 0; j0 < len; j0 += OPT_BLOCK) {
        const size_t bl = len - j0 < OPT_BLOCK ? len - j0 : OPT_BLOCK, o = j0 * spf;
        pair_block(s + o, y + o, hg + o, alpha, gt + o, g + o, norm + j0, bl, spf, &d);
    }
    return d;
}

/* ---------------- L-BFGS ----------------
 * The compact form of the L-BFGS inverse Hessian (Byrd, Nocedal and
 * Schnabel 1994) with H0 = gamma P, pairs ordered oldest to newest:
 *   H g = gamma P g + S p1 + gamma P Y p2,
 *   p2 = -R^-1 S'g,  p1 = R^-T ((D + gamma Y'PY) R^-1 S'g - gamma Y'Pg),
 * R the upper triangle of S'Y, D its diagonal. Against the two-loop
 * recursion (2 m sequential dot products and axpys over the whole
 * signal) it needs two passes over the pairs: the dot products S'g, Y'Pg
 * (and the new pair's row of S'Y and Y'PY) in one, the combination in
 * the other, both in cache-sized blocks so that each pair vector is read
 * once per pass. */

typedef struct {
    size_t stored, newest; /* correction pairs held, slot of the newest */
    int pending;           /* slot of a new pair whose cross products with
                              the others are not known yet, or -1 */
    double gamma;          /* scale of the initial inverse Hessian gamma P */
} opt_mem_t;


/* Products of pair a (sa, ya) with g over one block of bl samples (at
 * most OPT_BLOCK: float sums are exact enough there, and the caller adds
 * the blocks in double): r[0] = sa.g, r[1] = ya.P g; with sp, yp (the
 * pending pair) also r[2] = sa.yp, r[3] = sp.ya, r[4] = ya.P yp. One pass
 * over the block. */
STFTC_PHASE_HOT static void block_products(const float* restrict sa,
                                           const float* restrict ya,
                                           const float* restrict g,
                                           const float* restrict sp,
                                           const float* restrict yp,
                                           const float* restrict norm,
                                           size_t bl,
                                           size_t spf,
                                           double* r)
{
    float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f, a4 = 0.0f;
    if (spf == 2) {
        if (sp) {
#pragma omp simd reduction(+ : a0, a1, a2, a3, a4)
            for (size_t j = 0; j < bl; j++) {
                const float p = 0.5f * norm[j];
                const float s0 = sa[2 * j], s1 = sa[2 * j + 1];
                const float y0 = ya[2 * j], y1 = ya[2 * j + 1];
                const float q0 = yp[2 * j], q1 = yp[2 * j + 1];
                a0 += s0 * g[2 * j] + s1 * g[2 * j + 1];
                a1 += p * (y0 * g[2 * j] + y1 * g[2 * j + 1]);
                a2 += s0 * q0 + s1 * q1;
                a3 += sp[2 * j] * y0 + sp[2 * j + 1] * y1;
                a4 += p * (y0 * q0 + y1 * q1);
            }
        } else {
#pragma omp simd reduction(+ : a0, a1)
            for (size_t j = 0; j < bl; j++) {
                const float p = 0.5f * norm[j];
                a0 += sa[2 * j] * g[2 * j] + sa[2 * j + 1] * g[2 * j + 1];
                a1 += p * (ya[2 * j] * g[2 * j] + ya[2 * j + 1] * g[2 * j + 1]);
            }
        }
    } else {
        if (sp) {
#pragma omp simd reduction(+ : a0, a1, a2, a3, a4)
            for (size_t j = 0; j < bl; j++) {
                const float p = 0.5f * norm[j];
                a0 += sa[j] * g[j];
                a1 += p * ya[j] * g[j];
                a2 += sa[j] * yp[j];
                a3 += sp[j] * ya[j];
                a4 += p * ya[j] * yp[j];
            }
        } else {
#pragma omp simd reduction(+ : a0, a1)
            for (size_t j = 0; j < bl; j++) {
                a0 += sa[j] * g[j];
                a1 += 0.5f * norm[j] * ya[j] * g[j];
            }
        }
    }
    r[0] += a0;
    r[1] += a1;
    if (sp) {
        r[2] += a2;
        r[3] += a3;
        r[4] += a4;
    }
}

/* ph->od = H g; returns g.H g (the search direction is -ph->od). */
static double direction(stftc_phase_t* ph, opt_mem_t* mem, size_t len, const float* g)
{
    const size_t spf = ph->spf, stride = ph->maxlen * spf;
    const size_t mm = ph->cfg.lbfgs_memory, nm = mem->stored;
    const float* const S = ph->os;
    const float* const Y = ph->oy;
    double* const SY = ph->ogram;
    double* const YPY = ph->ogram + mm * mm;
    float* const out = ph->od;
    const double gam = mem->gamma;
    if (nm == 0)
        return precond_dot(out, g, ph->norm, len, spf, (float)gam, g);
    size_t ord[OPT_MAX_MEMORY]; /* slots, oldest first */
    for (size_t a = 0; a < nm; a++)
        ord[a] = (mem->newest + mm - (nm - 1 - a)) % mm;
    double u[OPT_MAX_MEMORY] = { 0 }, v[OPT_MAX_MEMORY] = { 0 };
    double sy_row[OPT_MAX_MEMORY] = { 0 }, ys_row[OPT_MAX_MEMORY] = { 0 },
           ypy_row[OPT_MAX_MEMORY] = { 0 };
    const int pn = mem->pending;
    /* pass 1: u = S'g, v = Y'Pg, and the pending pair's cross products */
    for (size_t j0 = 0; j0 < len; j0 += OPT_BLOCK) {
        const size_t bl = len - j0 < OPT_BLOCK ? len - j0 : OPT_BLOCK;
        const size_t o = j0 * spf;
        const float* nb = ph->norm + j0;
        for (size_t a = 0; a < nm; a++) {
            const int cross = pn >= 0 && ord[a] != (size_t)pn;
            double r[5] = { 0.0, 0.0, 0.0, 0.0, 0.0 };
            block_products(S + ord[a] * stride + o,
                           Y + ord[a] * stride + o,
                           g + o,
                           cross ? S + (size_t)pn * stride + o : NULL,
                           cross ? Y + (size_t)pn * stride + o : NULL,
                           nb,
                           bl,
                           spf,
                           r);
            u[a] += r[0];
            v[a] += r[1];
            sy_row[a] += r[2];
            ys_row[a] += r[3];
            ypy_row[a] += r[4];
        }
    }
    if (pn >= 0) {
        for (size_t a = 0; a < nm; a++) {
            const size_t i = ord[a];
            if (i == (size_t)pn)
                continue;
            SY[i * mm + (size_t)pn] = sy_row[a];
            SY[(size_t)pn * mm + i] = ys_row[a];
            YPY[i * mm + (size_t)pn] = YPY[(size_t)pn * mm + i] = ypy_row[a];
        }
        mem->pending = -1;
    }
    /* w = R^-1 u, t = (D + gamma Y'PY) w - gamma v, p1 = R^-T t, p2 = -w */
    double w[OPT_MAX_MEMORY], p1[OPT_MAX_MEMORY], p2[OPT_MAX_MEMORY];
    for (size_t a = nm; a-- > 0;) {
        double acc = u[a];
        for (size_t b = a + 1; b < nm; b++)
            acc -= SY[ord[a] * mm + ord[b]] * w[b];
        w[a] = acc / SY[ord[a] * mm + ord[a]];
    }
    for (size_t a = 0; a < nm; a++) {
        double t = SY[ord[a] * mm + ord[a]] * w[a] - gam * v[a];
        for (size_t b = 0; b < nm; b++)
            t += gam * YPY[ord[a] * mm + ord[b]] * w[b];
        for (size_t b = 0; b < a; b++)
            t -= SY[ord[b] * mm + ord[a]] * p1[b];
        p1[a] = t / SY[ord[a] * mm + ord[a]];
        p2[a] = -w[a];
    }
    /* pass 2: out = gamma P (g + Y p2) + S p1, and g.out */
    double ghg = 0.0;
    for (size_t j0 = 0; j0 < len; j0 += OPT_BLOCK) {
        const size_t bl = len - j0 < OPT_BLOCK ? len - j0 : OPT_BLOCK;
        const size_t o = j0 * spf, cnt = bl * spf;
        float* ob = out + o;
        memcpy(ob, g + o, cnt * sizeof(float));
        for (size_t a = 0; a < nm; a++)
            axpy_dot(ob, ob, (float)-p2[a], Y + ord[a] * stride + o, NULL, cnt);
        precond_dot(ob, ob, ph->norm + j0, bl, spf, (float)gam, NULL);
        for (size_t a = 0; a < nm; a++)
            axpy_dot(ob, ob, (float)-p1[a], S + ord[a] * stride + o, NULL, cnt);
        ghg += dot(ob, g + o, cnt);
    }
    return ghg;
}

/* Keep the pair s = -alpha H g, y = gt - g when its curvature s.y is
 * positive (the loss is not convex; a pair without curvature would make H
 * indefinite); its products with the other pairs come with the next
 * direction. */
static void remember(stftc_phase_t* ph,
                     opt_mem_t* mem,
                     size_t len,
                     double alpha,
                     const float* g,
                     const float* gt)
{
    const size_t spf = ph->spf, stride = ph->maxlen * spf;
    const size_t mm = ph->cfg.lbfgs_memory;
    const size_t slot = mem->stored ? (mem->newest + 1) % mm : 0;
    const pair_dots_t d = pair_store(ph->os + slot * stride,
                                     ph->oy + slot * stride,
                                     ph->od,
                                     (float)alpha,
                                     gt,
                                     g,
                                     ph->norm,
                                     len,
                                     spf);
    if (!(d.sy > 1e-12 * sqrt(d.ss * d.yy)) || !(d.ypy > 0.0)) {
        /* not kept; a full ring lost its oldest pair to the slot */
        if (mem->stored == mm)
            mem->stored--;
        return;
    }
    ph->ogram[slot * mm + slot] = d.sy;
    ph->ogram[mm * mm + slot * mm + slot] = d.ypy;
    mem->gamma = d.sy / d.ypy;
    mem->newest = slot;
    mem->pending = (int)slot;
    mem->stored = mem->stored < mm ? mem->stored + 1 : mm;
}

static void swap_ptr(float** a, float** b)
{
    float* t = *a;
    *a = *b;
    *b = t;
}

void stftc_phase_lbfgs_run(stftc_phase_t* ph,
                           size_t nf,
                           size_t evals,
                           double energy,
                           size_t it0,
                           size_t* it,
                           double* sc,
                           double* sc0)
{
    opt_prepare(ph, nf);
    const size_t len = stftc_phase_signal_len(ph, nf);
    const double tol = ph->cfg.sc_tolerance_db;
    double err;
    double f = opt_eval(ph, nf, ph->y, NULL, ph->og, &err);
    size_t used = 1;
    double scv = stftc_phase_sc_db(err, energy);
    *sc0 = scv;
    int stop = scv <= tol;
    if (it0 == 0 && ph->cfg.progress && ph->cfg.progress(ph->cfg.progress_user, 0, scv))
        stop = 1;
    opt_mem_t mem = { 0, 0, -1, 1.0 };
    while (!stop && used < evals) {
        double dg = -direction(ph, &mem, len, ph->og); /* slope along -od */
        if (!(dg < 0.0)) {
            /* not a descent direction (rounding): restart from the
             * preconditioned gradient */
            mem.stored = 0;
            mem.pending = -1;
            mem.gamma = 1.0;
            dg = -direction(ph, &mem, len, ph->og);
            if (!(dg < 0.0))
                break; /* stationary */
        }
        double alpha = 1.0, ft = INFINITY, errt = 0.0;
        int accepted = 0;
        for (int bt = 0; bt < OPT_BACKTRACKS && used < evals; bt++) {
            const opt_trial_t tr = { ph->ox, ph->y, ph->od, (float)alpha };
            ft = opt_eval(ph, nf, NULL, &tr, ph->ogt, &errt);
            used++;
            if (ft <= f + OPT_ARMIJO * alpha * dg) {
                accepted = ft < f;
                break;
            }
            /* minimum of the quadratic through f, f'(0) and ft, kept in
             * [0.1, 0.5] of the step */
            const double den = 2.0 * (ft - f - dg * alpha);
            double next =
                isfinite(ft) && den > 0.0 ? -dg * alpha * alpha / den : 0.1 * alpha;
            next = next < 0.1 * alpha ? 0.1 * alpha : next;
            alpha = next > 0.5 * alpha ? 0.5 * alpha : next;
        }
        if (!accepted) {
            if (mem.stored > 0 || mem.gamma != 1.0) {
                mem.stored = 0; /* the model misled: start again from GLA steps */
                mem.pending = -1;
                mem.gamma = 1.0;
                continue;
            }
            break; /* no lower loss along the preconditioned gradient */
        }
        remember(ph, &mem, len, alpha, ph->og, ph->ogt);
        swap_ptr(&ph->y, &ph->ox);
        swap_ptr(&ph->og, &ph->ogt);
        f = ft;
        scv = stftc_phase_sc_db(errt, energy);
        if (scv <= tol)
            stop = 1;
        if (ph->cfg.progress &&
            ph->cfg.progress(ph->cfg.progress_user, it0 + used - 1, scv))
            stop = 1;
    }
    *it = used;
    *sc = scv;
}

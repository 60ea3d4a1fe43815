/* gr-stftclean C core: phase retrieval by optimisation: L-BFGS on the
 * magnitude loss over the time signal (phase.h; the loss and its gradient
 * in phase_loss.c).
 *
 * With X = A x the frames of x and the gradient 2 A^H R of the loss,
 * A^H A = D is diagonal (N sum_k w^2(. - kH)), and the Griffin-Lim
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

#define OPT_ARMIJO 1e-4   /* sufficient decrease constant */
#define OPT_BACKTRACKS 12 /* trial steps per line search, at most */
#define OPT_BLOCK 2048    /* samples per block of the blocked passes */

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
    size_t ord[STFTC_OPT_MAX_MEMORY]; /* slots, oldest first */
    for (size_t a = 0; a < nm; a++)
        ord[a] = (mem->newest + mm - (nm - 1 - a)) % mm;
    double u[STFTC_OPT_MAX_MEMORY] = { 0 }, v[STFTC_OPT_MAX_MEMORY] = { 0 };
    double sy_row[STFTC_OPT_MAX_MEMORY] = { 0 }, ys_row[STFTC_OPT_MAX_MEMORY] = { 0 },
           ypy_row[STFTC_OPT_MAX_MEMORY] = { 0 };
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
    double w[STFTC_OPT_MAX_MEMORY], p1[STFTC_OPT_MAX_MEMORY], p2[STFTC_OPT_MAX_MEMORY];
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
    stftc_phase_opt_prepare(ph, nf);
    const size_t len = stftc_phase_signal_len(ph, nf);
    const double tol = ph->cfg.sc_tolerance_db;
    double err;
    double f = stftc_phase_opt_eval(ph, nf, ph->y, NULL, ph->og, &err);
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
            const stftc_opt_trial_t tr = { ph->ox, ph->y, ph->od, (float)alpha };
            ft = stftc_phase_opt_eval(ph, nf, NULL, &tr, ph->ogt, &errt);
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

/* gr-stftclean C core: the projection methods of the offline object beyond
 * (F)GLA (RAAR, difference map, ADMM, accelerated GLA; phase.h gives the
 * update rules): their per-frame coefficient updates, run by the passes of
 * phase_gla.c, and the configuration checks of their parameters.
 *
 * A pass synthesises the coefficients ph->c of every frame and analyses
 * the result, fout = P_C(c) frame by frame; the update of frame k reads
 * fout and the method's state of frame k (ph->t, ph->e1, ph->e2) and writes
 * the next c. Updates touch one frame only, so the pipelined passes of
 * phase_gla.c run every method. P_A also imposes the known cells (ph->kn,
 * ph->kc; all zero when there are none), so every method keeps them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "phase_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <stftclean/vmath.h>
#include <string.h>

/* P_A of (vr, vi) for one cell: magnitude s, phase kept (phase 0 where
 * |v| < 1e-15), the known coefficient (kr, ki) where kn is set. */
static inline void proj_cell(float vr,
                             float vi,
                             float s,
                             int kn,
                             float kr,
                             float ki,
                             float* restrict o_re,
                             float* restrict o_im)
{
    const float m2 = vr * vr + vi * vi;
    const int nz = m2 > 1e-30f;
    const float g = s * stftc_rsqrt_fast(nz ? m2 : 1.0f);
    const float r = nz ? vr * g : s, i = nz ? vi * g : 0.0f;
    *o_re = kn ? kr : r;
    *o_im = kn ? ki : i;
}

/* RAAR, x = e1, p = t (P_C x): with a = c (= P_A x) and q = fout
 * (= P_C a), x' = beta (2q - p) + beta x + (1 - 2 beta) a, and
 * P_C x' = q. The start x = a, so p = q. */
STFTC_PHASE_HOT static void raar_frame(const float* restrict q,
                                       const float* restrict S,
                                       float* restrict c,
                                       float* restrict p,
                                       float* restrict x,
                                       const uint8_t* restrict kn,
                                       const float* restrict kc,
                                       float beta,
                                       int first,
                                       size_t n)
{
    const float c1 = 1.0f - 2.0f * beta;
#pragma omp simd
    for (size_t m = 0; m < n; m++) {
        const float qr = q[2 * m], qi = q[2 * m + 1], ar = c[2 * m], ai = c[2 * m + 1];
        const float pr = first ? qr : p[2 * m], pi = first ? qi : p[2 * m + 1];
        const float xr0 = first ? ar : x[2 * m], xi0 = first ? ai : x[2 * m + 1];
        const float xr = beta * (2.0f * qr - pr + xr0) + c1 * ar;
        const float xi = beta * (2.0f * qi - pi + xi0) + c1 * ai;
        p[2 * m] = qr;
        p[2 * m + 1] = qi;
        x[2 * m] = xr;
        x[2 * m + 1] = xi;
        proj_cell(
            xr, xi, S[m], kn[m], kc[2 * m], kc[2 * m + 1], &c[2 * m], &c[2 * m + 1]);
    }
}

/* Difference map, first pass of an update: a = c (= P_A x), q = fout
 * (= P_C a) stored; the next pass synthesises P_A f_C(x),
 * f_C(x) = (1 - 1/beta) p + x / beta. x = e1, p = t, q = e2. */
STFTC_PHASE_HOT static void dm_frame_a(const float* restrict fq,
                                       const float* restrict S,
                                       float* restrict c,
                                       float* restrict p,
                                       float* restrict x,
                                       float* restrict q,
                                       const uint8_t* restrict kn,
                                       const float* restrict kc,
                                       float beta,
                                       int first,
                                       size_t n)
{
    const float ib = 1.0f / beta, c1 = 1.0f - ib;
#pragma omp simd
    for (size_t m = 0; m < n; m++) {
        const float qr = fq[2 * m], qi = fq[2 * m + 1];
        const float xr = first ? c[2 * m] : x[2 * m],
                    xi = first ? c[2 * m + 1] : x[2 * m + 1];
        const float pr = first ? qr : p[2 * m], pi = first ? qi : p[2 * m + 1];
        x[2 * m] = xr;
        x[2 * m + 1] = xi;
        p[2 * m] = pr;
        p[2 * m + 1] = pi;
        q[2 * m] = qr;
        q[2 * m + 1] = qi;
        proj_cell(c1 * pr + ib * xr,
                  c1 * pi + ib * xi,
                  S[m],
                  kn[m],
                  kc[2 * m],
                  kc[2 * m + 1],
                  &c[2 * m],
                  &c[2 * m + 1]);
    }
}

/* Difference map, second pass: b = c (= P_A f_C(x)), r = fout (= P_C b);
 * P_C f_A(x) = (1 + 1/beta) q - p / beta, so
 * x' = x + beta (P_C f_A(x) - b), P_C x' = p + beta (P_C f_A(x) - r). */
STFTC_PHASE_HOT static void dm_frame_b(const float* restrict r,
                                       const float* restrict S,
                                       float* restrict c,
                                       float* restrict p,
                                       float* restrict x,
                                       const float* restrict q,
                                       const uint8_t* restrict kn,
                                       const float* restrict kc,
                                       float beta,
                                       size_t n)
{
    const float ib = 1.0f / beta, c1 = 1.0f + ib;
#pragma omp simd
    for (size_t m = 0; m < n; m++) {
        const float far_ = c1 * q[2 * m] - ib * p[2 * m],
                    fai = c1 * q[2 * m + 1] - ib * p[2 * m + 1];
        const float xr = x[2 * m] + beta * (far_ - c[2 * m]);
        const float xi = x[2 * m + 1] + beta * (fai - c[2 * m + 1]);
        p[2 * m] += beta * (far_ - r[2 * m]);
        p[2 * m + 1] += beta * (fai - r[2 * m + 1]);
        x[2 * m] = xr;
        x[2 * m + 1] = xi;
        proj_cell(
            xr, xi, S[m], kn[m], kc[2 * m], kc[2 * m + 1], &c[2 * m], &c[2 * m + 1]);
    }
}

/* ADMM, u = t: x = fout (= P_C(z - u)), z = prox(x + u), u' = u + x - z;
 * the next pass synthesises z - u', the last one z (the estimate that
 * satisfies the magnitudes). The start: z = c, u = 0. */
STFTC_PHASE_HOT static void admm_frame(const float* restrict x,
                                       const float* restrict S,
                                       float* restrict c,
                                       float* restrict u,
                                       const uint8_t* restrict kn,
                                       const float* restrict kc,
                                       float rho,
                                       int first,
                                       int final,
                                       size_t n)
{
    const float ir = 1.0f / (1.0f + rho), keep = final ? 0.0f : 1.0f;
    if (first)
        memset(u, 0, 2 * n * sizeof(float));
#pragma omp simd
    for (size_t m = 0; m < n; m++) {
        const float ur = u[2 * m], ui = u[2 * m + 1];
        const float kr = kc[2 * m], ki = kc[2 * m + 1];
        const int known = kn[m];
        const float vr = x[2 * m] + ur, vi = x[2 * m + 1] + ui;
        const float m2 = vr * vr + vi * vi;
        const int nz = m2 > 1e-30f;
        const float inv = stftc_rsqrt_fast(nz ? m2 : 1.0f);
        /* |z| = (S + rho |v|) / (1 + rho) along v */
        const float g = nz ? (S[m] * inv + rho) * ir : 0.0f;
        const float zr0 = nz ? vr * g : S[m], zi0 = nz ? vi * g : 0.0f;
        const float zr = known ? kr : zr0, zi = known ? ki : zi0;
        const float nur = ur + x[2 * m] - zr, nui = ui + x[2 * m + 1] - zi;
        u[2 * m] = nur;
        u[2 * m + 1] = nui;
        c[2 * m] = zr - keep * nur;
        c[2 * m + 1] = zi - keep * nui;
    }
}

/* Accelerated GLA: c_n = fout,
 * t_n = (1 - gamma) d_{n-1} + gamma (c_n + alpha (c_n - c_{n-1})),
 * d_n = t_n + beta (t_n - t_{n-1}); the next pass synthesises P_A t_n.
 * Two state arrays carry it: t_{n-1} (tp) and
 * u_{n-1} = (1 - gamma) d_{n-1} - gamma alpha c_{n-1} (up), so that
 * t_n = u_{n-1} + gamma (1 + alpha) c_n. The start: c, t and d at c_0, a
 * plain GLA step. */
STFTC_PHASE_HOT static void agla_frame(const float* restrict cn,
                                       const float* restrict S,
                                       float* restrict c,
                                       float* restrict tp,
                                       float* restrict up,
                                       const uint8_t* restrict kn,
                                       const float* restrict kc,
                                       float alpha,
                                       float beta,
                                       float gamma,
                                       int first,
                                       size_t n)
{
    const float ga = gamma * alpha, g1 = gamma * (1.0f + alpha), om = 1.0f - gamma;
    if (first) {
        /* u_{-1} = (1 - gamma - gamma alpha) c_0, t_{-1} = c_0 */
        for (size_t m = 0; m < 2 * n; m++) {
            tp[m] = cn[m];
            up[m] = (om - ga) * cn[m];
        }
    }
#pragma omp simd
    for (size_t m = 0; m < n; m++) {
        const float nr = cn[2 * m], ni = cn[2 * m + 1];
        const float tr = up[2 * m] + g1 * nr, ti = up[2 * m + 1] + g1 * ni;
        const float dr = tr + beta * (tr - tp[2 * m]),
                    di = ti + beta * (ti - tp[2 * m + 1]);
        up[2 * m] = om * dr - ga * nr;
        up[2 * m + 1] = om * di - ga * ni;
        tp[2 * m] = tr;
        tp[2 * m + 1] = ti;
        proj_cell(
            tr, ti, S[m], kn[m], kc[2 * m], kc[2 * m + 1], &c[2 * m], &c[2 * m + 1]);
    }
}

/* sum (|fout| - S)^2 over a frame */
STFTC_PHASE_HOT static float
frame_err(const float* restrict f, const float* restrict S, size_t n)
{
    float err = 0.0f;
#pragma omp simd reduction(+ : err)
    for (size_t m = 0; m < n; m++) {
        const float re = f[2 * m], im = f[2 * m + 1];
        const float m2 = re * re + im * im;
        const float d = (m2 > 1e-30f ? m2 * stftc_rsqrt_fast(m2) : 0.0f) - S[m];
        err += d * d;
    }
    return err;
}

float stftc_phase_proj_step(stftc_phase_t* ph,
                            stftc_phase_method_t method,
                            size_t k,
                            const float* fout,
                            size_t pass,
                            int update,
                            int final,
                            int want_err)
{
    const size_t b = ph->bins, o = 2 * k * b;
    const float* S = ph->S + k * b;
    const float err = want_err || !update ? frame_err(fout, S, b) : 0.0f;
    if (!update)
        return err;
    const uint8_t* kn = ph->kn + k * b;
    const float* kc = ph->kc + o;
    float* c = ph->c + o;
    const int first = pass == 0;
    const stftc_phase_config_t* g = &ph->cfg;
    switch (method) {
    case STFTC_PHASE_METHOD_RAAR:
        raar_frame(
            fout, S, c, ph->t + o, ph->e1 + o, kn, kc, (float)g->raar_beta, first, b);
        break;
    case STFTC_PHASE_METHOD_DM:
        if (pass % 2 == 0)
            dm_frame_a(fout,
                       S,
                       c,
                       ph->t + o,
                       ph->e1 + o,
                       ph->e2 + o,
                       kn,
                       kc,
                       (float)g->dm_beta,
                       first,
                       b);
        else
            dm_frame_b(fout,
                       S,
                       c,
                       ph->t + o,
                       ph->e1 + o,
                       ph->e2 + o,
                       kn,
                       kc,
                       (float)g->dm_beta,
                       b);
        break;
    case STFTC_PHASE_METHOD_ADMM:
        admm_frame(fout, S, c, ph->t + o, kn, kc, (float)g->admm_rho, first, final, b);
        break;
    case STFTC_PHASE_METHOD_AGLA:
        agla_frame(fout,
                   S,
                   c,
                   ph->t + o,
                   ph->e1 + o,
                   kn,
                   kc,
                   (float)g->agla_alpha,
                   (float)g->agla_beta,
                   (float)g->agla_gamma,
                   first,
                   b);
        break;
    default:
        break;
    }
    return err;
}

int stftc_phase_proj_is(stftc_phase_method_t m)
{
    return m == STFTC_PHASE_METHOD_RAAR || m == STFTC_PHASE_METHOD_DM ||
           m == STFTC_PHASE_METHOD_ADMM || m == STFTC_PHASE_METHOD_AGLA;
}

/* The projection parameters: one table drives their checks and
 * stftc_phase_config_set. */
static const struct {
    const char* name;
    size_t off;
    double lo, hi;
    int lo_open;
} proj_params[] = {
    { "raar_beta", offsetof(stftc_phase_config_t, raar_beta), 0.0, 1.0, 1 },
    { "dm_beta", offsetof(stftc_phase_config_t, dm_beta), 0.1, 2.0, 0 },
    { "admm_rho", offsetof(stftc_phase_config_t, admm_rho), 0.0, 1e6, 0 },
    { "agla_alpha", offsetof(stftc_phase_config_t, agla_alpha), 0.0, 1.5, 0 },
    { "agla_beta", offsetof(stftc_phase_config_t, agla_beta), 0.0, 2.0, 0 },
    { "agla_gamma", offsetof(stftc_phase_config_t, agla_gamma), 0.0, 2.0, 1 },
    { "hybrid_polish", offsetof(stftc_phase_config_t, hybrid_polish), 0.0, 1.0, 0 },
};
#define N_PROJ_PARAMS (sizeof proj_params / sizeof proj_params[0])

/* one range check, the field named */
static int check_param(size_t i, double v, stftc_error_t* err)
{
    const double lo = proj_params[i].lo, hi = proj_params[i].hi;
    if ((proj_params[i].lo_open ? v > lo : v >= lo) && v <= hi)
        return 1;
    stftc_fail(err,
               STFTC_ERR_INVALID_ARG,
               "%s: must be in %c%g, %g], got %g",
               proj_params[i].name,
               proj_params[i].lo_open ? '(' : '[',
               lo,
               hi,
               v);
    return 0;
}

static double param_get(const stftc_phase_config_t* cfg, size_t i)
{
    double v;
    memcpy(&v, (const char*)cfg + proj_params[i].off, sizeof v);
    return v;
}

int stftc_phase_proj_check(const stftc_phase_config_t* cfg, stftc_error_t* err)
{
    const stftc_phase_method_t hm = cfg->hybrid_method;
    if (hm != STFTC_PHASE_METHOD_LBFGS && !stftc_phase_proj_is(hm)) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "hybrid_method: must be LBFGS (1), RAAR (3), DM (4), ADMM (5) or "
                   "AGLA (6), got %d",
                   (int)hm);
        return STFTC_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < N_PROJ_PARAMS; i++)
        if (!check_param(i, param_get(cfg, i), err))
            return STFTC_ERR_INVALID_ARG;
    stftc_ok(err);
    return STFTC_OK;
}

int stftc_phase_config_set(stftc_phase_config_t* cfg,
                           const char* key,
                           double value,
                           stftc_error_t* err)
{
    for (size_t i = 0; cfg && key && i < N_PROJ_PARAMS; i++) {
        if (strcmp(key, proj_params[i].name) != 0)
            continue;
        if (!check_param(i, value, err))
            return STFTC_ERR_INVALID_ARG;
        memcpy((char*)cfg + proj_params[i].off, &value, sizeof value);
        stftc_ok(err);
        return STFTC_OK;
    }
    stftc_fail(err,
               STFTC_ERR_INVALID_ARG,
               "%s: not a projection parameter (raar_beta, dm_beta, admm_rho, "
               "agla_alpha, agla_beta, agla_gamma, hybrid_polish)",
               key ? key : "(null)");
    return STFTC_ERR_INVALID_ARG;
}

/* The projection method this configuration runs (its own, or the one after
 * the hybrid's FGLA), or GLA when none. */
static stftc_phase_method_t proj_method(const stftc_phase_config_t* cfg)
{
    if (stftc_phase_proj_is(cfg->method))
        return cfg->method;
    if (cfg->method == STFTC_PHASE_METHOD_HYBRID &&
        stftc_phase_proj_is(cfg->hybrid_method))
        return cfg->hybrid_method;
    return STFTC_PHASE_METHOD_GLA;
}

int stftc_phase_proj_alloc(stftc_phase_t* ph)
{
    const size_t coefs = ph->maxf * ph->bins;
    ph->kn = stftc_alloc(coefs);
    ph->kc = stftc_alloc(2 * coefs * sizeof(float));
    if (!ph->kn || !ph->kc)
        return STFTC_ERR_NOMEM;
    /* the updates read every state cell (and select away the ones they do
     * not use): defined values from the start */
    memset(ph->kc, 0, 2 * coefs * sizeof(float));
    const stftc_phase_method_t m = proj_method(&ph->cfg);
    const int two = m == STFTC_PHASE_METHOD_DM;
    if (m == STFTC_PHASE_METHOD_RAAR || m == STFTC_PHASE_METHOD_AGLA || two) {
        ph->e1 = stftc_alloc(2 * coefs * sizeof(float));
        if (!ph->e1)
            return STFTC_ERR_NOMEM;
        memset(ph->e1, 0, 2 * coefs * sizeof(float));
    }
    if (two) {
        ph->e2 = stftc_alloc(2 * coefs * sizeof(float));
        if (!ph->e2)
            return STFTC_ERR_NOMEM;
        memset(ph->e2, 0, 2 * coefs * sizeof(float));
    }
    return STFTC_OK;
}

void stftc_phase_proj_free(stftc_phase_t* ph)
{
    stftc_free(ph->kn);
    stftc_free(ph->kc);
    stftc_free(ph->e1);
    stftc_free(ph->e2);
}

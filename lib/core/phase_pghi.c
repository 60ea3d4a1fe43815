/* gr-stftclean C core: phase-gradient heap integration (PGHI) pieces shared
 * by the offline and the real-time reconstruction.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "phase_internal.h"

#include <stdlib.h>
#include <stftclean/vmath.h>

double stftc_phase_window_lambda(const stftc_window_spec_t* spec, size_t len)
{
    const double l2 = (double)len * (double)len;
    switch (spec->type) {
    case STFTC_WIN_GAUSSIAN:
        /* exp(-0.5 (t / (sigma L))^2) = exp(-pi t^2 / lambda) */
        return 2.0 * M_PI * spec->param * spec->param * l2;
    case STFTC_WIN_HANN:
        return 0.25645 * l2;
    case STFTC_WIN_HAMMING:
        return 0.29794 * l2;
    case STFTC_WIN_BLACKMAN:
        return 0.17954 * l2;
    default:
        break;
    }
    /* A Gaussian exp(-pi t^2 / lambda) has sum t^2 w^2 / sum w^2 =
     * lambda / (4 pi) about its centre: match that second moment (called at
     * create time only). */
    double num = 0.0, den = 0.0;
    double* w = malloc(len * sizeof *w);
    if (!w || stftc_window_fill(spec, len, w) != STFTC_OK) {
        free(w);
        return 0.25645 * l2;
    }
    for (size_t i = 0; i < len; i++) {
        const double t = (double)i - (double)len / 2.0;
        num += t * t * w[i] * w[i];
        den += w[i] * w[i];
    }
    free(w);
    return den > 0.0 ? 4.0 * M_PI * num / den : 0.25645 * l2;
}

/* ---------------------------------------------------------------------- */

int stftc_bq_init(stftc_bq_t* q, size_t capacity)
{
    memset(q, 0, sizeof *q);
    q->head = malloc(STFTC_BQ_BUCKETS * sizeof *q->head);
    q->next = malloc((capacity ? capacity : 1) * sizeof *q->next);
    if (!q->head || !q->next) {
        stftc_bq_free(q);
        return STFTC_ERR_NOMEM;
    }
    for (size_t b = 0; b < STFTC_BQ_BUCKETS; b++)
        q->head[b] = -1;
    q->lo = 0.0f;
    q->scale = 1.0f;
    return STFTC_OK;
}

void stftc_bq_free(stftc_bq_t* q)
{
    free(q->head);
    free(q->next);
    memset(q, 0, sizeof *q);
}

void stftc_bq_range(stftc_bq_t* q, float lo, float hi)
{
    q->lo = lo;
    q->scale = hi > lo ? (float)STFTC_BQ_BUCKETS / (hi - lo) : 1.0f;
}

/* ---------------------------------------------------------------------- */

int stftc_pghi_geom_init(stftc_pghi_geom_t* g,
                         const stftc_stft_config_t* cfg,
                         size_t n,
                         size_t l,
                         size_t h,
                         size_t bins,
                         int cplx)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    g->l = l;
    g->h = h;
    g->bins = bins;
    g->cplx = cplx;
    const double lambda = stftc_phase_window_lambda(&cfg->window, l);
    g->lambda = (float)lambda;
    g->tscale = (float)((double)h * (double)n / lambda / 2.0);
    g->fscale = (float)(-lambda / ((double)n * (double)h));
    g->foffset = (float)(-M_PI * (double)l / (double)n);
    g->tconst = stftc_alloc(bins * sizeof(float));
    if (!g->tconst)
        return STFTC_ERR_NOMEM;
    for (size_t m = 0; m < bins; m++) {
        const size_t r = (size_t)(((unsigned long long)m * h) % n);
        double p = STFTC_TWO_PI * (double)r / (double)n;
        if (p > M_PI)
            p -= STFTC_TWO_PI;
        g->tconst[m] = (float)p;
    }
    return STFTC_OK;
}

void stftc_pghi_geom_free(stftc_pghi_geom_t* g)
{
    stftc_free(g->tconst);
    g->tconst = NULL;
}

STFTC_PHASE_HOT float stftc_pghi_logmag(const float* mag, float* s, size_t bins)
{
    float mx = STFTC_LOG_FLOOR;
#pragma omp simd reduction(max : mx)
    for (size_t m = 0; m < bins; m++) {
        const float v = stftc_logf_fast(mag[m]);
        s[m] = v;
        mx = v > mx ? v : mx;
    }
    return mx;
}

STFTC_PHASE_HOT void
stftc_pghi_tgrad(const stftc_pghi_geom_t* g, const float* s, float* tg)
{
    const size_t b = g->bins;
    const float sc = g->tscale;
    const float* tc = g->tconst;
    if (b < 3) {
        for (size_t m = 0; m < b; m++)
            tg[m] = tc[m];
        return;
    }
#pragma omp simd
    for (size_t m = 1; m < b - 1; m++)
        tg[m] = tc[m] + sc * (s[m + 1] - s[m - 1]);
    if (g->cplx) {
        tg[0] = tc[0] + sc * (s[1] - s[b - 1]);
        tg[b - 1] = tc[b - 1] + sc * (s[0] - s[b - 2]);
    } else {
        /* a real signal's spectrum is even: the slope is zero at DC and at
         * the top bin when it is the Nyquist bin; for odd N the top bin's
         * mirror neighbour is itself */
        tg[0] = tc[0];
        tg[b - 1] = (g->n % 2 == 0) ? tc[b - 1] : tc[b - 1] + sc * (s[b - 1] - s[b - 2]);
    }
}

STFTC_PHASE_HOT void stftc_pghi_fgrad(const stftc_pghi_geom_t* g,
                                      const float* s_before,
                                      const float* s_after,
                                      float dk,
                                      float* fg)
{
    const float sc = g->fscale / dk, off = g->foffset;
#pragma omp simd
    for (size_t m = 0; m < g->bins; m++)
        fg[m] = off + sc * (s_after[m] - s_before[m]);
}

STFTC_PHASE_HOT void stftc_pghi_fgrad_back3(const stftc_pghi_geom_t* g,
                                            const float* s_nm2,
                                            const float* s_nm1,
                                            const float* s_n,
                                            float* fg)
{
    const float sc = g->fscale * 0.5f, off = g->foffset;
#pragma omp simd
    for (size_t m = 0; m < g->bins; m++)
        fg[m] = off + sc * (3.0f * s_n[m] - 4.0f * s_nm1[m] + s_nm2[m]);
}

STFTC_PHASE_HOT void
stftc_polar(const float* mag, const float* phase, float* out, size_t n)
{
#pragma omp simd
    for (size_t m = 0; m < n; m++) {
        float sn, cs;
        stftc_sincosf_fast(phase[m], &sn, &cs);
        out[2 * m] = mag[m] * cs;
        out[2 * m + 1] = mag[m] * sn;
    }
}

void stftc_real_from_centered(float* dst, const float* src, size_t n)
{
    const size_t s = n / 2, neg = n - s;
    memcpy(dst + neg, src, s * sizeof(float));
    memcpy(dst, src + s, neg * sizeof(float));
}

void stftc_real_to_centered(float* dst, const float* src, size_t n)
{
    const size_t s = n / 2, neg = n - s;
    memcpy(dst, src + neg, s * sizeof(float));
    memcpy(dst + s, src, neg * sizeof(float));
}

/* ---------------------------------------------------------------------- */

static inline void
pghi_visit(stftc_bq_t* q, const float* s, float* phase, uint8_t* state, size_t e, float p)
{
    phase[e] = stftc_wrap_phase(p);
    state[e] = 1;
    stftc_bq_push(q, (int32_t)e, s[e]);
}

void stftc_pghi_integrate(const stftc_pghi_geom_t* g,
                          size_t nf,
                          const float* s,
                          const float* tg,
                          const float* fg,
                          float* phase,
                          uint8_t* state,
                          float thr,
                          float smax,
                          stftc_bq_t* q,
                          stftc_bq_t* seeds)
{
    const size_t b = g->bins, total = nf * b;
    const uint32_t b32 = (uint32_t)b;
    stftc_bq_range(q, thr, smax);
    stftc_bq_range(seeds, thr, smax);
    for (size_t e = 0; e < total; e++)
        if (state[e] && s[e] > thr)
            stftc_bq_push(q, (int32_t)e, s[e]);
    int seeded = 0;
    for (;;) {
        int32_t e;
        while ((e = stftc_bq_pop(q)) >= 0) {
            const size_t k = (uint32_t)e / b32, m = (uint32_t)e - (uint32_t)k * b32;
            const float p = phase[e];
            if (k + 1 < nf && !state[e + b])
                pghi_visit(q, s, phase, state, e + b, p + 0.5f * (tg[e] + tg[e + b]));
            if (k > 0 && !state[e - b])
                pghi_visit(q, s, phase, state, e - b, p - 0.5f * (tg[e] + tg[e - b]));
            size_t up = SIZE_MAX, dn = SIZE_MAX;
            if (m + 1 < b)
                up = e + 1;
            else if (g->cplx && b > 1)
                up = e + 1 - b;
            if (m > 0)
                dn = e - 1;
            else if (g->cplx && b > 1)
                dn = e + b - 1;
            if (up != SIZE_MAX && !state[up])
                pghi_visit(q, s, phase, state, up, p + 0.5f * (fg[e] + fg[up]));
            if (dn != SIZE_MAX && !state[dn])
                pghi_visit(q, s, phase, state, dn, p - 0.5f * (fg[e] + fg[dn]));
        }
        /* a new island: its largest coefficient not yet reached (the seed
         * queue is filled on the first need only: real-time PGHI rarely
         * needs it) */
        if (!seeded) {
            for (size_t i = 0; i < total; i++)
                if (!state[i])
                    stftc_bq_push(seeds, (int32_t)i, s[i]);
            seeded = 1;
        }
        while ((e = stftc_bq_pop(seeds)) >= 0 && state[e])
            ;
        if (e < 0)
            break;
        pghi_visit(q, s, phase, state, (size_t)e, 0.0f);
    }
}

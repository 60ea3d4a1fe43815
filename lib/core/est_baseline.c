/* gr-stftclean C core: the noise floor across frequency (see est_baseline.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "est_baseline.h"
#include "internal.h"
#include "select.h"

#include <stftclean/vmath.h>

#include <math.h>
#include <string.h>

#define SLOPE_CPLX_DB_PER_PCT 1.5 /* complex: dB per per cent of the band */
#define SLOPE_REAL_DB_PER_OCT 6.0 /* real: dB per octave */
#define REAL_OCT_OFFSET 4.0       /* real: x = log2(k + 4) */
#define EDGE_MIN_DB 3.0f          /* a plateau's edge: at least this ... */
#define EDGE_SIGMAS 4.0f          /* ... or this many times the scatter */
#define FLAT_PCT 2.0              /* the level before an edge is flat over this */
#define FLAT_MIN_BINS 4
#define RISE_PCT 4.0       /* an edge's foot is looked for this far back */
#define MARGIN_MIN_DB 1.0f /* a bin is capped when it stands this much ... */
#define MARGIN_SIGMAS 2.5f /* ... or this many bin scatters above the baseline */
#define DB_TINY (-300.0f)
#define MAD_TO_SIGMA 1.4826f

int stftc_baseline_init(stftc_baseline_t* bl, size_t bins, int circular)
{
    memset(bl, 0, sizeof *bl);
    bl->bins = bins;
    bl->circular = circular;
    bl->box = bins >= 64 ? 5 : (bins >= 16 ? 3 : 1);
    bl->dx = stftc_alloc(bins * sizeof(float));
    bl->l = stftc_alloc(bins * sizeof(float));
    bl->ls = stftc_alloc(bins * sizeof(float));
    bl->c = stftc_alloc(bins * sizeof(float));
    bl->x = stftc_alloc(bins * sizeof(float));
    bl->p = stftc_alloc(bins * sizeof(float));
    bl->scratch = stftc_alloc(bins * sizeof(float));
    if (!bl->dx || !bl->l || !bl->ls || !bl->c || !bl->x || !bl->p || !bl->scratch) {
        stftc_baseline_free(bl);
        return -1;
    }
    for (size_t k = 0; k < bins; k++) {
        if (circular)
            bl->dx[k] = (float)(SLOPE_CPLX_DB_PER_PCT * 100.0 / (double)bins);
        else
            bl->dx[k] = k == 0 ? 0.0f
                               : (float)(SLOPE_REAL_DB_PER_OCT *
                                         (log2((double)k + REAL_OCT_OFFSET) -
                                          log2((double)k - 1.0 + REAL_OCT_OFFSET)));
    }
    return 0;
}

void stftc_baseline_free(stftc_baseline_t* bl)
{
    float** a[] = { &bl->dx, &bl->l, &bl->ls, &bl->c, &bl->x, &bl->p, &bl->scratch };
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
        stftc_free(*a[i]);
        *a[i] = NULL;
    }
}

/* median of v[0..n) (v is reordered) */
static float median_inplace(float* v, size_t n)
{
    return stftc_select_kth_inplace(v, n, n / 2);
}

/* box mean of src into dst: circular, or shrunk at the ends */
static void box_smooth(const stftc_baseline_t* bl, const float* src, float* dst)
{
    const size_t b = bl->bins, h = bl->box / 2;
    for (size_t k = 0; k < b; k++) {
        float s = 0.0f;
        size_t cnt = 0;
        for (size_t j = 0; j < 2 * h + 1; j++) {
            const long i = (long)k + (long)j - (long)h;
            if (bl->circular) {
                s += src[(size_t)((i + (long)b) % (long)b)];
                cnt++;
            } else if (i >= 0 && i < (long)b) {
                s += src[i];
                cnt++;
            }
        }
        dst[k] = s / (float)cnt;
    }
}

/* c = lower envelope of ls with the slope bounded by dx (two passes each
 * way; twice round for a circular spectrum) */
static void cone(const stftc_baseline_t* bl)
{
    const size_t b = bl->bins;
    const float* dx = bl->dx;
    float* c = bl->c;
    memcpy(c, bl->ls, b * sizeof(float));
    if (bl->circular) {
        for (size_t i = 1; i < 2 * b; i++) {
            const size_t k = i % b, kp = (i - 1) % b;
            const float v = c[kp] + dx[k];
            c[k] = v < c[k] ? v : c[k];
        }
        for (size_t i = 2 * b - 1; i-- > 0;) {
            const size_t k = i % b, kn = (i + 1) % b;
            const float v = c[kn] + dx[kn];
            c[k] = v < c[k] ? v : c[k];
        }
    } else {
        for (size_t k = 1; k < b; k++) {
            const float v = c[k - 1] + dx[k];
            c[k] = v < c[k] ? v : c[k];
        }
        for (size_t k = b - 1; k-- > 0;) {
            const float v = c[k + 1] + dx[k + 1];
            c[k] = v < c[k] ? v : c[k];
        }
    }
}

/* Walk position i (bin (s0 + i) mod b), wrapping for circular spectra. */
static size_t at(const stftc_baseline_t* bl, size_t s0, long i)
{
    const long b = (long)bl->bins;
    return (size_t)((((long)s0 + i) % b + b) % b);
}

/* Was the smoothed floor flat before position r of the walk: at least 3/4
 * of the bins before it within tol of ref? (A filter's skirt rises all the
 * way to the passband; the noise beside a signal stays level.) */
static int
flat_before(const stftc_baseline_t* bl, size_t s0, long r, float ref, float tol)
{
    const size_t b = bl->bins;
    size_t need = (size_t)ceil(FLAT_PCT * 0.01 * (double)b);
    if (need < FLAT_MIN_BINS)
        need = FLAT_MIN_BINS;
    if (!bl->circular && r < (long)need)
        return 0;
    size_t near = 0;
    for (size_t j = 1; j <= need; j++)
        near += fabsf(bl->ls[at(bl, s0, r - (long)j)] - ref) <= tol;
    return 4 * near >= 3 * need;
}

size_t stftc_baseline_apply(stftc_baseline_t* bl, float* floor, uint8_t* occupied)
{
    const size_t b = bl->bins;
    memset(occupied, 0, b);
    if (b < 16)
        return 0; /* too few bins to tell a shape from noise */
    float *l = bl->l, *ls = bl->ls, *c = bl->c, *x = bl->x, *p = bl->p, *sc = bl->scratch;
    size_t n_ok = 0;
    for (size_t k = 0; k < b; k++) {
        const float v = floor[k];
        l[k] = v > 1e-30f ? 10.0f * log10f(v) : DB_TINY; /* (NaN too) */
        n_ok += v > 1e-30f;
    }
    if (n_ok < b / 2)
        return 0; /* digital silence or worse: nothing to shape */
    box_smooth(bl, l, ls);
    cone(bl);
    for (size_t k = 0; k < b; k++) {
        x[k] = ls[k] - c[k];
        sc[k] = x[k];
    }
    const float bias = median_inplace(sc, b);
    for (size_t k = 0; k < b; k++)
        sc[k] = fabsf(x[k] - bias);
    const float sig_x = MAD_TO_SIGMA * median_inplace(sc, b);
    const float edge =
        EDGE_MIN_DB > EDGE_SIGMAS * sig_x ? EDGE_MIN_DB : EDGE_SIGMAS * sig_x;

    /* plateaus: walk once round from the lowest bin (circular) or from the
     * bottom (real) */
    size_t s0 = 0;
    if (bl->circular)
        for (size_t k = 1; k < b; k++)
            s0 = ls[k] < ls[s0] ? k : s0;
    for (size_t k = 0; k < b; k++)
        p[k] = INFINITY;
    /* how far back an edge's foot is looked for */
    size_t reach = (size_t)ceil(RISE_PCT * 0.01 * (double)b);
    reach = reach < FLAT_MIN_BINS * 2 ? FLAT_MIN_BINS * 2 : reach;
    int in = 0;
    long i0 = 0;
    float lvl = 0.0f; /* the noise level before the plateau (in Ls) */
    for (long i = 1; i <= (long)b; i++) {
        const size_t k = at(bl, s0, i);
        if (!in) {
            if (i == (long)b || !(x[k] - bias > edge))
                continue;
            /* the level at the foot of the rise: the lowest envelope within
             * reach before it; the foot: where Ls leaves that level */
            float lo = INFINITY;
            for (long j = 1; j <= (long)reach && (bl->circular || i - j >= 0); j++) {
                const float v = c[at(bl, s0, i - j)];
                lo = v < lo ? v : lo;
            }
            const float ref = lo + bias;
            long r = i;
            while (r > i - (long)reach && (bl->circular || r > 0) &&
                   ls[at(bl, s0, r - 1)] > ref + 0.5f * edge)
                r--;
            if (flat_before(bl, s0, r, ref, 0.5f * edge)) {
                in = 1;
                i0 = r;
                lvl = ref;
            }
            continue;
        }
        const int ends = i == (long)b || ls[k] <= lvl + 0.5f * edge;
        if (!ends)
            continue;
        /* the line (in dB) from the level before the edge to the one after
         * it (the same level at the top end of a real spectrum) */
        const float rvl = (i < (long)b || bl->circular) ? c[k] + bias : lvl;
        const float span = (float)(i - i0 + 1);
        for (long j = i0; j < i; j++)
            p[at(bl, s0, j)] = lvl - bias + (rvl - lvl) * (float)(j - i0 + 1) / span;
        in = 0;
    }

    /* scatter of a bin's floor around its smoothed value */
    for (size_t k = 0; k < b; k++)
        sc[k] = fabsf(l[k] - ls[k]);
    const float h = (float)(bl->box / 2);
    const float corr = bl->box > 1 ? sqrtf((2.0f * h + 1.0f) / (2.0f * h)) : 1.0f;
    const float sig_l = MAD_TO_SIGMA * median_inplace(sc, b) * corr;
    const float margin =
        MARGIN_MIN_DB > MARGIN_SIGMAS * sig_l ? MARGIN_MIN_DB : MARGIN_SIGMAS * sig_l;
    size_t n_occ = 0;
    for (size_t k = 0; k < b; k++) {
        const float base = (c[k] < p[k] ? c[k] : p[k]) + bias;
        if (l[k] > base + margin) {
            floor[k] = powf(10.0f, 0.1f * base);
            occupied[k] = 1;
            n_occ++;
        }
    }
    return n_occ;
}

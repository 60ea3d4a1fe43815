/* gr-stftclean C core: the support's fine time gate (see est_finegate.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "est_finegate.h"
#include "est_stats.h"
#include "internal.h"

#include <stftclean/vmath.h>

#include <math.h>
#include <string.h>

#define FG_Z_FRAME 3.09   /* a frame's detection: false alarms 1e-3 */
#define FG_Z_STRETCH 2.33 /* a stretch's test: 1 % */
/* a detected frame holds at least this share of the excess SNR of the
 * strongest frame within a window length (else it is a window's edge over
 * a burst next to it: about the frames whose window the burst covers by
 * under 30 %) */
#define FG_EDGE_SHARE 0.1f
/* a stretch between detected frames stays open when its mean excess is at
 * least this share of theirs (a weak signal the frames only now and then
 * show) */
#define FG_GAP_SHARE 0.1
/* a group is gated only where its strongest frame in the region stands
 * this many times the frame level's excess over the noise */
#define FG_STRONG 4.0f
/* runs of about one width apart by at most this many times it are one group */
#define FG_GROUP_GAP 4
/* ... and so are runs this few bins apart whatever their widths (a strong
 * signal's skirts and sidelobes, which come and go with it) */
#define FG_SKIRT_GAP 8

/* noise level of the mean SNR over n bins x m frames at the z quantile,
 * with the degrees of freedom the window's correlation leaves */
static float level(const stftc_fg_t* g, size_t n, size_t m, double z)
{
    const double a = (double)n * (double)m /
                     (stftc_box_inflation(g->rho_f, STFTC_FG_LAGS, n) *
                      stftc_box_inflation(g->rho_t, STFTC_FG_LAGS, m));
    return (float)stftc_gamma_mean_quantile(a, z);
}

void stftc_fg_setup(stftc_fg_t* g,
                    size_t bins,
                    size_t t_len,
                    size_t ahead,
                    size_t margin,
                    int circular,
                    const double* rho_t,
                    const double* rho_f)
{
    memset(g, 0, sizeof *g);
    g->bins = bins;
    g->t_len = t_len;
    g->ahead = ahead < t_len ? ahead : t_len - 1;
    g->back = t_len - 1 - g->ahead;
    g->margin = margin < 1 ? 1 : margin;
    g->circular = circular;
    memcpy(g->rho_t, rho_t, sizeof g->rho_t);
    memcpy(g->rho_f, rho_f, sizeof g->rho_f);
}

int stftc_fg_alloc(stftc_fg_t* g)
{
    g->rows = stftc_alloc(g->t_len * g->bins * sizeof(float));
    g->s = stftc_alloc(STFTC_FG_MAX_RUNS * g->t_len * sizeof(float));
    g->det = stftc_alloc(g->t_len);
    if (!g->rows || !g->s || !g->det) {
        stftc_fg_free(g);
        return -1;
    }
    stftc_fg_reset(g);
    return 0;
}

void stftc_fg_free(stftc_fg_t* g)
{
    stftc_free(g->rows);
    stftc_free(g->s);
    stftc_free(g->det);
    g->rows = NULL;
    g->s = NULL;
    g->det = NULL;
}

void stftc_fg_set_transients(stftc_fg_t* g, int on, float level)
{
    g->transients = on;
    g->transient_level = level;
}

void stftc_fg_reset(stftc_fg_t* g)
{
    g->frames = 0;
    g->n_runs = 0;
    g->n_groups = 0;
}

/* mean over group i's bins of the row */
static inline float group_mean(const stftc_fg_t* g, const float* row, size_t i)
{
    const size_t b = g->bins;
    float sum = 0.0f;
    for (size_t r = g->first[i]; r < g->first[i + 1]; r++) {
        const size_t k0 = g->run_k0[r], len = g->run_len[r];
        const size_t n1 = k0 + len <= b ? len : b - k0;
#pragma omp simd reduction(+ : sum)
        for (size_t k = 0; k < n1; k++)
            sum += row[k0 + k];
#pragma omp simd reduction(+ : sum)
        for (size_t k = 0; k < len - n1; k++)
            sum += row[k];
    }
    return sum / (float)g->grp_bins[i];
}

void stftc_fg_row(stftc_fg_t* g, const float* row)
{
    const size_t b = g->bins, r = (size_t)(g->frames % g->t_len);
    float* kept = g->rows + r * b;
    memcpy(kept, row, b * sizeof(float));
    const int full = g->frames >= g->t_len; /* slot r held an older frame */
    for (size_t i = 0; i < g->n_groups; i++) {
        float* si = g->s + i * g->t_len;
        if (full && si[r] >= g->strong[i])
            g->n_strong[i]--;
        si[r] = group_mean(g, kept, i);
        if (si[r] >= g->strong[i])
            g->n_strong[i]++;
    }
    g->frames++;
}

static void group_runs(stftc_fg_t* g);
/* the support as runs (k0, len) into k0s, lens; returns their count */
static size_t find_runs(const stftc_fg_t* g,
                        const float* state,
                        const float* state2,
                        uint32_t* k0s,
                        uint32_t* lens);

void stftc_fg_runs(stftc_fg_t* g, const float* state, const float* state2)
{
    /* a decision that leaves the support as it was (the common case, every
     * few frames) keeps the groups and their means */
    uint32_t k0s[STFTC_FG_MAX_RUNS], lens[STFTC_FG_MAX_RUNS];
    const size_t n = find_runs(g, state, state2, k0s, lens);
    if (n == g->n_runs && g->frames > 0 &&
        memcmp(k0s, g->run_k0, n * sizeof k0s[0]) == 0 &&
        memcmp(lens, g->run_len, n * sizeof lens[0]) == 0)
        return;
    g->n_runs = n;
    memcpy(g->run_k0, k0s, n * sizeof k0s[0]);
    memcpy(g->run_len, lens, n * sizeof lens[0]);
    group_runs(g);
}

/* bin k of the support: on in either state */
static inline int on(const float* state, const float* state2, size_t k)
{
    return state[k] > 0.0f || (state2 && state2[k] > 0.0f);
}

/* some bin of k .. k + 15 is on */
static inline int any_on(const float* state, const float* state2, size_t k)
{
    int any = 0;
    for (size_t j = 0; j < 16; j++)
        any |= state[k + j] > 0.0f;
    if (state2)
        for (size_t j = 0; j < 16; j++)
            any |= state2[k + j] > 0.0f;
    return any;
}

static size_t find_runs(const stftc_fg_t* g,
                        const float* state,
                        const float* state2,
                        uint32_t* k0s,
                        uint32_t* lens)
{
    const size_t b = g->bins;
    size_t n = 0, k = 0;
    while (k < b && n < STFTC_FG_MAX_RUNS) {
        /* (most of the band is off: skip it 16 bins at a time) */
        if (k % 16 == 0 && k + 16 <= b && !any_on(state, state2, k)) {
            k += 16;
            continue;
        }
        if (!on(state, state2, k)) {
            k++;
            continue;
        }
        size_t len = 1;
        while (k + len < b && on(state, state2, k + len))
            len++;
        k0s[n] = (uint32_t)k;
        lens[n] = (uint32_t)len;
        n++;
        k += len;
    }
    if (!g->circular || n == 0)
        return n;
    /* complex: bin b - 1 is next to bin 0. A run through that edge is one
     * run, and the list starts after the widest gap between runs, so that
     * no group straddles its start. */
    if (n > 1 && k0s[0] == 0 && k0s[n - 1] + lens[n - 1] == b) {
        lens[n - 1] += lens[0];
        memmove(k0s, k0s + 1, (n - 1) * sizeof k0s[0]);
        memmove(lens, lens + 1, (n - 1) * sizeof lens[0]);
        n--;
    }
    size_t best = 0, best_gap = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t prev = (i + n - 1) % n;
        const size_t end = (k0s[prev] + lens[prev]) % b;
        const size_t gap = (k0s[i] + b - end) % b;
        if (gap > best_gap) {
            best_gap = gap;
            best = i;
        }
    }
    if (best > 0) { /* rotate the list to start at run best */
        uint32_t tk[STFTC_FG_MAX_RUNS], tl[STFTC_FG_MAX_RUNS];
        for (size_t i = 0; i < n; i++) {
            tk[i] = k0s[(best + i) % n];
            tl[i] = lens[(best + i) % n];
        }
        memcpy(k0s, tk, n * sizeof tk[0]);
        memcpy(lens, tl, n * sizeof tl[0]);
    }
    return n;
}

/* the groups of the runs, their frame levels and their means over the
 * frames kept */
static void group_runs(stftc_fg_t* g)
{
    const size_t b = g->bins;
    /* groups: a run joins the one before when both are of about one width
     * (within FG_GROUP_GAP times) and the gap between them is at most
     * FG_GROUP_GAP times the narrower (two FSK tones apart by their
     * deviation are one signal: gated apart, each tone would come and go
     * with the bits; a wide pulse does not swallow the narrow signals
     * around it), or when they are at most FG_SKIRT_GAP bins apart */
    g->n_groups = 0;
    for (size_t i = 0; i < g->n_runs; i++) {
        if (i > 0) {
            const size_t end = g->run_k0[i - 1] + g->run_len[i - 1];
            const size_t gap = (g->run_k0[i] + b - end % b) % b;
            const size_t l1 = g->run_len[i - 1], l2 = g->run_len[i];
            const size_t narrow = l1 < l2 ? l1 : l2, wide = l1 < l2 ? l2 : l1;
            if ((gap <= FG_GROUP_GAP * narrow && wide <= FG_GROUP_GAP * narrow) ||
                gap <= FG_SKIRT_GAP) {
                g->grp_bins[g->n_groups - 1] += g->run_len[i];
                g->first[g->n_groups] = (uint32_t)(i + 1);
                continue;
            }
        }
        g->first[g->n_groups] = (uint32_t)i;
        g->grp_bins[g->n_groups] = g->run_len[i];
        g->n_groups++;
        g->first[g->n_groups] = (uint32_t)(i + 1);
    }
    /* their means over the frames kept, their frame levels, and how many
     * strong frames they hold */
    const size_t have = g->frames < g->t_len ? (size_t)g->frames : g->t_len;
    for (size_t i = 0; i < g->n_groups; i++) {
        g->thr1[i] = level(g, g->grp_bins[i], 1, FG_Z_FRAME);
        g->thr3[i] = level(g, g->grp_bins[i], 3, FG_Z_FRAME);
        g->strong[i] = 1.0f + FG_STRONG * (g->thr1[i] - 1.0f);
        g->n_strong[i] = 0;
        for (size_t j = 0; j < have; j++) {
            const size_t r = (size_t)((g->frames - 1 - j) % g->t_len);
            const float v = group_mean(g, g->rows + r * b, i);
            g->s[i * g->t_len + r] = v;
            g->n_strong[i] += v >= g->strong[i];
        }
    }
}

/* frame x of the window j0 .. j0 + m - 1 detected? (det: 0 not known yet,
 * 1 no, 2 yes) */
static int detected(const float* s,
                    size_t t_len,
                    uint64_t j0,
                    size_t m,
                    size_t x,
                    float t1,
                    float t3,
                    size_t mg,
                    uint8_t* det)
{
    if (det[x])
        return det[x] == 2;
#define S_AT(y) s[(size_t)((j0 + (y)) % t_len)]
    const float v = S_AT(x);
    int d = v > t1;
    if (!d && x > 0 && x + 1 < m)
        d = (S_AT(x - 1) + v + S_AT(x + 1)) * (1.0f / 3.0f) > t3;
    if (d) {
        /* an edge frame holds a small share of the signal next to it */
        float ref = v;
        const size_t y0 = x > mg ? x - mg : 0, y1 = x + mg < m ? x + mg : m - 1;
        for (size_t y = y0; y <= y1; y++)
            ref = S_AT(y) > ref ? S_AT(y) : ref;
        d = v - 1.0f >= FG_EDGE_SHARE * (ref - 1.0f);
    }
#undef S_AT
    det[x] = (uint8_t)(d ? 2 : 1);
    return d;
}

/* is group i kept in output frame o, with the frames j0..j1 (j1 the newest) */
static int keep_run(const stftc_fg_t* g, size_t i, uint64_t o, uint64_t j0, uint64_t j1)
{
    const size_t t_len = g->t_len, m = (size_t)(j1 - j0 + 1), io = (size_t)(o - j0);
    /* only a group with strong frames is gated: the halo is a strong
     * signal's, and a weak or steady signal (whose frames the noise's peaks
     * lift over the frame level only now and then) is left to the region */
    if (g->n_strong[i] == 0)
        return 1;
    const float* s = g->s + i * t_len;
    const float t1 = g->thr1[i], t3 = g->thr3[i];
    const size_t mg = g->margin;
    uint8_t* det = g->det;
    memset(det, 0, m);
#define DET(x) detected(s, t_len, j0, m, (size_t)(x), t1, t3, mg, det)
#define S_AT(x) s[(size_t)((j0 + (x)) % t_len)]
    const int d_io = DET(io);
    long l = (long)io - 1, r = (long)io + 1;
    if (!d_io) {
        while (l >= 0 && !DET(l))
            l--;
        while (r < (long)m && !DET(r))
            r++;
    }
    /* a detected frame or a short gap between detected frames */
    if (d_io || (l >= 0 && r < (long)m && r - l <= (long)mg + 1)) {
        if (!g->transients)
            return 1;
        /* the cluster of detected frames (gaps of up to a window length)
         * around o; one shorter than a window, with a window length of
         * undetected frames seen on both sides, is an impulse: a click, a
         * ring, a chirped or band-limited pulse of a few microseconds */
        const long c = (long)mg + 1; /* context frames, beyond the leakage */
        long a = d_io ? (long)io : l, z = d_io ? (long)io : r;
        for (long x = a - 1; x >= 0 && a - x <= (long)mg + 1 && z - a < (long)mg; x--)
            if (DET(x))
                a = x;
        for (long x = z + 1; x < (long)m && x - z <= (long)mg + 1 && z - a < (long)mg;
             x++)
            if (DET(x))
                z = x;
        if (z - a + 1 > (long)mg - 1 || a < (long)mg + c || z + (long)mg + c >= (long)m)
            return 1;
        float peak = 0.0f;
        for (long x = a; x <= z; x++)
            peak = S_AT(x) > peak ? S_AT(x) : peak;
        if (!(peak >= g->transient_level))
            return 1;
        /* ... and noise on both sides (not the peaks of a steady signal) */
        double left = 0.0, right = 0.0;
        for (long x = 0; x < c; x++) {
            left += S_AT(a - (long)mg - 1 - x);
            right += S_AT(z + (long)mg + 1 + x);
        }
        const double quiet = level(g, g->grp_bins[i], (size_t)c, FG_Z_STRETCH);
        return !(left / (double)c <= quiet && right / (double)c <= quiet);
    }
    /* the stretch's core, away from the detected frames by more than a
     * window length (their windows' edges left out): a weak signal there,
     * at the core's own length, keeps the gate open */
    const long a = l >= 0 ? l + (long)mg + 1 : 0,
               z = r < (long)m ? r - (long)mg - 1 : (long)m - 1;
    double sum = 0.0;
    if (a <= z) {
        for (long x = a; x <= z; x++)
            sum += S_AT(x);
        const size_t len = (size_t)(z - a + 1);
        return sum / (double)len > level(g, g->grp_bins[i], len, FG_Z_STRETCH);
    }
    /* a stretch too short for a core: kept when its mean excess is a good
     * share of its detected neighbours' (a weak signal that only the
     * noise's peaks lift over the frame level now and then) */
    const long s0 = l + 1, s1 = r - 1;
    for (long x = s0; x <= s1; x++)
        sum += S_AT(x);
    const size_t n_s = (size_t)(s1 - s0 + 1);
    const double mean_s = sum / (double)n_s;
    double ref = 1.0;
    if (l >= 0)
        ref = S_AT(l);
    if (r < (long)m && S_AT(r) > ref)
        ref = S_AT(r);
#undef S_AT
#undef DET
    return ref > 1.0 && mean_s - 1.0 >= FG_GAP_SHARE * (ref - 1.0) &&
           mean_s > level(g, g->grp_bins[i], n_s, FG_Z_STRETCH);
}

int stftc_fg_active(const stftc_fg_t* g)
{
    for (size_t i = 0; i < g->n_groups; i++)
        if (g->n_strong[i] > 0)
            return 1;
    return 0;
}

void stftc_fg_apply(const stftc_fg_t* g, uint64_t o, float* gain, float fl)
{
    if (g->frames == 0)
        return;
    const uint64_t j1 = g->frames - 1;
    uint64_t j0 = o > g->back ? o - g->back : 0;
    if (j1 + 1 > g->t_len && j0 < j1 + 1 - g->t_len)
        j0 = j1 + 1 - g->t_len;
    if (o < j0 || o > j1)
        return;
    const size_t b = g->bins;
    for (size_t i = 0; i < g->n_groups; i++) {
        if (keep_run(g, i, o, j0, j1))
            continue;
        for (size_t r = g->first[i]; r < g->first[i + 1]; r++)
            for (size_t k = 0; k < g->run_len[r]; k++)
                gain[(g->run_k0[r] + k) % b] = fl;
    }
}

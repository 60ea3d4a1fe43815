/* gr-stftclean C core: the support's fine time gate (see est_finegate.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "est_finegate.h"
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

/* variance inflation of a box mean of m cells with power correlation rho */
static double inflation(const double* rho, size_t m)
{
    double c = 1.0;
    for (size_t j = 1; j < m && j < 16; j++)
        c += 2.0 * (1.0 - (double)j / (double)m) * rho[j];
    return c;
}

/* noise level of the mean SNR over n bins x m frames at the z quantile:
 * Wilson-Hilferty for Gamma(a)/a, a the degrees of freedom left */
static float level(const stftc_fg_t* g, size_t n, size_t m, double z)
{
    const double a =
        (double)n * (double)m / (inflation(g->rho_f, n) * inflation(g->rho_t, m));
    const double q = 1.0 - 1.0 / (9.0 * a) + z * sqrt(1.0 / (9.0 * a));
    return (float)(q * q * q);
}

int stftc_fg_init(stftc_fg_t* g,
                  size_t bins,
                  size_t t_len,
                  size_t ahead,
                  size_t margin,
                  int circular,
                  const double* rho_t,
                  const double* rho_f)
{
    const int tr = g->transients; /* (set before, with the other runtime values) */
    const float tr_level = g->transient_level;
    memset(g, 0, sizeof *g);
    g->transients = tr;
    g->transient_level = tr_level;
    g->bins = bins;
    g->t_len = t_len;
    g->ahead = ahead < t_len ? ahead : t_len - 1;
    g->back = t_len - 1 - g->ahead;
    g->margin = margin < 1 ? 1 : margin;
    g->circular = circular;
    memcpy(g->rho_t, rho_t, sizeof g->rho_t);
    memcpy(g->rho_f, rho_f, sizeof g->rho_f);
    g->cum = stftc_alloc(t_len * (bins + 1) * sizeof(double));
    g->s = stftc_alloc(STFTC_FG_MAX_RUNS * t_len * sizeof(float));
    g->det = stftc_alloc(t_len);
    if (!g->cum || !g->s || !g->det) {
        stftc_fg_free(g);
        return -1;
    }
    stftc_fg_reset(g);
    return 0;
}

void stftc_fg_free(stftc_fg_t* g)
{
    stftc_free(g->cum);
    stftc_free(g->s);
    stftc_free(g->det);
    g->cum = NULL;
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

/* sum over the run (k0, len) in the prefix row c */
static inline double run_sum(const stftc_fg_t* g, const double* c, size_t k0, size_t len)
{
    const size_t b = g->bins;
    if (k0 + len <= b)
        return c[k0 + len] - c[k0];
    return (c[b] - c[k0]) + c[k0 + len - b];
}

/* mean over group i's bins in the prefix row c */
static inline float group_mean(const stftc_fg_t* g, const double* c, size_t i)
{
    double sum = 0.0;
    for (size_t r = g->first[i]; r < g->first[i + 1]; r++)
        sum += run_sum(g, c, g->run_k0[r], g->run_len[r]);
    return (float)(sum / (double)g->grp_bins[i]);
}

void stftc_fg_row(stftc_fg_t* g, const float* row)
{
    const size_t b = g->bins, r = (size_t)(g->frames % g->t_len);
    double* c = g->cum + r * (b + 1);
    /* four independent chains over the quarters, then their offsets: the
     * additions overlap instead of waiting on each other */
    const size_t q = b / 4;
    double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
    c[0] = 0.0;
    for (size_t k = 0; k < q; k++) {
        a0 += row[k];
        a1 += row[q + k];
        a2 += row[2 * q + k];
        a3 += row[3 * q + k];
        c[k + 1] = a0;
        c[q + k + 1] = a1;
        c[2 * q + k + 1] = a2;
        c[3 * q + k + 1] = a3;
    }
    for (size_t k = 4 * q; k < b; k++) {
        a3 += row[k];
        c[k + 1] = a3;
    }
    const double o1 = a0, o2 = o1 + a1, o3 = o2 + a2;
    for (size_t k = q + 1; k <= 2 * q; k++)
        c[k] += o1;
    for (size_t k = 2 * q + 1; k <= 3 * q; k++)
        c[k] += o2;
    for (size_t k = 3 * q + 1; k <= b; k++)
        c[k] += o3;
    for (size_t i = 0; i < g->n_groups; i++)
        g->s[i * g->t_len + r] = group_mean(g, c, i);
    g->frames++;
}

void stftc_fg_runs(stftc_fg_t* g, const float* state)
{
    const size_t b = g->bins;
    g->n_runs = 0;
    /* complex: runs may wrap past b - 1, so the scan starts inside the
     * widest stretch where the support is off (no group straddles it) */
    size_t start = 0;
    if (g->circular) {
        size_t best = 0, best_at = 0, cur = 0, first_off = b;
        for (size_t k = 0; k < 2 * b; k++) {
            if (state[k % b] > 0.0f) {
                cur = 0;
                continue;
            }
            if (first_off == b)
                first_off = k;
            if (++cur > best && cur <= b) {
                best = cur;
                best_at = k;
            }
        }
        if (first_off == b) { /* the whole band */
            g->run_k0[0] = 0;
            g->run_len[0] = (uint32_t)b;
            g->n_runs = 1;
        } else {
            start = (best_at + b - best / 2) % b;
        }
    }
    if (g->n_runs == 0) {
        size_t k = 0;
        while (k < b && g->n_runs < STFTC_FG_MAX_RUNS) {
            const size_t kk = (start + k) % b;
            if (!(state[kk] > 0.0f)) {
                k++;
                continue;
            }
            size_t len = 0;
            while (k + len < b && state[(start + k + len) % b] > 0.0f)
                len++;
            g->run_k0[g->n_runs] = (uint32_t)kk;
            g->run_len[g->n_runs] = (uint32_t)len;
            g->n_runs++;
            k += len;
        }
    }
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
    /* their means over the frames kept, and their frame levels */
    const size_t have = g->frames < g->t_len ? (size_t)g->frames : g->t_len;
    for (size_t i = 0; i < g->n_groups; i++) {
        for (size_t j = 0; j < have; j++) {
            const size_t r = (size_t)((g->frames - 1 - j) % g->t_len);
            g->s[i * g->t_len + r] = group_mean(g, g->cum + r * (b + 1), i);
        }
        g->thr1[i] = level(g, g->grp_bins[i], 1, FG_Z_FRAME);
        g->thr3[i] = level(g, g->grp_bins[i], 3, FG_Z_FRAME);
    }
}

/* is run i kept in output frame o, with the frames j0..j1 (j1 the newest) */
static int keep_run(const stftc_fg_t* g, size_t i, uint64_t o, uint64_t j0, uint64_t j1)
{
    const size_t t_len = g->t_len, m = (size_t)(j1 - j0 + 1), io = (size_t)(o - j0);
    const float* s = g->s + i * t_len;
    const float t1 = g->thr1[i], t3 = g->thr3[i];
    uint8_t* det = g->det;
#define S_AT(x) s[(size_t)((j0 + (x)) % t_len)]
    const size_t mg = g->margin;
    /* only a group with strong frames is gated: the halo is a strong
     * signal's, and a weak or steady signal (whose frames the noise's peaks
     * lift over the frame level only now and then) is left to the region */
    float top = 0.0f;
    for (size_t x = 0; x < m; x++)
        top = S_AT(x) > top ? S_AT(x) : top;
    if (!(top >= 1.0f + FG_STRONG * (t1 - 1.0f)))
        return 1;
    for (size_t x = 0; x < m; x++) {
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
        det[x] = (uint8_t)d;
    }
    long l = (long)io - 1, r = (long)io + 1;
    while (l >= 0 && !det[l])
        l--;
    while (r < (long)m && !det[r])
        r++;
    /* a detected frame or a short gap between detected frames */
    if (det[io] || (l >= 0 && r < (long)m && r - l <= (long)mg + 1)) {
        if (!g->transients)
            return 1;
        /* the cluster of detected frames (gaps of up to a window length)
         * around o; one shorter than a window, with a window length of
         * undetected frames seen on both sides, is an impulse: a click, a
         * ring, a chirped or band-limited pulse of a few microseconds */
        long a = det[io] ? (long)io : l, z = det[io] ? (long)io : r;
        for (long x = a - 1; x >= 0 && a - x <= (long)mg + 1; x--)
            if (det[x])
                a = x;
        for (long x = z + 1; x < (long)m && x - z <= (long)mg + 1; x++)
            if (det[x])
                z = x;
        const long c = (long)mg + 1; /* context frames, beyond the leakage */
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
    return ref > 1.0 && mean_s - 1.0 >= FG_GAP_SHARE * (ref - 1.0) &&
           mean_s > level(g, g->grp_bins[i], n_s, FG_Z_STRETCH);
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

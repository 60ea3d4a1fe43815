/* gr-stftclean C core, estimator stage 1: the noise floor. Minimum
 * statistics over super-frames (a warm-up over short runs before the first
 * one), held under the baseline across frequency (est_baseline.h), the
 * stationary lines that --lines removes, and the level correction that
 * follows a rising floor at once.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "est_state.h"
#include "select.h"

#include <float.h>
#include <math.h>
#include <stftclean/vmath.h>
#include <string.h>

#define LEVEL_QUANTILE 0.25
/* auto: the gain inside the support is xi / (xi + mu): Wiener's (mu 1), and
 * on the bins of steady signals (those the baseline across frequency holds)
 * mu 1/3, which keeps a signal 6 dB over the noise within 0.7 dB of its level
 * (Wiener's: 1.9 dB down) */
#define GAIN_MU_STEADY (1.0f / 3.0f)

/* A line candidate is stationary when its power never dropped during the
 * super-frame just closed: the smallest sum over runs of STFTC_EST_WARM_LEN frames is
 * at least STATIONARY_RATIO of the super-frame's mean. A carrier (even 10 dB
 * over the noise, whose cross term makes its run sums scatter by about
 * -3 dB) passes; a burst train on one frequency, which raises the
 * super-frame means just as a carrier does, drops to the noise between
 * bursts and is kept as signal. With fewer than 2 runs per super-frame the
 * test cannot tell and passes. */
#define STATIONARY_RATIO 0.2f
static int stationary(const stftc_est_t* e, size_t k)
{
    const size_t runs = e->sf_len / STFTC_EST_WARM_LEN;
    if (runs < 2)
        return 1;
    const float* slot =
        e->slots + ((e->slot_next + STFTC_EST_SLOTS - 1) % STFTC_EST_SLOTS) * e->bins;
    return e->run_min[k] * (1.0f / (float)STFTC_EST_WARM_LEN) >=
           STATIONARY_RATIO * slot[k];
}

/* Every STFTC_EST_WARM_LEN frames of a super-frame: the run just ended is acc minus
 * its value at the last boundary. */
STFTC_HOT static void run_boundary(stftc_est_t* e)
{
    const size_t b = e->bins;
    float* restrict snap = e->run_snap;
    float* restrict mn = e->run_min;
    const float* restrict acc = e->acc;
    if (e->acc_n == STFTC_EST_WARM_LEN) {
        for (size_t k = 0; k < b; k++) {
            mn[k] = acc[k] - snap[k];
            snap[k] = acc[k];
        }
    } else {
        for (size_t k = 0; k < b; k++) {
            const float v = acc[k] - snap[k];
            mn[k] = v < mn[k] ? v : mn[k];
            snap[k] = acc[k];
        }
    }
}

/* One more frame in the super-frame accumulator: run boundaries, and the
 * super-frame's end. */
static void close_super_frame(stftc_est_t* e);
void stftc_est_count_frame(stftc_est_t* e)
{
    if (++e->acc_n % STFTC_EST_WARM_LEN == 0)
        run_boundary(e);
    if (e->acc_n >= e->sf_len)
        close_super_frame(e);
}

/* Sum of noise[i mod b] for i in [lo, hi] (-b < lo <= hi < 2b) from the
 * prefix sums pre[0..b] (pre[i] = noise[0] + ... + noise[i - 1]). */
static double circ_sum(const double* pre, size_t b, long lo, long hi)
{
    const long n = (long)b;
    if (hi < 0) {
        lo += n;
        hi += n;
    } else if (lo >= n) {
        lo -= n;
        hi -= n;
    }
    if (lo < 0)
        return (pre[n] - pre[lo + n]) + pre[hi + 1];
    if (hi >= n)
        return (pre[n] - pre[lo]) + pre[hi - n + 1];
    return pre[hi + 1] - pre[lo];
}

/* Lines: bins whose floor stands line_factor above the mean floor on both
 * sides (skipping the bins next to it) and whose power is stationary. Runs
 * once per super-frame. */
static void detect_lines(stftc_est_t* e)
{
    const size_t b = e->bins, side = STFTC_EST_LINE_SIDE, gap = STFTC_EST_LINE_GAP;
    if (b < 2 * (side + gap) + 1) {
        memset(e->is_line, 0, b);
        memset(e->line_w, 0, b * sizeof(float));
        e->n_lines = 0;
        return;
    }
    double* pre = (double*)e->ext; /* b + 1 prefix sums, reused scratch */
    pre[0] = 0.0;
    for (size_t k = 0; k < b; k++)
        pre[k + 1] = pre[k] + e->tfloor[k];
    memset(e->is_line, 0, b);
    for (size_t k = 0; k < b; k++) {
        double left, right;
        /* circular for complex spectra; clamped at the band edges for real */
        if (e->is_cplx) {
            const long kk = (long)k, g = (long)gap, sd = (long)side;
            left = circ_sum(pre, b, kk - g - sd, kk - g - 1) / (double)side;
            right = circ_sum(pre, b, kk + g + 1, kk + g + sd) / (double)side;
        } else {
            const size_t l0 = k >= gap + side ? k - gap - side : 0;
            const size_t l1 = k >= gap + 1 ? k - gap - 1 : 0;
            const size_t r0 = k + gap + 1 < b ? k + gap + 1 : b;
            const size_t r1 = k + gap + side < b ? k + gap + side : b - 1;
            const int has_l = k >= gap + 1, has_r = r0 < b;
            left = has_l ? (pre[l1 + 1] - pre[l0]) / (double)(l1 + 1 - l0) : -1.0;
            right = has_r ? (pre[r1 + 1] - pre[r0]) / (double)(r1 + 1 - r0) : -1.0;
            if (!has_l)
                left = right;
            if (!has_r)
                right = left;
        }
        const double ref = left > right ? left : right;
        if (e->tfloor[k] > e->line_factor * ref && stationary(e, k))
            e->is_line[k] = 1;
    }
    /* the window's main lobe spreads a line over the next bins too */
    uint8_t prev = 0;
    for (size_t k = 0; k < b; k++) {
        const uint8_t cur = e->is_line[k];
        if ((cur & 1) && k > 0)
            e->is_line[k - 1] |= 2;
        if ((prev & 1) && !(cur & 1))
            e->is_line[k] |= 2;
        prev = cur;
    }
    if (e->is_cplx) {
        if (e->is_line[0] & 1)
            e->is_line[b - 1] |= 2;
        if (e->is_line[b - 1] & 1)
            e->is_line[0] |= 2;
    }
    e->n_lines = 0;
    for (size_t k = 0; k < b; k++) {
        e->line_w[k] = e->is_line[k] ? 1.0f : 0.0f;
        if (e->is_line[k])
            e->line_idx[e->n_lines++] = (uint32_t)k;
    }
}

/* tfloor is new: the floor used is tfloor under the baseline across
 * frequency (steady signals are signal), its inverse, and the level's
 * sample of bins that are not occupied by a steady signal (at least an
 * eighth of the sample, else all of it). */
void stftc_est_finish_floor(stftc_est_t* e)
{
    const size_t b = e->bins;
    memcpy(e->noise, e->tfloor, b * sizeof(float));
    /* With lines to be removed, nothing tells a carrier from a burst before
     * the first super-frame: the warm-up keeps its temporal floor then (a
     * steady carrier is taken for noise from the first frame, as asked) */
    if (e->lines_on && e->slots_filled == 0)
        memset(e->occupied, 0, b);
    else
        stftc_baseline_apply(&e->bl, e->noise, e->occupied);
    /* lines that are to be removed (lines on): the line and its skirt, as
     * far as it stands above the baseline, keep the temporal floor, which
     * holds the carrier's leakage as noise */
    for (size_t i = 0; i < e->n_lines; i++) {
        const size_t k = e->line_idx[i];
        for (int dir = -1; dir <= 1; dir += 2)
            for (size_t d = 0; d <= STFTC_EST_LINE_SIDE; d++) {
                const long j = (long)k + dir * (long)d;
                if (!e->is_cplx && (j < 0 || j >= (long)b))
                    break;
                const size_t jj = (size_t)((j + (long)b) % (long)b);
                if (d > 0 && !(e->tfloor[jj] > e->noise[jj]))
                    break;
                e->noise[jj] = e->tfloor[jj];
                e->occupied[jj] = 0;
            }
    }
    for (size_t k = 0; k < b; k++) {
        float v = e->noise[k];
        v = v > STFTC_EST_NOISE_TINY
                ? v
                : STFTC_EST_NOISE_TINY; /* also turns NaN into the floor */
        e->noise[k] = v;
        e->inv_noise[k] = 1.0f / v;
    }
    for (size_t k = 0; k < b; k++)
        e->gmu[k] = e->occupied[k] ? GAIN_MU_STEADY : 1.0f;
    const size_t all = (b + STFTC_EST_LEVEL_STRIDE - 1) / STFTC_EST_LEVEL_STRIDE;
    size_t n = 0;
    for (size_t k = 0; k < b; k += STFTC_EST_LEVEL_STRIDE)
        if (!e->occupied[k])
            e->lvl_idx[n++] = (uint32_t)k;
    if (n < all / 8 || n < 4) {
        n = 0;
        for (size_t k = 0; k < b; k += STFTC_EST_LEVEL_STRIDE)
            e->lvl_idx[n++] = (uint32_t)k;
    }
    e->n_lvl = n;
}

/* Before the first super-frame is complete: the floor is the minimum over
 * runs of STFTC_EST_WARM_LEN frames (the running mean until the first run ends), so a
 * burst early in a stream is not taken for noise. */
static void warm_up(stftc_est_t* e, const float* p)
{
    const size_t b = e->bins;
    stftc_vec_add(e->warm_acc, e->warm_acc, p, b);
    e->warm_n++;
    if (e->warm_runs == 0 && e->warm_n < e->warm_len) {
        /* the running mean, held up to its 17-bin neighbourhood (see below) */
        float* sm = e->pooled;
        stftc_est_box_freq(e, e->acc, sm, 8, 1.0f);
        const float s = 1.0f / (float)e->acc_n;
        for (size_t k = 0; k < b; k++) {
            float v = (e->acc[k] > sm[k] ? e->acc[k] : sm[k]) * s;
            e->tfloor[k] = v > STFTC_EST_NOISE_TINY ? v : STFTC_EST_NOISE_TINY;
        }
        stftc_est_finish_floor(e);
        return;
    }
    if (e->warm_n < e->warm_len)
        return;
    const float s = 1.0f / (float)e->warm_len;
    for (size_t k = 0; k < b; k++) {
        const float v = e->warm_acc[k] * s;
        e->warm_min[k] = (e->warm_runs == 0 || v < e->warm_min[k]) ? v : e->warm_min[k];
    }
    e->warm_runs++;
    e->warm_n = 0;
    memset(e->warm_acc, 0, b * sizeof(float));
    const size_t nb =
        e->warm_runs < STFTC_EST_WARM_RUNS ? e->warm_runs : STFTC_EST_WARM_RUNS;
    const float bias = (float)e->warm_bias[nb];
    /* A minimum over a few short runs scatters from bin to bin, and a bin
     * whose floor is low for every frame of a region fools the pooled test.
     * Until the first super-frame a bin takes at least the mean floor of the
     * 17 bins around it (a carrier keeps its own higher floor). */
    float* sm = e->pooled;
    stftc_est_box_freq(e, e->warm_min, sm, 8, 1.0f);
    for (size_t k = 0; k < b; k++) {
        float v = e->warm_min[k] > sm[k] ? e->warm_min[k] : sm[k];
        v *= bias;
        e->tfloor[k] = v > STFTC_EST_NOISE_TINY ? v : STFTC_EST_NOISE_TINY;
    }
    stftc_est_finish_floor(e);
}

/* Accumulate p into the current super-frame (warm-up handled too). */
void stftc_est_track_noise(stftc_est_t* e, const float* p)
{
    stftc_vec_add(e->acc, e->acc, p, e->bins);
    if (++e->acc_n % STFTC_EST_WARM_LEN == 0)
        run_boundary(e);
    if (e->acc_n < e->sf_len) {
        if (e->slots_filled == 0)
            warm_up(e, p);
        return;
    }
    close_super_frame(e);
}

/* A super-frame is complete: its mean joins the ring, the floor is the
 * bias-compensated minimum over the ring, lines are looked for again. */
static void close_super_frame(stftc_est_t* e)
{
    const size_t b = e->bins;
    float* slot = e->slots + e->slot_next * b;
    stftc_vec_scale(slot, e->acc, 1.0f / (float)e->sf_len, b);
    memset(e->acc, 0, b * sizeof(float));
    memset(e->run_snap, 0, b * sizeof(float));
    e->acc_n = 0;
    e->slot_next = (e->slot_next + 1) % STFTC_EST_SLOTS;
    if (e->slots_filled < STFTC_EST_SLOTS)
        e->slots_filled++;
    /* keep the old floor on a sample of bins: the level correction is
     * rescaled below so that floor x level does not jump (a jump would move
     * every pooled SNR at once until the level caught up) */
    float* old = e->pooled;
    size_t ns = 0;
    for (size_t k = 0; k < b; k += STFTC_EST_LEVEL_STRIDE)
        old[ns++] = e->noise[k];
    float* tf = e->tfloor;
    /* the first super-frame's mean alone is no minimum: one strong pulse in
     * it (a chirp 40 dB over the noise) raises the floor of its bins for the
     * whole noise window, and the level correction, sampling those bins,
     * then pulls the floor of every other bin down. Until a second slot
     * comes, the floor is also held under the warm-up's minimum over short
     * runs (kept in warm_acc, which the warm-up no longer uses). */
    const int first = e->slots_filled == 1 && e->warm_runs > 0;
    if (first)
        memcpy(e->warm_acc, tf, b * sizeof(float));
    memcpy(tf, e->slots, b * sizeof(float));
    for (size_t s = 1; s < e->slots_filled; s++) {
        const float* row = e->slots + s * b;
        for (size_t k = 0; k < b; k++)
            tf[k] = row[k] < tf[k] ? row[k] : tf[k];
    }
    const float bias = (float)e->bias[e->slots_filled];
    for (size_t k = 0; k < b; k++) {
        float v = tf[k] * bias;
        if (first && e->warm_acc[k] < v)
            v = e->warm_acc[k];
        tf[k] = v > STFTC_EST_NOISE_TINY
                    ? v
                    : STFTC_EST_NOISE_TINY; /* also turns NaN into the floor */
    }
    if (e->lines_on) /* (before the floor: a line's skirt keeps its floor) */
        detect_lines(e);
    stftc_est_finish_floor(e);
    ns = 0;
    for (size_t k = 0; k < b; k += STFTC_EST_LEVEL_STRIDE, ns++)
        old[ns] = old[ns] * e->inv_noise[k];
    const float ratio = stftc_select_kth(old, ns, ns / 2, (float*)e->ext);
    if (ratio > 1e-6f && ratio < 1e6f) /* also false for NaN */
        e->level *= ratio;
}

/* Bins of the super-frame accumulator that overflowed get acc_n + 1 times
 * the noise power (this frame included). */
void stftc_est_repair_accumulator(stftc_est_t* e)
{
    for (size_t k = 0; k < e->bins; k++)
        if (!(e->acc[k] <= FLT_MAX))
            e->acc[k] = (float)(e->acc_n + 1) * stftc_est_noise_power(e, k);
}

/* The level's sample of the band: gamma at the floor (level 1) of the
 * listed bins (every STFTC_EST_LEVEL_STRIDE-th bin that no steady signal occupies). */
STFTC_HOT static void level_sub(size_t ns,
                                const uint32_t* restrict idx,
                                const float* restrict bins,
                                const float* restrict inv,
                                float* restrict sub)
{
    for (size_t i = 0; i < ns; i++) {
        const size_t k = idx[i];
        const float re = bins[2 * k], im = bins[2 * k + 1];
        sub[i] = (re * re + im * im) * inv[k];
    }
}

/* The k-th smallest of v[0..n) (as stftc_select_kth: NaN above all), first
 * tried in a bracket around a guess (the last update's quantile, which the
 * next one is near): two counts place k between the values below the
 * bracket and those below its top, and only the few inside are selected
 * from; else the radix selection of the whole. */
STFTC_HOT static float select_near(
    const float* restrict v, size_t n, size_t k, float guess, float* restrict scratch)
{
    if (guess > 0.0f && guess < 1e30f) {
        const float lo = guess * 0.75f, hi = guess * 1.33f;
        size_t c_lo = 0, c_hi = 0;
        for (size_t i = 0; i < n; i++) {
            c_lo += v[i] < lo;
            c_hi += v[i] < hi;
        }
        if (c_lo <= k && k < c_hi) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++) {
                const float x = v[i];
                scratch[m] = x;
                m += (x >= lo) & (x < hi);
            }
            return stftc_select_kth_inplace(scratch, m, k - c_lo);
        }
    }
    return stftc_select_kth(v, n, k, scratch);
}

/* The floor of minimum statistics lags a rising noise level by up to its
 * window. A low quantile of gamma across the band (bursts occupy few bins)
 * measures the level error at once; its EMA rescales gamma. Every
 * STFTC_EST_LEVEL_EVERY frames, not while the floor is still the running
 * mean of the first frames (their SNRs are 1 by construction and say
 * nothing of the level). */
void stftc_est_level_update(stftc_est_t* e, const float* bins, uint64_t t, int warm)
{
    if (t % STFTC_EST_LEVEL_EVERY != 0 || (warm && e->warm_runs == 0))
        return;
    float* sub = e->pooled;
    const size_t ns = e->n_lvl;
    level_sub(ns, e->lvl_idx, bins, e->inv_noise, sub);
    const float q = select_near(
        sub, ns, (size_t)(LEVEL_QUANTILE * (double)ns), e->level_q, (float*)e->ext);
    /* a quantile of exact zeros is digital silence (a recorder's idle
     * stretch), not a level: skipped */
    if (q == 0.0f)
        return;
    e->level_q = q;
    const float unit = (float)-log(1.0 - LEVEL_QUANTILE); /* Exp(1) quantile */
    float lv = q / unit;
    lv = lv > 1e-6f ? (lv < 1e6f ? lv : 1e6f) : 1e-6f; /* NaN -> 1e-6 */
    e->level += e->level_alpha * (lv - e->level);
}

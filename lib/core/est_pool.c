/* gr-stftclean C core, estimator stage 2: pooling. Each frame's
 * a-posteriori SNR (gamma, against the floor and the level) joins the sums
 * of its decision step; the steps' sums give the region's time sum, and the
 * frequency box turns it into the region mean that the support is decided
 * on (est_gains.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "est_state.h"
#include "vext.h"

#include <float.h>
#include <stftclean/vmath.h>
#include <string.h>

/* gamma of the new frame into row (and the step's sum); returns the
 * clipped sum used by the impulse test. */
STFTC_HOT static float gamma_row(size_t b,
                                 const float* restrict p,
                                 const float* restrict inv,
                                 float inv_level,
                                 float* restrict row,
                                 float* restrict part,
                                 float* restrict peak_over_mean)
{
    const float cap = STFTC_EST_GAMMA_CAP;
    float clipped = 0.0f, sum = 0.0f, peak = 0.0f;
#pragma omp simd reduction(+ : clipped, sum) reduction(max : peak)
    for (size_t k = 0; k < b; k++) {
        const float pk = p[k];
        sum += pk;
        peak = pk > peak ? pk : peak;
        float g = pk * inv[k] * inv_level;
        g = g < cap ? g : cap; /* NaN -> cap */
        part[k] += g;
        row[k] = g;
        clipped += g < 10.0f ? g : 10.0f;
    }
    *peak_over_mean = sum > 0.0f ? peak * (float)b / sum : 0.0f;
    return clipped;
}

/* gamma_row for the steady state, fused with the power and the floor
 * tracker's accumulation: reads the complex bins once; with part2 (presence
 * gating) the step's sum of gamma^2 is taken in the same pass. Written with
 * vector extensions: eight bins a step, the powers de-interleaved by two
 * shuffles, the cap as a select (a NaN gamma takes the cap, as in the tail). */
STFTC_VHOT static float gamma_row_bins(size_t b,
                                       const float* restrict bins,
                                       float* restrict acc,
                                       const float* restrict inv,
                                       float inv_level,
                                       float* restrict row,
                                       float* restrict part,
                                       float* restrict part2,
                                       float* restrict peak_over_mean,
                                       float* restrict power_sum)
{
    const float cap = STFTC_EST_GAMMA_CAP;
    float clipped = 0.0f, sum = 0.0f, peak = 0.0f;
    size_t k = 0;
#ifdef STFTC_HAVE_VEXT
    {
        const stftc_v8f capv = { cap, cap, cap, cap, cap, cap, cap, cap };
        const stftc_v8f ten = { 10, 10, 10, 10, 10, 10, 10, 10 };
        const stftc_v8f il = { inv_level, inv_level, inv_level, inv_level,
                               inv_level, inv_level, inv_level, inv_level };
        stftc_v8f vsum = { 0 }, vclip = { 0 }, vpeak = { 0 };
        for (; k + 8 <= b; k += 8) {
            stftc_v8f x0, x1, a, iv, pt, g;
            memcpy(&x0, bins + 2 * k, sizeof x0);
            memcpy(&x1, bins + 2 * k + 8, sizeof x1);
            x0 *= x0;
            x1 *= x1;
            const stftc_v8f pk =
                __builtin_shufflevector(x0, x1, 0, 2, 4, 6, 8, 10, 12, 14) +
                __builtin_shufflevector(x0, x1, 1, 3, 5, 7, 9, 11, 13, 15);
            memcpy(&a, acc + k, sizeof a);
            a += pk;
            memcpy(acc + k, &a, sizeof a);
            vsum += pk;
            vpeak = STFTC_SEL8(pk > vpeak, pk, vpeak);
            memcpy(&iv, inv + k, sizeof iv);
            g = pk * iv * il;
            g = STFTC_SEL8(g < capv, g, capv);
            memcpy(&pt, part + k, sizeof pt);
            pt += g;
            memcpy(part + k, &pt, sizeof pt);
            if (part2) {
                stftc_v8f p2;
                memcpy(&p2, part2 + k, sizeof p2);
                p2 += g * g;
                memcpy(part2 + k, &p2, sizeof p2);
            }
            memcpy(row + k, &g, sizeof g);
            vclip += STFTC_SEL8(g < ten, g, ten);
        }
        for (int j = 0; j < 8; j++) {
            sum += vsum[j];
            clipped += vclip[j];
            peak = vpeak[j] > peak ? vpeak[j] : peak;
        }
    }
#endif
    for (; k < b; k++) {
        const float re = bins[2 * k], im = bins[2 * k + 1];
        const float pk = re * re + im * im;
        acc[k] += pk;
        sum += pk;
        peak = pk > peak ? pk : peak;
        float g = pk * inv[k] * inv_level;
        g = g < cap ? g : cap;
        part[k] += g;
        if (part2)
            part2[k] += g * g;
        row[k] = g;
        clipped += g < 10.0f ? g : 10.0f;
    }
    *peak_over_mean = sum > 0.0f ? peak * (float)b / sum : 0.0f;
    *power_sum = sum;
    return clipped;
}

/* presence gating: the step's sum of gamma^2 */
STFTC_HOT static void
presence_row(size_t b, const float* restrict row, float* restrict part2)
{
    for (size_t k = 0; k < b; k++)
        part2[k] += row[k] * row[k];
}

STFTC_HOT static void
fold_step(size_t b, float* restrict part, float* restrict old, float* restrict tsum)
{
    for (size_t k = 0; k < b; k++) {
        const float v = part[k];
        tsum[k] += v - old[k];
        old[k] = v;
        part[k] = 0.0f;
    }
}

/* fold_step and fold_step_d in one pass (presence gating) */
STFTC_HOT static void fold_step2(size_t b,
                                 float* restrict part,
                                 float* restrict old,
                                 float* restrict tsum,
                                 float* restrict part2,
                                 float* restrict old2,
                                 double* restrict tsum2)
{
    for (size_t k = 0; k < b; k++) {
        const float v = part[k], v2 = part2[k];
        tsum[k] += v - old[k];
        old[k] = v;
        part[k] = 0.0f;
        tsum2[k] += (double)v2 - (double)old2[k];
        old2[k] = v2;
        part2[k] = 0.0f;
    }
}

/* Frame t is in: the decision step ends here when output frame t - delay is
 * decided (a multiple of decide_every), and its sum replaces the oldest in
 * the window. */
void stftc_est_close_step(stftc_est_t* e, uint64_t t)
{
    const size_t d = e->decide_every, b = e->bins, m = e->n_blocks;
    if ((t + d - e->delay % d) % d != 0)
        return;
    if (e->presence)
        fold_step2(b,
                   e->part,
                   e->pring + (size_t)(e->blocks % m) * b,
                   e->tsum,
                   e->part2,
                   e->pring2 + (size_t)(e->blocks % m) * b,
                   e->tsum2);
    else
        fold_step(b, e->part, e->pring + (size_t)(e->blocks % m) * b, e->tsum);
    e->blocks++;
    /* exact re-sum every 8 window turns, so that rounding cannot build up */
    if (e->blocks % (8 * m) == 0) {
        memcpy(e->tsum, e->pring, b * sizeof(float));
        for (size_t i = 1; i < m; i++)
            stftc_vec_add(e->tsum, e->tsum, e->pring + i * b, b);
        if (e->presence) { /* (the same order of sums, block by block) */
            for (size_t k = 0; k < b; k++)
                e->tsum2[k] = 0.0;
            for (size_t i = 0; i < m; i++)
                for (size_t k = 0; k < b; k++)
                    e->tsum2[k] += e->pring2[i * b + k];
        }
    }
}

/* The input side of frame t (finite): the floor tracker takes it (warm-up:
 * its power; after: fused with its gamma row), the level is corrected, its
 * gamma row goes to row and to the step's sums, lines count as plain noise
 * and the click test marks it. */
void stftc_est_take_frame(stftc_est_t* e, const float* bins_in, float* row, int warm)
{
    const size_t b = e->bins;
    const uint64_t t = e->frames;
    float* p = e->power;
    if (warm) {
        stftc_vec_mag2(p, bins_in, b);
        /* digital silence (exact zeros) is not noise: the floor skips it */
        float psum = 0.0f;
        for (size_t k = 0; k < b; k++)
            psum += p[k];
        if (psum != 0.0f)
            stftc_est_track_noise(e, p);
    }
    stftc_est_level_update(e, bins_in, t, warm);
    float peak_over_mean = 0.0f, power_sum = 0.0f;
    float clipped;
    if (warm) {
        clipped =
            gamma_row(b, p, e->inv_noise, 1.0f / e->level, row, e->part, &peak_over_mean);
    } else {
        clipped = gamma_row_bins(b,
                                 bins_in,
                                 e->acc,
                                 e->inv_noise,
                                 1.0f / e->level,
                                 row,
                                 e->part,
                                 e->presence ? e->part2 : NULL,
                                 &peak_over_mean,
                                 &power_sum);
        /* finite samples whose power overflows float: the bins that
         * overflowed take the floor's share instead */
        if (!(power_sum <= FLT_MAX))
            stftc_est_repair_accumulator(e);
        if (power_sum != 0.0f) /* digital silence: not counted (acc is unchanged) */
            stftc_est_count_frame(e);
    }
    if (e->presence && warm) /* (else taken with the row) */
        presence_row(b, row, e->part2);
    /* lines count as plain noise (gamma 1); they are few, so they are
     * patched here rather than blended in the loops above */
    for (size_t i = 0; i < e->n_lines; i++) {
        const size_t k = e->line_idx[i];
        const float g = row[k];
        e->part[k] += 1.0f - g;
        if (e->presence)
            e->part2[k] += 2.0f - g * g;
        clipped += 1.0f - (g < 10.0f ? g : 10.0f);
        row[k] = 1.0f;
    }
    stftc_est_flag_clicks(e, row, clipped / (float)b, peak_over_mean);
}

/* A frame that holds a NaN or an Inf: plain noise for every state. */
void stftc_est_take_nonfinite(stftc_est_t* e, float* row, int warm)
{
    const size_t b = e->bins, t_len = e->region_t;
    float* p = e->power;
    for (size_t k = 0; k < b; k++)
        p[k] = stftc_est_noise_power(e, k);
    if (warm) {
        stftc_est_track_noise(e, p);
    } else {
        for (size_t k = 0; k < b; k++)
            e->acc[k] += p[k];
        stftc_est_count_frame(e);
    }
    for (size_t k = 0; k < b; k++) {
        e->part[k] += 1.0f;
        row[k] = 1.0f;
    }
    if (e->presence) { /* plain noise: E gamma^2 = 2 */
        for (size_t k = 0; k < b; k++)
            e->part2[k] += 2.0f;
    }
    e->imp_flag[e->frames % t_len] = 0;
}

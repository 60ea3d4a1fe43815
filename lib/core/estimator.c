/* gr-stftclean C core: noise-floor tracking, line and impulse detection,
 * region pooling, CFAR support and gains for the stateful masks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "est_finegate.h"
#include "est_stats.h"
#include "estimator.h"
#include "transform.h"
#include "vext.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <stftclean/vmath.h>
#include <string.h>

/* The per-bin kernels of this file run once per frame (or decision step)
 * over every bin. They are plain loops written so that GCC vectorises them,
 * compiled twice (AVX2 and the baseline) and picked at load time: a portable
 * build that still uses the wide units where the CPU has them. The gamma
 * pass (the hottest) is written with vector extensions and compiled three
 * times like the frame-path kernels (STFTC_VHOT, vext.h); the others stay
 * at two copies: with an AVX-512 copy each they measured slower overall. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define STFTC_HOT __attribute__((target_clones("avx2", "default")))
#else
#define STFTC_HOT
#endif

#define NOISE_WINDOW_AUTO_S 2.0
#define REGION_TIME_AUTO_S 16e-3
#define REGION_FREQ_AUTO_HZ 10e3
#define REGION_MAX 4097 /* frames or bins */
#define IMPULSE_BASE_S 5e-3
#define NOISE_TINY 1e-30f
#define WARM_LEN 8 /* frames per warm-up run */
#define LEVEL_TAU_S 20e-3
#define LEVEL_QUANTILE 0.25
#define PRESENCE_MIN_CELLS 64
#define PRESENCE_KNEE 0.25f /* full weight from gamma = 2 (3 dB) up */
#define SLIDE_CHAINS 4      /* box_freq: independent running sums */
#define LEVEL_STRIDE 4
#define LEVEL_EVERY 8        /* frames between level updates */
#define CLICK_FLATNESS 20.0f /* a click's peak bin holds < 20 x the mean power */
#define DC_TAU_S 0.5         /* DC offset tracking time constant */
#define DC_LOBE_REL 1e-4     /* lobe bins: |W(k)| above this times W(0) */
#define DC_CLIP 4.0          /* DC innovation clip, in its running RMS */
#define DC_DEV_ALPHA 0.02    /* EMA weight of that RMS's square per frame */
/* auto: the gain inside the support is xi / (xi + mu): Wiener's (mu 1), and
 * on the bins of steady signals (those the baseline across frequency holds)
 * mu 1/3, which keeps a signal 6 dB over the noise within 0.7 dB of its level
 * (Wiener's: 1.9 dB down) */
#define GAIN_MU_STEADY (1.0f / 3.0f)

/* ------------------------------------------------------------------ */
/* statistics helpers                                                 */

/* Regularised lower incomplete gamma P(a, x) (series / continued fraction). */
static double gamma_p(double a, double x)
{
    if (x <= 0.0)
        return 0.0;
    const double lg = lgamma(a);
    if (x < a + 1.0) {
        double sum = 1.0 / a, term = sum, ap = a;
        for (int i = 0; i < 1000; i++) {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if (fabs(term) < fabs(sum) * 1e-14)
                break;
        }
        return sum * exp(-x + a * log(x) - lg);
    }
    /* Lentz's continued fraction for Q(a, x) */
    double b = x + 1.0 - a, c = 1.0 / DBL_MIN, d = 1.0 / b, h = d;
    for (int i = 1; i < 1000; i++) {
        const double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < DBL_MIN)
            d = DBL_MIN;
        c = b + an / c;
        if (fabs(c) < DBL_MIN)
            c = DBL_MIN;
        d = 1.0 / d;
        const double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-14)
            break;
    }
    return 1.0 - exp(-x + a * log(x) - lg) * h;
}

/* E[min of n iid Gamma(a, 1/a)] (unit mean): the bias of minimum statistics. */
static double expected_min(double a, int n)
{
    if (n <= 1)
        return 1.0;
    const double top = 1.0 + 12.0 / sqrt(a) + 12.0 / a;
    const int steps = 800; /* smooth integrand: trapezoids are plenty */
    const double dy = top / steps;
    double sum = 0.0;
    for (int i = 0; i <= steps; i++) {
        const double y = i * dy;
        const double s = pow(1.0 - gamma_p(a, a * y), n);
        sum += (i == 0 || i == steps) ? 0.5 * s : s;
    }
    return sum * dy;
}

/* Upper-tail standard normal quantile: z with 0.5 erfc(z / sqrt 2) = p. */
static double normal_upper_quantile(double p)
{
    double lo = -10.0, hi = 40.0;
    for (int i = 0; i < 200; i++) {
        const double mid = 0.5 * (lo + hi);
        if (0.5 * erfc(mid / sqrt(2.0)) > p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* Correlation of the powers of one cell with the cell j hops later (time) or
 * j bins away (frequency), for white noise seen through the window. */
static double rho_time(const float* w, size_t l, size_t hop, size_t j)
{
    double num = 0.0, den = 0.0;
    for (size_t i = 0; i < l; i++)
        den += (double)w[i] * w[i];
    for (size_t i = 0; i + j * hop < l; i++)
        num += (double)w[i] * w[i + j * hop];
    return den > 0.0 ? (num / den) * (num / den) : 0.0;
}

static double rho_freq(const float* w, size_t l, size_t n, size_t j)
{
    double re = 0.0, im = 0.0, den = 0.0;
    for (size_t i = 0; i < l; i++) {
        const double p = (double)w[i] * w[i];
        const double ph = -2.0 * M_PI * (double)((j * i) % n) / (double)n;
        re += p * cos(ph);
        im += p * sin(ph);
        den += p;
    }
    return den > 0.0 ? (re * re + im * im) / (den * den) : 0.0;
}


/* ------------------------------------------------------------------ */
/* configuration                                                      */

static int range_fail(stftc_error_t* err, const char* field, const char* range, double v)
{
    return stftc_fail(
        err, STFTC_ERR_INVALID_ARG, "%s: must be %s, got %g", field, range, v);
}

int stftc_est_resolve(stftc_est_t* e,
                      const stftc_mask_config_t* m,
                      const stftc_frame_geom_t* g,
                      const float* window,
                      stftc_error_t* err)
{
    const double fs = m->sample_rate, hop_s = (double)g->h / fs,
                 bin_hz = fs / (double)g->n;
    char range[160];

    double nw = m->noise_window;
    if (nw == 0.0) /* auto: 2 s, and at least 64 hops */
        nw = NOISE_WINDOW_AUTO_S > 64.0 * hop_s ? NOISE_WINDOW_AUTO_S : 64.0 * hop_s;
    if (!isfinite(nw) || nw < 16.0 * hop_s || (m->noise_window != 0.0 && nw > 3600.0)) {
        snprintf(range,
                 sizeof range,
                 "0 (auto, 2 s) or in [%g, 3600] s (16 hops)",
                 16.0 * hop_s);
        return range_fail(err, "noise_window", range, m->noise_window);
    }
    size_t region_t;
    if (m->region_time == 0.0) {
        /* auto: RF bursts are long and narrow, audio changes within frames */
        region_t = g->is_cplx ? (size_t)floor(REGION_TIME_AUTO_S / hop_s + 0.5) : 3;
        if (region_t < 1)
            region_t = 1;
        if (region_t > 255)
            region_t = 255;
    } else {
        if (!isfinite(m->region_time) || m->region_time < hop_s ||
            m->region_time > REGION_MAX * hop_s) {
            snprintf(range,
                     sizeof range,
                     "0 (auto) or in [%g, %g] s (1 to %d hops)",
                     hop_s,
                     REGION_MAX * hop_s,
                     REGION_MAX);
            return range_fail(err, "region_time", range, m->region_time);
        }
        region_t = (size_t)floor(m->region_time / hop_s + 0.5);
    }
    size_t region_f;
    if (m->region_freq == 0.0) {
        region_f = g->is_cplx ? (size_t)floor(REGION_FREQ_AUTO_HZ / bin_hz + 0.5) : 3;
        if (region_f > g->bins / 16)
            region_f = g->bins / 16;
        if (region_f < 3)
            region_f = 3;
    } else {
        if (!isfinite(m->region_freq) || m->region_freq < bin_hz ||
            m->region_freq > REGION_MAX * bin_hz) {
            snprintf(range,
                     sizeof range,
                     "0 (auto) or in [%g, %g] Hz (1 to %d bins)",
                     bin_hz,
                     REGION_MAX * bin_hz,
                     REGION_MAX);
            return range_fail(err, "region_freq", range, m->region_freq);
        }
        region_f = (size_t)floor(m->region_freq / bin_hz + 0.5);
    }
    region_f |= 1; /* odd: centred on the bin */
    if (region_f > g->bins)
        region_f = (g->bins - 1) | 1;
    size_t delay;
    if (m->lookahead < 0.0) {
        delay = (region_t - 1) / 2;
    } else {
        const double max_s = (double)(region_t - 1) * hop_s;
        if (!isfinite(m->lookahead) || m->lookahead > max_s + 1e-12 * max_s) {
            snprintf(range,
                     sizeof range,
                     "< 0 (auto) or in [0, %g] s (region_time - 1 hop)",
                     max_s);
            return range_fail(err, "lookahead", range, m->lookahead);
        }
        delay = (size_t)floor(m->lookahead / hop_s + 0.5);
        if (delay > region_t - 1)
            delay = region_t - 1;
    }
    if (!isfinite(m->pfa) || m->pfa < 1e-12 || m->pfa > 0.2)
        return range_fail(err, "pfa", "in [1e-12, 0.2]", m->pfa);
    if (!isfinite(m->hysteresis_db) || m->hysteresis_db < 0.0 || m->hysteresis_db > 20.0)
        return range_fail(err, "hysteresis_db", "in [0, 20] dB", m->hysteresis_db);
    if (m->hang_time >= 0.0 && (!isfinite(m->hang_time) || m->hang_time > 60.0))
        return range_fail(err, "hang_time", "< 0 (auto) or in [0, 60] s", m->hang_time);
    if (isnan(m->hang_time))
        return range_fail(err, "hang_time", "< 0 (auto) or in [0, 60] s", m->hang_time);
    if (!isfinite(m->gate_slope_db) || m->gate_slope_db < 0.1 || m->gate_slope_db > 40.0)
        return range_fail(err, "gate_slope_db", "in [0.1, 40] dB", m->gate_slope_db);
    if (!isfinite(m->xi_min_db) || m->xi_min_db < -60.0 || m->xi_min_db > 0.0)
        return range_fail(err, "xi_min_db", "in [-60, 0] dB", m->xi_min_db);
    if (!isfinite(m->dd_alpha) || m->dd_alpha < 0.0 || m->dd_alpha > 0.999)
        return range_fail(err, "dd_alpha", "in [0, 0.999]", m->dd_alpha);
    if (m->presence < -1 || m->presence > 1)
        return range_fail(err, "presence", "-1 (auto), 0 or 1", m->presence);
    if (m->type == STFTC_MASK_AUTO && m->presence == 1 &&
        region_t * region_f < PRESENCE_MIN_CELLS) {
        snprintf(range,
                 sizeof range,
                 "0 or -1 here: 1 needs region_time x region_freq of at least %d "
                 "cells (hops x bins), this region has %zu",
                 PRESENCE_MIN_CELLS,
                 region_t * region_f);
        return range_fail(err, "presence", range, m->presence);
    }
    if (m->lines < -1 || m->lines > 1)
        return range_fail(err, "lines", "-1 (auto), 0 or 1", m->lines);
    if (!isfinite(m->line_db) || m->line_db < 3.0 || m->line_db > 60.0)
        return range_fail(err, "line_db", "in [3, 60] dB", m->line_db);
    if (m->impulse < -1 || m->impulse > 1)
        return range_fail(err, "impulse", "-1 (auto), 0 or 1", m->impulse);
    if (!isfinite(m->impulse_db) || m->impulse_db < 1.0 || m->impulse_db > 40.0)
        return range_fail(err, "impulse_db", "in [1, 40] dB", m->impulse_db);
    if (!isfinite(m->smooth_time) || m->smooth_time < 0.0 ||
        (m->smooth_time > 0.0 && m->smooth_time < hop_s) || m->smooth_time > 60.0) {
        snprintf(range, sizeof range, "0 (off) or in [%g, 60] s (at least 1 hop)", hop_s);
        return range_fail(err, "smooth_time", range, m->smooth_time);
    }
    if (!isfinite(m->smooth_freq) || m->smooth_freq < 0.0 ||
        (m->smooth_freq > 0.0 && m->smooth_freq < bin_hz) ||
        m->smooth_freq > REGION_MAX * bin_hz) {
        snprintf(range,
                 sizeof range,
                 "0 (off) or in [%g, %g] Hz (1 to %d bins)",
                 bin_hz,
                 REGION_MAX * bin_hz,
                 REGION_MAX);
        return range_fail(err, "smooth_freq", range, m->smooth_freq);
    }
    if (m->bypass != 0 && m->bypass != 1)
        return range_fail(err, "bypass", "0 or 1", m->bypass);
    if (m->dc < -1 || m->dc > 1)
        return range_fail(err, "dc", "-1 (auto), 0 or 1", m->dc);
    if (!e)
        return STFTC_OK;

    memset(e, 0, sizeof *e);
    e->bins = g->bins;
    e->n = g->n;
    e->hop = g->h;
    e->is_cplx = g->is_cplx;
    e->fs = fs;
    e->hop_s = hop_s;
    e->bin_hz = bin_hz;
    size_t sf = (size_t)floor(nw / hop_s / STFTC_EST_SLOTS + 0.5);
    e->sf_len = sf < 1 ? 1 : sf;
    e->region_t = region_t;
    e->region_f = region_f;
    /* With a long region (RF: 16 ms is 125 hops at 2 MS/s) the pooled
     * statistics move by under 1 % per frame: the support and its gains are
     * decided every region/12 frames (every other frame from 16 frames;
     * 10 at 2 MS/s, i.e. every 1.3 ms) and held in between, which divides
     * their cost by as much. The quality table does not move (SI-SDR within
     * 0.1 dB on scenarios a-d, deciding every 2, 4, 7, 8 or 10 frames; at 15
     * a -5 dB burst of scenario d began to split). Short regions (audio)
     * decide every frame. */
    e->decide_every = region_t >= 16 ? (region_t >= 48 ? region_t / 16 : 2) : 1;
    /* the time sum is kept in whole decision steps (see stftc_est_t): the
     * window is the region rounded up to them (at most 1/12 longer; 130
     * frames for 125 at 2 MS/s), and the CFAR level below is computed for
     * that window */
    e->n_blocks = (region_t + e->decide_every - 1) / e->decide_every;
    e->win_t = e->n_blocks * e->decide_every;
    e->keep_rows = m->type == STFTC_MASK_WIENER;
    /* the fourth moment needs many cells to be read (RF: 125 x 5) */
    e->presence = m->type == STFTC_MASK_AUTO && m->presence != 0 &&
                  region_t * region_f >= PRESENCE_MIN_CELLS;
    e->knee = PRESENCE_KNEE;
    e->delay = delay;
    /* DC removal: the window's DFT around DC (the window sits at the start
     * of the frame, zero-padded to n); the lobe is the bins where it is not
     * negligible, at most STFTC_EST_DC_HALF per side */
    if (window && g->is_cplx) {
        double w0 = 0.0;
        for (size_t i = 0; i < g->l; i++)
            w0 += window[i];
        e->dc_w0_inv = w0 != 0.0 ? (float)(1.0 / w0) : 0.0f;
        e->dc_bin = g->centered ? g->n / 2 : 0;
        e->dc_n_lobe = 0;
        const long half =
            (long)(g->n / 2 < STFTC_EST_DC_HALF ? g->n / 2 : STFTC_EST_DC_HALF);
        for (long j = -half; j <= half; j++) {
            if (j == half && 2 * half == (long)g->n)
                break; /* n even and small: -n/2 and n/2 are one bin */
            double re = 0.0, im = 0.0;
            for (size_t i = 0; i < g->l; i++) {
                const long ph = ((j % (long)g->n) * (long)i) % (long)g->n;
                const double a = -2.0 * M_PI * (double)ph / (double)g->n;
                re += window[i] * cos(a);
                im += window[i] * sin(a);
            }
            if (sqrt(re * re + im * im) < DC_LOBE_REL * fabs(w0))
                continue;
            const size_t nat = (size_t)((j + (long)g->n) % (long)g->n);
            const size_t k = g->centered ? (nat + g->n / 2) % g->n : nat;
            e->dc_idx[e->dc_n_lobe] = (uint32_t)k;
            e->dc_w[2 * e->dc_n_lobe] = (float)re;
            e->dc_w[2 * e->dc_n_lobe + 1] = (float)im;
            e->dc_n_lobe++;
        }
    }
    e->dc_alpha = hop_s / DC_TAU_S;
    if (e->dc_alpha > 1.0)
        e->dc_alpha = 1.0;

    /* a click of up to 0.5 ms touches the frames its windows overlap */
    e->max_click = (g->l + g->h - 1) / g->h + 1 + (size_t)ceil(0.5e-3 / hop_s);

    /* effective degrees of freedom: one super-frame mean, one region mean */
    size_t nrho = (e->sf_len > e->win_t ? e->sf_len : e->win_t) + 1;
    const size_t lags = g->l / g->h + 1; /* rho_time is 0 from here on */
    if (nrho > lags + 1)
        nrho = lags + 1;
    if (nrho < WARM_LEN)
        nrho = WARM_LEN;
    double* rho = malloc((nrho > region_f ? nrho : region_f + 1) * sizeof *rho);
    if (!rho)
        return stftc_fail(err, STFTC_ERR_NOMEM, "mask: cannot allocate");
    for (size_t j = 0; j < nrho; j++)
        rho[j] = rho_time(window, g->l, g->h, j);
    const double dof_sf = (double)e->sf_len / stftc_box_inflation(rho, nrho, e->sf_len);
    e->c_t1 = stftc_box_inflation(rho, nrho, e->win_t);
    double rho_t_copy[WARM_LEN];
    for (size_t j = 0; j < WARM_LEN; j++)
        rho_t_copy[j] = j < nrho ? rho[j] : 0.0;
    for (size_t j = 0; j <= region_f; j++)
        rho[j] = rho_freq(window, g->l, g->n, j);
    e->c_f1 = stftc_box_inflation(rho, region_f + 1, region_f);
    free(rho);
    /* the fine gate: auto with a region of 16 frames or more (RF) */
    e->fine_on = m->type == STFTC_MASK_AUTO && region_t >= 16;
    e->fg_margin = (g->l + g->h - 1) / g->h;
    for (size_t j = 0; j < 16; j++) {
        e->fg_rho_t[j] = rho_time(window, g->l, g->h, j);
        e->fg_rho_f[j] = rho_freq(window, g->l, g->n, j);
    }
    for (int k = 0; k <= STFTC_EST_SLOTS; k++)
        e->bias[k] = 1.0 / expected_min(dof_sf, k);
    /* runs of at least WARM_LEN frames, at most STFTC_EST_WARM_RUNS of them
     * in the first super-frame, each with its bias for the minimum so far */
    e->warm_len = (e->sf_len + STFTC_EST_WARM_RUNS - 1) / STFTC_EST_WARM_RUNS;
    if (e->warm_len < WARM_LEN)
        e->warm_len = WARM_LEN;
    const double dof_warm = (double)WARM_LEN /
                            stftc_box_inflation(rho_t_copy, WARM_LEN, WARM_LEN) *
                            (double)e->warm_len / (double)WARM_LEN;
    for (int k = 0; k <= STFTC_EST_WARM_RUNS; k++)
        e->warm_bias[k] = 1.0 / expected_min(dof_warm, k);
    stftc_est_update(e, m);
    return STFTC_OK;
}

void stftc_est_update(stftc_est_t* e, const stftc_mask_config_t* m)
{
    /* CFAR level for a region mean of T x F cells with dof reduced by the
     * window's correlation: Wilson-Hilferty quantile of Gamma(a)/a */
    const double a = (double)(e->win_t * e->region_f) / (e->c_t1 * e->c_f1);
    double eta = stftc_gamma_mean_quantile(a, normal_upper_quantile(m->pfa));
    if (eta < 1.0 + 1e-3)
        eta = 1.0 + 1e-3;
    e->eta_on = (float)eta;
    e->eta_off = (float)(1.0 + (eta - 1.0) * pow(10.0, -m->hysteresis_db / 10.0));
    const double hang =
        m->hang_time < 0.0 ? (double)e->region_t * e->hop_s : m->hang_time;
    e->hang_frames = (size_t)floor(hang / e->hop_s + 0.5);
    e->gate_lo = (float)pow(10.0, (m->threshold_db - 0.5 * m->gate_slope_db) / 10.0);
    e->gate_hi = (float)pow(10.0, (m->threshold_db + 0.5 * m->gate_slope_db) / 10.0);
    e->xi_min = (float)pow(10.0, m->xi_min_db / 10.0);
    e->dd_alpha = (float)m->dd_alpha;
    e->floor_gain = (float)pow(10.0, m->floor_db / 20.0);
    e->line_factor = (float)pow(10.0, m->line_db / 10.0);
    e->imp_thr = (float)pow(10.0, m->impulse_db / 10.0);
    double tau = IMPULSE_BASE_S / e->hop_s;
    if (tau < 2.0)
        tau = 2.0;
    e->imp_alpha = (float)(1.0 / tau);
    tau = LEVEL_TAU_S / (e->hop_s * LEVEL_EVERY); /* in updates */
    if (tau < 2.0)
        tau = 2.0;
    e->level_alpha = (float)(1.0 / tau);
    e->lines_on = m->lines < 0 ? 0 : m->lines; /* carriers are signal unless asked */
    e->impulse_on = m->impulse < 0 ? e->is_cplx : m->impulse;
    stftc_fg_set_transients(&e->fg, e->impulse_on, e->imp_thr);
    e->bypass = m->bypass;
    e->dc_on = (m->dc < 0 ? e->is_cplx : m->dc) && e->is_cplx && e->dc_n_lobe > 0;
    e->smooth_bins =
        m->smooth_freq > 0.0 ? (size_t)floor(m->smooth_freq / e->bin_hz / 2.0) : 0;
    e->smooth_alpha =
        m->smooth_time > 0.0 ? (float)(1.0 - exp(-e->hop_s / m->smooth_time)) : 1.0f;
    if (e->lines_on == 0 && e->is_line) {
        memset(e->is_line, 0, e->bins);
        memset(e->line_w, 0, e->bins * sizeof(float));
        e->n_lines = 0;
    }
}

int stftc_est_alloc(stftc_est_t* e, stftc_error_t* err)
{
    const size_t b = e->bins, t = e->region_t;
    e->warm_acc = stftc_alloc(b * sizeof(float));
    e->warm_min = stftc_alloc(b * sizeof(float));
    e->run_snap = stftc_alloc(b * sizeof(float));
    e->run_min = stftc_alloc(b * sizeof(float));
    e->acc = stftc_alloc(b * sizeof(float));
    e->slots = stftc_alloc(STFTC_EST_SLOTS * b * sizeof(float));
    e->tfloor = stftc_alloc(b * sizeof(float));
    e->noise = stftc_alloc(b * sizeof(float));
    e->inv_noise = stftc_alloc(b * sizeof(float));
    e->occupied = stftc_alloc(b);
    e->gmu = stftc_alloc(b * sizeof(float));
    e->lvl_idx = stftc_alloc(b * sizeof(uint32_t));
    if (stftc_baseline_init(&e->bl, b, e->is_cplx) != 0 || !e->tfloor || !e->occupied ||
        !e->gmu || !e->lvl_idx) {
        stftc_est_free(e);
        return stftc_fail(err, STFTC_ERR_NOMEM, "mask: cannot allocate estimator state");
    }
    e->is_line = stftc_alloc(b);
    e->line_w = stftc_alloc(b * sizeof(float));
    e->gring = e->keep_rows ? stftc_alloc(t * b * sizeof(float)) : NULL;
    e->part = stftc_alloc(b * sizeof(float));
    e->pring = stftc_alloc(e->n_blocks * b * sizeof(float));
    e->row1 = stftc_alloc(b * sizeof(float));
    e->imp_flag = stftc_alloc(t);
    e->tsum = stftc_alloc(b * sizeof(float));
    e->ext =
        stftc_alloc((b + 2 * e->region_f + 2 * STFTC_EST_LINE_SIDE) * sizeof(double));
    e->pooled = stftc_alloc(b * sizeof(float));
    e->supp = stftc_alloc(b * sizeof(float));
    e->gbase = stftc_alloc(b * sizeof(float));
    e->line_idx = stftc_alloc(b * sizeof(uint32_t));
    e->g_prev = stftc_alloc(b * sizeof(float));
    e->gamma_prev = stftc_alloc(b * sizeof(float));
    e->spec = stftc_alloc((e->delay + 1) * 2 * b * sizeof(float));
    e->power = stftc_alloc(b * sizeof(float));
    e->gsm = stftc_alloc(b * sizeof(float));
    if (e->fine_on &&
        stftc_fg_init(
            &e->fg, b, t, e->delay, e->fg_margin, e->is_cplx, e->fg_rho_t, e->fg_rho_f) !=
            0) {
        stftc_est_free(e);
        return stftc_fail(err, STFTC_ERR_NOMEM, "mask: cannot allocate estimator state");
    }
    if (e->presence) {
        e->part2 = stftc_alloc(b * sizeof(float));
        e->pring2 = stftc_alloc(e->n_blocks * b * sizeof(float));
        e->tsum2 = stftc_alloc(b * sizeof(double));
        e->pooled2 = stftc_alloc(b * sizeof(float));
        e->pidx = stftc_alloc(b * sizeof(uint32_t));
        e->pa = stftc_alloc(b * sizeof(float));
        e->pb = stftc_alloc(b * sizeof(float));
        if (!e->part2 || !e->pring2 || !e->tsum2 || !e->pooled2 || !e->pidx || !e->pa ||
            !e->pb) {
            stftc_est_free(e);
            return stftc_fail(
                err, STFTC_ERR_NOMEM, "mask: cannot allocate estimator state");
        }
    }
    if (!e->acc || !e->warm_acc || !e->warm_min || !e->run_snap || !e->run_min ||
        !e->slots || !e->noise || !e->inv_noise || !e->is_line || !e->line_w ||
        (e->keep_rows && !e->gring) || !e->part || !e->pring || !e->row1 ||
        !e->imp_flag || !e->tsum || !e->ext || !e->pooled || !e->supp || !e->gbase ||
        !e->line_idx || !e->g_prev || !e->gamma_prev || !e->spec || !e->power ||
        !e->gsm) {
        stftc_est_free(e);
        return stftc_fail(err, STFTC_ERR_NOMEM, "mask: cannot allocate estimator state");
    }
    stftc_est_reset(e);
    return STFTC_OK;
}

void stftc_est_free(stftc_est_t* e)
{
    float** fl[] = { &e->warm_acc,  &e->warm_min, &e->run_snap,   &e->run_min,
                     &e->line_w,    &e->acc,      &e->slots,      &e->noise,
                     &e->inv_noise, &e->gring,    &e->tsum,       &e->ext,
                     &e->pooled,    &e->g_prev,   &e->gamma_prev, &e->spec,
                     &e->power,     &e->gsm,      &e->part,       &e->pring,
                     &e->row1,      &e->part2,    &e->pring2,     &e->pooled2,
                     &e->pa,        &e->pb };
    for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++) {
        stftc_free(*fl[i]);
        *fl[i] = NULL;
    }
    stftc_baseline_free(&e->bl);
    stftc_fg_free(&e->fg);
    stftc_free(e->tfloor);
    stftc_free(e->occupied);
    stftc_free(e->gmu);
    e->gmu = NULL;
    stftc_free(e->lvl_idx);
    e->tfloor = NULL;
    e->occupied = NULL;
    e->lvl_idx = NULL;
    stftc_free(e->is_line);
    stftc_free(e->imp_flag);
    stftc_free(e->supp);
    stftc_free(e->gbase);
    stftc_free(e->line_idx);
    stftc_free(e->tsum2);
    stftc_free(e->pidx);
    e->pidx = NULL;
    e->tsum2 = NULL;
    e->is_line = e->imp_flag = NULL;
    e->supp = e->gbase = NULL;
    e->line_idx = NULL;
}

static void finish_floor(stftc_est_t* e);

/* Everything but what was learnt of the noise (floor tracker, lines, level,
 * DC offset): the stream starts again. */
void stftc_est_rewind(stftc_est_t* e)
{
    const size_t b = e->bins;
    for (size_t k = 0; k < b; k++) {
        e->g_prev[k] = 1.0f;
        e->gamma_prev[k] = 1.0f;
        e->gsm[k] = 1.0f;
    }
    if (e->gring)
        memset(e->gring, 0, e->region_t * b * sizeof(float));
    memset(e->part, 0, b * sizeof(float));
    memset(e->pring, 0, e->n_blocks * b * sizeof(float));
    memset(e->row1, 0, b * sizeof(float));
    e->blocks = 0;
    memset(e->imp_flag, 0, e->region_t);
    memset(e->tsum, 0, b * sizeof(float));
    memset(e->supp, 0, b * sizeof(float));
    memset(e->gbase, 0, b * sizeof(float));
    if (e->presence) {
        memset(e->part2, 0, b * sizeof(float));
        memset(e->pring2, 0, e->n_blocks * b * sizeof(float));
        memset(e->tsum2, 0, b * sizeof(double));
        e->n_pres = 0;
    }
    memset(e->spec, 0, (e->delay + 1) * 2 * b * sizeof(float));
    e->imp_base = 1.0f;
    e->frames = 0;
    if (e->fine_on)
        stftc_fg_reset(&e->fg);
}

void stftc_est_reset(stftc_est_t* e)
{
    const size_t b = e->bins;
    memset(e->acc, 0, b * sizeof(float));
    memset(e->warm_acc, 0, b * sizeof(float));
    memset(e->run_snap, 0, b * sizeof(float));
    memset(e->run_min, 0, b * sizeof(float));
    e->acc_n = 0;
    e->warm_n = e->warm_runs = 0;
    e->slots_filled = e->slot_next = 0;
    memset(e->is_line, 0, b);
    memset(e->line_w, 0, b * sizeof(float));
    e->n_lines = 0;
    /* a flat floor of 1: nothing occupied, every bin in the level's sample */
    for (size_t k = 0; k < b; k++)
        e->tfloor[k] = 1.0f;
    finish_floor(e);
    e->dc_re = e->dc_im = 0.0;
    e->dc_dev = 0.0;
    e->dc_count = 0;
    e->level = 1.0f;
    e->level_q = 0.0f;
    stftc_est_rewind(e);
}

/* ------------------------------------------------------------------ */
/* noise floor                                                        */

/* A line candidate is stationary when its power never dropped during the
 * super-frame just closed: the smallest sum over runs of WARM_LEN frames is
 * at least STATIONARY_RATIO of the super-frame's mean. A carrier (even 10 dB
 * over the noise, whose cross term makes its run sums scatter by about
 * -3 dB) passes; a burst train on one frequency, which raises the
 * super-frame means just as a carrier does, drops to the noise between
 * bursts and is kept as signal. With fewer than 2 runs per super-frame the
 * test cannot tell and passes. */
#define STATIONARY_RATIO 0.2f
static int stationary(const stftc_est_t* e, size_t k)
{
    const size_t runs = e->sf_len / WARM_LEN;
    if (runs < 2)
        return 1;
    const float* slot =
        e->slots + ((e->slot_next + STFTC_EST_SLOTS - 1) % STFTC_EST_SLOTS) * e->bins;
    return e->run_min[k] * (1.0f / (float)WARM_LEN) >= STATIONARY_RATIO * slot[k];
}

/* Every WARM_LEN frames of a super-frame: the run just ended is acc minus
 * its value at the last boundary. */
STFTC_HOT static void run_boundary(stftc_est_t* e)
{
    const size_t b = e->bins;
    float* restrict snap = e->run_snap;
    float* restrict mn = e->run_min;
    const float* restrict acc = e->acc;
    if (e->acc_n == WARM_LEN) {
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
static void count_frame(stftc_est_t* e)
{
    if (++e->acc_n % WARM_LEN == 0)
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

static void
box_freq(stftc_est_t* e, const float* src, float* dst, size_t half, float scale);

/* tfloor is new: the floor used is tfloor under the baseline across
 * frequency (steady signals are signal), its inverse, and the level's
 * sample of bins that are not occupied by a steady signal (at least an
 * eighth of the sample, else all of it). */
static void finish_floor(stftc_est_t* e)
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
        v = v > NOISE_TINY ? v : NOISE_TINY; /* also turns NaN into the floor */
        e->noise[k] = v;
        e->inv_noise[k] = 1.0f / v;
    }
    for (size_t k = 0; k < b; k++)
        e->gmu[k] = e->occupied[k] ? GAIN_MU_STEADY : 1.0f;
    const size_t all = (b + LEVEL_STRIDE - 1) / LEVEL_STRIDE;
    size_t n = 0;
    for (size_t k = 0; k < b; k += LEVEL_STRIDE)
        if (!e->occupied[k])
            e->lvl_idx[n++] = (uint32_t)k;
    if (n < all / 8 || n < 4) {
        n = 0;
        for (size_t k = 0; k < b; k += LEVEL_STRIDE)
            e->lvl_idx[n++] = (uint32_t)k;
    }
    e->n_lvl = n;
}

/* Before the first super-frame is complete: the floor is the minimum over
 * runs of WARM_LEN frames (the running mean until the first run ends), so a
 * burst early in a stream is not taken for noise. */
static void warm_up(stftc_est_t* e, const float* p)
{
    const size_t b = e->bins;
    stftc_vec_add(e->warm_acc, e->warm_acc, p, b);
    e->warm_n++;
    if (e->warm_runs == 0 && e->warm_n < e->warm_len) {
        /* the running mean, held up to its 17-bin neighbourhood (see below) */
        float* sm = e->pooled;
        box_freq(e, e->acc, sm, 8, 1.0f);
        const float s = 1.0f / (float)e->acc_n;
        for (size_t k = 0; k < b; k++) {
            float v = (e->acc[k] > sm[k] ? e->acc[k] : sm[k]) * s;
            e->tfloor[k] = v > NOISE_TINY ? v : NOISE_TINY;
        }
        finish_floor(e);
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
    box_freq(e, e->warm_min, sm, 8, 1.0f);
    for (size_t k = 0; k < b; k++) {
        float v = e->warm_min[k] > sm[k] ? e->warm_min[k] : sm[k];
        v *= bias;
        e->tfloor[k] = v > NOISE_TINY ? v : NOISE_TINY;
    }
    finish_floor(e);
}

/* Accumulate p into the current super-frame (warm-up handled too). */
static void track_noise(stftc_est_t* e, const float* p)
{
    stftc_vec_add(e->acc, e->acc, p, e->bins);
    if (++e->acc_n % WARM_LEN == 0)
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
    for (size_t k = 0; k < b; k += LEVEL_STRIDE)
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
        tf[k] = v > NOISE_TINY ? v : NOISE_TINY; /* also turns NaN into the floor */
    }
    if (e->lines_on) /* (before the floor: a line's skirt keeps its floor) */
        detect_lines(e);
    finish_floor(e);
    ns = 0;
    for (size_t k = 0; k < b; k += LEVEL_STRIDE, ns++)
        old[ns] = old[ns] * e->inv_noise[k];
    const float ratio = stftc_select_kth(old, ns, ns / 2, (float*)e->ext);
    if (ratio > 1e-6f && ratio < 1e6f) /* also false for NaN */
        e->level *= ratio;
}

/* ------------------------------------------------------------------ */
/* pooling                                                            */

/* Is output frame o part of a click? With look-ahead, a click is a run of
 * broadband frames no longer than max_click: a broadband signal that lasts
 * (or any signal over a zero noise floor) is not one. Without look-ahead only
 * the sudden-onset test of the input side is available. */
static uint8_t click_frame(const stftc_est_t* e, uint64_t o, uint64_t t)
{
    const size_t t_len = e->region_t;
    const uint8_t* f = e->imp_flag;
    if (!(f[o % t_len] & 2))
        return 0;
    if (e->delay == 0)
        return f[o % t_len] & 1;
    const uint64_t oldest = t + 1 >= t_len ? t + 1 - t_len : 0;
    uint64_t s = o, end = o;
    while (s > oldest && (f[(s - 1) % t_len] & 2) && o - s <= e->max_click)
        s--;
    while (end < t && (f[(end + 1) % t_len] & 2) && end - s <= e->max_click)
        end++;
    return end - s + 1 <= e->max_click;
}


static inline void box_taps(
    const float* restrict ext, float* restrict dst, size_t b, size_t width, float scale)
{
    for (size_t k = 0; k < b; k++) {
        float acc = 0.0f;
        for (size_t j = 0; j < width; j++)
            acc += ext[k + j];
        dst[k] = acc * scale;
    }
}

/* gains applied to a complex frame (out may be in) */
static inline void apply_gain(size_t b, const float* in, const float* g, float* out)
{
    stftc_fused_cgain(out, in, g, b);
}

/* pooled[k] = mean of src over the F bins centred on k (circular for complex,
 * shrunk at the edges for real), divided by frames (the time count). */
STFTC_HOT static void
box_freq(stftc_est_t* e, const float* src, float* dst, size_t half, float scale)
{
    const size_t b = e->bins;
    float* ext = (float*)e->ext;
    if (half == 0) {
        stftc_vec_scale(dst, src, scale, b);
        return;
    }
    if (e->is_cplx && half <= 4 && b >= 4 * half + 2 && src != dst) {
        /* a narrow circular box: the interior reads src itself; only the
         * edges go through ext, as [src[b-h..b) | src[0..2h)] and
         * [src[b-2h..b) | src[0..h)] (h = half) */
        const size_t h = half, w = 2 * h + 1;
        const float ts = scale / (float)w;
        float* head = ext;
        float* tail = ext + 3 * h;
        memcpy(head, src + b - h, h * sizeof(float));
        memcpy(head + h, src, 2 * h * sizeof(float));
        memcpy(tail, src + b - 2 * h, 2 * h * sizeof(float));
        memcpy(tail + 2 * h, src, h * sizeof(float));
        switch (w) {
        case 3:
            box_taps(head, dst, h, 3, ts);
            box_taps(src, dst + h, b - 2 * h, 3, ts);
            box_taps(tail, dst + b - h, h, 3, ts);
            break;
        case 5:
            box_taps(head, dst, h, 5, ts);
            box_taps(src, dst + h, b - 2 * h, 5, ts);
            box_taps(tail, dst + b - h, h, 5, ts);
            break;
        case 7:
            box_taps(head, dst, h, 7, ts);
            box_taps(src, dst + h, b - 2 * h, 7, ts);
            box_taps(tail, dst + b - h, h, 7, ts);
            break;
        default:
            box_taps(head, dst, h, 9, ts);
            box_taps(src, dst + h, b - 2 * h, 9, ts);
            box_taps(tail, dst + b - h, h, 9, ts);
            break;
        }
        return;
    }
    if (e->is_cplx) {
        for (size_t i = 0; i < half; i++) {
            ext[i] = src[(b - half + i) % b];
            ext[half + b + i] = src[i % b];
        }
    } else {
        memset(ext, 0, half * sizeof(float));
        memset(ext + half + b, 0, half * sizeof(float));
    }
    memcpy(ext + half, src, b * sizeof(float));
    const size_t width = 2 * half + 1;
    /* complex: every bin has the full width (circular) */
    const float tap_scale = e->is_cplx ? scale / (float)width : 1.0f;
    if (width <= 9) {
        /* one pass; the width is a constant in each case so the taps unroll */
        switch (width) {
        case 3:
            box_taps(ext, dst, b, 3, tap_scale);
            break;
        case 5:
            box_taps(ext, dst, b, 5, tap_scale);
            break;
        case 7:
            box_taps(ext, dst, b, 7, tap_scale);
            break;
        default:
            box_taps(ext, dst, b, 9, tap_scale);
            break;
        }
    } else if (b < SLIDE_CHAINS) {
        double r = 0.0; /* a sliding sum, in double so that it does not drift */
        for (size_t j = 0; j < width; j++)
            r += ext[j];
        dst[0] = (float)r * tap_scale;
        for (size_t k = 1; k < b; k++) {
            r += (double)ext[k + width - 1] - (double)ext[k - 1];
            dst[k] = (float)r * tap_scale;
        }
    } else {
        /* a sliding sum, in double so that it does not drift; the bins are
         * cut into SLIDE_CHAINS runs, each started from its own exact sum
         * and stepped side by side (one chain alone waits on every add);
         * the last run also takes the remainder */
        const size_t seg = b / SLIDE_CHAINS;
        double run[SLIDE_CHAINS];
        for (size_t c = 0; c < SLIDE_CHAINS; c++) {
            const size_t k0 = c * seg;
            double r = 0.0;
            for (size_t j = 0; j < width; j++)
                r += ext[k0 + j];
            run[c] = r;
            dst[k0] = (float)r * tap_scale;
        }
        for (size_t i = 1; i < seg; i++)
            for (size_t c = 0; c < SLIDE_CHAINS; c++) {
                const size_t k = c * seg + i;
                run[c] += (double)ext[k + width - 1] - (double)ext[k - 1];
                dst[k] = (float)run[c] * tap_scale;
            }
        double r = run[SLIDE_CHAINS - 1];
        for (size_t k = SLIDE_CHAINS * seg; k < b; k++) {
            r += (double)ext[k + width - 1] - (double)ext[k - 1];
            dst[k] = (float)r * tap_scale;
        }
    }
    if (!e->is_cplx) {
        for (size_t k = 0; k < b; k++) {
            const size_t lo = k >= half ? k - half : 0;
            const size_t hi = k + half < b ? k + half : b - 1;
            dst[k] *= scale / (float)(hi - lo + 1);
        }
    }
}

/* ------------------------------------------------------------------ */


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

/* box_freq of src at bin k alone (same box: circular for complex, shrunk
 * at the edges for real), times scale: the region mean of gamma^2 of a
 * support bin when the box is narrow (at most 9 bins) and the support few
 * bins, cheaper than the whole band */
static float box_at(const stftc_est_t* e, const double* src, size_t k, float scale)
{
    const size_t b = e->bins, half = e->region_f / 2;
    double acc = 0.0;
    size_t cnt = 0;
    for (size_t j = 0; j <= 2 * half; j++) {
        if (e->is_cplx) {
            acc += src[(k + b - half % b + j) % b];
            cnt++;
        } else if (k + j >= half && k + j - half < b) {
            acc += src[k + j - half];
            cnt++;
        }
    }
    return (float)(acc / (double)cnt) * scale;
}

/* The presence split of the decided gains g: a bin of the support gets
 * ga = g (1 - d) in place and, when d > 0, joins the list (idx, pa = ga,
 * pb = gb = g d); returns the list's length. From the region means of gamma
 * (m1) and gamma^2 (m2) of a bin, with the noise at 1: xi = m1 - 1 and the
 * signal's fourth moment s4 = m2 - 4 xi - 2, so k = s4 / xi^2 is 2 for a
 * Gaussian signal, 1 for a steady tone and 1/q for one present a fraction q
 * of the time. The weight d of gating rises from 0 at k = 2.5 to 1 at
 * k = 3.5: the estimate scatters around 2 for a Gaussian signal at low SNR,
 * and 2-FSK/OOK bursts read 3.5 to 4. Bins at the floor (off the support)
 * would stay there whatever d: blocks of 16 of them are skipped after one
 * vectorised test, so the cost follows the support, not the band. */
static size_t presence_split(const stftc_est_t* e,
                             size_t b,
                             const float* restrict m1,
                             const float* restrict m2,
                             float inv_count,
                             float* restrict g,
                             float fl,
                             uint32_t* restrict idx,
                             float* restrict pa,
                             float* restrict pb)
{
    size_t n = 0;
    for (size_t k0 = 0; k0 < b; k0 += 16) {
        const size_t k1 = k0 + 16 < b ? k0 + 16 : b;
        int any = 0;
        for (size_t k = k0; k < k1; k++)
            any |= g[k] > fl;
        if (!any)
            continue;
        for (size_t k = k0; k < k1; k++) {
            const float gk = g[k];
            if (!(gk > fl))
                continue;
            float xi = m1[k] - 1.0f;
            xi = xi > 1e-3f ? xi : 1e-3f;
            const float s4 =
                (m2 ? m2[k] : box_at(e, e->tsum2, k, inv_count)) - 4.0f * xi - 2.0f;
            float d = s4 / (xi * xi) - 2.5f;
            d = d > 0.0f ? (d < 1.0f ? d : 1.0f) : 0.0f; /* NaN -> 0 */
            if (d > 0.0f) {
                const float gb = gk * d;
                g[k] = gk - gb;
                idx[n] = (uint32_t)k;
                pa[n] = g[k];
                pb[n] = gb;
                n++;
            }
        }
    }
    return n;
}

/* The presence gain of listed bin i in the frame spec: its gamma against
 * the current floor, capped as in the gamma rows. */
static inline float
presence_gain(const stftc_est_t* e, size_t i, const float* spec, float fl)
{
    const size_t k = e->pidx[i];
    const float re = spec[2 * k], im = spec[2 * k + 1];
    float gm = (re * re + im * im) * e->inv_noise[k] / e->level;
    gm = gm < STFTC_EST_GAMMA_CAP ? gm : STFTC_EST_GAMMA_CAP; /* NaN too */
    float h = gm * gm * e->knee;
    h = h < 1.0f ? h : 1.0f;
    const float g = e->pa[i] + e->pb[i] * h;
    return g > fl ? g : fl;
}

/* CFAR support with hysteresis and hang time, then the gain of the mask type
 * and the clamp to [floor, 1] (line bins are set to the floor afterwards,
 * sparsely). The state of a bin is one float: 0 when the support is off,
 * else 1 + the hang frames left, so that one load and one store carry it.
 * Written with float selects so that it vectorises; one copy per mask type
 * keeps the type test out of the loop. */
static inline void support_kernel(size_t b,
                                  int binary,
                                  const float* restrict mu, /* auto's gain law */
                                  const float* restrict r,  /* pooled gamma */
                                  const float* restrict ts, /* time sum */
                                  float inv_count,
                                  float on_t,
                                  float off_t,
                                  float hold,
                                  float xm,
                                  float fl,
                                  float* restrict st,
                                  float* restrict gb)
{
    for (size_t k = 0; k < b; k++) {
        const float rk = r[k], s = st[k];
        const float stay = rk > off_t ? 1.0f : 0.0f;
        const float act = rk > on_t ? 1.0f : (s > 0.5f ? stay : 0.0f);
        float down = s - 2.0f; /* hang frames left after this one */
        down = down > 0.0f ? down : 0.0f;
        const float h = act > 0.0f ? hold : down;
        const float o = h > 0.0f ? 1.0f : act;
        st[k] = o > 0.0f ? h + 1.0f : 0.0f;
        float inside;
        if (binary) {
            inside = 1.0f;
        } else {
            /* auto: a gain of the time-pooled SNR of each bin inside the
             * support (the region says where, the bin says how much):
             * xi / (xi + mu), Wiener's (mu 1) for what comes and goes, and
             * mu GAIN_MU_STEADY on the bins of steady signals, whose level
             * it keeps (Wiener's would take 1.9 dB off a signal 6 dB over
             * the noise) */
            float xi = ts[k] * inv_count - 1.0f;
            xi = xi > xm ? xi : xm;
            inside = xi / (mu[k] + xi);
            inside = inside > fl ? inside : fl;
        }
        gb[k] = o > 0.0f ? inside : fl;
    }
}

STFTC_HOT static void support_gain_auto(size_t b,
                                        const float* restrict mu,
                                        const float* restrict r,
                                        const float* restrict ts,
                                        float inv_count,
                                        float on_t,
                                        float off_t,
                                        float hold,
                                        float xm,
                                        float fl,
                                        float* restrict st,
                                        float* restrict gb)
{
    support_kernel(b, 0, mu, r, ts, inv_count, on_t, off_t, hold, xm, fl, st, gb);
}

STFTC_HOT static void support_gain_cfar(size_t b,
                                        const float* restrict mu,
                                        const float* restrict r,
                                        const float* restrict ts,
                                        float inv_count,
                                        float on_t,
                                        float off_t,
                                        float hold,
                                        float xm,
                                        float fl,
                                        float* restrict st,
                                        float* restrict gb)
{
    support_kernel(b, 1, mu, r, ts, inv_count, on_t, off_t, hold, xm, fl, st, gb);
}

STFTC_HOT static void gate_gain(size_t b,
                                const float* restrict r,
                                float lo,
                                float inv_width,
                                float fl,
                                const float* restrict lw,
                                float* restrict gb)
{
    for (size_t k = 0; k < b; k++) {
        float u = (r[k] - lo) * inv_width;
        u = u > 0.0f ? (u < 1.0f ? u : 1.0f) : 0.0f;
        const float g = fl + (1.0f - fl) * u;
        /* lw is 0 or 1: this form gives fl exactly on a line even when fl
         * is far below the rounding of g (floor_db < -140) */
        gb[k] = g * (1.0f - lw[k]) + fl * lw[k];
    }
}

STFTC_HOT static void wiener_gain(size_t b,
                                  const float* restrict gam,
                                  float a,
                                  float xm,
                                  float fl,
                                  const float* restrict lw,
                                  float* restrict g_prev,
                                  float* restrict gamma_prev,
                                  float* restrict gb)
{
    for (size_t k = 0; k < b; k++) {
        const float gm = gam[k];
        const float ml = gm - 1.0f > 0.0f ? gm - 1.0f : 0.0f;
        float xi = a * g_prev[k] * g_prev[k] * gamma_prev[k] + (1.0f - a) * ml;
        xi = xi > xm ? xi : xm;
        const float g = xi / (1.0f + xi);
        g_prev[k] = g;
        gamma_prev[k] = gm;
        const float gl = g * (1.0f - lw[k]) + fl * lw[k];
        gb[k] = gl > fl ? gl : fl;
    }
}

/* The power of plain noise for bin k: the floor times the level. */
static inline float noise_power(const stftc_est_t* e, size_t k)
{
    return e->noise[k] * e->level;
}

/* Bins of the super-frame accumulator that overflowed get acc_n + 1 times
 * the noise power (this frame included). */
static void repair_accumulator(stftc_est_t* e)
{
    for (size_t k = 0; k < e->bins; k++)
        if (!(e->acc[k] <= FLT_MAX))
            e->acc[k] = (float)(e->acc_n + 1) * noise_power(e, k);
}

/* A frame that holds a NaN or an Inf: plain noise for every state. */
static void nonfinite_frame(stftc_est_t* e, float* row, int warm)
{
    const size_t b = e->bins, t_len = e->region_t;
    float* p = e->power;
    for (size_t k = 0; k < b; k++)
        p[k] = noise_power(e, k);
    if (warm) {
        track_noise(e, p);
    } else {
        for (size_t k = 0; k < b; k++)
            e->acc[k] += p[k];
        count_frame(e);
    }
    for (size_t k = 0; k < b; k++) {
        e->part[k] += 1.0f;
        row[k] = 1.0f;
    }
    e->imp_flag[e->frames % t_len] = 0;
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

STFTC_HOT static void
sum_to_float(size_t b, const double* restrict src, float* restrict dst)
{
    for (size_t k = 0; k < b; k++)
        dst[k] = (float)src[k];
}

/* Frame t is in: the decision step ends here when output frame t - delay is
 * decided (a multiple of decide_every), and its sum replaces the oldest in
 * the window. */
static void close_step(stftc_est_t* e, uint64_t t)
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

/* The level's sample of the band: gamma at the floor (level 1) of the
 * listed bins (every LEVEL_STRIDE-th bin that no steady signal occupies). */
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

/* DC offset removal on the frame x (in place): the offset seen in the DC
 * bin joins the tracked mean, whose lobe is taken from the bins. */
static void dc_remove(stftc_est_t* e, float* x)
{
    const float re = x[2 * e->dc_bin], im = x[2 * e->dc_bin + 1];
    if (!(isfinite(re) && isfinite(im)))
        return;
    /* digital silence stays exact zeros (the floor tracker skips it) */
    size_t nz = 0;
    while (nz < 2 * e->bins && x[nz] == 0.0f)
        nz++;
    if (nz == 2 * e->bins)
        return;
    e->dc_count++;
    double a = 1.0 / (double)e->dc_count;
    a = a > e->dc_alpha ? a : e->dc_alpha;
    /* the innovation, clipped at DC_CLIP times its running RMS: a pulse or a
     * chirp through DC (tens of dB over everything else for a frame) must
     * not leave an offset that the slow mean then takes seconds to forget */
    double dr = (double)re * e->dc_w0_inv - e->dc_re,
           di = (double)im * e->dc_w0_inv - e->dc_im;
    double d2 = dr * dr + di * di;
    const double lim2 = DC_CLIP * DC_CLIP * e->dc_dev;
    if (e->dc_count > 8 && d2 > lim2) {
        const double k = sqrt(lim2 / d2);
        dr *= k;
        di *= k;
        d2 = lim2;
    }
    double ad = 1.0 / (double)e->dc_count;
    ad = ad > DC_DEV_ALPHA ? ad : DC_DEV_ALPHA;
    e->dc_dev += ad * (d2 - e->dc_dev);
    e->dc_re += a * dr;
    e->dc_im += a * di;
    const float cr = (float)e->dc_re, ci = (float)e->dc_im;
    for (size_t i = 0; i < e->dc_n_lobe; i++) {
        const size_t k = e->dc_idx[i];
        const float wr = e->dc_w[2 * i], wi = e->dc_w[2 * i + 1];
        x[2 * k] -= cr * wr - ci * wi;
        x[2 * k + 1] -= cr * wi + ci * wr;
    }
}

float* stftc_est_input_slot(stftc_est_t* e)
{
    return e->spec + (size_t)(e->frames % (e->delay + 1)) * 2 * e->bins;
}

float* stftc_est_process(stftc_est_t* e,
                         stftc_mask_type_t type,
                         const float* bins_in,
                         float* bins_out,
                         float* gain,
                         float* spare)
{
    const size_t b = e->bins, t_len = e->region_t;
    const uint64_t t = e->frames;
    float* p = e->power;

    /* 1. a-posteriori SNR of the new frame. Until the first super-frame the
     * floor must see this frame before its SNR is taken (the very first
     * frame has nothing else); afterwards the floor only moves at
     * super-frame ends, and one fused pass does it all. */
    float* row = e->keep_rows ? e->gring + (size_t)(t % t_len) * b : e->row1;
    const int warm = e->slots_filled == 0;
    /* DC removal works on the frame's copy in the look-ahead ring, which is
     * then the frame for everything below (the caller's bins stay as they
     * are) */
    if (e->dc_on && !e->bypass) {
        float* slot_in = e->spec + (size_t)(t % (e->delay + 1)) * 2 * b;
        if (slot_in != bins_in)
            memcpy(slot_in, bins_in, 2 * b * sizeof(float));
        dc_remove(e, slot_in);
        bins_in = slot_in;
    }
    /* A frame with a NaN or Inf sample has no finite bin (the FFT spreads it
     * to every bin; 0 * Inf is NaN too), so its DC bin tells. Such a frame
     * is passed through (its output is not finite, as its input) but the
     * state takes it for plain noise: the floor tracker accumulates the
     * current floor in its place and its gamma row is 1, so that nothing of
     * it stays once it has left the noise window (see stftc_mask_config_t). */
    if (!(isfinite(bins_in[0]) && isfinite(bins_in[1]))) {
        nonfinite_frame(e, row, warm);
        if (e->presence) { /* plain noise: E gamma^2 = 2 */
            for (size_t k = 0; k < b; k++)
                e->part2[k] += 2.0f;
        }
        goto output;
    }
    if (warm) {
        stftc_vec_mag2(p, bins_in, b);
        /* digital silence (exact zeros) is not noise: the floor skips it */
        float psum = 0.0f;
        for (size_t k = 0; k < b; k++)
            psum += p[k];
        if (psum != 0.0f)
            track_noise(e, p);
    }

    /* The floor of minimum statistics lags a rising noise level by up to its
     * window. A low quantile of gamma across the band (bursts occupy few
     * bins) measures the level error at once; its EMA rescales gamma. */
    /* (not while the floor is still the running mean of the first frames:
     * their SNRs are 1 by construction and say nothing of the level) */
    if (t % LEVEL_EVERY == 0 && !(warm && e->warm_runs == 0)) {
        float* sub = e->pooled;
        const size_t ns = e->n_lvl;
        level_sub(ns, e->lvl_idx, bins_in, e->inv_noise, sub);
        const float q = select_near(
            sub, ns, (size_t)(LEVEL_QUANTILE * (double)ns), e->level_q, (float*)e->ext);
        /* a quantile of exact zeros is digital silence (a recorder's idle
         * stretch), not a level: skipped */
        if (q != 0.0f) {
            e->level_q = q;
            const float unit = (float)-log(1.0 - LEVEL_QUANTILE); /* Exp(1) quantile */
            float lv = q / unit;
            lv = lv > 1e-6f ? (lv < 1e6f ? lv : 1e6f) : 1e-6f; /* NaN -> 1e-6 */
            e->level += e->level_alpha * (lv - e->level);
        }
    }
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
            repair_accumulator(e);
        if (power_sum != 0.0f) /* digital silence: not counted (acc is unchanged) */
            count_frame(e);
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
    const float mean_clipped = clipped / (float)b;
    /* broadband: raised over most of the band, and spread flat (a click); a
     * burst over a zero floor is raised everywhere too, but peaked */
    const int broadband =
        e->impulse_on && mean_clipped > e->imp_thr && peak_over_mean < CLICK_FLATNESS;
    uint8_t impulsive = 0;
    if (broadband && mean_clipped > 2.0f * e->imp_base)
        impulsive = 1;
    e->imp_base += e->imp_alpha * (mean_clipped - e->imp_base);
    if (!(e->imp_base < 10.0f))
        e->imp_base = 10.0f;
    if (impulsive) /* a click frame counts as plain noise for its neighbours */
        for (size_t k = 0; k < b; k++) {
            e->part[k] += 1.0f - row[k];
            if (e->presence)
                e->part2[k] += 2.0f - row[k] * row[k];
            row[k] = 1.0f;
        }
    e->imp_flag[t % t_len] = (uint8_t)(impulsive | (broadband ? 2 : 0));
output:;
    close_step(e, t);
    if (e->fine_on)
        stftc_fg_row(&e->fg, row);
    float* slot = e->spec + (size_t)(t % (e->delay + 1)) * 2 * b;
    if (slot != bins_in) /* else the caller's FFT wrote it there */
        memcpy(slot, bins_in, 2 * b * sizeof(float));
    e->frames++;

    /* 2. the output frame */
    if (t < e->delay) {
        if (!bins_out)
            bins_out = spare;
        memset(bins_out, 0, 2 * b * sizeof(float));
        if (gain)
            for (size_t k = 0; k < b; k++)
                gain[k] = e->floor_gain;
        return bins_out;
    }
    const uint64_t o = t - e->delay;
    /* (in place: every read of out_spec below comes before the gains are
     * applied, the last step) */
    const float* out_spec = e->spec + (size_t)(o % (e->delay + 1)) * 2 * b;
    if (!bins_out)
        bins_out = e->spec + (size_t)(o % (e->delay + 1)) * 2 * b;
    const float* grow = e->keep_rows ? e->gring + (size_t)(o % t_len) * b : NULL;
    const uint8_t out_imp = click_frame(e, o, t);
    const size_t count = e->frames < e->win_t ? (size_t)e->frames : e->win_t;
    /* gains are built where the caller wants them (else in the power
     * buffer, no longer needed) */
    float* gbuf = gain ? gain : e->power;
    const float fl = e->floor_gain;
    /* gains used as decided (no click, smoothing or bypass on top) and not
     * wanted by the caller: held frames apply the held gains in place, and
     * decisions are made straight into the held buffer (no copies) */
    /* the fine gate, where a group of the support has a strong frame (else
     * it would change nothing, and the held gains apply as they are) */
    const int fine_type = e->fine_on && type == STFTC_MASK_AUTO;
    int fine = fine_type && stftc_fg_active(&e->fg);
    const int as_decided = !gain && !out_imp && !fine && e->smooth_bins == 0 &&
                           !(e->smooth_alpha < 1.0f) && !e->bypass &&
                           e->decide_every > 1 && type != STFTC_MASK_WIENER;
    /* the hang time in decision steps */
    const float hold_steps =
        (float)((e->hang_frames + e->decide_every - 1) / e->decide_every);
    if (e->presence) {
        /* decisions go to gbase (ga) and the list (ga, gb); each frame composes
         * its gains with its presence weights */
        if (o % e->decide_every == 0) {
            const float inv_count = 1.0f / (float)count;
            box_freq(e, e->tsum, e->pooled, e->region_f / 2, inv_count);
            /* the region mean of gamma^2: for the support bins alone
             * (presence_split) when the box is narrow */
            const int sparse_m2 = e->region_f / 2 <= 4;
            if (!sparse_m2) {
                sum_to_float(b, e->tsum2, e->pooled2);
                box_freq(e, e->pooled2, e->pooled2, e->region_f / 2, inv_count);
            }
            support_gain_auto(b,
                              e->gmu,
                              e->pooled,
                              e->tsum,
                              inv_count,
                              e->eta_on,
                              e->eta_off,
                              hold_steps,
                              e->xi_min,
                              fl,
                              e->supp,
                              e->gbase);
            for (size_t i = 0; i < e->n_lines; i++) /* lines: the floor */
                e->gbase[e->line_idx[i]] = fl;
            if (fine_type) {
                stftc_fg_runs(&e->fg, e->supp);
                fine = stftc_fg_active(&e->fg);
            }
            e->n_pres = presence_split(e,
                                       b,
                                       e->pooled,
                                       sparse_m2 ? NULL : e->pooled2,
                                       inv_count,
                                       e->gbase,
                                       fl,
                                       e->pidx,
                                       e->pa,
                                       e->pb);
        }
        /* gbase holds ga, the whole gain of every unlisted bin (gb = 0) */
        if (!gain && !out_imp && !fine && e->smooth_bins == 0 &&
            !(e->smooth_alpha < 1.0f) && !e->bypass) {
            /* the listed bins' gains of this frame go to gbase: a decision
             * rewrites gbase whole and every later frame rewrites them */
            for (size_t i = 0; i < e->n_pres; i++)
                e->gbase[e->pidx[i]] = presence_gain(e, i, out_spec, fl);
            apply_gain(b, out_spec, e->gbase, bins_out);
            return bins_out;
        }
        memcpy(gbuf, e->gbase, b * sizeof(float));
        for (size_t i = 0; i < e->n_pres; i++)
            gbuf[e->pidx[i]] = presence_gain(e, i, out_spec, fl);
    } else if (as_decided && o % e->decide_every != 0) {
        apply_gain(b, out_spec, e->gbase, bins_out);
        return bins_out;
    }
    if (as_decided && !e->presence)
        gbuf = e->gbase;

    if (e->presence) {
        /* composed above */
    } else if (type == STFTC_MASK_WIENER) {
        wiener_gain(b,
                    grow,
                    e->dd_alpha,
                    e->xi_min,
                    fl,
                    e->line_w,
                    e->g_prev,
                    e->gamma_prev,
                    gbuf);
    } else if (e->decide_every > 1 && o % e->decide_every != 0) {
        memcpy(gbuf, e->gbase, b * sizeof(float)); /* held from the last decision */
    } else {
        box_freq(e, e->tsum, e->pooled, e->region_f / 2, 1.0f / (float)count);
        if (type == STFTC_MASK_GATE)
            gate_gain(b,
                      e->pooled,
                      e->gate_lo,
                      1.0f / (e->gate_hi - e->gate_lo),
                      fl,
                      e->line_w,
                      gbuf);
        else {
            (type == STFTC_MASK_CFAR ? support_gain_cfar
                                     : support_gain_auto)(b,
                                                          e->gmu,
                                                          e->pooled,
                                                          e->tsum,
                                                          1.0f / (float)count,
                                                          e->eta_on,
                                                          e->eta_off,
                                                          hold_steps,
                                                          e->xi_min,
                                                          fl,
                                                          e->supp,
                                                          gbuf);
            for (size_t i = 0; i < e->n_lines; i++) /* lines: the floor */
                gbuf[e->line_idx[i]] = fl;
            if (fine_type) {
                stftc_fg_runs(&e->fg, e->supp);
                fine = stftc_fg_active(&e->fg);
            }
        }
        if (e->decide_every > 1 && gbuf != e->gbase)
            memcpy(e->gbase, gbuf, b * sizeof(float));
    }
    if (fine)
        stftc_fg_apply(&e->fg, o, gbuf, fl);
    if (out_imp)
        for (size_t k = 0; k < b; k++)
            gbuf[k] = fl;
    if (e->smooth_bins > 0 || e->smooth_alpha < 1.0f) {
        if (e->smooth_bins > 0) {
            /* For IQ the DC bin (the LO spike, the DC offset) is handled on
             * its own: its neighbours see the mean of the bins beside it
             * instead, and it keeps its own gain. Wrapping at +-fs/2 is
             * natural in FFT order. */
            const float dc = gbuf[0];
            if (e->is_cplx && b > 2)
                gbuf[0] = 0.5f * (gbuf[1] + gbuf[b - 1]);
            box_freq(e, gbuf, gbuf, e->smooth_bins, 1.0f);
            if (e->is_cplx)
                gbuf[0] = dc;
        }
        if (e->smooth_alpha < 1.0f) {
            const float a = e->smooth_alpha;
            for (size_t k = 0; k < b; k++) {
                e->gsm[k] += a * (gbuf[k] - e->gsm[k]);
                gbuf[k] = e->gsm[k];
            }
        }
        for (size_t k = 0; k < b; k++) {
            float g = gbuf[k];
            g = g > fl ? g : fl;
            gbuf[k] = g < 1.0f ? g : 1.0f;
        }
    }
    if (e->bypass)
        for (size_t k = 0; k < b; k++)
            gbuf[k] = 1.0f;
    apply_gain(b, out_spec, gbuf, bins_out);
    return bins_out;
}

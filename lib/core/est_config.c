/* gr-stftclean C core, estimator: configuration. Sizes, thresholds and
 * the statistics of the noise under the window, resolved once from the
 * mask config and the frame geometry; allocation and reset of the state.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "est_stats.h"
#include "estimator.h"

#include <math.h>
#include <stdlib.h>
#include <stftclean/mask_fields.h>
#include <stftclean/vmath.h>
#include <string.h>

#define NOISE_WINDOW_AUTO_S 2.0
#define REGION_TIME_AUTO_S 16e-3
#define REGION_FREQ_AUTO_HZ 10e3
#define REGION_MAX 4097 /* frames or bins */
#define IMPULSE_BASE_S 5e-3
#define LEVEL_TAU_S 20e-3
#define PRESENCE_MIN_CELLS 64
#define PRESENCE_KNEE 0.25f /* full weight from gamma = 2 (3 dB) up */
#define SHORT_TIME_S 2e-3   /* the short scale's window */
#define SHORT_GAIN_Z 3.72   /* its gain's significance (1e-4) */

static int range_fail(stftc_error_t* err, const char* field, const char* range, double v)
{
    return stftc_fail(
        err, STFTC_ERR_INVALID_ARG, "%s: must be %s, got %g", field, range, v);
}

/* The sizes in frames and bins: the noise window (nw, s), the region and
 * the look-ahead (delay). */
typedef struct {
    double nw;
    size_t region_t, region_f, delay;
} est_sizes_t;

static int resolve_sizes(const stftc_mask_config_t* m,
                         const stftc_frame_geom_t* g,
                         est_sizes_t* z,
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
    z->nw = nw;
    z->region_t = region_t;
    z->region_f = region_f;
    z->delay = delay;
    return STFTC_OK;
}

/* The fields that do not size anything, and presence against the region. */
static int check_fields(const stftc_mask_config_t* m,
                        const stftc_frame_geom_t* g,
                        const est_sizes_t* z,
                        stftc_error_t* err)
{
    const double hop_s = (double)g->h / m->sample_rate,
                 bin_hz = m->sample_rate / (double)g->n;
    const size_t region_t = z->region_t, region_f = z->region_f;
    char range[160];
    /* pfa, hysteresis_db, gate_slope_db, xi_min_db, dd_alpha, presence,
     * lines, line_db, impulse, impulse_db, dc: the table's ranges */
    if (stftc_mask_fields_check(m, STFTC_MFIELD_ESTIMATOR, err) != STFTC_OK)
        return STFTC_ERR_INVALID_ARG;
    if (m->hang_time >= 0.0 && (!isfinite(m->hang_time) || m->hang_time > 60.0))
        return range_fail(err, "hang_time", "< 0 (auto) or in [0, 60] s", m->hang_time);
    if (isnan(m->hang_time))
        return range_fail(err, "hang_time", "< 0 (auto) or in [0, 60] s", m->hang_time);
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
    return STFTC_OK;
}

/* The statistics of white noise through the window: the degrees of freedom
 * of a super-frame mean and a region mean (for the CFAR level), the bias of
 * the minimum over the ring and over the warm-up's runs, and the power
 * correlations the fine gate reads. */
static int resolve_statistics(stftc_est_t* e,
                              const float* window,
                              const stftc_frame_geom_t* g,
                              stftc_error_t* err)
{
    const size_t region_f = e->region_f;
    /* effective degrees of freedom: one super-frame mean, one region mean */
    size_t nrho = (e->sf_len > e->win_t ? e->sf_len : e->win_t) + 1;
    const size_t lags = g->l / g->h + 1; /* rho_time is 0 from here on */
    if (nrho > lags + 1)
        nrho = lags + 1;
    if (nrho < STFTC_EST_WARM_LEN)
        nrho = STFTC_EST_WARM_LEN;
    double* rho = malloc((nrho > region_f ? nrho : region_f + 1) * sizeof *rho);
    if (!rho)
        return stftc_fail(err, STFTC_ERR_NOMEM, "mask: cannot allocate");
    for (size_t j = 0; j < nrho; j++)
        rho[j] = stftc_rho_time(window, g->l, g->h, j);
    const double dof_sf = (double)e->sf_len / stftc_box_inflation(rho, nrho, e->sf_len);
    e->c_t1 = stftc_box_inflation(rho, nrho, e->win_t);
    if (e->short_on) {
        /* one bin's mean over the short window and over its centre step:
         * the noise's 1e-4 quantile (z = 3.72) */
        const size_t fs = e->short_steps * e->decide_every, fc = e->decide_every;
        e->c_ts1 = stftc_box_inflation(rho, nrho, fs);
        e->xs_min =
            (float)(stftc_gamma_mean_quantile((double)fs / e->c_ts1, SHORT_GAIN_Z) - 1.0);
        e->xc_min =
            (float)(stftc_gamma_mean_quantile(
                        (double)fc / stftc_box_inflation(rho, nrho, fc), SHORT_GAIN_Z) -
                    1.0);
    }
    double rho_t_copy[STFTC_EST_WARM_LEN];
    for (size_t j = 0; j < STFTC_EST_WARM_LEN; j++)
        rho_t_copy[j] = j < nrho ? rho[j] : 0.0;
    for (size_t j = 0; j <= region_f; j++)
        rho[j] = stftc_rho_freq(window, g->l, g->n, j);
    e->c_f1 = stftc_box_inflation(rho, region_f + 1, region_f);
    free(rho);
    /* the fine gate: auto with a region of 16 frames or more (RF) */
    if (e->fine_on) {
        double rho_t[STFTC_FG_LAGS], rho_f[STFTC_FG_LAGS];
        for (size_t j = 0; j < STFTC_FG_LAGS; j++) {
            rho_t[j] = stftc_rho_time(window, g->l, g->h, j);
            rho_f[j] = stftc_rho_freq(window, g->l, g->n, j);
        }
        stftc_fg_setup(&e->fg,
                       e->bins,
                       e->region_t,
                       e->delay,
                       (g->l + g->h - 1) / g->h, /* one window length */
                       e->is_cplx,
                       rho_t,
                       rho_f);
    }
    for (int k = 0; k <= STFTC_EST_SLOTS; k++)
        e->bias[k] = 1.0 / stftc_expected_min(dof_sf, k);
    /* runs of at least STFTC_EST_WARM_LEN frames, at most STFTC_EST_WARM_RUNS of them
     * in the first super-frame, each with its bias for the minimum so far */
    e->warm_len = (e->sf_len + STFTC_EST_WARM_RUNS - 1) / STFTC_EST_WARM_RUNS;
    if (e->warm_len < STFTC_EST_WARM_LEN)
        e->warm_len = STFTC_EST_WARM_LEN;
    const double dof_warm =
        (double)STFTC_EST_WARM_LEN /
        stftc_box_inflation(rho_t_copy, STFTC_EST_WARM_LEN, STFTC_EST_WARM_LEN) *
        (double)e->warm_len / (double)STFTC_EST_WARM_LEN;
    for (int k = 0; k <= STFTC_EST_WARM_RUNS; k++)
        e->warm_bias[k] = 1.0 / stftc_expected_min(dof_warm, k);
    return STFTC_OK;
}

int stftc_est_resolve(stftc_est_t* e,
                      const stftc_mask_config_t* m,
                      const stftc_frame_geom_t* g,
                      const float* window,
                      stftc_error_t* err)
{
    est_sizes_t z = { 0 };
    int rc = resolve_sizes(m, g, &z, err);
    if (rc == STFTC_OK)
        rc = check_fields(m, g, &z, err);
    if (rc != STFTC_OK || !e)
        return rc;
    const double hop_s = (double)g->h / m->sample_rate;
    const size_t region_t = z.region_t, region_f = z.region_f;

    memset(e, 0, sizeof *e);
    e->bins = g->bins;
    e->n = g->n;
    e->hop = g->h;
    e->is_cplx = g->is_cplx;
    e->fs = m->sample_rate;
    e->hop_s = hop_s;
    e->bin_hz = m->sample_rate / (double)g->n;
    size_t sf = (size_t)floor(z.nw / hop_s / STFTC_EST_SLOTS + 0.5);
    e->sf_len = sf < 1 ? 1 : sf;
    e->region_t = region_t;
    e->region_f = region_f;
    /* With a long region (RF: 16 ms is 125 hops at 2 MS/s) the pooled
     * statistics move by under 1 % per frame: the support and its gains are
     * decided every region/16 frames (every other frame from 16 frames;
     * 7 at 2 MS/s, i.e. every 0.9 ms) and held in between, which divides
     * their cost by as much. The quality table does not move (SI-SDR within
     * 0.1 dB on scenarios a-d, deciding every 2, 4, 7, 8 or 10 frames; at 15
     * a -5 dB burst of scenario d began to split). Short regions (audio)
     * decide every frame. */
    e->decide_every = region_t >= 16 ? (region_t >= 48 ? region_t / 16 : 2) : 1;
    /* the time sum is kept in whole decision steps (see stftc_est_t): the
     * window is the region rounded up to them (126 frames for 125 at
     * 2 MS/s), and the CFAR level below is computed for
     * that window */
    e->n_blocks = (region_t + e->decide_every - 1) / e->decide_every;
    e->win_t = e->n_blocks * e->decide_every;
    /* the short scale: about SHORT_TIME_S in whole steps (odd, so that it
     * centres on the step of the output frame), where that is well under
     * the region */
    size_t ss = (size_t)floor(SHORT_TIME_S / (hop_s * (double)e->decide_every) + 0.5);
    ss |= 1;
    e->short_steps = ss;
    e->short_on = m->type == STFTC_MASK_AUTO && region_t >= 16 && 3 * ss <= e->n_blocks;
    e->keep_rows = m->type == STFTC_MASK_WIENER;
    /* the fourth moment needs many cells to be read (RF: 125 x 5) */
    e->presence = m->type == STFTC_MASK_AUTO && m->presence != 0 &&
                  region_t * region_f >= PRESENCE_MIN_CELLS;
    e->knee = PRESENCE_KNEE;
    e->delay = z.delay;
    stftc_est_dc_init(e, window, g);
    /* a click of up to 0.5 ms touches the frames its windows overlap */
    e->max_click = (g->l + g->h - 1) / g->h + 1 + (size_t)ceil(0.5e-3 / hop_s);
    /* the fine gate: auto with a region of 16 frames or more (RF) */
    e->fine_on = m->type == STFTC_MASK_AUTO && region_t >= 16;
    rc = resolve_statistics(e, window, g, err);
    if (rc != STFTC_OK)
        return rc;
    stftc_est_update(e, m);
    return STFTC_OK;
}

void stftc_est_update(stftc_est_t* e, const stftc_mask_config_t* m)
{
    /* CFAR level for a region mean of T x F cells with dof reduced by the
     * window's correlation: Wilson-Hilferty quantile of Gamma(a)/a */
    const double a = (double)(e->win_t * e->region_f) / (e->c_t1 * e->c_f1);
    const double normal_z = stftc_normal_upper_quantile(m->pfa);
    double eta = stftc_gamma_mean_quantile(a, normal_z);
    if (eta < 1.0 + 1e-3)
        eta = 1.0 + 1e-3;
    e->eta_on = (float)eta;
    e->eta_off = (float)(1.0 + (eta - 1.0) * pow(10.0, -m->hysteresis_db / 10.0));
    if (e->short_on) {
        const double as = (double)(e->short_steps * e->decide_every * e->region_f) /
                          (e->c_ts1 * e->c_f1);
        double es = stftc_gamma_mean_quantile(as, normal_z);
        if (es < 1.0 + 1e-3)
            es = 1.0 + 1e-3;
        e->eta_s_on = (float)es;
        e->eta_s_off = (float)(1.0 + (es - 1.0) * pow(10.0, -m->hysteresis_db / 10.0));
    }
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
    tau = LEVEL_TAU_S / (e->hop_s * STFTC_EST_LEVEL_EVERY); /* in updates */
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
    if (e->fine_on && stftc_fg_alloc(&e->fg) != 0) {
        stftc_est_free(e);
        return stftc_fail(err, STFTC_ERR_NOMEM, "mask: cannot allocate estimator state");
    }
    if (e->short_on) {
        e->ssum = stftc_alloc(b * sizeof(float));
        e->spooled = stftc_alloc(b * sizeof(float));
        e->supp_s = stftc_alloc(b * sizeof(float));
        if (!e->ssum || !e->spooled || !e->supp_s) {
            stftc_est_free(e);
            return stftc_fail(
                err, STFTC_ERR_NOMEM, "mask: cannot allocate estimator state");
        }
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
    float** fl[] = {
        &e->warm_acc, &e->warm_min, &e->run_snap,   &e->run_min, &e->line_w, &e->acc,
        &e->slots,    &e->noise,    &e->inv_noise,  &e->gring,   &e->tsum,   &e->ext,
        &e->pooled,   &e->g_prev,   &e->gamma_prev, &e->spec,    &e->power,  &e->gsm,
        &e->part,     &e->pring,    &e->row1,       &e->part2,   &e->pring2, &e->pooled2,
        &e->pa,       &e->pb,       &e->ssum,       &e->spooled, &e->supp_s
    };
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
    if (e->short_on)
        memset(e->supp_s, 0, b * sizeof(float));
    if (e->presence) {
        memset(e->part2, 0, b * sizeof(float));
        memset(e->pring2, 0, e->n_blocks * b * sizeof(float));
        memset(e->tsum2, 0, b * sizeof(double));
        e->n_pres = 0;
    }
    memset(e->spec, 0, (e->delay + 1) * 2 * b * sizeof(float));
    e->imp_base = 1.0f;
    e->frames = 0;
    e->next_huge = 0;
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
    stftc_est_finish_floor(e);
    e->dc_re = e->dc_im = 0.0;
    e->dc_dev = 0.0;
    e->dc_count = 0;
    e->level = 1.0f;
    e->level_q = 0.0f;
    stftc_est_rewind(e);
}

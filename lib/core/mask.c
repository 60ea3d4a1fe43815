/* gr-stftclean C core: per-frame mask stage with pluggable estimators.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each estimator is a row of mask_ops[]: a config check, a compute function
 * and optional reset/update hooks. A new estimator adds its fields to
 * stftc_mask_config_t, a type to stftc_mask_type_t and a row here; the
 * cleaner and the blocks need no change. */
#include "estimator.h"
#include "internal.h"
#include "select.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stftclean/mask.h>
#include <stftclean/mask_fields.h>
#include <stftclean/vmath.h>
#include <string.h>


struct stftc_mask;

typedef struct {
    /* extra checks of this type's fields */
    int (*check)(const stftc_mask_config_t* m,
                 const stftc_frame_geom_t* g,
                 stftc_error_t* err);
    void (*compute)(struct stftc_mask* m,
                    const float* bins,
                    const float* power,
                    float* gain);
    int stateful; /* runs through the estimator front end (estimator.c) */
} mask_ops_t;

struct stftc_mask {
    stftc_mask_config_t cfg;
    stftc_frame_geom_t g;
    const mask_ops_t* ops;
    float floor_gain; /* 10^(floor_db/20) */
    float thr_factor; /* 10^(threshold_db/10) */
    float* scratch;   /* bins floats, for order statistics */
    float* band_gain; /* bins floats, static band mask */
    float* power;     /* bins floats, scratch of the stateless process() */
    float* gain_tmp;  /* bins floats, gains when the caller wants none */
    int stateful;
    stftc_est_t est; /* stateful estimators only */
};


/* numpy.median: the mean of the two middle values for an even count */
static float median_of(float* scratch, const float* v, size_t n)
{
    const float upper = stftc_select_kth(v, n, n / 2, scratch);
    if (n % 2)
        return upper;
    return 0.5f * (stftc_select_kth(v, n, n / 2 - 1, scratch) + upper);
}

/* ------------------------------------------------------------------ */

static void
compute_none(struct stftc_mask* m, const float* bins, const float* power, float* gain)
{
    (void)bins;
    (void)power;
    for (size_t i = 0; i < m->g.bins; i++)
        gain[i] = 1.0f;
}

static void compute_threshold(struct stftc_mask* m,
                              const float* bins,
                              const float* power,
                              float* gain)
{
    (void)bins;
    const size_t n = m->g.bins;
    const float level = median_of(m->scratch, power, n) * m->thr_factor;
    const float fl = m->floor_gain;
    for (size_t i = 0; i < n; i++)
        gain[i] = power[i] >= level ? 1.0f : fl;
}

static void
compute_band(struct stftc_mask* m, const float* bins, const float* power, float* gain)
{
    (void)bins;
    (void)power;
    memcpy(gain, m->band_gain, m->g.bins * sizeof(float));
}

static int check_bands(const double* bands,
                       size_t nbands,
                       const stftc_frame_geom_t* g,
                       double fs,
                       int required,
                       stftc_error_t* err)
{
    if (nbands > STFTC_MASK_MAX_BANDS || (required && nbands == 0))
        return stftc_fail(
            err,
            STFTC_ERR_INVALID_ARG,
            "bands: need 1 to %d frequency ranges (lo, hi pairs in Hz), got %zu",
            STFTC_MASK_MAX_BANDS,
            nbands);
    const double lo_lim = g->is_cplx ? -fs / 2 : 0.0, hi_lim = fs / 2;
    for (size_t b = 0; b < nbands; b++) {
        const double lo = bands[2 * b], hi = bands[2 * b + 1];
        if (!isfinite(lo) || !isfinite(hi) || !(lo < hi) || lo < lo_lim || hi > hi_lim)
            return stftc_fail(
                err,
                STFTC_ERR_INVALID_ARG,
                "bands: range %zu [%g, %g] Hz must have lo < hi within [%g, %g] "
                "Hz (%s at sample_rate %g)",
                b,
                lo,
                hi,
                lo_lim,
                hi_lim,
                g->is_cplx ? "relative to the centre" : "real input",
                fs);
    }
    return STFTC_OK;
}

static int check_band_type(const stftc_mask_config_t* m,
                           const stftc_frame_geom_t* g,
                           stftc_error_t* err)
{
    return check_bands(m->bands, m->nbands, g, m->sample_rate, 1, err);
}

static int check_estimator(const stftc_mask_config_t* m,
                           const stftc_frame_geom_t* g,
                           stftc_error_t* err)
{
    return stftc_est_resolve(NULL, m, g, NULL, err);
}

static const mask_ops_t mask_ops[] = {
    [STFTC_MASK_NONE] = { NULL, compute_none, 0 },
    [STFTC_MASK_THRESHOLD] = { NULL, compute_threshold, 0 },
    [STFTC_MASK_BAND] = { check_band_type, compute_band, 0 },
    /* the stateful estimators compute through stftc_mask_process(); their
     * stateless compute() is the pass-through */
    [STFTC_MASK_GATE] = { check_estimator, compute_none, 1 },
    [STFTC_MASK_WIENER] = { check_estimator, compute_none, 1 },
    [STFTC_MASK_CFAR] = { check_estimator, compute_none, 1 },
    [STFTC_MASK_AUTO] = { check_estimator, compute_none, 1 },
};
#define N_MASK_TYPES (sizeof mask_ops / sizeof mask_ops[0])

/* ------------------------------------------------------------------ */

stftc_mask_config_t stftc_mask_config_default(void)
{
    stftc_mask_config_t c;
    memset(&c, 0, sizeof c);
    c.type = STFTC_MASK_NONE;
    c.sample_rate = 1.0;
    c.threshold_db = 6.0;
    c.floor_db = -60.0;
    c.nbands = 0;
    c.band_reject = 0;
    c.noise_window = 0.0;
    c.region_time = 0.0;
    c.region_freq = 0.0;
    c.lookahead = -1.0;
    c.presence = -1;
    c.pfa = 1e-8;
    c.hysteresis_db = 3.0;
    c.hang_time = -1.0;
    c.gate_slope_db = 6.0;
    c.xi_min_db = -15.0;
    c.dd_alpha = 0.98;
    c.lines = -1;
    c.line_db = 10.0;
    c.impulse = -1;
    c.impulse_db = 5.0;
    c.smooth_time = 0.0;
    c.smooth_freq = 0.0;
    c.bypass = 0;
    c.dc = -1;
    return c;
}

static int check_common(const stftc_mask_config_t* m,
                        const stftc_frame_geom_t* g,
                        stftc_error_t* err)
{
    if ((size_t)m->type >= N_MASK_TYPES)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "mask: unknown mask type %d (allowed: none, threshold, band, "
                          "gate, wiener, cfar, auto)",
                          (int)m->type);
    if (stftc_check_sample_rate(m->sample_rate, err) != STFTC_OK)
        return STFTC_ERR_INVALID_ARG;
    /* threshold_db, floor_db, band_reject, bypass: the table's ranges */
    if (stftc_mask_fields_check(m, STFTC_MFIELD_ALL, err) != STFTC_OK)
        return STFTC_ERR_INVALID_ARG;
    int rc = check_bands(m->bands, m->nbands, g, m->sample_rate, 0, err);
    if (rc != STFTC_OK)
        return rc;
    if (mask_ops[m->type].check)
        return mask_ops[m->type].check(m, g, err);
    return STFTC_OK;
}

int stftc_mask_config_check(const stftc_mask_config_t* mcfg,
                            const stftc_stft_config_t* scfg,
                            stftc_error_t* err)
{
    if (!mcfg)
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "mask: NULL configuration");
    stftc_frame_geom_t g;
    int rc = stftc_geom_init(scfg, &g, NULL, NULL, err);
    if (rc != STFTC_OK)
        return rc;
    rc = check_common(mcfg, &g, err);
    if (rc == STFTC_OK)
        stftc_ok(err);
    return rc;
}

double stftc_mask_bin_hz(const stftc_mask_t* m, size_t i)
{
    const size_t n = m->g.n;
    const double fs = m->cfg.sample_rate;
    if (!m->g.is_cplx)
        return (double)i * fs / (double)n;
    const size_t k = m->g.centered ? (i + n - n / 2) % n : i;
    return k < (n + 1) / 2 ? (double)k * fs / (double)n
                           : ((double)k - (double)n) * fs / (double)n;
}

static void update_derived(stftc_mask_t* m)
{
    if (m->stateful)
        stftc_est_update(&m->est, &m->cfg);
    m->floor_gain = (float)pow(10.0, m->cfg.floor_db / 20.0);
    m->thr_factor = (float)pow(10.0, m->cfg.threshold_db / 10.0);
    const int reject = m->cfg.band_reject;
    for (size_t i = 0; i < m->g.bins; i++) {
        const double f = stftc_mask_bin_hz(m, i);
        int inside = 0;
        for (size_t b = 0; b < m->cfg.nbands && !inside; b++)
            inside = f >= m->cfg.bands[2 * b] && f <= m->cfg.bands[2 * b + 1];
        m->band_gain[i] = (inside != reject) ? 1.0f : m->floor_gain;
    }
}

static stftc_mask_t* mask_create_body(const stftc_mask_config_t* mcfg,
                                      const stftc_stft_config_t* scfg,
                                      stftc_error_t* err)
{
    if (stftc_mask_config_check(mcfg, scfg, err) != STFTC_OK)
        return NULL;
    stftc_mask_t* m = calloc(1, sizeof *m);
    if (!m) {
        stftc_fail(err, STFTC_ERR_NOMEM, "mask: cannot allocate the object");
        return NULL;
    }
    stftc_geom_init(scfg, &m->g, NULL, NULL, NULL);
    m->cfg = *mcfg;
    m->ops = &mask_ops[mcfg->type];
    m->stateful = m->ops->stateful;
    m->scratch = stftc_alloc(m->g.bins * sizeof(float));
    m->band_gain = stftc_alloc(m->g.bins * sizeof(float));
    m->power = stftc_alloc(m->g.bins * sizeof(float));
    m->gain_tmp = stftc_alloc(m->g.bins * sizeof(float));
    if (!m->scratch || !m->band_gain || !m->power || !m->gain_tmp) {
        m->stateful = 0;
        stftc_mask_destroy(m);
        stftc_fail(err, STFTC_ERR_NOMEM, "fft_size: cannot allocate mask buffers");
        return NULL;
    }
    if (m->stateful) {
        float* win = stftc_alloc(m->g.l * sizeof(float));
        int rc = win ? STFTC_OK : STFTC_ERR_NOMEM;
        if (rc == STFTC_OK)
            rc = stftc_geom_init(scfg, NULL, win, NULL, err);
        if (rc == STFTC_OK)
            rc = stftc_est_resolve(&m->est, mcfg, &m->g, win, err);
        stftc_free(win);
        if (rc == STFTC_OK)
            rc = stftc_est_alloc(&m->est, err);
        if (rc != STFTC_OK) {
            if (rc == STFTC_ERR_NOMEM)
                stftc_fail(err, rc, "mask: cannot allocate estimator state");
            m->stateful = 0;
            stftc_mask_destroy(m);
            return NULL;
        }
    }
    update_derived(m);
    stftc_ok(err);
    return m;
}

void stftc_mask_destroy(stftc_mask_t* m)
{
    if (!m)
        return;
    stftc_free(m->scratch);
    stftc_free(m->band_gain);
    stftc_free(m->power);
    stftc_free(m->gain_tmp);
    if (m->stateful)
        stftc_est_free(&m->est);
    free(m);
}

void stftc_mask_reset(stftc_mask_t* m)
{
    if (m->stateful)
        stftc_est_reset(&m->est);
}

void stftc_mask_rewind(stftc_mask_t* m)
{
    if (m->stateful)
        stftc_est_rewind(&m->est);
}

size_t stftc_mask_delay(const stftc_mask_t* m) { return m->stateful ? m->est.delay : 0; }

float* stftc_mask_input_slot(stftc_mask_t* m)
{
    return m->stateful ? stftc_est_input_slot(&m->est) : NULL;
}

void stftc_mask_note_huge(stftc_mask_t* m)
{
    if (m->stateful)
        m->est.next_huge = 1;
}

float* stftc_mask_process_slot(stftc_mask_t* m, float* gain, float* spare)
{
    return stftc_est_process(
        &m->est, m->cfg.type, stftc_est_input_slot(&m->est), NULL, gain, spare);
}

void stftc_mask_process(stftc_mask_t* m,
                        const float* bins_in,
                        float* bins_out,
                        float* gain)
{
    if (m->stateful) {
        stftc_est_process(&m->est, m->cfg.type, bins_in, bins_out, gain, NULL);
        return;
    }
    float* g = gain ? gain : m->gain_tmp;
    stftc_vec_mag2(m->power, bins_in, m->g.bins);
    m->ops->compute(m, bins_in, m->power, g);
    if (m->cfg.bypass)
        for (size_t i = 0; i < m->g.bins; i++)
            g[i] = 1.0f;
    stftc_vec_cmul_real(bins_out, bins_in, g, m->g.bins);
}

int stftc_mask_get_noise_floor(const stftc_mask_t* m, float* out)
{
    if (!m->stateful || !out)
        return STFTC_ERR_INVALID_ARG;
    for (size_t k = 0; k < m->g.bins; k++)
        out[k] = m->est.noise[k] * m->est.level;
    return STFTC_OK;
}

void stftc_mask_apply_external(stftc_mask_t* m,
                               const float* bins_in,
                               const float* gain,
                               float* bins_out)
{
    const size_t b = m->g.bins;
    if (m->cfg.bypass) {
        memcpy(bins_out, bins_in, 2 * b * sizeof(float));
        return;
    }
    const float fl = (float)pow(10.0, m->cfg.floor_db / 20.0);
    for (size_t i = 0; i < b; i++) {
        float g = gain[i];
        g = g > fl ? g : fl; /* NaN -> floor */
        g = g < 1.0f ? g : 1.0f;
        bins_out[2 * i] = bins_in[2 * i] * g;
        bins_out[2 * i + 1] = bins_in[2 * i + 1] * g;
    }
}

int stftc_mask_set_config(stftc_mask_t* m,
                          const stftc_mask_config_t* next,
                          stftc_error_t* err)
{
    if (!next)
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "mask: NULL configuration");
    const stftc_mask_config_t* c = &m->cfg;
    const char* fixed = NULL;
    if (next->type != c->type)
        fixed = "mask";
    else if (next->sample_rate != c->sample_rate)
        fixed = "sample_rate";
    else if (next->noise_window != c->noise_window)
        fixed = "noise_window";
    else if (next->region_time != c->region_time)
        fixed = "region_time";
    else if (next->region_freq != c->region_freq)
        fixed = "region_freq";
    else if (next->lookahead != c->lookahead)
        fixed = "lookahead";
    else if (next->presence != c->presence)
        fixed = "presence";
    if (fixed)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "%s: can only be set at construction time",
                          fixed);
    int rc = check_common(next, &m->g, err);
    if (rc != STFTC_OK)
        return rc;
    m->cfg = *next;
    update_derived(m);
    stftc_ok(err);
    return STFTC_OK;
}

const stftc_mask_config_t* stftc_mask_config(const stftc_mask_t* m) { return &m->cfg; }
size_t stftc_mask_bins(const stftc_mask_t* m) { return m->g.bins; }

void stftc_mask_compute(stftc_mask_t* m,
                        const float* bins,
                        const float* power,
                        float* gain)
{
    m->ops->compute(m, bins, power, gain);
    if (m->cfg.bypass) /* as in process() */
        for (size_t i = 0; i < m->g.bins; i++)
            gain[i] = 1.0f;
}

int stftc_mask_set_threshold_db(stftc_mask_t* m, double db, stftc_error_t* err)
{
    stftc_mask_config_t c = m->cfg;
    c.threshold_db = db;
    int rc = check_common(&c, &m->g, err);
    if (rc != STFTC_OK)
        return rc;
    m->cfg = c;
    update_derived(m);
    stftc_ok(err);
    return STFTC_OK;
}

int stftc_mask_set_floor_db(stftc_mask_t* m, double db, stftc_error_t* err)
{
    stftc_mask_config_t c = m->cfg;
    c.floor_db = db;
    int rc = check_common(&c, &m->g, err);
    if (rc != STFTC_OK)
        return rc;
    m->cfg = c;
    update_derived(m);
    stftc_ok(err);
    return STFTC_OK;
}

int stftc_mask_set_bands(
    stftc_mask_t* m, const double* bands, size_t nbands, int reject, stftc_error_t* err)
{
    if (nbands > STFTC_MASK_MAX_BANDS || (nbands && !bands))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "bands: need 0 to %d frequency ranges, got %zu",
                          STFTC_MASK_MAX_BANDS,
                          nbands);
    stftc_mask_config_t c = m->cfg;
    c.nbands = nbands;
    if (nbands)
        memcpy(c.bands, bands, 2 * nbands * sizeof(double));
    c.band_reject = reject;
    int rc = check_common(&c, &m->g, err);
    if (rc != STFTC_OK)
        return rc;
    m->cfg = c;
    update_derived(m);
    stftc_ok(err);
    return STFTC_OK;
}

/* the body above, within the memory budget (stftc_set_memory_budget) */
stftc_mask_t* stftc_mask_create(const stftc_mask_config_t* mcfg,
                                const stftc_stft_config_t* scfg,
                                stftc_error_t* err)
{
    stftc_budget_begin();
    return stftc_budget_end(mask_create_body(mcfg, scfg, err), err);
}

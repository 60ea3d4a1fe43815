/* gr-stftclean C core: per-frame spectral features and cepstra.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Definitions are in include/stftclean/features.h. Sums run in double; the
 * filterbank is stored as one contiguous run of weights per filter. */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stftclean/features.h>
#include <stftclean/vmath.h>
#include <string.h>

#define FEAT_TINY 1e-30
#define CEPS_LOG_FLOOR 1e-20
#define MAX_FILTERS 1024
#define MAX_DELTA_WIDTH 16

static const char* const scalar_names[STFTC_FEATURES_NSCALAR] = {
    "energy_db",  "centroid_hz", "spread_hz", "skewness", "kurtosis",       "flatness",
    "rolloff_hz", "flux",        "entropy",   "peak_hz",  "peak_to_avg_db", "obw_hz"
};

struct stftc_features {
    stftc_features_config_t cfg;
    size_t nbins, count, nceps, delay, w;
    size_t* order;  /* ascending bin j -> input index */
    double* freq;   /* ascending bin j -> Hz relative to the centre */
    float* asc;     /* scratch: power in ascending order */
    double* prev_p; /* previous normalised spectrum (flux) */
    int have_prev;
    /* cepstra */
    float* fb;     /* n_filters x nbins weights */
    size_t* fb_lo; /* first non-zero bin of each filter */
    size_t* fb_hi; /* one past the last */
    double* dct;   /* nceps x n_filters */
    double* lift;  /* nceps */
    double* logE;  /* n_filters scratch */
    /* deltas */
    float* base;       /* (delay + 1) x (12 + nceps): scalars and cepstra */
    float* cwin;       /* (2w+1) x nceps: c_{t-2w} .. c_t */
    float* dwin;       /* (2w+1) x nceps: d_{u-2w} .. d_u, u = t - w */
    float* ctmp;       /* nceps */
    float* last_power; /* bins: the last frame, replicated by flush */
    size_t t;          /* frames fed (real and virtual) */
    size_t t_real;     /* real frames fed */
    size_t n_out;      /* vectors written */
    char (*names)[STFTC_FEATURES_NAME_LEN];
};

stftc_features_config_t stftc_features_config_default(void)
{
    stftc_features_config_t c;
    memset(&c, 0, sizeof c);
    c.fft_size = 1024;
    c.sample_type = STFTC_COMPLEX;
    c.centered = 0;
    c.sample_rate = 1.0;
    c.center_freq = 0.0;
    c.rolloff = 0.85;
    c.obw = 0.99;
    c.cepstrum = STFTC_CEPS_NONE;
    c.mel_scale = STFTC_MEL_HTK;
    c.n_filters = 40;
    c.n_ceps = 13;
    c.fmin = 0.0;
    c.fmax = 0.0;
    c.lifter = 0.0;
    c.deltas = 0;
    c.delta_width = 2;
    return c;
}

int stftc_features_parse_cepstrum(const char* text, stftc_ceps_t* out, stftc_error_t* err)
{
    static const char* const names[] = { "none", "mfcc", "lfcc" };
    static const int values[] = { STFTC_CEPS_NONE, STFTC_CEPS_MFCC, STFTC_CEPS_LFCC };
    int v = 0;
    int rc = stftc_parse_choice("cepstrum", text, names, values, 3, &v, err);
    if (rc == STFTC_OK)
        *out = (stftc_ceps_t)v;
    return rc;
}

int stftc_features_parse_mel_scale(const char* text,
                                   stftc_mel_scale_t* out,
                                   stftc_error_t* err)
{
    static const char* const names[] = { "htk", "slaney" };
    static const int values[] = { STFTC_MEL_HTK, STFTC_MEL_SLANEY };
    int v = 0;
    int rc = stftc_parse_choice("mel_scale", text, names, values, 2, &v, err);
    if (rc == STFTC_OK)
        *out = (stftc_mel_scale_t)v;
    return rc;
}

static size_t bins_of(const stftc_features_config_t* c)
{
    return c->sample_type == STFTC_REAL ? c->fft_size / 2 + 1 : c->fft_size;
}

static void band_of(const stftc_features_config_t* c, double* lo, double* hi)
{
    if (c->fmin == 0.0 && c->fmax == 0.0) {
        *lo = c->sample_type == STFTC_REAL ? 0.0 : -c->sample_rate / 2;
        *hi = c->sample_rate / 2;
    } else {
        *lo = c->fmin;
        *hi = c->fmax;
    }
}

int stftc_features_config_check(const stftc_features_config_t* c, stftc_error_t* err)
{
    if (!c)
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "config: NULL");
    if (c->fft_size < 4 || c->fft_size > STFTC_MAX_FFT_SIZE)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "fft_size: must be 4..%zu, got %zu",
                          (size_t)STFTC_MAX_FFT_SIZE,
                          c->fft_size);
    if (c->sample_type != STFTC_COMPLEX && c->sample_type != STFTC_REAL)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "sample_type: must be complex (0) or real (1), got %d",
                          (int)c->sample_type);
    if (c->centered != 0 && c->centered != 1)
        return stftc_fail(
            err, STFTC_ERR_INVALID_ARG, "centered: must be 0 or 1, got %d", c->centered);
    if (c->centered && c->sample_type == STFTC_REAL)
        return stftc_fail(
            err,
            STFTC_ERR_INVALID_ARG,
            "centered: DC-centred bin order applies to complex spectra only");
    if (stftc_check_sample_rate(c->sample_rate, err) != STFTC_OK)
        return STFTC_ERR_INVALID_ARG;
    /* bounded so that every frequency feature fits a float */
    if (!(fabs(c->center_freq) <= 1e15))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "center_freq: must be a frequency within +-1e15 Hz, got %g",
                          c->center_freq);
    if (!(c->rolloff > 0.0 && c->rolloff < 1.0))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "rolloff: must be a fraction in (0, 1), got %g",
                          c->rolloff);
    if (!(c->obw > 0.0 && c->obw < 1.0))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "obw: must be a fraction in (0, 1), got %g",
                          c->obw);
    if (c->cepstrum != STFTC_CEPS_NONE && c->cepstrum != STFTC_CEPS_MFCC &&
        c->cepstrum != STFTC_CEPS_LFCC)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "cepstrum: must be none (0), mfcc (1) or lfcc (2), got %d",
                          (int)c->cepstrum);
    if (c->deltas < 0 || c->deltas > 2)
        return stftc_fail(
            err, STFTC_ERR_INVALID_ARG, "deltas: must be 0, 1 or 2, got %d", c->deltas);
    /* checked even when unused (no cepstrum), so a NaN never hides in a
     * configuration that is later switched to cepstra */
    if (!isfinite(c->fmin) || !isfinite(c->fmax))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "fmin/fmax: must be finite frequencies in Hz (both 0 for the "
                          "whole band), got %g and %g",
                          c->fmin,
                          c->fmax);
    if (!(c->lifter == 0.0 || (c->lifter >= 1.0 && isfinite(c->lifter))))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "lifter: must be 0 (off) or >= 1, got %g",
                          c->lifter);
    if (c->cepstrum == STFTC_CEPS_NONE) {
        if (c->deltas != 0)
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "deltas: apply to cepstra; set cepstrum to mfcc or lfcc "
                              "or deltas to 0");
        stftc_ok(err);
        return STFTC_OK;
    }
    if (c->cepstrum == STFTC_CEPS_MFCC && c->sample_type != STFTC_REAL)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "cepstrum: mfcc needs real (one-sided) spectra; use lfcc "
                          "for IQ, where a mel scale means nothing");
    if (c->mel_scale != STFTC_MEL_HTK && c->mel_scale != STFTC_MEL_SLANEY)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "mel_scale: must be htk (0) or slaney (1), got %d",
                          (int)c->mel_scale);
    if (c->n_filters < 2 || c->n_filters > MAX_FILTERS)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "n_filters: must be 2..%d, got %zu",
                          MAX_FILTERS,
                          c->n_filters);
    if (c->n_ceps < 1 || c->n_ceps > c->n_filters)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "n_ceps: must be 1..n_filters (%zu), got %zu",
                          c->n_filters,
                          c->n_ceps);
    double lo, hi;
    band_of(c, &lo, &hi);
    const double edge_lo = c->sample_type == STFTC_REAL ? 0.0 : -c->sample_rate / 2;
    if (!isfinite(lo) || !isfinite(hi) || lo < edge_lo || hi > c->sample_rate / 2 ||
        !(lo < hi))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "fmin/fmax: need %g <= fmin < fmax <= %g Hz (or both 0 for "
                          "the whole band), got %g and %g",
                          edge_lo,
                          c->sample_rate / 2,
                          c->fmin,
                          c->fmax);
    if (c->cepstrum == STFTC_CEPS_MFCC && lo < 0.0)
        return stftc_fail(
            err, STFTC_ERR_INVALID_ARG, "fmin: must be >= 0 for mfcc, got %g", lo);
    if (c->deltas && (c->delta_width < 1 || c->delta_width > MAX_DELTA_WIDTH))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "delta_width: must be 1..%d frames, got %zu",
                          MAX_DELTA_WIDTH,
                          c->delta_width);
    stftc_ok(err);
    return STFTC_OK;
}

size_t stftc_features_config_count(const stftc_features_config_t* c)
{
    if (c->cepstrum == STFTC_CEPS_NONE)
        return STFTC_FEATURES_NSCALAR;
    return STFTC_FEATURES_NSCALAR + c->n_ceps * (1 + (size_t)c->deltas);
}

/* ---------------- scales ---------------- */
static double to_scale(const stftc_features_config_t* c, double f)
{
    if (c->cepstrum == STFTC_CEPS_LFCC)
        return f;
    if (c->mel_scale == STFTC_MEL_HTK)
        return 2595.0 * log10(1.0 + f / 700.0);
    if (f < 1000.0)
        return f / (200.0 / 3.0);
    return 15.0 + log(f / 1000.0) / (log(6.4) / 27.0);
}

static double from_scale(const stftc_features_config_t* c, double m)
{
    if (c->cepstrum == STFTC_CEPS_LFCC)
        return m;
    if (c->mel_scale == STFTC_MEL_HTK)
        return 700.0 * (pow(10.0, m / 2595.0) - 1.0);
    if (m < 15.0)
        return m * (200.0 / 3.0);
    return 1000.0 * exp((m - 15.0) * (log(6.4) / 27.0));
}

static int build_cepstra(stftc_features_t* f)
{
    const stftc_features_config_t* c = &f->cfg;
    const size_t nf = c->n_filters, nb = f->nbins, nc = f->nceps;
    double lo, hi;
    band_of(c, &lo, &hi);
    double h[MAX_FILTERS + 2];
    const double s0 = to_scale(c, lo), s1 = to_scale(c, hi);
    for (size_t m = 0; m < nf + 2; m++)
        h[m] = from_scale(c, s0 + (s1 - s0) * (double)m / (double)(nf + 1));
    f->fb = stftc_alloc(nf * nb * sizeof(float));
    f->fb_lo = stftc_alloc(nf * sizeof(size_t));
    f->fb_hi = stftc_alloc(nf * sizeof(size_t));
    f->dct = stftc_alloc(nc * nf * sizeof(double));
    f->lift = stftc_alloc(nc * sizeof(double));
    f->logE = stftc_alloc(nf * sizeof(double));
    if (!f->fb || !f->fb_lo || !f->fb_hi || !f->dct || !f->lift || !f->logE)
        return STFTC_ERR_NOMEM;
    for (size_t m = 0; m < nf; m++) {
        const double norm =
            (c->cepstrum == STFTC_CEPS_MFCC && c->mel_scale == STFTC_MEL_SLANEY)
                ? 2.0 / (h[m + 2] - h[m])
                : 1.0;
        size_t first = nb, last = 0;
        for (size_t j = 0; j < nb; j++) {
            const double x = f->freq[j];
            const double lower = (x - h[m]) / (h[m + 1] - h[m]);
            const double upper = (h[m + 2] - x) / (h[m + 2] - h[m + 1]);
            double wv = lower < upper ? lower : upper;
            if (!(wv > 0.0))
                wv = 0.0;
            f->fb[m * nb + j] = (float)(wv * norm);
            if (wv > 0.0) {
                if (first == nb)
                    first = j;
                last = j;
            }
        }
        f->fb_lo[m] = first == nb ? 0 : first;
        f->fb_hi[m] = first == nb ? 0 : last + 1;
    }
    /* orthonormal DCT-II: c_k = s_k sum_m x_m cos(pi k (2m + 1) / (2 nf)) */
    for (size_t k = 0; k < nc; k++) {
        const double s = k == 0 ? sqrt(1.0 / (double)nf) : sqrt(2.0 / (double)nf);
        for (size_t m = 0; m < nf; m++)
            f->dct[k * nf + m] =
                s * cos(M_PI * (double)k * (2.0 * (double)m + 1.0) / (2.0 * (double)nf));
        f->lift[k] = c->lifter > 0.0
                         ? 1.0 + c->lifter / 2.0 * sin(M_PI * (double)(k + 1) / c->lifter)
                         : 1.0;
    }
    return STFTC_OK;
}

void stftc_features_destroy(stftc_features_t* f)
{
    if (!f)
        return;
    stftc_free(f->order);
    stftc_free(f->freq);
    stftc_free(f->asc);
    stftc_free(f->prev_p);
    stftc_free(f->fb);
    stftc_free(f->fb_lo);
    stftc_free(f->fb_hi);
    stftc_free(f->dct);
    stftc_free(f->lift);
    stftc_free(f->logE);
    stftc_free(f->base);
    stftc_free(f->cwin);
    stftc_free(f->dwin);
    stftc_free(f->ctmp);
    stftc_free(f->last_power);
    stftc_free(f->names);
    stftc_free(f);
}

static stftc_features_t* features_create_body(const stftc_features_config_t* cfg,
                                              stftc_error_t* err)
{
    if (stftc_features_config_check(cfg, err) != STFTC_OK)
        return NULL;
    stftc_features_t* f = stftc_alloc(sizeof *f);
    if (!f) {
        stftc_fail(err, STFTC_ERR_NOMEM, "features: out of memory");
        return NULL;
    }
    f->cfg = *cfg;
    const size_t n = cfg->fft_size;
    f->nbins = bins_of(cfg);
    f->count = stftc_features_config_count(cfg);
    f->nceps = cfg->cepstrum == STFTC_CEPS_NONE ? 0 : cfg->n_ceps;
    f->w = cfg->deltas ? cfg->delta_width : 0;
    f->delay = f->w * (size_t)cfg->deltas;
    const size_t nb = f->nbins, nbase = STFTC_FEATURES_NSCALAR + f->nceps;
    const size_t nwin = 2 * f->w + 1;
    f->order = stftc_alloc(nb * sizeof(size_t));
    f->freq = stftc_alloc(nb * sizeof(double));
    f->asc = stftc_alloc(nb * sizeof(float));
    f->prev_p = stftc_alloc(nb * sizeof(double));
    f->base = stftc_alloc((f->delay + 1) * nbase * sizeof(float));
    f->cwin = stftc_alloc(nwin * (f->nceps + 1) * sizeof(float));
    f->dwin = stftc_alloc(nwin * (f->nceps + 1) * sizeof(float));
    f->ctmp = stftc_alloc((f->nceps + 1) * sizeof(float));
    f->last_power = stftc_alloc(nb * sizeof(float));
    f->names = stftc_alloc(f->count * STFTC_FEATURES_NAME_LEN);
    if (!f->order || !f->freq || !f->asc || !f->prev_p || !f->base || !f->cwin ||
        !f->dwin || !f->ctmp || !f->last_power || !f->names) {
        stftc_features_destroy(f);
        stftc_fail(err, STFTC_ERR_NOMEM, "features: out of memory");
        return NULL;
    }
    const double df = cfg->sample_rate / (double)n;
    if (cfg->sample_type == STFTC_REAL) {
        for (size_t j = 0; j < nb; j++) {
            f->order[j] = j;
            f->freq[j] = (double)j * df;
        }
    } else {
        const size_t half = n / 2;
        for (size_t j = 0; j < nb; j++) {
            f->order[j] = cfg->centered ? j : (j + n - half) % n;
            f->freq[j] = ((double)j - (double)half) * df;
        }
    }
    if (f->nceps && build_cepstra(f) != STFTC_OK) {
        stftc_features_destroy(f);
        stftc_fail(err, STFTC_ERR_NOMEM, "features: out of memory");
        return NULL;
    }
    for (size_t i = 0; i < STFTC_FEATURES_NSCALAR; i++)
        snprintf(f->names[i], STFTC_FEATURES_NAME_LEN, "%s", scalar_names[i]);
    const char* cn = cfg->cepstrum == STFTC_CEPS_MFCC ? "mfcc" : "lfcc";
    for (size_t k = 0; k < f->nceps; k++) {
        snprintf(f->names[STFTC_FEATURES_NSCALAR + k],
                 STFTC_FEATURES_NAME_LEN,
                 "%s%zu",
                 cn,
                 k);
        if (cfg->deltas >= 1)
            snprintf(f->names[STFTC_FEATURES_NSCALAR + f->nceps + k],
                     STFTC_FEATURES_NAME_LEN,
                     "d_%s%zu",
                     cn,
                     k);
        if (cfg->deltas >= 2)
            snprintf(f->names[STFTC_FEATURES_NSCALAR + 2 * f->nceps + k],
                     STFTC_FEATURES_NAME_LEN,
                     "dd_%s%zu",
                     cn,
                     k);
    }
    stftc_features_reset(f);
    stftc_ok(err);
    return f;
}

void stftc_features_reset(stftc_features_t* f)
{
    f->have_prev = 0;
    f->t = f->t_real = f->n_out = 0;
}

const stftc_features_config_t* stftc_features_config(const stftc_features_t* f)
{
    return &f->cfg;
}
size_t stftc_features_bins(const stftc_features_t* f) { return f->nbins; }
size_t stftc_features_count(const stftc_features_t* f) { return f->count; }
size_t stftc_features_delay(const stftc_features_t* f) { return f->delay; }
const float* stftc_features_filterbank(const stftc_features_t* f) { return f->fb; }
const char* stftc_features_name(const stftc_features_t* f, size_t i)
{
    return i < f->count ? f->names[i] : NULL;
}

/* The 12 scalar features of one frame (f->asc holds it in ascending order). */
static void scalars(stftc_features_t* f, float* out)
{
    const size_t nb = f->nbins;
    const float* P = f->asc;
    const double* fr = f->freq;
    const double fc = f->cfg.center_freq;
    /* one log per bin serves both the flatness (sum of ln P, P held above
     * FEAT_TINY) and the entropy: -sum p ln p = ln S - sum P ln P / S over
     * the bins with P > 0 (a bin below FEAT_TINY adds P ln P, under 1e-28) */
    double S = 0.0, pmax = -1.0, lnsum = 0.0, plnp = 0.0;
    size_t jmax = 0;
    for (size_t j = 0; j < nb; j++) {
        const double v = P[j];
        S += v;
        if (v > pmax) {
            pmax = v;
            jmax = j;
        }
        const double lv = log(v > FEAT_TINY ? v : FEAT_TINY);
        lnsum += lv;
        plnp += v > 0.0 ? v * lv : 0.0;
    }
    if (!isfinite(S)) {
        /* NaN or Inf in the frame: its features are NaN; the flux of the
         * next frame compares with the last finite one */
        for (size_t i = 0; i < STFTC_FEATURES_NSCALAR; i++)
            out[i] = NAN;
        return;
    }
    if (!(S > 0.0)) {
        for (size_t i = 0; i < STFTC_FEATURES_NSCALAR; i++)
            out[i] = 0.0f;
        out[0] = -300.0f;
        out[1] = out[6] = out[9] = (float)fc;
        memset(f->prev_p, 0, nb * sizeof(double));
        f->have_prev = 1;
        return;
    }
    const double inv = 1.0 / S, mean = S / (double)nb;
    double mu = 0.0;
    for (size_t j = 0; j < nb; j++)
        mu += fr[j] * P[j];
    mu *= inv;
    double m2 = 0.0, m3 = 0.0, m4 = 0.0, ent = 0.0, flux = 0.0, cum = 0.0;
    const double r_roll = f->cfg.rolloff, r_lo = (1.0 - f->cfg.obw) / 2.0,
                 r_hi = (1.0 + f->cfg.obw) / 2.0;
    size_t j_roll = nb - 1, j_lo = nb - 1, j_hi = nb - 1;
    int got_roll = 0, got_lo = 0, got_hi = 0;
    for (size_t j = 0; j < nb; j++) {
        const double p = P[j] * inv;
        const double d = fr[j] - mu, d2 = d * d;
        m2 += d2 * p;
        m3 += d2 * d * p;
        m4 += d2 * d2 * p;
        const double dp = p - f->prev_p[j];
        flux += dp * dp;
        f->prev_p[j] = p;
        cum += p;
        if (!got_roll && cum >= r_roll) {
            j_roll = j;
            got_roll = 1;
        }
        if (!got_lo && cum >= r_lo) {
            j_lo = j;
            got_lo = 1;
        }
        if (!got_hi && cum >= r_hi) {
            j_hi = j;
            got_hi = 1;
        }
    }
    ent = log(S) - plnp * inv;
    ent = ent > 0.0 ? ent : 0.0; /* (rounding when one bin holds it all) */
    const double sigma = sqrt(m2);
    out[0] = (float)(10.0 * log10(S > FEAT_TINY ? S : FEAT_TINY));
    out[1] = (float)(mu + fc);
    out[2] = (float)sigma;
    out[3] = sigma > 0.0 ? (float)(m3 / (m2 * sigma)) : 0.0f;
    out[4] = sigma > 0.0 ? (float)(m4 / (m2 * m2)) : 0.0f;
    out[5] = (float)(exp(lnsum / (double)nb) / mean);
    out[6] = (float)(fr[j_roll] + fc);
    out[7] = f->have_prev ? (float)sqrt(flux) : 0.0f;
    out[8] = (float)(ent / log((double)nb));
    out[9] = (float)(fr[jmax] + fc);
    out[10] = (float)(10.0 * log10(pmax / mean));
    out[11] =
        (float)((double)(j_hi - j_lo + 1) * f->cfg.sample_rate / (double)f->cfg.fft_size);
    f->have_prev = 1;
}

static void cepstra(stftc_features_t* f, float* c)
{
    const size_t nf = f->cfg.n_filters, nb = f->nbins;
    for (size_t m = 0; m < nf; m++) {
        const float* w = f->fb + m * nb;
        double e = 0.0;
        for (size_t j = f->fb_lo[m]; j < f->fb_hi[m]; j++)
            e += (double)w[j] * (double)f->asc[j];
        f->logE[m] = isnan(e) ? e : log(e > CEPS_LOG_FLOOR ? e : CEPS_LOG_FLOOR);
    }
    for (size_t k = 0; k < f->nceps; k++) {
        const double* row = f->dct + k * nf;
        double s = 0.0;
        for (size_t m = 0; m < nf; m++)
            s += row[m] * f->logE[m];
        c[k] = (float)(s * f->lift[k]);
    }
}

/* Push v (n floats) into a window of nwin rows, oldest first; fill = replicate
 * v into every row (sequence start). */
static void win_push(float* win, size_t nwin, size_t n, const float* v, int fill)
{
    if (fill) {
        for (size_t r = 0; r < nwin; r++)
            memcpy(win + r * n, v, n * sizeof(float));
        return;
    }
    memmove(win, win + n, (nwin - 1) * n * sizeof(float));
    memmove(win + (nwin - 1) * n, v, n * sizeof(float)); /* v may be that row */
}

/* HTK regression at the centre row of a (2w+1)-row window. */
static void regress(const float* win, size_t w, size_t n, float* out)
{
    double den = 0.0;
    for (size_t k = 1; k <= w; k++)
        den += (double)(k * k);
    den *= 2.0;
    for (size_t i = 0; i < n; i++) {
        double s = 0.0;
        for (size_t k = 1; k <= w; k++)
            s +=
                (double)k * ((double)win[(w + k) * n + i] - (double)win[(w - k) * n + i]);
        out[i] = (float)(s / den);
    }
}

/* One step of the delta pipeline at frame t (real when c != NULL, else a
 * virtual frame past the end). Writes frame t - delay to out if ready. */
static int delta_step(stftc_features_t* f, const float* c, float* out)
{
    const size_t w = f->w, nc = f->nceps, nwin = 2 * w + 1;
    const size_t nbase = STFTC_FEATURES_NSCALAR + nc;
    const size_t t = f->t;
    /* c window: a virtual frame replicates the last real cepstrum */
    if (c)
        win_push(f->cwin, nwin, nc, c, t == 0);
    else
        win_push(f->cwin, nwin, nc, f->cwin + (nwin - 1) * nc, 0);
    f->t++;
    if (t < w)
        return 0;
    const size_t u = t - w; /* d_u is ready */
    float* d = f->ctmp;
    if (u < f->t_real)
        regress(f->cwin, w, nc, d);
    else
        memcpy(d, f->dwin + (nwin - 1) * nc, nc * sizeof(float)); /* replicate end */
    size_t frame;
    if (f->cfg.deltas == 1) {
        frame = u;
        if (frame >= f->t_real)
            return 0;
        memcpy(out, f->base + (frame % (f->delay + 1)) * nbase, nbase * sizeof(float));
        memcpy(out + nbase, d, nc * sizeof(float));
    } else {
        win_push(f->dwin, nwin, nc, d, u == 0);
        if (u < w)
            return 0;
        frame = u - w;
        if (frame >= f->t_real)
            return 0;
        memcpy(out, f->base + (frame % (f->delay + 1)) * nbase, nbase * sizeof(float));
        memcpy(out + nbase, f->dwin + w * nc, nc * sizeof(float));
        regress(f->dwin, w, nc, out + nbase + nc);
    }
    f->n_out = frame + 1;
    return 1;
}

int stftc_features_process(stftc_features_t* f, const float* power, float* out)
{
    const size_t nb = f->nbins;
    for (size_t j = 0; j < nb; j++)
        f->asc[j] = power[f->order[j]];
    if (!f->delay) {
        scalars(f, out);
        if (f->nceps)
            cepstra(f, out + STFTC_FEATURES_NSCALAR);
        f->t++;
        f->t_real++;
        f->n_out = f->t_real;
        return 1;
    }
    const size_t nbase = STFTC_FEATURES_NSCALAR + f->nceps;
    float* b = f->base + (f->t_real % (f->delay + 1)) * nbase;
    scalars(f, b);
    cepstra(f, b + STFTC_FEATURES_NSCALAR);
    f->t_real++;
    return delta_step(f, b + STFTC_FEATURES_NSCALAR, out);
}

int stftc_features_flush(stftc_features_t* f, float* out)
{
    if (!f->delay || f->t_real == 0)
        return 0;
    while (f->n_out < f->t_real) {
        if (delta_step(f, NULL, out))
            return 1;
    }
    return 0;
}

/* the body above, within the memory budget (stftc_set_memory_budget) */
stftc_features_t* stftc_features_create(const stftc_features_config_t* cfg,
                                        stftc_error_t* err)
{
    stftc_budget_begin();
    return stftc_budget_end(features_create_body(cfg, err), err);
}

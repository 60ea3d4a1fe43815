/* gr-stftclean C core: scattering filter design and config checks.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Definitions in include/stftclean/scattering.h. Responses are computed in
 * double and stored as float. */
#include "scattering_internal.h"

#include <math.h>
#include <stftclean/vmath.h>
#include <string.h>

#define MAX_J 16
#define MAX_Q 32
#define MAX_T ((size_t)1 << 20)
#define MAX_OVERSAMPLING 6

stftc_scattering_config_t stftc_scattering_config_default(void)
{
    stftc_scattering_config_t c;
    memset(&c, 0, sizeof c);
    c.sample_type = STFTC_COMPLEX;
    c.sample_rate = 1.0;
    c.J = 8;
    c.Q1 = 8;
    c.Q2 = 1;
    c.max_order = 2;
    c.T = 0;
    c.stride = 0;
    c.oversampling = 1;
    c.log = 0;
    c.log_eps = 1e-6;
    c.plan = STFTC_PLAN_ESTIMATE;
    return c;
}

int stftc_scattering_config_check(const stftc_scattering_config_t* c, stftc_error_t* err)
{
    if (!c)
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "config: NULL");
    if (c->sample_type != STFTC_COMPLEX && c->sample_type != STFTC_REAL)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "sample_type: must be complex (0) or real (1), got %d",
                          (int)c->sample_type);
    if (stftc_check_sample_rate(c->sample_rate, err) != STFTC_OK)
        return STFTC_ERR_INVALID_ARG;
    if (c->J < 1 || c->J > MAX_J)
        return stftc_fail(
            err, STFTC_ERR_INVALID_ARG, "J: must be 1..%d octaves, got %zu", MAX_J, c->J);
    if (c->Q1 < 1 || c->Q1 > MAX_Q)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "Q1: must be 1..%d wavelets per octave, got %zu",
                          MAX_Q,
                          c->Q1);
    if (c->Q2 < 1 || c->Q2 > MAX_Q)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "Q2: must be 1..%d wavelets per octave, got %zu",
                          MAX_Q,
                          c->Q2);
    if (c->max_order != 1 && c->max_order != 2)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "max_order: must be 1 or 2, got %d",
                          c->max_order);
    size_t T, stride;
    if (scat_geometry(c, &T, &stride, err) != STFTC_OK)
        return STFTC_ERR_INVALID_ARG;
    if (c->oversampling < 0 || c->oversampling > MAX_OVERSAMPLING)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "oversampling: must be 0..%d, got %d",
                          MAX_OVERSAMPLING,
                          c->oversampling);
    if (c->log != 0 && c->log != 1)
        return stftc_fail(
            err, STFTC_ERR_INVALID_ARG, "log: must be 0 or 1, got %d", c->log);
    /* a float32 normal number: smaller ones round to 0 and log(0) = -Inf */
    if (!(c->log_eps >= 1e-30 && c->log_eps <= 1e30))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "log_eps: must be in [1e-30, 1e30], got %g",
                          c->log_eps);
    if (c->plan != STFTC_PLAN_ESTIMATE && c->plan != STFTC_PLAN_MEASURE)
        return stftc_fail(
            err,
            STFTC_ERR_INVALID_ARG,
            "plan: must be STFTC_PLAN_ESTIMATE (0) or STFTC_PLAN_MEASURE (1), got %d",
            (int)c->plan);
    stftc_ok(err);
    return STFTC_OK;
}

/* a duration in seconds -> whole samples in lo..hi (0 when secs is 0);
 * -1 when out of range */
static long to_samples(double secs, double fs, size_t lo, size_t hi)
{
    const double v = secs * fs;
    if (secs == 0.0)
        return 0;
    if (!(v >= (double)lo - 0.5 && v < (double)hi + 0.5))
        return -1;
    const long n = (long)floor(v + 0.5);
    return n < (long)lo ? (long)lo : n > (long)hi ? (long)hi : n;
}

int scat_geometry(const stftc_scattering_config_t* c,
                  size_t* T,
                  size_t* stride,
                  stftc_error_t* err)
{
    const double fs = c->sample_rate;
    if (c->T_s != 0.0 && c->T != 0)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "T_s: give T (samples) or T_s (seconds), not both; got T = "
                          "%zu and T_s = %g s",
                          c->T,
                          c->T_s);
    const long ts = to_samples(c->T_s, fs, 2, MAX_T);
    if (ts < 0)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "T_s: must be 0 or %g..%g s (2..%zu samples at "
                          "sample_rate %g Hz), got %g s",
                          2.0 / fs,
                          (double)MAX_T / fs,
                          MAX_T,
                          fs,
                          c->T_s);
    if (c->T != 0 && (c->T < 2 || c->T > MAX_T))
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "T: must be 0 (2^J) or 2..%zu samples, got %zu",
                          MAX_T,
                          c->T);
    const size_t t = c->T ? c->T : ts ? (size_t)ts : (size_t)1 << c->J;
    if (c->stride_s != 0.0 && c->stride != 0)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "stride_s: give stride (samples) or stride_s (seconds), not "
                          "both; got stride = %zu and stride_s = %g s",
                          c->stride,
                          c->stride_s);
    const long ss = to_samples(c->stride_s, fs, 1, t);
    if (ss < 0)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "stride_s: must be 0 or %g..%g s (1..T = %zu "
                          "samples at sample_rate %g Hz), got %g s",
                          1.0 / fs,
                          (double)t / fs,
                          t,
                          fs,
                          c->stride_s);
    if (c->stride > t)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "stride: must be 0 (T) or 1..T = %zu samples, got %zu",
                          t,
                          c->stride);
    *T = t;
    *stride = c->stride ? c->stride : ss ? (size_t)ss : t;
    return STFTC_OK;
}

double scat_bandwidth(double sigma) { return 2.0 * sqrt(log(2.0)) * sigma; }

size_t scat_bank_max(size_t J, size_t Q) { return Q * (J + 4) + 16; }

size_t scat_bank_design(size_t J, size_t Q, scat_wavelet_t* out, size_t max)
{
    const double r = pow(2.0, -1.0 / (double)Q);
    const double c = (1.0 - r) / ((1.0 + r) * sqrt(log(2.0)));
    const double sigma_min = SCAT_SIGMA0 / ldexp(1.0, (int)J);
    double xi = fmin(0.4, (1.0 + r) / 4.0);
    size_t n = 0;
    /* the top filter always exists, constant-Q ones follow while wide enough */
    out[n++] = (scat_wavelet_t){ xi, fmax(c * xi, sigma_min) };
    while (n < max && c * xi * r >= sigma_min) {
        xi *= r;
        out[n++] = (scat_wavelet_t){ xi, c * xi };
    }
    const double delta = scat_bandwidth(sigma_min);
    for (double x = xi - delta; n < max && x >= delta; x -= delta)
        out[n++] = (scat_wavelet_t){ x, sigma_min };
    return n;
}

/* acc[(k - lo) mod len] += scale exp(-(k - mu)^2 / (2 sd^2)) for k = lo..hi
 * (in float: a bin gets at most a few terms),
 * by the recurrence g(k+1) = g(k) rho(k), rho(k+1) = rho(k) q (no exp per
 * bin: the build of a J = 10, Q1 = 8 bank is dominated by it otherwise) */
static void
gauss_add(float* acc, size_t len, long lo, long hi, double mu, double sd, double scale)
{
    const double a = 1.0 / (2.0 * sd * sd), d0 = (double)lo - mu;
    double g = scale * exp(-a * d0 * d0), rho = exp(-a * (2.0 * d0 + 1.0));
    const double q = exp(-2.0 * a);
    size_t j = 0;
    for (long k = lo; k <= hi; k++) {
        acc[j] += (float)g;
        g *= rho;
        rho *= q;
        if (++j == len)
            j = 0;
    }
}

int scat_band_build(
    scat_band_t* b, double xi, double sigma, int lowpass, size_t n, size_t m)
{
    memset(b, 0, sizeof *b);
    const double kappa = lowpass ? 0.0 : exp(-xi * xi / (2.0 * sigma * sigma));
    const double reach = SCAT_TRUNC_SIGMAS * sigma;
    double flo = lowpass ? -reach : xi - reach, fhi = lowpass ? reach : xi + reach;
    if (kappa > 1e-7) { /* the zero-mean correction lobe around DC counts */
        flo = fmin(flo, -reach);
        fhi = fmax(fhi, reach);
    }
    const long lo = (long)ceil(flo * (double)n), hi = (long)floor(fhi * (double)n);
    if (hi < lo) { /* narrower than a bin and between two: nothing */
        b->len = 0;
        return STFTC_OK;
    }
    const size_t span = (size_t)(hi - lo) + 1;
    b->len = span < m ? span : m;
    const long lm = (long)m;
    b->start = (size_t)(((lo % lm) + lm) % lm);
    b->w = stftc_alloc(b->len * sizeof(float)); /* zeroed */
    if (!b->w)
        return STFTC_ERR_NOMEM;
    if (lowpass)
        gauss_add(b->w, b->len, lo, hi, 0.0, sigma * (double)n, 1.0);
    else {
        gauss_add(b->w, b->len, lo, hi, xi * (double)n, sigma * (double)n, 1.0);
        if (kappa > 0.0)
            gauss_add(b->w, b->len, lo, hi, 0.0, sigma * (double)n, -kappa);
    }
    return STFTC_OK;
}

void scat_band_free(scat_band_t* b)
{
    stftc_free(b->w);
    b->w = NULL;
    b->len = 0;
}

unsigned scat_decim_level(double sigma, int oversampling, unsigned lo, unsigned hi)
{
    const double e = floor(log2(1.0 / (4.0 * sigma))) - (double)oversampling;
    unsigned l = e <= 0.0 ? 0u : e >= (double)hi ? hi : (unsigned)e;
    if (l < lo)
        l = lo;
    return l > hi ? hi : l;
}

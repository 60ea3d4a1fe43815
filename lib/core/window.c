/* gr-stftclean C core: periodic windows and canonical dual windows.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stftclean/window.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define KAISER_BETA_MAX 100.0
#define GAUSS_SIGMA_MIN 0.01
#define GAUSS_SIGMA_MAX 1.0

static const struct {
    const char* name;
    stftc_window_type_t type;
    int has_param;
    double default_param;
} window_names[] = {
    { "rect", STFTC_WIN_RECT, 0, 0.0 },
    { "hann", STFTC_WIN_HANN, 0, 0.0 },
    { "hamming", STFTC_WIN_HAMMING, 0, 0.0 },
    { "blackman", STFTC_WIN_BLACKMAN, 0, 0.0 },
    { "blackman-harris", STFTC_WIN_BLACKMAN_HARRIS, 0, 0.0 },
    { "kaiser", STFTC_WIN_KAISER, 1, 8.0 },
    { "gaussian", STFTC_WIN_GAUSSIAN, 1, 0.125 },
    { "sqrt-hann", STFTC_WIN_SQRT_HANN, 0, 0.0 },
};
#define N_WINDOW_NAMES (sizeof window_names / sizeof window_names[0])

static int param_ok(stftc_window_type_t type, double p)
{
    if (!isfinite(p))
        return 0;
    if (type == STFTC_WIN_KAISER)
        return p >= 0.0 && p <= KAISER_BETA_MAX;
    if (type == STFTC_WIN_GAUSSIAN)
        return p >= GAUSS_SIGMA_MIN && p <= GAUSS_SIGMA_MAX;
    return 1;
}

static int param_error(stftc_error_t* err, stftc_window_type_t type, const char* text)
{
    if (type == STFTC_WIN_KAISER)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "window: kaiser beta must be a number in [0, %g], got '%s'",
                          KAISER_BETA_MAX,
                          text);
    return stftc_fail(err,
                      STFTC_ERR_INVALID_ARG,
                      "window: gaussian sigma (fraction of the window length) must be "
                      "a number in [%g, %g], got '%s'",
                      GAUSS_SIGMA_MIN,
                      GAUSS_SIGMA_MAX,
                      text);
}

int stftc_window_parse(const char* text, stftc_window_spec_t* spec, stftc_error_t* err)
{
    static const char* allowed = "rect, hann, hamming, blackman, blackman-harris, "
                                 "kaiser:BETA, gaussian:SIGMA, sqrt-hann";
    if (!text || !spec)
        return stftc_fail(
            err, STFTC_ERR_INVALID_ARG, "window: no window given (allowed: %s)", allowed);
    char name[32];
    const char* colon = strchr(text, ':');
    size_t nlen = colon ? (size_t)(colon - text) : strlen(text);
    if (nlen == 0 || nlen >= sizeof name)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "window: unknown window '%s' (allowed: %s)",
                          text,
                          allowed);
    for (size_t i = 0; i < nlen; i++)
        name[i] = (char)tolower((unsigned char)text[i]);
    name[nlen] = '\0';
    if (strcmp(name, "hanning") == 0)
        strcpy(name, "hann");
    if (strcmp(name, "rectangular") == 0 || strcmp(name, "boxcar") == 0)
        strcpy(name, "rect");
    for (size_t i = 0; i < N_WINDOW_NAMES; i++) {
        if (strcmp(name, window_names[i].name) != 0)
            continue;
        stftc_window_spec_t s = { window_names[i].type, window_names[i].default_param };
        if (colon) {
            if (!window_names[i].has_param)
                return stftc_fail(err,
                                  STFTC_ERR_INVALID_ARG,
                                  "window: '%s' takes no parameter, got '%s'",
                                  window_names[i].name,
                                  text);
            char* end = NULL;
            errno = 0;
            double p = strtod(colon + 1, &end);
            if (end == colon + 1 || *end != '\0' || errno != 0 || !param_ok(s.type, p))
                return param_error(err, s.type, text);
            s.param = p;
        }
        *spec = s;
        stftc_ok(err);
        return STFTC_OK;
    }
    return stftc_fail(err,
                      STFTC_ERR_INVALID_ARG,
                      "window: unknown window '%s' (allowed: %s)",
                      text,
                      allowed);
}

void stftc_window_format(const stftc_window_spec_t* spec, char* buf, size_t buflen)
{
    if (!buf || buflen == 0)
        return;
    const char* name = "unknown";
    int has_param = 0;
    for (size_t i = 0; i < N_WINDOW_NAMES; i++)
        if (window_names[i].type == spec->type) {
            name = window_names[i].name;
            has_param = window_names[i].has_param;
        }
    if (has_param)
        snprintf(buf, buflen, "%s:%g", name, spec->param);
    else
        snprintf(buf, buflen, "%s", name);
}

/* Modified Bessel function of the first kind, order 0 (power series). */
static double bessel_i0(double x)
{
    double sum = 1.0, term = 1.0, q = x * x / 4.0;
    for (int k = 1; k < 500; k++) {
        term *= q / ((double)k * (double)k);
        sum += term;
        if (term < sum * 1e-17)
            break;
    }
    return sum;
}

int stftc_window_fill(const stftc_window_spec_t* spec, size_t len, double* out)
{
    if (!spec || !out || len == 0 || !param_ok(spec->type, spec->param))
        return STFTC_ERR_INVALID_ARG;
    const double L = (double)len;
    const double i0b = spec->type == STFTC_WIN_KAISER ? bessel_i0(spec->param) : 1.0;
    for (size_t i = 0; i < len; i++) {
        const double x = 2.0 * M_PI * (double)i / L; /* periodic: phase n/L */
        double w;
        switch (spec->type) {
        case STFTC_WIN_RECT:
            w = 1.0;
            break;
        case STFTC_WIN_HANN:
            w = 0.5 - 0.5 * cos(x);
            break;
        case STFTC_WIN_HAMMING:
            w = 0.54 - 0.46 * cos(x);
            break;
        case STFTC_WIN_BLACKMAN:
            w = 0.42 - 0.5 * cos(x) + 0.08 * cos(2.0 * x);
            break;
        case STFTC_WIN_BLACKMAN_HARRIS:
            w = 0.35875 - 0.48829 * cos(x) + 0.14128 * cos(2.0 * x) -
                0.01168 * cos(3.0 * x);
            break;
        case STFTC_WIN_KAISER: {
            const double r = 2.0 * (double)i / L - 1.0;
            const double a = 1.0 - r * r;
            w = bessel_i0(spec->param * sqrt(a > 0.0 ? a : 0.0)) / i0b;
            break;
        }
        case STFTC_WIN_GAUSSIAN: {
            const double z = ((double)i - L / 2.0) / (spec->param * L);
            w = exp(-0.5 * z * z);
            break;
        }
        case STFTC_WIN_SQRT_HANN:
            w = sqrt(0.5 - 0.5 * cos(x));
            break;
        default:
            return STFTC_ERR_INVALID_ARG;
        }
        /* cos() rounding can leave -1e-17 where the window is 0 */
        out[i] = w < 0.0 ? 0.0 : w;
    }
    return STFTC_OK;
}

int stftc_window_dual(const double* w,
                      size_t len,
                      size_t hop,
                      const char* name,
                      double* dual,
                      stftc_error_t* err)
{
    if (!w || !dual || len == 0)
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "window_len: must be at least 1");
    if (hop == 0 || hop > len)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "hop: must be in [1, %zu] (the window length), got %zu",
                          len,
                          hop);
    double wmax = 0.0;
    for (size_t i = 0; i < len; i++)
        if (fabs(w[i]) > wmax)
            wmax = fabs(w[i]);
    /* The transforms run in float32: a window whose largest sample is this
     * small (a Gaussian much narrower than one sample spacing) underflows
     * there while its dual overflows, and every output would be NaN. */
    if (wmax > 0.0 && wmax < 1e-18)
        return stftc_fail(err,
                          STFTC_ERR_NOLA,
                          "window: '%s' of length %zu has no sample above 1e-18 "
                          "(largest %g), so the STFT cannot be inverted in float32; "
                          "use a wider window",
                          name ? name : "?",
                          len,
                          wmax);
    const double tiny = 1e-10 * wmax * wmax;
    /* The overlap-added squared window is periodic in hop: it only depends on
     * n mod hop, so one pass per residue is O(len) in all. */
    for (size_t r = 0; r < hop; r++) {
        double d = 0.0;
        for (size_t m = r; m < len; m += hop)
            d += w[m] * w[m];
        if (!(d > tiny) || wmax == 0.0)
            return stftc_fail(
                err,
                STFTC_ERR_NOLA,
                "hop: window '%s' of length %zu with hop %zu violates the NOLA "
                "condition (the squared windows overlap-add to zero at offset "
                "%zu), so the STFT cannot be inverted; use a smaller hop "
                "(e.g. %zu)",
                name ? name : "?",
                len,
                hop,
                r,
                len / 4 ? len / 4 : 1);
        for (size_t m = r; m < len; m += hop)
            dual[m] = w[m] / d;
    }
    stftc_ok(err);
    return STFTC_OK;
}

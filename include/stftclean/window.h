/* gr-stftclean C core: periodic analysis windows and canonical dual windows.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_WINDOW_H
#define STFTCLEAN_WINDOW_H

#include <stftclean/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    STFTC_WIN_RECT = 0,
    STFTC_WIN_HANN,
    STFTC_WIN_HAMMING,
    STFTC_WIN_BLACKMAN,
    STFTC_WIN_BLACKMAN_HARRIS,
    STFTC_WIN_KAISER,   /* param = beta (0..100) */
    STFTC_WIN_GAUSSIAN, /* param = sigma as a fraction of the length (0.01..1) */
    STFTC_WIN_SQRT_HANN
} stftc_window_type_t;

typedef struct {
    stftc_window_type_t type;
    double param;
} stftc_window_spec_t;

/* Parse "hann", "hamming", "blackman", "blackman-harris", "kaiser:BETA",
 * "gaussian:SIGMA", "sqrt-hann", "rect" (case-insensitive; "kaiser" alone
 * means beta 8, "gaussian" alone sigma 0.125). Returns STFTC_OK or an error
 * code, with err (may be NULL) naming the field "window". */
int stftc_window_parse(const char* text, stftc_window_spec_t* spec, stftc_error_t* err);

/* Write the canonical text of a spec ("kaiser:8", ...) into buf. */
void stftc_window_format(const stftc_window_spec_t* spec, char* buf, size_t buflen);

/* Fill out[0..len-1] with the periodic window of length len (DFT-even:
 * w[n] = f(n / len), the sample at n = len being the implied start of the
 * next period), in double precision. Returns STFTC_OK or
 * STFTC_ERR_INVALID_ARG for len 0 or a bad parameter. */
int stftc_window_fill(const stftc_window_spec_t* spec, size_t len, double* out);

/* Canonical dual (synthesis) window for weighted overlap-add at hop:
 * g[n] = w[n] / sum_k w[n - k hop]^2, so that sum_k g[n-k hop] w[n-k hop] = 1.
 * Fails with STFTC_ERR_NOLA (message names window and hop) when the
 * denominator falls below 1e-10 * max(w)^2 anywhere (the NOLA condition), and
 * with STFTC_ERR_INVALID_ARG when hop is 0 or larger than len.
 * name is used only in the message and may be NULL. */
int stftc_window_dual(const double* w,
                      size_t len,
                      size_t hop,
                      const char* name,
                      double* dual,
                      stftc_error_t* err);

#ifdef __cplusplus
}
#endif
#endif

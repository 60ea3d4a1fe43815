/* gr-stftclean C core: filter design shared by the scattering sources (not
 * installed). Definitions in include/stftclean/scattering.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_SCATTERING_INTERNAL_H
#define STFTCLEAN_SCATTERING_INTERNAL_H

#include "internal.h"

#include <stftclean/scattering.h>

/* Gaussians are truncated where they fall below 1e-7: sqrt(2 ln 1e7) */
#define SCAT_TRUNC_SIGMAS 5.678
/* time support of a Gaussian envelope, in standard deviations */
#define SCAT_TIME_SIGMAS 5.0
#define SCAT_SIGMA0 0.1 /* sigma_phi = SCAT_SIGMA0 / T, sigma_min = SCAT_SIGMA0 / 2^J */
#define SCAT_MAX_LEVELS 21 /* decimations 2^0 .. 2^20 */

/* One wavelet of a one-sided bank: centre and width in cycles per sample. */
typedef struct {
    double xi, sigma;
} scat_wavelet_t;

/* The positive-frequency bank for Q per octave (descending centres) into
 * out (room for max entries); returns the count. */
size_t scat_bank_design(size_t J, size_t Q, scat_wavelet_t* out, size_t max);
/* Upper bound on scat_bank_design's count (to size arrays). */
size_t scat_bank_max(size_t J, size_t Q);

/* A filter response tabulated on the DFT bins of a sequence of length m
 * whose bin k is at frequency k / n cycles per input sample (n the block
 * length): entry j applies to bin (start + j) mod m, periodised. */
typedef struct {
    size_t start, len;
    float* w;
} scat_band_t;

/* Tabulate psi (xi signed: the mirror for xi < 0; sigma) or, with
 * lowpass != 0, phi (xi ignored) on such a sequence. Allocates w with
 * stftc_alloc; STFTC_OK or STFTC_ERR_NOMEM. */
int scat_band_build(
    scat_band_t* b, double xi, double sigma, int lowpass, size_t n, size_t m);
void scat_band_free(scat_band_t* b);

/* log2 of the decimation of |x * psi| for a wavelet of width sigma: the
 * largest e with 2^e <= 2^-oversampling / (4 sigma), within [lo, hi]. */
unsigned scat_decim_level(double sigma, int oversampling, unsigned lo, unsigned hi);

/* T and stride in samples (T_s, stride_s converted, 0 resolved) of a config
 * whose other fields are valid; errors name the field. */
int scat_geometry(const stftc_scattering_config_t* c,
                  size_t* T,
                  size_t* stride,
                  stftc_error_t* err);

/* The names of count coefficients (stftc_scattering_name) into one
 * stftc_alloc block: count pointers, then the text. STFTC_OK or
 * STFTC_ERR_NOMEM. */
int scat_names_build(const stftc_scattering_coef_t* co, size_t count, char*** out);

/* half-power bandwidth of a Gaussian of width sigma */
double scat_bandwidth(double sigma);

#endif

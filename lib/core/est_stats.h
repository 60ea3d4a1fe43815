/* gr-stftclean C core: noise statistics shared by the estimator stages
 * (not installed).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_EST_STATS_H
#define STFTCLEAN_EST_STATS_H

#include <math.h>
#include <stddef.h>

/* Variance inflation of a box mean of m correlated cells; rho[j] (the power
 * correlation j cells apart) is 0 for j >= nrho (the window's correlation
 * ends after a few lags), so a long box costs nothing here. */
static inline double stftc_box_inflation(const double* rho, size_t nrho, size_t m)
{
    double c = 1.0;
    const size_t jmax = m < nrho ? m : nrho;
    for (size_t j = 1; j < jmax; j++)
        c += 2.0 * (1.0 - (double)j / (double)m) * rho[j];
    return c;
}

/* The upper z quantile of Gamma(a)/a (a mean of a degrees of freedom of
 * unit-mean exponentials), Wilson-Hilferty; 0 where the approximation
 * breaks down (q <= 0) */
static inline double stftc_gamma_mean_quantile(double a, double z)
{
    const double q = 1.0 - 1.0 / (9.0 * a) + z * sqrt(1.0 / (9.0 * a));
    return q > 0.0 ? q * q * q : 0.0;
}

/* Regularised lower incomplete gamma P(a, x). */
double stftc_gamma_p(double a, double x);
/* E[min of n iid Gamma(a, 1/a)] (unit mean): the bias of minimum statistics. */
double stftc_expected_min(double a, int n);
/* Upper-tail standard normal quantile: z with 0.5 erfc(z / sqrt 2) = p. */
double stftc_normal_upper_quantile(double p);
/* Correlation of the powers of one cell with the cell j hops later (time)
 * or j bins away (frequency), for white noise through the window w of
 * length l (zero-padded to n). */
double stftc_rho_time(const float* w, size_t l, size_t hop, size_t j);
double stftc_rho_freq(const float* w, size_t l, size_t n, size_t j);

#endif

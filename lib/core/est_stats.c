/* gr-stftclean C core: noise statistics of the estimator stages.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "est_stats.h"

#include <float.h>
#include <math.h>

/* Regularised lower incomplete gamma P(a, x) (series / continued fraction). */
double stftc_gamma_p(double a, double x)
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
double stftc_expected_min(double a, int n)
{
    if (n <= 1)
        return 1.0;
    const double top = 1.0 + 12.0 / sqrt(a) + 12.0 / a;
    const int steps = 800; /* smooth integrand: trapezoids are plenty */
    const double dy = top / steps;
    double sum = 0.0;
    for (int i = 0; i <= steps; i++) {
        const double y = i * dy;
        const double s = pow(1.0 - stftc_gamma_p(a, a * y), n);
        sum += (i == 0 || i == steps) ? 0.5 * s : s;
    }
    return sum * dy;
}

/* Upper-tail standard normal quantile: z with 0.5 erfc(z / sqrt 2) = p. */
double stftc_normal_upper_quantile(double p)
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
double stftc_rho_time(const float* w, size_t l, size_t hop, size_t j)
{
    double num = 0.0, den = 0.0;
    for (size_t i = 0; i < l; i++)
        den += (double)w[i] * w[i];
    for (size_t i = 0; i + j * hop < l; i++)
        num += (double)w[i] * w[i + j * hop];
    return den > 0.0 ? (num / den) * (num / den) : 0.0;
}

double stftc_rho_freq(const float* w, size_t l, size_t n, size_t j)
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

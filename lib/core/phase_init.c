/* gr-stftclean C core: the start of an offline reconstruction: the
 * magnitudes loaded, PGHI phases (stftc_phase_pghi) and the initial
 * coefficients the Griffin-Lim passes of phase_gla.c start from.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "phase_internal.h"
#include "transform.h"

#include <math.h>
#include <stdlib.h>
#include <stftclean/vmath.h>
#include <string.h>
#include <volk/volk.h>

int stftc_phase_check_args(const stftc_phase_t* ph, const float* mag, size_t nframes)
{
    return ph && mag && nframes >= 1 && nframes <= ph->maxf;
}

/* Target magnitudes into natural order; returns sum S^2. Negative or NaN
 * magnitudes count as zero. */
double stftc_phase_load_mag(stftc_phase_t* ph, const float* mag, size_t nf)
{
    const size_t b = ph->bins;
    double e = 0.0;
    for (size_t k = 0; k < nf; k++) {
        float* dst = ph->S + k * b;
        if (ph->centered)
            stftc_real_from_centered(dst, mag + k * b, b);
        else
            memcpy(dst, mag + k * b, b * sizeof(float));
        float acc = 0.0f;
        for (size_t m = 0; m < b; m++) {
            const float v = dst[m] >= 0.0f ? dst[m] : 0.0f; /* NaN -> 0 too */
            dst[m] = v;
            acc += v * v;
        }
        e += acc;
    }
    return e;
}

/* PGHI with geometry g over nf frames of bins coefficients, magnitudes
 * S (stride sstride floats per frame): phases into ph->c[K..2K) (stride
 * bins) with s, tgrad and fgrad in ph->c[0..K), ph->t[0..K), ph->t[K..2K),
 * K = nf * bins. Returns the phase array. */
static float* pghi_core(stftc_phase_t* ph,
                        const stftc_pghi_geom_t* g,
                        const float* S,
                        size_t sstride,
                        size_t nf)
{
    const size_t b = g->bins, K = nf * b;
    float* s = ph->c;
    float* phase = ph->c + K;
    float* tg = ph->t;
    float* fg = ph->t + K;
    float smax = STFTC_LOG_FLOOR;
    for (size_t k = 0; k < nf; k++) {
        const float mx = stftc_pghi_logmag(S + k * sstride, s + k * b, b);
        smax = mx > smax ? mx : smax;
    }
    for (size_t k = 0; k < nf; k++) {
        stftc_pghi_tgrad(g, s + k * b, tg + k * b);
        const size_t kb = k > 0 ? k - 1 : 0, ka = k + 1 < nf ? k + 1 : k;
        if (ka > kb)
            stftc_pghi_fgrad(g, s + kb * b, s + ka * b, (float)(ka - kb), fg + k * b);
        else
            stftc_pghi_fgrad(g, s + k * b, s + k * b, 1.0f, fg + k * b);
    }
    const float thr = smax + (float)log(ph->cfg.pghi_tol);
    uint64_t rng = ph->cfg.seed;
    for (size_t e = 0; e < K; e++) {
        if (s[e] > thr) {
            ph->st[e] = 0;
        } else {
            ph->st[e] = 1;
            phase[e] = stftc_rng_phase(&rng) - (float)M_PI;
        }
    }
    stftc_pghi_integrate(g, nf, s, tg, fg, phase, ph->st, thr, smax, &ph->q, &ph->seeds);
    return phase;
}

/* Whether two-sided magnitudes are even, |S_k[m]| = |S_k[-m]| for every
 * frame and bin (to float rounding: 1e-4 relative plus 1e-6 of the largest
 * magnitude): the magnitudes of a real signal carried as IQ. */
static int mag_even(const stftc_phase_t* ph, size_t nf)
{
    const size_t b = ph->bins, n = ph->n;
    float mx = 0.0f;
    for (size_t e = 0; e < nf * b; e++)
        mx = ph->S[e] > mx ? ph->S[e] : mx;
    const float floor_tol = 1e-6f * mx;
    for (size_t k = 0; k < nf; k++) {
        const float* S = ph->S + k * b;
        for (size_t m = 1; m <= n / 2; m++) {
            const float a = S[m], c = S[n - m];
            if (fabsf(a - c) > 1e-4f * (a > c ? a : c) + floor_tol)
                return 0;
        }
    }
    return 1;
}

/* PGHI over ph->S (nf frames): phases into ph->c[K..2K) (K = nf * bins)
 * with s, tgrad and fgrad in ph->c[0..K), ph->t[0..K), ph->t[K..2K).
 * Returns the phase array. Even two-sided magnitudes (a real signal as IQ)
 * get the phases of the one-sided PGHI, mirrored: phi[-m] = -phi[m], DC and
 * N/2 at 0 or pi. PGHI picks each island's phase offset freely; for the
 * mirror images of a real signal's components only the conjugate choice is
 * consistent where the two halves meet (DC, N/2), and FGLA started from it
 * stays on real signals, as on the real spectrum. */
static float* pghi_run(stftc_phase_t* ph, size_t nf)
{
    if (!ph->cplx || ph->n < 2 || !mag_even(ph, nf))
        return pghi_core(ph, &ph->pg, ph->S, ph->bins, nf);
    const size_t b = ph->bins, n = ph->n, bh = n / 2 + 1, K = nf * b;
    /* the one-sided phases land at ph->c + nf * bh, stride bh */
    const float* src = pghi_core(ph, &ph->pgh, ph->S, b, nf);
    /* spread to stride b in place, last frame first (every destination
     * lies at or after its source and after all sources of earlier
     * frames) */
    float* phase = ph->c + K;
    for (size_t k = nf; k-- > 0;) {
        float* dst = phase + k * b;
        const float* sk = src + k * bh;
        for (size_t m = bh; m-- > 0;)
            dst[m] = sk[m];
        for (size_t m = 1; m < n - m; m++)
            dst[n - m] = -dst[m];
        dst[0] = cosf(dst[0]) >= 0.0f ? 0.0f : (float)M_PI;
        if (n % 2 == 0)
            dst[n / 2] = cosf(dst[n / 2]) >= 0.0f ? 0.0f : (float)M_PI;
    }
    return phase;
}

int stftc_phase_pghi(stftc_phase_t* ph, const float* mag, size_t nframes, float* phase)
{
    if (!stftc_phase_check_args(ph, mag, nframes) || !phase)
        return STFTC_ERR_INVALID_ARG;
    stftc_phase_load_mag(ph, mag, nframes);
    const float* p = pghi_run(ph, nframes);
    const size_t b = ph->bins;
    for (size_t k = 0; k < nframes; k++) {
        if (ph->centered)
            stftc_real_to_centered(phase + k * b, p + k * b, b);
        else
            memcpy(phase + k * b, p + k * b, b * sizeof(float));
    }
    return STFTC_OK;
}

/* Initial coefficients c = S exp(i phi0) for nf frames. */
void stftc_phase_init_coefs(stftc_phase_t* ph, size_t nf, const float* given)
{
    const size_t b = ph->bins, K = nf * b;
    switch (ph->cfg.init) {
    case STFTC_PHASE_INIT_ZERO:
        for (size_t e = 0; e < K; e++) {
            ph->c[2 * e] = ph->S[e];
            ph->c[2 * e + 1] = 0.0f;
        }
        break;
    case STFTC_PHASE_INIT_RANDOM: {
        uint64_t rng = ph->cfg.seed;
        for (size_t e = 0; e < K; e++) {
            const float p = stftc_rng_phase(&rng);
            ph->c[2 * e] = ph->S[e] * cosf(p);
            ph->c[2 * e + 1] = ph->S[e] * sinf(p);
        }
        break;
    }
    case STFTC_PHASE_INIT_GIVEN:
        for (size_t k = 0; k < nf; k++) {
            float* p = ph->mag; /* bins scratch */
            if (ph->centered)
                stftc_real_from_centered(p, given + k * b, b);
            else
                memcpy(p, given + k * b, b * sizeof(float));
            for (size_t m = 0; m < b; m++) {
                const float a = ph->S[k * b + m];
                ph->c[2 * (k * b + m)] = a * cosf(p[m]);
                ph->c[2 * (k * b + m) + 1] = a * sinf(p[m]);
            }
        }
        break;
    case STFTC_PHASE_INIT_PGHI: {
        const float* p = pghi_run(ph, nf);
        /* phases live in c: build the coefficients in t and swap */
        stftc_polar(ph->S, p, ph->t, K);
        float* tmp = ph->c;
        ph->c = ph->t;
        ph->t = tmp;
        break;
    }
    }
}

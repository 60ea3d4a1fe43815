/* gr-stftclean C core: known-phase cells of the offline object (phase.h,
 * stftc_phase_reconstruct_known): the mask and the known coefficients
 * loaded in natural bin order, put into the initial coefficients, the
 * final estimate written out, and the last P_A and synthesis that L-BFGS
 * (which optimises the signal) needs to keep them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "phase_internal.h"
#include "transform.h"

#include <stdlib.h>
#include <volk/volk.h>

/* natural bin of configured bin j */
static size_t natural_bin(const stftc_phase_t* ph, size_t j)
{
    if (!ph->centered)
        return j;
    const size_t b = ph->bins, neg = b - b / 2;
    return (j + neg) % b;
}

size_t stftc_phase_known_load(stftc_phase_t* ph,
                              size_t nf,
                              const uint8_t* known,
                              const float* phase)
{
    const size_t b = ph->bins, K = nf * b;
    memset(ph->kn, 0, K);
    ph->nknown = 0;
    if (!known)
        return 0;
    for (size_t k = 0; k < nf; k++)
        for (size_t j = 0; j < b; j++) {
            const size_t e = k * b + j;
            if (!known[e])
                continue;
            const size_t d = k * b + natural_bin(ph, j);
            const float s = ph->S[d], p = phase[e];
            ph->kn[d] = 1;
            ph->kc[2 * d] = s * cosf(p);
            ph->kc[2 * d + 1] = s * sinf(p);
            ph->nknown++;
        }
    return ph->nknown;
}

void stftc_phase_known_impose(stftc_phase_t* ph, size_t nf)
{
    if (!ph->nknown)
        return;
    for (size_t e = 0; e < nf * ph->bins; e++)
        if (ph->kn[e]) {
            ph->c[2 * e] = ph->kc[2 * e];
            ph->c[2 * e + 1] = ph->kc[2 * e + 1];
        }
}

void stftc_phase_coefs_out(const stftc_phase_t* ph, size_t nf, float* coefs)
{
    const size_t b = ph->bins;
    for (size_t k = 0; k < nf; k++)
        for (size_t j = 0; j < b; j++) {
            const size_t d = k * b + natural_bin(ph, j);
            coefs[2 * (k * b + j)] = ph->c[2 * d];
            coefs[2 * (k * b + j) + 1] = ph->c[2 * d + 1];
        }
}

double stftc_phase_analyse_y(stftc_phase_t* ph, size_t nf, int mode)
{
    const int project = mode == 2;
    const size_t b = ph->bins, h = ph->h, spf = ph->spf;
    double err = 0.0;
    for (size_t k = 0; k < nf; k++) {
        stftc_fwd_frame(&ph->f, ph->y + k * h * spf);
        float* c = mode ? ph->c + 2 * k * b : ph->f.fout;
        const float* S = ph->S + k * b;
        if (mode)
            memcpy(c, ph->f.fout, 2 * b * sizeof(float));
        for (size_t m = 0; m < b; m++) {
            const float re = c[2 * m], im = c[2 * m + 1];
            const float a = sqrtf(re * re + im * im);
            const double d = (double)a - (double)S[m];
            err += d * d;
            if (project) {
                const float g = a > 1e-15f ? S[m] / a : 0.0f;
                c[2 * m] = a > 1e-15f ? re * g : S[m];
                c[2 * m + 1] = a > 1e-15f ? im * g : 0.0f;
            }
        }
    }
    return err;
}

/* gr-stftclean C core, estimator: DC offset removal (see mask.h, dc). The
 * offset c is tracked from the DC bin (c = X_0 / W(0), a running mean over
 * the first frames, then an EMA of time constant DC_TAU_S) and c W(k) is
 * taken from the bins of the window's main lobe around DC: exactly what a
 * constant c in the samples puts there. Anything else at DC turns from
 * frame to frame and averages out.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "est_state.h"

#include <math.h>

#define DC_TAU_S 0.5      /* DC offset tracking time constant */
#define DC_LOBE_REL 1e-4  /* lobe bins: |W(k)| above this times W(0) */
#define DC_CLIP 4.0       /* DC innovation clip, in its running RMS */
#define DC_DEV_ALPHA 0.02 /* EMA weight of that RMS's square per frame */

/* The window's DFT around DC (the window sits at the start of the frame,
 * zero-padded to n); the lobe is the bins where it is not negligible, at
 * most STFTC_EST_DC_HALF per side. */
void stftc_est_dc_init(stftc_est_t* e, const float* window, const stftc_frame_geom_t* g)
{
    e->dc_alpha = e->hop_s / DC_TAU_S;
    if (e->dc_alpha > 1.0)
        e->dc_alpha = 1.0;
    if (!window || !g->is_cplx)
        return;
    double w0 = 0.0;
    for (size_t i = 0; i < g->l; i++)
        w0 += window[i];
    e->dc_w0_inv = w0 != 0.0 ? (float)(1.0 / w0) : 0.0f;
    e->dc_bin = g->centered ? g->n / 2 : 0;
    e->dc_n_lobe = 0;
    const long half = (long)(g->n / 2 < STFTC_EST_DC_HALF ? g->n / 2 : STFTC_EST_DC_HALF);
    for (long j = -half; j <= half; j++) {
        if (j == half && 2 * half == (long)g->n)
            break; /* n even and small: -n/2 and n/2 are one bin */
        double re = 0.0, im = 0.0;
        for (size_t i = 0; i < g->l; i++) {
            const long ph = ((j % (long)g->n) * (long)i) % (long)g->n;
            const double a = -2.0 * M_PI * (double)ph / (double)g->n;
            re += window[i] * cos(a);
            im += window[i] * sin(a);
        }
        if (sqrt(re * re + im * im) < DC_LOBE_REL * fabs(w0))
            continue;
        const size_t nat = (size_t)((j + (long)g->n) % (long)g->n);
        const size_t k = g->centered ? (nat + g->n / 2) % g->n : nat;
        e->dc_idx[e->dc_n_lobe] = (uint32_t)k;
        e->dc_w[2 * e->dc_n_lobe] = (float)re;
        e->dc_w[2 * e->dc_n_lobe + 1] = (float)im;
        e->dc_n_lobe++;
    }
}

/* DC offset removal on the frame x (in place): the offset seen in the DC
 * bin joins the tracked mean, whose lobe is taken from the bins. */
void stftc_est_dc_remove(stftc_est_t* e, float* x)
{
    const float re = x[2 * e->dc_bin], im = x[2 * e->dc_bin + 1];
    if (!(isfinite(re) && isfinite(im)))
        return;
    /* digital silence stays exact zeros (the floor tracker skips it) */
    size_t nz = 0;
    while (nz < 2 * e->bins && x[nz] == 0.0f)
        nz++;
    if (nz == 2 * e->bins)
        return;
    e->dc_count++;
    double a = 1.0 / (double)e->dc_count;
    a = a > e->dc_alpha ? a : e->dc_alpha;
    /* the innovation, clipped at DC_CLIP times its running RMS: a pulse or a
     * chirp through DC (tens of dB over everything else for a frame) must
     * not leave an offset that the slow mean then takes seconds to forget */
    double dr = (double)re * e->dc_w0_inv - e->dc_re,
           di = (double)im * e->dc_w0_inv - e->dc_im;
    double d2 = dr * dr + di * di;
    const double lim2 = DC_CLIP * DC_CLIP * e->dc_dev;
    if (e->dc_count > 8 && d2 > lim2) {
        const double k = sqrt(lim2 / d2);
        dr *= k;
        di *= k;
        d2 = lim2;
    }
    double ad = 1.0 / (double)e->dc_count;
    ad = ad > DC_DEV_ALPHA ? ad : DC_DEV_ALPHA;
    e->dc_dev += ad * (d2 - e->dc_dev);
    e->dc_re += a * dr;
    e->dc_im += a * di;
    const float cr = (float)e->dc_re, ci = (float)e->dc_im;
    for (size_t i = 0; i < e->dc_n_lobe; i++) {
        const size_t k = e->dc_idx[i];
        const float wr = e->dc_w[2 * i], wi = e->dc_w[2 * i + 1];
        x[2 * k] -= cr * wr - ci * wi;
        x[2 * k + 1] -= cr * wi + ci * wr;
    }
}

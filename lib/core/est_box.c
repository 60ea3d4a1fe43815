/* gr-stftclean C core, estimator: the box mean across frequency (the
 * region's width for the pooled SNR, 17 bins for the warm-up floor, the
 * gain smoothing's width).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "est_state.h"

#include <stftclean/vmath.h>
#include <string.h>

#define SLIDE_CHAINS 4 /* independent running sums */

static inline void box_taps(
    const float* restrict ext, float* restrict dst, size_t b, size_t width, float scale)
{
    for (size_t k = 0; k < b; k++) {
        float acc = 0.0f;
        for (size_t j = 0; j < width; j++)
            acc += ext[k + j];
        dst[k] = acc * scale;
    }
}

/* pooled[k] = mean of src over the F bins centred on k (circular for complex,
 * shrunk at the edges for real), divided by frames (the time count). */
STFTC_HOT void
stftc_est_box_freq(stftc_est_t* e, const float* src, float* dst, size_t half, float scale)
{
    const size_t b = e->bins;
    float* ext = (float*)e->ext;
    if (half == 0) {
        stftc_vec_scale(dst, src, scale, b);
        return;
    }
    if (e->is_cplx && half <= 4 && b >= 4 * half + 2 && src != dst) {
        /* a narrow circular box: the interior reads src itself; only the
         * edges go through ext, as [src[b-h..b) | src[0..2h)] and
         * [src[b-2h..b) | src[0..h)] (h = half) */
        const size_t h = half, w = 2 * h + 1;
        const float ts = scale / (float)w;
        float* head = ext;
        float* tail = ext + 3 * h;
        memcpy(head, src + b - h, h * sizeof(float));
        memcpy(head + h, src, 2 * h * sizeof(float));
        memcpy(tail, src + b - 2 * h, 2 * h * sizeof(float));
        memcpy(tail + 2 * h, src, h * sizeof(float));
        switch (w) {
        case 3:
            box_taps(head, dst, h, 3, ts);
            box_taps(src, dst + h, b - 2 * h, 3, ts);
            box_taps(tail, dst + b - h, h, 3, ts);
            break;
        case 5:
            box_taps(head, dst, h, 5, ts);
            box_taps(src, dst + h, b - 2 * h, 5, ts);
            box_taps(tail, dst + b - h, h, 5, ts);
            break;
        case 7:
            box_taps(head, dst, h, 7, ts);
            box_taps(src, dst + h, b - 2 * h, 7, ts);
            box_taps(tail, dst + b - h, h, 7, ts);
            break;
        default:
            box_taps(head, dst, h, 9, ts);
            box_taps(src, dst + h, b - 2 * h, 9, ts);
            box_taps(tail, dst + b - h, h, 9, ts);
            break;
        }
        return;
    }
    if (e->is_cplx) {
        for (size_t i = 0; i < half; i++) {
            ext[i] = src[(b - half + i) % b];
            ext[half + b + i] = src[i % b];
        }
    } else {
        memset(ext, 0, half * sizeof(float));
        memset(ext + half + b, 0, half * sizeof(float));
    }
    memcpy(ext + half, src, b * sizeof(float));
    const size_t width = 2 * half + 1;
    /* complex: every bin has the full width (circular) */
    const float tap_scale = e->is_cplx ? scale / (float)width : 1.0f;
    if (width <= 9) {
        /* one pass; the width is a constant in each case so the taps unroll */
        switch (width) {
        case 3:
            box_taps(ext, dst, b, 3, tap_scale);
            break;
        case 5:
            box_taps(ext, dst, b, 5, tap_scale);
            break;
        case 7:
            box_taps(ext, dst, b, 7, tap_scale);
            break;
        default:
            box_taps(ext, dst, b, 9, tap_scale);
            break;
        }
    } else if (b < SLIDE_CHAINS) {
        double r = 0.0; /* a sliding sum, in double so that it does not drift */
        for (size_t j = 0; j < width; j++)
            r += ext[j];
        dst[0] = (float)r * tap_scale;
        for (size_t k = 1; k < b; k++) {
            r += (double)ext[k + width - 1] - (double)ext[k - 1];
            dst[k] = (float)r * tap_scale;
        }
    } else {
        /* a sliding sum, in double so that it does not drift; the bins are
         * cut into SLIDE_CHAINS runs, each started from its own exact sum
         * and stepped side by side (one chain alone waits on every add);
         * the last run also takes the remainder */
        const size_t seg = b / SLIDE_CHAINS;
        double run[SLIDE_CHAINS];
        for (size_t c = 0; c < SLIDE_CHAINS; c++) {
            const size_t k0 = c * seg;
            double r = 0.0;
            for (size_t j = 0; j < width; j++)
                r += ext[k0 + j];
            run[c] = r;
            dst[k0] = (float)r * tap_scale;
        }
        for (size_t i = 1; i < seg; i++)
            for (size_t c = 0; c < SLIDE_CHAINS; c++) {
                const size_t k = c * seg + i;
                run[c] += (double)ext[k + width - 1] - (double)ext[k - 1];
                dst[k] = (float)run[c] * tap_scale;
            }
        double r = run[SLIDE_CHAINS - 1];
        for (size_t k = SLIDE_CHAINS * seg; k < b; k++) {
            r += (double)ext[k + width - 1] - (double)ext[k - 1];
            dst[k] = (float)r * tap_scale;
        }
    }
    if (!e->is_cplx) {
        for (size_t k = 0; k < b; k++) {
            const size_t lo = k >= half ? k - half : 0;
            const size_t hi = k + half < b ? k + half : b - 1;
            dst[k] *= scale / (float)(hi - lo + 1);
        }
    }
}

/* gr-stftclean C core: vector kernels (VOLK) and their plain-C references.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "transform.h"
#include "vext.h"

#include <math.h>
#include <stftclean/vmath.h>
#include <string.h>
#include <volk/volk.h>

void stftc_vec_cmul_real(float* out, const float* a, const float* w, size_t n)
{
    volk_32fc_32f_multiply_32fc((lv_32fc_t*)out, (const lv_32fc_t*)a, w, (unsigned)n);
}
void stftc_vec_cmul_real_ref(float* out, const float* a, const float* w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = a[2 * i] * w[i];
        out[2 * i + 1] = a[2 * i + 1] * w[i];
    }
}

void stftc_vec_mul(float* out, const float* a, const float* b, size_t n)
{
    volk_32f_x2_multiply_32f(out, a, b, (unsigned)n);
}
void stftc_vec_mul_ref(float* out, const float* a, const float* b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = a[i] * b[i];
}

void stftc_vec_add(float* out, const float* a, const float* b, size_t n)
{
    volk_32f_x2_add_32f(out, a, b, (unsigned)n);
}
void stftc_vec_add_ref(float* out, const float* a, const float* b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = a[i] + b[i];
}

void stftc_vec_mag2(float* out, const float* a, size_t n)
{
    volk_32fc_magnitude_squared_32f(out, (const lv_32fc_t*)a, (unsigned)n);
}
void stftc_vec_mag2_ref(float* out, const float* a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = a[2 * i] * a[2 * i] + a[2 * i + 1] * a[2 * i + 1];
}

void stftc_vec_scale(float* out, const float* a, float s, size_t n)
{
    volk_32f_s32f_multiply_32f(out, a, s, (unsigned)n);
}
void stftc_vec_scale_ref(float* out, const float* a, float s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = a[i] * s;
}

void* stftc_alloc(size_t bytes)
{
    if (bytes == 0)
        bytes = 1;
    if (stftc_budget_charge(bytes) != 0)
        return NULL;
    void* p = volk_malloc(bytes, volk_get_alignment());
    if (p)
        memset(p, 0, bytes);
    return p;
}

void stftc_free(void* p)
{
    if (p)
        volk_free(p);
}

/* ---------------------------------------------------------------------- */
/* Fused frame-path kernels (STFTC_VHOT, the vector types: vext.h). */

STFTC_VHOT static void
win_c(float* restrict out, const float* restrict x, const float* restrict w, size_t l)
{
    size_t i = 0;
#ifdef STFTC_HAVE_VEXT
    for (; i + 8 <= l; i += 8) {
        stftc_v16f r, ww;
        STFTC_LOAD16(r, x + 2 * i);
        STFTC_SPREAD8(ww, w + i);
        r *= ww;
        memcpy(out + 2 * i, &r, sizeof r);
    }
#endif
    for (; i < l; i++) {
        out[2 * i] = x[2 * i] * w[i];
        out[2 * i + 1] = x[2 * i + 1] * w[i];
    }
}

STFTC_VHOT static void
win_r(float* restrict out, const float* restrict x, const float* restrict w, size_t l)
{
    for (size_t i = 0; i < l; i++)
        out[i] = x[i] * w[i];
}

void stftc_fused_win(float* out, const float* x, const float* w, size_t l, int cplx)
{
    if (cplx)
        win_c(out, x, w, l);
    else
        win_r(out, x, w, l);
}

/* win_c / win_r that also tell whether some |x| is above lim (the range
 * check of the forward transform: transform.h). The flags are or-ed lane
 * by lane, so the compares carry no dependency from step to step (a running
 * maximum would, and costs its latency every step); a NaN compares false. */
STFTC_VHOT static int win_c_over(float* restrict out,
                                 const float* restrict x,
                                 const float* restrict w,
                                 size_t l,
                                 float lim)
{
    size_t i = 0;
    int over = 0;
#ifdef STFTC_HAVE_VEXT
    stftc_v16i vo = { 0 };
    for (; i + 8 <= l; i += 8) {
        stftc_v16f r, ww;
        STFTC_LOAD16(r, x + 2 * i);
        STFTC_OVER16(vo, r, lim);
        STFTC_SPREAD8(ww, w + i);
        r *= ww;
        memcpy(out + 2 * i, &r, sizeof r);
    }
    for (int j = 0; j < 16; j++)
        over |= vo[j];
#endif
    for (; i < l; i++) {
        over |= fabsf(x[2 * i]) > lim;
        over |= fabsf(x[2 * i + 1]) > lim;
        out[2 * i] = x[2 * i] * w[i];
        out[2 * i + 1] = x[2 * i + 1] * w[i];
    }
    return over != 0;
}

STFTC_VHOT static int win_r_over(float* restrict out,
                                 const float* restrict x,
                                 const float* restrict w,
                                 size_t l,
                                 float lim)
{
    size_t i = 0;
    int over = 0;
#ifdef STFTC_HAVE_VEXT
    stftc_v16i vo = { 0 };
    for (; i + 16 <= l; i += 16) {
        stftc_v16f r, ww;
        STFTC_LOAD16(r, x + i);
        STFTC_LOAD16(ww, w + i);
        STFTC_OVER16(vo, r, lim);
        r *= ww;
        memcpy(out + i, &r, sizeof r);
    }
    for (int j = 0; j < 16; j++)
        over |= vo[j];
#endif
    for (; i < l; i++) {
        over |= fabsf(x[i]) > lim;
        out[i] = x[i] * w[i];
    }
    return over != 0;
}

int stftc_fused_win_over(
    float* out, const float* x, const float* w, size_t l, int cplx, float lim)
{
    return cplx ? win_c_over(out, x, w, l, lim) : win_r_over(out, x, w, l, lim);
}

STFTC_VHOT int stftc_any_over(const float* a, size_t n, float lim)
{
    size_t i = 0;
    int over = 0;
#ifdef STFTC_HAVE_VEXT
    stftc_v16i vo = { 0 };
    for (; i + 16 <= n; i += 16) {
        stftc_v16f r;
        STFTC_LOAD16(r, a + i);
        STFTC_OVER16(vo, r, lim);
    }
    for (int j = 0; j < 16; j++)
        over |= vo[j];
#endif
    for (; i < n; i++)
        over |= fabsf(a[i]) > lim;
    return over != 0;
}

STFTC_VHOT int
stftc_copy_any_over(float* restrict dst, const float* restrict src, size_t n, float lim)
{
    size_t i = 0;
    int over = 0;
#ifdef STFTC_HAVE_VEXT
    stftc_v16i vo = { 0 };
    for (; i + 16 <= n; i += 16) {
        stftc_v16f r;
        STFTC_LOAD16(r, src + i);
        STFTC_OVER16(vo, r, lim);
        memcpy(dst + i, &r, sizeof r);
    }
    for (int j = 0; j < 16; j++)
        over |= vo[j];
#endif
    for (; i < n; i++) {
        over |= fabsf(src[i]) > lim;
        dst[i] = src[i];
    }
    return over != 0;
}

/* the slow path's exact peak (rare: a plain loop) */
float stftc_absmax(const float* a, size_t n)
{
    float peak = 0.0f;
    for (size_t i = 0; i < n; i++) {
        const float v = fabsf(a[i]);
        peak = v > peak ? v : peak;
    }
    return peak;
}

/* out[k] = in[k] g[k], complex in and out, real g; out may be in (each
 * block of eight is loaded whole before it is stored) */
STFTC_VHOT void stftc_fused_cgain(float* out, const float* in, const float* g, size_t n)
{
    size_t i = 0;
#ifdef STFTC_HAVE_VEXT
    for (; i + 8 <= n; i += 8) {
        stftc_v16f r, gg;
        STFTC_LOAD16(r, in + 2 * i);
        STFTC_SPREAD8(gg, g + i);
        r *= gg;
        memcpy(out + 2 * i, &r, sizeof r);
    }
#endif
    for (; i < n; i++) {
        const float gk = g[i];
        out[2 * i] = in[2 * i] * gk;
        out[2 * i + 1] = in[2 * i + 1] * gk;
    }
}

STFTC_VHOT void stftc_fused_mag2(float* restrict out, const float* restrict a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = a[2 * i] * a[2 * i] + a[2 * i + 1] * a[2 * i + 1];
}

/* out[i] = a[i] + y[i] d[i] (a may be NULL: zeros); complex y, a, out */
STFTC_VHOT static void madd_c(float* restrict out,
                              const float* a,
                              const float* restrict y,
                              const float* restrict d,
                              size_t n)
{
    size_t i = 0;
    if (a) {
#ifdef STFTC_HAVE_VEXT
        for (; i + 8 <= n; i += 8) {
            stftc_v16f r, yy, dd;
            STFTC_LOAD16(r, a + 2 * i);
            STFTC_LOAD16(yy, y + 2 * i);
            STFTC_SPREAD8(dd, d + i);
            r += yy * dd;
            memcpy(out + 2 * i, &r, sizeof r);
        }
#endif
        for (; i < n; i++) {
            out[2 * i] = a[2 * i] + y[2 * i] * d[i];
            out[2 * i + 1] = a[2 * i + 1] + y[2 * i + 1] * d[i];
        }
    } else {
#ifdef STFTC_HAVE_VEXT
        for (; i + 8 <= n; i += 8) {
            stftc_v16f r, dd;
            STFTC_LOAD16(r, y + 2 * i);
            STFTC_SPREAD8(dd, d + i);
            r *= dd;
            memcpy(out + 2 * i, &r, sizeof r);
        }
#endif
        for (; i < n; i++) {
            out[2 * i] = y[2 * i] * d[i];
            out[2 * i + 1] = y[2 * i + 1] * d[i];
        }
    }
}

STFTC_VHOT static void madd_r(float* restrict out,
                              const float* a,
                              const float* restrict y,
                              const float* restrict d,
                              size_t n)
{
    if (a) {
        for (size_t i = 0; i < n; i++)
            out[i] = a[i] + y[i] * d[i];
    } else {
        for (size_t i = 0; i < n; i++)
            out[i] = y[i] * d[i];
    }
}

/* The shift ola[j] = ola[j + h] + ... reads ahead of where it writes, so a
 * forward pass in blocks of at most h samples never reads a value it has
 * already overwritten; each block's source and destination are disjoint,
 * which lets the kernels above take restrict pointers. */
void stftc_fused_ola(
    float* out, float* ola, const float* y, const float* d, size_t l, size_t h, int cplx)
{
    const size_t keep = l - h;                /* samples ola holds */
    const size_t a = h < keep ? h : keep;     /* out samples with history */
    const size_t b = keep > h ? keep - h : 0; /* ola samples with history */
    const size_t s = cplx ? 2 : 1;
    void (*madd)(float*, const float*, const float*, const float*, size_t) =
        cplx ? madd_c : madd_r;
    madd(out, ola, y, d, a);
    if (h > a)
        madd(out + a * s, NULL, y + a * s, d + a, h - a);
    for (size_t j = 0; j < b; j += h) {
        const size_t m = b - j < h ? b - j : h;
        madd(ola + j * s, ola + (j + h) * s, y + (j + h) * s, d + j + h, m);
    }
    if (keep > b)
        madd(ola + b * s, NULL, y + (b + h) * s, d + b + h, keep - b);
}

void stftc_volk_ola(
    float* out, float* ola, float* y, const float* d, size_t l, size_t h, int cplx)
{
    const size_t keep = l - h;
    const size_t a = h < keep ? h : keep;
    const size_t b = keep > h ? keep - h : 0;
    const size_t s = cplx ? 2 : 1;
    if (cplx)
        stftc_vec_cmul_real(y, y, d, l);
    else
        stftc_vec_mul(y, y, d, l);
    stftc_vec_add(out, ola, y, a * s);
    if (h > a)
        memcpy(out + a * s, y + a * s, (h - a) * s * sizeof(float));
    for (size_t j = 0; j < b; j += h) {
        const size_t m = b - j < h ? b - j : h;
        stftc_vec_add(ola + j * s, ola + (j + h) * s, y + (j + h) * s, m * s);
    }
    if (keep > b)
        memcpy(ola + b * s, y + (b + h) * s, (keep - b) * s * sizeof(float));
}

/* out[i] (+)= y[i] d[i]; acc = 0 writes, 1 adds */
STFTC_VHOT static void macc_c(float* restrict out,
                              const float* restrict y,
                              const float* restrict d,
                              size_t n,
                              int acc)
{
    size_t i = 0;
#ifdef STFTC_HAVE_VEXT
    for (; i + 8 <= n; i += 8) {
        stftc_v16f r, yy, dd;
        STFTC_LOAD16(yy, y + 2 * i);
        STFTC_SPREAD8(dd, d + i);
        yy *= dd;
        if (acc) {
            STFTC_LOAD16(r, out + 2 * i);
            yy += r;
        }
        memcpy(out + 2 * i, &yy, sizeof yy);
    }
#endif
    for (; i < n; i++) {
        const float re = y[2 * i] * d[i], im = y[2 * i + 1] * d[i];
        out[2 * i] = acc ? out[2 * i] + re : re;
        out[2 * i + 1] = acc ? out[2 * i + 1] + im : im;
    }
}

STFTC_VHOT static void macc_r(float* restrict out,
                              const float* restrict y,
                              const float* restrict d,
                              size_t n,
                              int acc)
{
    if (acc) {
        for (size_t i = 0; i < n; i++)
            out[i] += y[i] * d[i];
    } else {
        for (size_t i = 0; i < n; i++)
            out[i] = y[i] * d[i];
    }
}

/* In blocks short enough that the partial sums stay in L1 between terms. */
void stftc_fused_sum(float* out,
                     const float* const* ys,
                     const float* const* ds,
                     size_t nr,
                     size_t n,
                     int cplx)
{
    const size_t s = cplx ? 2 : 1, blk = 512;
    for (size_t i0 = 0; i0 < n; i0 += blk) {
        const size_t m = n - i0 < blk ? n - i0 : blk;
        for (size_t r = 0; r < nr; r++) {
            if (cplx)
                macc_c(out + i0 * s, ys[r] + i0 * s, ds[r] + i0, m, r > 0);
            else
                macc_r(out + i0 * s, ys[r] + i0 * s, ds[r] + i0, m, r > 0);
        }
    }
}

/* gr-stftclean C core: the per-element vector kernels of the data path.
 * Each has a VOLK-backed fast path and a plain-C reference (_ref) that the
 * tests compare against. Counts are in elements (complex pairs for cf).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_VMATH_H
#define STFTCLEAN_VMATH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* out[i] = a[i] * w[i], a and out complex, w real */
void stftc_vec_cmul_real(float* out, const float* a, const float* w, size_t n);
void stftc_vec_cmul_real_ref(float* out, const float* a, const float* w, size_t n);
/* out[i] = a[i] * b[i], real */
void stftc_vec_mul(float* out, const float* a, const float* b, size_t n);
void stftc_vec_mul_ref(float* out, const float* a, const float* b, size_t n);
/* out[i] = a[i] + b[i], real */
void stftc_vec_add(float* out, const float* a, const float* b, size_t n);
void stftc_vec_add_ref(float* out, const float* a, const float* b, size_t n);
/* out[i] = |a[i]|^2, a complex */
void stftc_vec_mag2(float* out, const float* a, size_t n);
void stftc_vec_mag2_ref(float* out, const float* a, size_t n);
/* out[i] = a[i] * s, real */
void stftc_vec_scale(float* out, const float* a, float s, size_t n);
void stftc_vec_scale_ref(float* out, const float* a, float s, size_t n);

/* Aligned allocation (volk_malloc with VOLK's alignment), zeroed. */
void* stftc_alloc(size_t bytes);
void stftc_free(void* p);

#ifdef __cplusplus
}
#endif
#endif

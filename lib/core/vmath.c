/* gr-stftclean C core: vector kernels (VOLK) and their plain-C references.
 * SPDX-License-Identifier: GPL-3.0-or-later */
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

/* gr-stftclean C core: the wide-vector toolkit of the per-frame kernels.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTC_VEXT_H
#define STFTC_VEXT_H

#include <string.h>

/* Fused frame-path kernels. Compiled for AVX-512, AVX2+FMA and the baseline
 * and picked at load time, so a portable build still uses the wide units. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define STFTC_VHOT \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define STFTC_VHOT
#endif

/* Complex data times a real weight per sample: eight weights are spread
 * over sixteen floats by one shuffle (GCC vector extensions, lowered to the
 * clone's instruction set) instead of the vectoriser's de-interleave and
 * re-interleave of the data. */
#if defined(__GNUC__) && (__GNUC__ >= 12 || defined(__clang__))
#define STFTC_HAVE_VEXT 1
typedef float stftc_v8f __attribute__((vector_size(32)));
typedef float stftc_v16f __attribute__((vector_size(64)));

/* (macros, not functions: a 64-byte vector may not cross a call in the
 * baseline ABI) */
#define STFTC_SPREAD8(dst, w)                                          \
    do {                                                               \
        stftc_v8f v8_;                                                 \
        memcpy(&v8_, (w), sizeof v8_);                                 \
        (dst) = __builtin_shufflevector(                               \
            v8_, v8_, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7); \
    } while (0)
#define STFTC_LOAD16(dst, p) memcpy(&(dst), (p), sizeof(dst))
#endif


#ifdef STFTC_HAVE_VEXT
typedef int stftc_v8i __attribute__((vector_size(32)));
/* m ? a : b lane by lane for a comparison mask m (C has no vector ?:) */
#define STFTC_SEL8(m, a, b) \
    ((stftc_v8f)(((stftc_v8i)(a) & (m)) | ((stftc_v8i)(b) & ~(m))))
typedef int stftc_v16i __attribute__((vector_size(64)));
/* acc |= (|v| > lim) lane by lane (acc an stftc_v16i; a NaN lane is not
 * over) */
#define STFTC_OVER16(acc, v, lim)                                       \
    do {                                                                \
        const stftc_v16f a_ = (stftc_v16f)((stftc_v16i)(v)&0x7fffffff); \
        (acc) |= a_ > (lim);                                            \
    } while (0)
#endif

#endif

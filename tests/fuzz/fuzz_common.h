/* Helpers shared by the libFuzzer harnesses: a byte reader that turns the
 * fuzzer's input into configuration values, mostly in a useful range and
 * sometimes hostile (0, huge, NaN, Inf, just outside the range).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_FUZZ_COMMON_H
#define STFTCLEAN_FUZZ_COMMON_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stftclean/common.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

typedef struct {
    const uint8_t* p;
    size_t n;
} fz_t;

static inline uint8_t fz_u8(fz_t* f)
{
    if (!f->n)
        return 0;
    f->n--;
    return *f->p++;
}

static inline uint32_t fz_u32(fz_t* f)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)fz_u8(f) << (8 * i);
    return v;
}

static inline uint64_t fz_u64(fz_t* f)
{
    const uint64_t lo = fz_u32(f);
    return lo | (uint64_t)fz_u32(f) << 32;
}

/* A size: usually in [lo, hi], one time in eight a hostile value. */
static inline size_t fz_size(fz_t* f, size_t lo, size_t hi)
{
    const uint8_t sel = fz_u8(f);
    if (sel < 224)
        return lo + (size_t)(fz_u32(f) % (uint32_t)(hi - lo + 1));
    static const size_t hostile[] = { 0,
                                      1,
                                      2,
                                      3,
                                      SIZE_MAX,
                                      SIZE_MAX / 2,
                                      SIZE_MAX / 8 + 1,
                                      ((size_t)1 << 26) + 1,
                                      (size_t)1 << 32,
                                      ((size_t)1 << 32) + 2,
                                      (size_t)1 << 40,
                                      (size_t)1 << 62 };
    return hostile[sel % (sizeof hostile / sizeof hostile[0])];
}

/* A double: usually uniform in [lo, hi], sometimes an edge or a hostile
 * value (NaN, +-Inf, +-huge, denormal, the edges and just beyond them). */
static inline double fz_double(fz_t* f, double lo, double hi)
{
    const uint8_t sel = fz_u8(f);
    if (sel < 200)
        return lo + (hi - lo) * ((double)fz_u32(f) / 4294967295.0);
    switch (sel % 14) {
    case 0:
        return NAN;
    case 1:
        return INFINITY;
    case 2:
        return -INFINITY;
    case 3:
        return 0.0;
    case 4:
        return -1.0;
    case 5:
        return 1e300;
    case 6:
        return -1e300;
    case 7:
        return 4.9e-324;
    case 8:
        return lo;
    case 9:
        return hi;
    case 10:
        return nextafter(lo, -INFINITY);
    case 11:
        return nextafter(hi, INFINITY);
    case 12: {
        const uint64_t bits = fz_u64(f);
        double d;
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    default:
        return -lo;
    }
}

/* Every refusal must carry a negative code and a message. */
static inline void fz_check_refusal(int rc, const stftc_error_t* e, const char* what)
{
    if (rc >= 0 || e->code != rc || e->msg[0] == '\0' ||
        memchr(e->msg, '\0', sizeof e->msg) == NULL) {
        fprintf(stderr,
                "%s: refusal without code/message (rc %d code %d)\n",
                what,
                rc,
                e->code);
        abort();
    }
}

static inline void fz_assert(int cond, const char* what)
{
    if (!cond) {
        fprintf(stderr, "fuzz invariant failed: %s\n", what);
        abort();
    }
}

#endif

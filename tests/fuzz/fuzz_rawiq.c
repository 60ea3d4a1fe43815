/* Fuzz harness: the raw IQ codecs and the format-name parser. The first
 * byte picks the format, the rest are raw sample bytes (any alignment).
 * Checks: decoded values are in [-1, 1) for the integer formats and
 * re-encoding reproduces the input bytes (cf32 bit for bit, integers exactly
 * except cu8/ci8/ci16 values that decode to the same float).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz_common.h"

#include <stftclean/rawiq.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    /* the format parser on the input as text */
    char text[64];
    const size_t tl = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, tl);
    text[tl] = '\0';
    stftc_raw_format_t pf;
    stftc_error_t err;
    int rc = stftc_raw_parse_format(text, &pf, &err);
    if (rc == STFTC_OK) {
        stftc_raw_format_t again;
        fz_assert(stftc_raw_parse_format(stftc_raw_format_name(pf), &again, NULL) ==
                          STFTC_OK &&
                      again == pf,
                  "format name parses back");
    } else {
        fz_check_refusal(rc, &err, "raw_parse_format");
    }
    if (size < 1)
        return 0;

    const stftc_raw_format_t fmt = (stftc_raw_format_t)(data[0] % 4);
    const size_t sb = stftc_raw_sample_bytes(fmt);
    fz_assert(sb == 2 || sb == 4 || sb == 8, "sample bytes");
    const uint8_t* src = data + 1; /* deliberately unaligned */
    const size_t n = (size - 1) / sb;
    float* f = malloc((2 * n + 1) * sizeof *f);
    uint8_t* back = malloc(n * sb + 1);
    if (!f || !back) {
        free(f);
        free(back);
        return 0;
    }
    stftc_raw_decode(fmt, src, n, f);
    if (fmt != STFTC_RAW_CF32)
        for (size_t i = 0; i < 2 * n; i++)
            fz_assert(f[i] >= -1.0f && f[i] < 1.0f, "integer decode in [-1, 1)");
    stftc_raw_encode(fmt, f, n, back);
    if (fmt == STFTC_RAW_CF32) {
        fz_assert(memcmp(back, src, n * sb) == 0, "cf32 round trip bit for bit");
    } else {
        fz_assert(memcmp(back, src, n * sb) == 0, "integer round trip exact");
    }
    /* encode of arbitrary floats (NaN, Inf, huge) saturates, decode stays in range */
    if (n && fmt != STFTC_RAW_CF32) {
        float* g = malloc(2 * n * sizeof *g);
        if (g) {
            memcpy(g, src, n * sb < 2 * n * sizeof *g ? n * sb : 2 * n * sizeof *g);
            const size_t nf = n * sb / sizeof(float); /* floats from the raw bytes */
            for (size_t i = nf; i < 2 * n; i++)
                g[i] = 0.0f;
            stftc_raw_encode(fmt, g, n, back);
            stftc_raw_decode(fmt, back, n, f);
            for (size_t i = 0; i < 2 * n; i++)
                fz_assert(f[i] >= -1.0f && f[i] < 1.0f,
                          "saturated encode decodes in range");
            free(g);
        }
    }
    free(f);
    free(back);
    return 0;
}

/* gr-stftclean C core: raw interleaved IQ sample codecs.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stftclean/rawiq.h>
#include <string.h>

static const struct {
    const char* name;
    stftc_raw_format_t fmt;
} raw_names[] = {
    { "cf32", STFTC_RAW_CF32 }, { "fc32", STFTC_RAW_CF32 }, { "cfile", STFTC_RAW_CF32 },
    { "ci16", STFTC_RAW_CI16 }, { "cs16", STFTC_RAW_CI16 }, { "sc16", STFTC_RAW_CI16 },
    { "ci8", STFTC_RAW_CI8 },   { "cs8", STFTC_RAW_CI8 },   { "sc8", STFTC_RAW_CI8 },
    { "cu8", STFTC_RAW_CU8 },   { "rtl", STFTC_RAW_CU8 },
};

int stftc_raw_parse_format(const char* text, stftc_raw_format_t* fmt, stftc_error_t* err)
{
    char low[16];
    size_t n = 0;
    if (text) {
        for (; text[n] && n + 1 < sizeof low; n++)
            low[n] = (char)tolower((unsigned char)text[n]);
        low[n] = '\0';
        for (size_t i = 0; !text[n] && i < sizeof raw_names / sizeof raw_names[0]; i++)
            if (strcmp(low, raw_names[i].name) == 0) {
                *fmt = raw_names[i].fmt;
                stftc_ok(err);
                return STFTC_OK;
            }
    }
    return stftc_fail(
        err,
        STFTC_ERR_INVALID_ARG,
        "format: unknown raw IQ format '%s' (allowed: cf32, ci16, ci8, cu8)",
        text ? text : "(null)");
}

const char* stftc_raw_format_name(stftc_raw_format_t fmt)
{
    switch (fmt) {
    case STFTC_RAW_CF32:
        return "cf32";
    case STFTC_RAW_CI16:
        return "ci16";
    case STFTC_RAW_CI8:
        return "ci8";
    case STFTC_RAW_CU8:
        return "cu8";
    }
    return "unknown";
}

size_t stftc_raw_sample_bytes(stftc_raw_format_t fmt)
{
    switch (fmt) {
    case STFTC_RAW_CF32:
        return 8;
    case STFTC_RAW_CI16:
        return 4;
    case STFTC_RAW_CI8:
    case STFTC_RAW_CU8:
        return 2;
    }
    return 0;
}

void stftc_raw_decode(stftc_raw_format_t fmt, const void* src, size_t n, float* out)
{
    const unsigned char* b = src;
    switch (fmt) {
    case STFTC_RAW_CF32:
        memcpy(out, src, 2 * n * sizeof(float));
        break;
    case STFTC_RAW_CI16:
        for (size_t i = 0; i < 2 * n; i++) {
            /* little endian whatever the host */
            const int16_t v = (int16_t)(uint16_t)(b[2 * i] | (b[2 * i + 1] << 8));
            out[i] = (float)v * (1.0f / 32768.0f);
        }
        break;
    case STFTC_RAW_CI8:
        for (size_t i = 0; i < 2 * n; i++)
            out[i] = (float)(int8_t)b[i] * (1.0f / 128.0f);
        break;
    case STFTC_RAW_CU8:
        for (size_t i = 0; i < 2 * n; i++)
            out[i] = ((float)b[i] - 127.5f) * (1.0f / 128.0f);
        break;
    }
}

/* round to nearest, saturate, NaN -> 0 */
static long quantise(float x, float scale, float offset, long lo, long hi)
{
    if (!(x == x))
        return (long)(offset >= 0.0f ? lrintf(offset) : 0);
    const float v = x * scale + offset;
    if (!(v > (float)lo))
        return lo;
    if (!(v < (float)hi))
        return hi;
    return lrintf(v);
}

void stftc_raw_encode(stftc_raw_format_t fmt, const float* in, size_t n, void* dst)
{
    unsigned char* b = dst;
    switch (fmt) {
    case STFTC_RAW_CF32:
        memcpy(dst, in, 2 * n * sizeof(float));
        break;
    case STFTC_RAW_CI16:
        for (size_t i = 0; i < 2 * n; i++) {
            const uint16_t v =
                (uint16_t)(int16_t)quantise(in[i], 32768.0f, 0.0f, -32768, 32767);
            b[2 * i] = (unsigned char)(v & 0xFF);
            b[2 * i + 1] = (unsigned char)(v >> 8);
        }
        break;
    case STFTC_RAW_CI8:
        for (size_t i = 0; i < 2 * n; i++)
            b[i] = (unsigned char)(int8_t)quantise(in[i], 128.0f, 0.0f, -128, 127);
        break;
    case STFTC_RAW_CU8:
        for (size_t i = 0; i < 2 * n; i++)
            b[i] = (unsigned char)quantise(in[i], 128.0f, 127.5f, 0, 255);
        break;
    }
}

/* gr-stftclean C core: raw interleaved IQ sample codecs.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Raw recordings store I/Q pairs back to back with no header: cf32 (float32,
 * GNU Radio's file sink), ci16 (int16, many SDR tools), ci8 (int8, HackRF)
 * and cu8 (uint8 offset binary, RTL-SDR). These functions convert blocks of
 * them to and from interleaved complex float32 in [-1, 1): a file reader or
 * writer moves bytes, the codec does the arithmetic. */
#ifndef STFTCLEAN_RAWIQ_H
#define STFTCLEAN_RAWIQ_H

#include <stddef.h>
#include <stftclean/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    STFTC_RAW_CF32 = 0, /* float32 I, Q */
    STFTC_RAW_CI16 = 1, /* int16 I, Q, little endian; x / 32768 */
    STFTC_RAW_CI8 = 2,  /* int8 I, Q; x / 128 */
    STFTC_RAW_CU8 = 3   /* uint8 I, Q (RTL-SDR); (x - 127.5) / 128 */
} stftc_raw_format_t;

/* "cf32" (also "fc32", "cfile"), "ci16" (also "cs16", "sc16"), "ci8"
 * ("cs8", "sc8"), "cu8" ("rtl") -> format; error names the field "format". */
int stftc_raw_parse_format(const char* text, stftc_raw_format_t* fmt, stftc_error_t* err);
const char* stftc_raw_format_name(stftc_raw_format_t fmt);

/* Bytes per complex sample (8, 4, 2, 2); 0 for an unknown format. */
size_t stftc_raw_sample_bytes(stftc_raw_format_t fmt);

/* n complex samples from src (raw bytes, any alignment) to out (2n floats). */
void stftc_raw_decode(stftc_raw_format_t fmt, const void* src, size_t n, float* out);

/* n complex samples from in (2n floats) to dst (raw bytes). Integer formats
 * round to nearest, saturate at their range and write NaN as zero. */
void stftc_raw_encode(stftc_raw_format_t fmt, const float* in, size_t n, void* dst);

#ifdef __cplusplus
}
#endif
#endif

/* gr-stftclean C core: one reader and one writer over every recording format.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A program that only wants "samples plus what is known about them" opens a
 * source without caring whether it is an IQ WAV (iqfile.h), a SigMF pair
 * (sigmf.h) or a raw cf32/ci16/ci8/cu8/f32 file (rawiq.h), and gets the
 * same description: channels, sample rate, length, centre frequency and
 * start time where the format stores them. The sink writes any of them from
 * the same description, so metadata carries from input to output. */
#ifndef STFTCLEAN_IQSOURCE_H
#define STFTCLEAN_IQSOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <stftclean/common.h>
#include <stftclean/iqfile.h>
#include <stftclean/rawiq.h>
#include <stftclean/sigmf.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    STFTC_IQFMT_AUTO = 0, /* from the file name's extension */
    STFTC_IQFMT_WAV,      /* IQ WAV / RF64 (.wav) */
    STFTC_IQFMT_SIGMF,    /* .sigmf-meta + .sigmf-data */
    STFTC_IQFMT_CF32,     /* raw complex float32 (.cf32, .fc32, .cfile) */
    STFTC_IQFMT_CI16,     /* raw complex int16 (.ci16, .cs16, .sc16) */
    STFTC_IQFMT_CI8,      /* raw complex int8 (.ci8, .cs8, .sc8) */
    STFTC_IQFMT_CU8,      /* raw complex uint8, RTL-SDR (.cu8) */
    STFTC_IQFMT_F32       /* raw real float32 (.f32, .rf32) */
} stftc_iqfmt_t;

/* Name or extension ("wav", "sigmf", "sigmf-meta", "sigmf-data", "cf32",
 * "ci16", "cu8", "f32" and the aliases above) -> format; STFTC_ERR_INVALID_ARG
 * naming "format" otherwise. */
int stftc_iqfmt_parse(const char* text, stftc_iqfmt_t* fmt, stftc_error_t* err);
/* Format from a file name's extension; STFTC_IQFMT_AUTO if it tells none. */
stftc_iqfmt_t stftc_iqfmt_from_name(const char* path);
const char* stftc_iqfmt_name(stftc_iqfmt_t fmt);
/* 1 and *rt the raw sample type of a complex raw format (cf32, ci16, ci8,
 * cu8); 0 for the others (wav, sigmf, f32, auto). */
int stftc_iqfmt_raw_complex(stftc_iqfmt_t fmt, stftc_raw_format_t* rt);

/* ------------------------------------------------------------ source */

typedef struct {
    int swap_iq; /* exchange I and Q (WAV and complex formats) */
} stftc_iqsource_options_t;

stftc_iqsource_options_t stftc_iqsource_options_default(void);

typedef struct {
    stftc_iqfmt_t format;
    unsigned channels;  /* floats per frame: 2 (I/Q) or 1 (real) */
    double sample_rate; /* Hz; 0 if the format does not store it (raw) */
    uint64_t frames;    /* whole frames */
    int has_centre;
    double centre_hz; /* RF centre frequency */
    int has_time;
    stftc_systemtime_t start_time; /* UTC (as SigMF) or as the WAV recorder chose */
    double start_frac;             /* fraction of a second of the start, 0..1 */
    char encoding[48];             /* "PCM16", "float32", "ci16_le", "cu8" ... */
    int incomplete;                /* sizes recovered (WAV) or a partial sample at the end
                                      (SigMF, dropped_bytes) */
    int stream;             /* path "-": standard input, of a raw format, its length not
                               known (frames 0): read until stftc_iqsource_read gives 0;
                               it cannot seek back */
    unsigned dropped_bytes; /* SigMF, and a stream once read to its end: bytes
                               at the end that are not a whole sample, not
                               read */
    int time_invalid;       /* the file held a start time that is no calendar time
                               (WAV auxi: month 13, 99:99:99): has_time is 0 */
} stftc_iqsource_info_t;

typedef struct stftc_iqsource stftc_iqsource_t;

/* Opens path as fmt (AUTO: by extension; error if it tells none). Every
 * entry point (CLI, blocks, Python) opens recordings here, with one
 * strictness: an empty recording, a raw file whose size is not a whole
 * number of samples, and anything that is not a regular file (FIFO,
 * device: no hang) are errors; a SigMF data file with a partial sample at
 * its end opens with dropped_bytes set (callers warn), a WAV written by a
 * stopped recorder opens with incomplete set (sizes recovered). */
stftc_iqsource_t* stftc_iqsource_open(const char* path,
                                      stftc_iqfmt_t fmt,
                                      const stftc_iqsource_options_t* opt,
                                      stftc_error_t* err);
const stftc_iqsource_info_t* stftc_iqsource_info(const stftc_iqsource_t* s);
/* Up to max frames into out (max * channels floats); 0 at the end or on an
 * I/O error (stftc_iqsource_error). */
size_t stftc_iqsource_read(stftc_iqsource_t* s, float* out, size_t max);
int stftc_iqsource_error(const stftc_iqsource_t* s);
int stftc_iqsource_seek(stftc_iqsource_t* s, uint64_t frame);
/* The underlying reader, or NULL for other formats. */
stftc_iqwav_reader_t* stftc_iqsource_wav(stftc_iqsource_t* s);
stftc_sigmf_reader_t* stftc_iqsource_sigmf(stftc_iqsource_t* s);
void stftc_iqsource_close(stftc_iqsource_t* s);

/* ------------------------------------------------------------ sink */

typedef struct {
    unsigned channels;  /* 2 (I/Q) or 1 (real: WAV and f32 only) */
    double sample_rate; /* Hz; WAV needs a whole number >= 1, SigMF > 0 */
    int has_centre;
    double centre_hz;
    int has_time;
    stftc_systemtime_t start_time;
    double start_frac;             /* finer than start_time.millisecond (SigMF) */
    stftc_wav_format_t wav_format; /* WAV: PCM16 or float32 (default float32) */
    stftc_raw_format_t sigmf_type; /* SigMF datatype (default cf32) */
    uint64_t patch_interval;       /* WAV size patches, frames (0: 1 s) */
    char description[256];         /* SigMF core:description ("" none) */
} stftc_iqsink_options_t;

stftc_iqsink_options_t stftc_iqsink_options_default(void);

typedef struct stftc_iqsink stftc_iqsink_t;

stftc_iqsink_t* stftc_iqsink_create(const char* path,
                                    stftc_iqfmt_t fmt,
                                    const stftc_iqsink_options_t* opt,
                                    stftc_error_t* err);
int stftc_iqsink_write(stftc_iqsink_t* s, const float* in, size_t frames);
uint64_t stftc_iqsink_frames(const stftc_iqsink_t* s);
/* The SigMF writer (to add annotations), or NULL for other formats. */
stftc_sigmf_writer_t* stftc_iqsink_sigmf(stftc_iqsink_t* s);
/* Non-zero if the format could not store the centre frequency or time
 * given in the options (raw formats; WAV above 2^32-1 Hz), or the time was
 * no calendar time (stftc_time_valid) and was left out. */
int stftc_iqsink_metadata_dropped(const stftc_iqsink_t* s);
int stftc_iqsink_close(stftc_iqsink_t* s, stftc_error_t* err);

#ifdef __cplusplus
}
#endif
#endif

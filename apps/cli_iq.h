/* stftclean command-line tool: recordings in any supported format (IQ WAV,
 * SigMF, raw cf32/ci16/ci8/cu8/f32) through the core's iqsource/iqsink.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_APPS_CLI_IQ_H
#define STFTCLEAN_APPS_CLI_IQ_H

#include "cli.h"

#include <stftclean/iqsource.h>

/* The format list for messages. */
#define CLI_IQ_FORMATS "wav, sigmf, cf32, ci16, ci8, cu8 or f32"

/* An opened input recording. Raw files must be non-empty and a whole number
 * of samples; any format must hold at least one sample. */
typedef struct {
    stftc_iqsource_t* src;
    const char* path;
    stftc_iqsource_info_t info;
    size_t floats; /* floats per frame: 2 (I/Q or stereo) or 1 */
    size_t nsamples;
    /* identities of the files read (sample file, and the SigMF meta), to
     * refuse an output that would overwrite them */
    unsigned long long dev[2], ino[2];
    int nid;
    /* a stream ('-', standard input): the first frames read are kept for
     * one replay (cli_source_keep / cli_source_rewind) */
    float* replay;
    size_t replay_cap, replay_len, replay_pos; /* frames */
    int keeping, replaying;
} cli_source_t;

/* Parses a format option; prints "<opt_name>: must be ..." and returns
 * CLI_EXIT_USAGE if unknown. */
int cli_iqfmt_option(const char* text, const char* opt_name, stftc_iqfmt_t* fmt);

/* Opens path as fmt (STFTC_IQFMT_AUTO: by extension). Prints the error line
 * and returns an exit code on failure. "-" (standard input of a raw format:
 * s->info.stream set, nsamples 0 until read to its end) only through
 * cli_source_open_stream. swap_iq: the reader exchanges I and Q of a
 * complex input (--swap-iq: the first channel is Q); no effect on a real
 * one. */
int cli_source_open(cli_source_t* s, const char* path, stftc_iqfmt_t fmt, int swap_iq);
int cli_source_open_stream(cli_source_t* s,
                           const char* path,
                           stftc_iqfmt_t fmt,
                           int swap_iq);
/* Exactly n frames into buf; 0 or an exit code (error printed). */
int cli_source_read(cli_source_t* s, float* buf, size_t n);
/* Up to n frames into buf, *got of them: fewer only at the end of a stream
 * (a file that ends early is an error). 0 or an exit code. */
int cli_source_read_upto(cli_source_t* s, float* buf, size_t n, size_t* got);
/* Stream: keep the next (first) frames read, up to max, so that
 * cli_source_rewind can give them again; 0, or -1 if max frames cannot be
 * held (nothing kept). */
int cli_source_keep(cli_source_t* s, size_t max);
/* Back to the first frame: a seek for a file, the kept frames for a
 * stream. 0 or an exit code (error printed). */
int cli_source_rewind(cli_source_t* s);
void cli_source_close(cli_source_t* s);

/* Non-zero if path exists and is one of the files s reads. */
int cli_source_is_input(const cli_source_t* s, const char* path);

/* "2024-03-15 13:45:30.250" */
void cli_format_time(const stftc_systemtime_t* t, char* buf, size_t len);

#endif

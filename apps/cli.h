/* stftclean command-line tool: pieces shared by the sub-commands.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tool is a thin layer over the C core: it parses options, moves file
 * data in bounded chunks and reports the core's error sentences. */
#ifndef STFTCLEAN_APPS_CLI_H
#define STFTCLEAN_APPS_CLI_H

#include <stddef.h>
#include <stdio.h>

#include <stftclean/iqfile.h>

/* Exit codes: 0 success, 1 run-time failure (I/O, core error), 2 usage. */
#define CLI_EXIT_FAIL 1
#define CLI_EXIT_USAGE 2

/* One line "stftclean: <message>" on stderr. */
void cli_error(const char* fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* One line "stftclean: warning: <message>" on stderr (the run goes on). */
void cli_warn(const char* fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Strict number parsing: the whole text must be a number. Return 0 on
 * success, -1 otherwise. cli_parse_size rejects signs; cli_parse_rate accepts
 * k/M/G suffixes ("2.4M") and only finite values > 0. */
int cli_parse_size(const char* text, size_t* out);
int cli_parse_double(const char* text, double* out);
int cli_parse_rate(const char* text, double* out);

/* Sample file formats: raw cf32 / f32, or IQ WAV (1 channel: real, like f32;
 * 2 channels: I/Q, like cf32). */
typedef enum { CLI_FMT_UNKNOWN = 0, CLI_FMT_CF32, CLI_FMT_F32, CLI_FMT_WAV } cli_format_t;

/* "cf32" / "f32" / "wav" (and the aliases fc32, cfile / rf32) -> format. */
cli_format_t cli_format_parse(const char* text);
/* Format implied by a file name's extension, CLI_FMT_UNKNOWN if none. */
cli_format_t cli_format_from_name(const char* path);
const char* cli_format_name(cli_format_t fmt);
/* Floats per sample: 2 for cf32, 1 for f32 (wav: see cli_infile_t.floats). */
size_t cli_format_floats(cli_format_t fmt);

/* An input sample file opened for reading, checked to be a regular,
 * non-empty file whose size is a whole number of samples (raw), or a WAV
 * file the core's IQ WAV reader accepts. */
typedef struct {
    FILE* fp;                  /* raw formats */
    stftc_iqwav_reader_t* wav; /* CLI_FMT_WAV */
    const char* path;
    cli_format_t fmt;
    size_t floats; /* floats per sample: 2 complex, 1 real */
    size_t nsamples;
    unsigned long long dev, ino; /* identity, to refuse OUT == IN */
} cli_infile_t;

/* Opens path; fmt_opt (may be NULL) overrides the extension. Prints the
 * error line and returns a non-zero exit code on failure. */
int cli_infile_open(cli_infile_t* f, const char* path, const char* fmt_opt);
void cli_infile_close(cli_infile_t* f);
/* Read exactly n samples into buf (n * floats floats); 0 or an exit code. */
int cli_infile_read(cli_infile_t* f, float* buf, size_t n);

/* Human-readable duration of n samples at rate ("1.250 s", "12.5 ms"). */
void cli_format_duration(double seconds, char* buf, size_t len);

/* Sub-commands live in cmd_<name>.c, each defining
 *   int cli_<name>_main(int argc, char** argv);   argv[0] is "<name>"
 *   const char cli_<name>_summary[];              one line for the usage
 * CMake collects them into the dispatch table (cli_commands.inc), so a new
 * command needs no edit outside its own file. */
typedef struct {
    const char* name;
    int (*main_fn)(int argc, char** argv);
    const char* summary;
} cli_command_t;
extern const cli_command_t cli_commands[];

void cli_usage(FILE* out);

#endif

/* stftclean command-line tool: a progress line on stderr while a long
 * recording is read, and the one-line summary of a finished run.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The progress line is rewritten in place with \r, at most four times a
 * second (monotonic clock), and ends with a newline; cli_error and cli_warn
 * end it first, so a message never lands in the middle of it. It is only
 * ever written to stderr: standard output may carry the samples (OUT '-')
 * or a table (--csv -). */
#ifndef STFTCLEAN_APPS_CLI_PROGRESS_H
#define STFTCLEAN_APPS_CLI_PROGRESS_H

#include "cli.h"

#include <stdint.h>

/* --quiet: off; --progress: forced; else auto (see cli_progress_init). */
typedef enum {
    CLI_PROGRESS_AUTO = 0,
    CLI_PROGRESS_OFF,
    CLI_PROGRESS_FORCE
} cli_progress_mode_t;

/* Auto mode shows progress when stderr is a terminal and the input is
 * long: at least this many seconds of signal and 2^20 samples (a clip of
 * audio is done before a line could be read), at least
 * CLI_PROGRESS_AUTO_SAMPLES samples when the rate is unknown, or a stream
 * of unknown length. */
#define CLI_PROGRESS_AUTO_SECONDS 4.0
#define CLI_PROGRESS_AUTO_SAMPLES ((uint64_t)4 << 20)

typedef struct {
    int on;            /* lines are drawn */
    const char* phase; /* "priming", "cleaning", "measuring" */
    uint64_t total;    /* samples of the phase; 0: unknown (a stream) */
    double rate;       /* Hz; 0: unknown (samples are shown, not seconds) */
    double t0;         /* the run's start (cli_now) */
    double phase_t0;   /* the phase's start */
    double next;       /* earliest time of the next line */
    int width;         /* characters of the line on screen */
} cli_progress_t;

/* Seconds of a monotonic clock. */
double cli_now(void);

/* Whether p draws: never OFF, always FORCE, AUTO as above. total: the
 * input's samples (0: a stream); rate 0: unknown. t0: the run's start. */
void cli_progress_init(
    cli_progress_t* p, cli_progress_mode_t mode, uint64_t total, double rate, double t0);
/* A new phase of total samples (0: unknown) on the same line, drawn at
 * once. */
void cli_progress_phase(cli_progress_t* p, const char* phase, uint64_t total);
/* done samples of the phase; a line when a quarter second has passed. */
void cli_progress_update(cli_progress_t* p, uint64_t done);
/* The phase's last line (done samples, 100% when total is known) and the
 * newline. */
void cli_progress_finish(cli_progress_t* p, uint64_t done);
/* (cli_progress_break, in cli.h with the error lines, ends a progress
 * line left on screen.) */

/* "stftclean: done: N samples (D of signal) in W s, S MS/s (X x real
 * time)[; extra]" on out; the duration and real-time factor only with a
 * rate (> 0). */
void cli_summary(FILE* out, uint64_t n, double rate, double wall, const char* extra);

#endif

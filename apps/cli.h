/* stftclean command-line tool: pieces shared by the sub-commands.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tool is a thin layer over the C core: it parses options, moves file
 * data in bounded chunks and reports the core's error sentences. */
#ifndef STFTCLEAN_APPS_CLI_H
#define STFTCLEAN_APPS_CLI_H

#include <stddef.h>
#include <stdio.h>

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

/* stderr's line state: cli_stderr_line_open(1) after a line drawn without
 * its newline (a progress line), 0 once it has one; cli_progress_break
 * ends such a line with a newline (cli_error and cli_warn call it, so that
 * a message never lands in the middle of a progress line). */
void cli_stderr_line_open(int open);
void cli_progress_break(void);

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

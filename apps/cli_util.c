/* stftclean command-line tool: error lines and strict number parsing.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A line (a progress line) is on stderr without its newline. */
static int line_open;

void cli_stderr_line_open(int open) { line_open = open; }

void cli_progress_break(void)
{
    if (line_open) {
        fputc('\n', stderr);
        line_open = 0;
    }
}

static void line_out(const char* prefix, const char* fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    /* One line only, whatever the message holds: scripts grep for it. */
    for (char* p = msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    cli_progress_break(); /* never in the middle of a progress line */
    fprintf(stderr, "stftclean: %s%s\n", prefix, msg);
}

void cli_error(const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    line_out("", fmt, ap);
    va_end(ap);
}

void cli_warn(const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    line_out("warning: ", fmt, ap);
    va_end(ap);
}

int cli_parse_size(const char* text, size_t* out)
{
    if (!text || !isdigit((unsigned char)text[0]))
        return -1;
    errno = 0;
    char* end = NULL;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || *end != '\0' || v > (unsigned long long)SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

int cli_parse_double(const char* text, double* out)
{
    if (!text || !*text)
        return -1;
    errno = 0;
    char* end = NULL;
    double v = strtod(text, &end);
    if (errno || end == text || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int cli_parse_rate(const char* text, double* out)
{
    if (!text || !*text)
        return -1;
    errno = 0;
    char* end = NULL;
    double v = strtod(text, &end);
    if (errno || end == text)
        return -1;
    if (*end == 'k' || *end == 'K')
        v *= 1e3, end++;
    else if (*end == 'M')
        v *= 1e6, end++;
    else if (*end == 'G')
        v *= 1e9, end++;
    if (*end != '\0' || !isfinite(v) || !(v > 0.0))
        return -1;
    *out = v;
    return 0;
}

void cli_format_duration(double seconds, char* buf, size_t len)
{
    if (seconds >= 1.0)
        snprintf(buf, len, "%.3f s", seconds);
    else if (seconds >= 1e-3)
        snprintf(buf, len, "%.3f ms", seconds * 1e3);
    else
        snprintf(buf, len, "%.3f us", seconds * 1e6);
}

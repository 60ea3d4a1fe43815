/* stftclean command-line tool: progress line and run summary (see
 * cli_progress.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli_progress.h"

#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_INTERVAL 0.25 /* s between two lines */

double cli_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_init(
    cli_progress_t* p, cli_progress_mode_t mode, uint64_t total, double rate, double t0)
{
    memset(p, 0, sizeof *p);
    p->rate = rate > 0.0 && isfinite(rate) ? rate : 0.0;
    p->t0 = t0;
    p->phase = "";
    if (mode == CLI_PROGRESS_FORCE) {
        p->on = 1;
    } else if (mode == CLI_PROGRESS_AUTO && isatty(STDERR_FILENO)) {
        if (total == 0)
            p->on = 1; /* a stream: its length is not known */
        else if (p->rate > 0.0)
            p->on = (double)total >= CLI_PROGRESS_AUTO_SECONDS * p->rate &&
                    total >= ((uint64_t)1 << 20);
        else
            p->on = total >= CLI_PROGRESS_AUTO_SAMPLES;
    }
}

/* "12.3 s", "4 min 05 s" */
static void format_seconds(double s, char* buf, size_t len)
{
    if (s < 100.0) {
        snprintf(buf, len, "%.1f s", s);
    } else {
        const long t = (long)floor(s + 0.5);
        snprintf(buf, len, "%ld min %02ld s", t / 60, t % 60);
    }
}

static void draw(cli_progress_t* p, uint64_t done, int final)
{
    const double now = cli_now();
    const double el = now - p->t0, pel = now - p->phase_t0;
    const unsigned long long d = (unsigned long long)done;
    const unsigned long long t = (unsigned long long)p->total;
    char line[256], a[32], b[32];
    size_t n = (size_t)snprintf(line, sizeof line, "stftclean: %s", p->phase);
    if (p->total) {
        /* 100% only once the phase is over */
        int pct = (int)floor(100.0 * (double)done / (double)p->total);
        if (pct > 100 || (final && done >= p->total))
            pct = 100;
        else if (pct > 99 && !final)
            pct = 99;
        n += (size_t)snprintf(line + n, sizeof line - n, " %3d%%:", pct);
    } else {
        n += (size_t)snprintf(line + n, sizeof line - n, ":");
    }
    if (p->rate > 0.0 && p->total) {
        format_seconds((double)done / p->rate, a, sizeof a);
        format_seconds((double)p->total / p->rate, b, sizeof b);
        n += (size_t)snprintf(line + n, sizeof line - n, " %s of %s of signal", a, b);
    } else if (p->rate > 0.0) {
        format_seconds((double)done / p->rate, a, sizeof a);
        n += (size_t)snprintf(line + n, sizeof line - n, " %s of signal", a);
    } else if (p->total) {
        n += (size_t)snprintf(line + n, sizeof line - n, " %llu of %llu samples", d, t);
    } else {
        n += (size_t)snprintf(line + n, sizeof line - n, " %llu samples", d);
    }
    format_seconds(el > 0.0 ? el : 0.0, a, sizeof a);
    n += (size_t)snprintf(line + n, sizeof line - n, " in %s", a);
    if (done > 0 && pel > 0.0) {
        const double speed = (double)done / pel;
        n += (size_t)snprintf(line + n, sizeof line - n, ", %.2f MS/s", speed / 1e6);
        const double left = p->total > done ? (double)(p->total - done) / speed : 0.0;
        if (!final && pel >= 0.5 && left >= 1.0) {
            format_seconds(left, a, sizeof a);
            n += (size_t)snprintf(line + n, sizeof line - n, ", about %s left", a);
        }
    }
    if (n >= sizeof line)
        n = sizeof line - 1;
    /* spaces over what is left of a longer line before */
    const int pad = p->width > (int)n ? p->width - (int)n : 0;
    fprintf(stderr, "\r%s%*s", line, pad, "");
    p->width = (int)n;
    if (final) {
        fputc('\n', stderr);
        p->width = 0;
    }
    cli_stderr_line_open(!final);
    fflush(stderr);
    p->next = now + PROGRESS_INTERVAL;
}

void cli_progress_phase(cli_progress_t* p, const char* phase, uint64_t total)
{
    p->phase = phase;
    p->total = total;
    p->phase_t0 = cli_now();
    if (p->on)
        draw(p, 0, 0);
}

void cli_progress_update(cli_progress_t* p, uint64_t done)
{
    if (p->on && cli_now() >= p->next)
        draw(p, done, 0);
}

void cli_progress_finish(cli_progress_t* p, uint64_t done)
{
    if (p->on)
        draw(p, done, 1);
}

void cli_summary(FILE* out, uint64_t n, double rate, double wall, const char* extra)
{
    fprintf(out, "stftclean: done: %llu samples", (unsigned long long)n);
    if (rate > 0.0 && isfinite(rate)) {
        char dur[32];
        cli_format_duration((double)n / rate, dur, sizeof dur);
        fprintf(out, " (%s of signal)", dur);
    }
    fprintf(out, " in %.3f s", wall);
    if (wall > 0.0) {
        fprintf(out, ", %.2f MS/s", (double)n / wall / 1e6);
        if (rate > 0.0 && isfinite(rate))
            fprintf(out, " (%.1fx real time)", (double)n / rate / wall);
    }
    if (extra && extra[0])
        fprintf(out, "; %s", extra);
    fputc('\n', out);
}

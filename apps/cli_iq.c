/* stftclean command-line tool: recordings in any supported format.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli_iq.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cli_iqfmt_option(const char* text, const char* opt_name, stftc_iqfmt_t* fmt)
{
    if (stftc_iqfmt_parse(text, fmt, NULL) != STFTC_OK) {
        cli_error("%s: must be %s, got '%s'", opt_name, CLI_IQ_FORMATS, text);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

static void add_identity(cli_source_t* s, const char* path)
{
    struct stat st;
    if (s->nid < 2 && stat(path, &st) == 0) {
        s->dev[s->nid] = (unsigned long long)st.st_dev;
        s->ino[s->nid] = (unsigned long long)st.st_ino;
        s->nid++;
    }
}

int cli_source_is_input(const cli_source_t* s, const char* path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    for (int i = 0; i < s->nid; i++)
        if ((unsigned long long)st.st_dev == s->dev[i] &&
            (unsigned long long)st.st_ino == s->ino[i])
            return 1;
    return 0;
}

/* The sample file of a SigMF recording (its meta's core:dataset if any). */
static void sigmf_identities(cli_source_t* s)
{
    const size_t cap = strlen(s->path) + 300;
    char* meta = malloc(cap);
    char* data = malloc(cap);
    if (meta && data && stftc_sigmf_paths(s->path, meta, data, cap) == 0) {
        const stftc_sigmf_meta_t* m =
            stftc_sigmf_reader_meta(stftc_iqsource_sigmf(s->src));
        if (m->dataset[0]) {
            const char* slash = strrchr(meta, '/');
            const size_t dir = slash ? (size_t)(slash - meta) + 1 : 0;
            memcpy(data, meta, dir);
            snprintf(data + dir, cap - dir, "%s", m->dataset);
        }
        add_identity(s, data);
        add_identity(s, meta);
    }
    free(meta);
    free(data);
}

int cli_source_open(cli_source_t* s, const char* path, stftc_iqfmt_t fmt)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    if (fmt == STFTC_IQFMT_AUTO)
        fmt = stftc_iqfmt_from_name(path);
    if (fmt == STFTC_IQFMT_AUTO) {
        cli_error("%s: cannot tell the format from the extension (.wav, .sigmf-meta, "
                  ".sigmf-data, .cf32, .ci16, .ci8, .cu8 or .f32); give --format FMT",
                  path);
        return CLI_EXIT_USAGE;
    }
    stftc_error_t err;
    s->src = stftc_iqsource_open(path, fmt, NULL, &err);
    if (!s->src) {
        if (strstr(err.msg, path))
            cli_error("%s", err.msg);
        else
            cli_error("%s: %s", path, err.msg);
        return CLI_EXIT_FAIL;
    }
    s->info = *stftc_iqsource_info(s->src);
    s->floats = s->info.channels;
    const int raw = fmt != STFTC_IQFMT_WAV && fmt != STFTC_IQFMT_SIGMF;
    if (raw && s->info.frames == 0 && !s->info.incomplete) {
        cli_error("%s: empty file, no samples", path);
        cli_source_close(s);
        return CLI_EXIT_FAIL;
    }
    if (raw && s->info.incomplete) {
        /* the raw complex formats are listed in rawiq.h's order */
        const size_t bps =
            fmt == STFTC_IQFMT_F32
                ? sizeof(float)
                : stftc_raw_sample_bytes((stftc_raw_format_t)(fmt - STFTC_IQFMT_CF32));
        struct stat st;
        const long long size = stat(path, &st) == 0 ? (long long)st.st_size : -1;
        cli_error("%s: size %lld bytes is not a multiple of the %zu-byte %s sample "
                  "(truncated file or wrong format?)",
                  path,
                  size,
                  bps,
                  stftc_iqfmt_name(fmt));
        cli_source_close(s);
        return CLI_EXIT_FAIL;
    }
    if (s->info.frames == 0) {
        cli_error("%s: %s holds no samples",
                  path,
                  fmt == STFTC_IQFMT_WAV ? "the data chunk" : "the recording");
        cli_source_close(s);
        return CLI_EXIT_FAIL;
    }
    if (s->info.frames > (uint64_t)SIZE_MAX / 8) {
        cli_error("%s: too many samples for this platform", path);
        cli_source_close(s);
        return CLI_EXIT_FAIL;
    }
    s->nsamples = (size_t)s->info.frames;
    if (fmt == STFTC_IQFMT_SIGMF)
        sigmf_identities(s);
    else
        add_identity(s, path);
    return 0;
}

int cli_source_read(cli_source_t* s, float* buf, size_t n)
{
    if (stftc_iqsource_read(s->src, buf, n) != n) {
        cli_error("%s: read failed: %s",
                  s->path,
                  stftc_iqsource_error(s->src) ? "I/O error or file shrank"
                                               : "fewer samples than the header said");
        return CLI_EXIT_FAIL;
    }
    return 0;
}

void cli_source_close(cli_source_t* s)
{
    stftc_iqsource_close(s->src);
    s->src = NULL;
}

void cli_format_time(const stftc_systemtime_t* t, char* buf, size_t len)
{
    snprintf(buf,
             len,
             "%04u-%02u-%02u %02u:%02u:%02u.%03u",
             (unsigned)t->year,
             (unsigned)t->month,
             (unsigned)t->day,
             (unsigned)t->hour,
             (unsigned)t->minute,
             (unsigned)t->second,
             (unsigned)t->millisecond);
}

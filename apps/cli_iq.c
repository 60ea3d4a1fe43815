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

static int source_open(
    cli_source_t* s, const char* path, stftc_iqfmt_t fmt, int swap_iq, int allow_stream)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    if (!strcmp(path, "-") && !allow_stream) {
        cli_error("-: only clean reads standard input; give a file");
        return CLI_EXIT_USAGE;
    }
    if (!strcmp(path, "-") && fmt == STFTC_IQFMT_AUTO) {
        cli_error("-: standard input needs its format: --format cf32, ci16, ci8, cu8 "
                  "or f32 (and --rate)");
        return CLI_EXIT_USAGE;
    }
    if (fmt == STFTC_IQFMT_AUTO)
        fmt = stftc_iqfmt_from_name(path);
    if (fmt == STFTC_IQFMT_AUTO) {
        cli_error("%s: cannot tell the format from the extension (.wav, .sigmf-meta, "
                  ".sigmf-data, .cf32, .ci16, .ci8, .cu8 or .f32); give --format FMT",
                  path);
        return CLI_EXIT_USAGE;
    }
    stftc_error_t err;
    stftc_iqsource_options_t opt = stftc_iqsource_options_default();
    opt.swap_iq = swap_iq; /* the core's reader exchanges I and Q */
    s->src = stftc_iqsource_open(path, fmt, &opt, &err);
    if (!s->src) {
        if (strstr(err.msg, path))
            cli_error("%s", err.msg);
        else
            cli_error("%s: %s", path, err.msg);
        return CLI_EXIT_FAIL;
    }
    s->info = *stftc_iqsource_info(s->src);
    s->floats = s->info.channels;
    if (s->info.dropped_bytes)
        cli_warn("%s: the last %u bytes of the data are not a whole sample; ignored",
                 path,
                 s->info.dropped_bytes);
    if (s->info.frames > (uint64_t)SIZE_MAX / 8) {
        cli_error("%s: too many samples for this platform", path);
        cli_source_close(s);
        return CLI_EXIT_FAIL;
    }
    s->nsamples = (size_t)s->info.frames;
    if (fmt == STFTC_IQFMT_SIGMF)
        sigmf_identities(s);
    else if (!s->info.stream)
        add_identity(s, path);
    return 0;
}

int cli_source_open(cli_source_t* s, const char* path, stftc_iqfmt_t fmt, int swap_iq)
{
    return source_open(s, path, fmt, swap_iq, 0);
}

int cli_source_open_stream(cli_source_t* s,
                           const char* path,
                           stftc_iqfmt_t fmt,
                           int swap_iq)
{
    return source_open(s, path, fmt, swap_iq, 1);
}

int cli_source_read_upto(cli_source_t* s, float* buf, size_t n, size_t* got)
{
    size_t done = 0;
    if (s->replaying) {
        const size_t k =
            n < s->replay_len - s->replay_pos ? n : s->replay_len - s->replay_pos;
        memcpy(buf, s->replay + s->replay_pos * s->floats, k * s->floats * sizeof(float));
        s->replay_pos += k;
        done = k;
        if (s->replay_pos == s->replay_len) {
            s->replaying = 0;
            free(s->replay);
            s->replay = NULL;
        }
    }
    if (done < n) {
        const size_t k = stftc_iqsource_read(s->src, buf + done * s->floats, n - done);
        if (s->keeping) {
            const size_t room = s->replay_cap - s->replay_len;
            const size_t m = k < room ? k : room;
            memcpy(s->replay + s->replay_len * s->floats,
                   buf + done * s->floats,
                   m * s->floats * sizeof(float));
            s->replay_len += m;
        }
        if (k < n - done && (!s->info.stream || stftc_iqsource_error(s->src))) {
            cli_error("%s: read failed: %s",
                      s->path,
                      stftc_iqsource_error(s->src)
                          ? "I/O error or file shrank"
                          : "fewer samples than the header said");
            return CLI_EXIT_FAIL;
        }
        done += k;
    }
    *got = done;
    return 0;
}

int cli_source_read(cli_source_t* s, float* buf, size_t n)
{
    size_t got = 0;
    const int rc = cli_source_read_upto(s, buf, n, &got);
    if (rc == 0 && got != n) {
        cli_error("%s: read failed: the stream ended early", s->path);
        return CLI_EXIT_FAIL;
    }
    return rc;
}

int cli_source_keep(cli_source_t* s, size_t max)
{
    /* a noise window longer than 1 GiB of samples is not held in memory */
    if (!s->info.stream || max > ((size_t)1 << 30) / (s->floats * sizeof(float)))
        return -1;
    s->replay = malloc(max * s->floats * sizeof(float) + 1);
    if (!s->replay)
        return -1;
    s->replay_cap = max;
    s->replay_len = s->replay_pos = 0;
    s->keeping = 1;
    return 0;
}

int cli_source_rewind(cli_source_t* s)
{
    if (s->info.stream) {
        if (!s->keeping) {
            cli_error("%s: a stream cannot be read again from its start", s->path);
            return CLI_EXIT_FAIL;
        }
        s->keeping = 0;
        s->replaying = 1;
        s->replay_pos = 0;
        if (s->replay_len == 0) {
            s->replaying = 0;
            free(s->replay);
            s->replay = NULL;
        }
        return 0;
    }
    if (stftc_iqsource_seek(s->src, 0) != STFTC_OK) {
        cli_error("%s: cannot read it again from its start (try --one-pass)", s->path);
        return CLI_EXIT_FAIL;
    }
    return 0;
}

void cli_source_close(cli_source_t* s)
{
    stftc_iqsource_close(s->src);
    s->src = NULL;
    free(s->replay);
    s->replay = NULL;
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

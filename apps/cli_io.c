/* stftclean command-line tool: raw cf32 / f32 sample files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

cli_format_t cli_format_parse(const char* text)
{
    if (!text)
        return CLI_FMT_UNKNOWN;
    if (!strcasecmp(text, "cf32") || !strcasecmp(text, "fc32") ||
        !strcasecmp(text, "cfile"))
        return CLI_FMT_CF32;
    if (!strcasecmp(text, "f32") || !strcasecmp(text, "rf32"))
        return CLI_FMT_F32;
    if (!strcasecmp(text, "wav"))
        return CLI_FMT_WAV;
    return CLI_FMT_UNKNOWN;
}

cli_format_t cli_format_from_name(const char* path)
{
    const char* slash = strrchr(path, '/');
    const char* dot = strrchr(slash ? slash : path, '.');
    return dot ? cli_format_parse(dot + 1) : CLI_FMT_UNKNOWN;
}

const char* cli_format_name(cli_format_t fmt)
{
    switch (fmt) {
    case CLI_FMT_CF32:
        return "cf32";
    case CLI_FMT_F32:
        return "f32";
    case CLI_FMT_WAV:
        return "wav";
    default:
        return "unknown";
    }
}

size_t cli_format_floats(cli_format_t fmt) { return fmt == CLI_FMT_CF32 ? 2 : 1; }

static int wav_open(cli_infile_t* f)
{
    struct stat st;
    if (stat(f->path, &st) != 0) {
        cli_error("%s: %s", f->path, strerror(errno));
        return CLI_EXIT_FAIL;
    }
    stftc_error_t err;
    f->wav = stftc_iqwav_open(f->path, NULL, &err);
    if (!f->wav) {
        cli_error("%s: %s", f->path, err.msg);
        return CLI_EXIT_FAIL;
    }
    const stftc_iqwav_info_t* in = stftc_iqwav_info(f->wav);
    if (in->frames == 0) {
        cli_error("%s: the data chunk holds no samples", f->path);
        cli_infile_close(f);
        return CLI_EXIT_FAIL;
    }
    if (in->frames > (unsigned long long)SIZE_MAX) {
        cli_error("%s: too many samples for this platform", f->path);
        cli_infile_close(f);
        return CLI_EXIT_FAIL;
    }
    f->floats = in->channels;
    f->nsamples = (size_t)in->frames;
    f->dev = (unsigned long long)st.st_dev;
    f->ino = (unsigned long long)st.st_ino;
    return 0;
}

int cli_infile_open(cli_infile_t* f, const char* path, const char* fmt_opt)
{
    memset(f, 0, sizeof *f);
    f->path = path;
    if (fmt_opt) {
        f->fmt = cli_format_parse(fmt_opt);
        if (f->fmt == CLI_FMT_UNKNOWN) {
            cli_error("--format: must be cf32, f32 or wav, got '%s'", fmt_opt);
            return CLI_EXIT_USAGE;
        }
    } else {
        f->fmt = cli_format_from_name(path);
        if (f->fmt == CLI_FMT_UNKNOWN) {
            cli_error("%s: cannot tell the format from the extension "
                      "(.cf32, .f32 or .wav); give --format cf32|f32|wav",
                      path);
            return CLI_EXIT_USAGE;
        }
    }
    if (f->fmt == CLI_FMT_WAV)
        return wav_open(f);
    f->floats = cli_format_floats(f->fmt);
    struct stat pre;
    if (stat(path, &pre) == 0 && !S_ISREG(pre.st_mode)) {
        /* opening a FIFO would wait for a writer */
        cli_error("%s: not a regular file", path);
        return CLI_EXIT_FAIL;
    }
    f->fp = fopen(path, "rb");
    if (!f->fp) {
        cli_error("%s: %s", path, strerror(errno));
        return CLI_EXIT_FAIL;
    }
    struct stat st;
    if (fstat(fileno(f->fp), &st) != 0) {
        cli_error("%s: %s", path, strerror(errno));
        cli_infile_close(f);
        return CLI_EXIT_FAIL;
    }
    if (!S_ISREG(st.st_mode)) {
        cli_error("%s: not a regular file", path);
        cli_infile_close(f);
        return CLI_EXIT_FAIL;
    }
    const size_t bps = f->floats * sizeof(float);
    if (st.st_size == 0) {
        cli_error("%s: empty file, no samples", path);
        cli_infile_close(f);
        return CLI_EXIT_FAIL;
    }
    if ((unsigned long long)st.st_size % bps != 0) {
        cli_error("%s: size %lld bytes is not a multiple of the %zu-byte %s sample "
                  "(truncated file or wrong format?)",
                  path,
                  (long long)st.st_size,
                  bps,
                  cli_format_name(f->fmt));
        cli_infile_close(f);
        return CLI_EXIT_FAIL;
    }
    f->nsamples = (size_t)((unsigned long long)st.st_size / bps);
    f->dev = (unsigned long long)st.st_dev;
    f->ino = (unsigned long long)st.st_ino;
    return 0;
}

void cli_infile_close(cli_infile_t* f)
{
    if (f->fp)
        fclose(f->fp);
    f->fp = NULL;
    stftc_iqwav_close(f->wav);
    f->wav = NULL;
}

int cli_infile_read(cli_infile_t* f, float* buf, size_t n)
{
    if (f->wav) {
        if (stftc_iqwav_read(f->wav, buf, n) != n) {
            cli_error("%s: read failed: %s",
                      f->path,
                      stftc_iqwav_error(f->wav) ? "I/O error or file shrank"
                                                : "fewer samples than the header said");
            return CLI_EXIT_FAIL;
        }
        return 0;
    }
    const size_t floats = n * f->floats;
    if (fread(buf, sizeof(float), floats, f->fp) != floats) {
        cli_error("%s: read failed: %s",
                  f->path,
                  ferror(f->fp) ? strerror(errno) : "file shrank while reading");
        return CLI_EXIT_FAIL;
    }
    return 0;
}

/* gr-stftclean C core: format-independent recording reader and writer
 * (see iqsource.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _FILE_OFFSET_BITS 64
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stftclean/iqsource.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define IQSRC_BUF_BYTES 16384

static const struct {
    const char* name;
    stftc_iqfmt_t fmt;
} fmt_names[] = {
    { "wav", STFTC_IQFMT_WAV },          { "rf64", STFTC_IQFMT_WAV },
    { "sigmf", STFTC_IQFMT_SIGMF },      { "sigmf-meta", STFTC_IQFMT_SIGMF },
    { "sigmf-data", STFTC_IQFMT_SIGMF }, { "cf32", STFTC_IQFMT_CF32 },
    { "fc32", STFTC_IQFMT_CF32 },        { "cfile", STFTC_IQFMT_CF32 },
    { "ci16", STFTC_IQFMT_CI16 },        { "cs16", STFTC_IQFMT_CI16 },
    { "sc16", STFTC_IQFMT_CI16 },        { "ci8", STFTC_IQFMT_CI8 },
    { "cs8", STFTC_IQFMT_CI8 },          { "sc8", STFTC_IQFMT_CI8 },
    { "cu8", STFTC_IQFMT_CU8 },          { "rtl", STFTC_IQFMT_CU8 },
    { "f32", STFTC_IQFMT_F32 },          { "rf32", STFTC_IQFMT_F32 },
};

int stftc_iqfmt_parse(const char* text, stftc_iqfmt_t* fmt, stftc_error_t* err)
{
    for (size_t i = 0; text && i < sizeof fmt_names / sizeof fmt_names[0]; i++) {
        if (!strcasecmp(text, fmt_names[i].name)) {
            *fmt = fmt_names[i].fmt;
            return STFTC_OK;
        }
    }
    return stftc_fail(
        err,
        STFTC_ERR_INVALID_ARG,
        "format: must be wav, sigmf, cf32, ci16, ci8, cu8 or f32, got '%.32s'",
        text ? text : "(null)");
}

stftc_iqfmt_t stftc_iqfmt_from_name(const char* path)
{
    const char* slash = strrchr(path, '/');
    const char* dot = strrchr(slash ? slash : path, '.');
    stftc_iqfmt_t f;
    if (!dot || stftc_iqfmt_parse(dot + 1, &f, NULL) != STFTC_OK)
        return STFTC_IQFMT_AUTO;
    return f;
}

const char* stftc_iqfmt_name(stftc_iqfmt_t fmt)
{
    switch (fmt) {
    case STFTC_IQFMT_WAV:
        return "wav";
    case STFTC_IQFMT_SIGMF:
        return "sigmf";
    case STFTC_IQFMT_CF32:
        return "cf32";
    case STFTC_IQFMT_CI16:
        return "ci16";
    case STFTC_IQFMT_CI8:
        return "ci8";
    case STFTC_IQFMT_CU8:
        return "cu8";
    case STFTC_IQFMT_F32:
        return "f32";
    default:
        return "auto";
    }
}

int stftc_iqfmt_raw_complex(stftc_iqfmt_t f, stftc_raw_format_t* rt)
{
    switch (f) {
    case STFTC_IQFMT_CF32:
        *rt = STFTC_RAW_CF32;
        return 1;
    case STFTC_IQFMT_CI16:
        *rt = STFTC_RAW_CI16;
        return 1;
    case STFTC_IQFMT_CI8:
        *rt = STFTC_RAW_CI8;
        return 1;
    case STFTC_IQFMT_CU8:
        *rt = STFTC_RAW_CU8;
        return 1;
    default:
        return 0;
    }
}

/* ------------------------------------------------------------ source */

struct stftc_iqsource {
    stftc_iqsource_info_t info;
    stftc_iqsource_options_t opt;
    stftc_iqwav_reader_t* wav;
    stftc_sigmf_reader_t* sigmf;
    FILE* fp; /* raw */
    stftc_raw_format_t raw;
    size_t frame_bytes; /* raw */
    uint64_t pos;
    int ioerr;
    int eof; /* stream: the end was read */
    unsigned char buf[IQSRC_BUF_BYTES];
};

stftc_iqsource_options_t stftc_iqsource_options_default(void)
{
    stftc_iqsource_options_t o;
    memset(&o, 0, sizeof o);
    return o;
}

static int open_wav(stftc_iqsource_t* s, const char* path, stftc_error_t* err)
{
    stftc_iqwav_options_t wo = stftc_iqwav_options_default();
    wo.swap_iq = s->opt.swap_iq;
    s->wav = stftc_iqwav_open(path, &wo, err);
    if (!s->wav)
        return err ? err->code : STFTC_ERR_FORMAT;
    const stftc_iqwav_info_t* w = stftc_iqwav_info(s->wav);
    stftc_iqsource_info_t* in = &s->info;
    in->channels = w->channels;
    in->sample_rate = w->sample_rate;
    in->frames = w->frames;
    in->has_centre = w->centre_freq_present;
    in->centre_hz = w->centre_freq_hz;
    in->has_time = w->start_time_present;
    in->time_invalid = w->start_time_invalid;
    in->start_time = w->start_time;
    in->start_frac = w->start_time.millisecond / 1000.0;
    in->incomplete = w->size_recovered;
    snprintf(in->encoding,
             sizeof in->encoding,
             "%s%s%u",
             w->is_rf64 ? "RF64 " : "",
             w->format == STFTC_WAV_FLOAT ? "float" : "PCM",
             w->bits);
    return STFTC_OK;
}

static int open_sigmf(stftc_iqsource_t* s, const char* path, stftc_error_t* err)
{
    s->sigmf = stftc_sigmf_open(path, err);
    if (!s->sigmf)
        return err ? err->code : STFTC_ERR_FORMAT;
    const stftc_sigmf_meta_t* m = stftc_sigmf_reader_meta(s->sigmf);
    stftc_iqsource_info_t* in = &s->info;
    in->channels = 2;
    in->sample_rate = m->sample_rate;
    in->frames = stftc_sigmf_reader_samples(s->sigmf);
    in->has_centre = m->has_frequency;
    in->centre_hz = m->frequency;
    if (m->has_datetime) {
        /* a time whose UTC instant leaves the years 1-9999 (an offset moved
         * it) is reported as no calendar time: writers cannot store it */
        if (stftc_time_from_iso8601(m->datetime, &in->start_time, &in->start_frac) == 0 &&
            stftc_time_valid(&in->start_time))
            in->has_time = 1;
        else
            in->time_invalid = 1;
    }
    in->dropped_bytes = (unsigned)stftc_sigmf_reader_truncated(s->sigmf);
    in->incomplete = in->dropped_bytes != 0;
    snprintf(in->encoding,
             sizeof in->encoding,
             "%s%s",
             stftc_sigmf_datatype_name(m->datatype),
             m->dataset[0] ? " (in place)" : "");
    return STFTC_OK;
}

static int open_raw(stftc_iqsource_t* s, const char* path, stftc_error_t* err)
{
    stftc_iqsource_info_t* in = &s->info;
    if (in->format == STFTC_IQFMT_F32) {
        in->channels = 1;
        s->frame_bytes = sizeof(float);
        snprintf(in->encoding, sizeof in->encoding, "f32 (real)");
    } else {
        stftc_iqfmt_raw_complex(in->format, &s->raw);
        in->channels = 2;
        s->frame_bytes = stftc_raw_sample_bytes(s->raw);
        snprintf(in->encoding, sizeof in->encoding, "%s", stftc_raw_format_name(s->raw));
    }
    if (!strcmp(path, "-")) {
        /* standard input: a stream of unknown length, read until its end */
        s->fp = stdin;
        in->stream = 1;
        return STFTC_OK;
    }
    uint64_t size = 0;
    s->fp = stftc_open_regular(path, &size, err);
    if (!s->fp)
        return err ? err->code : STFTC_ERR_IO;
    if (size == 0)
        return stftc_fail(err, STFTC_ERR_FORMAT, "%s: empty file, no samples", path);
    if (size % s->frame_bytes != 0)
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "%s: size %llu bytes is not a multiple of the %zu-byte %s "
                          "sample (truncated file or wrong format?)",
                          path,
                          (unsigned long long)size,
                          s->frame_bytes,
                          stftc_iqfmt_name(in->format));
    in->frames = size / s->frame_bytes;
    return STFTC_OK;
}

stftc_iqsource_t* stftc_iqsource_open(const char* path,
                                      stftc_iqfmt_t fmt,
                                      const stftc_iqsource_options_t* opt,
                                      stftc_error_t* err)
{
    if (!path) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "path: must not be NULL");
        return NULL;
    }
    if (fmt == STFTC_IQFMT_AUTO)
        fmt = stftc_iqfmt_from_name(path);
    if (fmt == STFTC_IQFMT_AUTO) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "format: cannot tell it from the name '%.100s' (.wav, .sigmf-meta, "
                   ".sigmf-data, .cf32, .ci16, .ci8, .cu8 or .f32); give it explicitly",
                   path);
        return NULL;
    }
    if ((int)fmt < 0 || fmt > STFTC_IQFMT_F32) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "format: unknown value %d", (int)fmt);
        return NULL;
    }
    if (!strcmp(path, "-") && (fmt == STFTC_IQFMT_WAV || fmt == STFTC_IQFMT_SIGMF)) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "format: standard input ('-') is read as a raw stream: cf32, ci16, "
                   "ci8, cu8 or f32, not %s",
                   stftc_iqfmt_name(fmt));
        return NULL;
    }
    stftc_iqsource_t* s = calloc(1, sizeof *s);
    if (!s) {
        stftc_fail(err, STFTC_ERR_NOMEM, "source: out of memory");
        return NULL;
    }
    s->opt = opt ? *opt : stftc_iqsource_options_default();
    s->info.format = fmt;
    int rc;
    if (fmt == STFTC_IQFMT_WAV)
        rc = open_wav(s, path, err);
    else if (fmt == STFTC_IQFMT_SIGMF)
        rc = open_sigmf(s, path, err);
    else
        rc = open_raw(s, path, err);
    if (rc == STFTC_OK && s->info.frames == 0 && !s->info.stream)
        rc = stftc_fail(err,
                        STFTC_ERR_FORMAT,
                        "%s: %s holds no samples",
                        path,
                        fmt == STFTC_IQFMT_WAV ? "the data chunk" : "the recording");
    if (rc != STFTC_OK) {
        stftc_iqsource_close(s);
        return NULL;
    }
    stftc_ok(err);
    return s;
}

const stftc_iqsource_info_t* stftc_iqsource_info(const stftc_iqsource_t* s)
{
    return &s->info;
}

stftc_iqwav_reader_t* stftc_iqsource_wav(stftc_iqsource_t* s) { return s->wav; }
stftc_sigmf_reader_t* stftc_iqsource_sigmf(stftc_iqsource_t* s) { return s->sigmf; }

int stftc_iqsource_error(const stftc_iqsource_t* s)
{
    if (s->wav)
        return stftc_iqwav_error(s->wav);
    if (s->sigmf)
        return stftc_sigmf_reader_error(s->sigmf);
    return s->ioerr;
}

static void swap_pairs(float* x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const float t = x[2 * i];
        x[2 * i] = x[2 * i + 1];
        x[2 * i + 1] = t;
    }
}

size_t stftc_iqsource_read(stftc_iqsource_t* s, float* out, size_t max)
{
    if (s->wav)
        return stftc_iqwav_read(s->wav, out, max); /* swaps itself */
    if (s->sigmf) {
        const size_t n = stftc_sigmf_read(s->sigmf, out, max);
        if (s->opt.swap_iq)
            swap_pairs(out, n);
        return n;
    }
    size_t done = 0;
    const size_t per = IQSRC_BUF_BYTES / s->frame_bytes;
    while (s->info.stream && done < max && !s->eof && !s->ioerr) {
        const size_t want = (max - done < per ? max - done : per) * s->frame_bytes;
        const size_t got = fread(s->buf, 1, want, s->fp);
        if (got < want) {
            /* fread of a pipe comes back short only at its end or an error */
            if (ferror(s->fp))
                s->ioerr = 1;
            else
                s->eof = 1;
            s->info.dropped_bytes = (unsigned)(got % s->frame_bytes);
        }
        const size_t n = got / s->frame_bytes;
        float* o = out + done * s->info.channels;
        if (s->info.format == STFTC_IQFMT_F32) {
            memcpy(o, s->buf, n * sizeof(float));
        } else {
            stftc_raw_decode(s->raw, s->buf, n, o);
            if (s->opt.swap_iq)
                swap_pairs(o, n);
        }
        done += n;
        s->pos += n;
    }
    while (!s->info.stream && done < max && s->pos < s->info.frames && !s->ioerr) {
        size_t n = max - done;
        if (n > per)
            n = per;
        if (n > s->info.frames - s->pos)
            n = (size_t)(s->info.frames - s->pos);
        if (fread(s->buf, s->frame_bytes, n, s->fp) != n) {
            s->ioerr = 1;
            break;
        }
        float* o = out + done * s->info.channels;
        if (s->info.format == STFTC_IQFMT_F32) {
            memcpy(o, s->buf, n * sizeof(float));
        } else {
            stftc_raw_decode(s->raw, s->buf, n, o);
            if (s->opt.swap_iq)
                swap_pairs(o, n);
        }
        done += n;
        s->pos += n;
    }
    return done;
}

int stftc_iqsource_seek(stftc_iqsource_t* s, uint64_t frame)
{
    if (s->wav)
        return stftc_iqwav_seek(s->wav, frame);
    if (s->sigmf)
        return stftc_sigmf_seek(s->sigmf, frame);
    if (s->info.stream)
        return frame == s->pos ? STFTC_OK : STFTC_ERR_IO;
    if (frame > s->info.frames)
        frame = s->info.frames;
    if (fseeko(s->fp, (off_t)(frame * s->frame_bytes), SEEK_SET) != 0)
        return STFTC_ERR_IO;
    s->pos = frame;
    s->ioerr = 0;
    return STFTC_OK;
}

void stftc_iqsource_close(stftc_iqsource_t* s)
{
    if (!s)
        return;
    stftc_iqwav_close(s->wav);
    stftc_sigmf_close(s->sigmf);
    if (s->fp && s->fp != stdin)
        fclose(s->fp);
    free(s);
}

/* ------------------------------------------------------------ sink */

struct stftc_iqsink {
    stftc_iqfmt_t fmt;
    unsigned channels;
    stftc_iqwav_writer_t* wav;
    stftc_sigmf_writer_t* sigmf;
    FILE* fp;
    stftc_raw_format_t raw;
    size_t frame_bytes;
    uint64_t frames;
    int dropped;
    int time_bad; /* the start time given was no calendar time: dropped */
    char* path;
    unsigned char buf[IQSRC_BUF_BYTES];
};

stftc_iqsink_options_t stftc_iqsink_options_default(void)
{
    stftc_iqsink_options_t o;
    memset(&o, 0, sizeof o);
    o.channels = 2;
    o.wav_format = STFTC_WAV_FLOAT;
    o.sigmf_type = STFTC_RAW_CF32;
    return o;
}

/* The arguments of stftc_iqsink_create; *fmt resolved from the name. */
static int sink_check(const char* path,
                      stftc_iqfmt_t* fmt_io,
                      const stftc_iqsink_options_t* opt,
                      stftc_error_t* err)
{
    const stftc_iqsink_options_t o = *opt;
    stftc_iqfmt_t fmt = *fmt_io;
    if (!path) {
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "path: must not be NULL");
    }
    if (fmt == STFTC_IQFMT_AUTO)
        fmt = stftc_iqfmt_from_name(path);
    if (fmt == STFTC_IQFMT_AUTO || (int)fmt < 0 || fmt > STFTC_IQFMT_F32) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "format: cannot tell it from the name '%.100s' (.wav, .sigmf-meta, "
                   ".sigmf-data, .cf32, .ci16, .ci8, .cu8 or .f32); give it explicitly",
                   path);
        return STFTC_ERR_INVALID_ARG;
    }
    if (o.channels != 1 && o.channels != 2) {
        stftc_fail(
            err, STFTC_ERR_INVALID_ARG, "channels: must be 1 or 2, got %u", o.channels);
        return STFTC_ERR_INVALID_ARG;
    }
    if (!strcmp(path, "-") && (fmt == STFTC_IQFMT_WAV || fmt == STFTC_IQFMT_SIGMF)) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "format: standard output ('-') takes a raw stream: cf32, ci16, ci8, "
                   "cu8 or f32 (%s needs a file it can seek in)",
                   stftc_iqfmt_name(fmt));
        return STFTC_ERR_INVALID_ARG;
    }
    const int complex_only = fmt != STFTC_IQFMT_WAV && fmt != STFTC_IQFMT_F32;
    if (complex_only && o.channels != 2) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "channels: %s holds complex I/Q samples only (channels 2); real "
                   "signals go to wav or f32",
                   stftc_iqfmt_name(fmt));
        return STFTC_ERR_INVALID_ARG;
    }
    if (o.has_centre && !isfinite(o.centre_hz)) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "centre_hz: must be finite");
        return STFTC_ERR_INVALID_ARG;
    }
    *fmt_io = fmt;
    return STFTC_OK;
}

/* The WAV side of a sink (IQ WAV with auxi; RF64 past 4 GiB). */
static int sink_open_wav(stftc_iqsink_t* s,
                         const char* path,
                         const stftc_iqsink_options_t* opt,
                         stftc_error_t* err)
{
    const stftc_iqsink_options_t o = *opt;
    if (!(o.sample_rate >= 1.0 && o.sample_rate < 4294967295.5)) {
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "sample_rate: a WAV needs a rate of 1 to 4294967295 Hz, got %g",
                          o.sample_rate);
    }
    stftc_iqwav_write_options_t wo = stftc_iqwav_write_options_default();
    wo.format = o.wav_format;
    wo.channels = o.channels;
    wo.sample_rate = (uint32_t)floor(o.sample_rate + 0.5);
    wo.patch_interval = o.patch_interval;
    const int centre_fits =
        o.has_centre && o.centre_hz >= 0.0 && o.centre_hz < 4294967295.5;
    s->dropped = o.has_centre && !centre_fits;
    wo.write_auxi = centre_fits || o.has_time;
    if (centre_fits)
        wo.centre_freq_hz = (uint32_t)floor(o.centre_hz + 0.5);
    if (o.has_time)
        wo.start_time = o.start_time;
    s->wav = stftc_iqwav_create(path, &wo, err);
    return s->wav ? STFTC_OK : STFTC_ERR_IO;
}

/* The SigMF side of a sink (meta and data files). */
static int sink_open_sigmf(stftc_iqsink_t* s,
                           const char* path,
                           const stftc_iqsink_options_t* opt,
                           stftc_error_t* err)
{
    const stftc_iqsink_options_t o = *opt;
    stftc_sigmf_meta_t m = stftc_sigmf_meta_default();
    m.datatype = o.sigmf_type;
    m.sample_rate = o.sample_rate > 0 && isfinite(o.sample_rate) ? o.sample_rate : 0.0;
    m.has_frequency = o.has_centre;
    m.frequency = o.centre_hz;
    if (o.has_time) {
        stftc_systemtime_t t = o.start_time;
        const double f = o.start_frac > 0 && o.start_frac < 1 ? o.start_frac : 0.0;
        if (f > 0) {
            /* keep microseconds when the caller knows them */
            char base[32];
            t.millisecond = 0;
            stftc_time_to_iso8601(&t, base, sizeof base);
            base[19] = '\0';
            snprintf(m.datetime,
                     sizeof m.datetime,
                     "%s.%06uZ",
                     base,
                     (unsigned)fmin(floor(f * 1e6 + 0.5), 999999.0));
        } else {
            stftc_time_to_iso8601(&t, m.datetime, sizeof m.datetime);
        }
        m.has_datetime = 1;
    }
    snprintf(m.description, sizeof m.description, "%s", o.description);
    snprintf(m.recorder, sizeof m.recorder, "gr-stftclean");
    s->sigmf = stftc_sigmf_create(path, &m, err);
    return s->sigmf ? STFTC_OK : STFTC_ERR_IO;
}

stftc_iqsink_t* stftc_iqsink_create(const char* path,
                                    stftc_iqfmt_t fmt,
                                    const stftc_iqsink_options_t* opt,
                                    stftc_error_t* err)
{
    stftc_iqsink_options_t o = opt ? *opt : stftc_iqsink_options_default();
    /* a start time that is no calendar time is dropped (and said so by
     * stftc_iqsink_metadata_dropped): SigMF would get a core:datetime that
     * no reader accepts */
    const int time_bad = o.has_time && !stftc_time_valid(&o.start_time);
    if (time_bad)
        o.has_time = 0;
    if (sink_check(path, &fmt, &o, err) != STFTC_OK)
        return NULL;
    stftc_iqsink_t* s = calloc(1, sizeof *s);
    if (!s) {
        stftc_fail(err, STFTC_ERR_NOMEM, "sink: out of memory");
        return NULL;
    }
    s->time_bad = time_bad;
    s->fmt = fmt;
    s->channels = o.channels;
    if (fmt == STFTC_IQFMT_WAV) {
        if (sink_open_wav(s, path, &o, err) != STFTC_OK) {
            free(s);
            return NULL;
        }
    } else if (fmt == STFTC_IQFMT_SIGMF) {
        if (sink_open_sigmf(s, path, &o, err) != STFTC_OK) {
            free(s);
            return NULL;
        }
    } else {
        if (fmt == STFTC_IQFMT_F32) {
            s->frame_bytes = o.channels * sizeof(float);
        } else {
            stftc_iqfmt_raw_complex(fmt, &s->raw);
            s->frame_bytes = stftc_raw_sample_bytes(s->raw);
        }
        s->dropped = o.has_centre || o.has_time;
        s->fp = !strcmp(path, "-") ? stdout : fopen(path, "wb");
        if (!s->fp) {
            stftc_fail(err, STFTC_ERR_IO, "%s: %s", path, strerror(errno));
            free(s);
            return NULL;
        }
    }
    stftc_ok(err);
    return s;
}

int stftc_iqsink_write(stftc_iqsink_t* s, const float* in, size_t frames)
{
    int rc = STFTC_OK;
    if (s->wav)
        rc = stftc_iqwav_write(s->wav, in, frames);
    else if (s->sigmf)
        rc = stftc_sigmf_write(s->sigmf, in, frames);
    else if (s->fmt == STFTC_IQFMT_F32)
        rc =
            fwrite(in, s->frame_bytes, frames, s->fp) == frames ? STFTC_OK : STFTC_ERR_IO;
    else {
        const size_t per = IQSRC_BUF_BYTES / s->frame_bytes;
        for (size_t done = 0; done < frames && rc == STFTC_OK;) {
            const size_t k = frames - done < per ? frames - done : per;
            stftc_raw_encode(s->raw, in + 2 * done, k, s->buf);
            if (fwrite(s->buf, s->frame_bytes, k, s->fp) != k)
                rc = STFTC_ERR_IO;
            done += k;
        }
    }
    if (rc == STFTC_OK)
        s->frames += frames;
    return rc;
}

uint64_t stftc_iqsink_frames(const stftc_iqsink_t* s) { return s->frames; }
stftc_sigmf_writer_t* stftc_iqsink_sigmf(stftc_iqsink_t* s) { return s->sigmf; }
int stftc_iqsink_metadata_dropped(const stftc_iqsink_t* s)
{
    return s->dropped || s->time_bad;
}

int stftc_iqsink_close(stftc_iqsink_t* s, stftc_error_t* err)
{
    if (!s)
        return STFTC_OK;
    int rc = STFTC_OK;
    if (s->wav)
        rc = stftc_iqwav_writer_close(s->wav, err);
    else if (s->sigmf)
        rc = stftc_sigmf_writer_close(s->sigmf, err);
    else if (s->fp == stdout && fflush(s->fp) != 0)
        rc = stftc_fail(err, STFTC_ERR_IO, "write failed: %s", strerror(errno));
    else if (s->fp && s->fp != stdout && fclose(s->fp) != 0)
        rc = stftc_fail(err, STFTC_ERR_IO, "write failed: %s", strerror(errno));
    free(s->path);
    free(s);
    if (rc == STFTC_OK)
        stftc_ok(err);
    return rc;
}

/* gr-stftclean C core: IQ WAV / RF64 writer (see iqfile.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _FILE_OFFSET_BITS 64
#define _POSIX_C_SOURCE 200809L
#include "internal.h"
#include "iqwav_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stftclean/civil_time.h>
#include <stftclean/iqfile.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ---------------------------------------------------------------- writer */

#define JUNK_BODY 28 /* same size as a ds64 body with an empty table */
#define AUXI_BODY 68 /* 2 SYSTEMTIMEs + 9 uint32 (SDR# / HDSDR layout) */

struct stftc_iqwav_writer {
    FILE* fp;
    stftc_iqwav_write_options_t opt;
    unsigned frame_bytes;
    uint64_t data_size_pos; /* offset of the data chunk's size field */
    uint64_t auxi_body;     /* offset of the auxi body; 0: none */
    int64_t start_unix;     /* auxi start time, seconds (with start_ms) */
    unsigned start_ms;
    int has_start; /* auxi with a start time: the stop time is patched */
    uint64_t data_off;
    uint64_t data_bytes;
    uint64_t frames;
    uint64_t since_patch;
    int data_patched; /* a patch has recorded samples (the first comes with
                         the first write, not patch_interval later) */
    uint64_t rf64_threshold;
    int rf64;
    int ioerr;
    unsigned char buf[IQWAV_BUF_BYTES];
};

stftc_iqwav_write_options_t stftc_iqwav_write_options_default(void)
{
    stftc_iqwav_write_options_t o;
    memset(&o, 0, sizeof o);
    o.format = STFTC_WAV_FLOAT;
    o.channels = 2;
    return o;
}

static int write_at(FILE* fp, uint64_t off, const void* src, size_t n)
{
    if (fseeko(fp, (off_t)off, SEEK_SET) != 0)
        return -1;
    return fwrite(src, 1, n, fp) == n ? 0 : -1;
}

/* Stop time of the frames written so far: start + frames / sample_rate,
 * milliseconds truncated. */
static void stop_time(const stftc_iqwav_writer_t* w, stftc_systemtime_t* t)
{
    const uint64_t rate = w->opt.sample_rate;
    const uint64_t ms =
        w->start_ms + (w->frames % rate) * 1000u / rate; /* < 2000, no overflow */
    const int64_t s = w->start_unix + (int64_t)(w->frames / rate) + (int64_t)(ms / 1000u);
    stftc_time_from_unix(s, t);
    t->millisecond = (uint16_t)(ms % 1000u);
}

/* Writes the current sizes (and the auxi stop time) into the header and
 * returns to the end. */
static int patch_sizes(stftc_iqwav_writer_t* w)
{
    unsigned char b[36];
    const uint64_t end = w->data_off + w->data_bytes;
    if (!w->rf64 && w->data_bytes > w->rf64_threshold)
        w->rf64 = 1;
    int bad = 0;
    if (w->rf64) {
        memcpy(b, "RF64", 4);
        wr32(b + 4, U32_UNKNOWN);
        bad |= write_at(w->fp, 0, b, 8);
        memcpy(b, "ds64", 4);
        wr32(b + 4, JUNK_BODY);
        wr64(b + 8, end - 8);
        wr64(b + 16, w->data_bytes);
        wr64(b + 24, w->frames);
        wr32(b + 32, 0); /* no table entries */
        bad |= write_at(w->fp, 12, b, 36);
        wr32(b, U32_UNKNOWN);
        bad |= write_at(w->fp, w->data_size_pos, b, 4);
    } else {
        wr32(b, (uint32_t)(end - 8));
        bad |= write_at(w->fp, 4, b, 4);
        wr32(b, (uint32_t)w->data_bytes);
        bad |= write_at(w->fp, w->data_size_pos, b, 4);
    }
    if (w->has_start) {
        stftc_systemtime_t t;
        stop_time(w, &t);
        if (!stftc_time_valid(&t)) /* past 9999-12-31: written as unknown */
            memset(&t, 0, sizeof t);
        wr_systime(b, &t);
        bad |= write_at(w->fp, w->auxi_body + 16, b, 16);
    }
    bad |= fseeko(w->fp, (off_t)end, SEEK_SET) != 0;
    bad |= fflush(w->fp) != 0;
    w->since_patch = 0;
    w->data_patched = w->frames > 0;
    return bad ? STFTC_ERR_IO : STFTC_OK;
}

stftc_iqwav_writer_t* stftc_iqwav_create(const char* path,
                                         const stftc_iqwav_write_options_t* opt,
                                         stftc_error_t* err)
{
    stftc_ok(err);
    if (!path || !opt) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "path/options: must not be NULL");
        return NULL;
    }
    if (opt->format != STFTC_WAV_PCM && opt->format != STFTC_WAV_FLOAT) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "format: must be STFTC_WAV_PCM (16-bit) or STFTC_WAV_FLOAT, got %d",
                   (int)opt->format);
        return NULL;
    }
    if (opt->channels != 1 && opt->channels != 2) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "channels: must be 1 or 2, got %u",
                   opt->channels);
        return NULL;
    }
    const uint64_t block =
        (uint64_t)opt->channels * (opt->format == STFTC_WAV_PCM ? 2 : 4);
    const uint64_t max_rate = 0xFFFFFFFFull / block;
    if (opt->sample_rate == 0 || opt->sample_rate > max_rate) {
        /* the fmt chunk's byte rate (rate x block) is 32 bits */
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "sample_rate: must be 1 to %llu Hz for %u-channel %s WAV (its byte "
                   "rate is 32 bits), got %u",
                   (unsigned long long)max_rate,
                   opt->channels,
                   opt->format == STFTC_WAV_PCM ? "PCM16" : "float32",
                   opt->sample_rate);
        return NULL;
    }
    stftc_iqwav_writer_t* w = calloc(1, sizeof *w);
    if (!w) {
        stftc_fail(err, STFTC_ERR_NOMEM, "writer: out of memory");
        return NULL;
    }
    w->opt = *opt;
    const unsigned bits = opt->format == STFTC_WAV_PCM ? 16 : 32;
    w->frame_bytes = opt->channels * bits / 8;
    if (w->opt.patch_interval == 0)
        w->opt.patch_interval = opt->sample_rate;
    const int where_ok = stftc_check_writable_path(path, err) == STFTC_OK;
    w->fp = where_ok ? fopen(path, "wb") : NULL;
    if (!w->fp) {
        if (where_ok)
            stftc_fail(
                err, STFTC_ERR_IO, "file: cannot create '%s': %s", path, strerror(errno));
        free(w);
        return NULL;
    }
    unsigned char h[12 + 8 + JUNK_BODY + 8 + 18 + 8 + AUXI_BODY + 8];
    memset(h, 0, sizeof h);
    size_t n = 0;
    memcpy(h, "RIFF", 4);
    memcpy(h + 8, "WAVE", 4);
    n = 12;
    memcpy(h + n, "JUNK", 4);
    wr32(h + n + 4, JUNK_BODY);
    n += 8 + JUNK_BODY;
    const unsigned fmt_body = opt->format == STFTC_WAV_FLOAT ? 18 : 16;
    memcpy(h + n, "fmt ", 4);
    wr32(h + n + 4, fmt_body);
    wr16(h + n + 8, opt->format == STFTC_WAV_FLOAT ? 3 : 1);
    wr16(h + n + 10, (uint16_t)opt->channels);
    wr32(h + n + 12, opt->sample_rate);
    wr32(h + n + 16, opt->sample_rate * w->frame_bytes);
    wr16(h + n + 20, (uint16_t)w->frame_bytes);
    wr16(h + n + 22, (uint16_t)bits);
    n += 8 + fmt_body; /* cbSize (float) stays 0 */
    if (opt->write_auxi) {
        memcpy(h + n, "auxi", 4);
        wr32(h + n + 4, AUXI_BODY);
        wr_systime(h + n + 8, &opt->start_time);
        /* stop time (n + 24): zero (unknown) until the first patch */
        w->auxi_body = n + 8;
        if (opt->start_time.year != 0) {
            w->has_start = 1;
            w->start_unix = stftc_time_to_unix(&opt->start_time);
            w->start_ms = opt->start_time.millisecond % 1000u;
        }
        wr32(h + n + 40, opt->centre_freq_hz);
        wr32(h + n + 44, opt->sample_rate); /* ADC frequency */
        n += 8 + AUXI_BODY;
    }
    memcpy(h + n, "data", 4);
    w->data_size_pos = n + 4;
    n += 8;
    w->data_off = n;
    const uint64_t limit = 0xFFFFFFFEull - (w->data_off - 8);
    w->rf64_threshold =
        opt->rf64_threshold && opt->rf64_threshold < limit ? opt->rf64_threshold : limit;
    if (fwrite(h, 1, n, w->fp) != n || patch_sizes(w) != STFTC_OK) {
        stftc_fail(err, STFTC_ERR_IO, "file: cannot write header to '%s'", path);
        fclose(w->fp);
        free(w);
        return NULL;
    }
    return w;
}

static void encode(stftc_iqwav_writer_t* w, const float* in, size_t nsamp)
{
    unsigned char* p = w->buf;
    if (w->opt.format == STFTC_WAV_FLOAT) {
        for (size_t i = 0; i < nsamp; i++) {
            uint32_t u;
            memcpy(&u, &in[i], sizeof u);
            wr32(p + 4 * i, u);
        }
        return;
    }
    for (size_t i = 0; i < nsamp; i++) {
        const float x = in[i] * 32768.0f;
        long v = isnan(x)         ? 0
                 : x >= 32767.0f  ? 32767
                 : x <= -32768.0f ? -32768
                                  : lrintf(x);
        wr16(p + 2 * i, (uint16_t)(int16_t)v);
    }
}

int stftc_iqwav_write(stftc_iqwav_writer_t* w, const float* in, size_t frames)
{
    if (!w || (!in && frames))
        return STFTC_ERR_INVALID_ARG;
    if (w->ioerr)
        return STFTC_ERR_IO;
    const unsigned ch = w->opt.channels;
    const size_t per = IQWAV_BUF_BYTES / w->frame_bytes;
    size_t done = 0;
    while (done < frames) {
        size_t n = frames - done < per ? frames - done : per;
        /* stop at the patch point so the header follows the data closely */
        const uint64_t to_patch = w->opt.patch_interval - w->since_patch;
        if (n > to_patch)
            n = (size_t)to_patch;
        encode(w, in + done * ch, n * ch);
        if (fwrite(w->buf, w->frame_bytes, n, w->fp) != n) {
            w->ioerr = 1;
            return STFTC_ERR_IO;
        }
        done += n;
        w->frames += n;
        w->data_bytes += (uint64_t)n * w->frame_bytes;
        w->since_patch += n;
        if (w->since_patch >= w->opt.patch_interval ||
            (!w->rf64 && w->data_bytes > w->rf64_threshold)) {
            if (patch_sizes(w) != STFTC_OK) {
                w->ioerr = 1;
                return STFTC_ERR_IO;
            }
        }
    }
    /* a writer stopped before its first interval is still readable by
     * other tools: the sizes follow the first samples at once */
    if (!w->data_patched && w->frames > 0 && patch_sizes(w) != STFTC_OK) {
        w->ioerr = 1;
        return STFTC_ERR_IO;
    }
    return STFTC_OK;
}

uint64_t stftc_iqwav_writer_frames(const stftc_iqwav_writer_t* w)
{
    return w ? w->frames : 0;
}

int stftc_iqwav_writer_is_rf64(const stftc_iqwav_writer_t* w) { return w ? w->rf64 : 0; }

int stftc_iqwav_writer_close(stftc_iqwav_writer_t* w, stftc_error_t* err)
{
    stftc_ok(err);
    if (!w)
        return STFTC_OK;
    int rc = w->ioerr ? STFTC_ERR_IO : patch_sizes(w);
    if (fclose(w->fp) != 0)
        rc = STFTC_ERR_IO;
    free(w);
    if (rc)
        return stftc_fail(err, STFTC_ERR_IO, "file: writing the WAV file failed");
    return STFTC_OK;
}

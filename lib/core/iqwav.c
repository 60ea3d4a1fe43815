/* gr-stftclean C core: IQ WAV / RF64 reader (see iqfile.h); the writer is
 * in iqwav_writer.c.
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

/* ---------------------------------------------------------------- reader */

struct stftc_iqwav_reader {
    FILE* fp;
    stftc_iqwav_info_t info;
    stftc_iqwav_options_t opt;
    unsigned frame_bytes;
    uint64_t pos; /* frames consumed */
    int ioerr;
    unsigned char buf[IQWAV_BUF_BYTES];
};

stftc_iqwav_options_t stftc_iqwav_options_default(void)
{
    stftc_iqwav_options_t o;
    memset(&o, 0, sizeof o);
    return o;
}

/* Reads exactly n bytes at off; 0 on success. */
static int read_at(FILE* fp, uint64_t off, void* dst, size_t n)
{
    if (fseeko(fp, (off_t)off, SEEK_SET) != 0)
        return -1;
    return fread(dst, 1, n, fp) == n ? 0 : -1;
}

static int parse_fmt(stftc_iqwav_info_t* in,
                     const unsigned char* p,
                     uint32_t size,
                     stftc_error_t* err)
{
    if (size < 16)
        return stftc_fail(
            err, STFTC_ERR_FORMAT, "fmt: chunk too short (%u bytes, need 16)", size);
    unsigned tag = rd16(p);
    const unsigned channels = rd16(p + 2);
    const uint32_t rate = rd32(p + 4);
    const unsigned block_align = rd16(p + 12);
    const unsigned bits = rd16(p + 14);
    if (tag == 0xFFFE) { /* WAVE_FORMAT_EXTENSIBLE: sub-format GUID at 24 */
        if (size < 40)
            return stftc_fail(err,
                              STFTC_ERR_FORMAT,
                              "fmt: extensible chunk too short (%u bytes, need 40)",
                              size);
        tag = rd16(p + 24);
    }
    if (tag != 1 && tag != 3)
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "fmt: unsupported format tag %u (need 1 PCM or 3 float)",
                          tag);
    if (channels != 1 && channels != 2)
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "fmt: unsupported channel count %u (need 1 or 2)",
                          channels);
    if (rate == 0)
        return stftc_fail(err, STFTC_ERR_FORMAT, "fmt: sample rate is 0");
    if (tag == 1 && bits != 8 && bits != 16 && bits != 24 && bits != 32)
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "fmt: unsupported bits per sample %u (PCM: 8, 16, 24 or 32)",
                          bits);
    if (tag == 3 && bits != 32)
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "fmt: unsupported bits per sample %u (float: 32)",
                          bits);
    if (block_align != 0 && block_align != channels * bits / 8)
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "fmt: block align %u does not match %u channels of %u bits",
                          block_align,
                          channels,
                          bits);
    in->format = tag == 3 ? STFTC_WAV_FLOAT : STFTC_WAV_PCM;
    in->channels = channels;
    in->sample_rate = rate;
    in->bits = bits;
    return STFTC_OK;
}

#define AUXI_NAME_OFF 68 /* char[96] next file name (SDR# / HDSDR / SDRuno) */
#define AUXI_NAME_LEN 96
#define AUXI_READ (AUXI_NAME_OFF + AUXI_NAME_LEN)

static void parse_auxi(stftc_iqwav_info_t* in, const unsigned char* p, uint32_t size)
{
    in->has_auxi = 1;
    in->auxi_size = size;
    if (size >= 16) {
        rd_systime(p, &in->start_time);
        in->start_time_present =
            in->start_time.year != 0 && stftc_time_valid(&in->start_time);
        in->start_time_invalid = in->start_time.year != 0 && !in->start_time_present;
    }
    if (size >= 32) {
        rd_systime(p + 16, &in->stop_time);
        in->stop_time_present =
            in->stop_time.year != 0 && stftc_time_valid(&in->stop_time);
        in->stop_time_invalid = in->stop_time.year != 0 && !in->stop_time_present;
    }
    if (size >= 36) {
        in->centre_freq_hz = rd32(p + 32);
        in->centre_freq_present = 1;
    }
    if (size >= 40) {
        in->adc_freq_hz = rd32(p + 36);
        in->adc_freq_present = 1;
    }
    if (size >= 44) {
        in->if_freq_hz = rd32(p + 40);
        in->if_freq_present = 1;
    }
    if (size >= 48) {
        in->bandwidth_hz = rd32(p + 44);
        in->bandwidth_present = 1;
    }
    if (size >= 52) {
        in->iq_offset = (int32_t)rd32(p + 48);
        in->iq_offset_present = 1;
    }
    if (size > AUXI_NAME_OFF) {
        /* printable ASCII up to the first NUL or the end of the field */
        const uint32_t avail = size - AUXI_NAME_OFF;
        const uint32_t n = avail < AUXI_NAME_LEN ? avail : AUXI_NAME_LEN;
        size_t k = 0;
        for (uint32_t i = 0; i < n && p[AUXI_NAME_OFF + i]; i++) {
            const unsigned char ch = p[AUXI_NAME_OFF + i];
            in->next_file[k++] = ch >= 32 && ch < 127 ? (char)ch : '?';
        }
        in->next_file[k] = '\0';
    }
}

/* 1 if the bytes from pos to the end of the file are whole chunks (ids of
 * printable ASCII, sizes that chain to the end): what follows a data chunk
 * of size 0 is then other chunks, not samples of a writer stopped before
 * its first size patch. The id of the first goes to first_id. */
static int chunks_to_end(FILE* fp, uint64_t pos, uint64_t fsize, char first_id[5])
{
    unsigned char h[8];
    int n = 0;
    while (pos + 8 <= fsize && n < 64) {
        if (read_at(fp, pos, h, 8) != 0)
            return 0;
        for (int i = 0; i < 4; i++)
            if (h[i] < 0x20 || h[i] > 0x7e)
                return 0;
        if (n++ == 0)
            id_text(h, first_id);
        const uint64_t size = rd32(h + 4);
        if (size > fsize - pos - 8)
            return 0;
        pos += 8 + size + (size & 1);
    }
    return n > 0 && (pos == fsize || pos == fsize + 1);
}

static int parse(stftc_iqwav_reader_t* r, uint64_t fsize, stftc_error_t* err)
{
    stftc_iqwav_info_t* in = &r->info;
    unsigned char h[AUXI_READ];
    if (fsize == 0)
        return stftc_fail(err, STFTC_ERR_FORMAT, "file: empty");
    if (fsize < 12 || read_at(r->fp, 0, h, 12) != 0)
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "header: file too short for a RIFF header (%llu bytes)",
                          (unsigned long long)fsize);
    if (memcmp(h + 8, "WAVE", 4) != 0 ||
        (memcmp(h, "RIFF", 4) != 0 && memcmp(h, "RF64", 4) != 0))
        return stftc_fail(
            err, STFTC_ERR_FORMAT, "header: not a RIFF/RF64 WAVE file (bad magic bytes)");
    const int rf64 = memcmp(h, "RF64", 4) == 0;
    int have_fmt = 0, have_ds64 = 0, have_data = 0;
    uint64_t ds64_data = 0, data_off = 0, data_size = 0;
    int data_trusted = 0;
    char bad_chunk[96] = "";
    uint64_t pos = 12;
    while (pos + 8 <= fsize) {
        if (read_at(r->fp, pos, h, 8) != 0)
            return stftc_fail(err,
                              STFTC_ERR_IO,
                              "file: read failed at offset %llu",
                              (unsigned long long)pos);
        char id[5];
        id_text(h, id);
        const uint32_t size = rd32(h + 4);
        const uint64_t body = pos + 8;
        const uint64_t avail = fsize - body;
        if (!memcmp(h, "data", 4)) {
            if (!have_fmt)
                return stftc_fail(
                    err, STFTC_ERR_FORMAT, "file: data chunk before fmt chunk");
            have_data = 1;
            data_off = body;
            data_size = size;
            char next_id[5] = "";
            if (size == 0 && avail > 0 && chunks_to_end(r->fp, body, fsize, next_id))
                return stftc_fail(err,
                                  STFTC_ERR_FORMAT,
                                  "data: the data chunk at offset %llu is empty (size 0) "
                                  "and followed by a '%s' chunk: no samples",
                                  (unsigned long long)pos,
                                  next_id);
            if (rf64 && have_ds64 && size == U32_UNKNOWN)
                data_size = ds64_data;
            data_trusted = data_size != 0 && !(size == U32_UNKNOWN && !have_ds64) &&
                           data_size <= avail;
            if (!data_trusted) {
                data_size = avail;
                in->size_recovered = 1;
            }
            break;
        }
        const uint64_t need = size;
        if (need > avail) {
            snprintf(bad_chunk,
                     sizeof bad_chunk,
                     "; chunk '%s' at offset %llu claims %u bytes, past end of file",
                     id,
                     (unsigned long long)pos,
                     size);
            break;
        }
        if (!memcmp(h, "fmt ", 4)) {
            if (have_fmt)
                return stftc_fail(err,
                                  STFTC_ERR_FORMAT,
                                  "fmt: a second fmt chunk at offset %llu (a WAV file "
                                  "has one)",
                                  (unsigned long long)pos);
            const size_t n = size < 40 ? size : 40;
            if (read_at(r->fp, body, h, n) != 0)
                return stftc_fail(err, STFTC_ERR_IO, "fmt: read failed");
            int rc = parse_fmt(in, h, size, err);
            if (rc)
                return rc;
            have_fmt = 1;
        } else if (!memcmp(h, "ds64", 4) && pos == 12) {
            if (size < 24)
                return stftc_fail(err,
                                  STFTC_ERR_FORMAT,
                                  "ds64: chunk too short (%u bytes, need 24)",
                                  size);
            if (read_at(r->fp, body, h, 24) != 0)
                return stftc_fail(err, STFTC_ERR_IO, "ds64: read failed");
            ds64_data = rd64(h + 8);
            have_ds64 = 1;
        } else if (!memcmp(h, "auxi", 4)) {
            const size_t n = size < AUXI_READ ? size : AUXI_READ;
            if (read_at(r->fp, body, h, n) != 0)
                return stftc_fail(err, STFTC_ERR_IO, "auxi: read failed");
            parse_auxi(in, h, size);
        }
        pos = body + need + (need & 1);
    }
    if (rf64 && !have_ds64)
        return stftc_fail(err, STFTC_ERR_FORMAT, "ds64: RF64 file without a ds64 chunk");
    if (!have_fmt)
        return stftc_fail(err, STFTC_ERR_FORMAT, "file: no fmt chunk%s", bad_chunk);
    if (!have_data)
        return stftc_fail(err, STFTC_ERR_FORMAT, "file: no data chunk%s", bad_chunk);
    r->frame_bytes = in->channels * in->bits / 8;
    in->frames = data_size / r->frame_bytes;
    in->data_offset = data_off;
    in->is_rf64 = rf64;
    return STFTC_OK;
}

stftc_iqwav_reader_t*
stftc_iqwav_open(const char* path, const stftc_iqwav_options_t* opt, stftc_error_t* err)
{
    stftc_ok(err);
    if (!path) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "path: must not be NULL");
        return NULL;
    }
    stftc_iqwav_reader_t* r = calloc(1, sizeof *r);
    if (!r) {
        stftc_fail(err, STFTC_ERR_NOMEM, "reader: out of memory");
        return NULL;
    }
    r->opt = opt ? *opt : stftc_iqwav_options_default();
    uint64_t fsize = 0;
    r->fp = stftc_open_regular(path, &fsize, err);
    if (!r->fp) {
        free(r);
        return NULL;
    }
    if (parse(r, fsize, err) != STFTC_OK || stftc_iqwav_seek(r, 0) != STFTC_OK) {
        if (err && err->code == STFTC_OK)
            stftc_fail(err, STFTC_ERR_IO, "file: seek failed");
        stftc_iqwav_close(r);
        return NULL;
    }
    return r;
}

int stftc_iqwav_seek(stftc_iqwav_reader_t* r, uint64_t frame)
{
    if (!r)
        return STFTC_ERR_INVALID_ARG;
    if (frame > r->info.frames)
        frame = r->info.frames;
    const uint64_t off = r->info.data_offset + frame * r->frame_bytes;
    if (fseeko(r->fp, (off_t)off, SEEK_SET) != 0)
        return STFTC_ERR_IO;
    r->pos = frame;
    return STFTC_OK;
}

static void decode(const stftc_iqwav_reader_t* r, float* out, size_t nsamp)
{
    const unsigned char* p = r->buf;
    switch (r->info.format == STFTC_WAV_FLOAT ? 0 : r->info.bits) {
    case 0:
        for (size_t i = 0; i < nsamp; i++) {
            uint32_t u = rd32(p + 4 * i);
            memcpy(&out[i], &u, sizeof u);
        }
        break;
    case 8:
        for (size_t i = 0; i < nsamp; i++)
            out[i] = ((float)p[i] - 128.0f) / 128.0f;
        break;
    case 16:
        for (size_t i = 0; i < nsamp; i++)
            out[i] = (float)(int16_t)rd16(p + 2 * i) / 32768.0f;
        break;
    case 24:
        for (size_t i = 0; i < nsamp; i++) {
            const unsigned char* q = p + 3 * i;
            int32_t v = (int32_t)((uint32_t)q[0] << 8 | (uint32_t)q[1] << 16 |
                                  (uint32_t)q[2] << 24) >>
                        8;
            out[i] = (float)v / 8388608.0f;
        }
        break;
    default: /* 32 */
        for (size_t i = 0; i < nsamp; i++)
            out[i] = (float)((double)(int32_t)rd32(p + 4 * i) / 2147483648.0);
        break;
    }
}

size_t stftc_iqwav_read(stftc_iqwav_reader_t* r, float* out, size_t max_frames)
{
    if (!r || !out || r->ioerr)
        return 0;
    const unsigned ch = r->info.channels;
    size_t done = 0;
    while (done < max_frames && r->pos < r->info.frames) {
        uint64_t n = IQWAV_BUF_BYTES / r->frame_bytes;
        if (n > max_frames - done)
            n = max_frames - done;
        if (n > r->info.frames - r->pos)
            n = r->info.frames - r->pos;
        if (fread(r->buf, r->frame_bytes, (size_t)n, r->fp) != n) {
            r->ioerr = 1;
            break;
        }
        float* o = out + done * ch;
        decode(r, o, (size_t)n * ch);
        if (ch == 2 && r->opt.swap_iq) {
            for (size_t i = 0; i < n; i++) {
                const float t = o[2 * i];
                o[2 * i] = o[2 * i + 1];
                o[2 * i + 1] = t;
            }
        }
        done += (size_t)n;
        r->pos += n;
    }
    return done;
}

int stftc_iqwav_error(const stftc_iqwav_reader_t* r) { return r ? r->ioerr : 1; }

const stftc_iqwav_info_t* stftc_iqwav_info(const stftc_iqwav_reader_t* r)
{
    return r ? &r->info : NULL;
}

unsigned stftc_iqwav_channels(const stftc_iqwav_reader_t* r)
{
    return r ? r->info.channels : 0;
}

void stftc_iqwav_close(stftc_iqwav_reader_t* r)
{
    if (!r)
        return;
    if (r->fp)
        fclose(r->fp);
    free(r);
}

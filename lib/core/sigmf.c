/* gr-stftclean C core: SigMF reader and writer (see sigmf.h); the
 * metadata itself is parsed and written in sigmf_meta.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _FILE_OFFSET_BITS 64
#define _POSIX_C_SOURCE 200809L
#include "internal.h"
#include "sigmf_archive.h"
#include "sigmf_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stftclean/sigmf.h>
#include <string.h>
#include <sys/stat.h>

#define SIGMF_BUF_BYTES 16384

/* ------------------------------------------------------------ reader */

struct stftc_sigmf_reader {
    FILE* fp;
    stftc_sigmf_meta_t meta;
    stftc_sigmf_annotation_t* ann;
    size_t nann;
    uint64_t nsamples, pos;
    size_t sbytes;
    int truncated, ioerr;
    unsigned char buf[SIGMF_BUF_BYTES];
};

stftc_sigmf_reader_t* stftc_sigmf_open(const char* path, stftc_error_t* err)
{
    const size_t cap = strlen(path) + 16;
    char* meta = malloc(cap);
    char* data = malloc(cap + sizeof(((stftc_sigmf_meta_t*)0)->dataset));
    stftc_sigmf_reader_t* r = calloc(1, sizeof *r);
    if (!meta || !data || !r) {
        free(meta);
        free(data);
        free(r);
        stftc_fail(err, STFTC_ERR_NOMEM, "sigmf: out of memory");
        return NULL;
    }
    uint64_t arc_off = 0, arc_size = 0;
    const int archive = stftc_sigmf_is_archive(path);
    if (archive) {
        /* a .sigmf tar: the meta member parsed, the data member read in place */
        char* text = NULL;
        size_t len = 0;
        if (stftc_sigmf_archive_find(path, &text, &len, &arc_off, &arc_size, err) !=
            STFTC_OK)
            goto fail;
        const int prc =
            stftc_sigmf_meta_parse(text, len, &r->meta, &r->ann, &r->nann, err);
        free(text);
        if (prc != STFTC_OK)
            goto fail;
        if (r->meta.dataset[0]) {
            stftc_fail(err,
                       STFTC_ERR_FORMAT,
                       "%s: an archive's meta names no other dataset (core:dataset)",
                       path);
            goto fail;
        }
        strcpy(data, path);
    } else if (stftc_sigmf_paths(path, meta, data, cap) != 0) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "path: '%s' names no recording", path);
        goto fail;
    } else if (stftc_sigmf_meta_read(meta, &r->meta, &r->ann, &r->nann, err) !=
               STFTC_OK) {
        goto fail;
    }
    if (!archive && r->meta.dataset[0]) {
        const char* slash = strrchr(meta, '/');
        const size_t dir = slash ? (size_t)(slash - meta) + 1 : 0;
        memcpy(data, meta, dir);
        strcpy(data + dir, r->meta.dataset);
    }
    uint64_t fsize = 0;
    r->fp = stftc_open_regular(data, &fsize, err);
    if (!r->fp)
        goto fail;
    if (archive) {
        /* the member's bytes as the data file: its offset and what follows
         * it count as header and trailing bytes */
        if (r->meta.header_bytes > arc_size ||
            r->meta.trailing_bytes > arc_size - r->meta.header_bytes) {
            stftc_fail(err,
                       STFTC_ERR_FORMAT,
                       "%s: header_bytes + trailing_bytes exceed the data member",
                       path);
            goto fail;
        }
        r->meta.header_bytes += arc_off;
        r->meta.trailing_bytes += fsize - arc_off - arc_size;
    }
    const uint64_t hb = r->meta.header_bytes, tb = r->meta.trailing_bytes;
    if (hb > fsize || tb > fsize - hb) {
        stftc_fail(err,
                   STFTC_ERR_FORMAT,
                   "%s: header_bytes %llu + trailing_bytes %llu exceed the file size "
                   "%llu",
                   data,
                   (unsigned long long)hb,
                   (unsigned long long)tb,
                   (unsigned long long)fsize);
        goto fail;
    }
    r->sbytes = stftc_raw_sample_bytes(r->meta.datatype);
    const uint64_t body = fsize - hb - tb;
    r->nsamples = body / r->sbytes;
    r->truncated = (int)(body % r->sbytes);
    if (stftc_sigmf_seek(r, 0) != STFTC_OK) {
        stftc_fail(err, STFTC_ERR_IO, "%s: seek failed", data);
        goto fail;
    }
    free(meta);
    free(data);
    stftc_ok(err);
    return r;
fail:
    free(meta);
    free(data);
    stftc_sigmf_close(r);
    return NULL;
}

const stftc_sigmf_meta_t* stftc_sigmf_reader_meta(const stftc_sigmf_reader_t* r)
{
    return &r->meta;
}

const stftc_sigmf_annotation_t*
stftc_sigmf_reader_annotations(const stftc_sigmf_reader_t* r, size_t* n)
{
    if (n)
        *n = r->nann;
    return r->ann;
}

uint64_t stftc_sigmf_reader_samples(const stftc_sigmf_reader_t* r) { return r->nsamples; }
int stftc_sigmf_reader_truncated(const stftc_sigmf_reader_t* r) { return r->truncated; }
int stftc_sigmf_reader_error(const stftc_sigmf_reader_t* r) { return r->ioerr; }

int stftc_sigmf_seek(stftc_sigmf_reader_t* r, uint64_t sample)
{
    if (sample > r->nsamples)
        sample = r->nsamples;
    if (fseeko(r->fp, (off_t)(r->meta.header_bytes + sample * r->sbytes), SEEK_SET) != 0)
        return STFTC_ERR_IO;
    r->pos = sample;
    return STFTC_OK;
}

size_t stftc_sigmf_read(stftc_sigmf_reader_t* r, float* out, size_t max)
{
    size_t done = 0;
    const size_t per = SIGMF_BUF_BYTES / r->sbytes;
    while (done < max && r->pos < r->nsamples && !r->ioerr) {
        size_t n = max - done;
        if (n > per)
            n = per;
        if (n > r->nsamples - r->pos)
            n = (size_t)(r->nsamples - r->pos);
        if (fread(r->buf, r->sbytes, n, r->fp) != n) {
            r->ioerr = 1;
            break;
        }
        stftc_raw_decode(r->meta.datatype, r->buf, n, out + 2 * done);
        done += n;
        r->pos += n;
    }
    return done;
}

void stftc_sigmf_close(stftc_sigmf_reader_t* r)
{
    if (!r)
        return;
    if (r->fp)
        fclose(r->fp);
    free(r->ann);
    free(r);
}

/* ------------------------------------------------------------ writer */

struct stftc_sigmf_writer {
    FILE* fp;
    char* meta_path;
    stftc_sigmf_meta_t meta;
    stftc_sigmf_annotation_t* ann;
    size_t nann, cap;
    uint64_t samples;
    size_t sbytes;
    int failed; /* a data write failed: every later flush and close says so */
    unsigned char buf[SIGMF_BUF_BYTES];
};

stftc_sigmf_writer_t*
stftc_sigmf_create(const char* path, const stftc_sigmf_meta_t* m, stftc_error_t* err)
{
    if (!path || !m) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "path and meta must not be NULL");
        return NULL;
    }
    if (stftc_sigmf_check_meta(m, NULL, 0, err) != STFTC_OK)
        return NULL;
    const size_t sb = stftc_raw_sample_bytes(m->datatype);
    const size_t cap = strlen(path) + 16;
    stftc_sigmf_writer_t* w = calloc(1, sizeof *w);
    char* data = malloc(cap);
    if (w)
        w->meta_path = malloc(cap);
    if (!w || !data || !w->meta_path) {
        free(data);
        if (w)
            free(w->meta_path);
        free(w);
        stftc_fail(err, STFTC_ERR_NOMEM, "sigmf: out of memory");
        return NULL;
    }
    if (stftc_sigmf_paths(path, w->meta_path, data, cap) != 0) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "path: '%s' names no recording", path);
        free(data);
        free(w->meta_path);
        free(w);
        return NULL;
    }
    w->meta = *m;
    w->meta.dataset[0] = '\0';
    w->meta.header_bytes = w->meta.trailing_bytes = 0;
    w->meta.num_channels = 1;
    w->sbytes = sb;
    const int where_ok = stftc_check_writable_path(data, err) == STFTC_OK &&
                         stftc_check_writable_path(w->meta_path, err) == STFTC_OK;
    w->fp = where_ok ? fopen(data, "wb") : NULL;
    if (!w->fp) {
        if (where_ok)
            stftc_fail(err, STFTC_ERR_IO, "%s: %s", data, strerror(errno));
        free(data);
        free(w->meta_path);
        free(w);
        return NULL;
    }
    free(data);
    if (stftc_sigmf_writer_flush(w, err) != STFTC_OK) {
        fclose(w->fp);
        free(w->meta_path);
        free(w);
        return NULL;
    }
    return w;
}

int stftc_sigmf_write(stftc_sigmf_writer_t* w, const float* in, size_t n)
{
    const size_t per = SIGMF_BUF_BYTES / w->sbytes;
    for (size_t done = 0; done < n;) {
        const size_t k = n - done < per ? n - done : per;
        stftc_raw_encode(w->meta.datatype, in + 2 * done, k, w->buf);
        if (fwrite(w->buf, w->sbytes, k, w->fp) != k) {
            w->failed = 1;
            return STFTC_ERR_IO;
        }
        done += k;
        w->samples += k;
    }
    return STFTC_OK;
}

int stftc_sigmf_writer_annotate(stftc_sigmf_writer_t* w,
                                const stftc_sigmf_annotation_t* a)
{
    if (stftc_sigmf_ends_past_2_64(a))
        return STFTC_ERR_INVALID_ARG; /* it would end before it starts */
    if (w->nann == w->cap) {
        const size_t nc = w->cap ? 2 * w->cap : 64;
        stftc_sigmf_annotation_t* p = realloc(w->ann, nc * sizeof *p);
        if (!p)
            return STFTC_ERR_NOMEM;
        w->ann = p;
        w->cap = nc;
    }
    w->ann[w->nann++] = *a;
    return STFTC_OK;
}

uint64_t stftc_sigmf_writer_samples(const stftc_sigmf_writer_t* w) { return w->samples; }

int stftc_sigmf_writer_flush(stftc_sigmf_writer_t* w, stftc_error_t* err)
{
    if (fflush(w->fp) != 0 || ferror(w->fp))
        w->failed = 1;
    const int saved = errno;
    /* the metadata is written even then: the samples that did reach the
     * file stay readable */
    int rc = stftc_sigmf_meta_write(w->meta_path, &w->meta, w->ann, w->nann, err);
    if (w->failed)
        rc = stftc_fail(err,
                        STFTC_ERR_IO,
                        "data: a write failed (%s); the recording is incomplete",
                        saved ? strerror(saved) : "short write");
    return rc;
}

int stftc_sigmf_writer_close(stftc_sigmf_writer_t* w, stftc_error_t* err)
{
    if (!w)
        return STFTC_OK;
    int rc = stftc_sigmf_writer_flush(w, err);
    if (fclose(w->fp) != 0 && rc == STFTC_OK)
        rc = stftc_fail(err, STFTC_ERR_IO, "data: close failed: %s", strerror(errno));
    free(w->ann);
    free(w->meta_path);
    free(w);
    return rc;
}

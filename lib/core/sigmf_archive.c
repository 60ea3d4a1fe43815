/* gr-stftclean C core: SigMF archives (".sigmf", a tar of one recording's
 * .sigmf-meta and .sigmf-data), read in place: the data member's bytes lie
 * whole in the tar, so the reader opens the archive itself with the
 * member's offset (see sigmf.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _FILE_OFFSET_BITS 64
#define _POSIX_C_SOURCE 200809L
#include "internal.h"
#include "sigmf_archive.h"

#include <stftclean/sigmf.h>

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define TAR_BLOCK 512
#define TAR_MAX_MEMBERS 4096 /* a recording's archive holds a handful */

/* An octal field of a tar header (NUL or space terminated); -1 if bad. */
static int octal(const unsigned char* p, size_t n, uint64_t* out)
{
    uint64_t v = 0;
    size_t i = 0;
    while (i < n && p[i] == ' ')
        i++;
    if (i == n || p[i] < '0' || p[i] > '7')
        return -1;
    for (; i < n && p[i] >= '0' && p[i] <= '7'; i++) {
        if (v > (UINT64_MAX >> 3))
            return -1;
        v = v << 3 | (uint64_t)(p[i] - '0');
    }
    if (i < n && p[i] != ' ' && p[i] != '\0')
        return -1;
    *out = v;
    return 0;
}

/* The header's checksum: its bytes summed with the checksum field as
 * spaces. */
static int header_ok(const unsigned char* h)
{
    uint64_t want;
    if (octal(h + 148, 8, &want) != 0)
        return 0;
    uint64_t sum = 0;
    for (int i = 0; i < TAR_BLOCK; i++)
        sum += (i >= 148 && i < 156) ? (unsigned)' ' : h[i];
    return sum == want;
}

static int ends_with(const char* s, const char* tail)
{
    const size_t a = strlen(s), b = strlen(tail);
    return a >= b && !strcmp(s + a - b, tail);
}

int stftc_sigmf_is_archive(const char* path) { return path && ends_with(path, ".sigmf"); }

int stftc_sigmf_archive_find(const char* path,
                             char** meta_text,
                             size_t* meta_len,
                             uint64_t* data_off,
                             uint64_t* data_size,
                             stftc_error_t* err)
{
    *meta_text = NULL;
    uint64_t fsize = 0;
    FILE* fp = stftc_open_regular(path, &fsize, err);
    if (!fp)
        return err ? err->code : STFTC_ERR_IO;
    unsigned char h[TAR_BLOCK];
    char name[264], meta_base[264] = "";
    uint64_t pos = 0, meta_off = 0, meta_size = 0;
    int have_meta = 0, have_data = 0, rc = STFTC_OK;
    char data_names[8][264];
    uint64_t data_offs[8], data_sizes[8];
    int ndata = 0;
    for (int m = 0; m < TAR_MAX_MEMBERS && pos + TAR_BLOCK <= fsize; m++) {
        if (fseeko(fp, (off_t)pos, SEEK_SET) != 0 ||
            fread(h, 1, TAR_BLOCK, fp) != TAR_BLOCK) {
            rc = stftc_fail(err, STFTC_ERR_IO, "%s: read failed", path);
            break;
        }
        int zero = 1;
        for (int i = 0; i < TAR_BLOCK && zero; i++)
            zero = h[i] == 0;
        if (zero)
            break; /* the end of the archive */
        uint64_t size;
        if (!header_ok(h) || octal(h + 124, 12, &size) != 0) {
            rc = stftc_fail(err,
                            STFTC_ERR_FORMAT,
                            "%s: not a tar archive (bad header at offset %llu)",
                            path,
                            (unsigned long long)pos);
            break;
        }
        const uint64_t body = pos + TAR_BLOCK;
        if (size > fsize - body) {
            rc = stftc_fail(err,
                            STFTC_ERR_FORMAT,
                            "%s: member at offset %llu claims %llu bytes, past the end",
                            path,
                            (unsigned long long)pos,
                            (unsigned long long)size);
            break;
        }
        /* ustar: prefix "/" name */
        char base[101], prefix[156];
        memcpy(base, h, 100);
        base[100] = '\0';
        prefix[0] = '\0';
        if (!memcmp(h + 257, "ustar", 5)) {
            memcpy(prefix, h + 345, 155);
            prefix[155] = '\0';
        }
        snprintf(name, sizeof name, "%s%s%s", prefix, prefix[0] ? "/" : "", base);
        const char type = (char)h[156];
        if (type == '0' || type == '\0') {
            if (!have_meta && ends_with(name, ".sigmf-meta")) {
                have_meta = 1;
                meta_off = body;
                meta_size = size;
                snprintf(meta_base, sizeof meta_base, "%s", name);
                meta_base[strlen(meta_base) - strlen("-meta")] = '\0';
            } else if (ends_with(name, ".sigmf-data") && ndata < 8) {
                snprintf(data_names[ndata], sizeof data_names[0], "%s", name);
                data_offs[ndata] = body;
                data_sizes[ndata] = size;
                ndata++;
            }
        }
        pos = body + (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
    }
    /* the data member of the meta's recording (same name but -data), or the
     * only one */
    for (int i = 0; rc == STFTC_OK && have_meta && i < ndata && !have_data; i++) {
        const size_t n = strlen(meta_base);
        if (!strncmp(data_names[i], meta_base, n) &&
            !strcmp(data_names[i] + n, "-data")) {
            *data_off = data_offs[i];
            *data_size = data_sizes[i];
            have_data = 1;
        }
    }
    if (rc == STFTC_OK && have_meta && !have_data && ndata == 1) {
        *data_off = data_offs[0];
        *data_size = data_sizes[0];
        have_data = 1;
    }
    if (rc == STFTC_OK && (!have_meta || !have_data))
        rc = stftc_fail(err,
                        STFTC_ERR_FORMAT,
                        "%s: the archive holds no %s member",
                        path,
                        have_meta ? ".sigmf-data" : ".sigmf-meta");
    if (rc == STFTC_OK && meta_size > STFTC_SIGMF_MAX_META)
        rc = stftc_fail(err,
                        STFTC_ERR_FORMAT,
                        "meta: %llu bytes is more than the %zu-byte limit",
                        (unsigned long long)meta_size,
                        (size_t)STFTC_SIGMF_MAX_META);
    if (rc == STFTC_OK) {
        char* text = malloc((size_t)meta_size + 1);
        if (!text) {
            rc = stftc_fail(err, STFTC_ERR_NOMEM, "meta: out of memory");
        } else if (fseeko(fp, (off_t)meta_off, SEEK_SET) != 0 ||
                   fread(text, 1, (size_t)meta_size, fp) != (size_t)meta_size) {
            free(text);
            rc = stftc_fail(err, STFTC_ERR_IO, "%s: read failed", path);
        } else {
            text[meta_size] = '\0';
            *meta_text = text;
            *meta_len = (size_t)meta_size;
        }
    }
    fclose(fp);
    return rc;
}

/* gr-stftclean C core: SigMF metadata: datatypes, parsing, writing and
 * the names of a recording's two files (see sigmf.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _FILE_OFFSET_BITS 64
#define _POSIX_C_SOURCE 200809L
#include "internal.h"
#include "json.h"
#include "sigmf_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stftclean/sigmf.h>
#include <string.h>
#include <sys/stat.h>

#define SIGMF_MIN_ANNOTATION_BYTES 23 /* {"core:sample_start":0} */

/* ------------------------------------------------------------ datatypes */

/* start + count does not fit: the annotation would end before it starts */
int stftc_sigmf_ends_past_2_64(const stftc_sigmf_annotation_t* a)
{
    return a->sample_count > UINT64_MAX - a->sample_start;
}

stftc_sigmf_annotation_t stftc_sigmf_annotation_default(void)
{
    stftc_sigmf_annotation_t a;
    memset(&a, 0, sizeof a);
    return a;
}

stftc_sigmf_meta_t stftc_sigmf_meta_default(void)
{
    stftc_sigmf_meta_t m;
    memset(&m, 0, sizeof m);
    m.datatype = STFTC_RAW_CF32;
    m.num_channels = 1;
    return m;
}

const char* stftc_sigmf_datatype_name(stftc_raw_format_t fmt)
{
    switch (fmt) {
    case STFTC_RAW_CF32:
        return "cf32_le";
    case STFTC_RAW_CI16:
        return "ci16_le";
    case STFTC_RAW_CI8:
        return "ci8";
    case STFTC_RAW_CU8:
        return "cu8";
    }
    return "unknown";
}

int stftc_sigmf_datatype_parse(const char* text,
                               stftc_raw_format_t* fmt,
                               stftc_error_t* err)
{
    static const struct {
        const char* name;
        stftc_raw_format_t fmt;
    } names[] = { { "cf32_le", STFTC_RAW_CF32 }, { "ci16_le", STFTC_RAW_CI16 },
                  { "ci8", STFTC_RAW_CI8 },      { "ci8_le", STFTC_RAW_CI8 },
                  { "cu8", STFTC_RAW_CU8 },      { "cu8_le", STFTC_RAW_CU8 } };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!strcmp(text, names[i].name)) {
            *fmt = names[i].fmt;
            return STFTC_OK;
        }
    }
    return stftc_fail(err,
                      STFTC_ERR_FORMAT,
                      "core:datatype: '%.40s' is not supported (cf32_le, ci16_le, ci8 "
                      "or cu8)",
                      text);
}

/* ------------------------------------------------------------ parse */

/* Optional string member: absent is fine; present must be a string. */
static int get_str(const json_doc_t* d,
                   size_t obj,
                   const char* key,
                   char* out,
                   size_t cap,
                   const char* where,
                   stftc_error_t* err)
{
    const size_t v = json_get(d, obj, key);
    if (!v)
        return STFTC_OK;
    if (json_string(d, v, out, cap) == (size_t)-1)
        return stftc_fail(err, STFTC_ERR_FORMAT, "%s%s: must be a string", where, key);
    return STFTC_OK;
}

/* Optional u64 member; *present set. */
static int get_u64(const json_doc_t* d,
                   size_t obj,
                   const char* key,
                   uint64_t* out,
                   int* present,
                   const char* where,
                   stftc_error_t* err)
{
    const size_t v = json_get(d, obj, key);
    if (present)
        *present = v != 0;
    if (!v)
        return STFTC_OK;
    if (json_u64(d, v, out) != 0)
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "%s%s: must be a non-negative integer below 2^64",
                          where,
                          key);
    return STFTC_OK;
}

static int get_num(const json_doc_t* d,
                   size_t obj,
                   const char* key,
                   double* out,
                   int* present,
                   const char* where,
                   stftc_error_t* err)
{
    const size_t v = json_get(d, obj, key);
    if (present)
        *present = v != 0;
    if (!v)
        return STFTC_OK;
    if (json_number(d, v, out) != 0)
        return stftc_fail(
            err, STFTC_ERR_FORMAT, "%s%s: must be a finite number", where, key);
    return STFTC_OK;
}

static int cmp_ann(const void* pa, const void* pb)
{
    const stftc_sigmf_annotation_t* a = pa;
    const stftc_sigmf_annotation_t* b = pb;
    if (a->sample_start != b->sample_start)
        return a->sample_start < b->sample_start ? -1 : 1;
    if (a->sample_count != b->sample_count)
        return a->sample_count < b->sample_count ? -1 : 1;
    if (a->freq_lower_edge != b->freq_lower_edge)
        return a->freq_lower_edge < b->freq_lower_edge ? -1 : 1;
    return 0;
}

static int parse_annotation(const json_doc_t* d,
                            size_t obj,
                            size_t idx,
                            stftc_sigmf_annotation_t* a,
                            stftc_error_t* err)
{
    char where[48];
    snprintf(where, sizeof where, "annotations[%zu].", idx);
    *a = stftc_sigmf_annotation_default();
    if (json_type(d, obj) != JSON_OBJECT)
        return stftc_fail(
            err, STFTC_ERR_FORMAT, "annotations[%zu]: must be an object", idx);
    int present = 0, lo = 0, hi = 0;
    int rc;
    if ((rc = get_u64(
             d, obj, "core:sample_start", &a->sample_start, &present, where, err)))
        return rc;
    if (!present)
        return stftc_fail(
            err, STFTC_ERR_FORMAT, "%score:sample_start: missing (required)", where);
    if ((rc = get_u64(d, obj, "core:sample_count", &a->sample_count, NULL, where, err)) ||
        (rc = get_num(
             d, obj, "core:freq_lower_edge", &a->freq_lower_edge, &lo, where, err)) ||
        (rc = get_num(
             d, obj, "core:freq_upper_edge", &a->freq_upper_edge, &hi, where, err)) ||
        (rc = get_str(d, obj, "core:label", a->label, sizeof a->label, where, err)) ||
        (rc = get_str(
             d, obj, "core:generator", a->generator, sizeof a->generator, where, err)) ||
        (rc = get_num(d, obj, "stftclean:snr_db", &a->snr_db, &a->has_snr, where, err)) ||
        (rc = get_num(
             d, obj, "stftclean:power_db", &a->power_db, &a->has_power, where, err)))
        return rc;
    if (lo != hi)
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "%score:freq_lower_edge and core:freq_upper_edge: give both or "
                          "neither",
                          where);
    if (stftc_sigmf_ends_past_2_64(a))
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "%score:sample_count: %llu from sample %llu ends past 2^64",
                          where,
                          (unsigned long long)a->sample_count,
                          (unsigned long long)a->sample_start);
    a->has_freq = lo;
    return STFTC_OK;
}

/* The global object's fields. */
static int
parse_global(const json_doc_t* d, size_t g, stftc_sigmf_meta_t* m, stftc_error_t* err)
{
    char dt[32] = "";
    const size_t dtv = json_get(d, g, "core:datatype");
    if (!dtv || json_string(d, dtv, dt, sizeof dt) == (size_t)-1)
        return stftc_fail(
            err, STFTC_ERR_FORMAT, "global.core:datatype: missing or not a string");
    int rc = stftc_sigmf_datatype_parse(dt, &m->datatype, err);
    if (rc)
        return rc;
    int present = 0;
    uint64_t nch = 1;
    if ((rc = get_num(
             d, g, "core:sample_rate", &m->sample_rate, &present, "global.", err)))
        return rc;
    if (present && !(m->sample_rate > 0.0))
        return stftc_fail(err, STFTC_ERR_FORMAT, "global.core:sample_rate: must be > 0");
    if ((rc = get_u64(d, g, "core:num_channels", &nch, NULL, "global.", err)))
        return rc;
    if (nch != 1)
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "global.core:num_channels: %llu channels are not supported "
                          "(need 1)",
                          (unsigned long long)nch);
    if ((rc = get_str(d,
                      g,
                      "core:description",
                      m->description,
                      sizeof m->description,
                      "global.",
                      err)) ||
        (rc = get_str(
             d, g, "core:recorder", m->recorder, sizeof m->recorder, "global.", err)) ||
        (rc = get_u64(
             d, g, "core:trailing_bytes", &m->trailing_bytes, NULL, "global.", err)))
        return rc;
    const size_t ds = json_get(d, g, "core:dataset");
    if (ds) {
        const size_t n = json_string(d, ds, m->dataset, sizeof m->dataset);
        if (n == (size_t)-1)
            return stftc_fail(
                err, STFTC_ERR_FORMAT, "global.core:dataset: must be a string");
        if (n == 0 || n >= sizeof m->dataset || strchr(m->dataset, '/') ||
            !strcmp(m->dataset, ".") || !strcmp(m->dataset, ".."))
            return stftc_fail(err,
                              STFTC_ERR_FORMAT,
                              "global.core:dataset: must be a file name beside the meta "
                              "file (no folders, < %zu bytes)",
                              sizeof m->dataset);
    }
    return STFTC_OK;
}

/* The first capture's fields (the only one read: one channel, one
 * recording). */
static int parse_captures(const json_doc_t* d,
                          size_t root,
                          stftc_sigmf_meta_t* m,
                          stftc_error_t* err)
{
    int rc;
    const size_t caps = json_get(d, root, "captures");
    if (caps && json_type(d, caps) != JSON_ARRAY)
        return stftc_fail(err, STFTC_ERR_FORMAT, "captures: must be an array");
    size_t it = 0;
    const size_t c0 = caps ? json_array_next(d, caps, &it) : 0;
    if (c0) {
        if (json_type(d, c0) != JSON_OBJECT)
            return stftc_fail(err, STFTC_ERR_FORMAT, "captures[0]: must be an object");
        if ((rc = get_num(d,
                          c0,
                          "core:frequency",
                          &m->frequency,
                          &m->has_frequency,
                          "captures[0].",
                          err)) ||
            (rc = get_u64(d,
                          c0,
                          "core:header_bytes",
                          &m->header_bytes,
                          NULL,
                          "captures[0].",
                          err)) ||
            (rc = get_str(d,
                          c0,
                          "core:datetime",
                          m->datetime,
                          sizeof m->datetime,
                          "captures[0].",
                          err)))
            return rc;
        if (m->datetime[0]) {
            stftc_systemtime_t t;
            if (stftc_time_from_iso8601(m->datetime, &t, NULL) != 0)
                return stftc_fail(err,
                                  STFTC_ERR_FORMAT,
                                  "captures[0].core:datetime: '%.48s' is not an ISO 8601 "
                                  "UTC time (YYYY-MM-DDTHH:MM:SS[.s]Z)",
                                  m->datetime);
            m->has_datetime = 1;
        }
    }
    return STFTC_OK;
}

/* The annotations, sorted by sample_start (*ann malloc'ed). */
static int parse_annotations(const json_doc_t* d,
                             size_t root,
                             size_t len,
                             stftc_sigmf_annotation_t** ann,
                             size_t* nann,
                             stftc_error_t* err)
{
    int rc;
    size_t it = 0;
    const size_t anns = json_get(d, root, "annotations");
    if (anns && json_type(d, anns) != JSON_ARRAY)
        return stftc_fail(err, STFTC_ERR_FORMAT, "annotations: must be an array");
    stftc_ok(err);
    if (!ann || !anns)
        return STFTC_OK;
    const size_t n = json_array_len(d, anns);
    if (n == 0)
        return STFTC_OK;
    /* Every element is a valid JSON value; an annotation needs at least
     * SIGMF_MIN_ANNOTATION_BYTES, so n is bounded by the text size. */
    if (n > len / SIGMF_MIN_ANNOTATION_BYTES + 1)
        return stftc_fail(
            err, STFTC_ERR_FORMAT, "annotations: too many for the text size");
    stftc_sigmf_annotation_t* a = malloc(n * sizeof *a);
    if (!a)
        return stftc_fail(err, STFTC_ERR_NOMEM, "annotations: out of memory (%zu)", n);
    for (size_t i = 0; i < n; i++) {
        const size_t v = json_array_next(d, anns, &it);
        if ((rc = parse_annotation(d, v, i, &a[i], err)) != STFTC_OK) {
            free(a);
            return rc;
        }
    }
    qsort(a, n, sizeof *a, cmp_ann);
    stftc_ok(err);
    *ann = a;
    if (nann)
        *nann = n;
    return STFTC_OK;
}


int stftc_sigmf_meta_parse(const char* text,
                           size_t len,
                           stftc_sigmf_meta_t* m,
                           stftc_sigmf_annotation_t** ann,
                           size_t* nann,
                           stftc_error_t* err)
{
    if (ann)
        *ann = NULL;
    if (nann)
        *nann = 0;
    *m = stftc_sigmf_meta_default();
    if (len > STFTC_SIGMF_MAX_META)
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "meta: %zu bytes is more than the %zu-byte limit",
                          len,
                          STFTC_SIGMF_MAX_META);
    size_t where = 0;
    const char* why = NULL;
    if (json_validate(text, len, &where, &why) != 0)
        return stftc_fail(
            err, STFTC_ERR_FORMAT, "meta: not valid JSON at byte %zu: %s", where, why);
    const json_doc_t doc = { text, len };
    const json_doc_t* d = &doc;
    const size_t root = json_root(d);
    if (json_type(d, root) != JSON_OBJECT)
        return stftc_fail(err, STFTC_ERR_FORMAT, "meta: top level must be an object");
    const size_t g = json_get(d, root, "global");
    if (json_type(d, g) != JSON_OBJECT)
        return stftc_fail(err, STFTC_ERR_FORMAT, "global: missing or not an object");

    int rc = parse_global(d, g, m, err);
    if (rc == STFTC_OK)
        rc = parse_captures(d, root, m, err);
    if (rc == STFTC_OK)
        rc = parse_annotations(d, root, len, ann, nann, err);
    return rc;
}

int stftc_sigmf_meta_read(const char* path,
                          stftc_sigmf_meta_t* m,
                          stftc_sigmf_annotation_t** ann,
                          size_t* nann,
                          stftc_error_t* err)
{
    uint64_t msize = 0;
    FILE* fp = stftc_open_regular(path, &msize, err);
    if (!fp)
        return err ? err->code : STFTC_ERR_IO;
    if (msize > STFTC_SIGMF_MAX_META) {
        fclose(fp);
        return stftc_fail(err,
                          STFTC_ERR_FORMAT,
                          "meta: %lld bytes is more than the %zu-byte limit",
                          (long long)msize,
                          STFTC_SIGMF_MAX_META);
    }
    const size_t len = (size_t)msize;
    char* text = malloc(len + 1);
    if (!text) {
        fclose(fp);
        return stftc_fail(err, STFTC_ERR_NOMEM, "meta: out of memory");
    }
    const size_t got = fread(text, 1, len, fp);
    fclose(fp);
    if (got != len) {
        free(text);
        return stftc_fail(err, STFTC_ERR_IO, "%s: read failed", path);
    }
    text[len] = '\0';
    const int rc = stftc_sigmf_meta_parse(text, len, m, ann, nann, err);
    free(text);
    return rc;
}

/* ------------------------------------------------------------ write */

static void put_key(FILE* fp, int* first, const char* indent, const char* key)
{
    fprintf(fp, "%s\n%s", *first ? "" : ",", indent);
    *first = 0;
    json_put_string(fp, key);
    fputs(": ", fp);
}

static void put_annotation(FILE* fp, const stftc_sigmf_annotation_t* a)
{
    const char* in = "      ";
    int first = 1;
    fputs("    {", fp);
    put_key(fp, &first, in, "core:sample_start");
    fprintf(fp, "%llu", (unsigned long long)a->sample_start);
    if (a->sample_count) {
        put_key(fp, &first, in, "core:sample_count");
        fprintf(fp, "%llu", (unsigned long long)a->sample_count);
    }
    if (a->has_freq && isfinite(a->freq_lower_edge) && isfinite(a->freq_upper_edge)) {
        const double lo = fmin(a->freq_lower_edge, a->freq_upper_edge);
        const double hi = fmax(a->freq_lower_edge, a->freq_upper_edge);
        put_key(fp, &first, in, "core:freq_lower_edge");
        json_put_double(fp, lo);
        put_key(fp, &first, in, "core:freq_upper_edge");
        json_put_double(fp, hi);
    }
    if (a->label[0]) {
        put_key(fp, &first, in, "core:label");
        json_put_string(fp, a->label);
    }
    if (a->generator[0]) {
        put_key(fp, &first, in, "core:generator");
        json_put_string(fp, a->generator);
    }
    if (a->has_snr && isfinite(a->snr_db)) {
        put_key(fp, &first, in, "stftclean:snr_db");
        json_put_double(fp, a->snr_db);
    }
    if (a->has_power && isfinite(a->power_db)) {
        put_key(fp, &first, in, "stftclean:power_db");
        json_put_double(fp, a->power_db);
    }
    for (size_t i = 0; a->fields && i < a->nfields; i++) {
        const stftc_sigmf_field_t* f = &a->fields[i];
        if (!f->name || !f->name[0] || !isfinite(f->value) ||
            !strcmp(f->name, "snr_db") || !strcmp(f->name, "power_db"))
            continue;
        int repeat = 0;
        for (size_t k = 0; k < i && !repeat; k++)
            repeat = a->fields[k].name && !strcmp(a->fields[k].name, f->name);
        char key[160];
        if (repeat ||
            (size_t)snprintf(key, sizeof key, "stftclean:%s", f->name) >= sizeof key)
            continue; /* repeated, or a name too long to be one of ours */
        put_key(fp, &first, in, key);
        json_put_double(fp, f->value);
    }
    fputs("\n    }", fp);
}

static int write_meta_fp(FILE* fp,
                         const stftc_sigmf_meta_t* m,
                         const stftc_sigmf_annotation_t* const* order,
                         size_t nann)
{
    const char* in = "    ";
    int first = 1;
    fputs("{\n  \"global\": {", fp);
    put_key(fp, &first, in, "core:datatype");
    json_put_string(fp, stftc_sigmf_datatype_name(m->datatype));
    put_key(fp, &first, in, "core:version");
    json_put_string(fp, STFTC_SIGMF_VERSION);
    if (m->sample_rate > 0.0 && isfinite(m->sample_rate)) {
        put_key(fp, &first, in, "core:sample_rate");
        json_put_double(fp, m->sample_rate);
    }
    put_key(fp, &first, in, "core:num_channels");
    fputs("1", fp);
    if (m->description[0]) {
        put_key(fp, &first, in, "core:description");
        json_put_string(fp, m->description);
    }
    if (m->recorder[0]) {
        put_key(fp, &first, in, "core:recorder");
        json_put_string(fp, m->recorder);
    }
    if (m->dataset[0]) {
        put_key(fp, &first, in, "core:dataset");
        json_put_string(fp, m->dataset);
        put_key(fp, &first, in, "core:trailing_bytes");
        fprintf(fp, "%llu", (unsigned long long)m->trailing_bytes);
    }
    put_key(fp, &first, in, "core:extensions");
    fputs("[\n      {\"name\": \"stftclean\", \"version\": \"1.0.0\", \"optional\": "
          "true}\n    ]",
          fp);
    fputs("\n  },\n  \"captures\": [\n    {", fp);
    first = 1;
    in = "      ";
    put_key(fp, &first, in, "core:sample_start");
    fputs("0", fp);
    if (m->has_frequency && isfinite(m->frequency)) {
        put_key(fp, &first, in, "core:frequency");
        json_put_double(fp, m->frequency);
    }
    if (m->has_datetime && m->datetime[0]) {
        put_key(fp, &first, in, "core:datetime");
        json_put_string(fp, m->datetime);
    }
    if (m->dataset[0]) {
        put_key(fp, &first, in, "core:header_bytes");
        fprintf(fp, "%llu", (unsigned long long)m->header_bytes);
    }
    fputs("\n    }\n  ],\n  \"annotations\": [", fp);
    for (size_t i = 0; i < nann; i++) {
        fputs(i ? ",\n" : "\n", fp);
        put_annotation(fp, order[i]);
    }
    fputs(nann ? "\n  ]\n}\n" : "]\n}\n", fp);
    return ferror(fp) ? -1 : 0;
}

static int cmp_ann_ptr(const void* pa, const void* pb)
{
    return cmp_ann(*(const stftc_sigmf_annotation_t* const*)pa,
                   *(const stftc_sigmf_annotation_t* const*)pb);
}

/* What a writer copies must read back: the datatype, a core:datetime the
 * reader accepts, annotations that end before 2^64. */
int stftc_sigmf_check_meta(const stftc_sigmf_meta_t* m,
                           const stftc_sigmf_annotation_t* ann,
                           size_t nann,
                           stftc_error_t* err)
{
    if (stftc_raw_sample_bytes(m->datatype) == 0)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "datatype: must be cf32, ci16, ci8 or cu8 (got %d)",
                          (int)m->datatype);
    char utc[64];
    if (m->has_datetime && m->datetime[0] &&
        stftc_time_iso8601_utc(m->datetime, utc, sizeof utc) != 0)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "datetime: '%.48s' is not an ISO 8601 time of the calendar "
                          "(YYYY-MM-DDTHH:MM:SS[.fraction]Z, years 1-9999 in UTC)",
                          m->datetime);
    for (size_t i = 0; i < nann; i++)
        if (stftc_sigmf_ends_past_2_64(&ann[i]))
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "annotations[%zu].sample_count: ends past 2^64",
                              i);
    return STFTC_OK;
}

int stftc_sigmf_meta_write(const char* path,
                           const stftc_sigmf_meta_t* m,
                           const stftc_sigmf_annotation_t* ann,
                           size_t nann,
                           stftc_error_t* err)
{
    if (!path || !m)
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "path and meta must not be NULL");
    const int rc0 = stftc_sigmf_check_meta(m, ann, nann, err);
    if (rc0 != STFTC_OK)
        return rc0;
    /* SigMF allows UTC ("Z") only: the same instant, rewritten */
    stftc_sigmf_meta_t utc_meta = *m;
    if (m->has_datetime && m->datetime[0])
        stftc_time_iso8601_utc(m->datetime, utc_meta.datetime, sizeof utc_meta.datetime);
    m = &utc_meta;
    const stftc_sigmf_annotation_t** order = NULL;
    if (nann) {
        order = malloc(nann * sizeof *order);
        if (!order)
            return stftc_fail(err, STFTC_ERR_NOMEM, "annotations: out of memory");
        for (size_t i = 0; i < nann; i++)
            order[i] = &ann[i];
        qsort(order, nann, sizeof *order, cmp_ann_ptr);
    }
    const size_t plen = strlen(path);
    char* tmp = malloc(plen + 5);
    if (!tmp) {
        free(order);
        return stftc_fail(err, STFTC_ERR_NOMEM, "meta: out of memory");
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", 5);
    int rc = STFTC_OK;
    FILE* fp = fopen(tmp, "wb");
    if (!fp) {
        rc = stftc_fail(err, STFTC_ERR_IO, "%s: %s", tmp, strerror(errno));
    } else {
        const int wrc = write_meta_fp(fp, m, order, nann);
        if (fclose(fp) != 0 || wrc != 0)
            rc = stftc_fail(err, STFTC_ERR_IO, "%s: write failed", tmp);
        else if (rename(tmp, path) != 0)
            rc = stftc_fail(err, STFTC_ERR_IO, "%s: %s", path, strerror(errno));
        if (rc != STFTC_OK)
            remove(tmp);
    }
    free(tmp);
    free(order);
    if (rc == STFTC_OK)
        stftc_ok(err);
    return rc;
}

static int ends_with(const char* s, const char* suffix)
{
    const size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

int stftc_sigmf_paths(const char* path, char* meta, char* data, size_t len)
{
    size_t base = strlen(path);
    if (ends_with(path, ".sigmf-meta") || ends_with(path, ".sigmf-data"))
        base -= strlen(".sigmf-meta");
    else if (ends_with(path, "."))
        base -= 1;
    if (base + strlen(".sigmf-meta") + 1 > len || base == 0)
        return -1;
    if (meta) {
        memcpy(meta, path, base);
        strcpy(meta + base, ".sigmf-meta");
    }
    if (data) {
        memcpy(data, path, base);
        strcpy(data + base, ".sigmf-data");
    }
    return 0;
}

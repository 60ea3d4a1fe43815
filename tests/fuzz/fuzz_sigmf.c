/* Fuzz harness: the SigMF meta reader (strict bounded JSON) on arbitrary
 * text, then a write and re-read of what it accepted. Checks: a refusal has
 * a code and a message; accepted annotations are sorted by sample_start and
 * bounded by the text size; text fields are NUL-terminated; what is written
 * back parses to the same datatype, sample rate and annotation extents.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "fuzz_common.h"

#include <stftclean/sigmf.h>
#include <unistd.h>

static char scratch[128];

static void remove_scratch(void)
{
    if (scratch[0])
        rmdir(scratch); /* empty: every input's file is unlinked after use */
}

static const char* scratch_dir(void)
{
    if (!scratch[0]) {
        const char* t = getenv("TMPDIR");
        snprintf(
            scratch, sizeof scratch, "%s/stftc_fuzz_sigmf_XXXXXX", t && *t ? t : "/tmp");
        if (mkdtemp(scratch))
            atexit(remove_scratch);
        else
            scratch[0] = '\0';
    }
    return scratch;
}

static void check_text(const char* s, size_t cap, const char* what)
{
    fz_assert(memchr(s, '\0', cap) != NULL, what);
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    stftc_sigmf_meta_t m;
    stftc_sigmf_annotation_t* ann = NULL;
    size_t nann = 0;
    stftc_error_t err;
    const int rc = stftc_sigmf_meta_parse((const char*)data, size, &m, &ann, &nann, &err);
    if (rc != STFTC_OK) {
        fz_check_refusal(rc, &err, "sigmf_meta_parse");
        return 0;
    }
    fz_assert(nann == 0 || ann != NULL, "annotations returned");
    fz_assert(nann * 23 <= size, "one annotation needs 23 bytes of text");
    for (size_t i = 0; i < nann; i++) {
        if (i)
            fz_assert(ann[i - 1].sample_start <= ann[i].sample_start,
                      "sorted annotations");
        check_text(ann[i].label, sizeof ann[i].label, "label terminated");
        check_text(ann[i].generator, sizeof ann[i].generator, "generator terminated");
    }
    check_text(m.datetime, sizeof m.datetime, "datetime terminated");
    check_text(m.description, sizeof m.description, "description terminated");
    check_text(m.recorder, sizeof m.recorder, "recorder terminated");
    check_text(m.dataset, sizeof m.dataset, "dataset terminated");
    fz_assert(stftc_raw_sample_bytes(m.datatype) > 0, "known datatype");

    /* what was accepted is written back and read again */
    const char* dir = scratch_dir();
    if (dir[0]) {
        char path[192];
        snprintf(path, sizeof path, "%s/m.sigmf-meta", dir);
        if (stftc_sigmf_meta_write(path, &m, ann, nann, &err) == STFTC_OK) {
            stftc_sigmf_meta_t m2;
            stftc_sigmf_annotation_t* ann2 = NULL;
            size_t nann2 = 0;
            const int rc2 = stftc_sigmf_meta_read(path, &m2, &ann2, &nann2, &err);
            if (rc2 != STFTC_OK)
                fprintf(stderr, "re-read: %s\n", err.msg);
            fz_assert(rc2 == STFTC_OK, "written meta reads back");
            fz_assert(m2.datatype == m.datatype, "datatype survives");
            fz_assert(m2.sample_rate == m.sample_rate, "sample_rate survives");
            fz_assert(nann2 == nann, "annotation count survives");
            for (size_t i = 0; i < nann; i++)
                fz_assert(ann2[i].sample_start == ann[i].sample_start &&
                              ann2[i].sample_count == ann[i].sample_count,
                          "annotation extents survive");
            free(ann2);
        }
        unlink(path);
    }
    free(ann);
    return 0;
}

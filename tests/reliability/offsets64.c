/* 64-bit sample offsets in the readers, without writing gigabytes: sparse
 * recordings of 2^32 + 1000 complex float32 samples (34 GB apparent size,
 * a few kB on disk) as an RF64 IQ WAV (sizes in ds64), a raw cf32 file and
 * a SigMF recording (with an annotation starting past 2^32), with marker
 * samples written at 2^32 - 1, 2^32 + 7 and the last sample. Checks: the
 * sample counts are exact, seeking to 2^32 - 1 and reading finds the
 * markers where they were written (a 32-bit count or offset would wrap to
 * the start of the file, which reads zeros), the last samples end exactly
 * at the end, and the annotation's sample_start reads back unchanged.
 *   offsets64 SCRATCH_DIR
 * Skipped (exit 77) where the file system cannot hold a 34 GB sparse file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stftclean/iqfile.h>
#include <stftclean/iqsource.h>
#include <stftclean/sigmf.h>

#define TWO32 ((uint64_t)1 << 32)
#define NFRAMES (TWO32 + 1000)

#define FAIL(...)                              \
    do {                                       \
        fprintf(stderr, "FAIL: " __VA_ARGS__); \
        fprintf(stderr, "\n");                 \
        exit(1);                               \
    } while (0)

static const uint64_t marks[3] = { TWO32 - 1, TWO32 + 7, NFRAMES - 1 };

static float mark_i(int j) { return 0.25f * (float)(j + 1); }
static float mark_q(int j) { return -0.5f * (float)(j + 1); }

static void put(unsigned char** p, const void* v, size_t n)
{
    memcpy(*p, v, n);
    *p += n;
}
static void put32(unsigned char** p, uint32_t v)
{
    unsigned char b[4] = { (unsigned char)v,
                           (unsigned char)(v >> 8),
                           (unsigned char)(v >> 16),
                           (unsigned char)(v >> 24) };
    put(p, b, 4);
}
static void put16(unsigned char** p, uint16_t v)
{
    unsigned char b[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
    put(p, b, 2);
}
static void put64(unsigned char** p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p, (uint32_t)(v >> 32));
}

/* A sparse file: header, then nframes cf32 frames (zeros but the markers). */
static int make_sparse(const char* path, const unsigned char* hdr, size_t hlen)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        FAIL("%s: %s", path, strerror(errno));
    if (hlen && write(fd, hdr, hlen) != (ssize_t)hlen)
        FAIL("%s: header: %s", path, strerror(errno));
    if (ftruncate(fd, (off_t)(hlen + NFRAMES * 8)) != 0) {
        close(fd);
        unlink(path);
        return -1;
    }
    for (int j = 0; j < 3; j++) {
        const float iq[2] = { mark_i(j), mark_q(j) };
        if (pwrite(fd, iq, 8, (off_t)(hlen + marks[j] * 8)) != 8)
            FAIL("%s: marker: %s", path, strerror(errno));
    }
    close(fd);
    return 0;
}

/* reads frames [from, from + n) through read(); checks markers and zeros */
typedef size_t (*read_fn)(void* r, float* out, size_t max);
typedef int (*seek_fn)(void* r, uint64_t frame);

static void check_reads(const char* what, void* r, read_fn rd, seek_fn sk)
{
    float buf[2 * 64];
    if (sk(r, TWO32 - 1) != 0)
        FAIL("%s: seek to 2^32 - 1", what);
    if (rd(r, buf, 16) != 16)
        FAIL("%s: read 16 at 2^32 - 1", what);
    for (size_t k = 0; k < 16; k++) {
        const uint64_t t = TWO32 - 1 + k;
        int j = -1;
        for (int m = 0; m < 3; m++)
            if (marks[m] == t)
                j = m;
        const float wi = j >= 0 ? mark_i(j) : 0.0f, wq = j >= 0 ? mark_q(j) : 0.0f;
        if (buf[2 * k] != wi || buf[2 * k + 1] != wq)
            FAIL("%s: sample %llu is %g%+gi, want %g%+gi",
                 what,
                 (unsigned long long)t,
                 buf[2 * k],
                 buf[2 * k + 1],
                 wi,
                 wq);
    }
    if (sk(r, NFRAMES - 3) != 0)
        FAIL("%s: seek to the end - 3", what);
    const size_t got = rd(r, buf, 64);
    if (got != 3 || buf[4] != mark_i(2) || buf[5] != mark_q(2))
        FAIL("%s: the last 3 samples: got %zu, last %g%+gi", what, got, buf[4], buf[5]);
    if (rd(r, buf, 64) != 0)
        FAIL("%s: samples past the end", what);
    printf("%s: %llu samples, markers at 2^32 - 1, 2^32 + 7 and the end found\n",
           what,
           (unsigned long long)NFRAMES);
}

static size_t wav_read(void* r, float* o, size_t n) { return stftc_iqwav_read(r, o, n); }
static int wav_seek(void* r, uint64_t f) { return stftc_iqwav_seek(r, f); }
static size_t src_read(void* r, float* o, size_t n)
{
    return stftc_iqsource_read(r, o, n);
}
static int src_seek(void* r, uint64_t f) { return stftc_iqsource_seek(r, f); }
static size_t sm_read(void* r, float* o, size_t n) { return stftc_sigmf_read(r, o, n); }
static int sm_seek(void* r, uint64_t f) { return stftc_sigmf_seek(r, f); }

int main(int argc, char** argv)
{
    if (argc < 2)
        FAIL("usage: offsets64 SCRATCH_DIR");
    const char* dir = argv[1];
    mkdir(dir, 0755);
    char path[4096];
    stftc_error_t e;

    /* RF64 IQ WAV, float32 stereo, sizes in ds64 */
    unsigned char hdr[128], *p = hdr;
    put(&p, "RF64", 4);
    put32(&p, 0xFFFFFFFFu);
    put(&p, "WAVE", 4);
    put(&p, "ds64", 4);
    put32(&p, 28);
    const size_t hlen = 12 + 36 + 24 + 8;
    put64(&p, hlen - 8 + NFRAMES * 8); /* riff size */
    put64(&p, NFRAMES * 8);            /* data size */
    put64(&p, NFRAMES);                /* sample count */
    put32(&p, 0);                      /* table length */
    put(&p, "fmt ", 4);
    put32(&p, 16);
    put16(&p, 3);
    put16(&p, 2);
    put32(&p, 2000000);
    put32(&p, 2000000 * 8);
    put16(&p, 8);
    put16(&p, 32);
    put(&p, "data", 4);
    put32(&p, 0xFFFFFFFFu);
    if ((size_t)(p - hdr) != hlen)
        FAIL("header length %zu", (size_t)(p - hdr));
    snprintf(path, sizeof path, "%s/big.wav", dir);
    if (make_sparse(path, hdr, hlen) != 0) {
        printf("SKIP: no 34 GB sparse file in %s\n", dir);
        return 77;
    }
    stftc_iqwav_reader_t* w = stftc_iqwav_open(path, NULL, &e);
    if (!w)
        FAIL("iqwav_open: %s", e.msg);
    if (stftc_iqwav_info(w)->frames != NFRAMES || !stftc_iqwav_info(w)->is_rf64)
        FAIL("iqwav: %llu frames", (unsigned long long)stftc_iqwav_info(w)->frames);
    check_reads("rf64 wav", w, wav_read, wav_seek);
    stftc_iqwav_close(w);
    stftc_iqsource_t* s = stftc_iqsource_open(path, STFTC_IQFMT_AUTO, NULL, &e);
    if (!s || stftc_iqsource_info(s)->frames != NFRAMES)
        FAIL("iqsource wav: %s", s ? "frames" : e.msg);
    check_reads("iqsource wav", s, src_read, src_seek);
    stftc_iqsource_close(s);
    unlink(path);

    /* raw cf32 */
    snprintf(path, sizeof path, "%s/big.cf32", dir);
    if (make_sparse(path, NULL, 0) != 0)
        FAIL("sparse cf32");
    s = stftc_iqsource_open(path, STFTC_IQFMT_AUTO, NULL, &e);
    if (!s || stftc_iqsource_info(s)->frames != NFRAMES)
        FAIL("iqsource cf32: %s", s ? "frames" : e.msg);
    check_reads("iqsource cf32", s, src_read, src_seek);
    stftc_iqsource_close(s);
    unlink(path);

    /* SigMF: meta with an annotation past 2^32, sparse data */
    snprintf(path, sizeof path, "%s/big.sigmf-data", dir);
    if (make_sparse(path, NULL, 0) != 0)
        FAIL("sparse sigmf data");
    char meta[4096];
    snprintf(meta, sizeof meta, "%s/big.sigmf-meta", dir);
    stftc_sigmf_meta_t m = stftc_sigmf_meta_default();
    m.sample_rate = 2e6;
    stftc_sigmf_annotation_t a = stftc_sigmf_annotation_default();
    a.sample_start = TWO32 + 7;
    a.sample_count = 993;
    if (stftc_sigmf_meta_write(meta, &m, &a, 1, &e) != STFTC_OK)
        FAIL("sigmf_meta_write: %s", e.msg);
    stftc_sigmf_reader_t* r = stftc_sigmf_open(meta, &e);
    if (!r)
        FAIL("sigmf_open: %s", e.msg);
    size_t nann = 0;
    const stftc_sigmf_annotation_t* ra = stftc_sigmf_reader_annotations(r, &nann);
    if (stftc_sigmf_reader_samples(r) != NFRAMES || nann != 1 ||
        ra[0].sample_start != TWO32 + 7 || ra[0].sample_count != 993)
        FAIL("sigmf: %llu samples, %zu annotations",
             (unsigned long long)stftc_sigmf_reader_samples(r),
             nann);
    check_reads("sigmf", r, sm_read, sm_seek);
    stftc_sigmf_close(r);
    s = stftc_iqsource_open(meta, STFTC_IQFMT_AUTO, NULL, &e);
    if (!s || stftc_iqsource_info(s)->frames != NFRAMES)
        FAIL("iqsource sigmf: %s", s ? "frames" : e.msg);
    check_reads("iqsource sigmf", s, src_read, src_seek);
    stftc_iqsource_close(s);
    unlink(path);
    unlink(meta);
    printf("PASS\n");
    return 0;
}

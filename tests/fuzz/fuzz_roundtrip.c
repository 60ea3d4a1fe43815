/* Fuzz harness: what is written must read back. The input is a recording
 * (an IQ WAV file, or a SigMF meta text and its data); whatever the
 * project's reader opens is written again the way `stftclean clean` does
 * (stftc_iqsink with the source's rate, centre frequency, start time and,
 * SigMF to SigMF, its annotations), and the same way `describe` and
 * `features --sigmf-meta` do (a meta file that reads the input in place),
 * then read back with the project's reader. Checks, each an abort():
 *  - every written file opens; channels, frame count, encoding, sample rate
 *    (a WAV: rounded to whole Hz) and the samples themselves (float: bit for
 *    bit; PCM16 / ci16: the input rounded and clipped) come back;
 *  - metadata comes back as its valid subset: a centre frequency the format
 *    holds is kept exactly, one it cannot hold is dropped and said so
 *    (stftc_iqsink_metadata_dropped); a start time of the calendar is kept,
 *    one that is not (auxi month 13, 99:99:99, year 65535) is dropped and
 *    said so; an auxi stop time written is a time of the calendar;
 *    annotations keep their extents;
 *  - a written WAV is consistent for any other tool: RIFF/RF64 and data
 *    sizes match the file, fmt fields agree (checked here by a separate,
 *    strict chunk walk, not the project's reader);
 *  - a written SigMF data file is a whole number of samples.
 * Input layout: byte 0 picks the case (bit 0: WAV or SigMF input; bits 1-2:
 * output WAV float32, WAV PCM16, SigMF cf32_le, SigMF ci16_le; bit 3: swap
 * I/Q on reading; bit 4: also the in-place description; bits 5-6: WAV size
 * patch interval 1 s, 1, 3 or 64 frames). The rest is the WAV file, or the
 * SigMF meta text up to the first NUL byte and the data file after it.
 * Files are made in a private mkdtemp folder under $TMPDIR and removed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "fuzz_common.h"

#include <dirent.h>
#include <stftclean/iqsource.h>
#include <sys/stat.h>
#include <unistd.h>

static char scratch[160];

static void remove_scratch(void)
{
    if (!scratch[0])
        return;
    char p[256];
    snprintf(p, sizeof p, "%s/o", scratch);
    rmdir(p);
    rmdir(scratch); /* empty: every input's files are unlinked after use */
}

static const char* scratch_dir(void)
{
    if (!scratch[0]) {
        const char* t = getenv("TMPDIR");
        snprintf(
            scratch, sizeof scratch, "%s/stftc_fuzz_rt_XXXXXX", t && *t ? t : "/tmp");
        if (mkdtemp(scratch)) {
            char p[256];
            snprintf(p, sizeof p, "%s/o", scratch);
            if (mkdir(p, 0700) != 0) {
                rmdir(scratch);
                scratch[0] = '\0';
            } else {
                atexit(remove_scratch);
            }
        } else {
            scratch[0] = '\0';
        }
    }
    return scratch;
}

/* Every file of a folder is removed (the input's files, what was written). */
static void empty_dir(const char* dir)
{
    DIR* d = opendir(dir);
    if (!d)
        return;
    struct dirent* e;
    char p[512];
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strcmp(e->d_name, "o"))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
}

static int put_file(const char* path, const uint8_t* p, size_t n)
{
    FILE* fp = fopen(path, "wb");
    if (!fp)
        return -1;
    const int ok = fwrite(p, 1, n, fp) == n;
    return fclose(fp) == 0 && ok ? 0 : -1;
}

static uint8_t* get_file(const char* path, size_t* n)
{
    FILE* fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct stat st;
    uint8_t* b = NULL;
    if (fstat(fileno(fp), &st) == 0 && (b = malloc((size_t)st.st_size + 1)) != NULL)
        *n = fread(b, 1, (size_t)st.st_size, fp);
    fclose(fp);
    return b;
}

static uint32_t rd32(const uint8_t* p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}
static uint16_t rd16(const uint8_t* p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint64_t rd64(const uint8_t* p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* A strict walk of a written WAV's chunks, independent of the project's
 * reader: the sizes must be what any other tool needs to read it whole. */
static void check_wav_layout(const char* path,
                             unsigned channels,
                             unsigned bits,
                             int is_float,
                             uint32_t rate,
                             uint64_t frames)
{
    size_t n = 0;
    uint8_t* b = get_file(path, &n);
    fz_assert(b != NULL, "written WAV can be read as bytes");
    fz_assert(n >= 12 && !memcmp(b + 8, "WAVE", 4), "RIFF/WAVE header");
    const int rf64 = !memcmp(b, "RF64", 4);
    fz_assert(rf64 || !memcmp(b, "RIFF", 4), "RIFF or RF64 id");
    if (!rf64)
        fz_assert((uint64_t)rd32(b + 4) + 8 == n, "RIFF size is the file size - 8");
    uint64_t off = 12, data_size = UINT64_MAX, ds64_data = UINT64_MAX;
    int have_fmt = 0;
    const uint64_t block = (uint64_t)channels * bits / 8;
    while (off + 8 <= n) {
        const uint8_t* h = b + off;
        uint64_t size = rd32(h + 4);
        if (!memcmp(h, "ds64", 4)) {
            fz_assert(rf64 && size >= 28 && off + 8 + size <= n, "ds64 inside an RF64");
            fz_assert(rd64(h + 8) + 8 == n, "ds64 RIFF size is the file size - 8");
            ds64_data = rd64(h + 16);
            fz_assert(rd64(h + 24) == frames, "ds64 sample count");
        } else if (!memcmp(h, "fmt ", 4)) {
            fz_assert(!have_fmt && size >= 16 && off + 8 + size <= n, "one whole fmt");
            have_fmt = 1;
            fz_assert(rd16(h + 8) == (is_float ? 3 : 1), "fmt tag");
            fz_assert(rd16(h + 10) == channels, "fmt channels");
            fz_assert(rd32(h + 12) == rate, "fmt sample rate");
            fz_assert(rd16(h + 20) == block, "fmt block align");
            fz_assert(rd16(h + 22) == bits, "fmt bits");
            if ((uint64_t)rate * block <= UINT32_MAX)
                fz_assert(rd32(h + 16) == rate * block, "fmt byte rate");
        } else if (!memcmp(h, "data", 4)) {
            fz_assert(have_fmt, "fmt before data");
            data_size = rf64 && size == 0xFFFFFFFFu ? ds64_data : size;
            fz_assert(off + 8 + data_size == n, "data chunk ends the file");
            break;
        }
        off += 8 + size + (size & 1);
    }
    fz_assert(data_size != UINT64_MAX, "a data chunk");
    fz_assert(data_size == frames * block, "data size is frames x block align");
    free(b);
}

/* The reference encoding of one PCM16 / ci16 value (NaN to 0, clipped,
 * rounded to the nearest step), as an integer step count. */
static double q16(float x)
{
    if (isnan(x))
        return 0.0;
    const double v = (double)x * 32768.0;
    return v >= 32767.0 ? 32767.0 : v <= -32768.0 ? -32768.0 : v;
}

static void check_samples(const float* a, const float* b, size_t nf, int pcm16)
{
    for (size_t i = 0; i < nf; i++) {
        if (pcm16) {
            const double want = q16(a[i]);
            const double got = (double)b[i] * 32768.0;
            fz_assert(got == floor(got) && fabs(got - want) <= 0.5,
                      "PCM16 sample is the input rounded and clipped");
        } else {
            fz_assert(memcmp(&a[i], &b[i], sizeof(float)) == 0 ||
                          (isnan(a[i]) && isnan(b[i])),
                      "float sample bit for bit");
        }
    }
}

/* The same calendar time to the second; the SigMF reader reads a leap
 * second (:60) as :59 (civil_time.c), so the two compare equal. */
static int same_time(const stftc_systemtime_t* a, const stftc_systemtime_t* b)
{
    const unsigned sa = a->second > 59 ? 59 : a->second;
    const unsigned sb = b->second > 59 ? 59 : b->second;
    return a->year == b->year && a->month == b->month && a->day == b->day &&
           a->hour == b->hour && a->minute == b->minute && sa == sb;
}

/* Reads every frame of an open source (frames * channels floats, malloc'ed);
 * NULL if it gives fewer than it announced. */
static float* read_all(stftc_iqsource_t* s, const stftc_iqsource_info_t* in)
{
    const size_t nf = (size_t)in->frames * in->channels;
    float* a = malloc((nf ? nf : 1) * sizeof(float));
    if (!a)
        return NULL;
    uint64_t got = 0;
    while (got < in->frames) {
        const size_t want = in->frames - got < 4096 ? (size_t)(in->frames - got) : 4096;
        const size_t k = stftc_iqsource_read(s, a + got * in->channels, want);
        if (k == 0)
            break;
        got += k;
    }
    if (got != in->frames) {
        free(a);
        return NULL;
    }
    return a;
}

/* An annotation's extent and edges (normalised low <= high), compared as a
 * whole: the order of annotations with the same start and count may change
 * on a round trip (the writer writes the edges low, high). */
typedef struct {
    uint64_t start, count;
    int has_freq;
    double lo, hi;
} ann_key_t;

static int cmp_key(const void* pa, const void* pb)
{
    const ann_key_t* a = pa;
    const ann_key_t* b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->count != b->count)
        return a->count < b->count ? -1 : 1;
    if (a->has_freq != b->has_freq)
        return a->has_freq - b->has_freq;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    if (a->hi != b->hi)
        return a->hi < b->hi ? -1 : 1;
    return 0;
}

static ann_key_t* ann_keys(const stftc_sigmf_annotation_t* a, size_t n)
{
    ann_key_t* k = malloc((n ? n : 1) * sizeof *k);
    fz_assert(k != NULL, "memory for annotation keys");
    for (size_t i = 0; i < n; i++) {
        k[i].start = a[i].sample_start;
        k[i].count = a[i].sample_count;
        k[i].has_freq = a[i].has_freq;
        k[i].lo = a[i].has_freq ? fmin(a[i].freq_lower_edge, a[i].freq_upper_edge) : 0.0;
        k[i].hi = a[i].has_freq ? fmax(a[i].freq_lower_edge, a[i].freq_upper_edge) : 0.0;
    }
    qsort(k, n, sizeof *k, cmp_key);
    return k;
}

static void check_annotations(const stftc_sigmf_annotation_t* a,
                              size_t na,
                              const stftc_sigmf_annotation_t* b,
                              size_t nb)
{
    fz_assert(na == nb, "annotation count survives");
    for (size_t i = 0; i < nb; i++) {
        fz_assert(b[i].sample_count <= UINT64_MAX - b[i].sample_start,
                  "annotation ends before 2^64");
        fz_assert(i == 0 || b[i - 1].sample_start <= b[i].sample_start,
                  "annotations read back sorted");
        fz_assert(!b[i].has_freq || b[i].freq_lower_edge <= b[i].freq_upper_edge,
                  "annotation edges written low, high");
    }
    ann_key_t* ka = ann_keys(a, na);
    ann_key_t* kb = ann_keys(b, nb);
    for (size_t i = 0; i < na; i++) {
        fz_assert(ka[i].start == kb[i].start && ka[i].count == kb[i].count,
                  "annotation extents survive");
        fz_assert(ka[i].has_freq == kb[i].has_freq && ka[i].lo == kb[i].lo &&
                      ka[i].hi == kb[i].hi,
                  "annotation edges survive");
    }
    free(ka);
    free(kb);
}

/* The in-place SigMF description of a WAV input (`stftclean describe`). */
static void describe_wav(const char* dir, const char* wav, uint64_t frames)
{
    stftc_error_t err;
    stftc_iqwav_reader_t* w = stftc_iqwav_open(wav, NULL, &err);
    fz_assert(w != NULL, "the WAV opens a second time");
    const stftc_iqwav_info_t wi = *stftc_iqwav_info(w);
    fz_assert(wi.frames == frames, "the same frames a second time");
    char meta[256];
    snprintf(meta, sizeof meta, "%s/desc.sigmf-meta", dir);
    /* two annotations at the edges of what is valid */
    stftc_sigmf_annotation_t ann[2] = { stftc_sigmf_annotation_default(),
                                        stftc_sigmf_annotation_default() };
    ann[0].sample_start = frames ? frames - 1 : 0;
    ann[0].sample_count = frames ? 1 : 0;
    ann[1].sample_start = frames / 2;
    ann[1].sample_count = UINT64_MAX - frames / 2;
    const int rc = stftc_sigmf_describe_wav(wav, meta, ann, 2, &err);
    const int describable = wi.channels == 2 && (wi.format == STFTC_WAV_FLOAT ||
                                                 wi.bits == 16 || wi.bits == 8);
    if (!describable) {
        fz_assert(rc != STFTC_OK, "a WAV SigMF cannot describe is refused");
        fz_check_refusal(rc, &err, "describe_wav");
        stftc_iqwav_close(w);
        return;
    }
    if (rc != STFTC_OK)
        fprintf(stderr, "describe: %s\n", err.msg);
    fz_assert(rc == STFTC_OK, "a two-channel PCM8/16/float WAV is described");
    stftc_sigmf_reader_t* r = stftc_sigmf_open(meta, &err);
    if (!r)
        fprintf(stderr, "describe re-read: %s\n", err.msg);
    fz_assert(r != NULL, "the description reads back");
    const stftc_sigmf_meta_t* m = stftc_sigmf_reader_meta(r);
    fz_assert(stftc_sigmf_reader_samples(r) == frames, "described sample count");
    fz_assert(!stftc_sigmf_reader_truncated(r), "described data is whole samples");
    fz_assert(m->datatype == (wi.format == STFTC_WAV_FLOAT ? STFTC_RAW_CF32
                              : wi.bits == 16              ? STFTC_RAW_CI16
                                                           : STFTC_RAW_CU8),
              "described datatype");
    fz_assert(m->sample_rate == (double)wi.sample_rate, "described sample rate");
    fz_assert(m->has_frequency == wi.centre_freq_present &&
                  (!m->has_frequency || m->frequency == (double)wi.centre_freq_hz),
              "described centre frequency");
    fz_assert(m->has_datetime == wi.start_time_present, "described start time iff valid");
    if (m->has_datetime) {
        stftc_systemtime_t t;
        fz_assert(stftc_time_from_iso8601(m->datetime, &t, NULL) == 0 &&
                      same_time(&t, &wi.start_time) &&
                      t.millisecond == wi.start_time.millisecond,
                  "described start time");
    }
    size_t nann = 0;
    const stftc_sigmf_annotation_t* ra = stftc_sigmf_reader_annotations(r, &nann);
    check_annotations(ann, 2, ra, nann);
    /* the same samples as the WAV reader gives (cu8 is centred on 127.5,
     * unsigned 8-bit WAV on 128) */
    float a[2 * 256], b[2 * 256];
    for (;;) {
        const size_t k = stftc_iqwav_read(w, a, 256);
        const size_t k2 = stftc_sigmf_read(r, b, 256);
        fz_assert(k == k2, "described reads keep pace");
        if (!k)
            break;
        for (size_t i = 0; i < 2 * k; i++)
            fz_assert(wi.bits == 8 ? b[i] == a[i] + 1.0f / 256.0f
                                   : memcmp(&a[i], &b[i], sizeof(float)) == 0,
                      "described samples are the WAV's");
    }
    stftc_sigmf_close(r);
    stftc_iqwav_close(w);
}

/* A meta file that describes a SigMF input in place, its annotations
 * copied (`stftclean features --per-burst --sigmf-meta` on a SigMF input). */
static void describe_sigmf(const char* dir,
                           stftc_sigmf_reader_t* in,
                           uint64_t frames,
                           const char* data_name)
{
    stftc_sigmf_meta_t m = *stftc_sigmf_reader_meta(in);
    size_t nann = 0;
    const stftc_sigmf_annotation_t* ann = stftc_sigmf_reader_annotations(in, &nann);
    if (!m.dataset[0])
        snprintf(m.dataset, sizeof m.dataset, "%s", data_name);
    /* features leaves out a time no UTC calendar holds; the writer writes
     * the others in UTC ("Z"), as SigMF asks */
    char utc[64] = "";
    if (m.has_datetime && stftc_time_iso8601_utc(m.datetime, utc, sizeof utc) != 0) {
        m.has_datetime = 0;
        m.datetime[0] = '\0';
    }
    char meta[256];
    snprintf(meta, sizeof meta, "%s/feat.sigmf-meta", dir);
    stftc_error_t err;
    const int rc = stftc_sigmf_meta_write(meta, &m, ann, nann, &err);
    if (rc != STFTC_OK)
        fprintf(stderr, "meta_write: %s\n", err.msg);
    fz_assert(rc == STFTC_OK, "what the reader accepted is written");
    stftc_sigmf_reader_t* r = stftc_sigmf_open(meta, &err);
    if (!r)
        fprintf(stderr, "meta re-read: %s\n", err.msg);
    fz_assert(r != NULL, "the copied meta reads back");
    const stftc_sigmf_meta_t* m2 = stftc_sigmf_reader_meta(r);
    fz_assert(stftc_sigmf_reader_samples(r) == frames, "same samples in place");
    fz_assert(m2->datatype == m.datatype && m2->sample_rate == m.sample_rate &&
                  m2->has_frequency == m.has_frequency &&
                  (!m.has_frequency || m2->frequency == m.frequency) &&
                  m2->has_datetime == m.has_datetime &&
                  (!m.has_datetime || !strcmp(m2->datetime, utc)),
              "copied meta fields survive");
    size_t n2 = 0;
    const stftc_sigmf_annotation_t* a2 = stftc_sigmf_reader_annotations(r, &n2);
    check_annotations(ann, nann, a2, n2);
    stftc_sigmf_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1)
        return 0;
    const char* dir = scratch_dir();
    if (!dir[0])
        return 0;
    const uint8_t sel = data[0];
    const int in_sigmf = sel & 1;
    const unsigned out_kind = (sel >> 1) & 3;
    const int swap = (sel >> 3) & 1, extra = (sel >> 4) & 1;
    static const uint64_t patch[4] = { 0, 1, 3, 64 };
    const uint8_t* body = data + 1;
    const size_t blen = size - 1;

    char in_path[256], data_path[256], out_path[256], odir[224];
    snprintf(odir, sizeof odir, "%s/o", dir);
    if (in_sigmf) {
        const uint8_t* nul = memchr(body, 0, blen);
        const size_t mlen = nul ? (size_t)(nul - body) : blen;
        snprintf(in_path, sizeof in_path, "%s/in.sigmf-meta", dir);
        snprintf(data_path, sizeof data_path, "%s/in.sigmf-data", dir);
        if (put_file(in_path, body, mlen) != 0 ||
            put_file(
                data_path, body + mlen + (nul != NULL), blen - mlen - (nul != NULL)) != 0)
            goto done;
    } else {
        snprintf(in_path, sizeof in_path, "%s/in.wav", dir);
        if (put_file(in_path, body, blen) != 0)
            goto done;
    }

    stftc_iqsource_options_t so_in = stftc_iqsource_options_default();
    so_in.swap_iq = swap;
    stftc_error_t err;
    stftc_iqsource_t* src = stftc_iqsource_open(
        in_path, in_sigmf ? STFTC_IQFMT_SIGMF : STFTC_IQFMT_WAV, &so_in, &err);
    if (!src) {
        fz_check_refusal(err.code, &err, "iqsource_open");
        goto done;
    }
    const stftc_iqsource_info_t in = *stftc_iqsource_info(src);
    fz_assert(in.has_time == 0 || stftc_time_valid(&in.start_time) ||
                  in.format == STFTC_IQFMT_SIGMF,
              "a WAV start time reported is a calendar time");
    float* a = in.frames ? read_all(src, &in) : NULL;
    if (!a) { /* nothing to write, or fewer frames than announced: clean refuses */
        stftc_iqsource_close(src);
        goto done;
    }
    if (extra) {
        if (in_sigmf)
            describe_sigmf(dir, stftc_iqsource_sigmf(src), in.frames, "in.sigmf-data");
        else
            describe_wav(dir, in_path, in.frames);
    }

    /* the output as clean writes it (SigMF holds complex samples only) */
    const int out_wav = out_kind < 2 || in.channels != 2;
    const int pcm16 = out_kind & 1;
    snprintf(
        out_path, sizeof out_path, "%s/out.%s", odir, out_wav ? "wav" : "sigmf-meta");
    stftc_iqsink_options_t so = stftc_iqsink_options_default();
    so.channels = in.channels;
    so.sample_rate = in.sample_rate;
    so.has_centre = in.has_centre;
    so.centre_hz = in.centre_hz;
    so.has_time = in.has_time;
    so.start_time = in.start_time;
    so.start_frac = in.start_frac;
    so.wav_format = pcm16 ? STFTC_WAV_PCM : STFTC_WAV_FLOAT;
    so.sigmf_type = pcm16 ? STFTC_RAW_CI16 : STFTC_RAW_CF32;
    so.patch_interval = patch[(sel >> 5) & 3];
    snprintf(so.description, sizeof so.description, "fuzz input cleaned by stftclean");
    stftc_iqsink_t* out = stftc_iqsink_create(
        out_path, out_wav ? STFTC_IQFMT_WAV : STFTC_IQFMT_SIGMF, &so, &err);
    if (!out) {
        /* the one refusal allowed: a WAV cannot store this rate (clean
         * refuses it before the sink: a raw input has no rate to give) */
        fz_check_refusal(err.code, &err, "iqsink_create");
        /* the fmt chunk's byte rate, rate x block align, is 32 bits too */
        const double block = (double)in.channels * (pcm16 ? 2.0 : 4.0);
        fz_assert(out_wav && !(in.sample_rate >= 1.0 && in.sample_rate < 4294967295.5 &&
                               floor(in.sample_rate + 0.5) * block < 4294967296.0),
                  "the sink refuses only a rate a WAV cannot hold");
        free(a);
        stftc_iqsource_close(src);
        goto done;
    }
    /* written in uneven pieces, as clean's chunks and the patch points fall */
    const size_t piece = 1 + (size_t)(sel >> 5) * 97;
    for (uint64_t done = 0; done < in.frames;) {
        const size_t k = in.frames - done < piece ? (size_t)(in.frames - done) : piece;
        fz_assert(stftc_iqsink_write(out, a + done * in.channels, k) == STFTC_OK,
                  "sink write");
        done += k;
    }
    stftc_sigmf_reader_t* sin = stftc_iqsource_sigmf(src);
    stftc_sigmf_writer_t* sout = stftc_iqsink_sigmf(out);
    size_t nann = 0;
    const stftc_sigmf_annotation_t* ann =
        sin ? stftc_sigmf_reader_annotations(sin, &nann) : NULL;
    if (sin && sout)
        for (size_t i = 0; i < nann; i++)
            fz_assert(stftc_sigmf_writer_annotate(sout, &ann[i]) == STFTC_OK,
                      "an annotation the reader accepted is taken");
    const int dropped = stftc_iqsink_metadata_dropped(out);
    const int crc = stftc_iqsink_close(out, &err);
    if (crc != STFTC_OK)
        fprintf(stderr, "sink close: %s\n", err.msg);
    fz_assert(crc == STFTC_OK, "sink close");

    /* read back with the project's reader */
    stftc_iqsource_t* back = stftc_iqsource_open(out_path, STFTC_IQFMT_AUTO, NULL, &err);
    if (!back)
        fprintf(stderr, "re-read: %s\n", err.msg);
    fz_assert(back != NULL, "what was written opens");
    const stftc_iqsource_info_t ob = *stftc_iqsource_info(back);
    fz_assert(ob.channels == in.channels, "channels survive");
    fz_assert(ob.frames == in.frames, "frame count survives");
    fz_assert(!ob.incomplete, "written file is complete");
    if (out_wav) {
        const stftc_iqwav_info_t* wi = stftc_iqwav_info(stftc_iqsource_wav(back));
        const uint32_t rate = (uint32_t)floor(in.sample_rate + 0.5);
        fz_assert(wi->sample_rate == rate, "WAV rate is the input's, whole Hz");
        fz_assert(wi->format == (pcm16 ? STFTC_WAV_PCM : STFTC_WAV_FLOAT) &&
                      wi->bits == (pcm16 ? 16u : 32u),
                  "WAV encoding");
        check_wav_layout(out_path, in.channels, pcm16 ? 16 : 32, !pcm16, rate, in.frames);
        /* centre: kept when a 32-bit word holds it, else dropped and said;
         * an auxi written for the start time alone says 0 (not set) */
        const int fits =
            in.has_centre && in.centre_hz >= 0.0 && in.centre_hz < 4294967295.5;
        if (fits)
            fz_assert(ob.has_centre && ob.centre_hz == floor(in.centre_hz + 0.5),
                      "WAV centre frequency survives");
        else
            fz_assert(!ob.has_centre || ob.centre_hz == 0.0,
                      "no centre frequency made up");
        if (in.has_centre && !fits)
            fz_assert(dropped, "a centre a WAV cannot hold is said dropped");
        if (ob.has_time) {
            /* the stop time the writer patched in is a calendar time too, or
             * unknown (0) where it would pass 9999-12-31 */
            fz_assert(!wi->stop_time_invalid,
                      "auxi stop time written is a calendar time");
        }
    } else {
        const stftc_sigmf_meta_t* m = stftc_sigmf_reader_meta(stftc_iqsource_sigmf(back));
        fz_assert(m->datatype == (pcm16 ? STFTC_RAW_CI16 : STFTC_RAW_CF32),
                  "SigMF datatype");
        fz_assert(ob.sample_rate == in.sample_rate, "SigMF rate survives exactly");
        fz_assert(ob.has_centre == in.has_centre &&
                      (!in.has_centre || ob.centre_hz == in.centre_hz),
                  "SigMF centre frequency survives exactly");
        struct stat st;
        char mp[256], dp[256];
        fz_assert(
            stftc_sigmf_paths(out_path, mp, dp, sizeof mp) == 0 && stat(dp, &st) == 0 &&
                (uint64_t)st.st_size == in.frames * stftc_raw_sample_bytes(m->datatype),
            "SigMF data file is whole samples");
        size_t n2 = 0;
        const stftc_sigmf_annotation_t* a2 =
            stftc_sigmf_reader_annotations(stftc_iqsource_sigmf(back), &n2);
        if (sin)
            check_annotations(ann, nann, a2, n2);
        else
            fz_assert(n2 == 0, "no annotations made up");
    }
    /* the start time: a calendar time is kept, any other dropped and said */
    const int time_ok = in.has_time && stftc_time_valid(&in.start_time);
    fz_assert(ob.has_time == time_ok, "start time kept iff a calendar time");
    if (in.has_time && !time_ok)
        fz_assert(dropped, "a start time dropped is said");
    if (time_ok) {
        fz_assert(same_time(&ob.start_time, &in.start_time), "start time survives");
        if (out_wav || in.start_frac >= 1.0)
            /* a WAV holds milliseconds; so does SigMF when the reader's
             * fraction rounded up to 1 (a long run of nines) */
            fz_assert(ob.start_time.millisecond == in.start_time.millisecond,
                      "start milliseconds survive");
        else
            fz_assert(
                fabs(ob.start_frac - in.start_frac) <= 0.5e-6 + 1e-12 ||
                    (in.start_frac >= 0.9999995 && fabs(ob.start_frac - 0.999999) < 1e-9),
                "start fraction survives to the microsecond");
    }
    float* b = read_all(back, &ob);
    fz_assert(b != NULL, "every written frame reads back");
    check_samples(a, b, (size_t)in.frames * in.channels, pcm16);
    free(b);
    stftc_iqsource_close(back);
    free(a);
    stftc_iqsource_close(src);
done:
    empty_dir(odir);
    empty_dir(dir);
    return 0;
}

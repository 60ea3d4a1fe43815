/* Long run of the core cleaner: N complex samples (default 1e8) at 2 MS/s
 * through mask "auto" and, alongside, mask "none". Every input sample is a
 * pure function of its 64-bit index, so any sample can be rebuilt at the
 * end. Checks:
 *  - every output sample is finite;
 *  - at the end, the "none" output is the input delayed by exactly
 *    latency() samples (an offset error or a 32-bit wrap would show);
 *  - resident memory (VmRSS) does not grow after the first tenth of the run;
 *  - the first M outputs of "auto" are bit-identical to a separate short run
 *    over the same M samples fed one hop at a time (no drift, no dependence
 *    on the chunking or on the run's length).
 *   longrun_core [N]
 * Past 2^32 samples (a 32-bit sample count would wrap):
 *   longrun_core --past32 [N]   (N default 2^32 + 2^22)
 * runs mask "none" alone on zeros with unit impulses at a few positions,
 * the last ones beyond 2^32 and at 2^32 itself, and checks that each comes
 * out exactly latency() samples later, with nothing anywhere else.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stftclean/cleaner.h>

#define HOP 256
#define CHUNK (64 * HOP)
#define SHORT_M ((uint64_t)1 << 21)

static uint64_t splitmix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/* noise (uniform, -0.5..0.5 per part) plus a 2 kHz-wide tone burst in one
 * slot of eight 32.768 ms slots */
static void gen(uint64_t i, float* iq)
{
    const uint64_t r = splitmix(i);
    float re = (float)(r & 0xFFFFFF) / 16777216.0f - 0.5f;
    float im = (float)((r >> 24) & 0xFFFFFF) / 16777216.0f - 0.5f;
    if (((i >> 16) & 7) == 3) {
        const double ph = 6.283185307179586 * (double)(i % 1000) * 37.0 / 1000.0;
        re += 2.0f * (float)cos(ph);
        im += 2.0f * (float)sin(ph);
    }
    iq[0] = re;
    iq[1] = im;
}

static long vmrss_kib(void)
{
    FILE* fp = fopen("/proc/self/status", "r");
    if (!fp)
        return -1;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kib = strtol(line + 6, NULL, 10);
    fclose(fp);
    return kib;
}

static uint64_t fnv(uint64_t h, const float* x, size_t n)
{
    const unsigned char* p = (const unsigned char*)x;
    for (size_t i = 0; i < n * sizeof(float); i++)
        h = (h ^ p[i]) * 0x100000001B3ull;
    return h;
}

static stftc_cleaner_t* make_sized(stftc_mask_type_t type, size_t n, size_t hop)
{
    stftc_cleaner_config_t c = stftc_cleaner_config_default();
    c.stft.fft_size = n;
    c.stft.hop = hop;
    c.mask.type = type;
    c.mask.sample_rate = 2e6;
    stftc_error_t e;
    stftc_cleaner_t* cl = stftc_cleaner_create(&c, &e);
    if (!cl) {
        fprintf(stderr, "cleaner_create: %s\n", e.msg);
        exit(1);
    }
    return cl;
}

static stftc_cleaner_t* make(stftc_mask_type_t type)
{
    return make_sized(type, 1024, HOP);
}

/* _Exit: a failure needs no leak report on top */
#define FAIL(...)                              \
    do {                                       \
        fprintf(stderr, "FAIL: " __VA_ARGS__); \
        fprintf(stderr, "\n");                 \
        fflush(stdout);                        \
        _Exit(1);                              \
    } while (0)

/* ASan's quarantine and shadow memory grow the resident size by design */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_CHECKED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RSS_CHECKED 0
#endif
#endif
#ifndef RSS_CHECKED
#define RSS_CHECKED 1
#endif

/* impulses at these absolute positions (I = 1, Q = -1) */
static int is_marker(uint64_t i, uint64_t n)
{
    const uint64_t two32 = (uint64_t)1 << 32;
    return i == 12345 || i == two32 - 1 || i == two32 || i == two32 + 777 ||
           i == n - 3 * HOP - 5;
}

static int past32(uint64_t n)
{
    n = n / CHUNK * CHUNK;
    const uint64_t two32 = (uint64_t)1 << 32;
    if (n < two32 + 4 * CHUNK)
        FAIL("--past32 needs N > 2^32 + %d", 4 * CHUNK);
    /* a short transform: the point is the count of samples, not the DSP */
    stftc_cleaner_t* z = make_sized(STFTC_MASK_NONE, 256, 128);
    const uint64_t lat = stftc_cleaner_latency(z);
    float* in = calloc(2 * CHUNK, sizeof *in);
    float* out = malloc(2 * CHUNK * sizeof *out);
    if (!in || !out)
        FAIL("out of memory");
    const uint64_t marks[5] = { 12345, two32 - 1, two32, two32 + 777, n - 3 * HOP - 5 };
    uint64_t found = 0, expected = 0;
    for (uint64_t pos = 0; pos < n; pos += CHUNK) {
        /* markers in this chunk (input zero elsewhere) */
        int any_in = 0;
        for (int j = 0; j < 5; j++)
            if (marks[j] >= pos && marks[j] < pos + CHUNK) {
                in[2 * (marks[j] - pos)] = 1.0f;
                in[2 * (marks[j] - pos) + 1] = -1.0f;
                any_in = 1;
            }
        if (stftc_cleaner_process(z, in, out, CHUNK) != STFTC_OK)
            FAIL("process at %llu", (unsigned long long)pos);
        if (any_in)
            memset(in, 0, 2 * CHUNK * sizeof *in);
        /* the output of this chunk: the markers delayed by lat */
        for (int j = 0; j < 5; j++) {
            const uint64_t at = marks[j] + lat;
            if (at >= pos && at < pos + CHUNK)
                expected++;
        }
        for (size_t k = 0; k < CHUNK; k++) {
            const float re = out[2 * k], im = out[2 * k + 1];
            if (re == 0.0f && im == 0.0f)
                continue;
            const uint64_t t = pos + k;
            const int mark = t >= lat && is_marker(t - lat, n);
            if (!isfinite(re) || !isfinite(im))
                FAIL("non-finite output at %llu", (unsigned long long)t);
            if (mark && fabsf(re - 1.0f) < 1e-5f && fabsf(im + 1.0f) < 1e-5f)
                found++;
            else if (fabsf(re) > 1e-5f || fabsf(im) > 1e-5f)
                FAIL("output %g%+gi at sample %llu: no impulse %llu samples before",
                     re,
                     im,
                     (unsigned long long)t,
                     (unsigned long long)lat);
        }
    }
    printf("samples %llu (2^32 + %lld), latency %llu: %llu of %llu impulses found "
           "delayed exactly\n",
           (unsigned long long)n,
           (long long)(n - two32),
           (unsigned long long)lat,
           (unsigned long long)found,
           (unsigned long long)expected);
    if (found != expected || expected != 5)
        FAIL("impulses lost or misplaced past 2^32");
    stftc_cleaner_destroy(z);
    free(in);
    free(out);
    printf("PASS\n");
    return 0;
}

int main(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "--past32") == 0)
        return past32(argc > 2 ? (uint64_t)strtod(argv[2], NULL)
                               : ((uint64_t)1 << 32) + ((uint64_t)1 << 22));
    uint64_t n = argc > 1 ? (uint64_t)strtod(argv[1], NULL) : (uint64_t)1e8;
    n = n / CHUNK * CHUNK;
    if (n < 4 * SHORT_M)
        n = 4 * SHORT_M;
    stftc_cleaner_t* a = make(STFTC_MASK_AUTO);
    stftc_cleaner_t* z = make(STFTC_MASK_NONE);
    const size_t lat = stftc_cleaner_latency(z);
    float* in = malloc(2 * CHUNK * sizeof *in);
    float* out = malloc(2 * CHUNK * sizeof *out);
    float* outz = malloc(2 * CHUNK * sizeof *outz);
    if (!in || !out || !outz)
        FAIL("out of memory");

    uint64_t h_long = 0xCBF29CE484222325ull;
    long rss_ref = -1, rss_max = 0;
    for (uint64_t pos = 0; pos < n; pos += CHUNK) {
        for (size_t k = 0; k < CHUNK; k++)
            gen(pos + k, in + 2 * k);
        if (stftc_cleaner_process(a, in, out, CHUNK) != STFTC_OK ||
            stftc_cleaner_process(z, in, outz, CHUNK) != STFTC_OK)
            FAIL("process at %llu", (unsigned long long)pos);
        for (size_t k = 0; k < 2 * CHUNK; k++)
            if (!isfinite(out[k]) || !isfinite(outz[k]))
                FAIL("non-finite output at sample %llu",
                     (unsigned long long)(pos + k / 2));
        if (pos < SHORT_M)
            h_long = fnv(h_long, out, 2 * CHUNK);
        if (pos + CHUNK >= n / 10 && rss_ref < 0)
            rss_ref = vmrss_kib();
        if (rss_ref >= 0) {
            const long r = vmrss_kib();
            rss_max = r > rss_max ? r : rss_max;
        }
    }
    /* the last chunk of "none": input delayed by exactly lat samples */
    double maxerr = 0.0;
    for (size_t k = 0; k < CHUNK; k++) {
        float ref[2];
        gen(n - CHUNK + k - lat, ref);
        maxerr = fmax(maxerr, fabs(outz[2 * k] - ref[0]));
        maxerr = fmax(maxerr, fabs(outz[2 * k + 1] - ref[1]));
    }
    printf("samples %llu, latency %zu (none) / %zu (auto), end error %.3g\n",
           (unsigned long long)n,
           lat,
           stftc_cleaner_latency(a),
           maxerr);
    if (maxerr > 1e-5)
        FAIL("mask none at the end is not the input delayed by %zu", lat);
    printf("VmRSS after 10%%: %ld KiB, largest later: %ld KiB\n", rss_ref, rss_max);
    if (RSS_CHECKED && (rss_ref < 0 || rss_max - rss_ref > 1024))
        FAIL("resident memory grew by %ld KiB", rss_max - rss_ref);

    /* the short run, one hop per call */
    stftc_cleaner_t* s = make(STFTC_MASK_AUTO);
    uint64_t h_short = 0xCBF29CE484222325ull;
    for (uint64_t pos = 0; pos < SHORT_M; pos += HOP) {
        for (size_t k = 0; k < HOP; k++)
            gen(pos + k, in + 2 * k);
        if (stftc_cleaner_process(s, in, out, HOP) != STFTC_OK)
            FAIL("short process");
        h_short = fnv(h_short, out, 2 * HOP);
    }
    printf("first %llu outputs: long run %016llx, short run %016llx\n",
           (unsigned long long)SHORT_M,
           (unsigned long long)h_long,
           (unsigned long long)h_short);
    if (h_long != h_short)
        FAIL("the long run's first outputs differ from a short run's");
    stftc_cleaner_destroy(a);
    stftc_cleaner_destroy(z);
    stftc_cleaner_destroy(s);
    free(in);
    free(out);
    free(outz);
    printf("PASS\n");
    return 0;
}

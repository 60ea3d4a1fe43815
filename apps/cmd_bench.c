/* stftclean bench: throughput of the core against the FFT-only bound.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bound is what no STFT cleaner can beat: one forward and one inverse
 * complex FFT of size N per hop, with the same FFTW plan rigour as the
 * cleaner (FFTW_MEASURE) and out-of-place like the cleaner's transforms. Every
 * rate is timed interleaved with its bound, repeat by repeat, so that a busy
 * machine slows both alike; each figure is the median over the repeats and
 * ratio = msps / bound_msps from the same run. */
#include "cli.h"

#include <fftw3.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stftclean/cleaner.h>
#include <stftclean/scattering.h>
#include <stftclean/vmath.h>

/* The fused per-element kernels are internal to the core; the bench times
 * them beside their VOLK counterparts. */
#include "../lib/core/transform.h"

#define BENCH_MAX_REPEATS 101
#define BENCH_CHUNK 65536 /* samples per process() call, rounded to the hop */
#define BENCH_RATE 2e6    /* Hz; the estimators work in Hz and seconds */

static void bench_usage(FILE* out)
{
    fprintf(out,
            "usage: stftclean bench [--quick] [--json] [--repeats K] [--geometry N:HOP]\n"
            "  MS/s (complex float32, hann, window = N, FFTW_MEASURE, one thread) of\n"
            "  - core: the fused round trip, mask none, for N in {256, 1024, 4096,\n"
            "    40000} and hop N/2, N/4, with the fused kernels (core) and with\n"
            "    VOLK's (core:volk); the cleaner with mask auto beside it;\n"
            "  - cleaner:<mask>: the cleaner with each estimator at N=1024 hop 256;\n"
            "  - kernel:<step>:fused|volk: one per-element step alone, as the stream\n"
            "    rate it alone would allow (window, magnitude, overlap-add);\n"
            "  each next to the FFT-only bound (one forward + one inverse complex FFT\n"
            "  of size N per hop) timed in the same run, and their ratio. Medians of\n"
            "  K repeats (default 7, --quick 5), timed in this thread's CPU time (time\n"
            "  descheduled on a busy machine is not counted) and interleaved call by\n"
            "  call with the bound. --quick processes less signal.\n"
            "  --json prints one JSON list of objects {what, n, hop, msps, bound_msps,\n"
            "  ratio, repeats} (plus rss_kib and create_s for N=40000) instead of\n"
            "  the tables. --geometry N:HOP runs every section at that one geometry.\n"
            "  - scattering:J10Q8 (without --geometry): wavelet scattering of complex\n"
            "    input, J=10 Q1=8 Q2=1 order 2, next to the FFTs it runs alone.\n");
}

/* Rates use this thread's CPU time: on a shared machine, time spent
 * descheduled is not ours, and the bound is timed the same way. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void* a, const void* b)
{
    const double x = *(const double*)a, y = *(const double*)b;
    return (x > y) - (x < y);
}

static double median(const double* v, size_t n)
{
    double s[BENCH_MAX_REPEATS * 8];
    if (n == 0 || n > sizeof s / sizeof s[0])
        return 0.0;
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    return n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

static void fill_noise(float* x, size_t nfloats)
{
    uint32_t s = 0x12345678u;
    for (size_t i = 0; i < nfloats; i++) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        x[i] = (float)s / 4294967296.0f - 0.5f;
    }
}

/* Resident set size of this process in KiB (Linux), -1 when unknown. */
static long rss_kib(void)
{
    FILE* f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kib = strtol(line + 6, NULL, 10);
            break;
        }
    fclose(f);
    return kib;
}

/* ---------------------------------------------------------------------- */
/* Results                                                                 */

typedef struct {
    char what[48];
    size_t n, hop;
    double msps, bound;
    long rss;        /* KiB, < 0: not reported */
    double create_s; /* < 0: not reported */
} result_t;

#define MAX_RESULTS 96
static result_t results[MAX_RESULTS];
static size_t nresults;

static void add_result(const char* what, size_t n, size_t hop, double msps, double bound)
{
    if (nresults == MAX_RESULTS)
        return;
    result_t* r = &results[nresults++];
    snprintf(r->what, sizeof r->what, "%s", what);
    r->n = n;
    r->hop = hop;
    r->msps = msps;
    r->bound = bound;
    r->rss = -1;
    r->create_s = -1.0;
}

static void print_json(int repeats)
{
    printf("[\n");
    for (size_t i = 0; i < nresults; i++) {
        const result_t* r = &results[i];
        printf("  {\"what\": \"%s\", \"n\": %zu, \"hop\": %zu, \"msps\": %.3f, "
               "\"bound_msps\": %.3f, \"ratio\": %.4f, \"repeats\": %d",
               r->what,
               r->n,
               r->hop,
               r->msps,
               r->bound,
               r->bound > 0 ? r->msps / r->bound : 0.0,
               repeats);
        if (r->rss >= 0)
            printf(", \"rss_kib\": %ld", r->rss);
        if (r->create_s >= 0)
            printf(", \"create_s\": %.4f", r->create_s);
        printf("}%s\n", i + 1 < nresults ? "," : "");
    }
    printf("]\n");
}

/* ---------------------------------------------------------------------- */
/* Timed subjects                                                          */

/* The FFT-only bound: plans and buffers for one size. */
typedef struct {
    fftwf_complex *a, *b, *c;
    fftwf_plan fwd, inv;
} bound_t;

static void bound_free(bound_t* bd)
{
    if (bd->fwd)
        fftwf_destroy_plan(bd->fwd);
    if (bd->inv)
        fftwf_destroy_plan(bd->inv);
    fftwf_free(bd->a);
    fftwf_free(bd->b);
    fftwf_free(bd->c);
    memset(bd, 0, sizeof *bd);
}

static int bound_init(bound_t* bd, size_t n)
{
    memset(bd, 0, sizeof *bd);
    bd->a = fftwf_malloc(n * sizeof *bd->a);
    bd->b = fftwf_malloc(n * sizeof *bd->b);
    bd->c = fftwf_malloc(n * sizeof *bd->c);
    if (!bd->a || !bd->b || !bd->c) {
        bound_free(bd);
        cli_error("bench: out of memory for N = %zu", n);
        return -1;
    }
    /* the bench is single-threaded; the wisdom the core loaded serves these
     * plans too */
    bd->fwd = fftwf_plan_dft_1d((int)n, bd->a, bd->b, FFTW_FORWARD, FFTW_MEASURE);
    bd->inv = fftwf_plan_dft_1d((int)n, bd->b, bd->c, FFTW_BACKWARD, FFTW_MEASURE);
    if (!bd->fwd || !bd->inv) {
        bound_free(bd);
        cli_error("bench: FFTW could not plan size %zu", n);
        return -1;
    }
    fill_noise((float*)bd->a, 2 * n); /* MEASURE planning scribbles on arrays */
    return 0;
}

/* CPU seconds of `frames` hops of the bound */
static double bound_time(bound_t* bd, size_t frames)
{
    const double t0 = now_s();
    for (size_t k = 0; k < frames; k++) {
        fftwf_execute(bd->fwd);
        fftwf_execute(bd->inv);
    }
    return now_s() - t0;
}

static int cleaner_threads = 1; /* the config's threads for make_cleaner */

static stftc_cleaner_t* make_cleaner(stftc_mask_type_t type,
                                     size_t n,
                                     size_t hop,
                                     stftc_kernels_t kernels,
                                     double* create_s)
{
    stftc_cleaner_config_t cfg = stftc_cleaner_config_default();
    cfg.stft.fft_size = n;
    cfg.stft.hop = hop;
    cfg.stft.plan = STFTC_PLAN_MEASURE;
    cfg.mask.type = type;
    cfg.mask.sample_rate = BENCH_RATE;
    cfg.threads = cleaner_threads;
    if (type == STFTC_MASK_BAND) {
        cfg.mask.nbands = 1;
        cfg.mask.bands[0] = -0.2 * BENCH_RATE;
        cfg.mask.bands[1] = 0.2 * BENCH_RATE;
    }
    const stftc_kernels_t saved = stftc_get_kernels();
    stftc_set_kernels(kernels);
    stftc_error_t err;
    const double t0 = wall_s();
    stftc_cleaner_t* cl = stftc_cleaner_create(&cfg, &err);
    if (create_s)
        *create_s = wall_s() - t0;
    stftc_set_kernels(saved);
    if (!cl)
        cli_error("bench: %s", err.msg);
    return cl;
}

/* CPU seconds of one process() call of chunk samples */
static double cleaner_time(stftc_cleaner_t* cl, const float* in, float* out, size_t chunk)
{
    const double t0 = now_s();
    stftc_cleaner_process(cl, in, out, chunk);
    return now_s() - t0;
}

/* One per-element step over `frames` frames of an N = l, hop h geometry,
 * expressed as the stream rate it alone would allow (h samples per frame). */
typedef enum { K_WIN, K_MAG, K_OLA } kstep_t;
typedef struct {
    size_t l, h;
    float *x, *w, *y, *out, *ola, *spare;
} kbuf_t;

static double kernel_run(kbuf_t* kb, kstep_t step, int volk, size_t frames)
{
    const double t0 = now_s();
    for (size_t k = 0; k < frames; k++) {
        switch (step) {
        case K_WIN:
            if (volk)
                stftc_vec_cmul_real(kb->y, kb->x, kb->w, kb->l);
            else
                stftc_fused_win(kb->y, kb->x, kb->w, kb->l, 1);
            break;
        case K_MAG:
            if (volk)
                stftc_vec_mag2(kb->spare, kb->x, kb->l);
            else
                stftc_fused_mag2(kb->spare, kb->x, kb->l);
            break;
        case K_OLA:
            if (volk)
                stftc_volk_ola(kb->out, kb->ola, kb->y, kb->w, kb->l, kb->h, 1);
            else
                stftc_fused_ola(kb->out, kb->ola, kb->y, kb->w, kb->l, kb->h, 1);
            break;
        }
    }
    return (double)(frames * kb->h) / (now_s() - t0) / 1e6;
}

/* ---------------------------------------------------------------------- */

const char cli_bench_summary[] = "bench [--quick] [--json]         core, cleaner and "
                                 "kernel MS/s against the FFT-only bound";

typedef struct {
    int quick, json, repeats;
    size_t target; /* samples per timed run */
    float *in, *out;
} bench_t;

static size_t chunk_for(size_t hop)
{
    return BENCH_CHUNK > hop ? BENCH_CHUNK / hop * hop : hop;
}

/* Core round trip (fused and VOLK kernels), cleaner auto and the bound for one
 * geometry; appends results; prints the table row. */
static int bench_core(bench_t* b, size_t n, size_t hop, double* ratio_out)
{
    const size_t chunk = chunk_for(hop);
    const size_t calls = (b->target + chunk - 1) / chunk;
    double create_s = -1.0;
    const long rss0 = rss_kib();
    stftc_cleaner_t* fused =
        make_cleaner(STFTC_MASK_NONE, n, hop, STFTC_KERNELS_FUSED, &create_s);
    stftc_cleaner_t* volk =
        make_cleaner(STFTC_MASK_NONE, n, hop, STFTC_KERNELS_VOLK, NULL);
    stftc_cleaner_t* aut =
        make_cleaner(STFTC_MASK_AUTO, n, hop, STFTC_KERNELS_FUSED, NULL);
    bound_t bd;
    int rc = bound_init(&bd, n);
    if (!fused || !volk || !aut || rc != 0) {
        stftc_cleaner_destroy(fused);
        stftc_cleaner_destroy(volk);
        stftc_cleaner_destroy(aut);
        if (rc == 0)
            bound_free(&bd);
        return -1;
    }
    double rf[BENCH_MAX_REPEATS], rv[BENCH_MAX_REPEATS], ra[BENCH_MAX_REPEATS],
        rb[BENCH_MAX_REPEATS];
    /* warm caches and pages */
    cleaner_time(fused, b->in, b->out, chunk);
    cleaner_time(volk, b->in, b->out, chunk);
    cleaner_time(aut, b->in, b->out, chunk);
    bound_time(&bd, chunk / hop);
    const long rss_warm = rss_kib();
    /* interleaved call by call, so that the subjects share the machine's
     * moods alike */
    const double ms = (double)(calls * chunk) / 1e6;
    for (int r = 0; r < b->repeats; r++) {
        double tb = 0, tf = 0, tv = 0, ta = 0;
        for (size_t k = 0; k < calls; k++) {
            tb += bound_time(&bd, chunk / hop);
            tf += cleaner_time(fused, b->in, b->out, chunk);
            tv += cleaner_time(volk, b->in, b->out, chunk);
            ta += cleaner_time(aut, b->in, b->out, chunk);
        }
        rb[r] = ms / tb;
        rf[r] = ms / tf;
        rv[r] = ms / tv;
        ra[r] = ms / ta;
    }
    const long rss_end = rss_kib();
    const double mb = median(rb, b->repeats), mf = median(rf, b->repeats),
                 mv = median(rv, b->repeats), ma = median(ra, b->repeats);
    add_result("core", n, hop, mf, mb);
    if (n == 40000) {
        results[nresults - 1].rss = rss_end;
        results[nresults - 1].create_s = create_s;
    }
    add_result("core:volk", n, hop, mv, mb);
    add_result("cleaner:auto", n, hop, ma, mb);
    *ratio_out = mf / mb;
    if (!b->json) {
        printf("%8zu %7zu %12.2f %12.2f %12.2f %7.2f %7.2f\n",
               n,
               hop,
               mf,
               ma,
               mb,
               mf / mb,
               ma / mb);
        if (n == 40000)
            printf("         N=40000 hop %zu: resident %ld KiB before the cleaners, %ld "
                   "after warm-up, %ld after %zu samples x %d runs x 3 cleaners "
                   "(independent of stream length); create %.3f s\n",
                   hop,
                   rss0,
                   rss_warm,
                   rss_end,
                   calls * chunk,
                   b->repeats,
                   create_s);
        fflush(stdout);
    }
    stftc_cleaner_destroy(fused);
    stftc_cleaner_destroy(volk);
    stftc_cleaner_destroy(aut);
    bound_free(&bd);
    return 0;
}

/* Each mask estimator at one geometry, interleaved with the bound. */
static int bench_estimators(bench_t* b, size_t n, size_t hop)
{
    static const stftc_mask_type_t types[] = { STFTC_MASK_NONE,   STFTC_MASK_THRESHOLD,
                                               STFTC_MASK_BAND,   STFTC_MASK_GATE,
                                               STFTC_MASK_WIENER, STFTC_MASK_CFAR,
                                               STFTC_MASK_AUTO };
    enum { NT = sizeof types / sizeof types[0] };
    const size_t chunk = chunk_for(hop);
    const size_t calls = (b->target + chunk - 1) / chunk;
    stftc_cleaner_t* cl[NT] = { 0 };
    bound_t bd;
    int rc = bound_init(&bd, n);
    for (size_t t = 0; t < NT && rc == 0; t++) {
        cl[t] = make_cleaner(types[t], n, hop, STFTC_KERNELS_FUSED, NULL);
        if (!cl[t])
            rc = -1;
        else
            cleaner_time(cl[t], b->in, b->out, chunk);
    }
    if (rc == 0) {
        /* one estimator at a time, interleaved call by call with the bound
         * (as a user runs one cleaner: seven cleaners interleaved would
         * share the caches, ~1 MB of state each for auto at 2 MS/s, and
         * measure each other's evictions) */
        const double ms = (double)(calls * chunk) / 1e6;
        if (!b->json)
            printf("\ncleaner with each mask at N=%zu H=%zu, each interleaved with "
                   "the bound:\n",
                   n,
                   hop);
        for (size_t t = 0; t < NT; t++) {
            double rb[BENCH_MAX_REPEATS], rt[BENCH_MAX_REPEATS];
            for (int r = 0; r < b->repeats; r++) {
                double tb = 0, tt = 0;
                for (size_t k = 0; k < calls; k++) {
                    tb += bound_time(&bd, chunk / hop);
                    tt += cleaner_time(cl[t], b->in, b->out, chunk);
                }
                rb[r] = ms / tb;
                rt[r] = ms / tt;
            }
            const double mb = median(rb, b->repeats), m = median(rt, b->repeats);
            char what[40];
            snprintf(what, sizeof what, "cleaner:%s", stftc_mask_type_name(types[t]));
            add_result(what, n, hop, m, mb);
            if (!b->json)
                printf("  %-18s %10.2f MS/s   bound %8.2f   %5.2f x bound\n",
                       what,
                       m,
                       mb,
                       m / mb);
        }
        bound_free(&bd);
    }
    for (size_t t = 0; t < NT; t++)
        stftc_cleaner_destroy(cl[t]);
    return rc;
}

/* threads = 2 (the core's two-thread pipeline) for mask none and auto at
 * one geometry: wall-clock time, the cleaner's and the bound's alike (the
 * worker thread's time is not in this thread's CPU time), interleaved call by
 * call; next to the one-thread results of the estimator section. */
static int bench_threads(bench_t* b, size_t n, size_t hop)
{
    static const stftc_mask_type_t types[] = { STFTC_MASK_NONE, STFTC_MASK_AUTO };
    const size_t chunk = chunk_for(hop);
    const size_t calls = (b->target + chunk - 1) / chunk;
    bound_t bd;
    if (bound_init(&bd, n) != 0)
        return -1;
    if (!b->json)
        printf("\nthe cleaner with threads = 2 (a worker thread takes the inverse FFT "
               "and overlap-add),\nwall-clock time, N=%zu H=%zu:\n",
               n,
               hop);
    int rc = 0;
    for (size_t t = 0; t < 2 && rc == 0; t++) {
        cleaner_threads = 2;
        stftc_cleaner_t* cl = make_cleaner(types[t], n, hop, STFTC_KERNELS_FUSED, NULL);
        cleaner_threads = 1;
        if (!cl) {
            rc = -1;
            break;
        }
        stftc_cleaner_process(cl, b->in, b->out, chunk); /* warm */
        const double ms = (double)(calls * chunk) / 1e6;
        double rb[BENCH_MAX_REPEATS], rt[BENCH_MAX_REPEATS];
        for (int r = 0; r < b->repeats; r++) {
            double tb = 0, tt = 0;
            for (size_t k = 0; k < calls; k++) {
                double t0 = wall_s();
                for (size_t f = 0; f < chunk / hop; f++) {
                    fftwf_execute(bd.fwd);
                    fftwf_execute(bd.inv);
                }
                tb += wall_s() - t0;
                t0 = wall_s();
                stftc_cleaner_process(cl, b->in, b->out, chunk);
                tt += wall_s() - t0;
            }
            rb[r] = ms / tb;
            rt[r] = ms / tt;
        }
        stftc_cleaner_destroy(cl);
        const double mb = median(rb, b->repeats), m = median(rt, b->repeats);
        char what[48];
        snprintf(
            what, sizeof what, "cleaner:%s@2threads", stftc_mask_type_name(types[t]));
        add_result(what, n, hop, m, mb);
        double one = 0.0; /* the one-thread rate from the estimator section */
        char one_what[40];
        snprintf(one_what, sizeof one_what, "cleaner:%s", stftc_mask_type_name(types[t]));
        for (size_t i = 0; i < nresults; i++)
            if (strcmp(results[i].what, one_what) == 0 && results[i].n == n &&
                results[i].hop == hop)
                one = results[i].msps;
        if (!b->json)
            printf("  %-24s %10.2f MS/s   bound %8.2f   %5.2f x bound   %5.2f x one "
                   "thread\n",
                   what,
                   m,
                   mb,
                   m / mb,
                   one > 0 ? m / one : 0.0);
    }
    bound_free(&bd);
    return rc;
}

/* Per-element steps alone, fused loops against VOLK, at one geometry. */
static int bench_kernels(bench_t* b, size_t n, size_t hop)
{
    kbuf_t kb;
    memset(&kb, 0, sizeof kb);
    kb.l = n;
    kb.h = hop;
    kb.x = stftc_alloc(2 * n * sizeof(float));
    kb.w = stftc_alloc(n * sizeof(float));
    kb.y = stftc_alloc(2 * n * sizeof(float));
    kb.out = stftc_alloc(2 * hop * sizeof(float));
    kb.ola = stftc_alloc(2 * n * sizeof(float));
    kb.spare = stftc_alloc(n * sizeof(float));
    bound_t bd;
    int rc =
        (kb.x && kb.w && kb.y && kb.out && kb.ola && kb.spare) ? bound_init(&bd, n) : -1;
    if (rc == 0) {
        fill_noise(kb.x, 2 * n);
        fill_noise(kb.w, n);
        fill_noise(kb.y, 2 * n);
        const size_t frames = b->target / hop;
        static const char* names[] = { "window", "magnitude", "overlap-add" };
        double rb[BENCH_MAX_REPEATS], rk[3][2][BENCH_MAX_REPEATS];
        for (int r = 0; r < b->repeats; r++) {
            rb[r] = (double)(frames * hop) / bound_time(&bd, frames) / 1e6;
            for (int s = 0; s < 3; s++)
                for (int v = 0; v < 2; v++)
                    rk[s][v][r] = kernel_run(&kb, (kstep_t)s, v, frames);
        }
        const double mb = median(rb, b->repeats);
        if (!b->json)
            printf("\nper-element steps alone at N=%zu H=%zu, as the stream rate "
                   "each would allow (bound %.2f MS/s):\n",
                   n,
                   hop,
                   mb);
        for (int s = 0; s < 3; s++) {
            const double f = median(rk[s][0], b->repeats),
                         v = median(rk[s][1], b->repeats);
            char what[40];
            snprintf(what, sizeof what, "kernel:%s:fused", names[s]);
            add_result(what, n, hop, f, mb);
            snprintf(what, sizeof what, "kernel:%s:volk", names[s]);
            add_result(what, n, hop, v, mb);
            if (!b->json)
                printf(
                    "  %-12s fused %10.1f MS/s   volk %10.1f MS/s   fused/volk %5.2f\n",
                    names[s],
                    f,
                    v,
                    f / v);
        }
        bound_free(&bd);
    }
    stftc_free(kb.x);
    stftc_free(kb.w);
    stftc_free(kb.y);
    stftc_free(kb.out);
    stftc_free(kb.ola);
    stftc_free(kb.spare);
    return rc;
}

/* ---------------------------------------------------------------------- */
/* Scattering                                                              */

/* Wavelet scattering, complex input, J = 10, Q1 = 8, Q2 = 1, order 2, T =
 * stride = 1024, FFTW_MEASURE, next to its FFT-only bound: per block the
 * same transforms as the core (one forward FFT of the block; per
 * coefficient one inverse complex FFT and one real FFT of N / decim and one
 * inverse FFT of N / stride; order 0 the last only). */
typedef struct {
    fftwf_plan inv[32], r2c[32], fwd, lp;
    float *a, *b;
    size_t n, mo, count;
    const stftc_scattering_coef_t* co;
} scat_bound_t;

static void scat_bound_free(scat_bound_t* sb)
{
    for (int l = 0; l < 32; l++) {
        if (sb->inv[l])
            fftwf_destroy_plan(sb->inv[l]);
        if (sb->r2c[l])
            fftwf_destroy_plan(sb->r2c[l]);
    }
    if (sb->fwd)
        fftwf_destroy_plan(sb->fwd);
    if (sb->lp)
        fftwf_destroy_plan(sb->lp);
    fftwf_free(sb->a);
    fftwf_free(sb->b);
}

static int scat_bound_init(scat_bound_t* sb, const stftc_scattering_t* s)
{
    memset(sb, 0, sizeof *sb);
    sb->n = stftc_scattering_block(s);
    sb->mo = sb->n / stftc_scattering_stride(s);
    sb->count = stftc_scattering_count(s);
    sb->co = stftc_scattering_coefs(s);
    sb->a = fftwf_malloc(2 * sb->n * sizeof(float));
    sb->b = fftwf_malloc(2 * sb->n * sizeof(float));
    if (!sb->a || !sb->b)
        return -1;
    fftwf_complex *ca = (fftwf_complex*)sb->a, *cb = (fftwf_complex*)sb->b;
    sb->fwd = fftwf_plan_dft_1d((int)sb->n, ca, cb, FFTW_FORWARD, FFTW_MEASURE);
    sb->lp = fftwf_plan_dft_1d((int)sb->mo, ca, cb, FFTW_BACKWARD, FFTW_MEASURE);
    for (size_t i = 1; i < sb->count; i++) {
        int l = 0;
        while (((size_t)1 << l) < sb->co[i].decim)
            l++;
        if (sb->inv[l])
            continue;
        const int m = (int)(sb->n >> l);
        sb->inv[l] = fftwf_plan_dft_1d(m, ca, cb, FFTW_BACKWARD, FFTW_MEASURE);
        sb->r2c[l] = fftwf_plan_dft_r2c_1d(m, sb->a, cb, FFTW_MEASURE);
        if (!sb->inv[l] || !sb->r2c[l])
            return -1;
    }
    if (!sb->fwd || !sb->lp)
        return -1;
    fill_noise(sb->a, 2 * sb->n);
    return 0;
}

/* CPU seconds of the bound's transforms for `blocks` blocks */
static double scat_bound_time(scat_bound_t* sb, size_t blocks)
{
    const double t0 = now_s();
    for (size_t k = 0; k < blocks; k++) {
        fftwf_execute(sb->fwd);
        fftwf_execute(sb->lp);
        for (size_t i = 1; i < sb->count; i++) {
            int l = 0;
            while (((size_t)1 << l) < sb->co[i].decim)
                l++;
            fftwf_execute(sb->inv[l]);
            fftwf_execute(sb->r2c[l]);
            fftwf_execute(sb->lp);
        }
    }
    return now_s() - t0;
}

static int bench_scattering(bench_t* b)
{
    stftc_scattering_config_t c = stftc_scattering_config_default();
    c.J = 10;
    c.Q1 = 8;
    c.Q2 = 1;
    c.plan = STFTC_PLAN_MEASURE;
    stftc_error_t err;
    stftc_scattering_t* warm = stftc_scattering_create(&c, &err); /* plans, wisdom */
    stftc_scattering_destroy(warm);
    const double c0 = wall_s();
    stftc_scattering_t* s = stftc_scattering_create(&c, &err);
    const double create_s = wall_s() - c0;
    if (!s) {
        cli_error("bench: scattering: %s", err.msg);
        return -1;
    }
    const size_t chunk = BENCH_CHUNK, hop = stftc_scattering_hop(s);
    const size_t cnt = stftc_scattering_count(s);
    float* out =
        stftc_alloc(stftc_scattering_frames_for(s, hop + chunk) * cnt * sizeof(float) +
                    sizeof(float));
    scat_bound_t sb;
    int rc = out && scat_bound_init(&sb, s) == 0 ? 0 : -1;
    if (rc != 0)
        cli_error("bench: scattering: out of memory or no FFTW plan");
    /* whole blocks per repeat: at least the target, at least two blocks */
    const size_t blocks =
        (b->target + hop - 1) / hop < 2 ? 2 : (b->target + hop - 1) / hop;
    const size_t calls = (blocks * hop + chunk - 1) / chunk;
    for (size_t k = 0; rc == 0 && k < (stftc_scattering_block(s) + chunk - 1) / chunk;
         k++)
        stftc_scattering_process(s, b->in, chunk, out); /* fill the first block */
    double rb[BENCH_MAX_REPEATS], rt[BENCH_MAX_REPEATS];
    for (int r = 0; rc == 0 && r < b->repeats; r++) {
        const double t0 = now_s();
        for (size_t k = 0; k < calls; k++)
            stftc_scattering_process(s, b->in, chunk, out);
        const double tt = now_s() - t0;
        const double tb = scat_bound_time(&sb, blocks);
        rt[r] = (double)(calls * chunk) / tt / 1e6;
        rb[r] = (double)(blocks * hop) / tb / 1e6;
    }
    if (rc == 0) {
        const double m = median(rt, b->repeats), mb = median(rb, b->repeats);
        add_result("scattering:J10Q8", stftc_scattering_block(s), hop, m, mb);
        results[nresults - 1].create_s = create_s;
        if (!b->json)
            printf("\nscattering, complex, J=10 Q1=8 Q2=1 order 2 (%zu coefficients, "
                   "block %zu, hop %zu, latency %zu):\n  %10.2f MS/s   bound %8.2f   "
                   "%5.2f x bound   create %.1f ms\n",
                   cnt,
                   stftc_scattering_block(s),
                   hop,
                   stftc_scattering_latency(s),
                   m,
                   mb,
                   m / mb,
                   1e3 * create_s);
    }
    if (out)
        scat_bound_free(&sb);
    stftc_free(out);
    stftc_scattering_destroy(s);
    return rc;
}

int cli_bench_main(int argc, char** argv)
{
    static const struct option opts[] = { { "quick", no_argument, NULL, 'q' },
                                          { "json", no_argument, NULL, 'j' },
                                          { "repeats", required_argument, NULL, 'r' },
                                          { "geometry", required_argument, NULL, 'g' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    bench_t b;
    memset(&b, 0, sizeof b);
    size_t gn = 0, gh = 0; /* --geometry: only this N and hop */
    b.repeats = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":qjr:g:h", opts, NULL)) != -1) {
        switch (c) {
        case 'q':
            b.quick = 1;
            break;
        case 'j':
            b.json = 1;
            break;
        case 'r': {
            size_t k = 0;
            if (cli_parse_size(optarg, &k) != 0 || k < 1 || k > BENCH_MAX_REPEATS) {
                cli_error("--repeats: must be an integer in [1, %d], got '%s'",
                          BENCH_MAX_REPEATS,
                          optarg);
                return CLI_EXIT_USAGE;
            }
            b.repeats = (int)k;
            break;
        }
        case 'g': {
            char* colon = strchr(optarg, ':');
            if (colon)
                *colon = '\0';
            if (!colon || cli_parse_size(optarg, &gn) != 0 ||
                cli_parse_size(colon + 1, &gh) != 0 || gn < 2 || gh < 1 || gh > gn ||
                gn > ((size_t)1 << 24) || gh > BENCH_CHUNK) {
                cli_error("--geometry: must be N:HOP with 2 <= N <= 16777216 and "
                          "1 <= HOP <= min(N, %d)",
                          BENCH_CHUNK);
                return CLI_EXIT_USAGE;
            }
            break;
        }
        case 'h':
            bench_usage(stdout);
            return 0;
        case ':':
            cli_error("bench: option '%s' needs a value", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        default:
            cli_error("bench: unknown option '%s' (see stftclean bench --help)",
                      argv[optind - 1]);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        cli_error("bench: unexpected argument '%s'", argv[optind]);
        return CLI_EXIT_USAGE;
    }
    if (!b.repeats)
        b.repeats = b.quick ? 5 : 7;
    b.target = b.quick ? ((size_t)1 << 17) : ((size_t)1 << 22);

    /* N in {256, 1024, 4096, 40000} x hop in {N/2, N/4} */
    enum { NCFG = 8 };
    static const size_t all_geo[2 * NCFG] = { 256,   128,   256,   64,   1024, 512,
                                              1024,  256,   4096,  2048, 4096, 1024,
                                              40000, 20000, 40000, 10000 };
    size_t geo[2 * NCFG], ngeo = NCFG;
    memcpy(geo, all_geo, sizeof geo);
    if (gn) {
        geo[0] = gn;
        geo[1] = gh;
        ngeo = 1;
    }
    /* One input and one output chunk serve every config (hops <= BENCH_CHUNK). */
    b.in = stftc_alloc(2 * BENCH_CHUNK * sizeof(float));
    b.out = stftc_alloc(2 * BENCH_CHUNK * sizeof(float));
    if (!b.in || !b.out) {
        cli_error("bench: out of memory");
        stftc_free(b.in);
        stftc_free(b.out);
        return CLI_EXIT_FAIL;
    }
    fill_noise(b.in, 2 * BENCH_CHUNK);

    if (!b.json) {
        printf("stftclean bench: complex float32, hann window, window = fft size, "
               "FFTW_MEASURE, single thread\n");
        printf("  ~%zu samples per run, median of %d runs; bound = 1 forward + 1 "
               "inverse complex FFT of size N per hop\n",
               b.target,
               b.repeats);
        printf("%8s %7s %12s %12s %12s %7s %7s\n",
               "N",
               "hop",
               "clean MS/s",
               "auto MS/s",
               "bound MS/s",
               "ratio",
               "auto/bnd");
    }

    double ratios[NCFG];
    size_t nr = 0;
    int rc = 0;
    for (size_t i = 0; i < ngeo && rc == 0; i++) {
        if (bench_core(&b, geo[2 * i], geo[2 * i + 1], &ratios[nr]) != 0)
            rc = CLI_EXIT_FAIL;
        else
            nr++;
    }
    if (rc == 0 && !b.json) {
        double lo = ratios[0];
        for (size_t i = 1; i < nr; i++)
            lo = ratios[i] < lo ? ratios[i] : lo;
        printf("median ratio (clean, mask none / FFT bound) over %zu configs: %.2f "
               "(target >= 0.80), lowest %.2f (target >= 0.65)\n",
               nr,
               median(ratios, nr),
               lo);
    }
    if (rc == 0 && !b.json) {
        printf("\nthe same round trip with VOLK's kernels instead of the fused loops:\n");
        for (size_t i = 0; i < nresults; i++)
            if (strcmp(results[i].what, "core:volk") == 0)
                printf("  volk    N=%-6zu H=%-6zu %10.2f MS/s   %5.2f x bound\n",
                       results[i].n,
                       results[i].hop,
                       results[i].msps,
                       results[i].msps / results[i].bound);
    }
    const size_t en = gn ? gn : 1024, eh = gn ? gh : 256;
    if (rc == 0 && bench_estimators(&b, en, eh) != 0)
        rc = CLI_EXIT_FAIL;
    if (rc == 0 && bench_threads(&b, en, eh) != 0)
        rc = CLI_EXIT_FAIL;
    if (rc == 0 &&
        (bench_kernels(&b, en, eh) != 0 || (!gn && bench_kernels(&b, 40000, 10000) != 0)))
        rc = CLI_EXIT_FAIL;
    if (rc == 0 && !gn && bench_scattering(&b) != 0)
        rc = CLI_EXIT_FAIL;
    if (rc == 0 && b.json)
        print_json(b.repeats);
    stftc_free(b.in);
    stftc_free(b.out);
    return rc;
}

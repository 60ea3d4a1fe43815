/* stftclean bench: throughput of the fused cleaner against the FFT-only bound.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bound is what no STFT cleaner can beat: one forward and one inverse
 * complex FFT of size N per hop, with the same FFTW plan rigour as the
 * cleaner (FFTW_MEASURE) and out-of-place like the cleaner's transforms. Both
 * are measured in the same run, so the ratio is comparable across machines. */
#include "cli.h"

#include <fftw3.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stftclean/cleaner.h>
#include <stftclean/vmath.h>

#define BENCH_REPEATS 5
#define BENCH_CHUNK 65536 /* samples per process() call, rounded to the hop */

static void bench_usage(FILE* out)
{
    fprintf(out,
            "usage: stftclean bench [--quick]\n"
            "  MS/s of the fused round trip (mask none, and the default RF estimator\n  "
            "auto at 2 MS/s) for\n"
            "  N in {256, 1024, 4096, 40000}, hop N/2 and N/4, next to the FFT-only\n"
            "  bound (one forward + one inverse complex FFT of size N per hop) and\n"
            "  their ratio. Medians of %d runs. --quick processes less signal.\n",
            BENCH_REPEATS);
}

static double now_s(void)
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

static double median(double* v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
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

/* Median MS/s of the cleaner over BENCH_REPEATS timed runs of calls x chunk
 * samples; negative on a core error (message printed). */
#define BENCH_RATE 2e6

static double bench_cleaner(stftc_mask_type_t type,
                            size_t n,
                            size_t hop,
                            const float* in,
                            float* out,
                            size_t chunk,
                            size_t calls)
{
    stftc_cleaner_config_t cfg = stftc_cleaner_config_default();
    cfg.stft.fft_size = n;
    cfg.stft.hop = hop;
    cfg.stft.plan = STFTC_PLAN_MEASURE;
    cfg.mask.type = type;
    cfg.mask.sample_rate = BENCH_RATE; /* estimators work in Hz and seconds */
    stftc_error_t err;
    stftc_cleaner_t* cl = stftc_cleaner_create(&cfg, &err);
    if (!cl) {
        cli_error("bench: %s", err.msg);
        return -1.0;
    }
    double rate[BENCH_REPEATS];
    stftc_cleaner_process(cl, in, out, chunk); /* warm caches and pages */
    for (int r = 0; r < BENCH_REPEATS; r++) {
        const double t0 = now_s();
        for (size_t k = 0; k < calls; k++)
            stftc_cleaner_process(cl, in, out, chunk);
        rate[r] = (double)(calls * chunk) / (now_s() - t0) / 1e6;
    }
    stftc_cleaner_destroy(cl);
    return median(rate, BENCH_REPEATS);
}

/* Median MS/s of the FFT-only bound for the same amount of signal. */
static double bench_bound(size_t n, size_t hop, size_t samples)
{
    fftwf_complex* a = fftwf_malloc(n * sizeof *a);
    fftwf_complex* b = fftwf_malloc(n * sizeof *b);
    fftwf_complex* c = fftwf_malloc(n * sizeof *c);
    if (!a || !b || !c) {
        fftwf_free(a);
        fftwf_free(b);
        fftwf_free(c);
        cli_error("bench: out of memory for N = %zu", n);
        return -1.0;
    }
    fftwf_plan fwd = fftwf_plan_dft_1d((int)n, a, b, FFTW_FORWARD, FFTW_MEASURE);
    fftwf_plan inv = fftwf_plan_dft_1d((int)n, b, c, FFTW_BACKWARD, FFTW_MEASURE);
    if (!fwd || !inv) {
        if (fwd)
            fftwf_destroy_plan(fwd);
        if (inv)
            fftwf_destroy_plan(inv);
        fftwf_free(a);
        fftwf_free(b);
        fftwf_free(c);
        cli_error("bench: FFTW could not plan size %zu", n);
        return -1.0;
    }
    fill_noise((float*)a, 2 * n); /* MEASURE planning scribbles on the arrays */
    const size_t frames = samples / hop;
    double rate[BENCH_REPEATS];
    fftwf_execute(fwd);
    fftwf_execute(inv);
    for (int r = 0; r < BENCH_REPEATS; r++) {
        const double t0 = now_s();
        for (size_t k = 0; k < frames; k++) {
            fftwf_execute(fwd);
            fftwf_execute(inv);
        }
        rate[r] = (double)(frames * hop) / (now_s() - t0) / 1e6;
    }
    fftwf_destroy_plan(fwd);
    fftwf_destroy_plan(inv);
    fftwf_free(a);
    fftwf_free(b);
    fftwf_free(c);
    return median(rate, BENCH_REPEATS);
}

const char cli_bench_summary[] =
    "bench [--quick]                  cleaner MS/s against the FFT-only bound";

int cli_bench_main(int argc, char** argv)
{
    static const struct option opts[] = { { "quick", no_argument, NULL, 'q' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    int quick = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":qh", opts, NULL)) != -1) {
        switch (c) {
        case 'q':
            quick = 1;
            break;
        case 'h':
            bench_usage(stdout);
            return 0;
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

    static const size_t sizes[] = { 256, 1024, 4096, 40000 };
    static const size_t hop_div[] = { 2, 4 };
    enum { NCFG = 8 };
    const size_t target = quick ? ((size_t)1 << 17) : ((size_t)1 << 22);
    /* One input and one output chunk serve every config (hops <= BENCH_CHUNK). */
    float* in = stftc_alloc(2 * BENCH_CHUNK * sizeof(float));
    float* out = stftc_alloc(2 * BENCH_CHUNK * sizeof(float));
    if (!in || !out) {
        cli_error("bench: out of memory");
        stftc_free(in);
        stftc_free(out);
        return CLI_EXIT_FAIL;
    }
    fill_noise(in, 2 * BENCH_CHUNK);

    printf("stftclean bench: complex float32, hann window, window = fft size, "
           "FFTW_MEASURE, single thread\n");
    printf("  ~%zu samples per config, median of %d runs; bound = 1 forward + 1 "
           "inverse complex FFT of size N per hop\n",
           target,
           BENCH_REPEATS);
    printf("%8s %7s %12s %12s %12s %7s %7s\n",
           "N",
           "hop",
           "clean MS/s",
           "auto MS/s",
           "bound MS/s",
           "ratio",
           "auto/bnd");

    double ratios[NCFG];
    size_t nr = 0;
    int rc = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0] && rc == 0; i++) {
        for (size_t j = 0; j < sizeof hop_div / sizeof hop_div[0]; j++) {
            const size_t n = sizes[i], hop = n / hop_div[j];
            const size_t chunk = BENCH_CHUNK > hop ? BENCH_CHUNK / hop * hop : hop;
            const size_t calls = (target + chunk - 1) / chunk;
            const double none =
                bench_cleaner(STFTC_MASK_NONE, n, hop, in, out, chunk, calls);
            const double thr =
                bench_cleaner(STFTC_MASK_AUTO, n, hop, in, out, chunk, calls);
            const double bound = bench_bound(n, hop, calls * chunk);
            if (none < 0 || thr < 0 || bound < 0) {
                rc = CLI_EXIT_FAIL;
                break;
            }
            ratios[nr++] = none / bound;
            printf("%8zu %7zu %12.2f %12.2f %12.2f %7.2f %7.2f\n",
                   n,
                   hop,
                   none,
                   thr,
                   bound,
                   none / bound,
                   thr / bound);
            fflush(stdout);
        }
    }
    if (rc == 0)
        printf("median ratio (clean, mask none / FFT bound) over %zu configs: %.2f "
               "(target >= 0.60)\n",
               nr,
               median(ratios, nr));
    stftc_free(in);
    stftc_free(out);
    return rc;
}

/* stftclean bench_phase: speed and quality of the phase reconstruction.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hann window, N = 1024, hop 256 (the setting of issue 4's floors), FFTW
 * MEASURE plans, one thread. Speed: fast Griffin-Lim in microseconds per
 * frame per iteration, PGHI in microseconds per coefficient, real-time PGHI
 * with its inverse STFT in MS/s of output signal. Quality: the spectral
 * convergence table on the project's speech-like and RF-like signals, real
 * and complex, next to the floors. */
#include "cli.h"
#include "cli_iq.h"
#include "cli_phase.h"
#include "cli_phase_curves.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stftclean/phase.h>

const char cli_bench_phase_summary[] =
    "bench_phase [--quick] [--opt|--curves]  phase reconstruction speed and SC";

#define BP_N 1024
#define BP_HOP 256

static void bench_phase_usage(FILE* out)
{
    fprintf(
        out,
        "usage: stftclean bench_phase [--quick] [--opt] [--speech FILE] [--iq FILE]\n"
        "  Phase reconstruction at N = 1024, hop 256, Hann (one core):\n"
        "  fast GLA us per frame per iteration, PGHI us per coefficient, real-time\n"
        "  PGHI and RTISI-LA MS/s including the inverse STFT (best of 5 runs in\n"
        "  thread CPU time, so that other load on the machine counts least), then the\n"
        "  spectral convergence of each method on speech-like and RF-like signals,\n"
        "  real and complex, next to the floors of the issue.\n"
        "  Then the optimisation table (issue 23): L-BFGS, pghi+lbfgs and hybrid\n"
        "  against FGLA at 100 iterations from the same start, and L-BFGS at the\n"
        "  time of PGHI + 100 FGLA, with SC and time.\n"
        "  --quick        shorter signals and one run per timing\n"
        "  --opt          the optimisation table only\n"
        "  --curves       every offline method (FGLA, RAAR, DM, ADMM, AGLA,\n"
        "                 L-BFGS, hybrid) from PGHI on speech-like real, RF-like\n"
        "                 IQ and real speech (--speech, default the ALSA test\n"
        "                 sound, skipped when absent; with it also the eight\n"
        "                 ALSA voice files at 16 kHz, where PGHI + FGLA\n"
        "                 stalls): SC at 100 iterations and\n"
        "                 at the time of PGHI + 100 FGLA, time per iteration,\n"
        "                 and the curves of SC against iterations and time\n"
        "  --svg FILE     --curves: write the figure of the curves to FILE\n"
        "  --set K=V      --curves: a projection parameter (raar_beta, dm_beta,\n"
        "                 admm_rho, agla_alpha, agla_beta, agla_gamma,\n"
        "                 hybrid_fgla, hybrid_method 1/3..6, hybrid_polish,\n"
        "                 momentum, init 0..3)\n"
        "  --speech FILE  also a real recording (first channel, at most 10 s at\n"
        "                 16 kHz worth of samples), e.g.\n"
        "                 /usr/share/sounds/alsa/Front_Center.wav (alsa-utils)\n"
        "  --iq FILE      also a complex recording (cf32, IQ WAV, ...)\n");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void* a, const void* b)
{
    const double x = *(const double*)a, y = *(const double*)b;
    return (x > y) - (x < y);
}

/* A signal in the reconstruction's framing and its magnitudes. */
typedef struct {
    stftc_stft_config_t cfg;
    float* y;
    float* S;
    size_t nf, bins, spf;
} bp_case_t;

static void case_free(bp_case_t* c)
{
    free(c->y);
    free(c->S);
    memset(c, 0, sizeof *c);
}

/* The framing of a case of n samples (n >= BP_N) and its buffers: y
 * zeroed, S for the magnitudes. -1 when out of memory. */
static int case_alloc(bp_case_t* c, int cplx, size_t n)
{
    memset(c, 0, sizeof *c);
    c->cfg = stftc_stft_config_default();
    c->cfg.fft_size = BP_N;
    c->cfg.hop = BP_HOP;
    c->cfg.sample_type = cplx ? STFTC_COMPLEX : STFTC_REAL;
    c->cfg.plan = STFTC_PLAN_MEASURE;
    c->spf = cplx ? 2 : 1;
    c->bins = stftc_stft_config_bins(&c->cfg);
    c->nf = (n - BP_N) / BP_HOP + 1;
    c->y = calloc(n * c->spf, sizeof *c->y);
    c->S = malloc(c->nf * c->bins * sizeof *c->S);
    return c->y && c->S ? 0 : -1;
}

/* kind 0: speech-like, 1: RF-like (symbols of sym samples) */
static int case_make(bp_case_t* c, int kind, int cplx, size_t n, size_t sym)
{
    if (case_alloc(c, cplx, n) != 0)
        return -1;
    if (kind == 0) {
        float* tmp = malloc(n * sizeof *tmp);
        if (!tmp)
            return -1;
        cli_phase_speech_like(tmp, n);
        for (size_t i = 0; i < n; i++)
            c->y[i * c->spf] = tmp[i]; /* complex: the same audio as I, Q = 0 */
        free(tmp);
    } else {
        cli_phase_rf_like(c->y, n, sym, cplx);
    }
    return cli_phase_magnitudes(&c->cfg, c->y, c->nf, c->S);
}

static stftc_phase_t* make_phase_m(const bp_case_t* c,
                                   stftc_phase_method_t method,
                                   stftc_phase_init_t init,
                                   size_t iters,
                                   double momentum)
{
    stftc_phase_config_t p = stftc_phase_config_default();
    p.method = method;
    p.stft = c->cfg;
    p.max_frames = c->nf;
    p.init = init;
    p.iterations = iters;
    p.momentum = momentum;
    p.seed = 1;
    stftc_error_t err;
    stftc_phase_t* ph = stftc_phase_create(&p, &err);
    if (!ph)
        cli_error("bench_phase: %s", err.msg);
    return ph;
}

static stftc_phase_t*
make_phase(const bp_case_t* c, stftc_phase_init_t init, size_t iters, double momentum)
{
    return make_phase_m(c, STFTC_PHASE_METHOD_GLA, init, iters, momentum);
}

/* SC of one offline method; NAN on error */
static double sc_offline_m(const bp_case_t* c,
                           stftc_phase_method_t method,
                           stftc_phase_init_t init,
                           size_t iters,
                           double momentum)
{
    stftc_phase_t* ph = make_phase_m(c, method, init, iters, momentum);
    float* out = malloc(((c->nf - 1) * BP_HOP + BP_N) * c->spf * sizeof *out);
    double sc = NAN;
    stftc_phase_result_t r;
    if (ph && out && stftc_phase_reconstruct(ph, c->S, c->nf, NULL, out, &r) == STFTC_OK)
        sc = r.sc_db;
    free(out);
    stftc_phase_destroy(ph);
    return sc;
}

static double
sc_offline(const bp_case_t* c, stftc_phase_init_t init, size_t iters, double momentum)
{
    return sc_offline_m(c, STFTC_PHASE_METHOD_GLA, init, iters, momentum);
}

static void row(const char* sig, const char* method, double sc, const char* floor)
{
    printf("  %-22s %-22s %8.2f   %s\n", sig, method, sc, floor);
}

/* the optimisation methods' rows of the SC table (issue 23) */
static void opt_rows(const bp_case_t* c)
{
    row("",
        "PGHI + 100 L-BFGS",
        sc_offline_m(c, STFTC_PHASE_METHOD_LBFGS, STFTC_PHASE_INIT_PGHI, 100, 0.99),
        "(bench_phase --opt)");
    row("",
        "hybrid 100",
        sc_offline_m(c, STFTC_PHASE_METHOD_HYBRID, STFTC_PHASE_INIT_PGHI, 100, 0.99),
        "");
}

/* lookahead 0/1: RTPGHI causal / look-ahead; iters > 0: RTISI-LA of that
 * momentum */
static double sc_rt3(const bp_case_t* c, int lookahead, size_t iters, double momentum)
{
    cli_phase_job_t job;
    memset(&job, 0, sizeof job);
    job.stft = c->cfg;
    job.method = iters       ? CLI_PHASE_RTISILA
                 : lookahead ? CLI_PHASE_RTPGHI
                             : CLI_PHASE_RTPGHI_CAUSAL;
    job.lookahead = (size_t)lookahead;
    job.iters = iters;
    job.momentum = momentum;
    job.tol_db = -INFINITY;
    float* out = malloc(((c->nf - 1) * BP_HOP + BP_N) * c->spf * sizeof *out);
    double sc = NAN;
    size_t done;
    stftc_error_t err;
    if (out && cli_phase_rebuild(&job, c->S, c->nf, out, &sc, &done, &err) != 0)
        sc = NAN;
    free(out);
    return sc;
}

/* RTISI-LA with its default momentum */
static double sc_rt2(const bp_case_t* c, int lookahead, size_t iters)
{
    return sc_rt3(c, lookahead, iters, stftc_rtisila_config_default().momentum);
}

static double sc_rt(const bp_case_t* c, int lookahead) { return sc_rt2(c, lookahead, 0); }

/* ---------------- timings ---------------- */

/* FGLA: microseconds per frame per iteration (synthesis + analysis pass) */
static double time_fgla(const bp_case_t* c, size_t iters, int repeats)
{
    stftc_phase_t* ph = make_phase(c, STFTC_PHASE_INIT_ZERO, iters, 0.99);
    float* out = malloc(((c->nf - 1) * BP_HOP + BP_N) * c->spf * sizeof *out);
    double t[5];
    int n = 0;
    for (int r = 0; r < repeats && ph && out; r++) {
        const double t0 = now_s();
        stftc_phase_reconstruct(ph, c->S, c->nf, NULL, out, NULL);
        t[n++] = (now_s() - t0) * 1e6 / ((double)c->nf * (double)(iters + 1));
    }
    free(out);
    stftc_phase_destroy(ph);
    if (!n)
        return NAN;
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return t[0]; /* best run: the machine's own speed, least disturbed */
}

static double time_pghi(const bp_case_t* c, int repeats)
{
    stftc_phase_t* ph = make_phase(c, STFTC_PHASE_INIT_PGHI, 0, 0.99);
    float* phase = malloc(c->nf * c->bins * sizeof *phase);
    double t[5];
    int n = 0;
    for (int r = 0; r < repeats && ph && phase; r++) {
        const double t0 = now_s();
        stftc_phase_pghi(ph, c->S, c->nf, phase);
        t[n++] = (now_s() - t0) * 1e6 / ((double)c->nf * (double)c->bins);
    }
    free(phase);
    stftc_phase_destroy(ph);
    if (!n)
        return NAN;
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return t[0]; /* best run: the machine's own speed, least disturbed */
}

/* real-time PGHI + ISTFT: MS/s of output */
static double time_rt(const bp_case_t* c, int lookahead, int repeats)
{
    stftc_rtpghi_config_t rc = stftc_rtpghi_config_default();
    rc.stft = c->cfg;
    rc.lookahead = lookahead;
    stftc_error_t err;
    stftc_rtpghi_t* rt = stftc_rtpghi_create(&rc, &err);
    float* out = malloc(c->nf * BP_HOP * c->spf * sizeof *out);
    double t[5];
    int n = 0;
    for (int r = 0; r < repeats && rt && out; r++) {
        stftc_rtpghi_reset(rt);
        const double t0 = now_s();
        for (int pass = 0; pass < 4; pass++)
            stftc_rtpghi_process(rt, c->S, c->nf, out);
        t[n++] = 4.0 * (double)c->nf * BP_HOP / (now_s() - t0) / 1e6;
    }
    free(out);
    stftc_rtpghi_destroy(rt);
    if (!n)
        return NAN;
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return t[n - 1]; /* best run */
}

/* RTISI-LA + ISTFT: MS/s of output */
static double time_rtisila(const bp_case_t* c, size_t la, size_t iters, int repeats)
{
    stftc_rtisila_config_t rc = stftc_rtisila_config_default();
    rc.stft = c->cfg;
    rc.lookahead = la;
    rc.iterations = iters;
    stftc_error_t err;
    stftc_rtisila_t* rs = stftc_rtisila_create(&rc, &err);
    float* out = malloc(c->nf * BP_HOP * c->spf * sizeof *out);
    double t[5];
    int n = 0;
    for (int r = 0; r < repeats && rs && out; r++) {
        stftc_rtisila_reset(rs);
        const double t0 = now_s();
        stftc_rtisila_process(rs, c->S, c->nf, out);
        t[n++] = (double)c->nf * BP_HOP / (now_s() - t0) / 1e6;
    }
    free(out);
    stftc_rtisila_destroy(rs);
    if (!n)
        return NAN;
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return t[n - 1]; /* best run */
}

/* ---------------- optimisation methods (issue 23) ---------------- */

/* A recording as a case: first channel of a real one, I/Q of a complex
 * one, at most max_n samples. */
static int case_file(bp_case_t* c, const char* path, int cplx, size_t max_n)
{
    memset(c, 0, sizeof *c);
    cli_source_t in;
    if (cli_source_open(&in, path, STFTC_IQFMT_AUTO, 0) != 0)
        return -1;
    if (cplx && in.floats != 2) {
        cli_error("bench_phase: %s is not a complex (I/Q) recording", path);
        cli_source_close(&in);
        return -1;
    }
    const size_t n = in.nsamples < max_n ? in.nsamples : max_n;
    if (n < 2 * BP_N) {
        cli_error("bench_phase: %s: fewer than %d samples", path, 2 * BP_N);
        cli_source_close(&in);
        return -1;
    }
    float* raw = malloc(n * in.floats * sizeof *raw);
    if (!raw || cli_source_read(&in, raw, n) != 0) {
        free(raw);
        cli_source_close(&in);
        return -1;
    }
    int rc = case_alloc(c, cplx, n);
    for (size_t i = 0; i < n && !rc; i++)
        for (size_t q = 0; q < c->spf; q++)
            c->y[i * c->spf + q] = raw[i * in.floats + q];
    free(raw);
    cli_source_close(&in);
    return rc ? rc : cli_phase_magnitudes(&c->cfg, c->y, c->nf, c->S);
}

/* The real speech at 16 kHz: the eight voice files of the ALSA
 * test sounds (dir, alsa-utils; 48 kHz mono) one after the other, brought
 * to 16 kHz by a windowed-sinc low-pass (cut-off 7.2 kHz, 193 taps,
 * Blackman window) and every third sample; about 11.4 s. -1 when a file is
 * missing or not at 48 kHz. */
#define BP_DEC 3
#define BP_TAPS 193
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
static int case_speech16k(bp_case_t* c, const char* dir)
{
    static const char* const names[] = { "Front_Center", "Front_Left", "Front_Right",
                                         "Rear_Center",  "Rear_Left",  "Rear_Right",
                                         "Side_Left",    "Side_Right" };
    memset(c, 0, sizeof *c);
    float* all = NULL;
    size_t len = 0;
    int rc = 0;
    for (size_t f = 0; f < sizeof names / sizeof names[0] && !rc; f++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.wav", dir, names[f]);
        cli_source_t in;
        if (cli_source_open(&in, path, STFTC_IQFMT_AUTO, 0) != 0)
            return free(all), -1;
        const size_t n = in.nsamples;
        float* raw = in.info.sample_rate == 48000.0 && n > 0 && n < (1u << 24)
                         ? malloc(n * in.floats * sizeof *raw)
                         : NULL;
        float* grown = raw ? realloc(all, (len + n) * sizeof *all) : NULL;
        if (!raw || !grown || cli_source_read(&in, raw, n) != 0) {
            rc = -1;
            if (grown)
                all = grown;
        } else {
            all = grown;
            for (size_t i = 0; i < n; i++)
                all[len + i] = raw[i * in.floats];
            len += n;
        }
        free(raw);
        cli_source_close(&in);
    }
    const size_t n16 = len / BP_DEC;
    if (rc || n16 < 2 * BP_N)
        return free(all), -1;
    double h[BP_TAPS], hs = 0.0;
    const double fc = 7200.0 / 48000.0, mid = (BP_TAPS - 1) / 2.0;
    for (size_t k = 0; k < BP_TAPS; k++) {
        const double t = (double)k - mid, a = 2.0 * M_PI * (double)k / (BP_TAPS - 1);
        const double sinc = t == 0.0 ? 2.0 * fc : sin(2.0 * M_PI * fc * t) / (M_PI * t);
        h[k] = sinc * (0.42 - 0.5 * cos(a) + 0.08 * cos(2.0 * a));
        hs += h[k];
    }
    if (case_alloc(c, 0, n16) != 0)
        return free(all), -1;
    for (size_t m = 0; m < n16; m++) {
        double acc = 0.0;
        for (size_t k = 0; k < BP_TAPS; k++) {
            /* output m is input BP_DEC m, the filter centred on it */
            const long i = (long)(BP_DEC * m) + (long)mid - (long)k;
            if (i >= 0 && (size_t)i < len)
                acc += h[k] * all[i];
        }
        c->y[m] = (float)(acc / hs);
    }
    free(all);
    return cli_phase_magnitudes(&c->cfg, c->y, c->nf, c->S);
}

/* SC of ph's offline run on c and its best time over repeats (thread CPU
 * seconds); destroys ph (NULL: NAN) */
static double best_of(stftc_phase_t* ph, const bp_case_t* c, int repeats, double* secs)
{
    float* out = malloc(((c->nf - 1) * BP_HOP + BP_N) * c->spf * sizeof *out);
    double sc = NAN, best = INFINITY;
    for (int r = 0; r < repeats && ph && out; r++) {
        stftc_phase_result_t res;
        const double t0 = now_s();
        if (stftc_phase_reconstruct(ph, c->S, c->nf, NULL, out, &res) != STFTC_OK)
            break;
        const double t = now_s() - t0;
        best = t < best ? t : best;
        sc = res.sc_db;
    }
    free(out);
    stftc_phase_destroy(ph);
    *secs = best;
    return sc;
}

/* SC of one offline run and its best time (thread CPU seconds) */
static double run_timed(const bp_case_t* c,
                        stftc_phase_method_t m,
                        stftc_phase_init_t init,
                        size_t iters,
                        int repeats,
                        double* secs)
{
    stftc_phase_t* ph = make_phase_m(c, m, init, iters, 0.99);
    return best_of(ph, c, repeats, secs);
}

static void opt_row(const char* sig,
                    const char* method,
                    double sc,
                    double secs,
                    double ref,
                    const char* floor)
{
    char d[32] = "";
    if (isfinite(ref))
        snprintf(d, sizeof d, "%+7.2f", sc - ref);
    printf("  %-22s %-26s %8.2f %8.1f  %7s  %s\n", sig, method, sc, 1e3 * secs, d, floor);
}

/* The issue 23 comparison on one signal. */
static void opt_table(const char* name, const bp_case_t* c, int repeats)
{
    const stftc_phase_method_t G = STFTC_PHASE_METHOD_GLA, L = STFTC_PHASE_METHOD_LBFGS,
                               Y = STFTC_PHASE_METHOD_HYBRID;
    const stftc_phase_init_t P = STFTC_PHASE_INIT_PGHI, R = STFTC_PHASE_INIT_RANDOM;
    double tp, tf, tl, th, tfr, tlr, teq;
    const double p0 = run_timed(c, G, P, 0, repeats, &tp);
    const double f100 = run_timed(c, G, P, 100, repeats, &tf);
    const double l100 = run_timed(c, L, P, 100, repeats, &tl);
    const double h100 = run_timed(c, Y, P, 100, repeats, &th);
    const double fr = run_timed(c, G, R, 100, repeats, &tfr);
    const double lr = run_timed(c, L, R, 100, repeats, &tlr);
    /* per iteration: the run less PGHI and its one pass */
    const double per_f = (tf - tp) / 100.0, per_l = (tl - tp) / 100.0;
    const size_t keq = per_l > 0.0 ? (size_t)((tf - tp) / per_l) : 100;
    const double leq = run_timed(c, L, P, keq, repeats, &teq);
    char lab[48];
    opt_row(name, "PGHI", p0, tp, NAN, "");
    opt_row("", "PGHI + FGLA 100", f100, tf, NAN, "(reference)");
    opt_row("", "pghi+lbfgs 100", l100, tl, f100, "<= -3 dB vs FGLA 100");
    opt_row("", "hybrid 100", h100, th, f100, "(RAAR 50, FGLA 50)");
    snprintf(lab, sizeof lab, "pghi+lbfgs %zu (FGLA's time)", keq);
    opt_row("", lab, leq, teq, f100, "<= -2 dB at equal time");
    opt_row("", "FGLA 100, random", fr, tfr, NAN, "");
    opt_row("", "lbfgs 100, random", lr, tlr, fr, "<= -3 dB vs FGLA 100, random");
    printf("  %-22s time per iteration: FGLA %.3f ms, L-BFGS %.3f ms, ratio %.2f "
           "(floor <= 1.5)\n",
           "",
           1e3 * per_f,
           1e3 * per_l,
           per_l / per_f);
    fflush(stdout);
}


/* ---------------- every method's curves (issue 23) ---------------- */

#define BP_METHODS 7
static const char* const bp_method_names[BP_METHODS] = { "FGLA",  "RAAR", "DM",
                                                         "ADMM",  "AGLA", "L-BFGS",
                                                         "hybrid" };
static const stftc_phase_method_t bp_methods[BP_METHODS] = {
    STFTC_PHASE_METHOD_GLA,   STFTC_PHASE_METHOD_RAAR, STFTC_PHASE_METHOD_DM,
    STFTC_PHASE_METHOD_ADMM,  STFTC_PHASE_METHOD_AGLA, STFTC_PHASE_METHOD_LBFGS,
    STFTC_PHASE_METHOD_HYBRID
};

/* --set K=V over a configuration (the projection parameters of
 * cli_phase_params, hybrid_method and init); 0 or -1 when unknown */
static int bp_set(stftc_phase_config_t* p, const char* kv)
{
    char bad[64];
    if (!strncmp(kv, "hybrid_method=", 14)) {
        p->hybrid_method = (stftc_phase_method_t)atoi(kv + 14);
        return 0;
    }
    if (!strncmp(kv, "init=", 5)) {
        p->init = (stftc_phase_init_t)atoi(kv + 5);
        return 0;
    }
    return cli_phase_params(p, kv, bad, sizeof bad);
}

static double run_cfg(const bp_case_t* c,
                      const stftc_phase_config_t* base,
                      stftc_phase_method_t m,
                      size_t iters,
                      int repeats,
                      double* secs)
{
    stftc_phase_config_t p = *base;
    p.stft = c->cfg;
    p.max_frames = c->nf;
    p.method = m;
    p.iterations = iters;
    stftc_error_t err;
    stftc_phase_t* ph = stftc_phase_create(&p, &err);
    if (!ph)
        cli_error("bench_phase: %s", err.msg);
    return best_of(ph, c, repeats, secs);
}

/* The table of one signal: every method at 100 iterations and at the time
 * of PGHI + 100 FGLA (its iterations from its own time per iteration), and
 * its curve into cv[BP_METHODS]. */
static void curves_table(const char* name,
                         const bp_case_t* c,
                         const stftc_phase_config_t* base,
                         int repeats,
                         cli_curve_t* cv)
{
    double t0, tf;
    run_cfg(c, base, STFTC_PHASE_METHOD_GLA, 0, repeats, &t0);
    const double f100 = run_cfg(c, base, STFTC_PHASE_METHOD_GLA, 100, repeats, &tf);
    const double per_f = (tf - t0) / 100.0;
    const char* st = base->init == STFTC_PHASE_INIT_PGHI     ? "PGHI"
                     : base->init == STFTC_PHASE_INIT_RANDOM ? "random phase"
                                                             : "zero phase";
    printf("%s (%zu frames): %s %.1f ms, %s + FGLA 100 %.2f dB in %.1f ms\n",
           name,
           c->nf,
           st,
           1e3 * t0,
           st,
           f100,
           1e3 * tf);
    printf("  %-8s %9s %7s %9s %6s %9s %7s %9s\n",
           "method",
           "SC@100",
           "d dB",
           "ms/iter",
           "ratio",
           "iters@T",
           "SC@T",
           "d@T dB");
    float* out = malloc(((c->nf - 1) * BP_HOP + BP_N) * c->spf * sizeof *out);
    for (int m = 0; m < BP_METHODS; m++) {
        stftc_phase_config_t p = *base;
        p.stft = c->cfg;
        p.max_frames = c->nf;
        p.method = bp_methods[m];
        p.iterations = 100;
        if (out)
            cli_curve_run(&p, c->S, c->nf, out, &cv[m]);
        double tm;
        const double s100 = m ? run_cfg(c, base, bp_methods[m], 100, repeats, &tm) : f100;
        if (!m)
            tm = tf;
        const double per = (tm - t0) / 100.0;
        const size_t keq =
            per > 0.0 ? (size_t)((tf - t0) / per) : 100; /* iterations in FGLA's time */
        double teq;
        const double seq = m ? run_cfg(c, base, bp_methods[m], keq, repeats, &teq) : f100;
        printf("  %-8s %9.2f %+7.2f %9.3f %6.2f %9zu %7.2f %+9.2f\n",
               bp_method_names[m],
               s100,
               s100 - f100,
               1e3 * per,
               per / per_f,
               keq,
               seq,
               seq - f100);
        fflush(stdout);
    }
    free(out);
}

static int
curves_main(int quick, const char* speech_path, const char* svg, char** sets, int nsets)
{
    stftc_phase_config_t base = stftc_phase_config_default();
    base.init = STFTC_PHASE_INIT_PGHI;
    for (int i = 0; i < nsets; i++)
        if (bp_set(&base, sets[i]) != 0) {
            cli_error("bench_phase: unknown --set %s", sets[i]);
            return CLI_EXIT_USAGE;
        }
    const int repeats = quick ? 1 : 3;
    const size_t n_speech = quick ? 32000 : 64000, n_rf = quick ? 60000 : 120000;
    bp_case_t cs[4];
    const char* names[4] = {
        "speech-like real", "RF-like IQ", "real speech", "real speech 16 kHz"
    };
    size_t ns = 2;
    if (case_make(&cs[0], 0, 0, n_speech, 0) || case_make(&cs[1], 1, 1, n_rf, 1024)) {
        cli_error("bench_phase: cannot make the test signals");
        return CLI_EXIT_FAIL;
    }
    const char* sp =
        speech_path ? speech_path : "/usr/share/sounds/alsa/Front_Center.wav";
    FILE* probe = fopen(sp, "rb");
    if (probe) {
        fclose(probe);
        if (case_file(&cs[2], sp, 0, 160000) == 0)
            ns = 3;
    } else {
        printf("(real speech: %s absent, skipped)\n", sp);
    }
    /* the 16 kHz speech, when the real speech above is the ALSA sound */
    if (ns == 3 && !speech_path) {
        if (case_speech16k(&cs[3], "/usr/share/sounds/alsa") == 0)
            ns = 4;
        else
            case_free(&cs[3]);
    }
    cli_curve_t* cv = calloc(ns * BP_METHODS, sizeof *cv);
    if (!cv)
        return CLI_EXIT_FAIL;
    printf("every method from the same start, N %d, hop %d, hann, one thread (best of "
           "%d runs, thread CPU time); d: SC minus start + FGLA 100's; ratio: time "
           "per iteration / FGLA's; T: the time of start + FGLA 100\n",
           BP_N,
           BP_HOP,
           repeats);
    for (size_t s = 0; s < ns; s++)
        curves_table(names[s], &cs[s], &base, repeats, cv + s * BP_METHODS);
    int rc = 0;
    if (svg) {
        if (cli_curves_svg(svg, names, ns, bp_method_names, BP_METHODS, cv) != 0) {
            cli_error("bench_phase: cannot write %s", svg);
            rc = CLI_EXIT_FAIL;
        } else {
            printf("figure: %s\n", svg);
        }
    }
    free(cv);
    for (size_t s = 0; s < ns; s++)
        case_free(&cs[s]);
    return rc;
}

int cli_bench_phase_main(int argc, char** argv)
{
    int quick = 0, opt_only = 0;
    const char* speech_path = NULL;
    const char* iq_path = NULL;
    const char* svg = NULL;
    int curves = 0, nsets = 0;
    char* sets[16];
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            quick = 1;
        } else if (!strcmp(argv[i], "--curves")) {
            curves = 1;
        } else if (!strcmp(argv[i], "--svg") && i + 1 < argc) {
            svg = argv[++i];
        } else if (!strcmp(argv[i], "--set") && i + 1 < argc && nsets < 16) {
            sets[nsets++] = argv[++i];
        } else if (!strcmp(argv[i], "--opt")) {
            opt_only = 1;
        } else if ((!strcmp(argv[i], "--speech") || !strcmp(argv[i], "--iq")) &&
                   i + 1 < argc) {
            if (!strcmp(argv[i], "--speech"))
                speech_path = argv[++i];
            else
                iq_path = argv[++i];
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            bench_phase_usage(stdout);
            return 0;
        } else {
            cli_error("bench_phase: unknown argument %s", argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
    if (curves)
        return curves_main(quick, speech_path, svg, sets, nsets);
    const int repeats = quick ? 1 : 5;
    const size_t n_speech = quick ? 32000 : 64000, n_rf = quick ? 60000 : 120000;
    bp_case_t sp_r, sp_c, rf_r, rf_c, fsk_r, fsk_c;
    if (case_make(&sp_r, 0, 0, n_speech, 0) || case_make(&sp_c, 0, 1, n_speech, 0) ||
        case_make(&rf_r, 1, 0, n_rf, 1024) || case_make(&rf_c, 1, 1, n_rf, 1024) ||
        case_make(&fsk_r, 1, 0, n_rf, 200) || case_make(&fsk_c, 1, 1, n_rf, 200)) {
        cli_error("bench_phase: cannot make the test signals");
        return CLI_EXIT_FAIL;
    }

    printf("phase reconstruction, N %d, hop %d, hann, FFTW measure, one thread\n",
           BP_N,
           BP_HOP);
    if (opt_only) {
        printf("optimisation methods (best of %d runs, thread CPU time; d: SC minus "
               "the reference's):\n",
               repeats);
        printf("  %-22s %-26s %8s %8s  %7s  %s\n",
               "signal",
               "method",
               "SC dB",
               "ms",
               "d dB",
               "floor");
        opt_table("speech-like real", &sp_r, repeats);
        opt_table("speech-like as IQ", &sp_c, repeats);
        opt_table("RF-like real", &rf_r, repeats);
        opt_table("RF-like IQ", &rf_c, repeats);
        opt_table("fast-FSK RF IQ", &fsk_c, repeats);
        bp_case_t fc;
        if (speech_path) {
            if (case_file(&fc, speech_path, 0, 160000) == 0)
                opt_table("recording (real)", &fc, repeats);
            case_free(&fc);
        }
        if (iq_path) {
            if (case_file(&fc, iq_path, 1, 160000) == 0)
                opt_table("recording (IQ)", &fc, repeats);
            case_free(&fc);
        }
        case_free(&sp_r);
        case_free(&sp_c);
        case_free(&rf_r);
        case_free(&rf_c);
        case_free(&fsk_r);
        case_free(&fsk_c);
        return 0;
    }
    printf("speed (best of %d runs, thread CPU time):\n", repeats);
    printf("  FGLA real (513 bins)         %7.2f us/frame/iteration  (floor <= 4)\n",
           time_fgla(&sp_r, quick ? 20 : 50, repeats));
    printf("  FGLA complex (1024 bins)     %7.2f us/frame/iteration  (floor <= 4)\n",
           time_fgla(&rf_c, quick ? 20 : 50, repeats));
    printf("  PGHI real                    %7.3f us/coefficient      (floor <= 0.2)\n",
           time_pghi(&sp_r, repeats));
    printf("  PGHI complex                 %7.3f us/coefficient      (floor <= 0.2)\n",
           time_pghi(&rf_c, repeats));
    printf("  RTPGHI+ISTFT real, look-ahead  %6.1f MS/s              (floor >= 10)\n",
           time_rt(&sp_r, 1, repeats));
    printf("  RTPGHI+ISTFT real, causal      %6.1f MS/s              (floor >= 10)\n",
           time_rt(&sp_r, 0, repeats));
    printf("  RTPGHI+ISTFT complex, look-ahead %4.1f MS/s              (floor >= 10)\n",
           time_rt(&rf_c, 1, repeats));
    printf("  RTPGHI+ISTFT complex, causal   %6.1f MS/s              (floor >= 10)\n",
           time_rt(&rf_c, 0, repeats));
    printf("  RTISI-LA real, 1 frame, 8 it   %6.1f MS/s              (optional method)\n",
           time_rtisila(&sp_r, 1, 8, repeats));
    printf("  RTISI-LA real, 3 frames, 8 it  %6.1f MS/s\n",
           time_rtisila(&sp_r, 3, 8, repeats));
    fflush(stdout);

    printf("spectral convergence, dB (lower is better):\n");
    printf("  %-22s %-22s %8s   %s\n", "signal", "method", "SC", "floor");
    const double sp_fgla = sc_offline(&sp_r, STFTC_PHASE_INIT_RANDOM, 100, 0.99);
    row("speech-like real",
        "GLA 100, random",
        sc_offline(&sp_r, STFTC_PHASE_INIT_RANDOM, 100, 0.0),
        "");
    row("", "FGLA 100, random", sp_fgla, "<= -31.5");
    row("", "PGHI", sc_offline(&sp_r, STFTC_PHASE_INIT_PGHI, 0, 0.99), "");
    const double sp_p20 = sc_offline(&sp_r, STFTC_PHASE_INIT_PGHI, 20, 0.99);
    row("", "PGHI + 20 FGLA", sp_p20, "<= -31");
    row("", "PGHI + 100 FGLA", sc_offline(&sp_r, STFTC_PHASE_INIT_PGHI, 100, 0.99), "");
    opt_rows(&sp_r);
    row("", "RTPGHI look-ahead", sc_rt(&sp_r, 1), "<= -21.1 (-21.6 + 0.5)");
    row("", "RTPGHI causal", sc_rt(&sp_r, 0), "<= -16.9 (-17.4 + 0.5)");
    row("", "RTISI-LA 1 frame, 8 it", sc_rt2(&sp_r, 1, 8), "(same latency as RTPGHI)");
    row("", "RTISI-LA 3 fr, 8 it", sc_rt2(&sp_r, 3, 8), "(online FGLA, momentum 0.75)");
    row("", "RTISI-LA 3 fr 8 it GLA", sc_rt3(&sp_r, 3, 8, 0.0), "(momentum 0)");
    row("speech-like complex",
        "PGHI + 20 FGLA",
        sc_offline(&sp_c, STFTC_PHASE_INIT_PGHI, 20, 0.99),
        "<= real");
    row("", "RTPGHI look-ahead", sc_rt(&sp_c, 1), "");
    row("RF-like real",
        "FGLA 100, random",
        sc_offline(&rf_r, STFTC_PHASE_INIT_RANDOM, 100, 0.99),
        "");
    row("", "PGHI", sc_offline(&rf_r, STFTC_PHASE_INIT_PGHI, 0, 0.99), "");
    const double rf_p20 = sc_offline(&rf_r, STFTC_PHASE_INIT_PGHI, 20, 0.99);
    row("", "PGHI + 20 FGLA", rf_p20, "<= -34");
    row("", "RTPGHI look-ahead", sc_rt(&rf_r, 1), "");
    row("RF-like complex (IQ)",
        "FGLA 100, random",
        sc_offline(&rf_c, STFTC_PHASE_INIT_RANDOM, 100, 0.99),
        "");
    row("", "PGHI", sc_offline(&rf_c, STFTC_PHASE_INIT_PGHI, 0, 0.99), "");
    row("",
        "PGHI + 20 FGLA",
        sc_offline(&rf_c, STFTC_PHASE_INIT_PGHI, 20, 0.99),
        "<= -34 and <= real");
    row("", "PGHI + 100 FGLA", sc_offline(&rf_c, STFTC_PHASE_INIT_PGHI, 100, 0.99), "");
    opt_rows(&rf_c);
    row("", "RTPGHI look-ahead", sc_rt(&rf_c, 1), "");
    row("", "RTPGHI causal", sc_rt(&rf_c, 0), "");
    row("", "RTISI-LA 3 fr, 8 it", sc_rt2(&rf_c, 3, 8), "(online FGLA, momentum 0.75)");
    row("", "RTISI-LA 3 fr 8 it GLA", sc_rt3(&rf_c, 3, 8, 0.0), "(momentum 0)");
    /* the real signal is the IQ one moved up by fs/4; their magnitudes
     * differ only where the real one's mirror image interferes. On the
     * same magnitudes the IQ path scores as the real one: */
    {
        bp_case_t m = rf_c;
        m.S = calloc(rf_c.nf * rf_c.bins, sizeof *m.S);
        if (m.S) {
            const size_t n = rf_c.bins, q = n / 4;
            for (size_t k = 0; k < rf_c.nf; k++)
                for (size_t j = 0; j < rf_r.bins; j++)
                    m.S[k * n + (j + n - q) % n] = 2.0f * rf_r.S[k * rf_r.bins + j];
            row("",
                "PGHI+20 FGLA real's S",
                sc_offline(&m, STFTC_PHASE_INIT_PGHI, 20, 0.99),
                "(the real signal's magnitudes as IQ)");
            free(m.S);
        }
    }
    printf("  (RF-like: FSK symbols of 1024 samples. With fast FSK, symbols of 200\n"
           "   samples, shorter than the window:)\n");
    row("fast-FSK RF real",
        "PGHI + 20 FGLA",
        sc_offline(&fsk_r, STFTC_PHASE_INIT_PGHI, 20, 0.99),
        "");
    row("fast-FSK RF complex",
        "PGHI + 20 FGLA",
        sc_offline(&fsk_c, STFTC_PHASE_INIT_PGHI, 20, 0.99),
        "");
    row("",
        "FGLA 100, random",
        sc_offline(&fsk_c, STFTC_PHASE_INIT_RANDOM, 100, 0.99),
        "");
    case_free(&sp_r);
    case_free(&sp_c);
    case_free(&rf_r);
    case_free(&rf_c);
    case_free(&fsk_r);
    case_free(&fsk_c);
    return 0;
}

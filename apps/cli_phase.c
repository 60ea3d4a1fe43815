/* stftclean command-line tool: test signals and spectral convergence for
 * the phase reconstruction commands.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli_phase.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stftclean/phase.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* xorshift32 uniform in [0, 1) and a Box-Muller normal */
static double uni(uint32_t* s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return ((double)*s + 0.5) / 4294967296.0;
}
static double gauss(uint32_t* s)
{
    const double u = uni(s), v = uni(s);
    return sqrt(-2.0 * log(u)) * cos(2 * M_PI * v);
}

void cli_phase_speech_like(float* x, size_t n)
{
    const double fs = 16000.0;
    uint32_t rng = 7u;
    double ph0 = 0.0, lp = 0.0, hp_prev = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double t = (double)i / fs;
        const double sy = sin(2 * M_PI * 3.7 * t);
        const double syl = sy > 0.0 ? pow(sy, 0.6) : 0.0;
        const double tp = fmod(t, 1.1);
        double edge = fmin(tp, 0.9 - tp) / 0.03;
        edge = edge > 1.0 ? 1.0 : edge;
        const double pause = tp > 0.9 ? 0.0 : 0.5 - 0.5 * cos(M_PI * edge);
        const double f0 =
            125.0 + 25.0 * sin(2 * M_PI * 0.7 * t) + 4.0 * sin(2 * M_PI * 5.5 * t);
        ph0 += 2 * M_PI * f0 / fs;
        const double f1 = 550 + 250 * sin(2 * M_PI * 1.3 * t);
        const double f2 = 1600 + 600 * sin(2 * M_PI * 0.9 * t + 1.0);
        const double f3 = 2600 + 200 * sin(2 * M_PI * 0.5 * t + 2.0);
        double v = 0.0;
        for (int h = 1; h * f0 < 7000.0; h++) {
            const double f = h * f0;
            const double a1 = (f - f1) / 120.0, a2 = (f - f2) / 160.0,
                         a3 = (f - f3) / 200.0;
            const double env = exp(-0.5 * a1 * a1) + 0.6 * exp(-0.5 * a2 * a2) +
                               0.3 * exp(-0.5 * a3 * a3) + 0.02;
            v += env * sin(h * ph0 + 0.3 * h * h);
        }
        const double w = gauss(&rng);
        const double hp = w - hp_prev;
        hp_prev = w;
        lp = 0.7 * lp + 0.3 * hp;
        const double fric = (1.0 - syl) * pause * 0.05 * lp *
                            (sin(2 * M_PI * 0.45 * t) > 0.3 ? 1.0 : 0.0);
        x[i] = (float)(0.12 * syl * pause * v + fric);
    }
}

void cli_phase_rf_like(float* x, size_t n, size_t sym_len, int complex_out)
{
    /* generated as the complex baseband (centre 0); the real version is
     * that very signal moved up by fs/4, Re{z[i] e^{i pi i / 2}}, so that
     * real and IQ differ by nothing but the frequency shift (their STFT
     * magnitudes are the same up to a shift by N/4 bins and the mirror
     * image; generating each at its own centre would phase the CW against
     * the other components differently) */
    const double fc = 0.0;
    const size_t sym = sym_len ? sym_len : 1, burst = 12 * sym, gap = 12000;
    uint32_t rng = 11u;
    double pf = 0.0, pc = 0.0;
    int b = uni(&rng) < 0.5;
    for (size_t i = 0; i < n; i++) {
        const size_t pos = i % (burst + gap);
        const int on = pos < burst;
        if (pos % sym == 0)
            b = uni(&rng) < 0.5;
        pf += 2 * M_PI * (fc - 0.09 + (b ? 0.03 : -0.03));
        double ramp = 0.0;
        if (on) {
            const double d = fmin((double)pos, (double)(burst - pos)) / 64.0;
            ramp = d < 1.0 ? d : 1.0;
        }
        const double fch = fc - 0.18 + 0.36 * (double)i / (double)n;
        pc += 2 * M_PI * fch;
        const double pw = 2 * M_PI * (fc + 0.13) * (double)i + 0.4;
        const double re = ramp * cos(pf) + 0.5 * cos(pc) + 0.3 * cos(pw);
        const double im = ramp * sin(pf) + 0.5 * sin(pc) + 0.3 * sin(pw);
        if (complex_out) {
            x[2 * i] = (float)(0.5 * re);
            x[2 * i + 1] = (float)(0.5 * im);
        } else {
            /* e^{i pi i / 2} is 1, i, -1, -i */
            static const double cq[4] = { 1.0, 0.0, -1.0, 0.0 };
            static const double sq[4] = { 0.0, 1.0, 0.0, -1.0 };
            x[i] = (float)(0.5 * (re * cq[i % 4] - im * sq[i % 4]));
        }
    }
}

int cli_phase_magnitudes(const stftc_stft_config_t* cfg,
                         const float* y,
                         size_t nframes,
                         float* S)
{
    stftc_error_t err;
    stftc_stft_t* st = stftc_stft_create(cfg, &err);
    if (!st)
        return -1;
    const size_t b = stftc_stft_bins(st), h = cfg->hop;
    const size_t spf = cfg->sample_type == STFTC_COMPLEX ? 2 : 1;
    float* fr = malloc(2 * b * sizeof *fr);
    if (!fr) {
        stftc_stft_destroy(st);
        return -1;
    }
    for (size_t k = 0; k < nframes; k++) {
        stftc_stft_analyze(st, y + k * h * spf, 1, fr);
        for (size_t m = 0; m < b; m++)
            S[k * b + m] = hypotf(fr[2 * m], fr[2 * m + 1]);
    }
    free(fr);
    stftc_stft_destroy(st);
    return 0;
}

double cli_phase_sc(const stftc_stft_config_t* cfg,
                    const float* S,
                    size_t nframes,
                    const float* y)
{
    const size_t b = stftc_stft_config_bins(cfg);
    float* M = malloc((nframes * b > 0 ? nframes * b : 1) * sizeof *M);
    if (!M || cli_phase_magnitudes(cfg, y, nframes, M) != 0) {
        free(M);
        return NAN;
    }
    double num = 0.0, den = 0.0;
    for (size_t i = 0; i < nframes * b; i++) {
        const double s = isfinite(S[i]) && S[i] > 0.0f ? S[i] : 0.0;
        const double d = (double)M[i] - s;
        num += d * d;
        den += s * s;
    }
    free(M);
    if (!(den > 0.0))
        return num > 0.0 ? INFINITY : -INFINITY;
    return num > 0.0 ? 10.0 * log10(num / den) : -INFINITY;
}

static const char* const method_names[] = {
    "gla",   "fgla",       "pghi",   "pghi+fgla", "rtpghi", "rtpghi-causal", "rtisila",
    "lbfgs", "pghi+lbfgs", "hybrid", "raar",      "dm",     "admm",          "agla"
};

int cli_phase_method_is_proj(cli_phase_method_t m)
{
    return m == CLI_PHASE_RAAR || m == CLI_PHASE_DM || m == CLI_PHASE_ADMM ||
           m == CLI_PHASE_AGLA;
}

int cli_phase_hybrid_method_parse(const char* text)
{
    static const char* const names[] = { "lbfgs", "raar", "dm", "admm", "agla" };
    static const stftc_phase_method_t ms[] = { STFTC_PHASE_METHOD_LBFGS,
                                               STFTC_PHASE_METHOD_RAAR,
                                               STFTC_PHASE_METHOD_DM,
                                               STFTC_PHASE_METHOD_ADMM,
                                               STFTC_PHASE_METHOD_AGLA };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (text && !strcmp(text, names[i]))
            return (int)ms[i];
    return -1;
}

int cli_phase_params(stftc_phase_config_t* cfg, const char* list, char* bad, size_t n)
{
    const char* p = list;
    while (p && *p) {
        const char* end = strchr(p, ',');
        const size_t len = end ? (size_t)(end - p) : strlen(p);
        const char* eq = memchr(p, '=', len);
        const size_t kl = eq ? (size_t)(eq - p) : len, vl = eq ? len - kl - 1 : 0;
        char key[64], num[64];
        char* tail = NULL;
        double v = NAN;
        snprintf(key, sizeof key, "%.*s", (int)kl, p);
        if (eq && vl > 0 && vl < sizeof num) {
            memcpy(num, eq + 1, vl);
            num[vl] = 0;
            v = strtod(num, &tail);
        }
        if (!tail || *tail || !isfinite(v)) {
            snprintf(bad, n, "'%.*s' is not KEY=NUMBER", (int)len, p);
            return -1;
        }
        if (!strcmp(key, "hybrid_fgla") || !strcmp(key, "momentum")) {
            const double hi = key[0] == 'h' ? 1e6 : 1.5;
            if (v < 0 || v > hi) {
                snprintf(bad, n, "%s: must be in [0, %g], got %g", key, hi, v);
                return -1;
            }
            if (key[0] == 'h')
                cfg->hybrid_fgla = (size_t)v;
            else
                cfg->momentum = v;
        } else {
            stftc_error_t e;
            if (stftc_phase_config_set(cfg, key, v, &e) != STFTC_OK) {
                snprintf(bad, n, "%s", e.msg);
                return -1;
            }
        }
        p = end ? end + 1 : NULL;
    }
    return 0;
}

int cli_phase_method_iterates(cli_phase_method_t m)
{
    return m != CLI_PHASE_PGHI && m != CLI_PHASE_RTPGHI && m != CLI_PHASE_RTPGHI_CAUSAL;
}

int cli_phase_method_is_opt(cli_phase_method_t m)
{
    return m == CLI_PHASE_LBFGS || m == CLI_PHASE_PGHI_LBFGS || m == CLI_PHASE_HYBRID;
}

int cli_phase_method_parse(const char* text)
{
    for (int i = 0; i < (int)(sizeof method_names / sizeof method_names[0]); i++)
        if (text && !strcmp(text, method_names[i]))
            return i;
    return -1;
}

const char* cli_phase_method_name(cli_phase_method_t m)
{
    return (unsigned)m < sizeof method_names / sizeof method_names[0] ? method_names[m]
                                                                      : "?";
}

/* The stream's inverse STFT weights every frame with the canonical dual
 * w / sum_k w^2(. - kH), the sum over all frames of an endless stream; the
 * first and last L - H samples of the file are seen by fewer frames, so
 * the stream under-weights them (with the true phases the rebuilt file
 * would score about -35 dB on a signal that starts loud, instead of
 * exactly). Rescale them to the least-squares synthesis from the frames
 * that exist, as the offline methods do: gain sum_{all k} w^2 /
 * sum_{existing k} w^2, but at most 100: a sample that the existing frames
 * see with less than 1 % of the full weight (the first and last few dozen
 * samples under a Hann window's zeros) is ill-conditioned, and frames
 * whose phases do not agree there would come out as clicks thousands of
 * times louder than the signal. */
static void rebuild_rt_edges(const stftc_stft_config_t* cfg, size_t nframes, float* y)
{
    const size_t h = cfg->hop, l = cfg->window_len ? cfg->window_len : cfg->fft_size;
    const size_t spf = cfg->sample_type == STFTC_COMPLEX ? 2 : 1;
    const size_t len = (nframes - 1) * h + l, edge = l - h;
    double* w = malloc(l * sizeof *w);
    if (!w || stftc_window_fill(&cfg->window, l, w) != STFTC_OK) {
        free(w);
        return;
    }
    double wmax = 0.0;
    for (size_t i = 0; i < l; i++) {
        w[i] *= w[i];
        wmax = w[i] > wmax ? w[i] : wmax;
    }
    for (size_t j = 0; j < len; j++) {
        if (j == edge && len > 2 * edge)
            j = len - edge; /* the middle sees every frame */
        double all = 0.0, have = 0.0;
        for (size_t i = j % h; i < l; i += h) {
            all += w[i];
            /* frame (j - i) / h exists when j >= i and it is < nframes */
            if (j >= i && (j - i) / h < nframes)
                have += w[i];
        }
        const double seen = have > 0.01 * all ? have : 0.01 * all;
        const float g = all > 1e-10 * wmax ? (float)(all / seen) : 0.0f;
        for (size_t q = 0; q < spf; q++)
            y[j * spf + q] *= g;
    }
    free(w);
}

/* Real-time PGHI over a file: the phased frames 0 .. nframes - 1 go
 * through an inverse STFT (stream sample t is y[t]), nothing after them.
 * The look-ahead mode commits the last frame against a frame that does not
 * exist: it gets the log-linear extrapolation S_{F-1}^2 / S_{F-2}, so its
 * time slope of log|X| is the one-sided one, as offline PGHI takes at the
 * last frame (silence there would read as the signal stopping: a steep
 * slope and a wrong phase ramp over the last frame). */
static int rebuild_rtpghi(const cli_phase_job_t* job,
                          const float* S,
                          size_t nframes,
                          float* y,
                          stftc_error_t* err)
{
    stftc_rtpghi_config_t rc = stftc_rtpghi_config_default();
    rc.stft = job->stft;
    rc.lookahead = job->method == CLI_PHASE_RTPGHI ? 1 : 0;
    stftc_rtpghi_t* rt = stftc_rtpghi_create(&rc, err);
    if (!rt)
        return err->code;
    stftc_istft_t* is = stftc_istft_create(&job->stft, err);
    if (!is) {
        stftc_rtpghi_destroy(rt);
        return err->code;
    }
    const size_t b = stftc_rtpghi_bins(rt), h = job->stft.hop;
    const size_t l = job->stft.window_len ? job->stft.window_len : job->stft.fft_size;
    const size_t spf = job->stft.sample_type == STFTC_COMPLEX ? 2 : 1;
    const size_t len = (nframes - 1) * h + l, total = (len + h - 1) / h;
    float* ext = malloc(b * sizeof *ext);
    float* co = malloc(2 * b * sizeof *co);
    float* z = malloc(h * spf * sizeof *z);
    int rc2 = 0;
    if (!ext || !co || !z) {
        err->code = rc2 = STFTC_ERR_NOMEM;
        snprintf(err->msg, sizeof err->msg, "reconstruct: out of memory");
    }
    if (!rc2) {
        const float* last = S + (nframes - 1) * b;
        const float* prev = nframes > 1 ? S + (nframes - 2) * b : last;
        for (size_t m = 0; m < b; m++) {
            const double e = prev[m] > 0.0f && last[m] > 0.0f
                                 ? (double)last[m] * ((double)last[m] / (double)prev[m])
                                 : (double)last[m];
            ext[m] = (float)(e < 1e30 ? e : 1e30);
        }
        if (rc.lookahead) /* output frame -1 (silence) */
            stftc_rtpghi_process_frames(rt, S, 1, co);
    }
    for (size_t k = 0; k < total && !rc2; k++) {
        if (k < nframes) {
            const size_t in = k + (size_t)rc.lookahead;
            stftc_rtpghi_process_frames(rt, in < nframes ? S + in * b : ext, 1, co);
        } else {
            memset(co, 0, 2 * b * sizeof *co);
        }
        stftc_istft_process(is, co, 1, z);
        /* samples k*h .. k*h+h-1 of y */
        for (size_t i = 0; i < h && k * h + i < len; i++)
            for (size_t q = 0; q < spf; q++)
                y[(k * h + i) * spf + q] = z[i * spf + q];
    }
    free(ext);
    free(co);
    free(z);
    stftc_istft_destroy(is);
    stftc_rtpghi_destroy(rt);
    if (!rc2)
        rebuild_rt_edges(&job->stft, nframes, y);
    return rc2;
}

/* RTISI-LA: the stream's sample t rebuilds y[t - D hop] (D frames of
 * look-ahead); run until y's last sample is out, padding with silent
 * frames; the file's edges then rescaled (rebuild_rt_edges). */
static int rebuild_rt(const cli_phase_job_t* job,
                      const float* S,
                      size_t nframes,
                      float* y,
                      stftc_error_t* err)
{
    if (job->method != CLI_PHASE_RTISILA)
        return rebuild_rtpghi(job, S, nframes, y, err);
    stftc_rtisila_config_t rcfg = stftc_rtisila_config_default();
    rcfg.stft = job->stft;
    rcfg.lookahead = job->lookahead;
    rcfg.iterations = job->iters;
    rcfg.momentum = job->momentum;
    stftc_rtisila_t* rs = stftc_rtisila_create(&rcfg, err);
    if (!rs)
        return err->code;
    const size_t b = stftc_rtisila_bins(rs), la = rcfg.lookahead;
    const size_t h = job->stft.hop;
    const size_t l = job->stft.window_len ? job->stft.window_len : job->stft.fft_size;
    const size_t spf = job->stft.sample_type == STFTC_COMPLEX ? 2 : 1;
    const size_t len = (nframes - 1) * h + l, shift = la * h;
    const size_t total = (shift + len + h - 1) / h;
    float* zero = calloc(b, sizeof *zero);
    float* z = malloc(h * spf * sizeof *z);
    int rc = 0;
    if (!zero || !z) {
        err->code = rc = STFTC_ERR_NOMEM;
        snprintf(err->msg, sizeof err->msg, "reconstruct: out of memory");
    }
    for (size_t k = 0; k < total && !rc; k++) {
        const float* m = k < nframes ? S + k * b : zero;
        stftc_rtisila_process(rs, m, 1, z);
        /* samples k*h .. k*h+h-1 of the stream */
        for (size_t i = 0; i < h; i++) {
            const size_t t = k * h + i;
            if (t < shift || t - shift >= len)
                continue;
            for (size_t q = 0; q < spf; q++)
                y[(t - shift) * spf + q] = z[i * spf + q];
        }
    }
    free(zero);
    free(z);
    stftc_rtisila_destroy(rs);
    if (!rc)
        rebuild_rt_edges(&job->stft, nframes, y);
    return rc;
}

int cli_phase_rebuild(const cli_phase_job_t* job,
                      const float* S,
                      size_t nframes,
                      float* y,
                      double* sc_db,
                      size_t* iters_done,
                      stftc_error_t* err)
{
    *iters_done = 0;
    if (job->method == CLI_PHASE_RTPGHI || job->method == CLI_PHASE_RTPGHI_CAUSAL ||
        job->method == CLI_PHASE_RTISILA) {
        const int rc = rebuild_rt(job, S, nframes, y, err);
        if (rc)
            return rc;
        *sc_db = cli_phase_sc(&job->stft, S, nframes, y);
        return 0;
    }
    stftc_phase_config_t pc = stftc_phase_config_default();
    pc.stft = job->stft;
    pc.max_frames = nframes;
    pc.seed = job->seed;
    pc.sc_tolerance_db = job->tol_db;
    switch (job->method) {
    case CLI_PHASE_GLA:
        pc.momentum = 0.0;
        pc.iterations = job->iters;
        pc.init = job->zero_init ? STFTC_PHASE_INIT_ZERO : STFTC_PHASE_INIT_RANDOM;
        break;
    case CLI_PHASE_FGLA:
        pc.momentum = job->momentum;
        pc.iterations = job->iters;
        pc.init = job->zero_init ? STFTC_PHASE_INIT_ZERO : STFTC_PHASE_INIT_RANDOM;
        break;
    case CLI_PHASE_PGHI:
        pc.iterations = 0;
        pc.init = STFTC_PHASE_INIT_PGHI;
        break;
    case CLI_PHASE_RAAR:
    case CLI_PHASE_DM:
    case CLI_PHASE_ADMM:
    case CLI_PHASE_AGLA: {
        static const stftc_phase_method_t pm[] = { STFTC_PHASE_METHOD_RAAR,
                                                   STFTC_PHASE_METHOD_DM,
                                                   STFTC_PHASE_METHOD_ADMM,
                                                   STFTC_PHASE_METHOD_AGLA };
        pc.method = pm[job->method - CLI_PHASE_RAAR];
        pc.iterations = job->iters;
        pc.init = !job->have_init  ? STFTC_PHASE_INIT_PGHI
                  : job->zero_init ? STFTC_PHASE_INIT_ZERO
                                   : STFTC_PHASE_INIT_RANDOM;
        break;
    }
    case CLI_PHASE_LBFGS:
    case CLI_PHASE_PGHI_LBFGS:
    case CLI_PHASE_HYBRID:
        pc.method = job->method == CLI_PHASE_HYBRID ? STFTC_PHASE_METHOD_HYBRID
                                                    : STFTC_PHASE_METHOD_LBFGS;
        pc.momentum = job->momentum;
        pc.iterations = job->iters;
        if (job->memory)
            pc.lbfgs_memory = job->memory;
        if (job->hybrid_fgla != SIZE_MAX)
            pc.hybrid_fgla = job->hybrid_fgla;
        if (job->hybrid_method >= 0)
            pc.hybrid_method = (stftc_phase_method_t)job->hybrid_method;
        pc.init = job->method != CLI_PHASE_LBFGS ? STFTC_PHASE_INIT_PGHI
                  : job->zero_init               ? STFTC_PHASE_INIT_ZERO
                                                 : STFTC_PHASE_INIT_RANDOM;
        break;
    default:
        pc.momentum = job->momentum;
        pc.iterations = job->iters;
        pc.init = STFTC_PHASE_INIT_PGHI;
        break;
    }
    if (job->params &&
        cli_phase_params(&pc, job->params, err->msg, sizeof err->msg) != 0) {
        err->code = STFTC_ERR_INVALID_ARG;
        return err->code;
    }
    stftc_phase_t* ph = stftc_phase_create(&pc, err);
    if (!ph)
        return err->code;
    stftc_phase_result_t res;
    const int rc = stftc_phase_reconstruct(ph, S, nframes, NULL, y, &res);
    stftc_phase_destroy(ph);
    if (rc != STFTC_OK) {
        err->code = rc;
        snprintf(err->msg, sizeof err->msg, "reconstruct: %s", stftc_strerror(rc));
        return rc;
    }
    *sc_db = res.sc_db;
    *iters_done = res.iterations;
    return 0;
}

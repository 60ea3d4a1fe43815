/* gr-stftclean C core: Griffin-Lim and fast Griffin-Lim over a whole
 * spectrogram (the passes, their pipelining and the magnitude projection);
 * the object and the choice of method are in phase_object.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "phase_internal.h"
#include "transform.h"

#include <stdlib.h>
#include <stftclean/vmath.h>
#include <volk/volk.h>

size_t stftc_phase_signal_len(const stftc_phase_t* ph, size_t nframes)
{
    return nframes ? (nframes - 1) * ph->h + ph->l : 0;
}

/* Passes of (F)GLA run together, staggered by a few frames, so that each
 * frame's coefficients are still in cache when the next pass reads them
 * (without a progress callback or an SC tolerance, which need every pass's
 * SC before the next one starts). */
#define GLA_PIPE 8

/* frames that overlap one frame */
static size_t gla_reach(const stftc_phase_t* ph) { return (ph->l + ph->h - 1) / ph->h; }

/* Samples of a sliding signal window of a pipelined pass: the live part
 * (about reach + 1 hops plus a window) four times over, so that it moves
 * rarely. */
static size_t gla_win_len(const stftc_phase_t* ph)
{
    return 4 * ((gla_reach(ph) + 2) * ph->h + ph->l);
}

/* norm[j] = 1 / (N sum_k w[j - kH]^2) over the nf frames (0 where no frame
 * sees sample j): the least-squares synthesis of a finite frame set, which
 * makes synthesis-then-analysis an orthogonal projection (GLA's monotony
 * needs that at the edges too). */
void stftc_phase_make_norm(stftc_phase_t* ph, size_t nf)
{
    const size_t len = stftc_phase_signal_len(ph, nf), l = ph->l, h = ph->h;
    float* nm = ph->norm;
    memset(nm, 0, len * sizeof(float));
    for (size_t k = 0; k < nf; k++)
        for (size_t i = 0; i < l; i++)
            nm[k * h + i] += ph->wsyn[i] * ph->wsyn[i];
    float wmax = 0.0f;
    for (size_t i = 0; i < l; i++)
        wmax = ph->wsyn[i] > wmax ? ph->wsyn[i] : wmax;
    const float tiny = 1e-10f * wmax * wmax;
    const float inv_n = 1.0f / (float)ph->n;
    for (size_t j = 0; j < len; j++)
        nm[j] = nm[j] > tiny ? inv_n / nm[j] : 0.0f;
}

/* Magnitude projection in place: c = S c / |c| (S with phase 0 where
 * |c| < 1e-15). */
STFTC_PHASE_HOT static void
project_inplace(float* restrict c, const float* restrict S, size_t n)
{
#pragma omp simd
    for (size_t m = 0; m < n; m++) {
        const float re = c[2 * m], im = c[2 * m + 1];
        const float m2 = re * re + im * im;
        const int nz = m2 > 1e-30f;
        const float g = S[m] * stftc_rsqrt_fast(nz ? m2 : 1.0f);
        c[2 * m] = nz ? re * g : S[m];
        c[2 * m + 1] = nz ? im * g : 0.0f;
    }
}

/* One analysed frame t' = fout: with want_err, returns sum (|t'| - S)^2
 * (else 0); with update, the momentum step c = t' + a (t' - t), t = t',
 * and c projected onto the magnitudes right away (the next synthesis reads
 * it as it is): c = S c / |c|, S with phase 0 where |c| < 1e-15. */
STFTC_PHASE_HOT static float momentum_step(const float* restrict fout,
                                           const float* restrict S,
                                           float* restrict c,
                                           float* restrict t,
                                           float a,
                                           size_t b,
                                           int update,
                                           int want_err)
{
    float err = 0.0f;
    if (update && want_err) {
#pragma omp simd reduction(+ : err)
        for (size_t m = 0; m < b; m++) {
            const float re = fout[2 * m], im = fout[2 * m + 1];
            const float m2 = re * re + im * im;
            const float mag = m2 > 1e-30f ? m2 * stftc_rsqrt_fast(m2) : 0.0f;
            const float d = mag - S[m];
            err += d * d;
            const float cr = re + a * (re - t[2 * m]);
            const float ci = im + a * (im - t[2 * m + 1]);
            const float c2 = cr * cr + ci * ci;
            const int nz = c2 > 1e-30f;
            const float g = S[m] * stftc_rsqrt_fast(nz ? c2 : 1.0f);
            c[2 * m] = nz ? cr * g : S[m];
            c[2 * m + 1] = nz ? ci * g : 0.0f;
            t[2 * m] = re;
            t[2 * m + 1] = im;
        }
    } else if (update) {
#pragma omp simd
        for (size_t m = 0; m < b; m++) {
            const float re = fout[2 * m], im = fout[2 * m + 1];
            const float cr = re + a * (re - t[2 * m]);
            const float ci = im + a * (im - t[2 * m + 1]);
            const float c2 = cr * cr + ci * ci;
            const int nz = c2 > 1e-30f;
            const float g = S[m] * stftc_rsqrt_fast(nz ? c2 : 1.0f);
            c[2 * m] = nz ? cr * g : S[m];
            c[2 * m + 1] = nz ? ci * g : 0.0f;
            t[2 * m] = re;
            t[2 * m + 1] = im;
        }
    } else {
#pragma omp simd reduction(+ : err)
        for (size_t m = 0; m < b; m++) {
            const float re = fout[2 * m], im = fout[2 * m + 1];
            const float m2 = re * re + im * im;
            const float mag = m2 > 1e-30f ? m2 * stftc_rsqrt_fast(m2) : 0.0f;
            const float d = mag - S[m];
            err += d * d;
        }
    }
    return err;
}

STFTC_PHASE_HOT void stftc_phase_ola_add(float* restrict y,
                                         const float* restrict v,
                                         const float* restrict w,
                                         size_t l,
                                         size_t spf)
{
    if (spf == 2) {
#pragma omp simd
        for (size_t i = 0; i < l; i++) {
            y[2 * i] += v[2 * i] * w[i];
            y[2 * i + 1] += v[2 * i + 1] * w[i];
        }
    } else {
#pragma omp simd
        for (size_t i = 0; i < l; i++)
            y[i] += v[i] * w[i];
    }
}

/* One synthesis + analysis pass over the frames: y = least-squares
 * synthesis of the (magnitude-projected) c, then its frames analysed. The
 * two run interleaved, frame k analysed as soon as the frames that overlap
 * it are synthesised and its samples normalised, so the data of a frame
 * are still in cache when they are read again. A pass writes its signal
 * either to the whole output (base = ph->y, off 0, never moved) or to a
 * sliding window of it (sample j at base[(j - off) * spf]). */
typedef struct {
    float* base;
    size_t cap;                  /* samples base holds */
    size_t off;                  /* signal sample of base[0] */
    size_t synth;                /* frames synthesised */
    size_t normed;               /* samples normalised */
    double err;                  /* sum (|Y| - S)^2 of the frames analysed */
    float a;                     /* momentum of this pass (0 on the first) */
    int update;                  /* momentum step (all passes but the last) */
    int want_err;                /* accumulate err */
    stftc_phase_method_t method; /* GLA or a projection method */
    size_t index;                /* pass number, 0 = the initial phase */
    int final;                   /* the next pass is the last */
} gla_pass_t;

static void pass_init(gla_pass_t* p,
                      float* base,
                      size_t cap,
                      int update,
                      float a,
                      int want,
                      stftc_phase_method_t method,
                      size_t index,
                      size_t iters)
{
    memset(p, 0, sizeof *p);
    p->base = base;
    p->cap = cap;
    p->update = update;
    p->a = a;
    p->want_err = want;
    p->method = method;
    p->index = index;
    p->final = index + 1 == iters;
}

/* GLA's P_A with the known cells: their coefficients put back */
static void impose_known(stftc_phase_t* ph, size_t k)
{
    const size_t b = ph->bins;
    const uint8_t* kn = ph->kn + k * b;
    float* c = ph->c + 2 * k * b;
    const float* kc = ph->kc + 2 * k * b;
    for (size_t m = 0; m < b; m++)
        if (kn[m]) {
            c[2 * m] = kc[2 * m];
            c[2 * m + 1] = kc[2 * m + 1];
        }
}

static float* pass_at(const gla_pass_t* p, size_t spf, size_t j)
{
    return p->base + (j - p->off) * spf;
}

/* Synthesis of frame s into the pass's signal: inverse FFT of c_s (already
 * projected onto S_s), weighted add (normalised later). */
static void synth_frame(stftc_phase_t* ph, gla_pass_t* p, size_t s, size_t k_next)
{
    const size_t b = ph->bins, h = ph->h, l = ph->l, spf = ph->spf;
    const size_t end = s * h + l;
    if (end - p->off > p->cap) {
        /* slide the window: samples before frame k_next's start are no
         * longer read; the live part starts there */
        const size_t live = k_next * h, hi = s ? (s - 1) * h + l : live;
        memmove(p->base,
                p->base + (live - p->off) * spf,
                (hi > live ? hi - live : 0) * spf * sizeof(float));
        p->off = live;
    }
    /* samples from (s - 1) h + l on are first touched by frame s */
    const size_t z0 = s ? (s - 1) * h + l : 0;
    if (z0 < end)
        memset(pass_at(p, spf, z0), 0, (end - z0) * spf * sizeof(float));
    float* c = ph->c + 2 * s * b;
    if (ph->cplx) {
        if (fftwf_alignment_of(c) == fftwf_alignment_of(ph->v.fin)) {
            fftwf_execute_dft(ph->v.plan, (fftwf_complex*)c, (fftwf_complex*)ph->v.fout);
        } else {
            memcpy(ph->v.fin, c, 2 * b * sizeof(float));
            fftwf_execute_dft(
                ph->v.plan, (fftwf_complex*)ph->v.fin, (fftwf_complex*)ph->v.fout);
        }
    } else {
        memcpy(ph->v.fin, c, 2 * b * sizeof(float));
        ph->v.fin[1] = 0.0f;
        if (ph->n % 2 == 0)
            ph->v.fin[2 * (ph->n / 2) + 1] = 0.0f;
        fftwf_execute_dft_c2r(ph->v.plan, (fftwf_complex*)ph->v.fin, ph->v.fout);
    }
    stftc_phase_ola_add(pass_at(p, spf, s * h), ph->v.fout, ph->wsyn, l, spf);
}

/* Frame k of one pass: the frames overlapping it synthesised (and the
 * samples they complete normalised), then its analysis and momentum step. */
static void pass_frame(stftc_phase_t* ph, size_t nf, gla_pass_t* p, size_t k)
{
    const size_t h = ph->h, spf = ph->spf, b = ph->bins;
    const size_t len = stftc_phase_signal_len(ph, nf), reach = gla_reach(ph);
    while (p->synth < nf && p->synth < k + reach) {
        synth_frame(ph, p, p->synth, k);
        p->synth++;
        /* samples before frame synth's start are complete */
        const size_t done = p->synth < nf ? p->synth * h : len;
        float* yp = pass_at(p, spf, p->normed);
        if (spf == 2)
            stftc_vec_cmul_real(yp, yp, ph->norm + p->normed, done - p->normed);
        else
            stftc_vec_mul(yp, yp, ph->norm + p->normed, done - p->normed);
        p->normed = done;
    }
    stftc_fwd_frame(&ph->f, pass_at(p, spf, k * h));
    if (p->method != STFTC_PHASE_METHOD_GLA) {
        p->err += stftc_phase_proj_step(
            ph, p->method, k, ph->f.fout, p->index, p->update, p->final, p->want_err);
        return;
    }
    p->err += momentum_step(ph->f.fout,
                            ph->S + k * b,
                            ph->c + 2 * k * b,
                            ph->t + 2 * k * b,
                            p->a,
                            b,
                            p->update,
                            p->want_err);
    if (p->update && ph->nknown)
        impose_known(ph, k);
}

double stftc_phase_sc_db(double err, double energy)
{
    if (!(energy > 0.0))
        return err > 0.0 ? INFINITY : -INFINITY;
    return err > 0.0 ? 10.0 * log10(err / energy) : -INFINITY;
}

/* Passes first .. first + np - 1 of iters + 1 (pass i's momentum step is
 * skipped on the last one and plain GLA on the first), pass i + 1 kept
 * reach frames behind pass i: it synthesises frame s after pass i has
 * updated c_s. The last pass of all writes the whole output ph->y, the
 * others sliding windows. err[i - first] gets each pass's error sum. */
static void pipe_group(stftc_phase_t* ph,
                       stftc_phase_method_t method,
                       size_t nf,
                       size_t first,
                       size_t np,
                       size_t iters,
                       double* err)
{
    gla_pass_t ps[GLA_PIPE];
    memset(ps, 0, sizeof ps);
    const size_t wl = gla_win_len(ph), lag = gla_reach(ph);
    for (size_t j = 0; j < np; j++) {
        const size_t i = first + j;
        const int last = i == iters;
        float* base = last ? ph->y : ph->ywin + j * wl * ph->spf;
        pass_init(&ps[j],
                  base,
                  last ? stftc_phase_signal_len(ph, nf) : wl,
                  !last,
                  i == 0 ? 0.0f : (float)ph->cfg.momentum,
                  i == 0 || last,
                  method,
                  i,
                  iters);
    }
    for (size_t step = 0; step < nf + (np - 1) * lag; step++)
        for (size_t j = 0; j < np; j++)
            if (step >= j * lag && step - j * lag < nf)
                pass_frame(ph, nf, &ps[j], step - j * lag);
    for (size_t j = 0; j < np; j++)
        err[j] = ps[j].err;
}

void stftc_phase_gla_run(stftc_phase_t* ph,
                         stftc_phase_method_t method,
                         size_t nf,
                         size_t iters,
                         double energy,
                         size_t* it_out,
                         double* sc_out,
                         double* sc0_out)
{
    size_t it = 0;
    double sc = 0.0, sc0 = 0.0;
    if (!ph->cfg.progress && ph->cfg.sc_tolerance_db == -INFINITY) {
        /* every pass runs: pipelined groups */
        double err[GLA_PIPE];
        for (size_t first = 0; first <= iters; first += GLA_PIPE) {
            const size_t np = iters + 1 - first < GLA_PIPE ? iters + 1 - first : GLA_PIPE;
            pipe_group(ph, method, nf, first, np, iters, err);
            if (first == 0)
                sc0 = stftc_phase_sc_db(err[0], energy);
            if (first + np == iters + 1)
                sc = stftc_phase_sc_db(err[np - 1], energy);
        }
        it = iters;
    } else {
        for (;;) {
            const int more = it < iters;
            /* momentum needs the previous consistent frames; the first
             * pass has none, so its step is plain GLA (and it fills t) */
            gla_pass_t p;
            pass_init(&p,
                      ph->y,
                      stftc_phase_signal_len(ph, nf),
                      more,
                      it == 0 ? 0.0f : (float)ph->cfg.momentum,
                      1,
                      method,
                      it,
                      iters);
            for (size_t k = 0; k < nf; k++)
                pass_frame(ph, nf, &p, k);
            sc = stftc_phase_sc_db(p.err, energy);
            if (it == 0)
                sc0 = sc;
            int stop = !more || sc <= ph->cfg.sc_tolerance_db;
            if (ph->cfg.progress && (it > 0 || ph->it_base == 0) &&
                ph->cfg.progress(ph->cfg.progress_user, ph->it_base + it, sc))
                stop = 1;
            if (stop)
                break;
            it++;
        }
    }
    *it_out = it;
    *sc_out = sc;
    *sc0_out = sc0;
}

/* Floats of the sliding windows of the pipelined passes (ph->ywin). */
size_t stftc_phase_gla_window_floats(const stftc_phase_t* ph)
{
    return GLA_PIPE * gla_win_len(ph) * ph->spf;
}

/* The start of every offline method: the coefficients projected on the
 * magnitudes, and the synthesis norm of the nf frames. */
void stftc_phase_start(stftc_phase_t* ph, size_t nf)
{
    project_inplace(ph->c, ph->S, nf * ph->bins);
    stftc_phase_make_norm(ph, nf);
}

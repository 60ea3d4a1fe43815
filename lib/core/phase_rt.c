/* gr-stftclean C core: real-time PGHI, one magnitude frame in, one phased
 * frame (or one hop of signal) out; causal or with one frame of look-ahead.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frame n is integrated against frame n - 1, whose phases are final: the
 * heap holds frame n - 1's coefficients, a coefficient popped from frame
 * n - 1 passes its phase forward in time, one popped from frame n passes it
 * to its frequency neighbours. The frequency-direction gradient needs the
 * time slope of log|X| at frame n: centred over n - 1 .. n + 1 with the
 * look-ahead, backward over n - 1 .. n without. */
#include "phase_internal.h"
#include "transform.h"

#include <stdlib.h>
#include <stftclean/vmath.h>

stftc_rtpghi_config_t stftc_rtpghi_config_default(void)
{
    stftc_rtpghi_config_t c;
    memset(&c, 0, sizeof c);
    c.stft = stftc_stft_config_default();
    c.lookahead = 1;
    c.tol = 1e-5;
    return c;
}

struct stftc_rtpghi {
    stftc_rtpghi_config_t cfg;
    stftc_inv_t v; /* synthesis; its fin holds the phased frame */
    stftc_pghi_geom_t pg;
    size_t b, la;
    float log_tol;
    /* two-frame strips [frame n - 1 | frame n] for the integration */
    float *s2, *ph2, *tg2, *fg2;
    uint8_t* st2;
    float* snew; /* log magnitudes of the newest frame (look-ahead) */
    float* sold; /* log magnitudes of frame n - 2 (causal) */
    float* magn; /* magnitudes of frame n (natural order) */
    float* magi; /* input frame, natural order, sanitised */
    stftc_bq_t q, seeds;
    size_t received; /* frames fed since reset */
    size_t done;     /* frames phased since reset */
    uint64_t rng;
};

void stftc_rtpghi_destroy(stftc_rtpghi_t* rt)
{
    if (!rt)
        return;
    stftc_inv_free(&rt->v);
    stftc_pghi_geom_free(&rt->pg);
    stftc_free(rt->s2);
    stftc_free(rt->ph2);
    stftc_free(rt->tg2);
    stftc_free(rt->fg2);
    stftc_free(rt->st2);
    stftc_free(rt->snew);
    stftc_free(rt->sold);
    stftc_free(rt->magn);
    stftc_free(rt->magi);
    stftc_bq_free(&rt->q);
    stftc_bq_free(&rt->seeds);
    free(rt);
}

static stftc_rtpghi_t* rtpghi_create_body(const stftc_rtpghi_config_t* cfg,
                                          stftc_error_t* err)
{
    if (!cfg) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "config: NULL configuration");
        return NULL;
    }
    if (cfg->lookahead != 0 && cfg->lookahead != 1) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "lookahead: must be 0 (causal) or 1 (one frame), got %d",
                   cfg->lookahead);
        return NULL;
    }
    if (!(cfg->tol > 0.0 && cfg->tol < 1.0)) {
        stftc_fail(
            err, STFTC_ERR_INVALID_ARG, "tol: must be in (0, 1), got %g", cfg->tol);
        return NULL;
    }
    stftc_rtpghi_t* rt = calloc(1, sizeof *rt);
    if (!rt) {
        stftc_fail(err, STFTC_ERR_NOMEM, "rtpghi: cannot allocate the object");
        return NULL;
    }
    rt->cfg = *cfg;
    if (stftc_inv_init(&rt->v, &cfg->stft, err) != STFTC_OK) {
        stftc_rtpghi_destroy(rt);
        return NULL;
    }
    rt->cfg.stft = rt->v.g.cfg;
    rt->b = rt->v.g.bins;
    rt->la = (size_t)cfg->lookahead;
    rt->log_tol = (float)log(cfg->tol);
    const size_t b = rt->b;
    rt->s2 = stftc_alloc(2 * b * sizeof(float));
    rt->ph2 = stftc_alloc(2 * b * sizeof(float));
    rt->tg2 = stftc_alloc(2 * b * sizeof(float));
    rt->fg2 = stftc_alloc(2 * b * sizeof(float));
    rt->st2 = stftc_alloc(2 * b);
    rt->snew = stftc_alloc(b * sizeof(float));
    rt->sold = stftc_alloc(b * sizeof(float));
    rt->magn = stftc_alloc(b * sizeof(float));
    rt->magi = stftc_alloc(b * sizeof(float));
    if (!rt->s2 || !rt->ph2 || !rt->tg2 || !rt->fg2 || !rt->st2 || !rt->snew ||
        !rt->sold || !rt->magn || !rt->magi || stftc_bq_init(&rt->q, 2 * b) != STFTC_OK ||
        stftc_bq_init(&rt->seeds, 2 * b) != STFTC_OK ||
        stftc_pghi_geom_init(&rt->pg,
                             &rt->cfg.stft,
                             rt->v.g.n,
                             rt->v.g.l,
                             rt->v.g.h,
                             b,
                             rt->v.g.is_cplx) != STFTC_OK) {
        stftc_rtpghi_destroy(rt);
        stftc_fail(err, STFTC_ERR_NOMEM, "fft_size: cannot allocate buffers for %zu", b);
        return NULL;
    }
    /* a window without time spread (e.g. a Kaiser of extreme beta over two
     * samples) has lambda 0: infinite gradient scales, NaN phases */
    if (!(rt->pg.lambda > 0.0f && isfinite(rt->pg.tscale) && isfinite(rt->pg.fscale))) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "window: no time spread for phase-gradient reconstruction (lambda "
                   "%g samples^2 for %zu samples)",
                   (double)rt->pg.lambda,
                   rt->v.g.l);
        stftc_rtpghi_destroy(rt);
        return NULL;
    }
    stftc_rtpghi_reset(rt);
    stftc_ok(err);
    return rt;
}

void stftc_rtpghi_reset(stftc_rtpghi_t* rt)
{
    const size_t b = rt->b;
    stftc_inv_reset(&rt->v);
    for (size_t i = 0; i < 2 * b; i++) {
        rt->s2[i] = STFTC_LOG_FLOOR;
        rt->ph2[i] = 0.0f;
        rt->tg2[i] = 0.0f;
        rt->fg2[i] = 0.0f;
    }
    rt->received = 0;
    rt->done = 0;
    rt->rng = 0x5eedull;
}

const stftc_rtpghi_config_t* stftc_rtpghi_config(const stftc_rtpghi_t* rt)
{
    return &rt->cfg;
}
size_t stftc_rtpghi_bins(const stftc_rtpghi_t* rt) { return rt->b; }
size_t stftc_rtpghi_latency(const stftc_rtpghi_t* rt)
{
    return rt->v.g.l - rt->v.g.h + rt->la * rt->v.g.h;
}

/* Largest value of v[0..n) */
STFTC_PHASE_HOT static float vmax(const float* v, size_t n)
{
    float mx = -INFINITY;
#pragma omp simd reduction(max : mx)
    for (size_t i = 0; i < n; i++)
        mx = v[i] > mx ? v[i] : mx;
    return mx;
}

/* Integrate frame n (log magnitudes in s2 + b, magnitudes in magn) against
 * frame n - 1; after points at the frame after n for the gradient (s2 + b
 * itself when causal). Leaves the phased frame in v.fin (natural order) and
 * moves frame n into the n - 1 slot. */
static void phase_frame(stftc_rtpghi_t* rt, const float* after, float dk)
{
    const size_t b = rt->b;
    float* scur = rt->s2 + b;
    const float* before = rt->done ? rt->s2 : scur;
    if (!rt->done)
        dk = after == scur ? 1.0f : dk * 0.5f; /* one-sided at the start */
    stftc_pghi_tgrad(&rt->pg, scur, rt->tg2 + b);
    if (after == scur && rt->done >= 2)
        stftc_pghi_fgrad_back3(&rt->pg, rt->sold, rt->s2, scur, rt->fg2 + b);
    else
        stftc_pghi_fgrad(&rt->pg, before, after, dk, rt->fg2 + b);
    const float mprev = vmax(rt->s2, b), mcur = vmax(scur, b);
    const float smax = mprev > mcur ? mprev : mcur;
    const size_t nf = 2;
    const float thr = smax + rt->log_tol;
    memset(rt->st2, 1, b);
    float* phc = rt->ph2 + b;
    for (size_t m = b; m < nf * b; m++) {
        if (rt->s2[m] > thr) {
            rt->st2[m] = 0;
        } else {
            rt->st2[m] = 1;
            rt->ph2[m] = stftc_rng_phase(&rt->rng);
        }
    }
    stftc_pghi_integrate(&rt->pg,
                         nf,
                         rt->s2,
                         rt->tg2,
                         rt->fg2,
                         rt->ph2,
                         rt->st2,
                         thr,
                         smax,
                         &rt->q,
                         &rt->seeds);
    stftc_polar(rt->magn, phc, rt->v.fin, b);
    memcpy(rt->sold, rt->s2, b * sizeof(float));
    memcpy(rt->s2, scur, b * sizeof(float));
    memcpy(rt->ph2, phc, b * sizeof(float));
    memcpy(rt->tg2, rt->tg2 + b, b * sizeof(float));
    rt->done++;
}

/* One input frame: leaves the output frame (natural order) in v.fin. */
/* Input frame into natural order with negative, NaN and infinite
 * magnitudes taken as 0. */
STFTC_PHASE_HOT static void
load_frame(float* restrict dst, const float* restrict src, size_t b)
{
#pragma omp simd
    for (size_t m = 0; m < b; m++) {
        const float v = src[m];
        dst[m] = (v >= 0.0f && v <= 3.0e38f) ? v : 0.0f;
    }
}

static void step(stftc_rtpghi_t* rt, const float* mag)
{
    const size_t b = rt->b;
    if (rt->v.g.centered) {
        /* the first half of fg2 is never read: scratch (magn may hold the
         * pending frame of the look-ahead) */
        stftc_real_from_centered(rt->fg2, mag, b);
        load_frame(rt->magi, rt->fg2, b);
    } else {
        load_frame(rt->magi, mag, b);
    }
    const float* m = rt->magi;
    if (rt->la == 0) {
        memcpy(rt->magn, m, b * sizeof(float));
        stftc_pghi_logmag(rt->magn, rt->s2 + b, b);
        phase_frame(rt, rt->s2 + b, 1.0f);
    } else {
        stftc_pghi_logmag(m, rt->snew, b);
        if (rt->received == 0) {
            memset(rt->v.fin, 0, 2 * b * sizeof(float));
        } else {
            phase_frame(rt, rt->snew, 2.0f);
        }
        memcpy(rt->s2 + b, rt->snew, b * sizeof(float));
        memcpy(rt->magn, m, b * sizeof(float));
    }
    rt->received++;
}

void stftc_rtpghi_set_prev_phase(stftc_rtpghi_t* rt, const float* coefs)
{
    /* only meaningful once a frame has been phased (the causal object) */
    if (!rt->done)
        return;
    /* a non-finite coefficient (an overflowed iteration upstream) must not
     * seed every later phase with NaN */
    for (size_t m = 0; m < rt->b; m++) {
        const float p = atan2f(coefs[2 * m + 1], coefs[2 * m]);
        rt->ph2[m] = isfinite(p) ? p : 0.0f;
    }
}

static int
bad_args(const stftc_rtpghi_t* rt, const float* mag, size_t nf, const float* out)
{
    return !rt || (nf && (!mag || !out));
}

int stftc_rtpghi_process_frames(stftc_rtpghi_t* rt,
                                const float* mag,
                                size_t nframes,
                                float* coefs)
{
    if (bad_args(rt, mag, nframes, coefs))
        return STFTC_ERR_INVALID_ARG;
    const size_t b = rt->b;
    for (size_t k = 0; k < nframes; k++) {
        step(rt, mag + k * b);
        float* dst = coefs + 2 * k * b;
        if (rt->v.g.centered)
            stftc_bins_to_centered(dst, rt->v.fin, rt->v.g.n);
        else
            memcpy(dst, rt->v.fin, 2 * b * sizeof(float));
    }
    return STFTC_OK;
}

int stftc_rtpghi_process(stftc_rtpghi_t* rt, const float* mag, size_t nframes, float* out)
{
    if (bad_args(rt, mag, nframes, out))
        return STFTC_ERR_INVALID_ARG;
    const size_t b = rt->b, step_out = rt->v.g.h * rt->v.spf;
    for (size_t k = 0; k < nframes; k++) {
        step(rt, mag + k * b);
        stftc_inv_frame(&rt->v, rt->v.fin, out + k * step_out);
    }
    return STFTC_OK;
}

/* the body above, within the memory budget (stftc_set_memory_budget) */
stftc_rtpghi_t* stftc_rtpghi_create(const stftc_rtpghi_config_t* cfg, stftc_error_t* err)
{
    stftc_budget_begin();
    return stftc_budget_end(rtpghi_create_body(cfg, err), err);
}

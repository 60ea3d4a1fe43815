/* gr-stftclean C core: RTISI-LA, real-time iterative spectrogram inversion
 * with look-ahead, started from real-time PGHI phases.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A ring holds the frames that can still change (the look-ahead window,
 * newest frame included) and the committed frames that overlap them. For
 * each new frame: its phase comes from causal RTPGHI; then, `iterations`
 * times, every frame of the look-ahead window, oldest first, is replaced by
 * the magnitude-projected analysis of the least-squares overlap-add of the
 * frames around it (those present so far); the oldest look-ahead frame is
 * then committed and goes through the streaming ISTFT. */
#include "phase_internal.h"
#include "transform.h"

#include <stdlib.h>
#include <stftclean/vmath.h>
#include <volk/volk.h>

stftc_rtisila_config_t stftc_rtisila_config_default(void)
{
    stftc_rtisila_config_t c;
    memset(&c, 0, sizeof c);
    c.stft = stftc_stft_config_default();
    c.lookahead = 3;
    c.iterations = 8;
    c.tol = 1e-5;
    c.momentum = 0.75;
    return c;
}

struct stftc_rtisila {
    stftc_rtisila_config_t cfg;
    stftc_rtpghi_t* init; /* causal RTPGHI: initial phase of new frames */
    stftc_fwd_t f;        /* analysis of one frame */
    stftc_inv_t v;        /* inverse FFT (raw) and the output ISTFT */
    size_t n, l, h, b, spf, la, reach, ring;
    int centered;
    float* coef;       /* ring x 2b, natural order */
    float* mag;        /* ring x b */
    float* tw;         /* ring x l samples: w * ifft(c) / N */
    float* seg;        /* l samples */
    float* wacc;       /* l: sum of w^2 over the frames in seg */
    float* wsq;        /* l: w^2 */
    float* win;        /* l: w */
    float* tmp;        /* 2b, aligned like the inverse FFT input */
    float* magi;       /* b: input frame, natural order, sanitised */
    float* gain;       /* b */
    float* prev;       /* ring x 2b: the last analysis of each frame (momentum) */
    uint8_t* has_prev; /* ring: prev holds an analysis of the slot's frame */
    size_t count;
};

void stftc_rtisila_destroy(stftc_rtisila_t* rs)
{
    if (!rs)
        return;
    stftc_rtpghi_destroy(rs->init);
    stftc_fwd_free(&rs->f);
    stftc_inv_free(&rs->v);
    stftc_free(rs->coef);
    stftc_free(rs->mag);
    stftc_free(rs->tw);
    stftc_free(rs->seg);
    stftc_free(rs->wacc);
    stftc_free(rs->wsq);
    stftc_free(rs->win);
    stftc_free(rs->tmp);
    stftc_free(rs->magi);
    stftc_free(rs->gain);
    stftc_free(rs->prev);
    stftc_free(rs->has_prev);
    free(rs);
}

static stftc_rtisila_t* rtisila_create_body(const stftc_rtisila_config_t* cfg,
                                            stftc_error_t* err)
{
    if (!cfg) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "config: NULL configuration");
        return NULL;
    }
    if (cfg->lookahead > 16) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "lookahead: must be in [0, 16] frames, got %zu",
                   cfg->lookahead);
        return NULL;
    }
    if (cfg->iterations < 1 || cfg->iterations > 100) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "iterations: must be in [1, 100], got %zu",
                   cfg->iterations);
        return NULL;
    }
    if (!(cfg->momentum >= 0.0 && cfg->momentum <= 1.5)) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "momentum: must be in [0, 1.5], got %g",
                   cfg->momentum);
        return NULL;
    }
    stftc_rtisila_t* rs = calloc(1, sizeof *rs);
    if (!rs) {
        stftc_fail(err, STFTC_ERR_NOMEM, "rtisila: cannot allocate the object");
        return NULL;
    }
    rs->cfg = *cfg;
    stftc_stft_config_t nat = cfg->stft;
    nat.centered = 0; /* frames are kept in natural order inside */
    stftc_rtpghi_config_t rc = stftc_rtpghi_config_default();
    rc.stft = nat;
    rc.lookahead = 0;
    rc.tol = cfg->tol;
    if (stftc_stft_config_check(&cfg->stft, err) != STFTC_OK ||
        !(rs->init = stftc_rtpghi_create(&rc, err)) ||
        stftc_fwd_init(&rs->f, &nat, err) != STFTC_OK ||
        stftc_inv_init(&rs->v, &nat, err) != STFTC_OK) {
        stftc_rtisila_destroy(rs);
        return NULL;
    }
    rs->cfg.stft = rs->v.g.cfg;
    rs->cfg.stft.centered = cfg->stft.centered;
    rs->centered = cfg->stft.centered;
    rs->n = rs->v.g.n;
    rs->l = rs->v.g.l;
    rs->h = rs->v.g.h;
    rs->b = rs->v.g.bins;
    rs->spf = rs->v.g.is_cplx ? 2 : 1;
    rs->la = cfg->lookahead;
    rs->reach = (rs->l + rs->h - 1) / rs->h;
    rs->ring = rs->la + rs->reach;
    const size_t b = rs->b, l = rs->l, spf = rs->spf;
    rs->coef = stftc_alloc(rs->ring * 2 * b * sizeof(float));
    rs->mag = stftc_alloc(rs->ring * b * sizeof(float));
    rs->tw = stftc_alloc(rs->ring * l * spf * sizeof(float));
    rs->seg = stftc_alloc(l * spf * sizeof(float));
    rs->wacc = stftc_alloc(l * sizeof(float));
    rs->wsq = stftc_alloc(l * sizeof(float));
    rs->win = stftc_alloc(l * sizeof(float));
    rs->tmp = stftc_alloc(2 * b * sizeof(float));
    rs->magi = stftc_alloc(b * sizeof(float));
    rs->gain = stftc_alloc(b * sizeof(float));
    rs->prev = stftc_alloc(rs->ring * 2 * b * sizeof(float));
    rs->has_prev = stftc_alloc(rs->ring);
    if (!rs->prev || !rs->has_prev || !rs->coef || !rs->mag || !rs->tw || !rs->seg ||
        !rs->wacc || !rs->wsq || !rs->win || !rs->tmp || !rs->magi || !rs->gain) {
        stftc_rtisila_destroy(rs);
        stftc_fail(err, STFTC_ERR_NOMEM, "lookahead: cannot allocate the frame ring");
        return NULL;
    }
    memcpy(rs->win, rs->f.win, l * sizeof(float));
    for (size_t i = 0; i < l; i++)
        rs->wsq[i] = rs->win[i] * rs->win[i];
    stftc_rtisila_reset(rs);
    stftc_ok(err);
    return rs;
}

void stftc_rtisila_reset(stftc_rtisila_t* rs)
{
    stftc_rtpghi_reset(rs->init);
    stftc_inv_reset(&rs->v);
    memset(rs->coef, 0, rs->ring * 2 * rs->b * sizeof(float));
    memset(rs->mag, 0, rs->ring * rs->b * sizeof(float));
    memset(rs->tw, 0, rs->ring * rs->l * rs->spf * sizeof(float));
    memset(rs->prev, 0, rs->ring * 2 * rs->b * sizeof(float));
    memset(rs->has_prev, 0, rs->ring);
    rs->count = 0;
}

const stftc_rtisila_config_t* stftc_rtisila_config(const stftc_rtisila_t* rs)
{
    return &rs->cfg;
}
size_t stftc_rtisila_bins(const stftc_rtisila_t* rs) { return rs->b; }
size_t stftc_rtisila_latency(const stftc_rtisila_t* rs)
{
    return rs->l - rs->h + rs->la * rs->h;
}

/* tw of ring slot s from its coefficients: w * ifft(c) / N */
static void refresh_tw(stftc_rtisila_t* rs, size_t s)
{
    const size_t b = rs->b, l = rs->l;
    memcpy(rs->tmp, rs->coef + s * 2 * b, 2 * b * sizeof(float));
    float* tw = rs->tw + s * l * rs->spf;
    const float inv_n = 1.0f / (float)rs->n;
    if (rs->spf == 2) {
        fftwf_execute_dft(
            rs->v.plan, (fftwf_complex*)rs->tmp, (fftwf_complex*)rs->v.fout);
        for (size_t i = 0; i < l; i++) {
            const float g = rs->win[i] * inv_n;
            tw[2 * i] = rs->v.fout[2 * i] * g;
            tw[2 * i + 1] = rs->v.fout[2 * i + 1] * g;
        }
    } else {
        rs->tmp[1] = 0.0f;
        if (rs->n % 2 == 0)
            rs->tmp[2 * (rs->n / 2) + 1] = 0.0f;
        fftwf_execute_dft_c2r(rs->v.plan, (fftwf_complex*)rs->tmp, rs->v.fout);
        for (size_t i = 0; i < l; i++)
            tw[i] = rs->v.fout[i] * rs->win[i] * inv_n;
    }
}

/* Online fast Griffin-Lim (the momentum of the offline FGLA, per frame
 * across its updates in the look-ahead window, as in Peer, Welker and
 * Gerkmann's online framework, 2023): the analysis t of the frame becomes
 * t + a (t - t_prev), t_prev its analysis at the previous update; the
 * first update of a frame is plain GLA. */
static void momentum_extrapolate(stftc_rtisila_t* rs, size_t slot)
{
    const size_t n2 = 2 * rs->b;
    float* t = rs->f.fout;
    float* p = rs->prev + slot * n2;
    const float a = (float)rs->cfg.momentum;
    if (rs->has_prev[slot]) {
        for (size_t m = 0; m < n2; m++) {
            const float v = t[m];
            t[m] = v + a * (v - p[m]);
            p[m] = v;
        }
    } else {
        memcpy(p, t, n2 * sizeof(float));
        rs->has_prev[slot] = 1;
    }
}

/* One Griffin-Lim update of frame fr (absolute index) given frames
 * lo..hi present. */
static void update_frame(stftc_rtisila_t* rs, size_t fr, size_t lo, size_t hi)
{
    const size_t b = rs->b, l = rs->l, h = rs->h, spf = rs->spf;
    float* seg = rs->seg;
    float* wacc = rs->wacc;
    memset(seg, 0, l * spf * sizeof(float));
    memset(wacc, 0, l * sizeof(float));
    /* least-squares overlap-add over the present frames that overlap fr */
    const size_t g0 = fr + 1 >= rs->reach ? fr + 1 - rs->reach : 0;
    const size_t glo = g0 > lo ? g0 : lo;
    const size_t ghi = fr + rs->reach - 1 < hi ? fr + rs->reach - 1 : hi;
    for (size_t g = glo; g <= ghi; g++) {
        /* frame g starts at sample (g - fr) h of frame fr */
        const float* tw = rs->tw + (g % rs->ring) * l * spf;
        size_t i0, j0, cnt; /* seg index, tw index, count */
        if (g >= fr) {
            i0 = (g - fr) * h;
            j0 = 0;
            cnt = l - i0;
        } else {
            i0 = 0;
            j0 = (fr - g) * h;
            cnt = l - j0;
        }
        stftc_vec_add(seg + i0 * spf, seg + i0 * spf, tw + j0 * spf, cnt * spf);
        stftc_vec_add(wacc + i0, wacc + i0, rs->wsq + j0, cnt);
    }
    for (size_t i = 0; i < l; i++)
        wacc[i] = wacc[i] > 1e-12f ? 1.0f / wacc[i] : 0.0f;
    if (spf == 2)
        stftc_vec_cmul_real(seg, seg, wacc, l);
    else
        stftc_vec_mul(seg, seg, wacc, l);
    stftc_fwd_frame(&rs->f, seg);
    const size_t slot = fr % rs->ring;
    const float* S = rs->mag + slot * b;
    float* c = rs->coef + slot * 2 * b;
    if (rs->cfg.momentum > 0.0)
        momentum_extrapolate(rs, slot);
    volk_32fc_magnitude_32f(rs->gain, (const lv_32fc_t*)rs->f.fout, (unsigned)b);
    for (size_t m = 0; m < b; m++) {
        const float a = rs->gain[m];
        if (a > 1e-30f) {
            const float g = S[m] / a;
            c[2 * m] = rs->f.fout[2 * m] * g;
            c[2 * m + 1] = rs->f.fout[2 * m + 1] * g;
        } else {
            c[2 * m] = S[m];
            c[2 * m + 1] = 0.0f;
        }
    }
    refresh_tw(rs, slot);
}

static void step(stftc_rtisila_t* rs, const float* mag, float* out)
{
    const size_t b = rs->b, j = rs->count, slot = j % rs->ring;
    const float* m = mag;
    if (rs->centered) {
        stftc_real_from_centered(rs->gain, mag, b);
        m = rs->gain;
    }
    for (size_t i = 0; i < b; i++) {
        const float v = m[i];
        rs->magi[i] = (v >= 0.0f && v <= 3.0e38f) ? v : 0.0f;
    }
    memcpy(rs->mag + slot * b, rs->magi, b * sizeof(float));
    rs->has_prev[slot] = 0;
    /* initial phase of the new frame: causal RTPGHI, continued from the
     * refined previous frame */
    if (j > 0)
        stftc_rtpghi_set_prev_phase(rs->init, rs->coef + ((j - 1) % rs->ring) * 2 * b);
    stftc_rtpghi_process_frames(rs->init, rs->magi, 1, rs->coef + slot * 2 * b);
    refresh_tw(rs, slot);
    const size_t first = j >= rs->la ? j - rs->la : 0;
    const size_t lo = j + 1 >= rs->ring ? j + 1 - rs->ring : 0;
    for (size_t it = 0; it < rs->cfg.iterations; it++)
        for (size_t fr = first; fr <= j; fr++)
            update_frame(rs, fr, lo, j);
    /* commit frame j - lookahead */
    if (j >= rs->la)
        memcpy(
            rs->tmp, rs->coef + ((j - rs->la) % rs->ring) * 2 * b, 2 * b * sizeof(float));
    else
        memset(rs->tmp, 0, 2 * b * sizeof(float));
    stftc_inv_frame(&rs->v, rs->tmp, out);
    rs->count++;
}

int stftc_rtisila_process(stftc_rtisila_t* rs,
                          const float* mag,
                          size_t nframes,
                          float* out)
{
    if (!rs || (nframes && (!mag || !out)))
        return STFTC_ERR_INVALID_ARG;
    const size_t step_out = rs->h * rs->spf;
    for (size_t k = 0; k < nframes; k++)
        step(rs, mag + k * rs->b, out + k * step_out);
    return STFTC_OK;
}

/* the body above, within the memory budget (stftc_set_memory_budget) */
stftc_rtisila_t* stftc_rtisila_create(const stftc_rtisila_config_t* cfg,
                                      stftc_error_t* err)
{
    stftc_budget_begin();
    return stftc_budget_end(rtisila_create_body(cfg, err), err);
}

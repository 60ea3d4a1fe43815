/* gr-stftclean C core: framing geometry and streaming STFT analysis.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"
#include "transform.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <stftclean/vmath.h>
#include <string.h>

stftc_stft_config_t stftc_stft_config_default(void)
{
    stftc_stft_config_t c;
    memset(&c, 0, sizeof c);
    c.fft_size = 1024;
    c.hop = 256;
    c.window_len = 0;
    c.window.type = STFTC_WIN_HANN;
    c.window.param = 0.0;
    c.sample_type = STFTC_COMPLEX;
    c.centered = 0;
    c.plan = STFTC_PLAN_ESTIMATE;
    return c;
}

size_t stftc_stft_config_bins(const stftc_stft_config_t* cfg)
{
    return cfg->sample_type == STFTC_REAL ? cfg->fft_size / 2 + 1 : cfg->fft_size;
}

int stftc_geom_init(const stftc_stft_config_t* cfg,
                    stftc_frame_geom_t* g,
                    float* win,
                    float* dual,
                    stftc_error_t* err)
{
    if (!cfg)
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "config: NULL configuration");
    if (cfg->fft_size < 2 || cfg->fft_size > STFTC_MAX_FFT_SIZE)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "fft_size: must be in [2, %zu], got %zu",
                          (size_t)STFTC_MAX_FFT_SIZE,
                          cfg->fft_size);
    const size_t l = cfg->window_len ? cfg->window_len : cfg->fft_size;
    if (l < 2 || l > cfg->fft_size)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "window_len: must be 0 (= fft_size) or in [2, %zu] (fft_size), "
                          "got %zu",
                          cfg->fft_size,
                          cfg->window_len);
    if (cfg->hop < 1 || cfg->hop > l)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "hop: must be in [1, %zu] (the window length), got %zu",
                          l,
                          cfg->hop);
    if (cfg->sample_type != STFTC_COMPLEX && cfg->sample_type != STFTC_REAL)
        return stftc_fail(
            err,
            STFTC_ERR_INVALID_ARG,
            "sample_type: must be STFTC_COMPLEX (0) or STFTC_REAL (1), got %d",
            (int)cfg->sample_type);
    if (cfg->centered != 0 && cfg->centered != 1)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "centered: must be 0 or 1, got %d",
                          cfg->centered);
    if (cfg->centered && cfg->sample_type == STFTC_REAL)
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "centered: DC-centred bin order applies to complex input only");
    if (cfg->plan != STFTC_PLAN_ESTIMATE && cfg->plan != STFTC_PLAN_MEASURE)
        return stftc_fail(
            err,
            STFTC_ERR_INVALID_ARG,
            "plan: must be STFTC_PLAN_ESTIMATE (0) or STFTC_PLAN_MEASURE (1), "
            "got %d",
            (int)cfg->plan);

    /* at least: these two, the float window and its dual, an FFT's input
     * and output: refused before the slow work when over the budget */
    const size_t n = cfg->fft_size;
    if (stftc_budget_expect(l * (2 * sizeof(double) + 2 * sizeof(float)) +
                            n * 4 * sizeof(float)) != 0)
        return stftc_fail(err, STFTC_ERR_NOMEM, "fft_size: over the memory budget");
    double* w = malloc(l * sizeof *w);
    double* d = malloc(l * sizeof *d);
    if (!w || !d) {
        free(w);
        free(d);
        return stftc_fail(
            err, STFTC_ERR_NOMEM, "window_len: cannot allocate %zu samples", l);
    }
    char name[48];
    stftc_window_format(&cfg->window, name, sizeof name);
    int rc = stftc_window_fill(&cfg->window, l, w);
    if (rc != STFTC_OK) {
        free(w);
        free(d);
        return stftc_fail(err,
                          STFTC_ERR_INVALID_ARG,
                          "window: bad window type %d or parameter %g",
                          (int)cfg->window.type,
                          cfg->window.param);
    }
    rc = stftc_window_dual(w, l, cfg->hop, name, d, err);
    if (rc == STFTC_OK) {
        for (size_t i = 0; i < l; i++) {
            if (win)
                win[i] = (float)w[i];
            if (dual)
                dual[i] = (float)d[i];
        }
        if (g) {
            g->cfg = *cfg;
            g->cfg.window_len = l;
            g->n = cfg->fft_size;
            g->l = l;
            g->h = cfg->hop;
            g->is_cplx = cfg->sample_type == STFTC_COMPLEX;
            g->bins = g->is_cplx ? g->n : g->n / 2 + 1;
            g->centered = cfg->centered;
        }
        stftc_ok(err);
    }
    free(w);
    free(d);
    return rc;
}

int stftc_stft_config_check(const stftc_stft_config_t* cfg, stftc_error_t* err)
{
    return stftc_geom_init(cfg, NULL, NULL, NULL, err);
}

/* numpy.fft.fftshift: centred[j] = natural[(j - n/2) mod n] */
void stftc_bins_to_centered(float* dst, const float* src, size_t n)
{
    const size_t s = n / 2;   /* DC goes to index s */
    const size_t neg = n - s; /* first natural index that lands at 0 */
    memcpy(dst, src + 2 * neg, 2 * s * sizeof(float));
    memcpy(dst + 2 * s, src, 2 * neg * sizeof(float));
}

void stftc_bins_from_centered(float* dst, const float* src, size_t n)
{
    const size_t s = n / 2;
    const size_t neg = n - s;
    memcpy(dst + 2 * neg, src, 2 * s * sizeof(float));
    memcpy(dst, src + 2 * s, 2 * neg * sizeof(float));
}

/* ---------------------------------------------------------------------- */
/* Forward transform of one frame (shared with the cleaner).              */

/* Frames per FFTW call in the cleaner: stftc_set_batch (1 by default: on
 * the machine the README's table comes from, batches of 2..32 frames at
 * N = 64..4096 measured no faster than single calls), for sizes up to 4096
 * that keep frames 64-byte aligned (N a multiple of 8). */
size_t stftc_batch_for(size_t n)
{
    if (n % 8 != 0 || n > 4096)
        return 1;
    return stftc_get_batch();
}

int stftc_fwd_init(stftc_fwd_t* f, const stftc_stft_config_t* cfg, stftc_error_t* err)
{
    return stftc_fwd_init_batch(f, cfg, 1, err);
}

int stftc_fwd_init_batch(stftc_fwd_t* f,
                         const stftc_stft_config_t* cfg,
                         size_t batch,
                         stftc_error_t* err)
{
    memset(f, 0, sizeof *f);
    int rc = stftc_geom_init(cfg, &f->g, NULL, NULL, err);
    if (rc != STFTC_OK)
        return rc;
    const size_t n = f->g.n, l = f->g.l;
    if (batch < 1 || n % 8 != 0)
        batch = 1;
    if (batch > STFTC_MAX_BATCH)
        batch = STFTC_MAX_BATCH;
    /* frequency frames padded to 8 complex values keep 64-byte alignment */
    const size_t fstride = batch > 1 ? (f->g.bins + 7) / 8 * 8 : f->g.bins;
    f->batch = batch;
    f->tfl = f->g.is_cplx ? 2 * n : n;
    f->ffl = 2 * fstride;
    f->fused = stftc_get_kernels() == STFTC_KERNELS_FUSED;
    f->win = stftc_alloc(l * sizeof(float));
    f->fin = stftc_alloc(batch * f->tfl * sizeof(float));
    f->fout = stftc_alloc(batch * f->ffl * sizeof(float));
    if (!f->win || !f->fin || !f->fout) {
        stftc_fwd_free(f);
        return stftc_fail(
            err, STFTC_ERR_NOMEM, "fft_size: cannot allocate buffers for %zu", n);
    }
    stftc_geom_init(cfg, NULL, f->win, NULL, NULL);
    f->peak_lim = stftc_peak_limit(f->win, l, 62);
    stftc_plan_request_t rq = { f->g.is_cplx ? STFTC_PLAN_C2C_FWD : STFTC_PLAN_R2C,
                                (int)n,
                                1,
                                (int)(f->g.is_cplx ? n : n),
                                (int)fstride,
                                f->fin,
                                f->fout,
                                f->g.cfg.plan };
    f->plan = stftc_make_plan(&rq);
    if (f->plan && batch > 1) {
        rq.howmany = (int)batch;
        f->planb = stftc_make_plan(&rq);
    }
    /* MEASURE planning scribbles on the arrays: the zero padding must be
     * restored before the first frame. */
    memset(f->fin, 0, batch * f->tfl * sizeof(float));
    if (!f->plan || (batch > 1 && !f->planb)) {
        stftc_fwd_free(f);
        return stftc_fail(
            err, STFTC_ERR_FFTW, "fft_size: FFTW could not plan size %zu", n);
    }
    return STFTC_OK;
}

void stftc_fwd_free(stftc_fwd_t* f)
{
    stftc_destroy_plan(f->plan);
    stftc_destroy_plan(f->planb);
    stftc_free(f->win);
    stftc_free(f->fin);
    stftc_free(f->fout);
    memset(f, 0, sizeof *f);
}

/* 2^(bits - q) with 2^q >= 2 sum|w|, the least such power of two: no sum
 * of l samples of at most that size times w, complex or real, reaches
 * 2^bits (transform.h, Range) */
float stftc_peak_limit(const float* w, size_t l, int bits)
{
    double s = 0.0;
    for (size_t i = 0; i < l; i++)
        s += fabs((double)w[i]);
    int q = 0;
    const double m = frexp(2.0 * s, &q); /* 2 s = m 2^q, m in [0.5, 1) */
    if (m == 0.5)                        /* 2 s is a power of two: 2^(q - 1) */
        q--;
    return ldexpf(1.0f, bits - q);
}

/* The exponent e >= 1 that brings peak (finite, above lim, a power of two)
 * to lim or under: peak / lim = m 2^e with m < 1. */
int stftc_scale_exp(float peak, float lim)
{
    int e = 0;
    frexpf(peak / lim, &e);
    return e;
}

/* the slow path of a frame above the limit: (x 2^-e) w */
static void
win_scaled(float* out, const float* x, const float* w, size_t l, int cplx, int e)
{
    const float s = ldexpf(1.0f, -e);
    if (cplx) {
        for (size_t i = 0; i < l; i++) {
            out[2 * i] = (x[2 * i] * s) * w[i];
            out[2 * i + 1] = (x[2 * i + 1] * s) * w[i];
        }
    } else {
        for (size_t i = 0; i < l; i++)
            out[i] = (x[i] * s) * w[i];
    }
}

int stftc_fwd_load(stftc_fwd_t* f, size_t k, const float* src)
{
    float* dst = f->fin + k * f->tfl;
    const size_t nf = f->g.l * (f->g.is_cplx ? 2 : 1);
    int over;
    if (f->fused) {
        over = stftc_fused_win_over(dst, src, f->win, f->g.l, f->g.is_cplx, f->peak_lim);
    } else {
        over = stftc_any_over(src, nf, f->peak_lim);
        if (f->g.is_cplx)
            stftc_vec_cmul_real(dst, src, f->win, f->g.l);
        else
            stftc_vec_mul(dst, src, f->win, f->g.l);
    }
    int e = 0;
    if (over) {
        /* (an Inf takes the plain path: such a frame is not finite whatever
         * its scale) */
        const float peak = stftc_absmax(src, nf);
        if (peak <= FLT_MAX) {
            e = stftc_scale_exp(peak, f->peak_lim);
            win_scaled(dst, src, f->win, f->g.l, f->g.is_cplx, e);
        }
    }
    f->exp[k] = e;
    return e;
}

void stftc_fwd_unscale(const stftc_fwd_t* f, size_t k, float* bins)
{
    const int e = f->exp[k];
    if (e == 0)
        return;
    /* finite values times an exact power of two: +-Inf where the product
     * is beyond float32, never NaN */
    const float s = ldexpf(1.0f, e);
    for (size_t i = 0; i < 2 * f->g.bins; i++)
        bins[i] *= s;
}

void stftc_fwd_exec(stftc_fwd_t* f, size_t count)
{
    /* A batched object always runs the batch plan, partial groups included
     * (the spare slots hold stale frames): FFTW's batch and single plans may
     * round differently, and the output must not depend on the chunking. */
    if (f->batch > 1) {
        fftwf_execute(f->planb);
        return;
    }
    for (size_t k = 0; k < count; k++) {
        if (f->g.is_cplx)
            fftwf_execute_dft(f->plan,
                              (fftwf_complex*)(f->fin + k * f->tfl),
                              (fftwf_complex*)(f->fout + k * f->ffl));
        else
            fftwf_execute_dft_r2c(
                f->plan, f->fin + k * f->tfl, (fftwf_complex*)(f->fout + k * f->ffl));
    }
}

void stftc_fwd_frame(stftc_fwd_t* f, const float* src)
{
    stftc_fwd_load(f, 0, src);
    stftc_fwd_exec(f, 1);
    stftc_fwd_unscale(f, 0, f->fout);
}

void stftc_fwd_export(const stftc_fwd_t* f, float* dst)
{
    if (f->g.centered)
        stftc_bins_to_centered(dst, f->fout, f->g.n);
    else
        memcpy(dst, f->fout, 2 * f->g.bins * sizeof(float));
}

/* ---------------------------------------------------------------------- */

struct stftc_stft {
    stftc_fwd_t f;
    float* hist; /* last window_len input samples (complex: pairs) */
    size_t fill; /* samples held in hist */
    size_t spf;  /* floats per sample: 2 complex, 1 real */
};

static stftc_stft_t* stft_create_body(const stftc_stft_config_t* cfg, stftc_error_t* err)
{
    stftc_stft_t* st = calloc(1, sizeof *st);
    if (!st) {
        stftc_fail(err, STFTC_ERR_NOMEM, "stft: cannot allocate the object");
        return NULL;
    }
    if (stftc_fwd_init(&st->f, cfg, err) != STFTC_OK) {
        free(st);
        return NULL;
    }
    st->spf = st->f.g.is_cplx ? 2 : 1;
    st->hist = stftc_alloc(st->f.g.l * st->spf * sizeof(float));
    if (!st->hist) {
        stftc_stft_destroy(st);
        stftc_fail(err, STFTC_ERR_NOMEM, "window_len: cannot allocate history");
        return NULL;
    }
    stftc_stft_reset(st);
    stftc_ok(err);
    return st;
}

void stftc_stft_destroy(stftc_stft_t* st)
{
    if (!st)
        return;
    stftc_fwd_free(&st->f);
    stftc_free(st->hist);
    free(st);
}

void stftc_stft_reset(stftc_stft_t* st)
{
    memset(st->hist, 0, st->f.g.l * st->spf * sizeof(float));
    st->fill = st->f.g.l - st->f.g.h; /* the zero prefix */
}

const stftc_stft_config_t* stftc_stft_config(const stftc_stft_t* st)
{
    return &st->f.g.cfg;
}
size_t stftc_stft_bins(const stftc_stft_t* st) { return st->f.g.bins; }
size_t stftc_stft_latency(const stftc_stft_t* st) { return st->f.g.l - st->f.g.h; }
void stftc_fwd_exec_to(stftc_fwd_t* f, float* dst)
{
    if (f->g.is_cplx)
        fftwf_execute_dft(f->plan, (fftwf_complex*)f->fin, (fftwf_complex*)dst);
    else
        fftwf_execute_dft_r2c(f->plan, f->fin, (fftwf_complex*)dst);
}

const float* stftc_stft_window(const stftc_stft_t* st) { return st->f.win; }

int stftc_stft_analyze(stftc_stft_t* st, const float* in, size_t nframes, float* frames)
{
    if (!st || (nframes && (!in || !frames)))
        return STFTC_ERR_INVALID_ARG;
    const size_t step = st->f.g.h * st->spf, out_step = 2 * st->f.g.bins;
    /* In natural order, a frame whose slot is aligned like the planned output
     * is transformed straight into it; otherwise through fout. */
    const int fout_align = fftwf_alignment_of(st->f.fout);
    for (size_t k = 0; k < nframes; k++) {
        float* dst = frames + k * out_step;
        stftc_fwd_load(&st->f, 0, in + k * step);
        if (!st->f.g.centered && fftwf_alignment_of(dst) == fout_align) {
            if (st->f.g.is_cplx)
                fftwf_execute_dft(
                    st->f.plan, (fftwf_complex*)st->f.fin, (fftwf_complex*)dst);
            else
                fftwf_execute_dft_r2c(st->f.plan, st->f.fin, (fftwf_complex*)dst);
        } else {
            stftc_fwd_exec(&st->f, 1);
            stftc_fwd_export(&st->f, dst);
        }
        stftc_fwd_unscale(&st->f, 0, dst);
    }
    return STFTC_OK;
}

size_t stftc_stft_frames_for(const stftc_stft_t* st, size_t n_in)
{
    const size_t base = st->f.g.l - st->f.g.h;
    return (st->fill - base + n_in) / st->f.g.h;
}

size_t stftc_stft_process(stftc_stft_t* st, const float* in, size_t n_in, float* frames)
{
    const size_t l = st->f.g.l, h = st->f.g.h, spf = st->spf;
    const size_t out_step = 2 * st->f.g.bins;
    size_t made = 0;
    while (n_in > 0) {
        size_t take = l - st->fill;
        if (take > n_in)
            take = n_in;
        memcpy(st->hist + st->fill * spf, in, take * spf * sizeof(float));
        st->fill += take;
        in += take * spf;
        n_in -= take;
        if (st->fill == l) {
            stftc_fwd_frame(&st->f, st->hist);
            stftc_fwd_export(&st->f, frames + made * out_step);
            made++;
            memmove(st->hist, st->hist + h * spf, (l - h) * spf * sizeof(float));
            st->fill = l - h;
        }
    }
    return made;
}

/* the body above, within the memory budget (stftc_set_memory_budget) */
stftc_stft_t* stftc_stft_create(const stftc_stft_config_t* cfg, stftc_error_t* err)
{
    stftc_budget_begin();
    return stftc_budget_end(stft_create_body(cfg, err), err);
}

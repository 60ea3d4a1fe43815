/* gr-stftclean C core: streaming ISTFT by weighted overlap-add.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"
#include "transform.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <stftclean/vmath.h>
#include <string.h>

int stftc_inv_init(stftc_inv_t* v, const stftc_stft_config_t* cfg, stftc_error_t* err)
{
    return stftc_inv_init_batch(v, cfg, 1, err);
}

int stftc_inv_init_batch(stftc_inv_t* v,
                         const stftc_stft_config_t* cfg,
                         size_t batch,
                         stftc_error_t* err)
{
    memset(v, 0, sizeof *v);
    int rc = stftc_geom_init(cfg, &v->g, NULL, NULL, err);
    if (rc != STFTC_OK)
        return rc;
    const size_t n = v->g.n, l = v->g.l;
    if (batch < 1 || n % 8 != 0)
        batch = 1;
    const size_t fstride = batch > 1 ? (v->g.bins + 7) / 8 * 8 : v->g.bins;
    v->spf = v->g.is_cplx ? 2 : 1;
    v->batch = batch;
    v->tfl = n * v->spf;
    v->ffl = 2 * fstride;
    v->fused = stftc_get_kernels() == STFTC_KERNELS_FUSED;
    v->dual = stftc_alloc(l * sizeof(float));
    v->fin = stftc_alloc(batch * v->ffl * sizeof(float));
    v->fout = stftc_alloc(batch * v->tfl * sizeof(float));
    v->ola = stftc_alloc(l * v->spf * sizeof(float));
    if (!v->dual || !v->fin || !v->fout || !v->ola) {
        stftc_inv_free(v);
        return stftc_fail(
            err, STFTC_ERR_NOMEM, "fft_size: cannot allocate buffers for %zu", n);
    }
    stftc_geom_init(cfg, NULL, NULL, v->dual, NULL);
    /* fold the 1/N of the unnormalised inverse FFT into the dual window */
    stftc_vec_scale_ref(v->dual, v->dual, (float)(1.0 / (double)n), l);
    /* bins up to bin_lim keep every value of the inverse FFT (a partial sum
     * of at most 2 n bin components, times unit twiddles) under 2^120 */
    {
        int q = 0;
        frexp(2.0 * (double)n, &q); /* 2^q > 2 n */
        v->bin_lim = ldexpf(1.0f, 120 - q);
    }
    stftc_plan_request_t rq = { v->g.is_cplx ? STFTC_PLAN_C2C_INV : STFTC_PLAN_C2R,
                                (int)n,
                                1,
                                (int)fstride,
                                (int)n,
                                v->fin,
                                v->fout,
                                v->g.cfg.plan };
    v->plan = stftc_make_plan(&rq);
    if (v->plan && batch > 1) {
        rq.howmany = (int)batch;
        v->planb = stftc_make_plan(&rq);
    }
    if (!v->plan || (batch > 1 && !v->planb)) {
        stftc_inv_free(v);
        return stftc_fail(
            err, STFTC_ERR_FFTW, "fft_size: FFTW could not plan size %zu", n);
    }
    memset(v->fin, 0, batch * v->ffl * sizeof(float));
    stftc_inv_reset(v);
    return STFTC_OK;
}

void stftc_inv_free(stftc_inv_t* v)
{
    stftc_destroy_plan(v->plan);
    stftc_destroy_plan(v->planb);
    stftc_free(v->dual);
    stftc_free(v->fin);
    if (!v->fout_lent)
        stftc_free(v->fout);
    stftc_free(v->ola);
    stftc_free(v->ring);
    memset(v, 0, sizeof *v);
}

/* The ring pays where a frame no longer fits the L1 cache beside the
 * accumulator (measured: +2 % at N = 4096, -3 % at N = 1024) and must itself
 * stay in the per-core L2 (N = 40000 rings of 1.3 MB lose). */
#define STFTC_RING_MIN_FRAME_BYTES ((size_t)16 * 1024)
#define STFTC_RING_MAX_BYTES ((size_t)256 * 1024)

int stftc_inv_use_ring(stftc_inv_t* v)
{
    const size_t l = v->g.l, h = v->g.h;
    if (v->ring || !v->fused || v->batch != 1 || l % h != 0)
        return v->ring != NULL;
    const size_t r = l / h;
    if (r < 2 || r > STFTC_RING_MAX_FRAMES ||
        v->tfl * sizeof(float) < STFTC_RING_MIN_FRAME_BYTES ||
        r * v->tfl * sizeof(float) > STFTC_RING_MAX_BYTES)
        return 0;
    v->ring = stftc_alloc(r * v->tfl * sizeof(float)); /* zeroed */
    if (!v->ring)
        return 0;
    v->ring_r = r;
    v->ring_cur = 0;
    return 1;
}

void stftc_inv_share_fout(stftc_inv_t* v, float* buf)
{
    if (!v->fout_lent)
        stftc_free(v->fout);
    v->fout = buf;
    v->fout_lent = 1;
}

void stftc_inv_reset(stftc_inv_t* v)
{
    memset(v->ola, 0, v->g.l * v->spf * sizeof(float));
    if (v->ring)
        memset(v->ring, 0, v->ring_r * v->tfl * sizeof(float));
    v->ring_cur = 0;
    memset(v->ring_exp, 0, sizeof v->ring_exp);
    v->ring_scaled = 0;
}

void stftc_inv_import(stftc_inv_t* v, const float* bins)
{
    if (v->g.centered)
        stftc_bins_from_centered(v->fin, bins, v->g.n);
    else
        memcpy(v->fin, bins, 2 * v->g.bins * sizeof(float));
}

void stftc_inv_exec(stftc_inv_t* v, float* src, size_t count)
{
    if (!v->g.is_cplx) {
        /* a real signal's DC and Nyquist bins are real */
        for (size_t k = 0; k < count; k++) {
            float* s = src + k * v->ffl;
            s[1] = 0.0f;
            if (v->g.n % 2 == 0)
                s[2 * (v->g.n / 2) + 1] = 0.0f;
        }
    }
    if (v->ring) { /* batch == 1: the frame goes to the next ring slot */
        v->ring_cur = (v->ring_cur + 1) % v->ring_r;
        float* dst = v->ring + v->ring_cur * v->tfl;
        if (v->g.is_cplx)
            fftwf_execute_dft(v->plan, (fftwf_complex*)src, (fftwf_complex*)dst);
        else
            fftwf_execute_dft_c2r(v->plan, (fftwf_complex*)src, dst);
        return;
    }
    if (v->batch > 1) { /* see stftc_fwd_exec */
        if (v->g.is_cplx)
            fftwf_execute_dft(v->planb, (fftwf_complex*)src, (fftwf_complex*)v->fout);
        else
            fftwf_execute_dft_c2r(v->planb, (fftwf_complex*)src, v->fout);
        return;
    }
    for (size_t k = 0; k < count; k++) {
        if (v->g.is_cplx)
            fftwf_execute_dft(v->plan,
                              (fftwf_complex*)(src + k * v->ffl),
                              (fftwf_complex*)(v->fout + k * v->tfl));
        else
            fftwf_execute_dft_c2r(
                v->plan, (fftwf_complex*)(src + k * v->ffl), v->fout + k * v->tfl);
    }
}

void stftc_inv_ola(stftc_inv_t* v, size_t k, float* out)
{
    if (v->ring) {
        /* output hop = sum over the last R frames, frame k - r contributing
         * its samples [r h, (r + 1) h) */
        const float* ys[STFTC_RING_MAX_FRAMES];
        const float* ds[STFTC_RING_MAX_FRAMES];
        const size_t r_n = v->ring_r, h = v->g.h;
        for (size_t r = 0; r < r_n; r++) {
            const size_t slot = (v->ring_cur + r_n - r) % r_n;
            ys[r] = v->ring + slot * v->tfl + r * h * v->spf;
            ds[r] = v->dual + r * h;
        }
        stftc_fused_sum(out, ys, ds, r_n, h, v->g.is_cplx);
        return;
    }
    float* y = v->fout + k * v->tfl;
    if (v->fused)
        stftc_fused_ola(out, v->ola, y, v->dual, v->g.l, v->g.h, v->g.is_cplx);
    else
        stftc_volk_ola(out, v->ola, y, v->dual, v->g.l, v->g.h, v->g.is_cplx);
}

/* a sum of terms taken in double, back in float: +-FLT_MAX where it is
 * beyond (a NaN or an Inf of the input stays what it is) */
static inline float sat_float(double x)
{
    if (isfinite(x) && fabs(x) > FLT_MAX)
        return x > 0.0 ? FLT_MAX : -FLT_MAX;
    return (float)x;
}

/* stftc_fused_ola's overlap-add in double for a frame y whose bins were
 * scaled by 2^-e: its terms times 2^e, every sum clamped (s floats per
 * sample) */
static void ola_scaled(float* out,
                       float* ola,
                       const float* y,
                       const float* d,
                       size_t l,
                       size_t h,
                       size_t s,
                       double sc)
{
    const size_t keep = l - h;
    for (size_t i = 0; i < h; i++)
        for (size_t c = 0; c < s; c++) {
            const double a = i < keep ? (double)ola[i * s + c] : 0.0;
            out[i * s + c] = sat_float(a + (double)y[i * s + c] * (double)d[i] * sc);
        }
    for (size_t j = 0; j < keep; j++)
        for (size_t c = 0; c < s; c++) {
            const double a = j + h < keep ? (double)ola[(j + h) * s + c] : 0.0;
            ola[j * s + c] =
                sat_float(a + (double)y[(j + h) * s + c] * (double)d[j + h] * sc);
        }
}

void stftc_inv_ola_exp(stftc_inv_t* v, size_t k, float* out, int e)
{
    if (v->ring) {
        /* the new frame's slot is ring_cur (stftc_inv_exec moved it) */
        int* slot_e = &v->ring_exp[v->ring_cur];
        if (*slot_e != e) {
            v->ring_scaled += (e != 0) - (*slot_e != 0);
            *slot_e = e;
        }
        if (v->ring_scaled == 0) {
            stftc_inv_ola(v, k, out);
            return;
        }
        /* some frame of the ring is scaled: the sum in double, each piece
         * times its own 2^e */
        const size_t r_n = v->ring_r, h = v->g.h, s = v->spf;
        for (size_t i = 0; i < h * s; i++) {
            double acc = 0.0;
            for (size_t r = 0; r < r_n; r++) {
                const size_t slot = (v->ring_cur + r_n - r) % r_n;
                const float* y = v->ring + slot * v->tfl + r * h * s;
                const double d = (double)v->dual[r * h + i / s];
                acc += (double)y[i] * d * ldexp(1.0, v->ring_exp[slot]);
            }
            out[i] = sat_float(acc);
        }
        return;
    }
    if (e == 0) {
        stftc_inv_ola(v, k, out);
        return;
    }
    ola_scaled(out,
               v->ola,
               v->fout + k * v->tfl,
               v->dual,
               v->g.l,
               v->g.h,
               v->spf,
               ldexp(1.0, e));
}

void stftc_inv_frame(stftc_inv_t* v, float* src, float* out)
{
    stftc_inv_exec(v, src, 1);
    stftc_inv_ola(v, 0, out);
}

/* ---------------------------------------------------------------------- */

struct stftc_istft {
    stftc_inv_t v;
    float* dual; /* canonical dual window (without the 1/N) */
};

static stftc_istft_t* istft_create_body(const stftc_stft_config_t* cfg,
                                        stftc_error_t* err)
{
    stftc_istft_t* it = calloc(1, sizeof *it);
    if (!it) {
        stftc_fail(err, STFTC_ERR_NOMEM, "istft: cannot allocate the object");
        return NULL;
    }
    if (stftc_inv_init(&it->v, cfg, err) != STFTC_OK) {
        free(it);
        return NULL;
    }
    it->dual = stftc_alloc(it->v.g.l * sizeof(float));
    if (!it->dual) {
        stftc_istft_destroy(it);
        stftc_fail(err, STFTC_ERR_NOMEM, "window_len: cannot allocate the dual window");
        return NULL;
    }
    stftc_geom_init(cfg, NULL, NULL, it->dual, NULL);
    stftc_ok(err);
    return it;
}

void stftc_istft_destroy(stftc_istft_t* it)
{
    if (!it)
        return;
    stftc_inv_free(&it->v);
    stftc_free(it->dual);
    free(it);
}

void stftc_istft_reset(stftc_istft_t* it) { stftc_inv_reset(&it->v); }
const stftc_stft_config_t* stftc_istft_config(const stftc_istft_t* it)
{
    return &it->v.g.cfg;
}
size_t stftc_istft_bins(const stftc_istft_t* it) { return it->v.g.bins; }
size_t stftc_istft_latency(const stftc_istft_t* it) { return it->v.g.l - it->v.g.h; }

const float* stftc_istft_dual_window(const stftc_istft_t* it) { return it->dual; }

int stftc_istft_process(stftc_istft_t* it,
                        const float* frames,
                        size_t nframes,
                        float* out)
{
    if (!it || (nframes && (!frames || !out)))
        return STFTC_ERR_INVALID_ARG;
    const size_t in_step = 2 * it->v.g.bins, out_step = it->v.g.h * it->v.spf;
    /* A complex frame in natural order is transformed where it lies when it
     * is aligned like the planned input (an out-of-place complex FFTW plan
     * leaves its input untouched); otherwise it is copied in first. */
    const int direct = it->v.g.is_cplx && !it->v.g.centered;
    const int fin_align = fftwf_alignment_of(it->v.fin);
    for (size_t k = 0; k < nframes; k++) {
        const float* f = frames + k * in_step;
        /* bins so large that the inverse FFT could overflow (finite ones:
         * Inf or NaN bins give a non-finite frame whatever is done) are
         * transformed at 2^-e and overlap-added times 2^e, clamped */
        const float peak =
            stftc_any_over(f, in_step, it->v.bin_lim) ? stftc_absmax(f, in_step) : 0.0f;
        if (peak > it->v.bin_lim && peak <= FLT_MAX) {
            const int e = stftc_scale_exp(peak, it->v.bin_lim);
            stftc_inv_import(&it->v, f);
            stftc_vec_scale_ref(it->v.fin, it->v.fin, ldexpf(1.0f, -e), in_step);
            stftc_inv_exec(&it->v, it->v.fin, 1);
            stftc_inv_ola_exp(&it->v, 0, out + k * out_step, e);
        } else if (direct && fftwf_alignment_of((float*)f) == fin_align) {
            stftc_inv_frame(&it->v, (float*)f, out + k * out_step);
        } else {
            stftc_inv_import(&it->v, f);
            stftc_inv_frame(&it->v, it->v.fin, out + k * out_step);
        }
    }
    return STFTC_OK;
}

/* the body above, within the memory budget (stftc_set_memory_budget) */
stftc_istft_t* stftc_istft_create(const stftc_stft_config_t* cfg, stftc_error_t* err)
{
    stftc_budget_begin();
    return stftc_budget_end(istft_create_body(cfg, err), err);
}

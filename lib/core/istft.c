/* gr-stftclean C core: streaming ISTFT by weighted overlap-add.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"
#include "transform.h"

#include <stdlib.h>
#include <stftclean/vmath.h>
#include <string.h>

int stftc_inv_init(stftc_inv_t* v, const stftc_stft_config_t* cfg, stftc_error_t* err)
{
    memset(v, 0, sizeof *v);
    int rc = stftc_geom_init(cfg, &v->g, NULL, NULL, err);
    if (rc != STFTC_OK)
        return rc;
    const size_t n = v->g.n, l = v->g.l;
    v->spf = v->g.is_cplx ? 2 : 1;
    v->dual = stftc_alloc(l * sizeof(float));
    v->fin = stftc_alloc(2 * v->g.bins * sizeof(float));
    v->fout = stftc_alloc(n * v->spf * sizeof(float));
    v->ola = stftc_alloc(l * v->spf * sizeof(float));
    if (!v->dual || !v->fin || !v->fout || !v->ola) {
        stftc_inv_free(v);
        return stftc_fail(
            err, STFTC_ERR_NOMEM, "fft_size: cannot allocate buffers for %zu", n);
    }
    stftc_geom_init(cfg, NULL, NULL, v->dual, NULL);
    /* fold the 1/N of the unnormalised inverse FFT into the dual window */
    stftc_vec_scale_ref(v->dual, v->dual, (float)(1.0 / (double)n), l);
    const stftc_plan_request_t rq = { v->g.is_cplx ? STFTC_PLAN_C2C_INV : STFTC_PLAN_C2R,
                                      (int)n,
                                      1,
                                      (int)v->g.bins,
                                      (int)n,
                                      v->fin,
                                      v->fout,
                                      v->g.cfg.plan };
    v->plan = stftc_make_plan(&rq);
    if (!v->plan) {
        stftc_inv_free(v);
        return stftc_fail(
            err, STFTC_ERR_FFTW, "fft_size: FFTW could not plan size %zu", n);
    }
    stftc_inv_reset(v);
    return STFTC_OK;
}

void stftc_inv_free(stftc_inv_t* v)
{
    stftc_destroy_plan(v->plan);
    stftc_free(v->dual);
    stftc_free(v->fin);
    stftc_free(v->fout);
    stftc_free(v->ola);
    memset(v, 0, sizeof *v);
}

void stftc_inv_reset(stftc_inv_t* v)
{
    memset(v->ola, 0, v->g.l * v->spf * sizeof(float));
}

void stftc_inv_import(stftc_inv_t* v, const float* bins)
{
    if (v->g.centered)
        stftc_bins_from_centered(v->fin, bins, v->g.n);
    else
        memcpy(v->fin, bins, 2 * v->g.bins * sizeof(float));
}

void stftc_inv_frame(stftc_inv_t* v, float* src, float* out)
{
    const size_t l = v->g.l, h = v->g.h, spf = v->spf;
    if (v->g.is_cplx) {
        fftwf_execute_dft(v->plan, (fftwf_complex*)src, (fftwf_complex*)v->fout);
        stftc_vec_cmul_real(v->fout, v->fout, v->dual, l);
    } else {
        /* a real signal's DC and Nyquist bins are real */
        src[1] = 0.0f;
        if (v->g.n % 2 == 0)
            src[2 * (v->g.n / 2) + 1] = 0.0f;
        fftwf_execute_dft_c2r(v->plan, (fftwf_complex*)src, v->fout);
        stftc_vec_mul(v->fout, v->fout, v->dual, l);
    }
    /* the first hop samples are complete after this frame: emit them, then
     * slide the accumulator by one hop */
    stftc_vec_add(out, v->ola, v->fout, h * spf);
    stftc_vec_add(v->ola, v->ola + h * spf, v->fout + h * spf, (l - h) * spf);
    memset(v->ola + (l - h) * spf, 0, h * spf * sizeof(float));
}

/* ---------------------------------------------------------------------- */

struct stftc_istft {
    stftc_inv_t v;
    float* dual; /* canonical dual window (without the 1/N) */
};

stftc_istft_t* stftc_istft_create(const stftc_stft_config_t* cfg, stftc_error_t* err)
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
    for (size_t k = 0; k < nframes; k++) {
        stftc_inv_import(&it->v, frames + k * in_step);
        stftc_inv_frame(&it->v, it->v.fin, out + k * out_step);
    }
    return STFTC_OK;
}

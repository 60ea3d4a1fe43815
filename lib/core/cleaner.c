/* gr-stftclean C core: fused STFT -> mask -> ISTFT.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"
#include "transform.h"

#include <stdlib.h>
#include <stftclean/cleaner.h>
#include <stftclean/vmath.h>
#include <string.h>

struct stftc_cleaner {
    stftc_cleaner_config_t cfg; /* as given (centered as the user asked) */
    stftc_fwd_t f;              /* natural bin order internally */
    stftc_inv_t v;
    stftc_mask_t* mask; /* sees natural-order bins */
    float* hist;        /* last window_len input samples */
    float* gain;        /* bins, natural order */
    float* last_gain;   /* bins, configured order */
    size_t spf;
    int fout_align; /* fftwf_alignment_of(f.fout): the FFT's planned output */
};

stftc_cleaner_config_t stftc_cleaner_config_default(void)
{
    stftc_cleaner_config_t c;
    c.stft = stftc_stft_config_default();
    c.mask = stftc_mask_config_default();
    return c;
}

stftc_cleaner_t* stftc_cleaner_create(const stftc_cleaner_config_t* cfg,
                                      stftc_error_t* err)
{
    if (!cfg) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "config: NULL configuration");
        return NULL;
    }
    if (stftc_mask_config_check(&cfg->mask, &cfg->stft, err) != STFTC_OK)
        return NULL;
    stftc_cleaner_t* c = calloc(1, sizeof *c);
    if (!c) {
        stftc_fail(err, STFTC_ERR_NOMEM, "cleaner: cannot allocate the object");
        return NULL;
    }
    c->cfg = *cfg;
    stftc_stft_config_t inner = cfg->stft;
    inner.centered = 0;
    const size_t batch = stftc_batch_for(inner.fft_size);
    if (stftc_fwd_init_batch(&c->f, &inner, batch, err) != STFTC_OK ||
        stftc_inv_init_batch(&c->v, &inner, batch, err) != STFTC_OK) {
        stftc_cleaner_destroy(c);
        return NULL;
    }
    c->cfg.stft.window_len = c->f.g.l;
    /* Without zero padding the forward input is dead once transformed: the
     * inverse transform writes its output there (still out-of-place). */
    if (!stftc_inv_use_ring(&c->v) && c->f.g.l == c->f.g.n && c->f.tfl == c->v.tfl &&
        c->f.batch == c->v.batch)
        stftc_inv_share_fout(&c->v, c->f.fin);
    c->mask = stftc_mask_create(&cfg->mask, &inner, err);
    if (!c->mask) {
        stftc_cleaner_destroy(c);
        return NULL;
    }
    c->spf = c->f.g.is_cplx ? 2 : 1;
    c->fout_align = fftwf_alignment_of(c->f.fout);
    const size_t bins = c->f.g.bins;
    c->hist = stftc_alloc(c->f.g.l * c->spf * sizeof(float));
    c->gain = stftc_alloc(bins * sizeof(float));
    c->last_gain = stftc_alloc(bins * sizeof(float));
    if (!c->hist || !c->gain || !c->last_gain) {
        stftc_cleaner_destroy(c);
        stftc_fail(err, STFTC_ERR_NOMEM, "fft_size: cannot allocate cleaner buffers");
        return NULL;
    }
    stftc_cleaner_reset(c);
    stftc_ok(err);
    return c;
}

void stftc_cleaner_destroy(stftc_cleaner_t* c)
{
    if (!c)
        return;
    stftc_fwd_free(&c->f);
    stftc_inv_free(&c->v);
    stftc_mask_destroy(c->mask);
    stftc_free(c->hist);
    stftc_free(c->gain);
    stftc_free(c->last_gain);
    free(c);
}

void stftc_cleaner_reset(stftc_cleaner_t* c)
{
    memset(c->hist, 0, c->f.g.l * c->spf * sizeof(float));
    stftc_inv_reset(&c->v);
    stftc_mask_reset(c->mask);
    for (size_t i = 0; i < c->f.g.bins; i++)
        c->gain[i] = c->last_gain[i] = 1.0f;
}

size_t stftc_cleaner_latency(const stftc_cleaner_t* c)
{
    return c->f.g.l - c->f.g.h + stftc_mask_delay(c->mask) * c->f.g.h;
}
size_t stftc_cleaner_hop(const stftc_cleaner_t* c) { return c->f.g.h; }
size_t stftc_cleaner_bins(const stftc_cleaner_t* c) { return c->f.g.bins; }
const stftc_cleaner_config_t* stftc_cleaner_config(const stftc_cleaner_t* c)
{
    return &c->cfg;
}
stftc_mask_t* stftc_cleaner_mask(stftc_cleaner_t* c) { return c->mask; }
const float* stftc_cleaner_last_mask(const stftc_cleaner_t* c) { return c->last_gain; }

int stftc_cleaner_process(stftc_cleaner_t* c, const float* in, float* out, size_t n)
{
    if (!c || n % c->f.g.h != 0 || (n && (!in || !out)))
        return STFTC_ERR_INVALID_ARG;
    const size_t l = c->f.g.l, h = c->f.g.h, spf = c->spf, bins = c->f.g.bins;
    const int masked = c->cfg.mask.type != STFTC_MASK_NONE;
    /* Frames that lie wholly inside `in` are read from it directly; only the
     * first ones of a call, which straddle the previous call, go through the
     * history buffer. When in and out overlap, every frame takes the history
     * path so that no input is read after its place was written. */
    const size_t prefix = l - h, batch = c->f.batch;
    const size_t ffl = c->f.ffl;
    const int alias = n && in < out + n * spf && out < in + n * spf;
    int direct_used = 0;
    /* Frames go through the transforms in groups of `batch` (one FFTW call
     * each way per group at small sizes). Every input sample of a group is
     * read before any of its output is written, which keeps in == out safe. */
    for (size_t j0 = 0; j0 < n; j0 += batch * h) {
        size_t count = (n - j0) / h;
        if (count > batch)
            count = batch;
        for (size_t k = 0; k < count; k++) {
            const size_t j = j0 + k * h;
            if (!alias && j >= prefix) {
                stftc_fwd_load(&c->f, k, in + (j - prefix) * spf);
                direct_used = 1;
            } else {
                memcpy(c->hist + prefix * spf, in + j * spf, h * spf * sizeof(float));
                stftc_fwd_load(&c->f, k, c->hist);
                memmove(c->hist, c->hist + h * spf, prefix * spf * sizeof(float));
            }
        }
        float* spec = c->f.fout;
        /* one frame at a time with a look-ahead estimator: the FFT writes
         * straight into the estimator's slot (no copy of the frame) */
        /* the gains are kept for last_mask() only: asked for the last
         * frame of the call alone (the estimator then skips copies) */
        const int last_group = j0 + batch * h >= n;
        float* slot = batch == 1 && masked ? stftc_mask_input_slot(c->mask) : NULL;
        if (slot && fftwf_alignment_of(slot) == c->fout_align) {
            stftc_fwd_exec_to(&c->f, slot);
            stftc_mask_process(c->mask, slot, c->v.fin, last_group ? c->gain : NULL);
            spec = c->v.fin;
        } else if (masked) {
            stftc_fwd_exec(&c->f, count);
            for (size_t k = 0; k < count; k++)
                stftc_mask_process(c->mask,
                                   c->f.fout + k * ffl,
                                   c->v.fin + k * ffl,
                                   last_group && k + 1 == count ? c->gain : NULL);
            spec = c->v.fin;
        } else {
            stftc_fwd_exec(&c->f, count);
        }
        stftc_inv_exec(&c->v, spec, count);
        for (size_t k = 0; k < count; k++)
            stftc_inv_ola(&c->v, k, out + (j0 + k * h) * spf);
    }
    if (direct_used) /* keep the last window_len - hop samples for the next call */
        memcpy(c->hist, in + (n - prefix) * spf, prefix * spf * sizeof(float));
    if (n && masked) {
        if (c->f.g.is_cplx && c->cfg.stft.centered) {
            const size_t s = bins / 2, neg = bins - s;
            memcpy(c->last_gain, c->gain + neg, s * sizeof(float));
            memcpy(c->last_gain + s, c->gain, neg * sizeof(float));
        } else {
            memcpy(c->last_gain, c->gain, bins * sizeof(float));
        }
    }
    return STFTC_OK;
}

int stftc_cleaner_set_threshold_db(stftc_cleaner_t* c, double db, stftc_error_t* err)
{
    return stftc_mask_set_threshold_db(c->mask, db, err);
}

int stftc_cleaner_set_floor_db(stftc_cleaner_t* c, double db, stftc_error_t* err)
{
    return stftc_mask_set_floor_db(c->mask, db, err);
}

int stftc_cleaner_set_bands(stftc_cleaner_t* c,
                            const double* bands,
                            size_t nbands,
                            int reject,
                            stftc_error_t* err)
{
    return stftc_mask_set_bands(c->mask, bands, nbands, reject, err);
}

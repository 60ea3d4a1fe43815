/* gr-stftclean C core: fused STFT -> mask -> ISTFT.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cleaner_object.h"
#include "internal.h"
#include "transform.h"

#include <stdint.h>
#include <stdlib.h>
#include <stftclean/cleaner.h>
#include <stftclean/vmath.h>
#include <string.h>


stftc_cleaner_config_t stftc_cleaner_config_default(void)
{
    stftc_cleaner_config_t c;
    c.stft = stftc_stft_config_default();
    c.mask = stftc_mask_config_default();
    c.threads = 1;
    return c;
}

/* ------------------------------------------------------------------ */

static stftc_cleaner_t* cleaner_create_body(const stftc_cleaner_config_t* cfg,
                                            stftc_error_t* err)
{
    if (!cfg) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "config: NULL configuration");
        return NULL;
    }
    if (cfg->threads != 1 && cfg->threads != 2) {
        stftc_fail(err,
                   STFTC_ERR_INVALID_ARG,
                   "threads: %d is out of range (allowed: 1 or 2)",
                   cfg->threads);
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
    /* (not with the worker thread, which transforms while the caller's
     * thread loads the next frame there) */
    if (!stftc_inv_use_ring(&c->v) && c->f.g.l == c->f.g.n && c->f.tfl == c->v.tfl &&
        c->f.batch == c->v.batch && cfg->threads == 1)
        stftc_inv_share_fout(&c->v, c->f.fin);
    c->mask = stftc_mask_create(&cfg->mask, &inner, err);
    if (!c->mask) {
        stftc_cleaner_destroy(c);
        return NULL;
    }
    c->xring_n = stftc_mask_delay(c->mask) + 1;
    c->xring = calloc(c->xring_n, sizeof *c->xring);
    if (!c->xring) {
        stftc_cleaner_destroy(c);
        stftc_fail(err, STFTC_ERR_NOMEM, "cleaner: cannot allocate the object");
        return NULL;
    }
    c->spf = c->f.g.is_cplx ? 2 : 1;
    c->fout_align = fftwf_alignment_of(c->f.fout);
    /* the inverse FFT reads ring slots in place of its planned input: the
     * slots must share its alignment (new-array execute) */
    if (fftwf_alignment_of(c->v.fin) != c->fout_align)
        c->fout_align = -1;
    const size_t bins = c->f.g.bins;
    c->hist = stftc_alloc(c->f.g.l * c->spf * sizeof(float));
    c->gain = stftc_alloc(bins * sizeof(float));
    c->last_gain = stftc_alloc(bins * sizeof(float));
    if (!c->hist || !c->gain || !c->last_gain) {
        stftc_cleaner_destroy(c);
        stftc_fail(err, STFTC_ERR_NOMEM, "fft_size: cannot allocate cleaner buffers");
        return NULL;
    }
    if (cfg->threads == 2 && stftc_cleaner_pipe_start(c, err) != STFTC_OK) {
        stftc_cleaner_destroy(c);
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
    stftc_cleaner_pipe_stop(c);
    stftc_fwd_free(&c->f);
    stftc_inv_free(&c->v);
    stftc_mask_destroy(c->mask);
    stftc_free(c->hist);
    stftc_free(c->gain);
    stftc_free(c->last_gain);
    free(c->xring);
    free(c);
}

void stftc_cleaner_reset(stftc_cleaner_t* c)
{
    stftc_cleaner_rewind(c);
    stftc_mask_reset(c->mask);
}

void stftc_cleaner_rewind(stftc_cleaner_t* c)
{
    memset(c->hist, 0, c->f.g.l * c->spf * sizeof(float));
    stftc_inv_reset(&c->v);
    stftc_mask_rewind(c->mask);
    for (size_t i = 0; i < c->f.g.bins; i++)
        c->gain[i] = c->last_gain[i] = 1.0f;
    memset(c->xring, 0, c->xring_n * sizeof *c->xring);
    c->xnz = 0;
    c->nframe = 0;
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
    if (c->pipe && n)
        return stftc_cleaner_process_pipe(c, in, out, n);
    const size_t l = c->f.g.l, h = c->f.g.h, spf = c->spf;
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
        int oexp[STFTC_MAX_BATCH]; /* the exponents of the frames out */
        for (size_t k = 0; k < count; k++)
            oexp[k] = masked ? stftc_cleaner_pass_exp(c, c->f.exp[k]) : c->f.exp[k];
        /* one frame at a time with a look-ahead estimator: the FFT writes
         * straight into the estimator's slot (no copy of the frame) */
        /* the gains are kept for last_mask() only: asked for the last
         * frame of the call alone (the estimator then skips copies) */
        const int last_group = j0 + batch * h >= n;
        float* slot = batch == 1 && masked ? stftc_mask_input_slot(c->mask) : NULL;
        if (slot && fftwf_alignment_of(slot) == c->fout_align) {
            /* ... and the gains are applied in that ring's outgoing slot,
             * which the inverse FFT then reads (no separate output frame to
             * pull through the caches) */
            stftc_fwd_exec_to(&c->f, slot);
            if (c->f.exp[0] != 0) /* the estimators take it as plain noise */
                stftc_mask_note_huge(c->mask);
            spec =
                stftc_mask_process_slot(c->mask, last_group ? c->gain : NULL, c->v.fin);
        } else if (masked) {
            stftc_fwd_exec(&c->f, count);
            for (size_t k = 0; k < count; k++) {
                if (c->f.exp[k] != 0)
                    stftc_mask_note_huge(c->mask);
                stftc_mask_process(c->mask,
                                   c->f.fout + k * ffl,
                                   c->v.fin + k * ffl,
                                   last_group && k + 1 == count ? c->gain : NULL);
            }
            spec = c->v.fin;
        } else {
            stftc_fwd_exec(&c->f, count);
        }
        stftc_inv_exec(&c->v, spec, count);
        for (size_t k = 0; k < count; k++)
            stftc_inv_ola_exp(&c->v, k, out + (j0 + k * h) * spf, oexp[k]);
    }
    if (direct_used) /* keep the last window_len - hop samples for the next call */
        memcpy(c->hist, in + (n - prefix) * spf, prefix * spf * sizeof(float));
    if (n && masked)
        stftc_cleaner_keep_last_gain(c);
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

/* the body above, within the memory budget (stftc_set_memory_budget) */
stftc_cleaner_t* stftc_cleaner_create(const stftc_cleaner_config_t* cfg,
                                      stftc_error_t* err)
{
    stftc_budget_begin();
    return stftc_budget_end(cleaner_create_body(cfg, err), err);
}

/* gr-stftclean C core: fused STFT -> mask -> ISTFT.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"
#include "transform.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <stftclean/cleaner.h>
#include <stftclean/vmath.h>
#include <string.h>

/* threads = 2: the frames of a call go through a pipeline. The caller's
 * thread windows, transforms and masks frame j into slot j mod PIPE_FRAMES of
 * a small ring; a worker thread started with the cleaner takes it from there
 * (inverse transform, overlap-add, the output hop). Each stage publishes its
 * progress in an atomic counter; the caller returns once the worker has
 * written the call's last hop, so the output and all state are the caller's
 * again between calls (reset, setters, destroy need no lock). The back end
 * (inverse transform and overlap-add, in frame order) is taken by whichever
 * stage holds the `consuming` flag: the worker as frames come, the caller
 * itself when the ring is full or the call's frames are all masked. So on a
 * loaded machine, where the worker may not get a core for a while, the
 * caller goes on alone instead of waiting for it. A stage that must wait
 * spins briefly, then sleeps on the pipeline's condition variable. */
#define PIPE_FRAMES 8
/* pauses (about 50 us) before a waiting stage sleeps */
#define PIPE_SPINS 2048

typedef struct {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;      /* a counter moved, a job came, or stop */
    atomic_int sleepers;    /* stages asleep on cv in wait_for */
    int stop;               /* under mu */
    atomic_ulong gen;       /* job number; bumped under mu once the job is set */
    float* out;             /* the job: where its hops go, and its frames, */
    size_t base, end;       /* [base, end) in the counters' numbering */
    atomic_size_t produced; /* frames masked (caller) */
    atomic_size_t consumed; /* hops written (either stage) */
    atomic_int consuming;   /* a stage holds the back end (inverse, OLA) */
    float* buf;             /* PIPE_FRAMES frames, stride floats apart */
    size_t stride;          /* ffl rounded up to 64 bytes (alignment kept) */
    int exp[PIPE_FRAMES];   /* the frame in slot j was scaled by 2^-exp[j] */
} stftc_pipe_t;

struct stftc_cleaner {
    stftc_cleaner_config_t cfg; /* as given (centered as the user asked) */
    stftc_fwd_t f;              /* natural bin order internally */
    stftc_inv_t v;
    stftc_mask_t* mask; /* sees natural-order bins */
    float* hist;        /* last window_len input samples */
    float* gain;        /* bins, natural order */
    float* last_gain;   /* bins, configured order */
    size_t spf;
    int fout_align;     /* fftwf_alignment_of(f.fout): the FFT's planned output */
    stftc_pipe_t* pipe; /* threads = 2, else NULL */
    /* Frames scaled to stay in range (transform.h, Range): the exponent of
     * each frame waits in a ring of delay + 1 while the mask holds the frame,
     * and the overlap-add takes it back. */
    int* xring;      /* mask delay + 1 exponents */
    size_t xring_n;  /* mask delay + 1 */
    size_t xnz;      /* nonzero entries of xring */
    uint64_t nframe; /* frames into the mask since the rewind */
};

stftc_cleaner_config_t stftc_cleaner_config_default(void)
{
    stftc_cleaner_config_t c;
    c.stft = stftc_stft_config_default();
    c.mask = stftc_mask_config_default();
    c.threads = 1;
    return c;
}

/* ------------------------------------------------------------------ */
/* the two-thread pipeline                                              */

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* until *a >= v: spin a little, then sleep until the other stage
 * publishes. (The counters and `sleepers` are sequentially consistent, so
 * that either the publisher sees this stage counted as asleep and wakes it,
 * or this stage sees the new count before it sleeps.) */
static void wait_for(stftc_pipe_t* p, atomic_size_t* a, size_t v)
{
    for (unsigned i = 0; i < PIPE_SPINS; i++) {
        if (atomic_load(a) >= v)
            return;
        cpu_relax();
    }
    pthread_mutex_lock(&p->mu);
    atomic_fetch_add(&p->sleepers, 1);
    while (atomic_load(a) < v)
        pthread_cond_wait(&p->cv, &p->mu);
    atomic_fetch_sub(&p->sleepers, 1);
    pthread_mutex_unlock(&p->mu);
}

/* *a = v, and a stage asleep in wait_for woken to look */
static void publish(stftc_pipe_t* p, atomic_size_t* a, size_t v)
{
    atomic_store(a, v);
    if (atomic_load(&p->sleepers) > 0) {
        pthread_mutex_lock(&p->mu);
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
}

/* The back end for the job whose frames are [base, end) and whose hops go
 * to out, if no other stage has it: inverse transform and overlap-add of
 * every frame of that job masked so far and not yet written, in order.
 * Returns whether it got the flag. The counters only grow (frames are
 * numbered since the cleaner's creation), so a stage still holding the
 * previous job's bounds finds nothing to do there. */
static int try_consume(stftc_cleaner_t* c, float* out, size_t base, size_t end)
{
    stftc_pipe_t* p = c->pipe;
    if (atomic_exchange(&p->consuming, 1) != 0)
        return 0;
    const size_t h = c->f.g.h, spf = c->spf;
    size_t limit = atomic_load(&p->produced);
    limit = limit < end ? limit : end;
    for (size_t j = atomic_load(&p->consumed); j < limit; j++) {
        stftc_inv_exec(&c->v, p->buf + (j % PIPE_FRAMES) * p->stride, 1);
        stftc_inv_ola_exp(&c->v, 0, out + (j - base) * h * spf, p->exp[j % PIPE_FRAMES]);
        publish(p, &p->consumed, j + 1);
    }
    atomic_store(&p->consuming, 0);
    return 1;
}

/* The caller, until frame `need` - 1 (masked already) is written: it takes
 * the back end itself when the worker does not hold it, else waits for the
 * worker's next frame. (cur < need <= produced, so frame cur + 1 is always
 * coming: the worker keeps taking frames while any are masked.) */
static void
back_end_to(stftc_cleaner_t* c, float* out, size_t base, size_t end, size_t need)
{
    stftc_pipe_t* p = c->pipe;
    size_t cur = atomic_load(&p->consumed);
    while (cur < need) {
        if (!try_consume(c, out, base, end))
            wait_for(p, &p->consumed, cur + 1);
        cur = atomic_load(&p->consumed);
    }
}

static void* pipe_worker(void* arg)
{
    stftc_cleaner_t* c = arg;
    stftc_pipe_t* p = c->pipe;
    unsigned long seen = 0;
    for (;;) {
        /* the next call usually follows at once: look for a while before
         * sleeping on the condition */
        for (unsigned i = 0; i < PIPE_SPINS &&
                             atomic_load_explicit(&p->gen, memory_order_acquire) == seen;
             i++)
            cpu_relax();
        pthread_mutex_lock(&p->mu);
        while (!p->stop && atomic_load_explicit(&p->gen, memory_order_acquire) == seen)
            pthread_cond_wait(&p->cv, &p->mu);
        const int stop = p->stop;
        seen = atomic_load_explicit(&p->gen, memory_order_acquire);
        float* out = p->out;
        const size_t base = p->base, end = p->end;
        pthread_mutex_unlock(&p->mu);
        if (stop)
            return NULL;
        for (;;) {
            const size_t done = atomic_load(&p->consumed);
            if (done >= end)
                break;
            if (atomic_load(&p->produced) > done) {
                if (!try_consume(c, out, base, end))
                    cpu_relax(); /* the caller has the back end */
            } else {
                wait_for(p, &p->produced, done + 1);
            }
        }
    }
}

static int pipe_start(stftc_cleaner_t* c, stftc_error_t* err)
{
    if (c->f.batch != 1 || c->v.batch != 1) {
        c->cfg.threads = 1; /* (batched transforms: STFTCLEAN_BATCH) */
        return STFTC_OK;
    }
    stftc_pipe_t* p = calloc(1, sizeof *p);
    if (!p)
        return stftc_fail(err, STFTC_ERR_NOMEM, "threads: cannot allocate the pipeline");
    p->stride = (c->v.ffl + 15) & ~(size_t)15;
    p->buf = stftc_alloc(PIPE_FRAMES * p->stride * sizeof(float));
    /* the ring's frames are the FFTs' output and input: new-array execution
     * wants them aligned as the planned arrays */
    if (!p->buf || fftwf_alignment_of(p->buf) != fftwf_alignment_of(c->f.fout) ||
        fftwf_alignment_of(p->buf) != fftwf_alignment_of(c->v.fin)) {
        stftc_free(p->buf);
        free(p);
        return stftc_fail(err, STFTC_ERR_NOMEM, "threads: cannot allocate the pipeline");
    }
    atomic_init(&p->gen, 0);
    atomic_init(&p->sleepers, 0);
    atomic_init(&p->consuming, 0);
    atomic_init(&p->produced, 0);
    atomic_init(&p->consumed, 0);
    if (pthread_mutex_init(&p->mu, NULL) != 0) {
        stftc_free(p->buf);
        free(p);
        return stftc_fail(
            err, STFTC_ERR_NOMEM, "threads: cannot start the worker thread");
    }
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        stftc_free(p->buf);
        free(p);
        return stftc_fail(
            err, STFTC_ERR_NOMEM, "threads: cannot start the worker thread");
    }
    c->pipe = p;
    if (pthread_create(&p->thread, NULL, pipe_worker, c) != 0) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        stftc_free(p->buf);
        free(p);
        c->pipe = NULL;
        return stftc_fail(
            err, STFTC_ERR_NOMEM, "threads: cannot start the worker thread");
    }
    return STFTC_OK;
}

static void pipe_stop(stftc_cleaner_t* c)
{
    stftc_pipe_t* p = c->pipe;
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    stftc_free(p->buf);
    free(p);
    c->pipe = NULL;
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
    if (cfg->threads == 2 && pipe_start(c, err) != STFTC_OK) {
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
    pipe_stop(c);
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

/* the gains of the call's last frame, in the configured order */
static void keep_last_gain(stftc_cleaner_t* c)
{
    const size_t bins = c->f.g.bins;
    if (c->f.g.is_cplx && c->cfg.stft.centered) {
        const size_t s = bins / 2, neg = bins - s;
        memcpy(c->last_gain, c->gain + neg, s * sizeof(float));
        memcpy(c->last_gain + s, c->gain, neg * sizeof(float));
    } else {
        memcpy(c->last_gain, c->gain, bins * sizeof(float));
    }
}

/* Frame t, windowed at 2^-e (e = 0: as it is), goes into the mask: returns
 * the exponent of the frame the mask puts out now, t - delay (0 before the
 * first). Only a counter while no scaled frame is in the ring. (The mask
 * is told of a scaled frame just before it gets it: stftc_mask_note_huge.) */
static int pass_exp(stftc_cleaner_t* c, int e)
{
    const uint64_t t = c->nframe++;
    if (e == 0 && c->xnz == 0)
        return 0;
    const size_t n = c->xring_n;
    int* slot = &c->xring[t % n];
    c->xnz = c->xnz + (e != 0) - (*slot != 0);
    *slot = e;
    /* frame t - delay (n = delay + 1) sits in slot (t + 1) mod n: written at
     * t - delay, or still 0 before the first */
    return c->xring[(t + 1) % n];
}

/* process() with the worker thread (n > 0): this thread loads, transforms
 * and masks frame j into the pipeline's slot j mod PIPE_FRAMES, the worker
 * inverse-transforms it and writes its hop. The input is read as in the
 * one-thread path (in == out is safe too: frame j's new hop is read before
 * the frame is published, and the worker writes hops only of frames already
 * published). */
static int process_pipe(stftc_cleaner_t* c, const float* in, float* out, size_t n)
{
    stftc_pipe_t* p = c->pipe;
    const size_t l = c->f.g.l, h = c->f.g.h, spf = c->spf, prefix = l - h;
    const size_t frames = n / h;
    const int masked = c->cfg.mask.type != STFTC_MASK_NONE;
    const int alias = in < out + n * spf && out < in + n * spf;
    /* (between calls every frame masked is written: produced == consumed) */
    const size_t base = atomic_load(&p->produced), end = base + frames;
    pthread_mutex_lock(&p->mu);
    p->out = out;
    p->base = base;
    p->end = end;
    atomic_fetch_add_explicit(&p->gen, 1, memory_order_release);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    int direct_used = 0;
    for (size_t f = 0; f < frames; f++) {
        const size_t j = f * h;
        if (!alias && j >= prefix) {
            stftc_fwd_load(&c->f, 0, in + (j - prefix) * spf);
            direct_used = 1;
        } else {
            memcpy(c->hist + prefix * spf, in + j * spf, h * spf * sizeof(float));
            stftc_fwd_load(&c->f, 0, c->hist);
            memmove(c->hist, c->hist + h * spf, prefix * spf * sizeof(float));
        }
        const size_t g = base + f; /* this frame's number */
        if (g >= PIPE_FRAMES)      /* the slot's previous frame must be out */
            back_end_to(c, out, base, end, g + 1 - PIPE_FRAMES);
        float* dst = p->buf + (g % PIPE_FRAMES) * p->stride;
        float* gain = f + 1 == frames ? c->gain : NULL;
        float* in_slot = masked ? stftc_mask_input_slot(c->mask) : NULL;
        p->exp[g % PIPE_FRAMES] = masked ? pass_exp(c, c->f.exp[0]) : c->f.exp[0];
        if (masked && c->f.exp[0] != 0) /* the estimators take it as plain noise */
            stftc_mask_note_huge(c->mask);
        if (in_slot && fftwf_alignment_of(in_slot) == c->fout_align) {
            stftc_fwd_exec_to(&c->f, in_slot);
            stftc_mask_process(c->mask, in_slot, dst, gain);
        } else if (masked) {
            stftc_fwd_exec(&c->f, 1);
            stftc_mask_process(c->mask, c->f.fout, dst, gain);
        } else {
            stftc_fwd_exec_to(&c->f, dst);
        }
        publish(p, &p->produced, g + 1);
    }
    if (direct_used) /* keep the last window_len - hop samples */
        memcpy(c->hist, in + (n - prefix) * spf, prefix * spf * sizeof(float));
    back_end_to(c, out, base, end, end);
    if (masked)
        keep_last_gain(c);
    return STFTC_OK;
}

int stftc_cleaner_process(stftc_cleaner_t* c, const float* in, float* out, size_t n)
{
    if (!c || n % c->f.g.h != 0 || (n && (!in || !out)))
        return STFTC_ERR_INVALID_ARG;
    if (c->pipe && n)
        return process_pipe(c, in, out, n);
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
            oexp[k] = masked ? pass_exp(c, c->f.exp[k]) : c->f.exp[k];
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
        keep_last_gain(c);
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

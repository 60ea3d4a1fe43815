/* gr-stftclean C core: the cleaner's two-thread pipeline (threads = 2),
 * the only place the core starts a thread, and only when the config asks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cleaner_object.h"
#include "internal.h"
#include "transform.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
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

struct stftc_pipe {
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
};


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

int stftc_cleaner_pipe_start(stftc_cleaner_t* c, stftc_error_t* err)
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

void stftc_cleaner_pipe_stop(stftc_cleaner_t* c)
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

/* process() with the worker thread (n > 0): this thread loads, transforms
 * and masks frame j into the pipeline's slot j mod PIPE_FRAMES, the worker
 * inverse-transforms it and writes its hop. The input is read as in the
 * one-thread path (in == out is safe too: frame j's new hop is read before
 * the frame is published, and the worker writes hops only of frames already
 * published). */
int stftc_cleaner_process_pipe(stftc_cleaner_t* c, const float* in, float* out, size_t n)
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
        p->exp[g % PIPE_FRAMES] =
            masked ? stftc_cleaner_pass_exp(c, c->f.exp[0]) : c->f.exp[0];
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
        stftc_cleaner_keep_last_gain(c);
    return STFTC_OK;
}

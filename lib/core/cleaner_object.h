/* gr-stftclean C core: the cleaner's object, shared by its one-thread path
 * (cleaner.c) and its two-thread pipeline (cleaner_pipe.c). Not installed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_CLEANER_OBJECT_H
#define STFTCLEAN_CLEANER_OBJECT_H

#include "transform.h"

#include <stdint.h>
#include <stftclean/cleaner.h>
#include <string.h>

typedef struct stftc_pipe stftc_pipe_t; /* cleaner_pipe.c */

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

/* the gains of the call's last frame, in the configured order */
static inline void stftc_cleaner_keep_last_gain(stftc_cleaner_t* c)
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
static inline int stftc_cleaner_pass_exp(stftc_cleaner_t* c, int e)
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

/* threads = 2 (cleaner_pipe.c): start the worker with the cleaner (falls
 * back to one thread, threads = 1, where the transforms are batched), stop
 * it before the cleaner goes, and process() through it (n > 0, whole hops). */
int stftc_cleaner_pipe_start(stftc_cleaner_t* c, stftc_error_t* err);
void stftc_cleaner_pipe_stop(stftc_cleaner_t* c);
int stftc_cleaner_process_pipe(stftc_cleaner_t* c, const float* in, float* out, size_t n);

#endif

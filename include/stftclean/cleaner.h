/* gr-stftclean C core: fused STFT -> mask -> ISTFT cleaner.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pass per frame: window, forward FFT, mask stage, mask applied to the
 * complex bins, inverse FFT, dual window, overlap-add. Output sample t is the
 * cleaned input sample t - latency, latency = window_len - hop (the same as
 * an stft -> istft chain) plus hop times the mask's look-ahead in frames
 * (stftc_mask_delay). process() takes whole hops. */
#ifndef STFTCLEAN_CLEANER_H
#define STFTCLEAN_CLEANER_H

#include <stftclean/common.h>
#include <stftclean/mask.h>
#include <stftclean/stft.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    stftc_stft_config_t stft;
    stftc_mask_config_t mask;
    /* 1 (default) or 2: with 2, a worker thread started with the cleaner
     * takes the inverse transform and overlap-add of each frame while the
     * calling thread windows, transforms and masks the next ones (a pipeline
     * within each process() call, which still returns with its output
     * complete). For one big cleaner on a machine with a spare core; a
     * GNU Radio flowgraph already runs each block in its own thread. The
     * output is the same, bit for bit. Ignored (1) with batched transforms
     * (stftc_set_batch). */
    int threads;
} stftc_cleaner_config_t;

stftc_cleaner_config_t stftc_cleaner_config_default(void);

typedef struct stftc_cleaner stftc_cleaner_t;

stftc_cleaner_t* stftc_cleaner_create(const stftc_cleaner_config_t* cfg,
                                      stftc_error_t* err);
void stftc_cleaner_destroy(stftc_cleaner_t* c);
void stftc_cleaner_reset(stftc_cleaner_t* c);
/* File mode: back to the start of the stream (as reset), keeping what the
 * mask's estimator learnt of the noise. Run the first seconds of a file
 * through the cleaner, rewind, then clean the whole file: a burst at its
 * first sample, or a file shorter than the noise window, is then judged
 * against the file's own noise. Output and latency are as after reset. */
void stftc_cleaner_rewind(stftc_cleaner_t* c);
/* window_len - hop + hop * stftc_mask_delay(mask) */
size_t stftc_cleaner_latency(const stftc_cleaner_t* c);
size_t stftc_cleaner_hop(const stftc_cleaner_t* c);
size_t stftc_cleaner_bins(const stftc_cleaner_t* c);
const stftc_cleaner_config_t* stftc_cleaner_config(const stftc_cleaner_t* c);
stftc_mask_t* stftc_cleaner_mask(stftc_cleaner_t* c);

/* n samples in, n samples out (complex: interleaved pairs); n must be a
 * multiple of the hop (STFTC_ERR_INVALID_ARG otherwise, nothing consumed).
 * in and out may be the same buffer. Allocation-free. */
int stftc_cleaner_process(stftc_cleaner_t* c, const float* in, float* out, size_t n);

/* Gains applied to the last processed frame (bins floats), for display. */
const float* stftc_cleaner_last_mask(const stftc_cleaner_t* c);

/* Runtime setters, forwarded to the mask stage. */
int stftc_cleaner_set_threshold_db(stftc_cleaner_t* c, double db, stftc_error_t* err);
int stftc_cleaner_set_floor_db(stftc_cleaner_t* c, double db, stftc_error_t* err);
int stftc_cleaner_set_bands(stftc_cleaner_t* c,
                            const double* bands,
                            size_t nbands,
                            int reject,
                            stftc_error_t* err);

#ifdef __cplusplus
}
#endif
#endif

/* gr-stftclean C core: a cleaner's output aligned with its input.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * stftc_cleaner_process() takes whole hops and gives output sample t for
 * input sample t - latency. The aligned stream hides both: any number of
 * samples in, the cleaned samples they complete out, in order from the
 * first input sample; flush() gives the rest, so that everything written
 * has the input's length and sample t of it is input sample t cleaned.
 * The command line, the numpy layer (Cleaner, clean) and anything else
 * that cleans a recording to a recording of the same length use it. */
#ifndef STFTCLEAN_ALIGNED_H
#define STFTCLEAN_ALIGNED_H

#include <stftclean/cleaner.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct stftc_aligned stftc_aligned_t;

/* Around cl, which stays the caller's (it must outlive the object; reset
 * or rewind it, then stftc_aligned_reset, to start a new stream). Buffers
 * are allocated here; process and flush allocate nothing. */
stftc_aligned_t* stftc_aligned_create(stftc_cleaner_t* cl, stftc_error_t* err);
void stftc_aligned_destroy(stftc_aligned_t* a);
/* Back to the start of a stream (what is pending is dropped); the cleaner
 * is not touched. */
void stftc_aligned_reset(stftc_aligned_t* a);

/* Samples that stftc_aligned_process(a, ., n, ...) writes, and that
 * stftc_aligned_flush writes now: at most n + hop - 1, and latency + hop. */
size_t stftc_aligned_out_count(const stftc_aligned_t* a, size_t n);
size_t stftc_aligned_flush_count(const stftc_aligned_t* a);

/* n samples in (any n; complex: interleaved pairs), the aligned outputs
 * they complete to out (room for stftc_aligned_out_count(a, n) samples),
 * their number to *written. in and out must not overlap. STFTC_OK or the
 * cleaner's error. */
int stftc_aligned_process(
    stftc_aligned_t* a, const float* in, size_t n, float* out, size_t* written);
/* The end of the stream: the pending samples and zeros through the
 * cleaner until every input sample has come out; writes
 * stftc_aligned_flush_count(a) samples. The stream then starts afresh
 * (stftc_aligned_reset; reset or rewind the cleaner too). */
int stftc_aligned_flush(stftc_aligned_t* a, float* out, size_t* written);

/* Input samples taken so far. */
uint64_t stftc_aligned_samples_in(const stftc_aligned_t* a);

#ifdef __cplusplus
}
#endif

#endif

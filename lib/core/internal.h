/* gr-stftclean C core: helpers shared by the core sources (not installed).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_INTERNAL_H
#define STFTCLEAN_INTERNAL_H

#include <fftw3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stftclean/common.h>
#include <stftclean/stft.h>

/* Fill err (may be NULL) with code and a printf-style message; returns code. */
int stftc_fail(stftc_error_t* err, int code, const char* fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void stftc_ok(stftc_error_t* err);

/* STFTC_OK if fs is within [STFTC_SAMPLE_RATE_MIN, STFTC_SAMPLE_RATE_MAX];
 * otherwise STFTC_ERR_INVALID_ARG naming sample_rate and the range. */
int stftc_check_sample_rate(double fs, stftc_error_t* err);

/* One of n names: *out = values[i] where names[i] equals text (and err is
 * cleared); otherwise STFTC_ERR_INVALID_ARG with "<param>: must be a, b or
 * c, got '<text>'". The parsers of the core's named options use it. */
int stftc_parse_choice(const char* param,
                       const char* text,
                       const char* const* names,
                       const int* values,
                       size_t n,
                       int* out,
                       stftc_error_t* err);

/* Memory accounting of a create: the public creates run their body between
 * stftc_budget_begin and stftc_budget_end (nested creates share the
 * outermost's count); stftc_alloc charges each buffer and refuses (NULL)
 * one that would pass the budget. stftc_budget_end returns made, and when
 * it is NULL because of the budget fills err with a message naming it. */
void stftc_budget_begin(void);
void* stftc_budget_end(void* made, stftc_error_t* err);
int stftc_budget_charge(size_t bytes); /* 0, or -1: over the budget */
/* 0 if bytes more would still fit, -1 (and the create fails) if not: a
 * lower bound checked before slow work (the window of a huge frame). */
int stftc_budget_expect(size_t bytes);

/* Opens path for reading ("rb") only if it is a regular file, without
 * blocking on a FIFO, socket or device (those are refused: "not a regular
 * file; use - for a stream"); *size (may be NULL) gets its size. NULL with
 * err filled, naming path, otherwise. */
FILE* stftc_open_regular(const char* path, uint64_t* size, stftc_error_t* err);
/* 0 if path does not exist or is a regular file; otherwise fills err
 * ("not a regular file") and returns STFTC_ERR_IO: writers that seek or
 * rename (WAV, SigMF) refuse FIFOs and devices instead of blocking on them. */
int stftc_check_writable_path(const char* path, stftc_error_t* err);

/* FFTW planning under the planner lock hook. */
void stftc_planner_lock(void);
void stftc_planner_unlock(void);
unsigned stftc_fftw_flags(stftc_plan_t plan);
void stftc_destroy_plan(fftwf_plan p);

/* Per-instance resolved framing, shared by stft, istft and cleaner. */
typedef struct {
    stftc_stft_config_t cfg;
    size_t n;     /* fft size */
    size_t l;     /* window length */
    size_t h;     /* hop */
    size_t bins;  /* n or n/2+1 */
    int is_cplx;  /* complex samples */
    int centered; /* DC-centred bin order */
} stftc_frame_geom_t;

/* Validate cfg and fill geom; also computes the analysis window (if win is
 * non-NULL, l floats) and the dual window (if dual non-NULL, l floats). */
int stftc_geom_init(const stftc_stft_config_t* cfg,
                    stftc_frame_geom_t* g,
                    float* win,
                    float* dual,
                    stftc_error_t* err);

/* Reorder between natural FFT order and DC-centred order (complex bins). */
void stftc_bins_to_centered(float* dst, const float* src, size_t n);
void stftc_bins_from_centered(float* dst, const float* src, size_t n);

/* The stateful estimators' look-ahead slot for the next frame (NULL for the
 * stateless masks): a frame transformed straight into it skips a copy in
 * stftc_mask_process (mask.c). */
struct stftc_mask;
float* stftc_mask_input_slot(struct stftc_mask* m);
/* A stateful mask whose next frame is in its input slot: processes it and
 * applies the gains of frame t - delay in place in that frame's ring slot
 * (zeros to spare before the first); returns where the frame out is, valid
 * until the next frame is written. */
float* stftc_mask_process_slot(struct stftc_mask* m, float* gain, float* spare);

/* Upper bound for sizes so that products of sizes and element sizes cannot
 * overflow and FFTW's int sizes hold. */
#define STFTC_MAX_FFT_SIZE ((size_t)1 << 26)

/* The next frame the mask gets (in its input slot or through
 * stftc_mask_process) was scaled down because its samples are beyond what
 * the estimators can measure (transform.h, Range): the estimators take it as
 * plain noise, as a non-finite frame. Holds for that one frame; nothing for
 * the stateless masks. */
void stftc_mask_note_huge(struct stftc_mask* m);

#endif

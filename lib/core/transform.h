/* gr-stftclean C core: one-frame forward and inverse transforms shared by the
 * stft, istft and cleaner objects (not installed).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_TRANSFORM_H
#define STFTCLEAN_TRANSFORM_H

#include "internal.h"

/* plan after the STFTCLEAN_FFTW_PLAN override */
stftc_plan_t stftc_plan_effective(stftc_plan_t plan);

/* One FFTW plan request: howmany transforms of size n, element distances
 * idist/odist (complex elements for complex arrays, floats for real ones). */
typedef enum {
    STFTC_PLAN_C2C_FWD,
    STFTC_PLAN_C2C_INV,
    STFTC_PLAN_R2C,
    STFTC_PLAN_C2R
} stftc_plan_kind_t;
typedef struct {
    stftc_plan_kind_t kind;
    int n, howmany, idist, odist;
    float* in;
    float* out;
    stftc_plan_t plan;
} stftc_plan_request_t;
/* Make a plan under the planner lock through the wisdom cache (common.c);
 * NULL when FFTW cannot. MEASURE planning overwrites in and out. */
fftwf_plan stftc_make_plan(const stftc_plan_request_t* rq);

/* Forward: window_len samples -> bins (natural order in fout). */
typedef struct {
    stftc_frame_geom_t g;
    float* win;  /* analysis window, l */
    float* fin;  /* FFT input, n samples; the tail past l stays zero */
    float* fout; /* FFT output, bins complex, natural order */
    fftwf_plan plan;
} stftc_fwd_t;

int stftc_fwd_init(stftc_fwd_t* f, const stftc_stft_config_t* cfg, stftc_error_t* err);
void stftc_fwd_free(stftc_fwd_t* f);
void stftc_fwd_frame(stftc_fwd_t* f, const float* src);
/* copy fout to dst in the configured bin order */
void stftc_fwd_export(const stftc_fwd_t* f, float* dst);

/* Inverse: bins -> hop output samples by weighted overlap-add. */
typedef struct {
    stftc_frame_geom_t g;
    float* dual; /* dual window divided by n, l */
    float* fin;  /* IFFT input, bins complex, natural order */
    float* fout; /* IFFT output, n samples */
    float* ola;  /* overlap-add accumulator, l samples */
    fftwf_plan plan;
    size_t spf; /* floats per sample */
} stftc_inv_t;

int stftc_inv_init(stftc_inv_t* v, const stftc_stft_config_t* cfg, stftc_error_t* err);
void stftc_inv_free(stftc_inv_t* v);
void stftc_inv_reset(stftc_inv_t* v);
/* Load one frame given in the configured order into fin. */
void stftc_inv_import(stftc_inv_t* v, const float* bins);
/* Inverse-transform src (bins complex, natural order, aligned like fin; it
 * may be overwritten), overlap-add, write hop samples to out. */
void stftc_inv_frame(stftc_inv_t* v, float* src, float* out);

#endif

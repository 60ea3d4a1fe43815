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

/* Per-element kernels of the frame path (vmath.c): plain loops written for
 * the vectoriser and compiled for several instruction sets, picked at load
 * time. The VOLK path composes the same steps from stftc_vec_* calls; which
 * one an object uses is fixed at create (stftc_set_kernels). */
/* out[i] = x[i] * w[i] for l samples (complex x: interleaved pairs) */
void stftc_fused_win(float* out, const float* x, const float* w, size_t l, int cplx);
/* stftc_fused_win that also returns whether some |x| of the 2 l (complex)
 * or l floats of x is above lim (a NaN is not, an Inf is) */
int stftc_fused_win_over(
    float* out, const float* x, const float* w, size_t l, int cplx, float lim);
/* whether some |a[i]| of n floats is above lim (a NaN is not, an Inf is) */
int stftc_any_over(const float* a, size_t n, float lim);
/* memcpy of n floats that also returns stftc_any_over of them */
int stftc_copy_any_over(float* dst, const float* src, size_t n, float lim);
/* the largest |a[i]| of n floats (a NaN is not counted, an Inf is) */
float stftc_absmax(const float* a, size_t n);
/* out[i] = |a[i]|^2, a complex (same as stftc_vec_mag2) */
void stftc_fused_mag2(float* out, const float* a, size_t n);
/* out[k] = in[k] g[k]: complex in/out, real g (out may be in) */
void stftc_fused_cgain(float* out, const float* in, const float* g, size_t n);
/* Weighted overlap-add of one inverse-transformed frame y (l samples used)
 * with synthesis window d into the accumulator ola (l - h samples held):
 *   out[i]   = ola[i] + y[i] d[i]            i < h  (ola[i] = 0 for i >= l-h)
 *   ola'[j]  = ola[j+h] + y[j+h] d[j+h]      j < l-h (ola[j+h] = 0 past l-h)
 * The newest hop of ola' is written, never added, so nothing is cleared. */
void stftc_fused_ola(
    float* out, float* ola, const float* y, const float* d, size_t l, size_t h, int cplx);
/* The same through VOLK kernels (y is scaled in place). */
void stftc_volk_ola(
    float* out, float* ola, float* y, const float* d, size_t l, size_t h, int cplx);

/* Range. Any finite float32 input goes through the transforms without a NaN.
 * A frame whose largest sample component (|re|, |im|) is above peak_lim is
 * windowed at 2^-e (e the least exponent that brings it to peak_lim or under,
 * kept in exp[k]; 0 for the other frames). peak_lim is the power of two with
 * 2 peak_lim sum|w| <= 2^62: no bin component of the windowed FFT (nor any
 * value inside the FFT, which is a partial sum of the same terms) can then
 * exceed 2^62, and |X|^2 <= 2^125 cannot overflow. Normal input (peak_lim is
 * 2^52 = 4.5e15 at window_len 1024, Hann; 2^36 = 6.9e10 at 2^26) takes the
 * plain path, bit for bit. The cleaner carries the exponent through the mask
 * to its overlap-add (stftc_inv_ola_exp); the stft object (stftc_fwd_frame,
 * stftc_fwd_unscale) multiplies the bins back, so a bin whose true value is
 * beyond float32 (a sample above about FLT_MAX / sum w) comes out +-Inf,
 * never NaN. */
#define STFTC_MAX_BATCH 64 /* frames per FFTW call, at most (stftc_batch_for) */

/* Forward: window_len samples -> bins (natural order in fout). With batch > 1
 * the buffers hold batch frames, tfl (time) and ffl (frequency) floats apart,
 * and planb transforms them all in one FFTW call. */
typedef struct {
    stftc_frame_geom_t g;
    float* win;  /* analysis window, l */
    float* fin;  /* FFT input, n samples; the tail past l stays zero */
    float* fout; /* FFT output, bins complex, natural order */
    fftwf_plan plan;
    fftwf_plan planb;         /* batch frames at once (NULL when batch == 1) */
    size_t batch;             /* frames the buffers hold */
    size_t tfl, ffl;          /* floats per frame in fin / fout */
    int fused;                /* fused plain loops (1) or VOLK kernels (0) */
    float peak_lim;           /* larger samples: the frame is scaled (see Range) */
    int exp[STFTC_MAX_BATCH]; /* slot k was windowed at 2^-exp[k] */
} stftc_fwd_t;

/* the power of two with 2 lim sum|w| <= 2^bits (w: l floats), the least
 * such exponent */
float stftc_peak_limit(const float* w, size_t l, int bits);
/* the least e with peak 2^-e <= lim (peak > lim finite, lim a power of 2) */
int stftc_scale_exp(float peak, float lim);

int stftc_fwd_init(stftc_fwd_t* f, const stftc_stft_config_t* cfg, stftc_error_t* err);
/* batch frames per FFTW call where the geometry allows it (else 1) */
int stftc_fwd_init_batch(stftc_fwd_t* f,
                         const stftc_stft_config_t* cfg,
                         size_t batch,
                         stftc_error_t* err);
void stftc_fwd_free(stftc_fwd_t* f);
/* load, transform and unscale one frame into fout */
void stftc_fwd_frame(stftc_fwd_t* f, const float* src);
/* window src into frame slot k of fin; returns exp[k] (0: plain) */
int stftc_fwd_load(stftc_fwd_t* f, size_t k, const float* src);
/* bins (natural or centred order) of slot k times 2^exp[k]: the true
 * spectrum, +-Inf where it is beyond float32 */
void stftc_fwd_unscale(const stftc_fwd_t* f, size_t k, float* bins);
/* transform slots 0..count-1 (count <= batch) into fout */
void stftc_fwd_exec(stftc_fwd_t* f, size_t count);
/* batch 1 only: transform slot 0 into dst, which must be aligned like fout
 * (fftwf_alignment_of) */
void stftc_fwd_exec_to(stftc_fwd_t* f, float* dst);
/* copy fout to dst in the configured bin order */
void stftc_fwd_export(const stftc_fwd_t* f, float* dst);

#define STFTC_RING_MAX_FRAMES 16 /* frames of the overlap-add ring, at most */

/* Inverse: bins -> hop output samples by weighted overlap-add. */
typedef struct {
    stftc_frame_geom_t g;
    float* dual; /* dual window divided by n, l */
    float* fin;  /* IFFT input, bins complex, natural order */
    float* fout; /* IFFT output, n samples */
    float* ola;  /* overlap-add accumulator, l samples */
    fftwf_plan plan;
    size_t spf;       /* floats per sample */
    fftwf_plan planb; /* batch frames at once (NULL when batch == 1) */
    size_t batch;
    size_t tfl, ffl; /* floats per frame in fout / fin */
    int fused;
    int fout_lent; /* fout belongs to someone else (stftc_inv_share_fout) */
    /* Overlap-add from a ring of the last R = l/h inverse transforms (see
     * stftc_inv_use_ring): each output hop is the sum of R windowed pieces,
     * read once, instead of an accumulator read and rewritten every frame. */
    float* ring; /* R frames of tfl floats, NULL when off */
    size_t ring_r, ring_cur;
    int ring_exp[STFTC_RING_MAX_FRAMES]; /* ring slot r holds a frame at 2^-e */
    size_t ring_scaled;                  /* slots with ring_exp != 0 */
    float bin_lim; /* istft: bins above are scaled before the inverse FFT */
} stftc_inv_t;

int stftc_inv_init(stftc_inv_t* v, const stftc_stft_config_t* cfg, stftc_error_t* err);
int stftc_inv_init_batch(stftc_inv_t* v,
                         const stftc_stft_config_t* cfg,
                         size_t batch,
                         stftc_error_t* err);
void stftc_inv_free(stftc_inv_t* v);
/* Let the inverse transform write into buf (batch * tfl floats, aligned like
 * fout) instead of its own fout, which is released: the fused cleaner hands
 * it the forward input, free once the forward transform has run, so one
 * frame-sized buffer less competes for the cache. */
void stftc_inv_share_fout(stftc_inv_t* v, float* buf);
void stftc_inv_reset(stftc_inv_t* v);
/* Load one frame given in the configured order into fin. */
void stftc_inv_import(stftc_inv_t* v, const float* bins);
/* Inverse-transform src (bins complex, natural order, aligned like fin; it
 * may be overwritten), overlap-add, write hop samples to out. */
void stftc_inv_frame(stftc_inv_t* v, float* src, float* out);
/* Inverse-transform count frames of src (ffl floats apart, aligned like fin;
 * overwritten) into fout slots 0..count-1. */
void stftc_inv_exec(stftc_inv_t* v, float* src, size_t count);
/* Switch to the ring overlap-add where it pays: fused kernels, one frame per
 * FFTW call, window_len a multiple of the hop and the ring (R frames) small
 * enough for the cache. Returns whether it did. Output is the same to float
 * rounding; reset clears the ring. */
int stftc_inv_use_ring(stftc_inv_t* v);
/* out[i] = sum_r y_r[i] d_r[i] for i < n, r < nr; y_r = ys[r], d_r = ds[r]
 * (complex y and out when cplx) */
void stftc_fused_sum(float* out,
                     const float* const* ys,
                     const float* const* ds,
                     size_t nr,
                     size_t n,
                     int cplx);
/* Overlap-add fout slot k, write hop samples to out. */
void stftc_inv_ola(stftc_inv_t* v, size_t k, float* out);
/* The same for a frame whose bins were scaled by 2^-e (e = 0: stftc_inv_ola):
 * its terms are taken times 2^e in double, and every sum it enters is
 * clamped to +-FLT_MAX (a NaN or an Inf already there stays). The ring keeps
 * each slot's e until the slot is reused. */
void stftc_inv_ola_exp(stftc_inv_t* v, size_t k, float* out, int e);

/* Frames per FFTW call that pays at fft size n (1 at large n). */
size_t stftc_batch_for(size_t n);

#endif

/* gr-stftclean C core: streaming STFT analysis and synthesis (ISTFT).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Framing. With window length L <= fft size N and hop H <= L, the input is
 * thought of as prefixed by L - H zeros (xp = [0]*(L-H) ++ x). Frame k is
 *     X_k[m] = sum_{n<L} w[n] xp[kH + n] exp(-2 pi i m n / N)
 * exactly numpy.fft.fft(w * xp[kH:kH+L], N) (rfft for real input), so frame k
 * ends at input sample (k+1)H - 1: the first frame is ready after H samples.
 * The ISTFT returns H samples per frame: the weighted overlap-add of the
 * inverse transforms with the canonical dual window. Fed the STFT output
 * unchanged, output sample t equals input sample t - latency with
 * latency = L - H (zeros for t < latency).
 */
#ifndef STFTCLEAN_STFT_H
#define STFTCLEAN_STFT_H

#include <stftclean/common.h>
#include <stftclean/window.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    size_t fft_size;            /* N >= 2, any size (FFTW handles 40000) */
    size_t hop;                 /* 1 <= hop <= window_len, NOLA must hold */
    size_t window_len;          /* 0 means fft_size; 2..fft_size otherwise */
    stftc_window_spec_t window; /* default hann */
    stftc_sample_t sample_type; /* STFTC_COMPLEX (default) or STFTC_REAL */
    int centered;               /* complex only: DC-centred bin order
                                   (numpy.fft.fftshift), default 0 */
    stftc_plan_t plan;          /* default STFTC_PLAN_ESTIMATE */
} stftc_stft_config_t;

/* Defaults: fft_size 1024, hop 256, window_len 0, hann, complex. */
stftc_stft_config_t stftc_stft_config_default(void);

/* Validate a config (fields, NOLA) without allocating; fills err. */
int stftc_stft_config_check(const stftc_stft_config_t* cfg, stftc_error_t* err);

/* Number of bins per frame: N (complex) or N/2+1 (real). */
size_t stftc_stft_config_bins(const stftc_stft_config_t* cfg);

/* ---------------- analysis ---------------- */
typedef struct stftc_stft stftc_stft_t;

stftc_stft_t* stftc_stft_create(const stftc_stft_config_t* cfg, stftc_error_t* err);
void stftc_stft_destroy(stftc_stft_t* st);
void stftc_stft_reset(stftc_stft_t* st); /* back to the zero-prefixed start */
const stftc_stft_config_t* stftc_stft_config(const stftc_stft_t* st);
size_t stftc_stft_bins(const stftc_stft_t* st);
size_t stftc_stft_latency(const stftc_stft_t* st); /* L - H */
/* Analysis window actually used (window_len floats) */
const float* stftc_stft_window(const stftc_stft_t* st);

/* Stateless framing over caller-held history: in holds
 * (nframes - 1) * hop + window_len samples (complex: interleaved pairs);
 * frame j is taken from in + j*hop. frames receives nframes * bins complex
 * values (interleaved). Does not touch the streaming state. This is what a
 * GNU Radio decimator with set_history(window_len - hop + 1) calls. */
int stftc_stft_analyze(stftc_stft_t* st, const float* in, size_t nframes, float* frames);

/* How many frames the next process() call with n_in samples will produce. */
size_t stftc_stft_frames_for(const stftc_stft_t* st, size_t n_in);

/* Streaming: consume all n_in samples (any count, any chunking), write the
 * frames completed by them to frames (room for stftc_stft_frames_for(n_in)
 * frames is the caller's duty) and return how many were written. Output is
 * identical whatever the chunking. */
size_t stftc_stft_process(stftc_stft_t* st, const float* in, size_t n_in, float* frames);

/* ---------------- synthesis ---------------- */
typedef struct stftc_istft stftc_istft_t;

stftc_istft_t* stftc_istft_create(const stftc_stft_config_t* cfg, stftc_error_t* err);
void stftc_istft_destroy(stftc_istft_t* it);
void stftc_istft_reset(stftc_istft_t* it);
const stftc_stft_config_t* stftc_istft_config(const stftc_istft_t* it);
size_t stftc_istft_bins(const stftc_istft_t* it);
size_t stftc_istft_latency(const stftc_istft_t* it);           /* L - H */
const float* stftc_istft_dual_window(const stftc_istft_t* it); /* window_len */

/* Consume nframes frames (bins complex values each, in the configured bin
 * order; for real output the imaginary parts of the DC and Nyquist bins are
 * ignored) and write nframes * hop output samples (complex: interleaved). */
int stftc_istft_process(stftc_istft_t* it,
                        const float* frames,
                        size_t nframes,
                        float* out);

#ifdef __cplusplus
}
#endif
#endif

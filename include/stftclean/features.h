/* gr-stftclean C core: per-frame spectral features and cepstra.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A features object reads one power spectrum |X|^2 per frame (complex
 * two-sided in natural or DC-centred order, or real one-sided) and writes
 * one feature vector. Definitions, with P_j the bin powers in ascending
 * frequency f_j (Hz, relative to the centre; complex: f_j = (j - floor(N/2))
 * fs/N, real: f_j = j fs/N), S = sum P_j and p_j = P_j / S:
 *
 *   energy_db      10 log10(max(S, 1e-30))
 *   centroid_hz    mu = sum f_j p_j (+ center_freq)
 *   spread_hz      sigma = sqrt(sum (f_j - mu)^2 p_j)
 *   skewness       sum (f_j - mu)^3 p_j / sigma^3  (0 when sigma = 0)
 *   kurtosis       sum (f_j - mu)^4 p_j / sigma^4  (0 when sigma = 0; not excess)
 *   flatness       exp(mean ln max(P_j, 1e-30)) / mean P_j
 *   rolloff_hz     the first f_j whose cumulative sum of p reaches rolloff %
 *   flux           sqrt(sum (p_j - p'_j)^2), p' the previous frame (0 at first)
 *   entropy        -sum p_j ln p_j / ln(number of bins), in [0, 1]
 *   peak_hz        f_j of the largest P_j (first one on ties)
 *   peak_to_avg_db 10 log10(max P_j / mean P_j)
 *   obw_hz         occupied bandwidth: (hi - lo + 1) fs/N, lo and hi the first
 *                  bins where the cumulative p reaches (1 - obw)/2 and (1 + obw)/2
 * A frame with S = 0 gives energy_db -300 and zeros elsewhere (Hz features
 * at center_freq).
 * A frame with a NaN or Inf power gives NaN features (its cepstra and the
 * deltas whose window holds it too); the frames after it are as if it had
 * not been there (flux compares with the last finite frame).
 *
 * Cepstra (optional): a bank of n_filters triangular filters with corners
 * equally spaced on the scale between fmin and fmax (librosa's construction:
 * weight of bin f in filter m = max(0, min((f - h[m]) / (h[m+1] - h[m]),
 * (h[m+2] - f) / (h[m+2] - h[m+1])))), band energies E_m = sum weights P_j,
 * c = DCT-II (orthonormal, scipy.fft.dct(norm="ortho")) of ln max(E_m, 1e-20),
 * first n_ceps kept, then optionally liftered by
 * 1 + (L/2) sin(pi (n + 1) / L), n = 0..n_ceps-1 (librosa's lifter).
 *  - MFCC (real spectra only): mel scale, HTK (2595 log10(1 + f/700), filters
 *    with peak 1) or Slaney (linear below 1 kHz, logarithmic above, filters
 *    normalised to unit area: 2 / (h[m+2] - h[m]), librosa's default).
 *  - LFCC (IQ or real): linear scale, peak-1 filters; for complex spectra
 *    the bank spans negative and positive frequencies (default -fs/2..fs/2).
 * Deltas: HTK regression d_t = sum_{k=1..W} k (c_{t+k} - c_{t-k}) / (2 sum k^2)
 * with the sequence edges replicated; delta-deltas apply it to the deltas.
 * They need W (deltas) or 2W (delta-deltas) frames of look-ahead:
 * process() then returns the features of frame t - delay, and flush()
 * drains the last ones at the end of a stream.
 *
 * Vector layout: the 12 scalar features above in that order, then n_ceps
 * cepstra, then n_ceps deltas, then n_ceps delta-deltas (as configured).
 * stftc_features_name() gives each entry's name ("energy_db", ...,
 * "mfcc0", "d_mfcc0", "dd_mfcc0", or lfcc*). */
#ifndef STFTCLEAN_FEATURES_H
#define STFTCLEAN_FEATURES_H

#include <stftclean/common.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STFTC_FEATURES_NSCALAR 12
#define STFTC_FEATURES_NAME_LEN 32

typedef enum {
    STFTC_CEPS_NONE = 0, /* scalar features only */
    STFTC_CEPS_MFCC = 1, /* mel-frequency cepstra (real spectra) */
    STFTC_CEPS_LFCC = 2  /* linear-frequency cepstra (IQ and real) */
} stftc_ceps_t;

typedef enum {
    STFTC_MEL_HTK = 0,   /* 2595 log10(1 + f/700), peak-1 filters */
    STFTC_MEL_SLANEY = 1 /* Slaney's Auditory Toolbox scale, unit-area filters */
} stftc_mel_scale_t;

typedef struct {
    size_t fft_size;            /* N >= 4; bins: N (complex) or N/2+1 (real) */
    stftc_sample_t sample_type; /* STFTC_COMPLEX (default) or STFTC_REAL */
    int centered;               /* complex only: input in DC-centred order */
    double sample_rate;         /* Hz, > 0 (default 1) */
    double center_freq;         /* Hz added to every frequency feature, within
                                   +-1e15 (default 0) */
    double rolloff;             /* 0 < rolloff < 1 (default 0.85) */
    double obw;                 /* occupied-bandwidth fraction, 0 < obw < 1 (0.99) */
    stftc_ceps_t cepstrum;      /* default none */
    stftc_mel_scale_t mel_scale;
    size_t n_filters;   /* 2..1024 filters (default 40) */
    size_t n_ceps;      /* 1..n_filters coefficients kept (default 13) */
    double fmin, fmax;  /* filterbank range in Hz relative to the centre;
                           fmin = fmax = 0 means the whole band (real 0..fs/2,
                           complex -fs/2..fs/2) */
    double lifter;      /* 0 = off, else L >= 1 */
    int deltas;         /* 0 none, 1 deltas, 2 deltas and delta-deltas */
    size_t delta_width; /* W, 1..16 (default 2) */
} stftc_features_config_t;

stftc_features_config_t stftc_features_config_default(void);

/* "none", "mfcc", "lfcc"; "htk", "slaney" (errors name the fields
 * "cepstrum" and "mel_scale"). */
int stftc_features_parse_cepstrum(const char* text,
                                  stftc_ceps_t* out,
                                  stftc_error_t* err);
int stftc_features_parse_mel_scale(const char* text,
                                   stftc_mel_scale_t* out,
                                   stftc_error_t* err);

int stftc_features_config_check(const stftc_features_config_t* cfg, stftc_error_t* err);
/* Entries in a feature vector for this config (without allocating). */
size_t stftc_features_config_count(const stftc_features_config_t* cfg);

typedef struct stftc_features stftc_features_t;

stftc_features_t* stftc_features_create(const stftc_features_config_t* cfg,
                                        stftc_error_t* err);
void stftc_features_destroy(stftc_features_t* f);
void stftc_features_reset(stftc_features_t* f);
const stftc_features_config_t* stftc_features_config(const stftc_features_t* f);
size_t stftc_features_bins(const stftc_features_t* f);  /* input floats per frame */
size_t stftc_features_count(const stftc_features_t* f); /* output floats per frame */
/* Name of entry i (NULL past the end). */
const char* stftc_features_name(const stftc_features_t* f, size_t i);
/* Frames of look-ahead from the deltas: 0, W or 2W. */
size_t stftc_features_delay(const stftc_features_t* f);
/* Filterbank weights (n_filters x bins, row-major, ascending-frequency bin
 * order) for inspection; NULL without cepstra. */
const float* stftc_features_filterbank(const stftc_features_t* f);

/* One power frame in (bins floats, >= 0); the feature vector of frame
 * t - delay out (count floats). Returns 1 when out was written, 0 while the
 * look-ahead fills. Allocation-free. */
int stftc_features_process(stftc_features_t* f, const float* power, float* out);
/* At the end of a stream: writes the next pending vector (the sequence end
 * replicated for the deltas) and returns 1, or returns 0 when none is left.
 * reset() starts a new stream. */
int stftc_features_flush(stftc_features_t* f, float* out);

#ifdef __cplusplus
}
#endif
#endif
